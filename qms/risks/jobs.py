"""Daily reminder of risk and opportunity reviews (called by the scheduler). Each reminder has
a dedup key with the review date, so a rerun or a second scheduler sends nothing twice and a
new review date brings a new reminder."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import selectinload

from qms.core.time import local_date
from qms.extensions import db
from qms.notifications.services import N_, notify
from qms.risks.models import Risk
from qms.risks.services import review_due


def risk_review_reminders(*, now: dt.datetime) -> str:
    """Tell the owner once when the review of an open entry is due within 14 days or past."""
    today = local_date(now)
    sent = 0
    for risk in db.session.scalars(review_due(today=today).options(selectinload(Risk.owner))):
        if risk.owner is None:
            continue
        overdue = risk.review_on < today
        notification = notify(
            risk.owner, kind="risk.review_overdue" if overdue else "risk.review_due", now=now,
            link=f"/risks/{risk.id}",
            message=N_("The review of %(number)s was due on %(date)s: %(title)s") if overdue
            else N_("Review %(number)s by %(date)s: %(title)s"),
            params={"number": risk.number, "title": risk.title,
                    "date": risk.review_on.strftime("%d.%m.%Y")},
            dedup_key=f"risk.review:{risk.id}:{risk.review_on.isoformat()}:{risk.owner_id}")
        sent += notification is not None
    db.session.commit()
    return f"{sent} notification(s)"
