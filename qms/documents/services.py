"""Use cases of document control: documents, the version lifecycle, review and approval
(four eyes), effectiveness, periodic review, read-and-understood, attachments."""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from qms.auth.models import User
from qms.core import audit_log, files, search, transaction
from qms.core.concurrency import check_version
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.core.markdown import linked_codes
from qms.core.permissions import Permission
from qms.core.time import add_months, local_date
from qms.documents.models import (
    TRANSITIONS,
    VERSION_STATUS_LABELS,
    Acknowledgement,
    Approval,
    Attachment,
    ChangeKind,
    Confidentiality,
    Document,
    DocumentDistribution,
    DocumentLink,
    DocumentType,
    DocumentVersion,
    ExternalKind,
    PeriodicOutcome,
    PeriodicReview,
    ReviewDecision,
    ReviewerRole,
    VersionComment,
    VersionReviewer,
    VersionStatus,
    content_hash,
)
from qms.extensions import db
from qms.org.models import Position, Unit
from qms.processes.models import Process

SEARCH_KIND = "document"
ACKNOWLEDGE_WITHIN_DAYS = 14
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
CODE_RE = re.compile(r"^[A-ZĀČĒĢĪĶĻŅŠŪŽ]{1,6}-\d{1,4}$")
DOCUMENT_FIELDS = ["code", "title", "type_id", "owner_position_id", "confidentiality",
                   "review_months", "iso_clauses", "legal_refs", "distribute_to_everyone",
                   "external_kind", "external_url", "external_edition", "external_checked_on"]


# --- object rules -------------------------------------------------------------------------------

def _holds_position(user, position_id: int | None) -> bool:
    return position_id is not None and getattr(user, "position_id", None) == position_id


def _in_distribution(user, document: Document) -> bool:
    if document.distribute_to_everyone:
        return True
    unit_ids = unit_with_ancestors(getattr(user, "unit_id", None))
    return any(_holds_position(user, d.position_id) or (d.unit_id in unit_ids)
               for d in document.distribution)


def can_read(user, document: Document) -> bool:
    if not user.can(Permission.DOCUMENT_READ):
        return False
    if document.confidentiality != Confidentiality.RESTRICTED:
        return True
    return (user.can(Permission.DOCUMENT_MANAGE)
            or _holds_position(user, document.owner_position_id)
            or _in_distribution(user, document))


def can_edit(user, document: Document) -> bool:
    """The quality manager, or an editor who holds the owning position or heads its unit."""
    if user.can(Permission.DOCUMENT_MANAGE):
        return True
    if not user.can(Permission.DOCUMENT_EDIT):
        return False
    position = document.owner_position
    return _holds_position(user, document.owner_position_id) or (
        position is not None and position.unit.head_id == getattr(user, "id", None))


def _assignment(user, version: DocumentVersion, role: ReviewerRole):
    return next((r for r in version.reviewers
                 if r.user_id == getattr(user, "id", None) and r.role == role), None)


def can_review(user, version: DocumentVersion) -> bool:
    return (version.status == VersionStatus.IN_REVIEW and user.can(Permission.DOCUMENT_REVIEW)
            and _assignment(user, version, ReviewerRole.REVIEWER) is not None
            and version.author_id != getattr(user, "id", None))


def reviews_complete(version: DocumentVersion) -> bool:
    """Every reviewer approved exactly the content now under review."""
    return all(r.decision == ReviewDecision.APPROVED and r.content_sha256 == version.content_sha256
               for r in version.reviewers if r.role == ReviewerRole.REVIEWER)


def can_approve(user, version: DocumentVersion) -> bool:
    """Four eyes: never the author; only the assigned approver; only after every review."""
    return (version.status == VersionStatus.IN_REVIEW and user.can(Permission.DOCUMENT_APPROVE)
            and version.author_id != getattr(user, "id", None)
            and _assignment(user, version, ReviewerRole.APPROVER) is not None
            and _eligible_approver(user, version.document.type)
            and reviews_complete(version))


def can_manage(user) -> bool:
    return user.can(Permission.DOCUMENT_MANAGE)


def _eligible_approver(user, doc_type: DocumentType) -> bool:
    if doc_type.approver_position_id is not None:
        return _holds_position(user, doc_type.approver_position_id)
    return doc_type.approver_role in getattr(user, "roles", [])


def _require(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _transition(version: DocumentVersion, target: VersionStatus, *, actor, now, note: str = "",
                action: str | None = None) -> None:
    current = VersionStatus(version.status)
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(_l("A version that is %(status)s cannot become %(target)s.",
                                   status=VERSION_STATUS_LABELS[current],
                                   target=VERSION_STATUS_LABELS[target]))
    version.status = target
    audit_log.record(actor=actor, action=action or f"document_version.{target.value}",
                     entity=version, changes={"status": [current.value, target.value]},
                     note=note, now=now)


# --- helpers --------------------------------------------------------------------------------

def unit_with_ancestors(unit_id: int | None) -> set[int]:
    found: set[int] = set()
    while unit_id is not None and unit_id not in found:
        found.add(unit_id)
        unit_id = db.session.scalar(select(Unit.parent_id).where(Unit.id == unit_id))
    return found


def _unit_with_descendants(unit_ids: set[int]) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in db.session.execute(select(Unit.id, Unit.parent_id)):
        children.setdefault(parent_id, []).append(unit_id)
    found, queue = set(), list(unit_ids)
    while queue:
        unit_id = queue.pop()
        if unit_id not in found:
            found.add(unit_id)
            queue.extend(children.get(unit_id, []))
    return found


def next_code(doc_type: DocumentType) -> str:
    codes = db.session.scalars(select(Document.code).where(
        Document.code.like(f"{doc_type.prefix}-%"))).all()
    numbers = [int(c.rsplit("-", 1)[1]) for c in codes if c.rsplit("-", 1)[1].isdigit()]
    return f"{doc_type.prefix}-{(max(numbers) + 1) if numbers else 1:02d}"


def _refresh_links(version: DocumentVersion) -> None:
    db.session.execute(DocumentLink.__table__.delete().where(
        DocumentLink.version_id == version.id))
    codes = linked_codes(version.body_md)
    if codes:
        db.session.execute(insert(DocumentLink),
                           [{"version_id": version.id, "target_code": c} for c in codes])


def broken_links(version: DocumentVersion) -> list[str]:
    """Codes the version links to that have no effective version."""
    codes = [c for c in linked_codes(version.body_md) if c != version.document.code]
    if not codes:
        return []
    effective = set(db.session.scalars(
        select(Document.code).join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(Document.code.in_(codes), DocumentVersion.status == VersionStatus.EFFECTIVE)))
    return [c for c in codes if c not in effective]


def _apply_document_fields(document: Document, values: dict, **relations) -> dict:
    """Validate and set metadata; returns the audit changes."""
    with db.session.no_autoflush:
        return _apply_fields(document, values, **relations)


def _apply_fields(document: Document, values: dict, *, unit_ids, process_ids,
                  distribution_unit_ids, distribution_position_ids) -> dict:
    doc_type = db.session.get(DocumentType, values.get("type_id") or 0)
    if doc_type is None:
        raise DomainError(_l("Choose a document type."), field="type_id")
    code = (values.get("code") or "").strip().upper() or next_code(doc_type)
    if not CODE_RE.match(code):
        raise DomainError(_l("A code looks like PA-03: letters, a hyphen, a number."),
                          field="code")
    clash = db.session.scalar(select(Document).where(Document.code == code))
    if clash is not None and clash is not document:
        raise DomainError(_l("Another document already has the code %(code)s.", code=code),
                          field="code")
    values["code"] = code
    if not (values.get("title") or "").strip():
        raise DomainError(_l("Enter the title."), field="title")
    values["title"] = values["title"].strip()
    if values.get("owner_position_id") and db.session.get(
            Position, values["owner_position_id"]) is None:
        raise DomainError(_l("The position does not exist."), field="owner_position_id")
    if values.get("confidentiality") not in Confidentiality.__members__.values():
        raise DomainError(_l("Choose the confidentiality."), field="confidentiality")
    if values.get("review_months") is None:
        values["review_months"] = doc_type.review_months
    if not 1 <= int(values["review_months"]) <= 120:
        raise DomainError(_l("The review interval is 1 to 120 months."), field="review_months")
    if doc_type.is_external:
        if values.get("external_kind") not in ExternalKind.__members__.values():
            raise DomainError(_l("Choose the kind of external document."),
                              field="external_kind")
    else:
        values.update(external_kind="", external_url="", external_edition="",
                      external_checked_on=None)
    url = values.get("external_url") or ""
    if url and not url.startswith(("https://", "http://")):
        raise DomainError(_l("The link must start with https:// or http://."),
                          field="external_url")
    values["iso_clauses"] = [c.strip() for c in values.get("iso_clauses") or [] if c.strip()]
    values["legal_refs"] = [r.strip() for r in values.get("legal_refs") or [] if r.strip()]

    before = audit_log.snapshot(document, DOCUMENT_FIELDS) if document.id else {}
    before_sets = _relation_snapshot(document) if document.id else {}
    for name in DOCUMENT_FIELDS:
        if name in values:
            setattr(document, name, values[name])
    document.units = list(db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids or []))))
    document.processes = list(db.session.scalars(
        select(Process).where(Process.id.in_(process_ids or []))))
    wanted = {("u", i) for i in distribution_unit_ids or []} | {
        ("p", i) for i in distribution_position_ids or []}
    existing = {("u" if d.unit_id else "p", d.unit_id or d.position_id): d
                for d in document.distribution}
    document.distribution = [existing.get(key) or DocumentDistribution(
        unit_id=key[1] if key[0] == "u" else None, position_id=key[1] if key[0] == "p" else None)
        for key in sorted(wanted)]
    changes = audit_log.diff(before, audit_log.snapshot(document, DOCUMENT_FIELDS))
    changes.update(audit_log.diff(before_sets, _relation_snapshot(document)))
    return changes


def _relation_snapshot(document: Document) -> dict:
    return {"units": sorted(u.code for u in document.units),
            "processes": sorted(p.code for p in document.processes),
            "distribution": sorted(str(d) for d in document.distribution)}


# --- documents and drafts -------------------------------------------------------------------

def create_document(*, actor, now: dt.datetime, body_md: str = "", change_reason: str = "",
                    summary: str = "", major: int = 1, minor: int = 0, unit_ids=(),
                    process_ids=(), distribution_unit_ids=(), distribution_position_ids=(),
                    **values) -> Document:
    """A new document with its first draft."""
    _require(actor.can(Permission.DOCUMENT_EDIT) or actor.can(Permission.DOCUMENT_MANAGE),
             _l("You may not create documents."))
    values.setdefault("confidentiality", Confidentiality.INTERNAL)
    document = Document(created_at=now)
    changes = _apply_document_fields(
        document, values, unit_ids=unit_ids, process_ids=process_ids,
        distribution_unit_ids=distribution_unit_ids,
        distribution_position_ids=distribution_position_ids)
    db.session.add(document)
    db.session.flush()
    if not can_edit(actor, document):
        raise PermissionDenied(_l("Only the owner of a document or the quality manager may "
                                  "create it."))
    audit_log.record(actor=actor, action="document.create", entity=document, changes=changes,
                     now=now)
    version = DocumentVersion(document=document, major=major, minor=minor,
                              change_kind=ChangeKind.SUBSTANTIVE, body_md=body_md,
                              change_reason=change_reason, summary=summary,
                              author_id=getattr(actor, "id", None), created_at=now)
    db.session.add(version)
    db.session.flush()
    _refresh_links(version)
    audit_log.record(actor=actor, action="document_version.create", entity=version,
                     changes={"version": [None, version.number]}, now=now)
    transaction.commit()
    return document


def update_document(document: Document, *, actor, now: dt.datetime,
                    expected_version: int | None = None, unit_ids=(), process_ids=(),
                    distribution_unit_ids=(), distribution_position_ids=(),
                    **values) -> Document:
    _require(can_edit(actor, document), _l("You may not change this document."))
    check_version(document, expected_version)
    old_code = document.code
    changes = _apply_document_fields(
        document, values, unit_ids=unit_ids, process_ids=process_ids,
        distribution_unit_ids=distribution_unit_ids,
        distribution_position_ids=distribution_position_ids)
    if document.code != old_code and any(
            v.status != VersionStatus.DRAFT for v in document.versions):
        raise DomainError(_l("The code of a document that has been issued cannot change."),
                          field="code")
    if changes:
        audit_log.record(actor=actor, action="document.update", entity=document,
                         changes=changes, now=now)
        if document.effective_version is not None:
            _index(document, document.effective_version)
    transaction.commit()
    return document


def update_draft(version: DocumentVersion, *, actor, now: dt.datetime, body_md: str,
                 change_reason: str, summary: str,
                 expected_version: int | None = None) -> DocumentVersion:
    _require(can_edit(actor, version.document), _l("You may not edit this document."))
    if not version.is_editable:
        raise InvalidTransition(_l("Only a draft can be edited; this version is %(status)s.",
                                   status=version.status_label))
    check_version(version, expected_version)
    changes = audit_log.apply_changes(
        version, {"body_md": body_md.replace("\r\n", "\n"), "change_reason": change_reason,
                  "summary": summary},
        actor=actor, action="document_version.edit", now=now)
    if "body_md" in changes:  # the whole text is not copied into the trail, only its hashes
        changes["body_md"] = [content_hash(changes["body_md"][0] or ""),
                              content_hash(changes["body_md"][1] or "")]
    _refresh_links(version)
    transaction.commit()
    return version


def start_new_version(document: Document, *, actor, now: dt.datetime,
                      change_kind: str = ChangeKind.SUBSTANTIVE, change_reason: str = "",
                      body_md: str | None = None, commit: bool = True) -> DocumentVersion:
    """A new draft from the effective (or latest) version: major+1 or minor+1."""
    _require(can_edit(actor, document), _l("You may not edit this document."))
    if document.open_version is not None:
        raise InvalidTransition(_l("This document already has an open version (%(number)s): "
                                   "finish or withdraw it first.",
                                   number=document.open_version.number))
    if document.is_withdrawn:
        raise InvalidTransition(_l("This document has been withdrawn."))
    if change_kind not in ChangeKind.__members__.values():
        raise DomainError(_l("Choose the kind of change."), field="change_kind")
    base = document.effective_version or document.latest_version
    major, minor = (base.major, base.minor) if base else (0, 0)
    major, minor = (major + 1, 0) if change_kind == ChangeKind.SUBSTANTIVE else (major, minor + 1)
    version = DocumentVersion(
        document=document, major=major, minor=minor, change_kind=change_kind,
        body_md=body_md if body_md is not None else (base.body_md if base else ""),
        change_reason=change_reason, author_id=getattr(actor, "id", None), created_at=now)
    db.session.add(version)
    db.session.flush()
    _refresh_links(version)
    audit_log.record(actor=actor, action="document_version.create", entity=version,
                     changes={"version": [base.number if base else None, version.number]},
                     now=now)
    if commit:
        transaction.commit()
    return version


# --- review and approval ----------------------------------------------------------------------

def eligible_reviewers(document: Document) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.is_active_account.is_(True),
                           User.role_rows.any(role=document.type.reviewer_role))
        .order_by(User.full_name)))


def eligible_approvers(document: Document) -> list[User]:
    doc_type = document.type
    stmt = select(User).where(User.is_active_account.is_(True)).order_by(User.full_name)
    if doc_type.approver_position_id is not None:
        stmt = stmt.where(User.position_id == doc_type.approver_position_id)
    else:
        stmt = stmt.where(User.role_rows.any(role=doc_type.approver_role))
    return list(db.session.scalars(stmt))


def submit_for_review(version: DocumentVersion, *, actor, now: dt.datetime,
                      reviewer_ids: list[int], approver_id: int,
                      effective_on: dt.date | None = None) -> DocumentVersion:
    """Freeze the draft (its SHA-256 is fixed) and send it to reviewers and the approver."""
    document = version.document
    _require(can_edit(actor, document), _l("You may not submit this document."))
    if not version.body_md.strip():
        raise DomainError(_l("The document has no text yet."), field="body_md")
    reviewer_ids = list(dict.fromkeys(int(i) for i in reviewer_ids if i))
    if not reviewer_ids:
        raise DomainError(_l("Choose at least one reviewer."), field="reviewer_ids")
    author_id = version.author_id
    if author_id in reviewer_ids or approver_id == author_id:
        raise DomainError(_l("The author cannot review or approve their own version "
                             "(four-eyes principle)."), field="reviewer_ids")
    reviewers = {u.id: u for u in eligible_reviewers(document)}
    if any(i not in reviewers for i in reviewer_ids):
        raise DomainError(_l("Only people on the approval route may review this type of "
                             "document."), field="reviewer_ids")
    approvers = {u.id: u for u in eligible_approvers(document)}
    if approver_id not in approvers:
        raise DomainError(_l("Only people on the approval route may approve this type of "
                             "document."), field="approver_id")
    if effective_on is not None and effective_on < local_date(now):
        raise DomainError(_l("The effective date cannot be in the past."), field="effective_on")
    _transition(version, VersionStatus.IN_REVIEW, actor=actor, now=now,
                action="document_version.submit")
    version.content_sha256 = content_hash(version.body_md)
    version.submitted_at = now
    version.effective_on = effective_on
    wanted = [(i, ReviewerRole.REVIEWER) for i in reviewer_ids] + [
        (approver_id, ReviewerRole.APPROVER)]
    existing = {(r.user_id, r.role): r for r in version.reviewers}
    for assignment in existing.values():  # a new round: earlier decisions no longer count
        assignment.decision, assignment.decided_at = ReviewDecision.PENDING, None
    version.reviewers = [existing.get(key) or VersionReviewer(user_id=key[0], role=key[1])
                         for key in wanted]
    transaction.commit()
    return version


def review_version(version: DocumentVersion, *, actor, now: dt.datetime, approve: bool,
                   comment: str = "") -> DocumentVersion:
    """A reviewer's decision. Requesting changes sends the version back to draft."""
    _require(can_review(actor, version), _l("You are not a reviewer of this version."))
    if not approve and not comment.strip():
        raise DomainError(_l("Say what should change."), field="comment")
    assignment = _assignment(actor, version, ReviewerRole.REVIEWER)
    assignment.decision = (ReviewDecision.APPROVED if approve
                           else ReviewDecision.CHANGES_REQUESTED)
    assignment.decided_at = now
    assignment.content_sha256 = version.content_sha256
    if comment.strip():
        db.session.add(VersionComment(version=version, author_id=actor.id, at=now,
                                      body=comment.strip(), requests_changes=not approve))
    audit_log.record(actor=actor, action="document_version.review", entity=version,
                     changes={"decision": [None, assignment.decision.value]},
                     note=comment.strip()[:2000], now=now)
    if not approve:
        _return_to_draft(version, actor=actor, now=now)
    transaction.commit()
    return version


def request_changes_as_approver(version: DocumentVersion, *, actor, now: dt.datetime,
                                comment: str) -> DocumentVersion:
    assignment = _assignment(actor, version, ReviewerRole.APPROVER)
    _require(version.status == VersionStatus.IN_REVIEW and assignment is not None,
             _l("You are not the approver of this version."))
    if not comment.strip():
        raise DomainError(_l("Say what should change."), field="comment")
    db.session.add(VersionComment(version=version, author_id=actor.id, at=now,
                                  body=comment.strip(), requests_changes=True))
    _return_to_draft(version, actor=actor, now=now)
    transaction.commit()
    return version


def _return_to_draft(version: DocumentVersion, *, actor, now) -> None:
    _transition(version, VersionStatus.DRAFT, actor=actor, now=now,
                action="document_version.changes_requested")
    # content_sha256 stays as the record of what was reviewed; a new submission replaces it.
    version.submitted_at = None


def approve_version(version: DocumentVersion, *, actor, now: dt.datetime,
                    note: str = "") -> DocumentVersion:
    """Record who approved exactly which content; effective at once unless future-dated."""
    if version.author_id is not None and version.author_id == getattr(actor, "id", None):
        raise PermissionDenied(_l("The author cannot approve their own version "
                                  "(four-eyes principle)."))
    if version.status == VersionStatus.IN_REVIEW and not reviews_complete(version):
        raise InvalidTransition(_l("Every reviewer must approve the version first."))
    _require(can_approve(actor, version), _l("You are not the approver of this version."))
    if content_hash(version.body_md) != version.content_sha256:
        raise InvalidTransition(_l("The text changed after it was submitted; it must be "
                                   "reviewed again."))
    _transition(version, VersionStatus.APPROVED, actor=actor, now=now,
                action="document_version.approve", note=note)
    db.session.add(Approval(version=version, approver_id=actor.id,
                            approver_name=actor.display_name, at=now,
                            content_sha256=version.content_sha256, note=note[:1000]))
    assignment = _assignment(actor, version, ReviewerRole.APPROVER)
    assignment.decision, assignment.decided_at = ReviewDecision.APPROVED, now
    assignment.content_sha256 = version.content_sha256
    db.session.flush()
    if version.effective_on is None or version.effective_on <= local_date(now):
        _make_effective(version, actor=actor, now=now)
    transaction.commit()
    return version


def _make_effective(version: DocumentVersion, *, actor, now: dt.datetime) -> None:
    if not version.approval_is_valid:
        raise InvalidTransition(_l("The approval does not match the content of this version: "
                                   "it must be approved again."))
    document = version.document
    previous = document.effective_version
    _transition(version, VersionStatus.EFFECTIVE, actor=actor, now=now,
                action="document_version.effective")
    version.effective_at = now
    if version.effective_on is None:
        version.effective_on = local_date(now)
    if previous is not None and previous is not version:
        _transition(previous, VersionStatus.SUPERSEDED, actor=actor, now=now,
                    action="document_version.superseded", note=f"v{version.number}")
        previous.superseded_at, previous.superseded_by = now, version
    document.next_review_on = add_months(version.effective_on, document.review_months)
    _index(document, version)
    if version.change_kind == ChangeKind.SUBSTANTIVE:
        assign_acknowledgements(version, now=now)


def _index(document: Document, version: DocumentVersion) -> None:
    search.index(SEARCH_KIND, document.id, title=f"{document.code} {document.title}",
                 body=version.body_md)


def activate_due_versions(*, now: dt.datetime, actor=None) -> int:
    """Scheduler: approved versions whose effective date has come become effective."""
    due = db.session.scalars(
        select(DocumentVersion).where(DocumentVersion.status == VersionStatus.APPROVED,
                                      DocumentVersion.effective_on <= local_date(now))
        .order_by(DocumentVersion.effective_on, DocumentVersion.id)).all()
    for version in due:
        _make_effective(version, actor=actor, now=now)
    transaction.commit()
    return len(due)


def withdraw(version: DocumentVersion, *, actor, now: dt.datetime, reason: str) -> None:
    """Drafts may be abandoned by their editors; issued versions only by the quality manager.
    Withdrawing the effective version withdraws the document (cancelled, no replacement)."""
    document = version.document
    if version.status in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW):
        _require(can_edit(actor, document) or can_manage(actor),
                 _l("You may not withdraw this version."))
    else:
        _require(can_manage(actor), _l("Only the quality manager may withdraw a document."))
    if not reason.strip():
        raise DomainError(_l("Give the reason."), field="reason")
    was_effective = version.status == VersionStatus.EFFECTIVE
    _transition(version, VersionStatus.WITHDRAWN, actor=actor, now=now,
                action="document_version.withdraw", note=reason.strip())
    version.withdrawn_at, version.withdrawn_reason = now, reason.strip()[:1000]
    if was_effective:
        document.is_withdrawn = True
        document.next_review_on = None
        search.remove(SEARCH_KIND, document.id)
        audit_log.record(actor=actor, action="document.withdraw", entity=document,
                         note=reason.strip(), now=now)
    transaction.commit()


# --- periodic review --------------------------------------------------------------------------

def record_periodic_review(document: Document, *, actor, now: dt.datetime, outcome: str,
                           note: str = "") -> DocumentVersion | None:
    """"No change" moves the next review date on; "needs change" opens a draft (returned)."""
    _require(can_edit(actor, document), _l("You may not review this document."))
    effective = document.effective_version
    if effective is None:
        raise InvalidTransition(_l("Only a document in effect is reviewed periodically."))
    if outcome not in PeriodicOutcome.__members__.values():
        raise DomainError(_l("Choose the outcome."), field="outcome")
    today = local_date(now)
    draft = None
    if outcome == PeriodicOutcome.NO_CHANGE:
        next_on = add_months(today, document.review_months)
        audit_log.apply_changes(document, {"next_review_on": next_on}, actor=actor,
                                action="document.periodic_review", now=now)
    else:
        next_on = document.next_review_on
        draft = start_new_version(document, actor=actor, now=now, commit=False,
                                  change_reason=note.strip()[:1000])
    db.session.add(PeriodicReview(document_id=document.id, version_id=effective.id,
                                  reviewer_id=getattr(actor, "id", None), reviewed_on=today,
                                  outcome=outcome, note=note.strip()[:2000],
                                  next_review_on=next_on))
    transaction.commit()
    return draft


# --- read and understood ------------------------------------------------------------------

def distribution_user_ids(document: Document) -> set[int]:
    stmt = select(User.id).where(User.is_active_account.is_(True))
    if not document.distribute_to_everyone:
        unit_ids = _unit_with_descendants({d.unit_id for d in document.distribution
                                           if d.unit_id})
        position_ids = {d.position_id for d in document.distribution if d.position_id}
        if not unit_ids and not position_ids:
            return set()
        stmt = stmt.where(User.unit_id.in_(unit_ids) | User.position_id.in_(position_ids))
    return set(db.session.scalars(stmt))


def assign_acknowledgements(version: DocumentVersion, *, now: dt.datetime) -> int:
    """Everyone on the distribution list gets a read-and-understood task for this version."""
    return assign_acknowledgements_for(version, distribution_user_ids(version.document), now=now)


def acknowledge(version: DocumentVersion, *, actor, now: dt.datetime) -> Acknowledgement:
    _require(actor.can(Permission.DOCUMENT_ACKNOWLEDGE), _l("You may not acknowledge."))
    if version.status != VersionStatus.EFFECTIVE:
        raise InvalidTransition(_l("Only the version in effect can be acknowledged."))
    task = db.session.scalar(select(Acknowledgement).where(
        Acknowledgement.version_id == version.id, Acknowledgement.user_id == actor.id))
    if task is None:  # not on the list, but read it anyway: record that too
        task = Acknowledgement(version_id=version.id, user_id=actor.id, assigned_at=now,
                               due_on=local_date(now))
        db.session.add(task)
    if task.acknowledged_at is None:
        task.acknowledged_at = now
        audit_log.record(actor=actor, action="document_version.acknowledge", entity=version,
                         now=now)
    transaction.commit()
    return task


def pending_acknowledgement(version: DocumentVersion, user) -> Acknowledgement | None:
    return db.session.scalar(select(Acknowledgement).where(
        Acknowledgement.version_id == version.id, Acknowledgement.user_id == user.id,
        Acknowledgement.acknowledged_at.is_(None)))


# --- attachments -------------------------------------------------------------------------------

def add_attachment(version: DocumentVersion, *, actor, now: dt.datetime, filename: str,
                   data: bytes, content_type: str) -> Attachment:
    _require(can_edit(actor, version.document), _l("You may not change this document."))
    if not version.is_editable:
        raise InvalidTransition(_l("Files can be attached to a draft only."))
    if not data:
        raise DomainError(_l("The file is empty."), field="file")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise DomainError(_l("The file is larger than %(mb)s MB.",
                             mb=MAX_ATTACHMENT_BYTES // 1024 // 1024), field="file")
    name = files.safe_filename(filename)
    digest = files.store(data)
    attachment = Attachment(version=version, filename=name,
                            content_type=(content_type or "application/octet-stream")[:120],
                            size=len(data), sha256=digest, uploaded_by_id=actor.id,
                            uploaded_at=now)
    db.session.add(attachment)
    audit_log.record(actor=actor, action="document_version.attach", entity=version,
                     changes={"attachment": [None, f"{name} ({digest[:12]})"]}, now=now)
    transaction.commit()
    return attachment



def assign_acknowledgements_to_newcomer(user: User, *, now: dt.datetime) -> int:
    """A person who joins (or moves to another unit or position) gets read-and-understood
    tasks for the documents in effect whose distribution now includes them."""
    effective = db.session.scalars(
        select(DocumentVersion).where(DocumentVersion.status == VersionStatus.EFFECTIVE)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(Document.is_withdrawn.is_(False))).all()
    added = 0
    for version in effective:
        if user.id in distribution_user_ids(version.document):
            added += assign_acknowledgements_for(version, [user.id], now=now)
    return added


def assign_acknowledgements_for(version: DocumentVersion, user_ids, *, now: dt.datetime) -> int:
    existing = set(db.session.scalars(select(Acknowledgement.user_id).where(
        Acknowledgement.version_id == version.id, Acknowledgement.user_id.in_(user_ids))))
    due_on = local_date(now) + dt.timedelta(days=ACKNOWLEDGE_WITHIN_DAYS)
    rows = [{"version_id": version.id, "user_id": uid, "assigned_at": now, "due_on": due_on}
            for uid in sorted(set(user_ids) - existing)]
    if rows:
        db.session.execute(insert(Acknowledgement), rows)
    return len(rows)
