"""The input pack of a management review (ISO 9001:2015 9.3.2): one section per input, each
with the figures of the year and the two years before (the trend), computed in SQL from the
other modules. Everything in it is JSON-ready (amounts as strings, dates as ISO text), so it
can be frozen as the review's snapshot.

A section looks like::

    {"key": "c4_nonconformities", "clause": "9.3.2 c) 4)", "available": True, "empty": False,
     "notes": ["..."], "figures": {"opened": 3, ...},
     "tables": [{"key": "by_category", "columns": ["category", "count"], "rows": [[...]]}],
     "trend": {"years": [2024, 2025, 2026], "series": {"opened": [1, 2, 3]}}}

``available`` is False where qms has no module for the input yet; such sections, and empty
ones, need a written "no data / not applicable" reason before the review can be approved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select

from qms.audits.models import (
    FINDING_RESULTS,
    Audit,
    AuditItem,
    AuditProgramme,
    AuditStatus,
    AuditType,
    audit_process,
)
from qms.documents.models import Document, DocumentType, DocumentVersion
from qms.extensions import db
from qms.inspections.models import Authority, Inspection, Prescription, PrescriptionStatus
from qms.nonconformities import queries as nc_queries
from qms.nonconformities.models import (
    Action,
    ActionKind,
    ActionStatus,
    Feedback,
    FeedbackKind,
    NcStatus,
    Nonconformity,
)
from qms.org import queries as org_queries
from qms.org.models import Position
from qms.processes.models import Process
from qms.reviews.models import ManagementReview, ReviewOutput, ReviewStatus

TREND_YEARS = 3
PACK_VERSION = 1
# Long lists are cut to what a board reads (the figures still count everything).
LIST_LIMIT = 25
REGISTER_LIMIT = 12

SECTION_KEYS = (
    "a_previous_actions", "b_context_changes", "c1_client_feedback", "c2_objectives",
    "c3_process_performance", "c4_nonconformities", "c5_monitoring", "c6_audits",
    "c7_providers", "d_resources", "e_risks", "f_improvement",
)
CLAUSES = {
    "a_previous_actions": "9.3.2 a)", "b_context_changes": "9.3.2 b)",
    "c1_client_feedback": "9.3.2 c) 1)", "c2_objectives": "9.3.2 c) 2)",
    "c3_process_performance": "9.3.2 c) 3)", "c4_nonconformities": "9.3.2 c) 4)",
    "c5_monitoring": "9.3.2 c) 5)", "c6_audits": "9.3.2 c) 6)", "c7_providers": "9.3.2 c) 7)",
    "d_resources": "9.3.2 d)", "e_risks": "9.3.2 e)", "f_improvement": "9.3.2 f)",
}
_OPEN_ACTIONS = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
_DONE_AUDITS = (AuditStatus.REPORTED, AuditStatus.FOLLOW_UP, AuditStatus.CLOSED)


# --- helpers --------------------------------------------------------------------------------

def jsonable(value):
    """Decimal -> str, dates -> ISO text, tuples -> lists, recursively."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def pack_sha256(pack: dict) -> str:
    text = json.dumps(pack, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _years(year: int) -> list[int]:
    return list(range(year - TREND_YEARS + 1, year + 1))


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def _moments(year: int) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime(year, 1, 1, tzinfo=dt.UTC), dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC))


def _section(key: str, *, available: bool = True, empty: bool = False, notes=(), figures=None,
             tables=(), trend=None) -> dict:
    return {"key": key, "clause": CLAUSES[key], "available": available,
            "empty": bool(empty) or not available, "notes": list(notes),
            "figures": figures or {}, "tables": list(tables), "trend": trend}


def _table(key: str, columns: list[str], rows) -> dict:
    return {"key": key, "columns": columns, "rows": [list(r) for r in rows]}


def _trend(years: list[int], **series) -> dict:
    return {"years": years, "series": series}


def _audits_of(year: int):
    """The condition for the audits of a year: in that year's programme, or dated in it."""
    start, end = _bounds(year)
    day = func.coalesce(Audit.actual_start, Audit.planned_start)
    return or_(Audit.programme_id.in_(select(AuditProgramme.id)
                                      .where(AuditProgramme.year == year)),
               and_(Audit.programme_id.is_(None), day >= start, day < end))


# --- a) status of actions from previous reviews -------------------------------------------

def previous_actions(year: int, *, today: dt.date) -> dict:
    """Outputs of the earlier approved reviews and where their actions stand now."""
    base = (select(ManagementReview.year, ReviewOutput.output_class, Action.title,
                   Action.status, Action.due_on, Action.done_on, Action.id)
            .join(ReviewOutput, ReviewOutput.review_id == ManagementReview.id)
            .join(Action, Action.id == ReviewOutput.action_id)
            .where(ManagementReview.year < year,
                   ManagementReview.status == ReviewStatus.APPROVED)
            .order_by(ManagementReview.year.desc(), Action.id))
    rows = db.session.execute(base).all()
    by_status: dict[str, int] = {}
    listing = []
    overdue = 0
    for review_year, output_class, title, status, due_on, done_on, action_id in rows:
        by_status[status] = by_status.get(status, 0) + 1
        late = status in _OPEN_ACTIONS and due_on is not None and due_on < today
        overdue += late
        listing.append([review_year, output_class, title, status, due_on, done_on, late,
                        action_id])
    years = _years(year)
    series_total, series_done = [], []
    for y in years:
        counts = dict(db.session.execute(
            select(Action.status, func.count(Action.id))
            .join(ReviewOutput, ReviewOutput.action_id == Action.id)
            .join(ManagementReview, ManagementReview.id == ReviewOutput.review_id)
            .where(ManagementReview.year == y - 1,
                   ManagementReview.status == ReviewStatus.APPROVED)
            .group_by(Action.status)).all())
        series_total.append(sum(counts.values()))
        series_done.append(counts.get(ActionStatus.DONE, 0))
    return _section(
        "a_previous_actions", empty=not rows,
        figures={"outputs": len(rows), "done": by_status.get(ActionStatus.DONE, 0),
                 "open": sum(by_status.get(s, 0) for s in _OPEN_ACTIONS),
                 "cancelled": by_status.get(ActionStatus.CANCELLED, 0), "overdue": overdue},
        tables=[_table("by_status", ["status", "count"], sorted(by_status.items())),
                _table("previous_outputs", ["review_year", "output_class", "title", "status",
                                            "due_on", "done_on", "overdue", "action_id"],
                       listing)],
        trend=_trend(years, outputs_of_previous_review=series_total,
                     done_of_previous_review=series_done))


# --- b) changes in external and internal issues -------------------------------------------

def _changed_documents(year: int, *, external: bool):
    start, end = _moments(year)
    return (select(Document.code, Document.title, DocumentVersion.major,
                   DocumentVersion.minor, DocumentVersion.effective_at)
            .join(DocumentVersion, DocumentVersion.document_id == Document.id)
            .join(DocumentType, DocumentType.id == Document.type_id)
            .where(DocumentType.is_external.is_(external),
                   DocumentVersion.effective_at >= start, DocumentVersion.effective_at < end)
            .order_by(DocumentVersion.effective_at, Document.code))


def _count_changed(year: int, *, external: bool) -> int:
    sub = _changed_documents(year, external=external).subquery()
    return db.session.scalar(select(func.count(func.distinct(sub.c.code)))) or 0


def context_changes(year: int) -> dict:
    external_rows = db.session.execute(_changed_documents(year, external=True)
                                       .limit(LIST_LIMIT * 2)).all()
    years = _years(year)
    external_trend = [_count_changed(y, external=True) for y in years]
    internal_trend = [_count_changed(y, external=False) for y in years]
    rows = [[code, title, f"{major}.{minor}", at.date() if at else None]
            for code, title, major, minor, at in external_rows]
    return _section(
        "b_context_changes", empty=not (external_trend[-1] or internal_trend[-1]),
        notes=["context_register_missing"],
        figures={"external_documents_changed": external_trend[-1],
                 "documents_changed": internal_trend[-1]},
        tables=[_table("external_changes", ["code", "title", "version", "effective_on"],
                       rows)],
        trend=_trend(years, external_documents_changed=external_trend,
                     documents_changed=internal_trend))


# --- c) performance and effectiveness ------------------------------------------------------

def client_feedback(year: int) -> dict:
    years = _years(year)
    per_kind = {kind: [] for kind in FeedbackKind}
    for y in years:
        counts = dict(db.session.execute(
            select(Feedback.kind, func.count(Feedback.id)).where(Feedback.year == y)
            .group_by(Feedback.kind)).all())
        for kind in FeedbackKind:
            per_kind[kind].append(counts.get(kind, 0))
    justified = db.session.scalar(select(func.count(Feedback.id)).where(
        Feedback.year == year, Feedback.kind == FeedbackKind.COMPLAINT,
        Feedback.justified.is_(True))) or 0
    unanswered = db.session.scalar(select(func.count(Feedback.id)).where(
        Feedback.year == year, Feedback.answered_on.is_(None))) or 0
    total = sum(series[-1] for series in per_kind.values())
    return _section(
        "c1_client_feedback", empty=not total, notes=["surveys_missing"],
        figures={"feedback": total, **{f"{k.value}s": per_kind[k][-1] for k in FeedbackKind},
                 "justified_complaints": justified, "unanswered": unanswered},
        tables=[_table("by_topic", ["kind", "topic", "count"],
                       nc_queries.feedback_by_topic(year)[:LIST_LIMIT])],
        trend=_trend(years, **{f"{k.value}s": per_kind[k] for k in FeedbackKind}))


def objectives(year: int) -> dict:
    return _section("c2_objectives", available=False, notes=["objectives_missing"],
                    trend=_trend(_years(year)))


def _nc_by_process(year: int) -> dict[str, int]:
    return {code: count for code, count in db.session.execute(
        select(Process.code, func.count(Nonconformity.id))
        .join(Nonconformity, Nonconformity.process_id == Process.id)
        .where(Nonconformity.year == year).group_by(Process.code)).all()}


def process_performance(year: int) -> dict:
    processes = db.session.execute(select(Process.id, Process.code, Process.name)
                                   .order_by(Process.code)).all()
    ncs = _nc_by_process(year)
    open_ncs = {code: count for code, count in db.session.execute(
        select(Process.code, func.count(Nonconformity.id))
        .join(Nonconformity, Nonconformity.process_id == Process.id)
        .where(Nonconformity.year == year,
               Nonconformity.status.in_(nc_queries.OPEN_STATUSES))
        .group_by(Process.code)).all()}
    audits = {code: count for code, count in db.session.execute(
        select(Process.code, func.count(func.distinct(Audit.id)))
        .join(audit_process, audit_process.c.process_id == Process.id)
        .join(Audit, Audit.id == audit_process.c.audit_id)
        .where(_audits_of(year), Audit.status != AuditStatus.CANCELLED)
        .group_by(Process.code)).all()}
    rows = [[code, name, ncs.get(code, 0), open_ncs.get(code, 0), audits.get(code, 0)]
            for _, code, name in processes]
    years = _years(year)
    with_process = [sum(_nc_by_process(y).values()) for y in years]
    return _section(
        "c3_process_performance", empty=not processes, notes=["indicators_missing"],
        figures={"processes": len(processes),
                 "processes_with_nonconformities": sum(1 for r in rows if r[2]),
                 "processes_audited": sum(1 for r in rows if r[4])},
        tables=[_table("per_process", ["process", "name", "nonconformities", "open",
                                       "audits"], rows)],
        trend=_trend(years, nonconformities_with_process=with_process))


def _closed_in(year: int) -> int:
    start, end = _moments(year)
    return db.session.scalar(select(func.count(Nonconformity.id)).where(
        Nonconformity.status == NcStatus.CLOSED, Nonconformity.closed_at >= start,
        Nonconformity.closed_at < end)) or 0


def nonconformities(year: int, *, today: dt.date) -> dict:
    stats = nc_queries.statistics(year, today=today)
    history = nc_queries.per_year(TREND_YEARS, until=year)
    years = [y for y, *_ in history]
    opened = [db.session.scalar(select(func.count(Nonconformity.id))
                                .where(Nonconformity.year == y)) or 0 for y in years]
    return _section(
        "c4_nonconformities", empty=not stats["total"],
        figures={"opened": stats["total"], "closed": _closed_in(year), "open": stats["open"],
                 "overdue": stats["overdue"], "verified": stats["verified"],
                 "first_time_effective_percent": (round(stats["first_time_effective"], 1)
                                                  if stats["first_time_effective"] is not None
                                                  else None),
                 "budget_planned": stats["budget_planned"],
                 "cost_actual": stats["cost_actual"]},
        tables=[_table("root_causes", ["category", "count"], stats["by_category"]),
                _table("by_source", ["source", "count"], stats["by_source"]),
                _table("by_severity", ["severity", "count"], stats["by_severity"])],
        trend=_trend(years, opened=opened, closed=[_closed_in(y) for y in years],
                     major=[sev.get("major", 0) for _, sev, *_ in history],
                     minor=[sev.get("minor", 0) for _, sev, *_ in history],
                     budget_planned=[p for *_, p, _a in history],
                     cost_actual=[a for *_, a in history]))


def monitoring(c3: dict, c4: dict) -> dict:
    """A summary of c3 and c4: qms measures through nonconformities and audits for now."""
    figures = {"nonconformities": c4["figures"]["opened"],
               "nonconformities_closed": c4["figures"]["closed"],
               "first_time_effective_percent": c4["figures"]["first_time_effective_percent"],
               "processes_with_nonconformities":
                   c3["figures"]["processes_with_nonconformities"],
               "processes_audited": c3["figures"]["processes_audited"]}
    trend = c4["trend"]
    notes = [n for n in ("indicators_missing",) if n in c3["notes"]]
    return _section("c5_monitoring", empty=c3["empty"] and c4["empty"],
                    notes=notes, figures=figures,
                    trend=_trend(trend["years"], opened=trend["series"]["opened"],
                                 closed=trend["series"]["closed"]))


def _audit_counts(year: int) -> dict:
    counts = dict(db.session.execute(
        select(Audit.status, func.count(Audit.id))
        .where(_audits_of(year), Audit.type == AuditType.INTERNAL).group_by(Audit.status)).all())
    cancelled = counts.get(AuditStatus.CANCELLED, 0)
    planned = sum(counts.values()) - cancelled
    done = sum(counts.get(s, 0) for s in _DONE_AUDITS)
    return {"planned": planned, "done": done, "cancelled": cancelled}


def _findings(year: int) -> dict[str, int]:
    return dict(db.session.execute(
        select(AuditItem.result, func.count(AuditItem.id))
        .join(Audit, Audit.id == AuditItem.audit_id)
        .where(_audits_of(year), AuditItem.result.in_(list(FINDING_RESULTS)))
        .group_by(AuditItem.result)).all())


def audits(year: int, *, today: dt.date) -> dict:
    years = _years(year)
    counts = {y: _audit_counts(y) for y in years}
    findings = {y: _findings(y) for y in years}
    current = counts[year]
    certification = db.session.execute(
        select(Audit.number, Audit.type, Audit.title, Audit.status)
        .where(_audits_of(year), Audit.type != AuditType.INTERNAL)
        .order_by(Audit.number)).all()
    by_authority = db.session.execute(
        select(func.coalesce(func.nullif(Authority.short_name, ""), Authority.name),
               func.count(Inspection.id))
        .join(Inspection, Inspection.authority_id == Authority.id)
        .where(Inspection.year == year).group_by(Authority.short_name, Authority.name)
        .order_by(func.count(Inspection.id).desc())).all()
    inspections = [db.session.scalar(select(func.count(Inspection.id))
                                     .where(Inspection.year == y)) or 0 for y in years]

    def prescriptions(y, *conditions):
        return db.session.scalar(
            select(func.count(Prescription.id))
            .join(Inspection, Inspection.id == Prescription.inspection_id)
            .where(Inspection.year == y, *conditions)) or 0

    open_ = Prescription.status == PrescriptionStatus.OPEN
    return _section(
        "c6_audits",
        empty=not (current["planned"] or certification or inspections[-1]),
        figures={"internal_planned": current["planned"], "internal_done": current["done"],
                 "internal_cancelled": current["cancelled"],
                 "programme_completion_percent": (round(current["done"] / current["planned"]
                                                        * 100, 1)
                                                  if current["planned"] else None),
                 "findings": sum(findings[year].values()),
                 "certification_audits": len(certification),
                 "inspections": inspections[-1],
                 "prescriptions": prescriptions(year),
                 "prescriptions_open": prescriptions(year, open_),
                 "prescriptions_overdue": prescriptions(year, open_,
                                                        Prescription.deadline_on < today)},
        tables=[_table("findings_by_class", ["result", "count"], sorted(findings[year].items())),
                _table("certification_audits", ["number", "audit_type", "title", "audit_status"],
                       certification),
                _table("inspections_by_authority", ["authority", "count"], by_authority)],
        trend=_trend(years, internal_planned=[counts[y]["planned"] for y in years],
                     internal_done=[counts[y]["done"] for y in years],
                     findings=[sum(findings[y].values()) for y in years],
                     inspections=inspections,
                     prescriptions=[prescriptions(y) for y in years]))


def providers(year: int) -> dict:
    return _section("c7_providers", available=False, notes=["providers_missing"],
                    trend=_trend(_years(year)))


# --- d) resources, e) risks, f) improvement ---------------------------------------------------

def resources(year: int) -> dict:
    totals = org_queries.headcount_totals()
    by_category = db.session.execute(
        select(Position.category, func.sum(Position.headcount))
        .where(Position.is_active.is_(True)).group_by(Position.category)
        .order_by(func.sum(Position.headcount).desc())).all()
    history = nc_queries.per_year(TREND_YEARS, until=year)
    return _section(
        "d_resources", empty=not (totals["headcount"] or any(a for *_, a in history)),
        notes=["headcount_is_current"],
        figures={"headcount": totals["headcount"], "people_with_accounts": totals["people"],
                 "units": totals["units"], "positions": totals["positions"],
                 "nonconformity_budget_planned": history[-1][2],
                 "nonconformity_cost_actual": history[-1][3]},
        tables=[_table("headcount_by_category", ["staff_category", "headcount"],
                       [(cat, int(total or 0)) for cat, total in by_category])],
        trend=_trend([y for y, *_ in history],
                     nonconformity_budget_planned=[p for *_, p, _a in history],
                     nonconformity_cost_actual=[a for *_, a in history]))


def risks(year: int) -> dict:
    return _section("e_risks", available=False, notes=["risks_missing"],
                    trend=_trend(_years(year)))


def _improvements(year: int):
    start, end = _moments(year)
    return (select(Action.id, Action.title, Action.status, Action.due_on, Action.source_type)
            .where(Action.kind == ActionKind.IMPROVEMENT, Action.nonconformity_id.is_(None),
                   Action.created_at >= start, Action.created_at < end)
            .order_by(Action.id))


def improvement(year: int) -> dict:
    years = _years(year)
    sub = _improvements(year).subquery()
    by_source = db.session.execute(
        select(sub.c.source_type, func.count(), func.sum(
            case((sub.c.status == ActionStatus.DONE, 1), else_=0)))
        .group_by(sub.c.source_type).order_by(func.count().desc())).all()
    register = db.session.execute(
        _improvements(year).order_by(None)
        .order_by(Action.status.notin_(list(_OPEN_ACTIONS)), Action.due_on, Action.id)
        .limit(REGISTER_LIMIT)).all()

    def count_improvements(y):
        sub = _improvements(y).subquery()
        return db.session.scalar(select(func.count()).select_from(sub)) or 0

    def audit_ofis(y):
        return db.session.scalar(
            select(func.count(AuditItem.id)).join(Audit, Audit.id == AuditItem.audit_id)
            .where(_audits_of(y), AuditItem.result.in_(["improvement", "observation"]))) or 0

    def suggestions(y):
        return db.session.scalar(select(func.count(Feedback.id)).where(
            Feedback.year == y, Feedback.kind == FeedbackKind.SUGGESTION)) or 0

    register_trend = [count_improvements(y) for y in years]
    ofi_trend = [audit_ofis(y) for y in years]
    suggestion_trend = [suggestions(y) for y in years]
    return _section(
        "f_improvement",
        empty=not (register_trend[-1] or ofi_trend[-1] or suggestion_trend[-1]),
        figures={"improvement_actions": register_trend[-1],
                 "improvement_actions_done": int(sum(done or 0 for *_, done in by_source)),
                 "audit_opportunities": ofi_trend[-1], "suggestions": suggestion_trend[-1]},
        tables=[_table("improvements_by_source", ["source_type", "count", "done"],
                       [(source or "register", count, int(done or 0))
                        for source, count, done in by_source]),
                _table("improvement_register", ["action_id", "title", "status", "due_on",
                                                "source_type"], register)],
        trend=_trend(years, improvement_actions=register_trend, audit_opportunities=ofi_trend,
                     suggestions=suggestion_trend))


# --- inputs of other modules -------------------------------------------------------------------

# Section key -> "module:function" of other features' review inputs, merged into that section
# by ``input_pack``. Each function takes the year and returns
# {"figures": {...}, "tables": [{"key", "columns", "rows"}], "trend_series": {name: [values of
# the three years]}}; its module's ``LABELS`` dict names the new figures, tables, columns and
# series (see ``extra_labels``). One line per module wires it, e.g.
#     "c2_objectives": ["qms.objectives.review_inputs:objectives_achievement"],
EXTRA_INPUTS: dict[str, list[str]] = {
    "b_context_changes": ["qms.risks.review_inputs:context_register_changes"],
    "c1_client_feedback": ["qms.surveys.review_inputs:survey_results"],
    "c2_objectives": ["qms.objectives.review_inputs:objectives_achievement"],
    "c3_process_performance": ["qms.processes.review_inputs:indicator_performance"],
    "c7_providers": ["qms.providers.review_inputs:provider_performance"],
    "d_resources": ["qms.training.review_inputs:training_resources"],
    "e_risks": ["qms.risks.review_inputs:risk_effectiveness"],
}

# Labels registered by other modules (figure, table, column, series and value keys).
EXTRA_LABELS: dict[str, object] = {}


def register_labels(labels: dict) -> None:
    """Names for the keys another module puts into a section (screen, PDF and Markdown)."""
    EXTRA_LABELS.update(labels)


def _resolve(target: str) -> Callable[[int], dict]:
    module_name, _, function = target.partition(":")
    module = importlib.import_module(module_name)
    register_labels(getattr(module, "LABELS", {}) or {})
    return getattr(module, function)


def extra_labels() -> dict:
    """Every registered label, the LABELS of the modules in EXTRA_INPUTS included."""
    for targets in EXTRA_INPUTS.values():
        for target in targets:
            _resolve(target)
    return EXTRA_LABELS


def _is_data(value) -> bool:
    if value is None or value == "" or isinstance(value, bool):
        return bool(value)
    try:
        return Decimal(str(value)) != 0
    except ArithmeticError:
        return True


def _has_data(extra: dict) -> bool:
    return (any(_is_data(v) for v in (extra.get("figures") or {}).values())
            or any(table.get("rows") for table in extra.get("tables") or [])
            or any(_is_data(v) for values in (extra.get("trend_series") or {}).values()
                   for v in values))


def _series_of(extra: dict) -> tuple[dict, list | None]:
    """The trend series of ``extra`` ({name: values}, or {"years": [...], "series": {...}})."""
    series = extra.get("trend_series") or {}
    if isinstance(series.get("series"), dict):
        return series["series"], series.get("years")
    return series, extra.get("years")


def merge_inputs(section: dict, extra: dict, *, source: str = "") -> dict:
    """Merge another module's figures, tables and trend series into ``section`` (in place,
    and returned): the section becomes available, its "…_missing" placeholder notes go, and
    it stays empty only when neither it nor ``extra`` holds any data. ``source`` (the
    module's name) makes that module's LABELS name the keys of this section first."""
    was_empty = section.get("empty", False) and section.get("available", True)
    unavailable = not section.get("available", True)
    series, years = _series_of(extra)
    section["figures"] = {**section.get("figures", {}), **(extra.get("figures") or {})}
    section["tables"] = [*section.get("tables", []), *(extra.get("tables") or [])]
    if series:
        trend = section.get("trend") or {"years": years or [], "series": {}}
        trend["series"] = {**trend.get("series", {}), **series}
        section["trend"] = trend
    section["notes"] = [n for n in section.get("notes", []) if not n.endswith("_missing")]
    section["notes"] += [n for n in extra.get("notes") or [] if n not in section["notes"]]
    if source and source not in section.setdefault("label_modules", []):
        section["label_modules"].append(source)
    section["available"] = True
    section["empty"] = (was_empty or unavailable) and not _has_data(
        {**extra, "trend_series": series})
    return section


def _with_extras(section: dict, year: int) -> dict:
    for target in EXTRA_INPUTS.get(section["key"], []):
        merge_inputs(section, _resolve(target)(year), source=target.partition(":")[0])
    return section


def module_labels(name: str) -> dict:
    """The LABELS of a module named in a section's ``label_modules`` (empty if it is gone)."""
    try:
        return getattr(importlib.import_module(name), "LABELS", {}) or {}
    except ImportError:
        return {}


# --- the pack ---------------------------------------------------------------------------------

def input_pack(year: int, *, today: dt.date) -> dict:
    """Every 9.3.2 input for ``year``, JSON-ready."""
    c3 = _with_extras(process_performance(year), year)
    c4 = _with_extras(nonconformities(year, today=today), year)
    sections = [
        previous_actions(year, today=today), context_changes(year), client_feedback(year),
        objectives(year), c3, c4, monitoring(c3, c4), audits(year, today=today),
        providers(year), resources(year), risks(year), improvement(year),
    ]
    sections = [s if s is c3 or s is c4 else _with_extras(s, year) for s in sections]
    return jsonable({"version": PACK_VERSION, "year": year, "assembled_on": today,
                     "period": [dt.date(year, 1, 1), dt.date(year, 12, 31)],
                     "years": _years(year), "sections": sections})


def needs_reason(section: dict) -> bool:
    return not section.get("available", True) or section.get("empty", False)
