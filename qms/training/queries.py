"""Read-only queries of training: lists filtered and paginated in SQL, plan sums, the matrix."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from qms.auth.models import User
from qms.extensions import db
from qms.org.models import Position
from qms.training import competence
from qms.training.models import (
    CELL_STATUS_LABELS,
    CellStatus,
    RequirementKind,
    TrainingPlanItem,
    TrainingRecord,
    TrainingRequirement,
)

ZERO = Decimal("0")


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --- records --------------------------------------------------------------------------------

@dataclass
class RecordFilter:
    query: str = ""
    year: int | None = None
    unit_id: int | None = None
    training_type: str = ""
    evaluation: str = ""  # "" | "pending" (required by cost or request, not yet evaluated)


def records(f: RecordFilter, *, evaluation_cost: Decimal):
    stmt = (select(TrainingRecord).join(User, User.id == TrainingRecord.user_id)
            .options(selectinload(TrainingRecord.user))
            .order_by(TrainingRecord.ended_on.desc(), TrainingRecord.id.desc()))
    if f.query:
        pattern = _like(f.query)
        stmt = stmt.where(or_(func.lower(TrainingRecord.topic).like(pattern, escape="\\"),
                              func.lower(TrainingRecord.provider).like(pattern, escape="\\"),
                              func.lower(User.full_name).like(pattern, escape="\\")))
    if f.year:
        stmt = stmt.where(TrainingRecord.ended_on >= dt.date(f.year, 1, 1),
                          TrainingRecord.ended_on <= dt.date(f.year, 12, 31))
    if f.unit_id:
        stmt = stmt.where(User.unit_id == f.unit_id)
    if f.training_type:
        stmt = stmt.where(TrainingRecord.training_type == f.training_type)
    if f.evaluation == "pending":
        stmt = stmt.where(TrainingRecord.evaluated_on.is_(None),
                          or_(TrainingRecord.evaluation_requested.is_(True),
                              TrainingRecord.cost >= evaluation_cost))
    return stmt


def records_of(user_id: int, *, limit: int = 200) -> list[TrainingRecord]:
    return list(db.session.scalars(
        select(TrainingRecord).where(TrainingRecord.user_id == user_id)
        .options(selectinload(TrainingRecord.requirement))
        .order_by(TrainingRecord.ended_on.desc(), TrainingRecord.id.desc()).limit(limit)))


def record_years() -> list[int]:
    years = db.session.scalars(select(func.distinct(func.extract("year",
                                                                TrainingRecord.ended_on))))
    return sorted({int(y) for y in years if y is not None}, reverse=True)


def competences_for(position) -> list[TrainingRequirement]:
    if position is None:
        return []
    return competence.active_requirements(RequirementKind.COMPETENCE, positions=[position])


def requirement_choices(position=None) -> list[tuple[int, str]]:
    """Required trainings to link a record to (those of ``position`` if given)."""
    positions = [position] if position is not None else None
    return [(r.id, f"{r.name} — {r.target_label}")
            for r in competence.active_requirements(RequirementKind.TRAINING,
                                                    positions=positions)]


def plan_choices(years: list[int]) -> list[tuple[int, str]]:
    return [(i.id, f"{i.year} Q{i.quarter} · {i.topic}") for i in db.session.scalars(
        select(TrainingPlanItem).where(TrainingPlanItem.year.in_(years))
        .order_by(TrainingPlanItem.year.desc(), TrainingPlanItem.quarter,
                  TrainingPlanItem.topic))]


# --- requirements ---------------------------------------------------------------------------

def requirements(*, kind: str = "", position_id: int | None = None, query: str = ""):
    stmt = (select(TrainingRequirement)
            .options(selectinload(TrainingRequirement.position).selectinload(Position.unit))
            .order_by(TrainingRequirement.kind, TrainingRequirement.name,
                      TrainingRequirement.id))
    if kind:
        stmt = stmt.where(TrainingRequirement.kind == kind)
    if position_id:
        position = db.session.get(Position, position_id)
        stmt = stmt.where(or_(TrainingRequirement.position_id == position_id,
                              TrainingRequirement.category == (position.category
                                                               if position else None)))
    if query:
        stmt = stmt.where(func.lower(TrainingRequirement.name).like(_like(query), escape="\\"))
    return stmt


# --- the plan -------------------------------------------------------------------------------

@dataclass
class PlanRow:
    item: TrainingPlanItem
    actual_cost: Decimal
    actual_hours: Decimal
    participants: int

    @property
    def planned_total_hours(self) -> Decimal:
        """Planned hours per participant times the planned participants."""
        return Decimal(self.item.planned_hours or 0) * (self.item.planned_participants or 0)


def plan(year: int) -> list[PlanRow]:
    """Items of the year with their actual cost, hours and participants (two queries)."""
    items = list(db.session.scalars(
        select(TrainingPlanItem).where(TrainingPlanItem.year == year)
        .options(selectinload(TrainingPlanItem.unit), selectinload(TrainingPlanItem.position))
        .order_by(TrainingPlanItem.quarter, TrainingPlanItem.topic)))
    sums = {row.plan_item_id: row for row in db.session.execute(
        select(TrainingRecord.plan_item_id, func.sum(TrainingRecord.cost).label("cost"),
               func.sum(TrainingRecord.hours).label("hours"),
               func.count(func.distinct(TrainingRecord.user_id)).label("people"))
        .where(TrainingRecord.plan_item_id.in_([i.id for i in items]))
        .group_by(TrainingRecord.plan_item_id))}
    rows = []
    for item in items:
        found = sums.get(item.id)
        rows.append(PlanRow(item, Decimal(found.cost or 0) if found else ZERO,
                            Decimal(found.hours or 0) if found else ZERO,
                            found.people if found else 0))
    return rows


def plan_totals(rows: list[PlanRow]) -> dict:
    return {
        "planned_budget": sum((r.item.planned_budget for r in rows), ZERO),
        "actual_cost": sum((r.actual_cost for r in rows), ZERO),
        "planned_hours": sum((r.planned_total_hours for r in rows), ZERO),
        "actual_hours": sum((r.actual_hours for r in rows), ZERO),
        "planned_participants": sum(r.item.planned_participants for r in rows),
        "participants": sum(r.participants for r in rows),
    }


def by_quarter(rows: list[PlanRow]) -> list[tuple[int, Decimal, Decimal]]:
    """(quarter, planned budget, actual cost) for quarters 1-4."""
    result = []
    for quarter in (1, 2, 3, 4):
        of_quarter = [r for r in rows if r.item.quarter == quarter]
        result.append((quarter, sum((r.item.planned_budget for r in of_quarter), ZERO),
                       sum((r.actual_cost for r in of_quarter), ZERO)))
    return result


def unplanned_cost(year: int) -> tuple[Decimal, Decimal]:
    """Cost and hours of the year's records not linked to a plan item."""
    row = db.session.execute(
        select(func.sum(TrainingRecord.cost), func.sum(TrainingRecord.hours))
        .where(TrainingRecord.plan_item_id.is_(None),
               TrainingRecord.ended_on >= dt.date(year, 1, 1),
               TrainingRecord.ended_on <= dt.date(year, 12, 31))).one()
    return Decimal(row[0] or 0), Decimal(row[1] or 0)


def plan_years() -> list[int]:
    return list(db.session.scalars(select(TrainingPlanItem.year).distinct()
                                   .order_by(TrainingPlanItem.year.desc())))


# --- the matrix -----------------------------------------------------------------------------

@dataclass
class MatrixFilter:
    unit_id: int | None = None
    position_id: int | None = None
    query: str = ""
    gaps_only: bool = False


def matrix_people(f: MatrixFilter):
    """Active people who hold a position, filtered; paginate it."""
    stmt = (select(User).where(User.is_active_account.is_(True), User.position_id.is_not(None))
            .options(selectinload(User.position).selectinload(Position.unit),
                     selectinload(User.unit))
            .order_by(User.full_name, User.id))
    if f.unit_id:
        stmt = stmt.where(User.unit_id == f.unit_id)
    if f.position_id:
        stmt = stmt.where(User.position_id == f.position_id)
    if f.query:
        stmt = stmt.where(func.lower(User.full_name).like(_like(f.query), escape="\\"))
    return stmt


def matrix_columns(f: MatrixFilter) -> list[TrainingRequirement]:
    """The required trainings that apply to the positions in the filter."""
    stmt = select(Position).where(Position.is_active.is_(True))
    if f.position_id:
        stmt = stmt.where(Position.id == f.position_id)
    if f.unit_id:
        stmt = stmt.where(Position.unit_id == f.unit_id)
    positions = list(db.session.scalars(stmt))
    return competence.active_requirements(RequirementKind.TRAINING, positions=positions)


def people_batches(f: MatrixFilter, size: int = 200) -> Iterator[list[User]]:
    offset = 0
    stmt = matrix_people(f)
    while True:
        batch = list(db.session.scalars(stmt.limit(size).offset(offset)))
        if not batch:
            return
        yield batch
        offset += size


def gap_summary(f: MatrixFilter, columns, *, year: int, today: dt.date) -> dict:
    """Counts over everyone in the filter, computed batch by batch."""
    hour_rules = competence.active_requirements(RequirementKind.YEARLY_HOURS)
    summary = {"people": 0, "people_with_gaps": 0, "gaps": 0, "expired": 0, "missing": 0,
               "due": 0, "below_hours": 0}
    for batch in people_batches(f):
        for status in competence.statuses(batch, columns, year=year, today=today,
                                          hour_rules=hour_rules):
            summary["people"] += 1
            summary["gaps"] += status.gaps
            summary["people_with_gaps"] += 1 if status.gaps else 0
            for cell in status.cells.values():
                if cell.status in (CellStatus.EXPIRED, CellStatus.MISSING, CellStatus.DUE):
                    summary[cell.status.value] += 1
            summary["below_hours"] += 1 if status.meets_hours is False else 0
    return summary


def matrix_csv(f: MatrixFilter, columns, *, year: int, today: dt.date, headings: list[str],
               hours_heading: str) -> Iterator[str]:
    """The matrix as CSV (UTF-8 with BOM, ``;``-separated, as Latvian Excel expects)."""
    hour_rules = competence.active_requirements(RequirementKind.YEARLY_HOURS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow([*headings, *(f"{c.name} ({c.target_label})" for c in columns),
                     hours_heading])
    for batch in people_batches(f):
        for status in competence.statuses(batch, columns, year=year, today=today,
                                          hour_rules=hour_rules):
            person = status.user
            cells = []
            for column in columns:
                cell = status.cells.get(column.id)
                if cell is None:
                    cells.append(str(CELL_STATUS_LABELS[CellStatus.NOT_REQUIRED]))
                    continue
                text = str(CELL_STATUS_LABELS[cell.status])
                if cell.valid_until:
                    text += f" {cell.valid_until:%d.%m.%Y}"
                elif cell.required_hours:
                    text += f" {_hours(cell.hours)}/{_hours(cell.required_hours)}"
                cells.append(text)
            required = status.required_hours
            writer.writerow([person.full_name, person.unit.name if person.unit else "",
                             person.position.title if person.position else "", *cells,
                             f"{_hours(status.hours)}/{_hours(required)}"
                             if required is not None else _hours(status.hours)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _hours(value) -> str:
    value = Decimal(value or 0)
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text
