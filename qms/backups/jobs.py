"""The nightly backup (called by the scheduler): one archive a night into BACKUP_DIR
(``QMS_BACKUP_DIR``, default ``instance/backups``), the newest BACKUP_KEEP (``QMS_BACKUP_KEEP``,
default 14) are kept."""

from __future__ import annotations

import datetime as dt

from qms.backups import services


def nightly_backup(*, now: dt.datetime) -> str:
    directory = services.backup_dir()
    target = directory / services.archive_name(now)
    manifest = services.backup(target, now=now)
    removed = services.prune(directory, services.backup_keep())
    return (f"{target.name}: {len(manifest.tables)} tables, {manifest.total_rows} records, "
            f"{len(manifest.files)} files; {len(removed)} old backup(s) removed")
