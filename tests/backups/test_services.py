"""Backup and restore: a round trip gives back every record and file (verified), a database
with records is not overwritten by accident, tampering is detected, and a hostile archive
cannot write outside its folders."""

import datetime as dt
import io
import json
import tarfile

import pytest
from sqlalchemy import func, select

from qms.auth.models import User
from qms.backups import jobs, services
from qms.backups.services import BackupError
from qms.core import files
from qms.core.audit_log import AuditEvent

NOW = dt.datetime(2026, 11, 24, 1, 30, tzinfo=dt.UTC)


@pytest.fixture
def filled(app, make_user, make_document, db):
    make_user("admin", username="anna")
    make_document(title="Kvalitātes rokasgrāmata")
    digest = files.store(b"inspection act, page 1")
    files.attach("inspection", 1, filename="akts.pdf", data=b"inspection act, page 1",
                 content_type="application/pdf", uploaded_by_id=None, now=NOW)
    db.session.commit()
    return digest


def _counts(db):
    return (db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(AuditEvent.id))))


def test_round_trip_restores_records_and_files(app, db, filled, make_user, tmp_path):
    before = _counts(db)
    archive = tmp_path / "qms.tar.gz"
    manifest = services.backup(archive, now=NOW)
    assert manifest.tables["user"]["rows"] == before[0]
    assert manifest.tables["audit_event"]["rows"] == before[1]
    assert f"files/{filled[:2]}/{filled}" in manifest.files

    make_user(username="later")  # a change after the backup, then the file store is lost
    files.path_for(filled).unlink()
    with pytest.raises(BackupError, match="not empty"):
        services.restore(archive)
    result = services.restore(archive, force=True)
    assert result.ok, result.summary()
    assert _counts(db) == before
    assert files.path_for(filled).read_bytes() == b"inspection act, page 1"
    assert db.session.scalar(select(User).where(User.username == "later")) is None


def test_verify_reports_a_changed_record(app, db, filled, tmp_path):
    archive = tmp_path / "qms.tar.gz"
    manifest = services.backup(archive, now=NOW)
    assert services.verify(manifest).ok
    user = db.session.scalar(select(User).where(User.username == "anna"))
    user.full_name = "Anna Changed"
    db.session.commit()
    result = services.verify(manifest)
    assert result.problems == ["table user: content differs (SHA-256)"]
    files.path_for(filled).write_bytes(b"tampered")
    assert f"files/{filled[:2]}/{filled}: content differs (SHA-256)" in services.verify(
        manifest).problems


def test_restore_of_a_tampered_manifest_fails_verification(app, db, filled, tmp_path, runner):
    archive = tmp_path / "qms.tar.gz"
    services.backup(archive, now=NOW)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["tables"]["user"]["rows"] += 1
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    result = runner.invoke(args=["restore", "--force", str(tampered)])
    assert result.exit_code == 1
    assert "FAILED" in result.output and "table user:" in result.output


def _hostile(path, name, *, kind=tarfile.REGTYPE, linkname=""):
    with tarfile.open(path, "w:gz") as archive:
        manifest = json.dumps({"format": services.FORMAT, "created_at": "x",
                               "database": "sqlite", "tables": {}, "files": {}}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        archive.addfile(info, io.BytesIO(manifest))
        info = tarfile.TarInfo(name)
        info.type = kind
        info.linkname = linkname
        payload = b"owned" if kind == tarfile.REGTYPE else b""
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))


@pytest.mark.parametrize("name, kind, linkname", [
    ("../../evil.txt", tarfile.REGTYPE, ""),
    ("/tmp/evil.txt", tarfile.REGTYPE, ""),
    ("files/../../evil.txt", tarfile.REGTYPE, ""),
    ("files/ab\\..\\..\\evil.txt", tarfile.REGTYPE, ""),
    ("C:/evil.txt", tarfile.REGTYPE, ""),
    ("files/ab/link", tarfile.SYMTYPE, "/etc/passwd"),
    ("files/ab/hard", tarfile.LNKTYPE, "/etc/passwd"),
    ("database.sqlite3", tarfile.SYMTYPE, "/etc/passwd"),
    ("notes.txt", tarfile.REGTYPE, ""),
])
def test_hostile_archives_are_refused_before_anything_is_written(app, db, tmp_path, name, kind,
                                                                 linkname, make_user):
    make_user(username="keep")
    archive = tmp_path / "work" / "hostile.tar.gz"
    archive.parent.mkdir()
    _hostile(archive, name, kind=kind, linkname=linkname)
    with pytest.raises(BackupError):
        services.restore(archive, force=True)
    assert not (tmp_path / "evil.txt").exists()
    assert db.session.scalar(select(User).where(User.username == "keep")) is not None


def test_not_an_archive_is_a_clear_error(app, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"\x00" * 100)
    with pytest.raises(BackupError, match="Cannot read"):
        services.restore(junk)


def test_nightly_backup_keeps_the_newest(app, db, filled, tmp_path):
    app.config["BACKUP_DIR"] = str(tmp_path / "nightly")
    app.config["BACKUP_KEEP"] = 3
    for day in range(5):
        result = jobs.nightly_backup(now=NOW + dt.timedelta(days=day))
        assert result.startswith(services.archive_name(NOW + dt.timedelta(days=day)))
    kept = sorted(p.name for p in (tmp_path / "nightly").iterdir())
    assert kept == [services.archive_name(NOW + dt.timedelta(days=d)) for d in (2, 3, 4)]
    assert "2 old backup(s) removed" not in result and "1 old backup(s) removed" in result


def test_backup_dir_defaults_to_the_instance_folder(app):
    from pathlib import Path

    app.config.pop("BACKUP_DIR", None)
    assert services.backup_dir() == Path(app.instance_path) / "backups"
    assert services.backup_keep() == 14


def test_cli_backup_then_restore_into_an_empty_database(tmp_path, monkeypatch):
    """The real commands against SQLite files: back up one installation, restore it into a
    fresh one, which then holds the same records."""
    from qms import create_app
    from qms.extensions import db

    def make(name):
        monkeypatch.setenv("QMS_INSTANCE_PATH", str(tmp_path / name))
        return create_app({"TESTING": True, "SECRET_KEY": "test",
                           "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}.db"})

    source = make("source")
    with source.app_context():
        db.create_all()
        result = source.test_cli_runner().invoke(args=[
            "create-user", "--username", "boss", "--name", "Boss",
            "--password", "a long enough passphrase"])
        assert result.exit_code == 0, result.output
        files.store(b"evidence")
        result = source.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.tar.gz")])
        assert result.exit_code == 0, result.output
        assert "1 files" in result.output
        db.engine.dispose()
    target = make("target")
    with target.app_context():
        db.create_all()
        result = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "b.tar.gz")])
        assert result.exit_code == 0, result.output
        assert "Verified" in result.output
        assert db.session.scalar(select(User.username)) == "boss"
        assert files.path_for(files.store(b"evidence")).exists()
        result = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "b.tar.gz")])
        assert result.exit_code != 0 and "--force" in result.output
        db.session.remove()
        db.engine.dispose()


def test_nightly_backup_runs_once_per_night_through_the_scheduler(app, db, filled, tmp_path):
    """The JobSpec the scheduler registers: a second run in the same night does nothing."""
    from qms.scheduler import JobSpec, _day, run_job

    app.config["BACKUP_DIR"] = str(tmp_path / "nightly")
    spec = JobSpec("backups.nightly", jobs.nightly_backup, {"hour": 2, "minute": 30}, _day)
    assert "1 files" in run_job(app, spec, now=NOW)
    assert run_job(app, spec, now=NOW + dt.timedelta(minutes=5)) is None
    archives = list((tmp_path / "nightly").iterdir())
    assert len(archives) == 1
    assert services.read_manifest(archives[0]).tables["job_run"]["rows"] == 1


@pytest.mark.parametrize("tables", [{"user": 5}, {"user": {"rows": "5", "sha256": "x"}},
                                    {"user": {}}, "rows"])
def test_a_malformed_manifest_is_a_clear_error(app, tmp_path, tables):
    archive = tmp_path / "bad.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = json.dumps({"format": services.FORMAT, "created_at": "x", "database": "sqlite",
                           "tables": tables, "files": {}}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="manifest"):
        services.restore(archive, force=True)
