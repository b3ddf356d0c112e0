"""Read-only queries of the inspection register and the calendar (filtered in SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from qms.core.permissions import Permission
from qms.extensions import db
from qms.inspections.models import Authority, Inspection, Prescription, PrescriptionStatus
from qms.org.models import Unit

NOT_CLOSED = [PrescriptionStatus.OPEN, PrescriptionStatus.ANSWERED]


@dataclass
class RegisterFilter:
    year: int | None = None
    authority_id: int | None = None
    unit_id: int | None = None
    result: str = ""
    query: str = ""


def register(f: RegisterFilter):
    stmt = select(Inspection).options(selectinload(Inspection.authority),
                                      selectinload(Inspection.unit))
    if f.year:
        stmt = stmt.where(Inspection.year == f.year)
    if f.authority_id:
        stmt = stmt.where(Inspection.authority_id == f.authority_id)
    if f.unit_id:
        stmt = stmt.where(Inspection.unit_id == f.unit_id)
    if f.result:
        stmt = stmt.where(Inspection.result == f.result)
    if f.query:
        pattern = f"%{f.query.lower()}%"
        stmt = stmt.where(or_(func.lower(Inspection.number).like(pattern),
                              func.lower(Inspection.subject).like(pattern),
                              func.lower(Inspection.service).like(pattern),
                              func.lower(Inspection.report_reference).like(pattern),
                              func.lower(Inspection.inspectors).like(pattern)))
    return stmt.order_by(Inspection.started_on.desc(), Inspection.id.desc())


def open_counts(inspection_ids: list[int]) -> dict[int, int]:
    """Prescriptions and recommendations not yet closed, per inspection (one query)."""
    if not inspection_ids:
        return {}
    return dict(db.session.execute(
        select(Prescription.inspection_id, func.count(Prescription.id))
        .where(Prescription.inspection_id.in_(inspection_ids),
               Prescription.status.in_(NOT_CLOSED))
        .group_by(Prescription.inspection_id)).all())


def years() -> list[int]:
    return list(db.session.scalars(select(Inspection.year).distinct()
                                   .order_by(Inspection.year.desc())))


def authorities(*, active_only: bool = False) -> list[Authority]:
    stmt = select(Authority).order_by(Authority.name)
    if active_only:
        stmt = stmt.where(Authority.is_active.is_(True))
    return list(db.session.scalars(stmt))


def authority_counts() -> dict[int, int]:
    return dict(db.session.execute(
        select(Inspection.authority_id, func.count(Inspection.id))
        .group_by(Inspection.authority_id)).all())


def earlier_inspections(exclude_id: int | None = None, limit: int = 300) -> list[Inspection]:
    """Choices for "follow-up of": the latest inspections, grouped by supervisory body."""
    stmt = (select(Inspection).join(Inspection.authority)
            .options(selectinload(Inspection.authority))
            .order_by(Authority.name, Inspection.started_on.desc()).limit(limit))
    if exclude_id:
        stmt = stmt.where(Inspection.id != exclude_id)
    return list(db.session.scalars(stmt))


def follow_ups(inspection: Inspection) -> list[Inspection]:
    return list(db.session.scalars(select(Inspection)
                                   .where(Inspection.follow_up_of_id == inspection.id)
                                   .order_by(Inspection.started_on)))


# --- overview -------------------------------------------------------------------------------

def counts_by_authority() -> list[tuple[str, int, int]]:
    """(supervisory body, inspections, open prescriptions), most inspected first."""
    inspections = db.session.execute(
        select(Authority.id, Authority.short_name, Authority.name, func.count(Inspection.id))
        .join(Inspection, Inspection.authority_id == Authority.id)
        .group_by(Authority.id, Authority.short_name, Authority.name)).all()
    open_ = dict(db.session.execute(
        select(Inspection.authority_id, func.count(Prescription.id))
        .join(Prescription, Prescription.inspection_id == Inspection.id)
        .where(Prescription.status.in_(NOT_CLOSED))
        .group_by(Inspection.authority_id)).all())
    rows = [(short or name, count, open_.get(key, 0)) for key, short, name, count in inspections]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def counts_by_unit(no_unit_label: str) -> list[tuple[str, int]]:
    rows = db.session.execute(
        select(Unit.name, func.count(Inspection.id))
        .select_from(Inspection).outerjoin(Unit, Unit.id == Inspection.unit_id)
        .group_by(Unit.name)).all()
    return sorted(((name or no_unit_label, count) for name, count in rows),
                  key=lambda row: (-row[1], row[0]))


def counts_by_year() -> list[tuple[int, int]]:
    return [(year, count) for year, count in db.session.execute(
        select(Inspection.year, func.count(Inspection.id))
        .group_by(Inspection.year).order_by(Inspection.year)).all()]


def open_prescriptions(limit: int = 200) -> list[Prescription]:
    """Not closed, by deadline: the overdue come first, those without a deadline last."""
    return list(db.session.scalars(
        select(Prescription)
        .options(selectinload(Prescription.inspection).selectinload(Inspection.authority),
                 selectinload(Prescription.responsible))
        .where(Prescription.status.in_(NOT_CLOSED))
        .order_by(Prescription.deadline_on.asc().nulls_last(), Prescription.id).limit(limit)))


# --- the calendar ---------------------------------------------------------------------------

def audit_overlap(start: dt.date, end: dt.date, *, user=None, member_only: bool = False):
    """The conditions of audits (not cancelled) planned over any day of ``start``..``end``;
    with ``member_only``, only those ``user`` takes part in (lead, auditor, auditee). The
    last-day expression is the one ``ix_audit_calendar_end`` indexes."""
    from qms.audits.models import Audit, AuditMember, AuditStatus

    conditions = [Audit.planned_start.is_not(None), Audit.status != AuditStatus.CANCELLED,
                  Audit.planned_start <= end,
                  func.coalesce(Audit.planned_end, Audit.planned_start) >= start]
    if member_only:
        conditions.append(Audit.id.in_(select(AuditMember.audit_id)
                                       .where(AuditMember.user_id == user.id)))
    return conditions


def inspection_overlap(start: dt.date, end: dt.date):
    """The conditions of inspections running on any day of ``start``..``end`` (the last-day
    expression is the one ``ix_inspection_calendar_end`` indexes)."""
    return [Inspection.started_on <= end,
            func.coalesce(Inspection.ended_on, Inspection.started_on) >= start]


def deadline_overlap(start: dt.date, end: dt.date, *, user=None,
                     responsible_only: bool = False):
    """The conditions of open prescriptions due within ``start``..``end``; with
    ``responsible_only``, those ``user`` is responsible for."""
    conditions = [Prescription.deadline_on.is_not(None), Prescription.deadline_on >= start,
                  Prescription.deadline_on <= end, Prescription.status.in_(NOT_CLOSED)]
    if responsible_only:
        conditions.append(Prescription.responsible_id == user.id)
    return conditions


def audits_between(start: dt.date, end: dt.date, *, user=None, member_only: bool = False):
    from qms.audits.models import Audit

    return list(db.session.scalars(
        select(Audit).where(*audit_overlap(start, end, user=user, member_only=member_only))
        .order_by(Audit.planned_start, Audit.id)))


def inspections_between(start: dt.date, end: dt.date) -> list[Inspection]:
    return list(db.session.scalars(
        select(Inspection).options(selectinload(Inspection.authority))
        .where(*inspection_overlap(start, end))
        .order_by(Inspection.started_on, Inspection.id)))


def deadlines_between(start: dt.date, end: dt.date, *, user=None,
                      responsible_only: bool = False) -> list[Prescription]:
    return list(db.session.scalars(
        select(Prescription)
        .options(selectinload(Prescription.inspection).selectinload(Inspection.authority))
        .where(*deadline_overlap(start, end, user=user, responsible_only=responsible_only))
        .order_by(Prescription.deadline_on, Prescription.id)))


def calendar_scope(user) -> dict:
    """What a person sees in the web calendar: everything they may see in the registers,
    otherwise only their own audits and prescriptions."""
    return {"all_audits": user.can(Permission.AUDIT_VIEW),
            "inspections": user.can(Permission.INSPECTION_VIEW),
            "all_prescriptions": user.can(Permission.INSPECTION_VIEW)}


def my_prescriptions(user) -> list[Prescription]:
    """For "My work": open prescriptions the user is responsible for, by deadline."""
    from qms.inspections.models import PrescriptionStatus

    return list(db.session.scalars(
        select(Prescription).where(Prescription.responsible_id == user.id,
                                   Prescription.status == PrescriptionStatus.OPEN)
        .order_by(Prescription.deadline_on.asc().nulls_last()).limit(20)))
