"""What the suites share: a throwaway database, signing in, timing and the result table.

Every figure is server time measured in-process: ``app.test_client()`` calls the WSGI
application directly, so there is no network, no HTTP server and no browser in it.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# --- the database -------------------------------------------------------------------------

@contextlib.contextmanager
def throwaway_app(name: str) -> Iterator:
    """A fresh application on its own SQLite file, migrated with Alembic like production
    (``qms init``); the folder is removed afterwards."""
    from flask_migrate import upgrade

    from qms import create_app
    from qms.extensions import db

    folder = tempfile.mkdtemp(prefix=f"qms-bench-{name}-")
    os.environ["QMS_INSTANCE_PATH"] = folder
    app = None
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                          "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
        _watch(app)
        with app.app_context():
            # Alembic's INFO lines say nothing about speed (errors still raise); its logging
            # configuration binds the handlers to the stream of the moment, so rebind them.
            quiet = io.StringIO()
            with contextlib.redirect_stderr(quiet):
                upgrade(directory=app.extensions["migrate"].directory)
            for logger in (logging.getLogger(), *logging.getLogger().manager.loggerDict.values()):
                for handler in getattr(logger, "handlers", []):
                    if getattr(handler, "stream", None) is quiet:
                        handler.setStream(sys.stderr)
        yield app
    finally:
        if app is not None:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def sign_in(client, username: str, password: str | None = None) -> None:
    """Sign in through the real login form (a failure is a set-up error, not a result);
    the password defaults to the demo accounts' one."""
    from qms.demo import DEMO_PASSWORD

    password = DEMO_PASSWORD if password is None else password
    response = client.post("/login", data={"username": username, "password": password})
    if response.status_code != 302 or "/login" in response.headers.get("Location", ""):
        raise RuntimeError(f"cannot sign in as {username!r}: HTTP {response.status_code}")


# --- timing -------------------------------------------------------------------------------

# While a timed request runs: the moment after which its SQLite statements are interrupted
# (a progress handler on every connection checks it), so that a pathological query plan costs
# the run --timeout seconds instead of minutes. Outside timed requests: None.
_deadline: list[float | None] = [None]
_interrupted = [False]
TIMED_OUT = math.inf  # the sample recorded for an interrupted request


def _past_deadline() -> int:
    deadline = _deadline[0]
    if deadline is not None and time.perf_counter() > deadline:
        _interrupted[0] = True
        return 1
    return 0


def _watch(app) -> None:
    """Install the deadline on every SQLite connection; the application answers an
    interrupted request with its 500 page, and its log line about it is expected, so drop it."""
    from sqlalchemy import event

    from qms.extensions import db

    app.logger.addFilter(lambda record: not _interrupted[0])
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _install(dbapi_connection, _record):
        if hasattr(dbapi_connection, "set_progress_handler"):  # sqlite3
            dbapi_connection.set_progress_handler(_past_deadline, 10_000)


@dataclass
class Samples:
    """The samples of one row, in milliseconds: ``wall`` is the server time (what targets
    judge), ``cpu`` the CPU time of the same requests (this thread, SQLite included). On a
    quiet machine they nearly agree; when ``wall`` is far above ``cpu``, other work competed
    for the processor."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def __add__(self, other: Samples) -> Samples:
        return Samples(self.wall + other.wall, self.cpu + other.cpu)

    def __len__(self) -> int:
        return len(self.wall)


@dataclass
class Timer:
    """Takes the samples of one row: ``warmup`` untimed calls, then up to ``repeat`` timed
    ones, stopping early once the row has used ``budget_s``; a request still in SQLite after
    ``timeout_s`` is interrupted and recorded as TIMED_OUT (and the row stops)."""

    repeat: int
    timeout_s: float = 10.0
    budget_s: float = 20.0

    @classmethod
    def from_args(cls, args) -> Timer:
        return cls(repeat=args.repeat, timeout_s=args.timeout, budget_s=args.budget)

    def get(self, client, url: str, *, warmup: int = 1, repeat: int | None = None) -> Samples:
        """GETs of ``url``. A response other than 200 means the measurement is meaningless,
        so it stops the run."""
        return self._sample(lambda: self._get(client, url), warmup, repeat)

    def call(self, function: Callable[[], object], *, warmup: int = 1,
             repeat: int | None = None) -> Samples:
        """Calls of ``function``."""
        return self._sample(lambda: self._timed(function), warmup, repeat)

    def _sample(self, once: Callable[[], tuple[float, float]], warmup: int,
                repeat: int | None) -> Samples:
        for _ in range(warmup):
            if once()[0] == TIMED_OUT:
                return Samples([TIMED_OUT], [TIMED_OUT])
        samples = Samples()
        for _ in range(self.repeat if repeat is None else repeat):
            wall, cpu = once()
            samples.wall.append(wall)
            samples.cpu.append(cpu)
            if wall == TIMED_OUT or sum(samples.wall) > self.budget_s * 1000:
                break
        return samples

    def _get(self, client, url: str) -> tuple[float, float]:
        response = None

        def request():
            nonlocal response
            response = client.get(url)

        elapsed = self._timed(request)
        if elapsed[0] != TIMED_OUT and response.status_code != 200:
            raise RuntimeError(f"GET {url} answered HTTP {response.status_code}, not 200")
        return elapsed

    def _timed(self, function: Callable[[], object]) -> tuple[float, float]:
        began, began_cpu = time.perf_counter(), time.thread_time()
        _deadline[0], _interrupted[0] = began + self.timeout_s, False
        try:
            function()
        except Exception:
            if not _interrupted[0]:
                raise
        finally:
            _deadline[0] = None
        if _interrupted[0]:
            _interrupted[0] = False
            return TIMED_OUT, TIMED_OUT
        return ((time.perf_counter() - began) * 1000, (time.thread_time() - began_cpu) * 1000)


def settle() -> None:
    """Collect the garbage left by building the data, so that it is not charged to the
    first timed requests."""
    gc.collect()


def percentile(timings: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 30 samples is the 29th smallest)."""
    ordered = sorted(timings)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


# --- the table ----------------------------------------------------------------------------

@dataclass
class Result:
    suite: str
    name: str
    samples: Samples
    target_ms: float | None = None  # on p95; None: reported only

    @property
    def p50(self) -> float:
        return statistics.median(self.samples.wall)

    @property
    def p95(self) -> float:
        return percentile(self.samples.wall, 0.95)

    @property
    def cpu_p95(self) -> float:
        return percentile(self.samples.cpu, 0.95)

    @property
    def verdict(self) -> str:
        if self.target_ms is None:
            return "-"
        return "PASS" if self.p95 <= self.target_ms else "MISS"

    @property
    def busy_machine(self) -> bool:
        """Missed on server time, but the CPU time of the same requests is within target."""
        return self.verdict == "MISS" and self.cpu_p95 <= self.target_ms


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    COLUMNS = (("suite", "<", 9), ("measurement", "<", 56), ("n", ">", 3),
               ("p50 ms", ">", 8), ("p95 ms", ">", 8), ("target", ">", 7), ("result", ">", 6),
               ("cpu p95", ">", 8))

    def note(self, text: str) -> None:
        print(text, flush=True)

    def header(self) -> None:
        print(" ".join(f"{name:{align}{width}}" for name, align, width in self.COLUMNS))

    def add(self, suite: str, name: str, samples: Samples,
            target_ms: float | None = None) -> Result:
        result = Result(suite, name, samples, target_ms)
        self.results.append(result)
        target = f"<= {target_ms:g}" if target_ms is not None else "-"
        cells = (suite, name, len(samples), _ms(result.p50), _ms(result.p95), target,
                 result.verdict + ("*" if result.busy_machine else ""), _ms(result.cpu_p95))
        print(" ".join(f"{str(cell):{align}{width}}"
                       for cell, (_, align, width) in zip(cells, self.COLUMNS, strict=True)),
              flush=True)
        return result

    def summary(self) -> None:
        judged = [r for r in self.results if r.target_ms is not None]
        if not judged:
            return
        missed = [r for r in judged if r.verdict == "MISS"]
        print(f"\ntargets (on p95): {len(judged) - len(missed)} PASS, {len(missed)} MISS")
        for r in missed:
            p95 = "timeout" if r.p95 == TIMED_OUT else f"{r.p95:.1f} ms"
            print(f"  MISS {r.suite}: {r.name}: p95 {p95} > {r.target_ms:g} ms")
        if any(r.busy_machine for r in missed):
            print("  MISS*: the CPU time of the same requests is within the target: other work "
                  "on the machine slowed them; run again on a quiet machine")
        if any(TIMED_OUT in r.samples.wall for r in self.results):
            print("  timeout: the request was still in SQLite after --timeout seconds and was "
                  "interrupted; see bench/README.md")


def _ms(value: float) -> str:
    return "timeout" if value == TIMED_OUT else f"{value:.1f}"
