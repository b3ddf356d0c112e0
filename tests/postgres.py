"""A throwaway PostgreSQL cluster for the test suite (``pytest --postgres``).

Uses the server binaries installed on the machine; as root, the cluster runs as the
``postgres`` user, since initdb refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager


def find_bin_dir() -> str | None:
    explicit = os.environ.get("QMS_PG_BIN")
    if explicit:
        return explicit
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


@contextmanager
def cluster(port: int = 55432):
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries not found (set QMS_PG_BIN)")
    root = tempfile.mkdtemp(prefix="qms-pg-")
    data, sockets = os.path.join(root, "data"), os.path.join(root, "run")
    os.makedirs(sockets)
    as_user: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for path in (root, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)

    run(f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
        "--locale=C")
    options = (f"-p {port} -k {sockets} -c listen_addresses='' -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    run(f"{bin_dir}/pg_ctl", "-D", data, "-o", options, "-w", "-l",
        os.path.join(root, "log"), "start")
    try:
        url = f"postgresql+psycopg://postgres@/postgres?host={sockets}&port={port}"
        deadline = time.time() + 10
        while not os.path.exists(os.path.join(sockets, f".s.PGSQL.{port}")):
            if time.time() > deadline:
                raise RuntimeError("PostgreSQL did not start")
            time.sleep(0.1)
        yield url
    finally:
        subprocess.run([*as_user, f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)
