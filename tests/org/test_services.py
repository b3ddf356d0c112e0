import pytest
from sqlalchemy import func, select

from qms.auth.models import User
from qms.core.audit_log import AuditEvent
from qms.core.concurrency import StaleRecord
from qms.core.csv_import import ImportErrors
from qms.core.errors import DomainError, PermissionDenied
from qms.org import services
from qms.org.models import Unit


def _unit_values(unit, **changes):
    values = {name: getattr(unit, name) for name in services.UNIT_FIELDS}
    values.update(changes)
    return values


def test_units_form_a_tree_without_cycles(make_unit, system):
    institution = make_unit(code="SD", kind="institution")
    department = make_unit(code="AN", parent_id=institution.id)
    section = make_unit(code="AN1", parent_id=department.id)
    assert section.ancestors() == [institution, department]
    with pytest.raises(DomainError) as caught:
        services.update_unit(institution, actor=system,
                             **_unit_values(institution, parent_id=section.id))
    assert caught.value.field == "parent_id"


def test_unit_codes_are_unique_whatever_the_case(make_unit):
    make_unit(code="SPN")
    with pytest.raises(DomainError) as caught:
        make_unit(code="spn")
    assert caught.value.field == "code"


def test_only_organisation_managers_may_change_units(make_unit, make_user):
    unit = make_unit()
    staff = make_user("staff")
    with pytest.raises(PermissionDenied):
        services.update_unit(unit, actor=staff, **_unit_values(unit, name="X"))
    qm = make_user("quality_manager")
    services.update_unit(unit, actor=qm, **_unit_values(unit, name="X"))
    assert unit.name == "X"


def test_an_edit_based_on_an_old_version_is_refused(db, make_unit, system):
    unit = make_unit(name="Old")
    version = unit.row_version
    services.update_unit(unit, actor=system, expected_version=version,
                         **_unit_values(unit, name="First"))
    with pytest.raises(StaleRecord):
        services.update_unit(unit, actor=system, expected_version=version,
                             **_unit_values(unit, name="Second"))
    db.session.rollback()
    assert db.session.get(Unit, unit.id).name == "First"


def test_position_needs_a_unit_and_a_non_negative_headcount(make_position, make_unit):
    with pytest.raises(DomainError) as caught:
        make_position(unit_id=9999)
    assert caught.value.field == "unit_id"
    with pytest.raises(DomainError) as caught:
        make_position(unit_id=make_unit().id, headcount=-1)
    assert caught.value.field == "headcount"


def test_new_person_gets_a_one_time_password_and_an_audit_row(db, system, make_position):
    position = make_position()
    person, temporary = services.create_person(
        actor=system, username=" Ilze ", full_name="Ilze Bērziņa", email="Ilze@Example.com",
        unit_id=None, position_id=position.id, language="lv", roles=["quality_manager"])
    assert person.username == "ilze"
    assert person.unit_id == position.unit_id  # the unit follows the position
    assert person.must_change_password and len(temporary) >= 20
    row = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.create")).one()
    assert row.changes["roles"] == [None, ["quality_manager"]]
    assert row.changes["full_name"] == [None, "Ilze Bērziņa"]


def test_person_fields_are_checked(system, make_user):
    make_user(username="taken")
    cases = [({"username": "taken"}, "username"), ({"full_name": " "}, "full_name"),
             ({"email": "not-an-address"}, "email"), ({"position_id": 999}, "position_id")]
    for overrides, field in cases:
        values = {"username": "new", "full_name": "New Person", "email": "", "unit_id": None,
                  "position_id": None, "language": "en", **overrides}
        with pytest.raises(DomainError) as caught:
            services.create_person(actor=system, roles=["staff"], **values)
        assert caught.value.field == field


def test_admins_cannot_lock_themselves_out(make_user):
    admin = make_user("admin")
    values = {name: getattr(admin, name) for name in services.PERSON_FIELDS}
    with pytest.raises(DomainError):
        services.update_person(admin, actor=admin, roles=["admin"],
                               **{**values, "is_active_account": False})
    with pytest.raises(DomainError):
        services.update_person(admin, actor=admin, roles=["staff"], **values)


def test_deactivating_a_person_ends_their_sessions(make_user):
    admin = make_user("admin")
    person = make_user("staff")
    session_id = person.get_id()
    values = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    services.update_person(person, actor=admin, roles=["staff"],
                           **{**values, "is_active_account": False})
    from qms.auth.services import load_user_from_session

    assert load_user_from_session(session_id) is None


# --- staff import ------------------------------------------------------------------------

GOOD_CSV = (
    "username;full_name;email;unit;position;roles;language;active\n"
    "ilze;Ilze Bērziņa;ilze@example.com;SD;Kvalitātes vadītājs;quality_manager;lv;jā\n"
    "janis;Jānis Ozols;;SPN;Sociālais darbinieks;staff auditor;en;yes\n"
)


@pytest.fixture
def org(make_unit, make_position):
    sd = make_unit(code="SD", kind="institution")
    spn = make_unit(code="SPN", parent_id=sd.id)
    make_position(title="Kvalitātes vadītājs", unit_id=sd.id)
    make_position(title="Sociālais darbinieks", unit_id=spn.id)
    make_position(title="Sociālais darbinieks", unit_id=sd.id)
    return {"SD": sd, "SPN": spn}


def _people(db):
    return db.session.scalar(select(func.count(User.id)))


def test_import_creates_then_updates_without_duplicates(db, system, org):
    first = services.import_staff(GOOD_CSV, actor=system)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    janis = db.session.scalar(select(User).where(User.username == "janis"))
    assert janis.unit_id == org["SPN"].id
    assert sorted(janis.roles) == ["auditor", "staff"]
    again = services.import_staff(GOOD_CSV, actor=system)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = GOOD_CSV.replace("Jānis Ozols", "Jānis Ozoliņš")
    third = services.import_staff(changed, actor=system)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert _people(db) == 2
    assert janis.full_name == "Jānis Ozoliņš"


def test_import_reports_every_bad_row_and_writes_nothing(db, system, org):
    bad = (
        "username,full_name,email,unit,position,roles,language,active\n"
        "ok,Good Person,,SD,,staff,lv,yes\n"
        ",Missing Username,,SD,,,lv,yes\n"
        "x,Bad Mail,not-mail,SD,,,lv,yes\n"
        "y,Bad Unit,,NOPE,,,lv,yes\n"
        "z,Bad Role,,SD,,boss,lv,yes\n"
        "w,Ambiguous,,,Sociālais darbinieks,,lv,yes\n"
        "ok,Duplicate,,SD,,,de,maybe\n"
    )
    with pytest.raises(ImportErrors) as caught:
        services.import_staff(bad, actor=system)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(3, "username"), (4, "email"), (5, "unit"), (6, "roles"),
                     (7, "position"), (8, "username"), (8, "language"), (8, "active")}
    assert _people(db) == 0
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "user.import")) == 0


def test_import_checks_the_header(system, org):
    with pytest.raises(ImportErrors) as caught:
        services.import_staff("name;mail\nA;b\n", actor=system)
    assert {(e.row, e.column) for e in caught.value.errors} == {
        (1, "username"), (1, "full_name"), (1, "name"), (1, "mail")}
    with pytest.raises(ImportErrors):
        services.import_staff("", actor=system)


def test_import_needs_permission(make_user, org):
    with pytest.raises(PermissionDenied):
        services.import_staff(GOOD_CSV, actor=make_user("quality_manager"))


def test_a_person_always_holds_at_least_the_staff_role(system, make_user):
    person, _ = services.create_person(actor=system, roles=[], username="noroles",
                                       full_name="No Roles", email="", unit_id=None,
                                       position_id=None, language="lv")
    assert person.roles == ["staff"]
    values = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    services.update_person(person, actor=system, roles=[], **values)
    assert person.roles == ["staff"]
