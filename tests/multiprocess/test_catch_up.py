"""A scheduler that starts (or restarts) runs what it missed, once: in-process, either database."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from qms import scheduler
from qms.core.job_runs import JobRun
from qms.notifications.models import Notification
from qms.risks import services as risk_services

TZ = "Europe/Riga"
NOON = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)  # 12:00 in Riga


def _spec(job_id):
    return next(s for s in scheduler.job_specs() if s.id == job_id)


def test_the_last_fire_time_is_the_latest_due_moment_before_now():
    daily = _spec("nonconformities.remind_and_escalate")  # 06:30 Riga
    assert scheduler.last_fire_time(daily, NOON, TZ) == dt.datetime(
        2026, 11, 24, 4, 30, tzinfo=dt.UTC)
    early = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)  # 05:00 in Riga: yesterday's run
    assert scheduler.last_fire_time(daily, early, TZ) == dt.datetime(
        2026, 11, 23, 4, 30, tzinfo=dt.UTC)
    five = _spec("notifications.send_outbox")
    assert scheduler.last_fire_time(five, NOON + dt.timedelta(minutes=7), TZ) == (
        NOON + dt.timedelta(minutes=5))


@pytest.fixture
def due_risk(make_user):
    manager, owner = make_user("quality_manager"), make_user("manager")
    return risk_services.create_risk(
        actor=manager, now=NOON, kind="risk", title="Ziemas piekļuve klientiem",
        likelihood=4, impact=4, owner_id=owner.id, review_on=dt.date(2026, 11, 30))


@pytest.fixture
def only(monkeypatch):
    def restrict(*job_ids):
        specs = [_spec(job_id) for job_id in job_ids]
        monkeypatch.setattr(scheduler, "job_specs", lambda: specs)
    return restrict


def _count(db, model, *where):
    return db.session.scalar(select(func.count(model.id)).where(*where))


def test_a_missed_period_is_caught_up_once(app, db, due_risk, only):
    only("risks.review_reminders")
    assert scheduler.catch_up(app, now=NOON) == [("risks.review_reminders", "1 notification(s)")]
    # restarted in the same period: nothing runs again
    assert scheduler.catch_up(app, now=NOON + dt.timedelta(hours=3)) == []
    assert _count(db, Notification, Notification.kind.like("risk.review%")) == 1
    runs = db.session.scalars(select(JobRun)).all()
    assert [(r.job_id, r.period) for r in runs] == [("risks.review_reminders", "2026-11-24")]


def test_a_start_before_todays_run_catches_up_yesterday_not_today(app, db, due_risk, only):
    only("risks.review_reminders")  # 06:40 in Riga
    early = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)  # 04:00 in Riga
    assert scheduler.catch_up(app, now=early) == [("risks.review_reminders",
                                                   "1 notification(s)")]
    assert db.session.scalar(select(JobRun.period)) == "2026-11-23"
    # the regular run of today still happens, and sends nothing twice
    spec = _spec("risks.review_reminders")
    assert scheduler.run_job(app, spec, now=NOON) == "0 notification(s)"
    assert _count(db, Notification, Notification.kind.like("risk.review%")) == 1


def test_a_period_already_run_is_not_caught_up(app, db, due_risk, only):
    only("risks.review_reminders")
    spec = _spec("risks.review_reminders")
    assert scheduler.run_job(app, spec, now=NOON) == "1 notification(s)"
    assert scheduler.catch_up(app, now=NOON + dt.timedelta(minutes=30)) == []
    assert _count(db, JobRun) == 1


def test_a_failing_job_does_not_stop_the_others(app, db, due_risk, monkeypatch):
    def broken(*, now):
        raise RuntimeError("disk full")

    specs = [scheduler.JobSpec("broken", broken, {"hour": 1, "minute": 0}, scheduler._day),
             _spec("risks.review_reminders")]
    monkeypatch.setattr(scheduler, "job_specs", lambda: specs)
    monkeypatch.setattr(app.logger, "disabled", True)
    ran = scheduler.catch_up(app, now=NOON)
    assert ran[0][0] == "broken" and "disk full" in ran[0][1]
    assert ran[1] == ("risks.review_reminders", "1 notification(s)")
