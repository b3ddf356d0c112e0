"""Use cases of satisfaction surveys: the questionnaire builder (draft only), publishing and
closing, anonymous answers, paper results in bulk, and the CSV export of results.

Answers are anonymous: ``submit_answers`` takes no actor and stores no identity, no address,
no browser and no time finer than the date; nor does it write the audit trail, whose
timestamps and row ids would tie an answer to a moment.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.core import audit_log, transaction
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.core.permissions import Permission
from qms.core.privacy import refuse_personal_codes
from qms.core.time import local_date
from qms.extensions import db
from qms.org.models import Unit
from qms.surveys.models import (
    LIKERT_VALUES,
    TRANSITIONS,
    Channel,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)

SURVEY_FIELDS = ["kind", "year", "unit_id", "title", "intro", "ask_unit", "distributed"]
QUESTION_FIELDS = ["kind", "text", "options", "required"]
MAX_TEXT_ANSWER = 2000
MAX_OPTIONS = 12


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _l("You may not change surveys."))


def can_manage(user) -> bool:
    return user.can(Permission.SURVEY_MANAGE)


def can_view_results(user) -> bool:
    return user.can(Permission.SURVEY_VIEW)


def field_name(question: SurveyQuestion) -> str:
    """The form field (and error field) of a question on the answer page."""
    return f"q{question.id}"


# --- surveys ------------------------------------------------------------------------------

def _check_survey(values: dict) -> dict:
    if values.get("kind") not in SurveyKind.__members__.values():
        raise DomainError(_l("Choose client or staff satisfaction."), field="kind")
    year = values.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError(_l("Give the year of the survey."), field="year")
    title = (values.get("title") or "").strip()
    if not title:
        raise DomainError(_l("Give the survey a title."), field="title")
    if values.get("unit_id") and db.session.get(Unit, values["unit_id"]) is None:
        raise DomainError(_l("Choose the unit."), field="unit_id")
    distributed = values.get("distributed")
    if distributed is not None and distributed < 0:
        raise DomainError(_l("The number cannot be negative."), field="distributed")
    intro = (values.get("intro") or "").strip()
    refuse_personal_codes(title=title, intro=intro)
    return {**values, "title": title[:300], "intro": intro,
            "ask_unit": bool(values.get("ask_unit")) and not values.get("unit_id")}


def create_survey(*, actor, now: dt.datetime, **values) -> Survey:
    _require(can_manage(actor))
    values = _check_survey(values)
    survey = Survey(**values, status=SurveyStatus.DRAFT, token=secrets.token_urlsafe(16),
                    created_by_id=getattr(actor, "id", None), created_at=now)
    db.session.add(survey)
    db.session.flush()
    audit_log.record_creation(survey, SURVEY_FIELDS, actor=actor, action="survey.create",
                              now=now)
    transaction.commit()
    return survey


def _require_draft(survey: Survey) -> None:
    if not survey.is_draft:
        raise InvalidTransition(_l("Only a draft survey can be changed; this one is "
                                   "already published."))


def update_survey(survey: Survey, *, actor, now: dt.datetime, expected_version=None,
                  **values) -> Survey:
    from qms.core.concurrency import check_version

    _require(can_manage(actor))
    check_version(survey, expected_version)
    _require_draft(survey)
    values = _check_survey(values)
    audit_log.apply_changes(survey, values, actor=actor, action="survey.update", now=now)
    transaction.commit()
    return survey


def _transition(survey: Survey, target: SurveyStatus, *, actor, now: dt.datetime,
                action: str, extra: dict | None = None) -> None:
    _require(can_manage(actor))
    if target not in TRANSITIONS.get(survey.status, set()):
        raise InvalidTransition(_l("This step is not possible for a %(status)s survey.",
                                   status=survey.status_label))
    audit_log.apply_changes(survey, {"status": target, **(extra or {})}, actor=actor,
                            action=action, now=now)
    transaction.commit()


def publish(survey: Survey, *, actor, now: dt.datetime) -> None:
    """Draft -> open: the link and the poster start working; the questions are frozen."""
    if survey.is_draft:
        if not survey.questions:
            raise DomainError(_l("Add at least one question before publishing."))
        for question in survey.questions:
            if question.kind == QuestionKind.CHOICE and len(question.options or []) < 2:
                raise DomainError(_l("Question %(number)s needs at least two options.",
                                     number=question.position))
    _transition(survey, SurveyStatus.OPEN, actor=actor, now=now, action="survey.publish",
                extra={"opened_on": survey.opened_on or local_date(now)})


def close(survey: Survey, *, actor, now: dt.datetime) -> None:
    _transition(survey, SurveyStatus.CLOSED, actor=actor, now=now, action="survey.close",
                extra={"closed_on": local_date(now)})


def reopen(survey: Survey, *, actor, now: dt.datetime) -> None:
    _transition(survey, SurveyStatus.OPEN, actor=actor, now=now, action="survey.reopen",
                extra={"closed_on": None})


# --- the questionnaire builder --------------------------------------------------------------

def _check_question(kind: str, text: str, options: Iterable[str] | None) -> tuple[str, list]:
    if kind not in QuestionKind.__members__.values():
        raise DomainError(_l("Choose the type of question."), field="kind")
    text = (text or "").strip()
    if not text:
        raise DomainError(_l("Write the question."), field="text")
    if len(text) > 500:
        raise DomainError(_l("Keep the question under 500 characters."), field="text")
    cleaned = [o.strip()[:200] for o in (options or []) if o and o.strip()]
    if kind == QuestionKind.CHOICE:
        if len(cleaned) < 2:
            raise DomainError(_l("Give at least two options, one per line."), field="options")
        if len(cleaned) > MAX_OPTIONS:
            raise DomainError(_l("Give at most %(max)s options.", max=MAX_OPTIONS),
                              field="options")
        if len(set(cleaned)) != len(cleaned):
            raise DomainError(_l("Each option must be different."), field="options")
    else:
        cleaned = []
    refuse_personal_codes(text=text, options="\n".join(cleaned))
    return text, cleaned


def add_question(survey: Survey, *, actor, now: dt.datetime, kind: str, text: str,
                 options: Iterable[str] | None = None, required: bool = False,
                 source_question_id: int | None = None) -> SurveyQuestion:
    _require(can_manage(actor))
    _require_draft(survey)
    text, options = _check_question(kind, text, options)
    position = (db.session.scalar(select(func.max(SurveyQuestion.position)).where(
        SurveyQuestion.survey_id == survey.id)) or 0) + 1
    question = SurveyQuestion(survey=survey, position=position, kind=kind, text=text,
                              options=options, required=bool(required),
                              source_question_id=source_question_id)
    db.session.add(question)
    db.session.flush()
    audit_log.record_creation(question, QUESTION_FIELDS, actor=actor,
                              action="survey.question_add", now=now)
    transaction.commit()
    return question


def update_question(question: SurveyQuestion, *, actor, now: dt.datetime, kind: str,
                    text: str, options: Iterable[str] | None = None, required: bool = False,
                    expected_version=None) -> SurveyQuestion:
    from qms.core.concurrency import check_version

    _require(can_manage(actor))
    check_version(question, expected_version)
    _require_draft(question.survey)
    text, options = _check_question(kind, text, options)
    audit_log.apply_changes(question, {"kind": kind, "text": text, "options": options,
                                       "required": bool(required)},
                            actor=actor, action="survey.question_update", now=now)
    transaction.commit()
    return question


def delete_question(question: SurveyQuestion, *, actor, now: dt.datetime) -> None:
    _require(can_manage(actor))
    survey = question.survey
    _require_draft(survey)
    audit_log.record(actor=actor, action="survey.question_delete", entity=survey,
                     changes={"question": [question.text, None]}, now=now)
    survey.questions.remove(question)
    db.session.flush()
    for number, other in enumerate(survey.questions, start=1):
        other.position = number
    transaction.commit()


def move_question(question: SurveyQuestion, *, actor, now: dt.datetime, up: bool) -> None:
    _require(can_manage(actor))
    survey = question.survey
    _require_draft(survey)
    ordered = list(survey.questions)
    index = ordered.index(question)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for number, item in enumerate(ordered, start=1):
        item.position = number
    audit_log.record(actor=actor, action="survey.question_move", entity=survey,
                     changes={"question": [question.text, question.position]}, now=now)
    transaction.commit()


def copy_previous(survey: Survey, *, actor, now: dt.datetime) -> int:
    """Copy the questions of last year's survey, so that the answers stay comparable."""
    _require(can_manage(actor))
    _require_draft(survey)
    if survey.questions:
        raise DomainError(_l("The questionnaire already has questions; copy into an empty "
                             "one."))
    from qms.surveys.queries import previous_survey

    source = previous_survey(survey)
    if source is None:
        raise DomainError(_l("There is no earlier survey of this kind to copy."))
    with transaction.atomic():
        for question in source.questions:
            add_question(survey, actor=actor, now=now, kind=question.kind, text=question.text,
                         options=list(question.options or []), required=question.required,
                         source_question_id=question.id)
        audit_log.record(actor=actor, action="survey.copy", entity=survey,
                         changes={"copied_from": [None, str(source)]}, now=now)
    return len(source.questions)


# --- answers ----------------------------------------------------------------------------------

def _clean_answer(question: SurveyQuestion, raw) -> tuple[int | None, str]:
    """(value, text) of one raw answer; (None, "") when unanswered. Raises DomainError."""
    field = field_name(question)
    if question.kind == QuestionKind.TEXT:
        text = (raw or "").strip() if isinstance(raw, str) else ""
        if len(text) > MAX_TEXT_ANSWER:
            raise DomainError(_l("Please keep the answer under %(max)s characters.",
                                 max=MAX_TEXT_ANSWER), field=field)
        if text:
            refuse_personal_codes(**{field: text})
        return None, text
    if raw in (None, ""):
        return None, ""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise DomainError(_l("Choose one of the answers."), field=field) from None
    allowed = (LIKERT_VALUES if question.kind == QuestionKind.LIKERT
               else (0, 1) if question.kind == QuestionKind.YES_NO
               else range(len(question.options or [])))
    if value not in allowed:
        raise DomainError(_l("Choose one of the answers."), field=field)
    return value, ""


def _answers_for(survey: Survey, raw_answers: Mapping) -> list[SurveyAnswer]:
    """Validated answers of one questionnaire (keys: question id or field name)."""
    answers = []
    for question in survey.questions:
        raw = raw_answers.get(question.id, raw_answers.get(field_name(question)))
        value, text = _clean_answer(question, raw)
        if value is None and not text:
            if question.required:
                raise DomainError(_l("Please answer this question."),
                                  field=field_name(question))
            continue
        answers.append(SurveyAnswer(question_id=question.id, value=value, text=text))
    if not answers:
        raise DomainError(_l("Answer at least one question."))
    return answers


def _check_unit(survey: Survey, unit_id: int | None) -> int | None:
    if survey.unit_id:
        return survey.unit_id
    if not survey.ask_unit or not unit_id:
        return None
    unit = db.session.get(Unit, unit_id)
    if unit is None or not unit.is_active:
        raise DomainError(_l("Choose the unit from the list."), field="unit_id")
    return unit.id


def submit_answers(survey: Survey, *, now: dt.datetime, answers: Mapping,
                   unit_id: int | None = None) -> SurveyResponse:
    """One anonymous online questionnaire. Only the date is kept, in local time."""
    if survey.status != SurveyStatus.OPEN:
        raise InvalidTransition(_l("This survey is closed."))
    response = SurveyResponse(survey_id=survey.id, unit_id=_check_unit(survey, unit_id),
                              channel=Channel.ONLINE, answered_on=local_date(now),
                              questionnaires=1, answers=_answers_for(survey, answers))
    db.session.add(response)
    transaction.commit()
    return response


def record_responses(survey: Survey, *, actor, now: dt.datetime, responses: Iterable[dict],
                     channel: str = Channel.ONLINE) -> int:
    """Many questionnaires at once (an import from another survey tool, the demo): each
    item has ``answers`` (question id -> raw answer) and optionally ``unit_id`` and
    ``answered_on``. All or nothing; one audit-trail row for the batch."""
    _require(can_manage(actor))
    if survey.is_draft:
        raise InvalidTransition(_l("Publish the survey before recording answers."))
    if channel not in Channel.__members__.values():
        raise DomainError(_l("Unknown channel."))
    rows = []
    for item in responses:
        answered_on = item.get("answered_on") or local_date(now)
        rows.append(SurveyResponse(
            survey_id=survey.id, unit_id=_check_unit(survey, item.get("unit_id")),
            channel=channel, answered_on=answered_on, questionnaires=1,
            answers=_answers_for(survey, item.get("answers") or {})))
    db.session.add_all(rows)
    audit_log.record(actor=actor, action="survey.import", entity=survey,
                     changes={"questionnaires": [None, len(rows)], "channel": [None, channel]},
                     now=now)
    transaction.commit()
    return len(rows)


def _count(raw, field: str) -> int:
    if raw in (None, ""):
        return 0
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise DomainError(_l("Write a whole number."), field=field) from None
    if value < 0:
        raise DomainError(_l("The number cannot be negative."), field=field)
    return value


def enter_paper_results(survey: Survey, *, actor, now: dt.datetime, questionnaires: int,
                        counts: Mapping[int, Mapping[int, int]],
                        texts: Mapping[int, Iterable[str]] | None = None,
                        unit_id: int | None = None,
                        answered_on: dt.date | None = None) -> SurveyResponse:
    """Paper questionnaires of one unit in bulk: the number returned, the count of each
    answer value per closed question, and free-text answers one per line. Stored as one
    response of channel "paper" whose answers carry counts, so totals combine."""
    _require(can_manage(actor))
    if survey.is_draft:
        raise InvalidTransition(_l("Publish the survey before entering paper results."))
    questionnaires = _count(questionnaires, "questionnaires")
    if questionnaires < 1:
        raise DomainError(_l("Give the number of questionnaires returned."),
                          field="questionnaires")
    if survey.unit_id:
        unit_id = survey.unit_id
    elif unit_id and db.session.get(Unit, unit_id) is None:
        raise DomainError(_l("Choose the unit from the list."), field="unit_id")
    texts = texts or {}
    answers: list[SurveyAnswer] = []
    for question in survey.questions:
        field = field_name(question)
        if question.kind == QuestionKind.TEXT:
            lines = [line.strip() for line in texts.get(question.id, []) if line.strip()]
            if len(lines) > questionnaires:
                raise DomainError(_l("More answers than questionnaires returned."),
                                  field=field)
            for line in lines:
                _value, text = _clean_answer(question, line)
                answers.append(SurveyAnswer(question_id=question.id, text=text))
            continue
        given = counts.get(question.id, {})
        allowed = question.value_labels()
        total = 0
        for value, raw in given.items():
            number = _count(raw, field)
            if value not in allowed:
                raise DomainError(_l("Choose one of the answers."), field=field)
            if number:
                answers.append(SurveyAnswer(question_id=question.id, value=value,
                                            count=number))
                total += number
        if total > questionnaires:
            raise DomainError(_l("More answers than questionnaires returned."), field=field)
    if not answers:
        raise DomainError(_l("Enter the counts of at least one question."))
    response = SurveyResponse(survey_id=survey.id, unit_id=unit_id or None,
                              channel=Channel.PAPER,
                              answered_on=answered_on or local_date(now),
                              questionnaires=questionnaires, answers=answers)
    db.session.add(response)
    db.session.flush()
    unit = db.session.get(Unit, unit_id) if unit_id else None
    audit_log.record(actor=actor, action="survey.paper", entity=survey,
                     changes={"questionnaires": [None, questionnaires],
                              "unit": [None, unit.name if unit else None]}, now=now)
    transaction.commit()
    return response


def delete_paper_batch(response: SurveyResponse, *, actor, now: dt.datetime) -> None:
    """Remove a paper batch entered by mistake (online answers cannot be removed)."""
    _require(can_manage(actor))
    if response.channel != Channel.PAPER:
        raise DomainError(_l("Only paper results can be removed."))
    survey = db.session.get(Survey, response.survey_id)
    audit_log.record(actor=actor, action="survey.paper_delete", entity=survey,
                     changes={"questionnaires": [response.questionnaires, None]}, now=now)
    db.session.delete(response)
    transaction.commit()


def export_csv(survey: Survey, *, actor, now: dt.datetime, unit_names: dict) -> str:
    """The results as CSV (UTF-8 with BOM, ``;``), groups under the threshold hidden."""
    from qms.surveys import queries

    _require(can_view_results(actor), _l("You may not see survey results."))
    text = queries.results_csv(survey, unit_names=unit_names)
    audit_log.record(actor=actor, action="survey.export", entity=survey, now=now)
    transaction.commit()
    return text
