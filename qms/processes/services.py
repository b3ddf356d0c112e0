"""Use cases for the process register, process indicators and their values, and the process
performance reports (procesa izpildes ziņojums)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.core import audit_log, transaction
from qms.core.concurrency import check_version
from qms.core.csv_import import ImportErrors, RowError, read_rows
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.core.permissions import Permission
from qms.core.privacy import refuse_personal_codes
from qms.extensions import db
from qms.processes.models import (
    Direction,
    Frequency,
    Indicator,
    IndicatorValue,
    Process,
    ProcessKind,
    ProcessReport,
    ReportStatus,
)

PROCESS_FIELDS = ["code", "name", "kind", "owner_position_id", "is_active", "purpose",
                  "inputs", "outputs", "resources", "iso_clauses"]
INDICATOR_FIELDS = ["code", "name", "unit_of_measure", "direction", "target", "frequency",
                    "data_source", "owner_position_id", "is_active"]
VALUE_COLUMNS_REQUIRED = ["indicator", "period", "value"]
VALUE_COLUMNS_OPTIONAL = ["note"]
ISO_CLAUSE = re.compile(r"^\d{1,2}(\.\d{1,2}){0,3}$")


# --- who may do what ------------------------------------------------------------------------

def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _l("You may not change the process register."))


def can_manage(user) -> bool:
    return user.can(Permission.PROCESS_MANAGE)


def _holds(user, position_id: int | None) -> bool:
    own = getattr(user, "position_id", None)
    return own is not None and position_id is not None and own == position_id


def can_record(user, indicator: Indicator) -> bool:
    """The holder of the indicator's owner position (or of the process owner's position when
    the indicator has none), or the quality manager, enters values."""
    if not user.can(Permission.INDICATOR_RECORD):
        return False
    owner = indicator.owner_position_id or indicator.process.owner_position_id
    return can_manage(user) or _holds(user, owner)


def can_write_report(user, process: Process) -> bool:
    """The process owner (the holder of its owner position) or the quality manager."""
    if not user.can(Permission.INDICATOR_RECORD):
        return False
    return can_manage(user) or _holds(user, process.owner_position_id)


# --- the process register -------------------------------------------------------------------

def parse_clauses(text: str | list | None) -> list[str]:
    """``"4.4, 8.5.1"`` -> ``["4.4", "8.5.1"]``; refuses anything that is not a clause number."""
    items = text if isinstance(text, list) else re.split(r"[,;\s]+", text or "")
    clauses = []
    for item in items:
        item = item.strip().rstrip(".")
        if not item:
            continue
        if not ISO_CLAUSE.match(item):
            raise DomainError(_l("Write ISO 9001 clause numbers like 4.4, 8.5.1."),
                              field="iso_clauses")
        if item not in clauses:
            clauses.append(item)
    return clauses


def _units(unit_ids) -> list:
    from qms.org.models import Unit

    ids = [int(i) for i in unit_ids or []]
    units = list(db.session.scalars(select(Unit).where(Unit.id.in_(ids)))) if ids else []
    if len(units) != len(set(ids)):
        raise DomainError(_l("Choose units from the list."), field="unit_ids")
    return units


def _check_process(values: dict, process: Process | None = None) -> dict:
    code = (values.get("code") or "").strip().upper()
    if not code:
        raise DomainError(_l("Give the process a code."), field="code")
    clash = db.session.scalar(select(Process).where(func.upper(Process.code) == code))
    if clash is not None and clash is not process:
        raise DomainError(_l("Another process already has this code."), field="code")
    if not (values.get("name") or "").strip():
        raise DomainError(_l("Name the process."), field="name")
    if values.get("kind") not in ProcessKind.__members__.values():
        raise DomainError(_l("Choose a kind of process."), field="kind")
    text = {name: (values.get(name) or "").strip()
            for name in ("purpose", "inputs", "outputs", "resources")}
    refuse_personal_codes(**text)
    return {"code": code, "name": values["name"].strip()[:200], "kind": values["kind"],
            "owner_position_id": values.get("owner_position_id"),
            "is_active": values.get("is_active", True),
            "iso_clauses": parse_clauses(values.get("iso_clauses")), **text}


def create_process(*, actor, code: str, name: str, kind: str,
                   owner_position_id: int | None = None, now: dt.datetime | None = None,
                   unit_ids=(), **extra) -> Process:
    _require(can_manage(actor))
    values = _check_process({"code": code, "name": name, "kind": kind,
                             "owner_position_id": owner_position_id, **extra})
    process = Process(**values)
    process.units = _units(unit_ids)
    db.session.add(process)
    db.session.flush()
    audit_log.record_creation(process, PROCESS_FIELDS, actor=actor, action="process.create",
                              extra={"units": [None, [u.code for u in process.units]]}
                              if process.units else None, now=now)
    transaction.commit()
    return process


def update_process(process: Process, *, actor, now: dt.datetime, expected_version=None,
                   unit_ids=None, **values) -> Process:
    _require(can_manage(actor))
    check_version(process, expected_version)
    values.setdefault("is_active", process.is_active)
    checked = _check_process(values, process)
    audit_log.apply_changes(process, checked, actor=actor, action="process.update", now=now)
    if unit_ids is not None:
        before = [u.code for u in process.units]
        process.units = _units(unit_ids)
        after = [u.code for u in process.units]
        if before != after:
            audit_log.record(actor=actor, action="process.update", entity=process,
                             changes={"units": [before, after]}, now=now)
    transaction.commit()
    return process


def all_processes() -> list[Process]:
    return list(db.session.scalars(select(Process).order_by(Process.code)))


# --- indicators -----------------------------------------------------------------------------

def _check_indicator(values: dict, indicator: Indicator | None = None) -> dict:
    code = (values.get("code") or "").strip().upper()[:20]
    if code:
        clash = db.session.scalar(select(Indicator).where(func.upper(Indicator.code) == code))
        if clash is not None and clash is not indicator:
            raise DomainError(_l("Another indicator already has this code."), field="code")
    if not (values.get("name") or "").strip():
        raise DomainError(_l("Name the indicator."), field="name")
    if values.get("direction") not in Direction.__members__.values():
        raise DomainError(_l("Choose whether higher or lower values are better."),
                          field="direction")
    if values.get("frequency") not in Frequency.__members__.values():
        raise DomainError(_l("Choose how often it is measured."), field="frequency")
    target = values.get("target")
    if target is not None:
        target = Decimal(target)
    refuse_personal_codes(name=values.get("name"), data_source=values.get("data_source"))
    return {"code": code, "name": values["name"].strip()[:200],
            "unit_of_measure": (values.get("unit_of_measure") or "").strip()[:40],
            "direction": values["direction"], "target": target,
            "frequency": values["frequency"],
            "data_source": (values.get("data_source") or "").strip()[:300],
            "owner_position_id": values.get("owner_position_id"),
            "is_active": values.get("is_active", True)}


def create_indicator(process: Process, *, actor, now: dt.datetime | None = None,
                     **values) -> Indicator:
    _require(can_manage(actor))
    indicator = Indicator(process=process, **_check_indicator(values))
    db.session.add(indicator)
    db.session.flush()
    audit_log.record_creation(indicator, INDICATOR_FIELDS, actor=actor,
                              action="indicator.create", now=now)
    transaction.commit()
    return indicator


def update_indicator(indicator: Indicator, *, actor, now: dt.datetime, expected_version=None,
                     **values) -> Indicator:
    _require(can_manage(actor))
    check_version(indicator, expected_version)
    values.setdefault("is_active", indicator.is_active)
    audit_log.apply_changes(indicator, _check_indicator(values, indicator), actor=actor,
                            action="indicator.update", now=now)
    transaction.commit()
    return indicator


# --- periods --------------------------------------------------------------------------------

def period_fits(frequency: str, start: dt.date) -> bool:
    """A period starts on the first day of a month, quarter or year."""
    if start.day != 1:
        return False
    if frequency == Frequency.QUARTERLY:
        return start.month in (1, 4, 7, 10)
    if frequency == Frequency.YEARLY:
        return start.month == 1
    return True


_QUARTER = re.compile(r"^(?:(\d{4})\s*[-/ ]?\s*[QqCc]([1-4])|[QqCc]([1-4])\s*[-/ ]?\s*(\d{4}))$")


def parse_period(text: str) -> dt.date:
    """The first day of a period from ``dd.mm.yyyy``, ``yyyy-mm-dd``, ``mm.yyyy``, ``yyyy-mm``,
    ``2026 Q1`` / ``Q1 2026`` or ``2026``. Raises ValueError otherwise."""
    from qms.core.formatting import parse_date

    text = (text or "").strip().rstrip(".")
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    match = _QUARTER.match(text)
    if match:
        year = int(match.group(1) or match.group(4))
        quarter = int(match.group(2) or match.group(3))
        return dt.date(year, 3 * quarter - 2, 1)
    match = re.fullmatch(r"(\d{1,2})\.(\d{4})", text) or None
    if match:
        return dt.date(int(match.group(2)), int(match.group(1)), 1)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if match:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    return parse_date(text)


def period_label(frequency: str, start: dt.date) -> str:
    if frequency == Frequency.YEARLY:
        return f"{start.year}"
    if frequency == Frequency.QUARTERLY:
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    return f"{start.month:02d}.{start.year}"


def _period_error(indicator: Indicator):
    return {
        Frequency.MONTHLY: _l("A monthly indicator's period starts on the 1st of a month."),
        Frequency.QUARTERLY: _l("A quarterly indicator's period starts on 1 January, 1 April, "
                                "1 July or 1 October."),
        Frequency.YEARLY: _l("A yearly indicator's period starts on 1 January."),
    }.get(indicator.frequency, _l("The period does not match how often it is measured."))


# --- values ---------------------------------------------------------------------------------

def record_value(indicator: Indicator, *, actor, now: dt.datetime, period_start: dt.date,
                 value: Decimal, note: str = "", expected_version=None) -> IndicatorValue:
    """Enter (or correct) the value of one period; a correction keeps the old value in the
    audit trail."""
    _require(can_record(actor, indicator),
             _l("Only the indicator's owner or the quality manager enters its values."))
    if period_start is None:
        raise DomainError(_l("Give the period."), field="period")
    if not period_fits(indicator.frequency, period_start):
        raise DomainError(_period_error(indicator), field="period")
    if value is None:
        raise DomainError(_l("Give the value."), field="value")
    if period_start > now.date():
        raise DomainError(_l("The period has not started yet."), field="period")
    note = (note or "").strip()[:500]
    refuse_personal_codes(note=note)
    existing = db.session.scalar(select(IndicatorValue).where(
        IndicatorValue.indicator_id == indicator.id,
        IndicatorValue.period_start == period_start))
    if existing is None:
        row = IndicatorValue(indicator=indicator, period_start=period_start,
                             value=Decimal(value).quantize(Decimal("0.01")), note=note,
                             entered_by_id=getattr(actor, "id", None), entered_at=now)
        db.session.add(row)
        db.session.flush()
        audit_log.record_creation(row, ["period_start", "value", "note"], actor=actor,
                                  action="indicator_value.create", now=now)
    else:
        row = existing
        check_version(row, expected_version)
        changes = audit_log.apply_changes(
            row, {"value": Decimal(value).quantize(Decimal("0.01")), "note": note},
            actor=actor, action="indicator_value.update", now=now)
        if changes:
            row.entered_by_id, row.entered_at = getattr(actor, "id", None), now
    transaction.commit()
    return row


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def import_values(text: str, *, actor, now: dt.datetime) -> ImportResult:
    """Values from CSV (columns indicator, period, value, note). All or nothing: any invalid
    row means no change, and every problem names its row and column."""
    from qms.core.formatting import parse_amount

    _require(actor.can(Permission.INDICATOR_RECORD),
             _l("Only the indicator's owner or the quality manager enters its values."))
    rows = read_rows(text, required=VALUE_COLUMNS_REQUIRED, optional=VALUE_COLUMNS_OPTIONAL)
    indicators = list(db.session.scalars(select(Indicator)))
    by_code = {i.code.upper(): i for i in indicators if i.code}
    by_id = {str(i.id): i for i in indicators}
    errors: list[RowError] = []
    parsed = []
    seen: dict[tuple[int, dt.date], int] = {}
    for number, row in rows:
        key = row.get("indicator", "").strip()
        indicator = by_code.get(key.upper()) or by_id.get(key)
        if indicator is None:
            errors.append(RowError(number, "indicator", str(_l("No indicator has this code."))))
        elif not can_record(actor, indicator):
            errors.append(RowError(number, "indicator", str(
                _l("Only the indicator's owner or the quality manager enters its values."))))
            indicator = None
        period = None
        try:
            period = parse_period(row.get("period", ""))
        except ValueError:
            errors.append(RowError(number, "period", str(
                _l("Write the period as dd.mm.yyyy, mm.yyyy, 2026 Q1 or 2026."))))
        if period is not None and indicator is not None:
            if not period_fits(indicator.frequency, period):
                errors.append(RowError(number, "period", str(_period_error(indicator))))
            elif period > now.date():
                errors.append(RowError(number, "period", str(
                    _l("The period has not started yet."))))
            elif (indicator.id, period) in seen:
                errors.append(RowError(number, "period", str(
                    _l("The same indicator and period are already in row %(row)s.",
                       row=seen[(indicator.id, period)]))))
            else:
                seen[(indicator.id, period)] = number
        value = None
        try:
            value = parse_amount(row.get("value", ""))
        except ValueError:
            errors.append(RowError(number, "value", str(_l("Write a number, e.g. 1 234,5."))))
        note = row.get("note", "")[:500]
        try:
            refuse_personal_codes(note=note)
        except DomainError as error:
            errors.append(RowError(number, "note", str(error)))
        parsed.append((indicator, period, value, note))
    if errors:
        raise ImportErrors(errors)
    result = ImportResult()
    with transaction.atomic():
        for indicator, period, value, note in parsed:
            existing = db.session.scalar(select(IndicatorValue).where(
                IndicatorValue.indicator_id == indicator.id,
                IndicatorValue.period_start == period))
            before = (existing.value, existing.note) if existing is not None else None
            record_value(indicator, actor=actor, now=now, period_start=period, value=value,
                         note=note)
            if before is None:
                result.created += 1
            elif before != (value, note.strip()):
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def raise_nonconformity(row: IndicatorValue, *, actor, now: dt.datetime):
    """A nonconformity from a value on the wrong side of the target (once per value)."""
    from qms.nonconformities import services as nc_services

    indicator = row.indicator
    _require(can_record(actor, indicator) and actor.can(Permission.NC_REPORT),
             _l("Only the indicator's owner or the quality manager may do this."))
    if not indicator.is_breach(row.value):
        raise InvalidTransition(_l("The value meets the target."))
    if row.nonconformity_id is not None:
        raise InvalidTransition(_l("A nonconformity was already raised from this value."))
    label = period_label(indicator.frequency, row.period_start)
    with transaction.atomic():
        record = nc_services.report(
            actor=actor, now=now,
            title=str(_l("Indicator below target: %(name)s (%(period)s)", name=indicator.name,
                         period=label)
                      if indicator.direction == Direction.HIGHER else
                      _l("Indicator above target: %(name)s (%(period)s)", name=indicator.name,
                         period=label))[:300],
            description=str(_l("%(process)s: %(name)s was %(value)s %(unit)s in %(period)s; "
                               "the target is %(target)s.", process=str(indicator.process),
                               name=indicator.name, value=row.value,
                               unit=indicator.unit_of_measure, period=label,
                               target=indicator.target)),
            source="indicator", source_type="indicator_value", source_id=row.id,
            source_reference=f"{indicator.process.code} {indicator.code or indicator.name}"
            f" {label}"[:300],
            process_id=indicator.process_id)
        row.nonconformity_id = record.id
        audit_log.record(actor=actor, action="indicator_value.raise_nonconformity", entity=row,
                         changes={"nonconformity": [None, record.number]}, now=now)
    return record


# --- process performance reports ------------------------------------------------------------

def content_sha256(content: dict) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _report(process: Process, year: int, *, actor, now: dt.datetime) -> ProcessReport:
    report = db.session.scalar(select(ProcessReport).where(
        ProcessReport.process_id == process.id, ProcessReport.year == year))
    if report is None:
        report = ProcessReport(process=process, year=year, status=ReportStatus.DRAFT,
                               created_at=now, conclusions="")
        db.session.add(report)
        db.session.flush()
        audit_log.record_creation(report, ["year"], actor=actor, action="process_report.create",
                                  now=now)
    return report


def save_conclusions(process: Process, year: int, *, actor, now: dt.datetime,
                     conclusions: str, expected_version=None) -> ProcessReport:
    _require(can_write_report(actor, process),
             _l("Only the process owner or the quality manager writes this report."))
    if year < 2000 or year > now.year:
        raise DomainError(_l("Choose a year that has started."), field="year")
    conclusions = (conclusions or "").strip()
    refuse_personal_codes(conclusions=conclusions)
    report = _report(process, year, actor=actor, now=now)
    if report.is_approved:
        raise InvalidTransition(_l("The report is approved and can no longer be changed."))
    if expected_version not in (None, ""):
        check_version(report, expected_version)
    audit_log.apply_changes(report, {"conclusions": conclusions}, actor=actor,
                            action="process_report.update", now=now)
    transaction.commit()
    return report


def approve_report(process: Process, year: int, *, actor, now: dt.datetime,
                   expected_version=None) -> ProcessReport:
    """Freeze the report: its content (figures, audits, nonconformities, changes and the
    conclusions) is stored as approved, with its SHA-256."""
    from qms.processes import queries

    _require(can_write_report(actor, process),
             _l("Only the process owner or the quality manager approves this report."))
    if year >= now.year:
        raise DomainError(_l("A year's report is approved after the year has ended."),
                          field="year")
    report = db.session.scalar(select(ProcessReport).where(
        ProcessReport.process_id == process.id, ProcessReport.year == year))
    if report is not None and report.is_approved:
        raise InvalidTransition(_l("The report is already approved."))
    if report is None or not report.conclusions.strip():
        raise DomainError(_l("Write the conclusions before approving the report."),
                          field="conclusions")
    if expected_version not in (None, ""):
        check_version(report, expected_version)
    content = queries.report_content(process, year)
    content["conclusions"] = report.conclusions
    content["approved_by"] = getattr(actor, "display_name", "") or ""
    content["approved_at"] = now.astimezone(dt.UTC).isoformat()
    report.content = content
    report.content_sha256 = content_sha256(content)
    report.status = ReportStatus.APPROVED
    report.approved_at = now
    report.approved_by_id = getattr(actor, "id", None)
    report.approved_by_name = content["approved_by"][:200]
    audit_log.record(actor=actor, action="process_report.approve", entity=report,
                     changes={"status": [ReportStatus.DRAFT, ReportStatus.APPROVED],
                              "content_sha256": [None, report.content_sha256]}, now=now)
    transaction.commit()
    return report


def hash_intact(report: ProcessReport) -> bool:
    return bool(report.content) and content_sha256(report.content) == report.content_sha256
