"""Training and competence figures for the management review, input 9.3.2 d) (adequacy of
resources: people and their competence)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.auth.models import User
from qms.core.time import local_date, utcnow
from qms.extensions import db
from qms.org.models import Position, Unit
from qms.reviews.assemble import _table, _years
from qms.training import competence, queries, services
from qms.training.models import RequirementKind, TrainingPlanItem, TrainingRecord

ZERO = Decimal("0")

LABELS = {
    # figures
    "people": _l("People with a position"),
    "training_hours": _l("Training hours"),
    "hours_per_person": _l("Training hours per person"),
    "people_with_hours_requirement": _l("People with required yearly hours"),
    "people_meeting_required_hours": _l("People who met the required hours"),
    "gaps": _l("Required trainings missing or expired"),
    "people_with_gaps": _l("People with gaps"),
    "budget_planned": _l("Training budget planned"),
    "cost_actual": _l("Training cost"),
    "cost_outside_plan": _l("Training cost outside the plan"),
    "evaluations_pending": _l("Effectiveness evaluations pending"),
    # tables and their columns
    "training_by_unit": _l("Training by unit"),
    "unit": _l("Unit"),
    # trend series
    "training_cost": _l("Training cost"),
}


def _year_sums(year: int) -> tuple[Decimal, Decimal]:
    """Hours and cost of the records that ended in ``year``."""
    row = db.session.execute(
        select(func.sum(TrainingRecord.hours), func.sum(TrainingRecord.cost))
        .where(TrainingRecord.ended_on >= dt.date(year, 1, 1),
               TrainingRecord.ended_on <= dt.date(year, 12, 31))).one()
    return Decimal(row[0] or 0), Decimal(row[1] or 0)


def _budget(year: int) -> Decimal:
    return Decimal(db.session.scalar(select(func.sum(TrainingPlanItem.planned_budget))
                                     .where(TrainingPlanItem.year == year)) or 0)


def _per_person(hours: Decimal, people: int) -> float:
    return round(float(hours) / people, 1) if people else 0.0


class _Position(NamedTuple):
    """What the competence rules read of a position."""

    id: int
    category: str


class _Person(NamedTuple):
    id: int
    unit: str  # the name of the person's unit, "—" without one


def _unit_name(unit_id, name) -> str:
    return name if unit_id is not None else "—"


def _statuses(year: int, today: dt.date, columns, hour_rules) -> list:
    """``competence.statuses`` of everyone in the matrix (``queries.matrix_people``, no
    filter) from plain rows in three queries: the people with their position and unit, the
    records linked to the required trainings, and the hours of the year per person. The
    rules (``applies_to``, ``required_hours``, ``cell_status``) are the matrix's own; a
    position's requirements are worked out once for all its holders."""
    people = db.session.execute(
        select(User.id, User.position_id, Position.category, User.unit_id, Unit.name)
        .outerjoin(Position, Position.id == User.position_id)
        .outerjoin(Unit, Unit.id == User.unit_id)
        .where(User.is_active_account.is_(True), User.position_id.is_not(None))
        .order_by(User.full_name, User.id)).all()
    matrix = select(User.id).where(User.is_active_account.is_(True),
                                   User.position_id.is_not(None))
    links: dict[tuple[int, int], list] = {}
    if columns:
        for record in db.session.execute(
                select(TrainingRecord.user_id, TrainingRecord.requirement_id,
                       TrainingRecord.ended_on, TrainingRecord.hours)
                .where(TrainingRecord.requirement_id.in_([c.id for c in columns]),
                       TrainingRecord.user_id.in_(matrix))):
            links.setdefault((record.user_id, record.requirement_id), []).append(record)
    hours = {user_id: Decimal(total or 0) for user_id, total in db.session.execute(
        select(TrainingRecord.user_id, func.sum(TrainingRecord.hours))
        .where(TrainingRecord.user_id.in_(matrix),
               TrainingRecord.ended_on >= dt.date(year, 1, 1),
               TrainingRecord.ended_on <= dt.date(year, 12, 31))
        .group_by(TrainingRecord.user_id))}
    rules: dict[int, tuple[list, Decimal | None]] = {}
    # A requirement nobody has a record for is the same cell for everyone (read-only here).
    never = {c.id: competence.cell_status(c, [], today) for c in columns}
    out = []
    for person_id, position_id, category, unit_id, unit_name in people:
        if position_id not in rules:
            position = _Position(position_id, category) if category is not None else None
            rules[position_id] = ([c for c in columns if competence.applies_to(c, position)],
                                  competence.required_hours(position, hour_rules))
        applicable, required = rules[position_id]
        status = competence.PersonStatus(_Person(person_id, _unit_name(unit_id, unit_name)),
                                         hours=hours.get(person_id, ZERO),
                                         required_hours=required)
        for requirement in applicable:
            records = links.get((person_id, requirement.id))
            status.cells[requirement.id] = (
                competence.cell_status(requirement, records, today) if records
                else never[requirement.id])
        out.append(status)
    return out


def training_resources(year: int) -> dict:
    """People, hours, required hours met, gaps, budget planned vs actual; a table per unit;
    the three-year trend of hours and cost. Gaps are counted on 31 December of ``year`` (or
    today, for the current year)."""
    today = min(dt.date(year, 12, 31), local_date(utcnow()))
    columns = competence.active_requirements(RequirementKind.TRAINING)
    hour_rules = competence.active_requirements(RequirementKind.YEARLY_HOURS)
    units: dict[str, dict] = {}
    totals = {"people": 0, "with_rule": 0, "met": 0, "gaps": 0, "people_with_gaps": 0}
    for status in _statuses(year, today, columns, hour_rules):
        unit = status.user.unit
        row = units.setdefault(unit, {"people": 0, "hours": ZERO, "met": 0, "gaps": 0})
        gaps = status.gaps
        row["people"] += 1
        row["hours"] += status.hours
        row["met"] += 1 if status.meets_hours else 0
        row["gaps"] += gaps
        totals["people"] += 1
        totals["with_rule"] += 0 if status.meets_hours is None else 1
        totals["met"] += 1 if status.meets_hours else 0
        totals["gaps"] += gaps
        totals["people_with_gaps"] += 1 if gaps else 0
    unit_costs = dict(db.session.execute(
        select(TrainingRecord.user_id, func.sum(TrainingRecord.cost))
        .where(TrainingRecord.ended_on >= dt.date(year, 1, 1),
               TrainingRecord.ended_on <= dt.date(year, 12, 31))
        .group_by(TrainingRecord.user_id)).all())
    cost_by_unit: dict[str, Decimal] = {}
    if unit_costs:
        for user_id, unit_id, unit_name in db.session.execute(
                select(User.id, User.unit_id, Unit.name)
                .outerjoin(Unit, Unit.id == User.unit_id)
                .where(User.id.in_(list(unit_costs)))):
            name = _unit_name(unit_id, unit_name)
            cost_by_unit[name] = cost_by_unit.get(name, ZERO) + Decimal(unit_costs[user_id] or 0)
    hours, cost = _year_sums(year)
    outside = queries.unplanned_cost(year)[0]
    pending = db.session.scalar(
        select(func.count(TrainingRecord.id))
        .where(TrainingRecord.evaluated_on.is_(None),
               TrainingRecord.ended_on >= dt.date(year, 1, 1),
               TrainingRecord.ended_on <= dt.date(year, 12, 31),
               (TrainingRecord.evaluation_requested.is_(True))
               | (TrainingRecord.cost >= services.evaluation_cost()))) or 0
    figures = {
        "people": totals["people"],
        "training_hours": float(hours),
        "hours_per_person": _per_person(hours, totals["people"]),
        "people_with_hours_requirement": totals["with_rule"],
        "people_meeting_required_hours": totals["met"],
        "gaps": totals["gaps"],
        "people_with_gaps": totals["people_with_gaps"],
        "budget_planned": _budget(year),
        "cost_actual": cost,
        "cost_outside_plan": outside,
        "evaluations_pending": pending,
    }
    rows = [(name, row["people"], float(row["hours"]), _per_person(row["hours"], row["people"]),
             row["met"], row["gaps"], cost_by_unit.get(name, ZERO))
            for name, row in sorted(units.items())]
    tables = [_table("training_by_unit", ["unit", "people", "training_hours",
                                          "hours_per_person", "people_meeting_required_hours",
                                          "gaps", "cost_actual"], rows)]
    years = _years(year)
    sums = [_year_sums(y) for y in years]
    trend_series = {"training_hours": [float(h) for h, _c in sums],
                    "training_cost": [c for _h, c in sums],
                    "budget_planned": [_budget(y) for y in years]}
    return {"figures": figures, "tables": tables, "trend_series": trend_series}
