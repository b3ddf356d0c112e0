"""Controlled documents: types, documents, versions and everything that hangs off a version
(reviewers, approvals, comments, acknowledgements, links, attachments) plus periodic reviews.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from qms.core.time import UTCDateTime, utcnow
from qms.extensions import db


class Confidentiality(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"


CONFIDENTIALITY_LABELS = {
    Confidentiality.PUBLIC: _l("Public"),
    Confidentiality.INTERNAL: _l("Internal"),
    Confidentiality.RESTRICTED: _l("Restricted"),
}


class VersionStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    EFFECTIVE = "effective"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


VERSION_STATUS_LABELS = {
    VersionStatus.DRAFT: _l("Draft"),
    VersionStatus.IN_REVIEW: _l("In review"),
    VersionStatus.APPROVED: _l("Approved"),
    VersionStatus.EFFECTIVE: _l("Effective"),
    VersionStatus.SUPERSEDED: _l("Superseded"),
    VersionStatus.WITHDRAWN: _l("Withdrawn"),
}

# The only allowed steps. Guards (who, and under which conditions) are in the services.
TRANSITIONS: dict[VersionStatus, frozenset[VersionStatus]] = {
    VersionStatus.DRAFT: frozenset({VersionStatus.IN_REVIEW, VersionStatus.WITHDRAWN}),
    VersionStatus.IN_REVIEW: frozenset(
        {VersionStatus.DRAFT, VersionStatus.APPROVED, VersionStatus.WITHDRAWN}),
    VersionStatus.APPROVED: frozenset({VersionStatus.EFFECTIVE, VersionStatus.WITHDRAWN}),
    VersionStatus.EFFECTIVE: frozenset({VersionStatus.SUPERSEDED, VersionStatus.WITHDRAWN}),
    VersionStatus.SUPERSEDED: frozenset(),
    VersionStatus.WITHDRAWN: frozenset(),
}

OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.APPROVED)


class ChangeKind(StrEnum):
    SUBSTANTIVE = "substantive"  # major number: staff must read it again
    EDITORIAL = "editorial"  # minor number: no new acknowledgement


CHANGE_KIND_LABELS = {
    ChangeKind.SUBSTANTIVE: _l("Substantive change (new major version, staff acknowledge it)"),
    ChangeKind.EDITORIAL: _l("Editorial change (new minor version, no new acknowledgement)"),
}


class ExternalKind(StrEnum):
    LAW = "law"
    CABINET_REGULATION = "cabinet_regulation"
    MUNICIPAL_REGULATION = "municipal_regulation"
    STANDARD = "standard"


EXTERNAL_KIND_LABELS = {
    ExternalKind.LAW: _l("Law"),
    ExternalKind.CABINET_REGULATION: _l("Cabinet regulation"),
    ExternalKind.MUNICIPAL_REGULATION: _l("Municipal regulation"),
    ExternalKind.STANDARD: _l("Standard"),
}


class ReviewDecision(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"


class ReviewerRole(StrEnum):
    REVIEWER = "reviewer"
    APPROVER = "approver"


class PeriodicOutcome(StrEnum):
    NO_CHANGE = "no_change"
    NEEDS_CHANGE = "needs_change"


def content_hash(body_md: str) -> str:
    return hashlib.sha256(body_md.encode("utf-8")).hexdigest()


class DocumentType(db.Model):
    """Data the quality manager can extend: prefix, review interval, approval route."""

    __tablename__ = "document_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    prefix: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    review_months: Mapped[int] = mapped_column(default=12)
    reviewer_role: Mapped[str] = mapped_column(String(32), default="quality_manager")
    approver_role: Mapped[str] = mapped_column(String(32), default="manager")
    # When set, only holders of this position may approve (e.g. the director for the policy).
    approver_position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"))
    is_external: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=100)
    row_version: Mapped[int] = mapped_column(default=1)

    approver_position = relationship("Position")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


document_unit = Table(
    "document_unit", db.metadata,
    Column("document_id", ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id"), primary_key=True, index=True),
)

document_process = Table(
    "document_process", db.metadata,
    Column("document_id", ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", ForeignKey("process.id"), primary_key=True, index=True),
)


class Document(db.Model):
    __tablename__ = "document"
    __table_args__ = (
        # The library lists documents type by type in code order (documents.queries
        # ._LibraryPage): a page reads its rows from this index in order. Also the index of
        # the foreign key.
        Index("ix_document_type_code", "type_id", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    type_id: Mapped[int] = mapped_column(ForeignKey("document_type.id"))
    owner_position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    confidentiality: Mapped[str] = mapped_column(String(20), default=Confidentiality.INTERNAL)
    review_months: Mapped[int] = mapped_column(default=12)
    iso_clauses: Mapped[list] = mapped_column(JSON, default=list)
    legal_refs: Mapped[list] = mapped_column(JSON, default=list)
    distribute_to_everyone: Mapped[bool] = mapped_column(default=False)
    next_review_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    is_withdrawn: Mapped[bool] = mapped_column(default=False)
    external_kind: Mapped[str] = mapped_column(String(30), default="")
    external_url: Mapped[str] = mapped_column(String(500), default="")
    external_edition: Mapped[str] = mapped_column(String(120), default="")
    external_checked_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    row_version: Mapped[int] = mapped_column(default=1)

    type: Mapped[DocumentType] = relationship()
    owner_position = relationship("Position")
    units = relationship("Unit", secondary=document_unit, order_by="Unit.code")
    processes = relationship("Process", secondary=document_process, order_by="Process.code")
    distribution: Mapped[list[DocumentDistribution]] = relationship(
        back_populates="document", cascade="all, delete-orphan")
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.id",
        foreign_keys="DocumentVersion.document_id")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def confidentiality_label(self):
        return CONFIDENTIALITY_LABELS.get(self.confidentiality, self.confidentiality)

    @property
    def effective_version(self) -> DocumentVersion | None:
        return next((v for v in self.versions if v.status == VersionStatus.EFFECTIVE), None)

    @property
    def open_version(self) -> DocumentVersion | None:
        return next((v for v in self.versions if v.status in OPEN_STATUSES), None)

    @property
    def latest_version(self) -> DocumentVersion | None:
        return self.versions[-1] if self.versions else None


class DocumentDistribution(db.Model):
    """Who must read the document: a unit (with its sub-units) or a position."""

    __tablename__ = "document_distribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"))

    document: Mapped[Document] = relationship(back_populates="distribution")
    unit = relationship("Unit")
    position = relationship("Position")

    def __str__(self) -> str:
        if self.position is not None:
            return f"{self.position.unit.code}/{self.position.title}"
        return self.unit.code if self.unit is not None else ""


class DocumentVersion(db.Model):
    __tablename__ = "document_version"
    __table_args__ = (
        UniqueConstraint("document_id", "major", "minor", name="uq_document_version_number"),
        Index("ix_document_version_document_status", "document_id", "status"),
        # Versions put in effect per year (management review), index-only with document_id.
        Index("ix_document_version_effective_at", "effective_at", "document_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    major: Mapped[int] = mapped_column(default=1)
    minor: Mapped[int] = mapped_column(default=0)
    change_kind: Mapped[str] = mapped_column(String(20), default=ChangeKind.SUBSTANTIVE)
    status: Mapped[str] = mapped_column(String(20), default=VersionStatus.DRAFT, index=True)
    body_md: Mapped[str] = mapped_column(Text, default="")
    change_reason: Mapped[str] = mapped_column(String(1000), default="")
    summary: Mapped[str] = mapped_column(String(2000), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # SHA-256 of body_md, fixed when the version is submitted.
    content_sha256: Mapped[str] = mapped_column(String(64), default="")
    effective_on: Mapped[dt.date | None] = mapped_column(Date)
    effective_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    withdrawn_reason: Mapped[str] = mapped_column(String(1000), default="")
    row_version: Mapped[int] = mapped_column(default=1)

    document: Mapped[Document] = relationship(back_populates="versions",
                                              foreign_keys=[document_id])
    author = relationship("User")
    superseded_by = relationship("DocumentVersion", remote_side=[id])
    reviewers: Mapped[list[VersionReviewer]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="VersionReviewer.id")
    approvals: Mapped[list[Approval]] = relationship(back_populates="version",
                                                     order_by="Approval.id")
    comments: Mapped[list[VersionComment]] = relationship(back_populates="version",
                                                          order_by="VersionComment.id")
    attachments: Mapped[list[Attachment]] = relationship(back_populates="version",
                                                         order_by="Attachment.id")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.document.code} v{self.number}"

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def status_label(self):
        return VERSION_STATUS_LABELS.get(self.status, self.status)

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def approval(self) -> Approval | None:
        return self.approvals[-1] if self.approvals else None

    @property
    def approval_is_valid(self) -> bool:
        """The recorded approval covers exactly the content this version holds now."""
        approval = self.approval
        return approval is not None and approval.content_sha256 == content_hash(self.body_md)


class VersionReviewer(db.Model):
    """A reviewer or the approver assigned to a version, with their current decision."""

    __tablename__ = "version_reviewer"
    __table_args__ = (UniqueConstraint("version_id", "user_id", "role",
                                       name="uq_version_reviewer_assignment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_version.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default=ReviewerRole.REVIEWER)
    decision: Mapped[str] = mapped_column(String(20), default=ReviewDecision.PENDING)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The content the decision was about; a decision on other content does not count.
    content_sha256: Mapped[str] = mapped_column(String(64), default="")

    version: Mapped[DocumentVersion] = relationship(back_populates="reviewers")
    user = relationship("User")


class VersionComment(db.Model):
    __tablename__ = "version_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    body: Mapped[str] = mapped_column(Text)
    requests_changes: Mapped[bool] = mapped_column(default=False)

    version: Mapped[DocumentVersion] = relationship(back_populates="comments")
    author = relationship("User")


class Approval(db.Model):
    """Immutable: who approved, when, and the SHA-256 of exactly what they approved."""

    __tablename__ = "approval"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"), index=True)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approver_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    content_sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(1000), default="")

    version: Mapped[DocumentVersion] = relationship(back_populates="approvals")
    approver = relationship("User")


class Acknowledgement(db.Model):
    """A read-and-understood task for one person and one substantive version."""

    __tablename__ = "acknowledgement"
    __table_args__ = (UniqueConstraint("version_id", "user_id",
                                       name="uq_acknowledgement_version_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    due_on: Mapped[dt.date] = mapped_column(Date)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    version: Mapped[DocumentVersion] = relationship()
    user = relationship("User")


class DocumentLink(db.Model):
    """``[[CODE]]`` references written in a version, for "what links here"."""

    __tablename__ = "document_link"
    __table_args__ = (UniqueConstraint("version_id", "target_code",
                                       name="uq_document_link_version_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_version.id", ondelete="CASCADE"), index=True)
    target_code: Mapped[str] = mapped_column(String(20), index=True)


class Attachment(db.Model):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    version: Mapped[DocumentVersion] = relationship(back_populates="attachments")


class PeriodicReview(db.Model):
    """A periodic review of a document: "no change" (no new version) or "needs change"."""

    __tablename__ = "periodic_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(2000), default="")
    next_review_on: Mapped[dt.date | None] = mapped_column(Date)

    reviewer = relationship("User")


class VersionIsImmutable(RuntimeError):
    pass


_FROZEN_FIELDS = ("body_md", "change_reason", "summary", "major", "minor", "content_sha256")


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_submitted_versions(session, flush_context, instances):
    """Once submitted, what a version says never changes: only its status moves on.
    Approvals are never changed at all."""
    for obj in session.dirty:
        if isinstance(obj, Approval) and session.is_modified(obj):
            raise VersionIsImmutable("approvals cannot be changed")
        if not isinstance(obj, DocumentVersion):
            continue
        state = inspect(obj)
        status_history = state.attrs.status.history
        old_status = status_history.deleted[0] if status_history.deleted else obj.status
        if old_status == VersionStatus.DRAFT:
            continue
        for name in _FROZEN_FIELDS:
            if state.attrs[name].history.has_changes():
                raise VersionIsImmutable(f"{obj} is {old_status}: {name} cannot change")
