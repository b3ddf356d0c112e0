"""Process indicators as an input to the management review (ISO 9001 9.3.2 c) 3)): how many
indicators met their targets in the year, one row per indicator, and the three-year trend."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from qms.extensions import db
from qms.processes.models import Indicator, Process

LABELS = {
    "indicators": _l("Process indicators measured"),
    "indicators_met": _l("Indicators that met the target"),
    "indicators_breached": _l("Indicators that missed the target"),
    "indicators_without_values": _l("Indicators without values in the year"),
    "values_breached": _l("Values on the wrong side of the target"),
    "reports_approved": _l("Process performance reports approved"),
    "indicator_results": _l("Indicators against their targets"),
    "process": _l("Process"),
    "indicator": _l("Indicator"),
    "target": _l("Target"),
    "value": _l("Value of the year"),
    "met": _l("Target met"),
    "met_count": _l("Indicators met"),
    "breached_count": _l("Indicators missed"),
}


def indicator_performance(year: int) -> dict:
    """``{"figures": {...}, "tables": [...], "trend_series": {...}}`` for section c3. The
    year's value of an indicator is the average of its periods' values; it meets the target
    when it is on the right side of it (``Indicator.is_breach``)."""
    from qms.processes import queries
    from qms.reviews.assemble import _table, _years

    years = _years(year)
    indicators = list(db.session.execute(
        select(Indicator, Process.code).join(Process, Process.id == Indicator.process_id)
        .where(Indicator.is_active.is_(True), Process.is_active.is_(True))
        .order_by(Process.code, Indicator.code, Indicator.name)).all())
    figures_by = queries.yearly_figures([i.id for i, _ in indicators], years)
    met_by_year = {y: 0 for y in years}
    breached_by_year = {y: 0 for y in years}
    rows, without_values, values_breached = [], 0, 0
    for indicator, process_code in indicators:
        for y in years:
            figure = figures_by.get((indicator.id, y))
            if figure is None or indicator.target is None:
                continue
            if indicator.is_breach(figure[0]):
                breached_by_year[y] += 1
            else:
                met_by_year[y] += 1
        figure = figures_by.get((indicator.id, year))
        if figure is None:
            without_values += 1
            continue
        values_breached += figure[2]
        met = None if indicator.target is None else not indicator.is_breach(figure[0])
        rows.append([process_code, indicator.name,
                     str(indicator.target) if indicator.target is not None else "",
                     str(figure[0]), met])
    measured = len(rows)
    figures = {"indicators": measured, "indicators_met": met_by_year[year],
               "indicators_breached": breached_by_year[year],
               "indicators_without_values": without_values, "values_breached": values_breached,
               "reports_approved": queries.approved_reports(year)}
    tables = [_table("indicator_results", ["process", "indicator", "target", "value", "met"],
                     rows)]
    trend_series = {"met_count": [met_by_year[y] for y in years],
                    "breached_count": [breached_by_year[y] for y in years]}
    return {"figures": figures, "tables": tables, "trend_series": trend_series}
