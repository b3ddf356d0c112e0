"""Fork server for tests/security/test_crash.py: loads qms once, then for every line
``KIND`` on stdin forks a child that runs one bulk import through the real services against
the SQLite file given on the command line. The test kills the child with SIGKILL at a random
moment. Protocol (stdout): ``ready``; per run ``start PID``, then ``exit PID STATUS``.

Usage: python -m tests.security.crash_worker DB INPUT_DIR"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def _child(app, kind: str, folder: Path) -> None:
    from qms.core.permissions import SystemActor
    from qms.core.time import utcnow

    with app.app_context():
        actor = SystemActor("crash test")
        _say(f"start {os.getpid()}")
        if kind == "staff":
            from qms.org.services import import_staff

            import_staff((folder / "staff.csv").read_text("utf-8"), actor=actor)
        else:
            from qms.documents.importer import import_dir

            report = import_dir(folder, actor=actor, now=utcnow())
            if report.errors:
                raise SystemExit(str(report.errors[0]))


def main(database: str, folder: str) -> None:
    from qms import create_app
    from qms.documents import importer  # noqa: F401 - loaded once, before forking
    from qms.org import services  # noqa: F401

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                      "SECRET_KEY": "crash-test"})
    _say("ready")
    for line in sys.stdin:
        kind = line.strip()
        if not kind:
            break
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                _child(app, kind, Path(folder))
            except BaseException as error:  # noqa: BLE001 - reported through the exit status
                os.write(2, f"{error!r}\n".encode())
                status = 1
            os._exit(status)
        _, status = os.waitpid(pid, 0)
        _say(f"exit {pid} {status}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
