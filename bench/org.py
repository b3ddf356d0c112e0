"""The organisation suite: server time of the organisation and history pages over a
synthetic organisation (the demo plus ``--people`` people and ``--events`` audit rows),
signed in as the demo administrator. Reported only: the issue sets no targets here."""

from __future__ import annotations

import datetime as dt
import time

from bench.common import Report, Timer, settle, sign_in, throwaway_app

SUITE = "org"
PAGES = ["/", "/org/", "/org/positions", "/org/people", "/org/people?q=00042",
         "/org/people?page=40", "/history/", "/history/?action=user&q=00042",
         "/history/?page=500"]


def add_arguments(parser) -> None:
    parser.add_argument("--people", type=int, default=2000,
                        help="people added to the demo organisation (org suite)")
    parser.add_argument("--events", type=int, default=200_000,
                        help="audit rows added (org suite)")


def fill(people: int, events: int) -> None:
    """The demo, then people and audit rows by bulk insert (every constraint respected)."""
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
    if rows:
        db.session.execute(insert(User), rows)
    ids = db.session.scalars(db.select(User.id).where(User.username.like("bench%"))).all()
    if ids:
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


def run(args, report: Report) -> None:
    with throwaway_app(SUITE) as app:
        with app.app_context():
            began = time.perf_counter()
            fill(args.people, args.events)
        report.note(f"\n[{SUITE}] data: demo + {args.people} people + {args.events} audit rows, "
                    f"built in {time.perf_counter() - began:.1f} s; signed in as admin")
        client = app.test_client()
        sign_in(client, "admin")
        timer = Timer.from_args(args)
        settle()
        report.header()
        for url in PAGES:
            report.add(SUITE, f"GET {url}", timer.get(client, url))
