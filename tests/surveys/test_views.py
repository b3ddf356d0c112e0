"""Thin view tests: the builder, the public answer page (no sign-in, CSRF on), paper
results, results with the threshold, the CSV, free text and the poster."""

import re

import pytest
from sqlalchemy import func, select

from qms.surveys import services
from qms.surveys.models import Survey, SurveyResponse
from tests.surveys.conftest import NOW, answer


@pytest.fixture
def login(client, login):
    def do(user):
        client.post("/logout")
        return login(user)

    return do


def _responses(db) -> int:
    return db.session.scalar(select(func.count(SurveyResponse.id)))


def test_builder_through_the_pages(client, login, qm, db, units):
    login(qm)
    page = client.post("/surveys/new", data={"kind": "client", "year": "2026", "unit_id": "",
                                             "title": "", "intro": ""})
    assert page.status_code == 200 and "field-error" in page.get_data(as_text=True)
    response = client.post("/surveys/new", data={"kind": "client", "year": "2026",
                                                 "unit_id": "", "title": "Klientu aptauja",
                                                 "intro": "Anonīma", "ask_unit": "y"})
    assert response.status_code == 302
    survey = db.session.scalar(select(Survey))
    url = f"/surveys/{survey.id}"
    assert client.post(f"{url}/questions/new", data={
        "kind": "choice", "text": "Kā?", "options": "Viens"}).status_code == 200
    assert client.post(f"{url}/questions/new", data={
        "kind": "likert", "text": "Laipnība", "required": "y"}).status_code == 302
    assert client.get(f"{url}/preview").status_code == 200
    assert client.post(f"{url}/publish").status_code == 302
    db.session.refresh(survey)
    assert survey.status == "open"
    detail = client.get(url).get_data(as_text=True)
    assert f"/surveys/answer/{survey.token}" in detail
    poster = client.get(f"{url}/poster").get_data(as_text=True)
    assert "data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns" in poster
    question = survey.questions[0]
    edit = client.post(f"/surveys/questions/{question.id}/edit",
                       data={"kind": "likert", "text": "Cits"})
    assert edit.status_code == 200  # refused with a message, nothing changed
    assert "Only a draft survey can be changed" in edit.get_data(as_text=True)
    db.session.refresh(question)
    assert question.text == "Laipnība"


def test_public_answer_without_signing_in(client, db, make_survey, units):
    survey = make_survey()
    likert, yes_no, choice, text = survey.questions
    url = f"/surveys/answer/{survey.token}"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'name="q{likert.id}"' in html and 'name="unit_id"' in html
    assert "/login" not in page.headers.get("Location", "")
    missing = client.post(url, data={f"q{yes_no.id}": "1"})
    assert missing.status_code == 200 and "Please answer this question." in \
        missing.get_data(as_text=True)
    assert _responses(db) == 0
    done = client.post(url, data={f"q{likert.id}": "4", f"q{yes_no.id}": "1",
                                  f"q{text.id}": "Paldies", "unit_id": str(units["aab"].id)},
                       headers={"User-Agent": "Secret-Browser/1.0"},
                       environ_base={"REMOTE_ADDR": "203.0.113.77"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"{url}/thanks")
    assert client.get(f"{url}/thanks").status_code == 200
    response = db.session.scalar(select(SurveyResponse))
    assert response.unit_id == units["aab"].id and response.channel == "online"
    # nothing of the request is kept anywhere in the response rows
    stored = " ".join(str(v) for row in db.session.execute(
        select(SurveyResponse.__table__)).all() for v in row)
    assert "203.0.113.77" not in stored and "Secret-Browser" not in stored
    # the same browser session cannot answer twice
    again = client.post(url, data={f"q{likert.id}": "5"})
    assert again.status_code == 200 and _responses(db) == 1


def test_public_pages_for_closed_draft_and_unknown_surveys(client, qm, make_survey):
    draft = make_survey(publish=False)
    assert client.get(f"/surveys/answer/{draft.token}").status_code == 404
    assert client.get("/surveys/answer/not-a-token").status_code == 404
    survey = make_survey()
    services.close(survey, actor=qm, now=NOW)
    page = client.get(f"/surveys/answer/{survey.token}")
    assert page.status_code == 200 and "closed" in page.get_data(as_text=True)
    likert = survey.questions[0]
    assert client.post(f"/surveys/answer/{survey.token}",
                       data={f"q{likert.id}": "5"}).status_code == 200


def test_public_answer_keeps_csrf(app, client, db, make_survey):
    app.config["WTF_CSRF_ENABLED"] = True
    survey = make_survey()
    likert = survey.questions[0]
    url = f"/surveys/answer/{survey.token}"
    assert client.post(url, data={f"q{likert.id}": "5"}).status_code == 400
    assert _responses(db) == 0
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    response = client.post(url, data={"csrf_token": token.group(1), f"q{likert.id}": "5"})
    assert response.status_code == 302 and _responses(db) == 1


def test_results_hide_small_groups(client, login, make_user, make_survey, units, db):
    survey = make_survey()
    for _ in range(3):
        answer(survey, likert=5, unit_id=units["aab"].id, text="Slepens teksts")
    manager = make_user("manager")
    login(manager)
    page = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "hidden to protect anonymity" in page and 'class="survey-total"' not in page
    csv = client.get(f"/surveys/{survey.id}/results.csv")
    assert csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True).startswith("\ufeff")
    assert "hidden to protect anonymity" in csv.get_data(as_text=True)
    comments = client.get(f"/surveys/{survey.id}/comments").get_data(as_text=True)
    assert "Slepens teksts" not in comments and "hidden to protect anonymity" in comments
    for _ in range(3):
        answer(survey, likert=3, unit_id=units["psac"].id, text="Labs darbs")
    page = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert 'class="survey-total">6<' in page
    assert "<svg" in page
    comments = client.get(f"/surveys/{survey.id}/comments").get_data(as_text=True)
    assert "Slepens teksts" in comments and "Labs darbs" in comments
    # one unit alone has only 3 answers: hidden
    unit_page = client.get(f"/surveys/{survey.id}/results?unit={units['aab'].id}")
    assert "hidden to protect anonymity" in unit_page.get_data(as_text=True)


def test_free_text_is_paginated(app, client, login, qm, make_survey):
    app.config["PAGE_SIZE"] = 5
    survey = make_survey()
    for n in range(12):
        answer(survey, text=f"Ieteikums {n:02d}")
    login(qm)
    first = client.get(f"/surveys/{survey.id}/comments").get_data(as_text=True)
    assert "Ieteikums 00" in first and "Ieteikums 05" not in first
    assert f"/surveys/{survey.id}/comments?page=2" in first
    second = client.get(f"/surveys/{survey.id}/comments?page=2").get_data(as_text=True)
    assert "Ieteikums 05" in second and "Ieteikums 00" not in second


def test_paper_results_page(client, login, qm, make_survey, units, db):
    survey = make_survey()
    likert, yes_no, choice, text = survey.questions
    login(qm)
    assert client.get(f"/surveys/{survey.id}/paper").status_code == 200
    too_many = client.post(f"/surveys/{survey.id}/paper", data={
        "unit_id": str(units["psac"].id), "questionnaires": "2", f"c{likert.id}_5": "3"})
    assert too_many.status_code == 200
    assert "More answers than questionnaires returned." in too_many.get_data(as_text=True)
    saved = client.post(f"/surveys/{survey.id}/paper", data={
        "unit_id": str(units["psac"].id), "questionnaires": "6", f"c{likert.id}_5": "4",
        f"c{likert.id}_2": "2", f"t{text.id}": "Viens\nOtrs"})
    assert saved.status_code == 302
    paper = db.session.scalar(select(SurveyResponse))
    assert (paper.channel, paper.questionnaires) == ("paper", 6)
    detail = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert f"/surveys/paper/{paper.id}/delete" in detail
    assert client.post(f"/surveys/paper/{paper.id}/delete").status_code == 302
    assert _responses(db) == 0


def test_list_filters(client, login, qm, make_survey):
    make_survey(year=2025, title="Klientu aptauja 2025")
    make_survey(year=2026, kind="staff", title="Darbinieku aptauja 2026")
    login(qm)

    def titles(query: str) -> set[str]:
        html = client.get(f"/surveys/{query}").get_data(as_text=True)
        return {t for t in ("Klientu aptauja 2025", "Darbinieku aptauja 2026") if t in html}

    assert titles("") == {"Klientu aptauja 2025", "Darbinieku aptauja 2026"}
    assert titles("?kind=staff") == {"Darbinieku aptauja 2026"}
    assert titles("?year=2025") == {"Klientu aptauja 2025"}
    assert titles("?q=darbinieku") == {"Darbinieku aptauja 2026"}
    assert titles("?status=draft") == set()
