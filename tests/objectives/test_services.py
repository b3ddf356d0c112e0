"""Rules of policy and objectives: completeness, health, the progress object rule, SWOT,
mission and vision, strategy."""

import datetime as dt
from decimal import Decimal

import pytest

from qms.core.audit_log import history_for
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.extensions import db
from qms.objectives import services
from qms.objectives.models import Health, ObjectiveStatus
from qms.processes.models import Indicator, IndicatorValue, Process

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 5, 4)


@pytest.fixture
def setting(app, make_user, make_unit):
    return {"qm": make_user("quality_manager"), "head": make_user("manager"),
            "other_head": make_user("manager"), "staff": make_user("staff"),
            "unit": make_unit(code="AAB")}


def _complete(setting, **kw):
    values = {"year": 2026, "title": "Samazināt sūdzību skaitu", "target": "≤ 10 sūdzības gadā",
              "responsible_id": setting["head"].id, "deadline_on": dt.date(2026, 12, 31),
              "evaluation_method": "Sūdzību reģistrs, ceturkšņa pārskats",
              "resources": "Darba laiks", "budget": Decimal("1200.00"),
              "unit_id": setting["unit"].id}
    values.update(kw)
    return values


def _active(setting, **kw):
    objective = services.create_objective(actor=setting["qm"], now=NOW, **_complete(setting,
                                                                                      **kw))
    return services.activate(objective, actor=setting["qm"], now=NOW)


def _indicator(direction="higher", target="90"):
    process = Process(code=f"PP-{direction}", name="Aprūpe mājās")
    db.session.add(process)
    db.session.flush()
    indicator = Indicator(process_id=process.id, name=f"Klientu apmierinātība {direction}",
                          direction=direction, target=Decimal(target))
    db.session.add(indicator)
    db.session.commit()
    return indicator


def _value(indicator, value, period=dt.date(2026, 1, 1)):
    db.session.add(IndicatorValue(indicator_id=indicator.id, period_start=period,
                                  value=Decimal(value), entered_at=NOW))
    db.session.commit()


# --- completeness ---------------------------------------------------------------------------

def test_objective_is_numbered_per_year_and_starts_as_draft(setting):
    first = services.create_objective(actor=setting["qm"], now=NOW, **_complete(setting))
    second = services.create_objective(actor=setting["qm"], now=NOW, **_complete(setting))
    assert (first.number, second.number) == ("KM-2026-01", "KM-2026-02")
    assert first.status == ObjectiveStatus.DRAFT
    assert history_for(first)[0].action == "objective.create"


@pytest.mark.parametrize("missing", ["target", "responsible_id", "deadline_on",
                                     "evaluation_method"])
def test_an_incomplete_objective_cannot_be_activated(setting, missing):
    values = _complete(setting, **{missing: "" if missing in ("target", "evaluation_method")
                                   else None})
    objective = services.create_objective(actor=setting["qm"], now=NOW, **values)
    assert services.missing_for_activation(objective) == [missing]
    with pytest.raises(DomainError) as error:
        services.activate(objective, actor=setting["qm"], now=NOW)
    assert error.value.field == missing
    assert objective.status == ObjectiveStatus.DRAFT


def test_a_complete_objective_is_activated_and_must_stay_complete(setting):
    objective = _active(setting)
    assert objective.status == ObjectiveStatus.ACTIVE
    with pytest.raises(DomainError):
        services.update_objective(objective, actor=setting["qm"], now=NOW,
                                  **_complete(setting, evaluation_method=""))


def test_only_the_quality_manager_creates_objectives(setting):
    with pytest.raises(PermissionDenied):
        services.create_objective(actor=setting["head"], now=NOW, **_complete(setting))


def test_a_closed_objective_is_final(setting):
    objective = _active(setting)
    services.close_objective(objective, actor=setting["qm"], now=NOW, status="achieved",
                             note="Sasniegts")
    with pytest.raises(InvalidTransition):
        services.close_objective(objective, actor=setting["qm"], now=NOW, status="cancelled")
    with pytest.raises(InvalidTransition):
        services.update_objective(objective, actor=setting["qm"], now=NOW, **_complete(setting))


def test_personal_codes_are_refused(setting):
    with pytest.raises(DomainError):
        services.create_objective(actor=setting["qm"], now=NOW,
                                  **_complete(setting, title="Klients 010203-12345"))


# --- progress object rule -------------------------------------------------------------------

def test_the_responsible_person_reports_progress(setting):
    objective = _active(setting)
    entry = services.add_progress(objective, actor=setting["head"], now=NOW, percent=40,
                                  note="Ieviests reģistrs")
    assert entry.percent == 40 and entry.recorded_on == TODAY
    assert history_for(objective)[0].action == "objective.progress"


def test_another_manager_may_not_report_progress(setting):
    objective = _active(setting)
    assert not services.can_update_progress(setting["other_head"], objective)
    with pytest.raises(PermissionDenied):
        services.add_progress(objective, actor=setting["other_head"], now=NOW, percent=10,
                              note="x")


def test_staff_responsible_without_the_permission_may_not_report(setting):
    objective = _active(setting, responsible_id=setting["staff"].id)
    with pytest.raises(PermissionDenied):
        services.add_progress(objective, actor=setting["staff"], now=NOW, percent=10,
                              note="x")


def test_the_quality_manager_reports_progress_for_anyone(setting):
    objective = _active(setting)
    services.add_progress(objective, actor=setting["qm"], now=NOW, value=Decimal("7"),
                          note="Mērījums")


def test_progress_needs_a_figure_a_note_and_an_active_objective(setting):
    objective = _active(setting)
    with pytest.raises(DomainError):
        services.add_progress(objective, actor=setting["head"], now=NOW, note="x")
    with pytest.raises(DomainError):
        services.add_progress(objective, actor=setting["head"], now=NOW, percent=120, note="x")
    with pytest.raises(DomainError):
        services.add_progress(objective, actor=setting["head"], now=NOW, percent=10, note=" ")
    draft = services.create_objective(actor=setting["qm"], now=NOW, **_complete(setting))
    with pytest.raises(InvalidTransition):
        services.add_progress(draft, actor=setting["qm"], now=NOW, percent=10, note="x")


# --- health ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [("95", Health.ON_TRACK), ("90", Health.ON_TRACK),
                                             ("85", Health.AT_RISK), ("81", Health.AT_RISK),
                                             ("80", Health.OFF_TRACK)])
def test_health_from_an_indicator_where_higher_is_better(setting, value, expected):
    indicator = _indicator("higher", "90")
    objective = _active(setting, indicator_id=indicator.id)
    assert services.derive_health(objective, today=TODAY,
                                  latest_value=Decimal(value)) == expected


@pytest.mark.parametrize("value, expected", [("8", Health.ON_TRACK), ("10.5", Health.AT_RISK),
                                             ("12", Health.OFF_TRACK)])
def test_health_from_an_indicator_where_lower_is_better(setting, value, expected):
    indicator = _indicator("lower", "50")
    objective = _active(setting, indicator_id=indicator.id, target_value=Decimal("10"))
    assert services.derive_health(objective, today=TODAY,
                                  latest_value=Decimal(value)) == expected


def test_health_reads_the_latest_indicator_value(setting):
    from qms.objectives import queries

    indicator = _indicator("higher", "90")
    objective = _active(setting, indicator_id=indicator.id)
    _value(indicator, "70", dt.date(2025, 1, 1))
    _value(indicator, "92", dt.date(2026, 1, 1))
    assert queries.health_of([objective], today=TODAY)[objective.id] == Health.ON_TRACK


def test_without_indicator_values_health_comes_from_progress(setting):
    from qms.objectives import queries

    indicator = _indicator("higher", "90")
    objective = _active(setting, indicator_id=indicator.id)
    # 20 February: 14 % of the time has passed, nothing reported -> at risk; by 4 May
    # (34 %) -> off track; 35 % done -> on track
    assert queries.health_of([objective], today=dt.date(2026, 2, 20))[objective.id] \
        == Health.AT_RISK
    assert queries.health_of([objective], today=TODAY)[objective.id] == Health.OFF_TRACK
    services.add_progress(objective, actor=setting["head"], now=NOW, percent=35, note="x")
    assert queries.health_of([objective], today=TODAY)[objective.id] == Health.ON_TRACK


@pytest.mark.parametrize("percent, today, expected", [
    (50, dt.date(2026, 7, 2), Health.ON_TRACK),   # half the time, half done
    (35, dt.date(2026, 7, 2), Health.AT_RISK),    # 15 points behind
    (10, dt.date(2026, 7, 2), Health.OFF_TRACK),  # 40 points behind
    (90, dt.date(2027, 1, 5), Health.OFF_TRACK),  # past the deadline, not done
    (100, dt.date(2027, 1, 5), Health.ON_TRACK),
])
def test_health_from_progress_and_deadline(percent, today, expected):
    assert services.health_from_progress(year=2026, deadline_on=dt.date(2026, 12, 31),
                                         percent=percent, today=today) == expected


def test_closed_and_draft_objectives(setting):
    draft = services.create_objective(actor=setting["qm"], now=NOW, **_complete(setting))
    assert services.derive_health(draft, today=TODAY) is None
    achieved = _active(setting)
    services.close_objective(achieved, actor=setting["qm"], now=NOW, status="achieved")
    assert services.derive_health(achieved, today=TODAY) == Health.ON_TRACK


# --- mission, SWOT, strategy ----------------------------------------------------------------

def test_mission_is_one_record_with_history(setting):
    first = services.save_mission(actor=setting["qm"], now=NOW, mission="Palīdzēt",
                                  vision="Atbalsts īstajā brīdī")
    again = services.save_mission(actor=setting["qm"], now=NOW, mission="Palīdzēt ikvienam",
                                  vision="Atbalsts īstajā brīdī",
                                  expected_version=first.row_version)
    assert again.id == first.id
    actions = [e.action for e in history_for(first)]
    assert actions == ["mission.update", "mission.create"]
    assert history_for(first)[0].changes["mission"] == ["Palīdzēt", "Palīdzēt ikvienam"]
    with pytest.raises(PermissionDenied):
        services.save_mission(actor=setting["head"], now=NOW, mission="a", vision="b")
    with pytest.raises(DomainError):
        services.save_mission(actor=setting["qm"], now=NOW, mission="", vision="b")


def test_swot_items_are_ordered_per_quadrant_and_period_is_checked(setting):
    a = services.add_swot_item(actor=setting["qm"], now=NOW, period="2024-2027",
                               quadrant="strength", text="Pieredze")
    b = services.add_swot_item(actor=setting["qm"], now=NOW, period="2024-2027",
                               quadrant="strength", text="Supervīzijas")
    assert (a.position, b.position) == (1, 2)
    for period in ("24-27", "2027-2024", "abc"):
        with pytest.raises(DomainError):
            services.add_swot_item(actor=setting["qm"], now=NOW, period=period,
                                   quadrant="threat", text="x")
    with pytest.raises(DomainError):
        services.add_swot_item(actor=setting["qm"], now=NOW, period="2026", quadrant="other",
                               text="x")
    with pytest.raises(PermissionDenied):
        services.add_swot_item(actor=setting["head"], now=NOW, period="2026",
                               quadrant="threat", text="x")
    services.delete_swot_item(a, actor=setting["qm"], now=NOW)


def test_strategy_tasks_carry_period_unit_and_funding(setting):
    strategic = services.save_strategic(None, actor=setting["qm"], now=NOW, code="SM 1",
                                        title="Pakalpojumu kvalitāte", period_from=2024,
                                        period_to=2027)
    task = services.save_task(None, actor=setting["qm"], now=NOW, strategic=strategic,
                              number="1.1", task="Ieviest KVS", result="Sertifikāts",
                              year_from=2025, year_to=2026, unit_id=setting["unit"].id,
                              funding="eu", status="in_progress")
    assert task.period_label == "2025–2026" and task.funding_label
    with pytest.raises(DomainError):
        services.save_task(None, actor=setting["qm"], now=NOW, strategic=strategic,
                           task="x", year_from=2027, year_to=2025, funding="eu",
                           status="planned")
    with pytest.raises(DomainError):
        services.save_task(None, actor=setting["qm"], now=NOW, strategic=strategic,
                           task="x", year_from=2025, year_to=2025, funding="lottery",
                           status="planned")
    with pytest.raises(PermissionDenied):
        services.save_strategic(None, actor=setting["head"], now=NOW, code="SM 2",
                                title="x", period_from=2024, period_to=2027)
