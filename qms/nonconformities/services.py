"""Use cases for nonconformities, actions and client feedback. Every step checks who may take
it and whether the state machine allows it, and writes the audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.auth.models import User
from qms.core import audit_log, files, transaction
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.core.permissions import Permission
from qms.core.privacy import refuse_personal_codes
from qms.core.time import local_date
from qms.extensions import db
from qms.nonconformities.models import (
    DUE_DAYS,
    NC_STATUS_LABELS,
    NC_TRANSITIONS,
    Action,
    ActionKind,
    ActionNote,
    ActionStatus,
    Feedback,
    FeedbackKind,
    IshikawaCause,
    NcStatus,
    Nonconformity,
    RootCauseCategory,
    Severity,
    Source,
    Verdict,
    WhyStep,
)

RESPONSE_DAYS = 30  # the Law on Submissions: an answer within one month


# --- object rules -------------------------------------------------------------------------

def can_manage(user) -> bool:
    """The quality manager triages, rejects and cancels."""
    return user.can(Permission.NC_MANAGE)


def can_work_on(user, nc: Nonconformity) -> bool:
    """The owner (who analyses and plans) and the quality manager."""
    return can_manage(user) or (nc.owner_id is not None and nc.owner_id == getattr(user, "id", 0))


def can_see(user, nc: Nonconformity) -> bool:
    if user.can(Permission.NC_VIEW_ALL):
        return True
    uid = getattr(user, "id", 0)
    return uid in (nc.reporter_id, nc.owner_id, nc.verifier_id) or any(
        a.owner_id == uid for a in nc.actions)


def implementers(nc: Nonconformity) -> set[int]:
    """Owners of the actions that were not cancelled."""
    return {a.owner_id for a in nc.actions if a.owner_id and a.status != ActionStatus.CANCELLED}


def can_verify(user, nc: Nonconformity) -> bool:
    """Only the named verifier, who implemented none of the actions."""
    uid = getattr(user, "id", None)
    return (nc.status == NcStatus.EFFECTIVENESS and uid is not None and nc.verifier_id == uid
            and uid not in implementers(nc))


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _l("You may not do this with this nonconformity."))


def _move(nc: Nonconformity, target: NcStatus, *, actor, now: dt.datetime, note: str = "") -> None:
    current = NcStatus(nc.status)
    if nc.status in (NcStatus.CLOSED,) or target not in NC_TRANSITIONS[current]:
        raise InvalidTransition(_l("A nonconformity in the stage “%(status)s” cannot move to "
                                   "“%(target)s”.", status=NC_STATUS_LABELS[current],
                                   target=NC_STATUS_LABELS[target]))
    nc.status = target
    audit_log.record(actor=actor, action=f"nonconformity.{target.value}", entity=nc,
                     changes={"status": [current.value, target.value]}, note=note, now=now)


def _not_closed(nc: Nonconformity) -> None:
    if nc.status in (NcStatus.CLOSED, NcStatus.REJECTED, NcStatus.CANCELLED):
        raise InvalidTransition(_l("A closed nonconformity cannot be changed."))


def _next_number(model, prefix: str, year: int) -> tuple[int, str]:
    sequence = (db.session.scalar(select(func.max(model.sequence)).where(model.year == year))
                or 0) + 1
    return sequence, f"{prefix}-{year}-{sequence:03d}"


def _money(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    if amount < 0:
        raise DomainError(_l("An amount cannot be negative."), field=field)
    return amount


# --- reporting and triage -------------------------------------------------------------------

def report(*, actor, now: dt.datetime, title: str, description: str,
           source: str = Source.STAFF_REPORT, unit_id: int | None = None,
           process_id: int | None = None,
           case_file_reference: str = "", requirement_document_id: int | None = None,
           requirement_clause: str = "", requirement_legal: str = "",
           source_type: str = "", source_id: int | None = None, source_reference: str = "",
           severity: str | None = None, reported_on: dt.date | None = None) -> Nonconformity:
    """Anyone may report a nonconformity; the quality manager triages it."""
    _require(actor.can(Permission.NC_REPORT), _l("You may not report nonconformities."))
    if not title.strip():
        raise DomainError(_l("Say briefly what is wrong."), field="title")
    if not description.strip():
        raise DomainError(_l("Describe what happened."), field="description")
    if source not in Source.__members__.values():
        raise DomainError(_l("Choose the source."), field="source")
    if severity is not None and severity not in Severity.__members__.values():
        raise DomainError(_l("Choose the severity."), field="severity")
    refuse_personal_codes(title=title, description=description,
                          case_file_reference=case_file_reference,
                          source_reference=source_reference)
    reported_on = reported_on or local_date(now)
    sequence, number = _next_number(Nonconformity, "NC", reported_on.year)
    nc = Nonconformity(
        number=number, year=reported_on.year, sequence=sequence, title=title.strip()[:300],
        description=description.strip(), source=source, source_type=source_type,
        source_id=source_id, source_reference=source_reference.strip()[:300],
        reported_on=reported_on, reported_at=now, reporter_id=getattr(actor, "id", None),
        unit_id=unit_id, process_id=process_id, requirement_document_id=requirement_document_id,
        requirement_clause=requirement_clause.strip()[:60],
        requirement_legal=requirement_legal.strip()[:300],
        case_file_reference=case_file_reference.strip()[:60],
        severity=severity or Severity.MINOR, status=NcStatus.NEW)
    db.session.add(nc)
    db.session.flush()
    audit_log.record_creation(nc, ["number", "title", "source", "severity", "unit_id",
                                   "process_id"], actor=actor, action="nonconformity.report",
                              now=now)
    _notify_managers(nc, now=now)
    transaction.commit()
    return nc


def _notify_managers(nc: Nonconformity, *, now) -> None:
    from qms.auth.models import UserRole
    from qms.notifications.services import N_, notify

    managers = db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == "quality_manager", User.is_active_account.is_(True))).all()
    for manager in managers:
        notify(manager, kind="nc.reported", now=now,
               message=N_("New nonconformity %(number)s to triage: %(title)s"),
               params={"number": nc.number, "title": nc.title},
               link=f"/nonconformities/{nc.id}", dedup_key=f"nc.reported:{nc.id}:{manager.id}")


def triage(nc: Nonconformity, *, actor, now: dt.datetime, severity: str, owner_id: int,
           unit_id: int | None = None, process_id: int | None = None,
           due_on: dt.date | None = None, budget_planned=None) -> Nonconformity:
    """Accept the report: severity, who analyses it, unit, process, due date, budget."""
    _require(can_manage(actor), _l("Only the quality manager triages nonconformities."))
    if severity not in Severity.__members__.values():
        raise DomainError(_l("Choose the severity."), field="severity")
    owner = db.session.get(User, owner_id or 0)
    if owner is None or not owner.is_active_account:
        raise DomainError(_l("Choose who is responsible."), field="owner_id")
    if nc.status == NcStatus.NEW:
        _move(nc, NcStatus.TRIAGE, actor=actor, now=now)
    _move(nc, NcStatus.CORRECTION, actor=actor, now=now)
    due_on = due_on or local_date(now) + dt.timedelta(days=DUE_DAYS[Severity(severity)])
    audit_log.apply_changes(nc, {
        "severity": severity, "owner_id": owner.id, "unit_id": unit_id or nc.unit_id,
        "process_id": process_id or nc.process_id, "due_on": due_on,
        "budget_planned": _money(budget_planned, "budget_planned"), "triaged_by_id": actor.id,
        "triaged_at": now}, actor=actor, action="nonconformity.triage", now=now)
    from qms.notifications.services import N_, notify

    notify(owner, kind="nc.assigned", now=now, link=f"/nonconformities/{nc.id}",
           message=N_("You are responsible for nonconformity %(number)s: %(title)s"),
           params={"number": nc.number, "title": nc.title}, dedup_key=f"nc.assigned:{nc.id}:"
           f"{owner.id}")
    transaction.commit()
    return nc


def reject(nc: Nonconformity, *, actor, now: dt.datetime, reason: str) -> None:
    _require(can_manage(actor), _l("Only the quality manager rejects nonconformities."))
    if not reason.strip():
        raise DomainError(_l("Give the reason."), field="reason")
    refuse_personal_codes(reason=reason)
    _move(nc, NcStatus.REJECTED, actor=actor, now=now, note=reason.strip())
    nc.rejection_reason = reason.strip()[:2000]
    transaction.commit()


def cancel(nc: Nonconformity, *, actor, now: dt.datetime, reason: str) -> None:
    _require(can_manage(actor), _l("Only the quality manager cancels nonconformities."))
    if not reason.strip():
        raise DomainError(_l("Give the reason."), field="reason")
    refuse_personal_codes(reason=reason)
    _move(nc, NcStatus.CANCELLED, actor=actor, now=now, note=reason.strip())
    nc.rejection_reason = reason.strip()[:2000]
    _cancel_open_actions(nc, actor=actor, now=now)
    transaction.commit()


def _cancel_open_actions(nc: Nonconformity, *, actor, now) -> None:
    """When a nonconformity ends without its actions, nobody is chased for them any more."""
    for action in nc.actions:
        if action.is_open:
            audit_log.apply_changes(action, {"status": ActionStatus.CANCELLED}, actor=actor,
                                    action="action.cancel", now=now)


# --- correction ----------------------------------------------------------------------------

def record_correction(nc: Nonconformity, *, actor, now: dt.datetime, correction: str,
                      consequences: str = "", result: str = "", done_on: dt.date | None = None,
                      corrective_action_needed: bool, rationale: str = "") -> Nonconformity:
    """What was done at once, and the decision whether corrective action is needed."""
    _require(can_work_on(actor, nc))
    if nc.status != NcStatus.CORRECTION:
        raise InvalidTransition(_l("The correction is recorded after triage."))
    if not correction.strip():
        raise DomainError(_l("Describe the correction (what was done at once)."),
                          field="correction")
    if not rationale.strip():
        raise DomainError(_l("Explain the decision."), field="rationale")
    if not corrective_action_needed and nc.severity == Severity.MAJOR:
        raise DomainError(_l("A major nonconformity always needs corrective action."),
                          field="corrective_action_needed")
    refuse_personal_codes(correction=correction, consequences=consequences, result=result,
                          rationale=rationale)
    audit_log.apply_changes(nc, {
        "correction": correction.strip(), "consequences": consequences.strip(),
        "correction_result": result.strip()[:1000], "correction_by_id": actor.id,
        "correction_on": done_on or local_date(now),
        "corrective_action_needed": corrective_action_needed,
        "corrective_action_rationale": rationale.strip()[:2000]},
        actor=actor, action="nonconformity.correction", now=now)
    if corrective_action_needed:
        _move(nc, NcStatus.ROOT_CAUSE, actor=actor, now=now)
    else:
        _move(nc, NcStatus.CLOSED, actor=actor, now=now, note=rationale.strip())
        nc.closed_at = now
        _cancel_open_actions(nc, actor=actor, now=now)
    transaction.commit()
    return nc


# --- root cause -----------------------------------------------------------------------------

def record_root_cause(nc: Nonconformity, *, actor, now: dt.datetime, method: str,
                      whys: list[str] | None = None,
                      causes: list[tuple[str, str]] | None = None, root_cause: str,
                      category: str, extent: str = "") -> Nonconformity:
    """5 Whys as a chain or Ishikawa causes by category; a root-cause statement and category;
    and the extent check (where else it could occur)."""
    _require(can_work_on(actor, nc))
    if nc.status != NcStatus.ROOT_CAUSE:
        raise InvalidTransition(_l("Root-cause analysis follows the correction."))
    whys = [w.strip() for w in (whys or []) if w and w.strip()]
    causes = [(c, t.strip()) for c, t in (causes or []) if t and t.strip()]
    if method == "five_whys" and len(whys) < 2:
        raise DomainError(_l("Ask “why?” at least twice."), field="whys")
    if method == "ishikawa" and not causes:
        raise DomainError(_l("Name at least one cause."), field="causes")
    if method not in ("five_whys", "ishikawa"):
        raise DomainError(_l("Choose the method."), field="method")
    if any(c not in RootCauseCategory.__members__.values() for c, _ in causes):
        raise DomainError(_l("Choose a category for every cause."), field="causes")
    if not root_cause.strip():
        raise DomainError(_l("State the root cause."), field="root_cause")
    if category not in RootCauseCategory.__members__.values():
        raise DomainError(_l("Choose the category of the root cause."), field="category")
    refuse_personal_codes(root_cause=root_cause, extent=extent, whys=" ".join(whys),
                          causes=" ".join(t for _, t in causes))
    nc.whys = [WhyStep(position=i + 1, answer=text[:1000]) for i, text in enumerate(whys)]
    nc.causes = [IshikawaCause(category=c, cause=t[:1000]) for c, t in causes]
    audit_log.apply_changes(nc, {"analysis_method": method, "root_cause": root_cause.strip(),
                                 "root_cause_category": category, "extent": extent.strip()},
                            actor=actor, action="nonconformity.root_cause", now=now)
    _move(nc, NcStatus.ACTION_PLAN, actor=actor, now=now)
    transaction.commit()
    return nc


def similar(nc: Nonconformity, limit: int = 10) -> list[Nonconformity]:
    """For the extent check: other nonconformities of the same process, category or unit."""
    conditions = []
    if nc.process_id:
        conditions.append(Nonconformity.process_id == nc.process_id)
    if nc.root_cause_category:
        conditions.append(Nonconformity.root_cause_category == nc.root_cause_category)
    if nc.unit_id:
        conditions.append(Nonconformity.unit_id == nc.unit_id)
    if not conditions:
        return []
    from sqlalchemy import or_

    return list(db.session.scalars(
        select(Nonconformity).where(Nonconformity.id != nc.id, or_(*conditions))
        .order_by(Nonconformity.reported_on.desc()).limit(limit)))


# --- actions -----------------------------------------------------------------------------------

ACTION_FIELDS = ["kind", "title", "description", "owner_id", "due_on", "budget_planned",
                 "unit_id", "process_id"]


def add_action(*, actor, now: dt.datetime, nc: Nonconformity | None = None, kind: str,
               title: str, owner_id: int, due_on: dt.date | None, description: str = "",
               budget_planned=None, unit_id: int | None = None, process_id: int | None = None,
               source_type: str = "", source_id: int | None = None) -> Action:
    """An action for a nonconformity's plan, or a stand-alone one (improvement register)."""
    if nc is not None:
        _require(can_work_on(actor, nc))
        _not_closed(nc)
        if nc.status not in (NcStatus.CORRECTION, NcStatus.ROOT_CAUSE, NcStatus.ACTION_PLAN,
                             NcStatus.IMPLEMENTATION):
            raise InvalidTransition(_l("Actions are planned after the triage."))
    else:  # stand-alone: the improvement register, or an auditor's finding
        _require(actor.can(Permission.ACTION_MANAGE) or (
            source_type == "audit_item" and actor.can(Permission.AUDIT_CONDUCT)),
            _l("You may not add actions."))
    if kind not in ActionKind.__members__.values():
        raise DomainError(_l("Choose the kind of action."), field="kind")
    if not title.strip():
        raise DomainError(_l("Say what will be done."), field="title")
    owner = db.session.get(User, owner_id or 0)
    if owner is None or not owner.is_active_account:
        raise DomainError(_l("Choose who is responsible."), field="owner_id")
    if nc is not None and nc.verifier_id is not None and owner.id == nc.verifier_id:
        raise DomainError(_l("The verifier of the effectiveness check cannot implement an "
                             "action."), field="owner_id")
    if due_on is None:
        raise DomainError(_l("Give a due date."), field="due_on")
    refuse_personal_codes(title=title, description=description)
    action = Action(nonconformity=nc, kind=kind, title=title.strip()[:300],
                    description=description.strip(), owner_id=owner.id, due_on=due_on,
                    budget_planned=_money(budget_planned, "budget_planned"),
                    unit_id=unit_id or (nc.unit_id if nc else None),
                    process_id=process_id or (nc.process_id if nc else None),
                    status=ActionStatus.PLANNED, source_type=source_type, source_id=source_id,
                    created_by_id=getattr(actor, "id", None), created_at=now)
    db.session.add(action)
    db.session.flush()
    audit_log.record_creation(action, ACTION_FIELDS, actor=actor, action="action.create",
                              now=now)
    from qms.notifications.services import N_, notify

    notify(owner, kind="action.assigned", now=now, link=f"/nonconformities/actions/{action.id}",
           message=N_("New action for you: %(title)s (due %(due)s)"),
           params={"title": action.title, "due": due_on.strftime("%d.%m.%Y")},
           dedup_key=f"action.assigned:{action.id}:{owner.id}")
    transaction.commit()
    return action


def can_update_action(user, action: Action) -> bool:
    uid = getattr(user, "id", None)
    if action.nonconformity is not None:
        return action.owner_id == uid or can_work_on(user, action.nonconformity)
    return action.owner_id == uid or user.can(Permission.ACTION_MANAGE)


def update_action(action: Action, *, actor, now: dt.datetime, status: str, note: str = "",
                  cost_actual=None, evidence: str = "",
                  expected_version: int | None = None) -> Action:
    """Progress: status, actual cost, evidence, a note."""
    from qms.core.concurrency import check_version

    _require(can_update_action(actor, action), _l("You may not update this action."))
    if action.nonconformity is not None:
        _not_closed(action.nonconformity)
        if action.nonconformity.status == NcStatus.EFFECTIVENESS:
            raise InvalidTransition(_l("The actions are being checked for effectiveness and "
                                       "cannot change now."))
    check_version(action, expected_version)
    if status not in ActionStatus.__members__.values():
        raise DomainError(_l("Choose the status."), field="status")
    if status == ActionStatus.DONE and not (evidence.strip() or action.evidence):
        raise DomainError(_l("Describe the evidence that the action is done."),
                          field="evidence")
    refuse_personal_codes(note=note, evidence=evidence)
    values = {"status": status, "cost_actual": _money(cost_actual, "cost_actual")
              if cost_actual not in (None, "") else action.cost_actual}
    if evidence.strip():
        values["evidence"] = evidence.strip()
    if status == ActionStatus.DONE and action.done_on is None:
        values["done_on"] = local_date(now)
    audit_log.apply_changes(action, values, actor=actor, action="action.update", now=now)
    if note.strip():
        db.session.add(ActionNote(action_id=action.id, author_id=actor.id, at=now,
                                  text=note.strip()))
    transaction.commit()
    return action


def attach_evidence(*, actor, now: dt.datetime, entity, filename: str, data: bytes,
                    content_type: str):
    if isinstance(entity, Nonconformity):
        _require(can_see(actor, entity))
        _not_closed(entity)
    else:
        _require(can_update_action(actor, entity))
    evidence = files.attach(entity.__tablename__, entity.id, filename=filename, data=data,
                            content_type=content_type, uploaded_by_id=actor.id, now=now)
    audit_log.record(actor=actor, action=f"{entity.__tablename__}.attach", entity=entity,
                     changes={"file": [None, evidence.filename]}, now=now)
    transaction.commit()
    return evidence


# --- plan, implementation, effectiveness ------------------------------------------------------

def approve_plan(nc: Nonconformity, *, actor, now: dt.datetime, criteria: str,
                 check_on: dt.date | None, verifier_id: int) -> Nonconformity:
    """The plan is complete: actions exist, and the effectiveness check is planned with its
    criteria, date and a verifier who implements none of the actions."""
    _require(can_work_on(actor, nc))
    if nc.status != NcStatus.ACTION_PLAN:
        raise InvalidTransition(_l("The plan is approved after the root-cause analysis."))
    open_actions = [a for a in nc.actions if a.status != ActionStatus.CANCELLED
                    and a.kind != ActionKind.CORRECTION]
    if not open_actions:
        raise InvalidTransition(_l("Plan at least one corrective or preventive action first."))
    if not criteria.strip():
        raise DomainError(_l("Say how effectiveness will be judged."), field="criteria")
    refuse_personal_codes(criteria=criteria)
    if check_on is None:
        raise DomainError(_l("Give the date of the effectiveness check."), field="check_on")
    if verifier_id in implementers(nc):
        raise DomainError(_l("The verifier must not be one who implements the actions."),
                          field="verifier_id")
    verifier = db.session.get(User, verifier_id or 0)
    if verifier is None or not verifier.is_active_account:
        raise DomainError(_l("Choose the verifier."), field="verifier_id")
    audit_log.apply_changes(nc, {"effectiveness_criteria": criteria.strip()[:2000],
                                 "effectiveness_due_on": check_on, "verifier_id": verifier_id},
                            actor=actor, action="nonconformity.plan", now=now)
    _move(nc, NcStatus.IMPLEMENTATION, actor=actor, now=now)
    transaction.commit()
    return nc


def finish_implementation(nc: Nonconformity, *, actor, now: dt.datetime) -> Nonconformity:
    _require(can_work_on(actor, nc))
    if nc.status != NcStatus.IMPLEMENTATION:
        raise InvalidTransition(_l("Implementation follows the approved plan."))
    if any(a.is_open for a in nc.actions):
        raise InvalidTransition(_l("Every action must be done or cancelled first."))
    if not any(a.status == ActionStatus.DONE for a in nc.actions):
        raise InvalidTransition(_l("At least one action must be done."))
    _move(nc, NcStatus.EFFECTIVENESS, actor=actor, now=now)
    transaction.commit()
    return nc


def verify(nc: Nonconformity, *, actor, now: dt.datetime, verdict: str, notes: str,
           risks_need_update: bool | None = None, qms_needs_change: bool | None = None,
           change_document_id: int | None = None) -> Nonconformity:
    """The effectiveness verdict. Not effective reopens the root-cause analysis; effective or
    partly effective closes it, answering whether risks or the QMS must change ("yes" with
    a document opens a draft of it)."""
    _require(can_verify(actor, nc), _l("Only the named verifier, who implemented none of the "
                                       "actions, may check effectiveness."))
    if verdict not in Verdict.__members__.values():
        raise DomainError(_l("Choose the verdict."), field="verdict")
    if not notes.strip():
        raise DomainError(_l("Describe what you checked."), field="notes")
    refuse_personal_codes(notes=notes)
    audit_log.apply_changes(nc, {"verdict": verdict, "verdict_notes": notes.strip()[:2000],
                                 "verified_at": now}, actor=actor,
                            action="nonconformity.verify", now=now)
    if verdict == Verdict.NOT_EFFECTIVE:
        nc.times_not_effective += 1
        _move(nc, NcStatus.ROOT_CAUSE, actor=actor, now=now, note=notes.strip())
        transaction.commit()
        return nc
    if risks_need_update is None or qms_needs_change is None:
        raise DomainError(_l("Answer whether risks and the QMS must be updated."),
                          field="risks_need_update")
    audit_log.apply_changes(nc, {"risks_need_update": risks_need_update,
                                 "qms_needs_change": qms_needs_change,
                                 "change_document_id": change_document_id
                                 if qms_needs_change else None},
                            actor=actor, action="nonconformity.close", now=now)
    if qms_needs_change and change_document_id:
        _open_document_draft(nc, change_document_id, now=now)
    _move(nc, NcStatus.CLOSED, actor=actor, now=now)
    nc.closed_at = now
    transaction.commit()
    return nc


def _open_document_draft(nc: Nonconformity, document_id: int, *, now) -> None:
    """The QMS must change: a draft of the named document for its owner to work on."""
    from qms.core.permissions import SystemActor
    from qms.documents import services as documents
    from qms.documents.models import Document

    document = db.session.get(Document, document_id)
    if document is None:
        raise DomainError(_l("The document does not exist."), field="change_document_id")
    if document.open_version is None and not document.is_withdrawn:
        documents.start_new_version(document, actor=SystemActor("nonconformities"), now=now,
                                    commit=False, change_reason=f"{nc.number}: {nc.title}"[:1000])


# --- client feedback -------------------------------------------------------------------------

FEEDBACK_FIELDS = ["kind", "channel", "received_on", "unit_id", "service", "topic",
                   "case_file_reference", "response_due_on"]


def register_feedback(*, actor, now: dt.datetime, kind: str, channel: str, received_on: dt.date,
                      summary: str, unit_id: int | None = None, service: str = "",
                      topic: str = "", case_file_reference: str = "",
                      response_due_on: dt.date | None = None) -> Feedback:
    _require(actor.can(Permission.FEEDBACK_MANAGE), _l("You may not register feedback."))
    if kind not in FeedbackKind.__members__.values():
        raise DomainError(_l("Choose the kind."), field="kind")
    if not summary.strip():
        raise DomainError(_l("Summarise what the client said."), field="summary")
    if received_on > local_date(now):
        raise DomainError(_l("The date cannot be in the future."), field="received_on")
    refuse_personal_codes(summary=summary, case_file_reference=case_file_reference,
                          service=service, topic=topic)
    sequence, number = _next_number(Feedback, "SK", received_on.year)
    feedback = Feedback(
        number=number, year=received_on.year, sequence=sequence, kind=kind, channel=channel,
        received_on=received_on, unit_id=unit_id, service=service.strip()[:200],
        topic=topic.strip()[:100], case_file_reference=case_file_reference.strip()[:60],
        summary=summary.strip(),
        response_due_on=response_due_on or (received_on + dt.timedelta(days=RESPONSE_DAYS)
                                            if kind == FeedbackKind.COMPLAINT else None),
        registered_by_id=getattr(actor, "id", None), registered_at=now)
    db.session.add(feedback)
    db.session.flush()
    audit_log.record_creation(feedback, FEEDBACK_FIELDS, actor=actor, action="feedback.register",
                              now=now)
    transaction.commit()
    return feedback


def answer_feedback(feedback: Feedback, *, actor, now: dt.datetime, answer: str,
                    answered_on: dt.date | None = None, justified: bool | None = None) -> None:
    _require(actor.can(Permission.FEEDBACK_MANAGE), _l("You may not answer feedback."))
    if not answer.strip():
        raise DomainError(_l("Write the answer."), field="answer")
    refuse_personal_codes(answer=answer)
    audit_log.apply_changes(feedback, {"answer": answer.strip(),
                                       "answered_on": answered_on or local_date(now),
                                       "justified": justified},
                            actor=actor, action="feedback.answer", now=now)
    transaction.commit()


def raise_from_feedback(feedback: Feedback, *, actor, now: dt.datetime) -> Nonconformity:
    """A justified complaint becomes a nonconformity linked to it."""
    _require(actor.can(Permission.FEEDBACK_MANAGE) and actor.can(Permission.NC_REPORT))
    if feedback.nonconformity_id is not None:
        raise InvalidTransition(_l("A nonconformity was already raised from this complaint."))
    with transaction.atomic():
        nc = report(actor=actor, now=now, title=(feedback.topic or feedback.summary)[:300],
                    description=feedback.summary, source=Source.COMPLAINT,
                    unit_id=feedback.unit_id, case_file_reference=feedback.case_file_reference,
                    source_type="feedback", source_id=feedback.id,
                    source_reference=feedback.number)
        feedback.nonconformity_id = nc.id
        audit_log.record(actor=actor, action="feedback.raise_nonconformity", entity=feedback,
                         changes={"nonconformity": [None, nc.number]}, now=now)
    return nc
