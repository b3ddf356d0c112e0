"""Satisfaction survey results for the management review, section c1 (ISO 9001:2015
9.3.2 c) 1) and 9.1.2): figures of the year, one row per survey, and the three-year trend of
the client and staff means. Groups under the anonymity threshold show no mean."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.extensions import db
from qms.reviews.assemble import _table, _years
from qms.surveys import queries
from qms.surveys.models import Survey, SurveyKind, SurveyResponse, SurveyStatus

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


def _published(year: int, kind: str) -> list[Survey]:
    return list(db.session.scalars(
        select(Survey).where(Survey.year == year, Survey.kind == kind,
                             Survey.status != SurveyStatus.DRAFT)
        .order_by(Survey.title, Survey.id)))


def _answers(survey_ids: list[int]) -> int:
    if not survey_ids:
        return 0
    return int(db.session.scalar(select(func.sum(SurveyResponse.questionnaires)).where(
        SurveyResponse.survey_id.in_(survey_ids))) or 0)


def _mean(survey_ids: list[int]) -> float | None:
    """The mean of the scale answers, None when there are fewer answers than the threshold
    (counted as questionnaires as well as scale answers)."""
    if not queries.shown(_answers(survey_ids)):
        return None
    return queries.likert_mean_of(survey_ids)[1]


def survey_results(year: int) -> dict:
    figures: dict = {}
    for kind in SurveyKind:
        ids = [s.id for s in _published(year, kind)]
        figures[f"{kind}_surveys"] = len(ids)
        figures[f"{kind}_answers"] = _answers(ids)
        figures[f"{kind}_mean"] = _mean(ids)
    rows = []
    for kind in SurveyKind:
        for survey in _published(year, kind):
            previous = queries.previous_survey(survey)
            rows.append([str(kind), survey.title, survey.unit.name if survey.unit else "",
                         _answers([survey.id]), _mean([survey.id]),
                         _mean([previous.id]) if previous else None])
    trend = {f"{kind}_mean": [_mean([s.id for s in _published(y, kind)]) for y in _years(year)]
             for kind in SurveyKind}
    return {"figures": figures,
            "tables": [_table("surveys", ["kind", "title", "unit", "answers", "mean",
                                          "previous_mean"], rows)],
            "trend_series": trend}
