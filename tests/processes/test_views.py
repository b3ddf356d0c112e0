"""Thin view tests: the register, the map, forms, values, import, report and its PDF."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from sqlalchemy import select

from qms.extensions import db
from qms.processes import services
from qms.processes.models import IndicatorValue, Process, ProcessReport


@pytest.fixture
def login(client, login):
    def do(user):
        client.post("/logout")
        return login(user)

    return do


def test_register_lists_filters_and_paginates(client, login, setting, system):
    for n in range(30):
        services.create_process(actor=system, code=f"AP-{n:02d}", name=f"Atbalsts {n}",
                                kind="support")
    login(setting["staff"])
    page = client.get("/processes/?kind=core").get_data(as_text=True)
    assert "PP-01" in page and "AP-01" not in page
    page = client.get("/processes/?q=atbalsts&page=2").get_data(as_text=True)
    assert "AP-2" in page and 'rel="prev"' in page
    page = client.get(f"/processes/?unit={setting['unit'].id}").get_data(as_text=True)
    assert "PP-01" in page and "AP-00" not in page
    assert "No processes match" in client.get("/processes/?q=nekas").get_data(as_text=True)
    assert client.get("/processes/new").status_code == 403


def test_map_draws_boxes_and_a_text_list(client, login, setting, system):
    services.create_process(actor=system, code="PP-02", name="Pakalpojumi", kind="core",
                            inputs="Lēmums par statusu")
    login(setting["staff"])
    page = client.get("/processes/map").get_data(as_text=True)
    assert page.count('class="process-box"') == 2
    assert 'class="flow"' in page and "PP-02 Pakalpojumi" in page


def test_quality_manager_creates_and_edits_a_process(client, login, setting):
    login(setting["qm"])
    response = client.post("/processes/new", data={
        "code": "VP-09", "name": "Jauns", "kind": "management", "purpose": "Mērķis",
        "inputs": "A\nB", "outputs": "C", "iso_clauses": "9.1.1", "is_active": "y"})
    assert response.status_code == 302
    process = db.session.scalar(select(Process).where(Process.code == "VP-09"))
    page = client.post(f"/processes/{process.id}/edit", data={
        "code": "VP-09", "name": "Jauns", "kind": "management", "iso_clauses": "nav",
        "row_version": process.row_version}).get_data(as_text=True)
    assert "Write ISO 9001 clause numbers" in page
    page = client.get(f"/processes/{process.id}").get_data(as_text=True)
    assert "process.create" in page  # the history panel


def test_owner_enters_a_value_and_sees_it(client, login, setting):
    login(setting["owner"])
    indicator = setting["indicator"]
    response = client.post(f"/processes/indicators/{indicator.id}/values",
                           data={"period": "01.01.2026", "value": "97,25", "note": ""})
    assert response.status_code == 302
    page = client.get(f"/processes/indicators/{indicator.id}").get_data(as_text=True)
    assert "97.25" in page or "97,25" in page
    assert "is-breach" in page and "Raise a nonconformity" in page
    page = client.post(f"/processes/indicators/{indicator.id}/values",
                       data={"period": "01.02.2026", "value": "97"}).get_data(as_text=True)
    assert "quarterly indicator" in page
    login(setting["other_manager"])
    page = client.get(f"/processes/indicators/{indicator.id}").get_data(as_text=True)
    assert "Enter a value" not in page
    row = db.session.scalar(select(IndicatorValue))
    assert client.get(f"/processes/values/{row.id}/edit").status_code == 403


def test_raise_nonconformity_from_the_page(client, login, setting):
    row = services.record_value(setting["indicator"], actor=setting["qm"],
                                now=dt.datetime(2026, 5, 4, tzinfo=dt.UTC),
                                period_start=dt.date(2026, 1, 1), value=Decimal(90))
    login(setting["owner"])
    response = client.post(f"/processes/values/{row.id}/nonconformity")
    assert response.status_code == 302 and "/nonconformities/" in response.headers["Location"]
    response = client.post(f"/processes/values/{row.id}/nonconformity")
    assert response.headers["Location"].endswith(f"/indicators/{setting['indicator'].id}")


def test_import_shows_row_errors(client, login, setting):
    login(setting["owner"])
    data = b"indicator;period;value\nPP-01.2;2025 Q3;abc\n"
    page = client.post("/processes/indicators/import", data={
        "file": (io.BytesIO(data), "values.csv")}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "Nothing was imported" in page and "<td>2</td><td>value</td>" in page
    data = b"indicator;period;value\nPP-01.2;2025 Q3;99\n"
    response = client.post("/processes/indicators/import", data={
        "file": (io.BytesIO(data), "values.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.scalar(select(IndicatorValue.value)) == Decimal("99.00")


def test_report_conclusions_approval_and_pdf(client, login, setting):
    process = setting["process"]
    login(setting["owner"])
    assert client.get(f"/processes/{process.id}/reports/2025").status_code == 200
    client.post(f"/processes/{process.id}/reports/2025", data={"conclusions": "Labi."})
    client.post(f"/processes/{process.id}/reports/2025/approve")
    report = db.session.scalar(select(ProcessReport))
    assert report.is_approved
    page = client.get(f"/processes/{process.id}/reports/2025").get_data(as_text=True)
    assert report.content_sha256 in page and "Write the conclusions" not in page
    response = client.get(f"/processes/{process.id}/reports/2025/pdf")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert client.get(f"/processes/{process.id}/reports/2099").status_code == 404


def test_forms_open_for_the_quality_manager_only(client, login, setting):
    process, indicator = setting["process"], setting["indicator"]
    row = services.record_value(indicator, actor=setting["qm"],
                                now=dt.datetime(2026, 5, 4, tzinfo=dt.UTC),
                                period_start=dt.date(2026, 1, 1), value=Decimal(99))
    urls = ["/processes/new", f"/processes/{process.id}/edit",
            f"/processes/{process.id}/indicators/new",
            f"/processes/indicators/{indicator.id}/edit"]
    login(setting["owner"])
    assert [client.get(url).status_code for url in urls] == [403] * 4
    assert client.get(f"/processes/values/{row.id}/edit").status_code == 200
    login(setting["qm"])
    assert [client.get(url).status_code for url in urls] == [200] * 4
    page = client.post(f"/processes/indicators/{indicator.id}/edit", data={
        "name": "Termiņā", "direction": "lower", "frequency": "quarterly", "target": "2,5",
        "row_version": indicator.row_version}).status_code
    assert page == 302 and indicator.target == Decimal("2.50")
    page = client.post(f"/processes/values/{row.id}/edit", data={
        "period": "2026 Q1", "value": "3", "row_version": 99}).get_data(as_text=True)
    assert "Someone else saved this record" in page
