"""Actions: stand-alone improvements, progress with evidence, amounts, optimistic locking."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from qms.core.audit_log import AuditEvent
from qms.core.concurrency import StaleRecord
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.extensions import db as _db
from qms.nonconformities import services
from qms.nonconformities.models import Action, ActionKind, ActionNote, ActionStatus, NcStatus
from qms.notifications.models import Notification
from tests.nonconformities.conftest import NOW, TODAY


def _improvement(actor, owner, **values):
    values.setdefault("title", "Ieviest klientu aptauju")
    values.setdefault("due_on", dt.date(2026, 6, 30))
    return services.add_action(actor=actor, now=NOW, kind=ActionKind.IMPROVEMENT,
                               owner_id=owner.id, **values)


def test_a_stand_alone_improvement_needs_action_manage(db, people):
    with pytest.raises(PermissionDenied):
        _improvement(people.owner, people.doer)  # staff
    action = _improvement(people.verifier, people.doer, source_type="management_review",
                          source_id=7)  # manager
    assert action.nonconformity_id is None and action.kind == "improvement"
    assert (action.source_type, action.source_id) == ("management_review", 7)
    assert action.created_by_id == people.verifier.id and action.created_at == NOW
    notification = db.session.scalar(select(Notification).where(
        Notification.user_id == people.doer.id))
    assert notification.kind == "action.assigned"
    assert notification.link == f"/nonconformities/actions/{action.id}"
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity_type == "action", AuditEvent.action == "action.create"))


def test_a_new_action_needs_kind_title_active_owner_and_due_date(people, make_user):
    gone = make_user("staff", is_active_account=False)
    for values, field in [
        ({"kind": "miracle"}, "kind"),
        ({"title": "  "}, "title"),
        ({"owner_id": gone.id}, "owner_id"),
        ({"owner_id": 0}, "owner_id"),
        ({"due_on": None}, "due_on"),
    ]:
        kwargs = {"kind": "improvement", "title": "Aptauja", "owner_id": people.doer.id,
                  "due_on": TODAY, **values}
        with pytest.raises(DomainError) as error:
            services.add_action(actor=people.qm, now=NOW, **kwargs)
        assert error.value.field == field


def test_actions_on_a_record_take_its_unit_and_process(flow, people, make_unit, system):
    from qms.processes.services import create_process

    unit = make_unit(name="Aprūpes nodaļa")
    process = create_process(actor=system, code="P-01", name="Aprūpe mājās", kind="core")
    nc = flow.to(NcStatus.ACTION_PLAN, unit_id=unit.id, process_id=process.id)
    action = flow.action(nc)
    assert (action.unit_id, action.process_id) == (unit.id, process.id)


def test_actions_are_planned_only_after_the_triage(flow, people):
    nc = flow.report()
    with pytest.raises(InvalidTransition):
        services.add_action(actor=people.qm, now=NOW, nc=nc, kind="correction",
                            title="Izlabot", owner_id=people.doer.id, due_on=TODAY)
    flow.triage(nc)
    correction = flow.action(nc, kind=ActionKind.CORRECTION)  # allowed during correction
    assert correction.nonconformity_id == nc.id


def test_marking_an_action_done_needs_evidence(db, flow, people):
    action = flow.action(flow.to(NcStatus.ACTION_PLAN))
    with pytest.raises(DomainError) as error:
        services.update_action(action, actor=people.doer, now=NOW, status=ActionStatus.DONE,
                               evidence="   ")
    assert error.value.field == "evidence"
    assert action.status == ActionStatus.PLANNED and action.done_on is None

    later = dt.datetime(2026, 4, 10, 21, 30, tzinfo=dt.UTC)  # 11 April in Riga
    services.update_action(action, actor=people.doer, now=later, status=ActionStatus.DONE,
                           evidence="Procedūra PR-07 v2.0 apstiprināta.", note="Gatavs.")
    assert action.status == ActionStatus.DONE and action.done_on == dt.date(2026, 4, 11)
    assert action.evidence == "Procedūra PR-07 v2.0 apstiprināta."
    note = db.session.scalar(select(ActionNote).where(ActionNote.action_id == action.id))
    assert (note.text, note.author_id, note.at) == ("Gatavs.", people.doer.id, later)


def test_evidence_given_earlier_is_enough_to_finish(flow, people):
    action = flow.action(flow.to(NcStatus.ACTION_PLAN))
    services.update_action(action, actor=people.doer, now=NOW,
                           status=ActionStatus.IN_PROGRESS, evidence="Melnraksts gatavs.")
    services.update_action(action, actor=people.doer, now=NOW, status=ActionStatus.DONE)
    assert action.status == ActionStatus.DONE and action.evidence == "Melnraksts gatavs."


def test_only_the_action_owner_or_those_working_on_the_record_update_it(flow, people):
    nc = flow.to(NcStatus.ACTION_PLAN)
    action = flow.action(nc)
    for outsider in (people.reporter, people.verifier):
        with pytest.raises(PermissionDenied):
            services.update_action(action, actor=outsider, now=NOW,
                                   status=ActionStatus.IN_PROGRESS)
    for insider in (people.doer, people.owner, people.qm):
        services.update_action(action, actor=insider, now=NOW,
                               status=ActionStatus.IN_PROGRESS)
    standalone = _improvement(people.qm, people.doer)
    with pytest.raises(PermissionDenied):
        services.update_action(standalone, actor=people.owner, now=NOW,
                               status=ActionStatus.IN_PROGRESS)
    services.update_action(standalone, actor=people.verifier, now=NOW,  # ACTION_MANAGE
                           status=ActionStatus.IN_PROGRESS)


def test_an_unknown_action_status_is_refused(flow, people):
    action = flow.action(flow.to(NcStatus.ACTION_PLAN))
    with pytest.raises(DomainError) as error:
        services.update_action(action, actor=people.doer, now=NOW, status="forgotten")
    assert error.value.field == "status"


def test_amounts_are_decimals_with_two_places(db, flow, people):
    nc = flow.report()
    flow.triage(nc, budget_planned="1234.5")
    action = flow.action(nc, kind=ActionKind.CORRECTION, budget_planned=Decimal("99.999"))
    services.update_action(action, actor=people.doer, now=NOW, status=ActionStatus.DONE,
                           evidence="Kvīts.", cost_actual=12.1)
    other = flow.action(nc, kind=ActionKind.CORRECTION, budget_planned=None)
    services.update_action(other, actor=people.doer, now=NOW, status=ActionStatus.DONE,
                           evidence="Kvīts.", cost_actual="7")
    db.session.expire_all()
    assert nc.budget_planned == Decimal("1234.50")
    assert action.budget_planned == Decimal("100.00") and other.budget_planned is None
    assert action.cost_actual == Decimal("12.10")
    assert isinstance(action.cost_actual, Decimal)
    assert str(action.cost_actual) == "12.10"
    assert nc.cost_actual == Decimal("19.10")


def test_a_negative_budget_or_cost_is_refused(flow, people):
    nc = flow.to(NcStatus.ACTION_PLAN)
    with pytest.raises(DomainError):
        flow.action(nc, budget_planned="-0.01")
    action = flow.action(nc, budget_planned="0")
    with pytest.raises(DomainError):
        services.update_action(action, actor=people.doer, now=NOW,
                               status=ActionStatus.IN_PROGRESS, cost_actual=Decimal("-5"))
    assert action.cost_actual is None and action.budget_planned == Decimal("0.00")


def test_a_negative_budget_is_refused_on_its_field(people):
    with pytest.raises(DomainError) as error:
        _improvement(people.qm, people.doer, budget_planned="-10")
    assert error.value.field == "budget_planned"


def test_an_edit_based_on_an_old_version_is_refused(db, flow, people):
    action = flow.action(flow.to(NcStatus.ACTION_PLAN))
    seen = action.row_version
    services.update_action(action, actor=people.owner, now=NOW,
                           status=ActionStatus.IN_PROGRESS, expected_version=seen)
    assert action.row_version == seen + 1
    with pytest.raises(StaleRecord):
        services.update_action(action, actor=people.doer, now=NOW, status=ActionStatus.DONE,
                               evidence="Gatavs.", expected_version=seen)
    db.session.expire_all()
    assert _db.session.get(Action, action.id).status == ActionStatus.IN_PROGRESS


def test_action_changes_are_in_the_audit_trail(db, flow, people):
    action = flow.action(flow.to(NcStatus.ACTION_PLAN))
    services.update_action(action, actor=people.doer, now=NOW, status=ActionStatus.DONE,
                           evidence="Gatavs.", cost_actual="5")
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity_type == "action", AuditEvent.entity_id == action.id,
        AuditEvent.action == "action.update"))
    assert event.changes["status"] == ["planned", "done"]
    assert event.actor_id == people.doer.id
