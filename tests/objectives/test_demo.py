"""The demo objectives load through the services (without the
rest of the demo apart from the organisation and processes)."""


from sqlalchemy import func, select

from qms.core.permissions import SystemActor
from qms.extensions import db
from qms.objectives.models import QualityObjective, StrategyTask, SwotItem


def test_the_demo_objectives_load(app):
    from qms.demo.objectives import load_objectives
    from qms.demo.organisation import load_organisation
    from qms.demo.processes import load_processes

    actor = SystemActor("demo")
    _people, positions = load_organisation(actor)
    load_processes(actor, positions)
    load_objectives(actor)
    counts = dict(db.session.execute(select(QualityObjective.year, func.count())
                                     .group_by(QualityObjective.year)).all())
    assert counts[2025] == 6 and counts[2026] == 8
    assert db.session.scalar(select(func.count(StrategyTask.id))) >= 10
    assert db.session.scalar(select(func.count(SwotItem.id))) >= 12
