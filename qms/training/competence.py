"""Which requirements apply to a person, and how far they are met (the gap analysis).

Pure rules on loaded rows, plus the few read-only queries they need. A required training is:

- *done* when a linked record ended within the recurrence (or ever, without a recurrence);
  for a cycle of hours (``min_hours`` > 0) when the linked records of the last
  ``recurrence_months`` add up to ``min_hours``;
- *due* when it is done but runs out within ``DUE_WITHIN_DAYS``, or when a cycle of hours is
  under way but not complete yet;
- *expired* when it was done once but the recurrence has passed (a cycle with no hours left
  in its window);
- *missing* when no record was ever linked to it.

Expired and missing are gaps. Yearly hours count every record that ended in the calendar year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from qms.core.time import add_months
from qms.extensions import db
from qms.org.models import Position
from qms.training.models import (
    GAP_STATUSES,
    CellStatus,
    RequirementKind,
    TrainingRecord,
    TrainingRequirement,
)

DUE_WITHIN_DAYS = 60
ZERO = Decimal("0")


@dataclass
class Cell:
    status: CellStatus
    last_on: dt.date | None = None
    valid_until: dt.date | None = None
    hours: Decimal = ZERO
    required_hours: Decimal = ZERO

    @property
    def is_gap(self) -> bool:
        return self.status in GAP_STATUSES


def cell_status(requirement: TrainingRequirement, records, today: dt.date) -> Cell:
    """The state of ``requirement`` given the person's records linked to it."""
    done = sorted((r for r in records if r.ended_on <= today), key=lambda r: r.ended_on)
    minimum = Decimal(requirement.min_hours or 0)
    if not done:
        return Cell(CellStatus.MISSING, required_hours=minimum)
    last_on = done[-1].ended_on
    months = requirement.recurrence_months or 0
    if minimum > 0:
        window = [r for r in done if months <= 0 or r.ended_on > add_months(today, -months)]
        hours = sum((Decimal(r.hours or 0) for r in window), ZERO)
        if hours >= minimum:
            status = CellStatus.DONE
        elif hours > 0:
            status = CellStatus.DUE
        else:
            status = CellStatus.EXPIRED
        return Cell(status, last_on=last_on, hours=hours, required_hours=minimum)
    if months <= 0:
        return Cell(CellStatus.DONE, last_on=last_on)
    valid_until = add_months(last_on, months)
    if valid_until < today:
        status = CellStatus.EXPIRED
    elif valid_until <= today + dt.timedelta(days=DUE_WITHIN_DAYS):
        status = CellStatus.DUE
    else:
        status = CellStatus.DONE
    return Cell(status, last_on=last_on, valid_until=valid_until)


def applies_to(requirement: TrainingRequirement, position) -> bool:
    if position is None:
        return False
    if requirement.position_id is not None:
        return requirement.position_id == position.id
    return requirement.category == position.category


def required_hours(position, hour_rules) -> Decimal | None:
    """Yearly hours a position needs: its own rule wins over its category's; None: no rule."""
    if position is None:
        return None
    own = [r.min_hours for r in hour_rules if r.position_id == position.id]
    if own:
        return max(Decimal(h) for h in own)
    by_category = [r.min_hours for r in hour_rules
                   if r.position_id is None and r.category == position.category]
    return max((Decimal(h) for h in by_category), default=None)


# --- queries --------------------------------------------------------------------------------

def active_requirements(kind: RequirementKind, *, positions=None) -> list[TrainingRequirement]:
    """Active requirements of ``kind``; with ``positions``, only those applying to them."""
    stmt = (select(TrainingRequirement)
            .options(selectinload(TrainingRequirement.position).selectinload(Position.unit))
            .where(TrainingRequirement.kind == kind, TrainingRequirement.is_active.is_(True))
            .order_by(TrainingRequirement.name, TrainingRequirement.id))
    if positions is not None:
        ids = [p.id for p in positions]
        categories = sorted({p.category for p in positions})
        stmt = stmt.where(or_(TrainingRequirement.position_id.in_(ids),
                              TrainingRequirement.category.in_(categories)))
    return list(db.session.scalars(stmt))


def linked_records(user_ids, requirement_ids) -> dict[tuple[int, int], list[TrainingRecord]]:
    """Records of ``user_ids`` linked to ``requirement_ids``, by (user, requirement)."""
    found: dict[tuple[int, int], list[TrainingRecord]] = defaultdict(list)
    if not user_ids or not requirement_ids:
        return found
    for record in db.session.scalars(
            select(TrainingRecord).where(TrainingRecord.user_id.in_(list(user_ids)),
                                         TrainingRecord.requirement_id.in_(
                                             list(requirement_ids)))):
        found[(record.user_id, record.requirement_id)].append(record)
    return found


def hours_in_year(user_ids, year: int) -> dict[int, Decimal]:
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(TrainingRecord.user_id, func.sum(TrainingRecord.hours))
        .where(TrainingRecord.user_id.in_(list(user_ids)),
               TrainingRecord.ended_on >= dt.date(year, 1, 1),
               TrainingRecord.ended_on <= dt.date(year, 12, 31))
        .group_by(TrainingRecord.user_id))
    return {user_id: Decimal(total or 0) for user_id, total in rows}


@dataclass
class PersonStatus:
    user: object
    cells: dict[int, Cell] = field(default_factory=dict)  # requirement id -> cell
    hours: Decimal = ZERO
    required_hours: Decimal | None = None

    @property
    def gaps(self) -> int:
        return sum(1 for c in self.cells.values() if c.is_gap)

    @property
    def meets_hours(self) -> bool | None:
        if self.required_hours is None:
            return None
        return self.hours >= self.required_hours


def statuses(people, requirements, *, year: int, today: dt.date,
             hour_rules=None) -> list[PersonStatus]:
    """One PersonStatus per person: a cell for every requirement that applies (three
    queries however many people)."""
    if hour_rules is None:
        hour_rules = active_requirements(RequirementKind.YEARLY_HOURS)
    ids = [p.id for p in people]
    links = linked_records(ids, [r.id for r in requirements])
    hours = hours_in_year(ids, year)
    result = []
    for person in people:
        status = PersonStatus(person, hours=hours.get(person.id, ZERO),
                              required_hours=required_hours(person.position, hour_rules))
        for requirement in requirements:
            if applies_to(requirement, person.position):
                status.cells[requirement.id] = cell_status(
                    requirement, links.get((person.id, requirement.id), []), today)
        result.append(status)
    return result


def person_status(user, *, year: int, today: dt.date) -> PersonStatus:
    positions = [user.position] if user.position is not None else []
    requirements = active_requirements(RequirementKind.TRAINING, positions=positions)
    return statuses([user], requirements, year=year, today=today)[0]
