"""Services of training: requirements, records and their object rule, the evaluation rule,
certificates, the plan's budget against actual costs, the person status and review inputs."""

import datetime as dt
from decimal import Decimal

import pytest

from qms.core import files
from qms.core.audit_log import AuditEvent
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.training import competence, queries, services
from qms.training.models import CellStatus, RequirementKind, TrainingRequirement
from tests.training.conftest import NOW


def _plan(setting, **kw):
    values = {"year": 2026, "quarter": 1, "topic": "Supervīzija", "training_type": "supervision",
              "unit_id": None, "position_id": None, "planned_hours": Decimal("18"),
              "planned_participants": 10, "planned_budget": Decimal("1000"), "notes": ""}
    values.update(kw)
    return services.save_plan_item(None, actor=setting["qm"], now=NOW, **values)


# --- requirements ---------------------------------------------------------------------------

def test_defaults_are_24_hours_and_an_18_hour_supervision_cycle(setting, db):
    hours = competence.active_requirements(RequirementKind.YEARLY_HOURS)
    assert [(r.category, r.min_hours) for r in hours] == [("social_work", 24)]
    assert setting["supervision"].recurrence_months == 12
    assert setting["supervision"].min_hours == 18
    assert services.install_default_requirements(actor=setting["qm"], now=NOW) == 0


def test_only_the_quality_manager_sets_requirements(setting):
    with pytest.raises(PermissionDenied):
        services.save_requirement(None, actor=setting["head"], now=NOW, kind="training",
                                  position_id=setting["social"].id, name="Pirmā palīdzība")


@pytest.mark.parametrize(("values", "field"), [
    ({"kind": "bogus"}, "kind"),
    ({"position_id": None, "category": None}, "position_id"),
    ({"category": "care"}, "category"),  # both a position and a category
    ({"name": " "}, "name"),
    ({"recurrence_months": 500}, "recurrence_months"),
    ({"kind": "yearly_hours", "min_hours": Decimal("0")}, "min_hours"),
])
def test_requirement_validation_names_the_field(setting, values, field):
    data = {"kind": "training", "position_id": setting["social"].id, "category": None,
            "name": "Pirmā palīdzība", "recurrence_months": 36, "min_hours": Decimal("0")}
    data.update(values)
    with pytest.raises(DomainError) as error:
        services.save_requirement(None, actor=setting["qm"], now=NOW, **data)
    assert error.value.field == field


def test_requirement_edit_is_logged_and_versioned(setting, db):
    requirement = services.save_requirement(None, actor=setting["qm"], now=NOW,
                                            kind="training", position_id=setting["social"].id,
                                            name="Pirmā palīdzība", recurrence_months=36)
    services.save_requirement(requirement, actor=setting["qm"], now=NOW,
                              expected_version=requirement.row_version, kind="training",
                              position_id=setting["social"].id, name="Pirmā palīdzība",
                              recurrence_months=24)
    assert requirement.recurrence_months == 24
    actions = [e.action for e in db.session.query(AuditEvent).filter_by(
        entity_type="training_requirement", entity_id=requirement.id)]
    assert actions == ["training_requirement.create", "training_requirement.update"]
    with pytest.raises(DomainError):
        services.save_requirement(requirement, actor=setting["qm"], now=NOW, expected_version=1,
                                  kind="training", position_id=setting["social"].id,
                                  name="Pirmā palīdzība", recurrence_months=12)


# --- records and the object rule ------------------------------------------------------------

def test_staff_add_only_their_own_records(setting, add):
    own = add(setting["staff"], actor=setting["staff"])
    assert own.created_by_id == setting["staff"].id
    with pytest.raises(PermissionDenied):
        add(setting["carer_person"], actor=setting["staff"])
    with pytest.raises(PermissionDenied):  # a manager oversees but does not write records
        add(setting["staff"], actor=setting["head"])
    assert add(setting["carer_person"]).user_id == setting["carer_person"].id  # QM


def test_who_sees_and_edits_a_record(setting, add):
    record = add(setting["staff"], actor=setting["staff"])
    assert services.can_see_record(setting["staff"], record)
    assert not services.can_see_record(setting["carer_person"], record)
    assert services.can_see_record(setting["manager"], record)  # training.oversee
    assert services.can_edit_record(setting["staff"], record)
    assert not services.can_edit_record(setting["carer_person"], record)
    assert not services.can_edit_record(setting["head"], record)
    with pytest.raises(PermissionDenied):
        services.update_record(record, actor=setting["carer_person"], now=NOW, topic="X",
                               training_type="course", started_on=dt.date(2026, 1, 1),
                               hours=Decimal("1"))


def test_staff_cannot_move_a_record_to_someone_else(setting, add):
    record = add(setting["staff"], actor=setting["staff"])
    with pytest.raises(PermissionDenied):
        services.update_record(record, actor=setting["staff"], now=NOW,
                               user_id=setting["carer_person"].id, topic="X",
                               training_type="course", started_on=dt.date(2026, 1, 1),
                               hours=Decimal("1"))


@pytest.mark.parametrize(("values", "field"), [
    ({"topic": ""}, "topic"),
    ({"training_type": "nap"}, "training_type"),
    ({"started_on": None}, "started_on"),
    ({"ended_on": dt.date(2026, 3, 1)}, "ended_on"),
    ({"hours": Decimal("0")}, "hours"),
    ({"hours": None}, "hours"),
    ({"cost": Decimal("-1")}, "cost"),
    ({"requirement_id": 9999}, "requirement_id"),
    ({"plan_item_id": 9999}, "plan_item_id"),
    ({"user_id": 9999}, "user_id"),
])
def test_record_validation_names_the_field(setting, add, values, field):
    with pytest.raises(DomainError) as error:
        add(setting["staff"], **values)
    assert error.value.field == field


def test_personal_codes_are_refused(setting, add):
    with pytest.raises(DomainError):
        add(setting["staff"], notes="Klients 010101-12345")


# --- evaluation -----------------------------------------------------------------------------

def test_evaluation_is_required_by_cost_or_by_request(setting, add):
    cheap = add(setting["staff"], cost=Decimal("299.99"))
    dear = add(setting["staff"], cost=Decimal("300"))
    assert not services.evaluation_required(cheap)
    assert services.evaluation_required(dear)
    with pytest.raises(PermissionDenied):
        services.request_evaluation(cheap, actor=setting["head"], now=NOW)
    services.request_evaluation(cheap, actor=setting["qm"], now=NOW)
    assert services.evaluation_required(cheap)
    pending = queries.records(queries.RecordFilter(evaluation="pending"),
                              evaluation_cost=services.evaluation_cost())
    from qms.extensions import db
    assert {r.id for r in db.session.scalars(pending)} == {cheap.id, dear.id}


def test_evaluation_threshold_is_configurable(setting, add, app):
    record = add(setting["staff"], cost=Decimal("150"))
    app.config["TRAINING_EVALUATION_COST"] = "100"
    assert services.evaluation_required(record)


def test_evaluation_by_the_unit_head_not_by_oneself(setting, add):
    record = add(setting["staff"], cost=Decimal("400"))
    with pytest.raises(PermissionDenied):
        services.evaluate(record, actor=setting["staff"], now=NOW,
                          evaluated_on=dt.date(2026, 5, 1), rating=5, effective=None,
                          comment="Labi")
    with pytest.raises(PermissionDenied):  # a manager of another unit
        services.evaluate(record, actor=setting["manager"], now=NOW,
                          evaluated_on=dt.date(2026, 5, 1), rating=5, effective=None,
                          comment="Labi")
    with pytest.raises(DomainError) as error:
        services.evaluate(record, actor=setting["head"], now=NOW,
                          evaluated_on=dt.date(2026, 3, 1), rating=4, effective=None,
                          comment="Novērojums")
    assert error.value.field == "evaluated_on"
    with pytest.raises(DomainError) as error:
        services.evaluate(record, actor=setting["head"], now=NOW,
                          evaluated_on=dt.date(2026, 5, 1), rating=None, effective=None,
                          comment="Novērojums")
    assert error.value.field == "rating"
    services.evaluate(record, actor=setting["head"], now=NOW, evaluated_on=dt.date(2026, 5, 1),
                      rating=2, effective=None, comment="Novērojums gadījumu apspriedē")
    assert record.evaluator_id == setting["head"].id and record.effective is False
    with pytest.raises(InvalidTransition):
        services.evaluate(record, actor=setting["qm"], now=NOW,
                          evaluated_on=dt.date(2026, 5, 2), rating=5, effective=True,
                          comment="Vēlreiz")


def test_an_evaluated_record_is_locked_for_its_owner(setting, add):
    record = add(setting["staff"], actor=setting["staff"])
    services.evaluate(record, actor=setting["qm"], now=NOW, evaluated_on=dt.date(2026, 5, 1),
                      rating=None, effective=True, comment="Pārbaudīts testā")
    assert not services.can_edit_record(setting["staff"], record)
    with pytest.raises(InvalidTransition):
        services.update_record(record, actor=setting["staff"], now=NOW, topic="Cits",
                               training_type="course", started_on=dt.date(2026, 3, 10),
                               hours=Decimal("9"))
    services.update_record(record, actor=setting["qm"], now=NOW, topic="Supervīzija (grupas)",
                           training_type="supervision", started_on=dt.date(2026, 3, 10),
                           hours=Decimal("9"))
    assert record.topic == "Supervīzija (grupas)"


# --- certificates ---------------------------------------------------------------------------

def test_certificates_own_only_and_size_limited(setting, add, monkeypatch):
    record = add(setting["staff"], actor=setting["staff"])
    services.attach_certificate(record, actor=setting["staff"], now=NOW,
                                filename="apliecība.pdf", data=b"%PDF-1.4",
                                content_type="application/pdf")
    assert [f.filename for f in files.files_of("training_record", record.id)] \
        == ["apliecība.pdf"]
    with pytest.raises(PermissionDenied):
        services.attach_certificate(record, actor=setting["carer_person"], now=NOW,
                                    filename="x.pdf", data=b"x", content_type="")
    with pytest.raises(DomainError) as error:
        services.attach_certificate(record, actor=setting["staff"], now=NOW, filename="e.pdf",
                                    data=b"", content_type="")
    assert error.value.field == "file"
    monkeypatch.setattr(files, "MAX_EVIDENCE_BYTES", 4)
    with pytest.raises(DomainError):
        services.attach_certificate(record, actor=setting["qm"], now=NOW, filename="big.pdf",
                                    data=b"12345", content_type="")


# --- the plan -------------------------------------------------------------------------------

def test_plan_budget_against_actual(setting, add):
    supervision = _plan(setting, quarter=1, planned_budget=Decimal("1000"))
    first_aid = _plan(setting, quarter=3, topic="Pirmā palīdzība", training_type="course",
                      planned_budget=Decimal("500"), planned_hours=Decimal("12"))
    add(setting["staff"], cost=Decimal("112.50"), plan_item_id=supervision.id)
    add(setting["staff"], cost=Decimal("112.50"), plan_item_id=supervision.id,
        started_on=dt.date(2026, 4, 1))
    add(setting["carer_person"], cost=Decimal("90"), hours=Decimal("12"),
        plan_item_id=first_aid.id)
    add(setting["carer_person"], cost=Decimal("40"))  # outside the plan
    add(setting["staff"], cost=Decimal("70"), plan_item_id=None, started_on=dt.date(2025, 3, 1))
    rows = {r.item.topic: r for r in queries.plan(2026)}
    assert rows["Supervīzija"].actual_cost == Decimal("225.00")
    assert rows["Supervīzija"].actual_hours == 18 and rows["Supervīzija"].participants == 1
    totals = queries.plan_totals(list(rows.values()))
    assert totals["planned_budget"] == 1500 and totals["actual_cost"] == Decimal("315.00")
    assert totals["planned_hours"] == 18 * 10 + 12 * 10 and totals["participants"] == 2
    assert queries.by_quarter(list(rows.values())) == [
        (1, Decimal("1000"), Decimal("225.00")), (2, 0, 0), (3, Decimal("500"), Decimal("90")),
        (4, 0, 0)]
    assert queries.unplanned_cost(2026)[0] == Decimal("40")


@pytest.mark.parametrize(("values", "field"), [
    ({"quarter": 5}, "quarter"), ({"topic": ""}, "topic"), ({"year": 1900}, "year"),
    ({"planned_budget": Decimal("-1")}, "planned_budget"), ({"unit_id": 999}, "unit_id"),
    ({"training_type": "x"}, "training_type"),
])
def test_plan_validation_names_the_field(setting, values, field):
    with pytest.raises(DomainError) as error:
        _plan(setting, **values)
    assert error.value.field == field


def test_a_plan_item_with_records_stays(setting, add):
    item = _plan(setting)
    empty = _plan(setting, topic="Cits")
    add(setting["staff"], plan_item_id=item.id)
    with pytest.raises(InvalidTransition):
        services.delete_plan_item(item, actor=setting["qm"], now=NOW)
    with pytest.raises(PermissionDenied):
        services.delete_plan_item(empty, actor=setting["head"], now=NOW)
    services.delete_plan_item(empty, actor=setting["qm"], now=NOW)
    assert [r.item.topic for r in queries.plan(2026)] == ["Supervīzija"]


# --- person status, matrix, review inputs ---------------------------------------------------

def test_person_status_hours_and_gaps(setting, add):
    staff = setting["staff"]
    status = competence.person_status(staff, year=2026, today=dt.date(2026, 5, 4))
    assert status.required_hours == 24 and status.hours == 0 and status.meets_hours is False
    assert status.cells[setting["supervision"].id].status == CellStatus.MISSING
    assert status.gaps == 1
    add(staff, requirement_id=setting["supervision"].id, hours=Decimal("9"))
    add(staff, requirement_id=setting["supervision"].id, hours=Decimal("9"),
        started_on=dt.date(2025, 9, 1))
    add(staff, topic="Datu aizsardzība", training_type="seminar", hours=Decimal("8"))
    status = competence.person_status(staff, year=2026, today=dt.date(2026, 5, 4))
    assert status.cells[setting["supervision"].id].status == CellStatus.DONE
    assert status.hours == 17 and status.meets_hours is False and status.gaps == 0
    carer = competence.person_status(setting["carer_person"], year=2026, today=dt.date(2026, 5, 4))
    assert carer.cells == {} and carer.required_hours is None


def test_matrix_gap_summary_and_csv(setting, add):
    add(setting["staff"], requirement_id=setting["supervision"].id, hours=Decimal("18"),
        started_on=dt.date(2024, 3, 1))
    f = queries.MatrixFilter(unit_id=setting["unit"].id)
    columns = queries.matrix_columns(f)
    assert [c.name for c in columns] == ["Supervīzija"]
    summary = queries.gap_summary(f, columns, year=2026, today=dt.date(2026, 5, 4))
    assert summary["people"] == 1 and summary["expired"] == 1 and summary["gaps"] == 1
    assert summary["below_hours"] == 1
    text = "".join(queries.matrix_csv(f, columns, year=2026, today=dt.date(2026, 5, 4),
                                      headings=["Person", "Unit", "Position"],
                                      hours_heading="Hours"))
    assert text.startswith("\ufeffPerson;Unit;Position;Supervīzija")
    assert "Kristīne Jansone;Sociālās palīdzības nodaļa;Sociālais darbinieks;Expired" in text
    assert text.rstrip().endswith("0/24")


def test_review_inputs(setting, add, db):
    from qms.training.review_inputs import LABELS, training_resources

    item = _plan(setting, planned_budget=Decimal("800"))
    add(setting["staff"], hours=Decimal("20"), cost=Decimal("300"), plan_item_id=item.id,
        requirement_id=setting["supervision"].id)
    add(setting["staff"], hours=Decimal("6"), cost=Decimal("50"))
    add(setting["carer_person"], hours=Decimal("4"), cost=Decimal("0"),
        started_on=dt.date(2025, 4, 1))
    pack = training_resources(2026)
    figures = pack["figures"]
    assert figures["people"] == 2 and figures["training_hours"] == 26
    assert figures["hours_per_person"] == 13
    assert figures["people_with_hours_requirement"] == 1
    assert figures["people_meeting_required_hours"] == 1
    assert figures["gaps"] == 0
    assert figures["budget_planned"] == 800 and figures["cost_actual"] == 350
    assert figures["cost_outside_plan"] == 50 and figures["evaluations_pending"] == 1
    table = pack["tables"][0]
    assert table["key"] == "training_by_unit"
    assert table["rows"][0][:3] == ["Aprūpes birojs", 1, 0.0]
    assert pack["trend_series"]["training_hours"] == [0.0, 4.0, 26.0]
    keys = set(figures) | {t["key"] for t in pack["tables"]} | set(pack["trend_series"]) \
        | {c for t in pack["tables"] for c in t["columns"]}
    assert keys <= set(LABELS)
    assert isinstance(db.session.get(TrainingRequirement, setting["supervision"].id).name, str)
