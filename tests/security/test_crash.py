"""Crash safety: a process running a bulk import through the real services (the staff CSV
import, the document import) is killed with SIGKILL at a random moment, 20 times. Afterwards
the SQLite database passes its integrity check and each import is applied completely or not
at all (people, documents and audit-trail rows counted)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fuzz import tally

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 20
STAFF_ROWS = 200
DOCUMENTS = 20

pytestmark = pytest.mark.skipif(bool(os.environ.get("QMS_TEST_DATABASE_URL")),
                                reason="SQLite crash test (file database)")


def _template(tmp_path) -> Path:
    """A migrated-shape SQLite file with a unit, positions and document types."""
    from qms import create_app
    from qms.core import search
    from qms.core.permissions import SystemActor
    from qms.documents.defaults import install_default_types
    from qms.extensions import db
    from qms.org import services

    path = tmp_path / "template.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "x",
                      "TESTING": True})
    with app.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            search.create_index_objects(connection)
        actor = SystemActor("crash test")
        unit = services.create_unit(actor=actor, code="SD", name="Sociālais dienests",
                                    kind="department", parent_id=None, head_id=None)
        services.create_position(actor=actor, title="Direktors", unit_id=unit.id, headcount=1,
                                 category="administration")
        install_default_types(actor=actor)
        db.session.remove()
        db.engine.dispose()
    return path


def _inputs(folder: Path) -> None:
    folder.mkdir()
    rows = ["username;full_name;email;unit;roles"]
    rows += [f"crash{n};Darbinieks {n};crash{n}@example.lv;SD;staff"
             for n in range(STAFF_ROWS)]
    (folder / "staff.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for n in range(DOCUMENTS):
        (folder / f"d{n:03}.md").write_text(
            f"---\ncode: PA-{n:03}\ntitle: Kārtība {n}\ntype: process\nowner: SD/Direktors\n"
            f"---\n# Kārtība {n}\n\n" + "Teksts par aprūpi.\n" * 40, encoding="utf-8")


def _counts(path: Path) -> tuple[str, int, int, int]:
    connection = sqlite3.connect(path)
    try:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        people = connection.execute("SELECT count(*) FROM user").fetchone()[0]
        documents = connection.execute("SELECT count(*) FROM document").fetchone()[0]
        events = connection.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        return check, people, documents, events
    finally:
        connection.close()


class ForkServer:
    """The worker process (qms loaded once) and the import children it forks."""

    def __init__(self, database: Path, folder: Path):
        self.database = database
        env = {**os.environ, "QMS_INSTANCE_PATH": str(database.parent / "instance"),
               "PYTHONWARNINGS": "ignore"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.security.crash_worker", str(database), str(folder)],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    def fresh(self, template: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        shutil.copy(template, self.database)

    def run(self, kind: str, kill_after: float | None) -> tuple[float, bool]:
        """(seconds the import ran, whether it was killed before it finished)."""
        self.process.stdin.write(kind + "\n")
        self.process.stdin.flush()
        word, pid = self.process.stdout.readline().split()
        assert word == "start"
        started = time.monotonic()
        if kill_after is not None:
            ended = _wait_or_kill(int(pid), kill_after)
        line = self.process.stdout.readline().split()
        elapsed = time.monotonic() - started
        assert line[0] == "exit" and line[1] == pid, line
        status = int(line[2])
        if kill_after is None:
            assert status == 0, f"the import failed (status {status})"
            return elapsed, False
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        return elapsed, killed and not ended

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


def _wait_or_kill(pid: int, seconds: float) -> bool:
    """Sleep ``seconds`` unless the child ends first; then SIGKILL it. True if it had ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.005)
        try:  # the worker reaps it; until then kill(pid, 0) succeeds
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return True
    return False


def test_sigkill_in_the_middle_of_imports_loses_nothing_and_half_applies_nothing(tmp_path):
    template = _template(tmp_path)
    folder = tmp_path / "input"
    _inputs(folder)
    base = _counts(template)
    assert base[0] == "ok"
    server = ForkServer(tmp_path / "work.db", folder)
    try:
        full, durations = {}, {}
        for kind in ("staff", "documents"):  # calibration: the complete import, timed
            server.fresh(template)
            durations[kind], _ = server.run(kind, None)
            full[kind] = _counts(server.database)
        assert full["staff"][1] == base[1] + STAFF_ROWS
        assert full["documents"][2] == base[2] + DOCUMENTS

        rng = random.Random(20261124)
        killed = lost = half = applied = 0
        for trial in range(TRIALS):
            kind = ("staff", "documents")[trial % 2]
            server.fresh(template)
            _, was_killed = server.run(kind, rng.uniform(0, durations[kind]))
            killed += was_killed
            state = _counts(server.database)
            damaged = state[0] != "ok"
            partial = not damaged and state[1:] not in (base[1:], full[kind][1:])
            lost += damaged
            half += partial
            applied += state[1:] == full[kind][1:]
            tally.tried["crash trials"] += 1
            tally.got_through["crash trials"] += int(damaged or partial)
    finally:
        server.close()
    print(f"\ncrash test: {TRIALS} SIGKILL trials ({killed} killed mid-import; afterwards "
          f"{applied} imports complete, {TRIALS - applied - half - lost} not applied), "
          f"{lost} damaged databases, {half} half-applied imports")
    assert killed >= TRIALS // 2
    assert lost == 0 and half == 0
