"""The documents suite: the three document-control targets of the issue.

1. Viewing an effective 50-page document after its first render: p95 <= 20 ms.
2. Searching the library over 20 000 effective documents (``--documents``): p95 <= 50 ms.
3. Comparing two 50-page versions (the diff page): p95 <= 200 ms.

The data: the demo organisation with its ~30 approved procedures; ``--documents`` effective
library documents bulk-inserted with their search index (``search_entry`` plus the FTS5 table,
exactly what ``qms.core.search.index`` writes); and one ~50-page document taken through the
real services (create, submit, review, approve) twice: version 1, then version 2 with about
5 % of its paragraphs changed. Pages are requested as the demo staff member ``darbiniece``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from urllib.parse import quote

from bench import text
from bench.common import Report, Samples, Timer, settle, sign_in, throwaway_app

SUITE = "documents"
VIEW_TARGET_MS = 20
SEARCH_TARGET_MS = 50
DIFF_TARGET_MS = 200
BATCH = 2000
FIRST_NUMBER = 100  # bulk codes start at PA-100, clear of the demo's PA-01 ... PA-14
LONG_TITLE = "Sociālo pakalpojumu sniegšanas rokasgrāmata"

# (what it exercises, query): see bench/text.py for how often each word occurs.
QUERIES = [("common word", "klientu"),
           ("rare word", "surdotulks"),
           ("two words", "sociālā rehabilitācija"),
           ("prefix", "aprup"),
           ("no diacritics", "sudzibu")]


def add_arguments(parser) -> None:
    parser.add_argument("--documents", type=int, default=20_000,
                        help="effective library documents to search (documents suite)")


# --- data ---------------------------------------------------------------------------------

def _person(username: str):
    from sqlalchemy import select

    from qms.auth.models import User
    from qms.extensions import db

    person = db.session.scalar(select(User).where(User.username == username))
    if person is None:
        raise RuntimeError(f"the demo has no user {username!r}")
    return person


def bulk_documents(count: int, rng: random.Random, *, author_id: int,
                   now: dt.datetime) -> tuple[int, str | None]:
    """``count`` effective documents (one version each) with their search index, by bulk
    INSERT in batches; returns the words written and the first code."""
    from sqlalchemy import insert, select
    from sqlalchemy import text as sql

    from qms.core import search
    from qms.core.time import add_months
    from qms.documents.models import (
        Document,
        DocumentDistribution,
        DocumentType,
        DocumentVersion,
    )
    from qms.documents.services import SEARCH_KIND
    from qms.extensions import db
    from qms.org.models import Position, Unit

    types = [t for t in db.session.scalars(select(DocumentType).order_by(DocumentType.sort_order))
             if not t.is_external]
    if FIRST_NUMBER + count // len(types) > 9999:
        raise SystemExit(f"--documents {count} is more than the codes allow "
                         f"({len(types) * (9999 - FIRST_NUMBER)})")
    positions = list(db.session.scalars(select(Position.id)))
    units = list(db.session.scalars(select(Unit.id)))
    is_sqlite = db.session.get_bind().dialect.name == "sqlite"
    total_words = 0
    for first in range(0, count, BATCH):
        documents, bodies, reach = [], {}, {}
        for n in range(first, min(count, first + BATCH)):
            doc_type = types[n % len(types)]
            code = f"{doc_type.prefix}-{FIRST_NUMBER + n // len(types)}"
            title = f"{rng.choice(text.TOPICS)}: {text.phrase(rng, 2, 4).lower()}"
            effective_on = (now - dt.timedelta(days=rng.randint(1, 1100))).date()
            roll = rng.random()
            confidentiality = ("public" if roll < 0.05 else
                               "restricted" if roll < 0.10 else "internal")
            everyone = confidentiality != "restricted" and rng.random() < 0.5
            documents.append({
                "code": code, "title": title, "type_id": doc_type.id,
                "owner_position_id": rng.choice(positions), "confidentiality": confidentiality,
                "review_months": doc_type.review_months, "iso_clauses": [], "legal_refs": [],
                "distribute_to_everyone": everyone,
                "next_review_on": add_months(effective_on, doc_type.review_months),
                "is_withdrawn": False, "external_kind": "", "external_url": "",
                "external_edition": "", "external_checked_on": None,
                "created_at": now - dt.timedelta(days=1200), "row_version": 1})
            body = text.short_document(rng, title, rng.randint(150, 450))
            total_words += text.word_count(body)
            bodies[code] = (title, body, effective_on)
            if not everyone:
                reach[code] = rng.choice(units)
        db.session.execute(insert(Document), documents)
        ids = dict(db.session.execute(
            select(Document.code, Document.id).where(Document.code.in_(list(bodies)))).all())
        versions, entries, distribution = [], [], []
        for code, (title, body, effective_on) in bodies.items():
            at = dt.datetime.combine(effective_on, dt.time(7, 0), tzinfo=dt.UTC)
            versions.append({
                "document_id": ids[code], "major": 1, "minor": 0, "change_kind": "substantive",
                "status": "effective", "body_md": body, "change_reason": "", "summary": "",
                "author_id": author_id, "created_at": at - dt.timedelta(days=14),
                "submitted_at": at - dt.timedelta(days=7),
                "content_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
                "effective_on": effective_on, "effective_at": at, "superseded_at": None,
                "superseded_by_id": None, "withdrawn_at": None, "withdrawn_reason": "",
                "row_version": 1})
            # What search.index(SEARCH_KIND, id, title=f"{code} {title}", body=body) stores.
            indexed_title = f"{code} {title}"
            entries.append({"kind": SEARCH_KIND, "entity_id": ids[code], "title": indexed_title,
                            "folded": search.folded_text(indexed_title, body)})
            if code in reach:
                distribution.append({"document_id": ids[code], "unit_id": reach[code],
                                     "position_id": None})
        db.session.execute(insert(DocumentVersion), versions)
        if distribution:
            db.session.execute(insert(DocumentDistribution), distribution)
        db.session.execute(insert(search.SearchEntry), entries)
        if is_sqlite:
            db.session.execute(sql(
                search.SQLITE_FTS_FILL + " WHERE kind = :kind AND entity_id IN "
                f"({', '.join(str(i) for i in ids.values())})"), {"kind": SEARCH_KIND})
        db.session.commit()
    return total_words, (f"{types[0].prefix}-{FIRST_NUMBER}" if count else None)


def long_document(rng: random.Random, *, now: dt.datetime):
    """The 50-page document through the real services: version 1 in effect, then version 2
    (about 5 % of the paragraphs changed) in effect. Returns (document, v1, v2, edits)."""
    from sqlalchemy import select

    from qms.documents import services
    from qms.documents.models import Document, DocumentType
    from qms.extensions import db

    author, reviewer, approver = _person("kvalitate"), _person("vietnieks"), _person("direktore")
    process = db.session.scalar(select(DocumentType).where(DocumentType.key == "process"))
    links = tuple(db.session.scalars(select(Document.code).where(
        Document.code.like("PA-0%")).order_by(Document.code)))
    body = text.long_document(rng, LONG_TITLE, links=links)

    def take_to_effect(version, at):
        services.submit_for_review(version, actor=author, now=at, reviewer_ids=[reviewer.id],
                                   approver_id=approver.id)
        services.review_version(version, actor=reviewer, now=at, approve=True)
        services.approve_version(version, actor=approver, now=at)

    first_at = now - dt.timedelta(days=30)
    document = services.create_document(
        actor=author, now=first_at, title=LONG_TITLE, body_md=body, type_id=process.id,
        distribute_to_everyone=True, confidentiality="internal",
        change_reason="Pirmais izdevums")
    first = document.latest_version
    take_to_effect(first, first_at)
    revised, edits = text.revise(rng, body)
    second = services.start_new_version(document, actor=author, now=now,
                                        change_kind="substantive", body_md=revised,
                                        change_reason="Precizēti procesa soļi")
    take_to_effect(second, now)
    if document.effective_version is not second:
        raise RuntimeError("version 2 of the long document did not come into effect")
    return document, first, second, edits


def _hits(query: str) -> int:
    """How many documents match ``query``, counted from the FTS5 table first: counting
    through ``search.matches`` would hit the very plan problem the search rows measure."""
    from sqlalchemy import text as sql

    from qms.core import search
    from qms.documents.services import SEARCH_KIND
    from qms.extensions import db

    expression = " AND ".join(f'"{w}"*' for w in search.terms(query))  # as search.matches
    return db.session.scalar(sql(
        f"WITH hit AS MATERIALIZED (SELECT rowid AS id FROM {search.SQLITE_FTS_TABLE} "
        f"WHERE {search.SQLITE_FTS_TABLE} MATCH :expression) "
        "SELECT count(*) FROM hit JOIN search_entry ON search_entry.id = hit.id "
        "WHERE search_entry.kind = :kind"), {"expression": expression, "kind": SEARCH_KIND})


# --- the suite ----------------------------------------------------------------------------

def run(args, report: Report) -> None:
    from qms.core.markdown import render_html
    from qms.core.time import utcnow
    from qms.demo import load_demo
    from qms.documents import diff

    rng = random.Random(2026)
    now = utcnow()
    with throwaway_app(SUITE) as app:
        with app.app_context():
            began = time.perf_counter()
            load_demo()
            demo_seconds = time.perf_counter() - began
            began = time.perf_counter()
            library_words, sample = bulk_documents(
                args.documents, rng, author_id=_person("kvalitate").id, now=now)
            bulk_seconds = time.perf_counter() - began
            began = time.perf_counter()
            document, first, second, edits = long_document(rng, now=now)
            long_seconds = time.perf_counter() - began
            code, old_id, new_id = document.code, first.id, second.id
            old_body, new_body = first.body_md, second.body_md
            hits = {query: _hits(query) for _, query in QUERIES}

        report.note(
            f"\n[{SUITE}] data: demo in {demo_seconds:.1f} s; {args.documents} effective "
            f"documents ({library_words / max(args.documents, 1):.0f} words each on average) "
            f"with their search index in {bulk_seconds:.1f} s; {code} '{LONG_TITLE}' "
            f"({text.word_count(old_body)} words, {old_body.count(chr(10))} lines, "
            f"{len(old_body.encode()) // 1024} KiB) through create/submit/review/approve twice "
            f"in {long_seconds:.1f} s; version 2 changes {edits['changed']} lines, inserts "
            f"{edits['inserted']} and deletes {edits['deleted']} of "
            f"{edits['content_lines']} content lines; signed in as darbiniece (staff)")
        client = app.test_client()
        sign_in(client, "darbiniece")
        timer = Timer.from_args(args)
        if sample:  # a bulk-inserted document opens like any other
            timer.get(client, f"/documents/{sample}", repeat=0)
        settle()
        report.header()

        # 1. The 50-page document. The first request renders its Markdown (cached after).
        url = f"/documents/{code}"
        report.add(SUITE, f"GET {url} first view (renders Markdown)",
                   timer.get(client, url, warmup=0, repeat=1))
        report.add(SUITE, f"GET {url} (50 pages, after first view)",
                   timer.get(client, url, warmup=0), VIEW_TARGET_MS)
        report.add(SUITE, "  render_html(50-page body) alone, uncached",
                   timer.call(lambda: render_html(new_body), warmup=0,
                              repeat=min(5, args.repeat)))

        # 2. Search over the library.
        mix = Samples()
        for kind, query in QUERIES:
            samples = timer.get(client, f"/documents/?q={quote(query)}")
            mix += samples
            report.add(SUITE, f"search {kind} '{query}' ({hits[query]} hits)", samples,
                       SEARCH_TARGET_MS)
        report.add(SUITE, f"search: all {len(QUERIES)} queries together", mix, SEARCH_TARGET_MS)
        for url in ("/documents/", "/documents/?page=50"):
            report.add(SUITE, f"GET {url} (library, no query)", timer.get(client, url))

        # 3. Comparing the two versions.
        url = f"/documents/{code}/diff?a={old_id}&b={new_id}"
        report.add(SUITE, f"GET {url}", timer.get(client, url), DIFF_TARGET_MS)
        report.add(SUITE, "  diff.compare(v1, v2) alone",
                   timer.call(lambda: diff.compare(old_body, new_body)))
