"""The demo providers load through the services."""


from sqlalchemy import func, select

from qms.core.permissions import SystemActor
from qms.extensions import db
from qms.providers.models import Provider, ProviderEvaluation


def test_the_demo_providers_load(app):
    from qms.demo.organisation import load_organisation
    from qms.demo.providers import load_providers

    actor = SystemActor("demo")
    load_organisation(actor)
    load_providers(actor)
    assert 15 <= db.session.scalar(select(func.count(Provider.id))) <= 20
    decisions = dict(db.session.execute(select(ProviderEvaluation.decision, func.count())
                                        .group_by(ProviderEvaluation.decision)).all())
    assert set(decisions) == {"continue", "improve", "stop"}
    assert all("Demo" in name for name in db.session.scalars(select(Provider.name)))
