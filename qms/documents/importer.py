"""Documents as files: ``procedures/*.md`` with YAML front matter (see procedures/README.md).

``import_dir`` checks every file before writing anything; any problem is reported as
``file:line: message`` and nothing is written. New files become documents with a first
draft, changed files a new draft, unchanged files nothing. ``export_dir`` writes the
effective versions back in the same format, so an export imports as "no change".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select

from qms.core import transaction
from qms.documents import services
from qms.documents.models import (
    ChangeKind,
    Confidentiality,
    Document,
    DocumentType,
    ExternalKind,
)
from qms.extensions import db
from qms.org.models import Position, Unit
from qms.processes.models import Process

REQUIRED = ("code", "title", "type", "owner")
OPTIONAL = ("units", "processes", "iso_clauses", "legal_refs", "confidentiality", "distribution",
            "review_months", "version", "effective_on", "change_reason", "summary", "external")
VERSION_RE = re.compile(r"^(\d{1,3})\.(\d{1,3})$")


@dataclass
class FileError:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ParsedFile:
    path: Path
    values: dict  # Document fields for the services
    relations: dict  # unit_ids, process_ids, distribution_unit_ids, distribution_position_ids
    body: str
    major: int
    minor: int
    effective_on: dt.date | None
    change_reason: str
    summary: str


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


class _Lookups:
    def __init__(self):
        self.types = {t.key: t for t in db.session.scalars(select(DocumentType))}
        self.units = {u.code: u for u in db.session.scalars(select(Unit))}
        self.processes = {p.code: p for p in db.session.scalars(select(Process))}
        self.positions = {(p.unit.code, p.title): p for p in db.session.scalars(select(Position))}

    def position(self, text: str) -> Position | None:
        unit_code, _, title = str(text).partition("/")
        return self.positions.get((unit_code.strip(), title.strip()))


def _split(text: str) -> tuple[str, str, int]:
    """Front matter text, body, and the line number where the body starts."""
    if not text.startswith("---"):
        raise ValueError("the file must start with a '---' line and YAML front matter")
    lines = text.split("\n")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return "\n".join(lines[1:number - 1]), "\n".join(lines[number:]), number + 1
    raise ValueError("the front matter has no closing '---' line")


def _key_lines(front: str) -> dict[str, int]:
    return {m.group(1): number for number, line in enumerate(front.split("\n"), start=2)
            if (m := re.match(r"^([A-Za-z_]+)\s*:", line))}


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def parse_file(path: Path, lookups: _Lookups) -> tuple[ParsedFile | None, list[FileError]]:
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

    for key in REQUIRED:
        if not str(meta.get(key) or "").strip():
            error(1, f"'{key}' is required")
    for key in meta:
        if key not in REQUIRED and key not in OPTIONAL:
            error(line(str(key)), f"unknown key '{key}'")
    doc_type = lookups.types.get(str(meta.get("type", "")))
    if meta.get("type") and doc_type is None:
        error(line("type"), f"unknown document type '{meta.get('type')}' (known: "
                            f"{', '.join(sorted(lookups.types))})")
    code = str(meta.get("code", "")).strip().upper()
    if code and not services.CODE_RE.match(code):
        error(line("code"), f"'{code}' is not a document code like PA-03")
    elif code and doc_type is not None and not code.startswith(doc_type.prefix + "-"):
        error(line("code"), f"a {doc_type.key} code starts with {doc_type.prefix}-")
    owner = lookups.position(meta.get("owner", "")) if meta.get("owner") else None
    if meta.get("owner") and owner is None:
        error(line("owner"), f"no position '{meta.get('owner')}' (write UNIT/Position title)")

    def codes(key: str, noun: str, table: dict) -> list:
        found = []
        for item in _as_list(meta.get(key)):
            if str(item) in table:
                found.append(table[str(item)])
            else:
                error(line(key), f"unknown {noun} '{item}'")
        return found

    units = codes("units", "unit", lookups.units)
    processes = codes("processes", "process", lookups.processes)
    everyone = meta.get("distribution") == "everyone"
    distribution_units, distribution_positions = [], []
    if not everyone:
        for item in _as_list(meta.get("distribution")):
            item = str(item)
            if "/" in item:
                position = lookups.position(item)
                if position is None:
                    error(line("distribution"), f"no position '{item}'")
                else:
                    distribution_positions.append(position.id)
            elif item in lookups.units:
                distribution_units.append(lookups.units[item].id)
            else:
                error(line("distribution"), f"'{item}' is neither 'everyone', a unit code nor "
                                            "UNIT/Position")
    confidentiality = str(meta.get("confidentiality") or Confidentiality.INTERNAL)
    if confidentiality not in Confidentiality.__members__.values():
        error(line("confidentiality"), "confidentiality is public, internal or restricted")
    review_months = meta.get("review_months")
    if review_months is not None and (not isinstance(review_months, int)
                                      or not 1 <= review_months <= 120):
        error(line("review_months"), "review_months is a whole number from 1 to 120")
    version = VERSION_RE.match(str(meta.get("version", "1.0")))
    if version is None or version.group(1) == "0":
        error(line("version"), "version is major.minor, e.g. \"2.1\"")
    effective_on = meta.get("effective_on")
    if effective_on is not None and not isinstance(effective_on, dt.date):
        error(line("effective_on"), "effective_on is a date YYYY-MM-DD")
        effective_on = None
    external = meta.get("external") or {}
    if doc_type is not None and doc_type.is_external:
        if not isinstance(external, dict) or external.get("kind") not in \
                ExternalKind.__members__.values():
            error(line("external"), "an external document needs external.kind: law, "
                                    "cabinet_regulation, municipal_regulation or standard")
            external = {}
        checked = external.get("checked_on")
        if checked is not None and not isinstance(checked, dt.date):
            error(line("external"), "external.checked_on is a date YYYY-MM-DD")
        url = str(external.get("url") or "")
        if url and not url.startswith(("https://", "http://")):
            error(line("external"), "external.url must start with https:// or http://")
    elif meta.get("external"):
        error(line("external"), "only documents of an external type have 'external'")
    if not body.strip():
        error(body_line, "the document has no text after the front matter")
    if errors:
        return None, errors
    return ParsedFile(
        path=path,
        values={
            "code": code, "title": str(meta["title"]).strip(), "type_id": doc_type.id,
            "owner_position_id": owner.id, "confidentiality": confidentiality,
            "review_months": review_months or doc_type.review_months,
            "iso_clauses": [str(c) for c in _as_list(meta.get("iso_clauses"))],
            "legal_refs": [str(r) for r in _as_list(meta.get("legal_refs"))],
            "distribute_to_everyone": everyone,
            "external_kind": str(external.get("kind") or ""),
            "external_url": str(external.get("url") or ""),
            "external_edition": str(external.get("edition") or ""),
            "external_checked_on": external.get("checked_on"),
        },
        relations={
            "unit_ids": sorted(u.id for u in units),
            "process_ids": sorted(p.id for p in processes),
            "distribution_unit_ids": sorted(set(distribution_units)),
            "distribution_position_ids": sorted(set(distribution_positions)),
        },
        body=body.strip("\n") + "\n",
        major=int(version.group(1)), minor=int(version.group(2)),
        effective_on=effective_on,
        change_reason=str(meta.get("change_reason") or ""),
        summary=str(meta.get("summary") or ""),
    ), []


def parse_dir(directory: Path) -> tuple[list[ParsedFile], list[FileError]]:
    lookups = _Lookups()
    parsed, errors, seen = [], [], {}
    paths = sorted(p for p in directory.glob("*.md") if p.name.lower() != "readme.md")
    if not paths:
        errors.append(FileError(directory, 0, "no documents (*.md) in this folder"))
    inside = directory.resolve()
    for path in paths:
        if not path.resolve().is_relative_to(inside):
            errors.append(FileError(path, 0, "a link to a file outside this folder"))
            continue
        item, problems = parse_file(path, lookups)
        errors += problems
        if item is None:
            continue
        code = item.values["code"]
        if code in seen:
            errors.append(FileError(path, 1, f"code {code} is also used by {seen[code].name}"))
            continue
        seen[code] = path
        parsed.append(item)
    return parsed, errors


def _current_state(document: Document) -> tuple[dict, dict, str]:
    version = document.open_version or document.effective_version or document.latest_version
    values = {name: getattr(document, name) for name in services.DOCUMENT_FIELDS}
    relations = {
        "unit_ids": sorted(u.id for u in document.units),
        "process_ids": sorted(p.id for p in document.processes),
        "distribution_unit_ids": sorted(d.unit_id for d in document.distribution if d.unit_id),
        "distribution_position_ids": sorted(d.position_id for d in document.distribution
                                            if d.position_id),
    }
    return values, relations, version.body_md if version else ""


def import_dir(directory: Path, *, actor, now: dt.datetime) -> ImportReport:
    parsed, errors = parse_dir(directory)
    report = ImportReport(errors=errors)
    if errors:
        return report
    with transaction.atomic():
        for item in parsed:
            code = item.values["code"]
            document = db.session.scalar(select(Document).where(Document.code == code))
            if document is None:
                services.create_document(
                    actor=actor, now=now, body_md=item.body, change_reason=item.change_reason,
                    summary=item.summary, major=item.major, minor=item.minor,
                    **item.relations, **item.values)
                report.created.append(code)
                continue
            values, relations, body = _current_state(document)
            metadata_changed = values != item.values or relations != item.relations
            if metadata_changed:
                services.update_document(document, actor=actor, now=now, **item.relations,
                                         **dict(item.values))
            if body != item.body:
                draft = document.open_version
                if draft is not None and draft.is_editable:
                    services.update_draft(draft, actor=actor, now=now, body_md=item.body,
                                          change_reason=item.change_reason or draft.change_reason,
                                          summary=item.summary or draft.summary)
                else:
                    base = document.effective_version
                    kind = (ChangeKind.EDITORIAL if base is not None and item.major <= base.major
                            else ChangeKind.SUBSTANTIVE)
                    services.start_new_version(document, actor=actor, now=now,
                                               change_kind=kind, body_md=item.body,
                                               change_reason=item.change_reason)
            (report.changed if metadata_changed or body != item.body
             else report.unchanged).append(code)
    return report


def render_file(document: Document) -> str:
    """The effective version of ``document`` in the import format."""
    version = document.effective_version
    meta: dict = {"code": document.code, "title": document.title, "type": document.type.key,
                  "owner": f"{document.owner_position.unit.code}/{document.owner_position.title}"
                  if document.owner_position else ""}
    if document.units:
        meta["units"] = [u.code for u in document.units]
    if document.processes:
        meta["processes"] = [p.code for p in document.processes]
    if document.iso_clauses:
        meta["iso_clauses"] = list(document.iso_clauses)
    if document.legal_refs:
        meta["legal_refs"] = list(document.legal_refs)
    meta["confidentiality"] = document.confidentiality
    if document.distribute_to_everyone:
        meta["distribution"] = "everyone"
    elif document.distribution:
        meta["distribution"] = sorted(str(d) for d in document.distribution)
    meta["review_months"] = document.review_months
    meta["version"] = version.number
    if version.effective_on:
        meta["effective_on"] = version.effective_on
    if version.change_reason:
        meta["change_reason"] = version.change_reason
    if version.summary:
        meta["summary"] = version.summary
    if document.type.is_external:
        meta["external"] = {"kind": document.external_kind, "url": document.external_url,
                            "edition": document.external_edition,
                            "checked_on": document.external_checked_on}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n{version.body_md}"


def export_dir(directory: Path) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    documents = db.session.scalars(select(Document).where(Document.is_withdrawn.is_(False))
                                   .order_by(Document.code))
    for document in documents:
        if document.effective_version is None:
            continue
        name = re.sub(r"[^A-Za-z0-9ĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž_-]", "_", document.code) + ".md"
        (directory / name).write_text(render_file(document), encoding="utf-8")
        written.append(document.code)
    return written
