"""Rules of the context register, interested parties, the scoring method and the register of
risks and opportunities."""

import datetime as dt

import pytest
from sqlalchemy import select

from qms.core.audit_log import AuditEvent, history_for
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.nonconformities import services as nc_services
from qms.nonconformities.models import Action
from qms.risks import services
from qms.risks.models import RiskSettings

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def setting(db, make_user, system):
    from qms.processes.services import create_process

    return {
        "qm": make_user("quality_manager", full_name="Ilze Kvalitāte"),
        "head": make_user("manager", full_name="Vija Vadītāja"),
        "other_head": make_user("manager", full_name="Dace Direktore"),
        "staff": make_user("staff", full_name="Zane Darbiniece"),
        "auditor": make_user("auditor"),
        "process": create_process(actor=system, code="PP-04", name="Aprūpe mājās",
                                  kind="core"),
    }


def _risk(setting, **kw):
    values = {"kind": "risk", "title": "Sociālo darbinieku mainība",
              "owner_id": setting["head"].id, "likelihood": 4, "impact": 4,
              "process_id": setting["process"].id}
    values.update(kw)
    return services.create_risk(actor=setting["qm"], now=NOW, **values)


# --- scoring and levels ---------------------------------------------------------------------

@pytest.mark.parametrize("likelihood, impact, level", [
    (1, 1, "low"), (2, 2, "low"), (1, 5, "medium"), (3, 3, "medium"), (2, 5, "high"),
    (3, 5, "high"), (4, 4, "critical"), (5, 5, "critical")])
def test_score_is_likelihood_times_impact_and_level_from_default_thresholds(
        setting, likelihood, impact, level):
    risk = _risk(setting, likelihood=likelihood, impact=impact)
    assert risk.score == likelihood * impact
    assert services.settings().level(risk.score) == level


def test_levels_follow_changed_thresholds_and_labels(setting):
    risk = _risk(setting, likelihood=3, impact=3)
    assert services.settings().level(risk.score) == "medium"
    services.save_settings(actor=setting["qm"], now=NOW, scale=5, low_max=9, medium_max=12,
                           high_max=20, label_low="Pieņemams")
    method = services.settings()
    assert method.level(risk.score) == "low"
    assert method.label("low") == "Pieņemams"
    assert method.level(21) == "critical"
    assert method.bounds("high") == (13, 20)


@pytest.mark.parametrize("values, field", [
    ({"scale": 2}, "scale"), ({"scale": 11}, "scale"),
    ({"low_max": 0}, "low_max"),
    ({"low_max": 9, "medium_max": 9}, "medium_max"),
    ({"medium_max": 15, "high_max": 12}, "high_max"),
    ({"high_max": 25}, "high_max"),
    ({"label_high": "x" * 41}, "label_high")])
def test_settings_are_validated(setting, values, field):
    full = {"scale": 5, "low_max": 4, "medium_max": 9, "high_max": 15, **values}
    with pytest.raises(DomainError) as error:
        services.save_settings(actor=setting["qm"], now=NOW, **full)
    assert error.value.field == field


def test_scale_cannot_shrink_below_ratings_in_use(setting, db):
    _risk(setting, likelihood=5, impact=1)
    with pytest.raises(DomainError) as error:
        services.save_settings(actor=setting["qm"], now=NOW, scale=4, low_max=3,
                               medium_max=6, high_max=10)
    assert error.value.field == "scale"
    assert db.session.scalar(select(RiskSettings)) is None


def test_a_larger_scale_allows_higher_ratings(setting):
    with pytest.raises(DomainError):
        _risk(setting, likelihood=6, impact=1)
    services.save_settings(actor=setting["qm"], now=NOW, scale=6, low_max=6, medium_max=12,
                           high_max=24)
    assert _risk(setting, likelihood=6, impact=6).score == 36


def test_only_the_quality_manager_changes_the_registers(setting):
    for user in (setting["head"], setting["staff"], setting["auditor"]):
        with pytest.raises(PermissionDenied):
            services.create_risk(actor=user, now=NOW, kind="risk", title="X",
                                 owner_id=setting["head"].id, likelihood=1, impact=1)
        with pytest.raises(PermissionDenied):
            services.save_settings(actor=user, now=NOW, scale=5, low_max=4, medium_max=9,
                                   high_max=15)
        with pytest.raises(PermissionDenied):
            services.save_issue(None, actor=user, now=NOW, kind="external",
                                category="economic", title="X")


def test_ratings_outside_the_scale_are_refused(setting):
    with pytest.raises(DomainError) as error:
        _risk(setting, impact=0)
    assert error.value.field == "impact"
    with pytest.raises(DomainError) as error:
        _risk(setting, owner_id=None)
    assert error.value.field == "owner_id"


# --- review date ----------------------------------------------------------------------------

@pytest.mark.parametrize("likelihood, impact, due", [
    (4, 5, dt.date(2026, 8, 4)),   # critical: 3 months
    (3, 4, dt.date(2026, 11, 4)),  # high: 6 months
    (2, 3, dt.date(2027, 5, 4)),   # medium: 12 months
    (1, 1, dt.date(2027, 5, 4))])  # low: 12 months
def test_review_date_defaults_from_the_level(setting, likelihood, impact, due):
    assert _risk(setting, likelihood=likelihood, impact=impact).review_on == due


def test_a_given_review_date_is_kept(setting):
    assert _risk(setting, review_on=dt.date(2026, 6, 1)).review_on == dt.date(2026, 6, 1)


# --- treatment ------------------------------------------------------------------------------

def test_accept_needs_an_approver_other_than_the_owner_and_a_justification(setting):
    risk = _risk(setting)
    with pytest.raises(DomainError) as error:
        services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="accept",
                               justification="Budžets neļauj")
    assert error.value.field == "approver_id"
    with pytest.raises(DomainError) as error:
        services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="accept",
                               approver_id=setting["head"].id, justification="Budžets neļauj")
    assert error.value.field == "approver_id"  # the owner
    with pytest.raises(DomainError) as error:
        services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="accept",
                               approver_id=setting["staff"].id, justification="Budžets")
    assert error.value.field == "approver_id"  # not a manager
    with pytest.raises(DomainError) as error:
        services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="accept",
                               approver_id=setting["other_head"].id, justification=" ")
    assert error.value.field == "justification"
    services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="accept",
                           approver_id=setting["other_head"].id, justification="Budžets")
    assert risk.treatment == "accept" and risk.approver_id == setting["other_head"].id


def test_other_treatments_drop_the_approver(setting):
    risk = _risk(setting)
    services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="reduce",
                           approver_id=setting["other_head"].id)
    assert risk.approver_id is None


def test_exploit_only_for_opportunities(setting):
    risk = _risk(setting)
    with pytest.raises(DomainError) as error:
        services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="exploit")
    assert error.value.field == "treatment"
    opportunity = _risk(setting, kind="opportunity", title="ES fonda projekts")
    services.set_treatment(opportunity, actor=setting["qm"], now=NOW, treatment="exploit")
    assert opportunity.treatment == "exploit"
    with pytest.raises(DomainError):
        services.update_risk(opportunity, actor=setting["qm"], now=NOW, kind="risk",
                             title=opportunity.title, owner_id=setting["head"].id,
                             likelihood=2, impact=2)


def test_residual_rating_gives_the_residual_score_and_review_date(setting):
    risk = _risk(setting, likelihood=4, impact=5)
    with pytest.raises(DomainError):
        services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="reduce",
                               residual_likelihood=2)
    services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="reduce",
                           residual_likelihood=2, residual_impact=3)
    assert risk.residual_score == 6
    assert risk.review_on == dt.date(2027, 5, 4)  # medium residual: 12 months
    assert [e.action for e in history_for(risk)][:1] == ["risk.treat"]


# --- actions and effectiveness --------------------------------------------------------------

def test_actions_are_shared_actions_with_source_risk(setting, db):
    risk = _risk(setting)
    with pytest.raises(InvalidTransition):  # no treatment yet
        services.add_risk_action(risk, actor=setting["qm"], now=NOW, title="Mentori",
                                 owner_id=setting["head"].id, due_on=dt.date(2026, 9, 1))
    services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="reduce")
    action = services.add_risk_action(risk, actor=setting["qm"], now=NOW, title="Mentori",
                                      owner_id=setting["head"].id, due_on=dt.date(2026, 9, 1))
    stored = db.session.get(Action, action.id)
    assert (stored.source_type, stored.source_id, stored.kind) == ("risk", risk.id,
                                                                   "preventive")
    assert stored.process_id == setting["process"].id and stored.nonconformity_id is None
    assert services.actions_of(risk) == [stored]
    opportunity = _risk(setting, kind="opportunity")
    services.set_treatment(opportunity, actor=setting["qm"], now=NOW, treatment="exploit")
    improvement = services.add_risk_action(opportunity, actor=setting["qm"], now=NOW,
                                           title="Pieteikums", owner_id=setting["head"].id,
                                           due_on=dt.date(2026, 9, 1))
    assert improvement.kind == "improvement"
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "risk.add_action", AuditEvent.entity_id == risk.id)) is not None


def test_an_accepted_risk_gets_no_actions(setting):
    risk = _risk(setting)
    services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="accept",
                           approver_id=setting["other_head"].id, justification="Zema ietekme")
    with pytest.raises(InvalidTransition):
        services.add_risk_action(risk, actor=setting["qm"], now=NOW, title="X",
                                 owner_id=setting["head"].id, due_on=dt.date(2026, 9, 1))


def _treated_with_action(setting):
    risk = _risk(setting)
    services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="reduce")
    action = services.add_risk_action(risk, actor=setting["qm"], now=NOW, title="Mentori",
                                      owner_id=setting["staff"].id, due_on=dt.date(2026, 9, 1))
    return risk, action


def test_effectiveness_is_evaluated_only_when_the_actions_are_done(setting):
    risk = _risk(setting)
    with pytest.raises(InvalidTransition):  # no actions at all
        services.evaluate(risk, actor=setting["qm"], now=NOW,
                          evaluator_id=setting["other_head"].id, effective=True)
    risk, action = _treated_with_action(setting)
    with pytest.raises(InvalidTransition):  # still planned
        services.evaluate(risk, actor=setting["qm"], now=NOW,
                          evaluator_id=setting["other_head"].id, effective=True)
    nc_services.update_action(action, actor=setting["qm"], now=NOW, status="done",
                              evidence="Mentoru saraksts")
    assert services.can_evaluate(risk)
    services.evaluate(risk, actor=setting["qm"], now=NOW, evaluator_id=setting["other_head"].id,
                      effective=True, comment="Mainība samazinājās")
    assert risk.effective is True and risk.evaluated_on == dt.date(2026, 5, 4)


def test_evaluation_rules(setting):
    risk, action = _treated_with_action(setting)
    nc_services.update_action(action, actor=setting["qm"], now=NOW, status="done",
                              evidence="Mentoru saraksts")
    with pytest.raises(DomainError) as error:
        services.evaluate(risk, actor=setting["qm"], now=NOW, evaluator_id=setting["head"].id,
                          effective=True)
    assert error.value.field == "evaluator_id"  # the owner
    with pytest.raises(DomainError) as error:
        services.evaluate(risk, actor=setting["qm"], now=NOW,
                          evaluator_id=setting["other_head"].id, effective=False)
    assert error.value.field == "comment"
    with pytest.raises(DomainError) as error:
        services.evaluate(risk, actor=setting["qm"], now=NOW,
                          evaluator_id=setting["other_head"].id, effective=None)
    assert error.value.field == "effective"
    with pytest.raises(DomainError) as error:
        services.evaluate(risk, actor=setting["qm"], now=NOW,
                          evaluator_id=setting["other_head"].id, effective=True,
                          evaluated_on=dt.date(2026, 6, 1))
    assert error.value.field == "evaluated_on"


# --- context and parties --------------------------------------------------------------------

def test_issue_category_must_fit_its_kind_and_changes_are_logged(setting, system):
    from qms.processes.services import create_process

    with pytest.raises(DomainError) as error:
        services.save_issue(None, actor=setting["qm"], now=NOW, kind="internal",
                            category="political", title="Vēlēšanas")
    assert error.value.field == "category"
    issue = services.save_issue(None, actor=setting["qm"], now=NOW, kind="external",
                                category="economic", title="Budžeta samazinājums",
                                process_ids=[setting["process"].id])
    assert issue.process_ids == [setting["process"].id]
    other = create_process(actor=system, code="AP-02", name="Finanses", kind="support")
    later = NOW + dt.timedelta(days=30)
    services.save_issue(issue, actor=setting["qm"], now=later, kind="external",
                        category="economic", title="Budžeta samazinājums", status="closed",
                        process_ids=[setting["process"].id, other.id])
    assert issue.closed_on == dt.date(2026, 6, 3)
    change = history_for(issue)[0]
    assert change.action == "context_issue.update"
    assert change.changes["process_ids"] == [[setting["process"].id],
                                             sorted([setting["process"].id, other.id])]
    assert change.changes["status"] == ["active", "closed"]


def test_parties_need_needs_and_refuse_personal_codes(setting):
    with pytest.raises(DomainError) as error:
        services.save_party(None, actor=setting["qm"], now=NOW, name="Klienti", kind="clients",
                            needs="")
    assert error.value.field == "needs"
    with pytest.raises(DomainError):
        services.save_party(None, actor=setting["qm"], now=NOW, name="Klienti", kind="clients",
                            needs="Klients 010180-12345 sūdzējās")
    party = services.save_party(None, actor=setting["qm"], now=NOW, name="Klienti",
                                kind="clients", needs="Laicīgs pakalpojums")
    assert history_for(party)[0].action == "interested_party.create"


def test_stale_edits_are_refused(setting):
    risk = _risk(setting)
    with pytest.raises(DomainError):
        services.update_risk(risk, actor=setting["qm"], now=NOW, expected_version=99,
                             kind="risk", title="X", owner_id=setting["head"].id,
                             likelihood=1, impact=1)
