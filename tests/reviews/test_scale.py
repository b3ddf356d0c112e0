"""The review and the nonconformity statistics at scale: the figures of the grouped SQL agree
with the records counted one by one, equal counts come in one order on every database, and
the number of queries does not grow with the records (no per-row or per-year loops)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

import pytest
from sqlalchemy import event

from qms.extensions import db
from qms.nonconformities import queries
from qms.nonconformities.models import Action, NcStatus, Nonconformity, Verdict
from qms.processes.models import Process
from qms.reviews import assemble
from qms.surveys.models import Survey

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
SOURCES = ["audit_finding", "complaint", "indicator", "inspection", "other"]
CATEGORIES = ["", "people", "methods", "premises", "equipment"]
VERDICTS = ["", Verdict.EFFECTIVE, Verdict.PARTLY, Verdict.NOT_EFFECTIVE]
_numbers = iter(range(1000, 100_000))  # clear of the services' numbers


def _nonconformities(count: int, *, seed: int, processes: list[Process]) -> list:
    """``count`` nonconformities of 2024–2026 with every field the figures read varied (and
    one to three actions with a budget each)."""
    rng = random.Random(seed)
    records = []
    for _ in range(count):
        n = next(_numbers)
        year = rng.choice([2024, 2025, 2026])
        reported_on = min(dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)), TODAY)
        status = rng.choice(list(NcStatus))
        closed_at = None
        if status == NcStatus.CLOSED:
            closed_at = (dt.datetime.combine(reported_on, dt.time(12), tzinfo=dt.UTC)
                         + dt.timedelta(days=rng.randrange(500)))
        nc = Nonconformity(
            number=f"NA-T-{n}", year=year, sequence=n, title="Neatbilstība",
            description="Apraksts", source=rng.choice(SOURCES),
            severity=rng.choice(["major", "minor", "observation"]), status=status,
            reported_on=reported_on, reported_at=NOW,
            process_id=rng.choice([None, *[p.id for p in processes]]),
            root_cause_category=rng.choice(CATEGORIES),
            due_on=rng.choice([None, TODAY - dt.timedelta(days=5),
                               TODAY + dt.timedelta(days=5)]),
            verdict=rng.choice(VERDICTS), times_not_effective=rng.choice([0, 0, 1]),
            closed_at=closed_at)
        db.session.add(nc)
        db.session.flush()
        for _ in range(rng.randrange(1, 4)):
            db.session.add(Action(nonconformity_id=nc.id, title="Darbība", created_at=NOW,
                                  budget_planned=Decimal(rng.randrange(0, 500)),
                                  cost_actual=Decimal(rng.randrange(0, 50000)) / 100))
        records.append(nc)
    db.session.commit()
    return records


@pytest.fixture
def processes(app):
    found = [Process(code=f"PT-{n}", name=f"Process {n}") for n in (3, 1, 2)]
    db.session.add_all(found)
    db.session.commit()
    return found


def _ordered(counter: Counter) -> list[tuple[str, int]]:
    """Largest count first, equal counts by key descending (the order on every database)."""
    return sorted(counter.items(), key=lambda pair: (-pair[1], [-ord(c) for c in pair[0]]))


def test_statistics_agree_with_the_records_one_by_one(processes):
    records = _nonconformities(150, seed=1, processes=processes)
    stats = queries.statistics(2026, today=TODAY)

    mine = [nc for nc in records if nc.year == 2026]
    open_ = [nc for nc in mine if nc.status in queries.OPEN_STATUSES]
    verified = [nc for nc in mine if nc.verdict in (Verdict.EFFECTIVE, Verdict.PARTLY)]
    assert stats["total"] == len(mine)
    assert stats["open"] == len(open_)
    assert stats["overdue"] == sum(1 for nc in open_ if nc.due_on and nc.due_on < TODAY)
    assert stats["verified"] == len(verified)
    assert stats["first_time_effective"] == pytest.approx(
        sum(1 for nc in verified if nc.times_not_effective == 0) / len(verified) * 100)
    assert stats["by_source"] == _ordered(Counter(nc.source for nc in mine))
    assert stats["by_severity"] == _ordered(Counter(nc.severity for nc in mine))
    assert stats["by_status"] == _ordered(Counter(nc.status for nc in mine))
    assert stats["by_category"] == _ordered(Counter(nc.root_cause_category for nc in mine
                                                    if nc.root_cause_category))
    names = {p.id: f"{p.code} {p.name}" for p in processes}
    by_process = Counter(names[nc.process_id] for nc in mine if nc.process_id)
    assert stats["by_process"] == sorted(by_process.items(), key=lambda p: (-p[1], p[0]))
    ages = Counter()
    for nc in open_:
        days = (TODAY - nc.reported_on).days
        ages["0–30" if days <= 30 else "31–90" if days <= 90 else "91–180" if days <= 180
             else "> 180"] += 1
    assert stats["age_of_open"] == [(key, ages[key])
                                    for key in ("0–30", "31–90", "91–180", "> 180")]
    actions = [a for nc in mine for a in nc.actions]
    assert stats["budget_planned"] == sum(a.budget_planned for a in actions)
    assert stats["cost_actual"] == sum(a.cost_actual for a in actions)


def test_equal_counts_are_ordered_by_key_descending(processes):
    for source in ("complaint", "other", "indicator", "complaint"):
        nc = _nonconformities(1, seed=2, processes=processes)[0]
        nc.source, nc.year = source, 2026
    db.session.commit()
    by_source = dict(queries.statistics(2026, today=TODAY)["by_source"])
    listed = [key for key, _ in queries.statistics(2026, today=TODAY)["by_source"]]
    ties = [key for key in listed if by_source[key] == 1]
    assert ties == sorted(ties, reverse=True)
    assert listed[0] == "complaint"


def test_per_year_and_the_pack_agree_with_the_records(processes):
    records = _nonconformities(120, seed=3, processes=processes)
    history = queries.per_year(3, until=2026)
    assert [y for y, *_ in history] == [2024, 2025, 2026]
    for year, severity, planned, actual in history:
        mine = [nc for nc in records if nc.year == year]
        assert severity == dict(_ordered(Counter(nc.severity for nc in mine)))
        assert planned == sum(a.budget_planned for nc in mine for a in nc.actions)
        assert actual == sum(a.cost_actual for nc in mine for a in nc.actions)

    sections = {s["key"]: s for s in assemble.input_pack(2026, today=TODAY)["sections"]}
    c4 = sections["c4_nonconformities"]
    assert c4["trend"]["series"]["opened"] == [sum(1 for nc in records if nc.year == y)
                                               for y in (2024, 2025, 2026)]
    assert c4["trend"]["series"]["closed"] == [
        sum(1 for nc in records if nc.status == NcStatus.CLOSED and nc.closed_at.year == y)
        for y in (2024, 2025, 2026)]
    c3 = sections["c3_process_performance"]
    rows = {row[0]: row for row in c3["tables"][0]["rows"]}
    for process in processes:
        mine = [nc for nc in records if nc.year == 2026 and nc.process_id == process.id]
        assert rows[process.code][2:4] == [
            len(mine), sum(1 for nc in mine if nc.status in queries.OPEN_STATUSES)]
    assert c3["trend"]["series"]["nonconformities_with_process"] == [
        sum(1 for nc in records if nc.year == y and nc.process_id) for y in (2024, 2025, 2026)]


def _statements(function) -> int:
    count = 0

    def counted(*_args, **_kwargs):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        function()
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count


def _more_records(processes, make_user, make_position, *, scale: int):
    _nonconformities(10 * scale, seed=scale, processes=processes)
    for _ in range(scale):
        make_user(position_id=make_position().id)
    for year in (2025, 2026)[: min(scale, 2)] + (2026,) * (scale - 1):
        n = next(_numbers)
        db.session.add(Survey(kind="client", year=year, title=f"Aptauja {n}", status="closed",
                              token=f"token-{n}", created_at=NOW))
    db.session.commit()


def test_the_pack_queries_do_not_grow_with_the_records(dataset, processes, make_user,
                                                        make_position):
    def assemble_pack():
        db.session.expire_all()
        assemble.input_pack(2026, today=TODAY)

    _more_records(processes, make_user, make_position, scale=1)
    assemble_pack()
    before = _statements(assemble_pack)
    _more_records(processes, make_user, make_position, scale=6)
    after = _statements(assemble_pack)
    assert after == before
