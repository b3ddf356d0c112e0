"""Exporting the audit trail. The export itself is recorded in the trail."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from flask_babel import lazy_gettext as _l

from qms.core import audit_log
from qms.core.errors import PermissionDenied
from qms.core.formatting import format_datetime
from qms.core.permissions import Permission
from qms.extensions import db
from qms.history.queries import TrailFilter, filtered

CSV_HEADER = ["time", "actor", "action", "record_type", "record_id", "record", "changes", "note"]


def export_csv(f: TrailFilter, *, actor, tz: str) -> Iterator[str]:
    """CSV text in chunks (UTF-8 with BOM, ``;``-separated, as Latvian Excel expects)."""
    if not actor.can(Permission.AUDIT_TRAIL_EXPORT):
        raise PermissionDenied(_l("You may not export the audit trail."))
    audit_log.record(actor=actor, action="audit_trail.export", entity_type="audit_event",
                     note=json.dumps({k: str(v) for k, v in vars(f).items() if v}))
    db.session.commit()
    stmt = filtered(f, tz=tz).execution_options(yield_per=1000)

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        buffer.write("\ufeff")
        writer.writerow(CSV_HEADER)
        for count, row in enumerate(db.session.scalars(stmt), start=1):
            writer.writerow([
                format_datetime(row.at), row.actor_name, row.action, row.entity_type,
                row.entity_id or "", row.entity_label,
                json.dumps(row.changes, ensure_ascii=False) if row.changes else "", row.note,
            ])
            if count % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return generate()
