"""The management review input 9.3.2 c) 7)."""

import datetime as dt
from decimal import Decimal

from qms.providers import services
from qms.providers.review_inputs import LABELS, provider_performance

NOW = dt.datetime(2026, 2, 10, 9, 0, tzinfo=dt.UTC)


def test_provider_performance(app, make_user, system):
    services.install_default_criteria(actor=system)
    qm = make_user("quality_manager")
    criteria = services.active_criteria()
    a = services.register(actor=qm, now=NOW, name="SIA Demo A", kind="service_contractor")
    b = services.register(actor=qm, now=NOW, name="Biedrība Demo B", kind="ngo")
    services.register(actor=qm, now=NOW, name="SIA Demo C", kind="supplier")
    services.evaluate(a, actor=qm, now=NOW, year=2025, scores={c.id: 5 for c in criteria},
                      decision="continue")
    services.evaluate(b, actor=qm, now=NOW, year=2025, scores={c.id: 3 for c in criteria},
                      decision="improve", comment="Pārskati kavējas")
    services.evaluate(a, actor=qm, now=NOW, year=2024, scores={c.id: 4 for c in criteria},
                      decision="continue")
    result = provider_performance(2025)
    figures = result["figures"]
    assert figures["providers"] == 3 and figures["evaluated"] == 2
    assert figures["average_score"] == Decimal("4.00")
    assert (figures["continue"], figures["improve"], figures["stop"]) == (1, 1, 0)
    by_kind = {t["key"]: t for t in result["tables"]}["decisions_by_kind"]
    assert ["ngo", 0, 1, 0] in by_kind["rows"]
    assert result["trend_series"]["years"][-1] == 2025
    assert result["trend_series"]["series"]["evaluated"][-2:] == [1, 2]
    keys = set(figures) | {t["key"] for t in result["tables"]} \
        | {c for t in result["tables"] for c in t["columns"]} \
        | set(result["trend_series"]["series"])
    assert keys <= set(LABELS)
