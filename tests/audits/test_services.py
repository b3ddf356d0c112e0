"""Audit programme, impartiality, lifecycle, findings -> nonconformities, report."""

import datetime as dt

import pytest
from sqlalchemy import select

from qms.audits import services
from qms.audits.models import AuditStatus, ChecklistTemplate, TemplateQuestion
from qms.core.audit_log import AuditEvent
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.nonconformities.models import Action, Nonconformity, Severity, Source

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(make_unit, make_position, make_user, system):
    from qms.processes.services import create_process

    sd = make_unit(code="SD", kind="institution")
    aab = make_unit(code="AAB", parent_id=sd.id)
    psac = make_unit(code="PSAC", parent_id=sd.id)
    head = make_position(title="Biroja vadītājs", unit_id=aab.id)
    home_care = create_process(actor=system, code="PP-04", name="Aprūpe mājās", kind="core",
                               owner_position_id=head.id)
    qm = make_user("quality_manager", unit_id=sd.id)
    return {
        "sd": sd, "aab": aab, "psac": psac, "process": home_care, "qm": qm,
        "auditor": make_user("auditor", unit_id=psac.id, full_name="Līga Auditore"),
        "aab_auditor": make_user("auditor", unit_id=aab.id, full_name="AAB Auditors"),
        "owner": make_user("manager", unit_id=aab.id, position_id=head.id,
                           full_name="Rudīte Owner"),
        "staff": make_user("staff", unit_id=aab.id),
    }


def _audit(world, **kw):
    programme = kw.pop("programme", None)
    return services.plan_audit(actor=world["qm"], now=NOW, programme=programme,
                               title="Aprūpe mājās", criteria="ISO 9001; PA-04",
                               planned_start=dt.date(2026, 4, 14),
                               process_ids=[world["process"].id], unit_ids=[world["aab"].id],
                               **kw)


def _template(db):
    template = ChecklistTemplate(key="t", title="T", language="lv", clauses=["8"],
                                 process_codes=[], content_sha256="x" * 64, imported_at=NOW)
    template.questions = [TemplateQuestion(position=i, section="8", clause=f"8.{i}",
                                           question=f"Jautājums {i}?") for i in (1, 2, 3)]
    db.session.add(template)
    db.session.commit()
    return template


def test_an_audit_needs_scope_and_criteria(world):
    with pytest.raises(DomainError) as caught:
        services.plan_audit(actor=world["qm"], now=NOW, programme=None, title="X",
                            criteria="ISO 9001")
    assert caught.value.field == "process_ids"
    with pytest.raises(DomainError) as caught:
        services.plan_audit(actor=world["qm"], now=NOW, programme=None, title="X",
                            criteria=" ", unit_ids=[world["aab"].id])
    assert caught.value.field == "criteria"
    with pytest.raises(PermissionDenied):
        services.plan_audit(actor=world["auditor"], now=NOW, programme=None, title="X",
                            criteria="ISO", unit_ids=[world["aab"].id])
    audit = _audit(world)
    assert audit.number == "IA-2026-01" and audit.status == AuditStatus.PLANNED


def test_impartiality_blocks_own_unit_and_own_process_unless_overridden(world, db):
    audit = _audit(world)
    assert services.impartiality_problems(world["auditor"], audit) == []
    assert services.impartiality_problems(world["aab_auditor"], audit) == [
        "works in an audited unit"]
    assert "owns an audited process" in services.impartiality_problems(world["owner"], audit)
    with pytest.raises(DomainError) as caught:
        services.set_team(audit, actor=world["qm"], now=NOW, lead_id=world["aab_auditor"].id)
    assert "not impartial" in str(caught.value)
    services.set_team(audit, actor=world["qm"], now=NOW, lead_id=world["aab_auditor"].id,
                      overrides={world["aab_auditor"].id: "Mazā struktūrvienībā nav cita "
                                                          "auditora."})
    assert audit.lead == world["aab_auditor"]
    override = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "audit.impartiality_override")).one()
    assert "nav cita auditora" in override.note
    listed = dict((u.id, problems) for u, problems in services.impartial_auditors(audit))
    assert listed[world["auditor"].id] == [] and listed[world["aab_auditor"].id]


def test_lifecycle_with_findings_raising_nonconformities_and_actions(world, db):
    template = _template(db)
    audit = _audit(world)
    services.set_team(audit, actor=world["qm"], now=NOW, lead_id=world["auditor"].id,
                      auditee_ids=[world["owner"].id])
    with pytest.raises(InvalidTransition):
        services.start(audit, actor=world["auditor"], now=NOW)  # not confirmed yet
    services.confirm(audit, actor=world["qm"], now=NOW, agenda="09:00 atklāšanas sanāksme")
    assert audit.plan_sent_at == NOW
    services.start(audit, actor=world["auditor"], now=NOW, template_ids=[template.id])
    assert [i.question for i in audit.items] == ["Jautājums 1?", "Jautājums 2?",
                                                  "Jautājums 3?"]
    first, second, third = audit.items
    with pytest.raises(DomainError):  # a finding needs its evidence
        services.answer_item(first, actor=world["auditor"], now=NOW, result="minor",
                             evidence=" ")
    with pytest.raises(PermissionDenied):  # auditees do not record results
        services.answer_item(first, actor=world["owner"], now=NOW, result="conforms",
                             evidence="")
    services.answer_item(first, actor=world["auditor"], now=NOW, result="minor",
                         evidence="2 no 10 klientu lietām nav atjaunots aprūpes plāns.")
    services.answer_item(second, actor=world["auditor"], now=NOW, result="improvement",
                         evidence="Grafikus varētu publicēt elektroniski.")
    with pytest.raises(InvalidTransition):  # an unanswered item remains
        services.issue_report(audit, actor=world["auditor"], now=NOW, summary="",
                              strengths="", conclusion="Atbilst")
    services.answer_item(third, actor=world["auditor"], now=NOW, result="conforms",
                         evidence="")
    services.issue_report(audit, actor=world["auditor"], now=NOW, summary="Kopsavilkums",
                          strengths="Zinoši darbinieki", conclusion="Process darbojas.",
                          distribution_ids=[world["qm"].id])
    assert audit.status == AuditStatus.FOLLOW_UP and len(audit.report_sha256) == 64
    nc = db.session.get(Nonconformity, first.nonconformity_id)
    assert nc.source == Source.AUDIT_FINDING and nc.severity == Severity.MINOR
    assert nc.source_reference == audit.number and nc.requirement_clause == "8.1"
    action = db.session.get(Action, second.action_id)
    assert action.kind == "improvement" and action.owner_id == world["owner"].id
    assert audit.distribution == [world["qm"].full_name]
    with pytest.raises(InvalidTransition):  # the nonconformity is still open
        services.close(audit, actor=world["qm"], now=NOW)


def test_copying_the_previous_audit_of_the_same_scope_resets_results(world, db):
    template = _template(db)
    first = _audit(world)
    services.set_team(first, actor=world["qm"], now=NOW, lead_id=world["auditor"].id)
    services.confirm(first, actor=world["qm"], now=NOW)
    services.start(first, actor=world["auditor"], now=NOW, template_ids=[template.id])
    for item in first.items:
        services.answer_item(item, actor=world["auditor"], now=NOW, result="conforms",
                             evidence="")
    second = _audit(world, planned_month=10)
    services.set_team(second, actor=world["qm"], now=NOW, lead_id=world["auditor"].id)
    services.confirm(second, actor=world["qm"], now=NOW)
    services.start(second, actor=world["auditor"], now=NOW, copy_previous=True)
    assert [i.question for i in second.items] == [i.question for i in first.items]
    assert all(i.result == "" for i in second.items) and second.copied_from_id == first.id


def test_programme_copies_into_next_year_and_coverage_flags_gaps(world, db):
    programme = services.create_programme(actor=world["qm"], now=NOW, year=2026,
                                          objectives="Visi pamatprocesi reizi gadā")
    services.rate_process(programme, actor=world["qm"], now=NOW,
                          process_id=world["process"].id, importance=3, changes=2,
                          earlier_results=3, rationale="Daudz sūdzību")
    assert programme.process_risks[0].audits_per_year == 2
    _audit(world, programme=programme)
    grid = services.coverage(2026)
    assert grid["last"][(world["process"].id, world["aab"].id)] == dt.date(2026, 4, 14)
    assert (world["process"].id, world["psac"].id) not in grid["last"]
    assert grid["never_audited"] == []
    following = services.create_programme(actor=world["qm"], now=NOW, year=2027,
                                          copy_from=programme)
    assert following.objectives == "Visi pamatprocesi reizi gadā"
    assert [a.planned_start for a in following.audits] == [dt.date(2027, 4, 14)]
    assert following.process_risks[0].importance == 3
    with pytest.raises(DomainError):
        services.create_programme(actor=world["qm"], now=NOW, year=2027)


def test_cancelling_needs_a_reason_and_is_final(world):
    audit = _audit(world)
    with pytest.raises(DomainError):
        services.cancel(audit, actor=world["qm"], now=NOW, reason="")
    services.cancel(audit, actor=world["qm"], now=NOW, reason="Pārcelts uz nākamo gadu")
    with pytest.raises(InvalidTransition):
        services.confirm(audit, actor=world["qm"], now=NOW)
