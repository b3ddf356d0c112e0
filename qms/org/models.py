"""The organisation: units as a tree, and positions with their headcount."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.extensions import db


class UnitKind(StrEnum):
    INSTITUTION = "institution"
    DEPARTMENT = "department"
    STRUCTURAL_UNIT = "structural_unit"
    SECTION = "section"


UNIT_KIND_LABELS = {
    UnitKind.INSTITUTION: _l("Institution"),
    UnitKind.DEPARTMENT: _l("Department"),
    UnitKind.STRUCTURAL_UNIT: _l("Structural unit"),
    UnitKind.SECTION: _l("Section"),
}


class StaffCategory(StrEnum):
    """The staff categories the organisation reports its headcount in."""

    ADMINISTRATION = "administration"
    SOCIAL_WORK = "social_work"
    CARE = "care"
    HEALTH = "health"
    CATERING = "catering"
    TECHNICAL = "technical"
    PROJECT = "project"


STAFF_CATEGORY_LABELS = {
    StaffCategory.ADMINISTRATION: _l("Social work administrators and accountants"),
    StaffCategory.SOCIAL_WORK: _l("Social work specialists"),
    StaffCategory.CARE: _l("Carers"),
    StaffCategory.HEALTH: _l("Health care specialists"),
    StaffCategory.CATERING: _l("Catering staff"),
    StaffCategory.TECHNICAL: _l("Other professions and technical staff"),
    StaffCategory.PROJECT: _l("Project staff"),
}


class Unit(db.Model):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=UnitKind.DEPARTMENT)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", use_alter=True, ondelete="SET NULL"), index=True
    )
    is_active: Mapped[bool] = mapped_column(default=True)
    row_version: Mapped[int] = mapped_column(default=1)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.code")
    head = relationship("User", foreign_keys=[head_id])
    positions: Mapped[list[Position]] = relationship(
        back_populates="unit", order_by="Position.title"
    )

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self):
        return UNIT_KIND_LABELS.get(self.kind, self.kind)

    def ancestors(self) -> list[Unit]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Position(db.Model):
    __tablename__ = "position"
    __table_args__ = (CheckConstraint("headcount >= 0", name="headcount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    headcount: Mapped[int] = mapped_column(default=1)
    category: Mapped[str] = mapped_column(String(20), default=StaffCategory.SOCIAL_WORK)
    is_active: Mapped[bool] = mapped_column(default=True)
    row_version: Mapped[int] = mapped_column(default=1)

    unit: Mapped[Unit] = relationship(back_populates="positions")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return self.title

    @property
    def category_label(self):
        return STAFF_CATEGORY_LABELS.get(self.category, self.category)
