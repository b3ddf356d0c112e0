"""Input of the management review, 9.3.2 c) 7): the performance of external providers."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.extensions import db
from qms.providers.models import Decision, Provider, ProviderEvaluation, ProviderKind
from qms.reviews.assemble import _table, _years

LABELS = {
    "providers": _l("External providers"),
    "evaluated": _l("Evaluated"),
    "average_score": _l("Average weighted score"),
    "continue": _l("Continue"),
    "improve": _l("Continue with improvements"),
    "stop": _l("Stop"),
    "decisions_by_kind": _l("Decisions by kind of provider"),
    "evaluations": _l("Evaluations of the year"),
    "kind": _l("Kind"),
    "provider": _l("Provider"),
    "score": _l("Weighted score"),
    "decision": _l("Decision"),
    "comment": _l("Comment"),
    "service_contractor": _l("Service contractor"),
    "ngo": _l("NGO funded by the municipality"),
    "supplier": _l("Supplier"),
}


def _rounded(value) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.01")) if value is not None else None


def _per_year(years: list[int]) -> dict[int, tuple[int, Decimal | None]]:
    """Evaluations and their average weighted score, per year (one grouped query)."""
    return {year: (count, _rounded(average)) for year, count, average in db.session.execute(
        select(ProviderEvaluation.year, func.count(ProviderEvaluation.id),
               func.avg(ProviderEvaluation.score))
        .where(ProviderEvaluation.year >= years[0], ProviderEvaluation.year <= years[-1])
        .group_by(ProviderEvaluation.year))}


def provider_performance(year: int) -> dict:
    evaluations = db.session.execute(
        select(Provider.name, Provider.kind, ProviderEvaluation.score,
               ProviderEvaluation.decision, ProviderEvaluation.comment)
        .join(ProviderEvaluation, ProviderEvaluation.provider_id == Provider.id)
        .where(ProviderEvaluation.year == year)
        .order_by(ProviderEvaluation.score, Provider.name)).all()
    decisions = {str(d): 0 for d in Decision}
    by_kind = {str(k): {str(d): 0 for d in Decision} for k in ProviderKind}
    for _name, kind, _score, decision, _comment in evaluations:
        decisions[decision] = decisions.get(decision, 0) + 1
        by_kind.setdefault(kind, {str(d): 0 for d in Decision})[decision] += 1
    years = _years(year)
    per_year = _per_year(years)
    figures = {"providers": db.session.scalar(select(func.count(Provider.id))) or 0,
               "evaluated": len(evaluations),
               "average_score": per_year.get(year, (0, None))[1], **decisions}
    return {
        "figures": figures,
        "tables": [
            _table("decisions_by_kind", ["kind", *decisions],
                   [(kind, *counts.values()) for kind, counts in by_kind.items()
                    if any(counts.values())]),
            _table("evaluations", ["provider", "kind", "score", "decision", "comment"],
                   evaluations),
        ],
        "trend_series": {"years": years, "series": {
            "evaluated": [per_year.get(y, (0, None))[0] for y in years],
            "average_score": [per_year.get(y, (0, None))[1] for y in years]}},
    }
