"""The data generator behind ``qms bench-data --scale small|large|national [--seed N]``.

small is the demo organisation (``qms demo``). large and national add, on top of the demo,
bulk-inserted records (SQLAlchemy Core ``insert`` of many rows at once, executemany) that
respect every constraint: foreign keys, unique numbers and codes, states that agree with
their dates (a closed nonconformity has a verdict and a closing date, a superseded version
the version that superseded it), and the search index of every document exactly as
``qms.core.search.index`` writes it. national is the size of issue 8; large is a tenth.

The same seed on the same day gives the same data (dates are placed relative to today, so
that "overdue", "this month" and the calendar stay meaningful).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench import text

BATCH = 5000
FIRST_NUMBER = 100  # bulk document codes start at <prefix>-100, clear of the demo's codes
BULK_SEQUENCE = 5000  # bulk nonconformity/inspection sequences start here, clear of the demo


@dataclass(frozen=True)
class Scale:
    users: int
    documents: int
    versions: int  # in all, so versions // documents per document
    audits: int
    answers: int  # checklist items, answers // audits per audit
    nonconformities: int
    actions: int
    inspections: int
    events: int  # audit-trail rows
    years: int = 10
    indicators_per_process: int = 3
    surveys_per_year: int = 20
    responses_per_survey: int = 100


NATIONAL = Scale(users=2000, documents=20_000, versions=200_000, audits=15_000,
                 answers=300_000, nonconformities=100_000, actions=300_000,
                 inspections=30_000, events=1_000_000, surveys_per_year=40)
LARGE = Scale(users=200, documents=2000, versions=20_000, audits=1500, answers=30_000,
              nonconformities=10_000, actions=30_000, inspections=3000, events=100_000,
              indicators_per_process=2, surveys_per_year=10, responses_per_survey=40)
SCALES = {"small": None, "large": LARGE, "national": NATIONAL}

UNIT_NAMES = ["Sociālās palīdzības nodaļa", "Sociālo pakalpojumu nodaļa", "Aprūpes birojs",
              "Dienas centrs", "Krīzes centrs", "Ģimenes atbalsta nodaļa",
              "Bērnu un jauniešu centrs", "Grupu dzīvokļi", "Pansionāts", "Administrācija"]
MUNICIPALITIES = ["Rīga", "Daugavpils", "Liepāja", "Jelgava", "Jūrmala", "Ventspils",
                  "Rēzekne", "Valmiera", "Jēkabpils", "Ogre", "Tukums", "Cēsis", "Kuldīga",
                  "Sigulda", "Bauska", "Talsi", "Madona", "Dobele", "Limbaži", "Alūksne"]
FIRST_NAMES = ["Anna", "Dace", "Ilze", "Inese", "Līga", "Sanita", "Laura", "Marta", "Jānis",
               "Andris", "Mārtiņš", "Edgars", "Kristīne", "Zane", "Agris", "Pēteris"]
LAST_NAMES = ["Bērziņa", "Kalniņa", "Ozola", "Liepiņa", "Kārkliņa", "Vītola", "Krūmiņa",
              "Zariņa", "Bērziņš", "Kalniņš", "Ozols", "Liepiņš", "Kļaviņš", "Siliņš"]
SOURCES = ["audit_finding", "inspection", "complaint", "staff_report", "indicator", "other"]
CATEGORIES = ["methods", "people", "premises", "equipment", "management", "clients"]
OPEN_NC = ["new", "triage", "correction", "root_cause", "action_plan", "implementation",
           "effectiveness"]
RESULTS = ["conforms"] * 14 + ["minor", "major", "observation", "improvement",
                               "good_practice", "not_audited"]
EVENT_ACTIONS = [("nonconformity", "nonconformity.update"), ("document", "document.update"),
                 ("audit", "audit.update"), ("inspection", "inspection.update"),
                 ("user", "user.update")]
TOPICS = ["Ēdināšana", "Gaidīšanas laiks", "Telpu pieejamība", "Saziņa", "Aprūpes kvalitāte"]


def _moment(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


class Generator:
    """Fills the configured database; ``log`` receives progress lines."""

    def __init__(self, scale: Scale, seed: int, *, log: Callable[[str], None] = print,
                 today: dt.date | None = None):
        from qms.core.time import local_date, utcnow

        self.scale, self.rng, self.log = scale, random.Random(seed), log
        self.today = today or local_date(utcnow())
        self.years = list(range(self.today.year - scale.years + 1, self.today.year + 1))
        self.counts: dict[str, int] = {}
        self._began = time.perf_counter()

    # --- helpers ------------------------------------------------------------------------

    def _insert(self, model, rows, label: str | None = None) -> int:
        """Bulk INSERT in batches (``rows`` may be a generator); returns how many."""
        from sqlalchemy import insert

        from qms.extensions import db

        table = model.__table__ if hasattr(model, "__table__") else model
        count, batch = 0, []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                db.session.execute(insert(table), batch)
                count += len(batch)
                batch = []
        if batch:
            db.session.execute(insert(table), batch)
            count += len(batch)
        db.session.commit()
        if label:
            self.counts[label] = self.counts.get(label, 0) + count
        return count

    def _ids(self, column, *where) -> list[int]:
        from sqlalchemy import select

        from qms.extensions import db

        return list(db.session.scalars(select(column).where(*where).order_by(column)))

    def _step(self, name: str, function: Callable[[], None]) -> None:
        began = time.perf_counter()
        function()
        self.log(f"  {name:<28} {time.perf_counter() - began:7.1f} s  "
                 f"(total {time.perf_counter() - self._began:6.1f} s)")

    def _day(self, year: int) -> dt.date:
        """A day of ``year``, not after today."""
        first = dt.date(year, 1, 1)
        last = min(dt.date(year, 12, 31), self.today)
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    # --- the run ------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self._step("organisation and people", self.people)
        self._step("documents and versions", self.documents)
        self._step("nonconformities", self.nonconformities)
        self._step("actions", self.actions)
        self._step("audits and checklists", self.audits)
        self._step("inspections", self.inspections)
        self._step("indicators", self.indicators)
        self._step("surveys", self.surveys)
        self._step("audit trail", self.audit_trail)
        return self.counts

    def people(self) -> None:
        from qms.auth.models import User, UserRole
        from qms.auth.services import hash_password
        from qms.demo import DEMO_PASSWORD
        from qms.org.models import Position, Unit
        from qms.processes.models import Process

        rng, s = self.rng, self.scale
        municipalities = MUNICIPALITIES[:max(1, min(len(MUNICIPALITIES), s.users // 100))]
        self._insert(Unit, ({"code": f"M{m:02d}", "name": f"{name} sociālais dienests",
                             "kind": "institution"} for m, name in enumerate(municipalities)),
                     "units")
        parents = self._ids(Unit.id, Unit.code.like("M%"))
        self._insert(Unit, ({"code": f"M{m:02d}-{n:02d}", "name": unit, "kind": "department",
                             "parent_id": parent}
                            for m, parent in enumerate(parents)
                            for n, unit in enumerate(UNIT_NAMES)), "units")
        units = self._ids(Unit.id, Unit.code.like("M%-%"))
        self._insert(Position, ({"title": title, "unit_id": unit, "headcount": rng.randint(1, 12),
                                 "category": category}
                                for unit in units
                                for title, category in (("Vadītājs", "administration"),
                                                        ("Sociālais darbinieks", "social_work"),
                                                        ("Aprūpētājs", "care"))), "positions")
        positions = [(p.id, p.unit_id) for p in self._rows(Position, Position.unit_id.in_(units))]
        password = hash_password(DEMO_PASSWORD)
        users = []
        for n in range(s.users):
            position, unit = positions[n % len(positions)]
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            users.append({"username": f"lietotajs{n:05d}", "full_name": f"{first} {last}",
                          "email": f"lietotajs{n:05d}@example.lv", "unit_id": unit,
                          "position_id": position, "language": "lv", "is_active": True,
                          "password_hash": password, "must_change_password": False,
                          "session_version": 1, "created_at": _moment(self.today) -
                          dt.timedelta(days=3650), "row_version": 1})
        self._insert(User, users, "users")
        self.user_ids = self._ids(User.id)
        new_users = self._ids(User.id, User.username.like("lietotajs%"))
        self._insert(UserRole, ({"user_id": u, "role": "manager" if n % 20 == 0 else "staff"}
                                for n, u in enumerate(new_users)))
        self.unit_ids = self._ids(Unit.id)
        self.position_ids = self._ids(Position.id)
        self.process_ids = self._ids(Process.id)

    def _rows(self, model, *where):
        from sqlalchemy import select

        from qms.extensions import db

        return list(db.session.scalars(select(model).where(*where)))

    def documents(self) -> None:  # noqa: PLR0914
        from sqlalchemy import select, update
        from sqlalchemy import text as sql

        from qms.auth.models import User
        from qms.core import search
        from qms.core.time import add_months
        from qms.documents.models import Document, DocumentType, DocumentVersion
        from qms.documents.services import SEARCH_KIND
        from qms.extensions import db

        rng, s = self.rng, self.scale
        types = [t for t in self._rows(DocumentType) if not t.is_external]
        types.sort(key=lambda t: t.sort_order)
        per_document = max(1, s.versions // s.documents)
        authors = self._ids(User.id)
        is_sqlite = db.session.get_bind().dialect.name == "sqlite"
        step = max(1, 2 * BATCH // per_document)
        for first in range(0, s.documents, step):
            last = min(s.documents, first + step)
            documents, bodies = [], {}
            for n in range(first, last):
                doc_type = types[n % len(types)]
                code = f"{doc_type.prefix}-{FIRST_NUMBER + n // len(types)}"
                title = f"{rng.choice(text.TOPICS)}: {text.phrase(rng, 2, 4).lower()}"
                effective_on = self.today - dt.timedelta(days=rng.randint(1, 1100))
                roll = rng.random()
                documents.append({
                    "code": code, "title": title, "type_id": doc_type.id,
                    "owner_position_id": rng.choice(self.position_ids),
                    "confidentiality": "public" if roll < 0.05 else "internal",
                    "review_months": doc_type.review_months, "iso_clauses": [],
                    "legal_refs": [], "distribute_to_everyone": True,
                    "next_review_on": add_months(effective_on, doc_type.review_months),
                    "is_withdrawn": False, "external_kind": "", "external_url": "",
                    "external_edition": "", "external_checked_on": None,
                    "created_at": _moment(effective_on) - dt.timedelta(days=365 * per_document),
                    "row_version": 1})
                bodies[code] = (title, text.short_document(rng, title, rng.randint(150, 450)),
                                effective_on)
            db.session.execute(db.insert(Document), documents)
            ids = dict(db.session.execute(
                select(Document.code, Document.id).where(Document.code.in_(list(bodies)))).all())
            versions, entries = [], []
            for code, (title, body, effective_on) in bodies.items():
                for major in range(1, per_document + 1):
                    current = major == per_document
                    came = effective_on - dt.timedelta(days=200 * (per_document - major))
                    older = body if current else text.paragraph(rng, (2, 3))
                    versions.append({
                        "document_id": ids[code], "major": major, "minor": 0,
                        "change_kind": "substantive",
                        "status": "effective" if current else "superseded",
                        "body_md": older, "change_reason": "" if major == 1 else "Pārskatīts",
                        "summary": "", "author_id": rng.choice(authors),
                        "created_at": _moment(came) - dt.timedelta(days=14),
                        "submitted_at": _moment(came) - dt.timedelta(days=7),
                        "content_sha256": hashlib.sha256(older.encode()).hexdigest(),
                        "effective_on": came, "effective_at": _moment(came, 7),
                        "superseded_at": None if current else _moment(
                            came + dt.timedelta(days=200), 7),
                        "superseded_by_id": None, "withdrawn_at": None,
                        "withdrawn_reason": "", "row_version": 1})
                indexed_title = f"{code} {title}"  # what search.index stores
                entries.append({"kind": SEARCH_KIND, "entity_id": ids[code],
                                "title": indexed_title,
                                "folded": search.folded_text(indexed_title, body)})
            db.session.execute(db.insert(DocumentVersion), versions)
            db.session.execute(db.insert(search.SearchEntry), entries)
            if is_sqlite:
                db.session.execute(sql(
                    search.SQLITE_FTS_FILL + " WHERE kind = :kind AND entity_id IN "
                    f"({', '.join(str(i) for i in ids.values())})"), {"kind": SEARCH_KIND})
            # A superseded version points at the version that replaced it.
            newer = DocumentVersion.__table__.alias("newer")
            db.session.execute(
                update(DocumentVersion)
                .where(DocumentVersion.document_id.in_(list(ids.values())),
                       DocumentVersion.status == "superseded")
                .values(superseded_by_id=select(newer.c.id).where(
                    newer.c.document_id == DocumentVersion.document_id,
                    newer.c.major == DocumentVersion.major + 1,
                    newer.c.minor == 0).scalar_subquery()))
            db.session.commit()
            self.counts["documents"] = self.counts.get("documents", 0) + len(documents)
            self.counts["versions"] = self.counts.get("versions", 0) + len(versions)
        self.document_ids = self._ids(Document.id, Document.id.in_(
            select(search.SearchEntry.entity_id).where(search.SearchEntry.kind == SEARCH_KIND)))

    def nonconformities(self) -> None:
        from qms.nonconformities.models import Nonconformity

        rng, s = self.rng, self.scale
        per_year = s.nonconformities // len(self.years)

        def rows():
            for year in self.years:
                for sequence in range(BULK_SEQUENCE, BULK_SEQUENCE + per_year):
                    reported = self._day(year)
                    age = (self.today - reported).days
                    closed = age > 120 or (age > 30 and rng.random() < 0.5)
                    status = "closed" if closed else rng.choice(OPEN_NC)
                    triaged = status not in ("new",)
                    closed_on = min(reported + dt.timedelta(days=rng.randint(30, age or 30)),
                                    self.today) if closed else None
                    owner = rng.choice(self.user_ids) if triaged else None
                    yield {
                        "number": f"NA-{year}-{sequence}", "year": year,
                        "sequence": sequence, "title": f"{rng.choice(TOPICS)}: neatbilstība",
                        "description": text.sentence(rng, 10, 30), "source": rng.choice(SOURCES),
                        "reported_on": reported, "reported_at": _moment(reported),
                        "reporter_id": rng.choice(self.user_ids),
                        "unit_id": rng.choice(self.unit_ids),
                        "process_id": rng.choice(self.process_ids),
                        "severity": rng.choice(["major", "minor", "minor", "observation"]),
                        "status": status, "owner_id": owner,
                        "due_on": reported + dt.timedelta(days=60) if triaged else None,
                        "triaged_by_id": owner, "triaged_at": _moment(reported, 12)
                        if triaged else None,
                        "root_cause_category": rng.choice(CATEGORIES) if closed else "",
                        "root_cause": "Procedūra nebija aktuāla." if closed else "",
                        "corrective_action_needed": True if closed else None,
                        "verifier_id": owner if closed else None,
                        "verdict": "effective" if closed else "",
                        "verified_at": _moment(closed_on, 10) if closed else None,
                        "times_not_effective": int(closed and rng.random() < 0.1),
                        "closed_at": _moment(closed_on, 11) if closed else None}

        self._insert(Nonconformity, rows(), "nonconformities")
        self.nc_ids = self._ids(Nonconformity.id,
                                Nonconformity.sequence >= BULK_SEQUENCE)

    def actions(self) -> None:
        from sqlalchemy import select

        from qms.extensions import db
        from qms.nonconformities.models import Action, Nonconformity

        rng, s = self.rng, self.scale
        per_nc = max(1, s.actions // max(1, len(self.nc_ids)))
        ncs = db.session.execute(
            select(Nonconformity.id, Nonconformity.reported_on, Nonconformity.status,
                   Nonconformity.owner_id, Nonconformity.unit_id, Nonconformity.process_id)
            .where(Nonconformity.sequence >= BULK_SEQUENCE)).all()

        def rows():
            for nc_id, reported, status, owner, unit, process in ncs:
                for n in range(per_nc):
                    done = status == "closed" or (rng.random() < 0.3 and n == 0)
                    due = reported + dt.timedelta(days=30 + 30 * n)
                    yield {"nonconformity_id": nc_id,
                           "kind": "correction" if n == 0 else "corrective",
                           "title": f"Darbība {n + 1}", "description": "",
                           "owner_id": owner or rng.choice(self.user_ids), "unit_id": unit,
                           "process_id": process, "due_on": due,
                           "status": "done" if done else rng.choice(["planned", "in_progress"]),
                           "done_on": min(due, self.today) if done else None,
                           "evidence": "Izpildīts." if done else "",
                           "created_by_id": owner, "created_at": _moment(reported, 13),
                           "row_version": 1}

        self._insert(Action, rows(), "actions")

    def audits(self) -> None:
        from sqlalchemy import select

        from qms.audits.models import Audit, AuditItem, AuditProgramme, audit_process
        from qms.extensions import db

        rng, s = self.rng, self.scale
        existing = set(db.session.scalars(select(AuditProgramme.year)))
        self._insert(AuditProgramme, ({"year": y, "created_at": _moment(dt.date(y, 1, 2)),
                                       "row_version": 1}
                                      for y in self.years if y not in existing))
        programmes = dict(db.session.execute(select(AuditProgramme.year, AuditProgramme.id)).all())
        per_year = s.audits // len(self.years)

        def audits():
            for year in self.years:
                for n in range(1, per_year + 1):
                    start = dt.date(year, 1, 10) + dt.timedelta(days=rng.randrange(340))
                    past = start < self.today - dt.timedelta(days=30)
                    status = ("closed" if rng.random() < 0.95 else "cancelled") if past else (
                        "planned" if start > self.today else "in_progress")
                    yield {"number": f"IA-{year}-B{n:05d}", "programme_id": programmes[year],
                           "type": "internal", "title": f"Iekšējais audits {n}",
                           "status": status, "planned_month": start.month,
                           "planned_start": start,
                           "planned_end": start + dt.timedelta(days=2),
                           "actual_start": start if status != "planned" else None,
                           "actual_end": start + dt.timedelta(days=2) if past else None,
                           "cancel_reason": "Pārplānots" if status == "cancelled" else "",
                           "created_at": _moment(dt.date(year, 1, 2)), "row_version": 1}

        self._insert(Audit, audits(), "audits")
        self.audit_ids = self._ids(Audit.id, Audit.number.like("IA-%-B%"))
        audit_rows = db.session.execute(select(Audit.id, Audit.status, Audit.actual_end)
                                        .where(Audit.number.like("IA-%-B%"))).all()
        self._insert(audit_process, ({"audit_id": a, "process_id": rng.choice(self.process_ids)}
                                     for a, _, _ in audit_rows))
        per_audit = max(1, s.answers // max(1, len(audit_rows)))

        def items():
            for audit_id, status, ended in audit_rows:
                answered = status == "closed"
                for position in range(1, per_audit + 1):
                    yield {"audit_id": audit_id, "position": position, "section": "",
                           "clause": f"{rng.randint(4, 10)}.{rng.randint(1, 7)}",
                           "question": f"Jautājums {position}",
                           "result": rng.choice(RESULTS) if answered else "",
                           "evidence": "Pārbaudīti ieraksti." if answered else "",
                           "answered_by_id": rng.choice(self.user_ids) if answered else None,
                           "answered_at": _moment(ended) if answered and ended else None,
                           "row_version": 1}

        self._insert(AuditItem, items(), "checklist answers")

    def inspections(self) -> None:
        from qms.inspections.models import Authority, Inspection

        rng, s = self.rng, self.scale
        authorities = self._ids(Authority.id)
        per_year = s.inspections // len(self.years)

        def rows():
            for year in self.years:
                for sequence in range(BULK_SEQUENCE, BULK_SEQUENCE + per_year):
                    started = self._day(year)
                    ended = started + dt.timedelta(days=rng.randint(0, 5))
                    yield {"number": f"INS-{year}-{sequence}", "year": year,
                           "sequence": sequence, "authority_id": rng.choice(authorities),
                           "unit_id": rng.choice(self.unit_ids), "subject": "Plānveida pārbaude",
                           "started_on": started,
                           "ended_on": ended if ended <= self.today else None,
                           "registered_by_id": rng.choice(self.user_ids),
                           "registered_at": _moment(started), "row_version": 1}

        self._insert(Inspection, rows(), "inspections")
        self.inspection_ids = self._ids(Inspection.id, Inspection.sequence >= BULK_SEQUENCE)

    def indicators(self) -> None:
        from qms.processes.models import Indicator, IndicatorValue

        rng, s = self.rng, self.scale
        self._insert(Indicator, ({"process_id": process, "code": f"B-{process}-{n}",
                                  "name": f"Rādītājs {n + 1}", "unit_of_measure": "%",
                                  "direction": "higher", "target": 80, "frequency": "monthly",
                                  "owner_position_id": rng.choice(self.position_ids),
                                  "is_active": True, "row_version": 1}
                                 for process in self.process_ids
                                 for n in range(s.indicators_per_process)), "indicators")
        indicators = self._ids(Indicator.id, Indicator.code.like("B-%"))
        months = [dt.date(y, m, 1) for y in self.years for m in range(1, 13)
                  if dt.date(y, m, 1) < self.today.replace(day=1)]
        self._insert(IndicatorValue, ({"indicator_id": i, "period_start": month,
                                       "value": round(rng.uniform(60, 100), 1),
                                       "entered_at": _moment(month + dt.timedelta(days=40)),
                                       "row_version": 1}
                                      for i in indicators for month in months),
                     "indicator values")

    def surveys(self) -> None:
        from sqlalchemy import select

        from qms.extensions import db
        from qms.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

        rng, s = self.rng, self.scale
        self._insert(Survey, ({"kind": "client", "year": year, "unit_id": rng.choice(
            self.unit_ids), "title": f"Klientu apmierinātības aptauja {year}", "intro": "",
            "status": "closed" if year < self.today.year else "open",
            "token": hashlib.sha256(f"bench-{year}-{n}".encode()).hexdigest(),
            "opened_on": dt.date(year, 3, 1),
            "closed_on": dt.date(year, 4, 30) if year < self.today.year else None,
            "created_at": _moment(dt.date(year, 2, 1)), "row_version": 1}
            for year in self.years for n in range(s.surveys_per_year)), "surveys")
        surveys = self._ids(Survey.id, Survey.token.in_(
            [hashlib.sha256(f"bench-{y}-{n}".encode()).hexdigest() for y in self.years
             for n in range(s.surveys_per_year)]))
        questions = [("likert", "Kā vērtējat pakalpojuma kvalitāti?"),
                     ("likert", "Vai darbinieki bija laipni?"),
                     ("yes_no", "Vai ieteiktu pakalpojumu citiem?"),
                     ("likert", "Kā vērtējat telpas?")]
        self._insert(SurveyQuestion, ({"survey_id": sid, "position": p + 1, "kind": kind,
                                       "text": label, "options": [], "required": True,
                                       "row_version": 1}
                                      for sid in surveys
                                      for p, (kind, label) in enumerate(questions)))
        by_survey: dict[int, list[tuple[int, str]]] = {}
        for sid, qid, kind in db.session.execute(
                select(SurveyQuestion.survey_id, SurveyQuestion.id, SurveyQuestion.kind)
                .where(SurveyQuestion.survey_id.in_(surveys))):
            by_survey.setdefault(sid, []).append((qid, kind))
        opened = dict(db.session.execute(select(Survey.id, Survey.opened_on)
                                         .where(Survey.id.in_(surveys))).all())
        self._insert(SurveyResponse, ({"survey_id": sid, "unit_id": None, "channel": "online",
                                       "answered_on": min(opened[sid] + dt.timedelta(
                                           days=rng.randrange(60)), self.today),
                                       "questionnaires": 1}
                                      for sid in surveys
                                      for _ in range(s.responses_per_survey)), "responses")
        responses = db.session.execute(select(SurveyResponse.id, SurveyResponse.survey_id)
                                       .where(SurveyResponse.survey_id.in_(surveys))).all()
        self._insert(SurveyAnswer, ({"response_id": rid, "question_id": qid,
                                     "value": rng.randint(0, 1) if kind == "yes_no"
                                     else rng.choice([3, 4, 4, 5, 5]), "text": "", "count": 1}
                                    for rid, sid in responses
                                    for qid, kind in by_survey[sid]), "survey answers")

    def audit_trail(self) -> None:
        from qms.core.audit_log import AuditEvent

        rng, s = self.rng, self.scale
        targets = {"nonconformity": self.nc_ids, "document": self.document_ids or [1],
                   "audit": self.audit_ids, "inspection": self.inspection_ids,
                   "user": self.user_ids}
        span = (self.today - dt.date(self.years[0], 1, 1)).days * 86400
        start = _moment(dt.date(self.years[0], 1, 1), 0)
        moments = sorted(rng.randrange(span) for _ in range(s.events))

        def rows():
            for second in moments:
                entity_type, action = rng.choice(EVENT_ACTIONS)
                entity_id = rng.choice(targets[entity_type])
                yield {"at": start + dt.timedelta(seconds=second),
                       "actor_id": rng.choice(self.user_ids), "actor_name": "Lietotājs",
                       "action": action, "entity_type": entity_type, "entity_id": entity_id,
                       "entity_label": f"{entity_type} {entity_id}",
                       "changes": {"status": ["a", "b"]}, "note": ""}

        self._insert(AuditEvent, rows(), "audit-trail rows")


def generate(scale: str, seed: int, *, log: Callable[[str], None] = print,
             load_demo: bool = True) -> dict[str, int]:
    """Load the demo (unless told not to), then (large, national) the bulk records;
    returns what was added."""
    from qms import demo

    if load_demo:
        began = time.perf_counter()
        demo.load_demo()
        log(f"  {'demo organisation':<28} {time.perf_counter() - began:7.1f} s")
    if SCALES[scale] is None:
        return {}
    return Generator(SCALES[scale], seed, log=log).run()
