"""Recurring work for document control (called by the scheduler)."""

from __future__ import annotations

import datetime as dt

from qms.core.permissions import SystemActor
from qms.documents import services


def activate_due_versions(*, now: dt.datetime) -> str:
    """Approved versions whose effective date has come become effective (hourly)."""
    count = services.activate_due_versions(now=now, actor=SystemActor("scheduler"))
    return f"{count} version(s) became effective"
