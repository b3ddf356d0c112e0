"""The management review: the input pack, the frozen snapshot, approval and outputs."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.core.audit_log import AuditEvent
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.extensions import db
from qms.nonconformities.models import Action, ActionKind, ActionStatus
from qms.reviews import assemble, services
from qms.reviews.models import ManagementReview, ReviewIsImmutable, ReviewStatus

TODAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
CONCLUSIONS = {"suitability": "Piemērota.", "adequacy": "Atbilstoša.",
               "effectiveness": "Efektīva.", "strategic_alignment": "Saskaņota."}


def _sections(pack):
    return {s["key"]: s for s in pack["sections"]}


def _meeting(review, qm, *, now=LATER):
    """The meeting held, everybody present (the head of the institution included)."""
    names = services.default_participants()
    services.save_meeting(review, actor=qm, now=now, planned_meeting_on=dt.date(2026, 12, 15),
                          participants=names, attended=names)


def _ready(review, qm, *, now=LATER):
    """Reasons for every section that needs one, all four conclusions, the meeting."""
    for section in review.snapshot["sections"]:
        if assemble.needs_reason(section):
            services.save_no_data_reason(review, actor=qm, now=now, section=section["key"],
                                         reason="Modulis vēl nav ieviests.")
    services.save_conclusions(review, actor=qm, now=now, **CONCLUSIONS)
    _meeting(review, qm, now=now)


def test_input_pack_has_every_section_with_known_figures(dataset):
    pack = assemble.input_pack(2026, today=TODAY)
    sections = _sections(pack)
    assert list(sections) == list(assemble.SECTION_KEYS)
    assert pack["years"] == [2024, 2025, 2026]
    for section in pack["sections"]:
        assert section["clause"].startswith("9.3.2")
        if section["trend"]:
            assert section["trend"]["years"] == [2024, 2025, 2026]

    c4 = sections["c4_nonconformities"]
    assert c4["figures"]["opened"] == 2
    assert c4["figures"]["closed"] == 1
    assert c4["figures"]["open"] == 1
    assert c4["figures"]["first_time_effective_percent"] == 100.0
    assert c4["trend"]["series"]["opened"] == [0, 1, 2]
    assert ["methods", 1] in c4["tables"][0]["rows"]
    assert c4["figures"]["budget_planned"] == "0.00"

    c1 = sections["c1_client_feedback"]
    assert c1["figures"]["complaints"] == 1 and c1["figures"]["suggestions"] == 1
    assert c1["trend"]["series"]["complaints"] == [0, 0, 1]
    assert "surveys_missing" not in c1["notes"]  # the surveys module fills it

    c6 = sections["c6_audits"]
    assert c6["figures"]["internal_planned"] == 2
    assert c6["figures"]["internal_done"] == 1
    assert c6["figures"]["programme_completion_percent"] == 50.0
    assert c6["figures"]["findings"] == 2
    assert c6["figures"]["certification_audits"] == 1
    assert c6["figures"]["inspections"] == 1
    assert c6["figures"]["prescriptions_open"] == 1
    assert c6["figures"]["prescriptions_overdue"] == 1
    assert dict(map(tuple, c6["tables"][0]["rows"])) == {"minor": 1, "improvement": 1}
    assert c6["tables"][2]["rows"] == [["VDI", 1]]

    b = sections["b_context_changes"]
    assert b["figures"]["external_documents_changed"] == 1
    assert b["tables"][0]["rows"][0][1] == "Sociālo pakalpojumu likums"

    f = sections["f_improvement"]
    assert f["figures"] == {"improvement_actions": 1, "improvement_actions_done": 0,
                            "audit_opportunities": 1, "suggestions": 1}
    c5 = sections["c5_monitoring"]
    assert c5["figures"]["nonconformities"] == 2

    d = sections["d_resources"]
    assert "headcount" in d["figures"]
    for key in ("c2_objectives", "c7_providers", "e_risks"):
        # Filled by their modules, but this dataset has no objectives, providers or risks.
        assert sections[key]["available"] is True and sections[key]["empty"] is True
        assert assemble.needs_reason(sections[key])
    assert sections["a_previous_actions"]["figures"]["outputs"] == 0
    # Everything is JSON-ready.
    assert assemble.pack_sha256(pack)


def test_snapshot_is_frozen_at_start(dataset, people, flow):
    review = services.open_draft(2026, actor=people.qm, now=NOW)
    assert review.status == ReviewStatus.DRAFT and review.snapshot is None
    services.start(review, actor=people.qm, now=NOW)
    frozen = review.snapshot
    digest = review.snapshot_sha256
    assert digest == assemble.pack_sha256(frozen)

    flow.report(title="Vēl viena")
    db.session.expire_all()
    review = services.get(2026)
    assert review.status == ReviewStatus.IN_PROGRESS
    assert review.snapshot == frozen and review.snapshot_sha256 == digest
    assert _sections(review.snapshot)["c4_nonconformities"]["figures"]["opened"] == 2
    live = assemble.input_pack(2026, today=TODAY)
    assert _sections(live)["c4_nonconformities"]["figures"]["opened"] == 3
    assert services.pack_for(review, 2026, today=TODAY) == frozen
    with pytest.raises(InvalidTransition):
        services.start(review, actor=people.qm, now=NOW)


def test_approval_needs_reasons_and_conclusions(dataset, people, head):
    review = services.open_draft(2026, actor=people.qm, now=NOW)
    services.start(review, actor=people.qm, now=NOW)
    with pytest.raises(DomainError, match="9.3.2 c\\) 2\\)"):
        services.approve(review, actor=head, now=LATER)
    for section in review.snapshot["sections"]:
        if assemble.needs_reason(section):
            services.save_no_data_reason(review, actor=people.qm, now=LATER,
                                         section=section["key"], reason="Nav moduļa.")
    services.save_conclusions(review, actor=people.qm, now=LATER,
                              **{**CONCLUSIONS, "effectiveness": ""})
    with pytest.raises(DomainError, match="Effectiveness"):
        services.approve(review, actor=head, now=LATER)
    services.save_conclusions(review, actor=people.qm, now=LATER, **CONCLUSIONS)
    assert services.missing_for_approval(review)["meeting"] == ["meeting_date", "attendance"]
    with pytest.raises(DomainError, match="meeting date"):
        services.approve(review, actor=head, now=LATER)
    services.save_meeting(review, actor=people.qm, now=LATER,
                          planned_meeting_on=dt.date(2026, 12, 15),
                          participants=review.participants,
                          attended=[n for n in review.participants if head.full_name not in n])
    with pytest.raises(DomainError, match="head of the institution"):
        services.approve(review, actor=head, now=LATER)
    _meeting(review, people.qm)
    assert services.missing_for_approval(review) == {"sections": [], "conclusions": [],
                                                     "meeting": []}
    services.approve(review, actor=head, now=LATER)
    assert review.status == ReviewStatus.APPROVED
    assert review.approved_by_id == head.id and len(review.approval_sha256) == 64
    assert review.approval_sha256 == services.approval_hash(review)


def test_a_draft_cannot_be_approved(dataset, people, head):
    review = services.open_draft(2026, actor=people.qm, now=NOW)
    with pytest.raises(InvalidTransition):
        services.approve(review, actor=head, now=LATER)


def test_only_the_head_or_an_admin_approves(dataset, people, head, make_user):
    review = services.open_draft(2026, actor=people.qm, now=NOW)
    services.start(review, actor=people.qm, now=NOW)
    _ready(review, people.qm)
    for someone in (people.verifier, people.qm, make_user("staff")):
        with pytest.raises(PermissionDenied):
            services.approve(review, actor=someone, now=LATER)
    assert services.can_approve(head)
    assert services.can_approve(make_user("admin"))
    services.approve(review, actor=make_user("admin"), now=LATER)
    assert review.is_approved


def test_approved_review_is_immutable(dataset, people, head):
    review = services.open_draft(2026, actor=people.qm, now=NOW)
    services.start(review, actor=people.qm, now=NOW)
    _ready(review, people.qm)
    services.approve(review, actor=head, now=LATER)
    with pytest.raises(InvalidTransition):
        services.save_narratives(review, actor=people.qm, now=LATER,
                                 narratives={"c4_nonconformities": "Citādi"})
    with pytest.raises(InvalidTransition):
        services.save_conclusions(review, actor=people.qm, now=LATER, adequacy="Citādi")
    with pytest.raises(InvalidTransition):
        services.add_output(review, actor=people.qm, now=LATER, output_class="improvement",
                            title="Vēl", owner_id=people.doer.id, due_on=dt.date(2027, 1, 1))
    review.suitability = "Pārrakstīts"
    with pytest.raises(ReviewIsImmutable):
        db.session.flush()
    db.session.rollback()
    assert services.get(2026).suitability == CONCLUSIONS["suitability"]


def test_outputs_become_actions_and_show_next_year(dataset, people, head):
    review = services.open_draft(2025, actor=people.qm, now=NOW)
    services.start(review, actor=people.qm, now=NOW)
    services.save_narratives(review, actor=people.qm, now=NOW,
                             narratives={"c4_nonconformities": "Neatbilstību maz."})
    output = services.add_output(review, actor=people.qm, now=NOW, output_class="resource_need",
                                 title="Pieņemt darbā vēl vienu sociālo darbinieku",
                                 owner_id=people.doer.id, due_on=dt.date(2026, 9, 1),
                                 budget_planned="12000")
    action = db.session.get(Action, output.action_id)
    assert action.kind == ActionKind.IMPROVEMENT and action.status == ActionStatus.PLANNED
    assert action.source_type == "management_review" and action.source_id == review.id
    _ready(review, people.qm)
    services.approve(review, actor=head, now=NOW)

    section = _sections(assemble.input_pack(2026, today=TODAY))["a_previous_actions"]
    assert section["figures"]["outputs"] == 1 and section["figures"]["open"] == 1
    row = section["tables"][1]["rows"][0]
    assert row[:4] == [2025, "resource_need", action.title, "planned"]
    assert section["trend"]["series"]["outputs_of_previous_review"] == [0, 0, 1]
    assert not assemble.needs_reason(section)
    # An earlier draft's outputs do not count until it is approved.
    assert _sections(assemble.input_pack(2025, today=TODAY))["a_previous_actions"][
        "figures"]["outputs"] == 0


def test_every_step_writes_the_audit_trail(dataset, people, head):
    review = services.open_draft(2026, actor=people.qm, now=NOW)
    services.start(review, actor=people.qm, now=NOW)
    _ready(review, people.qm)
    services.save_meeting(review, actor=people.qm, now=NOW, planned_meeting_on=TODAY,
                          participants=["Direktore", "Ilze"], attended=["Direktore"])
    assert review.attendance == {"Direktore": True, "Ilze": False}
    _meeting(review, people.qm)
    services.approve(review, actor=head, now=LATER)
    actions = set(db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.entity_type == "management_review", AuditEvent.entity_id == review.id)))
    assert {"review.open", "review.start", "review.no_data_reason", "review.conclusions",
            "review.meeting", "review.approve"} <= actions


def test_only_the_quality_manager_prepares(dataset, people):
    with pytest.raises(PermissionDenied):
        services.open_draft(2026, actor=people.verifier, now=NOW)
    assert db.session.scalar(db.select(db.func.count(ManagementReview.id))) == 0


def test_the_draft_lists_the_participants(dataset, people, head, make_unit, make_user):
    unit_head = make_user("manager", full_name="Nodaļas Vadītāja")
    make_unit(code="SPN", name="Sociālās palīdzības nodaļa", head_id=unit_head.id)
    review = services.open_draft(2026, actor=people.qm, now=NOW)
    names = review.participants
    assert names[0].startswith(head.full_name)
    assert any(people.qm.full_name in n for n in names)
    assert any(unit_head.full_name in n for n in names)
    assert len(names) == len(set(names))
    assert review.attendance == {n: False for n in names}


def test_outputs_are_classed_and_a_qms_change_says_what_it_changes(dataset, people):
    review = services.open_draft(2026, actor=people.qm, now=NOW)
    with pytest.raises(DomainError, match="change to the QMS"):
        services.add_output(review, actor=people.qm, now=NOW, output_class="qms_change",
                            title="Pārskatīt politiku", owner_id=people.doer.id,
                            due_on=dt.date(2027, 3, 1))
    with pytest.raises(DomainError, match="kind of output"):
        services.add_output(review, actor=people.qm, now=NOW, output_class="wish",
                            title="X", owner_id=people.doer.id, due_on=dt.date(2027, 3, 1))
    with pytest.raises(DomainError, match="due date"):
        services.add_output(review, actor=people.qm, now=NOW, output_class="improvement",
                            title="X", owner_id=people.doer.id, due_on=None)
    change = services.add_output(review, actor=people.qm, now=NOW, output_class="qms_change",
                                 change_area="policy", title="Pārskatīt kvalitātes politiku",
                                 owner_id=people.doer.id, due_on=dt.date(2027, 3, 1),
                                 budget_planned="500")
    other = services.add_output(review, actor=people.qm, now=NOW, output_class="other",
                                change_area="policy", title="Informēt domi",
                                owner_id=people.doer.id, due_on=dt.date(2027, 2, 1))
    assert change.change_area == "policy" and "Quality policy" in change.class_label
    assert other.change_area == ""
    assert str(change.action.budget_planned) == "500.00"


def test_distribution_is_logged_after_approval_only(dataset, people, head):
    review = services.open_draft(2026, actor=people.qm, now=NOW)
    services.start(review, actor=people.qm, now=NOW)
    _ready(review, people.qm)
    with pytest.raises(InvalidTransition):
        services.distribute(review, actor=people.qm, now=LATER, recipients=["Dome"])
    services.approve(review, actor=head, now=LATER)
    digest = review.approval_sha256
    with pytest.raises(DomainError):
        services.distribute(review, actor=people.qm, now=LATER, recipients=[" "])
    services.distribute(review, actor=people.qm, now=LATER, recipients=["Dome", "Nodaļas"],
                        channel="e-pasts")
    services.distribute(review, actor=people.qm, now=LATER, recipients=["Intranets"])
    db.session.expire_all()
    review = services.get(2026)
    assert [d["to"] for d in review.distribution] == ["Dome", "Nodaļas", "Intranets"]
    assert review.distribution[0] == {"to": "Dome", "on": "2026-11-20", "channel": "e-pasts",
                                      "by": people.qm.full_name}
    assert review.approval_sha256 == digest == services.approval_hash(review)
    events = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.entity_type == "management_review", AuditEvent.entity_id == review.id,
        AuditEvent.action == "review.distribute")).all()
    assert len(events) == 2
    review.distribution = [*review.distribution, {"to": "x"}]
    review.adequacy = "Citādi"
    with pytest.raises(ReviewIsImmutable):
        db.session.flush()
    db.session.rollback()


def test_merge_inputs_fills_a_missing_section():
    section = assemble.objectives(2026)
    assert assemble.needs_reason(section) and section["notes"] == ["objectives_missing"]
    extra = {"figures": {"objectives": 4, "objectives_met": 3},
             "tables": [{"key": "objectives_table", "columns": ["objective", "target"],
                         "rows": [["Gaidīšanas laiks", "≤ 10 d."]]}],
             "trend_series": {"objectives_met": [1, 2, 3]}}
    merged = assemble.merge_inputs(section, extra)
    assert merged is section
    assert section["available"] is True and section["empty"] is False
    assert section["notes"] == []
    assert section["figures"] == {"objectives": 4, "objectives_met": 3}
    assert section["tables"][0]["rows"] == [["Gaidīšanas laiks", "≤ 10 d."]]
    assert section["trend"] == {"years": [2024, 2025, 2026],
                                "series": {"objectives_met": [1, 2, 3]}}
    assert not assemble.needs_reason(section)

    nothing = assemble.merge_inputs(assemble.risks(2026), {"figures": {"risks": 0},
                                                           "tables": [], "trend_series": {}})
    assert nothing["available"] is True and nothing["empty"] is True
    assert assemble.needs_reason(nothing)


def test_merge_inputs_keeps_the_existing_figures(dataset):
    c1 = assemble.client_feedback(2026)
    assemble.merge_inputs(c1, {"figures": {"survey_responses": 40},
                               "trend_series": {"satisfaction_percent": [80, 82.5, 85]}})
    assert c1["figures"]["complaints"] == 1 and c1["figures"]["survey_responses"] == 40
    assert set(c1["trend"]["series"]) >= {"complaints", "satisfaction_percent"}
    assert "surveys_missing" not in c1["notes"]


def test_registered_inputs_and_labels_reach_the_pack(dataset, monkeypatch, tmp_path):
    import sys
    import types

    module = types.ModuleType("fake_review_inputs")
    module.LABELS = {"providers_evaluated": "Providers evaluated", "approved": "Approved"}
    module.provider_performance = lambda year: {
        "figures": {"providers_evaluated": 7}, "tables": [
            {"key": "providers", "columns": ["provider", "status"],
             "rows": [["SIA Ēdināšana", "approved"]]}],
        "trend_series": {"providers_evaluated": [5, 6, 7]}}
    module.indicator_performance = lambda year: {
        "figures": {"indicators_on_target": 5}, "tables": [], "trend_series": {}}
    monkeypatch.setitem(sys.modules, "fake_review_inputs", module)
    monkeypatch.setitem(assemble.EXTRA_INPUTS, "c7_providers",
                        ["fake_review_inputs:provider_performance"])
    monkeypatch.setitem(assemble.EXTRA_INPUTS, "c3_process_performance",
                        ["fake_review_inputs:indicator_performance"])
    monkeypatch.setattr(assemble, "EXTRA_LABELS", {})
    sections = _sections(assemble.input_pack(2026, today=TODAY))
    c7 = sections["c7_providers"]
    assert c7["available"] and c7["figures"] == {"providers_evaluated": 7}
    assert sections["c3_process_performance"]["figures"]["indicators_on_target"] == 5
    assert "indicators_missing" not in sections["c3_process_performance"]["notes"]
    assert "indicators_missing" not in sections["c5_monitoring"]["notes"]
    assert assemble.extra_labels()["providers_evaluated"] == "Providers evaluated"

    from qms.reviews import views

    assert views.labels(views.FIGURE_LABELS)["providers_evaluated"] == "Providers evaluated"
    assert views.cell("provider", "approved") == "Approved"
    assert views.cell("met", True) == "yes" and views.cell("met", False) == "no"
    # The section's own modules name its keys first (a "title" column of providers).
    module.LABELS["title"] = "Provider"
    assert views.labels_for(c7)["columns"]["title"] == "Provider"
    assert views.labels_for(sections["c4_nonconformities"])["columns"]["title"] == "Title"
    assert c7["label_modules"] == ["fake_review_inputs"]


def test_merge_inputs_takes_trend_series_with_their_years():
    section = assemble.providers(2026)
    assemble.merge_inputs(section, {"figures": {}, "tables": [], "trend_series": {
        "years": [2024, 2025, 2026], "series": {"evaluated": [0, 2, 3]}}},
        source="qms.providers.review_inputs")
    assert section["trend"] == {"years": [2024, 2025, 2026], "series": {"evaluated": [0, 2, 3]}}
    assert section["available"] and not section["empty"]
    assert section["label_modules"] == ["qms.providers.review_inputs"]
