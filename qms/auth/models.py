"""People who sign in: their account, roles and sign-in attempts."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.permissions import ROLE_LABELS, Permission, Role, permissions_for
from qms.core.time import UTCDateTime, utcnow
from qms.extensions import db


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    language: Mapped[str] = mapped_column(String(5), default="lv")
    # immediate | digest | off (see qms.notifications.models.DeliveryMode)
    notification_mode: Mapped[str] = mapped_column(String(12), default="immediate",
                                                   server_default="immediate")
    is_active_account: Mapped[bool] = mapped_column("is_active", default=True)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Bumped on password change or reset: every session signed with the old value ends.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    unit = relationship("Unit", foreign_keys=[unit_id])
    position = relationship("Position", foreign_keys=[position_id])
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserRole.role"
    )

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return self.full_name

    # Flask-Login
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.is_active_account

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def roles(self) -> list[str]:
        return [r.role for r in self.role_rows]

    @property
    def role_labels(self) -> list[str]:
        return [str(ROLE_LABELS[Role(r)]) for r in self.roles]

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


class UserRole(db.Model):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role", name="uq_user_role_user_id_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))

    user: Mapped[User] = relationship(back_populates="role_rows")


class LoginAttempt(db.Model):
    """Every sign-in attempt, for throttling per account and per address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(default=False)
