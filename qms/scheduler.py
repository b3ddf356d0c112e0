"""The registry of recurring jobs and the scheduler that runs them.

One or more schedulers per deployment (``qms scheduler``, or inside ``qms serve`` on a single
machine). Every run claims its period in the ``job_run`` table first, so a second scheduler
or a restart inside the same period does nothing. On start a scheduler catches up: each job
whose latest due period nobody claimed (the scheduler was stopped at that moment) runs once.
Business schedules (due dates, review dates) are rows scanned by these ticks, never one job
per item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from qms.core import job_runs
from qms.core.time import to_local, utcnow


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: Callable[..., str]  # called with now=...; returns a short result text
    trigger: dict  # CronTrigger fields
    period: Callable[[dt.datetime], str]  # the period a run at local time t belongs to


def _day(local: dt.datetime) -> str:
    return local.date().isoformat()


def _five_minutes(local: dt.datetime) -> str:
    return local.strftime("%Y-%m-%dT%H:") + f"{local.minute // 5 * 5:02d}"


def _hour(local: dt.datetime) -> str:
    return local.strftime("%Y-%m-%dT%H")


def job_specs() -> list[JobSpec]:
    from qms.auth import jobs as auth_jobs
    from qms.backups import jobs as backup_jobs
    from qms.documents import jobs as document_jobs
    from qms.inspections import jobs as inspection_jobs
    from qms.nonconformities import jobs as nc_jobs
    from qms.notifications import jobs as notification_jobs
    from qms.processes import jobs as process_jobs
    from qms.reviews import jobs as review_jobs
    from qms.risks import jobs as risk_jobs

    return [
        JobSpec("backups.nightly", backup_jobs.nightly_backup, {"hour": 2, "minute": 30}, _day),
        JobSpec("auth.prune_login_attempts", auth_jobs.prune_login_attempts,
                {"hour": 3, "minute": 15}, _day),
        JobSpec("documents.activate_due_versions", document_jobs.activate_due_versions,
                {"minute": 1}, _hour),
        JobSpec("inspections.audit_reminders", inspection_jobs.audit_reminders,
                {"hour": 6, "minute": 50}, _day),
        JobSpec("inspections.prescription_reminders", inspection_jobs.prescription_reminders,
                {"hour": 6, "minute": 55}, _day),
        JobSpec("nonconformities.remind_and_escalate", nc_jobs.remind_and_escalate,
                {"hour": 6, "minute": 30}, _day),
        JobSpec("nonconformities.process_threshold", nc_jobs.process_threshold,
                {"hour": 6, "minute": 45}, _day),
        JobSpec("processes.missing_values", process_jobs.missing_values,
                {"hour": 6, "minute": 35}, _day),
        JobSpec("reviews.open_current_review", review_jobs.open_current_review,
                {"hour": 5, "minute": 40}, _day),
        JobSpec("reviews.meeting_reminders", review_jobs.meeting_reminders,
                {"hour": 6, "minute": 50}, _day),
        JobSpec("risks.review_reminders", risk_jobs.risk_review_reminders,
                {"hour": 6, "minute": 40}, _day),
        JobSpec("notifications.send_outbox", notification_jobs.send_outbox,
                {"minute": "*/5"}, _five_minutes),
        JobSpec("notifications.send_digests", notification_jobs.send_digests,
                {"hour": 7, "minute": 0}, _day),
    ]


def run_job(app: Flask, spec: JobSpec, *, now: dt.datetime | None = None,
            scheduled: dt.datetime | None = None) -> str | None:
    """Run ``spec`` once for the period of ``scheduled`` (default: now); None when the period
    was already claimed."""
    now = now or utcnow()
    with app.app_context():
        period = spec.period(to_local(scheduled or now, app.config["TIMEZONE"]))
        run = job_runs.claim(spec.id, period, now=now)
        if run is None:
            return None
        try:
            result = spec.func(now=now)
        except Exception as error:  # record the failure, let the scheduler log it
            from qms.extensions import db

            db.session.rollback()
            job_runs.finish(run, f"failed: {error!r}")
            raise
        job_runs.finish(run, result or "done")
        return result


def last_fire_time(spec: JobSpec, now: dt.datetime, tz: str) -> dt.datetime | None:
    """The latest moment at or before ``now`` when ``spec`` was due (within two days)."""
    trigger = CronTrigger(timezone=tz, **spec.trigger)
    for lookback in (dt.timedelta(minutes=10), dt.timedelta(hours=2), dt.timedelta(days=2)):
        last = None
        fire = trigger.get_next_fire_time(None, now - lookback)
        while fire is not None and fire <= now:
            last = fire
            fire = trigger.get_next_fire_time(fire, fire + dt.timedelta(seconds=1))
        if last is not None:
            return last
    return None


def catch_up(app: Flask, *, now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """Run every job whose latest due period has not been claimed: what a scheduler that was
    stopped (or not yet started) missed. The claim keeps it once when several schedulers start
    together or one restarts. A failing job is reported and the others still run.
    Returns (job id, result) for the jobs that ran."""
    now = now or utcnow()
    ran = []
    for spec in job_specs():
        due = last_fire_time(spec, now, app.config["TIMEZONE"])
        if due is None:
            continue
        try:
            result = run_job(app, spec, now=now, scheduled=due)
        except Exception as error:  # noqa: BLE001 - one failing job must not stop the others
            app.logger.exception("catching up on %s failed", spec.id)
            ran.append((spec.id, f"failed: {error!r}"))
            continue
        if result is not None:
            ran.append((spec.id, result))
    return ran


def build_scheduler(app: Flask, *, background: bool,
                    catch_up_on_start: bool = False) -> BlockingScheduler | BackgroundScheduler:
    """The cron jobs; with ``catch_up_on_start`` a one-off job runs :func:`catch_up` first
    (``qms serve``; ``qms scheduler`` catches up before it starts)."""
    tz = app.config["TIMEZONE"]
    cls = BackgroundScheduler if background else BlockingScheduler
    scheduler = cls(timezone=tz, job_defaults={"coalesce": True, "max_instances": 1,
                                               "misfire_grace_time": 3600})
    for spec in job_specs():
        scheduler.add_job(run_job, CronTrigger(timezone=tz, **spec.trigger), id=spec.id,
                          args=[app, spec])
    if catch_up_on_start:
        scheduler.add_job(catch_up, id="catch_up", args=[app], misfire_grace_time=None)
    return scheduler
