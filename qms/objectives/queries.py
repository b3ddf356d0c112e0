"""Read-only queries of policy and strategy (filtered in SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from qms.extensions import db
from qms.objectives import services
from qms.objectives.models import (
    ObjectiveProgress,
    ObjectiveStatus,
    QualityObjective,
    StrategicObjective,
    StrategyTask,
    SwotItem,
)

# Health is derived (from indicator values and progress), so the health filter runs over the
# objectives of one year after the SQL filters: a year holds tens of objectives, not thousands.
HEALTH_SCAN_LIMIT = 500


def policy_document():
    """The quality policy document (type "policy") with a version in effect, or None."""
    from qms.documents.models import Document, DocumentType, DocumentVersion, VersionStatus

    return db.session.scalar(
        select(Document).join(DocumentType, DocumentType.id == Document.type_id)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(DocumentType.key == "policy", DocumentVersion.status == VersionStatus.EFFECTIVE,
               Document.is_withdrawn.is_(False))
        .order_by(DocumentVersion.effective_at.desc().nulls_last(), Document.id.desc())
        .limit(1))


@dataclass
class ObjectiveFilter:
    year: int | None = None
    unit_id: int | None = None
    status: str = ""
    health: str = ""
    query: str = ""


def objectives_stmt(f: ObjectiveFilter):
    stmt = select(QualityObjective).options(selectinload(QualityObjective.responsible),
                                            selectinload(QualityObjective.unit),
                                            selectinload(QualityObjective.indicator))
    if f.year:
        stmt = stmt.where(QualityObjective.year == f.year)
    if f.unit_id:
        stmt = stmt.where(QualityObjective.unit_id == f.unit_id)
    if f.status:
        stmt = stmt.where(QualityObjective.status == f.status)
    if f.health:
        stmt = stmt.where(QualityObjective.status.in_([ObjectiveStatus.ACTIVE,
                                                       ObjectiveStatus.ACHIEVED,
                                                       ObjectiveStatus.NOT_ACHIEVED]))
    if f.query:
        pattern = f"%{f.query.lower()}%"
        stmt = stmt.where(or_(func.lower(QualityObjective.number).like(pattern),
                              func.lower(QualityObjective.title).like(pattern),
                              func.lower(QualityObjective.target).like(pattern)))
    return stmt.order_by(QualityObjective.year.desc(), QualityObjective.sequence)


def latest_indicator_values(indicator_ids) -> dict[int, Decimal]:
    """The latest value of each indicator (one query)."""
    from qms.processes.models import IndicatorValue

    ids = sorted({i for i in indicator_ids if i})
    if not ids:
        return {}
    latest = (select(IndicatorValue.indicator_id,
                     func.max(IndicatorValue.period_start).label("period"))
              .where(IndicatorValue.indicator_id.in_(ids))
              .group_by(IndicatorValue.indicator_id).subquery())
    return dict(db.session.execute(
        select(IndicatorValue.indicator_id, IndicatorValue.value)
        .join(latest, (latest.c.indicator_id == IndicatorValue.indicator_id)
              & (latest.c.period == IndicatorValue.period_start))).all())


def latest_percents(objective_ids) -> dict[int, int | None]:
    """The percent of the latest progress update that has one, per objective."""
    ids = sorted(set(objective_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(ObjectiveProgress.objective_id, ObjectiveProgress.percent)
        .where(ObjectiveProgress.objective_id.in_(ids), ObjectiveProgress.percent.is_not(None))
        .order_by(ObjectiveProgress.objective_id, ObjectiveProgress.recorded_on.desc(),
                  ObjectiveProgress.id.desc())).all()
    result: dict[int, int | None] = {}
    for objective_id, percent in rows:
        result.setdefault(objective_id, percent)
    return result


def health_of(objectives, *, today: dt.date) -> dict[int, str | None]:
    objectives = list(objectives)
    values = latest_indicator_values(o.indicator_id for o in objectives)
    percents = latest_percents(o.id for o in objectives)
    return {o.id: services.derive_health(o, today=today,
                                         latest_value=values.get(o.indicator_id),
                                         latest_percent=percents.get(o.id))
            for o in objectives}


def objectives_with_health(f: ObjectiveFilter, *, today: dt.date) -> list[int]:
    """Ids of the objectives matching ``f`` including its health filter (see
    HEALTH_SCAN_LIMIT)."""
    rows = list(db.session.scalars(objectives_stmt(f).limit(HEALTH_SCAN_LIMIT)))
    health = health_of(rows, today=today)
    return [o.id for o in rows if health[o.id] == f.health]


def years() -> list[int]:
    return list(db.session.scalars(select(QualityObjective.year).distinct()
                                   .order_by(QualityObjective.year.desc())))


def my_objectives(user) -> list[QualityObjective]:
    return list(db.session.scalars(
        select(QualityObjective).where(QualityObjective.responsible_id == user.id,
                                       QualityObjective.status == ObjectiveStatus.ACTIVE)
        .order_by(QualityObjective.deadline_on.asc().nulls_last()).limit(50)))


def indicators() -> list:
    from qms.processes.models import Indicator

    return list(db.session.scalars(select(Indicator).where(Indicator.is_active.is_(True))
                                   .order_by(Indicator.name).limit(500)))


# --- SWOT -----------------------------------------------------------------------------------

def swot_periods() -> list[str]:
    return list(db.session.scalars(select(SwotItem.period).distinct()
                                   .order_by(SwotItem.period.desc())))


def swot_items(period: str) -> list[SwotItem]:
    return list(db.session.scalars(select(SwotItem).where(SwotItem.period == period)
                                   .order_by(SwotItem.quadrant, SwotItem.position,
                                             SwotItem.id)))


# --- strategy -------------------------------------------------------------------------------

@dataclass
class TaskFilter:
    year: int | None = None
    unit_id: int | None = None
    status: str = ""
    funding: str = ""


def strategic_objectives() -> list[StrategicObjective]:
    return list(db.session.scalars(select(StrategicObjective)
                                   .order_by(StrategicObjective.period_from.desc(),
                                             StrategicObjective.code).limit(200)))


def tasks_stmt(f: TaskFilter, objective_id: int | None = None):
    stmt = (select(StrategyTask).join(StrategyTask.objective)
            .options(selectinload(StrategyTask.objective), selectinload(StrategyTask.unit)))
    if objective_id:
        stmt = stmt.where(StrategyTask.objective_id == objective_id)
    if f.year:
        stmt = stmt.where(StrategyTask.year_from <= f.year, StrategyTask.year_to >= f.year)
    if f.unit_id:
        stmt = stmt.where(StrategyTask.unit_id == f.unit_id)
    if f.status:
        stmt = stmt.where(StrategyTask.status == f.status)
    if f.funding:
        stmt = stmt.where(StrategyTask.funding == f.funding)
    return stmt.order_by(StrategicObjective.code, StrategyTask.position, StrategyTask.id)
