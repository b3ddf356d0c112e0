"""Full-text search behind one small interface, insensitive to case and Latvian diacritics
("aprupe" finds "aprūpe"), with prefix matching for inflected words.

Text is folded in Python (lower case, combining marks removed), so both databases see the
same words: SQLite indexes it with FTS5 (two columns: ``head``, the record's code and title,
and ``body``), PostgreSQL with GIN indexes on stored tsvectors of the whole text and of its
first line (the head). Features index what they want found as (kind, entity id).

Ranking (``ranked``) costs the same whether a word is in 50 records or in 20 000: records
whose head contains every word come first, then the others; the hits are read newest entry
first and ranked a block of ``RANK_BLOCK`` at a time (head hits: a title that begins with the
query as typed, a code, first, then shorter titles, being more about the words; the others by
the database's relevance, bm25 on SQLite, ts_rank on PostgreSQL). Up to ``RANK_BLOCK`` hits,
that is every hit of most searches, the order is the full ranking; beyond, a common word is
not scored over every record that contains it, and the count stops (``Ranked.more``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
    case,
    cast,
    column,
    delete,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.orm import Mapped, mapped_column

from qms.extensions import db

SQLITE_FTS_TABLE = "search_fts"
# SQLite: the FTS5 table, one row per search_entry (rowid = search_entry.id), the folded head
# (first line: code and title) and body in two columns. The prefix indexes answer a prefix of
# 1-6 characters ("aprup") from one list instead of merging the lists of every word it
# begins (aprupe, aprupes, aprupetajs, ...) on each query: 7-10 ms -> 0.1 ms at 20 000
# documents ("a": 100 ms -> 2 ms), for an index four times larger (21 -> 82 MB there).
SQLITE_FTS_DEFINITION = (f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_FTS_TABLE} USING fts5("
                         "head, body, tokenize = 'unicode61 remove_diacritics 2', "
                         "prefix = '1 2 3 4 5 6')")
# Fills the FTS5 table from search_entry (append a WHERE to fill some rows only).
SQLITE_FTS_FILL = (f"INSERT INTO {SQLITE_FTS_TABLE} (rowid, head, body) "
                   "SELECT id, substr(folded, 1, instr(folded, char(10)) - 1), "
                   "substr(folded, instr(folded, char(10)) + 1) FROM search_entry")
POSTGRES_FTS_INDEX = "ix_search_entry_fts"
# PostgreSQL: the tsvector of ``folded``, stored (a generated column), so that neither the
# match nor the ranking parses every hit's text again.
POSTGRES_FTS_COLUMN = "folded_tsv"
# PostgreSQL: the tsvector of the head (the first line of ``folded``): small, stored inline.
POSTGRES_HEAD_COLUMN = "head_tsv"
POSTGRES_HEAD_INDEX = "ix_search_entry_head"
# PostgreSQL: (id, entity_id) of the entries of a kind that match a tsquery, read from the GIN
# index only (see _postgres_groups).
POSTGRES_HITS_FUNCTION = "search_entry_hits"
# Objects that exist in the database but not in the models (compare_metadata skips them).
OUTSIDE_MODELS = {SQLITE_FTS_TABLE, POSTGRES_FTS_INDEX, POSTGRES_FTS_COLUMN,
                  POSTGRES_HEAD_COLUMN, POSTGRES_HEAD_INDEX, POSTGRES_HITS_FUNCTION} | {
    f"{SQLITE_FTS_TABLE}_{suffix}" for suffix in ("data", "idx", "content", "docsize", "config")}
# Hits ranked together (see the module docstring).
RANK_BLOCK = 1000

_WORD = re.compile(r"\w+", re.UNICODE)


class SearchEntry(db.Model):
    __tablename__ = "search_entry"
    # PostgreSQL: long values (the folded text, its tsvector) are stored out of the row, so
    # that the rows stay small (250 bytes, 4.8 MB for 20 000 documents instead of 35 MB) and
    # reading entries one by one (the head's tsvector stays in the row) touches few pages.
    __table_args__ = (UniqueConstraint("kind", "entity_id", name="uq_search_entry_kind_entity"),
                      {"postgresql_with": {"toast_tuple_target": 512}})

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    folded: Mapped[str] = mapped_column(Text)


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0x80, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code))
                       if not unicodedata.combining(c))
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


_FOLD = _fold_table()


def fold(value: str) -> str:
    """Lower case without diacritics: ``Ķēniņš`` -> ``kenins``. One character stays one
    character for Latin letters, so positions in the folded text match the original."""
    return (value or "").lower().translate(_FOLD)


def terms(query: str) -> list[str]:
    return _WORD.findall(fold(query))[:12]


def folded_text(title: str, body: str) -> str:
    """What search_entry.folded holds: the folded words of the head (``title``, one line)
    and of the body, separated by a line break, with everything between words a space.
    Both databases then split the same words: PostgreSQL's parser would otherwise read
    ``kt-01`` as ``kt`` and ``-01`` (and ``1.2`` as a number), which SQLite splits in two."""
    return f"{' '.join(_WORD.findall(fold(title)))}\n{' '.join(_WORD.findall(fold(body)))}"


def create_index_objects(connection) -> None:
    """Create what the models cannot describe (called by the migration and by tests)."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(SQLITE_FTS_DEFINITION))
    else:
        connection.execute(text(
            f"ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS {POSTGRES_FTS_COLUMN} tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED"))
        connection.execute(text(
            f"ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS {POSTGRES_HEAD_COLUMN} tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', split_part(folded, E'\\n', 1))) STORED"))
        connection.execute(text(
            f"CREATE INDEX IF NOT EXISTS {POSTGRES_FTS_INDEX} ON search_entry "
            f"USING gin ({POSTGRES_FTS_COLUMN})"))
        connection.execute(text(
            f"CREATE INDEX IF NOT EXISTS {POSTGRES_HEAD_INDEX} ON search_entry "
            f"USING gin ({POSTGRES_HEAD_COLUMN})"))
        # The settings hold inside the function only: its query can use nothing but the GIN
        # index (a bitmap scan, which needs no tsvector from the table).
        connection.execute(text(
            f"CREATE OR REPLACE FUNCTION {POSTGRES_HITS_FUNCTION}(query tsquery, "
            "entry_kind varchar) RETURNS TABLE (id integer, entity_id integer) "
            "LANGUAGE sql STABLE SET enable_seqscan = off SET enable_indexscan = off AS "
            "'SELECT id, entity_id FROM search_entry "
            f"WHERE kind = entry_kind AND {POSTGRES_FTS_COLUMN} @@ query'"))


def rebuild_index_objects(connection) -> None:
    """Bring the index objects of an existing database to the current definition (what the
    migration runs): the folded texts are rewritten as ``folded_text`` writes them; SQLite
    recreates the FTS5 table and fills it from search_entry; PostgreSQL stores long values
    out of the row (``SearchEntry.__table_args__``) and adds what is missing (generated
    columns fill themselves). ``VACUUM search_entry`` afterwards returns the space of the old
    rows (PostgreSQL, outside a transaction)."""
    postgres = connection.dialect.name != "sqlite"
    if postgres:  # adding the head column rewrites the table, in the new layout
        connection.execute(text("ALTER TABLE search_entry SET (toast_tuple_target = 512)"))
        create_index_objects(connection)
    entries = connection.execute(text("SELECT id, folded FROM search_entry")).all()
    changed = []
    for entry_id, folded in entries:
        head, _, body = folded.partition("\n")
        refolded = folded_text(head, body)
        if refolded != folded:
            changed.append({"id": entry_id, "folded": refolded})
    for start in range(0, len(changed), 1000):
        connection.execute(text("UPDATE search_entry SET folded = :folded WHERE id = :id"),
                           changed[start:start + 1000])
    if not postgres:
        connection.execute(text(f"DROP TABLE IF EXISTS {SQLITE_FTS_TABLE}"))
        create_index_objects(connection)
        connection.execute(text(SQLITE_FTS_FILL))
        connection.execute(text(
            f"INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}) VALUES ('optimize')"))


def drop_index_objects(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"DROP TABLE IF EXISTS {SQLITE_FTS_TABLE}"))
    else:
        connection.execute(text(
            f"DROP FUNCTION IF EXISTS {POSTGRES_HITS_FUNCTION}(tsquery, varchar)"))
        for index_name in (POSTGRES_HEAD_INDEX, POSTGRES_FTS_INDEX):
            connection.execute(text(f"DROP INDEX IF EXISTS {index_name}"))
        for column_name in (POSTGRES_HEAD_COLUMN, POSTGRES_FTS_COLUMN):
            connection.execute(text(
                f"ALTER TABLE search_entry DROP COLUMN IF EXISTS {column_name}"))


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def index(kind: str, entity_id: int, *, title: str, body: str) -> None:
    """Add or replace the searchable text of one record (within the caller's transaction).
    ``title`` (with the record's code) is the head, which ranks first. A replaced record gets
    a new entry, so that entries run from the least to the most recently indexed."""
    title = " ".join(title.split())
    folded = folded_text(title, body)
    head, folded_body = folded.split("\n", 1)
    remove(kind, entity_id)
    entry = SearchEntry(kind=kind, entity_id=entity_id, title=title, folded=folded)
    db.session.add(entry)
    db.session.flush()
    if _is_sqlite():
        db.session.execute(text(f"INSERT INTO {SQLITE_FTS_TABLE} (rowid, head, body) "
                                "VALUES (:id, :head, :body)"),
                           {"id": entry.id, "head": head, "body": folded_body})


def remove(kind: str, entity_id: int) -> None:
    entry_id = db.session.scalar(select(SearchEntry.id).where(SearchEntry.kind == kind,
                                                              SearchEntry.entity_id == entity_id))
    if entry_id is None:
        return
    if _is_sqlite():
        db.session.execute(text(f"DELETE FROM {SQLITE_FTS_TABLE} WHERE rowid = :id"),
                           {"id": entry_id})
    db.session.execute(delete(SearchEntry).where(SearchEntry.id == entry_id))


def matches(kind: str, query: str, *, ranked: bool = True):
    """A subquery of ``(entity_id, rank)`` for records of ``kind`` matching every word of
    ``query`` as a prefix; lower rank is better. None when the query has no words.
    ``ranked=False`` leaves out the rank (``entity_id`` only): scoring every hit is the costly
    part of a match, and counting the hits does not need it."""
    words = terms(query)
    if not words:
        return None
    if _is_sqlite():
        expression = " AND ".join(f'"{w}"*' for w in words)
        # Materialised first, so that SQLite runs the full-text match once instead of once
        # per joined row.
        columns = "rowid AS entry_id, rank" if ranked else "rowid AS entry_id"
        typed = {"entry_id": Integer, "rank": Float} if ranked else {"entry_id": Integer}
        fts = (text(f"SELECT {columns} FROM {SQLITE_FTS_TABLE} "
                    f"WHERE {SQLITE_FTS_TABLE} MATCH :expression")
               .bindparams(expression=expression)
               .columns(**typed)
               .cte("fts_hits").prefix_with("MATERIALIZED"))
        selected = [SearchEntry.entity_id.label("entity_id")]
        if ranked:
            selected.append(fts.c.rank.label("rank"))
        return (select(*selected)
                .join(fts, fts.c.entry_id == SearchEntry.id)
                .where(SearchEntry.kind == kind)
                .subquery())
    vector = literal_column(f"search_entry.{POSTGRES_FTS_COLUMN}")
    tsquery = func.to_tsquery(text("'simple'"), " & ".join(f"{w}:*" for w in words))
    selected = [SearchEntry.entity_id.label("entity_id")]
    if ranked:
        selected.append((-func.ts_rank(vector, tsquery)).label("rank"))
    return (select(*selected)
            .where(SearchEntry.kind == kind, vector.op("@@")(tsquery))
            .subquery())


@dataclass
class Ranked:
    """One slice of ranked hits: ``ids`` (entity ids, best first); ``seen``, the hits looked
    at; ``more``: there are hits beyond those (so more than ``seen`` in all)."""

    ids: list[int]
    seen: int
    more: bool


# A function that adds the caller's joins and filters to a statement over search_entry,
# given the column of the entity id: the hits are filtered before they are counted and ranked.
Scope = Callable[[object, object], object]


def ranked(kind: str, query: str, *, offset: int, limit: int, look_at: int = RANK_BLOCK,
           scope: Scope | None = None) -> Ranked | None:
    """Hits ``offset`` to ``offset + limit`` of records of ``kind`` matching every word of
    ``query`` as a prefix, best first; None when the query has no words.

    The hits are read newest entry first, and only as far as the slice and ``look_at`` need
    (whole blocks of ``RANK_BLOCK``): the head hits (every word in the code or title) in one
    pass, all the hits in another. The order: head hits, a block at a time, by
    ``_head_score``; then the other hits, a block of all the hits at a time, by relevance
    (bm25, ts_rank); ties newest first. ``seen`` counts the hits read: all of them unless
    ``more``."""
    words = terms(query)
    if not words:
        return None
    window = -(-max(look_at, offset + limit + 1) // RANK_BLOCK) * RANK_BLOCK
    scope = scope or (lambda stmt, _entity_id: stmt)
    head, every = (_sqlite_groups if _is_sqlite() else _postgres_groups)(
        kind, words, scope, window, _head_score(query), legacy=_legacy_layout())

    def numbered(group, tier, in_head):
        return select(group.c.entry_id, group.c.entity_id, group.c.score,
                      literal(tier, Integer).label("tier"), in_head.label("in_head"),
                      func.row_number().over(order_by=group.c.entry_id.desc()).label("n"))

    hits = union_all(numbered(head, 0, literal(0, Integer)),
                     numbered(every, 1, every.c.in_head)).subquery("hits")
    in_every = hits.c.tier == 1
    counted = select(
        hits,
        func.sum(case((in_every & (hits.c.n <= window), 1), else_=0)).over().label("seen"),
        func.max(case((in_every & (hits.c.n > window), 1), else_=0)).over().label("more"),
    ).subquery("counted")
    kept = ((counted.c.n <= window)
            & ((counted.c.tier == 0) | (counted.c.in_head == 0)))
    rows = db.session.execute(
        select(counted.c.entity_id, counted.c.seen, counted.c.more).where(kept)
        .order_by(counted.c.tier, literal_column(f"(counted.n - 1) / {RANK_BLOCK}"),
                  counted.c.score, counted.c.entry_id.desc())
        .offset(offset).limit(limit)).all()
    if rows:
        seen, more = rows[0].seen, rows[0].more
    else:  # past the last hit: only the counts
        seen, more = db.session.execute(
            select(counted.c.seen, counted.c.more).limit(1)).one_or_none() or (0, 0)
    return Ranked(ids=[row.entity_id for row in rows], seen=int(seen or 0), more=bool(more))


def _head_score(query: str):
    """The score of a head hit, lower first: 0 for an entry whose title begins with the
    query as typed (a code, ``KT-12``: before ``KT-120``), else the title's length (a shorter
    title is more about the words). Compared in ASCII only, the same on both databases."""
    length = cast(func.length(SearchEntry.title), Float)
    code = query.strip()
    if not code.isascii() or " " in code:
        return length
    return case((func.upper(func.substr(SearchEntry.title, 1, len(code) + 1))
                 == f"{code.upper()} ", 0.0), else_=length)


def _sqlite_groups(kind, words, scope, window, head_score, *, legacy=False):
    """The newest ``window + 1`` head hits (score: ``head_score``), and the newest
    ``window + 1`` hits (score: bm25; ``in_head``: among those head hits). The FTS5 table
    drives each query: its rowid order is the ORDER BY, so the scan stops after
    ``window + 1`` rows and bm25 is computed for those only. Joined the other way, SQLite
    would run the full-text match once per joined row."""
    every_word = " AND ".join(f'"{word}"*' for word in words)

    def group(alias, expression, *columns):
        fts = table(SQLITE_FTS_TABLE, column("rowid", Integer)).alias(alias)
        stmt = (select(fts.c.rowid.label("entry_id"), SearchEntry.entity_id.label("entity_id"),
                       *columns)
                .select_from(fts).join(SearchEntry, SearchEntry.id == fts.c.rowid)
                .where(literal_column(f"{alias}.{SQLITE_FTS_TABLE}").op("MATCH")(expression),
                       SearchEntry.kind == kind))
        return scope(stmt, SearchEntry.entity_id).order_by(fts.c.rowid.desc()).limit(window + 1)

    if legacy:
        head = _no_hits().cte("head_hits")
        in_head = literal(0, Integer)
    else:
        head = group("fts_head", f"{{head}} : ({every_word})",
                     head_score.label("score")).cte("head_hits").prefix_with("MATERIALIZED")
        in_head = case((literal_column("fts_every.rowid").in_(select(head.c.entry_id)), 1),
                       else_=0)
    every = group("fts_every", every_word,
                  literal_column(f"bm25(fts_every.{SQLITE_FTS_TABLE})", Float).label("score"),
                  in_head.label("in_head")).subquery("every_hit")
    return head, every


_POSTGRES_ENTRY = table("search_entry", column("id", Integer), column(POSTGRES_FTS_COLUMN),
                        column(POSTGRES_HEAD_COLUMN))
# Of the entries, the share of hits above which reading the newest entries one by one (and
# each one's tsvector, 2-3 kB out of line) finds a window of hits sooner than collecting
# every hit from the GIN index (see _postgres_groups).
DENSE_HITS = 0.3


def _postgres_groups(kind, words, scope, window, head_score, *, legacy=False):
    """As ``_sqlite_groups``; ``in_head`` from the head's tsvector, bm25 -> ts_rank.

    The head hits: newest entries first (the head tsvector is small and stored in the row).
    All the hits: when they are dense, the newest entries one by one too (the first
    ``window + 1`` come quickly); otherwise from the GIN index only (``POSTGRES_HITS_FUNCTION``
    cannot read the table row by row), sorted. The planner cannot make that choice: it costs
    a match on a stored tsvector as nothing, and, for a word in 8 % of the entries, would read
    every entry's tsvector out of line (150 ms at 20 000 documents) rather than the GIN
    index. ts_rank, which reads the whole tsvector, runs on the window only."""
    expression = " & ".join(f"{word}:*" for word in words)

    def tsquery():
        return func.to_tsquery(text("'simple'"), expression)

    def hits(vector_column):
        return literal_column(f"search_entry.{vector_column}").op("@@")(tsquery())

    if legacy:
        head = _no_hits().subquery("head_hits")
    else:
        head = scope(select(SearchEntry.id.label("entry_id"),
                            SearchEntry.entity_id.label("entity_id"), head_score.label("score"))
                     .where(SearchEntry.kind == kind, hits(POSTGRES_HEAD_COLUMN)),
                     SearchEntry.entity_id)
        head = head.order_by(SearchEntry.id.desc()).limit(window + 1).subquery("head_hits")

    dense = scope(select(SearchEntry.id.label("entry_id"), SearchEntry.entity_id.label("entity_id"))
                  .where(SearchEntry.kind == kind, hits(POSTGRES_FTS_COLUMN)),
                  SearchEntry.entity_id)
    if legacy or _estimated_share(expression) >= DENSE_HITS:
        ids = dense.order_by(SearchEntry.id.desc())
    else:
        found = getattr(func, POSTGRES_HITS_FUNCTION)(tsquery(), kind).table_valued(
            column("id", Integer), column("entity_id", Integer)).alias("found")
        ids = scope(select(found.c.id.label("entry_id"), found.c.entity_id.label("entity_id"))
                    .select_from(found), found.c.entity_id).order_by(found.c.id.desc())
    ids = ids.limit(window + 1).subquery("every_id")
    # Looked up per id (a scalar subquery): joined, the planner would rather read the whole
    # table into a hash. NULL: a head hit.
    entry = _POSTGRES_ENTRY.alias("every_entry")
    in_head = false() if legacy else entry.c[POSTGRES_HEAD_COLUMN].op("@@")(tsquery())
    score = (select(case((in_head, None),
                         else_=-func.ts_rank(entry.c[POSTGRES_FTS_COLUMN], tsquery())))
             .where(entry.c.id == ids.c.entry_id).scalar_subquery())
    scored = (select(ids.c.entry_id, ids.c.entity_id, cast(score, Float).label("score"))
              .offset(0)  # kept a subquery: pulled up, the lookup would run twice a row
              .subquery("every_scored"))
    every = select(scored.c.entry_id, scored.c.entity_id, func.coalesce(scored.c.score, 0.0)
                   .label("score"), case((scored.c.score.is_(None), 1), else_=0)
                   .label("in_head")).subquery("every_hit")
    return head, every


def _no_hits():
    return select(literal(0, Integer).label("entry_id"), literal(0, Integer).label("entity_id"),
                  literal(0.0, Float).label("score")).where(false())


_LEGACY: dict[str, bool] = {}


def _legacy_layout() -> bool:
    """Whether the database still has the index objects of before the head (a one-column
    FTS5 table; no head tsvector, no hits function): searched without the head group until
    the migration rebuilds them (``rebuild_index_objects``). Looked up once a process."""
    engine = db.session.get_bind()
    key = str(engine.url)
    if key not in _LEGACY:
        if engine.dialect.name == "sqlite":
            definition = db.session.scalar(text(
                "SELECT sql FROM sqlite_master WHERE name = :name"), {"name": SQLITE_FTS_TABLE})
            _LEGACY[key] = "head" not in (definition or "")
        else:
            _LEGACY[key] = not db.session.scalar(text(
                "SELECT count(*) FROM pg_attribute WHERE attrelid = 'search_entry'::regclass "
                "AND attname = :name AND NOT attisdropped"), {"name": POSTGRES_HEAD_COLUMN})
    return _LEGACY[key]


def _estimated_share(expression: str) -> float:
    """The planner's estimate of the share of the search entries that match the tsquery
    ``expression`` (one EXPLAIN of two tiny scans, no execution)."""
    plan = db.session.connection().exec_driver_sql(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_entry "
        f"WHERE {POSTGRES_FTS_COLUMN} @@ to_tsquery('simple', %(expression)s) "
        "UNION ALL SELECT 1 FROM search_entry", {"expression": expression}).scalar()
    matching, entries = (part["Plan Rows"] for part in plan[0]["Plan"]["Plans"])
    return matching / max(entries, 1)


_MARKUP = re.compile(r"\[\[|\]\]|^#+\s*|(?<=\s)#+\s|[*_`|>]+|-{3,}|\s{2,}", re.M)


def _plain(text: str) -> str:
    return _MARKUP.sub(" ", text)


def _find(body: str, word: str, chunk: int = 512) -> int:
    """Where ``word`` (folded) first occurs in ``body``, folding only as much as needed: a
    first short piece (a word of a page of hits is usually near the top), then pieces twice
    as long each time."""
    overlap, start = len(word), 0
    while start < len(body):
        at = fold(body[start:start + chunk + overlap]).find(word)
        if at >= 0:
            return start + at
        start += chunk
        chunk = min(chunk * 2, 65536)
    return -1


def snippet(body: str, query: str, width: int = 220) -> tuple[str, str, str]:
    """``(before, match, after)`` around the first matching word, in the original spelling,
    with Markdown punctuation removed from the surrounding text."""
    for word in terms(query):
        at = _find(body, word)
        if at >= 0:
            end = at + len(word)
            while end < len(body) and body[end].isalnum():
                end += 1
            start = max(0, at - width // 2)
            return (("…" if start else "") + _plain(body[start:at]), body[at:end],
                    _plain(body[end:end + width // 2])
                    + ("…" if end + width // 2 < len(body) else ""))
    return _plain(body[:width]), "", ""
