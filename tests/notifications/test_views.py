"""Thin view tests: my notifications, opening one marks it read, the administrator's outbox."""

import datetime as dt

from sqlalchemy import select

from qms.notifications import services
from qms.notifications.models import MailStatus, Notification, OutboxMail

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _notify(user, key, link, title):
    return services.notify(user, kind="nc.assigned", now=NOW, link=link, dedup_key=key,
                           message="You are responsible for nonconformity %(number)s: "
                                   "%(title)s", params={"number": "NC-2026-001",
                                                        "title": title})


def test_the_notifications_page_lists_mine_and_opening_one_marks_it_read(
        db, client, login, make_user):
    me, someone = make_user("staff"), make_user("staff")
    first = _notify(me, "n1", "/nonconformities/1", "Kavēta vizīte")
    _notify(me, "n2", "/nonconformities/2", "Nepilnīgs plāns")
    theirs = _notify(someone, "n3", "/nonconformities/3", "Cita lieta")
    db.session.commit()
    login(me)

    page = client.get("/notifications/").get_data(as_text=True)
    assert "Kavēta vizīte" in page and "Nepilnīgs plāns" in page
    assert "Cita lieta" not in page

    response = client.get(f"/notifications/open/{first.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/nonconformities/1"
    db.session.expire_all()
    assert db.session.get(Notification, first.id).read_at is not None
    unread = client.get("/notifications/").get_data(as_text=True)
    assert "Kavēta vizīte" not in unread and "Nepilnīgs plāns" in unread
    assert "Kavēta vizīte" in client.get("/notifications/?show=all").get_data(as_text=True)

    assert client.get(f"/notifications/open/{theirs.id}").status_code == 404
    assert db.session.get(Notification, theirs.id).read_at is None


def test_mark_all_as_read_and_choose_the_delivery_mode(db, client, login, make_user):
    me = make_user("staff", email="me@example.lv")
    _notify(me, "a", "/nonconformities/1", "Viens")
    _notify(me, "b", "/nonconformities/2", "Divi")
    db.session.commit()
    login(me)
    assert client.post("/notifications/read").status_code == 302
    db.session.expire_all()
    assert services.unread_count(me) == 0
    client.post("/notifications/mode", data={"mode": "digest"})
    db.session.expire_all()
    assert me.notification_mode == "digest"
    client.post("/notifications/mode", data={"mode": "carrier-pigeon"})
    db.session.expire_all()
    assert me.notification_mode == "digest"


def test_a_notification_link_never_leaves_the_site(db, client, login, make_user):
    me = make_user("staff")
    evil = _notify(me, "evil", "//evil.example.com/x", "Saite")
    db.session.commit()
    login(me)
    assert client.get(f"/notifications/open/{evil.id}").headers["Location"] == "/"


def test_the_outbox_is_for_the_administrator_only(db, client, login, make_user):
    admin, quality_manager = make_user("admin"), make_user("quality_manager")
    recipient = make_user("staff", email="ilze@example.lv")
    mail = services.queue_mail(recipient, subject="Neatbilstība Ģ", body="Teksts", now=NOW)
    mail.status, mail.attempts, mail.last_error = MailStatus.FAILED, 6, "Connection refused"
    db.session.commit()

    login(quality_manager)
    assert client.get("/notifications/outbox").status_code == 403
    assert client.post(f"/notifications/outbox/{mail.id}/retry").status_code == 403
    client.post("/logout")

    login(admin)
    page = client.get("/notifications/outbox").get_data(as_text=True)
    assert "Neatbilstība Ģ" in page and "ilze@example.lv" in page
    assert "Connection refused" in page and "Retry" in page
    assert "Neatbilstība Ģ" not in client.get(
        "/notifications/outbox?status=sent").get_data(as_text=True)
    assert client.post(f"/notifications/outbox/{mail.id}/retry").status_code == 302
    db.session.expire_all()
    mail = db.session.scalar(select(OutboxMail))
    assert (mail.status, mail.attempts) == (MailStatus.PENDING, 0)
    assert client.post("/notifications/outbox/99999/retry").status_code == 404
