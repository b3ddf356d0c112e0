"""Management review inputs from the risk and context registers (ISO 9001 9.3.2 b and e).
Each function returns ``{"figures": {...}, "tables": [...], "trend_series": {...}}``; keys are
explained in ``LABELS``."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

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


def _flag(condition):
    """How many rows of a group meet ``condition`` (SUM of a CASE)."""
    return func.sum(case((condition, 1), else_=0))


def risk_effectiveness(year: int) -> dict:
    """9.3.2 e): the entries of the register at the end of ``year``, by level, treated, their
    actions and the effectiveness evaluations of the year."""
    from qms.reviews.assemble import _table, _years  # here: assemble may import this module

    method = settings()
    years = _years(year)
    high_from = method.medium_max + 1
    # The register at the end of each year of the trend (risks and opportunities, high and
    # critical risks): one grouped pass.
    trend_rows = db.session.execute(
        select(Risk.kind, *[_flag(Risk.created_at < _end(y)) for y in years],
               *[_flag((Risk.created_at < _end(y)) & (Risk.score >= high_from)) for y in years])
        .where(Risk.created_at < _end(year)).group_by(Risk.kind)).all()
    existing = {kind: [int(n or 0) for n in counts[:len(years)]]
                for kind, *counts in trend_rows}
    high = {kind: [int(n or 0) for n in counts[len(years):]] for kind, *counts in trend_rows}
    by_level = {f"level_{level}": 0 for level in ("low", "medium", "high", "critical")}
    treated = 0
    for score, count, with_treatment in db.session.execute(
            select(Risk.score, func.count(Risk.id), _flag(Risk.treatment != ""))
            .where(_existing(year)).group_by(Risk.score)):
        by_level[f"level_{method.level(score)}"] += count
        treated += int(with_treatment or 0)
    risk_ids = select(Risk.id).where(_existing(year))
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    actions_done, actions_open = db.session.execute(
        select(_flag((Action.status == ActionStatus.DONE) & (Action.done_on >= first)
                     & (Action.done_on <= last)),
               _flag(Action.status.in_([ActionStatus.PLANNED, ActionStatus.IN_PROGRESS])
                     & (Action.created_at < _end(year))))
        .where(Action.source_type == "risk", Action.source_id.in_(risk_ids))).one()
    evaluations = dict(db.session.execute(
        select(Risk.effective, func.count(Risk.id))
        .where(Risk.evaluated_on >= first, Risk.evaluated_on <= last)
        .group_by(Risk.effective)).all())
    figures = {
        "risks": existing.get(RiskKind.RISK, [0])[-1],
        "opportunities": existing.get(RiskKind.OPPORTUNITY, [0])[-1],
        **by_level,
        "treated": treated,
        "actions_done": int(actions_done or 0),
        "actions_open": int(actions_open or 0),
        "evaluations_effective": evaluations.get(True, 0),
        "evaluations_not_effective": evaluations.get(False, 0),
    }
    rows = []
    for risk in db.session.scalars(
            select(Risk).options(selectinload(Risk.process))
            .where(_existing(year), Risk.kind == RiskKind.RISK, Risk.score >= high_from)
            .order_by(Risk.score.desc(), Risk.number).limit(50)):
        rows.append([risk.number, risk.title, risk.process.code if risk.process else "",
                     risk.score, str(method.label(method.level(risk.score))),
                     str(risk.treatment_label) if risk.treatment else "",
                     risk.residual_score or "",
                     "" if risk.effective is None else risk.effective])
    trend = {"risks": existing.get(RiskKind.RISK, [0] * len(years)),
             "opportunities": existing.get(RiskKind.OPPORTUNITY, [0] * len(years)),
             "high_critical": high.get(RiskKind.RISK, [0] * len(years))}
    return {"figures": figures,
            "tables": [_table("high_critical_risks",
                              ["number", "title", "process", "score", "level", "treatment",
                               "residual_score", "effective"], rows)],
            "trend_series": trend}


_CONTEXT_TYPES = {"context_issue": "issue", "interested_party": "party"}


def _event_counts(years: list[int]) -> dict[tuple[str, int], int]:
    """(action, year) -> how many context issues or interested parties had that event
    ("context_issue.create" ...) in that year, each entry once: one grouped query over the
    trend years."""
    at = AuditEvent.at
    actions = [f"{entity_type}.{verb}" for entity_type in _CONTEXT_TYPES
               for verb in ("create", "update")]
    events = (select(AuditEvent.entity_type.label("type"), AuditEvent.action.label("action"),
                     AuditEvent.entity_id.label("entity"),
                     case(*[(at < _end(y), y) for y in years]).label("year"))
              .where(AuditEvent.entity_type.in_(list(_CONTEXT_TYPES)),
                     AuditEvent.action.in_(actions),
                     at >= _start(years[0]), at < _end(years[-1])).subquery())
    return {(action, y): count for entity_type, action, y, count in db.session.execute(
        select(events.c.type, events.c.action, events.c.year,
               func.count(func.distinct(events.c.entity)))
        .group_by(events.c.type, events.c.action, events.c.year))
        if action.startswith(f"{entity_type}.")}


def context_register_changes(year: int) -> dict:
    """9.3.2 b): issues and interested parties added, changed and closed in ``year``, and the
    changes themselves (from the audit trail)."""
    from qms.reviews.assemble import _table, _years

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    years = _years(year)
    events = _event_counts(years)
    figures = {
        "issues_added": events.get(("context_issue.create", year), 0),
        "issues_changed": events.get(("context_issue.update", year), 0),
        "issues_closed": _count(select(func.count(ContextIssue.id)).where(
            ContextIssue.closed_on >= first, ContextIssue.closed_on <= last)),
        "issues_active": _count(select(func.count(ContextIssue.id)).where(
            ContextIssue.created_at < _end(year),
            (ContextIssue.closed_on.is_(None)) | (ContextIssue.closed_on > last))),
        "parties_added": events.get(("interested_party.create", year), 0),
        "parties_changed": events.get(("interested_party.update", year), 0),
    }
    rows = []
    for event in db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type.in_(list(_CONTEXT_TYPES)),
                                     AuditEvent.at >= _start(year), AuditEvent.at < _end(year))
            .order_by(AuditEvent.at, AuditEvent.id).limit(200)):
        rows.append([event.at.date().isoformat(), _CONTEXT_TYPES[event.entity_type],
                     event.entity_label, event.action.split(".")[-1],
                     ", ".join(sorted(event.changes or {}))])
    trend = {"issues_added": [events.get(("context_issue.create", y), 0) for y in years],
             "issues_changed": [events.get(("context_issue.update", y), 0) for y in years],
             "parties_changed": [events.get(("interested_party.update", y), 0)
                                 for y in years]}
    return {"figures": figures,
            "tables": [_table("context_changes", ["date", "register", "entry", "change",
                                                  "fields"], rows)],
            "trend_series": trend}


