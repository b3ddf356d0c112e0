"""The document types every installation starts with (the quality manager can add more)."""

from __future__ import annotations

from sqlalchemy import select

from qms.core import audit_log
from qms.documents.models import DocumentType
from qms.extensions import db

# key, prefix, Latvian name, English name, review months, reviewer role, approver role, external.
# The quality manager usually writes or coordinates documents; managers review and approve.
DEFAULT_TYPES = [
    ("policy", "KP", "Kvalitātes politika", "Quality policy", 12, "manager", "manager",
     False),
    ("manual", "KR", "Kvalitātes rokasgrāmata", "Quality manual", 12, "manager", "manager",
     False),
    ("process", "PA", "Procesa apraksts", "Process description", 12, "manager", "manager",
     False),
    ("statute", "NL", "Nolikums", "Statute", 24, "manager", "manager", False),
    ("procedure", "KT", "Kārtība", "Procedure", 24, "manager", "manager", False),
    ("rules", "NT", "Noteikumi", "Rules", 24, "manager", "manager", False),
    ("job_description", "AA", "Amata apraksts", "Job description", 24, "manager", "manager",
     False),
    ("work_instruction", "DI", "Darba instrukcija", "Work instruction", 24, "manager", "manager",
     False),
    ("form", "VL", "Veidlapa", "Form", 24, "manager", "manager", False),
    ("external", "AR", "Ārējais dokuments", "External document", 12, "manager", "manager",
     True),
]


def install_default_types(*, actor=None) -> int:
    """Add the default types that are missing (by key); returns how many were added."""
    existing = set(db.session.scalars(select(DocumentType.key)))
    added = 0
    for order, (key, prefix, name, name_en, months, reviewer, approver, external) in enumerate(
            DEFAULT_TYPES):
        if key in existing:
            continue
        doc_type = DocumentType(key=key, prefix=prefix, name=name, name_en=name_en,
                                review_months=months, reviewer_role=reviewer,
                                approver_role=approver, is_external=external,
                                sort_order=(order + 1) * 10)
        db.session.add(doc_type)
        db.session.flush()
        audit_log.record_creation(doc_type, ["key", "prefix", "name"], actor=actor,
                                  action="document_type.create")
        added += 1
    db.session.commit()
    return added
