"""Thin view tests of the provider register."""

import datetime as dt

import pytest

from qms.providers import services
from qms.providers.models import Provider

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def login(client, login):
    def do(user):
        client.post("/logout")
        return login(user)

    return do


@pytest.fixture
def setting(app, make_user, system):
    services.install_default_criteria(actor=system)
    qm = make_user("quality_manager")
    today = dt.date.today()
    soon = services.register(actor=qm, now=NOW, name="SIA Demo Ēdināšana", kind="supplier",
                             contract_to=today + dt.timedelta(days=30))
    later = services.register(actor=qm, now=NOW, name="Biedrība Demo Atbalsts", kind="ngo",
                              contract_to=today + dt.timedelta(days=400))
    return {"qm": qm, "head": make_user("manager"), "staff": make_user("staff"), "soon": soon,
            "later": later}


def test_the_register_filters(client, login, setting):
    login(setting["head"])
    page = client.get("/providers/?kind=ngo").get_data(as_text=True)
    assert "Biedrība Demo Atbalsts" in page and "SIA Demo Ēdināšana" not in page
    page = client.get("/providers/?ending=1").get_data(as_text=True)
    assert "SIA Demo Ēdināšana" in page and "Biedrība Demo Atbalsts" not in page
    page = client.get("/providers/?q=atbalsts").get_data(as_text=True)
    assert "Biedrība Demo Atbalsts" in page and "SIA Demo Ēdināšana" not in page


def test_staff_do_not_see_the_register(client, login, setting):
    login(setting["staff"])
    assert client.get("/providers/").status_code == 403


def test_the_quality_manager_evaluates_and_errors_show(client, login, setting):
    login(setting["qm"])
    provider = setting["soon"]
    criteria = services.active_criteria()
    data = {"year": "2025", "decision": "", "comment": ""}
    data.update({f"c{c.id}": "4" for c in criteria})
    response = client.post(f"/providers/{provider.id}/evaluate", data=data)
    assert response.status_code == 200 and "Choose the decision." in response.get_data(
        as_text=True)
    data["decision"] = "continue"
    assert client.post(f"/providers/{provider.id}/evaluate", data=data).status_code == 302
    page = client.get(f"/providers/{provider.id}").get_data(as_text=True)
    assert "4,00" in page or "4.00" in page
    page = client.get("/providers/?decision=continue").get_data(as_text=True)
    assert "SIA Demo Ēdināšana" in page and "Biedrība Demo Atbalsts" not in page


def test_managers_cannot_change_the_register(client, login, setting):
    login(setting["head"])
    assert client.post("/providers/new", data={"name": "SIA X", "kind": "supplier"}) \
        .status_code == 403
    assert client.post(f"/providers/{setting['soon'].id}/evaluate", data={}).status_code == 403
    assert client.post("/providers/criteria/new", data={"name": "Cena"}).status_code == 403


def test_create_and_edit(client, login, setting):
    login(setting["qm"])
    response = client.post("/providers/new", data={
        "name": "SIA Demo Transports", "kind": "service_contractor", "status": "active",
        "contract_from": "01.01.2026", "contract_to": "31.12.2025"})
    assert response.status_code == 200 and "cannot end before" in response.get_data(
        as_text=True)
    response = client.post("/providers/new", data={
        "name": "SIA Demo Transports", "kind": "service_contractor", "status": "active",
        "contract_from": "01.01.2026", "contract_to": "31.12.2027"})
    assert response.status_code == 302
    assert Provider.query.filter_by(name="SIA Demo Transports").one().contract_to \
        == dt.date(2027, 12, 31)
    assert client.post("/providers/criteria/new", data={
        "new-name": "Cena", "new-weight": "1", "new-is_active": "y"}).status_code == 302
    assert "Cena" in client.get("/providers/criteria").get_data(as_text=True)
