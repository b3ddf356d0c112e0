"""Use cases of the external provider register: providers, the evaluation criteria and the
yearly evaluation.

The weighted score is sum(weight x score) / sum(weights) over the active criteria, each
scored 1-5, rounded to two decimals. Every active criterion must be scored, a decision
(continue / continue with improvements / stop) is required, and "improve" or "stop" needs a
comment saying why.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.core import audit_log, transaction
from qms.core.errors import DomainError, PermissionDenied
from qms.core.permissions import Permission
from qms.core.privacy import refuse_personal_codes
from qms.core.time import local_date
from qms.extensions import db
from qms.providers.models import (
    DECISION_LABELS,
    PROVIDER_KIND_LABELS,
    PROVIDER_STATUS_LABELS,
    Decision,
    EvaluationScore,
    Provider,
    ProviderCriterion,
    ProviderEvaluation,
)

PROVIDER_FIELDS = ["name", "registration_number", "kind", "provides", "contact",
                   "contract_number", "contract_from", "contract_to", "unit_id", "status",
                   "notes"]
TEXT_FIELDS = {"name", "registration_number", "provides", "contact", "contract_number",
               "notes"}

# name, description, weight
DEFAULT_CRITERIA = [
    (_l("Quality of the service"), _l("The service meets the agreed content and standards."),
     3),
    (_l("Timeliness"), _l("Services and reports are delivered on time."), 2),
    (_l("Compliance with the contract"), _l("Contract terms, legal and data protection "
                                            "requirements are kept."), 2),
    (_l("Client feedback"), _l("Complaints, surveys and the social workers' observations."),
     3),
]


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _l("You may not change the provider register."))


def can_manage(user) -> bool:
    return user.can(Permission.PROVIDER_MANAGE)


# --- criteria -------------------------------------------------------------------------------

def install_default_criteria(*, actor) -> int:
    """The default criteria, when there are none yet; returns how many were added."""
    _require(can_manage(actor))
    if db.session.scalar(select(func.count(ProviderCriterion.id))):
        return 0
    for position, (name, description, weight) in enumerate(DEFAULT_CRITERIA, start=1):
        criterion = ProviderCriterion(name=str(name), description=str(description),
                                      weight=weight, position=position)
        db.session.add(criterion)
        db.session.flush()
        audit_log.record_creation(criterion, ["name", "weight"], actor=actor,
                                  action="provider_criterion.create")
    transaction.commit()
    return len(DEFAULT_CRITERIA)


def active_criteria() -> list[ProviderCriterion]:
    return list(db.session.scalars(select(ProviderCriterion)
                                   .where(ProviderCriterion.is_active.is_(True))
                                   .order_by(ProviderCriterion.position, ProviderCriterion.id)))


def save_criterion(criterion: ProviderCriterion | None, *, actor, name: str,
                   description: str = "", weight: int | None = 1,
                   is_active: bool = True) -> ProviderCriterion:
    _require(can_manage(actor))
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Enter the name."), field="name")
    if weight is None or not 1 <= weight <= 10:
        raise DomainError(_l("The weight is a whole number from 1 to 10."), field="weight")
    clash = db.session.scalar(select(ProviderCriterion).where(ProviderCriterion.name == name))
    if clash is not None and clash is not criterion:
        raise DomainError(_l("This criterion is already on the list."), field="name")
    values = {"name": name[:200], "description": (description or "").strip()[:500],
              "weight": weight, "is_active": is_active}
    if criterion is None:
        position = (db.session.scalar(select(func.max(ProviderCriterion.position))) or 0) + 1
        criterion = ProviderCriterion(position=position, **values)
        db.session.add(criterion)
        db.session.flush()
        audit_log.record_creation(criterion, list(values), actor=actor,
                                  action="provider_criterion.create")
    else:
        audit_log.apply_changes(criterion, values, actor=actor,
                                action="provider_criterion.update")
    transaction.commit()
    return criterion


# --- providers ------------------------------------------------------------------------------

def _clean(values: dict) -> dict:
    out = {name: values.get(name) for name in PROVIDER_FIELDS}
    for name in TEXT_FIELDS:
        out[name] = (out[name] or "").strip()
    out["status"] = out["status"] or "active"
    return out


def _check(values: dict, provider: Provider | None = None) -> None:
    if not values["name"]:
        raise DomainError(_l("Enter the name."), field="name")
    clash = db.session.scalar(select(Provider).where(Provider.name == values["name"]))
    if clash is not None and clash is not provider:
        raise DomainError(_l("This provider is already in the register."), field="name")
    if values.get("kind") not in PROVIDER_KIND_LABELS:
        raise DomainError(_l("Choose the kind of provider."), field="kind")
    if values.get("status") not in PROVIDER_STATUS_LABELS:
        raise DomainError(_l("Choose the status."), field="status")
    if values.get("contract_from") and values.get("contract_to") \
            and values["contract_to"] < values["contract_from"]:
        raise DomainError(_l("The contract cannot end before it starts."), field="contract_to")
    refuse_personal_codes(provides=values.get("provides"), contact=values.get("contact"),
                          notes=values.get("notes"))


def register(*, actor, now: dt.datetime, **values) -> Provider:
    _require(can_manage(actor))
    values = _clean(values)
    _check(values)
    provider = Provider(created_at=now, **values)
    db.session.add(provider)
    db.session.flush()
    audit_log.record_creation(provider, PROVIDER_FIELDS, actor=actor, action="provider.create",
                              now=now)
    transaction.commit()
    return provider


def update(provider: Provider, *, actor, now: dt.datetime, expected_version=None,
           **values) -> Provider:
    from qms.core.concurrency import check_version

    _require(can_manage(actor))
    check_version(provider, expected_version)
    values = _clean(values)
    _check(values, provider)
    audit_log.apply_changes(provider, values, actor=actor, action="provider.update", now=now)
    transaction.commit()
    return provider


# --- evaluation -----------------------------------------------------------------------------

def weighted_score(pairs) -> Decimal:
    """``pairs``: (weight, score) -> sum(w x s) / sum(w), two decimals."""
    pairs = list(pairs)
    total_weight = sum(w for w, _s in pairs)
    if not pairs or total_weight <= 0:
        raise DomainError(_l("There are no evaluation criteria."))
    value = Decimal(sum(w * s for w, s in pairs)) / Decimal(total_weight)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def evaluate(provider: Provider, *, actor, now: dt.datetime, year: int,
             scores: dict[int, int | None], decision: str | None,
             comment: str = "", evaluated_on: dt.date | None = None) -> ProviderEvaluation:
    """``scores``: criterion id -> 1..5 for every active criterion."""
    _require(can_manage(actor))
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError(_l("Give the year evaluated."), field="year")
    if db.session.scalar(select(ProviderEvaluation.id).where(
            ProviderEvaluation.provider_id == provider.id, ProviderEvaluation.year == year)):
        raise DomainError(_l("This provider is already evaluated for %(year)s.", year=year),
                          field="year")
    criteria = active_criteria()
    if not criteria:
        raise DomainError(_l("There are no evaluation criteria."))
    for criterion in criteria:
        value = scores.get(criterion.id)
        if value is None or not 1 <= int(value) <= 5:
            raise DomainError(_l("Score every criterion from 1 to 5."),
                              field=f"c{criterion.id}")
    if decision not in DECISION_LABELS:
        raise DomainError(_l("Choose the decision."), field="decision")
    comment = (comment or "").strip()
    if decision != Decision.CONTINUE and not comment:
        raise DomainError(_l("Say why: what must improve, or why the cooperation stops."),
                          field="comment")
    refuse_personal_codes(comment=comment)
    score = weighted_score((c.weight, int(scores[c.id])) for c in criteria)
    evaluation = ProviderEvaluation(
        provider=provider, year=year, score=score, decision=decision, comment=comment,
        evaluated_on=evaluated_on or local_date(now),
        evaluated_by_id=getattr(actor, "id", None), created_at=now,
        scores=[EvaluationScore(criterion_id=c.id, criterion_name=c.name, weight=c.weight,
                                score=int(scores[c.id])) for c in criteria])
    db.session.add(evaluation)
    db.session.flush()
    audit_log.record(actor=actor, action="provider.evaluate", entity=provider,
                     changes={"year": [None, year], "score": [None, str(score)],
                              "decision": [None, decision]}, note=comment, now=now)
    transaction.commit()
    return evaluation
