"""The audit trail: one append-only table written by services in the same transaction as the
change it describes. Nothing in the application updates or deletes its rows; the database
refuses it too (triggers created by the migration)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from qms.core.time import UTCDateTime, utcnow
from qms.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (
        # With ``at``: a record's history, newest first, is read from the index in order
        # (no sort of every event of a long-lived record).
        Index("ix_audit_event_entity", "entity_type", "entity_id", "at"),
        Index("ix_audit_event_at", "at"),
        # The audit-trail page filtered by record type, newest first: read in order.
        Index("ix_audit_event_type_at", "entity_type", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="RESTRICT"), index=True
    )
    # Kept as text so that the row still reads right if the person is renamed.
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None]
    entity_label: Mapped[str] = mapped_column(String(300), default="")
    # {"field": [old, new], ...}; values are JSON-safe strings, numbers, lists or None.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(String(2000), default="")


class AuditTrailIsAppendOnly(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_audit_edits(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent):
            raise AuditTrailIsAppendOnly("audit trail rows cannot be changed or deleted")


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(_jsonable(v) for v in value) if isinstance(value, set | frozenset) else [
            _jsonable(v) for v in value
        ]
    return str(value)


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj``, ready to be compared with a later snapshot."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as ``{field: [old, new]}``."""
    keys = list(dict.fromkeys([*before, *after]))
    return {
        k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)
    }


def record(
    *,
    actor,
    action: str,
    entity=None,
    entity_type: str | None = None,
    changes: dict[str, list[Any]] | None = None,
    label: str | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> AuditEvent:
    """Add one audit-trail row to the current transaction (the caller commits).

    ``actor`` is a user, or None for the system (scheduler, command line). ``entity`` is the
    record concerned; for actions on a whole register, give ``entity_type`` instead.
    """
    if entity is not None and getattr(entity, "id", None) is None:
        db.session.flush()
    event_row = AuditEvent(
        at=now or utcnow(),
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "display_name", None) or "system",
        action=action,
        entity_type=entity_type or getattr(entity, "__tablename__", type(entity).__name__),
        entity_id=getattr(entity, "id", None),
        entity_label=(label if label is not None else str(entity or ""))[:300],
        changes=json.loads(json.dumps(changes or {}, default=str)),
        note=note[:2000],
    )
    db.session.add(event_row)
    return event_row


def apply_changes(obj, values: dict[str, Any], *, actor, action: str, now=None) -> dict:
    """Set ``values`` on ``obj`` and record what actually changed (nothing if nothing did)."""
    before = snapshot(obj, list(values))
    for name, value in values.items():
        setattr(obj, name, value)
    changes = diff(before, snapshot(obj, list(values)))
    if changes:
        record(actor=actor, action=action, entity=obj, changes=changes, now=now)
    return changes


def record_creation(obj, fields: list[str], *, actor, action: str, extra: dict | None = None,
                    now=None) -> AuditEvent:
    """Record a new record with its initial values (``[None, value]`` per field)."""
    changes = diff({}, snapshot(obj, fields))
    changes.update(extra or {})
    return record(actor=actor, action=action, entity=obj, changes=changes, now=now)


def history_for(entity, limit: int = 50) -> list[AuditEvent]:
    """The latest rows about one record, newest first, for its history panel."""
    return list(db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity.__tablename__, AuditEvent.entity_id == entity.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    ))
