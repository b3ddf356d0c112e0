"""Use cases for the organisation: units, positions, people and the staff import."""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.auth.models import User, UserRole
from qms.auth.services import (
    check_password_policy,
    generate_temporary_password,
    hash_password,
)
from qms.core import audit_log
from qms.core.concurrency import check_version
from qms.core.csv_import import ImportErrors, RowError, read_rows
from qms.core.errors import DomainError, PermissionDenied
from qms.core.permissions import Permission, Role
from qms.core.time import utcnow
from qms.extensions import db
from qms.org.models import Position, StaffCategory, Unit, UnitKind

UNIT_FIELDS = ["code", "name", "kind", "parent_id", "head_id", "is_active"]
POSITION_FIELDS = ["title", "unit_id", "headcount", "category", "is_active"]
PERSON_FIELDS = ["username", "full_name", "email", "unit_id", "position_id", "language",
                 "is_active_account"]


# --- object rules ---------------------------------------------------------------------------

def can_manage_org(user) -> bool:
    return user.can(Permission.ORG_MANAGE)


def can_manage_people(user) -> bool:
    return user.can(Permission.USER_MANAGE)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_l("You may not change the organisation."))


# --- units ------------------------------------------------------------------------------------

def _check_unit(values: dict, unit: Unit | None) -> None:
    code = values["code"].strip().upper()
    values["code"] = code
    clash = db.session.scalar(select(Unit).where(func.upper(Unit.code) == code))
    if clash is not None and clash is not unit:
        raise DomainError(_l("Another unit already has this code."), field="code")
    if values["kind"] not in UnitKind.__members__.values():
        raise DomainError(_l("Choose a kind of unit."), field="kind")
    parent_id = values.get("parent_id")
    if parent_id:
        parent = db.session.get(Unit, parent_id)
        if parent is None:
            raise DomainError(_l("The parent unit does not exist."), field="parent_id")
        if unit is not None and (parent is unit or unit in parent.ancestors()):
            raise DomainError(
                _l("A unit cannot be placed under itself or under one of its sub-units."),
                field="parent_id",
            )


def create_unit(*, actor, **values) -> Unit:
    _require(can_manage_org(actor))
    values.setdefault("is_active", True)
    _check_unit(values, None)
    unit = Unit(**values)
    db.session.add(unit)
    db.session.flush()
    audit_log.record_creation(unit, UNIT_FIELDS, actor=actor, action="unit.create")
    db.session.commit()
    return unit


def update_unit(unit: Unit, *, actor, expected_version: int | None = None, **values) -> Unit:
    _require(can_manage_org(actor))
    check_version(unit, expected_version)
    _check_unit(values, unit)
    audit_log.apply_changes(unit, values, actor=actor, action="unit.update")
    db.session.commit()
    return unit


# --- positions --------------------------------------------------------------------------------

def _check_position(values: dict) -> None:
    if db.session.get(Unit, values.get("unit_id") or 0) is None:
        raise DomainError(_l("Choose the unit of the position."), field="unit_id")
    if values.get("headcount") is None or values["headcount"] < 0:
        raise DomainError(_l("The headcount must be zero or more."), field="headcount")
    if values["category"] not in StaffCategory.__members__.values():
        raise DomainError(_l("Choose a staff category."), field="category")


def create_position(*, actor, **values) -> Position:
    _require(can_manage_org(actor))
    values.setdefault("is_active", True)
    _check_position(values)
    position = Position(**values)
    db.session.add(position)
    db.session.flush()
    audit_log.record_creation(position, POSITION_FIELDS, actor=actor, action="position.create")
    db.session.commit()
    return position


def update_position(
    position: Position, *, actor, expected_version: int | None = None, **values
) -> Position:
    _require(can_manage_org(actor))
    check_version(position, expected_version)
    _check_position(values)
    audit_log.apply_changes(position, values, actor=actor, action="position.update")
    db.session.commit()
    return position


# --- people -----------------------------------------------------------------------------------

def _normalise_person(values: dict, person: User | None) -> None:
    username = (values.get("username") or "").strip().lower()
    if not username:
        raise DomainError(_l("Enter a username."), field="username")
    values["username"] = username
    clash = db.session.scalar(select(User).where(func.lower(User.username) == username))
    if clash is not None and clash is not person:
        raise DomainError(_l("Another person already has this username."), field="username")
    if not (values.get("full_name") or "").strip():
        raise DomainError(_l("Enter the person's name."), field="full_name")
    email = (values.get("email") or "").strip()
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise DomainError(_l("This is not a valid e-mail address."), field="email") from None
    values["email"] = email
    position_id = values.get("position_id")
    if position_id:
        position = db.session.get(Position, position_id)
        if position is None:
            raise DomainError(_l("The position does not exist."), field="position_id")
        if not values.get("unit_id"):
            values["unit_id"] = position.unit_id
    if values.get("unit_id") and db.session.get(Unit, values["unit_id"]) is None:
        raise DomainError(_l("The unit does not exist."), field="unit_id")
    if values.get("language") not in ("lv", "en"):
        values["language"] = "lv"


def _set_roles(person: User, roles: list[str]) -> list[str]:
    """Everyone holds at least the staff role: a person with no role could sign in and then
    open nothing, not even sign out."""
    wanted = sorted({Role(r) for r in roles} or {Role.STAFF})
    current = sorted(person.roles)
    if wanted != current:
        person.role_rows = [UserRole(role=r) for r in wanted]
    return [str(r) for r in wanted]


def create_person(*, actor, roles: list[str], password: str | None = None,
                  min_password_length: int = 12, **values) -> tuple[User, str | None]:
    """A new person. Without ``password`` they get a one-time password (returned) that they
    must change at their first sign-in."""
    if not can_manage_people(actor):
        raise PermissionDenied(_l("You may not manage people."))
    values.setdefault("is_active_account", True)
    _normalise_person(values, None)
    person = User(**values)
    temporary = None
    if password:
        check_password_policy(password, min_length=min_password_length,
                              username=values["username"])
    else:
        password = temporary = generate_temporary_password()
        person.must_change_password = True
    person.password_hash = hash_password(password)
    _add_person(person, roles, actor=actor, action="user.create")
    db.session.commit()
    return person, temporary


def _add_person(person: User, roles: list[str], *, actor, action: str) -> None:
    from qms.documents.services import assign_acknowledgements_to_newcomer

    _set_roles(person, roles)
    db.session.add(person)
    db.session.flush()
    assign_acknowledgements_to_newcomer(person, now=utcnow())
    audit_log.record_creation(person, PERSON_FIELDS, actor=actor, action=action,
                              extra={"roles": [None, person.roles]})


def update_person(person: User, *, actor, roles: list[str], expected_version: int | None = None,
                  **values) -> User:
    if not can_manage_people(actor):
        raise PermissionDenied(_l("You may not manage people."))
    check_version(person, expected_version)
    _normalise_person(values, person)
    if person.id == actor.id:
        if not values.get("is_active_account", True):
            raise DomainError(_l("You cannot deactivate your own account."),
                              field="is_active_account")
        if Role.ADMIN in person.roles and Role.ADMIN not in roles:
            raise DomainError(_l("You cannot remove your own administrator role."),
                              field="roles")
    _apply_person(person, values, roles, actor=actor, action="user.update")
    db.session.commit()
    return person


def _apply_person(person: User, values: dict, roles: list[str], *, actor, action: str) -> bool:
    """Set fields and roles, record what changed; True when anything did."""
    old_roles = person.roles
    changes = audit_log.diff(audit_log.snapshot(person, list(values)), values)
    for name, value in values.items():
        setattr(person, name, value)
    new_roles = _set_roles(person, roles)
    if new_roles != old_roles:
        changes["roles"] = [old_roles, new_roles]
    if "is_active_account" in changes and not person.is_active_account:
        person.session_version += 1  # end the sessions of a deactivated person
    if changes:
        audit_log.record(actor=actor, action=action, entity=person, changes=changes)
    return bool(changes)


# --- staff import -----------------------------------------------------------------------------

STAFF_COLUMNS_REQUIRED = ["username", "full_name"]
STAFF_COLUMNS_OPTIONAL = ["email", "unit", "position", "roles", "language", "active"]
_TRUE = {"1", "yes", "true", "jā", "ja", "y", "x"}
_FALSE = {"0", "no", "false", "nē", "ne", "n"}


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _parse_staff_row(number: int, row: dict, units: dict, positions: dict,
                     seen: dict) -> tuple[dict, list[str], list[RowError]]:
    errors: list[RowError] = []

    def err(column: str, message) -> None:
        errors.append(RowError(number, column, str(message)))

    username = row.get("username", "").lower()
    if not username:
        err("username", _l("Enter a username."))
    elif len(username) > 80 or any(c.isspace() for c in username):
        err("username", _l("A username has no spaces and at most 80 characters."))
    elif username in seen:
        err("username", _l("The same username is already on row %(row)s.", row=seen[username]))
    else:
        seen[username] = number
    full_name = row.get("full_name", "")
    if not full_name:
        err("full_name", _l("Enter the person's name."))
    elif len(full_name) > 200:
        err("full_name", _l("At most %(n)s characters.", n=200))
    email = row.get("email", "")
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            err("email", _l("This is not a valid e-mail address."))
    unit = None
    if row.get("unit"):
        unit = units.get(row["unit"].upper())
        if unit is None:
            err("unit", _l("No unit has the code %(code)s.", code=row["unit"]))
    position = None
    if row.get("position"):
        candidates = positions.get(row["position"].lower(), [])
        if unit is not None:
            candidates = [p for p in candidates if p.unit_id == unit.id]
        if len(candidates) == 1:
            position = candidates[0]
        elif not candidates:
            err("position", _l("No position has this title in this unit."))
        else:
            err("position", _l("Several units have this position: give the unit code."))
    roles: list[str] = []
    for token in row.get("roles", "").replace(",", " ").replace("|", " ").split():
        if token.lower() in Role.__members__.values():
            roles.append(token.lower())
        else:
            err("roles", _l("Unknown role %(role)s.", role=token))
    language = (row.get("language") or "lv").lower()
    if language not in ("lv", "en"):
        err("language", _l("The language must be lv or en."))
    active_text = (row.get("active") or "yes").lower()
    if active_text not in _TRUE | _FALSE:
        err("active", _l("Write yes or no."))
    values = {
        "username": username,
        "full_name": full_name,
        "email": email,
        "unit_id": unit.id if unit else (position.unit_id if position else None),
        "position_id": position.id if position else None,
        "language": language,
        "is_active_account": active_text in _TRUE,
    }
    return values, roles or [Role.STAFF.value], errors


def import_staff(text: str, *, actor) -> ImportResult:
    """Create or update people from CSV text. All or nothing: any invalid row means no change,
    and every problem is reported with its row number and column."""
    if not can_manage_people(actor):
        raise PermissionDenied(_l("You may not manage people."))
    rows = read_rows(text, required=STAFF_COLUMNS_REQUIRED, optional=STAFF_COLUMNS_OPTIONAL)
    units = {u.code.upper(): u for u in db.session.scalars(select(Unit))}
    positions: dict[str, list[Position]] = {}
    for p in db.session.scalars(select(Position)):
        positions.setdefault(p.title.lower(), []).append(p)
    parsed, errors, seen = [], [], {}
    for number, row in rows:
        values, roles, row_errors = _parse_staff_row(number, row, units, positions, seen)
        errors += row_errors
        parsed.append((values, roles))
    if errors:
        raise ImportErrors(errors)
    existing = {
        u.username: u
        for u in db.session.scalars(
            select(User).where(User.username.in_([v["username"] for v, _ in parsed]))
        )
    }
    created = updated = unchanged = 0
    for values, roles in parsed:
        person = existing.get(values["username"])
        if person is None:
            _add_person(User(**values), roles, actor=actor, action="user.import")
            created += 1
            continue
        if _apply_person(person, values, roles, actor=actor, action="user.import"):
            updated += 1
        else:
            unchanged += 1
    db.session.commit()
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
