"""Read-only queries for organisation pages. Lists are filtered and paginated in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from qms.auth.models import User, UserRole
from qms.extensions import db
from qms.org.models import STAFF_CATEGORY_LABELS, Position, Unit


@dataclass
class UnitNode:
    unit: Unit
    headcount: int
    people: int
    children: list[UnitNode] = field(default_factory=list)

    @property
    def total_headcount(self) -> int:
        return self.headcount + sum(child.total_headcount for child in self.children)


def all_units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).order_by(Unit.code)))


def all_positions() -> list[Position]:
    return list(db.session.scalars(
        select(Position).options(selectinload(Position.unit)).order_by(Position.title)))


def person_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(User.id, User.full_name).where(User.is_active_account.is_(True))
        .order_by(User.full_name))
    return [(row.id, row.full_name) for row in rows]


def unit_tree() -> list[UnitNode]:
    """Every unit with its own headcount and number of people, as a tree (four queries)."""
    units = db.session.scalars(
        select(Unit).options(selectinload(Unit.head)).order_by(Unit.code)).all()
    headcounts = dict(db.session.execute(
        select(Position.unit_id, func.sum(Position.headcount))
        .where(Position.is_active.is_(True)).group_by(Position.unit_id)).all())
    people = dict(db.session.execute(
        select(User.unit_id, func.count(User.id))
        .where(User.is_active_account.is_(True)).group_by(User.unit_id)).all())
    nodes = {u.id: UnitNode(u, int(headcounts.get(u.id) or 0), people.get(u.id, 0))
             for u in units}
    roots = []
    for unit in units:
        node = nodes[unit.id]
        if unit.parent_id in nodes:
            nodes[unit.parent_id].children.append(node)
        else:
            roots.append(node)
    return roots


def headcount_totals() -> dict:
    by_category = db.session.execute(
        select(Position.category, func.sum(Position.headcount))
        .where(Position.is_active.is_(True)).group_by(Position.category)).all()
    categories = [(STAFF_CATEGORY_LABELS.get(cat, cat), int(total or 0))
                  for cat, total in by_category]
    categories.sort(key=lambda pair: -pair[1])
    return {
        "units": db.session.scalar(select(func.count(Unit.id)).where(Unit.is_active.is_(True))),
        "positions": db.session.scalar(
            select(func.count(Position.id)).where(Position.is_active.is_(True))),
        "headcount": sum(total for _, total in categories),
        "people": db.session.scalar(
            select(func.count(User.id)).where(User.is_active_account.is_(True))),
        "by_category": categories,
    }


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def positions_page(*, query: str, unit_id: int | None, page: int, per_page: int):
    stmt = select(Position).options(selectinload(Position.unit)).order_by(Position.title)
    if query:
        stmt = stmt.where(func.lower(Position.title).like(_like(query), escape="\\"))
    if unit_id:
        stmt = stmt.where(Position.unit_id == unit_id)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def people_page(*, query: str, unit_id: int | None, role: str | None, status: str,
                page: int, per_page: int):
    stmt = (select(User)
            .options(selectinload(User.unit), selectinload(User.position),
                     selectinload(User.role_rows))
            .order_by(User.full_name))
    if query:
        pattern = _like(query)
        stmt = stmt.where(or_(func.lower(User.full_name).like(pattern, escape="\\"),
                              func.lower(User.username).like(pattern, escape="\\"),
                              func.lower(User.email).like(pattern, escape="\\")))
    if unit_id:
        stmt = stmt.where(User.unit_id == unit_id)
    if role:
        stmt = stmt.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if status == "active":
        stmt = stmt.where(User.is_active_account.is_(True))
    elif status == "inactive":
        stmt = stmt.where(User.is_active_account.is_(False))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)
