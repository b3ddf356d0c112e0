"""The scheduler's jobs: the current year's draft opens by itself, the quality managers are
reminded of the meeting 14 and 3 days before, once each."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from qms.extensions import db
from qms.notifications.models import Notification
from qms.reviews import jobs, services
from qms.reviews.models import ManagementReview, ReviewStatus


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 6, 0, tzinfo=dt.UTC)


def _reminders() -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.kind == "review.meeting_reminder").order_by(Notification.id)))


def test_the_draft_of_the_year_opens_once(app, people, head):
    assert jobs.open_current_review(now=_at(dt.date(2026, 1, 1))) == "review 2026 opened"
    review = services.get(2026)
    assert review.status == ReviewStatus.DRAFT and review.participants
    assert review.planned_meeting_on is None
    assert jobs.open_current_review(now=_at(dt.date(2026, 1, 2))) == "review 2026 already open"
    assert db.session.scalar(select(func.count(ManagementReview.id))) == 1


def test_the_new_draft_takes_last_years_meeting_date(app, people, head):
    previous = services.open_draft(2025, actor=people.qm, now=_at(dt.date(2025, 3, 1)))
    services.save_meeting(previous, actor=people.qm, now=_at(dt.date(2025, 3, 1)),
                          planned_meeting_on=dt.date(2025, 12, 12), participants=["A"])
    jobs.open_current_review(now=_at(dt.date(2026, 1, 5)))
    assert services.get(2026).planned_meeting_on == dt.date(2026, 12, 12)
    assert jobs._moved_a_year(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_meeting_reminders_14_and_3_days_before_once(app, people, head, make_user):
    second_qm = make_user("quality_manager", full_name="Otra Kvalitāte")
    meeting = dt.date(2026, 12, 15)
    review = services.open_draft(2026, actor=people.qm, now=_at(dt.date(2026, 3, 1)))
    services.save_meeting(review, actor=people.qm, now=_at(dt.date(2026, 3, 1)),
                          planned_meeting_on=meeting, participants=["A"])
    assert jobs.meeting_reminders(now=_at(meeting - dt.timedelta(days=20))) == \
        "0 notification(s)"
    assert jobs.meeting_reminders(now=_at(meeting - dt.timedelta(days=14))) == \
        "2 notification(s)"
    assert jobs.meeting_reminders(now=_at(meeting - dt.timedelta(days=13))) == \
        "0 notification(s)"
    assert jobs.meeting_reminders(now=_at(meeting - dt.timedelta(days=3))) == \
        "2 notification(s)"
    assert jobs.meeting_reminders(now=_at(meeting - dt.timedelta(days=1))) == \
        "0 notification(s)"
    sent = _reminders()
    assert {n.user_id for n in sent} == {people.qm.id, second_qm.id}
    assert all(n.link == "/reviews/2026" and n.params["date"] == "15.12.2026" for n in sent)


def test_a_moved_meeting_is_reminded_again_and_an_approved_one_not(app, people, head):
    review = services.open_draft(2026, actor=people.qm, now=_at(dt.date(2026, 3, 1)))
    services.save_meeting(review, actor=people.qm, now=_at(dt.date(2026, 3, 1)),
                          planned_meeting_on=dt.date(2026, 12, 10), participants=["A"])
    assert jobs.meeting_reminders(now=_at(dt.date(2026, 12, 8))) == "1 notification(s)"
    services.save_meeting(review, actor=people.qm, now=_at(dt.date(2026, 12, 8)),
                          planned_meeting_on=dt.date(2026, 12, 11), participants=["A"])
    assert jobs.meeting_reminders(now=_at(dt.date(2026, 12, 9))) == "1 notification(s)"
    assert review.status == ReviewStatus.DRAFT  # loaded, so the listener sees the change
    review.status = ReviewStatus.APPROVED
    db.session.commit()
    assert jobs.meeting_reminders(now=_at(dt.date(2026, 12, 10))) == "0 notification(s)"
