"""The gap analysis: recurrence expiry, cycles of hours, yearly hours per position or
category."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from qms.training.competence import applies_to, cell_status, required_hours
from qms.training.models import CellStatus

TODAY = dt.date(2026, 5, 4)


def _req(months=None, hours=0, **kw):
    return SimpleNamespace(recurrence_months=months, min_hours=Decimal(hours), **kw)


def _rec(day, hours=1):
    return SimpleNamespace(ended_on=day, hours=Decimal(hours))


def test_never_done_is_missing():
    assert cell_status(_req(12), [], TODAY).status == CellStatus.MISSING
    assert cell_status(_req(12), [_rec(dt.date(2026, 6, 1))], TODAY).status \
        == CellStatus.MISSING  # not yet taken


def test_recurrence_expires():
    cell = cell_status(_req(24), [_rec(dt.date(2024, 5, 3))], TODAY)
    assert cell.status == CellStatus.EXPIRED and cell.is_gap
    assert cell.valid_until == dt.date(2026, 5, 3)
    assert cell_status(_req(24), [_rec(dt.date(2024, 5, 4))], TODAY).status == CellStatus.DUE
    assert cell_status(_req(24), [_rec(dt.date(2024, 8, 1))], TODAY).status == CellStatus.DONE


def test_the_latest_record_counts():
    cell = cell_status(_req(12), [_rec(dt.date(2026, 1, 5)), _rec(dt.date(2023, 1, 5))], TODAY)
    assert cell.status == CellStatus.DONE and cell.last_on == dt.date(2026, 1, 5)


def test_without_recurrence_once_is_enough():
    assert cell_status(_req(None), [_rec(dt.date(2010, 1, 1))], TODAY).status == CellStatus.DONE


def test_a_cycle_of_hours_counts_the_window():
    supervision = _req(12, 18)
    half = [_rec(dt.date(2026, 1, 20), 9)]
    cell = cell_status(supervision, half, TODAY)
    assert cell.status == CellStatus.DUE and cell.hours == 9 and not cell.is_gap
    full = half + [_rec(dt.date(2025, 6, 1), 9)]
    assert cell_status(supervision, full, TODAY).status == CellStatus.DONE
    old = [_rec(dt.date(2025, 5, 4), 18)]  # just outside the 12 months
    assert cell_status(supervision, old, TODAY).status == CellStatus.EXPIRED


def test_required_hours_position_wins_over_category():
    position = SimpleNamespace(id=7, category="social_work")
    rules = [SimpleNamespace(position_id=None, category="social_work", min_hours=Decimal(24)),
             SimpleNamespace(position_id=None, category="care", min_hours=Decimal(8))]
    assert required_hours(position, rules) == 24
    rules.append(SimpleNamespace(position_id=7, category=None, min_hours=Decimal(40)))
    assert required_hours(position, rules) == 40
    assert required_hours(SimpleNamespace(id=8, category="technical"), rules) is None
    assert required_hours(None, rules) is None


def test_applies_to_position_or_category():
    position = SimpleNamespace(id=3, category="care")
    assert applies_to(SimpleNamespace(position_id=3, category=None), position)
    assert not applies_to(SimpleNamespace(position_id=4, category=None), position)
    assert applies_to(SimpleNamespace(position_id=None, category="care"), position)
    assert not applies_to(SimpleNamespace(position_id=None, category="care"), None)
