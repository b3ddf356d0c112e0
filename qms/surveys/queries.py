"""Read-only queries of surveys and their results, aggregated in SQL.

The anonymity threshold lives here and only here: a group (the survey, a unit, a question)
with fewer than ``min_answers()`` answers shows no result at all.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from qms.extensions import db
from qms.org.models import Unit
from qms.surveys.models import (
    QUESTION_KIND_LABELS,
    Channel,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)

MIN_ANSWERS_DEFAULT = 5


def min_answers() -> int:
    """The anonymity threshold (``QMS_SURVEY_MIN_ANSWERS``, default 5)."""
    try:
        value = int(current_app.config.get("SURVEY_MIN_ANSWERS", MIN_ANSWERS_DEFAULT))
    except (TypeError, ValueError, RuntimeError):
        value = MIN_ANSWERS_DEFAULT
    return max(value, 1)


def shown(count: int | None) -> bool:
    return (count or 0) >= min_answers()


# --- lists ------------------------------------------------------------------------------------

@dataclass
class SurveyFilter:
    kind: str = ""
    year: int | None = None
    status: str = ""
    query: str = ""


def surveys(f: SurveyFilter):
    stmt = select(Survey)
    if f.kind:
        stmt = stmt.where(Survey.kind == f.kind)
    if f.year:
        stmt = stmt.where(Survey.year == f.year)
    if f.status:
        stmt = stmt.where(Survey.status == f.status)
    if f.query:
        pattern = f"%{f.query.lower()}%"
        stmt = stmt.where(or_(func.lower(Survey.title).like(pattern),
                              func.lower(Survey.intro).like(pattern)))
    return stmt.order_by(Survey.year.desc(), Survey.kind, Survey.title, Survey.id)


def years() -> list[int]:
    return list(db.session.scalars(select(Survey.year).distinct().order_by(Survey.year.desc())))


def totals(survey_ids: list[int]) -> dict[int, int]:
    """Questionnaires returned per survey (one query)."""
    if not survey_ids:
        return {}
    return dict(db.session.execute(
        select(SurveyResponse.survey_id, func.sum(SurveyResponse.questionnaires))
        .where(SurveyResponse.survey_id.in_(survey_ids))
        .group_by(SurveyResponse.survey_id)).all())


def by_token(token: str) -> Survey | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Survey).where(Survey.token == token,
                                                  Survey.status != SurveyStatus.DRAFT))


def previous_survey(survey: Survey) -> Survey | None:
    """The latest published survey of the same kind and unit from an earlier year."""
    stmt = (select(Survey).where(Survey.kind == survey.kind, Survey.year < survey.year,
                                 Survey.status != SurveyStatus.DRAFT, Survey.id != survey.id)
            .order_by(Survey.year.desc(), Survey.id.desc()).limit(1))
    stmt = stmt.where(Survey.unit_id.is_(None) if survey.unit_id is None
                      else Survey.unit_id == survey.unit_id)
    return db.session.scalar(stmt)


def active_units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.is_active.is_(True))
                                   .order_by(Unit.name)))


def paper_batches(survey: Survey) -> list[SurveyResponse]:
    return list(db.session.scalars(
        select(SurveyResponse).where(SurveyResponse.survey_id == survey.id,
                                     SurveyResponse.channel == Channel.PAPER)
        .order_by(SurveyResponse.answered_on.desc(), SurveyResponse.id.desc()).limit(200)))


# --- results ----------------------------------------------------------------------------------

@dataclass
class QuestionResult:
    question: SurveyQuestion
    count: int = 0
    hidden: bool = True
    mean: float | None = None
    # (value, label, count, percent)
    distribution: list[tuple[int, str, int, float]] = field(default_factory=list)
    previous_count: int | None = None
    previous_mean: float | None = None
    previous_hidden: bool = True


@dataclass
class UnitRow:
    unit_id: int | None
    name: str
    count: int
    hidden: bool
    means: dict[int, float | None]  # Likert question id -> mean (None when hidden)


@dataclass
class SurveyResults:
    survey: Survey
    unit_id: int | None
    total: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)
    hidden: bool = True
    questions: list[QuestionResult] = field(default_factory=list)
    previous: Survey | None = None
    previous_total: int | None = None
    mean: float | None = None  # all Likert answers together

    @property
    def likert(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.question.kind == QuestionKind.LIKERT]


def _responses(survey_id: int, unit_id: int | None):
    stmt = select(SurveyResponse.id).where(SurveyResponse.survey_id == survey_id)
    if unit_id is not None:
        stmt = stmt.where(SurveyResponse.unit_id == unit_id)
    return stmt


def _question_stats(survey_id: int, unit_id: int | None) -> dict[int, dict[int | None, int]]:
    """question id -> {value: count} (value None: free-text answers)."""
    rows = db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.value, func.sum(SurveyAnswer.count))
        .where(SurveyAnswer.response_id.in_(_responses(survey_id, unit_id)))
        .group_by(SurveyAnswer.question_id, SurveyAnswer.value)).all()
    stats: dict[int, dict[int | None, int]] = {}
    for question_id, value, count in rows:
        stats.setdefault(question_id, {})[value] = int(count or 0)
    return stats


def _total(survey_id: int, unit_id: int | None) -> dict[str, int]:
    stmt = (select(SurveyResponse.channel, func.sum(SurveyResponse.questionnaires))
            .where(SurveyResponse.survey_id == survey_id).group_by(SurveyResponse.channel))
    if unit_id is not None:
        stmt = stmt.where(SurveyResponse.unit_id == unit_id)
    return {channel: int(count or 0) for channel, count in db.session.execute(stmt).all()}


def _mean(counts: dict) -> float | None:
    n = sum(c for v, c in counts.items() if v is not None)
    if not n:
        return None
    return round(sum(v * c for v, c in counts.items() if v is not None) / n, 2)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def matching_questions(survey: Survey, previous: Survey | None) -> dict[int, int]:
    """Question id -> the comparable question of ``previous`` (copied from it, or the same
    text and type)."""
    if previous is None:
        return {}
    earlier = {q.id: q for q in previous.questions}
    by_text = {(q.kind, _normal(q.text)): q.id for q in previous.questions}
    matches = {}
    for question in survey.questions:
        if question.source_question_id in earlier:
            matches[question.id] = question.source_question_id
        elif (question.kind, _normal(question.text)) in by_text:
            matches[question.id] = by_text[(question.kind, _normal(question.text))]
    return matches


def results(survey: Survey, unit_id: int | None = None, *,
            compare: bool = True) -> SurveyResults:
    """Counts, means and distributions per question for the survey or one unit, with the
    previous year's survey of the same kind (and unit) beside them."""
    channels = _total(survey.id, unit_id)
    total = sum(channels.values())
    outcome = SurveyResults(survey=survey, unit_id=unit_id, total=total, by_channel=channels,
                            hidden=not shown(total))
    stats = {} if outcome.hidden else _question_stats(survey.id, unit_id)
    likert_all: dict[int, int] = {}
    for question in survey.questions:
        counts = stats.get(question.id, {})
        count = sum(counts.values())
        item = QuestionResult(question=question, count=count,
                              hidden=outcome.hidden or not shown(count))
        if not item.hidden and question.kind != QuestionKind.TEXT:
            labels = question.value_labels()
            item.distribution = [(value, str(label), counts.get(value, 0),
                                  round(100 * counts.get(value, 0) / count, 1))
                                 for value, label in labels.items()]
            if question.kind == QuestionKind.LIKERT:
                item.mean = _mean(counts)
                for value, c in counts.items():
                    if value is not None:
                        likert_all[value] = likert_all.get(value, 0) + c
        outcome.questions.append(item)
    if shown(sum(likert_all.values())):
        outcome.mean = _mean(likert_all)
    if compare:
        previous = previous_survey(survey)
        outcome.previous = previous
        if previous is not None:
            earlier = results(previous, unit_id, compare=False)
            outcome.previous_total = earlier.total
            by_id = {r.question.id: r for r in earlier.questions}
            matches = matching_questions(survey, previous)
            for item in outcome.questions:
                match = by_id.get(matches.get(item.question.id))
                if match is not None:
                    item.previous_count = match.count
                    item.previous_hidden = match.hidden
                    item.previous_mean = match.mean
    return outcome


def units_of(survey: Survey) -> list[UnitRow]:
    """Per unit: answers and the mean of each Likert question, hidden below the threshold."""
    totals_ = db.session.execute(
        select(SurveyResponse.unit_id, func.sum(SurveyResponse.questionnaires))
        .where(SurveyResponse.survey_id == survey.id)
        .group_by(SurveyResponse.unit_id)).all()
    if not totals_:
        return []
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(
        Unit.id.in_([u for u, _ in totals_ if u is not None]))).all())
    likert = [q.id for q in survey.questions if q.kind == QuestionKind.LIKERT]
    sums = {}
    if likert:
        for unit_id, question_id, n, weighted in db.session.execute(
                select(SurveyResponse.unit_id, SurveyAnswer.question_id,
                       func.sum(SurveyAnswer.count),
                       func.sum(SurveyAnswer.count * SurveyAnswer.value))
                .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
                .where(SurveyResponse.survey_id == survey.id,
                       SurveyAnswer.question_id.in_(likert))
                .group_by(SurveyResponse.unit_id, SurveyAnswer.question_id)).all():
            sums[(unit_id, question_id)] = (int(n or 0), int(weighted or 0))
    rows = []
    for unit_id, count in totals_:
        count = int(count or 0)
        hidden = not shown(count)
        means = {}
        for question_id in likert:
            n, weighted = sums.get((unit_id, question_id), (0, 0))
            means[question_id] = (round(weighted / n, 2)
                                  if not hidden and shown(n) else None)
        rows.append(UnitRow(unit_id=unit_id,
                            name=names.get(unit_id) or _("Unit not given"),
                            count=count, hidden=hidden, means=means))
    return sorted(rows, key=lambda r: (r.unit_id is None, r.name))


def comments(survey: Survey, question: SurveyQuestion, unit_id: int | None):
    """The free-text answers of a question (a statement to paginate), or None when the group
    is under the threshold. Ordered by text, not by when they came in."""
    if not shown(sum(_total(survey.id, unit_id).values())):
        return None
    count = db.session.scalar(
        select(func.count(SurveyAnswer.id))
        .where(SurveyAnswer.question_id == question.id, SurveyAnswer.text != "",
               SurveyAnswer.response_id.in_(_responses(survey.id, unit_id)))) or 0
    if not shown(count):
        return None
    return (select(SurveyAnswer.text)
            .where(SurveyAnswer.question_id == question.id, SurveyAnswer.text != "",
                   SurveyAnswer.response_id.in_(_responses(survey.id, unit_id)))
            .order_by(SurveyAnswer.text, SurveyAnswer.id))


def text_questions(survey: Survey) -> list[SurveyQuestion]:
    return [q for q in survey.questions if q.kind == QuestionKind.TEXT]


# --- CSV ----------------------------------------------------------------------------------

def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".replace(".", ",") if isinstance(value, float) else str(value)


def results_csv(survey: Survey, *, unit_names: dict) -> str:
    """One row per group (all units, each unit) and answer value of every question."""
    hidden_text = _("fewer than %(min)s answers: hidden to protect anonymity",
                    min=min_answers())
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("Survey"), _("Year"), _("Unit"), _("No."), _("Question"), _("Type"),
                     _("Answers"), _("Mean"), _("Previous year: answers"),
                     _("Previous year: mean"), _("Answer"), _("Count"), _("Share, %")])
    unit_ids = [None] + [row.unit_id for row in units_of(survey) if row.unit_id is not None]
    for unit_id in unit_ids:
        outcome = results(survey, unit_id)
        unit_label = _("All units") if unit_id is None else unit_names.get(unit_id, "")
        head = [survey.title, survey.year, unit_label]
        if outcome.hidden:
            writer.writerow([*head, "", "", "", hidden_text, "", "", "", "", "", ""])
            continue
        for item in outcome.questions:
            question = item.question
            base = [*head, question.position, question.text,
                    str(QUESTION_KIND_LABELS.get(question.kind, question.kind))]
            compared = item.previous_count is not None
            previous = ([hidden_text, ""] if item.previous_hidden and compared
                        else [_number(item.previous_count), _number(item.previous_mean)])
            if item.hidden:
                writer.writerow([*base, hidden_text, "", *previous, "", "", ""])
                continue
            if question.kind == QuestionKind.TEXT:
                writer.writerow([*base, item.count, "", *previous, "", "", ""])
                continue
            for _value, label, count, percent in item.distribution:
                writer.writerow([*base, item.count, _number(item.mean), *previous,
                                 label, count, _number(float(percent))])
    return buffer.getvalue()


# --- figures for other modules --------------------------------------------------------------

def likert_mean_of(survey_ids: list[int]) -> tuple[int, float | None]:
    """(Likert answers, their mean) over several surveys, None under the threshold."""
    if not survey_ids:
        return 0, None
    n, weighted = db.session.execute(
        select(func.sum(SurveyAnswer.count), func.sum(SurveyAnswer.count * SurveyAnswer.value))
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(SurveyQuestion.survey_id.in_(survey_ids),
               SurveyQuestion.kind == QuestionKind.LIKERT)).one()
    n = int(n or 0)
    return n, (round(int(weighted or 0) / n, 2) if shown(n) else None)

