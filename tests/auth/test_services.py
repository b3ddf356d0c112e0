import datetime as dt

import pytest
from sqlalchemy import select

from qms.auth import services
from qms.auth.models import LoginAttempt
from qms.core.audit_log import AuditEvent
from qms.core.errors import DomainError, PermissionDenied
from qms.core.time import utcnow
from tests.conftest import TEST_PASSWORD


def _auth(app, username, password, address="10.0.0.1", now=None):
    return services.authenticate(username, password, address=address, now=now or utcnow(),
                                 config=app.config)


def test_right_password_signs_in_and_is_case_insensitive_on_username(app, make_user):
    user = make_user(username="ilze")
    assert _auth(app, "ILZE", TEST_PASSWORD) is user
    assert user.last_login_at is not None


def test_wrong_password_unknown_user_and_inactive_user_get_the_same_message(app, make_user):
    make_user(username="ilze")
    make_user(username="old", is_active_account=False)
    messages = set()
    for username, password in [("ilze", "wrong password!"), ("nobody", TEST_PASSWORD),
                               ("old", TEST_PASSWORD)]:
        with pytest.raises(DomainError) as caught:
            _auth(app, username, password)
        messages.add(str(caught.value))
    assert messages == {"Wrong username or password."}


def test_repeated_failures_throttle_the_account_even_with_the_right_password(app, make_user):
    make_user(username="ilze")
    now = utcnow()
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        with pytest.raises(DomainError):
            _auth(app, "ilze", "wrong password!", now=now)
    with pytest.raises(DomainError) as caught:
        _auth(app, "ilze", TEST_PASSWORD, now=now)
    assert "Too many failed sign-in attempts" in str(caught.value)
    # after the window the account works again
    later = now + app.config["LOGIN_THROTTLE_WINDOW"] + dt.timedelta(seconds=1)
    assert _auth(app, "ilze", TEST_PASSWORD, now=later).username == "ilze"


def test_throttling_also_applies_per_address_and_does_not_reveal_accounts(app, make_user, db):
    make_user(username="ilze")
    now = utcnow()
    for n in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        with pytest.raises(DomainError):
            _auth(app, f"guess{n}", "whatever-password", address="10.9.9.9", now=now)
    with pytest.raises(DomainError) as caught:
        _auth(app, "ilze", TEST_PASSWORD, address="10.9.9.9", now=now)
    assert "Too many" in str(caught.value)
    assert _auth(app, "ilze", TEST_PASSWORD, address="10.1.1.1", now=now).username == "ilze"
    assert db.session.scalar(select(db.func.count(LoginAttempt.id))) > 20


@pytest.mark.parametrize("password, fragment", [
    ("short", "at least 12"),
    ("aaaaaaaaaaaaaaaa", "too easy"),
    ("x" * 300, "too long"),
])
def test_password_policy(password, fragment):
    with pytest.raises(DomainError) as caught:
        services.check_password_policy(password, min_length=12)
    assert fragment in str(caught.value)
    assert caught.value.field == "new_password"


def test_password_may_not_be_the_username():
    with pytest.raises(DomainError):
        services.check_password_policy("ilze.berzina", min_length=8, username="Ilze.Berzina")


def test_changing_the_password_ends_other_sessions_and_is_audited(app, make_user, db):
    user = make_user()
    old_session = user.get_id()
    services.change_own_password(user, current_password=TEST_PASSWORD,
                                 new_password="a much longer passphrase", config=app.config)
    assert services.load_user_from_session(old_session) is None
    assert services.load_user_from_session(user.get_id()) is user
    assert _auth(app, user.username, "a much longer passphrase") is user
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "user.password_change" in actions
    # the hash, never the password, is stored; nothing about it lands in the trail
    assert "a much longer passphrase" not in str(db.session.scalars(select(AuditEvent)).all())


def test_current_password_must_be_right(app, make_user):
    user = make_user()
    with pytest.raises(DomainError) as caught:
        services.change_own_password(user, current_password="wrong", new_password="x" * 20,
                                     config=app.config)
    assert caught.value.field == "current_password"


def test_reset_gives_a_one_time_password_only_admins_may_do_it(app, make_user):
    admin = make_user("admin")
    staff = make_user("staff")
    with pytest.raises(PermissionDenied):
        services.reset_password(admin, actor=staff)
    temporary = services.reset_password(staff, actor=admin)
    assert staff.must_change_password
    assert _auth(app, staff.username, temporary) is staff
    with pytest.raises(DomainError):
        _auth(app, staff.username, TEST_PASSWORD)


def test_session_ids_that_are_malformed_load_nobody(app, make_user):
    make_user()
    for bad in ["", "abc", "1", "1:x", "999:1"]:
        assert services.load_user_from_session(bad) is None
