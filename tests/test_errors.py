"""Unknown pages and unexpected errors get friendly, localized pages without internals."""

import pytest

from qms.core.permissions import public


def test_unknown_url_gets_a_localized_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    client.post("/language/lv")
    page = client.get("/no/such/page").get_data(as_text=True)
    assert "Page not found" not in page
    assert '<html lang="lv">' in page


@pytest.fixture
def failing_app(app):
    app.config["TESTING"] = False  # let the error handler answer, as in production
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/__boom")
    @public
    def boom():
        raise RuntimeError("secret internals: /etc/passwd")

    return app


def test_unexpected_error_gets_a_500_page_without_internals(failing_app):
    response = failing_app.test_client().get("/__boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
