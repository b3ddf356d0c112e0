"""Read-only queries for the audit pages; lists are filtered and paginated in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Integer, case, cast, extract, func, or_, select
from sqlalchemy.orm import selectinload

from qms.audits.models import (
    Audit,
    AuditMember,
    AuditorProfile,
    AuditProgramme,
    AuditStatus,
    ChecklistTemplate,
    audit_process,
    audit_unit,
)
from qms.auth.models import User, UserRole
from qms.extensions import db
from qms.org.models import Unit
from qms.processes.models import Process

# How far back "ever audited" looks on the coverage grid.
HISTORY_YEARS = 50
# The certification cycle (as ``services.coverage``), and the grid's units per page.
CYCLE_YEARS = 3
COVERAGE_UNITS = 20


@dataclass
class RegisterFilter:
    year: int | None = None
    status: str = ""  # a status, "open", or "" for all
    type: str = ""
    process_id: int | None = None
    unit_id: int | None = None
    lead_id: int | None = None
    query: str = ""
    month: int | None = None  # 1..12: placed in that month (as the programme); 0: no month


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
    if f.month is not None and 0 <= f.month <= 12:
        placed = month_of_audit()
        stmt = stmt.where(placed.is_(None) if f.month == 0 else placed == f.month)
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


# A month of the programme page lists at most this many audits; the rest are reached through
# "+K more", the register filtered to that month.
MONTH_LIMIT = 6


@dataclass
class MonthCell:
    month: int | None  # 1..12; None: the audits without a month
    audits: list[Audit]  # the first ``MONTH_LIMIT``, by planned start and number
    total: int  # all the month's audits

    @property
    def more(self) -> int:
        return self.total - len(self.audits)


def month_of_audit():
    """The month an audit is placed in: its planned month, else the month of its planned
    start; NULL when neither gives a month 1..12 (SQL, the same on SQLite and PostgreSQL)."""
    month = func.coalesce(Audit.planned_month,
                          cast(extract("month", Audit.planned_start), Integer))
    return case((month.between(1, 12), month), else_=None)


def audits_by_month(programme: AuditProgramme, *, limit: int | None = None
                    ) -> tuple[list[MonthCell], MonthCell]:
    """The programme's audits per month 1..12, and those without a month: in each, the first
    ``limit`` (by planned start, then number) and how many there are. The months are counted
    and ranked in SQL (window functions over the programme's audits, no record loaded); only
    the audits shown are loaded."""
    limit = limit or MONTH_LIMIT
    month = month_of_audit().label("month")
    ranked = (select(Audit.id.label("audit_id"), month,
                     func.row_number().over(
                         partition_by=month,
                         order_by=(Audit.planned_start.asc().nulls_last(), Audit.number))
                     .label("position"),
                     func.count().over(partition_by=month).label("total"))
              .where(Audit.programme_id == programme.id).subquery())
    rows = db.session.execute(select(ranked.c.audit_id, ranked.c.month, ranked.c.total)
                              .where(ranked.c.position <= limit)
                              .order_by(ranked.c.position)).all()
    audits = {audit.id: audit for audit in db.session.scalars(
        select(Audit).where(Audit.id.in_([row.audit_id for row in rows]))
        .options(selectinload(Audit.processes), selectinload(Audit.units),
                 selectinload(Audit.members).selectinload(AuditMember.user)))}
    cells: dict[int | None, MonthCell] = {m: MonthCell(m, [], 0) for m in [*range(1, 13), None]}
    for row in rows:
        cell = cells[row.month]
        cell.total = row.total
        cell.audits.append(audits[row.audit_id])
    return [cells[m] for m in range(1, 13)], cells[None]


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


def coverage_grid(year: int, *, unit_page: int = 1, units_per_page: int | None = None
                  ) -> dict:
    """``services.coverage`` for the certification cycle ending in ``year``, with the cells
    that were audited only before the cycle told apart from those never audited; the units
    (the grid's columns) a page of ``units_per_page`` at a time. Everything is grouped in SQL:
    the last audit per (process, unit) for the page's units, and per process whether it was
    audited in the cycle or ever; no audit is loaded."""
    first = year - CYCLE_YEARS + 1
    units_per_page = units_per_page or COVERAGE_UNITS
    processes = list(db.session.scalars(select(Process).where(Process.is_active.is_(True))
                                        .order_by(Process.code)))
    units_stmt = select(Unit).where(Unit.is_active.is_(True)).order_by(Unit.code)
    units = db.paginate(units_stmt, page=max(1, unit_page), per_page=units_per_page,
                        error_out=False)
    if not units.items and units.page > 1:  # past the last page: show the last one
        units = db.paginate(units_stmt, page=max(1, units.pages), per_page=units_per_page,
                            error_out=False)
    day = func.coalesce(Audit.actual_start, Audit.planned_start)
    in_cycle = day >= dt.date(first, 1, 1)

    def audited(*columns):
        return (select(*columns).select_from(audit_unit)
                .join(Audit, Audit.id == audit_unit.c.audit_id)
                .join(audit_process, audit_process.c.audit_id == Audit.id)
                .where(Audit.status != AuditStatus.CANCELLED,
                       day >= dt.date(year - HISTORY_YEARS + 1, 1, 1),
                       day <= dt.date(year, 12, 31)))

    last = {(process_id, unit_id): (in_cycle_day, ever_day)
            for process_id, unit_id, in_cycle_day, ever_day in db.session.execute(
                audited(audit_process.c.process_id, audit_unit.c.unit_id,
                        func.max(case((in_cycle, Audit.planned_start))),
                        func.max(Audit.planned_start))
                .where(audit_unit.c.unit_id.in_([unit.id for unit in units.items] or [0]))
                .group_by(audit_process.c.process_id, audit_unit.c.unit_id))}
    by_process = {process_id: (cycle_count, ever_count)
                  for process_id, cycle_count, ever_count in db.session.execute(
                      audited(audit_process.c.process_id, func.count(case((in_cycle, 1))),
                              func.count())
                      # IN, not a join: the plan then starts from the audits' units
                      .where(audit_unit.c.unit_id.in_(select(Unit.id)
                                                      .where(Unit.is_active.is_(True))))
                      .group_by(audit_process.c.process_id))}
    rows = []
    for process in processes:
        cells = []
        for unit in units.items:
            in_cycle_day, before = last.get((process.id, unit.id), (None, None))
            if in_cycle_day is not None:
                cells.append(CoverageCell(unit, "ok", _year(in_cycle_day)))
            elif before is not None:
                cells.append(CoverageCell(unit, "stale", _year(before)))
            else:
                cells.append(CoverageCell(unit, "never", None))
        rows.append((process, cells))
    return {"units": units.items, "unit_pages": units, "rows": rows, "first_year": first,
            "until_year": year,
            "not_in_cycle": [(p, not by_process.get(p.id, (0, 0))[1]) for p in processes
                             if not by_process.get(p.id, (0, 0))[0]]}


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
