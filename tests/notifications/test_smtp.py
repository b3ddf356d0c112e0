"""The outbox against a real SMTP server (aiosmtpd on 127.0.0.1): sending, retrying, failing."""

import datetime as dt
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from qms.core.audit_log import AuditEvent
from qms.notifications import services
from qms.notifications.models import MailStatus, OutboxMail

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SUBJECT = "Neatbilstība Ģ"
REFUSED = "nav.tads@example.lv"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Collector:
    """Keeps every message; refuses one recipient address."""

    def __init__(self):
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == REFUSED:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self):
        return [email.message_from_bytes(e.content, policy=email.policy.default)
                for e in self.envelopes]


class SmtpServer:
    """A controller per start: a stopped controller's event loop is closed for good."""

    def __init__(self):
        self.handler = Collector()
        self.port = _free_port()
        self.controller = None
        self.running = False

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.running = True

    def stop(self):
        if self.running:
            self.controller.stop()
            self.running = False


@pytest.fixture
def smtp(app):
    server = SmtpServer()
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False,
                      MAIL_USERNAME="", MAIL_SENDER="qms@soc.example.lv")
    yield server
    server.stop()


@pytest.fixture
def recipient(make_user):
    return make_user("staff", email="ilze@example.lv", notification_mode="off")


def _queue(user, *, subject=SUBJECT, body="Jums jāizvērtē neatbilstība NC-2026-001.",
           to=None, now=NOW):
    mail = services.queue_mail(user, subject=subject, body=body, now=now)
    if to:
        mail.to_address = to
    return mail


def _pending(db):
    return db.session.scalars(select(OutboxMail).where(
        OutboxMail.status == MailStatus.PENDING)).all()


def test_pending_mails_are_sent_and_marked_sent(db, smtp, recipient):
    first = _queue(recipient)
    second = _queue(recipient, subject="Atgādinājums", body="Termiņš rīt: 3.03.2026.")
    db.session.commit()

    assert services.send_outbox(now=NOW) == "sent 2, failed 0"
    messages = smtp.handler.messages()
    assert [m["Subject"] for m in messages] == [SUBJECT, "Atgādinājums"]
    assert messages[0]["To"] == "ilze@example.lv"
    assert messages[0]["From"].addresses[0].addr_spec == "qms@soc.example.lv"
    assert messages[0].get_content().strip() == "Jums jāizvērtē neatbilstība NC-2026-001."
    assert smtp.handler.envelopes[0].mail_from == "qms@soc.example.lv"
    assert smtp.handler.envelopes[0].rcpt_tos == ["ilze@example.lv"]
    for mail in (first, second):
        assert (mail.status, mail.sent_at, mail.attempts) == (MailStatus.SENT, NOW, 1)

    assert services.send_outbox(now=NOW + dt.timedelta(minutes=5)) == "nothing to send"
    assert len(smtp.handler.envelopes) == 2


def test_a_mail_waits_until_its_next_attempt(db, smtp, recipient):
    _queue(recipient, now=NOW + dt.timedelta(minutes=10))
    db.session.commit()
    assert services.send_outbox(now=NOW) == "nothing to send"
    assert services.send_outbox(now=NOW + dt.timedelta(minutes=10)) == "sent 1, failed 0"


def test_a_refused_recipient_does_not_stop_the_others(db, smtp, recipient):
    refused = _queue(recipient, to=REFUSED)
    good = _queue(recipient)
    db.session.commit()
    assert services.send_outbox(now=NOW) == "sent 1, failed 1"
    assert good.status == MailStatus.SENT
    assert refused.status == MailStatus.PENDING and refused.attempts == 1
    assert "550" in refused.last_error
    assert [e.rcpt_tos for e in smtp.handler.envelopes] == [["ilze@example.lv"]]


def test_an_unreachable_server_leaves_the_mail_pending_for_a_later_attempt(db, smtp, recipient):
    mail = _queue(recipient)
    db.session.commit()
    smtp.stop()

    result = services.send_outbox(now=NOW)
    assert result.startswith("mail server unavailable")
    assert mail.status == MailStatus.PENDING and mail.attempts == 1
    assert mail.last_error and mail.sent_at is None
    assert mail.next_attempt_at == NOW + dt.timedelta(minutes=5)
    # Before the pause is over nothing is tried.
    assert services.send_outbox(now=NOW + dt.timedelta(minutes=4)) == "nothing to send"
    assert mail.attempts == 1


def test_after_max_attempts_the_mail_fails_and_the_administrator_can_retry_it(
        app, db, smtp, recipient, make_user):
    admin = make_user("admin")
    mail = _queue(recipient)
    db.session.commit()
    smtp.stop()

    now, pauses = NOW, []
    for _attempt in range(services.MAX_ATTEMPTS):
        assert mail.status == MailStatus.PENDING
        services.send_outbox(now=now)
        if mail.status == MailStatus.PENDING:
            pauses.append(mail.next_attempt_at - now)
            now = mail.next_attempt_at
    assert mail.status == MailStatus.FAILED and mail.attempts == services.MAX_ATTEMPTS
    assert pauses == [dt.timedelta(minutes=m) for m in (5, 10, 20, 40, 80)]
    assert services.send_outbox(now=now + dt.timedelta(days=1)) == "nothing to send"

    later = now + dt.timedelta(days=1)
    services.retry_mail(mail, actor=admin, now=later)
    assert (mail.status, mail.attempts, mail.next_attempt_at) == (MailStatus.PENDING, 0, later)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "outbox.retry"))

    smtp.start()
    assert services.send_outbox(now=later) == "sent 1, failed 0"
    assert mail.status == MailStatus.SENT
    assert smtp.handler.messages()[0]["Subject"] == SUBJECT


def test_a_closed_port_counts_as_a_failed_attempt(app, db, recipient):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port(), MAIL_USE_TLS=False)
    mail = _queue(recipient)
    db.session.commit()
    services.send_outbox(now=NOW)
    assert (mail.status, mail.attempts) == (MailStatus.PENDING, 1)
    assert mail.next_attempt_at > NOW and mail.last_error


def test_without_a_mail_server_mails_wait_in_the_outbox(app, db, recipient):
    app.config["MAIL_SERVER"] = ""
    mail = _queue(recipient)
    db.session.commit()
    assert services.send_outbox(now=NOW) == "no mail server configured"
    assert _pending(db) == [mail] and mail.attempts == 0 and mail.last_error == ""
