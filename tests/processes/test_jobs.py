"""The reminder of missing indicator values."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from qms.notifications.models import Notification
from qms.processes import jobs, services


def test_period_starts():
    day = dt.date(2026, 5, 14)
    assert jobs.previous_period_start("monthly", day) == dt.date(2026, 4, 1)
    assert jobs.previous_period_start("quarterly", day) == dt.date(2026, 1, 1)
    assert jobs.previous_period_start("yearly", day) == dt.date(2025, 1, 1)
    assert jobs.previous_period_start("monthly", dt.date(2026, 1, 20)) == dt.date(2025, 12, 1)


def test_owner_is_reminded_once_of_a_missing_value(setting, db):
    now = dt.datetime(2026, 4, 12, 6, 0, tzinfo=dt.UTC)  # 2026 Q1 ended 11 days ago
    # the owner; not the staff member in the same position, who may not enter values
    assert jobs.missing_values(now=now) == "1 reminders"
    assert jobs.missing_values(now=now) == "0 reminders"
    notes = db.session.scalars(select(Notification).where(
        Notification.kind == "indicator.missing_value")).all()
    assert [n.user_id for n in notes] == [setting["owner"].id]


def test_no_reminder_when_the_value_is_there_or_too_early(setting):
    assert jobs.missing_values(now=dt.datetime(2026, 4, 5, tzinfo=dt.UTC)) == "0 reminders"
    services.record_value(setting["indicator"], actor=setting["qm"],
                          now=dt.datetime(2026, 4, 2, tzinfo=dt.UTC),
                          period_start=dt.date(2026, 1, 1), value=Decimal(99))
    assert jobs.missing_values(now=dt.datetime(2026, 4, 12, tzinfo=dt.UTC)) == "0 reminders"
