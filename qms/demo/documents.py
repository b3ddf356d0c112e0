"""The demo service's controlled documents: ``procedures/`` imported as drafts by the quality
manager, reviewed by the deputy director and approved by the director (four eyes), each on
its effective date, so that version 1 of everything is in effect with its history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from qms.auth.models import User
from qms.documents import importer, services
from qms.documents.defaults import install_default_types
from qms.documents.models import Acknowledgement, Document, DocumentType, DocumentVersion
from qms.extensions import db
from qms.org.models import Position


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=ZoneInfo("Europe/Riga")).astimezone(
        dt.UTC)


def _person(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def load_documents(actor, procedures: Path | None = None) -> int:
    install_default_types(actor=actor)
    director = db.session.scalar(select(Position).where(Position.title == "Direktors"))
    for key in ("policy", "manual"):  # top management approves these
        doc_type = db.session.scalar(select(DocumentType).where(DocumentType.key == key))
        doc_type.approver_position_id = director.id
    db.session.commit()

    author, reviewer, approver = _person("kvalitate"), _person("vietnieks"), _person("direktore")
    folder = procedures or Path(current_app.config["PROCEDURES_DIR"])
    parsed, errors = importer.parse_dir(folder)
    if errors:
        raise RuntimeError("\n".join(str(e) for e in errors))
    fallback = dt.date(2026, 1, 12)
    report = importer.import_dir(folder, actor=author, now=_at(min(
        (p.effective_on or fallback) for p in parsed)))
    for item in parsed:
        document = db.session.scalar(select(Document).where(Document.code == item.values["code"]))
        version = document.latest_version
        now = _at(item.effective_on or fallback)
        services.submit_for_review(version, actor=author, now=now, reviewer_ids=[reviewer.id],
                                   approver_id=approver.id)
        services.review_version(version, actor=reviewer, now=now, approve=True)
        services.approve_version(version, actor=approver, now=now)
    _acknowledge_some(fallback)
    return len(report.created)


def _acknowledge_some(day: dt.date) -> None:
    """Most people have confirmed most documents; some have not, as in real life."""
    tasks = db.session.execute(
        select(Acknowledgement.version_id, Acknowledgement.user_id)
        .where(Acknowledgement.acknowledged_at.is_(None))
        .order_by(Acknowledgement.version_id, Acknowledgement.user_id)).all()
    for number, (version_id, user_id) in enumerate(tasks):
        if number % 4 == 3:
            continue
        version = db.session.get(DocumentVersion, version_id)
        services.acknowledge(version, actor=db.session.get(User, user_id),
                             now=_at(max(day, version.effective_on or day)) + dt.timedelta(
                                 days=1 + number % 9))
