"""The load suite: throughput, latency and memory of qms as deployed.

gunicorn with ``--workers`` sync workers (default: one per core) on a loopback port, over a
database with the demo organisation (or ``qms bench-data --scale S``), on SQLite and on
PostgreSQL. ``--users`` virtual users (default 32), each signed in with its own session,
request a realistic mix of pages for ``--seconds``, pausing ``--think`` seconds on average
between pages (0: no pause, a saturation test). Reported: requests per second, p50/p95 over
HTTP (client side, queueing included), errors, and the largest resident memory (VmRSS) of any
worker during the run. Targets (issue 8): zero errors, p95 <= 250 ms, <= 200 MB per worker.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.common import Report, Samples, percentile

SUITE = "load"
BIN = Path(sys.executable).parent
TARGET_P95_MS = 250
TARGET_RSS_MB = 200
# Demo accounts the virtual users sign in as (round robin): managers, quality, staff.
ACCOUNTS = ["kvalitate", "direktore", "spn", "darbiniece", "aprupetaja", "vietnieks", "an",
            "auditore", "admin", "bsac"]
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def add_arguments(parser) -> None:
    group = parser.add_argument_group("load suite")
    group.add_argument("--seconds", type=float, default=60.0,
                       help="how long the users keep requesting pages (load suite)")
    group.add_argument("--users", type=int, default=32, help="concurrent signed-in users")
    group.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                       help="gunicorn workers (default: one per core)")
    group.add_argument("--think", type=float, default=1.0, metavar="SECONDS",
                       help="mean pause between a user's pages (uniform 0..2x; 0: none)")
    group.add_argument("--load-db", choices=["sqlite", "postgresql", "both"], default="both",
                       help="database(s) of the load suite; PostgreSQL: --database-url, "
                            "QMS_BENCH_DATABASE_URL or a throwaway cluster (initdb/pg_ctl)")
    group.add_argument("--load-data", choices=["demo", "small", "large", "national"],
                       default="demo", help="demo, or `qms bench-data --scale` (load suite)")
    group.add_argument("--load-database-url", default=None, metavar="URL",
                       help="an existing database filled by `qms bench-data` (a copy: signing "
                            "in writes); used as it is for --load-db (sqlite or postgresql)")
    group.add_argument("--max-requests", type=int, default=1_000_000,
                       help="stop once this many requests were made (load suite)")


def run(args, report: Report) -> None:
    kinds = ["sqlite", "postgresql"] if args.load_db == "both" else [args.load_db]
    if args.load_database_url:
        if len(kinds) != 1:
            raise SystemExit("--load-database-url needs --load-db sqlite or postgresql")
        _run_one(kinds[0], args.load_database_url, args, report, filled=True)
        return
    for kind in kinds:
        with _database(kind, report, getattr(args, "database_url", None)) as url:
            if url is None:
                continue
            _run_one(kind, url, args, report)


# --- the database -------------------------------------------------------------------------

@contextlib.contextmanager
def _database(kind: str, report: Report, database_url: str | None) -> Iterator[str | None]:
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="qms-bench-load-")
        try:
            yield f"sqlite:///{folder}/bench.db"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    explicit = database_url or os.environ.get("QMS_BENCH_DATABASE_URL")
    if explicit:
        yield explicit
        return
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from tests.postgres import cluster, find_bin_dir

    if find_bin_dir() is None:
        report.note("[load] PostgreSQL skipped: no server binaries (set QMS_BENCH_DATABASE_URL "
                    "or install postgresql)")
        yield None
        return
    with cluster(port=_free_port()) as url:
        yield url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(url: str, instance: str) -> dict:
    env = {**os.environ, "QMS_DATABASE_URL": url, "QMS_INSTANCE_PATH": instance,
           "QMS_SECRET_KEY": "bench-load", "QMS_DEFAULT_LANGUAGE": "lv"}
    env.pop("QMS_TEST_DATABASE_URL", None)
    return env


def _qms(env: dict, *args: str) -> str:
    done = subprocess.run([str(BIN / "qms"), *args], env=env,  # noqa: S603 - fixed argv
                          capture_output=True, text=True,
                          timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"qms {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return done.stdout


def _analyze(url: str) -> None:
    """Fresh statistics after the bulk load, as autovacuum would have made by now."""
    from sqlalchemy import create_engine

    if url.startswith("sqlite"):
        return
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                           isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


def _server_version(url: str) -> str:
    from sqlalchemy import create_engine, text

    if url.startswith("sqlite"):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            return "PostgreSQL " + connection.execute(text("SHOW server_version")).scalar()
    finally:
        engine.dispose()


# --- the server ---------------------------------------------------------------------------

@contextlib.contextmanager
def _gunicorn(env: dict, workers: int) -> Iterator[tuple[int, subprocess.Popen]]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--backlog", "2048", "--timeout", "60", "qms:create_app()"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {process.stderr.read()[-2000:]}")
            with contextlib.suppress(OSError):
                status, _, _ = _request(port, "GET", "/login", {})
                if status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.3)
        yield port, process
    finally:
        process.terminate()
        try:
            process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def _workers_of(master: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            pids.append(int(entry))
    return pids


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class MemoryWatch(threading.Thread):
    """Samples the VmRSS of every worker twice a second; keeps each worker's maximum."""

    def __init__(self, master: int):
        super().__init__(daemon=True)
        self.master, self.peak = master, {}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            for pid in _workers_of(self.master):
                self.peak[pid] = max(self.peak.get(pid, 0.0), _rss_mb(pid))
            self.stopped.wait(0.5)


# --- the users ----------------------------------------------------------------------------

def _request(port: int, method: str, path: str, cookies: dict, body: bytes | None = None,
             content_type: str = "") -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                cookies[key] = morsel.value
        return response.status, dict(response.getheaders()), data
    finally:
        connection.close()


def _sign_in(port: int, username: str) -> dict:
    from qms.demo import DEMO_PASSWORD

    cookies: dict = {}
    _, _, page = _request(port, "GET", "/login", cookies)
    token = CSRF.search(page.decode())
    body = urlencode({"csrf_token": token.group(1) if token else "", "username": username,
                      "password": DEMO_PASSWORD}).encode()
    status, headers, _ = _request(port, "POST", "/login", cookies, body,
                                  "application/x-www-form-urlencoded")
    if status != 302 or "/login" in headers.get("Location", ""):
        raise RuntimeError(f"cannot sign in as {username!r}: HTTP {status}")
    return cookies


def _candidate_pages(port: int, cookies: dict) -> dict[str, str]:
    """The mix: page name -> URL; record URLs are found on the list pages."""
    import datetime as dt

    def first(path: str, pattern: str) -> str | None:
        _, _, page = _request(port, "GET", path, cookies)
        found = re.search(pattern, page.decode())
        return found.group(0) if found else None

    pages = {
        "my work": "/",
        "document library": "/documents/",
        "document view": first("/documents/", r"/documents/[A-Z][A-Z0-9]*-[A-Za-z0-9.-]+(?=\")"),
        "search": "/documents/?q=klientu",
        "NC register": "/nonconformities/",
        "NC register filtered": "/nonconformities/?status=open",
        "NC statistics": "/nonconformities/statistics",
        "calendar": "/inspections/calendar",
        "audit programme": f"/audits/programme/{dt.date.today().year}",
        "risks": "/risks/",
        "survey results": first("/surveys/", r"/surveys/\d+(?=\")"),
    }
    if pages["survey results"]:
        pages["survey results"] += "/results"
    return {name: url for name, url in pages.items() if url}


WEIGHTS = {"my work": 4, "document library": 2, "document view": 4, "search": 2,
           "NC register": 2, "NC register filtered": 1, "NC statistics": 1, "calendar": 1,
           "audit programme": 1, "risks": 1, "survey results": 1}


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    count: int = 0

    def add(self, name: str, ms: float, ok: bool, error: str = "") -> None:
        with self.lock:
            self.count += 1
            self.samples.setdefault(name, []).append(ms)
            if not ok:
                self.errors[error] = self.errors.get(error, 0) + 1


def _user(port: int, cookies: dict, pages: dict[str, str], think: float, stop: float,
          limit: int, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    names = list(pages)
    weights = [WEIGHTS.get(name, 1) for name in names]
    if think:
        time.sleep(rng.uniform(0, 2 * think))  # users do not all start at once
    while time.monotonic() < stop and tally.count < limit:
        name = rng.choices(names, weights)[0]
        began = time.perf_counter()
        try:
            status, _, _ = _request(port, "GET", pages[name], cookies)
            error = "" if status == 200 else f"HTTP {status} {pages[name]}"
        except OSError as failure:
            error = f"{type(failure).__name__} {pages[name]}"
        tally.add(name, (time.perf_counter() - began) * 1000, not error, error)
        if think:
            time.sleep(rng.uniform(0, 2 * think))


# --- one run ------------------------------------------------------------------------------

def _run_one(kind: str, url: str, args, report: Report, *, filled: bool = False) -> None:
    """``filled``: ``url`` already holds the data (``--load-database-url``)."""
    began = time.perf_counter()
    instance = tempfile.mkdtemp(prefix="qms-bench-load-instance-")
    try:
        env = _environment(url, instance)
        _qms(env, "init")
        if not filled:
            _qms(env, *(["demo", "--if-empty"] if args.load_data == "demo"
                        else ["bench-data", "--scale", args.load_data]))
        _analyze(url)
        data = "existing database" if filled else args.load_data
        report.note(f"[load] {kind}: {_server_version(url)}; data: {data} in "
                    f"{time.perf_counter() - began:.0f} s; gunicorn {args.workers} sync "
                    f"worker(s) on loopback; {args.users} users, think {args.think:g} s, "
                    f"{args.seconds:g} s")
        with _gunicorn(env, args.workers) as (port, server):
            probe = _sign_in(port, "kvalitate")
            pages = _candidate_pages(port, probe)
            report.note(f"[load] {kind}: mix (weight) "
                        + ", ".join(f"{name} {url} ({WEIGHTS.get(name, 1)})"
                                    for name, url in pages.items()))
            sessions = []
            for n in range(args.users):
                account = ACCOUNTS[n % len(ACCOUNTS)]
                cookies = _sign_in(port, account)
                allowed = {name: url for name, url in pages.items()
                           if _request(port, "GET", url, cookies)[0] == 200} if n < len(
                    ACCOUNTS) else sessions[n % len(ACCOUNTS)][1]
                sessions.append((cookies, allowed))
            watch = MemoryWatch(server.pid)
            watch.start()
            tally = Tally()
            stop = time.monotonic() + args.seconds
            threads = [threading.Thread(target=_user, daemon=True, args=(
                port, cookies, allowed, args.think, stop, args.max_requests, tally, n))
                for n, (cookies, allowed) in enumerate(sessions)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.seconds + 60)
            elapsed = time.perf_counter() - started
            watch.stopped.set()
            watch.join()
        _report(kind, args, report, tally, elapsed, watch.peak)
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def _report(kind: str, args, report: Report, tally: Tally, elapsed: float,
            peak: dict[int, float]) -> None:
    every = [ms for samples in tally.samples.values() for ms in samples]
    if not every:
        report.note(f"[load] {kind}: no request completed")
        return
    report.add(SUITE, f"{kind}: all pages, {args.users} users over HTTP",
               Samples(every, every), TARGET_P95_MS)
    for name, samples in sorted(tally.samples.items()):
        report.add(SUITE, f"  {kind}: {name}", Samples(samples, samples))
    errors = sum(tally.errors.values())
    rss = max(peak.values(), default=0.0)
    report.note(f"[load] {kind}: {len(every)} requests in {elapsed:.1f} s = "
                f"{len(every) / elapsed:.1f} requests/s; p50 {percentile(every, 0.5):.1f} ms, "
                f"p95 {percentile(every, 0.95):.1f} ms")
    report.note(f"[load] {kind}: errors {errors} (target 0: "
                f"{'PASS' if not errors else 'MISS'})"
                + "".join(f"\n    {count} x {what}" for what, count in
                          sorted(tally.errors.items(), key=lambda item: -item[1])[:10]))
    report.note(f"[load] {kind}: resident memory per worker, max during the run: "
                + ", ".join(f"{mb:.0f} MB" for mb in sorted(peak.values(), reverse=True))
                + f" (target <= {TARGET_RSS_MB} MB: "
                f"{'PASS' if rss <= TARGET_RSS_MB else 'MISS'})")
