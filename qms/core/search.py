"""Full-text search behind one small interface, insensitive to case and Latvian diacritics
("aprupe" finds "aprūpe"), with prefix matching for inflected words.

Text is folded in Python (lower case, combining marks removed), so both databases see the
same words: SQLite indexes it with FTS5, PostgreSQL with a GIN index on
``to_tsvector('simple', folded)``. Features index what they want found as (kind, entity id).
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import (
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from qms.extensions import db

SQLITE_FTS_TABLE = "search_fts"
POSTGRES_FTS_INDEX = "ix_search_entry_fts"
# PostgreSQL: the tsvector of ``folded``, stored (a generated column), so that neither the
# match nor the ranking parses every hit's text again.
POSTGRES_FTS_COLUMN = "folded_tsv"
# Objects that exist in the database but not in the models (compare_metadata skips them).
OUTSIDE_MODELS = {SQLITE_FTS_TABLE, POSTGRES_FTS_INDEX, POSTGRES_FTS_COLUMN} | {
    f"{SQLITE_FTS_TABLE}_{suffix}" for suffix in ("data", "idx", "content", "docsize", "config")}

_WORD = re.compile(r"\w+", re.UNICODE)


class SearchEntry(db.Model):
    __tablename__ = "search_entry"
    __table_args__ = (UniqueConstraint("kind", "entity_id", name="uq_search_entry_kind_entity"),)

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


def create_index_objects(connection) -> None:
    """Create what the models cannot describe (called by the migration and by tests)."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_FTS_TABLE} USING fts5("
            "folded, tokenize = 'unicode61 remove_diacritics 2')"))
    else:
        connection.execute(text(
            f"ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS {POSTGRES_FTS_COLUMN} tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED"))
        connection.execute(text(
            f"CREATE INDEX IF NOT EXISTS {POSTGRES_FTS_INDEX} ON search_entry "
            f"USING gin ({POSTGRES_FTS_COLUMN})"))


def drop_index_objects(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"DROP TABLE IF EXISTS {SQLITE_FTS_TABLE}"))
    else:
        connection.execute(text(f"DROP INDEX IF EXISTS {POSTGRES_FTS_INDEX}"))
        connection.execute(text(
            f"ALTER TABLE search_entry DROP COLUMN IF EXISTS {POSTGRES_FTS_COLUMN}"))


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def index(kind: str, entity_id: int, *, title: str, body: str) -> None:
    """Add or replace the searchable text of one record (within the caller's transaction)."""
    folded = fold(f"{title}\n{body}")
    entry = db.session.scalar(select(SearchEntry).where(SearchEntry.kind == kind,
                                                        SearchEntry.entity_id == entity_id))
    if entry is None:
        entry = SearchEntry(kind=kind, entity_id=entity_id, title=title, folded=folded)
        db.session.add(entry)
    else:
        entry.title, entry.folded = title, folded
    db.session.flush()
    if _is_sqlite():
        db.session.execute(text(f"DELETE FROM {SQLITE_FTS_TABLE} WHERE rowid = :id"),
                           {"id": entry.id})
        db.session.execute(text(f"INSERT INTO {SQLITE_FTS_TABLE} (rowid, folded) "
                                "VALUES (:id, :folded)"), {"id": entry.id, "folded": folded})


def remove(kind: str, entity_id: int) -> None:
    entry = db.session.scalar(select(SearchEntry).where(SearchEntry.kind == kind,
                                                        SearchEntry.entity_id == entity_id))
    if entry is None:
        return
    if _is_sqlite():
        db.session.execute(text(f"DELETE FROM {SQLITE_FTS_TABLE} WHERE rowid = :id"),
                           {"id": entry.id})
    db.session.execute(delete(SearchEntry).where(SearchEntry.id == entry.id))


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


_MARKUP = re.compile(r"\[\[|\]\]|^#+\s*|(?<=\s)#+\s|[*_`|>]+|-{3,}|\s{2,}", re.M)


def _plain(text: str) -> str:
    return _MARKUP.sub(" ", text)


def _find(body: str, word: str, chunk: int = 8192) -> int:
    """Where ``word`` (folded) first occurs in ``body``, folding only as much as needed."""
    overlap = len(word)
    for start in range(0, len(body), chunk):
        at = fold(body[start:start + chunk + overlap]).find(word)
        if at >= 0:
            return start + at
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
