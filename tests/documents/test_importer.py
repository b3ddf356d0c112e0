"""procedures/ as files: import checks everything first, export round-trips."""

import datetime as dt
import textwrap

import pytest
from sqlalchemy import func, select

from qms.documents import importer
from qms.documents.models import Document, DocumentVersion, VersionStatus

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def setting(make_unit, make_position, document_types, system):
    from qms.processes.services import create_process

    sd = make_unit(code="SD", kind="institution")
    aab = make_unit(code="AAB", parent_id=sd.id)
    make_position(title="Kvalitātes vadītājs", unit_id=sd.id)
    make_position(title="Biroja vadītājs", unit_id=aab.id)
    create_process(actor=system, code="PP-04", name="Aprūpe mājās", kind="core")
    return {"sd": sd, "aab": aab}


GOOD = """\
---
code: PA-04
title: Aprūpe mājās
type: process
owner: AAB/Biroja vadītājs
units: [AAB]
processes: [PP-04]
iso_clauses: ["8.5.1"]
legal_refs: ["MK 338"]
confidentiality: internal
distribution: [AAB, SD/Kvalitātes vadītājs]
version: "3.0"
effective_on: 2026-01-15
change_reason: Papildināts
summary: Mājas aprūpes process.
---
# Aprūpe mājās

Skat. [[KR-01]].
"""

EXTERNAL = """\
---
code: AR-01
title: Sociālo pakalpojumu un sociālās palīdzības likums
type: external
owner: SD/Kvalitātes vadītājs
distribution: everyone
external:
  kind: law
  url: https://likumi.lv/ta/id/68488
  edition: "07.11.2024"
  checked_on: 2026-10-01
---
Likums nosaka sociālo pakalpojumu sniegšanas principus.
"""


def _write(folder, name, text):
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")


def test_new_files_become_documents_with_a_first_draft(tmp_path, setting, system, db):
    _write(tmp_path, "PA-04.md", GOOD)
    _write(tmp_path, "AR-01.md", EXTERNAL)
    report = importer.import_dir(tmp_path, actor=system, now=NOW)
    assert report.errors == [] and sorted(report.created) == ["AR-01", "PA-04"]
    document = db.session.scalar(select(Document).where(Document.code == "PA-04"))
    version = document.latest_version
    assert version.number == "3.0" and version.status == VersionStatus.DRAFT
    assert version.body_md.startswith("# Aprūpe mājās")
    assert [u.code for u in document.units] == ["AAB"]
    assert sorted(str(d) for d in document.distribution) == ["AAB", "SD/Kvalitātes vadītājs"]
    law = db.session.scalar(select(Document).where(Document.code == "AR-01"))
    assert law.external_kind == "law" and law.external_checked_on == dt.date(2026, 10, 1)
    assert law.distribute_to_everyone


def test_unchanged_files_do_nothing_and_changed_files_update_the_draft(tmp_path, setting,
                                                                       system, db):
    _write(tmp_path, "PA-04.md", GOOD)
    importer.import_dir(tmp_path, actor=system, now=NOW)
    again = importer.import_dir(tmp_path, actor=system, now=NOW)
    assert again.unchanged == ["PA-04"] and again.created == again.changed == []
    _write(tmp_path, "PA-04.md", GOOD.replace("Skat.", "Skatīt"))
    changed = importer.import_dir(tmp_path, actor=system, now=NOW)
    assert changed.changed == ["PA-04"]
    assert db.session.scalar(select(func.count(DocumentVersion.id))) == 1


@pytest.mark.parametrize("text, line, fragment", [
    ("no front matter\n", 1, "must start with a '---'"),
    ("---\ncode: PA-01\ntitle: [unclosed\n---\nx\n", 3, "front matter"),
    (GOOD.replace("type: process", "type: memo"), 4, "unknown document type 'memo'"),
    (GOOD.replace("owner: AAB/Biroja vadītājs", "owner: AAB/Nobody"), 5, "no position"),
    (GOOD.replace("units: [AAB]", "units: [XYZ]"), 6, "unknown unit 'XYZ'"),
    (GOOD.replace("processes: [PP-04]", "processes: [PP-99]"), 7, "unknown process 'PP-99'"),
    (GOOD.replace("confidentiality: internal", "confidentiality: secret"), 10,
     "confidentiality"),
    (GOOD.replace("distribution: [AAB, SD/Kvalitātes vadītājs]", "distribution: [Nobody]"),
     11, "neither 'everyone'"),
    (GOOD.replace('version: "3.0"', 'version: "three"'), 12, "major.minor"),
    (GOOD.replace("effective_on: 2026-01-15", "effective_on: 15.01.2026"), 13, "a date"),
    (GOOD.replace("summary: Mājas aprūpes process.", "colour: blue"), 15, "unknown key"),
    (GOOD.replace("code: PA-04", "code: KP-04"), 2, "starts with PA-"),
    (GOOD.split("---\n# ")[0] + "---\n\n", 17, "no text"),
    (EXTERNAL.replace("  kind: law\n", ""), 7, "external.kind"),
])
def test_every_problem_is_reported_with_file_and_line_and_nothing_is_written(
        tmp_path, setting, system, db, text, line, fragment):
    _write(tmp_path, "A-good.md", EXTERNAL)
    _write(tmp_path, "B-bad.md", text)
    report = importer.import_dir(tmp_path, actor=system, now=NOW)
    bad = [e for e in report.errors if e.path.name == "B-bad.md"]
    assert bad, report.errors
    assert any(e.line == line and fragment in e.message for e in bad), [str(e) for e in bad]
    assert str(bad[0]).startswith(f"{tmp_path / 'B-bad.md'}:")
    assert db.session.scalar(select(func.count(Document.id))) == 0


def test_duplicate_codes_are_an_error(tmp_path, setting, system):
    _write(tmp_path, "one.md", GOOD)
    _write(tmp_path, "two.md", GOOD)
    report = importer.import_dir(tmp_path, actor=system, now=NOW)
    assert any("also used by one.md" in e.message for e in report.errors)


def test_export_then_import_reports_no_change(tmp_path, setting, system, editors, db,
                                              make_document):
    source = tmp_path / "in"
    source.mkdir()
    _write(source, "PA-04.md", GOOD)
    _write(source, "AR-01.md", EXTERNAL)
    importer.import_dir(source, actor=editors["author"], now=NOW)
    for document in db.session.scalars(select(Document)):
        make_document.approve(document.latest_version, now=NOW)
    out = tmp_path / "out"
    assert sorted(importer.export_dir(out)) == ["AR-01", "PA-04"]
    exported = (out / "PA-04.md").read_text(encoding="utf-8")
    assert exported.startswith("---\ncode: PA-04\n") and "# Aprūpe mājās" in exported
    report = importer.import_dir(out, actor=system, now=NOW)
    assert report.errors == [] and sorted(report.unchanged) == ["AR-01", "PA-04"]
    assert report.changed == [] and report.created == []
