"""Satisfaction survey results for the management review, section c1 (ISO 9001:2015
9.3.2 c) 1) and 9.1.2): figures of the year, one row per survey, and the three-year trend of
the client and staff means. Groups under the anonymity threshold show no mean.

Four queries however many surveys: the published surveys of the three years, the previous
survey of each kind and unit, and the answers and scale sums per survey (grouped)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.extensions import db
from qms.org.models import Unit
from qms.reviews.assemble import _table, _years
from qms.surveys import queries
from qms.surveys.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)

LABELS = {
    "client_surveys": _l("Client satisfaction surveys"),
    "client_answers": _l("Client survey answers"),
    "client_mean": _l("Client satisfaction, mean (1–5)"),
    "staff_surveys": _l("Staff satisfaction surveys"),
    "staff_answers": _l("Staff survey answers"),
    "staff_mean": _l("Staff satisfaction, mean (1–5)"),
    "surveys": _l("Satisfaction surveys"),
    "kind": _l("Kind"),
    "title": _l("Survey"),
    "unit": _l("Unit"),
    "answers": _l("Answers"),
    "mean": _l("Mean (1–5)"),
    "previous_mean": _l("Previous year's mean"),
}


def _published(first: int, last: int) -> list:
    """The published surveys of the years ``first``..``last``, by title."""
    return db.session.execute(
        select(Survey.id, Survey.kind, Survey.year, Survey.title, Survey.unit_id,
               Unit.name.label("unit"))
        .outerjoin(Unit, Unit.id == Survey.unit_id)
        .where(Survey.year >= first, Survey.year <= last, Survey.status != SurveyStatus.DRAFT)
        .order_by(Survey.title, Survey.id)).all()


def _previous(year: int) -> dict[tuple[str, int | None], int]:
    """(kind, unit) -> the latest published survey of an earlier year
    (``queries.previous_survey`` of every survey of ``year`` at once)."""
    ranked = (select(Survey.id, Survey.kind, Survey.unit_id, func.row_number().over(
        partition_by=(Survey.kind, Survey.unit_id),
        order_by=(Survey.year.desc(), Survey.id.desc())).label("rank"))
        .where(Survey.year < year, Survey.status != SurveyStatus.DRAFT).subquery())
    return {(kind, unit_id): survey_id for survey_id, kind, unit_id in db.session.execute(
        select(ranked.c.id, ranked.c.kind, ranked.c.unit_id).where(ranked.c.rank == 1))}


class _Totals:
    """Questionnaires and scale answers (count, sum) per survey, for means over any set."""

    def __init__(self, survey_ids: list[int]):
        self.answers: dict[int, int] = {}
        self.scale: dict[int, tuple[int, int]] = {}
        if not survey_ids:
            return
        self.answers = {survey_id: int(total or 0) for survey_id, total in db.session.execute(
            select(SurveyResponse.survey_id, func.sum(SurveyResponse.questionnaires))
            .where(SurveyResponse.survey_id.in_(survey_ids))
            .group_by(SurveyResponse.survey_id))}
        self.scale = {survey_id: (int(n or 0), int(weighted or 0))
                      for survey_id, n, weighted in db.session.execute(
                          select(SurveyQuestion.survey_id, func.sum(SurveyAnswer.count),
                                 func.sum(SurveyAnswer.count * SurveyAnswer.value))
                          .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
                          .where(SurveyQuestion.survey_id.in_(survey_ids),
                                 SurveyQuestion.kind == QuestionKind.LIKERT)
                          .group_by(SurveyQuestion.survey_id))}

    def answers_of(self, survey_ids) -> int:
        return sum(self.answers.get(i, 0) for i in survey_ids)

    def mean(self, survey_ids) -> float | None:
        """The mean of the scale answers, None when there are fewer answers than the
        threshold (counted as questionnaires as well as scale answers; the rounding of
        ``queries.likert_mean_of``)."""
        survey_ids = list(survey_ids)
        if not queries.shown(self.answers_of(survey_ids)):
            return None
        n = sum(self.scale.get(i, (0, 0))[0] for i in survey_ids)
        weighted = sum(self.scale.get(i, (0, 0))[1] for i in survey_ids)
        return round(weighted / n, 2) if queries.shown(n) else None


def survey_results(year: int) -> dict:
    years = _years(year)
    published = _published(years[0], year)
    previous = _previous(year)
    totals = _Totals(sorted({s.id for s in published} | set(previous.values())))

    def ids(y, kind):
        return [s.id for s in published if s.year == y and s.kind == kind]

    figures: dict = {}
    for kind in SurveyKind:
        of_year = ids(year, kind)
        figures[f"{kind}_surveys"] = len(of_year)
        figures[f"{kind}_answers"] = totals.answers_of(of_year)
        figures[f"{kind}_mean"] = totals.mean(of_year)
    rows = []
    for kind in SurveyKind:
        for survey in (s for s in published if s.year == year and s.kind == kind):
            before = previous.get((survey.kind, survey.unit_id))
            rows.append([str(kind), survey.title, survey.unit or "",
                         totals.answers_of([survey.id]), totals.mean([survey.id]),
                         totals.mean([before]) if before is not None else None])
    trend = {f"{kind}_mean": [totals.mean(ids(y, kind)) for y in years] for kind in SurveyKind}
    return {"figures": figures,
            "tables": [_table("surveys", ["kind", "title", "unit", "answers", "mean",
                                          "previous_mean"], rows)],
            "trend_series": trend}
