"""Quality policy, mission and vision, SWOT, quality and strategic objectives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db


class MissionStatement(db.Model):
    """The organisation's mission and vision: one current record, its history in the audit
    trail."""

    __tablename__ = "mission_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    mission: Mapped[str] = mapped_column(Text, default="")
    vision: Mapped[str] = mapped_column(Text, default="")
    values_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    row_version: Mapped[int] = mapped_column(default=1)

    updated_by = relationship("User")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return str(_l("Mission and vision"))


class Quadrant(StrEnum):
    STRENGTH = "strength"
    WEAKNESS = "weakness"
    OPPORTUNITY = "opportunity"
    THREAT = "threat"


QUADRANT_LABELS = {
    Quadrant.STRENGTH: _l("Strengths"),
    Quadrant.WEAKNESS: _l("Weaknesses"),
    Quadrant.OPPORTUNITY: _l("Opportunities"),
    Quadrant.THREAT: _l("Threats"),
}


class SwotItem(db.Model):
    __tablename__ = "swot_item"
    __table_args__ = (Index("ix_swot_item_period_quadrant", "period", "quadrant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(20))  # "2026" or "2024-2027"
    quadrant: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(1000))
    position: Mapped[int] = mapped_column(default=0)

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def quadrant_label(self):
        return QUADRANT_LABELS.get(self.quadrant, self.quadrant)


class ObjectiveStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    CANCELLED = "cancelled"


OBJECTIVE_STATUS_LABELS = {
    ObjectiveStatus.DRAFT: _l("Draft"),
    ObjectiveStatus.ACTIVE: _l("Active"),
    ObjectiveStatus.ACHIEVED: _l("Achieved"),
    ObjectiveStatus.NOT_ACHIEVED: _l("Not achieved"),
    ObjectiveStatus.CANCELLED: _l("Cancelled"),
}

# status -> the statuses it may move to
OBJECTIVE_TRANSITIONS = {
    ObjectiveStatus.DRAFT: {ObjectiveStatus.ACTIVE, ObjectiveStatus.CANCELLED},
    ObjectiveStatus.ACTIVE: {ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED,
                             ObjectiveStatus.CANCELLED},
    ObjectiveStatus.ACHIEVED: set(),
    ObjectiveStatus.NOT_ACHIEVED: set(),
    ObjectiveStatus.CANCELLED: set(),
}


class Health(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


HEALTH_LABELS = {
    Health.ON_TRACK: _l("On track"),
    Health.AT_RISK: _l("At risk"),
    Health.OFF_TRACK: _l("Off track"),
}


class QualityObjective(db.Model):
    """A measurable quality objective of one year (ISO 9001 6.2)."""

    __tablename__ = "quality_objective"
    __table_args__ = (Index("ix_quality_objective_year_status", "year", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))  # what will be achieved
    target: Mapped[str] = mapped_column(String(300), default="")  # the target in words
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicator.id"), index=True)
    policy_commitment: Mapped[str] = mapped_column(String(300), default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    deadline_on: Mapped[dt.date | None] = mapped_column(Date)
    evaluation_method: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ObjectiveStatus.DRAFT)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    indicator = relationship("Indicator")
    responsible = relationship("User", foreign_keys=[responsible_id])
    unit = relationship("Unit")
    progress: Mapped[list[ObjectiveProgress]] = relationship(
        back_populates="objective",
        order_by="(ObjectiveProgress.recorded_on.desc(), ObjectiveProgress.id.desc())")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def status_label(self):
        return OBJECTIVE_STATUS_LABELS.get(self.status, self.status)


class ObjectiveProgress(db.Model):
    """A dated progress note: percent done and/or a measured value."""

    __tablename__ = "objective_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("quality_objective.id", ondelete="CASCADE"), index=True)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    percent: Mapped[int | None]
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    objective: Mapped[QualityObjective] = relationship(back_populates="progress")
    author = relationship("User")

    def __str__(self) -> str:
        return f"{self.recorded_on:%d.%m.%Y}"


class StrategicObjective(db.Model):
    """A strategic objective of a strategy period with its action plan."""

    __tablename__ = "strategic_objective"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    period_from: Mapped[int]
    period_to: Mapped[int]
    row_version: Mapped[int] = mapped_column(default=1)

    tasks: Mapped[list[StrategyTask]] = relationship(
        back_populates="objective", order_by="(StrategyTask.position, StrategyTask.id)")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Funding(StrEnum):
    MUNICIPAL = "municipal"
    STATE = "state"
    EU = "eu"
    OTHER = "other"


FUNDING_LABELS = {
    Funding.MUNICIPAL: _l("Municipal budget"),
    Funding.STATE: _l("State budget"),
    Funding.EU: _l("EU funds"),
    Funding.OTHER: _l("Other"),
}


class TaskStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


TASK_STATUS_LABELS = {
    TaskStatus.PLANNED: _l("Planned"),
    TaskStatus.IN_PROGRESS: _l("In progress"),
    TaskStatus.DONE: _l("Done"),
    TaskStatus.CANCELLED: _l("Cancelled"),
}


class StrategyTask(db.Model):
    """One task of the action plan: what, the result, when, who and from what money."""

    __tablename__ = "strategy_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("strategic_objective.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(default=0)
    task: Mapped[str] = mapped_column(String(500))
    result: Mapped[str] = mapped_column(String(1000), default="")
    year_from: Mapped[int]
    year_to: Mapped[int]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    funding: Mapped[str] = mapped_column(String(20), default=Funding.MUNICIPAL)
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.PLANNED)
    row_version: Mapped[int] = mapped_column(default=1)

    objective: Mapped[StrategicObjective] = relationship(back_populates="tasks")
    unit = relationship("Unit")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.number} {self.task}".strip()

    @property
    def funding_label(self):
        return FUNDING_LABELS.get(self.funding, self.funding)

    @property
    def status_label(self):
        return TASK_STATUS_LABELS.get(self.status, self.status)

    @property
    def period_label(self) -> str:
        return str(self.year_from) if self.year_from == self.year_to \
            else f"{self.year_from}–{self.year_to}"
