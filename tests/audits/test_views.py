"""Thin view tests of the audit pages: register, programme, planning, team, object rule,
checklist answers and the report PDF."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from qms.audits import services
from qms.audits.models import Audit, ChecklistTemplate, TemplateQuestion

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
    return {
        "sd": sd, "aab": aab, "psac": psac, "process": home_care,
        "qm": make_user("quality_manager", unit_id=sd.id),
        "auditor": make_user("auditor", unit_id=psac.id, full_name="Līga Auditore"),
        "aab_auditor": make_user("auditor", unit_id=aab.id, full_name="AAB Auditors"),
        "staff": make_user("staff", unit_id=aab.id, full_name="Anna Darbiniece"),
    }


def _audit(world, **kw):
    return services.plan_audit(actor=world["qm"], now=NOW, programme=kw.pop("programme", None),
                               title=kw.pop("title", "Aprūpe mājās"), criteria="ISO 9001",
                               planned_start=dt.date(2026, 4, 14),
                               process_ids=[world["process"].id], unit_ids=[world["aab"].id],
                               **kw)


def _in_progress(world, db):
    template = ChecklistTemplate(key="t", title="T", language="lv", clauses=["8"],
                                 process_codes=[], content_sha256="x" * 64, imported_at=NOW)
    template.questions = [TemplateQuestion(position=i, section="8", clause=f"8.{i}",
                                           question=f"Jautājums {i}?") for i in (1, 2)]
    db.session.add(template)
    db.session.commit()
    audit = _audit(world)
    services.set_team(audit, actor=world["qm"], now=NOW, lead_id=world["auditor"].id,
                      auditee_ids=[world["staff"].id])
    services.confirm(audit, actor=world["qm"], now=NOW)
    services.start(audit, actor=world["auditor"], now=NOW, template_ids=[template.id])
    return audit


def test_register_and_programme_pages_render(world, client, login):
    programme = services.create_programme(actor=world["qm"], now=NOW, year=2026)
    audit = _audit(world, programme=programme, title="Reģistra audits")
    login(world["qm"])
    page = client.get("/audits/")
    assert page.status_code == 200 and audit.number in page.get_data(as_text=True)
    page = client.get("/audits/programme/2026")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="coverage"' in html and '<table class="coverage">' in html
    assert f"/audits/{audit.id}" in html
    assert client.get("/audits/programme").status_code == 200
    assert client.get("/audits/programme/1999").status_code == 404


def test_plan_form_without_scope_shows_field_errors_and_saves_nothing(world, client, login,
                                                                       db):
    login(world["qm"])
    page = client.post("/audits/new", data={"type": "internal", "title": "Bez tvēruma",
                                            "criteria": "ISO 9001",
                                            "planned_start": "14.04.2026"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="process_ids-error"' in html and 'class="form-errors"' in html
    assert db.session.scalar(select(func.count(Audit.id))) == 0
    page = client.post("/audits/new", data={"type": "internal", "title": "",
                                            "criteria": "", "planned_start": "31.02.2026"})
    html = page.get_data(as_text=True)
    for name in ("title", "criteria", "planned_start"):
        assert f'id="{name}-error"' in html
    assert db.session.scalar(select(func.count(Audit.id))) == 0
    page = client.post("/audits/new", data={
        "type": "internal", "title": "Ar tvērumu", "criteria": "ISO 9001",
        "planned_start": "14.04.2026", "process_ids": str(world["process"].id),
        "unit_ids": str(world["aab"].id)})
    assert page.status_code == 302
    audit = db.session.scalars(select(Audit)).one()
    assert page.headers["Location"].endswith(f"/audits/{audit.id}#team")
    assert audit.planned_start == dt.date(2026, 4, 14)


def test_team_form_needs_a_reason_for_a_non_impartial_auditor(world, client, login, db):
    audit = _audit(world)
    login(world["qm"])
    non_impartial = world["aab_auditor"]
    page = client.post(f"/audits/{audit.id}/team", data={"lead_id": non_impartial.id})
    assert page.status_code == 200
    assert 'class="field-error"' in page.get_data(as_text=True)
    db.session.expire_all()
    assert audit.members == []
    page = client.post(f"/audits/{audit.id}/team", data={
        "lead_id": non_impartial.id, f"override_{non_impartial.id}": "Nav cita auditora.",
        "auditee_ids": world["staff"].id})
    assert page.status_code == 302
    db.session.expire_all()
    assert audit.lead == non_impartial
    assert audit.members[0].override_reason == "Nav cita auditora."
    assert audit.people("auditee") == [world["staff"]]


def test_an_auditee_sees_their_audit_only(world, client, login, make_user):
    mine = _audit(world)
    services.set_team(mine, actor=world["qm"], now=NOW, lead_id=world["auditor"].id,
                      auditee_ids=[world["staff"].id])
    other = _audit(world, title="Cits audits")
    login(world["staff"])
    assert client.get(f"/audits/{mine.id}").status_code == 200
    assert client.get(f"/audits/{other.id}").status_code == 403
    assert client.get(f"/audits/{other.id}/checklist").status_code == 403
    assert client.get("/audits/").status_code == 403  # the register needs AUDIT_VIEW
    assert client.get("/audits/999999").status_code == 404


def test_checklist_answer_records_a_result(world, client, login, db):
    audit = _in_progress(world, db)
    first, second = audit.items
    login(world["auditor"])
    assert client.get(f"/audits/{audit.id}/checklist").status_code == 200
    page = client.post(f"/audits/{audit.id}/items/{first.id}", data={
        f"item{first.id}-result": "conforms", f"item{first.id}-evidence": "",
        f"item{first.id}-row_version": first.row_version})
    assert page.status_code == 302
    assert f"saved={first.id}" in page.headers["Location"]
    db.session.expire_all()
    assert first.result == "conforms" and first.answered_by_id == world["auditor"].id
    # A finding without evidence is refused on the item, nothing changes.
    page = client.post(f"/audits/{audit.id}/items/{second.id}", data={
        f"item{second.id}-result": "minor", f"item{second.id}-evidence": " "})
    assert page.status_code == 200
    assert f'id="item{second.id}-evidence-error"' in page.get_data(as_text=True)
    db.session.expire_all()
    assert second.result == ""


def test_the_report_pdf_is_a_pdf(world, client, login, db):
    audit = _in_progress(world, db)
    for item in audit.items:
        services.answer_item(item, actor=world["auditor"], now=NOW, result="conforms",
                             evidence="")
    services.issue_report(audit, actor=world["auditor"], now=NOW, summary="Kopsavilkums",
                          strengths="", conclusion="Atbilst.")
    login(world["staff"])  # an auditee
    response = client.get(f"/audits/{audit.id}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_photos_can_be_attached_to_checklist_items_and_are_downloaded(client, app, db):
    """Evidence files on an item: stored by hash, served only as downloads."""
    import io

    from qms.audits import services as audit_services
    from qms.audits.models import AuditItem
    from qms.core.permissions import SystemActor
    from qms.org import services as org_services

    system = SystemActor("test")
    unit = org_services.create_unit(actor=system, code="U1", name="Unit", kind="department",
                                    parent_id=None, head_id=None)
    qm, _ = org_services.create_person(actor=system, username="qm1", full_name="Q M",
                                       email="", unit_id=None, position_id=None,
                                       language="en", roles=["quality_manager"],
                                       password="correct horse battery staple")
    auditor, _ = org_services.create_person(actor=system, username="aud1", full_name="A A",
                                            email="", unit_id=None, position_id=None,
                                            language="en", roles=["auditor"],
                                            password="correct horse battery staple")
    audit = audit_services.plan_audit(actor=qm, now=NOW, programme=None, title="Foto",
                                      criteria="ISO 9001", unit_ids=[unit.id],
                                      planned_start=NOW.date())
    audit_services.set_team(audit, actor=qm, now=NOW, lead_id=auditor.id)
    audit_services.confirm(audit, actor=qm, now=NOW)
    audit_services.start(audit, actor=auditor, now=NOW)
    audit.items.append(AuditItem(position=1, question="Vai ir ugunsdzēšamais aparāts?"))
    db.session.commit()
    item = audit.items[0]
    client.post("/login", data={"username": "aud1", "password": "correct horse battery staple"})
    response = client.post(f"/audits/{audit.id}/items/{item.id}/files",
                           data={"file": (io.BytesIO(b"\xff\xd8jpeg"), "aparats.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(f"/audits/{audit.id}/checklist").get_data(as_text=True)
    assert "aparats.jpg" in page
    evidence = audit_services.evidence_by_item(audit)[item.id][0]
    download = client.get(f"/audits/files/{evidence.id}")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.mimetype == "application/octet-stream" and download.data == b"\xff\xd8jpeg"
    download.close()
