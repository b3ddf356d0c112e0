"""Daily jobs of the management review (called by the scheduler).

- ``open_current_review``: from 1 January (every day, so a missed day is caught up) the
  review of the current calendar year exists as a live draft; its planned meeting date is
  last year's meeting date moved on by a year, when there was one. Nothing happens once the
  draft exists (opened by hand or by an earlier run).
- ``meeting_reminders``: 14 and 3 days before the planned meeting of a review not approved
  yet, each quality manager is reminded once (a dedup key per review, meeting date, reminder
  and person: moving the meeting reminds again, a rerun sends nothing twice).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from qms.auth.models import User, UserRole
from qms.core.permissions import Role, SystemActor
from qms.core.time import local_date
from qms.extensions import db
from qms.notifications.services import N_, notify
from qms.reviews import services
from qms.reviews.models import ManagementReview, ReviewStatus

MEETING_REMINDER_DAYS = (14, 3)


def _moved_a_year(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def open_current_review(*, now: dt.datetime) -> str:
    """Open this calendar year's review as a draft if it is not there yet."""
    year = local_date(now).year
    if services.get(year) is not None:
        return f"review {year} already open"
    actor = SystemActor("scheduler")
    review = services.open_draft(year, actor=actor, now=now)
    previous = services.get(year - 1)
    planned = _moved_a_year(previous.planned_meeting_on) if previous is not None else None
    if planned is not None:
        services.save_meeting(review, actor=actor, now=now, planned_meeting_on=planned,
                              participants=review.participants or [],
                              attended=[n for n, here in (review.attendance or {}).items()
                                        if here])
    return f"review {year} opened"


def _reminder_for(days_left: int) -> int | None:
    """The reminder due with ``days_left`` to go: 14 (4–14 days), 3 (0–3 days) or none."""
    for days in sorted(MEETING_REMINDER_DAYS):
        if 0 <= days_left <= days:
            return days
    return None


def meeting_reminders(*, now: dt.datetime) -> str:
    """Remind the quality managers of the coming management review meeting."""
    today = local_date(now)
    horizon = today + dt.timedelta(days=max(MEETING_REMINDER_DAYS))
    reviews = db.session.scalars(
        select(ManagementReview)
        .where(ManagementReview.status != ReviewStatus.APPROVED,
               ManagementReview.planned_meeting_on.is_not(None),
               ManagementReview.planned_meeting_on >= today,
               ManagementReview.planned_meeting_on <= horizon)
        .order_by(ManagementReview.planned_meeting_on)).all()
    managers = None
    sent = 0
    for review in reviews:
        days = _reminder_for((review.planned_meeting_on - today).days)
        if days is None:
            continue
        if managers is None:
            managers = list(db.session.scalars(
                select(User).join(UserRole).where(UserRole.role == Role.QUALITY_MANAGER.value,
                                                  User.is_active_account.is_(True))
                .order_by(User.id)))
        meeting = review.planned_meeting_on
        for manager in managers:
            sent += notify(
                manager, kind="review.meeting_reminder", now=now,
                link=f"/reviews/{review.year}",
                message=N_("The management review %(year)s meets on %(date)s"),
                params={"year": review.year, "date": meeting.strftime("%d.%m.%Y")},
                dedup_key=f"review.meeting:{review.id}:{meeting.isoformat()}:{days}:"
                          f"{manager.id}") is not None
    db.session.commit()
    return f"{sent} notification(s)"
