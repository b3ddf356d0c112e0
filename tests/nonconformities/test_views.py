"""Thin view tests: the register, export, report form, visibility, statistics, a journey."""

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from qms.nonconformities import services
from qms.nonconformities.models import (
    Action,
    ActionStatus,
    Feedback,
    NcStatus,
    Nonconformity,
    Verdict,
)
from tests.nonconformities.conftest import NOW

FAR = dt.date(2099, 12, 31)
PAST = dt.date(2020, 1, 31)


def _numbers(page: str) -> set[str]:
    return set(re.findall(r">(NC-\d{4}-\d{3})</a>", page))


def _switch(client, login, user):
    client.post("/logout")
    return login(user)


@pytest.fixture
def register(flow, people):
    """Four records: open minor, open major, closed, overdue."""
    minor = flow.triage(flow.report(title="Nepilnīgs aprūpes plāns"), due_on=FAR)
    major = flow.triage(flow.report(title="Klientam nesniegta palīdzība"), severity="major",
                        due_on=FAR)
    closed = flow.triage(flow.report(title="Novēlota atbilde"), due_on=FAR)
    flow.correct(closed, needed=False)
    overdue = flow.triage(flow.report(title="Nav apmācības"), due_on=PAST)
    return {"minor": minor, "major": major, "closed": closed, "overdue": overdue}


def test_the_register_filters_by_status_severity_and_overdue(client, login, people, register):
    login(people.qm)
    number = {key: nc.number for key, nc in register.items()}

    def shown(query):
        response = client.get(f"/nonconformities/{query}")
        assert response.status_code == 200
        return _numbers(response.get_data(as_text=True))

    assert shown("") == set(number.values())
    assert shown("?status=open") == {number["minor"], number["major"], number["overdue"]}
    assert shown("?status=closed") == {number["closed"]}
    assert shown("?severity=major") == {number["major"]}
    assert shown("?overdue=1") == {number["overdue"]}
    assert shown("?q=aprūpes") == {number["minor"]}
    assert shown("?year=2025") == set()


def test_the_register_paginates(app, client, login, people, register):
    app.config["PAGE_SIZE"] = 3
    login(people.qm)
    first = client.get("/nonconformities/").get_data(as_text=True)
    second = client.get("/nonconformities/?page=2").get_data(as_text=True)
    assert _numbers(first) == {"NC-2026-004", "NC-2026-003", "NC-2026-002"}
    assert _numbers(second) == {"NC-2026-001"}
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_the_csv_export_is_semicolon_separated_with_a_bom(client, login, people, register,
                                                          flow):
    flow.report(title="Plāns; nav parakstīts")
    login(people.verifier)  # a manager: NC_VIEW_ALL
    response = client.get("/nonconformities/export.csv?status=open")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Number", "Reported", "Title"] and len(rows[0]) == 13
    assert {row[0] for row in rows[1:]} == {"NC-2026-001", "NC-2026-002", "NC-2026-004",
                                            "NC-2026-005"}
    assert ["Plāns; nav parakstīts"] == [row[2] for row in rows[1:] if row[0] == "NC-2026-005"]


def test_the_csv_export_is_only_for_those_who_see_every_record(client, login, people, register):
    login(people.owner)
    assert client.get("/nonconformities/export.csv").status_code == 403


def test_the_report_form_shows_a_personal_code_on_its_field_and_saves_nothing(
        db, client, login, people):
    login(people.reporter)
    form = {"title": "Kavēta vizīte", "source": "staff_report", "unit_id": "",
            "process_id": "", "requirement_document_id": "",
            "description": "Klients 010101 - 12345 gaidīja 2 stundas.",
            "case_file_reference": "LN-2026/145"}
    response = client.post("/nonconformities/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="description-error"' in page and "personal code" in page
    assert db.session.scalar(select(func.count(Nonconformity.id))) == 0

    response = client.post("/nonconformities/new",
                           data={**form, "description": "Klients gaidīja 2 stundas."})
    assert response.status_code == 302
    nc = db.session.scalar(select(Nonconformity))
    assert response.headers["Location"].endswith(f"/nonconformities/{nc.id}")
    assert nc.reporter_id == people.reporter.id and nc.case_file_reference == "LN-2026/145"


def test_staff_see_only_what_they_reported(client, login, flow, people, make_user):
    colleague = make_user("staff")
    mine = flow.report(actor=people.reporter, title="Mans ziņojums")
    theirs = flow.report(actor=colleague, title="Kolēģa ziņojums")
    login(people.reporter)
    assert _numbers(client.get("/nonconformities/").get_data(as_text=True)) == {mine.number}
    assert client.get(f"/nonconformities/{mine.id}").status_code == 200
    assert client.get(f"/nonconformities/{theirs.id}").status_code == 403
    assert client.get("/nonconformities/statistics").status_code == 403
    assert client.get("/nonconformities/999999").status_code == 404


def test_statistics_render_svg_charts_for_a_year_with_data_and_an_empty_year(
        client, login, flow, people, system):
    from qms.processes.services import create_process

    process = create_process(actor=system, code="P-01", name="Aprūpe mājās", kind="core")
    flow.to(NcStatus.CLOSED, process_id=process.id)
    flow.to(NcStatus.ROOT_CAUSE, source="complaint")
    flow.report(now=dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC))
    login(people.verifier)
    page = client.get("/nonconformities/statistics?year=2026").get_data(as_text=True)
    assert "Nonconformities in 2026" in page and page.count("<svg") >= 7
    assert "P-01 Aprūpe mājās" in page
    empty = client.get("/nonconformities/statistics?year=2031")
    assert empty.status_code == 200
    assert "<svg" in empty.get_data(as_text=True)


def test_the_whole_lifecycle_over_http(db, client, login, people):
    login(people.reporter)
    client.post("/nonconformities/new", data={
        "title": "Nav pārskatīts plāns", "description": "Lietā LN-2026/145.",
        "source": "staff_report", "unit_id": "", "process_id": "",
        "requirement_document_id": ""})
    nc = db.session.scalar(select(Nonconformity))
    url = f"/nonconformities/{nc.id}"

    def post(path, data):
        response = client.post(url + path, data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        db.session.expire_all()
        assert client.get(url).status_code == 200
        return db.session.get(Nonconformity, nc.id)

    _switch(client, login, people.qm)
    assert "Accept and assign" in client.get(url).get_data(as_text=True)
    assert post("/triage", {"severity": "minor", "owner_id": people.owner.id, "unit_id": "",
                            "process_id": "", "due_on": "", "budget_planned": "1 000,00"}
                ).status == NcStatus.CORRECTION
    _switch(client, login, people.owner)
    assert post("/correction", {"correction": "Plāns pārskatīts.", "consequences": "",
                                "result": "", "done_on": "02.03.2026",
                                "corrective_action_needed": "yes",
                                "rationale": "Var atkārtoties."}).status == NcStatus.ROOT_CAUSE
    assert post("/root-cause", {"method": "five_whys", "whys": "Nav atgādinājuma.\nNav lauka.",
                                "root_cause": "Procedūrā nav termiņa.", "category": "methods",
                                "extent": ""}).status == NcStatus.ACTION_PLAN
    # A plan without actions is refused with a message, not an error page.
    refused = client.post(url + "/plan", data={"criteria": "Audits.", "check_on": "01.09.2026",
                                              "verifier_id": people.verifier.id},
                          follow_redirects=True)
    assert refused.status_code == 200
    assert "Plan at least one corrective" in refused.get_data(as_text=True)
    assert nc.status == NcStatus.ACTION_PLAN
    post("/actions", {"kind": "corrective", "title": "Papildināt procedūru", "description": "",
                      "owner_id": people.doer.id, "due_on": "30.04.2026",
                      "budget_planned": "1 234,50"})
    action = db.session.scalar(select(Action))
    assert str(action.budget_planned) == "1234.50"
    assert post("/plan", {"criteria": "Audits.", "check_on": "01.09.2026",
                          "verifier_id": people.verifier.id}).status == NcStatus.IMPLEMENTATION

    _switch(client, login, people.doer)
    action_url = f"/nonconformities/actions/{action.id}"
    assert client.get(action_url).status_code == 200
    response = client.post(action_url, data={"status": "done", "cost_actual": "99,90",
                                             "evidence": "", "note": "",
                                             "row_version": action.row_version})
    assert response.status_code == 200 and 'id="evidence-error"' in response.get_data(
        as_text=True)
    response = client.post(action_url, data={"status": "done", "cost_actual": "99,90",
                                             "evidence": "Procedūra v2.0.", "note": "Gatavs.",
                                             "row_version": action.row_version})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Action, action.id).status == ActionStatus.DONE

    _switch(client, login, people.owner)
    assert post("/implemented", {}).status == NcStatus.EFFECTIVENESS
    _switch(client, login, people.verifier)
    assert "Record the verdict" in client.get(url).get_data(as_text=True)
    closed = post("/verify", {"verdict": "effective", "notes": "Pārbaudītas 20 lietas.",
                              "risks_need_update": "no", "qms_needs_change": "no",
                              "change_document_id": ""})
    assert closed.status == NcStatus.CLOSED and closed.cost_actual == action.cost_actual


def test_a_stale_action_form_is_refused_with_a_message(db, client, login, flow, people):
    action = flow.action(flow.to(NcStatus.ACTION_PLAN))
    old_version = action.row_version
    services.update_action(action, actor=people.owner, now=NOW,
                           status=ActionStatus.IN_PROGRESS)
    login(people.doer)
    response = client.post(f"/nonconformities/actions/{action.id}", data={
        "status": "cancelled", "cost_actual": "", "evidence": "", "note": "",
        "row_version": old_version})
    assert response.status_code == 200
    assert "Someone else saved this record" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Action, action.id).status == ActionStatus.IN_PROGRESS


def test_complaints_over_http_register_and_raise_a_nonconformity(db, client, login, people):
    login(people.verifier)
    assert client.get("/nonconformities/feedback/").status_code == 200
    response = client.post("/nonconformities/feedback/new", data={
        "kind": "complaint", "channel": "letter", "received_on": "02.03.2026",
        "unit_id": "", "service": "Aprūpe mājās", "topic": "Nokavēšanās",
        "case_file_reference": "", "summary": "Aprūpētāja kavēja.", "response_due_on": ""})
    assert response.status_code == 302
    item = db.session.scalar(select(Feedback))
    assert item.response_due_on == dt.date(2026, 4, 1)
    response = client.post(f"/nonconformities/feedback/{item.id}/raise")
    nc = db.session.scalar(select(Nonconformity))
    assert response.headers["Location"].endswith(f"/nonconformities/{nc.id}")
    response = client.post(f"/nonconformities/feedback/{item.id}/raise",
                           follow_redirects=True)
    assert "already raised" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Nonconformity.id))) == 1
    _switch(client, login, people.owner)
    assert client.get("/nonconformities/feedback/").status_code == 403


def test_a_record_waiting_for_its_effectiveness_check_can_be_cancelled(db, client, login,
                                                                       flow, people):
    nc = flow.to(NcStatus.EFFECTIVENESS)
    login(people.qm)
    page = client.get(f"/nonconformities/{nc.id}").get_data(as_text=True)
    assert f"/nonconformities/{nc.id}/cancel" in page  # offered, and it works
    client.post(f"/nonconformities/{nc.id}/cancel", data={"reason": "Dublikāts."})
    db.session.expire_all()
    assert db.session.get(Nonconformity, nc.id).status == NcStatus.CANCELLED
    page = client.get(f"/nonconformities/{nc.id}").get_data(as_text=True)
    assert "Dublikāts." in page and f"/nonconformities/{nc.id}/cancel" not in page


def test_the_record_shows_the_verdict_label(client, login, flow, people):
    nc = flow.to(NcStatus.EFFECTIVENESS)
    flow.verify(nc, verdict=Verdict.PARTLY)
    login(people.qm)
    page = client.get(f"/nonconformities/{nc.id}").get_data(as_text=True)
    assert "Partly effective" in page
