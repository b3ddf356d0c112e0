import datetime as dt
from decimal import Decimal

import pytest

from qms.core.formatting import (
    format_amount,
    format_date,
    format_datetime,
    format_long_date,
    parse_date,
)

NBSP = "\u00a0"


def test_dates_are_day_month_year(app):
    assert format_date(dt.date(2026, 11, 24)) == "24.11.2026"
    assert format_date(dt.date(2018, 9, 4)) == "04.09.2018"


def test_timestamps_are_shown_in_riga_time(app):
    summer = dt.datetime(2026, 7, 1, 12, 7, tzinfo=dt.UTC)
    winter = dt.datetime(2026, 1, 1, 12, 7, tzinfo=dt.UTC)
    assert format_datetime(summer) == "01.07.2026 15:07"
    assert format_datetime(winter) == "01.01.2026 14:07"
    # a timestamp late in the UTC day is already the next day in Riga
    assert format_date(dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC)) == "25.11.2026"


def test_latvian_amounts_group_thousands_with_no_break_spaces(app):
    assert format_amount(Decimal("1234.56"), "lv") == f"1{NBSP}234,56{NBSP}€"
    assert format_amount(Decimal("1234567.89"), "lv") == f"1{NBSP}234{NBSP}567,89{NBSP}€"
    assert format_amount(Decimal("-1234.5"), "lv") == f"-1{NBSP}234,50{NBSP}€"
    assert format_amount(Decimal("1234.56"), "en") == "€1,234.56"


def test_long_date_in_latvian(app):
    assert format_long_date(dt.date(2026, 11, 24), "lv") == "2026. gada 24. novembris"


@pytest.mark.parametrize("text, expected", [
    ("24.11.2026", dt.date(2026, 11, 24)),
    ("4.9.2018", dt.date(2018, 9, 4)),
    ("04.09.2018.", dt.date(2018, 9, 4)),
    ("2026-11-24", dt.date(2026, 11, 24)),
    (" 01.01.2027 ", dt.date(2027, 1, 1)),
])
def test_parse_date_accepts_latvian_and_iso_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "31.02.2026", "24.11.26", "24/11/2026", "abc", "1.2"])
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize("text, expected", [
    ("1 234,56", Decimal("1234.56")), ("1\u00a0234,5 €", Decimal("1234.50")),
    ("1234.56", Decimal("1234.56")), ("12\u202f345", Decimal("12345.00")), ("0", Decimal("0")),
])
def test_amounts_are_read_the_latvian_way(text, expected):
    from qms.core.formatting import parse_amount

    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1,234.56", "1e99", "NaN", "12,34,5"])
def test_bad_amounts_are_refused(text):
    from qms.core.formatting import parse_amount

    with pytest.raises(ValueError):
        parse_amount(text)
