"""Dates, times and amounts as readers expect them: Latvian ``24.11.2026`` and ``1 234,56 €``.

Registered as Jinja filters by ``create_app``; usable from e-mails and PDFs too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency, format_decimal
from flask import current_app
from flask_babel import get_locale

from qms.core.time import to_local

DATE_PATTERN = "dd.MM.yyyy"
DATETIME_PATTERN = "dd.MM.yyyy HH:mm"


def _locale(locale: str | None) -> str:
    if locale:
        return locale
    current = get_locale()
    return str(current) if current else current_app.config["DEFAULT_LANGUAGE"]


def format_date(value: dt.date | dt.datetime | None, locale: str | None = None) -> str:
    """``24.11.2026`` in every language: the organisation works in Latvian formats."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = to_local(value, current_app.config["TIMEZONE"]).date()
    return value.strftime("%d.%m.%Y")


def format_long_date(value: dt.date | None, locale: str | None = None) -> str:
    """``2026. gada 24. novembris`` / ``24 November 2026``."""
    if value is None:
        return ""
    return _babel_date(value, "long", locale=_locale(locale))


def format_datetime(value: dt.datetime | None, locale: str | None = None) -> str:
    """Local (Europe/Riga) time, 24-hour clock: ``24.11.2026 15:07``."""
    if value is None:
        return ""
    local = to_local(value, current_app.config["TIMEZONE"])
    return local.strftime("%d.%m.%Y %H:%M")


def format_amount(value: Decimal | float | int | None, locale: str | None = None) -> str:
    """``1 234,56 €`` (no-break spaces) in Latvian, ``€1,234.56`` in English."""
    if value is None:
        return ""
    return format_currency(value, "EUR", locale=_locale(locale))


def format_number(value: Decimal | float | int | None, locale: str | None = None) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=_locale(locale))


def parse_date(text: str) -> dt.date:
    """Accepts ``dd.mm.yyyy``, leniently ``d.m.yyyy`` with or without a trailing dot, and ISO
    ``yyyy-mm-dd`` (what a browser's date input sends). Raises ValueError otherwise."""
    text = (text or "").strip().rstrip(".")
    if not text:
        raise ValueError("empty date")
    if "-" in text:
        return dt.date.fromisoformat(text)
    parts = text.split(".")
    if len(parts) != 3 or len(parts[2]) != 4:
        raise ValueError(f"not a date: {text!r}")
    day, month, year = (int(p) for p in parts)
    return dt.date(year, month, day)


def parse_amount(text: str) -> Decimal:
    """``1 234,56``, ``1234.56``, ``1 234,56 €`` (spaces: normal, no-break or narrow) ->
    Decimal('1234.56'). Raises ValueError for anything else."""
    cleaned = (text or "").strip().replace("€", "").replace("EUR", "")
    for space in (" ", "\u00a0", "\u202f"):
        cleaned = cleaned.replace(space, "")
    if "," in cleaned and "." in cleaned:
        raise ValueError(text)
    cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        raise ValueError(text) from None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


FILTERS = {
    "date": format_date,
    "long_date": format_long_date,
    "datetime": format_datetime,
    "amount": format_amount,
    "number": format_number,
}
