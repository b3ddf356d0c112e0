"""Registers and statistics of nonconformities, actions and client feedback (SQL-side)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from qms.core.permissions import Permission
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


def years() -> list[int]:
    return list(db.session.scalars(select(Nonconformity.year).distinct()
                                   .order_by(Nonconformity.year.desc())))


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
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


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

def _count_by(column, year: int) -> list[tuple[str, int]]:
    rows = db.session.execute(select(column, func.count(Nonconformity.id))
                              .where(Nonconformity.year == year).group_by(column)
                              .order_by(func.count(Nonconformity.id).desc())).all()
    return [(key or "", count) for key, count in rows]


def statistics(year: int, *, today: dt.date) -> dict:
    """Figures for one year, computed in SQL."""
    total = db.session.scalar(select(func.count(Nonconformity.id))
                              .where(Nonconformity.year == year)) or 0
    by_process = db.session.execute(
        select(Process.code, Process.name, func.count(Nonconformity.id))
        .join(Nonconformity, Nonconformity.process_id == Process.id)
        .where(Nonconformity.year == year).group_by(Process.code, Process.name)
        .order_by(func.count(Nonconformity.id).desc())).all()
    open_count = db.session.scalar(select(func.count(Nonconformity.id)).where(
        Nonconformity.year == year, Nonconformity.status.in_(OPEN_STATUSES))) or 0
    overdue = db.session.scalar(select(func.count(Nonconformity.id)).where(
        Nonconformity.year == year, Nonconformity.status.in_(OPEN_STATUSES),
        Nonconformity.due_on < today)) or 0
    verified = db.session.execute(
        select(func.count(Nonconformity.id),
               func.sum(case((Nonconformity.times_not_effective == 0, 1), else_=0)))
        .where(Nonconformity.year == year, Nonconformity.verdict.in_(
            [Verdict.EFFECTIVE, Verdict.PARTLY]))).one()
    first_time = (int(verified[1] or 0) / verified[0] * 100) if verified[0] else None
    budget = db.session.execute(
        select(func.coalesce(func.sum(Action.budget_planned), 0),
               func.coalesce(func.sum(Action.cost_actual), 0))
        .join(Nonconformity, Action.nonconformity_id == Nonconformity.id)
        .where(Nonconformity.year == year)).one()
    ages = db.session.execute(
        select(Nonconformity.reported_on).where(Nonconformity.year == year,
                                                Nonconformity.status.in_(OPEN_STATUSES))).all()
    buckets = {"0–30": 0, "31–90": 0, "91–180": 0, "> 180": 0}
    for (reported_on,) in ages:
        days = (today - reported_on).days
        key = "0–30" if days <= 30 else "31–90" if days <= 90 else "91–180" \
            if days <= 180 else "> 180"
        buckets[key] += 1
    return {
        "year": year, "total": total, "open": open_count, "overdue": overdue,
        "by_source": _count_by(Nonconformity.source, year),
        "by_severity": _count_by(Nonconformity.severity, year),
        "by_category": [(k, v) for k, v in _count_by(Nonconformity.root_cause_category, year)
                        if k],
        "by_status": _count_by(Nonconformity.status, year),
        "by_process": [(f"{code} {name}", count) for code, name, count in by_process],
        "first_time_effective": first_time, "verified": verified[0],
        "budget_planned": Decimal(budget[0]), "cost_actual": Decimal(budget[1]),
        "age_of_open": list(buckets.items()),
    }


def per_year(years_back: int, *, until: int) -> list[tuple[int, dict[str, int], Decimal,
                                                           Decimal]]:
    """Counts by severity and budget planned vs spent for the last ``years_back`` years."""
    out = []
    for year in range(until - years_back + 1, until + 1):
        severity = dict(_count_by(Nonconformity.severity, year))
        planned, actual = db.session.execute(
            select(func.coalesce(func.sum(Action.budget_planned), 0),
                   func.coalesce(func.sum(Action.cost_actual), 0))
            .join(Nonconformity, Action.nonconformity_id == Nonconformity.id)
            .where(Nonconformity.year == year)).one()
        out.append((year, severity, Decimal(planned), Decimal(actual)))
    return out


def feedback_by_topic(year: int) -> list[tuple[str, str, int]]:
    return [(kind, topic or "—", count) for kind, topic, count in db.session.execute(
        select(Feedback.kind, Feedback.topic, func.count(Feedback.id))
        .where(Feedback.year == year).group_by(Feedback.kind, Feedback.topic)
        .order_by(func.count(Feedback.id).desc())).all()]
