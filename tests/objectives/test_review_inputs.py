"""The management review input 9.3.2 c) 2)."""

import datetime as dt

from qms.objectives import services
from qms.objectives.review_inputs import LABELS, objectives_achievement

NOW = dt.datetime(2026, 2, 10, 9, 0, tzinfo=dt.UTC)


def test_objectives_achievement(app, make_user):
    qm, head = make_user("quality_manager"), make_user("manager")

    def objective(year, status=None, **kw):
        values = dict(year=year, title="Mērķis", target="90 %", responsible_id=head.id,
                      deadline_on=dt.date(year, 12, 31), evaluation_method="Aptauja")
        values.update(kw)
        o = services.create_objective(actor=qm, now=NOW, **values)
        services.activate(o, actor=qm, now=NOW)
        if status:
            services.close_objective(o, actor=qm, now=NOW, status=status)
        return o

    objective(2025, "achieved")
    objective(2025, "not_achieved")
    objective(2025)
    objective(2024, "achieved")
    services.create_objective(actor=qm, now=NOW, year=2025, title="Melnraksts")
    result = objectives_achievement(2025)
    figures = result["figures"]
    assert (figures["objectives"], figures["met"], figures["not_met"]) == (3, 1, 1)
    # the open one past its deadline (the year is over) is off track
    assert figures["off_track"] == 1 and figures["on_track"] == 0
    assert len(result["tables"][0]["rows"]) == 3
    assert result["trend_series"]["series"]["met"][-2:] == [1, 1]
    assert result["trend_series"]["series"]["objectives"][-2:] == [1, 3]
    keys = set(figures) | {t["key"] for t in result["tables"]} \
        | {c for t in result["tables"] for c in t["columns"]} \
        | set(result["trend_series"]["series"])
    assert keys <= set(LABELS)
