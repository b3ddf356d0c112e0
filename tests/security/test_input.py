"""Defects the fuzz tests found, pinned down: a garbled version field and numbers too large
for the database are clear refusals, not 500s."""

import pytest
from sqlalchemy import select

from qms.org.models import Unit


@pytest.mark.parametrize("version", ["abc", "1.5", "\t", "9" * 40, ""])
def test_a_garbled_row_version_is_refused_as_stale(app, client, login, make_user, make_unit, db,
                                                   version):
    login(make_user("admin"))
    unit = make_unit(code="SD", name="Sociālais dienests")
    response = client.post(f"/org/units/{unit.id}/edit", data={
        "code": "SD", "name": "Changed", "kind": "department", "parent_id": "", "head_id": "",
        "is_active": "y", "row_version": version})
    assert response.status_code == 200
    assert "Someone else saved this record" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(Unit.name).where(Unit.id == unit.id)) == "Sociālais dienests"


@pytest.mark.parametrize("url", ["/org/people?page=", "/org/people?unit=", "/history/?page=",
                                 "/notifications/?page=", "/audits/new?year="])
def test_numbers_too_large_for_the_database_are_a_400(app, client, login, make_user, url):
    login(make_user("admin"))
    response = client.get(url + "9" * 30)
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("method, url, data", [
    ("get", "/org/people?q=a%00b", None),
    ("post", "/org/units/new", {"code": "X1", "name": "a\x00b", "kind": "department"}),
])
def test_nul_characters_are_refused_before_they_reach_the_database(app, client, login,
                                                                    make_user, db, method, url,
                                                                    data):
    """PostgreSQL cannot store NUL in text; every request carrying one is a 400, on both
    databases, and nothing is written."""
    login(make_user("admin"))
    response = getattr(client, method)(url, data=data)
    assert response.status_code == 400
    assert db.session.scalar(select(Unit).where(Unit.code == "X1")) is None
