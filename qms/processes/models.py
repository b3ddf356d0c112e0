"""The process register (core, management and support processes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db


class ProcessKind(StrEnum):
    MANAGEMENT = "management"
    CORE = "core"
    SUPPORT = "support"


PROCESS_KIND_LABELS = {
    ProcessKind.MANAGEMENT: _l("Management process"),
    ProcessKind.CORE: _l("Core process"),
    ProcessKind.SUPPORT: _l("Support process"),
}


process_unit = Table(
    "process_unit", db.metadata,
    Column("process_id", ForeignKey("process.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id"), primary_key=True, index=True),
)


class Process(db.Model):
    __tablename__ = "process"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=ProcessKind.CORE)
    owner_position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    purpose: Mapped[str] = mapped_column(Text, default="")
    # One input / output per line: the process map draws an arrow where a line of one
    # process's outputs equals a line of another's inputs (see qms.processes.processmap).
    inputs: Mapped[str] = mapped_column(Text, default="")
    outputs: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    iso_clauses: Mapped[list] = mapped_column(JSON, default=list)
    row_version: Mapped[int] = mapped_column(default=1)

    owner_position = relationship("Position")
    units = relationship("Unit", secondary=process_unit, order_by="Unit.code")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def kind_label(self):
        return PROCESS_KIND_LABELS.get(self.kind, self.kind)


class Direction(StrEnum):
    HIGHER = "higher"  # higher values are better: the target is a minimum
    LOWER = "lower"  # lower values are better: the target is a maximum


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


DIRECTION_LABELS = {
    Direction.HIGHER: _l("Higher is better (the target is a minimum)"),
    Direction.LOWER: _l("Lower is better (the target is a maximum)"),
}
FREQUENCY_LABELS = {
    Frequency.MONTHLY: _l("Monthly"),
    Frequency.QUARTERLY: _l("Quarterly"),
    Frequency.YEARLY: _l("Yearly"),
}


class Indicator(db.Model):
    """A process indicator: what is measured, how often, and the target."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id"), index=True)
    # Short code for CSV imports (e.g. "PP-01.1"); unique where given.
    code: Mapped[str] = mapped_column(String(20), default="", index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_of_measure: Mapped[str] = mapped_column(String(40), default="")
    direction: Mapped[str] = mapped_column(String(10), default=Direction.HIGHER)
    target: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    frequency: Mapped[str] = mapped_column(String(10), default=Frequency.YEARLY)
    data_source: Mapped[str] = mapped_column(String(300), default="")
    owner_position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    row_version: Mapped[int] = mapped_column(default=1)

    process = relationship("Process")
    owner_position = relationship("Position")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name

    @property
    def direction_label(self):
        return DIRECTION_LABELS.get(self.direction, self.direction)

    @property
    def frequency_label(self):
        return FREQUENCY_LABELS.get(self.frequency, self.frequency)

    def is_breach(self, value: Decimal | None) -> bool:
        """A value on the wrong side of the target."""
        if value is None or self.target is None:
            return False
        if self.direction == Direction.LOWER:
            return value > self.target
        return value < self.target


class IndicatorValue(db.Model):
    """One period's value of an indicator; ``period_start`` is the first day of the month,
    quarter or year."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "period_start",
                                       name="uq_indicator_value_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"),
                                              index=True)
    period_start: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    note: Mapped[str] = mapped_column(String(500), default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # The nonconformity raised from a breached value (once).
    nonconformity_id: Mapped[int | None] = mapped_column(ForeignKey("nonconformity.id"))
    row_version: Mapped[int] = mapped_column(default=1)

    indicator: Mapped[Indicator] = relationship()
    nonconformity = relationship("Nonconformity")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start:%d.%m.%Y}"

    @property
    def is_breach(self) -> bool:
        return self.indicator.is_breach(self.value)


class ReportStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


REPORT_STATUS_LABELS = {
    ReportStatus.DRAFT: _l("Draft"),
    ReportStatus.APPROVED: _l("Approved"),
}


class ProcessReport(db.Model):
    """The process performance report (procesa izpildes ziņojums) of one process and year.
    Once approved, ``content`` holds exactly what was approved and ``content_sha256`` its
    hash; nothing changes it afterwards."""

    __tablename__ = "process_report"
    __table_args__ = (UniqueConstraint("process_id", "year", name="uq_process_report_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id"), index=True)
    year: Mapped[int]
    conclusions: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.DRAFT)
    content: Mapped[dict | None] = mapped_column(JSON)
    content_sha256: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_by_name: Mapped[str] = mapped_column(String(200), default="")
    row_version: Mapped[int] = mapped_column(default=1)

    process: Mapped[Process] = relationship()

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.process.code} {self.year}"

    @property
    def is_approved(self) -> bool:
        return self.status == ReportStatus.APPROVED

    @property
    def status_label(self):
        return REPORT_STATUS_LABELS.get(self.status, self.status)
