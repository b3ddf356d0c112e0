"""Registers and statistics of nonconformities, actions and client feedback (SQL-side)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from qms.core.pagination import paginate
from qms.core.permissions import Permission
from qms.core.sql import distinct_values
from qms.extensions import db
from qms.nonconformities.models import (
    Action,
    ActionStatus,
    Feedback,
    NcStatus,
    Nonconformity,
    Verdict,
)
from qms.processes.models import Process

OPEN_STATUSES = [s for s in NcStatus if s not in (NcStatus.CLOSED, NcStatus.REJECTED,
                                                 NcStatus.CANCELLED)]
SORTS = {
    "number": (Nonconformity.year.desc(), Nonconformity.sequence.desc()),
    "due": (Nonconformity.due_on.asc().nulls_last(), Nonconformity.id),
    "severity": (case({"major": 0, "minor": 1}, value=Nonconformity.severity, else_=2),
                 Nonconformity.id.desc()),
    "status": (Nonconformity.status, Nonconformity.id.desc()),
}


@dataclass
class RegisterFilter:
    status: str = ""  # a status, "open", or "" for all
    source: str = ""
    severity: str = ""
    unit_id: int | None = None
    process_id: int | None = None
    year: int | None = None
    overdue: bool = False
    query: str = ""
    sort: str = "number"


def register(f: RegisterFilter, *, user, today: dt.date):
    stmt = select(Nonconformity).options(selectinload(Nonconformity.unit),
                                         selectinload(Nonconformity.process),
                                         selectinload(Nonconformity.owner))
    if not user.can(Permission.NC_VIEW_ALL):
        stmt = stmt.where(or_(Nonconformity.reporter_id == user.id,
                              Nonconformity.owner_id == user.id,
                              Nonconformity.verifier_id == user.id))
    if f.status == "open":
        stmt = stmt.where(Nonconformity.status.in_(OPEN_STATUSES))
    elif f.status:
        stmt = stmt.where(Nonconformity.status == f.status)
    if f.source:
        stmt = stmt.where(Nonconformity.source == f.source)
    if f.severity:
        stmt = stmt.where(Nonconformity.severity == f.severity)
    if f.unit_id:
        stmt = stmt.where(Nonconformity.unit_id == f.unit_id)
    if f.process_id:
        stmt = stmt.where(Nonconformity.process_id == f.process_id)
    if f.year:
        stmt = stmt.where(Nonconformity.year == f.year)
    if f.overdue:
        stmt = stmt.where(Nonconformity.status.in_(OPEN_STATUSES), Nonconformity.due_on < today)
    if f.query:
        pattern = f"%{f.query.lower()}%"
        stmt = stmt.where(or_(func.lower(Nonconformity.title).like(pattern),
                              func.lower(Nonconformity.number).like(pattern)))
    return stmt.order_by(*SORTS.get(f.sort, SORTS["number"]))


def register_page(f: RegisterFilter, *, user, today: dt.date, page: int, per_page: int):
    """One page of the register; its count stops after a thousand or so (``more than``)."""
    return paginate(register(f, user=user, today=today), page=page, per_page=per_page)


def years() -> list[int]:
    """The years that have nonconformities, newest first (one seek per year on
    ``uq_nonconformity_year_sequence``)."""
    return list(db.session.scalars(distinct_values(Nonconformity.year, descending=True)))


def actions_page(*, user, status: str, kind: str, mine: bool, standalone: bool, today: dt.date,
                 page: int, per_page: int):
    stmt = select(Action).options(selectinload(Action.owner),
                                  selectinload(Action.nonconformity))
    if mine or not user.can(Permission.NC_VIEW_ALL):
        stmt = stmt.where(Action.owner_id == user.id)
    if status == "open":
        stmt = stmt.where(Action.status.in_([ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]))
    elif status == "overdue":
        stmt = stmt.where(Action.status.in_([ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]),
                          Action.due_on < today)
    elif status:
        stmt = stmt.where(Action.status == status)
    if kind:
        stmt = stmt.where(Action.kind == kind)
    if standalone:
        stmt = stmt.where(Action.nonconformity_id.is_(None))
    stmt = stmt.order_by(Action.due_on.asc().nulls_last(), Action.id)
    return paginate(stmt, page=page, per_page=per_page)


def feedback_page(*, kind: str, year: int | None, open_only: bool, page: int, per_page: int):
    stmt = select(Feedback).options(selectinload(Feedback.unit))
    if kind:
        stmt = stmt.where(Feedback.kind == kind)
    if year:
        stmt = stmt.where(Feedback.year == year)
    if open_only:
        stmt = stmt.where(Feedback.answered_on.is_(None))
    stmt = stmt.order_by(Feedback.received_on.desc(), Feedback.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def my_tasks(user, *, today: dt.date) -> dict:
    """For "My work": my actions, my nonconformities to work on, my effectiveness checks."""
    actions = db.session.scalars(
        select(Action).where(Action.owner_id == user.id,
                             Action.status.in_([ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]))
        .order_by(Action.due_on.asc().nulls_last()).limit(30)).all()
    to_work = db.session.scalars(
        select(Nonconformity).where(Nonconformity.owner_id == user.id, Nonconformity.status.in_(
            [NcStatus.CORRECTION, NcStatus.ROOT_CAUSE, NcStatus.ACTION_PLAN,
             NcStatus.IMPLEMENTATION])).order_by(Nonconformity.due_on.asc().nulls_last())
        .limit(30)).all()
    checks = db.session.scalars(
        select(Nonconformity).where(Nonconformity.verifier_id == user.id,
                                    Nonconformity.status == NcStatus.EFFECTIVENESS)
        .order_by(Nonconformity.effectiveness_due_on).limit(30)).all()
    triage = []
    if user.can(Permission.NC_MANAGE):
        triage = db.session.scalars(
            select(Nonconformity).where(Nonconformity.status.in_([NcStatus.NEW, NcStatus.TRIAGE]))
            .order_by(Nonconformity.reported_at).limit(30)).all()
    return {"actions": actions, "analyse": to_work, "checks": checks, "triage": triage,
            "today": today}


# --- statistics ------------------------------------------------------------------------------

def _count_sorted(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(key, count) pairs, the largest count first; equal counts by key, descending (the
    order SQLite gave the former ``ORDER BY count DESC``, now the same on every database)."""
    return sorted(sorted(counts.items(), reverse=True), key=lambda pair: -pair[1])


def _flag(condition):
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END): how many rows of a group meet it."""
    return func.sum(case((condition, 1), else_=0))


AGE_BUCKETS = ("0–30", "31–90", "91–180", "> 180")
_AGE_DAYS = (30, 90, 180)


def statistics(year: int, *, today: dt.date,
               budget: tuple[Decimal, Decimal] | None = None) -> dict:
    """Figures for one year, computed in SQL: one grouped pass over the year's
    nonconformities (source, severity, root cause, status with conditional counts), one over
    their processes and one over their actions' budget (unless the caller has it: the
    (planned, actual) of ``per_year``)."""
    verified_ = Nonconformity.verdict.in_([Verdict.EFFECTIVE, Verdict.PARTLY])
    rows = db.session.execute(
        select(Nonconformity.source, Nonconformity.severity, Nonconformity.root_cause_category,
               Nonconformity.status, func.count(Nonconformity.id),
               _flag(Nonconformity.due_on < today), _flag(verified_),
               _flag(verified_ & (Nonconformity.times_not_effective == 0)),
               # reported within 30, 90 and 180 days of today (age buckets of open ones)
               *[_flag(Nonconformity.reported_on >= today - dt.timedelta(days=days))
                 for days in _AGE_DAYS])
        .where(Nonconformity.year == year)
        .group_by(Nonconformity.source, Nonconformity.severity,
                  Nonconformity.root_cause_category, Nonconformity.status)).all()
    by: dict[str, dict[str, int]] = {"source": {}, "severity": {}, "category": {},
                                     "status": {}}
    total = open_count = overdue = verified = first_time_count = 0
    within = [0, 0, 0]
    for source, severity, category, status, count, late, checked, first, *recent in rows:
        total += count
        for name, key in (("source", source), ("severity", severity),
                          ("category", category), ("status", status)):
            by[name][key or ""] = by[name].get(key or "", 0) + count
        verified += int(checked or 0)
        first_time_count += int(first or 0)
        if status in OPEN_STATUSES:
            open_count += count
            overdue += int(late or 0)
            within = [w + int(r or 0) for w, r in zip(within, recent, strict=True)]
    by_process = db.session.execute(
        select(Process.code, Process.name, func.count(Nonconformity.id))
        .join(Nonconformity, Nonconformity.process_id == Process.id)
        .where(Nonconformity.year == year).group_by(Process.code, Process.name)
        .order_by(func.count(Nonconformity.id).desc(), Process.code, Process.name)).all()
    first_time = (first_time_count / verified * 100) if verified else None
    if budget is None:
        budget = db.session.execute(
            select(func.coalesce(func.sum(Action.budget_planned), 0),
                   func.coalesce(func.sum(Action.cost_actual), 0))
            .join(Nonconformity, Action.nonconformity_id == Nonconformity.id)
            .where(Nonconformity.year == year)).one()
    ages = [within[0], within[1] - within[0], within[2] - within[1], open_count - within[2]]
    return {
        "year": year, "total": total, "open": open_count, "overdue": overdue,
        "by_source": _count_sorted(by["source"]),
        "by_severity": _count_sorted(by["severity"]),
        "by_category": [(k, v) for k, v in _count_sorted(by["category"]) if k],
        "by_status": _count_sorted(by["status"]),
        "by_process": [(f"{code} {name}", count) for code, name, count in by_process],
        "first_time_effective": first_time, "verified": verified,
        "budget_planned": Decimal(budget[0]), "cost_actual": Decimal(budget[1]),
        "age_of_open": list(zip(AGE_BUCKETS, ages, strict=True)),
    }


def per_year(years_back: int, *, until: int) -> list[tuple[int, dict[str, int], Decimal,
                                                           Decimal]]:
    """Counts by severity and budget planned vs spent for the last ``years_back`` years (two
    grouped queries over the years)."""
    years = list(range(until - years_back + 1, until + 1))
    severity: dict[int, dict[str, int]] = {y: {} for y in years}
    for year, key, count in db.session.execute(
            select(Nonconformity.year, Nonconformity.severity, func.count(Nonconformity.id))
            .where(Nonconformity.year >= years[0], Nonconformity.year <= until)
            .group_by(Nonconformity.year, Nonconformity.severity)):
        severity[year][key or ""] = severity[year].get(key or "", 0) + count
    budgets = {year: (planned, actual) for year, planned, actual in db.session.execute(
        select(Nonconformity.year, func.coalesce(func.sum(Action.budget_planned), 0),
               func.coalesce(func.sum(Action.cost_actual), 0))
        .join(Nonconformity, Action.nonconformity_id == Nonconformity.id)
        .where(Nonconformity.year >= years[0], Nonconformity.year <= until)
        .group_by(Nonconformity.year))}
    return [(year, dict(_count_sorted(severity[year])), Decimal(budgets.get(year, (0, 0))[0]),
             Decimal(budgets.get(year, (0, 0))[1])) for year in years]


def feedback_by_topic(year: int) -> list[tuple[str, str, int]]:
    return [(kind, topic or "—", count) for kind, topic, count in db.session.execute(
        select(Feedback.kind, Feedback.topic, func.count(Feedback.id))
        .where(Feedback.year == year).group_by(Feedback.kind, Feedback.topic)
        # equal counts by kind and topic (as SQLite grouped them), on every database
        .order_by(func.count(Feedback.id).desc(), Feedback.kind,
                  Feedback.topic.asc().nulls_first())).all()]
