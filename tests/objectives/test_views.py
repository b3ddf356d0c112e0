"""Thin view tests of policy and objectives."""

import datetime as dt

import pytest

from qms.extensions import db
from qms.objectives import services
from qms.objectives.models import ObjectiveStatus, QualityObjective

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def login(client, login):
    def do(user):
        client.post("/logout")
        return login(user)

    return do


@pytest.fixture
def setting(app, make_user):
    qm, head = make_user("quality_manager"), make_user("manager", full_name="Rudīte Eglīte")
    objective = services.create_objective(
        actor=qm, now=NOW, year=2026, title="Aprūpes kvalitāte", target="90 %",
        responsible_id=head.id, deadline_on=dt.date(2026, 12, 31), evaluation_method="Aptauja")
    services.activate(objective, actor=qm, now=NOW)
    return {"qm": qm, "head": head, "other": make_user("manager"), "staff": make_user("staff"),
            "objective": objective}


def test_the_list_filters_by_year_and_health(client, login, setting):
    login(setting["staff"])
    page = client.get("/objectives/?year=2026").get_data(as_text=True)
    assert "Aprūpes kvalitāte" in page
    assert "Aprūpes kvalitāte" not in client.get("/objectives/?year=2025").get_data(
        as_text=True)
    # the health filter keeps only objectives of that health
    healths = {h: "Aprūpes kvalitāte" in client.get(f"/objectives/?year=2026&health={h}")
               .get_data(as_text=True) for h in ("on_track", "at_risk", "off_track")}
    assert sum(healths.values()) == 1
    assert "New objective" not in page


def test_the_quality_manager_creates_an_objective_and_errors_show(client, login, setting):
    login(setting["qm"])
    response = client.post("/objectives/new", data={"year": "2026", "title": ""})
    assert response.status_code == 200 and "field-error" in response.get_data(as_text=True)
    response = client.post("/objectives/new", data={"year": "2026", "title": "Jauns mērķis",
                                                     "budget": "1 200,50"})
    assert response.status_code == 302
    created = db.session.query(QualityObjective).filter_by(title="Jauns mērķis").one()
    assert str(created.budget) == "1200.50" and created.status == ObjectiveStatus.DRAFT
    response = client.post(f"/objectives/{created.id}/activate", follow_redirects=True)
    assert "before activating" in response.get_data(as_text=True)
    assert created.status == ObjectiveStatus.DRAFT


def test_progress_is_for_the_responsible_person(client, login, setting):
    objective = setting["objective"]
    login(setting["other"])
    assert client.get(f"/objectives/{objective.id}/progress").status_code == 403
    assert client.post(f"/objectives/{objective.id}/progress",
                       data={"percent": "10", "note": "x"}).status_code == 403
    login(setting["head"])
    response = client.post(f"/objectives/{objective.id}/progress",
                           data={"percent": "30", "note": "Apmācība notikusi"})
    assert response.status_code == 302
    assert "Apmācība notikusi" in client.get(f"/objectives/{objective.id}").get_data(
        as_text=True)
    assert objective.id and "Aprūpes kvalitāte" in client.get("/objectives/mine").get_data(
        as_text=True)


def test_managers_cannot_post_management_routes(client, login, setting):
    login(setting["head"])
    for url in ("/objectives/new", f"/objectives/{setting['objective'].id}/close",
                "/objectives/swot/items", "/objectives/mission/edit", "/objectives/strategy/new"):
        assert client.post(url, data={}).status_code == 403, url


def test_policy_page_empty_and_with_a_policy(client, login, setting, make_document):
    login(setting["staff"])
    assert "No quality policy" in client.get("/objectives/policy").get_data(as_text=True)
    make_document(title="Kvalitātes politika", type_key="policy",
                  body="# Kvalitātes politika\n\nMēs apņemamies uzlabot.\n")
    page = client.get("/objectives/policy").get_data(as_text=True)
    assert "Mēs apņemamies uzlabot." in page and "/documents/KP" in page


def test_mission_swot_and_strategy_pages(client, login, setting):
    login(setting["qm"])
    assert "not been written" in client.get("/objectives/mission").get_data(as_text=True)
    assert client.post("/objectives/mission/edit", data={
        "mission": "Sniegt atbalstu", "vision": "Ikvienam palīdzība"}).status_code == 302
    assert "Ikvienam palīdzība" in client.get("/objectives/mission").get_data(as_text=True)
    client.post("/objectives/swot/items", data={"period": "2024-2027", "quadrant": "threat",
                                                "text": "Demogrāfija"})
    page = client.get("/objectives/swot?period=2024-2027").get_data(as_text=True)
    assert "Demogrāfija" in page and "Threats" in page
    assert client.post("/objectives/strategy/new", data={
        "code": "SM 1", "title": "Pakalpojumu kvalitāte", "period_from": "2024",
        "period_to": "2027"}).status_code == 302
    assert "Pakalpojumu kvalitāte" in client.get("/objectives/strategy").get_data(
        as_text=True)
