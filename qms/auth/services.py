"""Signing in and out, passwords and their policy, throttling of failed attempts."""

from __future__ import annotations

import datetime as dt
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from qms.auth.models import LoginAttempt, User
from qms.core import audit_log
from qms.core.errors import DomainError, PermissionDenied
from qms.core.permissions import Permission
from qms.extensions import db

# A hash to compare against when the account does not exist, so that both paths cost the same.
_DUMMY_HASH = generate_password_hash("not a real password")

GENERIC_LOGIN_ERROR = _l("Wrong username or password.")
THROTTLED_ERROR = _l(
    "Too many failed sign-in attempts. Wait a few minutes and try again, "
    "or ask the administrator to reset your password."
)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def check_password_policy(password: str, *, min_length: int, username: str = "") -> None:
    """Length-based policy: long passphrases beat composition rules."""
    if len(password) < min_length:
        raise DomainError(
            _l("The password must be at least %(n)s characters long.", n=min_length),
            field="new_password",
        )
    if len(password) > 256:
        raise DomainError(_l("The password is too long."), field="new_password")
    if username and password.strip().lower() == username.strip().lower():
        raise DomainError(_l("The password must not be the username."), field="new_password")
    if len(set(password)) < 4:
        raise DomainError(
            _l("The password is too easy to guess: use more different characters."),
            field="new_password",
        )


def _recent_failures(column, value: str, since: dt.datetime) -> int:
    return db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            column == value, LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since
        )
    )


def is_throttled(username: str, address: str, *, now: dt.datetime, config) -> bool:
    since = now - config["LOGIN_THROTTLE_WINDOW"]
    return (
        _recent_failures(LoginAttempt.username, username, since)
        >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
        or _recent_failures(LoginAttempt.address, address, since)
        >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    )


def authenticate(username: str, password: str, *, address: str, now: dt.datetime, config) -> User:
    """The user with these credentials, or DomainError with a message that does not reveal
    whether the account exists. Every attempt is recorded for throttling."""
    username = (username or "").strip().lower()[:80]
    address = (address or "unknown")[:64]
    if is_throttled(username, address, now=now, config=config):
        db.session.add(LoginAttempt(at=now, username=username, address=address, succeeded=False))
        db.session.commit()
        raise DomainError(THROTTLED_ERROR)
    user = db.session.scalar(select(User).where(func.lower(User.username) == username))
    valid = check_password_hash(user.password_hash if user and user.password_hash else _DUMMY_HASH,
                                password or "")
    ok = bool(user and user.password_hash and valid and user.is_active)
    db.session.add(LoginAttempt(at=now, username=username, address=address, succeeded=ok))
    if not ok:
        db.session.commit()
        raise DomainError(GENERIC_LOGIN_ERROR)
    user.last_login_at = now
    db.session.commit()
    return user


def change_own_password(
    user: User, *, current_password: str, new_password: str, config
) -> None:
    if not user.can(Permission.ACCOUNT_EDIT):
        raise PermissionDenied(_l("You may not change this password."))
    if not check_password_hash(user.password_hash or _DUMMY_HASH, current_password or ""):
        raise DomainError(_l("The current password is wrong."), field="current_password")
    check_password_policy(
        new_password, min_length=config["PASSWORD_MIN_LENGTH"], username=user.username
    )
    if check_password_hash(user.password_hash, new_password):
        raise DomainError(
            _l("The new password must differ from the current one."), field="new_password"
        )
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    user.session_version += 1
    audit_log.record(actor=user, action="user.password_change", entity=user)
    db.session.commit()


def sign_out(user: User) -> None:
    """End the session: the signed cookie, even a copy of it kept elsewhere, stops working
    (its session version is no longer current)."""
    user.session_version += 1
    db.session.commit()


def generate_temporary_password() -> str:
    # Four groups of five characters from an alphabet without look-alikes: easy to dictate.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def reset_password(user: User, *, actor: User) -> str:
    """Give ``user`` a one-time password they must change at their next sign-in."""
    if not actor.can(Permission.USER_MANAGE):
        raise PermissionDenied(_l("You may not reset passwords."))
    temporary = generate_temporary_password()
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    user.session_version += 1
    audit_log.record(actor=actor, action="user.password_reset", entity=user)
    db.session.commit()
    return temporary


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's loader: ``"<id>:<session_version>"``; an old version means signed out."""
    try:
        user_id, version = (int(part) for part in session_id.split(":", 1))
    except (ValueError, AttributeError):
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version or not user.is_active:
        return None
    return user


def set_language(user: User, language: str) -> None:
    if language not in ("lv", "en"):
        raise DomainError(_l("Unknown language."))
    audit_log.apply_changes(user, {"language": language}, actor=user, action="user.language")
    db.session.commit()
