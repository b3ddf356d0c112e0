"""Read-only queries for document pages; every list is filtered and paginated in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import contains_eager, defer, selectinload

from qms.auth.models import User
from qms.core import search
from qms.core.permissions import Permission
from qms.documents import services
from qms.documents.models import (
    Acknowledgement,
    Confidentiality,
    Document,
    DocumentDistribution,
    DocumentLink,
    DocumentType,
    DocumentVersion,
    ReviewDecision,
    ReviewerRole,
    VersionReviewer,
    VersionStatus,
    document_process,
    document_unit,
)
from qms.documents.services import SEARCH_KIND
from qms.extensions import db
from qms.org.models import Unit


@dataclass
class LibraryFilter:
    query: str = ""
    type_id: int | None = None
    process_id: int | None = None
    unit_id: int | None = None
    owner_position_id: int | None = None
    include_superseded: bool = False


def _readable(stmt, user):
    """Restricted documents only for the quality manager, the owner and the distribution
    (the same rule as ``services.can_read``, in SQL)."""
    if user.can(Permission.DOCUMENT_MANAGE):
        return stmt
    allowed = [Document.confidentiality != Confidentiality.RESTRICTED,
               Document.distribute_to_everyone.is_(True)]
    units = services.unit_with_ancestors(user.unit_id)
    reaches_user = []
    if user.position_id is not None:
        allowed.append(Document.owner_position_id == user.position_id)
        reaches_user.append(DocumentDistribution.position_id == user.position_id)
    if units:
        reaches_user.append(DocumentDistribution.unit_id.in_(units))
    if reaches_user:
        allowed.append(exists().where(DocumentDistribution.document_id == Document.id,
                                      or_(*reaches_user)))
    return stmt.where(or_(*allowed))


def _library_select(f: LibraryFilter, user, *columns):
    statuses = [VersionStatus.EFFECTIVE]
    if f.include_superseded:
        statuses.append(VersionStatus.SUPERSEDED)
    stmt = (select(*columns)
            .select_from(DocumentVersion)
            .join(Document, Document.id == DocumentVersion.document_id)
            .join(DocumentType, DocumentType.id == Document.type_id)
            .where(DocumentVersion.status.in_(statuses)))
    stmt = _readable(stmt, user)
    if f.type_id:
        stmt = stmt.where(Document.type_id == f.type_id)
    if f.owner_position_id:
        stmt = stmt.where(Document.owner_position_id == f.owner_position_id)
    if f.process_id:
        stmt = stmt.where(exists().where(document_process.c.document_id == Document.id,
                                         document_process.c.process_id == f.process_id))
    if f.unit_id:
        stmt = stmt.where(exists().where(document_unit.c.document_id == Document.id,
                                         document_unit.c.unit_id == f.unit_id))
    return stmt


class _SearchPage(Pagination):
    """One page of search hits, best first. The hits are ranked and sorted as ids only
    (sorting the full versions would drag every matching text through the sorter), their
    number comes from the same pass (``count(*) OVER ()``), and only the versions of the
    page are loaded: scoring the hits twice, once for the page and once for the count, made a
    common word over 20 000 documents cost 70-200 ms."""

    def _query_items(self) -> list:
        f, user = self._query_args["filter"], self._query_args["user"]
        matched = search.matches(SEARCH_KIND, f.query)
        hits = (_library_select(f, user, DocumentVersion.id.label("version_id"),
                                matched.c.rank.label("rank"), Document.code.label("code"),
                                func.count().over().label("total"))
                .join(matched, matched.c.entity_id == Document.id)
                .order_by(matched.c.rank, Document.code)
                .limit(self.per_page).offset(self._query_offset)
                .subquery())
        rows = db.session.execute(
            select(DocumentVersion, hits.c.total)
            .join(hits, hits.c.version_id == DocumentVersion.id)
            .join(Document, Document.id == DocumentVersion.document_id)
            .options(contains_eager(DocumentVersion.document).options(
                selectinload(Document.type), selectinload(Document.owner_position)))
            .order_by(hits.c.rank, hits.c.code)).all()
        self._total = rows[0][1] if rows else None
        return [version for version, _ in rows]

    def _query_count(self) -> int:
        if self._total is not None:
            return self._total
        # A page past the last hit: count without scoring.
        f, user = self._query_args["filter"], self._query_args["user"]
        unranked = search.matches(SEARCH_KIND, f.query, ranked=False)
        return db.session.scalar(_library_select(f, user, func.count())
                                 .join(unranked, unranked.c.entity_id == Document.id))


def _library_select(f: LibraryFilter, user, *columns):
    statuses = [VersionStatus.EFFECTIVE]
    if f.include_superseded:
        statuses.append(VersionStatus.SUPERSEDED)
    stmt = (select(*columns)
            .select_from(DocumentVersion)
            .join(Document, Document.id == DocumentVersion.document_id)
            .join(DocumentType, DocumentType.id == Document.type_id)
            .where(DocumentVersion.status.in_(statuses)))
    stmt = _readable(stmt, user)
    if f.type_id:
        stmt = stmt.where(Document.type_id == f.type_id)
    if f.owner_position_id:
        stmt = stmt.where(Document.owner_position_id == f.owner_position_id)
    if f.process_id:
        stmt = stmt.where(exists().where(document_process.c.document_id == Document.id,
                                         document_process.c.process_id == f.process_id))
    if f.unit_id:
        stmt = stmt.where(exists().where(document_unit.c.document_id == Document.id,
                                         document_unit.c.unit_id == f.unit_id))
    return stmt


def library_page(f: LibraryFilter, *, user, page: int, per_page: int):
    """Effective versions (their documents loaded) matching the filter, best match first."""
    if f.query and search.terms(f.query):
        return _SearchPage(page=page, per_page=per_page, error_out=False, filter=f, user=user)
    stmt = _library_select(f, user, DocumentVersion).options(
        contains_eager(DocumentVersion.document).options(
            selectinload(Document.type), selectinload(Document.owner_position)),
        defer(DocumentVersion.body_md))  # no snippets to show: leave the texts in the database
    stmt = stmt.order_by(DocumentType.sort_order, Document.code, DocumentVersion.id)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False, count=True)


def versions_of(document: Document) -> list[DocumentVersion]:
    return list(db.session.scalars(
        select(DocumentVersion).where(DocumentVersion.document_id == document.id)
        .options(selectinload(DocumentVersion.author))
        .order_by(DocumentVersion.major.desc(), DocumentVersion.minor.desc())))


def backlinks(document: Document) -> list[Document]:
    """Documents whose effective version links to this one."""
    return list(db.session.scalars(
        select(Document).join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .join(DocumentLink, DocumentLink.version_id == DocumentVersion.id)
        .where(DocumentLink.target_code == document.code,
               DocumentVersion.status == VersionStatus.EFFECTIVE,
               Document.id != document.id)
        .order_by(Document.code)))


def resolver_for_codes(codes: list[str]) -> dict[str, str]:
    """code -> title for codes that have an effective version."""
    if not codes:
        return {}
    rows = db.session.execute(
        select(Document.code, Document.title)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(Document.code.in_(codes), DocumentVersion.status == VersionStatus.EFFECTIVE))
    return dict(rows.all())


def reviews_due_page(*, today: dt.date, within_days: int, page: int, per_page: int):
    """Documents in effect whose periodic review is due within ``within_days`` or overdue."""
    stmt = (select(Document)
            .where(Document.next_review_on.is_not(None),
                   Document.next_review_on <= today + dt.timedelta(days=within_days),
                   Document.is_withdrawn.is_(False))
            .options(selectinload(Document.owner_position), selectinload(Document.type))
            .order_by(Document.next_review_on, Document.code))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def work_in_progress_page(*, page: int, per_page: int, status: str | None):
    stmt = (select(DocumentVersion)
            .where(DocumentVersion.status.in_(
                [status] if status else [VersionStatus.DRAFT, VersionStatus.IN_REVIEW,
                                         VersionStatus.APPROVED]))
            .options(selectinload(DocumentVersion.document), selectinload(DocumentVersion.author))
            .order_by(DocumentVersion.created_at.desc(), DocumentVersion.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def my_document_tasks(user, *, today: dt.date) -> dict:
    """What "My work" shows: versions to review or approve, documents to read."""
    to_review = db.session.scalars(
        select(DocumentVersion).join(VersionReviewer)
        .where(VersionReviewer.user_id == user.id,
               VersionReviewer.decision == ReviewDecision.PENDING,
               DocumentVersion.status == VersionStatus.IN_REVIEW)
        .options(selectinload(DocumentVersion.document),
                 selectinload(DocumentVersion.reviewers))
        .order_by(DocumentVersion.submitted_at)).unique().all()
    reviews = [v for v in to_review if any(r.user_id == user.id and r.role == ReviewerRole.REVIEWER
                                           for r in v.reviewers)]
    approvals = [v for v in to_review if v not in reviews]
    to_read = db.session.scalars(
        select(Acknowledgement).join(DocumentVersion)
        .where(Acknowledgement.user_id == user.id, Acknowledgement.acknowledged_at.is_(None),
               DocumentVersion.status == VersionStatus.EFFECTIVE)
        .options(selectinload(Acknowledgement.version).selectinload(DocumentVersion.document))
        .order_by(Acknowledgement.due_on).limit(50)).all()
    drafts = db.session.scalars(
        select(DocumentVersion).where(DocumentVersion.author_id == user.id,
                                      DocumentVersion.status == VersionStatus.DRAFT)
        .options(selectinload(DocumentVersion.document))
        .order_by(DocumentVersion.created_at.desc()).limit(20)).all()
    return {"review": reviews, "approve": approvals, "read": to_read, "drafts": drafts,
            "today": today}


@dataclass
class MatrixRow:
    unit: Unit | None
    people: list[tuple[User, Acknowledgement]]

    @property
    def done(self) -> int:
        return sum(1 for _, ack in self.people if ack.acknowledged_at)


def acknowledgement_matrix(version: DocumentVersion, *, unit_id: int | None = None,
                           pending_only: bool = False) -> list[MatrixRow]:
    stmt = (select(Acknowledgement, User)
            .join(User, User.id == Acknowledgement.user_id)
            .where(Acknowledgement.version_id == version.id)
            .options(selectinload(User.unit))
            .order_by(User.unit_id, User.full_name))
    if unit_id:
        stmt = stmt.where(User.unit_id == unit_id)
    if pending_only:
        stmt = stmt.where(Acknowledgement.acknowledged_at.is_(None))
    rows: dict[int | None, MatrixRow] = {}
    for ack, person in db.session.execute(stmt):
        rows.setdefault(person.unit_id, MatrixRow(person.unit, [])).people.append((person, ack))
    return list(rows.values())


def acknowledgement_totals(version: DocumentVersion) -> tuple[int, int]:
    total, done = db.session.execute(
        select(func.count(Acknowledgement.id),
               func.count(Acknowledgement.acknowledged_at))
        .where(Acknowledgement.version_id == version.id)).one()
    return done, total


def document_by_code(code: str) -> Document | None:
    return db.session.scalar(select(Document).where(Document.code == code.upper()))

