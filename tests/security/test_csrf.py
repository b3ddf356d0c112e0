"""Every state-changing route refuses a request without a valid CSRF token (forms and HTMX
alike), signed in or not: nothing is exempt."""

from qms import create_app
from qms.extensions import csrf, db

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def test_every_write_route_demands_a_csrf_token(tmp_path, monkeypatch, system):
    monkeypatch.setenv("QMS_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "DEFAULT_LANGUAGE": "en"})
    with app.app_context():
        db.create_all()
        from qms.org import services

        services.create_person(actor=system, username="csrf-admin", full_name="Admin",
                               roles=["admin"], password="correct horse battery staple",
                               language="en")
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        signed_in = client.post("/login", data={"username": "csrf-admin", "csrf_token": token,
                                                "password": "correct horse battery staple"})
        assert signed_in.status_code == 302

        checked = []
        for rule in app.url_map.iter_rules():
            methods = (rule.methods or set()) & WRITE_METHODS
            if not methods or rule.endpoint == "static":
                continue
            assert f"{app.view_functions[rule.endpoint].__module__}." \
                   f"{rule.endpoint.split('.')[-1]}" not in csrf._exempt_views, rule.endpoint
            url = rule.build({name: "1" for name in rule.arguments}, append_unknown=False)[1]
            for method in methods:
                for headers in ({}, {"HX-Request": "true", "X-CSRFToken": "forged"}):
                    response = client.open(url, method=method, data={"csrf_token": "forged"},
                                           headers=headers)
                    assert response.status_code == 400, (method, url, headers)
            checked.append(rule.endpoint)
        assert len(checked) > 100  # every feature's forms are in the map
        db.session.remove()
