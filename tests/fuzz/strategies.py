"""Hostile and malformed values for form fields, query parameters and files."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

EDGE = [
    "", " ", "\x00", "\x00abc", "\r\n\r\n", "\t", "\u202e", "\ufeff", "0", "-1", "-0", "+1",
    "1e309", "NaN", "inf", "-inf", "9" * 40, "-" + "9" * 40, "1 234,56", "1.234.567,89",
    "0,0000001", "１２３", "٣", "Ⅻ", "31.02.2026", "29.02.2025", "00.00.0000", "99.99.9999",
    "2026-13-45", "1.1.1", "01.01.0001", "31.12.9999", "2026 Q5", "13.2026", "true", "null",
    "None", "[]", "{}", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)", "../../../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini",
    "%00", "%s%s%n", "{{7*7}}", "${7*7}", "'; DROP TABLE \"user\"; --", "' OR 1=1 --",
    "010190-12345", "Ā" * 300, "🙂" * 100, "a\u0301" * 50, "\x7f\x80\x9f",
]


def long_text() -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(["x", "ā", "🙂", "<b>", "\x00", "9"]),
                     st.integers(256, 120_000)).map(lambda t: t[0] * t[1])


def dates() -> st.SearchStrategy[str]:
    return st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).flatmap(
        lambda d: st.sampled_from([d.strftime("%d.%m.%Y"), d.isoformat(),
                                   d.strftime("%d/%m/%y"), f"{d.day}.{d.month}.{d.year}"]))


def numbers() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(-(2**80), 2**80).map(str),
                     st.floats(allow_nan=True, allow_infinity=True).map(repr),
                     st.decimals(allow_nan=True).map(str))


def values() -> st.SearchStrategy:
    """One field value: text or raw bytes (sent percent-encoded, so not always UTF-8)."""
    return st.one_of(
        st.sampled_from(EDGE),
        st.text(max_size=60),
        st.text(st.characters(codec="utf-8", max_codepoint=0x1F), max_size=20),
        long_text(),
        dates(),
        numbers(),
        st.binary(max_size=40),
    )
