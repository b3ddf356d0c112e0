"""The calendar of audits, external inspections and prescription deadlines: the entries a
person sees, the month and year views, and the personal iCalendar feed (RFC 5545), written
by hand: all-day events, CRLF line endings, lines folded at 75 octets, TEXT escaped."""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask_babel import gettext as _

from qms.inspections import queries

KINDS = ("audit", "inspection", "deadline")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Entry:
    kind: str  # audit | inspection | deadline
    key: str  # stable per record: "audit-12", "inspection-3", "prescription-7"
    start: dt.date
    end: dt.date  # the last day (inclusive)
    title: str
    path: str  # the record's page, e.g. /audits/12
    description: str = ""
    overdue: bool = False

    def on(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]
    entries: list[Entry]  # overlapping the month, by start

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


# --- parameters -----------------------------------------------------------------------------

def parse_month(text: str | None, today: dt.date) -> tuple[int, int]:
    """``2026-11`` -> (2026, 11); anything else -> the current month."""
    match = _MONTH.match((text or "").strip())
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return year, month
    return today.year, today.month


def parse_year(value: int | None, today: dt.date) -> int:
    return value if value is not None and 1900 <= value <= 2999 else today.year


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = _stdlib_calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


# --- entries --------------------------------------------------------------------------------

def _audit_entry(audit) -> Entry:
    start = audit.planned_start
    end = max(audit.planned_end or start, start)
    description = f"{audit.type_label} · {audit.status_label}"
    if audit.lead is not None:
        description += "\n" + _("Lead auditor: %(name)s", name=audit.lead.full_name)
    return Entry("audit", f"audit-{audit.id}", start, end,
                 _("Audit %(number)s: %(title)s", number=audit.number, title=audit.title),
                 f"/audits/{audit.id}", description)


def _inspection_entry(inspection) -> Entry:
    start = inspection.started_on
    end = max(inspection.ended_on or start, start)
    lines = [inspection.authority.name if inspection.authority else "", inspection.legal_basis,
             inspection.service, str(inspection.result_label)]
    return Entry("inspection", f"inspection-{inspection.id}", start, end,
                 _("Inspection %(number)s (%(authority)s): %(subject)s",
                   number=inspection.number, authority=str(inspection.authority),
                   subject=inspection.subject),
                 f"/inspections/{inspection.id}", "\n".join(line for line in lines if line))


def _deadline_entry(prescription, today: dt.date) -> Entry:
    inspection = prescription.inspection
    text = " ".join(prescription.text.split())
    short = text if len(text) <= 80 else text[:79].rstrip() + "…"
    lines = [f"{inspection.number} · {prescription.kind_label} · {prescription.status_label}",
             prescription.text, prescription.legal_reference]
    return Entry("deadline", f"prescription-{prescription.id}", prescription.deadline_on,
                 prescription.deadline_on,
                 _("Deadline (%(authority)s): %(text)s", authority=str(inspection.authority),
                   text=short),
                 f"/inspections/{inspection.id}", "\n".join(line for line in lines if line),
                 overdue=prescription.status == "open" and prescription.deadline_on < today)


def _sorted(entries: list[Entry]) -> list[Entry]:
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(entries, key=lambda e: (e.start, order[e.kind], e.title))


def entries_for(user, start: dt.date, end: dt.date, *, today: dt.date) -> list[Entry]:
    """What ``user`` sees in the web calendar between ``start`` and ``end``."""
    scope = queries.calendar_scope(user)
    entries = [_audit_entry(a) for a in queries.audits_between(
        start, end, user=user, member_only=not scope["all_audits"])]
    if scope["inspections"]:
        entries += [_inspection_entry(i) for i in queries.inspections_between(start, end)]
    entries += [_deadline_entry(p, today) for p in queries.deadlines_between(
        start, end, user=user, responsible_only=not scope["all_prescriptions"])]
    return _sorted(entries)


FEED_PAST_DAYS = 366
FEED_FUTURE_DAYS = 3 * 366


def feed_entries(user, *, today: dt.date) -> list[Entry]:
    """The personal feed: the person's own audits (as a member) and the prescriptions they are
    responsible for; with the right to see the register, every inspection too."""
    from qms.core.permissions import Permission

    start = today - dt.timedelta(days=FEED_PAST_DAYS)
    end = today + dt.timedelta(days=FEED_FUTURE_DAYS)
    entries = [_audit_entry(a) for a in queries.audits_between(start, end, user=user,
                                                                member_only=True)]
    if user.can(Permission.INSPECTION_VIEW):
        entries += [_inspection_entry(i) for i in queries.inspections_between(start, end)]
    entries += [_deadline_entry(p, today) for p in queries.deadlines_between(
        start, end, user=user, responsible_only=True)]
    return _sorted(entries)


# --- month and year views -------------------------------------------------------------------

def month_view(year: int, month: int, entries: list[Entry], *, today: dt.date) -> Month:
    """A Monday-first grid of whole weeks; each day lists the entries on it."""
    weeks = []
    for week in _stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([Day(day, day.month == month, day == today,
                          [e for e in entries if e.on(day)]) for day in week])
    first, last = month_bounds(year, month)
    return Month(year, month, weeks, [e for e in entries if e.start <= last and e.end >= first])


def year_view(year: int, entries: list[Entry], *, today: dt.date) -> list[Month]:
    return [month_view(year, month, entries, today=today) for month in range(1, 13)]


def weekday_names() -> list[tuple[str, str]]:
    """(short, full) names, Monday first, in the reader's language."""
    from flask_babel import format_date

    monday = dt.date(2024, 1, 1)  # a Monday
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    return [(format_date(day, "EEE"), format_date(day, "EEEE")) for day in days]


def month_name(year: int, month: int) -> str:
    from flask_babel import format_date

    return format_date(dt.date(year, month, 1), "LLLL yyyy")


# --- iCalendar ------------------------------------------------------------------------------

def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped, other
    control characters dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (RFC 5545 3.1); continuation
    lines start with a space; a UTF-8 character is never split."""
    if len(line.encode("utf-8")) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > 75:
            parts.append(current)
            current = b" "
        current += encoded
    parts.append(current)
    return "\r\n".join(part.decode("utf-8") for part in parts)


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def to_ical(entries: list[Entry], *, now: dt.datetime, base_url: str, name: str) -> str:
    """The VCALENDAR text with one all-day VEVENT per entry (DTEND is exclusive)."""
    base = base_url.rstrip("/")
    host = urlsplit(base).hostname or "qms.local"
    categories = {"audit": _("Audit"), "inspection": _("Inspection"),
                  "deadline": _("Prescription deadline")}
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//qms//Audits and inspections//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}",
             "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"]
    stamp = _stamp(now)
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:qms-{entry.key}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(entry.start)}",
            f"DTEND;VALUE=DATE:{_date(entry.end + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(entry.title)}",
        ]
        if entry.description:
            lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
        lines += [f"CATEGORIES:{escape_text(str(categories[entry.kind]))}",
                  f"URL:{base}{entry.path}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
