"""Service rules of satisfaction surveys: the builder, the state machine, anonymous answers,
paper results, the anonymity threshold and the year-to-year comparison."""

import datetime as dt

import pytest
from sqlalchemy import func, inspect, select

from qms.core.audit_log import AuditEvent
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.surveys import queries, services
from qms.surveys.models import SurveyAnswer, SurveyResponse
from tests.surveys.conftest import NOW, answer


def test_only_the_quality_manager_builds_surveys(make_user, qm, make_survey):
    manager = make_user("manager")
    with pytest.raises(PermissionDenied):
        services.create_survey(actor=manager, now=NOW, kind="client", year=2026,
                               unit_id=None, title="X", intro="", ask_unit=False,
                               distributed=None)
    survey = make_survey(publish=False)
    with pytest.raises(PermissionDenied):
        services.add_question(survey, actor=manager, now=NOW, kind="likert", text="Q")
    with pytest.raises(PermissionDenied):
        services.publish(survey, actor=manager, now=NOW)


def test_builder_validates_questions(qm, make_survey):
    survey = make_survey(publish=False, questions=[])
    with pytest.raises(DomainError) as error:
        services.add_question(survey, actor=qm, now=NOW, kind="choice", text="Kurš?",
                              options=["Tikai viens"])
    assert error.value.field == "options"
    with pytest.raises(DomainError) as error:
        services.add_question(survey, actor=qm, now=NOW, kind="bogus", text="Q")
    assert error.value.field == "kind"
    with pytest.raises(DomainError) as error:
        services.add_question(survey, actor=qm, now=NOW, kind="likert", text="  ")
    assert error.value.field == "text"
    with pytest.raises(DomainError):
        services.add_question(survey, actor=qm, now=NOW, kind="text",
                              text="Klients 010101-12345?")
    first = services.add_question(survey, actor=qm, now=NOW, kind="likert", text="A")
    second = services.add_question(survey, actor=qm, now=NOW, kind="choice", text="B",
                                   options=["x", "", "y"])
    assert second.options == ["x", "y"]
    assert [q.position for q in survey.questions] == [1, 2]
    services.move_question(second, actor=qm, now=NOW, up=True)
    assert [q.text for q in survey.questions] == ["B", "A"]
    services.delete_question(second, actor=qm, now=NOW)
    assert [(q.text, q.position) for q in survey.questions] == [("A", 1)]
    assert first.position == 1


def test_publish_needs_questions_and_freezes_them(qm, make_survey):
    empty = make_survey(publish=False, questions=[])
    with pytest.raises(DomainError):
        services.publish(empty, actor=qm, now=NOW)
    assert empty.status == "draft"
    survey = make_survey()
    assert survey.status == "open" and survey.opened_on == dt.date(2026, 5, 4)
    question = survey.questions[0]
    with pytest.raises(InvalidTransition):
        services.add_question(survey, actor=qm, now=NOW, kind="likert", text="Jauns")
    with pytest.raises(InvalidTransition):
        services.update_question(question, actor=qm, now=NOW, kind="likert", text="Cits")
    with pytest.raises(InvalidTransition):
        services.delete_question(question, actor=qm, now=NOW)
    with pytest.raises(InvalidTransition):
        services.update_survey(survey, actor=qm, now=NOW, kind="client", year=2026,
                               unit_id=None, title="Cits", intro="", ask_unit=False,
                               distributed=None)
    with pytest.raises(InvalidTransition):
        services.publish(survey, actor=qm, now=NOW)
    services.close(survey, actor=qm, now=NOW)
    assert survey.status == "closed" and survey.closed_on == dt.date(2026, 5, 4)
    with pytest.raises(InvalidTransition):
        services.close(survey, actor=qm, now=NOW)
    services.reopen(survey, actor=qm, now=NOW)
    assert survey.status == "open" and survey.closed_on is None


def test_tokens_are_unguessable_and_unique(make_survey):
    one, two = make_survey(), make_survey()
    assert one.token != two.token and len(one.token) >= 20
    assert queries.by_token(one.token) is one
    assert queries.by_token("guess") is None
    draft = make_survey(publish=False)
    assert queries.by_token(draft.token) is None


def test_answers_are_validated(make_survey, units):
    survey = make_survey()
    likert, yes_no, choice, text = survey.questions
    with pytest.raises(DomainError) as error:
        services.submit_answers(survey, now=NOW, answers={yes_no.id: 1})
    assert error.value.field == f"q{likert.id}"  # required
    for bad in (0, 6, "x"):
        with pytest.raises(DomainError) as error:
            services.submit_answers(survey, now=NOW, answers={likert.id: bad})
        assert error.value.field == f"q{likert.id}"
    with pytest.raises(DomainError):
        services.submit_answers(survey, now=NOW, answers={likert.id: 3, yes_no.id: 2})
    with pytest.raises(DomainError):
        services.submit_answers(survey, now=NOW, answers={likert.id: 3, choice.id: 2})
    with pytest.raises(DomainError) as error:
        services.submit_answers(survey, now=NOW, answers={likert.id: 3,
                                                          text.id: "mans kods 010101-12345"})
    assert error.value.field == f"q{text.id}"
    assert answer(survey, likert=4, yes_no=0, choice=1, text="Labi",
                  unit_id=units["psac"].id).unit_id == units["psac"].id


def test_an_unknown_unit_is_refused(make_survey):
    survey = make_survey()
    with pytest.raises(DomainError) as error:
        answer(survey, unit_id=999999)
    assert error.value.field == "unit_id"


def test_closed_or_draft_surveys_take_no_answers(qm, make_survey):
    draft = make_survey(publish=False)
    with pytest.raises(InvalidTransition):
        answer(draft)
    survey = make_survey()
    services.close(survey, actor=qm, now=NOW)
    with pytest.raises(InvalidTransition):
        answer(survey)


def test_answers_store_nothing_identifying(db, make_survey, units):
    """The response tables have no column for who, where from, which browser or when
    (beyond the date), and an answer writes no audit-trail row."""
    columns = {table: {c["name"] for c in inspect(db.engine).get_columns(table)}
               for table in ("survey_response", "survey_answer")}
    assert columns["survey_response"] == {"id", "survey_id", "unit_id", "channel",
                                          "answered_on", "questionnaires"}
    assert columns["survey_answer"] == {"id", "response_id", "question_id", "value", "text",
                                        "count"}
    forbidden = ("user", "ip", "address", "agent", "cookie", "session", "_at", "time")
    for names in columns.values():
        assert not [n for n in names for word in forbidden if word in n]
    survey = make_survey()
    events = db.session.scalar(select(func.count(AuditEvent.id)))
    response = answer(survey, text="Paldies", now=dt.datetime(2026, 5, 4, 21, 59,
                                                               tzinfo=dt.UTC))
    assert response.answered_on == dt.date(2026, 5, 5)  # the local (Riga) date only
    assert isinstance(response.answered_on, dt.date)
    assert not isinstance(response.answered_on, dt.datetime)
    assert db.session.scalar(select(func.count(AuditEvent.id))) == events


def _fill(survey, n, *, likert=4, unit_id=None, text=""):
    for _ in range(n):
        answer(survey, likert=likert, yes_no=1, unit_id=unit_id, text=text)


def test_threshold_hides_small_groups(make_survey, units):
    survey = make_survey()
    _fill(survey, 4, unit_id=units["psac"].id, text="Ieteikums")
    outcome = queries.results(survey)
    assert outcome.total == 4 and outcome.hidden
    assert all(item.hidden and item.mean is None and not item.distribution
               for item in outcome.questions)
    _fill(survey, 6, likert=2, unit_id=units["aab"].id)
    outcome = queries.results(survey)
    assert not outcome.hidden
    likert, yes_no, choice, text = outcome.questions
    assert (likert.count, likert.mean) == (10, 2.8)
    assert not yes_no.hidden and yes_no.count == 10
    assert choice.hidden and choice.count == 0  # nobody answered it
    assert text.hidden  # only 4 written answers
    assert queries.comments(survey, text.question, None) is None
    # per unit: the PSAC group (4) is hidden, AAB (6) shown
    rows = {row.name: row for row in queries.units_of(survey)}
    assert rows["Pensionāru aprūpes centrs"].hidden
    assert rows["Pensionāru aprūpes centrs"].means[likert.question.id] is None
    assert rows["Aprūpes mājās birojs"].means[likert.question.id] == 2.0
    assert queries.results(survey, units["psac"].id).hidden
    assert not queries.results(survey, units["aab"].id).hidden


def test_threshold_applies_to_free_text_and_csv(app, make_survey, units):
    survey = make_survey()
    _fill(survey, 5, unit_id=units["psac"].id, text="Vairāk pasākumu")
    _fill(survey, 2, unit_id=units["aab"].id, text="Slepens AAB teksts")
    text_question = survey.questions[3]
    stmt = queries.comments(survey, text_question, None)
    assert stmt is not None
    from qms.extensions import db

    assert len(db.session.execute(stmt).all()) == 7
    assert queries.comments(survey, text_question, units["aab"].id) is None
    with app.test_request_context():
        text = queries.results_csv(survey, unit_names={units["psac"].id: "PSAC",
                                                       units["aab"].id: "AAB"})
    assert text.startswith("\ufeff")
    lines = text.splitlines()
    assert ";" in lines[0]
    aab = [line for line in lines if ";AAB;" in line]
    assert aab and all("hidden to protect anonymity" in line for line in aab)
    psac = [line for line in lines if ";PSAC;" in line]
    assert any(";5;" in line for line in psac)
    app.config["SURVEY_MIN_ANSWERS"] = 3
    assert queries.comments(survey, text_question, units["aab"].id) is None  # 2 < 3
    app.config["SURVEY_MIN_ANSWERS"] = 2
    assert queries.comments(survey, text_question, units["aab"].id) is not None


def test_paper_results_combine_with_online_answers(db, qm, make_survey, units):
    survey = make_survey()
    likert, yes_no, choice, text = survey.questions
    _fill(survey, 3, likert=5, unit_id=units["psac"].id)
    services.enter_paper_results(
        survey, actor=qm, now=NOW, questionnaires=7, unit_id=units["psac"].id,
        counts={likert.id: {1: "1", 4: "4", 5: 2}, yes_no.id: {1: 5, 0: 1},
                choice.id: {0: 3, 1: ""}},
        texts={text.id: ["Labs darbs", "", "  Vairāk informācijas  "]})
    outcome = queries.results(survey)
    assert outcome.total == 10
    assert outcome.by_channel == {"online": 3, "paper": 7}
    item = outcome.questions[0]
    assert item.count == 10
    assert item.mean == round((1 + 16 + 10 + 15) / 10, 2)
    assert dict((v, c) for v, _label, c, _p in item.distribution) == {1: 1, 2: 0, 3: 0, 4: 4,
                                                                      5: 5}
    assert outcome.questions[1].count == 3 + 6
    texts = db.session.scalars(select(SurveyAnswer.text).where(
        SurveyAnswer.question_id == text.id)).all()
    assert sorted(texts) == ["Labs darbs", "Vairāk informācijas"]
    paper = db.session.scalar(select(SurveyResponse).where(SurveyResponse.channel == "paper"))
    services.delete_paper_batch(paper, actor=qm, now=NOW)
    assert queries.results(survey).total == 3


def test_paper_results_are_checked(qm, make_survey, make_user):
    survey = make_survey()
    likert = survey.questions[0]
    with pytest.raises(DomainError) as error:
        services.enter_paper_results(survey, actor=qm, now=NOW, questionnaires=3,
                                     counts={likert.id: {5: 4}})
    assert error.value.field == f"q{likert.id}"  # more answers than questionnaires
    with pytest.raises(DomainError):
        services.enter_paper_results(survey, actor=qm, now=NOW, questionnaires=3,
                                     counts={likert.id: {5: -1}})
    with pytest.raises(DomainError):
        services.enter_paper_results(survey, actor=qm, now=NOW, questionnaires=3,
                                     counts={likert.id: {9: 1}})
    with pytest.raises(DomainError) as error:
        services.enter_paper_results(survey, actor=qm, now=NOW, questionnaires=0,
                                     counts={likert.id: {5: 1}})
    assert error.value.field == "questionnaires"
    with pytest.raises(PermissionDenied):
        services.enter_paper_results(survey, actor=make_user("manager"), now=NOW,
                                     questionnaires=3, counts={likert.id: {5: 1}})
    draft = make_survey(publish=False)
    with pytest.raises(InvalidTransition):
        services.enter_paper_results(draft, actor=qm, now=NOW, questionnaires=3,
                                     counts={draft.questions[0].id: {5: 1}})


def test_copy_from_last_year_and_compare(qm, make_survey):
    last = make_survey(year=2025)
    _fill(last, 5, likert=3)
    current = make_survey(year=2026, publish=False, questions=[])
    assert queries.previous_survey(current) is last
    assert services.copy_previous(current, actor=qm, now=NOW) == 4
    assert [q.text for q in current.questions] == [q.text for q in last.questions]
    assert current.questions[2].options == ["Internetā", "No draugiem"]
    assert current.questions[0].source_question_id == last.questions[0].id
    with pytest.raises(DomainError):
        services.copy_previous(current, actor=qm, now=NOW)  # not empty any more
    services.publish(current, actor=qm, now=NOW)
    _fill(current, 5, likert=5)
    outcome = queries.results(current)
    assert outcome.previous is last and outcome.previous_total == 5
    assert (outcome.questions[0].mean, outcome.questions[0].previous_mean) == (5.0, 3.0)
    # staff surveys and other units are not compared with client surveys
    staff = make_survey(year=2026, kind="staff")
    assert queries.previous_survey(staff) is None


def test_previous_year_under_the_threshold_is_hidden(qm, make_survey):
    last = make_survey(year=2025)
    _fill(last, 2, likert=1)
    current = make_survey(year=2026)
    _fill(current, 5, likert=4)
    item = queries.results(current).questions[0]
    assert item.previous_hidden and item.previous_mean is None


def test_record_responses_in_bulk(db, qm, make_survey, units):
    survey = make_survey()
    likert = survey.questions[0]
    count = services.record_responses(
        survey, actor=qm, now=NOW,
        responses=[{"answers": {likert.id: v}, "unit_id": units["aab"].id,
                    "answered_on": dt.date(2026, 4, 1)} for v in (1, 2, 3, 4, 5, 5)])
    assert count == 6
    assert queries.results(survey).questions[0].mean == 3.33
    with pytest.raises(DomainError):
        services.record_responses(survey, actor=qm, now=NOW,
                                  responses=[{"answers": {likert.id: 5}},
                                             {"answers": {likert.id: 7}}])
    db.session.rollback()
    assert queries.results(survey).total == 6  # all or nothing


def test_review_inputs_honour_the_threshold(make_survey, units):
    from qms.surveys.review_inputs import LABELS, survey_results

    client = make_survey(year=2026)
    _fill(client, 6, likert=4)
    staff = make_survey(year=2026, kind="staff", ask_unit=False)
    _fill(staff, 3, likert=2)
    old = make_survey(year=2025)
    _fill(old, 5, likert=3)
    data = survey_results(2026)
    figures = data["figures"]
    assert figures["client_surveys"] == 1
    assert figures["client_answers"] == 6 and figures["client_mean"] == 4.0
    assert figures["staff_answers"] == 3 and figures["staff_mean"] is None
    rows = data["tables"][0]["rows"]
    columns = data["tables"][0]["columns"]
    row = dict(zip(columns, next(r for r in rows if r[0] == "client"), strict=True))
    assert row["mean"] == 4.0 and row["previous_mean"] == 3.0
    assert data["trend_series"]["client_mean"] == [None, 3.0, 4.0]
    for key in [*figures, *data["trend_series"], *columns, data["tables"][0]["key"]]:
        assert key in LABELS
