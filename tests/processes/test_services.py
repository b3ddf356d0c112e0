"""Processes, indicators, values, CSV import, nonconformities from breaches, reports."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from qms.core.audit_log import AuditEvent
from qms.core.csv_import import ImportErrors
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.extensions import db
from qms.processes import queries, services
from qms.processes.models import IndicatorValue, ProcessReport
from tests.processes.conftest import NOW


def _value(setting, period, value, actor=None, **kw):
    return services.record_value(setting["indicator"], actor=actor or setting["owner"],
                                 now=NOW, period_start=period, value=Decimal(value), **kw)


def test_create_and_update_process_checks_input_and_permission(setting, make_user):
    process = setting["process"]
    assert process.code == "PP-01" and [u.code for u in process.units] == ["SPN"]
    with pytest.raises(PermissionDenied):
        services.create_process(actor=setting["owner"], code="X", name="X", kind="core")
    with pytest.raises(DomainError) as caught:
        services.create_process(actor=setting["qm"], code="PP-01", name="X", kind="core")
    assert caught.value.field == "code"
    with pytest.raises(DomainError) as caught:
        services.create_process(actor=setting["qm"], code="PP-09", name="X", kind="odd")
    assert caught.value.field == "kind"
    with pytest.raises(DomainError) as caught:
        services.create_process(actor=setting["qm"], code="PP-09", name="X", kind="core",
                                iso_clauses="8.5.1, abc")
    assert caught.value.field == "iso_clauses"
    with pytest.raises(DomainError) as caught:
        services.create_process(actor=setting["qm"], code="PP-09", name="X", kind="core",
                                purpose="Klients 010101-12345")
    assert caught.value.field == "purpose"
    services.update_process(process, actor=setting["qm"], now=NOW,
                            expected_version=process.row_version, code="PP-01",
                            name="Sociālā palīdzība", kind="core", iso_clauses="8.2, 8.5.1",
                            purpose="Palīdzēt", unit_ids=[])
    assert process.iso_clauses == ["8.2", "8.5.1"] and process.units == []
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "process", AuditEvent.entity_id == process.id)).all()
    assert actions.count("process.update") == 2
    with pytest.raises(DomainError):  # stale row version
        services.update_process(process, actor=setting["qm"], now=NOW, expected_version=1,
                                code="PP-01", name="X", kind="core")


def test_indicator_crud_is_for_the_quality_manager(setting):
    with pytest.raises(PermissionDenied):
        services.create_indicator(setting["process"], actor=setting["owner"], name="X",
                                  direction="higher", frequency="yearly")
    with pytest.raises(DomainError) as caught:
        services.create_indicator(setting["process"], actor=setting["qm"], code="pp-01.2",
                                  name="X", direction="higher", frequency="yearly")
    assert caught.value.field == "code"
    with pytest.raises(DomainError) as caught:
        services.create_indicator(setting["process"], actor=setting["qm"], name="X",
                                  direction="up", frequency="yearly")
    assert caught.value.field == "direction"
    indicator = setting["indicator"]
    services.update_indicator(indicator, actor=setting["qm"], now=NOW,
                              expected_version=indicator.row_version, name="Termiņā",
                              direction="lower", frequency="quarterly", target=Decimal(2))
    assert indicator.direction == "lower" and indicator.is_breach(Decimal(3))


@pytest.mark.parametrize(("frequency", "start", "fits"), [
    ("monthly", dt.date(2026, 3, 1), True), ("monthly", dt.date(2026, 3, 2), False),
    ("quarterly", dt.date(2026, 4, 1), True), ("quarterly", dt.date(2026, 5, 1), False),
    ("yearly", dt.date(2026, 1, 1), True), ("yearly", dt.date(2026, 7, 1), False),
])
def test_period_must_match_frequency(frequency, start, fits):
    assert services.period_fits(frequency, start) is fits


@pytest.mark.parametrize(("text", "expected"), [
    ("01.04.2026", dt.date(2026, 4, 1)), ("2026 Q2", dt.date(2026, 4, 1)),
    ("Q3 2025", dt.date(2025, 7, 1)), ("03.2026", dt.date(2026, 3, 1)),
    ("2026-03", dt.date(2026, 3, 1)), ("2025", dt.date(2025, 1, 1)),
])
def test_parse_period(text, expected):
    assert services.parse_period(text) == expected


def test_values_entered_by_the_owner_or_the_quality_manager(setting):
    row = _value(setting, dt.date(2026, 1, 1), "99")
    assert not row.is_breach
    _value(setting, dt.date(2025, 10, 1), "97", actor=setting["qm"])
    for outsider in (setting["other_manager"], setting["staff"]):
        with pytest.raises(PermissionDenied):
            _value(setting, dt.date(2025, 7, 1), "97", actor=outsider)
    with pytest.raises(DomainError) as caught:
        _value(setting, dt.date(2026, 2, 1), "97")
    assert caught.value.field == "period"
    with pytest.raises(DomainError) as caught:
        _value(setting, dt.date(2026, 7, 1), "97")  # not started yet on NOW
    assert caught.value.field == "period"


def test_correcting_a_value_keeps_the_old_one_in_the_audit_trail(setting):
    row = _value(setting, dt.date(2026, 1, 1), "99")
    again = _value(setting, dt.date(2026, 1, 1), "96,5".replace(",", "."),
                   note="Labots", expected_version=row.row_version)
    assert again.id == row.id and again.value == Decimal("96.50") and again.is_breach
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "indicator_value.update")).one()
    assert event.changes["value"] == ["99.00", "96.50"]
    with pytest.raises(DomainError):
        _value(setting, dt.date(2026, 1, 1), "95", expected_version=1)


def test_breach_direction():
    from qms.processes.models import Indicator

    higher = Indicator(direction="higher", target=Decimal(98))
    lower = Indicator(direction="lower", target=Decimal(2))
    assert higher.is_breach(Decimal("97.9")) and not higher.is_breach(Decimal(98))
    assert lower.is_breach(Decimal(3)) and not lower.is_breach(Decimal(2))
    assert not Indicator(direction="higher", target=None).is_breach(Decimal(1))


def test_a_nonconformity_is_raised_once_from_a_breached_value(setting):
    ok = _value(setting, dt.date(2026, 1, 1), "99")
    with pytest.raises(InvalidTransition):
        services.raise_nonconformity(ok, actor=setting["owner"], now=NOW)
    bad = _value(setting, dt.date(2025, 10, 1), "95")
    with pytest.raises(PermissionDenied):
        services.raise_nonconformity(bad, actor=setting["other_manager"], now=NOW)
    record = services.raise_nonconformity(bad, actor=setting["owner"], now=NOW)
    assert bad.nonconformity_id == record.id
    assert (record.source, record.source_type, record.source_id, record.process_id) == (
        "indicator", "indicator_value", bad.id, setting["process"].id)
    with pytest.raises(InvalidTransition):
        services.raise_nonconformity(bad, actor=setting["qm"], now=NOW)


CSV_OK = ("indicator;period;value;note\n"
          "PP-01.2;2025 Q3;98,5;\n"
          "PP-01.2;01.10.2025;97;zem mērķa\n")


def test_csv_import_creates_and_updates(setting):
    result = services.import_values(CSV_OK, actor=setting["owner"], now=NOW)
    assert (result.created, result.updated) == (2, 0)
    text = CSV_OK.replace(";", ",").replace("98,5", "99")
    result = services.import_values(text, actor=setting["owner"], now=NOW)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)


def test_csv_import_is_all_or_nothing_with_row_numbers(setting):
    text = ("indicator;period;value;note\n"
            "PP-01.2;2025 Q3;98,5;\n"
            "NAV;2025 Q3;1;\n"
            "PP-01.2;01.11.2025;97;\n"
            "PP-01.2;2025 Q2;abc;\n"
            "PP-01.2;2025 Q3;90;\n")
    with pytest.raises(ImportErrors) as caught:
        services.import_values(text, actor=setting["owner"], now=NOW)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(3, "indicator"), (4, "period"), (5, "value"), (6, "period")}
    db.session.rollback()
    assert db.session.scalar(select(IndicatorValue.id)) is None
    with pytest.raises(ImportErrors) as caught:
        services.import_values(CSV_OK, actor=setting["other_manager"], now=NOW)
    assert {e.row for e in caught.value.errors} == {2, 3}


def test_report_is_approved_once_and_frozen_with_its_hash(setting):
    process = setting["process"]
    _value(setting, dt.date(2025, 1, 1), "99")
    _value(setting, dt.date(2025, 4, 1), "95")
    with pytest.raises(PermissionDenied):
        services.save_conclusions(process, 2025, actor=setting["other_manager"], now=NOW,
                                  conclusions="x")
    with pytest.raises(DomainError) as caught:
        services.approve_report(process, 2025, actor=setting["owner"], now=NOW)
    assert caught.value.field == "conclusions"
    services.save_conclusions(process, 2025, actor=setting["owner"], now=NOW,
                              conclusions="Mērķis nav sasniegts 2. ceturksnī.")
    with pytest.raises(DomainError):
        services.approve_report(process, 2026, actor=setting["owner"], now=NOW)
    report = services.approve_report(process, 2025, actor=setting["owner"], now=NOW)
    assert report.is_approved and len(report.content_sha256) == 64
    assert services.hash_intact(report)
    row = report.content["indicators"][0]["years"]["2025"]
    assert row == {"value": "97.00", "count": 2, "breaches": 1, "met": False}
    assert report.content["conclusions"].startswith("Mērķis")
    _value(setting, dt.date(2025, 7, 1), "50")  # later values do not change the report
    db.session.refresh(report)
    assert report.content["indicators"][0]["years"]["2025"]["count"] == 2
    with pytest.raises(InvalidTransition):
        services.save_conclusions(process, 2025, actor=setting["qm"], now=NOW,
                                  conclusions="Cits")
    with pytest.raises(InvalidTransition):
        services.approve_report(process, 2025, actor=setting["qm"], now=NOW)
    report.content = {**report.content, "conclusions": "Mainīts"}
    assert not services.hash_intact(report)
    assert db.session.query(ProcessReport).count() == 1


def test_process_map_links_outputs_to_inputs(setting, system):
    services.create_process(actor=system, code="PP-02", name="Pakalpojumi", kind="core",
                            inputs="lēmums par statusu.\nCits", outputs="")
    _, flows = queries.process_map()
    assert [(f.source.code, f.target.code, f.items) for f in flows] == [
        ("PP-01", "PP-02", ["lemums par statusu"])]


def test_review_input_counts_indicators_met_and_breached(setting, system):
    from qms.processes.review_inputs import LABELS, indicator_performance

    _value(setting, dt.date(2025, 1, 1), "99")
    _value(setting, dt.date(2024, 1, 1), "90")
    result = indicator_performance(2025)
    assert result["figures"]["indicators"] == 1
    assert result["figures"]["indicators_met"] == 1
    assert result["trend_series"] == {"met_count": [0, 0, 1], "breached_count": [0, 1, 0]}
    table = result["tables"][0]
    assert table["rows"] == [["PP-01", "Izskatīti termiņā", "98.00", "99.00", True]]
    keys = set(result["figures"]) | {table["key"], *table["columns"]} | set(
        result["trend_series"])
    assert keys <= set(LABELS)
