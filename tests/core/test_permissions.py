"""Every route has a permission, and the permission is enforced for every role."""

import pytest

from qms.core.permissions import ROLE_PERMISSIONS, Permission, Role, permissions_for
from tests import route_records


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule, app.view_functions[rule.endpoint]


def test_every_route_declares_a_permission_or_is_public(app):
    missing = [rule.rule for rule, view in _routes(app)
               if not getattr(view, "required_permission", None)
               and not getattr(view, "is_public", False)]
    assert missing == []


def test_public_routes_are_only_the_expected_ones(app):
    public = sorted(rule.endpoint for rule, view in _routes(app)
                    if getattr(view, "is_public", False))
    expected = {"auth.language", "auth.login", "dashboard.healthz", "inspections.calendar_ics"}
    for module in route_records.modules():
        expected |= set(getattr(module, "PUBLIC", ()))
    assert public == sorted(expected)


def test_every_permission_is_used_by_a_route(app):
    used = {getattr(view, "required_permission", None) for _, view in _routes(app)}
    assert set(Permission) - used == set()


def test_admin_has_every_permission_and_staff_only_the_basics():
    assert permissions_for([Role.ADMIN]) == frozenset(Permission)
    assert Permission.USER_MANAGE not in ROLE_PERMISSIONS[Role.STAFF]
    assert permissions_for([Role.STAFF, Role.QUALITY_MANAGER]) >= {
        Permission.AUDIT_TRAIL_VIEW, Permission.DASHBOARD_VIEW}


# Routes where a granted permission is not enough: an object rule decides (the owner of the
# document or the quality manager may edit it; a nonconformity is seen by those involved).
# endpoint -> (the permission that satisfies the rule here, or None; the refusal status)
OBJECT_RULES = {
    "documents.edit": (Permission.DOCUMENT_MANAGE, 403),
    "documents.edit_draft": (Permission.DOCUMENT_MANAGE, 403),
    "nonconformities.detail": (Permission.NC_VIEW_ALL, 403),
    "nonconformities.action": (Permission.NC_VIEW_ALL, 403),
    "nonconformities.download": (Permission.NC_VIEW_ALL, 403),
    "notifications.open_link": (None, 404),  # someone else's notification
    "inspections.detail": (Permission.INSPECTION_VIEW, 403),
    "inspections.download": (Permission.INSPECTION_VIEW, 403),
    "audits.detail": (Permission.AUDIT_VIEW, 403),
    "audits.checklist": (Permission.AUDIT_VIEW, 403),
    "audits.report": (Permission.AUDIT_VIEW, 403),
    "audits.report_pdf": (Permission.AUDIT_VIEW, 403),
    # file_id here is a nonconformity's file, not a checklist item's: refused for everyone
    # (the positive path is tested in tests/audits/test_views.py).
    "audits.download": (None, 404),
}
for _module in route_records.modules():
    OBJECT_RULES.update(getattr(_module, "OBJECT_RULES", {}))


@pytest.fixture
def records(make_unit, make_position, make_user, make_document, editors, document_types, system):
    values = _core_records(make_unit, make_position, make_user, make_document, editors,
                           document_types)
    ctx = {**values, "make_user": make_user, "make_unit": make_unit,
           "make_position": make_position, "editors": editors, "system": system}
    for module in route_records.modules():
        if hasattr(module, "records"):
            extra = module.records(ctx)
            values["overrides"].update(extra.pop("overrides", {}))
            values.update(extra)
    return values


def _core_records(make_unit, make_position, make_user, make_document, editors, document_types):
    import datetime as dt

    from qms.documents import services

    unit = make_unit()
    position = make_position(unit_id=unit.id)
    person = make_user("staff", unit_id=unit.id)
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    document = make_document(effective=False)
    draft = document.latest_version
    attachment = services.add_attachment(draft, actor=editors["author"], now=now,
                                         filename="akts.pdf", data=b"%PDF-1.4 test",
                                         content_type="application/pdf")
    make_document.approve(draft, now=now)
    second = services.start_new_version(document, actor=editors["author"], now=now,
                                        change_kind="editorial")
    make_document.approve(second, now=now)
    third = services.start_new_version(document, actor=editors["author"], now=now)
    from qms.core import files
    from qms.nonconformities import services as nc_services
    from qms.notifications.services import notify, queue_mail

    nc = nc_services.report(actor=editors["author"], now=now, title="Nav paraksta",
                            description="Līgumā trūkst paraksta.")
    action = nc_services.add_action(actor=editors["author"], now=now, kind="improvement",
                                    title="Apmācība", owner_id=editors["reviewer"].id,
                                    due_on=now.date())
    evidence = files.attach("nonconformity", nc.id, filename="foto.jpg", data=b"jpg",
                            content_type="image/jpeg", uploaded_by_id=None, now=now)
    feedback = nc_services.register_feedback(actor=editors["author"], now=now,
                                             kind="complaint", channel="letter",
                                             received_on=now.date(), summary="Sūdzība")
    notification = notify(editors["author"], kind="test", message="Test", now=now, link="/")
    mail = queue_mail(editors["author"], subject="Test", body="Test", now=now)
    from qms.audits import services as audit_services
    from qms.extensions import db
    from qms.inspections import services as inspection_services
    from qms.inspections.defaults import install_default_authorities
    from qms.inspections.models import Authority

    audit = audit_services.plan_audit(actor=editors["author"], now=now, programme=None,
                                      title="Audits", criteria="ISO 9001",
                                      unit_ids=[unit.id], planned_start=now.date())
    install_default_authorities()
    inspection = inspection_services.register(
        actor=editors["author"], now=now, subject="Pārbaude", started_on=now.date(),
        authority_id=db.session.scalars(db.select(Authority.id)).first())
    inspection_file = files.attach("inspection", inspection.id, filename="akts.pdf",
                                   data=b"%PDF", content_type="application/pdf",
                                   uploaded_by_id=None, now=now)
    db.session.commit()
    return {"unit_id": unit.id, "position_id": position.id, "person_id": person.id,
            "code": document.code, "version_id": second.id, "attachment_id": attachment.id,
            "type_id": document_types["process"].id, "nc_id": nc.id, "action_id": action.id,
            "file_id": evidence.id, "feedback_id": feedback.id,
            "notification_id": notification.id, "mail_id": mail.id,
            "audit_id": audit.id, "year": 2026, "user_id": editors["reviewer"].id,
            "inspection_id": inspection.id, "authority_id": 1, "token": "unknown",
            "overrides": {"documents.edit_draft": {"version_id": third.id},
                          "inspections.download": {"file_id": inspection_file.id}}}


@pytest.mark.parametrize("role", [None, *Role])
def test_permission_matrix(app, client, make_user, records, role):
    """Anonymous -> sign-in page; without the permission -> 403; with it -> the page."""
    if role is not None:
        user = make_user(role, username=f"matrix-{role}")
        client.post("/login", data={"username": user.username,
                                    "password": "correct horse battery staple"})
    granted = permissions_for([role]) if role else frozenset()
    checked = 0
    for rule, view in _routes(app):
        permission = getattr(view, "required_permission", None)
        if permission is None or "GET" not in rule.methods:
            continue
        values = {k: records[k] for k in rule.arguments}
        values.update(records["overrides"].get(rule.endpoint, {}))
        url = rule.build(values, append_unknown=False)[1]
        response = client.get(url)
        response.close()
        if role is None:
            assert response.status_code == 302, url
            assert "/login" in response.headers["Location"], url
        elif permission in granted and rule.endpoint in OBJECT_RULES \
                and OBJECT_RULES[rule.endpoint][0] not in granted:
            assert response.status_code == OBJECT_RULES[rule.endpoint][1], (url, role)
        elif permission in granted:
            assert response.status_code == 200, (url, role)
        else:
            assert response.status_code == 403, (url, role)
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize("role", [Role.STAFF, Role.AUDITOR, Role.MANAGER])
def test_post_routes_refuse_roles_without_permission(client, make_user, records, role):
    user = make_user(role)
    client.post("/login", data={"username": user.username,
                                "password": "correct horse battery staple"})
    for url in ("/org/units/new", f"/org/people/{records['person_id']}/reset-password",
                "/org/people/import", f"/org/people/{records['person_id']}/edit"):
        assert client.post(url, data={}).status_code == 403, url
