"""Read-only queries of the context register, interested parties and the risk register
(filtered and paginated in SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from qms.extensions import db
from qms.risks.models import (
    LEVELS,
    ContextIssue,
    InterestedParty,
    IssueStatus,
    Risk,
    RiskSettings,
    RiskStatus,
)


def _like(text: str) -> str:
    return f"%{text.lower()}%"


@dataclass
class IssueFilter:
    query: str = ""
    kind: str = ""
    status: str = ""


def issues(f: IssueFilter):
    stmt = select(ContextIssue).options(selectinload(ContextIssue.processes))
    if f.kind:
        stmt = stmt.where(ContextIssue.kind == f.kind)
    if f.status:
        stmt = stmt.where(ContextIssue.status == f.status)
    if f.query:
        pattern = _like(f.query)
        stmt = stmt.where(or_(func.lower(ContextIssue.title).like(pattern),
                              func.lower(ContextIssue.description).like(pattern),
                              func.lower(ContextIssue.effect).like(pattern)))
    return stmt.order_by(ContextIssue.kind, ContextIssue.category, ContextIssue.title)


@dataclass
class PartyFilter:
    query: str = ""
    kind: str = ""
    status: str = ""


def parties(f: PartyFilter):
    stmt = select(InterestedParty).options(selectinload(InterestedParty.processes))
    if f.kind:
        stmt = stmt.where(InterestedParty.kind == f.kind)
    if f.status:
        stmt = stmt.where(InterestedParty.status == f.status)
    if f.query:
        pattern = _like(f.query)
        stmt = stmt.where(or_(func.lower(InterestedParty.name).like(pattern),
                              func.lower(InterestedParty.needs).like(pattern),
                              func.lower(InterestedParty.monitoring).like(pattern)))
    return stmt.order_by(InterestedParty.name)


def issue_choices(current: int | None = None) -> list[tuple[int, str]]:
    rows = db.session.execute(select(ContextIssue.id, ContextIssue.title).where(
        or_(ContextIssue.status == IssueStatus.ACTIVE, ContextIssue.id == (current or 0)))
        .order_by(ContextIssue.title))
    return [(row.id, row.title) for row in rows]


def party_choices(current: int | None = None) -> list[tuple[int, str]]:
    rows = db.session.execute(select(InterestedParty.id, InterestedParty.name).where(
        or_(InterestedParty.status == IssueStatus.ACTIVE, InterestedParty.id == (current or 0)))
        .order_by(InterestedParty.name))
    return [(row.id, row.name) for row in rows]


def process_choices() -> list[tuple[int, str]]:
    from qms.processes.models import Process

    return [(p.id, str(p)) for p in db.session.scalars(
        select(Process).where(Process.is_active.is_(True)).order_by(Process.code))]


def risks_from(issue: ContextIssue | None = None, party: InterestedParty | None = None):
    stmt = select(Risk).order_by(Risk.number)
    if issue is not None:
        stmt = stmt.where(Risk.source_issue_id == issue.id)
    if party is not None:
        stmt = stmt.where(Risk.source_party_id == party.id)
    return list(db.session.scalars(stmt.limit(100)))


# --- the risk register ----------------------------------------------------------------------

@dataclass
class RiskFilter:
    query: str = ""
    kind: str = ""
    level: str = ""
    process_id: int | None = None
    owner_id: int | None = None
    overdue: bool = False
    status: str = RiskStatus.OPEN
    residual: bool = False  # the level, likelihood and impact filters apply to the residual
    likelihood: int | None = None
    impact: int | None = None


def _effective(residual: bool):
    """The score (likelihood, impact) filtered on: inherent, or residual where rated."""
    if not residual:
        return Risk.score, Risk.likelihood, Risk.impact
    return (func.coalesce(Risk.residual_score, Risk.score),
            func.coalesce(Risk.residual_likelihood, Risk.likelihood),
            func.coalesce(Risk.residual_impact, Risk.impact))


def register(f: RiskFilter, method: RiskSettings, *, today: dt.date):
    stmt = select(Risk).options(selectinload(Risk.process), selectinload(Risk.owner))
    score, likelihood, impact = _effective(f.residual)
    if f.status:
        stmt = stmt.where(Risk.status == f.status)
    if f.kind:
        stmt = stmt.where(Risk.kind == f.kind)
    if f.level in LEVELS:
        low, high = method.bounds(f.level)
        stmt = stmt.where(score >= low, score <= high)
    if f.process_id:
        stmt = stmt.where(Risk.process_id == f.process_id)
    if f.owner_id:
        stmt = stmt.where(Risk.owner_id == f.owner_id)
    if f.overdue:
        stmt = stmt.where(Risk.review_on.is_not(None), Risk.review_on < today)
    if f.likelihood:
        stmt = stmt.where(likelihood == f.likelihood)
    if f.impact:
        stmt = stmt.where(impact == f.impact)
    if f.query:
        pattern = _like(f.query)
        stmt = stmt.where(or_(func.lower(Risk.number).like(pattern),
                              func.lower(Risk.title).like(pattern),
                              func.lower(Risk.description).like(pattern)))
    return stmt.order_by(Risk.score.desc(), Risk.number)


def owner_choices() -> list[tuple[int, str]]:
    from qms.auth.models import User

    rows = db.session.execute(select(User.id, User.full_name).where(
        User.id.in_(select(Risk.owner_id))).order_by(User.full_name))
    return [(row.id, row.full_name) for row in rows]


def action_counts(risk_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(done, all not cancelled) treatment actions per entry, in one query."""
    from qms.nonconformities.models import Action, ActionStatus

    if not risk_ids:
        return {}
    rows = db.session.execute(
        select(Action.source_id, Action.status, func.count(Action.id))
        .where(Action.source_type == "risk", Action.source_id.in_(risk_ids),
               Action.status != ActionStatus.CANCELLED)
        .group_by(Action.source_id, Action.status)).all()
    counts: dict[int, tuple[int, int]] = {}
    for risk_id, status, count in rows:
        done, total = counts.get(risk_id, (0, 0))
        counts[risk_id] = (done + (count if status == ActionStatus.DONE else 0), total + count)
    return counts


def heat_map(*, residual: bool, kind: str = "") -> dict[tuple[int, int], int]:
    """Open entries per (likelihood, impact) cell."""
    _, likelihood, impact = _effective(residual)
    stmt = (select(likelihood, impact, func.count(Risk.id))
            .where(Risk.status == RiskStatus.OPEN).group_by(likelihood, impact))
    if kind:
        stmt = stmt.where(Risk.kind == kind)
    return {(row[0], row[1]): row[2] for row in db.session.execute(stmt)}


CSV_HEADER = ["number", "type", "title", "process", "owner", "likelihood", "impact", "score",
              "level", "treatment", "residual_likelihood", "residual_impact", "residual_score",
              "residual_level", "review_on", "status", "effective"]


def export_csv(f: RiskFilter, method: RiskSettings, *, today: dt.date, header: list[str]):
    """The filtered register as CSV text in chunks (UTF-8 with BOM, ``;``-separated, as
    Latvian Excel expects)."""
    import csv
    import io

    stmt = register(f, method, today=today).execution_options(yield_per=500)

    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        buffer.write("\ufeff")
        writer.writerow(header)
        for count, risk in enumerate(db.session.scalars(stmt), start=1):
            writer.writerow([
                risk.number, str(risk.kind_label), risk.title, str(risk.process or ""),
                risk.owner.full_name if risk.owner else "", risk.likelihood, risk.impact,
                risk.score, str(method.label(method.level(risk.score))),
                str(risk.treatment_label) if risk.treatment else "",
                risk.residual_likelihood or "", risk.residual_impact or "",
                risk.residual_score or "",
                str(method.label(method.level(risk.residual_score)))
                if risk.residual_score else "",
                risk.review_on.strftime("%d.%m.%Y") if risk.review_on else "",
                str(risk.status_label),
                "" if risk.effective is None else ("+" if risk.effective else "-")])
            if count % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return generate()


def for_process(process_id: int, limit: int = 50) -> list[Risk]:
    """Open risks and opportunities of a process, highest score first (for the process page,
    ISO 9001 4.4.1 f)."""
    return list(db.session.scalars(
        select(Risk).where(Risk.process_id == process_id, Risk.status == RiskStatus.OPEN)
        .order_by(Risk.score.desc(), Risk.number).limit(limit)))
