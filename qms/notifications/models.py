"""In-app notifications and the e-mail outbox."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db


class DeliveryMode(StrEnum):
    IMMEDIATE = "immediate"  # an e-mail per notification
    DIGEST = "digest"  # one e-mail a day with everything new
    OFF = "off"  # in the application only


class MailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Notification(db.Model):
    """``message`` is an English msgid with ``%(name)s`` placeholders filled from ``params``;
    it is translated when shown or mailed, in the reader's language."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(60))
    message: Mapped[str] = mapped_column(String(500))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    digested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The same reminder is never created twice: e.g. "nc.action_due:12:2026-11-24:user:4".
    dedup_key: Mapped[str | None] = mapped_column(String(200), unique=True)

    user = relationship("User")


class OutboxMail(db.Model):
    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                                index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(String(1000), default="")
    dedup_key: Mapped[str | None] = mapped_column(String(200), unique=True)
