"""Input of the management review, 9.3.2 c) 2): the extent to which quality objectives
have been met."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.core.time import local_date, utcnow
from qms.extensions import db
from qms.objectives import queries
from qms.objectives.models import HEALTH_LABELS, ObjectiveStatus, QualityObjective
from qms.reviews.assemble import _table, _years

COUNTED = (ObjectiveStatus.ACTIVE, ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED)

LABELS = {
    "objectives": _l("Quality objectives"),
    "met": _l("Met"),
    "not_met": _l("Not met"),
    "on_track": _l("On track"),
    "at_risk": _l("At risk"),
    "off_track": _l("Off track"),
    "per_objective": _l("Quality objectives of the year"),
    "number": _l("Number"),
    "title": _l("Objective"),
    "target": _l("Target"),
    "responsible": _l("Responsible"),
    "deadline_on": _l("Deadline"),
    "status": _l("Status"),
    "health": _l("Health"),
    "latest_value": _l("Latest indicator value"),
    "latest_percent": _l("Latest progress, %"),
}


def _counts(years: list[int]) -> dict[int, tuple[int, int]]:
    """Objectives counted and met, per year (one grouped query)."""
    return {year: (total or 0, met or 0) for year, total, met in db.session.execute(
        select(QualityObjective.year, func.count(QualityObjective.id),
               func.count(QualityObjective.id).filter(
                   QualityObjective.status == ObjectiveStatus.ACHIEVED))
        .where(QualityObjective.year >= years[0], QualityObjective.year <= years[-1],
               QualityObjective.status.in_(COUNTED))
        .group_by(QualityObjective.year))}


def objectives_achievement(year: int, *, today: dt.date | None = None) -> dict:
    today = min(today or local_date(utcnow()), dt.date(year, 12, 31))
    objectives = list(db.session.scalars(
        queries.objectives_stmt(queries.ObjectiveFilter(year=year))
        .where(QualityObjective.status.in_(COUNTED))))
    values = queries.latest_indicator_values(o.indicator_id for o in objectives)
    percents = queries.latest_percents(o.id for o in objectives)
    health = queries.health_of(objectives, today=today)
    figures = {"objectives": len(objectives),
               "met": sum(o.status == ObjectiveStatus.ACHIEVED for o in objectives),
               "not_met": sum(o.status == ObjectiveStatus.NOT_ACHIEVED for o in objectives)}
    for key in HEALTH_LABELS:
        figures[str(key)] = sum(1 for o in objectives
                                if o.status == ObjectiveStatus.ACTIVE and health[o.id] == key)
    rows = [(o.number, o.title, o.target, o.responsible.full_name if o.responsible else "",
             o.deadline_on, str(o.status), str(health[o.id] or ""),
             values.get(o.indicator_id), percents.get(o.id)) for o in objectives]
    years = _years(year)
    per_year = _counts(years)
    counts = [per_year.get(y, (0, 0)) for y in years]
    return {
        "figures": figures,
        "tables": [_table("per_objective", ["number", "title", "target", "responsible",
                                            "deadline_on", "status", "health",
                                            "latest_value", "latest_percent"], rows)],
        "trend_series": {"years": years, "series": {"objectives": [t for t, _m in counts],
                                                    "met": [m for _t, m in counts]}},
    }
