"""The process register (core, management and support processes)."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


class Process(db.Model):
    __tablename__ = "process"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=ProcessKind.CORE)
    owner_position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    row_version: Mapped[int] = mapped_column(default=1)

    owner_position = relationship("Position")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def kind_label(self):
        return PROCESS_KIND_LABELS.get(self.kind, self.kind)
