"""Fixtures of the survey tests: a quality manager, units and an open client survey."""

import datetime as dt

import pytest

from qms.surveys import services

NOW = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)
DEFAULT_QUESTIONS = [
    ("likert", "Darbinieku laipnība", None, True),
    ("yes_no", "Vai saņēmāt informāciju laikā?", None, False),
    ("choice", "Kā uzzinājāt par pakalpojumu?", ["Internetā", "No draugiem"], False),
    ("text", "Jūsu ieteikumi", None, False),
]


@pytest.fixture
def qm(make_user):
    return make_user("quality_manager", full_name="Ilze Kvalitāte")


@pytest.fixture
def units(make_unit):
    return {"psac": make_unit(code="PSAC", name="Pensionāru aprūpes centrs"),
            "aab": make_unit(code="AAB", name="Aprūpes mājās birojs")}


@pytest.fixture
def make_survey(qm):
    def make(*, year=2026, kind="client", unit_id=None, ask_unit=True, questions=None,
             publish=True, title=None):
        survey = services.create_survey(actor=qm, now=NOW, kind=kind, year=year,
                                        unit_id=unit_id, title=title or f"Aptauja {year}",
                                        intro="Anonīma aptauja.", ask_unit=ask_unit,
                                        distributed=None)
        if questions is None:
            questions = DEFAULT_QUESTIONS
        for kind_, text, options, required in questions:
            services.add_question(survey, actor=qm, now=NOW, kind=kind_, text=text,
                                  options=options, required=required)
        if publish:
            services.publish(survey, actor=qm, now=NOW)
        return survey

    return make


def answer(survey, *, likert=5, yes_no=None, choice=None, text="", unit_id=None, now=NOW):
    """Submit one online questionnaire to the default questions."""
    q = {question.kind: question for question in survey.questions}
    values = {q["likert"].id: likert}
    if yes_no is not None and "yes_no" in q:
        values[q["yes_no"].id] = yes_no
    if choice is not None and "choice" in q:
        values[q["choice"].id] = choice
    if text and "text" in q:
        values[q["text"].id] = text
    return services.submit_answers(survey, now=now, answers=values, unit_id=unit_id)
