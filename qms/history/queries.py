"""Filtering the audit trail in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select

from qms.core.audit_log import AuditEvent
from qms.core.pagination import paginate
from qms.core.sql import distinct_values


@dataclass
class TrailFilter:
    actor: str = ""
    action: str = ""
    entity_type: str = ""
    entity_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""


def _start_of(day: dt.date, tz: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(tz)).astimezone(dt.UTC)


def filtered(f: TrailFilter, *, tz: str) -> Select:
    """Newest first. Dates are local (Europe/Riga) days, inclusive."""
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if f.actor:
        stmt = stmt.where(func.lower(AuditEvent.actor_name).contains(f.actor.lower(),
                                                                     autoescape=True))
    if f.action:
        stmt = stmt.where(AuditEvent.action.startswith(f.action, autoescape=True))
    if f.entity_type:
        stmt = stmt.where(AuditEvent.entity_type == f.entity_type)
    if f.entity_id:
        stmt = stmt.where(AuditEvent.entity_id == f.entity_id)
    if f.date_from:
        stmt = stmt.where(AuditEvent.at >= _start_of(f.date_from, tz))
    if f.date_to:
        stmt = stmt.where(AuditEvent.at < _start_of(f.date_to + dt.timedelta(days=1), tz))
    if f.text:
        stmt = stmt.where(or_(
            func.lower(AuditEvent.entity_label).contains(f.text.lower(), autoescape=True),
            func.lower(AuditEvent.note).contains(f.text.lower(), autoescape=True),
        ))
    return stmt


def trail_page(f: TrailFilter, *, tz: str, page: int, per_page: int):
    """One page of the trail, newest first; the count stops after a thousand or so rows
    (the trail has millions: counting them all cost more than the page)."""
    return paginate(filtered(f, tz=tz), page=page, per_page=per_page)


def entity_types() -> Select:
    """The distinct entity types, sorted (one index seek per type on
    ``ix_audit_event_entity``)."""
    return distinct_values(AuditEvent.entity_type)
