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


def _ready(review, qm, *, now=LATER):
    """Reasons for every section that needs one, and all four conclusions."""
    for section in review.snapshot["sections"]:
        if assemble.needs_reason(section):
            services.save_no_data_reason(review, actor=qm, now=now, section=section["key"],
                                         reason="Modulis vēl nav ieviests.")
    services.save_conclusions(review, actor=qm, now=now, **CONCLUSIONS)


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
    assert "surveys_missing" in c1["notes"]

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
        assert sections[key]["available"] is False
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
    assert services.missing_for_approval(review) == {"sections": [], "conclusions": []}
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
    services.approve(review, actor=head, now=LATER)
    actions = set(db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.entity_type == "management_review", AuditEvent.entity_id == review.id)))
    assert {"review.open", "review.start", "review.no_data_reason", "review.conclusions",
            "review.meeting", "review.approve"} <= actions
    assert review.attendance == {"Direktore": True, "Ilze": False}


def test_only_the_quality_manager_prepares(dataset, people):
    with pytest.raises(PermissionDenied):
        services.open_draft(2026, actor=people.verifier, now=NOW)
    assert db.session.scalar(db.select(db.func.count(ManagementReview.id))) == 0
