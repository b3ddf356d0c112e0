"""Recurring reminders and escalation (called by the scheduler). Each reminder has a
dedup key, so a rerun or a second scheduler sends nothing twice."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import func, select

from qms.auth.models import User, UserRole
from qms.core.time import local_date
from qms.extensions import db
from qms.nonconformities.models import Action, ActionStatus, NcStatus, Nonconformity
from qms.notifications.services import N_, notify
from qms.org.models import Unit

REMIND_DAYS_BEFORE = 3
ESCALATE_TO_HEAD_AFTER = 7
ESCALATE_TO_QUALITY_MANAGER_AFTER = 14


def _quality_managers() -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == "quality_manager", User.is_active_account.is_(True))))


def _unit_head(user: User | None) -> User | None:
    if user is None or user.unit_id is None:
        return None
    unit = db.session.get(Unit, user.unit_id)
    while unit is not None:
        if unit.head is not None and unit.head.id != user.id:
            return unit.head
        unit = unit.parent
    return None


def remind_and_escalate(*, now: dt.datetime) -> str:
    """Actions: a reminder before the due date, on overdue, then escalation to the owner's
    unit head and later the quality manager. Effectiveness checks: a reminder when due."""
    today = local_date(now)
    sent = 0
    ended = select(Nonconformity.id).where(Nonconformity.status.in_(
        [NcStatus.CLOSED, NcStatus.REJECTED, NcStatus.CANCELLED]))
    actions = db.session.scalars(
        select(Action).where(Action.status.in_([ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]),
                             Action.due_on <= today + dt.timedelta(days=REMIND_DAYS_BEFORE),
                             Action.nonconformity_id.is_(None)
                             | Action.nonconformity_id.not_in(ended))
        .order_by(Action.due_on, Action.id)).all()
    for action in actions:
        owner = action.owner
        link = f"/nonconformities/actions/{action.id}"
        params = {"title": action.title, "due": action.due_on.strftime("%d.%m.%Y")}
        key = f"{action.id}:{action.due_on.isoformat()}"
        if action.due_on >= today:
            sent += _sent(notify(owner, kind="action.due_soon", now=now, link=link,
                                 message=N_("Action due on %(due)s: %(title)s"), params=params,
                                 dedup_key=f"action.due_soon:{key}"))
            continue
        late = (today - action.due_on).days
        sent += _sent(notify(owner, kind="action.overdue", now=now, link=link,
                             message=N_("Action overdue since %(due)s: %(title)s"),
                             params=params, dedup_key=f"action.overdue:{key}"))
        if late >= ESCALATE_TO_HEAD_AFTER:
            head = _unit_head(owner)
            if head is not None:
                sent += _sent(notify(
                    head, kind="action.escalated", now=now, link=link,
                    message=N_("Overdue action of %(owner)s (due %(due)s): %(title)s"),
                    params={**params, "owner": owner.full_name if owner else "—"},
                    dedup_key=f"action.escalate.head:{key}"))
        if late >= ESCALATE_TO_QUALITY_MANAGER_AFTER:
            for manager in _quality_managers():
                sent += _sent(notify(
                    manager, kind="action.escalated", now=now, link=link,
                    message=N_("Overdue action of %(owner)s (due %(due)s): %(title)s"),
                    params={**params, "owner": owner.full_name if owner else "—"},
                    dedup_key=f"action.escalate.qm:{key}:{manager.id}"))
    checks = db.session.scalars(
        select(Nonconformity).where(Nonconformity.status == NcStatus.EFFECTIVENESS,
                                    Nonconformity.effectiveness_due_on <= today)).all()
    for nc in checks:
        if nc.verifier is not None:
            sent += _sent(notify(
                nc.verifier, kind="nc.check_due", now=now, link=f"/nonconformities/{nc.id}",
                message=N_("Effectiveness check of %(number)s is due: %(title)s"),
                params={"number": nc.number, "title": nc.title},
                dedup_key=f"nc.check_due:{nc.id}:{nc.effectiveness_due_on.isoformat()}"))
    db.session.commit()
    return f"{sent} notification(s)"


def _sent(notification) -> int:
    return 0 if notification is None else 1


def process_threshold(*, now: dt.datetime) -> str:
    """Alert the quality managers when a process collects too many open nonconformities
    (QMS_NC_PROCESS_ALERT_THRESHOLD, default 5), once a week per process."""
    threshold = int(current_app.config.get("NC_PROCESS_ALERT_THRESHOLD", 5))
    week = local_date(now).isocalendar()
    from qms.processes.models import Process

    rows = db.session.execute(
        select(Process, func.count(Nonconformity.id))
        .join(Nonconformity, Nonconformity.process_id == Process.id)
        .where(Nonconformity.status.not_in([NcStatus.CLOSED, NcStatus.REJECTED,
                                            NcStatus.CANCELLED]))
        .group_by(Process.id).having(func.count(Nonconformity.id) >= threshold)).all()
    sent = 0
    for process, count in rows:
        for manager in _quality_managers():
            sent += _sent(notify(
                manager, kind="nc.threshold", now=now,
                link=f"/nonconformities/?process={process.id}&status=open",
                message=N_("Process %(process)s has %(count)s open nonconformities."),
                params={"process": str(process), "count": count},
                dedup_key=f"nc.threshold:{process.id}:{week.year}-W{week.week}:{manager.id}"))
    db.session.commit()
    return f"{sent} alert(s)"
