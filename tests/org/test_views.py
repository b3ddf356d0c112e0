import io

from sqlalchemy import func, select

from qms.auth.models import User
from qms.org.models import Unit


def test_unit_form_errors_are_shown_and_nothing_is_saved(client, make_user, login, db):
    login(make_user("admin"))
    before = db.session.scalar(select(func.count(Unit.id)))
    response = client.post("/org/units/new", data={"code": "", "name": "", "kind": "nope"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This field is required." in page and "Not a valid choice." in page
    assert db.session.scalar(select(func.count(Unit.id))) == before


def test_create_and_edit_a_unit(client, make_user, login, db):
    login(make_user("admin"))
    response = client.post("/org/units/new", data={"code": "psac", "name": "Pensionāru centrs",
                                                   "kind": "structural_unit", "is_active": "y"})
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.code == "PSAC"))
    page = client.get(f"/org/units/{unit.id}/edit").get_data(as_text=True)
    assert "Pensionāru centrs" in page and "History" in page
    response = client.post(f"/org/units/{unit.id}/edit", data={
        "code": "PSAC", "name": "Pensionāru sociālās aprūpes centrs", "kind": "structural_unit",
        "is_active": "y", "row_version": unit.row_version})
    assert response.status_code == 302
    db.session.refresh(unit)
    assert unit.name == "Pensionāru sociālās aprūpes centrs"


def test_a_stale_edit_is_refused_and_the_typed_text_kept(client, make_user, login, make_unit):
    login(make_user("admin"))
    unit = make_unit(name="Original")
    stale = unit.row_version
    client.post(f"/org/units/{unit.id}/edit", data={
        "code": unit.code, "name": "Saved first", "kind": "department", "row_version": stale})
    response = client.post(f"/org/units/{unit.id}/edit", data={
        "code": unit.code, "name": "My late text", "kind": "department", "row_version": stale})
    page = response.get_data(as_text=True)
    assert "Someone else saved this record" in page
    assert "My late text" in page


def test_people_list_filters_and_paginates_in_sql(client, make_user, login, app):
    login(make_user("admin", full_name="Admin Person"))
    for n in range(30):
        make_user("staff", full_name=f"Darbinieks {n:02d}")
    make_user("auditor", full_name="Līga Zariņa")
    page1 = client.get("/org/people").get_data(as_text=True)
    assert "Darbinieks 00" in page1 and "Darbinieks 29" not in page1
    assert "of 32" in page1
    page2 = client.get("/org/people?page=2").get_data(as_text=True)
    assert "Darbinieks 29" in page2
    found = client.get("/org/people?q=zari").get_data(as_text=True)
    assert "Līga Zariņa" in found and "Darbinieks 01" not in found
    by_role = client.get("/org/people?role=auditor").get_data(as_text=True)
    assert "Līga Zariņa" in by_role and "Darbinieks" not in by_role
    assert "No people match" in client.get("/org/people?q=nobody-at-all").get_data(as_text=True)
    assert client.get("/org/people?page=999").status_code == 200


def test_new_person_page_shows_the_one_time_password(client, make_user, login, db):
    login(make_user("admin"))
    response = client.post("/org/people/new", data={
        "username": "zane", "full_name": "Zane Pētersone", "email": "", "roles": ["staff"],
        "language": "lv", "is_active_account": "y"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "one-time password" in page
    assert db.session.scalar(select(User).where(User.username == "zane")).must_change_password


def test_import_page_lists_row_errors(client, make_user, login):
    login(make_user("admin"))
    data = {"file": (io.BytesIO(b"username;full_name;unit\n;No name;X\n"), "staff.csv")}
    response = client.post("/org/people/import", data=data,
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page
    assert "<td>2</td><td>username</td>" in page and "<td>2</td><td>unit</td>" in page


def test_import_page_accepts_a_good_file(client, make_user, login, make_unit, db):
    login(make_user("admin"))
    make_unit(code="SD")
    csv = "username,full_name,unit\nanna,Anna Kalniņa,SD\n".encode("utf-8-sig")
    response = client.post("/org/people/import", data={"file": (io.BytesIO(csv), "s.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "1 added" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "anna")).unit.code == "SD"


def test_organisation_page_shows_the_tree_with_headcounts(client, make_user, login, make_unit,
                                                          make_position):
    login(make_user("staff"))
    sd = make_unit(code="SD", name="Sociālais dienests", kind="institution")
    an = make_unit(code="AN", name="Atbalsta nodaļa", parent_id=sd.id)
    make_position(unit_id=sd.id, headcount=3, category="administration")
    make_position(unit_id=an.id, headcount=8, category="social_work")
    page = client.get("/org/").get_data(as_text=True)
    assert "Sociālais dienests" in page and "Atbalsta nodaļa" in page
    assert "staff: 11" in page and "staff: 8" in page
    assert "Edit" not in page  # staff may look, not change
