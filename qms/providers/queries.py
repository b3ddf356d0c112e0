"""Read-only queries of the provider register (filtered in SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from qms.extensions import db
from qms.providers.models import Provider, ProviderCriterion, ProviderEvaluation

ENDING_SOON_DAYS = 90


@dataclass
class ProviderFilter:
    query: str = ""
    kind: str = ""
    status: str = ""
    decision: str = ""
    unit_id: int | None = None
    ending_soon: bool = False


def latest_evaluation_ids():
    """Subquery: the id of each provider's latest evaluation."""
    latest_year = (select(ProviderEvaluation.provider_id,
                          func.max(ProviderEvaluation.year).label("year"))
                   .group_by(ProviderEvaluation.provider_id).subquery())
    return (select(ProviderEvaluation.id)
            .join(latest_year, (latest_year.c.provider_id == ProviderEvaluation.provider_id)
                  & (latest_year.c.year == ProviderEvaluation.year)))


def register(f: ProviderFilter, *, today: dt.date):
    stmt = select(Provider).options(selectinload(Provider.unit))
    if f.kind:
        stmt = stmt.where(Provider.kind == f.kind)
    if f.status:
        stmt = stmt.where(Provider.status == f.status)
    if f.unit_id:
        stmt = stmt.where(Provider.unit_id == f.unit_id)
    if f.ending_soon:
        stmt = stmt.where(Provider.contract_to.is_not(None), Provider.contract_to >= today,
                          Provider.contract_to <= today + dt.timedelta(days=ENDING_SOON_DAYS))
    if f.decision:
        stmt = stmt.where(Provider.id.in_(
            select(ProviderEvaluation.provider_id)
            .where(ProviderEvaluation.id.in_(latest_evaluation_ids()),
                   ProviderEvaluation.decision == f.decision)))
    if f.query:
        pattern = f"%{f.query.lower()}%"
        stmt = stmt.where(or_(func.lower(Provider.name).like(pattern),
                              func.lower(Provider.provides).like(pattern),
                              func.lower(Provider.contract_number).like(pattern),
                              func.lower(Provider.registration_number).like(pattern)))
    return stmt.order_by(Provider.name, Provider.id)


def latest_evaluations(provider_ids: list[int]) -> dict[int, ProviderEvaluation]:
    if not provider_ids:
        return {}
    return {e.provider_id: e for e in db.session.scalars(
        select(ProviderEvaluation).where(ProviderEvaluation.id.in_(latest_evaluation_ids()),
                                         ProviderEvaluation.provider_id.in_(provider_ids)))}


def evaluations_of(provider: Provider) -> list[ProviderEvaluation]:
    return list(db.session.scalars(
        select(ProviderEvaluation).options(selectinload(ProviderEvaluation.scores),
                                           selectinload(ProviderEvaluation.evaluated_by))
        .where(ProviderEvaluation.provider_id == provider.id)
        .order_by(ProviderEvaluation.year.desc())))


def criteria() -> list[ProviderCriterion]:
    return list(db.session.scalars(select(ProviderCriterion)
                                   .order_by(ProviderCriterion.position, ProviderCriterion.id)))
