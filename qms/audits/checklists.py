"""Audit checklist templates as files: ``audits/*.md`` with YAML front matter and one
``- [clause] question`` line per item (see audits/README.md).

``import_dir`` checks every file before writing anything; any problem is reported as
``file:line: message`` and nothing is written. A new file becomes a template, a changed file
(another SHA-256 of its text) replaces its template's title, lists and questions, an unchanged
file does nothing. Audits already started keep the items they copied, so replacing the
questions of a template never changes an audit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from qms.audits.models import ChecklistTemplate, TemplateQuestion
from qms.core import audit_log, transaction
from qms.core.errors import PermissionDenied
from qms.core.permissions import Permission
from qms.core.privacy import looks_like_personal_code
from qms.documents.importer import FileError, _key_lines, _split
from qms.extensions import db
from qms.processes.models import Process

KEYS = ("title", "clauses", "processes", "language")
LANGUAGES = ("lv", "en")
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
ISO_CLAUSE_RE = re.compile(r"^(\d{1,2})(?:\.\d{1,2}){0,3}$")
ITEM_RE = re.compile(r"^- \[([^\[\]]*)\]\s*(.*)$")
TOP_LEVELS = range(4, 11)  # the requirements of ISO 9001:2015 are in clauses 4 to 10
TITLE_MAX, SECTION_MAX, CLAUSE_MAX = 300, 200, 40

__all__ = ["FileError", "ImportReport", "ParsedChecklist", "ParsedQuestion", "import_dir",
           "parse_dir", "parse_file"]


@dataclass(frozen=True)
class ParsedQuestion:
    line: int
    section: str
    clause: str
    question: str


@dataclass
class ParsedChecklist:
    path: Path
    key: str
    title: str
    language: str
    clauses: list[str]
    process_codes: list[str]
    questions: list[ParsedQuestion]
    content_sha256: str


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _top_level(clause: str) -> str:
    return clause.split(".", 1)[0]


def _normalised(question: str) -> str:
    return " ".join(question.casefold().split())


def parse_file(path: Path, known_processes: set[str]) -> tuple[ParsedChecklist | None,
                                                               list[FileError]]:
    errors: list[FileError] = []

    def error(line: int, message: str) -> None:
        errors.append(FileError(path, line, message))

    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None, [FileError(path, 1, "the file is not UTF-8 text")]
    if "\x00" in text:
        return None, [FileError(path, text.count("\n", 0, text.index("\x00")) + 1,
                                "the file contains a NUL character (not text)")]
    try:
        front, body, body_line = _split(text)
    except ValueError as problem:
        return None, [FileError(path, 1, str(problem))]
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(problem, "problem", None) or "not valid YAML"
        return None, [FileError(path, line, f"front matter: {reason}")]
    if not isinstance(meta, dict):
        return None, [FileError(path, 2, "the front matter must be 'key: value' lines")]
    at = _key_lines(front)

    def line(key: str) -> int:
        return at.get(key, 1)

    key = path.stem
    if not KEY_RE.match(key):
        error(1, f"the file name '{path.name}' is the checklist key: letters, digits, '-' and "
                 "'_' only, at most 80 characters before .md")
    for name in meta:
        if name not in KEYS:
            error(line(str(name)), f"unknown key '{name}' (known: {', '.join(KEYS)})")

    title = meta.get("title")
    if isinstance(title, list | dict) or not str(title or "").strip():
        error(line("title"), "'title' is required (one line of text)")
        title = ""
    title = str(title).strip()
    if "\n" in title:
        error(line("title"), "the title is one line of text")
    elif len(title) > TITLE_MAX:
        error(line("title"), f"the title is longer than {TITLE_MAX} characters")

    language = meta.get("language", "lv")
    if language not in LANGUAGES:
        error(line("language"), f"language is {' or '.join(LANGUAGES)}, not '{language}'")

    clauses: list[str] = []
    clause_errors = len(errors)
    for value in _as_list(meta.get("clauses")):
        if isinstance(value, float):
            error(line("clauses"), f"write clause {value} in quotes (\"{value}\"), otherwise "
                                   "YAML reads it as a number")
            continue
        clause = str(value).strip()
        number = ISO_CLAUSE_RE.match(clause)
        if isinstance(value, list | dict | bool) or number is None:
            error(line("clauses"), f"'{value}' is not an ISO 9001 clause number like \"8\" or "
                                   "\"8.5.1\"")
        elif int(number.group(1)) not in TOP_LEVELS:
            error(line("clauses"), f"clause {clause}: ISO 9001 requirements are in clauses 4 "
                                   "to 10")
        elif clause in clauses:
            error(line("clauses"), f"clause {clause} is listed twice")
        else:
            clauses.append(clause)

    clauses_ok = len(errors) == clause_errors
    process_codes: list[str] = []
    for value in _as_list(meta.get("processes")):
        code = str(value).strip()
        if isinstance(value, list | dict) or code not in known_processes:
            error(line("processes"), f"unknown process '{value}'"
                  + (f" (known: {', '.join(sorted(known_processes))})" if known_processes
                     else " (the process register is empty)"))
        elif code not in process_codes:
            process_codes.append(code)

    entries, body_errors = _body_items(body, body_line)
    errors += [FileError(path, n, message) for n, message in body_errors]
    # Items are checked against the list only when the list itself is right.
    allowed_tops = {_top_level(c) for c in clauses} if clauses_ok else set()
    questions: list[ParsedQuestion] = []
    seen: dict[str, int] = {}
    for entry in entries:
        problem = _clause_problem(entry.clause, allowed_tops)
        if problem:
            error(entry.line, problem)
        if not entry.question:
            error(entry.line, f"the question of item [{entry.clause}] is empty")
            continue
        if looks_like_personal_code(entry.question):
            error(entry.line, "the question seems to contain a personal code (######-#####); "
                              "checklists never hold client data")
        first = seen.setdefault(_normalised(entry.question), entry.line)
        if first != entry.line:
            error(entry.line, f"the same question is already on line {first}")
        questions.append(entry)
    if not entries:
        error(min(body_line, text.count("\n") + 1),
              "the checklist has no items ('- [clause] question' lines)")
    if errors:
        return None, errors
    return ParsedChecklist(
        path=path, key=key, title=title, language=language, clauses=clauses,
        process_codes=process_codes, questions=questions,
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()), []

def _body_items(body: str, body_line: int) -> tuple[list[ParsedQuestion],
                                                    list[tuple[int, str]]]:
    """The items of the body with their sections, and the lines that are not part of the
    format. An indented line right after an item continues its question."""
    items: list[ParsedQuestion] = []
    problems: list[tuple[int, str]] = []
    section = ""
    open_item = False
    for number, raw in enumerate(body.split("\n"), start=body_line):
        text = raw.rstrip()
        if not text.strip():
            open_item = False
            continue
        if open_item and raw[:1] in (" ", "\t"):
            last = items.pop()
            items.append(ParsedQuestion(last.line, last.section, last.clause,
                                        f"{last.question} {text.strip()}".strip()))
            continue
        open_item = False
        if text == "##" or text.startswith("## "):
            section = text[2:].strip()
            if not section:
                problems.append((number, "a '## ' heading needs a section name"))
            elif len(section) > SECTION_MAX:
                problems.append((number, f"the section name is longer than {SECTION_MAX} "
                                         "characters"))
            continue
        if text.startswith("# "):
            continue  # an optional title line for people reading the file
        if text.startswith("#"):
            problems.append((number, "only '## ' headings give sections (and one '# ' title "
                                     "line is allowed)"))
            continue
        item = ITEM_RE.match(text)
        if item is None:
            problems.append((number, "not an item: write '- [clause] question', e.g. "
                                     "'- [8.5.1] Vai …?', or a '## Section' heading"))
            continue
        items.append(ParsedQuestion(number, section, item.group(1).strip(),
                                    item.group(2).strip()))
        open_item = True
    return items, problems


def _clause_problem(clause: str, allowed_tops: set[str]) -> str:
    """Why ``clause`` cannot be the reference of an item ('' if it can)."""
    if not clause:
        return "the item has no clause: write '- [8.5.1] …' or a legal reference '- [MK 338 2.7] …'"
    if len(clause) > CLAUSE_MAX:
        return f"the reference [{clause}] is longer than {CLAUSE_MAX} characters"
    if clause[0].isdigit():
        number = ISO_CLAUSE_RE.match(clause)
        if number is None:
            return (f"[{clause}] is neither an ISO 9001 clause number like 8.5.1 nor a legal "
                    "reference like MK 338 2.7")
        if int(number.group(1)) not in TOP_LEVELS:
            return f"[{clause}]: ISO 9001 requirements are in clauses 4 to 10"
        if allowed_tops and _top_level(clause) not in allowed_tops:
            return (f"clause {clause} is outside the checklist's clauses (add "
                    f"\"{_top_level(clause)}\" to 'clauses' in the front matter)")
        return ""
    if not clause[0].isalpha():
        return (f"[{clause}] is neither an ISO 9001 clause number like 8.5.1 nor a legal "
                "reference like MK 338 2.7")
    return ""  # a legal reference, e.g. "MK 338 2.7"


def parse_dir(directory: Path) -> tuple[list[ParsedChecklist], list[FileError]]:
    """Every checklist of ``directory`` (``README.md`` is not one), and every problem."""
    known = set(db.session.scalars(select(Process.code)))
    parsed, errors = [], []
    paths = sorted(p for p in Path(directory).glob("*.md") if p.name.lower() != "readme.md")
    if not paths:
        errors.append(FileError(Path(directory), 0, "no checklists (*.md) in this folder"))
    inside = Path(directory).resolve()
    for path in paths:
        if not path.resolve().is_relative_to(inside):
            errors.append(FileError(path, 0, "a link to a file outside this folder"))
            continue
        item, problems = parse_file(path, known)
        errors += problems
        if item is not None:
            parsed.append(item)
    return parsed, errors


def _state(template: ChecklistTemplate) -> dict:
    return {"title": template.title, "language": template.language,
            "clauses": list(template.clauses or []),
            "process_codes": list(template.process_codes or []),
            "content_sha256": template.content_sha256}


def import_dir(directory: Path, *, actor, now: dt.datetime) -> ImportReport:
    """Check every file, then create, replace or leave each template, all in one transaction
    (nothing is written if any file has a problem)."""
    if not actor.can(Permission.AUDIT_PLAN):
        raise PermissionDenied(_l("Only the quality manager maintains the audit checklists."))
    parsed, errors = parse_dir(directory)
    report = ImportReport(errors=errors)
    if errors:
        return report
    with transaction.atomic():
        for item in parsed:
            template = db.session.scalar(select(ChecklistTemplate)
                                         .where(ChecklistTemplate.key == item.key))
            if template is not None and template.content_sha256 == item.content_sha256:
                report.unchanged.append(item.key)
                continue
            before = _state(template) if template is not None else {}
            old_count = len(template.questions) if template is not None else None
            if template is None:
                template = ChecklistTemplate(key=item.key)
                db.session.add(template)
            template.title = item.title
            template.language = item.language
            template.clauses = list(item.clauses)
            template.process_codes = list(item.process_codes)
            template.content_sha256 = item.content_sha256
            template.imported_at = now
            template.questions.clear()
            db.session.flush()
            template.questions.extend(
                TemplateQuestion(position=position, section=q.section, clause=q.clause,
                                 question=q.question)
                for position, q in enumerate(item.questions, start=1))
            changes = audit_log.diff(before, _state(template))
            if old_count != len(item.questions):
                changes["questions"] = [old_count, len(item.questions)]
            audit_log.record(actor=actor, action="checklist.import", entity=template,
                             changes=changes, now=now,
                             note=f"{item.path.name}: {len(item.questions)} questions")
            (report.changed if old_count is not None else report.created).append(item.key)
    return report
