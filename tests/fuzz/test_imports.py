"""Property-based tests for every import: random and malformed CSV and Markdown files. The
answer is a list of problems (or a clean import), never a crash, and a refused import writes
nothing at all."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import tally
from tests.fuzz.conftest import INCIDENTAL, broken, changed_tables, row_counts
from tests.fuzz.strategies import EDGE, values

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
SETTINGS = settings(max_examples=60, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def csv_files(columns: list[str], known: list[str]) -> st.SearchStrategy[bytes]:
    """A CSV file: a header of known, misspelt and duplicated columns, rows of hostile
    values (or known good ones), in UTF-8, cp1257 or raw bytes."""
    header = st.lists(st.sampled_from(columns + ["", "x", columns[0].upper(), " " + columns[0]]),
                      min_size=0, max_size=len(columns) + 2)
    cell = st.one_of(st.sampled_from(known + EDGE), values().map(_text))

    @st.composite
    def build(draw):
        names = draw(header)
        delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
        rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(names) + 2),
                             max_size=6))
        text = "\n".join(delimiter.join(line) for line in [names, *rows])
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1257", "raw"]))
        if encoding == "raw":
            return draw(st.binary(max_size=300))
        return text.encode(encoding, "replace")

    return build()


def test_staff_import_form(app, db, admin_client, make_unit, make_position, error_log):
    """POST /org/people/import with random CSV files."""
    from qms.org.services import STAFF_COLUMNS_OPTIONAL, STAFF_COLUMNS_REQUIRED

    unit = make_unit(code="SD")
    make_position(unit_id=unit.id, title="Sociālais darbinieks")
    known = ["anna", "Anna Bērziņa", "SD", "Sociālais darbinieks", "staff", "auditor,admin",
             "lv", "en", "yes", "no", "anna@example.lv"]
    failures: dict = {}

    valid = st.lists(st.tuples(st.from_regex(r"[a-z]{3,12}", fullmatch=True),
                               st.text(st.characters(categories=["L", "Zs"]), min_size=1,
                                       max_size=30).filter(str.strip)),
                     min_size=1, max_size=5, unique_by=lambda r: r[0]).map(
        lambda rows: ("username;full_name;unit\n" + "".join(
            f"{u};{n.strip()};SD\n" for u, n in rows)).encode())

    @SETTINGS
    @given(data=st.one_of(valid, csv_files(STAFF_COLUMNS_REQUIRED + STAFF_COLUMNS_OPTIONAL,
                                           known)))
    def run(data):
        before = row_counts(db)
        count = len(error_log.records)
        response = admin_client.post(
            "/org/people/import", data={"file": (io.BytesIO(data), "staff.csv")},
            content_type="multipart/form-data")
        written = changed_tables(before, row_counts(db)) - INCIDENTAL
        tally.tried["import staff CSV"] += 1
        problem = broken(response)
        if not problem and response.status_code != 302 and written:
            problem = f"refused but wrote {sorted(written)}"
        if not problem and written and "audit_event" not in written:
            problem = f"wrote {sorted(written)} without an audit-trail row"
        if not problem and written:
            tally.applied["import staff CSV"] += 1
        if problem:
            tally.got_through["import staff CSV"] += 1
            failures.setdefault(problem, f"{problem}: {data[:200]!r}\n{error_log.last()}"
                                if len(error_log.records) > count else f"{problem}: {data!r}")
        db.session.rollback()

    run()
    assert not failures, "\n".join(failures.values())


def _service_import(db, kind, call, accepted):
    """Run ``call``; an exception other than ``accepted`` is a defect, and an accepted one (a
    refusal) must leave every table as it was."""
    before = row_counts(db)
    tally.tried[kind] += 1
    try:
        report = call()
    except accepted:
        db.session.rollback()
        written = changed_tables(before, row_counts(db))
        return f"refused but wrote {sorted(written)}" if written else ""
    except Exception as error:  # noqa: BLE001 - the defect being looked for
        db.session.rollback()
        return f"{type(error).__name__}: {error}"[:300]
    errors = getattr(report, "errors", None)
    written = changed_tables(before, row_counts(db)) - INCIDENTAL
    if written and not errors:
        tally.applied[kind] += 1
    if errors and written:
        return f"reported {len(errors)} problem(s) but wrote {sorted(written)}"
    return ""


def _markdown(front: dict | str, body: str) -> str:
    if isinstance(front, str):
        return f"---\n{front}\n---\n{body}"
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body


def front_matter(keys: list[str], known: dict) -> st.SearchStrategy:
    value = st.one_of(st.sampled_from(EDGE), st.text(max_size=30), st.integers(-10**20, 10**20),
                      st.lists(st.text(max_size=10), max_size=3), st.none(), st.booleans(),
                      st.dates(), st.floats(allow_nan=False))
    good = st.fixed_dictionaries({k: st.just(v) for k, v in known.items()})
    noisy = st.dictionaries(st.sampled_from(keys + ["x", "Title"]), value, max_size=len(keys))
    raw = st.one_of(st.sampled_from(["", "-", ": :", "[", "{a: [", "!!python/object:os.system",
                                     "&a [*a, *a]", "a: &a [*a]", "\x00", "key: value\n\tbad"]),
                    st.text(max_size=80))
    clean = st.tuples(good, st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1,
                                    max_size=40).filter(str.strip)).map(
        lambda t: {**t[0], "title": t[1].strip()})
    return st.one_of(clean, st.tuples(good, noisy).map(lambda t: {**t[0], **t[1]}), noisy, raw)


def _write_files(directory, texts):
    for old in directory.glob("*"):
        old.unlink()
    for number, text in enumerate(texts):
        if isinstance(text, bytes):
            (directory / f"f{number}.md").write_bytes(text)
        else:
            (directory / f"f{number}.md").write_text(text, encoding="utf-8",
                                                      errors="surrogatepass")


def test_document_import_files(app, db, tmp_path, system, document_types, make_unit,
                               make_position):
    from qms.documents.importer import OPTIONAL, REQUIRED, import_dir

    make_position(unit_id=make_unit(code="SD").id, title="Direktors")
    known = {"code": "PA-01", "title": "Mājas aprūpe", "type": "process",
             "owner": "SD/Direktors"}
    folder = tmp_path / "docs"
    folder.mkdir()
    body = st.one_of(st.sampled_from(EDGE), st.text(max_size=200))
    a_file = st.one_of(st.tuples(front_matter(list(REQUIRED + OPTIONAL), known), body).map(
        lambda t: _markdown(*t)), st.binary(max_size=200), st.text(max_size=100))
    failures = set()

    @SETTINGS
    @given(files=st.lists(a_file, min_size=1, max_size=3))
    def run(files):
        _write_files(folder, files)
        problem = _service_import(db, "import documents", lambda: import_dir(
            folder, actor=system, now=NOW), ())
        if problem:
            tally.got_through["import documents"] += 1
            failures.add(problem)

    run()
    assert not failures, "\n".join(sorted(failures))


def test_checklist_import_files(app, db, tmp_path, system):
    from qms.audits.checklists import import_dir

    known = {"title": "Kontroljautājumi", "clauses": ["4", "5"], "processes": [],
             "language": "lv"}
    folder = tmp_path / "checklists"
    folder.mkdir()
    line = st.one_of(st.sampled_from(["- [4.1] Vai ir?", "- [99] Kas?", "- [] ?", "- [4.1]",
                                      "## 4 Konteksts", "- [4.1] " + "x" * 5000, "-", "- [",
                                      "- [4.1.1.1.1] Jā?"]),
                     st.text(max_size=60))
    body = st.lists(line, max_size=8).map("\n".join)
    a_file = st.one_of(st.tuples(front_matter(list(known), known), body).map(
        lambda t: _markdown(*t)), st.binary(max_size=200))
    failures = set()

    @SETTINGS
    @given(files=st.lists(a_file, min_size=1, max_size=3))
    def run(files):
        _write_files(folder, files)
        problem = _service_import(db, "import checklists", lambda: import_dir(
            folder, actor=system, now=NOW), ())
        if problem:
            tally.got_through["import checklists"] += 1
            failures.add(problem)

    run()
    assert not failures, "\n".join(sorted(failures))


def test_indicator_value_import(app, db, system):
    services = pytest.importorskip("qms.processes.services")
    if not hasattr(services, "import_values"):
        pytest.skip("no indicator import")
    from qms.core.csv_import import ImportErrors, decode
    from qms.core.errors import DomainError

    failures = set()

    @SETTINGS
    @given(data=csv_files(services.VALUE_COLUMNS_REQUIRED + services.VALUE_COLUMNS_OPTIONAL,
                          ["IND-1", "1", "01.2026", "2026 Q1", "2026", "12,5", "-3"]))
    def run(data):
        problem = _service_import(db, "import indicator CSV", lambda: services.import_values(
            decode(data), actor=system, now=NOW), (ImportErrors, DomainError))
        if problem:
            tally.got_through["import indicator CSV"] += 1
            failures.add(problem)

    run()
    assert not failures, "\n".join(sorted(failures))
