"""The demo training loads through the services, fast, with a plan and a few gaps."""

import datetime as dt
import time

from qms.core.permissions import SystemActor
from qms.demo.organisation import load_organisation
from qms.demo.training import load_training
from qms.training import competence, queries
from qms.training.models import TrainingRecord


def test_demo_training(app, db):
    actor = SystemActor("demo")
    load_organisation(actor)
    started = time.perf_counter()
    load_training(actor)
    assert time.perf_counter() - started < 5
    assert db.session.query(TrainingRecord).count() >= 25
    years = {r.ended_on.year for r in db.session.query(TrainingRecord)}
    assert years == {2024, 2025, 2026}
    rows = queries.plan(2026)
    totals = queries.plan_totals(rows)
    assert totals["planned_budget"] > 10000 and totals["actual_cost"] > 0
    f = queries.MatrixFilter()
    summary = queries.gap_summary(f, queries.matrix_columns(f), year=2026,
                                  today=dt.date(2026, 11, 24))
    assert summary["gaps"] > 0 and summary["due"] > 0 and summary["below_hours"] > 0
    from qms.demo.audits import person

    worker = competence.person_status(person("auditore"), year=2026,
                                      today=dt.date(2026, 11, 24))
    assert worker.meets_hours and worker.gaps == 0
