"""Internal audits: the yearly programme, audits with scope and team, checklists (templates
from ``audits/`` and the answered items), findings and the report; the auditors' register."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db


class AuditType(StrEnum):
    INTERNAL = "internal"
    CERTIFICATION = "certification"
    SURVEILLANCE = "surveillance"


AUDIT_TYPE_LABELS = {
    AuditType.INTERNAL: _l("Internal audit"),
    AuditType.CERTIFICATION: _l("Certification audit"),
    AuditType.SURVEILLANCE: _l("Surveillance audit"),
}


class AuditStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    IN_PROGRESS = "in_progress"
    REPORTED = "reported"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"
    CANCELLED = "cancelled"


AUDIT_STATUS_LABELS = {
    AuditStatus.PLANNED: _l("Planned"),
    AuditStatus.CONFIRMED: _l("Confirmed"),
    AuditStatus.IN_PROGRESS: _l("In progress"),
    AuditStatus.REPORTED: _l("Reported"),
    AuditStatus.FOLLOW_UP: _l("Follow-up"),
    AuditStatus.CLOSED: _l("Closed"),
    AuditStatus.CANCELLED: _l("Cancelled"),
}

AUDIT_TRANSITIONS: dict[AuditStatus, frozenset[AuditStatus]] = {
    AuditStatus.PLANNED: frozenset({AuditStatus.CONFIRMED, AuditStatus.CANCELLED}),
    AuditStatus.CONFIRMED: frozenset({AuditStatus.IN_PROGRESS, AuditStatus.PLANNED,
                                      AuditStatus.CANCELLED}),
    AuditStatus.IN_PROGRESS: frozenset({AuditStatus.REPORTED, AuditStatus.CANCELLED}),
    AuditStatus.REPORTED: frozenset({AuditStatus.FOLLOW_UP, AuditStatus.CLOSED}),
    AuditStatus.FOLLOW_UP: frozenset({AuditStatus.CLOSED}),
    AuditStatus.CLOSED: frozenset(),
    AuditStatus.CANCELLED: frozenset(),
}


class ItemResult(StrEnum):
    CONFORMS = "conforms"
    MAJOR = "major"
    MINOR = "minor"
    OBSERVATION = "observation"
    IMPROVEMENT = "improvement"
    GOOD_PRACTICE = "good_practice"
    NOT_AUDITED = "not_audited"


ITEM_RESULT_LABELS = {
    ItemResult.CONFORMS: _l("Conforms"),
    ItemResult.MAJOR: _l("Major nonconformity"),
    ItemResult.MINOR: _l("Minor nonconformity"),
    ItemResult.OBSERVATION: _l("Observation"),
    ItemResult.IMPROVEMENT: _l("Opportunity for improvement"),
    ItemResult.GOOD_PRACTICE: _l("Good practice"),
    ItemResult.NOT_AUDITED: _l("Not audited"),
}

FINDING_RESULTS = frozenset({ItemResult.MAJOR, ItemResult.MINOR, ItemResult.OBSERVATION,
                             ItemResult.IMPROVEMENT})


class AuditProgramme(db.Model):
    __tablename__ = "audit_programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    objectives: Mapped[str] = mapped_column(Text, default="")
    methods: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    # How many days before an audit its plan must be sent, and after it the report is due.
    plan_notice_days: Mapped[int] = mapped_column(default=14)
    report_due_days: Mapped[int] = mapped_column(default=14)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    audits: Mapped[list[Audit]] = relationship(back_populates="programme",
                                               order_by="Audit.planned_start")
    process_risks: Mapped[list[ProcessRisk]] = relationship(cascade="all, delete-orphan",
                                                            order_by="ProcessRisk.id")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return str(self.year)


class ProcessRisk(db.Model):
    """Risk-based frequency of auditing one process in one programme (ISO 19011 5.3)."""

    __tablename__ = "process_risk"
    __table_args__ = (UniqueConstraint("programme_id", "process_id",
                                       name="uq_process_risk_programme_process"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("audit_programme.id", ondelete="CASCADE"), index=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id"))
    importance: Mapped[int] = mapped_column(default=2)  # 1 low .. 3 high
    changes: Mapped[int] = mapped_column(default=1)  # 1 none .. 3 major changes
    earlier_results: Mapped[int] = mapped_column(default=1)  # 1 good .. 3 many findings
    rationale: Mapped[str] = mapped_column(String(1000), default="")

    process = relationship("Process")

    @property
    def score(self) -> int:
        return self.importance + self.changes + self.earlier_results

    @property
    def audits_per_year(self) -> int:
        """3–4: once every other year; 5–7: once a year; 8–9: twice a year."""
        return 0 if self.score <= 4 else 1 if self.score <= 7 else 2


audit_process = Table(
    "audit_process", db.metadata,
    Column("audit_id", ForeignKey("audit.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", ForeignKey("process.id"), primary_key=True, index=True),
)
audit_unit = Table(
    "audit_unit", db.metadata,
    Column("audit_id", ForeignKey("audit.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id"), primary_key=True, index=True),
)
audit_document = Table(
    "audit_document", db.metadata,
    Column("audit_id", ForeignKey("audit.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ForeignKey("document.id"), primary_key=True),
)


class AuditMember(db.Model):
    """Lead auditor, auditors and auditees of an audit."""

    __tablename__ = "audit_member"
    __table_args__ = (UniqueConstraint("audit_id", "user_id", "role",
                                       name="uq_audit_member_audit_user_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id", ondelete="CASCADE"),
                                          index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # lead | auditor | auditee
    # Written reason when the quality manager allowed a non-impartial auditor.
    override_reason: Mapped[str] = mapped_column(String(1000), default="")

    user = relationship("User")


class Audit(db.Model):
    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_status_start", "status", "planned_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("audit_programme.id"),
                                                     index=True)
    type: Mapped[str] = mapped_column(String(20), default=AuditType.INTERNAL)
    title: Mapped[str] = mapped_column(String(300))
    objectives: Mapped[str] = mapped_column(Text, default="")
    criteria: Mapped[str] = mapped_column(Text, default="")
    iso_clauses: Mapped[list] = mapped_column(JSON, default=list)
    planned_month: Mapped[int | None]
    planned_start: Mapped[dt.date | None] = mapped_column(Date)
    planned_end: Mapped[dt.date | None] = mapped_column(Date)
    actual_start: Mapped[dt.date | None] = mapped_column(Date)
    actual_end: Mapped[dt.date | None] = mapped_column(Date)
    agenda: Mapped[str] = mapped_column(Text, default="")
    plan_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20), default=AuditStatus.PLANNED)
    # Report (immutable once issued).
    summary: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    report_issued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    report_sha256: Mapped[str] = mapped_column(String(64), default="")
    distribution: Mapped[list] = mapped_column(JSON, default=list)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("audit.id"))
    cancel_reason: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    programme: Mapped[AuditProgramme | None] = relationship(back_populates="audits")
    processes = relationship("Process", secondary=audit_process, order_by="Process.code")
    units = relationship("Unit", secondary=audit_unit, order_by="Unit.code")
    documents = relationship("Document", secondary=audit_document, order_by="Document.code")
    members: Mapped[list[AuditMember]] = relationship(cascade="all, delete-orphan",
                                                      order_by="AuditMember.id")
    items: Mapped[list[AuditItem]] = relationship(back_populates="audit",
                                                  cascade="all, delete-orphan",
                                                  order_by="AuditItem.position")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def status_label(self):
        return AUDIT_STATUS_LABELS.get(self.status, self.status)

    @property
    def type_label(self):
        return AUDIT_TYPE_LABELS.get(self.type, self.type)

    def people(self, role: str) -> list:
        return [m.user for m in self.members if m.role == role]

    @property
    def lead(self):
        leads = self.people("lead")
        return leads[0] if leads else None

    @property
    def findings(self) -> list[AuditItem]:
        return [i for i in self.items if i.result in FINDING_RESULTS]


# The calendar finds the audits still running on or after a day by their last day
# (qms/inspections/calendar.py ``_spans``): the expression must match the query's.
Index("ix_audit_calendar_end", func.coalesce(Audit.planned_end, Audit.planned_start),
      Audit.planned_start)


class AuditItem(db.Model):
    """One checklist question of an audit, with its result and evidence."""

    __tablename__ = "audit_item"
    # Findings per audit and result (management review): counted from the index alone.
    __table_args__ = (Index("ix_audit_item_audit_result", "audit_id", "result"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id", ondelete="CASCADE"),
                                          index=True)
    position: Mapped[int]
    section: Mapped[str] = mapped_column(String(200), default="")
    clause: Mapped[str] = mapped_column(String(40), default="")
    question: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(String(20), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    # The nonconformity or improvement action a finding raised.
    nonconformity_id: Mapped[int | None] = mapped_column(ForeignKey("nonconformity.id"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id"))
    auditee_response: Mapped[str] = mapped_column(String(2000), default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    audit: Mapped[Audit] = relationship(back_populates="items")
    nonconformity = relationship("Nonconformity")
    action = relationship("Action")

    __mapper_args__ = {"version_id_col": row_version}

    @property
    def result_label(self):
        return ITEM_RESULT_LABELS.get(self.result, "")


class ChecklistTemplate(db.Model):
    """A checklist from ``audits/*.md`` (front matter + one question per item)."""

    __tablename__ = "checklist_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # the file name without .md
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(5), default="lv")
    clauses: Mapped[list] = mapped_column(JSON, default=list)
    process_codes: Mapped[list] = mapped_column(JSON, default=list)
    content_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    questions: Mapped[list[TemplateQuestion]] = relationship(
        cascade="all, delete-orphan", order_by="TemplateQuestion.position")

    def __str__(self) -> str:
        return self.title


class TemplateQuestion(db.Model):
    __tablename__ = "template_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_template.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    section: Mapped[str] = mapped_column(String(200), default="")
    clause: Mapped[str] = mapped_column(String(40), default="")
    question: Mapped[str] = mapped_column(Text)


class AuditorProfile(db.Model):
    """The auditors' register: qualification and training of a person who audits."""

    __tablename__ = "auditor_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    qualification: Mapped[str] = mapped_column(String(500), default="")
    training: Mapped[str] = mapped_column(Text, default="")
    qualified_on: Mapped[dt.date | None] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(default=True)
    row_version: Mapped[int] = mapped_column(default=1)

    user = relationship("User")

    __mapper_args__ = {"version_id_col": row_version}
