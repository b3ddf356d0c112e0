"""Use cases of the context register, the interested parties, the scoring method and the
register of risks and opportunities. The only code in the package that commits."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.auth.models import User
from qms.core import audit_log, transaction
from qms.core.concurrency import check_version
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.core.permissions import Permission
from qms.core.privacy import refuse_personal_codes
from qms.core.time import add_months, local_date
from qms.extensions import db
from qms.risks.models import (
    EXTERNAL_CATEGORIES,
    INTERNAL_CATEGORIES,
    PARTY_KIND_LABELS,
    REVIEW_MONTHS,
    ContextIssue,
    InterestedParty,
    IssueKind,
    IssueStatus,
    Risk,
    RiskKind,
    RiskSettings,
    RiskStatus,
    Treatment,
)

ISSUE_FIELDS = ["kind", "category", "title", "description", "effect", "status", "review_on",
                "process_ids"]
PARTY_FIELDS = ["name", "kind", "needs", "monitoring", "status", "review_on", "process_ids"]
RISK_FIELDS = ["kind", "title", "description", "source_issue_id", "source_party_id",
               "process_id", "owner_id", "likelihood", "impact", "score", "review_on",
               "status"]
SETTINGS_FIELDS = ["scale", "low_max", "medium_max", "high_max", "label_low", "label_medium",
                   "label_high", "label_critical"]
DEFAULT_SETTINGS = {"scale": 5, "low_max": 4, "medium_max": 9, "high_max": 15,
                    "label_low": "", "label_medium": "", "label_high": "",
                    "label_critical": ""}
REVIEW_NOTICE_DAYS = 14


def can_view(user) -> bool:
    return user.can(Permission.RISK_VIEW)


def can_manage(user) -> bool:
    return user.can(Permission.RISK_MANAGE)


def _require_manage(actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_l("You may not change the risk register."))


def _text(values: dict, name: str) -> str:
    return (values.get(name) or "").strip()


def _check_processes(ids) -> list[int]:
    from qms.processes.models import Process

    ids = sorted(set(ids or []))
    if ids and db.session.scalar(select(func.count(Process.id)).where(
            Process.id.in_(ids))) != len(ids):
        raise DomainError(_l("Choose processes from the list."), field="process_ids")
    return ids


def _check_review_on(review_on, field="review_on") -> None:
    if review_on is not None and not isinstance(review_on, dt.date):
        raise DomainError(_l("Write the date as dd.mm.yyyy."), field=field)


# --- the scoring method ---------------------------------------------------------------------

def settings() -> RiskSettings:
    """The saved scoring method, or the default one (5×5; 1–4 low, 5–9 medium, 10–15 high,
    16–25 critical) while nobody has saved it."""
    saved = db.session.scalar(select(RiskSettings).order_by(RiskSettings.id).limit(1))
    return saved if saved is not None else RiskSettings(**DEFAULT_SETTINGS)


def save_settings(*, actor, now: dt.datetime, expected_version=None, **values) -> RiskSettings:
    _require_manage(actor)
    values = {name: values.get(name, DEFAULT_SETTINGS[name]) for name in SETTINGS_FIELDS}
    for name in ("label_low", "label_medium", "label_high", "label_critical"):
        values[name] = (values[name] or "").strip()
        if len(values[name]) > 40:
            raise DomainError(_l("A label has at most 40 characters."), field=name)
    scale = values["scale"]
    if not isinstance(scale, int) or not 3 <= scale <= 10:
        raise DomainError(_l("The scale has 3 to 10 steps."), field="scale")
    low, medium, high = values["low_max"], values["medium_max"], values["high_max"]
    if not all(isinstance(v, int) for v in (low, medium, high)):
        raise DomainError(_l("Give every threshold as a whole number."), field="low_max")
    if low < 1:
        raise DomainError(_l("The low level starts at a score of 1."), field="low_max")
    if not low < medium:
        raise DomainError(_l("The medium threshold must be above the low one."),
                          field="medium_max")
    if not medium < high:
        raise DomainError(_l("The high threshold must be above the medium one."),
                          field="high_max")
    if not high < scale * scale:
        raise DomainError(_l("The high threshold must stay below the highest score "
                             "(%(max)s), so that the critical level exists.",
                             max=scale * scale), field="high_max")
    used = max((v or 0) for v in db.session.execute(select(
        func.max(Risk.likelihood), func.max(Risk.impact), func.max(Risk.residual_likelihood),
        func.max(Risk.residual_impact))).one())
    if used and used > scale:
        raise DomainError(_l("Risks are rated up to %(used)s; the scale cannot be smaller.",
                             used=used), field="scale")
    saved = db.session.scalar(select(RiskSettings).order_by(RiskSettings.id).limit(1))
    if saved is None:
        saved = RiskSettings(**values)
        db.session.add(saved)
        db.session.flush()
        audit_log.record_creation(saved, SETTINGS_FIELDS, actor=actor,
                                  action="risk_settings.create", now=now)
    else:
        check_version(saved, expected_version)
        audit_log.apply_changes(saved, values, actor=actor, action="risk_settings.update",
                                now=now)
    transaction.commit()
    return saved


def default_review_on(level: str | None, today: dt.date) -> dt.date:
    return add_months(today, REVIEW_MONTHS.get(level or "low", 12))


# --- context issues -------------------------------------------------------------------------

def _check_issue(values: dict) -> dict:
    kind = values.get("kind")
    if kind not in IssueKind.__members__.values():
        raise DomainError(_l("Choose internal or external."), field="kind")
    allowed = EXTERNAL_CATEGORIES if kind == IssueKind.EXTERNAL else INTERNAL_CATEGORIES
    if values.get("category") not in allowed:
        raise DomainError(_l("Choose a category that fits the kind of issue."),
                          field="category")
    if not _text(values, "title"):
        raise DomainError(_l("Name the issue."), field="title")
    status = values.get("status") or IssueStatus.ACTIVE
    if status not in IssueStatus.__members__.values():
        raise DomainError(_l("Choose the status."), field="status")
    _check_review_on(values.get("review_on"))
    refuse_personal_codes(title=values.get("title"), description=values.get("description"),
                          effect=values.get("effect"))
    return {"kind": kind, "category": values["category"], "title": _text(values, "title")[:200],
            "description": _text(values, "description"), "effect": _text(values, "effect"),
            "status": status, "review_on": values.get("review_on"),
            "process_ids": _check_processes(values.get("process_ids"))}


def save_issue(issue: ContextIssue | None, *, actor, now: dt.datetime, expected_version=None,
               **values) -> ContextIssue:
    _require_manage(actor)
    clean = _check_issue(values)
    today = local_date(now)
    if issue is None:
        process_ids = clean.pop("process_ids")
        issue = ContextIssue(created_at=now, updated_at=now, **clean,
                             closed_on=today if clean["status"] == IssueStatus.CLOSED else None)
        db.session.add(issue)
        issue.process_ids = process_ids
        db.session.flush()
        audit_log.record_creation(issue, ISSUE_FIELDS, actor=actor, action="context_issue.create",
                                  now=now)
    else:
        check_version(issue, expected_version)
        if clean["status"] != issue.status:
            clean["closed_on"] = today if clean["status"] == IssueStatus.CLOSED else None
        if audit_log.apply_changes(issue, clean, actor=actor, action="context_issue.update",
                                   now=now):
            issue.updated_at = now
    transaction.commit()
    return issue


def save_party(party: InterestedParty | None, *, actor, now: dt.datetime,
               expected_version=None, **values) -> InterestedParty:
    _require_manage(actor)
    if not _text(values, "name"):
        raise DomainError(_l("Name the interested party."), field="name")
    if values.get("kind") not in PARTY_KIND_LABELS:
        raise DomainError(_l("Choose the kind of party."), field="kind")
    if not _text(values, "needs"):
        raise DomainError(_l("Write the party's needs and expectations."), field="needs")
    status = values.get("status") or IssueStatus.ACTIVE
    if status not in IssueStatus.__members__.values():
        raise DomainError(_l("Choose the status."), field="status")
    _check_review_on(values.get("review_on"))
    refuse_personal_codes(needs=values.get("needs"), monitoring=values.get("monitoring"))
    clean = {"name": _text(values, "name")[:200], "kind": values["kind"],
             "needs": _text(values, "needs"), "monitoring": _text(values, "monitoring"),
             "status": status, "review_on": values.get("review_on"),
             "process_ids": _check_processes(values.get("process_ids"))}
    if party is None:
        process_ids = clean.pop("process_ids")
        party = InterestedParty(created_at=now, updated_at=now, **clean)
        db.session.add(party)
        party.process_ids = process_ids
        db.session.flush()
        audit_log.record_creation(party, PARTY_FIELDS, actor=actor,
                                  action="interested_party.create", now=now)
    else:
        check_version(party, expected_version)
        if audit_log.apply_changes(party, clean, actor=actor, action="interested_party.update",
                                   now=now):
            party.updated_at = now
    transaction.commit()
    return party


# --- risks and opportunities ----------------------------------------------------------------

def _check_rating(value, scale: int, field: str, label) -> int:
    if not isinstance(value, int) or not 1 <= value <= scale:
        raise DomainError(_l("Rate %(what)s from 1 to %(scale)s.", what=label, scale=scale),
                          field=field)
    return value


def _active_user(user_id, field: str, message) -> User:
    user = db.session.get(User, user_id or 0)
    if user is None or not user.is_active_account:
        raise DomainError(message, field=field)
    return user


def _check_risk(values: dict, method: RiskSettings) -> dict:
    kind = values.get("kind")
    if kind not in RiskKind.__members__.values():
        raise DomainError(_l("Choose risk or opportunity."), field="kind")
    if not _text(values, "title"):
        raise DomainError(_l("Name the risk or opportunity."), field="title")
    if values.get("source_issue_id") and db.session.get(
            ContextIssue, values["source_issue_id"]) is None:
        raise DomainError(_l("Choose the context issue from the list."),
                          field="source_issue_id")
    if values.get("source_party_id") and db.session.get(
            InterestedParty, values["source_party_id"]) is None:
        raise DomainError(_l("Choose the interested party from the list."),
                          field="source_party_id")
    if values.get("process_id"):
        from qms.processes.models import Process

        if db.session.get(Process, values["process_id"]) is None:
            raise DomainError(_l("Choose the process from the list."), field="process_id")
    _active_user(values.get("owner_id"), "owner_id", _l("Choose the owner."))
    likelihood = _check_rating(values.get("likelihood"), method.scale, "likelihood",
                               _l("the likelihood"))
    impact = _check_rating(values.get("impact"), method.scale, "impact", _l("the impact"))
    status = values.get("status") or RiskStatus.OPEN
    if status not in RiskStatus.__members__.values():
        raise DomainError(_l("Choose the status."), field="status")
    _check_review_on(values.get("review_on"))
    refuse_personal_codes(title=values.get("title"), description=values.get("description"))
    return {"kind": kind, "title": _text(values, "title")[:300],
            "description": _text(values, "description"),
            "source_issue_id": values.get("source_issue_id") or None,
            "source_party_id": values.get("source_party_id") or None,
            "process_id": values.get("process_id") or None, "owner_id": values["owner_id"],
            "likelihood": likelihood, "impact": impact, "score": likelihood * impact,
            "review_on": values.get("review_on"), "status": status}


def create_risk(*, actor, now: dt.datetime, **values) -> Risk:
    """Identify and rate a risk or an opportunity. Without a review date it gets one from its
    level (critical: 3 months, high: 6, otherwise 12)."""
    _require_manage(actor)
    method = settings()
    clean = _check_risk(values, method)
    if clean["review_on"] is None:
        clean["review_on"] = default_review_on(method.level(clean["score"]), local_date(now))
    year = local_date(now).year
    sequence = (db.session.scalar(select(func.max(Risk.sequence)).where(
        Risk.year == year)) or 0) + 1
    risk = Risk(number=f"R-{year}-{sequence:03d}", year=year, sequence=sequence,
                created_by_id=getattr(actor, "id", None), created_at=now, **clean)
    db.session.add(risk)
    db.session.flush()
    audit_log.record_creation(risk, RISK_FIELDS, actor=actor, action="risk.create", now=now)
    transaction.commit()
    return risk


def update_risk(risk: Risk, *, actor, now: dt.datetime, expected_version=None,
                **values) -> Risk:
    _require_manage(actor)
    check_version(risk, expected_version)
    method = settings()
    clean = _check_risk(values, method)
    if clean["kind"] == RiskKind.RISK and risk.treatment == Treatment.EXPLOIT:
        raise DomainError(_l("A risk cannot be exploited: change the treatment first."),
                          field="kind")
    if clean["review_on"] is None:
        clean["review_on"] = default_review_on(method.level(clean["score"]), local_date(now))
    audit_log.apply_changes(risk, clean, actor=actor, action="risk.update", now=now)
    transaction.commit()
    return risk


def set_treatment(risk: Risk, *, actor, now: dt.datetime, treatment: str,
                  approver_id: int | None = None, justification: str = "",
                  residual_likelihood: int | None = None, residual_impact: int | None = None,
                  review_on: dt.date | None = None, expected_version=None) -> Risk:
    """Choose how the risk or opportunity is treated and rate what remains after it.
    Accepting needs a named approver (a manager or the quality manager, not the owner) and a
    justification; only an opportunity can be exploited."""
    _require_manage(actor)
    check_version(risk, expected_version)
    if risk.status == RiskStatus.CLOSED:
        raise InvalidTransition(_l("The entry is closed."))
    if treatment not in Treatment.__members__.values():
        raise DomainError(_l("Choose the treatment."), field="treatment")
    if treatment == Treatment.EXPLOIT and risk.kind != RiskKind.OPPORTUNITY:
        raise DomainError(_l("Only an opportunity can be exploited."), field="treatment")
    justification = (justification or "").strip()
    if treatment == Treatment.ACCEPT:
        approver = _active_user(approver_id, "approver_id",
                                _l("Accepting a risk needs a named approver."))
        if approver.id == risk.owner_id:
            raise DomainError(_l("The owner cannot approve accepting their own risk."),
                              field="approver_id")
        if not (approver.can(Permission.RISK_MANAGE) or approver.can(Permission.REVIEW_APPROVE)):
            raise DomainError(_l("The approver must be a manager or the quality manager."),
                              field="approver_id")
        if not justification:
            raise DomainError(_l("Write why the risk is accepted."), field="justification")
    else:
        approver_id = None
    method = settings()
    if (residual_likelihood is None) != (residual_impact is None):
        raise DomainError(_l("Rate both the residual likelihood and impact, or neither."),
                          field="residual_likelihood")
    residual_score = None
    if residual_likelihood is not None:
        _check_rating(residual_likelihood, method.scale, "residual_likelihood",
                      _l("the residual likelihood"))
        _check_rating(residual_impact, method.scale, "residual_impact",
                      _l("the residual impact"))
        residual_score = residual_likelihood * residual_impact
    _check_review_on(review_on)
    refuse_personal_codes(justification=justification)
    if review_on is None:
        review_on = default_review_on(method.level(residual_score or risk.score),
                                      local_date(now))
    audit_log.apply_changes(risk, {
        "treatment": treatment, "approver_id": approver_id, "justification": justification,
        "residual_likelihood": residual_likelihood, "residual_impact": residual_impact,
        "residual_score": residual_score, "review_on": review_on},
        actor=actor, action="risk.treat", now=now)
    transaction.commit()
    return risk


def actions_of(risk: Risk) -> list:
    from qms.nonconformities.models import Action

    return list(db.session.scalars(select(Action).where(
        Action.source_type == "risk", Action.source_id == risk.id).order_by(Action.id)))


def add_risk_action(risk: Risk, *, actor, now: dt.datetime, title: str, owner_id: int | None,
                    due_on: dt.date | None, description: str = ""):
    """A treatment action: one of the shared actions (preventive for a risk, improvement for
    an opportunity), linked back to the entry."""
    from qms.nonconformities import services as nc_services
    from qms.nonconformities.models import ActionKind

    _require_manage(actor)
    if risk.status == RiskStatus.CLOSED:
        raise InvalidTransition(_l("The entry is closed."))
    if not risk.treatment:
        raise InvalidTransition(_l("Choose the treatment before planning actions."))
    if risk.treatment == Treatment.ACCEPT:
        raise InvalidTransition(_l("An accepted risk gets no treatment actions."))
    kind = ActionKind.IMPROVEMENT if risk.kind == RiskKind.OPPORTUNITY else ActionKind.PREVENTIVE
    with transaction.atomic():
        action = nc_services.add_action(
            actor=actor, now=now, nc=None, kind=kind, title=title, owner_id=owner_id,
            due_on=due_on, description=description, process_id=risk.process_id,
            source_type="risk", source_id=risk.id)
        audit_log.record(actor=actor, action="risk.add_action", entity=risk,
                         changes={"action": [None, action.title]}, now=now)
    return action


def can_evaluate(risk: Risk) -> bool:
    """Effectiveness is evaluated once the treatment actions are finished: at least one is
    done and none is still planned or in progress."""
    from qms.nonconformities.models import ActionStatus

    statuses = [a.status for a in actions_of(risk)]
    return (ActionStatus.DONE in statuses
            and all(s in (ActionStatus.DONE, ActionStatus.CANCELLED) for s in statuses))


def evaluate(risk: Risk, *, actor, now: dt.datetime, evaluator_id: int | None,
             effective: bool | None, comment: str = "", evaluated_on: dt.date | None = None,
             expected_version=None) -> Risk:
    """Record whether the treatment worked. The evaluator is not the owner (four eyes)."""
    _require_manage(actor)
    check_version(risk, expected_version)
    if not can_evaluate(risk):
        raise InvalidTransition(_l("Evaluate the effectiveness once the treatment actions "
                                   "are done."))
    evaluator = _active_user(evaluator_id, "evaluator_id", _l("Choose the evaluator."))
    if evaluator.id == risk.owner_id:
        raise DomainError(_l("The owner cannot evaluate their own treatment."),
                          field="evaluator_id")
    if effective is None:
        raise DomainError(_l("Say whether the treatment was effective."), field="effective")
    comment = (comment or "").strip()
    if not effective and not comment:
        raise DomainError(_l("Explain why the treatment was not effective."), field="comment")
    today = local_date(now)
    evaluated_on = evaluated_on or today
    if evaluated_on > today:
        raise DomainError(_l("The evaluation cannot be dated in the future."),
                          field="evaluated_on")
    refuse_personal_codes(comment=comment)
    audit_log.apply_changes(risk, {"evaluated_on": evaluated_on, "effective": effective,
                                   "evaluation_comment": comment,
                                   "evaluator_id": evaluator.id},
                            actor=actor, action="risk.evaluate", now=now)
    transaction.commit()
    return risk


def review_due(*, today: dt.date):
    """Open entries whose review date is within the notice period or past."""
    return (select(Risk).where(Risk.status == RiskStatus.OPEN, Risk.review_on.is_not(None),
                               Risk.review_on <= today + dt.timedelta(days=REVIEW_NOTICE_DAYS))
            .order_by(Risk.review_on, Risk.id))

