"""Daily reminders of audits and prescription deadlines (called by the scheduler). Each
reminder has a dedup key, so a rerun or a second scheduler sends nothing twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from qms.auth.models import User, UserRole
from qms.core.time import local_date
from qms.extensions import db
from qms.inspections.models import Inspection, Prescription, PrescriptionStatus
from qms.notifications.services import N_, notify

AUDIT_REMINDER_DAYS = (14, 7)
PRESCRIPTION_DUE_SOON_DAYS = 7
ESCALATE_TO_QUALITY_MANAGER_AFTER = 7


def _sent(notification) -> int:
    return 0 if notification is None else 1


def _quality_managers() -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == "quality_manager", User.is_active_account.is_(True))))


def _reminder_for(days_left: int) -> int | None:
    """The reminder due with ``days_left`` to go: 14 (8–14 days), 7 (0–7 days) or none. A
    day the scheduler missed is caught up the next day; an audit planned at short notice
    gets only the later reminder."""
    for days in sorted(AUDIT_REMINDER_DAYS):
        if 0 <= days_left <= days:
            return days
    return None


def audit_reminders(*, now: dt.datetime) -> str:
    """14 and 7 days before an audit's planned start, tell every member (the lead auditor,
    the auditors and the auditees) once."""
    from qms.audits.models import Audit, AuditMember, AuditStatus

    today = local_date(now)
    horizon = today + dt.timedelta(days=max(AUDIT_REMINDER_DAYS))
    audits = db.session.scalars(
        select(Audit).options(selectinload(Audit.members).selectinload(AuditMember.user))
        .where(Audit.status.in_([AuditStatus.PLANNED, AuditStatus.CONFIRMED]),
               Audit.planned_start.is_not(None), Audit.planned_start >= today,
               Audit.planned_start <= horizon)
        .order_by(Audit.planned_start, Audit.id)).all()
    sent = 0
    for audit in audits:
        days = _reminder_for((audit.planned_start - today).days)
        if days is None:
            continue
        seen: set[int] = set()
        for member in audit.members:
            if member.user_id in seen:
                continue
            seen.add(member.user_id)
            sent += _sent(notify(
                member.user, kind="audit.reminder", now=now, link=f"/audits/{audit.id}",
                message=N_("Audit %(number)s starts on %(date)s: %(title)s"),
                params={"number": audit.number, "title": audit.title,
                        "date": audit.planned_start.strftime("%d.%m.%Y")},
                dedup_key=f"audit.reminder:{audit.id}:{days}:{member.user_id}"))
    db.session.commit()
    return f"{sent} notification(s)"


def prescription_reminders(*, now: dt.datetime) -> str:
    """Open prescriptions: a reminder to the responsible person 7 days before the deadline and
    another when it is missed; 7 days after the deadline the quality managers are told
    (at once when nobody is responsible)."""
    today = local_date(now)
    prescriptions = db.session.scalars(
        select(Prescription)
        .options(selectinload(Prescription.inspection).selectinload(Inspection.authority),
                 selectinload(Prescription.responsible))
        .where(Prescription.status == PrescriptionStatus.OPEN,
               Prescription.deadline_on.is_not(None),
               Prescription.deadline_on <= today + dt.timedelta(days=PRESCRIPTION_DUE_SOON_DAYS))
        .order_by(Prescription.deadline_on, Prescription.id)).all()
    managers = None
    sent = 0
    for prescription in prescriptions:
        inspection = prescription.inspection
        responsible = prescription.responsible
        link = f"/inspections/{inspection.id}"
        key = f"{prescription.id}:{prescription.deadline_on.isoformat()}"
        params = {"authority": str(inspection.authority), "number": inspection.number,
                  "due": prescription.deadline_on.strftime("%d.%m.%Y")}
        if prescription.deadline_on >= today:
            if responsible is not None:
                sent += _sent(notify(
                    responsible, kind="prescription.due_soon", now=now, link=link,
                    message=N_("Prescription of %(authority)s (%(number)s) is due on %(due)s"),
                    params=params,
                    dedup_key=f"prescription.due_soon:{key}:{responsible.id}"))
            continue
        late = (today - prescription.deadline_on).days
        if responsible is not None:
            sent += _sent(notify(
                responsible, kind="prescription.overdue", now=now, link=link,
                message=N_("Prescription of %(authority)s (%(number)s) is overdue since "
                           "%(due)s"),
                params=params, dedup_key=f"prescription.overdue:{key}:{responsible.id}"))
        if late >= ESCALATE_TO_QUALITY_MANAGER_AFTER or responsible is None:
            if managers is None:
                managers = _quality_managers()
            for manager in managers:
                sent += _sent(notify(
                    manager, kind="prescription.escalated", now=now, link=link,
                    message=N_("Overdue prescription of %(authority)s (%(number)s, due "
                               "%(due)s), responsible: %(owner)s"),
                    params={**params, "owner": responsible.full_name if responsible else "—"},
                    dedup_key=f"prescription.escalate:{key}:{manager.id}"))
    db.session.commit()
    return f"{sent} notification(s)"
