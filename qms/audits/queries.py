"""Read-only queries for the audit pages; lists are filtered and paginated in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from qms.audits import services
from qms.audits.models import (
    Audit,
    AuditMember,
    AuditorProfile,
    AuditProgramme,
    AuditStatus,
    ChecklistTemplate,
    audit_process,
)
from qms.auth.models import User, UserRole
from qms.extensions import db

# How far back "ever audited" looks on the coverage grid.
HISTORY_YEARS = 50


@dataclass
class RegisterFilter:
    year: int | None = None
    status: str = ""  # a status, "open", or "" for all
    type: str = ""
    process_id: int | None = None
    unit_id: int | None = None
    lead_id: int | None = None
    query: str = ""


OPEN_STATUSES = [AuditStatus.PLANNED, AuditStatus.CONFIRMED, AuditStatus.IN_PROGRESS,
                 AuditStatus.REPORTED, AuditStatus.FOLLOW_UP]


def register(f: RegisterFilter):
    stmt = select(Audit).options(selectinload(Audit.processes), selectinload(Audit.units),
                                 selectinload(Audit.members).selectinload(AuditMember.user))
    if f.year:
        # The number carries the year of the planned start (or of the programme).
        stmt = stmt.where(Audit.number.like(f"IA-{int(f.year)}-%"))
    if f.status == "open":
        stmt = stmt.where(Audit.status.in_(OPEN_STATUSES))
    elif f.status:
        stmt = stmt.where(Audit.status == f.status)
    if f.type:
        stmt = stmt.where(Audit.type == f.type)
    if f.process_id:
        stmt = stmt.where(Audit.processes.any(id=f.process_id))
    if f.unit_id:
        stmt = stmt.where(Audit.units.any(id=f.unit_id))
    if f.lead_id:
        stmt = stmt.where(Audit.members.any(
            (AuditMember.user_id == f.lead_id) & (AuditMember.role == "lead")))
    if f.query:
        pattern = f"%{f.query.lower()}%"
        stmt = stmt.where(or_(func.lower(Audit.title).like(pattern),
                              func.lower(Audit.number).like(pattern)))
    return stmt.order_by(Audit.planned_start.desc().nulls_last(), Audit.number.desc())


def years() -> list[int]:
    """Years that have a programme or an audit, newest first."""
    found = set(db.session.scalars(select(AuditProgramme.year)))
    for prefix in db.session.scalars(select(func.substr(Audit.number, 4, 4)).distinct()):
        if prefix and prefix.isdigit():
            found.add(int(prefix))
    return sorted(found, reverse=True)


def lead_auditors() -> list[User]:
    """People who have led an audit (for the register's filter)."""
    leads = select(AuditMember.user_id).where(AuditMember.role == "lead")
    return list(db.session.scalars(select(User).where(User.id.in_(leads))
                                   .order_by(User.full_name)))


def programme_for(year: int) -> AuditProgramme | None:
    return db.session.scalar(select(AuditProgramme).where(AuditProgramme.year == year))


def programme_years() -> list[int]:
    return list(db.session.scalars(select(AuditProgramme.year)
                                   .order_by(AuditProgramme.year.desc())))


def programme_choices() -> list[tuple[int, str]]:
    return [(p.id, str(p.year)) for p in db.session.scalars(
        select(AuditProgramme).order_by(AuditProgramme.year.desc()))]


def audits_by_month(programme: AuditProgramme) -> tuple[list[tuple[int, list[Audit]]],
                                                        list[Audit]]:
    """The programme's audits per month 1..12, and those without a month."""
    audits = db.session.scalars(
        select(Audit).where(Audit.programme_id == programme.id)
        .options(selectinload(Audit.processes), selectinload(Audit.units),
                 selectinload(Audit.members).selectinload(AuditMember.user))
        .order_by(Audit.planned_start.asc().nulls_last(), Audit.number)).all()
    months: dict[int, list[Audit]] = {month: [] for month in range(1, 13)}
    unplaced = []
    for audit in audits:
        month = audit.planned_month or (audit.planned_start.month if audit.planned_start
                                        else None)
        if month in months:
            months[month].append(audit)
        else:
            unplaced.append(audit)
    return list(months.items()), unplaced


@dataclass
class RiskRow:
    process: object
    risk: object | None
    planned: int  # audits of the process in this programme (not cancelled)


def risk_rows(programme: AuditProgramme, processes) -> list[RiskRow]:
    counts = dict(db.session.execute(
        select(audit_process.c.process_id, func.count(Audit.id))
        .join(Audit, Audit.id == audit_process.c.audit_id)
        .where(Audit.programme_id == programme.id, Audit.status != AuditStatus.CANCELLED)
        .group_by(audit_process.c.process_id)).all())
    risks = {r.process_id: r for r in programme.process_risks}
    return [RiskRow(p, risks.get(p.id), counts.get(p.id, 0)) for p in processes]


@dataclass
class CoverageCell:
    unit: object
    state: str  # "ok": audited in the cycle; "stale": only before it; "never"
    year: int | None


def coverage_grid(year: int) -> dict:
    """``services.coverage`` for the certification cycle ending in ``year``, with the cells
    that were audited only before the cycle told apart from those never audited."""
    cycle = services.coverage(year)
    ever = services.coverage(year, years=HISTORY_YEARS)
    rows = []
    for process in cycle["processes"]:
        cells = []
        for unit in cycle["units"]:
            in_cycle = cycle["last"].get((process.id, unit.id))
            before = ever["last"].get((process.id, unit.id))
            if in_cycle is not None:
                cells.append(CoverageCell(unit, "ok", _year(in_cycle)))
            elif before is not None:
                cells.append(CoverageCell(unit, "stale", _year(before)))
            else:
                cells.append(CoverageCell(unit, "never", None))
        rows.append((process, cells))
    never_ids = {p.id for p in ever["never_audited"]}
    return {"units": cycle["units"], "rows": rows, "first_year": cycle["first_year"],
            "until_year": cycle["until_year"],
            "not_in_cycle": [(p, p.id in never_ids) for p in cycle["never_audited"]]}


def _year(value) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, str) and value[:4].isdigit():  # some drivers return text for max()
        return int(value[:4])
    return None


def checklist_templates() -> list[ChecklistTemplate]:
    return list(db.session.scalars(select(ChecklistTemplate).order_by(ChecklistTemplate.title)))


def auditors_page(*, include_inactive: bool, page: int, per_page: int):
    """People in the auditors' register or with the auditor role."""
    profiles = select(AuditorProfile.user_id)
    if not include_inactive:
        profiles = profiles.where(AuditorProfile.is_active.is_(True))
    role = select(UserRole.user_id).where(UserRole.role == "auditor")
    stmt = select(User).options(selectinload(User.unit)).where(
        or_(User.id.in_(profiles), User.id.in_(role))).order_by(User.full_name)
    if not include_inactive:
        stmt = stmt.where(User.is_active_account.is_(True))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def profiles_for(user_ids) -> dict[int, AuditorProfile]:
    return {p.user_id: p for p in db.session.scalars(
        select(AuditorProfile).where(AuditorProfile.user_id.in_(list(user_ids) or [0])))}


def profile_of(user_id: int) -> AuditorProfile | None:
    return db.session.scalar(select(AuditorProfile).where(AuditorProfile.user_id == user_id))


def my_audits(user, *, today) -> list[Audit]:
    """For "My work": audits where the user is in the team or audited, not yet reported."""
    from qms.audits.models import AuditMember, AuditStatus

    return list(db.session.scalars(
        select(Audit).join(AuditMember).where(
            AuditMember.user_id == user.id,
            Audit.status.in_([AuditStatus.PLANNED, AuditStatus.CONFIRMED,
                              AuditStatus.IN_PROGRESS]))
        .order_by(Audit.planned_start.asc().nulls_last()).limit(20)).unique())
