"""Thin view tests: the register with filters and CSV, the heat map, forms and buttons."""

import datetime as dt

import pytest

from qms.risks import services
from qms.risks.models import ContextIssue, InterestedParty, Risk

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def setting(db, make_user):
    return {"qm": make_user("quality_manager"), "head": make_user("manager"),
            "other": make_user("manager"), "staff": make_user("staff")}


def _risk(setting, **kw):
    values = {"kind": "risk", "title": "Budžeta samazinājums", "likelihood": 4, "impact": 5,
              "owner_id": setting["head"].id}
    values.update(kw)
    return services.create_risk(actor=setting["qm"], now=NOW, **values)


def test_register_filters_and_csv(setting, client, login):
    _risk(setting, title="Budžeta samazinājums")
    _risk(setting, title="Projekta termiņš", kind="opportunity", likelihood=1, impact=2)
    login(setting["head"])
    page = client.get("/risks/?level=critical").get_data(as_text=True)
    assert "Budžeta samazinājums" in page and "Projekta termiņš" not in page
    page = client.get("/risks/?kind=opportunity").get_data(as_text=True)
    assert "Projekta termiņš" in page and "Budžeta samazinājums" not in page
    page = client.get("/risks/?likelihood=4&impact=5").get_data(as_text=True)
    assert "Budžeta samazinājums" in page and "Projekta termiņš" not in page
    assert "No risks or opportunities" in client.get("/risks/?q=zzz").get_data(as_text=True)
    response = client.get("/risks/export.csv?kind=risk")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffNumber;Type;Title")
    assert "Budžeta samazinājums" in text and "Projekta termiņš" not in text
    assert "Add a risk" not in client.get("/risks/").get_data(as_text=True)


def test_heat_map_counts_and_links(setting, client, login):
    risk = _risk(setting)
    services.set_treatment(risk, actor=setting["qm"], now=NOW, treatment="reduce",
                           residual_likelihood=2, residual_impact=2)
    login(setting["head"])
    page = client.get("/risks/heat-map").get_data(as_text=True)
    assert "likelihood=4&amp;impact=5" in page
    page = client.get("/risks/heat-map?view=residual").get_data(as_text=True)
    assert "likelihood=2&amp;impact=2" in page and "likelihood=4&amp;impact=5" not in page


def test_create_risk_and_treatment_errors_on_the_form(setting, client, login, db):
    login(setting["qm"])
    response = client.post("/risks/new", data={
        "kind": "risk", "title": "Datu aizsardzība", "owner_id": setting["head"].id,
        "likelihood": 3, "impact": 5, "status": "open"})
    assert response.status_code == 302
    risk = db.session.scalar(db.select(Risk))
    response = client.post(f"/risks/{risk.id}/treatment", data={
        "t-treatment": "accept", "t-approver_id": setting["head"].id,
        "t-justification": "Zems"}, follow_redirects=True)
    assert "cannot approve" in response.get_data(as_text=True)
    client.post(f"/risks/{risk.id}/treatment", data={"t-treatment": "reduce"})
    client.post(f"/risks/{risk.id}/actions", data={
        "a-title": "Apmācība par VDAR", "a-owner_id": setting["other"].id,
        "a-due_on": "01.09.2026"})
    page = client.get(f"/risks/{risk.id}").get_data(as_text=True)
    assert "Apmācība par VDAR" in page and "Reduce" in page
    response = client.post("/risks/new", data={"kind": "risk", "title": "X",
                                               "owner_id": setting["head"].id,
                                               "likelihood": 6, "impact": 1})
    assert response.status_code == 200  # not a choice on a 5-step scale


def test_settings_form(setting, client, login):
    login(setting["qm"])
    response = client.post("/risks/settings", data={"scale": 5, "low_max": 9,
                                                     "medium_max": 5, "high_max": 15})
    assert "must be above" in response.get_data(as_text=True)
    response = client.post("/risks/settings", data={"scale": 5, "low_max": 3,
                                                     "medium_max": 8, "high_max": 14})
    assert response.status_code == 302
    assert services.settings().low_max == 3


def test_issue_and_party_forms(setting, client, login, db):
    login(setting["qm"])
    response = client.post("/risks/context/new", data={
        "kind": "external", "category": "people", "title": "Mainība", "status": "active"})
    assert "fits the kind" in response.get_data(as_text=True)
    response = client.post("/risks/context/new", data={
        "kind": "external", "category": "economic", "title": "Inflācija",
        "status": "active", "review_on": "01.12.2026"})
    assert response.status_code == 302
    issue = db.session.scalar(db.select(ContextIssue))
    assert issue.review_on == dt.date(2026, 12, 1)
    assert "Inflācija" in client.get("/risks/context?kind=external").get_data(as_text=True)
    response = client.post("/risks/parties/new", data={
        "name": "Pašvaldības dome", "kind": "council", "needs": "Budžeta disciplīna",
        "status": "active"})
    assert response.status_code == 302
    party = db.session.scalar(db.select(InterestedParty))
    response = client.post(f"/risks/parties/{party.id}/edit", data={
        "name": "Pašvaldības dome", "kind": "council", "needs": "Budžets un pārskati",
        "status": "active", "row_version": party.row_version})
    assert response.status_code == 302
    assert "party.update" in client.get(f"/risks/parties/{party.id}").get_data(as_text=True)


def test_staff_cannot_see_or_post(setting, client, login):
    risk = _risk(setting)
    login(setting["staff"])
    assert client.get("/risks/").status_code == 403
    assert client.post(f"/risks/{risk.id}/treatment", data={}).status_code == 403
