"""The register of external inspections and their prescriptions."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db


class Authority(db.Model):
    """A supervisory body (editable list)."""

    __tablename__ = "authority"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    def __str__(self) -> str:
        return self.short_name or self.name


class InspectionResult(StrEnum):
    NO_REMARKS = "no_remarks"
    RECOMMENDATIONS = "recommendations"
    PRESCRIPTIONS = "prescriptions"
    PENDING = "pending"


INSPECTION_RESULT_LABELS = {
    InspectionResult.PENDING: _l("Awaiting the report"),
    InspectionResult.NO_REMARKS: _l("No remarks"),
    InspectionResult.RECOMMENDATIONS: _l("Recommendations"),
    InspectionResult.PRESCRIPTIONS: _l("Prescriptions"),
}


class Inspection(db.Model):
    __tablename__ = "inspection"
    __table_args__ = (Index("ix_inspection_year_authority", "year", "authority_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"))
    legal_basis: Mapped[str] = mapped_column(String(500), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    service: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300))
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    inspectors: Mapped[str] = mapped_column(String(500), default="")
    report_reference: Mapped[str] = mapped_column(String(100), default="")
    result: Mapped[str] = mapped_column(String(20), default=InspectionResult.PENDING)
    notes: Mapped[str] = mapped_column(Text, default="")
    follow_up_of_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    authority: Mapped[Authority] = relationship()
    unit = relationship("Unit")
    follow_up_of = relationship("Inspection", remote_side=[id])
    prescriptions: Mapped[list[Prescription]] = relationship(
        back_populates="inspection", order_by="Prescription.id")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def result_label(self):
        return INSPECTION_RESULT_LABELS.get(self.result, self.result)


# The calendar finds the inspections still running on or after a day by their last day
# (qms/inspections/calendar.py ``_spans``): the expression must match the query's.
Index("ix_inspection_calendar_end", func.coalesce(Inspection.ended_on, Inspection.started_on),
      Inspection.started_on)


class PrescriptionKind(StrEnum):
    PRESCRIPTION = "prescription"
    RECOMMENDATION = "recommendation"


PRESCRIPTION_KIND_LABELS = {
    PrescriptionKind.PRESCRIPTION: _l("Prescription"),
    PrescriptionKind.RECOMMENDATION: _l("Recommendation"),
}


class PrescriptionStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


PRESCRIPTION_STATUS_LABELS = {
    PrescriptionStatus.OPEN: _l("Open"),
    PrescriptionStatus.ANSWERED: _l("Answered"),
    PrescriptionStatus.CLOSED: _l("Closed"),
}


class Prescription(db.Model):
    __tablename__ = "prescription"
    __table_args__ = (Index("ix_prescription_status_deadline", "status", "deadline_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=PrescriptionKind.PRESCRIPTION)
    text: Mapped[str] = mapped_column(Text)
    legal_reference: Mapped[str] = mapped_column(String(300), default="")
    deadline_on: Mapped[dt.date | None] = mapped_column(Date)
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    response: Mapped[str] = mapped_column(Text, default="")
    responded_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=PrescriptionStatus.OPEN)
    nonconformity_id: Mapped[int | None] = mapped_column(ForeignKey("nonconformity.id"))
    row_version: Mapped[int] = mapped_column(default=1)

    inspection: Mapped[Inspection] = relationship(back_populates="prescriptions")
    responsible = relationship("User")
    nonconformity = relationship("Nonconformity")

    __mapper_args__ = {"version_id_col": row_version}

    @property
    def kind_label(self):
        return PRESCRIPTION_KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self):
        return PRESCRIPTION_STATUS_LABELS.get(self.status, self.status)


class CalendarToken(db.Model):
    """The secret of a person's iCalendar feed; revoking deletes it."""

    __tablename__ = "calendar_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         unique=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
