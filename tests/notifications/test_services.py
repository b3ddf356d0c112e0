"""Notifications: once per dedup key, e-mail by the reader's choice, digests, read marks."""

import datetime as dt

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from qms.core.audit_log import AuditEvent
from qms.notifications import services
from qms.notifications.models import DeliveryMode, MailStatus, Notification, OutboxMail

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 3, 2)
MESSAGE = "New action for you: %(title)s (due %(due)s)"
PARAMS = {"title": "Atjaunot instrukciju", "due": "30.04.2026"}


def _notify(user, *, key=None, link="/nonconformities/actions/7", now=NOW, **values):
    values.setdefault("message", MESSAGE)
    values.setdefault("params", PARAMS)
    return services.notify(user, kind="action.assigned", now=now, link=link, dedup_key=key,
                           **values)


def _mails(db, user=None):
    stmt = select(OutboxMail).order_by(OutboxMail.id)
    if user is not None:
        stmt = stmt.where(OutboxMail.user_id == user.id)
    return db.session.scalars(stmt).all()


def _count(db, model):
    return db.session.scalar(select(func.count(model.id)))


@pytest.fixture
def person(make_user):
    def make(mode="immediate", *, email="anna@example.lv", language="en", **values):
        return make_user("staff", notification_mode=mode, email=email, language=language,
                         **values)

    return make


def test_the_same_dedup_key_notifies_once(db, person):
    user = person()
    first = _notify(user, key="action.assigned:7:1")
    second = _notify(user, key="action.assigned:7:1")
    db.session.commit()
    assert first is not None and second is None
    assert _count(db, Notification) == 1 and len(_mails(db)) == 1
    # Without a key nothing is deduplicated.
    _notify(user), _notify(user)
    assert _count(db, Notification) == 3


def test_inactive_people_and_nobody_are_not_notified(db, person):
    assert _notify(person(is_active_account=False), key="k") is None
    assert _notify(None, key="k2") is None
    assert _count(db, Notification) == 0 and _mails(db) == []


def test_immediate_mode_queues_an_email_in_the_readers_language(app, db, person):
    english, latvian = person(), person(language="lv", email="janis@example.lv")
    _notify(english, key="a:en")
    _notify(latvian, key="a:lv")
    db.session.commit()
    mail_en, mail_lv = _mails(db, english)[0], _mails(db, latvian)[0]
    assert mail_en.subject == "New action for you: Atjaunot instrukciju (due 30.04.2026)"
    with force_locale("lv"):
        assert mail_lv.subject == _(MESSAGE, **PARAMS)
    for mail, user in ((mail_en, english), (mail_lv, latvian)):
        assert mail.to_address == user.email and mail.status == MailStatus.PENDING
        assert mail.next_attempt_at == NOW and mail.attempts == 0
        assert "/nonconformities/actions/7" in mail.body
        assert app.config["BASE_URL"].rstrip("/") + "/nonconformities/actions/7" in mail.body
        assert user.full_name in mail.body


def test_no_email_when_switched_off_or_without_an_address(db, person):
    _notify(person("off"), key="off")
    _notify(person("immediate", email=""), key="no-address")
    db.session.commit()
    assert _count(db, Notification) == 2 and _mails(db) == []


def test_digest_readers_get_one_summary_a_day(db, person):
    reader, other_reader = person("digest"), person("digest", email="dace@example.lv")
    _notify(reader, key="d1", link="/nonconformities/1")
    _notify(reader, key="d2", link="/nonconformities/2")
    already_read = _notify(reader, key="d3", link="/nonconformities/3")
    services.mark_read(reader, already_read.id, now=NOW)
    assert _mails(db) == []  # nothing at once

    evening = NOW + dt.timedelta(hours=8)
    assert services.send_digests(now=evening, day=DAY) == "1 digest(s) queued"
    mails = _mails(db)
    assert len(mails) == 1 and mails[0].user_id == reader.id
    assert mails[0].subject == "qms: 2 new items"
    assert "/nonconformities/1" in mails[0].body and "/nonconformities/2" in mails[0].body
    assert "/nonconformities/3" not in mails[0].body
    assert _mails(db, other_reader) == []  # nothing new for them

    # Again the same day: nothing new, and no second digest even with a new item.
    assert services.send_digests(now=evening, day=DAY) == "0 digest(s) queued"
    _notify(reader, key="d4", link="/nonconformities/4")
    services.send_digests(now=evening + dt.timedelta(minutes=5), day=DAY)
    assert len(_mails(db)) == 1

    # The next day the new item comes in its own digest.
    services.send_digests(now=evening + dt.timedelta(days=1), day=DAY + dt.timedelta(days=1))
    mails = _mails(db)
    assert len(mails) == 2 and "/nonconformities/4" in mails[1].body
    assert "/nonconformities/1" not in mails[1].body


def test_digests_skip_people_who_prefer_immediate_mail(db, person):
    user = person("immediate")
    _notify(user, key="i1")
    assert services.send_digests(now=NOW, day=DAY) == "0 digest(s) queued"
    assert len(_mails(db)) == 1  # only the immediate one


def test_mark_read_one_or_all_of_ones_own(db, person):
    user, other = person("off"), person("off")
    first, second, third = (_notify(user, key=f"r{i}") for i in range(3))
    theirs = _notify(other, key="theirs")
    db.session.commit()
    assert services.unread_count(user) == 3

    assert services.mark_read(user, second.id, now=NOW) == 1
    assert second.read_at == NOW and first.read_at is None
    assert services.unread_count(user) == 2
    assert services.mark_read(user, second.id, now=NOW) == 0  # already read
    assert services.mark_read(user, theirs.id, now=NOW) == 0  # not mine

    later = NOW + dt.timedelta(hours=1)
    assert services.mark_read(user, None, now=later) == 2
    db.session.expire_all()
    assert services.unread_count(user) == 0
    assert (first.read_at, second.read_at, third.read_at) == (later, NOW, later)
    assert services.unread_count(other) == 1


def test_messages_are_rendered_with_their_parameters(db, person):
    notification = _notify(person("off"), key="m")
    assert services.render_message(notification) == (
        "New action for you: Atjaunot instrukciju (due 30.04.2026)")
    broken = _notify(person("off"), key="b", params={"title": "x"})
    assert services.render_message(broken) == MESSAGE  # a missing parameter does not crash


def test_the_delivery_mode_is_validated_and_audited(db, person):
    user = person("immediate")
    with pytest.raises(ValueError):
        services.set_delivery_mode(user, "pigeon")
    services.set_delivery_mode(user, DeliveryMode.DIGEST)
    assert user.notification_mode == "digest"
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "user.notification_mode"))
    assert event.changes == {"notification_mode": ["immediate", "digest"]}


def test_a_queued_mail_is_deduplicated_by_its_key(db, person):
    user = person()
    assert services.queue_mail(user, subject="S", body="B", now=NOW, dedup_key="x") is not None
    assert services.queue_mail(user, subject="S", body="B", now=NOW, dedup_key="x") is None
    assert services.queue_mail(user, subject="S" * 400, body="B", now=NOW).subject == "S" * 300
    db.session.commit()
    assert len(_mails(db)) == 2
