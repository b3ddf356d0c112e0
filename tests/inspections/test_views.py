"""Thin view tests of the inspection register: filters, the form, responses, the object rule,
downloads and the overview."""

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from qms.inspections import services
from qms.inspections.defaults import install_default_authorities
from qms.inspections.models import Authority, Inspection, PrescriptionStatus

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def login(client, login):
    """Sign in as ``user``, signing out whoever was signed in before."""

    def do(user):
        client.post("/logout")
        return login(user)

    return do


@pytest.fixture
def setting(db, make_unit, make_user, system):
    install_default_authorities(actor=system)
    authorities = {a.short_name: a for a in db.session.query(Authority)}
    return {
        "vi": authorities["VI"], "vdi": authorities["VDI"],
        "unit": make_unit(code="PSAC", name="Pansija"),
        "other_unit": make_unit(code="AAB", name="Aprūpes birojs"),
        "qm": make_user("quality_manager"),
        "head": make_user("manager", full_name="Vija Grīnberga"),
        "staff": make_user("staff", full_name="Atbildīgā Darbiniece"),
        "stranger": make_user("staff", full_name="Cita Darbiniece"),
    }


def _register(setting, **kw):
    values = {"authority_id": setting["vi"].id, "subject": "Higiēnas prasības",
              "started_on": dt.date(2026, 5, 4), "unit_id": setting["unit"].id}
    values.update(kw)
    return services.register(actor=setting["qm"], now=NOW, **values)


def _prescription(setting, inspection, responsible):
    return services.add_prescription(inspection, actor=setting["qm"], now=NOW,
                                     kind="prescription", text="Nodrošināt uzskaiti",
                                     deadline_on=dt.date(2026, 6, 30),
                                     responsible_id=responsible.id)


def test_register_filters(setting, client, login):
    hygiene = _register(setting, subject="Higiēnas prasības")
    fire = _register(setting, authority_id=setting["vdi"].id, subject="Darba drošība",
                     unit_id=setting["other_unit"].id, started_on=dt.date(2025, 9, 1))
    _prescription(setting, hygiene, setting["head"])
    login(setting["head"])

    def numbers(query: str) -> set[str]:
        page = client.get(f"/inspections/{query}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        return {n for n in (hygiene.number, fire.number) if f">{n}</a>" in html}

    assert numbers("") == {hygiene.number, fire.number}
    assert numbers(f"?authority={setting['vdi'].id}") == {fire.number}
    assert numbers(f"?unit={setting['unit'].id}") == {hygiene.number}
    assert numbers("?year=2025") == {fire.number}
    assert numbers("?result=prescriptions") == {hygiene.number}
    assert numbers("?result=bogus") == {hygiene.number, fire.number}  # ignored
    assert numbers("?q=drošība") == {fire.number}


def test_create_form_shows_field_errors(setting, client, login, db):
    login(setting["qm"])
    assert client.get("/inspections/new").status_code == 200
    page = client.post("/inspections/new", data={"authority_id": "", "subject": "",
                                                 "started_on": "32.13.2026",
                                                 "result": "pending"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for name in ("authority_id", "subject", "started_on"):
        assert f'id="{name}-error"' in html
    page = client.post("/inspections/new", data={
        "authority_id": setting["vi"].id, "subject": "Higiēna", "started_on": "04.05.2026",
        "ended_on": "01.05.2026", "result": "pending"})
    assert 'id="ended_on-error"' in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Inspection.id))) == 0
    page = client.post("/inspections/new", data={
        "authority_id": setting["vi"].id, "subject": "Higiēna", "started_on": "04.05.2026",
        "unit_id": setting["unit"].id, "result": "pending"})
    assert page.status_code == 302
    inspection = db.session.scalars(select(Inspection)).one()
    assert page.headers["Location"].endswith(f"/inspections/{inspection.id}")
    assert inspection.started_on == dt.date(2026, 5, 4)
    login(setting["staff"])
    assert client.get("/inspections/new").status_code == 403


def test_the_responsible_person_responds(setting, client, login, db):
    inspection = _register(setting)
    mine = _prescription(setting, inspection, setting["staff"])
    other = _prescription(setting, inspection, setting["head"])
    login(setting["staff"])
    page = client.get(f"/inspections/{inspection.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'id="p{mine.id}"' in html and f'id="p{other.id}"' not in html
    page = client.post(f"/inspections/prescriptions/{mine.id}/respond",
                       data={f"r{mine.id}-response": "Ieviests uzskaites žurnāls."})
    assert page.status_code == 302 and page.headers["Location"].endswith(f"#p{mine.id}")
    db.session.expire_all()
    assert mine.status == PrescriptionStatus.ANSWERED
    assert mine.response == "Ieviests uzskaites žurnāls."
    # Not hers: refused, nothing changes.
    page = client.post(f"/inspections/prescriptions/{other.id}/respond",
                       data={f"r{other.id}-response": "x"})
    assert page.status_code == 403
    db.session.expire_all()
    assert other.status == PrescriptionStatus.OPEN


def test_a_staff_member_not_responsible_cannot_open_the_inspection(setting, client, login):
    inspection = _register(setting)
    _prescription(setting, inspection, setting["staff"])
    login(setting["stranger"])
    assert client.get(f"/inspections/{inspection.id}").status_code == 403
    assert client.get("/inspections/").status_code == 403
    assert client.get("/inspections/999999").status_code == 404


def test_downloads_are_attachments(setting, client, login):
    inspection = _register(setting)
    prescription = _prescription(setting, inspection, setting["staff"])
    login(setting["qm"])
    page = client.post(f"/inspections/{inspection.id}/files", data={
        "file": (io.BytesIO(b"<html><script>alert(1)</script></html>"), "akts.html",
                 "text/html")}, content_type="multipart/form-data")
    assert page.status_code == 302
    login(setting["staff"])
    page = client.post(f"/inspections/prescriptions/{prescription.id}/files", data={
        f"f{prescription.id}-file": (io.BytesIO(b"%PDF-1.4 vestule"), "vestule.pdf",
                                     "application/pdf")}, content_type="multipart/form-data")
    assert page.status_code == 302
    from qms.core import files

    report = files.files_of("inspection", inspection.id)[0]
    response_file = files.files_of("prescription", prescription.id)[0]
    # The responsible person gets her evidence, not the inspection act.
    with client.get(f"/inspections/files/{response_file.id}") as download:
        assert download.status_code == 200
        assert download.mimetype == "application/octet-stream"
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert "vestule.pdf" in download.headers["Content-Disposition"]
        assert download.data == b"%PDF-1.4 vestule"
    assert client.get(f"/inspections/files/{report.id}").status_code == 403
    login(setting["qm"])
    with client.get(f"/inspections/files/{report.id}") as download:
        assert download.status_code == 200
        assert download.mimetype == "application/octet-stream"
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert download.data == b"<html><script>alert(1)</script></html>"
    login(setting["stranger"])
    assert client.get(f"/inspections/files/{response_file.id}").status_code == 403


def test_overview_renders_charts(setting, client, login):
    inspection = _register(setting)
    _prescription(setting, inspection, setting["head"])
    login(setting["head"])
    page = client.get("/inspections/overview")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<svg" in html and f"/inspections/{inspection.id}#p" in html
