"""Fixtures for the property-based tests: an administrator signed in, records for every URL
argument, and the row counts that prove a refused request wrote nothing."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import func, inspect, select, text  # noqa: F401

from tests.conftest import TEST_PASSWORD
from tests.fuzz import tally


def pytest_terminal_summary(terminalreporter):
    if not tally.tried or tally.printed:
        return
    tally.printed.append(True)
    terminalreporter.write_sep("-", "fuzz and crash summary")
    fuzz = sorted(kind for kind in tally.tried if kind != "crash trials")
    for kind in fuzz:
        applied = f" ({tally.applied[kind]} valid, applied whole)" if tally.applied[kind] else ""
        terminalreporter.write_line(
            f"fuzz {kind}: {tally.tried[kind]} cases tried{applied}, "
            f"{tally.got_through[kind]} got through")
    if fuzz:
        terminalreporter.write_line(
            f"fuzz total: {sum(tally.tried[k] for k in fuzz)} cases tried, "
            f"{sum(tally.got_through[k] for k in fuzz)} got through (a 500, a stack trace or "
            f"a half-written change)")
    if tally.tried["crash trials"]:
        terminalreporter.write_line(
            f"crash: {tally.tried['crash trials']} SIGKILL trials during imports, "
            f"{tally.got_through['crash trials']} with a damaged database or a half-applied "
            f"import")


@pytest.fixture
def fuzz_records(make_unit, make_position, make_user, make_document, editors, document_types,
                 system):
    """The permission matrix's records (core + every feature's tests/route_records module);
    a feature whose records cannot be made yet is skipped, its routes get random ids."""
    from tests import route_records
    from tests.core.test_permissions import _core_records

    values = _core_records(make_unit, make_position, make_user, make_document, editors,
                           document_types)
    ctx = {**values, "make_user": make_user, "make_unit": make_unit,
           "make_position": make_position, "editors": editors, "system": system}
    for module in route_records.modules():
        if hasattr(module, "records"):
            try:
                extra = module.records(ctx)
            except Exception:  # noqa: BLE001 - a feature in progress must not stop the fuzz
                from qms.extensions import db

                db.session.rollback()
                continue
            values["overrides"].update(extra.pop("overrides", {}))
            values.update(extra)
    return values


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user("admin", username="fuzz-admin")

    def sign_in():
        client.get("/logout")
        response = client.post("/login", data={"username": admin.username,
                                               "password": TEST_PASSWORD})
        assert response.status_code == 302

    sign_in()
    client.sign_in = sign_in
    return client


class ErrorLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def last(self) -> str:
        import traceback

        if not self.records:
            return ""
        record = self.records[-1]
        if record.exc_info:
            return "".join(traceback.format_exception(*record.exc_info)[-3:])
        return record.getMessage()


@pytest.fixture
def error_log(app):
    handler = ErrorLog()
    app.logger.addHandler(handler)
    yield handler
    app.logger.removeHandler(handler)


_tables: list = []


def row_counts(db) -> dict[str, int]:
    """Rows per table of the models (the audit trail included), in one statement."""
    if not _tables:
        names = set(inspect(db.engine).get_table_names())
        _tables.extend(t for t in db.metadata.sorted_tables if t.name in names)
    row = db.session.execute(select(*[
        select(func.count()).select_from(table).scalar_subquery().label(table.name)
        for table in _tables])).one()
    return dict(row._mapping)


# Tables a refused request may legitimately touch: none. Tables any request may touch
# without a use case behind it (reading a notification marks it read, etc.).
INCIDENTAL = {"login_attempt", "notification", "job_run"}

TRACE = re.compile(r"Traceback \(most recent call last\)|werkzeug\.debug|File \"/")


def broken(response) -> str:
    """Why ``response`` is a defect, or ''."""
    if response.status_code >= 500:
        return f"status {response.status_code}"
    body = response.get_data(as_text=True)
    if TRACE.search(body):
        return "stack trace in the body"
    return ""


def changed_tables(before: dict, after: dict) -> set[str]:
    return {name for name in after if after[name] != before.get(name)}


def reset_session(db) -> None:
    db.session.rollback()
    db.session.execute(text("SELECT 1"))
