"""Signing out ends the session on the server side too: a copy of the session cookie taken
before sign-out no longer signs anyone in."""

from tests.conftest import TEST_PASSWORD


def _session_cookie(client):
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def test_a_session_cookie_copied_before_sign_out_is_dead_after_it(app, client, make_user):
    user = make_user("staff")
    client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    stolen = _session_cookie(client)
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 302
    client.set_cookie("session", stolen)
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_signing_in_gives_a_new_session(app, client, make_user):
    user = make_user("staff")
    client.get("/login")
    client.set_cookie("session", "planted-by-an-attacker")
    client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert _session_cookie(client) not in (None, "planted-by-an-attacker")
    assert client.get("/").status_code == 200
