"""Telling people what needs them: in-app notifications, e-mail through an outbox (sent by
the scheduler over SMTP, retried on failure), and a daily digest for those who prefer it.

Reminders are made idempotent by a ``dedup_key``: the database refuses a second row with the
same key, so two schedulers running at once still notify each person once.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from email.message import EmailMessage
from email.utils import formataddr

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from qms.auth.models import User
from qms.core import transaction
from qms.extensions import db
from qms.notifications.models import DeliveryMode, MailStatus, Notification, OutboxMail

MAX_ATTEMPTS = 6


def N_(message: str) -> str:  # noqa: N802  (marks a msgid for extraction; translated later)
    return message


def render_message(notification: Notification) -> str:
    """The message in the current language with its parameters filled in."""
    try:
        return _(notification.message, **(notification.params or {}))
    except (KeyError, ValueError, TypeError):
        return notification.message


def notify(user: User, *, kind: str, message: str, params: dict | None = None,
           link: str = "", dedup_key: str | None = None, now: dt.datetime) -> Notification | None:
    """Tell ``user``; None when the same ``dedup_key`` was already used (nothing is sent)."""
    if user is None or not user.is_active_account:
        return None
    notification = Notification(user_id=user.id, kind=kind, message=message,
                                params=params or {}, link=link, created_at=now,
                                dedup_key=dedup_key)
    try:
        with db.session.begin_nested():
            db.session.add(notification)
    except IntegrityError:
        return None
    if user.email and user.notification_mode == DeliveryMode.IMMEDIATE:
        with force_locale(user.language):
            subject = render_message(notification)
            body = render_template("emails/notification.txt", user=user,
                                   text=subject, url=_absolute(link))
        queue_mail(user, subject=subject, body=body, now=now,
                   dedup_key=f"mail:{dedup_key}" if dedup_key else None)
    return notification


def _absolute(link: str) -> str:
    base = current_app.config.get("BASE_URL", "").rstrip("/")
    return f"{base}{link}" if link else base


def queue_mail(user: User, *, subject: str, body: str, now: dt.datetime,
               dedup_key: str | None = None) -> OutboxMail | None:
    mail = OutboxMail(user_id=user.id, to_address=user.email, subject=subject[:300], body=body,
                      created_at=now, next_attempt_at=now, dedup_key=dedup_key)
    try:
        with db.session.begin_nested():
            db.session.add(mail)
    except IntegrityError:
        return None
    return mail


def unread_count(user) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))


def mark_read(user, notification_id: int | None, *, now: dt.datetime) -> int:
    """Mark one (or, with None, all) of the user's notifications as read."""
    stmt = update(Notification).where(Notification.user_id == user.id,
                                      Notification.read_at.is_(None))
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    count = db.session.execute(stmt.values(read_at=now)).rowcount
    transaction.commit()
    return count


def set_delivery_mode(user: User, mode: str) -> None:
    from qms.core import audit_log

    if mode not in DeliveryMode.__members__.values():
        raise ValueError(mode)
    audit_log.apply_changes(user, {"notification_mode": mode}, actor=user,
                            action="user.notification_mode")
    transaction.commit()


# --- jobs --------------------------------------------------------------------------------

def send_outbox(*, now: dt.datetime, limit: int = 200) -> str:
    """Send pending mails over SMTP; failures are retried with growing pauses, then marked
    failed for the administrator. Without a mail server, mails wait in the outbox."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return "no mail server configured"
    pending = db.session.scalars(
        select(OutboxMail).where(OutboxMail.status == MailStatus.PENDING,
                                 OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.id).limit(limit)).all()
    sent = failed = 0
    if not pending:
        return "nothing to send"
    try:
        connection = _connect(config)
    except (OSError, smtplib.SMTPException) as error:
        for mail in pending:
            _failed(mail, error, now)
        db.session.commit()
        return f"mail server unavailable: {error}"
    try:
        for mail in pending:
            try:
                connection.send_message(_message(mail, config))
            except (OSError, smtplib.SMTPException) as error:
                _failed(mail, error, now)
                failed += 1
            else:
                mail.status, mail.sent_at, mail.attempts = MailStatus.SENT, now, mail.attempts + 1
                mail.last_error = ""
                sent += 1
            db.session.commit()
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return f"sent {sent}, failed {failed}"


def _connect(config) -> smtplib.SMTP:
    connection = smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=15)
    if config.get("MAIL_USE_TLS"):
        connection.starttls()
    if config.get("MAIL_USERNAME"):
        connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return connection


def _message(mail: OutboxMail, config) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr(("qms", config["MAIL_SENDER"]))
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    return message


def _failed(mail: OutboxMail, error: Exception, now: dt.datetime) -> None:
    mail.attempts += 1
    mail.last_error = str(error)[:1000]
    if mail.attempts >= MAX_ATTEMPTS:
        mail.status = MailStatus.FAILED
    else:
        mail.next_attempt_at = now + dt.timedelta(minutes=5 * 2 ** (mail.attempts - 1))


def retry_mail(mail: OutboxMail, *, actor, now: dt.datetime) -> None:
    from qms.core import audit_log

    mail.status, mail.next_attempt_at, mail.attempts = MailStatus.PENDING, now, 0
    audit_log.record(actor=actor, action="outbox.retry", entity=mail,
                     label=f"{mail.to_address}: {mail.subject}", now=now)
    transaction.commit()


def send_digests(*, now: dt.datetime, day: dt.date) -> str:
    """One e-mail per person who prefers a digest, with what is new since the last one."""
    users = db.session.scalars(select(User).where(
        User.notification_mode == DeliveryMode.DIGEST, User.is_active_account.is_(True),
        User.email != "")).all()
    count = 0
    for user in users:
        items = db.session.scalars(
            select(Notification).where(Notification.user_id == user.id,
                                       Notification.digested_at.is_(None),
                                       Notification.read_at.is_(None))
            .order_by(Notification.created_at)).all()
        if not items:
            continue
        with force_locale(user.language):
            lines = [(render_message(n), _absolute(n.link)) for n in items]
            subject = _("qms: %(num)s new items", num=len(items))
            body = render_template("emails/digest.txt", user=user, lines=lines)
        if queue_mail(user, subject=subject, body=body, now=now,
                      dedup_key=f"digest:{user.id}:{day.isoformat()}") is not None:
            for item in items:
                item.digested_at = now
            count += 1
    db.session.commit()
    return f"{count} digest(s) queued"
