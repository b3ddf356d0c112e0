"""QMS_PROXY_FIX: behind a reverse proxy qms sees the person's address and the https scheme."""

import pytest
from flask import request

from qms import create_app


@pytest.mark.parametrize(("proxies", "seen"), [
    (0, "127.0.0.1 http"), (1, "203.0.113.7 https")])
def test_forwarded_headers_are_trusted_only_when_configured(tmp_path, monkeypatch, proxies,
                                                            seen):
    monkeypatch.setenv("QMS_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "PROXY_FIX": proxies,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.add_url_rule("/_seen", "seen", lambda: f"{request.remote_addr} {request.scheme}")
    response = app.test_client().get("/_seen", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                                     headers={"X-Forwarded-For": "203.0.113.7",
                                              "X-Forwarded-Proto": "https"})
    assert response.get_data(as_text=True) == seen
