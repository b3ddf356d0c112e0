"""Context (internal and external issues), interested parties, risks and opportunities
(ISO 9001:2015 4.1, 4.2 and 6.1)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db

# --- context issues (4.1) -------------------------------------------------------------------


class IssueKind(StrEnum):
    EXTERNAL = "external"
    INTERNAL = "internal"


ISSUE_KIND_LABELS = {IssueKind.EXTERNAL: _l("External"), IssueKind.INTERNAL: _l("Internal")}

# PESTLE for external issues, organisational for internal ones.
EXTERNAL_CATEGORIES = {
    "political": _l("Political"), "economic": _l("Economic"), "social": _l("Social"),
    "technological": _l("Technological"), "legal": _l("Legal"),
    "environmental": _l("Environmental"),
}
INTERNAL_CATEGORIES = {
    "organisational": _l("Organisational"), "people": _l("People and competence"),
    "infrastructure": _l("Infrastructure"), "knowledge": _l("Knowledge and information"),
    "finance": _l("Finance"),
}
CATEGORY_LABELS = {**EXTERNAL_CATEGORIES, **INTERNAL_CATEGORIES}


class IssueStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


ISSUE_STATUS_LABELS = {IssueStatus.ACTIVE: _l("Active"), IssueStatus.CLOSED: _l("Closed")}

context_issue_process = Table(
    "context_issue_process", db.metadata,
    Column("issue_id", ForeignKey("context_issue.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", ForeignKey("process.id", ondelete="CASCADE"), primary_key=True),
)
interested_party_process = Table(
    "interested_party_process", db.metadata,
    Column("party_id", ForeignKey("interested_party.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", ForeignKey("process.id", ondelete="CASCADE"), primary_key=True),
)


class _ProcessLinks:
    """``process_ids`` as a plain attribute, so the audit trail records the links."""

    processes: list

    @property
    def process_ids(self) -> list[int]:
        return sorted(p.id for p in self.processes)

    @process_ids.setter
    def process_ids(self, ids) -> None:
        from qms.processes.models import Process

        wanted = sorted(set(ids or []))
        if wanted == self.process_ids:
            return
        self.processes = list(db.session.scalars(db.select(Process).where(
            Process.id.in_(wanted)).order_by(Process.code))) if wanted else []


class ContextIssue(_ProcessLinks, db.Model):
    __tablename__ = "context_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=IssueKind.EXTERNAL)
    category: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    effect: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=IssueStatus.ACTIVE, index=True)
    review_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    processes = relationship("Process", secondary=context_issue_process, order_by="Process.code")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self):
        return ISSUE_KIND_LABELS.get(self.kind, self.kind)

    @property
    def category_label(self):
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def status_label(self):
        return ISSUE_STATUS_LABELS.get(self.status, self.status)


# --- interested parties (4.2) ---------------------------------------------------------------

PARTY_KIND_LABELS = {
    "clients": _l("Clients and their relatives"), "staff": _l("Staff"),
    "council": _l("Municipality council"), "state": _l("State institutions"),
    "ngo": _l("Non-governmental organisations"), "providers": _l("Providers and partners"),
    "funders": _l("Funders"), "community": _l("Local community"), "other": _l("Other"),
}


class InterestedParty(_ProcessLinks, db.Model):
    __tablename__ = "interested_party"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    needs: Mapped[str] = mapped_column(Text, default="")
    monitoring: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=IssueStatus.ACTIVE)
    review_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    processes = relationship("Process", secondary=interested_party_process,
                             order_by="Process.code")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self):
        return PARTY_KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self):
        return ISSUE_STATUS_LABELS.get(self.status, self.status)


# --- the scoring method ---------------------------------------------------------------------

LEVELS = ("low", "medium", "high", "critical")
DEFAULT_LEVEL_LABELS = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High"),
                        "critical": _l("Critical")}
# Months to the next review by level.
REVIEW_MONTHS = {"critical": 3, "high": 6, "medium": 12, "low": 12}


class RiskSettings(db.Model):
    """The scale and the level thresholds (one row). A score up to ``low_max`` is low, up to
    ``medium_max`` medium, up to ``high_max`` high, above it critical."""

    __tablename__ = "risk_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    scale: Mapped[int] = mapped_column(default=5)
    low_max: Mapped[int] = mapped_column(default=4)
    medium_max: Mapped[int] = mapped_column(default=9)
    high_max: Mapped[int] = mapped_column(default=15)
    label_low: Mapped[str] = mapped_column(String(40), default="")
    label_medium: Mapped[str] = mapped_column(String(40), default="")
    label_high: Mapped[str] = mapped_column(String(40), default="")
    label_critical: Mapped[str] = mapped_column(String(40), default="")
    row_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return "risk scoring"

    def level(self, score: int | None) -> str | None:
        if not score:
            return None
        if score <= self.low_max:
            return "low"
        if score <= self.medium_max:
            return "medium"
        if score <= self.high_max:
            return "high"
        return "critical"

    def bounds(self, level: str) -> tuple[int, int]:
        """The lowest and highest score of ``level``."""
        edges = {"low": (1, self.low_max), "medium": (self.low_max + 1, self.medium_max),
                 "high": (self.medium_max + 1, self.high_max),
                 "critical": (self.high_max + 1, self.scale * self.scale)}
        return edges[level]

    def label(self, level: str | None):
        if level is None:
            return "—"
        return getattr(self, f"label_{level}", "") or DEFAULT_LEVEL_LABELS[level]

    @property
    def labels(self) -> dict:
        return {level: self.label(level) for level in LEVELS}


# --- risks and opportunities (6.1) ----------------------------------------------------------


class RiskKind(StrEnum):
    RISK = "risk"
    OPPORTUNITY = "opportunity"


RISK_KIND_LABELS = {RiskKind.RISK: _l("Risk"), RiskKind.OPPORTUNITY: _l("Opportunity")}


class Treatment(StrEnum):
    ACCEPT = "accept"
    REDUCE = "reduce"
    AVOID = "avoid"
    SHARE = "share"
    EXPLOIT = "exploit"


TREATMENT_LABELS = {
    Treatment.ACCEPT: _l("Accept (informed decision)"), Treatment.REDUCE: _l("Reduce"),
    Treatment.AVOID: _l("Avoid"), Treatment.SHARE: _l("Share"),
    Treatment.EXPLOIT: _l("Exploit (opportunity)"),
}


class RiskStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


RISK_STATUS_LABELS = {RiskStatus.OPEN: _l("Open"), RiskStatus.CLOSED: _l("Closed")}


class Risk(db.Model):
    __tablename__ = "risk"
    __table_args__ = (Index("ix_risk_status_review", "status", "review_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20), default=RiskKind.RISK, index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    source_issue_id: Mapped[int | None] = mapped_column(ForeignKey("context_issue.id"),
                                                        index=True)
    source_party_id: Mapped[int | None] = mapped_column(ForeignKey("interested_party.id"),
                                                        index=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("process.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    likelihood: Mapped[int]
    impact: Mapped[int]
    score: Mapped[int] = mapped_column(index=True)
    treatment: Mapped[str] = mapped_column(String(20), default="")
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    justification: Mapped[str] = mapped_column(Text, default="")
    residual_likelihood: Mapped[int | None]
    residual_impact: Mapped[int | None]
    residual_score: Mapped[int | None]
    review_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=RiskStatus.OPEN)
    evaluated_on: Mapped[dt.date | None] = mapped_column(Date)
    effective: Mapped[bool | None]
    evaluation_comment: Mapped[str] = mapped_column(Text, default="")
    evaluator_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    source_issue = relationship("ContextIssue")
    source_party = relationship("InterestedParty")
    process = relationship("Process")
    owner = relationship("User", foreign_keys=[owner_id])
    approver = relationship("User", foreign_keys=[approver_id])
    evaluator = relationship("User", foreign_keys=[evaluator_id])

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def kind_label(self):
        return RISK_KIND_LABELS.get(self.kind, self.kind)

    @property
    def treatment_label(self):
        return TREATMENT_LABELS.get(self.treatment, self.treatment) if self.treatment else "—"

    @property
    def status_label(self):
        return RISK_STATUS_LABELS.get(self.status, self.status)
