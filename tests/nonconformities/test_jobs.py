"""Reminders and escalation: each reminder once, however often the job runs."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from qms.core.job_runs import JobRun
from qms.nonconformities import jobs, services
from qms.nonconformities.models import ActionKind, ActionStatus, NcStatus
from qms.notifications.models import Notification
from qms.scheduler import job_specs, run_job

TODAY = dt.date(2026, 5, 4)  # a Monday
MORNING = dt.datetime(2026, 5, 4, 3, 30, tzinfo=dt.UTC)  # 06:30 in Riga


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(3, 30), tzinfo=dt.UTC)


def _notes(db, kind=None, user=None):
    stmt = select(Notification).order_by(Notification.id)
    if kind:
        stmt = stmt.where(Notification.kind == kind)
    if user:
        stmt = stmt.where(Notification.user_id == user.id)
    return db.session.scalars(stmt).all()


def _count(db):
    return db.session.scalar(select(func.count(Notification.id)))


@pytest.fixture
def head(make_user):
    return make_user("manager", full_name="Ruta Nodaļas Vadītāja")


@pytest.fixture
def unit(make_unit, head):
    return make_unit(name="Aprūpes nodaļa", head_id=head.id)


@pytest.fixture
def owner(make_user, unit):
    return make_user("staff", full_name="Oskars Izpildītājs", unit_id=unit.id)


@pytest.fixture
def due(people, owner):
    """A stand-alone action of ``owner`` due on the given day."""

    def make(due_on, **values):
        values.setdefault("title", "Atjaunot drošības instrukciju")
        return services.add_action(actor=people.qm, now=MORNING - dt.timedelta(days=60),
                                   kind=ActionKind.IMPROVEMENT, owner_id=owner.id,
                                   due_on=due_on, **values)

    return make


def test_an_action_due_in_two_days_reminds_its_owner_once(db, due, owner):
    action = due(TODAY + dt.timedelta(days=2))
    jobs.remind_and_escalate(now=MORNING)
    jobs.remind_and_escalate(now=MORNING + dt.timedelta(hours=5))
    jobs.remind_and_escalate(now=_at(TODAY + dt.timedelta(days=1)))
    reminders = _notes(db, "action.due_soon")
    assert len(reminders) == 1
    assert reminders[0].user_id == owner.id
    assert reminders[0].link == f"/nonconformities/actions/{action.id}"
    assert reminders[0].params["due"] == "06.05.2026"


def test_nothing_is_sent_for_actions_far_from_due_or_finished(db, due, owner, people):
    due(TODAY + dt.timedelta(days=4))
    finished = due(TODAY - dt.timedelta(days=20))
    services.update_action(finished, actor=owner, now=MORNING, status=ActionStatus.DONE,
                           evidence="Instrukcija atjaunota.")
    cancelled = due(TODAY - dt.timedelta(days=20))
    services.update_action(cancelled, actor=people.qm, now=MORNING,
                           status=ActionStatus.CANCELLED)
    before = _count(db)
    assert jobs.remind_and_escalate(now=MORNING) == "0 notification(s)"
    assert _count(db) == before


def test_an_overdue_action_reminds_its_owner_without_escalating_at_first(db, due, owner, head):
    due(TODAY - dt.timedelta(days=1))
    jobs.remind_and_escalate(now=MORNING)
    jobs.remind_and_escalate(now=MORNING)
    overdue = _notes(db, "action.overdue")
    assert [n.user_id for n in overdue] == [owner.id]
    assert _notes(db, "action.escalated") == []


def test_seven_days_overdue_the_unit_head_is_told(db, due, owner, head, people):
    due(TODAY - dt.timedelta(days=7))
    jobs.remind_and_escalate(now=MORNING)
    jobs.remind_and_escalate(now=_at(TODAY + dt.timedelta(days=1)))
    escalated = _notes(db, "action.escalated")
    assert [n.user_id for n in escalated] == [head.id]
    assert escalated[0].params["owner"] == owner.full_name
    assert len(_notes(db, "action.overdue", owner)) == 1
    assert _notes(db, "action.escalated", people.qm) == []


def test_a_head_owning_the_action_escalates_to_the_parent_units_head(
        db, people, make_unit, make_user):
    director = make_user("manager", full_name="Direktore")
    centre = make_unit(name="Sociālais dienests", head_id=director.id)
    department_head = make_user("manager", full_name="Nodaļas vadītāja")
    department = make_unit(name="Dienas centrs", parent_id=centre.id,
                           head_id=department_head.id)
    department_head.unit_id = department.id
    db.session.commit()
    services.add_action(actor=people.qm, now=MORNING, kind="improvement", title="Telpu remonts",
                        owner_id=department_head.id, due_on=TODAY - dt.timedelta(days=8))
    jobs.remind_and_escalate(now=MORNING)
    assert [n.user_id for n in _notes(db, "action.escalated")] == [director.id]


def test_fourteen_days_overdue_every_quality_manager_is_told(db, due, head, people, make_user):
    second_qm = make_user("quality_manager")
    make_user("quality_manager", is_active_account=False)
    due(TODAY - dt.timedelta(days=14))
    jobs.remind_and_escalate(now=MORNING)
    jobs.remind_and_escalate(now=MORNING)
    told = sorted(n.user_id for n in _notes(db, "action.escalated"))
    assert told == sorted([head.id, people.qm.id, second_qm.id])


def test_a_changed_due_date_gets_its_own_reminder(db, due):
    action = due(TODAY + dt.timedelta(days=1))
    jobs.remind_and_escalate(now=MORNING)
    action.due_on = TODAY + dt.timedelta(days=3)
    db.session.commit()
    jobs.remind_and_escalate(now=MORNING)
    assert len(_notes(db, "action.due_soon")) == 2


def test_the_verifier_is_reminded_when_the_effectiveness_check_is_due(db, flow, people):
    nc = flow.to(NcStatus.EFFECTIVENESS)  # check planned for 1 September 2026
    jobs.remind_and_escalate(now=_at(dt.date(2026, 8, 31)))
    assert _notes(db, "nc.check_due") == []
    jobs.remind_and_escalate(now=_at(dt.date(2026, 9, 1)))
    jobs.remind_and_escalate(now=_at(dt.date(2026, 9, 2)))
    checks = _notes(db, "nc.check_due")
    assert [(n.user_id, n.link) for n in checks] == [(people.verifier.id,
                                                      f"/nonconformities/{nc.id}")]


def _spec(job_id):
    return next(spec for spec in job_specs() if spec.id == job_id)


def test_two_schedulers_running_at_once_still_send_each_reminder_once(app, db, due, owner):
    due(TODAY + dt.timedelta(days=2))
    due(TODAY - dt.timedelta(days=15), title="Nokavēta")
    spec = _spec("nonconformities.remind_and_escalate")
    db.session.commit()

    first = run_job(app, spec, now=MORNING)
    second = run_job(app, spec, now=MORNING + dt.timedelta(minutes=1))
    db.session.expire_all()
    assert first is not None and first.endswith("notification(s)") and second is None
    runs = db.session.scalars(select(JobRun).where(JobRun.job_id == spec.id)).all()
    assert [(r.period, r.result) for r in runs] == [("2026-05-04", first)]
    count = _count(db)
    assert count > 0

    # A second scheduler that claimed nothing but runs the job anyway sends nothing new.
    assert jobs.remind_and_escalate(now=MORNING) == "0 notification(s)"
    assert _count(db) == count
    # The next day is a new period.
    assert run_job(app, spec, now=MORNING + dt.timedelta(days=1)) is not None


def test_the_scheduler_period_is_the_local_day(app, db):
    spec = _spec("nonconformities.remind_and_escalate")
    db.session.commit()
    # 22:30 UTC on 3 May is 01:30 on 4 May in Riga: the same period as the morning run.
    assert run_job(app, spec, now=dt.datetime(2026, 5, 3, 22, 30, tzinfo=dt.UTC)) is not None
    assert run_job(app, spec, now=MORNING) is None


@pytest.fixture
def process(system):
    from qms.processes.services import create_process

    return create_process(actor=system, code="P-07", name="Aprūpe mājās", kind="core")


def test_a_process_with_too_many_open_nonconformities_alerts_each_quality_manager_weekly(
        app, db, flow, people, process, make_user):
    app.config["NC_PROCESS_ALERT_THRESHOLD"] = 2
    second_qm = make_user("quality_manager")
    first = flow.report(process_id=process.id)
    assert jobs.process_threshold(now=MORNING) == "0 alert(s)"
    flow.report(process_id=process.id)
    flow.report()  # another process

    assert jobs.process_threshold(now=MORNING) == "2 alert(s)"
    jobs.process_threshold(now=_at(TODAY + dt.timedelta(days=6)))  # Sunday, same ISO week
    alerts = _notes(db, "nc.threshold")
    assert sorted(n.user_id for n in alerts) == sorted([people.qm.id, second_qm.id])
    assert alerts[0].params == {"process": str(process), "count": 2}
    assert alerts[0].link == f"/nonconformities/?process={process.id}&status=open"

    assert jobs.process_threshold(now=_at(TODAY + dt.timedelta(days=7))) == "2 alert(s)"
    assert len(_notes(db, "nc.threshold")) == 4

    services.reject(first, actor=people.qm, now=MORNING, reason="Dublikāts.")
    assert jobs.process_threshold(now=_at(TODAY + dt.timedelta(days=14))) == "0 alert(s)"


@pytest.mark.parametrize("ending", ["cancelled", "closed"])
def test_actions_of_an_ended_nonconformity_are_not_chased(db, flow, people, owner, ending):
    nc = flow.to(NcStatus.CORRECTION)
    action = flow.action(nc, kind=ActionKind.CORRECTION, owner=owner,
                         due_on=TODAY - dt.timedelta(days=20))
    if ending == "cancelled":
        services.cancel(nc, actor=people.qm, now=MORNING, reason="Dublikāts NC-2026-001.")
    else:
        flow.correct(nc, needed=False, now=MORNING, rationale="Vienreizēja kļūda.")
    assert nc.status == ending and action.status == ActionStatus.CANCELLED
    jobs.remind_and_escalate(now=MORNING)
    assert _notes(db, "action.overdue") == []
    assert _notes(db, "action.escalated") == []
