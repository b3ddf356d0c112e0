"""A daily reminder to indicator owners whose last completed period has no value yet (for the
scheduler: register ``missing_values`` as a daily job). Each reminder has a dedup key, so a
rerun or a second scheduler sends nothing twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, tuple_

from qms.auth.models import User
from qms.core.permissions import Permission
from qms.core.time import local_date
from qms.extensions import db
from qms.notifications.services import N_, notify
from qms.processes.models import Frequency, Indicator, IndicatorValue, Process

REMIND_AFTER_DAYS = 10  # days after the end of a period


def current_period_start(frequency: str, today: dt.date) -> dt.date:
    if frequency == Frequency.YEARLY:
        return dt.date(today.year, 1, 1)
    if frequency == Frequency.QUARTERLY:
        return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return dt.date(today.year, today.month, 1)


def previous_period_start(frequency: str, today: dt.date) -> dt.date:
    start = current_period_start(frequency, today)
    if frequency == Frequency.YEARLY:
        return dt.date(start.year - 1, 1, 1)
    months = 3 if frequency == Frequency.QUARTERLY else 1
    index = start.year * 12 + start.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def missing_values(*, now: dt.datetime) -> str:
    """Tell the holders of an indicator's owner position (or the process owner's position)
    who may enter values, once per period, when the last completed period still has no value
    ``REMIND_AFTER_DAYS`` after it ended."""
    from qms.processes.services import period_label

    today = local_date(now)
    due = []
    for indicator, process_owner in db.session.execute(
            select(Indicator, Process.owner_position_id)
            .join(Process, Process.id == Indicator.process_id)
            .where(Indicator.is_active.is_(True), Process.is_active.is_(True))):
        ended = current_period_start(indicator.frequency, today)
        if (today - ended).days < REMIND_AFTER_DAYS:
            continue
        owner = indicator.owner_position_id or process_owner
        if owner is not None:
            due.append((indicator, previous_period_start(indicator.frequency, today), owner))
    if not due:
        return "0 reminders"
    present = set(db.session.execute(
        select(IndicatorValue.indicator_id, IndicatorValue.period_start).where(
            tuple_(IndicatorValue.indicator_id, IndicatorValue.period_start).in_(
                [(i.id, start) for i, start, _ in due]))).all())
    holders: dict[int, list[User]] = {}
    for user in db.session.scalars(select(User).where(
            User.position_id.in_({owner for _, _, owner in due}),
            User.is_active_account.is_(True))):
        if user.can(Permission.INDICATOR_RECORD):
            holders.setdefault(user.position_id, []).append(user)
    sent = 0
    for indicator, start, owner in due:
        if (indicator.id, start) in present:
            continue
        for user in holders.get(owner, []):
            if notify(user, kind="indicator.missing_value", now=now,
                      link=f"/processes/indicators/{indicator.id}",
                      message=N_("Enter the value of %(indicator)s for %(period)s"),
                      params={"indicator": str(indicator),
                              "period": period_label(indicator.frequency, start)},
                      dedup_key=f"indicator.missing:{indicator.id}:{start.isoformat()}:"
                                f"{user.id}") is not None:
                sent += 1
    db.session.commit()
    return f"{sent} reminders"
