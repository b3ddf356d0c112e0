"""Management review inputs from the risk and context registers (ISO 9001 9.3.2 b and e).
Each function returns ``{"figures": {...}, "tables": [...], "trend_series": {...}}``; keys are
explained in ``LABELS``."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.core.audit_log import AuditEvent
from qms.extensions import db
from qms.nonconformities.models import Action, ActionStatus
from qms.risks.models import ContextIssue, Risk, RiskKind
from qms.risks.services import settings

LABELS = {
    # e) risks and opportunities
    "risks": _l("Risks"),
    "opportunities": _l("Opportunities"),
    "level_low": _l("Low level"),
    "level_medium": _l("Medium level"),
    "level_high": _l("High level"),
    "level_critical": _l("Critical level"),
    "treated": _l("With a treatment chosen"),
    "actions_done": _l("Treatment actions done in the year"),
    "actions_open": _l("Treatment actions open"),
    "evaluations_effective": _l("Evaluations: effective"),
    "evaluations_not_effective": _l("Evaluations: not effective"),
    "high_critical": _l("High and critical"),
    "high_critical_risks": _l("High and critical risks"),
    "number": _l("Number"),
    "title": _l("Title"),
    "process": _l("Process"),
    "score": _l("Score"),
    "level": _l("Level"),
    "treatment": _l("Treatment"),
    "residual_score": _l("Residual score"),
    "effective": _l("Effective"),
    # b) changes in the context
    "issues_added": _l("Context issues added"),
    "issues_changed": _l("Context issues changed"),
    "issues_closed": _l("Context issues closed"),
    "issues_active": _l("Context issues active at the end of the year"),
    "parties_added": _l("Interested parties added"),
    "parties_changed": _l("Interested parties changed"),
    "context_changes": _l("Changes in the context registers"),
    "date": _l("Date"),
    "register": _l("Register"),
    "entry": _l("Entry"),
    "change": _l("Change"),
    "fields": _l("Fields changed"),
    "issue": _l("Context issue"),
    "party": _l("Interested party"),
}


def _end(year: int) -> dt.datetime:
    return dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)


def _start(year: int) -> dt.datetime:
    return dt.datetime(year, 1, 1, tzinfo=dt.UTC)


def _existing(year: int):
    return Risk.created_at < _end(year)


def _count(stmt) -> int:
    return db.session.scalar(stmt) or 0


def risk_effectiveness(year: int) -> dict:
    """9.3.2 e): the entries of the register at the end of ``year``, by level, treated, their
    actions and the effectiveness evaluations of the year."""
    from qms.reviews.assemble import _table, _years  # here: assemble may import this module

    method = settings()
    kinds = dict(db.session.execute(select(Risk.kind, func.count(Risk.id))
                                    .where(_existing(year)).group_by(Risk.kind)).all())
    by_level = {f"level_{level}": 0 for level in ("low", "medium", "high", "critical")}
    for score, count in db.session.execute(select(Risk.score, func.count(Risk.id))
                                           .where(_existing(year)).group_by(Risk.score)):
        by_level[f"level_{method.level(score)}"] += count
    risk_ids = select(Risk.id).where(_existing(year))
    actions = (Action.source_type == "risk", Action.source_id.in_(risk_ids))
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    evaluations = dict(db.session.execute(
        select(Risk.effective, func.count(Risk.id))
        .where(Risk.evaluated_on >= first, Risk.evaluated_on <= last)
        .group_by(Risk.effective)).all())
    figures = {
        "risks": kinds.get(RiskKind.RISK, 0),
        "opportunities": kinds.get(RiskKind.OPPORTUNITY, 0),
        **by_level,
        "treated": _count(select(func.count(Risk.id)).where(_existing(year),
                                                            Risk.treatment != "")),
        "actions_done": _count(select(func.count(Action.id)).where(
            *actions, Action.status == ActionStatus.DONE, Action.done_on >= first,
            Action.done_on <= last)),
        "actions_open": _count(select(func.count(Action.id)).where(
            *actions, Action.status.in_([ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]),
            Action.created_at < _end(year))),
        "evaluations_effective": evaluations.get(True, 0),
        "evaluations_not_effective": evaluations.get(False, 0),
    }
    high_from = method.medium_max + 1
    rows = []
    for risk in db.session.scalars(
            select(Risk).where(_existing(year), Risk.kind == RiskKind.RISK,
                               Risk.score >= high_from)
            .order_by(Risk.score.desc(), Risk.number).limit(50)):
        rows.append([risk.number, risk.title, risk.process.code if risk.process else "",
                     risk.score, str(method.label(method.level(risk.score))),
                     str(risk.treatment_label) if risk.treatment else "",
                     risk.residual_score or "",
                     "" if risk.effective is None else risk.effective])
    trend = {"risks": [], "opportunities": [], "high_critical": []}
    for each in _years(year):
        counts = dict(db.session.execute(select(Risk.kind, func.count(Risk.id))
                                         .where(_existing(each)).group_by(Risk.kind)).all())
        trend["risks"].append(counts.get(RiskKind.RISK, 0))
        trend["opportunities"].append(counts.get(RiskKind.OPPORTUNITY, 0))
        trend["high_critical"].append(_count(select(func.count(Risk.id)).where(
            _existing(each), Risk.kind == RiskKind.RISK, Risk.score >= high_from)))
    return {"figures": figures,
            "tables": [_table("high_critical_risks",
                              ["number", "title", "process", "score", "level", "treatment",
                               "residual_score", "effective"], rows)],
            "trend_series": trend}


_CONTEXT_TYPES = {"context_issue": "issue", "interested_party": "party"}


def _events(year: int, entity_type: str, action: str) -> int:
    return _count(select(func.count(func.distinct(AuditEvent.entity_id))).where(
        AuditEvent.entity_type == entity_type, AuditEvent.action == action,
        AuditEvent.at >= _start(year), AuditEvent.at < _end(year)))


def context_register_changes(year: int) -> dict:
    """9.3.2 b): issues and interested parties added, changed and closed in ``year``, and the
    changes themselves (from the audit trail)."""
    from qms.reviews.assemble import _table, _years

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    figures = {
        "issues_added": _events(year, "context_issue", "context_issue.create"),
        "issues_changed": _events(year, "context_issue", "context_issue.update"),
        "issues_closed": _count(select(func.count(ContextIssue.id)).where(
            ContextIssue.closed_on >= first, ContextIssue.closed_on <= last)),
        "issues_active": _count(select(func.count(ContextIssue.id)).where(
            ContextIssue.created_at < _end(year),
            (ContextIssue.closed_on.is_(None)) | (ContextIssue.closed_on > last))),
        "parties_added": _events(year, "interested_party", "interested_party.create"),
        "parties_changed": _events(year, "interested_party", "interested_party.update"),
    }
    rows = []
    for event in db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type.in_(list(_CONTEXT_TYPES)),
                                     AuditEvent.at >= _start(year), AuditEvent.at < _end(year))
            .order_by(AuditEvent.at, AuditEvent.id).limit(200)):
        rows.append([event.at.date().isoformat(), _CONTEXT_TYPES[event.entity_type],
                     event.entity_label, event.action.split(".")[-1],
                     ", ".join(sorted(event.changes or {}))])
    trend = {"issues_added": [], "issues_changed": [], "parties_changed": []}
    for each in _years(year):
        trend["issues_added"].append(_events(each, "context_issue", "context_issue.create"))
        trend["issues_changed"].append(_events(each, "context_issue", "context_issue.update"))
        trend["parties_changed"].append(
            _events(each, "interested_party", "interested_party.update"))
    return {"figures": figures,
            "tables": [_table("context_changes", ["date", "register", "entry", "change",
                                                  "fields"], rows)],
            "trend_series": trend}


