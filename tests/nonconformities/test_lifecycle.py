"""The nonconformity lifecycle: numbering, the happy path, and every guard on the way."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from qms.core.audit_log import AuditEvent
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.documents.models import VersionStatus
from qms.nonconformities import services
from qms.nonconformities.models import (
    NC_TRANSITIONS,
    TERMINAL,
    ActionKind,
    ActionStatus,
    NcStatus,
    Nonconformity,
    Severity,
    Source,
    Verdict,
)
from qms.notifications.models import Notification
from tests.nonconformities.conftest import NOW, TODAY

PERSONAL_CODE = "Klients 010101-12345 sūdzējās."


def _status_changes(db, nc):
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "nonconformity", AuditEvent.entity_id == nc.id)
        .order_by(AuditEvent.id)).all()
    return [tuple(e.changes["status"]) for e in events if "status" in e.changes]


def _kinds(db, user):
    return sorted(db.session.scalars(select(Notification.kind).where(
        Notification.user_id == user.id)))


# --- numbering ------------------------------------------------------------------------------

def test_numbers_run_per_year_and_restart_in_a_new_year(flow):
    assert flow.report().number == "NC-2026-001"
    second = flow.report()
    assert (second.number, second.year, second.sequence) == ("NC-2026-002", 2026, 2)
    next_year = flow.report(now=dt.datetime(2027, 1, 4, 8, 0, tzinfo=dt.UTC))
    assert next_year.number == "NC-2027-001" and next_year.reported_on == dt.date(2027, 1, 4)
    assert flow.report(reported_on=dt.date(2026, 12, 30)).number == "NC-2026-003"


def test_the_reporting_day_is_the_local_day_in_riga(flow):
    # 22:30 UTC on New Year's Eve is already 1 January in Riga.
    nc = flow.report(now=dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC))
    assert nc.reported_on == dt.date(2027, 1, 1) and nc.number == "NC-2027-001"


def test_the_state_machine_allows_only_the_documented_steps():
    assert NC_TRANSITIONS[NcStatus.NEW] == {NcStatus.TRIAGE, NcStatus.REJECTED,
                                            NcStatus.CANCELLED}
    assert NcStatus.ROOT_CAUSE in NC_TRANSITIONS[NcStatus.EFFECTIVENESS]
    assert NcStatus.CLOSED in NC_TRANSITIONS[NcStatus.CORRECTION]
    assert NcStatus.CLOSED not in NC_TRANSITIONS[NcStatus.ROOT_CAUSE]
    for status in TERMINAL:
        assert NC_TRANSITIONS[status] == frozenset()


# --- the happy path -------------------------------------------------------------------------

def test_the_full_happy_path_with_an_audit_row_for_every_status_change(db, flow, people):
    nc = flow.report(process_id=None, case_file_reference="LN-2026/145")
    assert nc.status == NcStatus.NEW and nc.reporter_id == people.reporter.id
    assert _kinds(db, people.qm) == ["nc.reported"]

    flow.triage(nc, severity=Severity.MAJOR, budget_planned="150.5")
    assert nc.status == NcStatus.CORRECTION and nc.owner_id == people.owner.id
    assert nc.due_on == TODAY + dt.timedelta(days=30)  # major: 30 days by default
    assert nc.triaged_by_id == people.qm.id and nc.triaged_at == NOW
    assert "nc.assigned" in _kinds(db, people.owner)

    services.record_correction(
        nc, actor=people.owner, now=NOW, correction="Plāns pārskatīts.",
        consequences="Klientam nodrošināta aprūpe.", result="Plāns atbilst.",
        corrective_action_needed=True, rationale="Var atkārtoties.")
    assert nc.status == NcStatus.ROOT_CAUSE and nc.corrective_action_needed is True
    assert nc.correction_by_id == people.owner.id and nc.correction_on == TODAY

    services.record_root_cause(
        nc, actor=people.owner, now=NOW, method="five_whys",
        whys=["Nebija atgādinājuma.", "", "Reģistrā nav termiņa lauka."],
        root_cause="Procedūrā nav termiņa.", category="methods", extent="Arī dienas centrā.")
    assert nc.status == NcStatus.ACTION_PLAN
    assert [w.answer for w in nc.whys] == ["Nebija atgādinājuma.",
                                           "Reģistrā nav termiņa lauka."]
    assert [w.position for w in nc.whys] == [1, 2]

    action = flow.action(nc, budget_planned="99.999")
    assert action.nonconformity_id == nc.id and action.status == ActionStatus.PLANNED
    assert "action.assigned" in _kinds(db, people.doer)

    flow.plan(nc)
    assert nc.status == NcStatus.IMPLEMENTATION
    assert nc.verifier_id == people.verifier.id
    assert nc.effectiveness_due_on == dt.date(2026, 9, 1) and nc.effectiveness_criteria

    flow.done(action)
    assert action.status == ActionStatus.DONE and action.done_on == TODAY
    flow.implemented(nc)
    assert nc.status == NcStatus.EFFECTIVENESS

    later = NOW + dt.timedelta(days=180)
    services.verify(nc, actor=people.verifier, now=later, verdict=Verdict.EFFECTIVE,
                    notes="Pārbaudītas 20 lietas.", risks_need_update=True,
                    qms_needs_change=False)
    assert nc.status == NcStatus.CLOSED and not nc.is_open
    assert nc.closed_at == later and nc.verified_at == later
    assert (nc.verdict, nc.risks_need_update, nc.qms_needs_change) == ("effective", True, False)
    assert nc.times_not_effective == 0

    db.session.expire_all()
    assert _status_changes(db, nc) == [
        ("new", "triage"), ("triage", "correction"), ("correction", "root_cause"),
        ("root_cause", "action_plan"), ("action_plan", "implementation"),
        ("implementation", "effectiveness"), ("effectiveness", "closed")]
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "nonconformity", AuditEvent.entity_id == nc.id)))
    assert {"nonconformity.report", "nonconformity.triage", "nonconformity.correction",
            "nonconformity.root_cause", "nonconformity.plan", "nonconformity.verify",
            "nonconformity.close", "nonconformity.closed"} <= actions


# --- triage, reject, cancel ------------------------------------------------------------------

def test_only_the_quality_manager_triages(flow, people):
    nc = flow.report()
    for actor in (people.owner, people.verifier, people.reporter):  # manager included
        with pytest.raises(PermissionDenied):
            services.triage(nc, actor=actor, now=NOW, severity="minor",
                            owner_id=people.owner.id)
    assert nc.status == NcStatus.NEW


def test_triage_needs_a_severity_and_an_active_owner(db, flow, people, make_user):
    nc = flow.report()
    with pytest.raises(DomainError) as error:
        flow.triage(nc, severity="catastrophic")
    assert error.value.field == "severity"
    gone = make_user("staff", is_active_account=False)
    with pytest.raises(DomainError) as error:
        flow.triage(nc, owner=gone)
    assert error.value.field == "owner_id"
    db.session.rollback()
    assert db.session.get(Nonconformity, nc.id).status == NcStatus.NEW


def test_the_default_due_date_follows_the_severity(flow):
    assert flow.triage(flow.report(), severity="minor").due_on == TODAY + dt.timedelta(90)
    assert flow.triage(flow.report(), severity="observation").due_on == TODAY + dt.timedelta(
        180)
    chosen = flow.triage(flow.report(), due_on=dt.date(2026, 3, 20))
    assert chosen.due_on == dt.date(2026, 3, 20)


def test_a_triaged_record_cannot_be_triaged_again(flow):
    nc = flow.to(NcStatus.CORRECTION)
    with pytest.raises(InvalidTransition):
        flow.triage(nc)


def test_reject_and_cancel_need_a_reason_and_the_quality_manager(flow, people):
    new = flow.report()
    with pytest.raises(DomainError) as error:
        services.reject(new, actor=people.qm, now=NOW, reason="  ")
    assert error.value.field == "reason"
    with pytest.raises(PermissionDenied):
        services.reject(new, actor=people.verifier, now=NOW, reason="Nav neatbilstība.")
    services.reject(new, actor=people.qm, now=NOW, reason="Nav neatbilstība.")
    assert new.status == NcStatus.REJECTED and new.rejection_reason == "Nav neatbilstība."

    analysed = flow.to(NcStatus.ROOT_CAUSE)
    with pytest.raises(DomainError) as error:
        services.cancel(analysed, actor=people.qm, now=NOW, reason="")
    assert error.value.field == "reason"
    with pytest.raises(PermissionDenied):
        services.cancel(analysed, actor=people.owner, now=NOW, reason="Dublikāts.")
    services.cancel(analysed, actor=people.qm, now=NOW, reason="Dublikāts NC-2026-001.")
    assert analysed.status == NcStatus.CANCELLED


def test_a_record_in_analysis_cannot_be_rejected_only_cancelled(flow, people):
    nc = flow.to(NcStatus.ROOT_CAUSE)
    with pytest.raises(InvalidTransition):
        services.reject(nc, actor=people.qm, now=NOW, reason="Nav neatbilstība.")


@pytest.mark.parametrize("ending", ["closed", "rejected", "cancelled"])
def test_closed_rejected_and_cancelled_records_refuse_further_changes(flow, people, ending):
    if ending == "closed":
        nc = flow.to(NcStatus.CLOSED)
    elif ending == "rejected":
        nc = flow.report()
        services.reject(nc, actor=people.qm, now=NOW, reason="Nav neatbilstība.")
    else:
        nc = flow.to(NcStatus.ACTION_PLAN)
        flow.action(nc)
        services.cancel(nc, actor=people.qm, now=NOW, reason="Dublikāts.")
    status = nc.status
    qm = people.qm  # may work on every record, so only the stage can refuse

    with pytest.raises(InvalidTransition):
        services.add_action(actor=qm, now=NOW, nc=nc, kind="corrective", title="Vēl",
                            owner_id=people.doer.id, due_on=TODAY)
    with pytest.raises(InvalidTransition):
        flow.triage(nc)
    with pytest.raises(InvalidTransition):
        services.cancel(nc, actor=qm, now=NOW, reason="Vēlreiz.")
    with pytest.raises(InvalidTransition):
        services.reject(nc, actor=qm, now=NOW, reason="Vēlreiz.")
    with pytest.raises(InvalidTransition):
        services.record_correction(nc, actor=qm, now=NOW, correction="x",
                                   corrective_action_needed=True, rationale="y")
    with pytest.raises(InvalidTransition):
        services.record_root_cause(nc, actor=qm, now=NOW, method="five_whys", whys=["a", "b"],
                                   root_cause="x", category="methods")
    with pytest.raises(InvalidTransition):
        services.approve_plan(nc, actor=qm, now=NOW, criteria="x", check_on=TODAY,
                              verifier_id=people.verifier.id)
    with pytest.raises(InvalidTransition):
        services.finish_implementation(nc, actor=qm, now=NOW)
    with pytest.raises(PermissionDenied):
        flow.verify(nc)
    for action in nc.actions:
        with pytest.raises(InvalidTransition):
            services.update_action(action, actor=action.owner, now=NOW,
                                   status=ActionStatus.IN_PROGRESS, note="Turpinu.")
    assert nc.status == status


# --- cannot skip stages ----------------------------------------------------------------------

def test_stages_cannot_be_skipped(flow, people):
    nc = flow.report()
    with pytest.raises(InvalidTransition):  # correction before triage
        services.record_correction(nc, actor=people.qm, now=NOW, correction="x",
                                   corrective_action_needed=True, rationale="y")
    flow.triage(nc)
    with pytest.raises(InvalidTransition):  # root cause before the correction
        flow.analyse(nc)
    with pytest.raises(InvalidTransition):  # a plan before the analysis
        flow.plan(nc)
    with pytest.raises(InvalidTransition):  # implementation without a plan
        flow.implemented(nc)
    flow.correct(nc)
    flow.analyse(nc)
    flow.action(nc)
    with pytest.raises(InvalidTransition):  # implementation without an approved plan
        flow.implemented(nc)
    with pytest.raises(PermissionDenied):  # effectiveness before implementation
        flow.verify(nc)
    assert nc.status == NcStatus.ACTION_PLAN


def test_only_the_owner_and_the_quality_manager_work_on_the_record(flow, people):
    nc = flow.to(NcStatus.CORRECTION)
    for outsider in (people.reporter, people.doer, people.verifier):
        with pytest.raises(PermissionDenied):
            services.record_correction(nc, actor=outsider, now=NOW, correction="x",
                                       corrective_action_needed=True, rationale="y")
    services.record_correction(nc, actor=people.qm, now=NOW, correction="Izlabots.",
                               corrective_action_needed=True, rationale="Var atkārtoties.")
    assert nc.status == NcStatus.ROOT_CAUSE and nc.correction_by_id == people.qm.id


# --- correction and the decision -------------------------------------------------------------

def test_the_correction_needs_a_description_and_a_rationale(flow, people):
    nc = flow.to(NcStatus.CORRECTION)
    with pytest.raises(DomainError) as error:
        services.record_correction(nc, actor=people.owner, now=NOW, correction=" ",
                                   corrective_action_needed=True, rationale="y")
    assert error.value.field == "correction"
    with pytest.raises(DomainError) as error:
        services.record_correction(nc, actor=people.owner, now=NOW, correction="Izlabots.",
                                   corrective_action_needed=False, rationale="")
    assert error.value.field == "rationale"
    assert nc.status == NcStatus.CORRECTION


def test_no_corrective_action_needed_closes_the_record_with_its_rationale(db, flow):
    nc = flow.to(NcStatus.CORRECTION)
    flow.correct(nc, needed=False, rationale="Vienreizēja kļūda, risks zems.")
    assert nc.status == NcStatus.CLOSED and nc.closed_at == NOW
    assert nc.corrective_action_needed is False
    assert nc.corrective_action_rationale == "Vienreizēja kļūda, risks zems."
    closing = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity_id == nc.id, AuditEvent.action == "nonconformity.closed"))
    assert closing.changes["status"] == ["correction", "closed"]
    assert closing.note == "Vienreizēja kļūda, risks zems."


def test_a_major_nonconformity_cannot_be_closed_without_corrective_action(flow):
    nc = flow.report()
    flow.triage(nc, severity=Severity.MAJOR)
    with pytest.raises(DomainError) as error:
        flow.correct(nc, needed=False)
    assert error.value.field == "corrective_action_needed"
    assert nc.status == NcStatus.CORRECTION and nc.closed_at is None


# --- root cause --------------------------------------------------------------------------------

def test_five_whys_needs_at_least_two_answers(flow, people):
    nc = flow.to(NcStatus.ROOT_CAUSE)
    with pytest.raises(DomainError) as error:
        services.record_root_cause(nc, actor=people.owner, now=NOW, method="five_whys",
                                   whys=["Tikai viens.", "  "], root_cause="x",
                                   category="methods")
    assert error.value.field == "whys"
    assert nc.status == NcStatus.ROOT_CAUSE


def test_ishikawa_needs_at_least_one_cause_in_a_known_category(flow, people):
    nc = flow.to(NcStatus.ROOT_CAUSE)
    with pytest.raises(DomainError) as error:
        services.record_root_cause(nc, actor=people.owner, now=NOW, method="ishikawa",
                                   causes=[("people", "  ")], root_cause="x",
                                   category="people")
    assert error.value.field == "causes"
    with pytest.raises(DomainError) as error:
        services.record_root_cause(nc, actor=people.owner, now=NOW, method="ishikawa",
                                   causes=[("weather", "Lietus")], root_cause="x",
                                   category="people")
    assert error.value.field == "causes"
    services.record_root_cause(
        nc, actor=people.owner, now=NOW, method="ishikawa",
        causes=[("people", "Jauns darbinieks"), ("methods", "Nav kontrolsaraksta")],
        root_cause="Ievadapmācībā nav šīs tēmas.", category="people")
    assert nc.status == NcStatus.ACTION_PLAN and nc.analysis_method == "ishikawa"
    assert [(c.category, c.cause) for c in nc.causes] == [
        ("people", "Jauns darbinieks"), ("methods", "Nav kontrolsaraksta")]


def test_the_root_cause_needs_a_statement_a_category_and_a_method(flow, people):
    nc = flow.to(NcStatus.ROOT_CAUSE)
    whys = ["a", "b"]
    for kwargs, field in [
        ({"method": "five_whys", "root_cause": " ", "category": "methods"}, "root_cause"),
        ({"method": "five_whys", "root_cause": "x", "category": "weather"}, "category"),
        ({"method": "guessing", "root_cause": "x", "category": "methods"}, "method"),
    ]:
        with pytest.raises(DomainError) as error:
            services.record_root_cause(nc, actor=people.owner, now=NOW, whys=whys, **kwargs)
        assert error.value.field == field


def test_similar_lists_other_records_of_the_same_process_or_category(db, flow, system):
    from qms.processes.services import create_process

    home_care = create_process(actor=system, code="P-01", name="Aprūpe mājās", kind="core")
    day_centre = create_process(actor=system, code="P-02", name="Dienas centrs", kind="core")
    nc = flow.to(NcStatus.ACTION_PLAN, process_id=home_care.id)  # category "methods"
    same_process = flow.report(process_id=home_care.id)
    same_category = flow.to(NcStatus.ACTION_PLAN, process_id=day_centre.id)
    unrelated = flow.report(process_id=day_centre.id)
    flow.analyse(flow.to(NcStatus.ROOT_CAUSE, process_id=day_centre.id), category="people")

    found = services.similar(nc)
    assert {same_process.id, same_category.id} <= {n.id for n in found}
    assert nc.id not in {n.id for n in found}
    assert unrelated.id not in {n.id for n in found}
    assert services.similar(flow.report()) == []


# --- plan, implementation, effectiveness ------------------------------------------------------

def test_approving_the_plan_needs_a_corrective_or_preventive_action(flow, people):
    nc = flow.to(NcStatus.ACTION_PLAN)
    with pytest.raises(InvalidTransition):
        flow.plan(nc)
    flow.action(nc, kind=ActionKind.CORRECTION, title="Pārskatīt plānu")
    with pytest.raises(InvalidTransition):  # a correction alone is not enough
        flow.plan(nc)
    cancelled = flow.action(nc)
    services.update_action(cancelled, actor=people.owner, now=NOW,
                           status=ActionStatus.CANCELLED, note="Nav vajadzīga.")
    with pytest.raises(InvalidTransition):  # nor a cancelled corrective action
        flow.plan(nc)
    flow.action(nc, kind=ActionKind.PREVENTIVE, title="Atgādinājums reģistrā")
    flow.plan(nc)
    assert nc.status == NcStatus.IMPLEMENTATION


def test_the_plan_needs_criteria_a_date_and_a_verifier_who_implements_nothing(flow, people):
    nc = flow.to(NcStatus.ACTION_PLAN)
    flow.action(nc, owner=people.doer)
    calls = [
        ({"criteria": " ", "check_on": TODAY, "verifier_id": people.verifier.id}, "criteria"),
        ({"criteria": "x", "check_on": None, "verifier_id": people.verifier.id}, "check_on"),
        ({"criteria": "x", "check_on": TODAY, "verifier_id": people.doer.id}, "verifier_id"),
        ({"criteria": "x", "check_on": TODAY, "verifier_id": 99999}, "verifier_id"),
    ]
    for kwargs, field in calls:
        with pytest.raises(DomainError) as error:
            services.approve_plan(nc, actor=people.owner, now=NOW, **kwargs)
        assert error.value.field == field
    assert nc.status == NcStatus.ACTION_PLAN


def test_the_verifier_must_be_an_active_account(flow, people, make_user):
    gone = make_user("manager", is_active_account=False)
    nc = flow.to(NcStatus.ACTION_PLAN)
    flow.action(nc)
    with pytest.raises(DomainError) as error:
        flow.plan(nc, verifier=gone)
    assert error.value.field == "verifier_id"


def test_the_owner_of_a_cancelled_action_may_verify(flow, people):
    nc = flow.to(NcStatus.ACTION_PLAN)
    dropped = flow.action(nc, owner=people.verifier)
    services.update_action(dropped, actor=people.owner, now=NOW,
                           status=ActionStatus.CANCELLED)
    flow.action(nc, owner=people.doer)
    flow.plan(nc, verifier=people.verifier)
    assert nc.verifier_id == people.verifier.id


def test_implementation_finishes_when_every_action_is_done_or_cancelled(flow, people):
    nc = flow.to(NcStatus.ACTION_PLAN)
    first, second = flow.action(nc), flow.action(nc, title="Apmācīt darbiniekus")
    flow.plan(nc)
    with pytest.raises(InvalidTransition):
        flow.implemented(nc)
    flow.done(first)
    services.update_action(second, actor=people.doer, now=NOW,
                           status=ActionStatus.IN_PROGRESS)
    with pytest.raises(InvalidTransition):
        flow.implemented(nc)
    services.update_action(second, actor=people.doer, now=NOW, status=ActionStatus.CANCELLED)
    flow.implemented(nc)
    assert nc.status == NcStatus.EFFECTIVENESS


def test_implementation_needs_at_least_one_action_done(flow, people):
    nc = flow.to(NcStatus.IMPLEMENTATION)
    services.update_action(nc.actions[0], actor=people.doer, now=NOW,
                           status=ActionStatus.CANCELLED)
    with pytest.raises(InvalidTransition):
        flow.implemented(nc)
    assert nc.status == NcStatus.IMPLEMENTATION


def test_not_effective_reopens_the_root_cause_analysis(db, flow, people):
    nc = flow.to(NcStatus.EFFECTIVENESS)
    flow.verify(nc, verdict=Verdict.NOT_EFFECTIVE, risks_need_update=None,
                qms_needs_change=None)
    assert nc.status == NcStatus.ROOT_CAUSE and nc.times_not_effective == 1
    assert nc.closed_at is None and nc.verdict == "not_effective"
    assert _status_changes(db, nc)[-1] == ("effectiveness", "root_cause")

    flow.analyse(nc, category="people")
    flow.action(nc, title="Otrais mēģinājums")
    flow.plan(nc)
    flow.done(nc.actions[-1])
    flow.implemented(nc)
    flow.verify(nc, verdict=Verdict.PARTLY)
    assert nc.status == NcStatus.CLOSED and nc.times_not_effective == 1


def test_only_the_named_verifier_who_implements_nothing_verifies(flow, people, make_user):
    nc = flow.to(NcStatus.IMPLEMENTATION)
    # The verifier cannot take on an action after the plan was approved either.
    with pytest.raises(DomainError) as error:
        flow.action(nc, owner=people.verifier, title="Pārbaudīt arhīvu")
    assert error.value.field == "owner_id"
    flow.done(nc.actions[0])
    flow.implemented(nc)
    other_manager = make_user("manager")
    for actor in (other_manager, people.qm, people.owner, people.doer):
        with pytest.raises(PermissionDenied):
            services.verify(nc, actor=actor, now=NOW, verdict="effective", notes="Labi.",
                            risks_need_update=False, qms_needs_change=False)
    assert nc.status == NcStatus.EFFECTIVENESS
    assert services.can_verify(people.verifier, nc)
    nc.actions[0].owner_id = people.verifier.id  # e.g. data from before the rule
    assert not services.can_verify(people.verifier, nc)


def test_actions_are_frozen_during_the_effectiveness_check(flow, people):
    nc = flow.to(NcStatus.EFFECTIVENESS)
    with pytest.raises(InvalidTransition):
        services.update_action(nc.actions[0], actor=people.doer, now=NOW,
                               status=ActionStatus.IN_PROGRESS)
    assert nc.actions[0].status == ActionStatus.DONE


def test_the_verdict_needs_notes_and_for_closing_the_risk_and_qms_answers(flow, people):
    nc = flow.to(NcStatus.EFFECTIVENESS)
    with pytest.raises(DomainError) as error:
        services.verify(nc, actor=people.verifier, now=NOW, verdict="great", notes="x")
    assert error.value.field == "verdict"
    with pytest.raises(DomainError) as error:
        services.verify(nc, actor=people.verifier, now=NOW, verdict="effective", notes=" ")
    assert error.value.field == "notes"
    with pytest.raises(DomainError) as error:
        services.verify(nc, actor=people.verifier, now=NOW, verdict="effective",
                        notes="Labi.", risks_need_update=False)
    assert error.value.field == "risks_need_update"
    assert nc.status == NcStatus.EFFECTIVENESS


def test_a_qms_change_opens_a_new_draft_of_the_named_document(flow, make_document):
    document = make_document(title="Aprūpes plānošana")
    assert document.open_version is None
    nc = flow.to(NcStatus.EFFECTIVENESS)
    flow.verify(nc, qms_needs_change=True, change_document_id=document.id)
    assert nc.status == NcStatus.CLOSED and nc.change_document_id == document.id
    draft = document.open_version
    assert draft is not None and draft.status == VersionStatus.DRAFT
    assert nc.number in draft.change_reason


def test_no_qms_change_leaves_the_documents_alone(flow, make_document):
    document = make_document()
    nc = flow.to(NcStatus.EFFECTIVENESS)
    flow.verify(nc, qms_needs_change=False, change_document_id=document.id)
    assert nc.change_document_id is None and document.open_version is None


# --- personal codes ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Klients 010101-12345 sūdzējās.",
                                  "Klients 010101 - 12345 sūdzējās.",
                                  "PK 321234–56789"])
@pytest.mark.parametrize("field", ["description", "case_file_reference", "title"])
def test_a_personal_code_is_refused_naming_the_field(db, flow, text, field):
    with pytest.raises(DomainError) as error:
        flow.report(**{field: text[:60]})
    assert error.value.field == field
    db.session.rollback()
    assert db.session.scalar(select(func.count(Nonconformity.id))) == 0


@pytest.mark.parametrize("text", ["Tālrunis 12345-67890", "LN-2026/145", "Lēmums 2026-03-02"])
def test_numbers_that_are_not_personal_codes_pass(flow, text):
    nc = flow.report(description=f"Skat. {text}.", case_file_reference=text)
    assert nc.case_file_reference == text


def test_personal_codes_are_refused_in_the_later_stages_too(flow, people):
    nc = flow.to(NcStatus.CORRECTION)
    with pytest.raises(DomainError) as error:
        services.record_correction(nc, actor=people.owner, now=NOW, correction=PERSONAL_CODE,
                                   corrective_action_needed=True, rationale="y")
    assert error.value.field == "correction"
    flow.correct(nc)
    with pytest.raises(DomainError) as error:
        services.record_root_cause(nc, actor=people.owner, now=NOW, method="five_whys",
                                   whys=["a", PERSONAL_CODE], root_cause="x",
                                   category="methods")
    assert error.value.field == "whys"
    flow.analyse(nc)
    with pytest.raises(DomainError) as error:
        flow.action(nc, description=PERSONAL_CODE)
    assert error.value.field == "description"


def test_a_personal_code_in_a_rejection_reason_is_refused(flow, people):
    nc = flow.report()
    with pytest.raises(DomainError) as error:
        services.reject(nc, actor=people.qm, now=NOW, reason=PERSONAL_CODE)
    assert error.value.field == "reason"


def test_a_personal_code_in_the_effectiveness_criteria_is_refused(flow, people):
    nc = flow.to(NcStatus.ACTION_PLAN)
    flow.action(nc)
    with pytest.raises(DomainError) as error:
        services.approve_plan(nc, actor=people.owner, now=NOW, criteria=PERSONAL_CODE,
                              check_on=TODAY, verifier_id=people.verifier.id)
    assert error.value.field == "criteria"


def test_reporting_needs_a_title_a_description_and_a_known_source(flow):
    for kwargs, field in [({"title": " "}, "title"), ({"description": ""}, "description"),
                          ({"source": "rumour"}, "source"), ({"severity": "huge"}, "severity")]:
        with pytest.raises(DomainError) as error:
            flow.report(**kwargs)
        assert error.value.field == field
    assert flow.report(source=Source.AUDIT_FINDING).source == "audit_finding"
