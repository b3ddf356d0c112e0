"""The permission matrix of tests/core/test_permissions.py, for the training routes alone
(quick to run while the rest of the application moves)."""

import pytest

from qms.core.permissions import Role, permissions_for
from tests.core.test_permissions import OBJECT_RULES, _routes, records  # noqa: F401


@pytest.mark.parametrize("role", [None, *Role])
def test_training_routes(app, client, make_user, records, role):  # noqa: F811
    if role is not None:
        user = make_user(role, username=f"matrix-{role}")
        client.post("/login", data={"username": user.username,
                                    "password": "correct horse battery staple"})
    granted = permissions_for([role]) if role else frozenset()
    checked = 0
    for rule, view in _routes(app):
        permission = getattr(view, "required_permission", None)
        if not rule.endpoint.startswith("training.") or "GET" not in rule.methods:
            continue
        values = {k: records[k] for k in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]
        response = client.get(url)
        response.close()
        if role is None:
            assert response.status_code == 302, url
        elif permission in granted and rule.endpoint in OBJECT_RULES \
                and OBJECT_RULES[rule.endpoint][0] not in granted:
            assert response.status_code == OBJECT_RULES[rule.endpoint][1], (url, role)
        elif permission in granted:
            assert response.status_code == 200, (url, role)
        else:
            assert response.status_code == 403, (url, role)
        checked += 1
    assert checked >= 12
