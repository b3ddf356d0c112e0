"""Read-only queries for document pages; every list is filtered and paginated in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import contains_eager, defer, selectinload

from qms.auth.models import User
from qms.core import search
from qms.core.pagination import CappedPagination, paginate
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


class _SearchPage(CappedPagination):
    """One page of search hits, best first: the order of ``search.ranked`` (documents whose
    code or title holds every word, then the others, ranked a block of hits at a time).
    ``search.ranked`` filters the hits (``_library_filters``) and reads them only as far as
    this page and a few pages past it need, then the page's versions are loaded. Ranking
    and counting every hit made a common word over 20 000 documents cost 70-600 ms. Past
    the count limit (``count_limit``, as every capped register), ``capped`` is True and
    ``total`` a lower bound ("more than 1 000")."""

    def _query_items(self) -> list:
        f, user = self._query_args["filter"], self._query_args["user"]
        count_limit = self.count_limit
        offset, superseded = self._query_offset, f.include_superseded
        hits = search.ranked(
            SEARCH_KIND, f.query, scope=self._scope(f, user), look_at=count_limit,
            # With superseded versions, a document is several items: its versions.
            offset=0 if superseded else offset,
            limit=offset + self.per_page if superseded else self.per_page)
        position = {document_id: n for n, document_id in enumerate(hits.ids)}
        found, where = hits.seen, DocumentVersion.document_id.in_(hits.ids)
        if superseded:  # this page of the versions of the documents ranked so far
            pairs = sorted(db.session.execute(
                select(DocumentVersion.id, DocumentVersion.document_id).where(
                    where, DocumentVersion.status.in_([VersionStatus.EFFECTIVE,
                                                       VersionStatus.SUPERSEDED]))).all(),
                key=lambda pair: (position[pair.document_id], -pair.id))
            pairs = pairs[offset:offset + self.per_page]
            position = {pair.id: n for n, pair in enumerate(pairs)}
            where = DocumentVersion.id.in_(list(position))
            found = self._count_versions(f, user, count_limit)
        else:
            where = where & (DocumentVersion.status == VersionStatus.EFFECTIVE)
        versions = db.session.scalars(
            select(DocumentVersion).join(Document, Document.id == DocumentVersion.document_id)
            .where(where).options(contains_eager(DocumentVersion.document).options(
                selectinload(Document.type), selectinload(Document.owner_position)))).all()
        self.capped = hits.more or found > count_limit
        self._total = count_limit if self.capped else found
        return sorted(versions, key=lambda version: position[
            version.id if superseded else version.document_id])

    @staticmethod
    def _scope(f: LibraryFilter, user):
        """The library's filters on the search hits (worked out once: the user's units are
        looked up for each statement otherwise)."""
        filters = _library_filters(select(Document.id), f, user).whereclause

        def scope(stmt, entity_id):
            stmt = stmt.join(Document, Document.id == entity_id)
            return stmt if filters is None else stmt.where(filters)
        return scope

    @staticmethod
    def _count_versions(f: LibraryFilter, user, count_limit: int) -> int:
        """Versions (effective and superseded) of the matching documents, up to one past
        ``count_limit``."""
        matched = search.matches(SEARCH_KIND, f.query, ranked=False)
        rows = (_library_select(f, user, DocumentVersion.id)
                .join(matched, matched.c.entity_id == Document.id)
                .limit(count_limit + 1).subquery())
        return db.session.scalar(select(func.count()).select_from(rows))

    def _query_count(self) -> int:
        return self._total


def _library_filters(stmt, f: LibraryFilter, user):
    """The library's filters, but for the versions' status, on a statement over Document.
    A process or unit is few documents: IN (their list) lets the database read it once
    rather than probe the link table for every document."""
    stmt = _readable(stmt, user)
    if f.type_id:
        stmt = stmt.where(Document.type_id == f.type_id)
    if f.owner_position_id:
        stmt = stmt.where(Document.owner_position_id == f.owner_position_id)
    if f.process_id:
        stmt = stmt.where(Document.id.in_(select(document_process.c.document_id).where(
            document_process.c.process_id == f.process_id)))
    if f.unit_id:
        stmt = stmt.where(Document.id.in_(select(document_unit.c.document_id).where(
            document_unit.c.unit_id == f.unit_id)))
    return stmt


def _library_select(f: LibraryFilter, user, *columns):
    statuses = [VersionStatus.EFFECTIVE]
    if f.include_superseded:
        statuses.append(VersionStatus.SUPERSEDED)
    stmt = (select(*columns)
            .select_from(DocumentVersion)
            .join(Document, Document.id == DocumentVersion.document_id)
            .join(DocumentType, DocumentType.id == Document.type_id)
            .where(DocumentVersion.status.in_(statuses)))
    return _library_filters(stmt, f, user)


def library_page(f: LibraryFilter, *, user, page: int, per_page: int):
    """Effective versions (their documents loaded) matching the filter, best match first;
    without a query, by document type (its sort order) and code."""
    if f.query and search.terms(f.query):
        return _SearchPage(page=page, per_page=per_page, error_out=False, filter=f, user=user)
    return paginate(_library_ids(f, user), page=page, per_page=per_page,
                    pagination=_LibraryPage, filter=f, user=user)


def _library_ids(f: LibraryFilter, user):
    """The library's items as ids, unordered: documents with a version in effect or, with
    superseded versions, those versions. Documents drive the query and their versions are
    probed (a correlated EXISTS, a join on ``ix_document_version_document_status``): the
    other way round, SQLite without statistics starts from ``ix_document_version_status``
    and sorts every version of the library before it can return the first page."""
    if f.include_superseded:
        stmt = (select(DocumentVersion.id).select_from(Document)
                .join(DocumentVersion, (DocumentVersion.document_id == Document.id)
                      & DocumentVersion.status.in_([VersionStatus.EFFECTIVE,
                                                    VersionStatus.SUPERSEDED])))
    else:
        stmt = select(Document.id).where(exists().where(
            DocumentVersion.document_id == Document.id,
            DocumentVersion.status == VersionStatus.EFFECTIVE))
    return _library_filters(stmt, f, user)


def _type_groups(type_id: int | None) -> list[list[int]]:
    """Document type ids in library order: one group per sort order (types that share a sort
    order form one group, whose documents are listed by code)."""
    stmt = (select(DocumentType.id, DocumentType.sort_order)
            .order_by(DocumentType.sort_order, DocumentType.id))
    if type_id:
        stmt = stmt.where(DocumentType.id == type_id)
    return [[found for found, _ in rows]
            for _, rows in groupby(db.session.execute(stmt).all(), key=lambda row: row[1])]


class _LibraryPage(CappedPagination):
    """The library without a query: by document type (its sort order), code, version.

    One ORDER BY type sort order, code over the whole library made both databases read and
    sort every effective version (20 000 at national, 200 000 with the superseded ones) for
    each page. The same order is read a type group at a time: the next documents of one type
    come in order from ``ix_document_type_code`` (type_id, code), so a page reads its 25
    items; the groups before the page are skipped with counts that stop at the page's
    offset. The page's versions are loaded afterwards and put in that order."""

    def _query_items(self) -> list:
        f, user = self._query_args["filter"], self._query_args["user"]
        order = [Document.code, DocumentVersion.id] if f.include_superseded else [Document.code]
        skip, ids = self._query_offset, []
        for types in _type_groups(f.type_id):
            in_group = _library_ids(f, user).where(Document.type_id.in_(types))
            if skip:
                before = db.session.scalar(select(func.count()).select_from(
                    in_group.limit(skip + 1).subquery()))
                if before <= skip:
                    skip -= before
                    continue
            ids += db.session.scalars(in_group.order_by(*order).offset(skip)
                                      .limit(self.per_page - len(ids))).all()
            skip = 0
            if len(ids) == self.per_page:
                break
        if not ids:
            return []
        if f.include_superseded:
            where, key = DocumentVersion.id.in_(ids), "id"
        else:
            where, key = ((DocumentVersion.document_id.in_(ids)
                           & (DocumentVersion.status == VersionStatus.EFFECTIVE)), "document_id")
        # No ORDER BY: with one, SQLite (no statistics) would rather walk
        # ix_document_version_status, which is in id order, than look the 25 items up.
        versions = db.session.scalars(_with_documents(
            select(DocumentVersion).join(Document, Document.id == DocumentVersion.document_id)
            .where(where))).all()
        position = {item: n for n, item in enumerate(ids)}
        return sorted(versions, key=lambda version: (position[getattr(version, key)],
                                                     version.id))


def _with_documents(stmt):
    return stmt.options(
        contains_eager(DocumentVersion.document).options(
            selectinload(Document.type), selectinload(Document.owner_position)),
        defer(DocumentVersion.body_md))  # no snippets to show: leave the texts in the database


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

