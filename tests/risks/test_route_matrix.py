"""The permission matrix for this package's pages alone (the app-wide one is in
tests/core/test_permissions.py): viewers see, only the quality manager edits."""

import pytest

from qms.core.permissions import Role, permissions_for
from tests.route_records import risks as route_records


@pytest.mark.parametrize("role", [Role.STAFF, Role.AUDITOR, Role.MANAGER,
                                  Role.QUALITY_MANAGER])
def test_risk_pages_follow_the_permissions(app, client, make_user, make_unit, make_position,
                                           editors, system, role):
    records = route_records.records({"make_user": make_user, "make_unit": make_unit,
                                     "make_position": make_position, "editors": editors,
                                     "system": system})
    user = make_user(role)
    client.post("/login", data={"username": user.username,
                                "password": "correct horse battery staple"})
    granted = permissions_for([role])
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("risks.") or "GET" not in rule.methods:
            continue
        permission = app.view_functions[rule.endpoint].required_permission
        url = rule.build({k: records[k] for k in rule.arguments}, append_unknown=False)[1]
        status = client.get(url).status_code
        assert status == (200 if permission in granted else 403), (url, role)
        checked += 1
    assert checked == 15
