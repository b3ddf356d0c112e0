"""Files (attachments, evidence) stored by their SHA-256 under the instance folder: the same
content is kept once, names never reach the file system, nothing is ever executed."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app


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
