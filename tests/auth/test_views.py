from flask import session

from qms import create_app
from qms.extensions import db
from tests.conftest import TEST_PASSWORD


def test_login_page_and_wrong_password(client, make_user):
    make_user(username="ilze")
    assert client.get("/login").status_code == 200
    response = client.post("/login", data={"username": "ilze", "password": "nope nope nope"})
    assert response.status_code == 200
    assert "Wrong username or password." in response.get_data(as_text=True)


def test_login_redirects_to_next_only_on_this_site(client, make_user):
    make_user(username="ilze")
    response = client.post("/login?next=/org/", data={"username": "ilze",
                                                      "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/org/"
    client.post("/logout")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/login?next={evil}", data={"username": "ilze",
                                                            "password": TEST_PASSWORD})
        assert response.headers["Location"] == "/", evil
        client.post("/logout")


def test_login_starts_a_fresh_session_and_logout_ends_it(client, make_user):
    make_user(username="ilze")
    with client.session_transaction() as s:
        s["planted"] = "by someone else"
        s["language"] = "lv"
    client.post("/login", data={"username": "ilze", "password": TEST_PASSWORD})
    with client.session_transaction() as s:
        assert "planted" not in s
        assert s["language"] == "lv"
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_a_person_with_a_one_time_password_is_sent_to_change_it(client, make_user, login):
    user = make_user()
    user.must_change_password = True
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/account/password"


def test_password_form_shows_field_errors_and_saves_nothing(client, make_user, login):
    user = login(make_user())
    old_hash = user.password_hash
    response = client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": "short", "confirm_password": "short"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "at least 12 characters" in page
    assert 'aria-invalid="true"' in page
    db.session.refresh(user)
    assert user.password_hash == old_hash


def test_password_form_in_latvian(client, make_user, login):
    user = login(make_user(language="lv"))
    response = client.post("/account/password", data={})
    page = response.get_data(as_text=True)
    assert "Šis lauks ir obligāts." in page
    assert "This field is required." not in page
    assert user.username


def test_language_switch_is_kept_for_the_signed_in_user(client, make_user, login):
    user = login(make_user(language="en"))
    assert "My work" in client.get("/").get_data(as_text=True)
    client.post("/language/lv?next=/")
    assert user.language == "lv"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="lv">' in page
    assert "Mans darbs" in page


def test_language_switch_for_anonymous_visitors(client):
    client.post("/language/lv")
    assert '<html lang="lv">' in client.get("/login").get_data(as_text=True)
    with client.session_transaction() as s:
        assert s["language"] == "lv"
    client.post("/language/xx")
    with client.session_transaction() as s:
        assert s["language"] == "lv"


def test_csrf_is_enforced_when_on(tmp_path, monkeypatch):
    """One test with CSRF protection on, as in production."""
    monkeypatch.setenv("QMS_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "DEFAULT_LANGUAGE": "en"})
    with app.app_context():
        db.create_all()
        client = app.test_client()
        response = client.post("/login", data={"username": "x", "password": "y"})
        assert response.status_code == 400
        assert "expired" in response.get_data(as_text=True)
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post("/login", data={"username": "x", "password": "y",
                                               "csrf_token": token})
        assert response.status_code == 200  # form processed: wrong credentials
        assert "Wrong username or password." in response.get_data(as_text=True)
        # HTMX requests send the token in a header
        response = client.post("/language/en", headers={"X-CSRFToken": token})
        assert response.status_code == 302
        db.session.remove()


def test_security_headers(client):
    response = client.get("/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert session is not None
