"""Recurring work for sign-in records (called by the scheduler)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete

from qms.auth.models import LoginAttempt
from qms.extensions import db

KEEP_LOGIN_ATTEMPTS = dt.timedelta(days=90)


def prune_login_attempts(*, now: dt.datetime) -> str:
    """Sign-in attempts older than 90 days are no longer needed for throttling or review."""
    result = db.session.execute(
        delete(LoginAttempt).where(LoginAttempt.at < now - KEEP_LOGIN_ATTEMPTS))
    db.session.commit()
    return f"deleted {result.rowcount}"
