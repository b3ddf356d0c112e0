"""The reviews suite: the annual management review of a large organisation with ten years of
data, on screen within 1 s and as PDF within 5 s (issue 7).

The data (bulk inserts, every constraint respected): an institution with 12 units and 40
processes, and for each of ten years (``--review-years``) about 2 000 nonconformities
(``--ncs-per-year``), 150 audits with 20 checklist items each, 300 inspections with their
prescriptions, 600 feedback records and 300 changed documents; 10 000 actions in all
(corrective actions of nonconformities and improvement actions), and an approved review of
the year before with outputs. The quality manager ``kvalitate`` requests the pages.

Rows: ``assemble.input_pack`` alone (what a live draft pays), ``GET /reviews/<year>`` as a
live draft and after the start (the frozen snapshot), the PDF of both, the Markdown export,
and the PDF of the approved review once it has been downloaded (kept per approval hash).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import shutil
import tempfile
import time
from decimal import Decimal

from bench.common import Report, Timer, _watch, settle

SUITE = "reviews"
HTML_TARGET_MS = 1000
PDF_TARGET_MS = 5000
PASSWORD = "bench-parole-2026"  # noqa: S105
BATCH = 5000

UNITS = ["SPN", "AN", "SPKN", "BSAC", "PSAC", "AAB", "PNS", "DC", "KC", "JC", "GM", "AB"]
CATEGORIES = ["methods", "people", "premises", "equipment", "management", "clients"]
SOURCES = ["audit_finding", "inspection", "complaint", "staff_report", "indicator", "other"]
TOPICS = ["Gaidīšanas laiks", "Apkalpošanas kvalitāte", "Telpu pieejamība", "Informācija",
          "Saziņa ar sociālo darbinieku", "Ēdināšana", "Transports", "Aprūpes kvalitāte"]
RESULTS = ["conforms"] * 14 + ["minor", "major", "observation", "improvement",
                               "good_practice", "not_audited"]


def add_arguments(parser) -> None:
    parser.add_argument("--review-years", type=int, default=10,
                        help="years of data for the management review (reviews suite)")
    parser.add_argument("--ncs-per-year", type=int, default=2000,
                        help="nonconformities per year (reviews suite)")


@contextlib.contextmanager
def _schema_app():
    """A fresh application on its own SQLite file. The schema comes from the models
    (``create_all`` plus the search index objects), like the test suite: the review's
    newest columns reach Alembic with the next migration."""
    from qms import create_app
    from qms.core import search
    from qms.extensions import db

    folder = tempfile.mkdtemp(prefix=f"qms-bench-{SUITE}-")
    previous = os.environ.get("QMS_INSTANCE_PATH")
    os.environ["QMS_INSTANCE_PATH"] = folder
    app = None
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                          "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
        _watch(app)
        with app.app_context():
            db.create_all()
            with db.engine.begin() as connection:
                search.create_index_objects(connection)
        yield app
    finally:
        if app is not None:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
        if previous is None:
            os.environ.pop("QMS_INSTANCE_PATH", None)
        else:
            os.environ["QMS_INSTANCE_PATH"] = previous


def _bulk(model, rows: list[dict]) -> None:
    from sqlalchemy import insert

    from qms.extensions import db

    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start:start + BATCH])


def _ids(model) -> list[int]:
    from sqlalchemy import select

    from qms.extensions import db

    return list(db.session.scalars(select(model.id).order_by(model.id)))


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)


def build(args, rng: random.Random, *, now: dt.datetime) -> dict:  # noqa: PLR0915
    """The organisation, people and ten years of records; returns what the report says."""
    from qms.audits.models import Audit, AuditItem, AuditProgramme, audit_process
    from qms.core.permissions import SystemActor
    from qms.documents.defaults import install_default_types
    from qms.documents.models import Document, DocumentType, DocumentVersion
    from qms.extensions import db
    from qms.inspections.models import Authority, Inspection, Prescription
    from qms.nonconformities.models import Action, Feedback, Nonconformity
    from qms.org import services as org_services
    from qms.org.models import Position, Unit
    from qms.processes.models import Process

    system = SystemActor("bench")
    last = now.year
    years = list(range(last - args.review_years + 1, last + 1))
    counts: dict[str, int] = {}

    root = Unit(code="SD", name="Lielpilsētas sociālais dienests", kind="institution")
    db.session.add(root)
    db.session.flush()
    _bulk(Unit, [{"code": code, "name": f"Struktūrvienība {code}", "kind": "department",
                  "parent_id": root.id} for code in UNITS])
    unit_ids = [u for u in _ids(Unit) if u != root.id]
    _bulk(Position, [{"title": title, "unit_id": unit_id, "headcount": rng.randint(2, 30),
                      "category": category}
                     for unit_id in [root.id, *unit_ids]
                     for title, category in (("Vadītājs", "administration"),
                                             ("Sociālais darbinieks", "social_work"),
                                             ("Aprūpētājs", "care"))])
    people = {}
    for username, name, roles in (("kvalitate", "Ilze Bērziņa", ["quality_manager"]),
                                  ("direktore", "Dace Liepiņa", ["manager"]),
                                  ("vadītājs", "Inese Vītola", ["manager"])):
        person, _ = org_services.create_person(actor=system, roles=roles, password=PASSWORD,
                                               username=username, full_name=name,
                                               language="lv")
        people[username] = person
    root.head_id = people["direktore"].id
    db.session.commit()
    owners = [p.id for p in people.values()]

    _bulk(Process, [{"code": f"PR-{n:02d}", "name": f"Process {n}", "kind": "core"}
                    for n in range(1, 41)])
    process_ids = _ids(Process)

    # Nonconformities, ~2 000 a year; most old ones closed and verified.
    ncs = []
    for year in years:
        for sequence in range(1, args.ncs_per_year + 1):
            reported = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            closed = year < last or rng.random() < 0.5
            closed_at = _moment(min(reported + dt.timedelta(days=rng.randint(20, 200)),
                                    dt.date(year, 12, 31))) if closed else None
            ncs.append({
                "number": f"NA-{year}-{sequence:04d}", "year": year, "sequence": sequence,
                "title": f"Neatbilstība {sequence}", "description": "Apraksts",
                "source": rng.choice(SOURCES), "reported_on": reported,
                "reported_at": _moment(reported), "severity": rng.choice(
                    ["major", "minor", "minor", "observation"]),
                "status": "closed" if closed else rng.choice(["triage", "root_cause",
                                                              "implementation"]),
                "closed_at": closed_at, "process_id": rng.choice(process_ids),
                "unit_id": rng.choice(unit_ids),
                "root_cause_category": rng.choice(CATEGORIES),
                "verdict": "effective" if closed else "",
                "times_not_effective": int(rng.random() < 0.1),
                "due_on": reported + dt.timedelta(days=60)})
    _bulk(Nonconformity, ncs)
    counts["nonconformities"] = len(ncs)
    nc_ids = _ids(Nonconformity)

    # 10 000 actions: corrective actions with budgets, and improvement actions.
    actions = []
    for n in range(10_000):
        year = years[n % len(years)]
        created = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        done = year < last or rng.random() < 0.4
        improvement = n % 4 == 0
        actions.append({
            "kind": "improvement" if improvement else "corrective",
            "title": f"Darbība {n}", "status": "done" if done else "planned",
            "created_at": _moment(created), "owner_id": rng.choice(owners),
            "due_on": created + dt.timedelta(days=90),
            "done_on": created + dt.timedelta(days=60) if done else None,
            "nonconformity_id": None if improvement else rng.choice(nc_ids),
            "source_type": rng.choice(["register", "audit_item", "feedback"])
            if improvement else "",
            "budget_planned": Decimal(rng.randint(0, 2000)),
            "cost_actual": Decimal(rng.randint(0, 2000)) if done else None})
    _bulk(Action, actions)
    counts["actions"] = len(actions)

    # Audits: a programme a year, 150 audits with 20 checklist items each.
    _bulk(AuditProgramme, [{"year": y, "created_at": _moment(dt.date(y, 1, 2))} for y in years])
    programmes = dict(zip(years, _ids(AuditProgramme), strict=True))
    audits = []
    for year in years:
        for n in range(1, 151):
            start = dt.date(year, 1, 10) + dt.timedelta(days=rng.randrange(330))
            kind = "surveillance" if n == 150 else "internal"
            status = "closed" if year < last or rng.random() < 0.7 else rng.choice(
                ["planned", "cancelled"])
            audits.append({"number": f"IA-{year}-{n:03d}", "programme_id": programmes[year],
                           "type": kind, "title": f"Audits {n}", "status": status,
                           "planned_start": start, "actual_start": start,
                           "created_at": _moment(dt.date(year, 1, 2))})
    _bulk(Audit, audits)
    audit_ids = _ids(Audit)
    db.session.execute(audit_process.insert(), [
        {"audit_id": a, "process_id": rng.choice(process_ids)} for a in audit_ids])
    items = [{"audit_id": a, "position": p, "question": f"Jautājums {p}",
              "result": rng.choice(RESULTS)} for a in audit_ids for p in range(1, 21)]
    _bulk(AuditItem, items)
    counts["audits"], counts["audit items"] = len(audit_ids), len(items)

    # Inspections: 300 a year, one or two prescriptions each.
    _bulk(Authority, [{"name": f"Inspekcija {n}", "short_name": f"I{n}"} for n in range(12)])
    authority_ids = _ids(Authority)
    inspections = []
    for year in years:
        for n in range(1, 301):
            started = dt.date(year, 1, 5) + dt.timedelta(days=rng.randrange(350))
            inspections.append({"number": f"INS-{year}-{n:03d}", "year": year, "sequence": n,
                                "authority_id": rng.choice(authority_ids),
                                "subject": "Pārbaude", "started_on": started,
                                "registered_at": _moment(started)})
    _bulk(Inspection, inspections)
    prescriptions = [{"inspection_id": i, "text": "Novērst", "status": rng.choice(
        ["open", "done"]), "deadline_on": dt.date(2000, 1, 1) + dt.timedelta(
            days=rng.randrange(365 * 30))} for i in _ids(Inspection)
        for _ in range(rng.randint(1, 2))]
    _bulk(Prescription, prescriptions)
    counts["inspections"], counts["prescriptions"] = len(inspections), len(prescriptions)

    # Feedback: 600 a year.
    feedback = []
    for year in years:
        for n in range(1, 601):
            received = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            feedback.append({"number": f"AT-{year}-{n:04d}", "year": year, "sequence": n,
                             "kind": rng.choice(["complaint", "suggestion", "compliment"]),
                             "channel": "letter", "received_on": received,
                             "topic": rng.choice(TOPICS), "summary": "Klienta teiktais",
                             "registered_at": _moment(received),
                             "answered_on": received + dt.timedelta(days=10)})
    _bulk(Feedback, feedback)
    counts["feedback"] = len(feedback)

    # Documents: 300 a year get a version into effect (a tenth of them external).
    install_default_types(actor=system)
    types = {t.is_external: t.id for t in db.session.scalars(db.select(DocumentType))}
    documents = [{"code": f"D-{n:05d}", "title": f"Dokuments {n}",
                  "type_id": types[n % 10 == 0]} for n in range(300 * len(years))]
    _bulk(Document, documents)
    versions = [{"document_id": d, "major": 1, "minor": 0, "status": "effective",
                 "effective_at": _moment(dt.date(years[i % len(years)], 1, 1)
                                         + dt.timedelta(days=rng.randrange(365)))}
                for i, d in enumerate(_ids(Document))]
    _bulk(DocumentVersion, versions)
    counts["documents"] = len(documents)
    db.session.commit()
    return {"years": years, "counts": counts, "people": people}


def _previous_review(year: int, people: dict, *, now: dt.datetime) -> None:
    """An approved review of the year before, with three outputs (section a of this year)."""
    from qms.reviews import services

    qm = people["kvalitate"]
    review = services.open_draft(year, actor=qm, now=now)
    for n in range(3):
        services.add_output(review, actor=qm, now=now, output_class="improvement",
                            title=f"Iepriekšējā pārskata lēmums {n + 1}", owner_id=qm.id,
                            due_on=dt.date(year + 1, 6, 1), budget_planned="1000")
    services.start(review, actor=qm, now=now)
    _approve(review, people, now=now)


def _approve(review, people: dict, *, now: dt.datetime) -> None:
    """Reasons, conclusions and the meeting, then the head's approval."""
    from qms.reviews import assemble, services

    qm, head = people["kvalitate"], people["direktore"]
    year = review.year
    for section in review.snapshot["sections"]:
        if assemble.needs_reason(section):
            services.save_no_data_reason(review, actor=qm, now=now, section=section["key"],
                                         reason="Nav datu avota.")
    services.save_conclusions(review, actor=qm, now=now, suitability="Jā", adequacy="Jā",
                              effectiveness="Jā", strategic_alignment="Jā")
    names = services.default_participants()
    services.save_meeting(review, actor=qm, now=now, planned_meeting_on=dt.date(year, 12, 15),
                          participants=names, attended=names)
    services.approve(review, actor=head, now=now)


def run(args, report: Report) -> None:
    from qms.core.time import local_date, utcnow
    from qms.reviews import assemble

    rng = random.Random(2026)
    now = utcnow()
    year = now.year
    with _schema_app() as app:
        with app.app_context():
            began = time.perf_counter()
            data = build(args, rng, now=now)
            _previous_review(year - 1, data["people"], now=now)
            build_seconds = time.perf_counter() - began
        counts = ", ".join(f"{v} {k}" for k, v in data["counts"].items())
        report.note(f"\n[{SUITE}] data: {args.review_years} years ({data['years'][0]}–"
                    f"{data['years'][-1]}): {counts}, built in {build_seconds:.1f} s; "
                    f"signed in as kvalitate (quality manager)")
        client = app.test_client()
        response = client.post("/login", data={"username": "kvalitate", "password": PASSWORD})
        if response.status_code != 302:
            raise RuntimeError(f"cannot sign in: HTTP {response.status_code}")
        if client.post("/reviews/open", data={"year": str(year)}).status_code != 302:
            raise RuntimeError("cannot open the draft")
        timer = Timer.from_args(args)
        settle()
        report.header()

        with app.app_context():
            today = local_date(now)
            report.add(SUITE, f"  assemble.input_pack({year}) alone",
                       timer.call(lambda: assemble.input_pack(year, today=today)))
        url = f"/reviews/{year}"
        report.add(SUITE, f"GET {url} (live draft: pack + HTML)", timer.get(client, url),
                   HTML_TARGET_MS)
        pdf_repeat = max(1, min(args.repeat, 10))
        report.add(SUITE, f"GET {url}.pdf (live draft)",
                   timer.get(client, f"{url}.pdf", repeat=pdf_repeat), PDF_TARGET_MS)
        if client.post(f"/reviews/{year}/start").status_code != 302:
            raise RuntimeError("cannot start the review")
        report.add(SUITE, f"GET {url} (started: frozen snapshot)", timer.get(client, url),
                   HTML_TARGET_MS)
        report.add(SUITE, f"GET {url}.pdf (started)",
                   timer.get(client, f"{url}.pdf", repeat=pdf_repeat), PDF_TARGET_MS)
        report.add(SUITE, f"GET {url}.md (Markdown export)", timer.get(client, f"{url}.md"))
        with app.app_context():
            from qms.auth.models import User
            from qms.extensions import db
            from qms.reviews import services

            people = {u.username: u for u in db.session.scalars(db.select(User))}
            _approve(services.get(year), people, now=now)
        report.add(SUITE, f"GET {url}.pdf (approved, after the first download)",
                   timer.get(client, f"{url}.pdf"), PDF_TARGET_MS)
