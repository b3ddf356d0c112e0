"""Use cases of the management review: the live draft, the start that freezes the input pack,
the narratives, reasons, conclusions and outputs, and the approval by the head."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from qms.auth.models import User, UserRole
from qms.core import audit_log, transaction
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.core.permissions import Permission, Role
from qms.core.privacy import refuse_personal_codes
from qms.core.time import local_date
from qms.extensions import db
from qms.nonconformities import services as nc_services
from qms.nonconformities.models import ActionKind, Source
from qms.org.models import Unit
from qms.reviews import assemble
from qms.reviews.models import (
    CONCLUSION_FIELDS,
    CONCLUSION_LABELS,
    ChangeArea,
    ManagementReview,
    OutputClass,
    ReviewOutput,
    ReviewStatus,
)

MAX_TEXT = 20000


# --- object rules -----------------------------------------------------------------------------

def can_manage(user) -> bool:
    return user.can(Permission.REVIEW_MANAGE)


def institution() -> Unit | None:
    """The root unit (the institution)."""
    return db.session.scalars(select(Unit).where(Unit.parent_id.is_(None),
                                                 Unit.is_active.is_(True))
                              .order_by(Unit.id)).first()


def head_of_institution():
    """The head of the root unit (the institution)."""
    root = institution()
    return root.head if root is not None else None


def can_approve(user) -> bool:
    """Only the head of the institution, or an administrator."""
    if not user.can(Permission.REVIEW_APPROVE):
        return False
    if Role.ADMIN in (getattr(user, "roles", None) or []):
        return True
    head = head_of_institution()
    return head is not None and getattr(user, "id", None) == head.id


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _l("You may not do this with the management review."))


def _editable(review: ManagementReview) -> None:
    if review.status == ReviewStatus.APPROVED:
        raise InvalidTransition(_l("An approved management review cannot be changed."))


def _text(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise DomainError(_l("The text is too long."), field=field)
    refuse_personal_codes(**{field: text})
    return text


# --- reading ------------------------------------------------------------------------------------

def get(year: int) -> ManagementReview | None:
    return db.session.scalar(select(ManagementReview).where(ManagementReview.year == year))


def all_reviews() -> list[ManagementReview]:
    return list(db.session.scalars(select(ManagementReview)
                                   .order_by(ManagementReview.year.desc())))


def pack_for(review: ManagementReview | None, year: int, *, today: dt.date) -> dict:
    """The frozen snapshot once the review started; before that the live figures."""
    if review is not None and review.snapshot is not None:
        return review.snapshot
    return assemble.input_pack(year, today=today)


def participant_name(user) -> str:
    position = getattr(user, "position", None)
    return f"{user.full_name} ({position.title})" if position is not None else user.full_name


def default_participants() -> list[str]:
    """Top management (the head of the institution), the quality managers and the heads of
    the units (R-9.3-02), in that order."""
    people: list = []
    head = head_of_institution()
    if head is not None:
        people.append(head)
    people += db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.QUALITY_MANAGER.value,
                                          User.is_active_account.is_(True))
        .order_by(User.full_name)).all()
    people += [unit.head for unit in db.session.scalars(
        select(Unit).where(Unit.is_active.is_(True), Unit.head_id.is_not(None))
        .order_by(Unit.parent_id.is_not(None), Unit.code)) if unit.head is not None]
    names: list[str] = []
    seen: set[int] = set()
    for person in people:
        if person.id not in seen and person.is_active_account:
            seen.add(person.id)
            names.append(participant_name(person))
    return names


def missing_for_approval(review: ManagementReview, pack: dict | None = None) -> dict:
    """Sections with neither data nor a reason, conclusions not written yet, and what the
    meeting record lacks (date, participants, the head of the institution present)."""
    pack = pack if pack is not None else review.snapshot or {"sections": []}
    reasons = review.no_data_reasons or {}
    sections = [s["key"] for s in pack["sections"]
                if assemble.needs_reason(s) and not (reasons.get(s["key"]) or "").strip()]
    conclusions = [name for name in CONCLUSION_FIELDS if not (getattr(review, name) or "").strip()]
    meeting = []
    if review.planned_meeting_on is None:
        meeting.append("meeting_date")
    present = [name for name, here in (review.attendance or {}).items() if here]
    if not present:
        meeting.append("attendance")
    head = head_of_institution()
    if head is not None and present and not any(head.full_name in name for name in present):
        meeting.append("head_present")
    return {"sections": sections, "conclusions": conclusions, "meeting": meeting}


MEETING_GAPS = {
    "meeting_date": _l("the meeting date"),
    "attendance": _l("who attended"),
    "head_present": _l("the head of the institution among those present"),
}


# --- steps ----------------------------------------------------------------------------------------

def open_draft(year: int, *, actor, now: dt.datetime) -> ManagementReview:
    """The review of ``year`` as a live draft (any time of the year)."""
    _require(can_manage(actor), _l("Only the quality manager prepares the management review."))
    if not 2000 <= year <= local_date(now).year + 1:
        raise DomainError(_l("Choose a year."), field="year")
    review = get(year)
    if review is not None:
        return review
    participants = default_participants()
    review = ManagementReview(year=year, status=ReviewStatus.DRAFT, participants=participants,
                              attendance={name: False for name in participants},
                              narratives={}, no_data_reasons={}, distribution=[],
                              created_by_id=getattr(actor, "id", None), created_at=now)
    db.session.add(review)
    db.session.flush()
    audit_log.record_creation(review, ["year", "status"], actor=actor, action="review.open",
                              now=now)
    transaction.commit()
    return review


def start(review: ManagementReview, *, actor, now: dt.datetime) -> ManagementReview:
    """Freeze the input pack: later changes in the registers do not alter it."""
    _require(can_manage(actor))
    if review.status != ReviewStatus.DRAFT:
        raise InvalidTransition(_l("The review has already started."))
    pack = assemble.input_pack(review.year, today=local_date(now))
    digest = assemble.pack_sha256(pack)
    review.snapshot = pack
    review.snapshot_sha256 = digest
    review.started_at = now
    review.status = ReviewStatus.IN_PROGRESS
    audit_log.record(actor=actor, action="review.start", entity=review,
                     changes={"status": [ReviewStatus.DRAFT.value,
                                         ReviewStatus.IN_PROGRESS.value],
                              "snapshot_sha256": [None, digest]}, now=now)
    transaction.commit()
    return review


def save_narratives(review: ManagementReview, *, actor, now: dt.datetime,
                    narratives: dict[str, str]) -> ManagementReview:
    _require(can_manage(actor))
    _editable(review)
    merged = dict(review.narratives or {})
    for key, text in narratives.items():
        if key not in assemble.SECTION_KEYS:
            raise DomainError(_l("Unknown section."), field="section")
        merged[key] = _text(text, "text")
    audit_log.apply_changes(review, {"narratives": merged}, actor=actor,
                            action="review.narratives", now=now)
    transaction.commit()
    return review


def save_no_data_reason(review: ManagementReview, *, actor, now: dt.datetime, section: str,
                        reason: str) -> ManagementReview:
    _require(can_manage(actor))
    _editable(review)
    if section not in assemble.SECTION_KEYS:
        raise DomainError(_l("Unknown section."), field="section")
    reasons = dict(review.no_data_reasons or {})
    reasons[section] = _text(reason, "reason")
    audit_log.apply_changes(review, {"no_data_reasons": reasons}, actor=actor,
                            action="review.no_data_reason", now=now)
    transaction.commit()
    return review


def save_conclusions(review: ManagementReview, *, actor, now: dt.datetime,
                     **conclusions: str) -> ManagementReview:
    _require(can_manage(actor))
    _editable(review)
    unknown = set(conclusions) - set(CONCLUSION_FIELDS)
    if unknown:
        raise DomainError(_l("Unknown conclusion."))
    values = {name: _text(text, name) for name, text in conclusions.items()}
    audit_log.apply_changes(review, values, actor=actor, action="review.conclusions", now=now)
    transaction.commit()
    return review


def save_meeting(review: ManagementReview, *, actor, now: dt.datetime,
                 planned_meeting_on: dt.date | None, participants: list[str],
                 attended: list[str] | None = None) -> ManagementReview:
    """Meeting date, participants (names) and who attended."""
    _require(can_manage(actor))
    _editable(review)
    names = list(dict.fromkeys(n.strip()[:200] for n in participants if n and n.strip()))
    attended_set = {n.strip() for n in (attended or []) if n and n.strip()}
    refuse_personal_codes(participants=" ".join(names))
    values = {"planned_meeting_on": planned_meeting_on, "participants": names,
              "attendance": {n: n in attended_set for n in names}}
    audit_log.apply_changes(review, values, actor=actor, action="review.meeting", now=now)
    transaction.commit()
    return review


def distribute(review: ManagementReview, *, actor, now: dt.datetime, recipients: list[str],
               channel: str = "") -> ManagementReview:
    """Log that the approved review went to ``recipients`` (9.3.3: retained and distributed)."""
    _require(can_manage(actor))
    if not review.is_approved:
        raise InvalidTransition(_l("Only an approved management review is distributed."))
    names = list(dict.fromkeys(n.strip()[:200] for n in recipients if n and n.strip()))
    if not names:
        raise DomainError(_l("Name at least one recipient."), field="recipients")
    channel = _text(channel, "channel")[:200]
    refuse_personal_codes(recipients=" ".join(names))
    entries = [{"to": name, "on": local_date(now).isoformat(), "channel": channel,
                "by": getattr(actor, "full_name", "")} for name in names]
    log = [*(review.distribution or []), *entries]
    audit_log.apply_changes(review, {"distribution": log}, actor=actor,
                            action="review.distribute", now=now)
    transaction.commit()
    return review


def add_output(review: ManagementReview, *, actor, now: dt.datetime, output_class: str,
               title: str, owner_id: int, due_on: dt.date | None, description: str = "",
               budget_planned=None, change_area: str = "") -> ReviewOutput:
    """A decision of the review, tracked as an improvement action (owner, due date, budget);
    a change to the QMS says what it changes (policy, objectives, processes, documents)."""
    _require(can_manage(actor))
    _editable(review)
    if output_class not in OutputClass.__members__.values():
        raise DomainError(_l("Choose the kind of output."), field="output_class")
    if output_class == OutputClass.QMS_CHANGE:
        if change_area not in ChangeArea.__members__.values():
            raise DomainError(_l("Say what the change to the QMS touches."),
                              field="change_area")
    else:
        change_area = ""
    if due_on is None:
        raise DomainError(_l("Give the due date."), field="due_on")
    with transaction.atomic():
        action = nc_services.add_action(
            actor=actor, now=now, kind=ActionKind.IMPROVEMENT, title=title, owner_id=owner_id,
            due_on=due_on, description=description, budget_planned=budget_planned,
            source_type=Source.MANAGEMENT_REVIEW.value, source_id=review.id)
        output = ReviewOutput(review=review, action_id=action.id, output_class=output_class,
                              change_area=change_area)
        db.session.add(output)
        db.session.flush()
        audit_log.record(actor=actor, action="review.output", entity=review,
                         changes={"output": [None, {"action_id": action.id,
                                                    "class": output_class,
                                                    "change_area": change_area,
                                                    "title": action.title}]}, now=now)
    return output


def approval_hash(review: ManagementReview) -> str:
    content = {
        "year": review.year,
        "snapshot_sha256": review.snapshot_sha256,
        "narratives": review.narratives or {},
        "no_data_reasons": review.no_data_reasons or {},
        "conclusions": review.conclusions(),
        "outputs": [{"action_id": o.action_id, "class": o.output_class,
                     "change_area": o.change_area or "",
                     "title": o.action.title if o.action else ""}
                    for o in sorted(review.outputs, key=lambda o: o.id)],
        "participants": review.participants or [],
        "attendance": review.attendance or {},
        "planned_meeting_on": (review.planned_meeting_on.isoformat()
                               if review.planned_meeting_on else None),
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def approve(review: ManagementReview, *, actor, now: dt.datetime) -> ManagementReview:
    """The head of the institution approves; the review is immutable afterwards."""
    _require(can_approve(actor), _l("Only the head of the institution approves the management "
                                    "review."))
    if review.status != ReviewStatus.IN_PROGRESS:
        raise InvalidTransition(_l("Start the review (freeze the figures) before approving."))
    missing = missing_for_approval(review)
    if missing["sections"]:
        raise DomainError(_l("Give a “no data / not applicable” reason for: %(sections)s.",
                             sections=", ".join(assemble.CLAUSES[k]
                                                for k in missing["sections"])),
                          field="sections")
    if missing["conclusions"]:
        raise DomainError(_l("Write the conclusions: %(names)s.", names=", ".join(
            str(CONCLUSION_LABELS[n]) for n in missing["conclusions"])), field="conclusions")
    if missing["meeting"]:
        raise DomainError(_l("Record the meeting: %(gaps)s.", gaps=", ".join(
            str(MEETING_GAPS[g]) for g in missing["meeting"])), field="meeting")
    digest = approval_hash(review)
    audit_log.apply_changes(review, {"status": ReviewStatus.APPROVED,
                                     "approved_by_id": getattr(actor, "id", None),
                                     "approved_at": now, "approval_sha256": digest},
                            actor=actor, action="review.approve", now=now)
    transaction.commit()
    return review
