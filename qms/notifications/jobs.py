"""Recurring work for notifications (called by the scheduler)."""

from __future__ import annotations

import datetime as dt

from qms.core.time import local_date
from qms.notifications import services


def send_outbox(*, now: dt.datetime) -> str:
    return services.send_outbox(now=now)


def send_digests(*, now: dt.datetime) -> str:
    return services.send_digests(now=now, day=local_date(now))
