"""The `qms` command: demo data, users, staff import, scheduler."""

import datetime as dt

from sqlalchemy import func, select

from qms.auth.models import User
from qms.core.job_runs import JobRun
from qms.core.permissions import Role
from qms.org.models import Position, Unit


def test_demo_loads_the_social_service(runner, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "demo-parole-2026" in result.output
    units = db.session.scalars(select(Unit)).all()
    assert len(units) == 8
    assert sum(1 for u in units if u.kind == "department") == 3
    assert sum(1 for u in units if u.kind == "structural_unit") == 4
    assert db.session.scalar(select(func.sum(Position.headcount))) == 205
    by_category = dict(db.session.execute(
        select(Position.category, func.sum(Position.headcount)).group_by(Position.category)).all())
    assert by_category == {"administration": 23, "social_work": 36, "care": 56, "health": 17,
                           "catering": 22, "technical": 43, "project": 8}
    people = db.session.scalars(select(User)).all()
    assert 12 <= len(people) <= 20
    assert {r for p in people for r in p.roles} == {r.value for r in Role}
    assert all(p.email.endswith("@demo.example") for p in people)
    assert "demonstrācijas dati" in next(u.name for u in units if u.kind == "institution")


def test_demo_refuses_a_database_with_data_unless_asked_to_skip(runner, make_user):
    make_user(username="real")
    assert runner.invoke(args=["demo"]).exit_code != 0
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "not loaded" in result.output


def test_create_user_checks_the_password_policy(runner, db):
    result = runner.invoke(args=["create-user", "--username", "boss", "--name", "Boss",
                                 "--password", "short"])
    assert result.exit_code != 0 and "at least 12" in result.output
    result = runner.invoke(args=["create-user", "--username", "boss", "--name", "Boss",
                                 "--password", "a long enough passphrase"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "boss")).roles == ["admin"]


def test_import_staff_reports_file_and_row(runner, tmp_path, make_unit, db):
    make_unit(code="SD")
    path = tmp_path / "staff.csv"
    path.write_text("username;full_name;unit\nanna;Anna;SD\n;Nobody;XX\n", encoding="utf-8")
    result = runner.invoke(args=["import-staff", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3: username:" in result.output and f"{path}:3: unit:" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0
    path.write_text("username;full_name;unit\nanna;Anna;SD\n", encoding="utf-8")
    result = runner.invoke(args=["import-staff", str(path)])
    assert result.exit_code == 0 and "1 added" in result.output


def test_scheduler_lists_its_jobs(runner):
    result = runner.invoke(args=["scheduler", "--list"])
    assert result.exit_code == 0
    assert "auth.prune_login_attempts" in result.output


def test_a_job_runs_once_per_period(app, db):
    from qms.auth.models import LoginAttempt
    from qms.scheduler import job_specs, run_job

    spec = next(s for s in job_specs() if s.id == "auth.prune_login_attempts")
    now = dt.datetime(2026, 11, 24, 1, 30, tzinfo=dt.UTC)
    db.session.add(LoginAttempt(at=now - dt.timedelta(days=200), username="x", address="a"))
    db.session.add(LoginAttempt(at=now - dt.timedelta(days=1), username="y", address="a"))
    db.session.commit()
    assert run_job(app, spec, now=now) == "deleted 1"
    assert run_job(app, spec, now=now + dt.timedelta(hours=2)) is None  # same Riga day
    assert run_job(app, spec, now=now + dt.timedelta(days=1)) == "deleted 0"
    assert db.session.scalar(select(func.count(JobRun.id))) == 2
    assert db.session.scalar(select(func.count(LoginAttempt.id))) == 1
