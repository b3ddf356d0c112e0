"""Use cases for the process register."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.core import audit_log
from qms.core.errors import DomainError, PermissionDenied
from qms.core.permissions import Permission
from qms.extensions import db
from qms.processes.models import Process, ProcessKind

PROCESS_FIELDS = ["code", "name", "kind", "owner_position_id", "is_active"]


def create_process(*, actor, code: str, name: str, kind: str,
                   owner_position_id: int | None = None) -> Process:
    if not actor.can(Permission.ORG_MANAGE):
        raise PermissionDenied(_l("You may not change the process register."))
    code = code.strip().upper()
    if db.session.scalar(select(Process).where(func.upper(Process.code) == code)):
        raise DomainError(_l("Another process already has this code."), field="code")
    if kind not in ProcessKind.__members__.values():
        raise DomainError(_l("Choose a kind of process."), field="kind")
    process = Process(code=code, name=name.strip(), kind=kind,
                      owner_position_id=owner_position_id, is_active=True)
    db.session.add(process)
    db.session.flush()
    audit_log.record_creation(process, PROCESS_FIELDS, actor=actor, action="process.create")
    db.session.commit()
    return process


def all_processes() -> list[Process]:
    return list(db.session.scalars(select(Process).order_by(Process.code)))
