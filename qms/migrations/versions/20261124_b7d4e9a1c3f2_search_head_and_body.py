"""search: code and title apart from the body, ranked in blocks

search_entry.folded is rewritten with search.folded_text (everything between words a space,
so both databases split "KT-01" the same way). SQLite: search_fts becomes fts5(head, body)
with prefix indexes, refilled from search_entry. PostgreSQL: search_entry keeps long values out
of the row (toast_tuple_target 512) and gets the head's tsvector (head_tsv, GIN) and the
function search_entry_hits (the hits of a kind read from the GIN index alone).

Revision ID: b7d4e9a1c3f2
Revises: e45427315fa4
Create Date: 2026-11-24 11:15:00

"""
from alembic import op
from sqlalchemy import text

from qms.core import search


# revision identifiers, used by Alembic.
revision = 'b7d4e9a1c3f2'
down_revision = 'e45427315fa4'
branch_labels = None
depends_on = None


def upgrade():
    search.rebuild_index_objects(op.get_bind())


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        bind.execute(text(f"DROP TABLE IF EXISTS {search.SQLITE_FTS_TABLE}"))
        bind.execute(text(f"CREATE VIRTUAL TABLE {search.SQLITE_FTS_TABLE} USING fts5("
                          "folded, tokenize = 'unicode61 remove_diacritics 2')"))
        bind.execute(text(f"INSERT INTO {search.SQLITE_FTS_TABLE} (rowid, folded) "
                          "SELECT id, folded FROM search_entry"))
        return
    bind.execute(text(f"DROP FUNCTION IF EXISTS {search.POSTGRES_HITS_FUNCTION}(tsquery, varchar)"))
    bind.execute(text(f"DROP INDEX IF EXISTS {search.POSTGRES_HEAD_INDEX}"))
    bind.execute(text(f"ALTER TABLE search_entry DROP COLUMN IF EXISTS {search.POSTGRES_HEAD_COLUMN}"))
    bind.execute(text("ALTER TABLE search_entry RESET (toast_tuple_target)"))
