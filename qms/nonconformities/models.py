"""Nonconformities, their correction, root-cause analysis and effectiveness check; actions
(correction, corrective, preventive, improvement — also standing alone); complaints."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db

Money = Numeric(12, 2)


class Source(StrEnum):
    AUDIT_FINDING = "audit_finding"
    INSPECTION = "inspection"
    COMPLAINT = "complaint"
    STAFF_REPORT = "staff_report"
    INDICATOR = "indicator"
    MANAGEMENT_REVIEW = "management_review"
    RISK_EVENT = "risk_event"
    OTHER = "other"


SOURCE_LABELS = {
    Source.AUDIT_FINDING: _l("Internal audit finding"),
    Source.INSPECTION: _l("External inspection prescription"),
    Source.COMPLAINT: _l("Client complaint"),
    Source.STAFF_REPORT: _l("Staff report"),
    Source.INDICATOR: _l("Process indicator breach"),
    Source.MANAGEMENT_REVIEW: _l("Management review"),
    Source.RISK_EVENT: _l("Risk event"),
    Source.OTHER: _l("Other"),
}


class Severity(StrEnum):
    MAJOR = "major"
    MINOR = "minor"
    OBSERVATION = "observation"


SEVERITY_LABELS = {
    Severity.MAJOR: _l("Major nonconformity"),
    Severity.MINOR: _l("Minor nonconformity"),
    Severity.OBSERVATION: _l("Observation"),
}

# Days allowed for the corrective actions, by severity (a sensible default due date).
DUE_DAYS = {Severity.MAJOR: 30, Severity.MINOR: 90, Severity.OBSERVATION: 180}


class NcStatus(StrEnum):
    NEW = "new"
    TRIAGE = "triage"
    CORRECTION = "correction"
    ROOT_CAUSE = "root_cause"
    ACTION_PLAN = "action_plan"
    IMPLEMENTATION = "implementation"
    EFFECTIVENESS = "effectiveness"
    CLOSED = "closed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


NC_STATUS_LABELS = {
    NcStatus.NEW: _l("New"),
    NcStatus.TRIAGE: _l("Triage"),
    NcStatus.CORRECTION: _l("Correction"),
    NcStatus.ROOT_CAUSE: _l("Root-cause analysis"),
    NcStatus.ACTION_PLAN: _l("Action plan"),
    NcStatus.IMPLEMENTATION: _l("Implementation"),
    NcStatus.EFFECTIVENESS: _l("Effectiveness check"),
    NcStatus.CLOSED: _l("Closed"),
    NcStatus.REJECTED: _l("Rejected"),
    NcStatus.CANCELLED: _l("Cancelled"),
}

TERMINAL = frozenset({NcStatus.CLOSED, NcStatus.REJECTED, NcStatus.CANCELLED})
_STOP = frozenset({NcStatus.REJECTED, NcStatus.CANCELLED})

# The allowed steps; guards are in the services.
NC_TRANSITIONS: dict[NcStatus, frozenset[NcStatus]] = {
    NcStatus.NEW: frozenset({NcStatus.TRIAGE}) | _STOP,
    NcStatus.TRIAGE: frozenset({NcStatus.CORRECTION}) | _STOP,
    # After the correction: root-cause analysis, or closed when no corrective action is
    # needed (the decision and its rationale are recorded).
    NcStatus.CORRECTION: frozenset({NcStatus.ROOT_CAUSE, NcStatus.CLOSED, NcStatus.CANCELLED}),
    NcStatus.ROOT_CAUSE: frozenset({NcStatus.ACTION_PLAN, NcStatus.CANCELLED}),
    NcStatus.ACTION_PLAN: frozenset({NcStatus.IMPLEMENTATION, NcStatus.ROOT_CAUSE,
                                     NcStatus.CANCELLED}),
    NcStatus.IMPLEMENTATION: frozenset({NcStatus.EFFECTIVENESS, NcStatus.CANCELLED}),
    # "Not effective" reopens the root-cause analysis.
    NcStatus.EFFECTIVENESS: frozenset({NcStatus.CLOSED, NcStatus.ROOT_CAUSE,
                                       NcStatus.CANCELLED}),
    NcStatus.CLOSED: frozenset(),
    NcStatus.REJECTED: frozenset(),
    NcStatus.CANCELLED: frozenset(),
}


class RootCauseCategory(StrEnum):
    """Ishikawa categories for a social service."""

    PEOPLE = "people"
    METHODS = "methods"
    PREMISES = "premises"
    EQUIPMENT = "equipment"
    CLIENTS = "clients"
    MANAGEMENT = "management"
    EXTERNAL = "external"


ROOT_CAUSE_LABELS = {
    RootCauseCategory.PEOPLE: lazy_pgettext("cause", "People"),
    RootCauseCategory.METHODS: _l("Methods and procedures"),
    RootCauseCategory.PREMISES: _l("Premises and environment"),
    RootCauseCategory.EQUIPMENT: _l("Equipment and resources"),
    RootCauseCategory.CLIENTS: _l("Clients"),
    RootCauseCategory.MANAGEMENT: _l("Management and communication"),
    RootCauseCategory.EXTERNAL: _l("External and regulatory"),
}


class Verdict(StrEnum):
    EFFECTIVE = "effective"
    PARTLY = "partly"
    NOT_EFFECTIVE = "not_effective"


VERDICT_LABELS = {
    Verdict.EFFECTIVE: lazy_pgettext("verdict", "Effective"),
    Verdict.PARTLY: _l("Partly effective"),
    Verdict.NOT_EFFECTIVE: _l("Not effective"),
}


class ActionKind(StrEnum):
    CORRECTION = "correction"
    CORRECTIVE = "corrective"
    PREVENTIVE = "preventive"
    IMPROVEMENT = "improvement"


ACTION_KIND_LABELS = {
    ActionKind.CORRECTION: _l("Correction"),
    ActionKind.CORRECTIVE: _l("Corrective action"),
    ActionKind.PREVENTIVE: _l("Preventive action"),
    ActionKind.IMPROVEMENT: _l("Improvement"),
}


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


ACTION_STATUS_LABELS = {
    ActionStatus.PLANNED: _l("Planned"),
    ActionStatus.IN_PROGRESS: lazy_pgettext("action", "In progress"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.CANCELLED: _l("Cancelled"),
}


class Nonconformity(db.Model):
    __tablename__ = "nonconformity"
    __table_args__ = (
        UniqueConstraint("year", "sequence", name="uq_nonconformity_year_sequence"),
        # The register is newest first (year, sequence descending): filtered by status, by
        # severity, or both, a page is read from one of these in order (an IN list of open
        # statuses: the first rows of each); the counts read the index alone.
        Index("ix_nonconformity_status_number", "status", "year", "sequence"),
        Index("ix_nonconformity_severity_number", "severity", "year", "sequence"),
        Index("ix_nonconformity_severity_status", "severity", "status", "year", "sequence"),
        # Closed per year (management review).
        Index("ix_nonconformity_status_closed_at", "status", "closed_at"),
        # Per year by severity, by process, open or not (statistics, management review):
        # counted from the index alone.
        Index("ix_nonconformity_year_severity_process", "year", "severity", "process_id",
              "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(30), index=True)
    # The record it came from (an audit finding, a prescription, a complaint ...).
    source_type: Mapped[str] = mapped_column(String(40), default="")
    source_id: Mapped[int | None]
    source_reference: Mapped[str] = mapped_column(String(300), default="")
    reported_on: Mapped[dt.date] = mapped_column(Date)
    reported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("process.id"), index=True)
    requirement_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    requirement_clause: Mapped[str] = mapped_column(String(60), default="")
    requirement_legal: Mapped[str] = mapped_column(String(300), default="")
    severity: Mapped[str] = mapped_column(String(20), default=Severity.MINOR)
    case_file_reference: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[str] = mapped_column(String(20), default=NcStatus.NEW)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    budget_planned: Mapped[Decimal | None] = mapped_column(Money)
    triaged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    triaged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Correction and consequences (what was done at once), separate from corrective action.
    correction: Mapped[str] = mapped_column(Text, default="")
    consequences: Mapped[str] = mapped_column(Text, default="")
    correction_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    correction_on: Mapped[dt.date | None] = mapped_column(Date)
    correction_result: Mapped[str] = mapped_column(String(1000), default="")
    corrective_action_needed: Mapped[bool | None]
    corrective_action_rationale: Mapped[str] = mapped_column(String(2000), default="")
    # Root-cause analysis.
    analysis_method: Mapped[str] = mapped_column(String(20), default="")
    root_cause: Mapped[str] = mapped_column(Text, default="")
    root_cause_category: Mapped[str] = mapped_column(String(20), default="", index=True)
    extent: Mapped[str] = mapped_column(Text, default="")
    # Effectiveness check, planned with the action plan.
    effectiveness_criteria: Mapped[str] = mapped_column(String(2000), default="")
    effectiveness_due_on: Mapped[dt.date | None] = mapped_column(Date)
    verifier_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    verdict: Mapped[str] = mapped_column(String(20), default="")
    verdict_notes: Mapped[str] = mapped_column(String(2000), default="")
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    times_not_effective: Mapped[int] = mapped_column(default=0)
    # Closing questions (10.2.1 e, f).
    risks_need_update: Mapped[bool | None]
    qms_needs_change: Mapped[bool | None]
    change_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    closing_notes: Mapped[str] = mapped_column(String(2000), default="")
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    rejection_reason: Mapped[str] = mapped_column(String(2000), default="")
    row_version: Mapped[int] = mapped_column(default=1)

    reporter = relationship("User", foreign_keys=[reporter_id])
    owner = relationship("User", foreign_keys=[owner_id])
    verifier = relationship("User", foreign_keys=[verifier_id])
    correction_by = relationship("User", foreign_keys=[correction_by_id])
    unit = relationship("Unit")
    process = relationship("Process")
    requirement_document = relationship("Document", foreign_keys=[requirement_document_id])
    change_document = relationship("Document", foreign_keys=[change_document_id])
    actions: Mapped[list[Action]] = relationship(back_populates="nonconformity",
                                                 order_by="Action.id")
    whys: Mapped[list[WhyStep]] = relationship(cascade="all, delete-orphan",
                                               order_by="WhyStep.position")
    causes: Mapped[list[IshikawaCause]] = relationship(cascade="all, delete-orphan",
                                                       order_by="IshikawaCause.id")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def status_label(self):
        return NC_STATUS_LABELS.get(self.status, self.status)

    @property
    def severity_label(self):
        return SEVERITY_LABELS.get(self.severity, self.severity)

    @property
    def source_label(self):
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL

    @property
    def verdict_label(self):
        return VERDICT_LABELS.get(self.verdict, self.verdict)

    @property
    def cost_actual(self) -> Decimal:
        return sum((a.cost_actual or Decimal(0) for a in self.actions), Decimal(0))


class WhyStep(db.Model):
    """One link of a 5 Whys chain."""

    __tablename__ = "why_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    nonconformity_id: Mapped[int] = mapped_column(
        ForeignKey("nonconformity.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    answer: Mapped[str] = mapped_column(String(1000))


class IshikawaCause(db.Model):
    __tablename__ = "ishikawa_cause"

    id: Mapped[int] = mapped_column(primary_key=True)
    nonconformity_id: Mapped[int] = mapped_column(
        ForeignKey("nonconformity.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    cause: Mapped[str] = mapped_column(String(1000))


class Action(db.Model):
    """A correction, corrective, preventive or improvement action; with or without a
    nonconformity (the improvement register, management-review outputs, audits)."""

    __tablename__ = "action"
    __table_args__ = (
        Index("ix_action_status_due", "status", "due_on"),
        # The actions of a risk, an audit finding ... (stand-alone actions by their source).
        Index("ix_action_source", "source_type", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nonconformity_id: Mapped[int | None] = mapped_column(ForeignKey("nonconformity.id"),
                                                         index=True)
    kind: Mapped[str] = mapped_column(String(20), default=ActionKind.CORRECTIVE)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("process.id"), index=True)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    budget_planned: Mapped[Decimal | None] = mapped_column(Money)
    cost_actual: Mapped[Decimal | None] = mapped_column(Money)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.PLANNED)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")
    # Where a stand-alone action came from ("management_review", "audit", "suggestion" ...).
    source_type: Mapped[str] = mapped_column(String(40), default="")
    source_id: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    nonconformity: Mapped[Nonconformity | None] = relationship(back_populates="actions")
    owner = relationship("User", foreign_keys=[owner_id])
    unit = relationship("Unit")
    process = relationship("Process")
    notes: Mapped[list[ActionNote]] = relationship(order_by="ActionNote.id")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self):
        return ACTION_KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self):
        return ACTION_STATUS_LABELS.get(self.status, self.status)

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class ActionNote(db.Model):
    __tablename__ = "action_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    text: Mapped[str] = mapped_column(Text)

    author = relationship("User")


class FeedbackKind(StrEnum):
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    COMPLIMENT = "compliment"


FEEDBACK_KIND_LABELS = {
    FeedbackKind.COMPLAINT: _l("Complaint"),
    FeedbackKind.SUGGESTION: _l("Suggestion"),
    FeedbackKind.COMPLIMENT: _l("Compliment"),
}


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    WEBSITE = "website"
    BOX = "box"


CHANNEL_LABELS = {
    Channel.IN_PERSON: _l("In person"),
    Channel.PHONE: _l("Phone"),
    Channel.EMAIL: _l("E-mail"),
    Channel.LETTER: _l("Letter"),
    Channel.WEBSITE: _l("Website"),
    Channel.BOX: _l("Suggestion box"),
}


class Feedback(db.Model):
    """Client complaints, suggestions and compliments."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("year", "sequence", name="uq_feedback_year_sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int] = mapped_column(index=True)
    sequence: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20), default=FeedbackKind.COMPLAINT)
    channel: Mapped[str] = mapped_column(String(20), default=Channel.LETTER)
    received_on: Mapped[dt.date] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    service: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(String(100), default="", index=True)
    case_file_reference: Mapped[str] = mapped_column(String(60), default="")
    summary: Mapped[str] = mapped_column(Text)
    response_due_on: Mapped[dt.date | None] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    justified: Mapped[bool | None]
    nonconformity_id: Mapped[int | None] = mapped_column(ForeignKey("nonconformity.id"))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    unit = relationship("Unit")
    nonconformity = relationship("Nonconformity")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.number} {self.summary[:60]}"

    @property
    def kind_label(self):
        return FEEDBACK_KIND_LABELS.get(self.kind, self.kind)

    @property
    def channel_label(self):
        return CHANNEL_LABELS.get(self.channel, self.channel)
