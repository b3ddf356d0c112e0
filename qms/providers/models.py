"""The register of external providers and their yearly evaluations (ISO 9001 8.4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db


class ProviderKind(StrEnum):
    SERVICE_CONTRACTOR = "service_contractor"
    NGO = "ngo"
    SUPPLIER = "supplier"


PROVIDER_KIND_LABELS = {
    ProviderKind.SERVICE_CONTRACTOR: _l("Service contractor"),
    ProviderKind.NGO: _l("NGO funded by the municipality"),
    ProviderKind.SUPPLIER: _l("Supplier"),
}


class ProviderStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"


PROVIDER_STATUS_LABELS = {
    ProviderStatus.ACTIVE: _l("Active"),
    ProviderStatus.SUSPENDED: _l("Suspended"),
    ProviderStatus.ENDED: _l("Cooperation ended"),
}


class Decision(StrEnum):
    CONTINUE = "continue"
    IMPROVE = "improve"
    STOP = "stop"


DECISION_LABELS = {
    Decision.CONTINUE: _l("Continue"),
    Decision.IMPROVE: _l("Continue with improvements"),
    Decision.STOP: _l("Stop"),
}


class ProviderCriterion(db.Model):
    """An evaluation criterion with its weight (the list is configurable)."""

    __tablename__ = "provider_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    weight: Mapped[int] = mapped_column(default=1)
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    def __str__(self) -> str:
        return self.name


class Provider(db.Model):
    __tablename__ = "provider"
    __table_args__ = (Index("ix_provider_kind_status", "kind", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    registration_number: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(30), default=ProviderKind.SERVICE_CONTRACTOR)
    provides: Mapped[str] = mapped_column(String(500), default="")
    contact: Mapped[str] = mapped_column(String(300), default="")  # the organisation's
    contract_number: Mapped[str] = mapped_column(String(60), default="")
    contract_from: Mapped[dt.date | None] = mapped_column(Date)
    contract_to: Mapped[dt.date | None] = mapped_column(Date, index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ProviderStatus.ACTIVE)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    unit = relationship("Unit")
    evaluations: Mapped[list[ProviderEvaluation]] = relationship(
        back_populates="provider", order_by="ProviderEvaluation.year.desc()")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self):
        return PROVIDER_KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self):
        return PROVIDER_STATUS_LABELS.get(self.status, self.status)


class ProviderEvaluation(db.Model):
    """The yearly evaluation of a provider: scores per criterion, the weighted score and the
    decision. Final once saved; a provider has one evaluation a year."""

    __tablename__ = "provider_evaluation"
    __table_args__ = (UniqueConstraint("provider_id", "year", name="uq_provider_evaluation_year"),
                      Index("ix_provider_evaluation_year", "year"))

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id", ondelete="CASCADE"))
    year: Mapped[int]
    score: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    decision: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    evaluated_on: Mapped[dt.date] = mapped_column(Date)
    evaluated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    provider: Mapped[Provider] = relationship(back_populates="evaluations")
    evaluated_by = relationship("User")
    scores: Mapped[list[EvaluationScore]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="EvaluationScore.id")

    def __str__(self) -> str:
        return f"{self.provider.name} {self.year}"

    @property
    def decision_label(self):
        return DECISION_LABELS.get(self.decision, self.decision)


class EvaluationScore(db.Model):
    """One criterion's score (1-5); the criterion's name and weight are copied, so a later
    change of the criteria list does not change past evaluations."""

    __tablename__ = "provider_evaluation_score"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("provider_evaluation.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int | None] = mapped_column(ForeignKey("provider_criterion.id"))
    criterion_name: Mapped[str] = mapped_column(String(200))
    weight: Mapped[int]
    score: Mapped[int]

    evaluation: Mapped[ProviderEvaluation] = relationship(back_populates="scores")
