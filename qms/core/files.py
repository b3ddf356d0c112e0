"""Files (attachments, evidence) stored by their SHA-256 under the instance folder: the same
content is kept once, names never reach the file system, nothing is ever executed."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, mapped_column

from qms.core.errors import DomainError
from qms.core.time import UTCDateTime
from qms.extensions import db


def storage_root() -> Path:
    root = Path(current_app.config.get("FILES_DIR") or Path(current_app.instance_path) / "files")
    root.mkdir(parents=True, exist_ok=True)
    return root


def path_for(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256")
    return storage_root() / sha256[:2] / sha256


def store(data: bytes) -> str:
    """Keep ``data``; returns its SHA-256. Written atomically (temporary file + rename)."""
    digest = hashlib.sha256(data).hexdigest()
    target = path_for(digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    return digest


class EvidenceFile(db.Model):
    """A file attached to any record (nonconformity, action, audit item, inspection ...)."""

    __tablename__ = "evidence_file"
    __table_args__ = (Index("ix_evidence_file_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def safe_filename(name: str) -> str:
    cleaned = re.sub(r"[\x00-\x1f/\\]", "_", name or "file").strip(". ")[:200]
    return cleaned or "file"


def attach(entity_type: str, entity_id: int, *, filename: str, data: bytes, content_type: str,
           uploaded_by_id: int | None, now: dt.datetime) -> EvidenceFile:
    """Store ``data`` and link it to a record (the caller checks permissions and commits)."""
    if not data:
        raise DomainError(_l("The file is empty."), field="file")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise DomainError(_l("The file is larger than %(mb)s MB.",
                             mb=MAX_EVIDENCE_BYTES // 1024 // 1024), field="file")
    evidence = EvidenceFile(entity_type=entity_type, entity_id=entity_id,
                            filename=safe_filename(filename),
                            content_type=(content_type or "application/octet-stream")[:120],
                            size=len(data), sha256=store(data), uploaded_by_id=uploaded_by_id,
                            uploaded_at=now)
    db.session.add(evidence)
    return evidence


def files_of(entity_type: str, entity_id: int) -> list[EvidenceFile]:
    return list(db.session.scalars(select(EvidenceFile).where(
        EvidenceFile.entity_type == entity_type, EvidenceFile.entity_id == entity_id)
        .order_by(EvidenceFile.id)))


def download(stored):
    """Serve a stored file (anything with ``sha256`` and ``filename``) as a download, never
    inline: the browser must not render or run it."""
    from flask import abort, send_file

    try:
        path = path_for(stored.sha256)
    except ValueError:  # not a SHA-256: never a path into the file system
        abort(404)
    if not path.exists():
        abort(404)
    return send_file(path, mimetype="application/octet-stream", as_attachment=True,
                     download_name=stored.filename, max_age=0)
