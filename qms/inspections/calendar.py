"""The calendar of audits, external inspections and prescription deadlines: the entries a
person sees, the month and year views, and the personal iCalendar feed (RFC 5545), written
by hand: all-day events, CRLF line endings, lines folded at 75 octets, TEXT escaped."""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import String, case, func, literal_column, select, type_coerce, union_all
from sqlalchemy.orm import selectinload

from qms.extensions import db
from qms.inspections import queries

KINDS = ("audit", "inspection", "deadline")
# A day of the month grid shows at most this many entries; the rest sit behind "+K more",
# a link to the day's own (paginated) list.
DAY_LIMIT = 3
KIND_LABELS = {"audit": _l("Audit"), "inspection": _l("Inspection"),
               "deadline": _l("Prescription deadline")}
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
    record_id: int = 0  # the record's id: entries of one day and kind are in this order
    kind_text: str = ""  # the kind's label, translated once for many entries

    def on(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def kind_label(self):
        return self.kind_text or KIND_LABELS[self.kind]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    entries: list[Entry] = field(default_factory=list)
    total: int | None = None  # entries on the day when ``entries`` shows only the first ones

    @property
    def more(self) -> int:
        """Entries on the day beyond those shown."""
        return max(0, (self.total or 0) - len(self.entries))


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]
    entries: list[Entry]  # overlapping the month, by start (in the month page: one page)
    listing: Pagination | None = None  # the month page's list: a page of ``entries``

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

# ``describe=False``: without the description (only the iCalendar feed shows it), which
# saves the web calendar a query and several translations per entry.
def _audit_entry(audit, *, describe: bool = True) -> Entry:
    start = audit.planned_start
    end = max(audit.planned_end or start, start)
    description = f"{audit.type_label} · {audit.status_label}" if describe else ""
    if describe and audit.lead is not None:
        description += "\n" + _("Lead auditor: %(name)s", name=audit.lead.full_name)
    return Entry("audit", f"audit-{audit.id}", start, end,
                 _("Audit %(number)s: %(title)s", number=audit.number, title=audit.title),
                 f"/audits/{audit.id}", description, record_id=audit.id)


def _inspection_entry(inspection, *, describe: bool = True) -> Entry:
    start = inspection.started_on
    end = max(inspection.ended_on or start, start)
    lines = [inspection.authority.name if inspection.authority else "", inspection.legal_basis,
             inspection.service, str(inspection.result_label)] if describe else []
    return Entry("inspection", f"inspection-{inspection.id}", start, end,
                 _("Inspection %(number)s (%(authority)s): %(subject)s",
                   number=inspection.number, authority=str(inspection.authority),
                   subject=inspection.subject),
                 f"/inspections/{inspection.id}", "\n".join(line for line in lines if line),
                 record_id=inspection.id)


def _deadline_entry(prescription, today: dt.date, *, describe: bool = True) -> Entry:
    inspection = prescription.inspection
    text = " ".join(prescription.text.split())
    short = text if len(text) <= 80 else text[:79].rstrip() + "…"
    lines = [f"{inspection.number} · {prescription.kind_label} · {prescription.status_label}",
             prescription.text, prescription.legal_reference] if describe else []
    return Entry("deadline", f"prescription-{prescription.id}", prescription.deadline_on,
                 prescription.deadline_on,
                 _("Deadline (%(authority)s): %(text)s", authority=str(inspection.authority),
                   text=short),
                 f"/inspections/{inspection.id}", "\n".join(line for line in lines if line),
                 overdue=prescription.status == "open" and prescription.deadline_on < today,
                 record_id=prescription.id)


def _sorted(entries: list[Entry]) -> list[Entry]:
    """By first day, kind (audits, inspections, deadlines), record id: the order the SQL of
    the month and day views gives, the same on every database."""
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(entries, key=lambda e: (e.start, order[e.kind], e.record_id))


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


# --- the month and day pages: the entries shown are chosen from keys, only they are loaded --

class _ListPage(Pagination):
    """A page of entries: ``_query_items`` gets (kind, id, total) rows from ``rows(limit,
    offset)`` and loads only their records; ``counter()`` counts when the page is empty."""

    def _query_items(self) -> list[Entry]:
        rows = self._query_args["rows"](self.per_page, self._query_offset)
        self._total = rows[0][2] if rows else None
        return _entries([(kind, record_id) for kind, record_id, _total in rows],
                        self._query_args["today"], known=self._query_args["known"])

    def _query_count(self) -> int:
        return self._total if self._total is not None else self._query_args["counter"]()


def _spans(user, start: dt.date, end: dt.date):
    """Every entry ``user`` sees overlapping ``start``..``end``, as rows of (kind: 0 audit,
    1 inspection, 2 deadline; record id; first day; last day): the conditions ``entries_for`` uses (queries.*_overlap, the
    registers the person may see, else their own audits and prescriptions), without loading
    a record."""
    from qms.audits.models import Audit
    from qms.inspections.models import Inspection, Prescription

    scope = queries.calendar_scope(user)
    audit_last = func.coalesce(Audit.planned_end, Audit.planned_start)
    parts = [select(literal_column("0").label("kind"), Audit.id.label("record_id"),
                    Audit.planned_start.label("first"),
                    case((audit_last > Audit.planned_start, audit_last),
                         else_=Audit.planned_start).label("last"))
             .where(*queries.audit_overlap(start, end, user=user,
                                           member_only=not scope["all_audits"]))]
    if scope["inspections"]:
        inspection_last = func.coalesce(Inspection.ended_on, Inspection.started_on)
        parts.append(select(literal_column("1"), Inspection.id, Inspection.started_on,
                            case((inspection_last > Inspection.started_on, inspection_last),
                                 else_=Inspection.started_on))
                     .where(*queries.inspection_overlap(start, end)))
    parts.append(select(literal_column("2"), Prescription.id, Prescription.deadline_on,
                        Prescription.deadline_on)
                 .where(*queries.deadline_overlap(
                     start, end, user=user, responsible_only=not scope["all_prescriptions"])))
    return union_all(*parts).subquery("spans")


def _entries(keys: list[tuple[int, int]], today: dt.date,
             known: dict[tuple[int, int], Entry] | None = None) -> list[Entry]:
    """The entries of ``keys`` ((kind number, record id), in the order wanted), loading only
    those records (with what their titles need) that ``known`` does not hold already."""
    from qms.audits.models import Audit
    from qms.inspections.models import Inspection, Prescription

    built: dict[tuple[int, int], Entry] = known if known is not None else {}
    wanted: dict[int, set[int]] = {0: set(), 1: set(), 2: set()}
    for kind, record_id in keys:
        if (kind, record_id) not in built:
            wanted[kind].add(record_id)
    labels = {kind: str(label) for kind, label in KIND_LABELS.items()}  # translated once
    if wanted[0]:
        for audit in db.session.scalars(select(Audit).where(Audit.id.in_(wanted[0]))):
            built[0, audit.id] = replace(_audit_entry(audit, describe=False),
                                         kind_text=labels["audit"])
    if wanted[1]:
        for inspection in db.session.scalars(
                select(Inspection).where(Inspection.id.in_(wanted[1]))
                .options(selectinload(Inspection.authority))):
            built[1, inspection.id] = replace(_inspection_entry(inspection, describe=False),
                                              kind_text=labels["inspection"])
    if wanted[2]:
        for prescription in db.session.scalars(
                select(Prescription).where(Prescription.id.in_(wanted[2]))
                .options(selectinload(Prescription.inspection)
                         .selectinload(Inspection.authority))):
            built[2, prescription.id] = replace(
                _deadline_entry(prescription, today, describe=False),
                kind_text=labels["deadline"])
    return [built[key] for key in keys if key in built]


def day_counts(user, days: list[dt.date], *, limit: int | None = None
               ) -> dict[dt.date, tuple[int, list[tuple[int, int]]]]:
    """For each of ``days`` (consecutive) with entries: (how many entries are on it, the first
    ``limit`` of them as (kind number, record id), in calendar order). One narrow query over
    the indexes gives the entries' keys and spans in calendar order, no record is loaded; the
    counting is a walk over them. (The same in SQL, the days joined to the spans and ranked
    with window functions, cost 5 ms at national scale against 1 ms for this.)"""
    if not days:
        return {}
    limit = limit or DAY_LIMIT
    days = sorted(days)
    spans = _spans(user, days[0], days[-1])
    index = {day.isoformat(): n for n, day in enumerate(days)}
    first_iso, last_iso = days[0].isoformat(), days[-1].isoformat()
    counts = [0] * len(days)
    shown: list[list[tuple[int, int]]] = [[] for _day in days]
    # The dates as ISO text (what SQLite stores; str() of a PostgreSQL date): no parsing.
    for kind, record_id, first, last in db.session.execute(
            select(spans.c.kind, spans.c.record_id, type_coerce(spans.c.first, String),
                   type_coerce(spans.c.last, String))
            .order_by(spans.c.first, spans.c.kind, spans.c.record_id)):
        first, last = str(first)[:10], str(last)[:10]
        key = (kind, record_id)
        for n in range(index[first] if first > first_iso else 0,
                       index[last] + 1 if last < last_iso else len(days)):
            counts[n] += 1
            if counts[n] <= limit:
                shown[n].append(key)
    return {day: (counts[n], shown[n]) for n, day in enumerate(days) if counts[n]}


def entries_page(user, start: dt.date, end: dt.date, *, today: dt.date, page: int,
                 per_page: int, known: dict | None = None) -> Pagination:
    """One page of the entries overlapping ``start``..``end``, in calendar order (first day,
    kind, record id), paginated in SQL; only the page's records are loaded."""
    spans = _spans(user, start, end)

    def rows(limit: int, offset: int):
        return db.session.execute(
            select(spans.c.kind, spans.c.record_id, func.count().over())
            .order_by(spans.c.first, spans.c.kind, spans.c.record_id)
            .limit(limit).offset(offset)).all()

    def count() -> int:
        return db.session.scalar(select(func.count()).select_from(spans)) or 0

    return _ListPage(page=page, per_page=per_page, max_per_page=None, error_out=False,
                     rows=rows, counter=count, today=today, known=known)


def month_page(user, year: int, month: int, *, today: dt.date, page: int = 1,
               per_page: int = 25, per_day: int | None = None) -> Month:
    """The month page: a Monday-first grid of whole weeks whose days show their first
    ``per_day`` entries and how many there are, and one page of the month's entries as a
    list (what a phone shows instead of the grid)."""
    first, last = month_bounds(year, month)
    dates = [day for week in _stdlib_calendar.Calendar(firstweekday=0)
             .monthdatescalendar(year, month) for day in week]
    counts = day_counts(user, dates, limit=per_day)
    by_key: dict[tuple[int, int], Entry] = {}
    _entries([key for _total, keys in counts.values() for key in keys], today, known=by_key)
    days = []
    for day in dates:
        total, keys = counts.get(day, (0, []))
        days.append(Day(day, day.month == month, day == today,
                        [by_key[key] for key in keys if key in by_key], total))
    listing = entries_page(user, first, last, today=today, page=page, per_page=per_page,
                           known=by_key)
    weeks = [days[i:i + 7] for i in range(0, len(days), 7)]
    return Month(year, month, weeks, listing.items, listing)


def day_page(user, day: dt.date, *, today: dt.date, page: int, per_page: int) -> Pagination:
    """Every entry on ``day``, a page at a time (where "+K more" in the month grid leads)."""
    return entries_page(user, day, day, today=today, page=page, per_page=per_page)


def parse_day(text: str | None) -> dt.date | None:
    """``2026-11-24`` -> that date; anything else -> None."""
    try:
        day = dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2999 else None


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


def day_name(day: dt.date) -> str:
    """The date in full, with its weekday, in the reader's language."""
    from flask_babel import format_date

    return format_date(day, "full")


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
