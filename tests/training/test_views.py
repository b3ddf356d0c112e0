"""Thin view tests: my training, the object rule, the record form with field errors,
certificates, evaluation, the matrix with CSV, the plan and the requirements."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from qms.training.models import TrainingRecord


@pytest.fixture
def login(client, login):
    def do(user):
        client.post("/logout")
        return login(user)

    return do


def test_my_training_shows_hours_and_gaps(setting, client, login, add):
    add(setting["staff"], hours=Decimal("6"), topic="Datu aizsardzība",
        training_type="seminar")
    login(setting["staff"])
    html = client.get("/training/").get_data(as_text=True)
    assert "Datu aizsardzība" in html
    assert "of 24 h required" in html and "18 h still to go" in html
    assert "Supervīzija" in html and "Missing" in html
    assert "/training/matrix" not in html  # staff do not oversee


def test_people_see_only_their_own_pages(setting, client, login, add):
    record = add(setting["carer_person"])
    login(setting["staff"])
    assert client.get(f"/training/people/{setting['carer_person'].id}").status_code == 403
    assert client.get(f"/training/records/{record.id}").status_code == 403
    assert client.get(f"/training/records/new?trainee={setting['carer_person'].id}") \
        .status_code == 403
    login(setting["manager"])
    assert client.get(f"/training/people/{setting['carer_person'].id}").status_code == 200
    assert client.get(f"/training/records/{record.id}/edit").status_code == 403


def test_staff_add_their_own_record_with_field_errors(setting, client, login, db):
    login(setting["staff"])
    form = {"user_id": setting["staff"].id, "topic": "Supervīzija", "training_type": "seminar",
            "started_on": "10.03.2026", "ended_on": "09.03.2026", "hours": "3",
            "cost": "12,50"}
    response = client.post("/training/records/new", data=form)
    assert response.status_code == 200
    assert "cannot end before it starts" in response.get_data(as_text=True)
    form["ended_on"] = ""
    response = client.post("/training/records/new", data=form)
    assert response.status_code == 302
    record = db.session.query(TrainingRecord).one()
    assert record.user_id == setting["staff"].id and record.cost == Decimal("12.50")
    form["user_id"] = setting["carer_person"].id  # not a choice for staff
    assert client.post("/training/records/new", data=form).status_code == 200
    assert db.session.query(TrainingRecord).count() == 1


def test_certificate_upload_and_download(setting, client, login, add):
    record = add(setting["staff"], actor=setting["staff"])
    login(setting["staff"])
    response = client.post(f"/training/records/{record.id}/files", data={
        "file": (io.BytesIO(b"%PDF-1.4 cert"), "apliecība.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(f"/training/records/{record.id}").get_data(as_text=True)
    assert "apliecība.pdf" in page
    from qms.core import files

    evidence = files.files_of("training_record", record.id)[0]
    download = client.get(f"/training/files/{evidence.id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 cert"
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()
    login(setting["carer_person"])
    refused = client.get(f"/training/files/{evidence.id}")
    refused.close()
    assert refused.status_code == 403


def test_the_unit_head_evaluates(setting, client, login, add):
    record = add(setting["staff"], cost=Decimal("400"))
    login(setting["staff"])
    page = client.get(f"/training/records/{record.id}").get_data(as_text=True)
    assert "An evaluation is required" in page and "Save the evaluation" not in page
    login(setting["head"])
    assert "Save the evaluation" in client.get(f"/training/records/{record.id}") \
        .get_data(as_text=True)
    client.post(f"/training/records/{record.id}/evaluate", data={
        "evaluated_on": "01.05.2026", "rating": "4", "effective": "", "comment": "Novērojums"})
    assert record.evaluated_on == dt.date(2026, 5, 1) and record.effective is True


def test_matrix_filters_and_csv(setting, client, login, add):
    add(setting["staff"], requirement_id=setting["supervision"].id, hours=Decimal("18"))
    login(setting["head"])
    html = client.get(f"/training/matrix?unit={setting['unit'].id}").get_data(as_text=True)
    assert "Kristīne Jansone" in html and "Zane Pētersone" not in html
    assert "Done" in html
    html = client.get(f"/training/matrix?unit={setting['other_unit'].id}").get_data(as_text=True)
    assert "Zane Pētersone" in html and "Kristīne Jansone" not in html
    response = client.get(f"/training/matrix.csv?unit={setting['unit'].id}")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeff")
    assert "Kristīne Jansone;" in text
    login(setting["staff"])
    assert client.get("/training/matrix").status_code == 403


def test_plan_page_and_form(setting, client, login, add, db):
    login(setting["qm"])
    response = client.post("/training/plan/new", data={
        "year": "2026", "quarter": "2", "topic": "", "training_type": "course",
        "planned_budget": "1 200,00"})
    assert response.status_code == 200 and "field-error" in response.get_data(as_text=True)
    response = client.post("/training/plan/new", data={
        "year": "2026", "quarter": "2", "topic": "Pirmā palīdzība", "training_type": "course",
        "planned_hours": "12", "planned_participants": "20", "planned_budget": "1 200,00"})
    assert response.status_code == 302
    from qms.training.models import TrainingPlanItem

    item = db.session.query(TrainingPlanItem).one()
    add(setting["carer_person"], cost=Decimal("90"), plan_item_id=item.id)
    html = client.get("/training/plan?year=2026").get_data(as_text=True)
    assert "Pirmā palīdzība" in html and "<svg" in html
    login(setting["head"])
    assert client.get("/training/plan?year=2026").status_code == 200
    assert client.post("/training/plan/new", data={}).status_code == 403


def test_requirements_page_and_form(setting, client, login):
    login(setting["qm"])
    response = client.post("/training/requirements/new", data={
        "kind": "training", "position_id": "", "category": "", "name": "Pirmā palīdzība"})
    assert "Choose a position or a staff category." in response.get_data(as_text=True)
    response = client.post("/training/requirements/new", data={
        "kind": "training", "position_id": "", "category": "care", "name": "Pirmā palīdzība",
        "recurrence_months": "36", "min_hours": "", "is_active": "y"})
    assert response.status_code == 302
    html = client.get("/training/requirements?kind=training").get_data(as_text=True)
    assert "Pirmā palīdzība" in html and "every 36 months" in html
    assert client.get("/training/records?evaluation=pending").status_code == 200


def test_csrf_is_checked(setting, client, login, app, add):
    record = add(setting["staff"])
    login(setting["qm"])
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/training/records/{record.id}/request-evaluation")
    assert response.status_code in (302, 400)
    assert record.evaluation_requested is False
    app.config["WTF_CSRF_ENABLED"] = False
    client.post(f"/training/records/{record.id}/request-evaluation")
    assert record.evaluation_requested is True
