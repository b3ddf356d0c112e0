"""Use cases of competence and training: requirements, records with certificates and
effectiveness evaluations, and the annual plan.

Rules (documented for users in the README):

- Everyone sees their own records and requirements; managers, the quality manager (and
  anyone with ``training.oversee``) see everyone's.
- A person may add their own training record; the quality manager (``training.manage``) adds
  and edits records for anyone. The person edits their own record until it is evaluated;
  after the evaluation it is retained evidence that only the quality manager corrects.
- An effectiveness evaluation is required when the training cost at least
  ``TRAINING_EVALUATION_COST`` (default 300 €) or when the quality manager asks for one. The
  quality manager or the head of the person's unit evaluates; never the trained person.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.auth.models import User
from qms.core import audit_log, transaction
from qms.core.concurrency import check_version
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.core.permissions import Permission
from qms.core.privacy import refuse_personal_codes
from qms.extensions import db
from qms.org.models import Position, StaffCategory, Unit
from qms.training.models import (
    RequirementKind,
    TrainingPlanItem,
    TrainingRecord,
    TrainingRequirement,
    TrainingType,
)

DEFAULT_EVALUATION_COST = Decimal("300.00")
FILE_ENTITY = "training_record"

REQUIREMENT_FIELDS = ["kind", "position_id", "category", "name", "description",
                      "recurrence_months", "min_hours", "is_active"]
RECORD_FIELDS = ["user_id", "topic", "training_type", "provider", "started_on", "ended_on",
                 "hours", "cost", "requirement_id", "plan_item_id", "notes"]
PLAN_FIELDS = ["year", "quarter", "topic", "training_type", "unit_id", "position_id",
               "planned_hours", "planned_participants", "planned_budget", "notes"]


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _l("You may not change training records."))


def _id(actor):
    return getattr(actor, "id", None)


# --- object rules ---------------------------------------------------------------------------

def can_manage(user) -> bool:
    return user.can(Permission.TRAINING_MANAGE)


def can_oversee(user) -> bool:
    return user.can(Permission.TRAINING_OVERSEE) or can_manage(user)


def can_see_person(user, person_id: int | None) -> bool:
    return can_oversee(user) or (person_id is not None and person_id == _id(user))


def can_see_record(user, record: TrainingRecord) -> bool:
    return can_see_person(user, record.user_id)


def can_add_record_for(user, person_id: int | None) -> bool:
    """Own records with ``training.view``; anyone's with ``training.manage``."""
    if can_manage(user):
        return True
    return (person_id is not None and person_id == _id(user)
            and user.can(Permission.TRAINING_VIEW))


def can_edit_record(user, record: TrainingRecord) -> bool:
    if can_manage(user):
        return True
    return record.user_id == _id(user) and not record.is_evaluated


def evaluation_cost() -> Decimal:
    if has_app_context():
        return Decimal(str(current_app.config.get("TRAINING_EVALUATION_COST",
                                                  DEFAULT_EVALUATION_COST)))
    return DEFAULT_EVALUATION_COST


def evaluation_required(record: TrainingRecord) -> bool:
    """The documented rule: by cost, or because the quality manager asked for it."""
    return bool(record.evaluation_requested) or Decimal(record.cost or 0) >= evaluation_cost()


def can_evaluate(user, record: TrainingRecord) -> bool:
    """The quality manager or the head of the person's unit; never the trained person."""
    if record.user_id == _id(user):
        return False
    if can_manage(user):
        return True
    person = record.user
    unit = db.session.get(Unit, person.unit_id) if person and person.unit_id else None
    return unit is not None and unit.head_id is not None and unit.head_id == _id(user)


# --- requirements ---------------------------------------------------------------------------

def _check_requirement(values: dict) -> dict:
    kind = values.get("kind")
    if kind not in RequirementKind.__members__.values():
        raise DomainError(_l("Choose what kind of requirement it is."), field="kind")
    position_id, category = values.get("position_id"), values.get("category") or None
    if position_id and category:
        raise DomainError(_l("Choose either a position or a staff category, not both."),
                          field="category")
    if position_id:
        if db.session.get(Position, position_id) is None:
            raise DomainError(_l("Choose the position."), field="position_id")
    elif category not in StaffCategory.__members__.values():
        raise DomainError(_l("Choose a position or a staff category."), field="position_id")
    name = (values.get("name") or "").strip()
    if kind != RequirementKind.YEARLY_HOURS and not name:
        raise DomainError(_l("Name the competence or the training topic."), field="name")
    months = values.get("recurrence_months")
    if months is not None and not 0 <= months <= 240:
        raise DomainError(_l("The recurrence is 0 to 240 months."), field="recurrence_months")
    hours = Decimal(values.get("min_hours") or 0)
    if hours < 0 or hours > 2000:
        raise DomainError(_l("The hours are 0 to 2000."), field="min_hours")
    if kind == RequirementKind.YEARLY_HOURS and hours <= 0:
        raise DomainError(_l("Give the hours required a year."), field="min_hours")
    refuse_personal_codes(name=name, description=values.get("description"))
    return {"kind": kind, "position_id": position_id or None,
            "category": None if position_id else category,
            "name": name[:200], "description": (values.get("description") or "").strip(),
            "recurrence_months": (months or None) if kind == RequirementKind.TRAINING else None,
            "min_hours": hours if kind != RequirementKind.COMPETENCE else Decimal("0"),
            "is_active": bool(values.get("is_active", True))}


def save_requirement(requirement: TrainingRequirement | None, *, actor, now: dt.datetime,
                     expected_version=None, **values) -> TrainingRequirement:
    _require(can_manage(actor), _l("Only the quality manager sets competence requirements."))
    clean = _check_requirement(values)
    if requirement is None:
        requirement = TrainingRequirement(**clean)
        db.session.add(requirement)
        db.session.flush()
        audit_log.record_creation(requirement, REQUIREMENT_FIELDS, actor=actor,
                                  action="training_requirement.create", now=now)
    else:
        check_version(requirement, expected_version)
        audit_log.apply_changes(requirement, clean, actor=actor,
                                action="training_requirement.update", now=now)
    transaction.commit()
    return requirement


# --- records --------------------------------------------------------------------------------

def _check_record(values: dict) -> dict:
    user_id = values.get("user_id")
    if not user_id or db.session.get(User, user_id) is None:
        raise DomainError(_l("Choose the person."), field="user_id")
    topic = (values.get("topic") or "").strip()
    if not topic:
        raise DomainError(_l("Give the topic of the training."), field="topic")
    if values.get("training_type") not in TrainingType.__members__.values():
        raise DomainError(_l("Choose the type of training."), field="training_type")
    started, ended = values.get("started_on"), values.get("ended_on") or values.get("started_on")
    if started is None:
        raise DomainError(_l("Give the date the training started."), field="started_on")
    if ended < started:
        raise DomainError(_l("The training cannot end before it starts."), field="ended_on")
    hours = values.get("hours")
    if hours is None or Decimal(hours) <= 0 or Decimal(hours) > 2000:
        raise DomainError(_l("Give the hours (more than 0)."), field="hours")
    cost = Decimal(values.get("cost") or 0)
    if cost < 0:
        raise DomainError(_l("The cost cannot be negative."), field="cost")
    requirement_id = values.get("requirement_id") or None
    if requirement_id is not None:
        requirement = db.session.get(TrainingRequirement, requirement_id)
        if requirement is None or requirement.kind != RequirementKind.TRAINING:
            raise DomainError(_l("Choose a required training."), field="requirement_id")
    plan_item_id = values.get("plan_item_id") or None
    if plan_item_id is not None and db.session.get(TrainingPlanItem, plan_item_id) is None:
        raise DomainError(_l("Choose an item of the training plan."), field="plan_item_id")
    refuse_personal_codes(topic=topic, provider=values.get("provider"),
                          notes=values.get("notes"))
    return {"user_id": user_id, "topic": topic[:200], "training_type": values["training_type"],
            "provider": (values.get("provider") or "").strip()[:200], "started_on": started,
            "ended_on": ended, "hours": Decimal(hours), "cost": cost,
            "requirement_id": requirement_id, "plan_item_id": plan_item_id,
            "notes": (values.get("notes") or "").strip()}


def add_record(*, actor, now: dt.datetime, **values) -> TrainingRecord:
    _require(can_add_record_for(actor, values.get("user_id")),
             _l("You may add only your own training records."))
    clean = _check_record(values)
    record = TrainingRecord(**clean, created_by_id=_id(actor), created_at=now)
    db.session.add(record)
    db.session.flush()
    audit_log.record_creation(record, RECORD_FIELDS, actor=actor, action="training.record",
                              now=now)
    transaction.commit()
    return record


def update_record(record: TrainingRecord, *, actor, now: dt.datetime, expected_version=None,
                  **values) -> TrainingRecord:
    if record.is_evaluated and not can_manage(actor):
        raise InvalidTransition(_l("The record is evaluated; ask the quality manager to "
                                   "correct it."))
    _require(can_edit_record(actor, record), _l("You may edit only your own training records."))
    check_version(record, expected_version)
    values.setdefault("user_id", record.user_id)
    if values["user_id"] != record.user_id:
        _require(can_manage(actor), _l("You may edit only your own training records."))
    clean = _check_record(values)
    audit_log.apply_changes(record, clean, actor=actor, action="training.update", now=now)
    transaction.commit()
    return record


def attach_certificate(record: TrainingRecord, *, actor, now: dt.datetime, filename: str,
                       data: bytes, content_type: str):
    """A certificate or attendance list (size-limited, stored by SHA-256)."""
    from qms.core import files

    _require(can_manage(actor) or record.user_id == _id(actor),
             _l("You may add certificates only to your own training records."))
    evidence = files.attach(FILE_ENTITY, record.id, filename=filename, data=data,
                            content_type=content_type, uploaded_by_id=_id(actor), now=now)
    audit_log.record(actor=actor, action="training.attach", entity=record,
                     changes={"file": [None, evidence.filename]}, now=now)
    transaction.commit()
    return evidence


def request_evaluation(record: TrainingRecord, *, actor, now: dt.datetime,
                       requested: bool = True) -> TrainingRecord:
    _require(can_manage(actor), _l("Only the quality manager asks for an evaluation."))
    if record.is_evaluated:
        raise InvalidTransition(_l("The training is already evaluated."))
    audit_log.apply_changes(record, {"evaluation_requested": requested}, actor=actor,
                            action="training.request_evaluation", now=now)
    transaction.commit()
    return record


def evaluate(record: TrainingRecord, *, actor, now: dt.datetime, evaluated_on: dt.date | None,
             rating: int | None, effective: bool | None, comment: str) -> TrainingRecord:
    """The effectiveness evaluation (ISO 9001 7.2 c): a rating 1-5 or effective yes/no."""
    if record.user_id == _id(actor):
        raise PermissionDenied(_l("Nobody evaluates their own training."))
    _require(can_evaluate(actor, record),
             _l("The quality manager or the head of the unit evaluates the training."))
    if record.is_evaluated:
        raise InvalidTransition(_l("The training is already evaluated."))
    if evaluated_on is None:
        raise DomainError(_l("Give the date of the evaluation."), field="evaluated_on")
    if evaluated_on < record.ended_on:
        raise DomainError(_l("The evaluation comes after the training."), field="evaluated_on")
    if rating is None and effective is None:
        raise DomainError(_l("Give a rating or say whether the training was effective."),
                          field="rating")
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError(_l("The rating is 1 to 5."), field="rating")
    if not (comment or "").strip():
        raise DomainError(_l("Say how the effect was checked."), field="comment")
    refuse_personal_codes(comment=comment)
    if effective is None:
        effective = rating >= 3
    audit_log.apply_changes(record, {"evaluated_on": evaluated_on, "evaluator_id": _id(actor),
                                     "rating": rating, "effective": effective,
                                     "evaluation_comment": comment.strip()},
                            actor=actor, action="training.evaluate", now=now)
    transaction.commit()
    return record


# --- the annual plan ------------------------------------------------------------------------

def _check_plan(values: dict) -> dict:
    year = values.get("year")
    if not year or not 2000 <= year <= 2100:
        raise DomainError(_l("Give the year."), field="year")
    quarter = values.get("quarter")
    if quarter not in (1, 2, 3, 4):
        raise DomainError(_l("Choose the quarter."), field="quarter")
    topic = (values.get("topic") or "").strip()
    if not topic:
        raise DomainError(_l("Give the topic of the training."), field="topic")
    if values.get("training_type") not in TrainingType.__members__.values():
        raise DomainError(_l("Choose the type of training."), field="training_type")
    if values.get("unit_id") and db.session.get(Unit, values["unit_id"]) is None:
        raise DomainError(_l("Choose the unit."), field="unit_id")
    if values.get("position_id") and db.session.get(Position, values["position_id"]) is None:
        raise DomainError(_l("Choose the position."), field="position_id")
    hours = Decimal(values.get("planned_hours") or 0)
    if hours < 0:
        raise DomainError(_l("The hours cannot be negative."), field="planned_hours")
    participants = values.get("planned_participants") or 0
    if participants < 0:
        raise DomainError(_l("The participants cannot be negative."),
                          field="planned_participants")
    budget = Decimal(values.get("planned_budget") or 0)
    if budget < 0:
        raise DomainError(_l("The budget cannot be negative."), field="planned_budget")
    refuse_personal_codes(topic=topic, notes=values.get("notes"))
    return {"year": year, "quarter": quarter, "topic": topic[:200],
            "training_type": values["training_type"], "unit_id": values.get("unit_id") or None,
            "position_id": values.get("position_id") or None, "planned_hours": hours,
            "planned_participants": participants, "planned_budget": budget,
            "notes": (values.get("notes") or "").strip()}


def save_plan_item(item: TrainingPlanItem | None, *, actor, now: dt.datetime,
                   expected_version=None, **values) -> TrainingPlanItem:
    _require(can_manage(actor), _l("Only the quality manager plans training."))
    clean = _check_plan(values)
    if item is None:
        item = TrainingPlanItem(**clean)
        db.session.add(item)
        db.session.flush()
        audit_log.record_creation(item, PLAN_FIELDS, actor=actor, action="training_plan.create",
                                  now=now)
    else:
        check_version(item, expected_version)
        audit_log.apply_changes(item, clean, actor=actor, action="training_plan.update",
                                now=now)
    transaction.commit()
    return item


def delete_plan_item(item: TrainingPlanItem, *, actor, now: dt.datetime) -> None:
    _require(can_manage(actor), _l("Only the quality manager plans training."))
    linked = db.session.scalar(select(func.count(TrainingRecord.id))
                               .where(TrainingRecord.plan_item_id == item.id))
    if linked:
        raise InvalidTransition(_l("Training records are linked to this item; it stays."))
    audit_log.record(actor=actor, action="training_plan.delete", entity=item,
                     changes={"topic": [item.topic, None]}, now=now)
    db.session.delete(item)
    transaction.commit()


def install_default_requirements(*, actor, now: dt.datetime) -> int:
    """The neighbour's practice as a starting point: social work specialists collect 24
    hours of professional development a year and an 18-hour supervision cycle every 12
    months. Skips what is already there; returns how many were added."""
    from qms.training.defaults import DEFAULT_REQUIREMENTS

    _require(can_manage(actor), _l("Only the quality manager sets competence requirements."))
    added = 0
    for values in DEFAULT_REQUIREMENTS:
        exists = db.session.scalar(select(TrainingRequirement.id).where(
            TrainingRequirement.kind == values["kind"],
            TrainingRequirement.category == values["category"],
            TrainingRequirement.position_id.is_(None),
            TrainingRequirement.name == values["name"]))
        if exists is None:
            requirement = TrainingRequirement(**_check_requirement(dict(values)))
            db.session.add(requirement)
            db.session.flush()
            audit_log.record_creation(requirement, REQUIREMENT_FIELDS, actor=actor,
                                      action="training_requirement.create", now=now)
            added += 1
    transaction.commit()
    return added
