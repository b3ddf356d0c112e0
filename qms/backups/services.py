"""Backup, restore and verification of a whole installation: the database and the file store
in one ``.tar.gz`` archive.

The archive holds

    manifest.json        format, time, database kind, record counts and a SHA-256 of a
                         canonical dump of every table, SHA-256 and size of every stored file
    database.sqlite3     SQLite: a consistent copy made with the online backup API
    database.pgdump      PostgreSQL: ``pg_dump --format=custom`` of the same snapshot
    files/ab/ab12...     the content-addressed file store (qms.core.files)

The counts and hashes are taken from exactly the snapshot that is archived (the SQLite copy,
or the PostgreSQL snapshot that ``pg_dump`` reads), so a restore can prove it got back the
same data. Restore never extracts a member with an absolute path, ``..``, a link or a device
(a hostile archive cannot write outside its target folders).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump / pg_restore, arguments never come from a shell
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import inspect, text

from qms.core import files as file_store
from qms.extensions import db

FORMAT = "qms-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
FILES_PREFIX = "files/"
ARCHIVE_PATTERN = "qms-*.tar.gz"


class BackupError(Exception):
    """A backup or restore that cannot go ahead (message for the operator)."""


@dataclass
class Manifest:
    created_at: str
    database: str  # "sqlite" or "postgresql"
    tables: dict[str, dict]  # name -> {"rows": n, "sha256": hex}
    files: dict[str, dict]  # member name -> {"sha256": hex, "size": n}
    format: str = FORMAT

    def to_json(self) -> bytes:
        return json.dumps({"format": self.format, "created_at": self.created_at,
                           "database": self.database, "tables": self.tables,
                           "files": self.files}, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT:
                raise BackupError(f"Not a qms backup (format {raw.get('format')!r}).")
            manifest = cls(created_at=str(raw["created_at"]), database=str(raw["database"]),
                           tables=dict(raw["tables"]), files=dict(raw["files"]))
            for entry in manifest.tables.values():
                if not (isinstance(entry["rows"], int) and isinstance(entry["sha256"], str)):
                    raise TypeError("a table entry needs rows and sha256")
            for entry in manifest.files.values():
                if not isinstance(entry["sha256"], str):
                    raise TypeError("a file entry needs sha256")
            return manifest
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(f"The manifest is unreadable: {error}") from None

    @property
    def total_rows(self) -> int:
        return sum(t["rows"] for t in self.tables.values())


@dataclass
class Verification:
    manifest: Manifest
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        head = (f"{len(self.manifest.tables)} tables, {self.manifest.total_rows} records, "
                f"{len(self.manifest.files)} files")
        if self.ok:
            return f"Verified: {head} match the backup of {self.manifest.created_at}."
        return (f"Verification FAILED ({len(self.problems)} difference(s)) against {head}:\n"
                + "\n".join(f"  {problem}" for problem in self.problems))


# --- canonical table dumps --------------------------------------------------------------

def _table_names(existing: Iterable[str]) -> list[str]:
    """Every table of the models (plus alembic_version) that exists, in a stable order."""
    present = set(existing)
    names = [table.name for table in db.metadata.sorted_tables] + ["alembic_version"]
    return sorted({name for name in names if name in present})


def _canonical(value) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return "b:" + bytes(value).hex()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _digest_rows(rows: Iterable[tuple]) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(json.dumps(list(row), default=_canonical, ensure_ascii=False).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_query(name: str, column_count: int) -> str:
    """Every row in primary-key order (all columns for a table outside the models)."""
    table = db.metadata.tables.get(name)
    keys = [_quote(column.name) for column in table.primary_key.columns] if table is not None \
        else []
    order = ", ".join(keys or [str(i) for i in range(1, column_count + 1)])
    return f"SELECT * FROM {_quote(name)} ORDER BY {order}"  # noqa: S608 - names from models


def _sqlite_tables(connection: sqlite3.Connection) -> dict[str, dict]:
    existing = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")]
    result = {}
    for name in _table_names(existing):
        columns = len(connection.execute(f"PRAGMA table_info({_quote(name)})").fetchall())
        rows, sha = _digest_rows(connection.execute(_table_query(name, columns)))
        result[name] = {"rows": rows, "sha256": sha}
    return result


def _sqlalchemy_tables(connection) -> dict[str, dict]:
    """The same dump through a SQLAlchemy connection (raw driver values, no type decoding)."""
    inspector = inspect(connection)
    result = {}
    for name in _table_names(inspector.get_table_names()):
        columns = len(inspector.get_columns(name))
        rows, sha = _digest_rows(
            tuple(row) for row in connection.exec_driver_sql(_table_query(name, columns)))
        result[name] = {"rows": rows, "sha256": sha}
    return result


# --- files -------------------------------------------------------------------------------

def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stored_files() -> list[tuple[str, Path]]:
    """(member name, path) of every file in the store; temporary leftovers are skipped."""
    root = file_store.storage_root()
    found = []
    for path in sorted(root.glob("*/*")):
        name = path.name
        if (path.is_file() and not path.is_symlink() and path.parent.name == name[:2]
                and len(name) == 64 and all(c in "0123456789abcdef" for c in name)):
            found.append((f"{FILES_PREFIX}{name[:2]}/{name}", path))
    return found


# --- backup ------------------------------------------------------------------------------

def _is_postgres() -> bool:
    return db.engine.url.get_backend_name() == "postgresql"


def _libpq() -> tuple[str, dict]:
    """The database URL for the PostgreSQL tools, and an environment holding the password
    (never on the command line, where other users of the machine could read it)."""
    url = db.engine.url.set(drivername="postgresql")
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return url.set(password=None).render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools are needed).")
    return path


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _add_file(archive: tarfile.TarFile, name: str, path: Path, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mtime = int(mtime)
    info.mode = 0o600
    with path.open("rb") as handle:
        archive.addfile(info, handle)


def _sqlite_snapshot(target: Path) -> dict[str, dict]:
    """Copy the live database into ``target`` with the online backup API; returns the table
    counts and hashes read from the copy."""
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            return _sqlite_tables(copy)
        finally:
            copy.close()
    finally:
        raw.close()


def _postgres_snapshot(target: Path) -> dict[str, dict]:
    """``pg_dump`` of an exported snapshot; the counts and hashes come from the same one."""
    pg_dump = _tool("pg_dump")
    url, env = _libpq()
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with connection.begin():
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            completed = subprocess.run(  # noqa: S603
                [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={target}", "--dbname", url],
                capture_output=True, text=True, check=False, env=env)
            if completed.returncode:
                raise BackupError(f"pg_dump failed: {completed.stderr.strip()}")
            return _sqlalchemy_tables(connection)


def backup(target: Path, *, now: dt.datetime) -> Manifest:
    """Write a backup archive of the configured database and the file store to ``target``
    (written under a temporary name and renamed, so a crash leaves no half archive)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    postgres = _is_postgres()
    with tempfile.TemporaryDirectory(prefix="qms-backup-") as work:
        dump = Path(work) / (POSTGRES_MEMBER if postgres else SQLITE_MEMBER)
        tables = _postgres_snapshot(dump) if postgres else _sqlite_snapshot(dump)
        stored = _stored_files()
        manifest = Manifest(
            created_at=now.astimezone(dt.UTC).isoformat(timespec="seconds"),
            database="postgresql" if postgres else "sqlite", tables=tables,
            files={name: {"sha256": _sha256_file(path), "size": path.stat().st_size}
                   for name, path in stored})
        stamp = now.timestamp()
        fd, partial = tempfile.mkstemp(dir=target.parent, prefix=".partial-", suffix=".tar.gz")
        os.close(fd)
        try:
            with tarfile.open(partial, "w:gz") as archive:
                _add_bytes(archive, MANIFEST, manifest.to_json(), stamp)
                _add_file(archive, dump.name, dump, stamp)
                for name, path in stored:
                    _add_file(archive, name, path, stamp)
            os.chmod(partial, 0o600)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return manifest


# --- reading archives safely ----------------------------------------------------------------

def safe_member_name(name: str) -> str:
    """The member's normalised name, or BackupError for anything that could escape the target
    folder: absolute paths, drive letters, ``..``, backslashes, NUL bytes."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or ":" in name:
        raise BackupError(f"Unsafe path in the archive: {name!r}")
    parts = PurePosixPath(name).parts
    if any(part in ("..", "") for part in parts):
        raise BackupError(f"Unsafe path in the archive: {name!r}")
    return "/".join(part for part in parts if part != ".")


def _checked_members(archive: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    members: dict[str, tarfile.TarInfo] = {}
    for member in archive.getmembers():
        name = safe_member_name(member.name)
        if member.isdir():
            continue
        if not member.isfile():
            raise BackupError(f"The archive holds a link or device: {member.name!r}")
        if not (name in (MANIFEST, SQLITE_MEMBER, POSTGRES_MEMBER)
                or (name.startswith(FILES_PREFIX) and len(PurePosixPath(name).parts) == 3)):
            raise BackupError(f"Unexpected member in the archive: {member.name!r}")
        if name in members:
            raise BackupError(f"The archive holds {name!r} twice.")
        members[name] = member
    if MANIFEST not in members:
        raise BackupError("The archive has no manifest.json; it is not a qms backup.")
    return members


def read_manifest(source: Path) -> Manifest:
    try:
        with tarfile.open(source, "r:gz") as archive:
            members = _checked_members(archive)
            return Manifest.from_json(archive.extractfile(members[MANIFEST]).read())
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Cannot read the archive: {error}") from None


def _extract(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    with archive.extractfile(member) as source, target.open("wb") as handle:
        shutil.copyfileobj(source, handle)


# --- restore and verify -----------------------------------------------------------------

def database_is_empty() -> bool:
    """True when no table of the models holds a row (a fresh or freshly migrated database)."""
    with db.engine.connect() as connection:
        existing = inspect(connection).get_table_names()
        for name in _table_names(existing):
            if name == "alembic_version":
                continue
            if connection.exec_driver_sql(f"SELECT 1 FROM {_quote(name)} LIMIT 1").first():
                return False
    return True


def verify(manifest: Manifest) -> Verification:
    """Compare the configured database and the file store with ``manifest``."""
    result = Verification(manifest)
    with db.engine.connect() as connection:
        actual = _sqlalchemy_tables(connection)
    for name, expected in sorted(manifest.tables.items()):
        found = actual.get(name)
        if found is None:
            result.problems.append(f"table {name}: missing")
        elif found["rows"] != expected["rows"]:
            result.problems.append(
                f"table {name}: {found['rows']} records, the backup has {expected['rows']}")
        elif found["sha256"] != expected["sha256"]:
            result.problems.append(f"table {name}: content differs (SHA-256)")
    root = file_store.storage_root()
    for name, expected in sorted(manifest.files.items()):
        path = root / PurePosixPath(name).relative_to(FILES_PREFIX.rstrip("/"))
        if not path.is_file():
            result.problems.append(f"{name}: missing")
        elif _sha256_file(path) != expected["sha256"]:
            result.problems.append(f"{name}: content differs (SHA-256)")
    return result


def _restore_sqlite(archive: tarfile.TarFile, member: tarfile.TarInfo, work: Path) -> None:
    copy_path = work / SQLITE_MEMBER
    _extract(archive, member, copy_path)
    copy = sqlite3.connect(copy_path)
    try:
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The database in the archive is damaged: {check}")
        db.session.remove()
        db.engine.dispose()
        raw = db.engine.raw_connection()
        try:
            copy.backup(raw.driver_connection)
        except sqlite3.Error as error:
            raise BackupError(f"The database could not be replaced ({error}); stop the web "
                              "application and the scheduler, then try again.") from None
        finally:
            raw.close()
    finally:
        copy.close()


def _restore_postgres(archive: tarfile.TarFile, member: tarfile.TarInfo, work: Path) -> None:
    pg_restore = _tool("pg_restore")
    url, env = _libpq()
    dump = work / POSTGRES_MEMBER
    _extract(archive, member, dump)
    db.session.remove()
    db.engine.dispose()
    completed = subprocess.run(  # noqa: S603
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", "--dbname", url, str(dump)],
        capture_output=True, text=True, check=False, env=env)
    if completed.returncode:
        raise BackupError(f"pg_restore failed: {completed.stderr.strip()}")


def _restore_files(archive: tarfile.TarFile, members: dict[str, tarfile.TarInfo],
                   manifest: Manifest) -> None:
    """Put every file back in the content-addressed store (name checked against content)."""
    for name, expected in manifest.files.items():
        member = members.get(name)
        if member is None:
            continue  # reported by verify()
        digest = PurePosixPath(name).name
        if len(digest) != 64 or expected.get("sha256") != digest:
            raise BackupError(f"The manifest does not match the file name {name!r}.")
        target = file_store.path_for(digest)  # refuses anything but a SHA-256
        if target.exists() and _sha256_file(target) == digest:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle, archive.extractfile(member) as source:
                shutil.copyfileobj(source, handle)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise


def restore(source: Path, *, force: bool = False) -> Verification:
    """Restore the archive into the configured database and file store, then verify it.
    A database that holds records is overwritten only with ``force``."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            members = _checked_members(archive)
            manifest = Manifest.from_json(archive.extractfile(members[MANIFEST]).read())
            kind = "postgresql" if _is_postgres() else "sqlite"
            if manifest.database != kind:
                raise BackupError(f"The backup is of a {manifest.database} database; the "
                                  f"configured database is {kind}.")
            dump_name = POSTGRES_MEMBER if kind == "postgresql" else SQLITE_MEMBER
            if dump_name not in members:
                raise BackupError(f"The archive has no {dump_name}.")
            if not force and not database_is_empty():
                raise BackupError("The database is not empty; restore replaces everything in "
                                  "it. Use --force to overwrite it.")
            with tempfile.TemporaryDirectory(prefix="qms-restore-") as work:
                if kind == "postgresql":
                    _restore_postgres(archive, members[dump_name], Path(work))
                else:
                    _restore_sqlite(archive, members[dump_name], Path(work))
            _restore_files(archive, members, manifest)
    except (tarfile.TarError, EOFError) as error:
        raise BackupError(f"Cannot read the archive: {error}") from None
    return verify(manifest)


# --- nightly backups with retention -------------------------------------------------------

def backup_dir() -> Path:
    configured = current_app.config.get("BACKUP_DIR")
    return Path(configured or Path(current_app.instance_path) / "backups")


def backup_keep() -> int:
    return max(1, int(current_app.config.get("BACKUP_KEEP") or 14))


def archive_name(now: dt.datetime) -> str:
    return f"qms-{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}.tar.gz"


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives (by the time in their name)."""
    archives = sorted(directory.glob(ARCHIVE_PATTERN), key=lambda p: p.name, reverse=True)
    removed = archives[keep:]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
