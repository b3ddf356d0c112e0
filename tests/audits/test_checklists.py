"""audits/ as files: every file is checked before anything is written; re-importing an
unchanged file does nothing, a changed one replaces its questions."""

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qms.audits import checklists
from qms.audits.models import Audit, ChecklistTemplate, TemplateQuestion
from qms.core.audit_log import AuditEvent
from qms.core.errors import PermissionDenied

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
AUDITS = Path(__file__).resolve().parents[2] / "audits"
CORE = {
    "PP-01": "Sociālā palīdzība",
    "PP-02": "Vajadzību izvērtēšana un sociālo pakalpojumu piešķiršana",
    "PP-03": "Darbs ar ģimenēm ar bērniem sociālā riska situācijā",
    "PP-04": "Aprūpe mājās",
    "PP-05": "Ilgstošā sociālā aprūpe un sociālā rehabilitācija institūcijā",
    "PP-06": "Dienas aprūpe",
    "PP-07": "Patversme un naktspatversme",
}


@pytest.fixture
def processes(app, system):
    from qms.processes.services import create_process

    for code, name in CORE.items():
        create_process(actor=system, code=code, name=name, kind="core")


GOOD = """\
---
title: PP-04 Aprūpe mājās — procesa audita kontroljautājumi
clauses: ["7.5.3", "8.5.1", "9.1.2"]
processes: [PP-04]
language: lv
---
# Aprūpe mājās
## Pakalpojuma sniegšana
- [8.5.1] Vai aprūpes plāns sastādīts 5 darba dienu laikā?
- [8.5.3] Vai naudas un atslēgu uzskaites lapas ir aizpildītas
  un parakstītas?
## Ieraksti
- [7.5.3] Vai uzskaites lapas glabā birojā?
- [MK 338 6.2] Vai klienta lietā ir rezultātu novērtējums?
## Klientu atsauksmes
- [9.1.2] Vai aptauja veikta reizi divos gados?
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _templates(db) -> int:
    return db.session.scalar(select(func.count(ChecklistTemplate.id)))


def _template(db, key: str) -> ChecklistTemplate:
    return db.session.scalar(select(ChecklistTemplate).where(ChecklistTemplate.key == key))


def _clause_key(clause: str) -> list[int]:
    return [int(part) for part in clause.split(".")]


# --- the real folder --------------------------------------------------------------------------

def test_the_real_folder_imports_without_errors(processes, system, db):
    parsed, errors = checklists.parse_dir(AUDITS)
    assert [str(e) for e in errors] == []
    by_key = {c.key: c for c in parsed}
    assert sorted(by_key) == ["iso9001", "pp-01-socialas-palidzibas",
                              "pp-02-vajadzibu-izvertesana", "pp-03-gimenes-ar-berniem",
                              "pp-04-aprupe-majas", "pp-05-ilgstosa-aprupe",
                              "pp-06-dienas-aprupe", "pp-07-patversme"]
    for checklist in parsed:
        assert checklist.language == "lv" and checklist.title
        assert all(q.question.endswith("?") for q in checklist.questions), checklist.key
        assert all(q.section for q in checklist.questions), checklist.key
        assert not any(re.search(r"\[\[|\d{6}-\d{5}", q.question) for q in checklist.questions)

    report = checklists.import_dir(AUDITS, actor=system, now=NOW)
    assert report.errors == [] and sorted(report.created) == sorted(by_key)
    assert _templates(db) == 8
    assert db.session.scalar(select(func.count(AuditEvent.id))
                             .where(AuditEvent.action == "checklist.import")) == 8


def test_the_iso_checklist_covers_every_clause_and_the_latvian_criteria(processes):
    parsed, _ = checklists.parse_dir(AUDITS)
    iso = next(c for c in parsed if c.key == "iso9001")
    assert iso.clauses == ["4", "5", "6", "7", "8", "9", "10"] and iso.process_codes == []
    iso_items = [q for q in iso.questions if q.clause[0].isdigit()]
    assert len(iso_items) >= 60
    asked = {q.clause for q in iso_items}
    every_clause = [
        "4.1", "4.2", "4.3", "4.4.1", "4.4.2", "5.1.1", "5.1.2", "5.2.1", "5.2.2", "5.3",
        "6.1.1", "6.1.2", "6.2.1", "6.2.2", "6.3", "7.1.1", "7.1.2", "7.1.3", "7.1.4",
        "7.1.5.1", "7.1.5.2", "7.1.6", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3.1",
        "7.5.3.2", "8.1", "8.2.1", "8.2.2", "8.2.3.1", "8.2.3.2", "8.2.4", "8.4.1", "8.4.2",
        "8.4.3", "8.5.1", "8.5.2", "8.5.3", "8.5.4", "8.5.5", "8.5.6", "8.6", "8.7.1",
        "8.7.2", "9.1.1", "9.1.2", "9.1.3", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3",
        "10.1", "10.2.1", "10.2.2", "10.3"]
    assert [c for c in every_clause if c not in asked] == []
    assert any(c.startswith("8.3") for c in asked)
    legal = {q.clause for q in iso.questions if not q.clause[0].isdigit()}
    assert {"MK 338 2.5", "MK 338 2.7", "MK 385", "MK 282", "Arhīvu likums"} <= legal
    sections = list(dict.fromkeys(q.section for q in iso.questions))
    assert [s.split(" ", 1)[0] for s in sections[:7]] == ["4", "5", "6", "7", "8", "9", "10"]
    assert sections[7] == "Latvijas normatīvo aktu prasības"


@pytest.mark.parametrize("code", sorted(CORE))
def test_each_core_process_has_its_checklist(processes, code):
    parsed, _ = checklists.parse_dir(AUDITS)
    (checklist,) = [c for c in parsed if c.key.startswith(code.lower() + "-")]
    assert checklist.process_codes == [code]
    assert checklist.title.startswith(code)
    assert 12 <= len(checklist.questions) <= 25
    used = sorted({q.clause for q in checklist.questions}, key=_clause_key)
    assert checklist.clauses == used  # the front matter lists exactly the clauses asked about
    assert {"8.5.1", "7.5.3", "9.1.1", "9.1.2"} <= set(used)
    assert len({q.section for q in checklist.questions}) >= 5


# --- import, re-import, change ----------------------------------------------------------------

def test_a_new_file_becomes_a_template_with_its_questions(tmp_path, processes, system, db):
    _write(tmp_path, "pp-04.md", GOOD)
    _write(tmp_path, "README.md", "# Not a checklist\n\nSome text.\n")
    report = checklists.import_dir(tmp_path, actor=system, now=NOW)
    assert report.errors == [] and report.created == ["pp-04"]
    template = _template(db, "pp-04")
    assert template.title == "PP-04 Aprūpe mājās — procesa audita kontroljautājumi"
    assert template.language == "lv" and template.process_codes == ["PP-04"]
    assert template.clauses == ["7.5.3", "8.5.1", "9.1.2"]
    assert template.imported_at == NOW and len(template.content_sha256) == 64
    assert [(q.position, q.section, q.clause) for q in template.questions] == [
        (1, "Pakalpojuma sniegšana", "8.5.1"), (2, "Pakalpojuma sniegšana", "8.5.3"),
        (3, "Ieraksti", "7.5.3"), (4, "Ieraksti", "MK 338 6.2"),
        (5, "Klientu atsauksmes", "9.1.2")]
    assert template.questions[1].question == ("Vai naudas un atslēgu uzskaites lapas ir "
                                              "aizpildītas un parakstītas?")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "checklist.import"))
    assert event.entity_type == "checklist_template" and event.entity_id == template.id
    assert event.changes["questions"] == [None, 5]
    assert event.changes["title"][1] == template.title


def test_reimporting_an_unchanged_folder_does_nothing(tmp_path, processes, system, db):
    _write(tmp_path, "pp-04.md", GOOD)
    checklists.import_dir(tmp_path, actor=system, now=NOW)
    ids = [q.id for q in _template(db, "pp-04").questions]
    again = checklists.import_dir(tmp_path, actor=system, now=LATER)
    assert (again.created, again.changed, again.unchanged) == ([], [], ["pp-04"])
    template = _template(db, "pp-04")
    assert [q.id for q in template.questions] == ids and template.imported_at == NOW
    assert db.session.scalar(select(func.count(AuditEvent.id))
                             .where(AuditEvent.action == "checklist.import")) == 1


def test_a_changed_file_replaces_the_questions_but_not_a_started_audits_items(
        tmp_path, processes, system, db):
    from qms.audits.services import add_checklist

    path = _write(tmp_path, "pp-04.md", GOOD)
    checklists.import_dir(tmp_path, actor=system, now=NOW)
    template = _template(db, "pp-04")
    audit = Audit(number="IA-2026-01", title="Aprūpe mājās", created_at=NOW)
    db.session.add(audit)
    add_checklist(audit, template_ids=[template.id])
    db.session.commit()

    text = path.read_text(encoding="utf-8")
    text = text.replace("- [7.5.3] Vai uzskaites lapas glabā birojā?\n", "")
    text = text.replace("reizi divos gados?", "reizi gadā?")
    text = text.replace("language: lv", "language: en").replace('"9.1.2"]', '"9.1.2", "10"]')
    text += "- [10.2.1] Vai sūdzības ir izskatītas?\n"
    path.write_text(text, encoding="utf-8")
    report = checklists.import_dir(tmp_path, actor=system, now=LATER)
    assert (report.created, report.changed, report.unchanged) == ([], ["pp-04"], [])

    db.session.expire_all()
    template = _template(db, "pp-04")
    assert [(q.position, q.clause) for q in template.questions] == [
        (1, "8.5.1"), (2, "8.5.3"), (3, "MK 338 6.2"), (4, "9.1.2"), (5, "10.2.1")]
    assert template.questions[3].question == "Vai aptauja veikta reizi gadā?"
    assert template.language == "en" and template.clauses[-1] == "10"
    assert template.imported_at == LATER
    assert db.session.scalar(select(func.count(TemplateQuestion.id))) == 5
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "checklist.import")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.changes["language"] == ["lv", "en"]
    assert event.changes["clauses"] == [["7.5.3", "8.5.1", "9.1.2"],
                                        ["7.5.3", "8.5.1", "9.1.2", "10"]]
    assert "content_sha256" in event.changes and "questions" not in event.changes
    # The audit started from the old version keeps its own copy.
    assert [i.clause for i in db.session.get(Audit, audit.id).items] == [
        "8.5.1", "8.5.3", "7.5.3", "MK 338 6.2", "9.1.2"]


def test_line_endings_alone_are_no_change(tmp_path, processes, system):
    path = _write(tmp_path, "pp-04.md", GOOD)
    checklists.import_dir(tmp_path, actor=system, now=NOW)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert checklists.import_dir(tmp_path, actor=system, now=LATER).unchanged == ["pp-04"]


def test_only_a_quality_manager_imports(tmp_path, processes, make_user, db):
    _write(tmp_path, "pp-04.md", GOOD)
    with pytest.raises(PermissionDenied):
        checklists.import_dir(tmp_path, actor=make_user("auditor"), now=NOW)
    report = checklists.import_dir(tmp_path, actor=make_user("quality_manager"), now=NOW)
    assert report.created == ["pp-04"]


# --- problems ---------------------------------------------------------------------------------

BAD = [
    ("no front matter", "title: X\n- [4.1] Vai?\n", 1, "must start with a '---' line"),
    ("unclosed", "---\ntitle: X\n- [4.1] Vai?\n", 1, "no closing '---'"),
    ("yaml error", "---\ntitle: X\nprocesses: [PP-04\nlanguage: lv\n---\n- [4.1] Vai?\n", 4,
     "front matter: expected ',' or ']'"),
    ("missing title", "---\nclauses: [\"4\"]\n---\n- [4.1] Vai?\n", 1, "'title' is required"),
    ("empty title", "---\nlanguage: lv\ntitle:\n---\n- [4.1] Vai?\n", 3, "'title' is required"),
    ("unknown key", "---\ntitle: X\nowner: SD\n---\n- [4.1] Vai?\n", 3, "unknown key 'owner'"),
    ("unknown process", "---\ntitle: X\nprocesses: [PP-04, PA-04]\n---\n- [4.1] Vai?\n", 3,
     "unknown process 'PA-04'"),
    ("language", "---\ntitle: X\nlanguage: de\n---\n- [4.1] Vai?\n", 3, "language is lv or en"),
    ("unquoted clause", "---\ntitle: X\nclauses: [8.1]\n---\n- [8.1] Vai?\n", 3,
     "write clause 8.1 in quotes"),
    ("unquoted clause, no follow-up errors",
     "---\ntitle: X\nclauses: [\"4\", 8.1]\n---\n- [4.1] Vai?\n- [8.1] Vai tā?\n", 3,
     "write clause 8.1 in quotes"),
    ("two-line title", "---\ntitle: |\n  A\n  B\n---\n- [4.1] Vai?\n", 2, "one line of text"),
    ("bad clause in list", "---\ntitle: X\nclauses: [\"8.x\"]\n---\n- [8.1] Vai?\n", 3,
     "'8.x' is not an ISO 9001 clause number"),
    ("clause 3 in list", "---\ntitle: X\nclauses: [\"3\"]\n---\n- [4.1] Vai?\n", 3,
     "clauses 4 to 10"),
    ("not an item", "---\ntitle: X\n---\n## A\n- [4.1] Vai?\n- 4.2 Vai tā?\n", 6,
     "not an item: write '- [clause] question'"),
    ("a paragraph", "---\ntitle: X\n---\n- [4.1] Vai?\n\nSome notes.\n", 6, "not an item"),
    ("a checkbox", "---\ntitle: X\n---\n- [4.1] Vai?\n- [ ] Vai tā?\n", 5,
     "the item has no clause"),
    ("star bullet", "---\ntitle: X\n---\n* [4.1] Vai?\n- [4.2] Vai tā?\n", 4, "not an item"),
    ("deep heading", "---\ntitle: X\n---\n### A\n- [4.1] Vai?\n", 4, "only '## ' headings"),
    ("bad clause", "---\ntitle: X\n---\n- [4.1] Vai?\n- [4.x] Vai tā?\n", 5,
     "[4.x] is neither an ISO 9001 clause number"),
    ("clause 11", "---\ntitle: X\n---\n- [11.1] Vai?\n", 4, "clauses 4 to 10"),
    ("empty question", "---\ntitle: X\n---\n- [4.1] Vai?\n- [4.2]\n", 5,
     "the question of item [4.2] is empty"),
    ("clause outside", "---\ntitle: X\nclauses: [\"4\", \"5\"]\n---\n- [4.1] Vai?\n"
     "- [8.5.1] Vai tā?\n", 6, "clause 8.5.1 is outside the checklist's clauses (add \"8\""),
    ("duplicate", "---\ntitle: X\n---\n- [4.1] Vai tas ir tā?\n## B\n- [4.2] vai  tas ir TĀ?\n",
     6, "the same question is already on line 4"),
    ("no items", "---\ntitle: X\n---\n## A\n\n", 4, "the checklist has no items"),
    ("nothing after front matter", "---\ntitle: X\n---", 3, "the checklist has no items"),
    ("personal code", "---\ntitle: X\n---\n- [4.1] Vai lieta 010190-12345 ir pilnīga?\n", 4,
     "personal code"),
    ("bad file name", None, 1, "is the checklist key"),
]


@pytest.mark.parametrize(("text", "line", "message"), [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])
def test_every_problem_is_reported_with_its_line_and_nothing_is_written(
        tmp_path, processes, system, db, text, line, message):
    _write(tmp_path, "a-good-one.md", GOOD)
    if text is None:
        bad = _write(tmp_path, "bad name!.md", GOOD)
    else:
        bad = tmp_path / "z-bad.md"
        bad.write_text(text, encoding="utf-8")
    report = checklists.import_dir(tmp_path, actor=system, now=NOW)
    assert report.created == [] and _templates(db) == 0
    assert [(e.path, e.line) for e in report.errors] == [(bad, line)], report.errors
    assert message in report.errors[0].message
    assert str(report.errors[0]).startswith(f"{bad}:{line}: ")


def test_all_problems_of_all_files_are_reported_together(tmp_path, processes, system, db):
    _write(tmp_path, "one.md", "---\ntitle: X\ncolour: red\n---\n- [4.1] Vai?\n- [4.1]\n")
    _write(tmp_path, "two.md", "---\ntitle: Y\nprocesses: [PP-99]\n---\n## A\n")
    report = checklists.import_dir(tmp_path, actor=system, now=NOW)
    assert [(e.path.name, e.line) for e in report.errors] == [
        ("one.md", 3), ("one.md", 6), ("two.md", 3), ("two.md", 5)]
    assert _templates(db) == 0


def test_a_problem_in_one_file_keeps_the_others_unchanged(tmp_path, processes, system, db):
    good = _write(tmp_path, "pp-04.md", GOOD)
    checklists.import_dir(tmp_path, actor=system, now=NOW)
    good.write_text(GOOD.replace("reizi divos gados?", "reizi gadā?"), encoding="utf-8")
    _write(tmp_path, "new.md", "---\ntitle: X\n---\n- [4.1]\n")
    report = checklists.import_dir(tmp_path, actor=system, now=LATER)
    assert report.errors and report.changed == [] and report.created == []
    db.session.expire_all()
    assert _templates(db) == 1
    assert _template(db, "pp-04").questions[4].question == "Vai aptauja veikta reizi divos gados?"


def test_an_empty_folder_is_a_problem(tmp_path, processes, system):
    report = checklists.import_dir(tmp_path, actor=system, now=NOW)
    assert [e.message for e in report.errors] == ["no checklists (*.md) in this folder"]


def test_without_clauses_any_iso_clause_is_accepted(tmp_path, system, db):
    _write(tmp_path, "free.md", "---\ntitle: Brīvs saraksts\n---\n- [4.1] Vai?\n"
                                "- [10.3] Vai tā?\n- [MK 385] Vai reģistrēts?\n")
    report = checklists.import_dir(tmp_path, actor=system, now=NOW)
    assert report.created == ["free"]
    template = _template(db, "free")
    assert template.clauses == [] and template.process_codes == []
    assert [q.section for q in template.questions] == ["", "", ""]


# --- command line -----------------------------------------------------------------------------

def test_import_checklists_command(runner, tmp_path, processes, db):
    _write(tmp_path, "pp-04.md", GOOD)
    result = runner.invoke(args=["import-checklists", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 new, 0 changed, 0 unchanged." in result.output
    result = runner.invoke(args=["import-checklists", str(tmp_path)])
    assert result.exit_code == 0 and "0 new, 0 changed, 1 unchanged." in result.output

    bad = _write(tmp_path, "bad.md", "---\ntitle: X\nprocesses: [PP-99]\n---\n- [4.1]\n")
    result = runner.invoke(args=["import-checklists", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{bad}:3: unknown process 'PP-99'" in result.output
    assert f"{bad}:5: the question of item [4.1] is empty" in result.output
    assert "2 problem(s); nothing was imported." in result.output
    assert _templates(db) == 1


def test_import_checklists_defaults_to_the_audits_folder(runner, processes, db):
    result = runner.invoke(args=["import-checklists"])
    assert result.exit_code == 0, result.output
    assert "8 new, 0 changed, 0 unchanged." in result.output
    assert _templates(db) == 8


def test_import_checklists_as_a_user_who_may_not(runner, tmp_path, processes, make_user, db):
    make_user("staff", username="anna")
    _write(tmp_path, "pp-04.md", GOOD)
    result = runner.invoke(args=["import-checklists", str(tmp_path), "--as", "anna"])
    assert result.exit_code == 1 and "quality manager" in result.output
    assert _templates(db) == 0
    make_user("quality_manager", username="ilze")
    result = runner.invoke(args=["import-checklists", str(tmp_path), "--as", "ilze"])
    assert result.exit_code == 0, result.output
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "checklist.import"))
    assert event.actor_name != "system"
