"""Exactly-once recurring work: a job claims its period by inserting a unique row. Two
schedulers (or a rerun) that try the same period find the row taken and do nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from qms.core.time import UTCDateTime, utcnow
from qms.extensions import db


class JobRun(db.Model):
    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job_id", "period", name="uq_job_run_job_id_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    result: Mapped[str] = mapped_column(String(500), default="")


def claim(job_id: str, period: str, *, now: dt.datetime | None = None) -> JobRun | None:
    """The new run row if this caller won the period, else None. Commits the claim."""
    run = JobRun(job_id=job_id, period=period, started_at=now or utcnow())
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return run


def finish(run: JobRun, result: str, *, now: dt.datetime | None = None) -> None:
    run.finished_at = now or utcnow()
    run.result = result[:500]
    db.session.commit()
