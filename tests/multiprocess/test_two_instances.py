"""Two web processes and two schedulers against one PostgreSQL database, as in production.

Runs in the PostgreSQL half of `make test` (``pytest --postgres`` or QMS_TEST_DATABASE_URL);
skipped with a message otherwise. Everything goes through real processes: `qms init` and
`qms create-user`, two gunicorn servers on loopback ports sharing QMS_SECRET_KEY and the
instance folder (the file store), and `qms scheduler` processes.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

PG_URL = os.environ.get("QMS_TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not PG_URL.startswith("postgresql"),
    reason="NO POSTGRESQL: the multi-process test needs `pytest --postgres` (a throwaway "
           "cluster) or QMS_TEST_DATABASE_URL")

BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery staple"
RISK_JOB = "risks.review_reminders"
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


# --- processes --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """A fresh database in the cluster, migrated by `qms init`, with two people; the
    environment every process of the deployment shares."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    name = f"qms_mp_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except DBAPIError as error:  # an external server may not let us create databases
        admin.dispose()
        pytest.skip(f"cannot create a database for the multi-process test: {error}")
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    root = tmp_path_factory.mktemp("deployment")
    env = {**os.environ, "QMS_DATABASE_URL": url, "QMS_SECRET_KEY": uuid.uuid4().hex,
           "QMS_INSTANCE_PATH": str(root / "shared-instance"),
           "QMS_BACKUP_DIR": str(root / "backups"), "QMS_DEFAULT_LANGUAGE": "en"}
    env.pop("QMS_TEST_DATABASE_URL", None)
    _qms(env, "init")
    people = [subprocess.Popen(
        [str(BIN / "qms"), "create-user", "--username", username, "--name", username.title(),
         "--email", f"{username}@example.lv", "--role", role, "--password", PASSWORD],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for username, role in (("anna", "quality_manager"), ("maris", "manager"))]
    for process in people:
        out, err = process.communicate(timeout=90)
        assert process.returncode == 0, out + err
    try:
        yield {"env": env, "url": url, "root": root}
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _qms(env, *args, timeout=90) -> str:
    done = subprocess.run([str(BIN / "qms"), *args], env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"qms {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def servers(deployment):
    """Two gunicorn processes (one worker each) on two loopback ports."""
    ports = [_free_port(), _free_port()]
    processes = [subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{port}", "qms:create_app()"],
        env=deployment["env"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for port in ports]
    try:
        for port, process in zip(ports, processes, strict=True):
            _wait_until_serving(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()


def _wait_until_serving(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn on {port} exited: {process.stderr.read()[-2000:]}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/login")
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise AssertionError(f"gunicorn on {port} did not answer")


class Browser:
    """One person's browser: a cookie jar shared by both addresses (as behind a load balancer,
    where both processes answer the same host name)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, body: bytes | None = None,
                content_type: str = "") -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        connection.close()
        return response.status, dict(response.getheaders()), data

    def get(self, port: int, path: str) -> str:
        status, _, data = self.request(port, "GET", path)
        assert status == 200, f"GET {path} on {port}: {status}"
        return data.decode()

    def post(self, port: int, path: str, fields: dict) -> tuple[int, str]:
        status, headers, data = self.request(port, "POST", path, urlencode(fields).encode(),
                                             "application/x-www-form-urlencoded")
        return status, headers.get("Location", "") or data.decode()[:500]

    def upload(self, port: int, path: str, fields: dict, filename: str,
               content: bytes) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                 .encode() for k, v in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                     f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'.encode()
                     + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        status, headers, data = self.request(port, "POST", path, body,
                                             f"multipart/form-data; boundary={boundary}")
        return status, headers.get("Location", "") or data.decode()[:500]


def _token(page: str) -> str:
    found = CSRF.search(page)
    assert found, "no CSRF token on the page"
    return found.group(1)


# --- the web processes ------------------------------------------------------------------

def test_a_person_signs_in_through_one_process_and_continues_through_the_other(servers):
    a, b = servers
    browser = Browser()
    status, location = browser.post(a, "/login", {
        "csrf_token": _token(browser.get(a, "/login")), "username": "anna",
        "password": PASSWORD})
    assert status == 302 and "/login" not in location, location
    # the session made by A is valid on B
    assert "Anna" in browser.get(b, "/")

    # a form from A's page posted to B: the CSRF token is valid across processes
    token = _token(browser.get(a, "/nonconformities/new"))
    status, location = browser.post(b, "/nonconformities/new", {
        "csrf_token": token, "title": "Klienta lieta nav reģistrēta laikā",
        "description": "Iesniegums reģistrēts ar nokavējumu.", "source": "staff_report"})
    assert status == 302, location
    found = re.search(r"/nonconformities/(\d+)$", location)
    assert found, location
    record = found.group(0)

    # a file uploaded through B is downloadable through A (the shared file store)
    content = f"Pārbaudes protokols {uuid.uuid4()}".encode()
    status, location = browser.upload(b, f"{record}/evidence",
                                      {"csrf_token": _token(browser.get(b, record))},
                                      "protokols.txt", content)
    assert status == 302, location
    files = re.findall(r"/nonconformities/files/(\d+)", browser.get(a, record))
    assert files, "the uploaded file is not listed"
    status, _, data = browser.request(a, "GET", f"/nonconformities/files/{files[0]}")
    assert (status, data) == (200, content)

    # a stranger's token is refused by both
    stranger = Browser()
    stranger.get(b, "/login")
    status, _ = stranger.post(b, "/login", {"csrf_token": token, "username": "anna",
                                            "password": PASSWORD})
    assert status == 400


# --- the schedulers ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def database(deployment):
    """An application in this process on the deployment's database, to make records and
    count what the schedulers did."""
    from qms import create_app
    from qms.extensions import db

    saved = os.environ.get("QMS_INSTANCE_PATH")
    os.environ["QMS_INSTANCE_PATH"] = str(deployment["root"] / "test-instance")
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": deployment["url"], "SECRET_KEY": "test",
                          "DEFAULT_LANGUAGE": "en"})
    finally:
        if saved is None:
            os.environ.pop("QMS_INSTANCE_PATH")
        else:
            os.environ["QMS_INSTANCE_PATH"] = saved
    with app.app_context():
        yield db
        db.session.remove()
        db.engine.dispose()


def _due_risk(db, title: str):
    import datetime as dt

    from sqlalchemy import select

    from qms.auth.models import User
    from qms.core.time import local_date, utcnow
    from qms.risks import services

    people = {u.username: u for u in db.session.scalars(select(User))}
    now = utcnow()
    return services.create_risk(actor=people["anna"], now=now, kind="risk", title=title,
                                likelihood=4, impact=4, owner_id=people["maris"].id,
                                review_on=local_date(now) + dt.timedelta(days=3))


def _counts(db) -> dict:
    from sqlalchemy import func, select

    from qms.core.job_runs import JobRun
    from qms.notifications.models import Notification, OutboxMail

    db.session.rollback()  # see what the other processes committed
    return {
        "notifications": db.session.scalar(select(func.count(Notification.id)).where(
            Notification.kind.like("risk.review%"))),
        "mails": db.session.scalar(select(func.count(OutboxMail.id)).where(
            OutboxMail.dedup_key.like("mail:risk.review%"))),
        "runs": db.session.scalar(select(func.count(JobRun.id)).where(
            JobRun.job_id == RISK_JOB, JobRun.period != "2000-01-01")),
    }


def _start_schedulers(env, count: int) -> list[str]:
    """Start ``count`` `qms scheduler` processes at once; each catches up, says it started
    and is then stopped. Returns what each printed."""
    processes = [subprocess.Popen([str(BIN / "qms"), "scheduler"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(count)]
    outputs = []
    try:
        for process in processes:
            lines = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                line = process.stdout.readline()
                if not line:
                    raise AssertionError(f"scheduler exited: {''.join(lines)}"
                                         f"{process.stderr.read()[-3000:]}")
                lines.append(line)
                if line.startswith("Scheduler started"):
                    break
            outputs.append("".join(lines))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
    return outputs


def test_each_reminder_of_a_period_is_sent_once_by_two_schedulers(deployment, database):
    _due_risk(database, "Ziemas piekļuve klientiem lauku teritorijā")
    env = deployment["env"]
    # two schedulers run the same job at the same moment
    runs = [subprocess.Popen([str(BIN / "qms"), "scheduler", "--run", RISK_JOB], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = []
    for process in runs:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        outputs.append(out.strip())
    assert sorted(outputs) == ["1 notification(s)", "Already ran in this period."]
    assert _counts(database) == {"notifications": 1, "mails": 1, "runs": 1}

    # The schedulers were down when the next period came (its claim is missing) and a new
    # review fell due; two schedulers start together and both catch up.
    from sqlalchemy import update

    from qms.core.job_runs import JobRun

    database.session.execute(update(JobRun).where(JobRun.job_id == RISK_JOB)
                             .values(period="2000-01-01"))
    database.session.commit()
    _due_risk(database, "Transporta pakalpojuma pārtraukums")
    first, second = _start_schedulers(env, 2)
    caught = [out for out in (first, second) if f"Caught up: {RISK_JOB}: " in out]
    assert len(caught) == 1, (first, second)
    assert f"Caught up: {RISK_JOB}: 1 notification(s)" in caught[0]  # the new review only
    assert _counts(database) == {"notifications": 2, "mails": 2, "runs": 1}

    # a restarted scheduler finds this period done: nothing again
    (again,) = _start_schedulers(env, 1)
    assert RISK_JOB not in again
    assert _counts(database) == {"notifications": 2, "mails": 2, "runs": 1}
