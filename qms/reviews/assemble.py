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

Ten years of a large organisation's records stay in the database: every figure is an
aggregate, per year where an index range answers it (versions put in effect, nonconformities
closed, an audit's answers) and grouped over the trend years where the year is a column;
figures that several sections show are queried once per pack, and lists are cut in SQL.
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


def _flag(condition):
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END): how many rows meet ``condition``."""
    return func.sum(case((condition, 1), else_=0))


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
    counts: dict[int, dict[str, int]] = {y: {} for y in years}
    for review_year, status, count in db.session.execute(
            select(ManagementReview.year, Action.status, func.count(Action.id))
            .select_from(Action)
            .join(ReviewOutput, ReviewOutput.action_id == Action.id)
            .join(ManagementReview, ManagementReview.id == ReviewOutput.review_id)
            .where(ManagementReview.year >= years[0] - 1, ManagementReview.year <= year - 1,
                   ManagementReview.status == ReviewStatus.APPROVED)
            .group_by(ManagementReview.year, Action.status)):
        counts[review_year + 1][status] = count
    return _section(
        "a_previous_actions", empty=not rows,
        figures={"outputs": len(rows), "done": by_status.get(ActionStatus.DONE, 0),
                 "open": sum(by_status.get(s, 0) for s in _OPEN_ACTIONS),
                 "cancelled": by_status.get(ActionStatus.CANCELLED, 0), "overdue": overdue},
        tables=[_table("by_status", ["status", "count"], sorted(by_status.items())),
                _table("previous_outputs", ["review_year", "output_class", "title", "status",
                                            "due_on", "done_on", "overdue", "action_id"],
                       listing)],
        trend=_trend(years, outputs_of_previous_review=[sum(counts[y].values()) for y in years],
                     done_of_previous_review=[counts[y].get(ActionStatus.DONE, 0)
                                              for y in years]))


# --- b) changes in external and internal issues -------------------------------------------

def _external_types() -> list[int]:
    """The ids of the external document types (a handful): given as a list, they let the
    planner see how few documents are external and start from them."""
    return list(db.session.scalars(select(DocumentType.id)
                                   .where(DocumentType.is_external.is_(True))))


def _external_changes(year: int, external_types: list[int]):
    """External documents with a version put in effect in ``year``, in that order."""
    start, end = _moments(year)
    return (select(Document.code, Document.title, DocumentVersion.major,
                   DocumentVersion.minor, DocumentVersion.effective_at)
            .join(DocumentVersion, DocumentVersion.document_id == Document.id)
            .where(Document.type_id.in_(external_types),
                   DocumentVersion.effective_at >= start, DocumentVersion.effective_at < end)
            .order_by(DocumentVersion.effective_at, Document.code))


def _changed_counts(year: int, external_types: list[int]) -> tuple[int, int]:
    """(external, other) documents with a version put in effect in ``year``: the versions of
    the year from the index on (effective_at, document_id), the external ones through their
    few documents."""
    start, end = _moments(year)
    in_year = and_(DocumentVersion.effective_at >= start, DocumentVersion.effective_at < end)
    changed = db.session.scalar(
        select(func.count(func.distinct(DocumentVersion.document_id))).where(in_year)) or 0
    external = db.session.scalar(
        select(func.count(func.distinct(DocumentVersion.document_id)))
        .where(in_year, DocumentVersion.document_id.in_(
            select(Document.id).where(Document.type_id.in_(external_types))))) or 0
    # Every document has one type, external or not, and one code (distinct ids = codes).
    return external, changed - external


def context_changes(year: int) -> dict:
    external_types = _external_types()
    external_rows = db.session.execute(_external_changes(year, external_types)
                                       .limit(LIST_LIMIT * 2)).all()
    years = _years(year)
    counts = [_changed_counts(y, external_types) for y in years]
    external_trend = [external for external, _other in counts]
    internal_trend = [other for _external, other in counts]
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

def _feedback_counts(years: list[int]) -> dict[tuple[int, str], int]:
    """Feedback by (year, kind) over ``years`` (one query)."""
    return {(y, kind): count for y, kind, count in db.session.execute(
        select(Feedback.year, Feedback.kind, func.count(Feedback.id))
        .where(Feedback.year >= years[0], Feedback.year <= years[-1])
        .group_by(Feedback.year, Feedback.kind))}


def client_feedback(year: int, *, feedback: dict | None = None) -> dict:
    years = _years(year)
    counts = feedback if feedback is not None else _feedback_counts(years)
    per_kind = {kind: [counts.get((y, kind), 0) for y in years] for kind in FeedbackKind}
    justified, unanswered = db.session.execute(
        select(_flag((Feedback.kind == FeedbackKind.COMPLAINT)
                     & Feedback.justified.is_(True)),
               _flag(Feedback.answered_on.is_(None)))
        .where(Feedback.year == year)).one()
    total = sum(series[-1] for series in per_kind.values())
    return _section(
        "c1_client_feedback", empty=not total, notes=["surveys_missing"],
        figures={"feedback": total, **{f"{k.value}s": per_kind[k][-1] for k in FeedbackKind},
                 "justified_complaints": int(justified or 0),
                 "unanswered": int(unanswered or 0)},
        tables=[_table("by_topic", ["kind", "topic", "count"],
                       nc_queries.feedback_by_topic(year)[:LIST_LIMIT])],
        trend=_trend(years, **{f"{k.value}s": per_kind[k] for k in FeedbackKind}))


def objectives(year: int) -> dict:
    return _section("c2_objectives", available=False, notes=["objectives_missing"],
                    trend=_trend(_years(year)))


def process_performance(year: int) -> dict:
    processes = db.session.execute(select(Process.id, Process.code, Process.name)
                                   .order_by(Process.code)).all()
    years = _years(year)
    codes = {process_id: code for process_id, code, _name in processes}
    # Counted by process id from the index on (year, severity, process_id, status), grouped
    # in its order (severity too, added up here), then named.
    counts: dict[tuple[int, str], list[int]] = {}
    for y, process_id, count, open_ in db.session.execute(
            select(Nonconformity.year, Nonconformity.process_id, func.count(),
                   _flag(Nonconformity.status.in_(nc_queries.OPEN_STATUSES)))
            .where(Nonconformity.year >= years[0], Nonconformity.year <= year,
                   Nonconformity.process_id.is_not(None))
            .group_by(Nonconformity.year, Nonconformity.severity, Nonconformity.process_id)):
        if process_id in codes:
            pair = counts.setdefault((y, codes[process_id]), [0, 0])
            pair[0] += count
            pair[1] += int(open_ or 0)
    per_year = [(y, code, count, open_) for (y, code), (count, open_) in counts.items()]
    ncs = {code: count for y, code, count, _open in per_year if y == year}
    open_ncs = {code: int(open_ or 0) for y, code, _count, open_ in per_year if y == year}
    audits = {code: count for code, count in db.session.execute(
        select(Process.code, func.count(func.distinct(Audit.id)))
        .join(audit_process, audit_process.c.process_id == Process.id)
        .join(Audit, Audit.id == audit_process.c.audit_id)
        .where(_audits_of(year), Audit.status != AuditStatus.CANCELLED)
        .group_by(Process.code)).all()}
    rows = [[code, name, ncs.get(code, 0), open_ncs.get(code, 0), audits.get(code, 0)]
            for _, code, name in processes]
    with_process = [sum(count for y, _code, count, _open in per_year if y == each)
                    for each in years]
    return _section(
        "c3_process_performance", empty=not processes, notes=["indicators_missing"],
        figures={"processes": len(processes),
                 "processes_with_nonconformities": sum(1 for r in rows if r[2]),
                 "processes_audited": sum(1 for r in rows if r[4])},
        tables=[_table("per_process", ["process", "name", "nonconformities", "open",
                                       "audits"], rows)],
        trend=_trend(years, nonconformities_with_process=with_process))


def _closed_in(year: int) -> int:
    """Closed in ``year`` (a range of the index on status, closed_at)."""
    start, end = _moments(year)
    return db.session.scalar(select(func.count()).select_from(Nonconformity).where(
        Nonconformity.status == NcStatus.CLOSED, Nonconformity.closed_at >= start,
        Nonconformity.closed_at < end)) or 0


def nonconformities(year: int, *, today: dt.date, history: list | None = None) -> dict:
    history = history if history is not None else nc_queries.per_year(TREND_YEARS, until=year)
    stats = nc_queries.statistics(year, today=today, budget=tuple(history[-1][2:]))
    years = [y for y, *_ in history]
    # Every nonconformity has a severity: the year's severity counts add up to its total.
    opened = [sum(severity.values()) for _, severity, *_ in history]
    closed = {y: _closed_in(y) for y in years}
    return _section(
        "c4_nonconformities", empty=not stats["total"],
        figures={"opened": stats["total"], "closed": closed[year], "open": stats["open"],
                 "overdue": stats["overdue"], "verified": stats["verified"],
                 "first_time_effective_percent": (round(stats["first_time_effective"], 1)
                                                  if stats["first_time_effective"] is not None
                                                  else None),
                 "budget_planned": stats["budget_planned"],
                 "cost_actual": stats["cost_actual"]},
        tables=[_table("root_causes", ["category", "count"], stats["by_category"]),
                _table("by_source", ["source", "count"], stats["by_source"]),
                _table("by_severity", ["severity", "count"], stats["by_severity"])],
        trend=_trend(years, opened=opened, closed=[closed[y] for y in years],
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
    """Checklist answers of the year's audits that are findings, by result (the index on
    audit_item (audit_id, result) answers it without reading the answers)."""
    start, end = _bounds(year)
    day = func.coalesce(Audit.actual_start, Audit.planned_start)
    # The year's audits (_audits_of) as a list of ids from an outer join to the programme:
    # SQLite and PostgreSQL both read only those audits' answers, through the index (with a
    # join, SQLite read every answer; with _audits_of, PostgreSQL hashed every answer).
    audit_ids = (select(Audit.id)
                 .outerjoin(AuditProgramme, AuditProgramme.id == Audit.programme_id)
                 .where(or_(AuditProgramme.year == year,
                            and_(Audit.programme_id.is_(None), day >= start, day < end))))
    return dict(db.session.execute(
        select(AuditItem.result, func.count())
        .where(AuditItem.audit_id.in_(audit_ids),
               AuditItem.result.in_(sorted(FINDING_RESULTS)))
        .group_by(AuditItem.result)).all())


def audits(year: int, *, today: dt.date, results: dict | None = None) -> dict:
    years = _years(year)
    counts = {y: _audit_counts(y) for y in years}
    findings = results if results is not None else {y: _findings(y) for y in years}
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
        .order_by(func.count(Inspection.id).desc(), Authority.short_name, Authority.name)).all()
    per_year = dict(db.session.execute(
        select(Inspection.year, func.count(Inspection.id))
        .where(Inspection.year >= years[0], Inspection.year <= year)
        .group_by(Inspection.year)).all())
    inspections = [per_year.get(y, 0) for y in years]
    open_ = Prescription.status == PrescriptionStatus.OPEN
    prescribed = {y: (count, int(open_count or 0), int(overdue or 0))
                  for y, count, open_count, overdue in db.session.execute(
                      select(Inspection.year, func.count(Prescription.id), _flag(open_),
                             _flag(open_ & (Prescription.deadline_on < today)))
                      .join(Inspection, Inspection.id == Prescription.inspection_id)
                      .where(Inspection.year >= years[0], Inspection.year <= year)
                      .group_by(Inspection.year))}
    prescriptions, prescriptions_open, prescriptions_overdue = prescribed.get(year, (0, 0, 0))
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
                 "prescriptions": prescriptions,
                 "prescriptions_open": prescriptions_open,
                 "prescriptions_overdue": prescriptions_overdue},
        tables=[_table("findings_by_class", ["result", "count"], sorted(findings[year].items())),
                _table("certification_audits", ["number", "audit_type", "title", "audit_status"],
                       certification),
                _table("inspections_by_authority", ["authority", "count"], by_authority)],
        trend=_trend(years, internal_planned=[counts[y]["planned"] for y in years],
                     internal_done=[counts[y]["done"] for y in years],
                     findings=[sum(findings[y].values()) for y in years],
                     inspections=inspections,
                     prescriptions=[prescribed.get(y, (0,))[0] for y in years]))


def providers(year: int) -> dict:
    return _section("c7_providers", available=False, notes=["providers_missing"],
                    trend=_trend(_years(year)))


# --- d) resources, e) risks, f) improvement ---------------------------------------------------

def resources(year: int, *, history: list | None = None) -> dict:
    totals = org_queries.headcount_totals()
    by_category = db.session.execute(
        select(Position.category, func.sum(Position.headcount))
        .where(Position.is_active.is_(True)).group_by(Position.category)
        .order_by(func.sum(Position.headcount).desc())).all()
    history = history if history is not None else nc_queries.per_year(TREND_YEARS, until=year)
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


def improvement(year: int, *, results: dict | None = None,
                feedback: dict | None = None) -> dict:
    years = _years(year)
    sub = _improvements(year).subquery()
    by_source = db.session.execute(
        select(sub.c.source_type, func.count(), func.sum(
            case((sub.c.status == ActionStatus.DONE, 1), else_=0)))
        .group_by(sub.c.source_type)
        .order_by(func.count().desc(), sub.c.source_type.asc().nulls_first())).all()
    register = db.session.execute(
        _improvements(year).order_by(None)
        .order_by(Action.status.notin_(list(_OPEN_ACTIONS)), Action.due_on, Action.id)
        .limit(REGISTER_LIMIT)).all()

    def count_improvements(y):
        sub = _improvements(y).subquery()
        return db.session.scalar(select(func.count()).select_from(sub)) or 0

    results = results if results is not None else {y: _findings(y) for y in years}
    feedback = feedback if feedback is not None else _feedback_counts(years)
    register_trend = [count_improvements(y) for y in years]
    ofi_trend = [results[y].get("improvement", 0) + results[y].get("observation", 0)
                 for y in years]
    suggestion_trend = [feedback.get((y, FeedbackKind.SUGGESTION), 0) for y in years]
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
    """Every 9.3.2 input for ``year``, JSON-ready. Figures that several sections show (the
    nonconformities per year, the audit findings, the feedback counts) are queried once."""
    years = _years(year)
    history = nc_queries.per_year(TREND_YEARS, until=year)
    results = {y: _findings(y) for y in years}
    feedback = _feedback_counts(years)
    c3 = _with_extras(process_performance(year), year)
    c4 = _with_extras(nonconformities(year, today=today, history=history), year)
    sections = [
        previous_actions(year, today=today), context_changes(year),
        client_feedback(year, feedback=feedback), objectives(year), c3, c4,
        monitoring(c3, c4), audits(year, today=today, results=results), providers(year),
        resources(year, history=history), risks(year),
        improvement(year, results=results, feedback=feedback),
    ]
    sections = [s if s is c3 or s is c4 else _with_extras(s, year) for s in sections]
    return jsonable({"version": PACK_VERSION, "year": year, "assembled_on": today,
                     "period": [dt.date(year, 1, 1), dt.date(year, 12, 31)],
                     "years": years, "sections": sections})


def needs_reason(section: dict) -> bool:
    return not section.get("available", True) or section.get("empty", False)
