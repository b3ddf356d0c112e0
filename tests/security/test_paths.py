"""Paths and files: uploads, downloads, imports, exports and backups cannot read or write
outside their folders; uploads are size-limited; stored files are served as downloads."""

import datetime as dt
import io
import os
import shutil

import pytest
from sqlalchemy import func, select

from qms.core import files
from qms.core.errors import DomainError
from qms.documents.models import Attachment

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HOSTILE_NAMES = ["../../../../etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini",
                 "evil\x00.pdf", "....//....//x.md", "./.htaccess", "a/../../b.txt",
                 "%2e%2e%2fetc%2fpasswd", "\u202efdp.exe", "x" * 400, ""]


def _files_under(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def draft(make_document):
    return make_document(effective=False)


def test_an_uploaded_file_name_never_reaches_the_file_system(app, client, login, editors, draft,
                                                              tmp_path, db):
    login(editors["author"])
    version = draft.latest_version
    for number, name in enumerate(HOSTILE_NAMES):
        data = b"%PDF-1.4 act " + str(number).encode()
        response = client.post(f"/documents/{draft.code}/v/{version.id}/attachments",
                               data={"file": (io.BytesIO(data), name)},
                               content_type="multipart/form-data")
        assert response.status_code < 500, name
    stored = db.session.scalars(select(Attachment)).all()
    assert len(stored) >= len(HOSTILE_NAMES) - 1  # an empty name may be refused as no file
    root = files.storage_root()
    # Only content-addressed names exist in the store, nothing elsewhere in the instance.
    for relative in _files_under(root):
        folder, digest = relative.split(os.sep)
        assert len(digest) == 64 and folder == digest[:2]
    assert not (tmp_path / "etc").exists() and not (tmp_path / "b.txt").exists()
    for attachment in stored:
        assert not set(attachment.filename) & {"/", "\\", "\x00"}
        assert attachment.filename not in ("", ".", "..")
        download = client.get(f"/documents/files/{attachment.id}")
        assert download.status_code == 200
        disposition = download.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "/" not in disposition
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        # Never the type the browser claimed at upload: a download, not a page.
        assert download.headers["Content-Type"] == "application/octet-stream"
        assert download.data.startswith(b"%PDF-1.4 act")
        download.close()


def test_html_and_svg_uploads_are_downloads_not_pages(app, client, login, editors, draft, db):
    login(editors["author"])
    version = draft.latest_version
    for name, data in [("x.html", b"<script>alert(1)</script>"),
                       ("x.svg", b"<svg onload=alert(1)></svg>")]:
        client.post(f"/documents/{draft.code}/v/{version.id}/attachments",
                    data={"file": (io.BytesIO(data), name, "text/html")},
                    content_type="multipart/form-data")
    for attachment in db.session.scalars(select(Attachment)):
        response = client.get(f"/documents/files/{attachment.id}")
        assert response.headers["Content-Type"] == "application/octet-stream"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        response.close()


def test_uploads_beyond_the_request_limit_get_the_413_page(app, client, login, editors, draft,
                                                           db):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    login(editors["author"])
    version = draft.latest_version
    response = client.post(f"/documents/{draft.code}/v/{version.id}/attachments",
                           data={"file": (io.BytesIO(b"x" * 10_000), "big.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Attachment.id))) == 0
    assert _files_under(files.storage_root()) == []


def test_the_file_store_refuses_files_beyond_its_own_limit(app, monkeypatch):
    monkeypatch.setattr(files, "MAX_EVIDENCE_BYTES", 10)
    with pytest.raises(DomainError):
        files.attach("nonconformity", 1, filename="a", data=b"x" * 11, content_type="",
                     uploaded_by_id=None, now=NOW)
    with pytest.raises(DomainError):
        files.attach("nonconformity", 1, filename="a", data=b"", content_type="",
                     uploaded_by_id=None, now=NOW)
    assert _files_under(files.storage_root()) == []


@pytest.mark.parametrize("digest", ["../../../etc/passwd", "/etc/passwd", "a" * 63 + "/",
                                    "A" * 64, "g" * 64, "\x00" * 64, ""])
def test_only_a_sha256_names_a_stored_file(app, digest):
    with pytest.raises(ValueError):
        files.path_for(digest)


def test_a_tampered_record_cannot_point_a_download_outside_the_store(
        app, client, login, editors, draft, db):
    login(editors["author"])
    version = draft.latest_version
    client.post(f"/documents/{draft.code}/v/{version.id}/attachments",
                data={"file": (io.BytesIO(b"act"), "akts.pdf")},
                content_type="multipart/form-data")
    attachment = db.session.scalar(select(Attachment))
    attachment.sha256 = "../../../../etc/passwd"
    db.session.commit()
    response = client.get(f"/documents/files/{attachment.id}")
    assert response.status_code == 404


def test_document_import_refuses_links_to_files_outside_its_folder(app, db, system, tmp_path,
                                                                    document_types):
    from qms.documents.importer import import_dir
    from qms.documents.models import Document

    outside = tmp_path / "secret.md"
    outside.write_text("---\ncode: X-1\ntitle: Secret\ntype: process\nowner: system\n---\n"
                       "secret text\n", encoding="utf-8")
    folder = tmp_path / "procedures"
    folder.mkdir()
    (folder / "link.md").symlink_to(outside)
    report = import_dir(folder, actor=system, now=NOW)
    assert [e.message for e in report.errors] == ["a link to a file outside this folder"]
    assert db.session.scalar(select(func.count(Document.id))) == 0


def test_checklist_import_refuses_links_to_files_outside_its_folder(app, db, system, tmp_path):
    from qms.audits.checklists import import_dir

    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: Secret\nclauses: ['4']\n---\n- [4.1] Vai?\n",
                       encoding="utf-8")
    folder = tmp_path / "audits"
    folder.mkdir()
    (folder / "link.md").symlink_to(outside)
    report = import_dir(folder, actor=system, now=NOW)
    assert [e.message for e in report.errors] == ["a link to a file outside this folder"]


def test_export_writes_only_inside_its_folder(app, db, make_document, tmp_path):
    from qms.documents.importer import export_dir

    document = make_document()
    target = tmp_path / "deep" / "export"
    for code in ["../../evil", "/tmp/evil", "..", "a/../../b", "c:\\evil", "x\ty"]:
        document.code = code
        db.session.commit()
        shutil.rmtree(tmp_path / "deep", ignore_errors=True)
        before = set(tmp_path.rglob("*"))
        export_dir(target)
        created = set(tmp_path.rglob("*")) - before
        assert all(path.is_relative_to(tmp_path / "deep") for path in created), code
        assert len(list(target.iterdir())) == 1, code


def test_restore_refuses_archive_members_outside_its_folders(app, tmp_path):
    """The backup archive is read member by member: see tests/backups for every kind of
    hostile member; here the classic one."""
    import json
    import tarfile

    from qms.backups.services import FORMAT, BackupError, restore

    archive = tmp_path / "a" / "b.tar.gz"
    archive.parent.mkdir()
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in [("manifest.json", json.dumps({"format": FORMAT}).encode()),
                           ("files/../../../pwned", b"x")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="Unsafe path"):
        restore(archive, force=True)
    assert not (tmp_path / "pwned").exists()


def test_imports_refuse_files_with_nul_characters(app, db, system, tmp_path, document_types):
    """Not text, and PostgreSQL cannot store it: reported as a problem, nothing written."""
    from qms.audits.checklists import import_dir as import_checklists
    from qms.documents.importer import import_dir as import_documents

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\n---\nline\nbad \x00 byte\n", encoding="utf-8")
    for run in (import_documents, import_checklists):
        report = run(folder, actor=system, now=NOW)
        assert [(e.line, e.message) for e in report.errors] == [
            (5, "the file contains a NUL character (not text)")]
