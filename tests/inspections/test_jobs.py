"""Daily reminders: audits 14 and 7 days before, prescriptions before the deadline and the
escalation of overdue ones to the quality managers; each sent once."""

import datetime as dt

import pytest
from sqlalchemy import select

from qms.audits import services as audit_services
from qms.inspections import jobs
from qms.inspections import services as inspection_services
from qms.inspections.defaults import install_default_authorities
from qms.inspections.models import Authority
from qms.notifications.models import Notification
from qms.scheduler import job_specs, run_job

# 09:00 UTC is 11:00 or 12:00 in Riga: the local date is the UTC date.
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 2)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)


def sent(db, kind: str) -> list[tuple[int, str]]:
    """(user id, dedup key) of every notification of ``kind``."""
    return sorted(db.session.execute(select(Notification.user_id, Notification.dedup_key)
                                     .where(Notification.kind == kind)).all())


@pytest.fixture
def people(make_unit, make_user, system):
    from qms.processes.services import create_process

    unit = make_unit(code="AAB")
    process = create_process(actor=system, code="PP-04", name="Aprūpe mājās", kind="core")
    return {"unit": unit, "process": process,
            "qm": make_user("quality_manager"), "qm2": make_user("quality_manager"),
            "lead": make_user("auditor"), "auditor": make_user("auditor"),
            "auditee": make_user("manager"), "responsible": make_user("staff")}


def _audit(people, start: dt.date, *, status: str = "confirmed"):
    audit = audit_services.plan_audit(actor=people["qm"], now=NOW, programme=None,
                                      title="Aprūpe mājās", criteria="ISO 9001",
                                      planned_start=start, unit_ids=[people["unit"].id])
    # The lead auditor is an auditee too (e.g. of the opening meeting): still told once.
    audit_services.set_team(audit, actor=people["qm"], now=NOW, lead_id=people["lead"].id,
                            auditor_ids=[people["auditor"].id],
                            auditee_ids=[people["auditee"].id, people["lead"].id])
    if status == "confirmed":
        audit_services.confirm(audit, actor=people["qm"], now=NOW, send=False)
    return audit


def test_audit_reminders_14_and_7_days_before_each_member_once(people, db):
    audit = _audit(people, TODAY + dt.timedelta(days=14))
    members = sorted({people[k].id for k in ("lead", "auditor", "auditee")})
    far = _audit(people, TODAY + dt.timedelta(days=15))
    assert jobs.audit_reminders(now=NOW) == "3 notification(s)"
    assert jobs.audit_reminders(now=NOW + dt.timedelta(hours=3)) == "0 notification(s)"
    reminders = sent(db, "audit.reminder")
    assert [user for user, _key in reminders] == members
    assert all(key.startswith(f"audit.reminder:{audit.id}:14:") for _user, key in reminders)
    # Days 13..8 are quiet; 7 days before, the second reminder, once.
    for day in range(1, 7):
        assert jobs.audit_reminders(now=NOW + dt.timedelta(days=day)) == (
            "3 notification(s)" if day == 1 else "0 notification(s)")  # `far` gets its 14
    assert {key.split(":")[1] for _u, key in sent(db, "audit.reminder")} == {
        str(audit.id), str(far.id)}
    assert jobs.audit_reminders(now=NOW + dt.timedelta(days=7)) == "3 notification(s)"
    assert jobs.audit_reminders(now=NOW + dt.timedelta(days=7)) == "0 notification(s)"
    sevens = [user for user, key in sent(db, "audit.reminder")
              if key.startswith(f"audit.reminder:{audit.id}:7:")]
    assert sevens == members
    # A missed day is caught up (`far` starts on day 15); after the start nothing more.
    assert jobs.audit_reminders(now=NOW + dt.timedelta(days=15)) == "3 notification(s)"
    assert jobs.audit_reminders(now=NOW + dt.timedelta(days=16)) == "0 notification(s)"


def test_no_reminders_for_cancelled_or_started_audits(people, db):
    audit = _audit(people, TODAY + dt.timedelta(days=7))
    audit_services.cancel(audit, actor=people["qm"], now=NOW, reason="Pārcelts")
    assert jobs.audit_reminders(now=NOW) == "0 notification(s)"
    planned = _audit(people, TODAY + dt.timedelta(days=7), status="planned")
    assert jobs.audit_reminders(now=NOW) == "3 notification(s)"
    assert {key.split(":")[1] for _u, key in sent(db, "audit.reminder")} == {str(planned.id)}


def test_the_scheduler_runs_the_audit_reminders_once_a_day(app, people, db):
    _audit(people, TODAY + dt.timedelta(days=14))
    spec = next(s for s in job_specs() if s.id == "inspections.audit_reminders")
    assert run_job(app, spec, now=NOW) == "3 notification(s)"
    assert run_job(app, spec, now=NOW + dt.timedelta(hours=2)) is None  # the same Riga day
    assert len(sent(db, "audit.reminder")) == 3
    assert run_job(app, spec, now=NOW + dt.timedelta(days=1)) == "0 notification(s)"


@pytest.fixture
def prescription(people, db, system):
    install_default_authorities(actor=system)
    vi = db.session.scalars(select(Authority).filter_by(short_name="VI")).one()
    inspection = inspection_services.register(
        actor=people["qm"], now=NOW, authority_id=vi.id, subject="Higiēnas prasības",
        started_on=TODAY, unit_id=people["unit"].id)
    return inspection_services.add_prescription(
        inspection, actor=people["qm"], now=NOW, kind="prescription",
        text="Nodrošināt dezinfekcijas līdzekļu uzskaiti",
        deadline_on=TODAY + dt.timedelta(days=30), responsible_id=people["responsible"].id)


def test_prescription_reminders_before_the_deadline_and_escalation(people, prescription, db):
    deadline = prescription.deadline_on
    responsible = people["responsible"].id
    managers = sorted([people["qm"].id, people["qm2"].id])
    assert jobs.prescription_reminders(now=at(deadline - dt.timedelta(days=8))) == \
        "0 notification(s)"
    assert jobs.prescription_reminders(now=at(deadline - dt.timedelta(days=7))) == \
        "1 notification(s)"
    for days in (6, 1, 0):  # no repeat until the deadline
        assert jobs.prescription_reminders(now=at(deadline - dt.timedelta(days=days))) == \
            "0 notification(s)"
    assert [user for user, _k in sent(db, "prescription.due_soon")] == [responsible]
    # Missed: the responsible person is told once; the quality managers not yet.
    assert jobs.prescription_reminders(now=at(deadline + dt.timedelta(days=1))) == \
        "1 notification(s)"
    for days in (2, 6):
        assert jobs.prescription_reminders(now=at(deadline + dt.timedelta(days=days))) == \
            "0 notification(s)"
    assert [user for user, _k in sent(db, "prescription.overdue")] == [responsible]
    assert sent(db, "prescription.escalated") == []
    # 7 days late: every quality manager, once.
    assert jobs.prescription_reminders(now=at(deadline + dt.timedelta(days=7))) == \
        "2 notification(s)"
    assert jobs.prescription_reminders(now=at(deadline + dt.timedelta(days=8))) == \
        "0 notification(s)"
    assert [user for user, _k in sent(db, "prescription.escalated")] == managers


def test_answered_prescriptions_are_not_reminded(people, prescription, db):
    inspection_services.respond(prescription, actor=people["responsible"], now=NOW,
                                response="Ieviests uzskaites žurnāls.")
    late = at(prescription.deadline_on + dt.timedelta(days=10))
    assert jobs.prescription_reminders(now=late) == "0 notification(s)"
