"""Rules of the provider register: the weighted score, the required decision, one
evaluation a year, criteria, permissions."""

import datetime as dt
from decimal import Decimal

import pytest

from qms.core.audit_log import history_for
from qms.core.errors import DomainError, PermissionDenied
from qms.providers import services
from qms.providers.models import Decision

NOW = dt.datetime(2026, 2, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def setting(app, make_user, make_unit, system):
    services.install_default_criteria(actor=system)
    qm = make_user("quality_manager")
    provider = services.register(actor=qm, now=NOW, name="SIA Demo Aprūpe",
                                 kind="service_contractor", provides="Aprūpe mājās",
                                 contact="info@demo-aprupe.example",
                                 contract_number="SD-2024/17",
                                 contract_from=dt.date(2024, 1, 1),
                                 contract_to=dt.date(2026, 12, 31), unit_id=make_unit().id)
    return {"qm": qm, "head": make_user("manager"), "provider": provider,
            "criteria": services.active_criteria()}


def _scores(setting, *values):
    return {c.id: v for c, v in zip(setting["criteria"], values, strict=True)}


def test_the_default_criteria_have_weights(setting, system):
    assert [c.weight for c in setting["criteria"]] == [3, 2, 2, 3]
    assert services.install_default_criteria(actor=system) == 0


def test_weighted_score():
    assert services.weighted_score([(3, 5), (2, 4), (2, 3), (3, 4)]) == Decimal("4.10")
    assert services.weighted_score([(1, 5)]) == Decimal("5.00")
    assert services.weighted_score([(1, 4), (2, 5)]) == Decimal("4.67")
    with pytest.raises(DomainError):
        services.weighted_score([])


def test_an_evaluation_stores_the_weighted_score_and_the_scores(setting):
    evaluation = services.evaluate(setting["provider"], actor=setting["qm"], now=NOW, year=2025,
                                   scores=_scores(setting, 5, 4, 3, 4),
                                   decision=Decision.CONTINUE)
    assert evaluation.score == Decimal("4.10")
    assert [(s.weight, s.score) for s in evaluation.scores] == [(3, 5), (2, 4), (2, 3), (3, 4)]
    assert history_for(setting["provider"])[0].action == "provider.evaluate"


def test_the_decision_is_required(setting):
    with pytest.raises(DomainError) as error:
        services.evaluate(setting["provider"], actor=setting["qm"], now=NOW, year=2025,
                          scores=_scores(setting, 5, 4, 3, 4), decision=None)
    assert error.value.field == "decision"


@pytest.mark.parametrize("decision", [Decision.IMPROVE, Decision.STOP])
def test_improve_or_stop_needs_a_comment(setting, decision):
    with pytest.raises(DomainError) as error:
        services.evaluate(setting["provider"], actor=setting["qm"], now=NOW, year=2025,
                          scores=_scores(setting, 2, 2, 2, 2), decision=decision, comment=" ")
    assert error.value.field == "comment"
    services.evaluate(setting["provider"], actor=setting["qm"], now=NOW, year=2025,
                      scores=_scores(setting, 2, 2, 2, 2), decision=decision,
                      comment="Kavēti pārskati")


def test_every_criterion_is_scored_1_to_5(setting):
    for values in ((5, 4, 3, None), (5, 4, 3, 6), (0, 4, 3, 4)):
        with pytest.raises(DomainError):
            services.evaluate(setting["provider"], actor=setting["qm"], now=NOW, year=2025,
                              scores=_scores(setting, *values), decision="continue")


def test_one_evaluation_a_year(setting):
    services.evaluate(setting["provider"], actor=setting["qm"], now=NOW, year=2025,
                      scores=_scores(setting, 5, 5, 5, 5), decision="continue")
    with pytest.raises(DomainError) as error:
        services.evaluate(setting["provider"], actor=setting["qm"], now=NOW, year=2025,
                          scores=_scores(setting, 4, 4, 4, 4), decision="continue")
    assert error.value.field == "year"


def test_a_changed_criterion_does_not_change_past_evaluations(setting):
    evaluation = services.evaluate(setting["provider"], actor=setting["qm"], now=NOW,
                                   year=2024, scores=_scores(setting, 5, 5, 1, 1),
                                   decision="continue")
    first = setting["criteria"][0]
    services.save_criterion(first, actor=setting["qm"], name="Kvalitāte", weight=10)
    assert evaluation.scores[0].weight == 3 and evaluation.scores[0].criterion_name != "Kvalitāte"
    assert evaluation.score == Decimal("3.00")


def test_only_the_quality_manager_manages_providers(setting):
    head = setting["head"]
    with pytest.raises(PermissionDenied):
        services.register(actor=head, now=NOW, name="SIA Cits", kind="supplier")
    with pytest.raises(PermissionDenied):
        services.evaluate(setting["provider"], actor=head, now=NOW, year=2025,
                          scores=_scores(setting, 5, 5, 5, 5), decision="continue")
    with pytest.raises(PermissionDenied):
        services.save_criterion(None, actor=head, name="Cena", weight=1)


def test_provider_rules(setting):
    qm = setting["qm"]
    with pytest.raises(DomainError):
        services.register(actor=qm, now=NOW, name="SIA Demo Aprūpe", kind="supplier")
    with pytest.raises(DomainError):
        services.register(actor=qm, now=NOW, name="SIA Jauns", kind="bank")
    with pytest.raises(DomainError):
        services.register(actor=qm, now=NOW, name="SIA Jauns", kind="supplier",
                          contract_from=dt.date(2026, 1, 1), contract_to=dt.date(2025, 1, 1))
    with pytest.raises(DomainError):
        services.register(actor=qm, now=NOW, name="SIA Jauns", kind="supplier",
                          contact="Jānis 010203-12345")
    provider = setting["provider"]
    services.update(provider, actor=qm, now=NOW, expected_version=provider.row_version,
                    name=provider.name, kind="ngo", status="suspended")
    assert history_for(provider)[0].changes["kind"] == ["service_contractor", "ngo"]


def test_criterion_weight_and_name(setting):
    with pytest.raises(DomainError):
        services.save_criterion(None, actor=setting["qm"], name="Cena", weight=0)
    with pytest.raises(DomainError):
        services.save_criterion(None, actor=setting["qm"], name="Timeliness", weight=1)
