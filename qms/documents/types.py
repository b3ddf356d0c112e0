"""Document types are data the quality manager maintains."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.core import audit_log, transaction
from qms.core.concurrency import check_version
from qms.core.errors import DomainError, PermissionDenied
from qms.core.permissions import Permission, Role
from qms.documents.models import DocumentType
from qms.extensions import db

TYPE_FIELDS = ["key", "prefix", "name", "name_en", "review_months", "reviewer_role",
               "approver_role", "approver_position_id", "is_external"]


def save_type(doc_type: DocumentType | None, *, actor, expected_version=None,
              **values) -> DocumentType:
    if not actor.can(Permission.DOCUMENT_MANAGE):
        raise PermissionDenied(_l("You may not change document types."))
    values["key"] = values["key"].strip().lower()
    values["prefix"] = values["prefix"].strip().upper()
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", values["key"]):
        raise DomainError(_l("Use lower-case letters, digits and _ only."), field="key")
    if not re.fullmatch(r"[A-ZĀČĒĢĪĶĻŅŠŪŽ]{1,6}", values["prefix"]):
        raise DomainError(_l("A prefix is 1 to 6 capital letters."), field="prefix")
    for name in ("key", "prefix"):
        clash = db.session.scalar(select(DocumentType).where(
            func.upper(getattr(DocumentType, name)) == values[name].upper()))
        if clash is not None and clash is not doc_type:
            raise DomainError(_l("Another document type already uses this."), field=name)
    for name in ("reviewer_role", "approver_role"):
        if values[name] not in Role.__members__.values():
            raise DomainError(_l("Choose a role."), field=name)
    if doc_type is None:
        doc_type = DocumentType(**values, sort_order=1000)
        db.session.add(doc_type)
        db.session.flush()
        audit_log.record_creation(doc_type, TYPE_FIELDS, actor=actor,
                                  action="document_type.create")
    else:
        check_version(doc_type, expected_version)
        if doc_type.prefix != values["prefix"] and _has_documents(doc_type):
            raise DomainError(_l("The prefix of a type that has documents cannot change."),
                              field="prefix")
        audit_log.apply_changes(doc_type, values, actor=actor, action="document_type.update")
    transaction.commit()
    return doc_type


def _has_documents(doc_type: DocumentType) -> bool:
    from qms.documents.models import Document

    return db.session.scalar(select(func.count(Document.id)).where(
        Document.type_id == doc_type.id)) > 0
