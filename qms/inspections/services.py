"""Use cases for the register of external inspections, their prescriptions, and the
personal iCalendar feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.auth.models import User
from qms.core import audit_log, transaction
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.core.permissions import Permission
from qms.core.privacy import refuse_personal_codes
from qms.core.time import local_date
from qms.extensions import db
from qms.inspections.models import (
    Authority,
    CalendarToken,
    Inspection,
    InspectionResult,
    Prescription,
    PrescriptionKind,
    PrescriptionStatus,
)

INSPECTION_FIELDS = ["authority_id", "legal_basis", "unit_id", "service", "subject",
                     "started_on", "ended_on", "inspectors", "report_reference", "result",
                     "notes", "follow_up_of_id"]


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _l("You may not change the inspection register."))


def can_manage(user) -> bool:
    return user.can(Permission.INSPECTION_MANAGE)


def can_see(user, inspection: Inspection) -> bool:
    """The register is for those who oversee it; a person responsible for one of the
    inspection's prescriptions sees the inspection too (their prescriptions only)."""
    return user.can(Permission.INSPECTION_VIEW) or can_see_prescriptions_of(user, inspection)


def can_see_prescriptions_of(user, inspection: Inspection) -> bool:
    user_id = getattr(user, "id", None)
    return user_id is not None and any(p.responsible_id == user_id
                                       for p in inspection.prescriptions)


def can_see_prescription(user, prescription: Prescription) -> bool:
    return user.can(Permission.INSPECTION_VIEW) or can_respond(user, prescription)


def _check(values: dict) -> None:
    if db.session.get(Authority, values.get("authority_id") or 0) is None:
        raise DomainError(_l("Choose the supervisory body."), field="authority_id")
    if not (values.get("subject") or "").strip():
        raise DomainError(_l("Say what was inspected."), field="subject")
    if values.get("started_on") is None:
        raise DomainError(_l("Give the date of the inspection."), field="started_on")
    if values.get("ended_on") and values["ended_on"] < values["started_on"]:
        raise DomainError(_l("The inspection cannot end before it starts."), field="ended_on")
    if values.get("result") not in InspectionResult.__members__.values():
        raise DomainError(_l("Choose the result."), field="result")
    refuse_personal_codes(subject=values.get("subject"), notes=values.get("notes"))


def register(*, actor, now: dt.datetime, **values) -> Inspection:
    _require(can_manage(actor))
    values.setdefault("result", InspectionResult.PENDING)
    _check(values)
    year = values["started_on"].year
    sequence = (db.session.scalar(select(func.max(Inspection.sequence)).where(
        Inspection.year == year)) or 0) + 1
    inspection = Inspection(number=f"AP-{year}-{sequence:03d}", year=year, sequence=sequence,
                            registered_by_id=getattr(actor, "id", None), registered_at=now,
                            **values)
    db.session.add(inspection)
    db.session.flush()
    audit_log.record_creation(inspection, INSPECTION_FIELDS, actor=actor,
                              action="inspection.register", now=now)
    transaction.commit()
    return inspection


def update(inspection: Inspection, *, actor, now: dt.datetime, expected_version=None,
           **values) -> Inspection:
    from qms.core.concurrency import check_version

    _require(can_manage(actor))
    check_version(inspection, expected_version)
    _check(values)
    if values.get("follow_up_of_id") == inspection.id:
        raise DomainError(_l("An inspection cannot follow up itself."), field="follow_up_of_id")
    audit_log.apply_changes(inspection, values, actor=actor, action="inspection.update",
                            now=now)
    transaction.commit()
    return inspection


def add_prescription(inspection: Inspection, *, actor, now: dt.datetime, kind: str, text: str,
                     deadline_on: dt.date | None, responsible_id: int | None,
                     legal_reference: str = "") -> Prescription:
    _require(can_manage(actor))
    if kind not in PrescriptionKind.__members__.values():
        raise DomainError(_l("Choose prescription or recommendation."), field="kind")
    if not text.strip():
        raise DomainError(_l("Write what the authority requires."), field="text")
    if kind == PrescriptionKind.PRESCRIPTION and deadline_on is None:
        raise DomainError(_l("A prescription has a deadline."), field="deadline_on")
    if responsible_id and db.session.get(User, responsible_id) is None:
        raise DomainError(_l("Choose who is responsible."), field="responsible_id")
    refuse_personal_codes(text=text)
    prescription = Prescription(inspection=inspection, kind=kind, text=text.strip(),
                                legal_reference=legal_reference.strip()[:300],
                                deadline_on=deadline_on, responsible_id=responsible_id,
                                status=PrescriptionStatus.OPEN)
    db.session.add(prescription)
    db.session.flush()
    audit_log.record_creation(prescription, ["kind", "text", "deadline_on", "responsible_id"],
                              actor=actor, action="prescription.create", now=now)
    if inspection.result == InspectionResult.PENDING:
        inspection.result = (InspectionResult.PRESCRIPTIONS
                             if kind == PrescriptionKind.PRESCRIPTION
                             else InspectionResult.RECOMMENDATIONS)
    if responsible_id:
        from qms.notifications.services import N_, notify

        notify(db.session.get(User, responsible_id), kind="prescription.assigned", now=now,
               link=f"/inspections/{inspection.id}",
               message=N_("Prescription of %(authority)s for you, due %(due)s"),
               params={"authority": str(inspection.authority),
                       "due": deadline_on.strftime("%d.%m.%Y") if deadline_on else "—"},
               dedup_key=f"prescription.assigned:{prescription.id}:{responsible_id}")
    transaction.commit()
    return prescription


def can_respond(user, prescription: Prescription) -> bool:
    return can_manage(user) or prescription.responsible_id == getattr(user, "id", None)


def respond(prescription: Prescription, *, actor, now: dt.datetime, response: str,
            responded_on: dt.date | None = None) -> Prescription:
    _require(can_respond(actor, prescription), _l("You are not responsible for this "
                                                  "prescription."))
    if prescription.status == PrescriptionStatus.CLOSED:
        raise InvalidTransition(_l("The prescription is closed."))
    if not response.strip():
        raise DomainError(_l("Write the response."), field="response")
    refuse_personal_codes(response=response)
    audit_log.apply_changes(prescription, {
        "response": response.strip(), "responded_on": responded_on or local_date(now),
        "status": PrescriptionStatus.ANSWERED}, actor=actor, action="prescription.respond",
        now=now)
    transaction.commit()
    return prescription


def close_prescription(prescription: Prescription, *, actor, now: dt.datetime) -> None:
    _require(can_manage(actor))
    if prescription.status != PrescriptionStatus.ANSWERED:
        raise InvalidTransition(_l("Answer the prescription before closing it."))
    audit_log.apply_changes(prescription, {"status": PrescriptionStatus.CLOSED}, actor=actor,
                            action="prescription.close", now=now)
    transaction.commit()


def raise_nonconformity(prescription: Prescription, *, actor, now: dt.datetime):
    from qms.nonconformities import services as nc
    from qms.nonconformities.models import Severity, Source

    _require(can_manage(actor))
    if prescription.nonconformity_id is not None:
        raise InvalidTransition(_l("A nonconformity was already raised from it."))
    inspection = prescription.inspection
    with transaction.atomic():
        record = nc.report(
            actor=actor, now=now, title=f"{inspection.authority}: {prescription.text}"[:300],
            description=prescription.text, source=Source.INSPECTION,
            unit_id=inspection.unit_id, requirement_legal=prescription.legal_reference,
            source_type="prescription", source_id=prescription.id,
            source_reference=f"{inspection.number} {inspection.report_reference}".strip(),
            severity=Severity.MAJOR if prescription.kind == PrescriptionKind.PRESCRIPTION
            else Severity.MINOR)
        prescription.nonconformity_id = record.id
        audit_log.record(actor=actor, action="prescription.raise_nonconformity",
                         entity=prescription, changes={"nonconformity": [None, record.number]},
                         now=now)
    return record


def attach_report(inspection: Inspection, *, actor, now: dt.datetime, filename: str,
                  data: bytes, content_type: str):
    """A file of the inspection act (the report, the authority's letter ...)."""
    from qms.core import files

    _require(can_manage(actor))
    evidence = files.attach("inspection", inspection.id, filename=filename, data=data,
                            content_type=content_type, uploaded_by_id=getattr(actor, "id", None),
                            now=now)
    audit_log.record(actor=actor, action="inspection.attach", entity=inspection,
                     changes={"file": [None, evidence.filename]}, now=now)
    transaction.commit()
    return evidence


def attach_response(prescription: Prescription, *, actor, now: dt.datetime, filename: str,
                    data: bytes, content_type: str):
    """Evidence of the response to a prescription (the responsible person or the QM)."""
    from qms.core import files

    _require(can_respond(actor, prescription), _l("You are not responsible for this "
                                                  "prescription."))
    if prescription.status == PrescriptionStatus.CLOSED:
        raise InvalidTransition(_l("The prescription is closed."))
    evidence = files.attach("prescription", prescription.id, filename=filename, data=data,
                            content_type=content_type, uploaded_by_id=getattr(actor, "id", None),
                            now=now)
    audit_log.record(actor=actor, action="prescription.attach", entity=prescription,
                     changes={"file": [None, evidence.filename]}, now=now)
    transaction.commit()
    return evidence


def save_authority(authority: Authority | None, *, actor, name: str, short_name: str,
                   is_active: bool = True) -> Authority:
    _require(can_manage(actor))
    if not name.strip():
        raise DomainError(_l("Enter the name."), field="name")
    clash = db.session.scalar(select(Authority).where(Authority.name == name.strip()))
    if clash is not None and clash is not authority:
        raise DomainError(_l("This supervisory body is already on the list."), field="name")
    if authority is None:
        authority = Authority(name=name.strip(), short_name=short_name.strip()[:40],
                              is_active=is_active)
        db.session.add(authority)
        db.session.flush()
        audit_log.record_creation(authority, ["name", "short_name"], actor=actor,
                                  action="authority.create")
    else:
        audit_log.apply_changes(authority, {"name": name.strip(),
                                            "short_name": short_name.strip()[:40],
                                            "is_active": is_active},
                                actor=actor, action="authority.update")
    transaction.commit()
    return authority


# --- iCalendar feed ------------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def new_calendar_token(user: User, *, now: dt.datetime) -> str:
    """A new secret link for the user's calendar; the old one stops working. Only the hash
    is stored, so the link is shown once."""
    token = secrets.token_urlsafe(32)
    existing = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if existing is None:
        db.session.add(CalendarToken(user_id=user.id, token_sha256=_digest(token),
                                     created_at=now))
    else:
        existing.token_sha256, existing.created_at = _digest(token), now
    audit_log.record(actor=user, action="calendar.token", entity=user, now=now)
    transaction.commit()
    return token


def revoke_calendar_token(user: User, *, now: dt.datetime) -> None:
    existing = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if existing is not None:
        db.session.delete(existing)
        audit_log.record(actor=user, action="calendar.revoke", entity=user, now=now)
    transaction.commit()


def user_for_token(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(CalendarToken).where(
        CalendarToken.token_sha256 == _digest(token)))
    if row is None:
        return None
    user = db.session.get(User, row.user_id)
    return user if user is not None and user.is_active_account else None
