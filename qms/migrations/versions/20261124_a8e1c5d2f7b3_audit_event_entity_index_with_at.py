"""audit trail index covers ``at``; PostgreSQL search reads a stored tsvector

ix_audit_event_entity also covers ``at`` (a record's history in index order). On
PostgreSQL, search_entry gets a generated column folded_tsv (the tsvector of folded) and the
GIN index moves onto it, so that matching and ranking no longer parse every hit's text.

Revision ID: a8e1c5d2f7b3
Revises: 341da74358e2
Create Date: 2026-11-24 08:40:00

"""
from alembic import op
from sqlalchemy import text

from qms.core import search


# revision identifiers, used by Alembic.
revision = 'a8e1c5d2f7b3'
down_revision = '341da74358e2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_entity')
        batch_op.create_index('ix_audit_event_entity', ['entity_type', 'entity_id', 'at'],
                              unique=False)
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        bind.execute(text(f"DROP INDEX IF EXISTS {search.POSTGRES_FTS_INDEX}"))
        search.create_index_objects(bind)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        search.drop_index_objects(bind)
        bind.execute(text(f"CREATE INDEX {search.POSTGRES_FTS_INDEX} ON search_entry "
                          "USING gin (to_tsvector('simple', folded))"))
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_entity')
        batch_op.create_index('ix_audit_event_entity', ['entity_type', 'entity_id'],
                              unique=False)
