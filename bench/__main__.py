"""Server time of the organisation pages over a synthetic organisation.

    python -m bench [--people N] [--events N] [--repeat N]

Builds a throwaway SQLite database, fills it through bulk inserts that respect every
constraint, then requests each page repeatedly in-process and prints p50 and p95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time

from bench.machine import describe


def _fill(people: int, events: int) -> None:
    from sqlalchemy import insert

    from qms.auth.models import User, UserRole
    from qms.auth.services import hash_password
    from qms.core.audit_log import AuditEvent
    from qms.demo import load_demo
    from qms.extensions import db
    from qms.org.models import Position

    load_demo()
    positions = db.session.scalars(db.select(Position)).all()
    password = hash_password("bench password 1")
    rows = [{"username": f"bench{n}", "full_name": f"Darbinieks {n:05d}",
             "email": f"bench{n}@bench.example", "unit_id": positions[n % len(positions)].unit_id,
             "position_id": positions[n % len(positions)].id, "language": "lv",
             "is_active_account": True, "password_hash": password, "must_change_password": False,
             "session_version": 1, "created_at": dt.datetime.now(dt.UTC), "row_version": 1}
            for n in range(people)]
    db.session.execute(insert(User), rows)
    ids = db.session.scalars(db.select(User.id).where(User.username.like("bench%"))).all()
    db.session.execute(insert(UserRole), [{"user_id": i, "role": "staff"} for i in ids])
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    batch = []
    for n in range(events):
        batch.append({"at": start + dt.timedelta(minutes=7 * n), "actor_id": None,
                      "actor_name": "bench", "action": "user.update", "entity_type": "user",
                      "entity_id": ids[n % len(ids)] if ids else None,
                      "entity_label": f"Darbinieks {n % max(people, 1):05d}",
                      "changes": {"full_name": ["a", "b"]}, "note": ""})
        if len(batch) == 10_000:
            db.session.execute(insert(AuditEvent), batch)
            batch = []
    if batch:
        db.session.execute(insert(AuditEvent), batch)
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="qms-bench-")
    os.environ["QMS_INSTANCE_PATH"] = folder
    from flask_migrate import upgrade

    from qms import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        began = time.perf_counter()
        _fill(args.people, args.events)
        print(f"data: demo + {args.people} people + {args.events} audit rows "
              f"in {time.perf_counter() - began:.1f} s")

    client = app.test_client()
    client.post("/login", data={"username": "admin", "password": "demo-parole-2026"})
    pages = ["/", "/org/", "/org/positions", "/org/people", "/org/people?q=00042",
             "/org/people?page=40", "/history/", "/history/?action=user&q=00042",
             "/history/?page=500"]
    print(f"machine: {describe()}")
    print(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}")
    for url in pages:
        timings = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"{url:<34}{statistics.median(timings):>9.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
