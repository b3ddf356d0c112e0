"""Read-only queries of the process register, the process map, indicators and the content of
process performance reports (filtered and paginated in SQL)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, extract, func, or_, select
from sqlalchemy.orm import selectinload

from qms.extensions import db
from qms.processes.models import (
    Indicator,
    IndicatorValue,
    Process,
    ProcessKind,
    ProcessReport,
    ReportStatus,
    process_unit,
)

TREND_YEARS = 3


@dataclass
class ProcessFilter:
    query: str = ""
    kind: str = ""
    unit_id: int | None = None
    include_inactive: bool = False


def register(f: ProcessFilter):
    stmt = select(Process).options(selectinload(Process.owner_position),
                                   selectinload(Process.units))
    if not f.include_inactive:
        stmt = stmt.where(Process.is_active.is_(True))
    if f.kind:
        stmt = stmt.where(Process.kind == f.kind)
    if f.unit_id:
        stmt = stmt.where(Process.id.in_(select(process_unit.c.process_id)
                                         .where(process_unit.c.unit_id == f.unit_id)))
    if f.query:
        pattern = f"%{f.query.lower()}%"
        stmt = stmt.where(or_(func.lower(Process.code).like(pattern),
                              func.lower(Process.name).like(pattern),
                              func.lower(Process.purpose).like(pattern)))
    kind_order = {ProcessKind.MANAGEMENT: 0, ProcessKind.CORE: 1, ProcessKind.SUPPORT: 2}
    return stmt.order_by(case(kind_order, value=Process.kind, else_=3), Process.code)


def indicator_counts(process_ids: list[int]) -> dict[int, int]:
    if not process_ids:
        return {}
    return dict(db.session.execute(
        select(Indicator.process_id, func.count(Indicator.id))
        .where(Indicator.process_id.in_(process_ids), Indicator.is_active.is_(True))
        .group_by(Indicator.process_id)).all())


def documents_of(process: Process) -> list:
    """Documents linked to the process, the process description(s) first."""
    from qms.documents.models import Document, DocumentType, document_process

    stmt = (select(Document).join(DocumentType, DocumentType.id == Document.type_id)
            .where(Document.id.in_(select(document_process.c.document_id)
                                   .where(document_process.c.process_id == process.id)),
                   Document.is_withdrawn.is_(False))
            .options(selectinload(Document.type))
            .order_by((DocumentType.key != "process"), DocumentType.sort_order, Document.code)
            .limit(200))
    return list(db.session.scalars(stmt))


# --- the process map ------------------------------------------------------------------------

def normalise_line(text: str) -> str:
    """Lower case, diacritics and punctuation removed, spaces collapsed: "Lēmums par
    pakalpojumu." and "lemums par pakalpojumu" are the same line."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def lines(text: str) -> set[str]:
    """The normalised lines of an inputs/outputs text (one item a line, or separated by ";")."""
    return {n for part in re.split(r"[\n;]", text or "") if (n := normalise_line(part))}


@dataclass
class Flow:
    source: Process
    target: Process
    items: list[str]


def process_map() -> tuple[dict[str, list[Process]], list[Flow]]:
    """Active processes by kind, and the flows between them: an arrow from A to B for every
    normalised line that is both one of A's outputs and one of B's inputs."""
    processes = list(db.session.scalars(select(Process).where(Process.is_active.is_(True))
                                        .order_by(Process.code)))
    bands: dict[str, list[Process]] = {k.value: [] for k in ProcessKind}
    for p in processes:
        bands.setdefault(p.kind, []).append(p)
    outputs = {p.id: lines(p.outputs) for p in processes}
    inputs = {p.id: lines(p.inputs) for p in processes}
    flows = []
    for a in processes:
        for b in processes:
            if a.id != b.id:
                shared = sorted(outputs[a.id] & inputs[b.id])
                if shared:
                    flows.append(Flow(a, b, shared))
    return bands, flows


# --- indicators -----------------------------------------------------------------------------

def indicators_of(process: Process, *, include_inactive: bool = False) -> list[Indicator]:
    stmt = select(Indicator).where(Indicator.process_id == process.id)
    if not include_inactive:
        stmt = stmt.where(Indicator.is_active.is_(True))
    return list(db.session.scalars(stmt.order_by(Indicator.code, Indicator.name)))


def values_page(indicator: Indicator, *, page: int, per_page: int):
    return db.paginate(select(IndicatorValue)
                       .options(selectinload(IndicatorValue.nonconformity))
                       .where(IndicatorValue.indicator_id == indicator.id)
                       .order_by(IndicatorValue.period_start.desc()),
                       page=page, per_page=per_page, error_out=False)


def series(indicator: Indicator, *, since: dt.date, until: dt.date) -> list[IndicatorValue]:
    """Values from ``since`` up to (not including) ``until``, oldest first."""
    return list(db.session.scalars(
        select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id,
                                     IndicatorValue.period_start >= since,
                                     IndicatorValue.period_start < until)
        .order_by(IndicatorValue.period_start).limit(500)))


def yearly_figures(indicator_ids: list[int], years: list[int]
                   ) -> dict[tuple[int, int], tuple[Decimal, int, int]]:
    """(indicator, year) -> (the average of the year's values, values, values on the wrong
    side of the target). The year's figure is the average of its periods' values (for a
    yearly indicator, the value itself)."""
    if not indicator_ids or not years:
        return {}
    year = extract("year", IndicatorValue.period_start)
    rows = db.session.execute(
        select(IndicatorValue.indicator_id, year, func.avg(IndicatorValue.value),
               func.count(IndicatorValue.id))
        .where(IndicatorValue.indicator_id.in_(indicator_ids),
               IndicatorValue.period_start >= dt.date(min(years), 1, 1),
               IndicatorValue.period_start < dt.date(max(years) + 1, 1, 1))
        .group_by(IndicatorValue.indicator_id, year)).all()
    breaches = breach_counts(indicator_ids, years)
    result = {}
    for indicator_id, y, average, count in rows:
        y = int(y)
        average = Decimal(str(average)).quantize(Decimal("0.01"))
        result[(indicator_id, y)] = (average, count, breaches.get((indicator_id, y), 0))
    return result


def breach_counts(indicator_ids: list[int], years: list[int]) -> dict[tuple[int, int], int]:
    """(indicator, year) -> values on the wrong side of the target, counted in SQL."""
    year = extract("year", IndicatorValue.period_start)
    wrong_side = or_(and_(Indicator.direction == "lower", IndicatorValue.value > Indicator.target),
                     and_(Indicator.direction != "lower", IndicatorValue.value < Indicator.target))
    rows = db.session.execute(
        select(IndicatorValue.indicator_id, year, func.count(IndicatorValue.id))
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(IndicatorValue.indicator_id.in_(indicator_ids), Indicator.target.is_not(None),
               wrong_side,
               IndicatorValue.period_start >= dt.date(min(years), 1, 1),
               IndicatorValue.period_start < dt.date(max(years) + 1, 1, 1))
        .group_by(IndicatorValue.indicator_id, year)).all()
    return {(i, int(y)): n for i, y, n in rows}


# --- process performance reports ------------------------------------------------------------

def report_of(process: Process, year: int) -> ProcessReport | None:
    return db.session.scalar(select(ProcessReport).where(ProcessReport.process_id == process.id,
                                                         ProcessReport.year == year))


def reports_of(process: Process) -> list[ProcessReport]:
    return list(db.session.scalars(select(ProcessReport)
                                   .where(ProcessReport.process_id == process.id)
                                   .order_by(ProcessReport.year.desc()).limit(50)))


def _text(value) -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal("0.01")))


def report_content(process: Process, year: int) -> dict:
    """Everything the report shows, JSON-ready (numbers as text, dates as ISO text), so the
    approved report can be frozen exactly as it was approved."""
    from qms.audits.models import Audit, AuditStatus, audit_process
    from qms.documents.models import Document, DocumentVersion, VersionStatus, document_process
    from qms.nonconformities.models import Nonconformity

    years = list(range(year - TREND_YEARS + 1, year + 1))
    indicators = indicators_of(process, include_inactive=True)
    figures = yearly_figures([i.id for i in indicators], years)
    indicator_rows = []
    for i in indicators:
        by_year = {}
        for y in years:
            average, count, breached = figures.get((i.id, y), (None, 0, 0))
            by_year[str(y)] = {"value": _text(average), "count": count, "breaches": breached,
                               "met": None if average is None or i.target is None
                               else not i.is_breach(average)}
        if not i.is_active and all(v["count"] == 0 for v in by_year.values()):
            continue
        indicator_rows.append({"id": i.id, "code": i.code, "name": i.name,
                               "unit": i.unit_of_measure, "direction": i.direction,
                               "frequency": i.frequency, "target": _text(i.target),
                               "years": by_year})
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    audit_day = func.coalesce(Audit.actual_start, Audit.planned_start)
    audits = db.session.scalars(
        select(Audit).where(Audit.id.in_(select(audit_process.c.audit_id)
                                         .where(audit_process.c.process_id == process.id)),
                            Audit.status != AuditStatus.CANCELLED,
                            audit_day >= start, audit_day < end)
        .order_by(audit_day, Audit.number).limit(100))
    audit_rows = [{"id": a.id, "number": a.number, "title": a.title,
                   "date": (a.actual_start or a.planned_start).isoformat(),
                   "status": a.status} for a in audits]
    ncs = db.session.scalars(
        select(Nonconformity).where(Nonconformity.process_id == process.id,
                                    Nonconformity.reported_on >= start,
                                    Nonconformity.reported_on < end)
        .order_by(Nonconformity.reported_on, Nonconformity.number).limit(200))
    nc_rows = [{"id": n.id, "number": n.number, "title": n.title,
                "reported_on": n.reported_on.isoformat(), "severity": n.severity,
                "status": n.status} for n in ncs]
    versions = db.session.execute(
        select(Document.id, Document.code, Document.title, DocumentVersion.major,
               DocumentVersion.minor, DocumentVersion.effective_on,
               DocumentVersion.change_reason)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(Document.id.in_(select(document_process.c.document_id)
                               .where(document_process.c.process_id == process.id)),
               DocumentVersion.effective_on >= start, DocumentVersion.effective_on < end,
               DocumentVersion.status.in_([VersionStatus.EFFECTIVE, VersionStatus.SUPERSEDED,
                                           VersionStatus.WITHDRAWN]))
        .order_by(DocumentVersion.effective_on, Document.code).limit(200)).all()
    change_rows = [{"document_id": d_id, "code": code, "title": title,
                    "version": f"{major}.{minor}", "effective_on": on.isoformat(),
                    "reason": reason or ""}
                   for d_id, code, title, major, minor, on, reason in versions]
    met = sum(1 for r in indicator_rows if r["years"][str(year)]["met"] is True)
    missed = sum(1 for r in indicator_rows if r["years"][str(year)]["met"] is False)
    return {"process": {"id": process.id, "code": process.code, "name": process.name,
                        "kind": process.kind,
                        "owner": str(process.owner_position) if process.owner_position else ""},
            "year": year, "years": years, "indicators": indicator_rows,
            "summary": {"indicators": len(indicator_rows), "met": met, "missed": missed,
                        "audits": len(audit_rows), "nonconformities": len(nc_rows),
                        "changes": len(change_rows)},
            "audits": audit_rows, "nonconformities": nc_rows, "changes": change_rows}


def approved_reports(year: int) -> int:
    return db.session.scalar(select(func.count(ProcessReport.id)).where(
        ProcessReport.year == year, ProcessReport.status == ReportStatus.APPROVED)) or 0
