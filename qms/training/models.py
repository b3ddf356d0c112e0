"""Competence requirements per position, training records, plan and matrix.

The model, kept small on purpose:

- ``TrainingRequirement``: what a job needs (ISO 9001 7.2 a). One row is one requirement and
  applies either to one position (``position_id``) or to every position of a staff category
  (``category``). Its ``kind`` says what it is:

  * ``competence``: a required competence (name, description), shown to the person;
  * ``training``: a required training (topic) repeated every ``recurrence_months`` (empty:
    once is enough). ``min_hours`` > 0 makes it a cycle of hours (e.g. supervision: 18 hours
    within every 12 months);
  * ``yearly_hours``: the professional-development hours a person must collect in a calendar
    year (``min_hours``). A rule for the position wins over a rule for the category.

- ``TrainingRecord``: one training a person took (7.2 d), optionally linked to the required
  training it fulfils and to the plan item it was paid from; certificates are evidence files
  (``qms.core.files``, entity type ``training_record``). The effectiveness evaluation (7.2 c)
  lives on the record.

- ``TrainingPlanItem``: the annual training plan with its budget; the actual figures are the
  sums of the records linked to the item.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db


class RequirementKind(StrEnum):
    COMPETENCE = "competence"
    TRAINING = "training"
    YEARLY_HOURS = "yearly_hours"


REQUIREMENT_KIND_LABELS = {
    RequirementKind.COMPETENCE: _l("Required competence"),
    RequirementKind.TRAINING: _l("Required training"),
    RequirementKind.YEARLY_HOURS: _l("Training hours a year"),
}


class TrainingType(StrEnum):
    COURSE = "course"
    SEMINAR = "seminar"
    SUPERVISION = "supervision"
    CONFERENCE = "conference"
    E_LEARNING = "e_learning"
    INTERNAL = "internal"


TRAINING_TYPE_LABELS = {
    TrainingType.COURSE: _l("Course"),
    TrainingType.SEMINAR: _l("Seminar"),
    TrainingType.SUPERVISION: _l("Supervision"),
    TrainingType.CONFERENCE: _l("Conference"),
    TrainingType.E_LEARNING: _l("E-learning"),
    TrainingType.INTERNAL: _l("Internal training"),
}


class CellStatus(StrEnum):
    """The state of one required training for one person (a matrix cell)."""

    DONE = "done"
    DUE = "due"
    EXPIRED = "expired"
    MISSING = "missing"
    NOT_REQUIRED = "not_required"


CELL_STATUS_LABELS = {
    CellStatus.DONE: _l("Done"),
    CellStatus.DUE: _l("Due"),
    CellStatus.EXPIRED: _l("Expired"),
    CellStatus.MISSING: _l("Missing"),
    CellStatus.NOT_REQUIRED: _l("Not required"),
}
GAP_STATUSES = (CellStatus.EXPIRED, CellStatus.MISSING)


class TrainingRequirement(db.Model):
    __tablename__ = "training_requirement"
    __table_args__ = (Index("ix_training_requirement_kind", "kind", "is_active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=RequirementKind.TRAINING)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    category: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    recurrence_months: Mapped[int | None]
    min_hours: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    is_active: Mapped[bool] = mapped_column(default=True)
    row_version: Mapped[int] = mapped_column(default=1)

    position = relationship("Position")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return self.name or str(self.kind_label)

    @property
    def kind_label(self):
        return REQUIREMENT_KIND_LABELS.get(self.kind, self.kind)

    @property
    def target_label(self) -> str:
        from qms.org.models import STAFF_CATEGORY_LABELS

        if self.position is not None:
            return f"{self.position.title} ({self.position.unit.name})"
        return str(STAFF_CATEGORY_LABELS.get(self.category, self.category or ""))


class TrainingPlanItem(db.Model):
    __tablename__ = "training_plan_item"
    __table_args__ = (Index("ix_training_plan_item_year", "year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    quarter: Mapped[int] = mapped_column(default=1)
    topic: Mapped[str] = mapped_column(String(200))
    training_type: Mapped[str] = mapped_column(String(20), default=TrainingType.COURSE)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"))
    planned_hours: Mapped[Decimal] = mapped_column(Numeric(7, 1), default=Decimal("0"))
    planned_participants: Mapped[int] = mapped_column(default=0)
    planned_budget: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    notes: Mapped[str] = mapped_column(Text, default="")
    row_version: Mapped[int] = mapped_column(default=1)

    unit = relationship("Unit")
    position = relationship("Position")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter} {self.topic}"

    @property
    def type_label(self):
        return TRAINING_TYPE_LABELS.get(self.training_type, self.training_type)


class TrainingRecord(db.Model):
    __tablename__ = "training_record"
    __table_args__ = (Index("ix_training_record_user_ended", "user_id", "ended_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    topic: Mapped[str] = mapped_column(String(200))
    training_type: Mapped[str] = mapped_column(String(20), default=TrainingType.COURSE)
    provider: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date] = mapped_column(Date, index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    cost: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    requirement_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_requirement.id"), index=True)
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_plan_item.id"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The effectiveness evaluation (7.2 c): required by cost or by the quality manager's choice.
    evaluation_requested: Mapped[bool] = mapped_column(default=False)
    evaluated_on: Mapped[dt.date | None] = mapped_column(Date)
    evaluator_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    rating: Mapped[int | None]
    effective: Mapped[bool | None]
    evaluation_comment: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    user = relationship("User", foreign_keys=[user_id])
    evaluator = relationship("User", foreign_keys=[evaluator_id])
    requirement = relationship("TrainingRequirement")
    plan_item = relationship("TrainingPlanItem")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.topic} ({self.ended_on:%d.%m.%Y})"

    @property
    def type_label(self):
        return TRAINING_TYPE_LABELS.get(self.training_type, self.training_type)

    @property
    def is_evaluated(self) -> bool:
        return self.evaluated_on is not None
