"""The migrations are the only way to a schema: one head, and exactly the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError

from qms import create_app
from qms.core.search import OUTSIDE_MODELS
from qms.extensions import db
from tests.conftest import database_url

# Expression indexes: Alembic cannot compare them on SQLite (it skips them with a warning),
# so they are left out of the comparison and checked by name instead.
EXPRESSION_INDEXES = {"ix_audit_calendar_end", "ix_inspection_calendar_end"}
COMPARE_OPTIONS = {"compare_type": True,
                   "include_object": lambda obj, name, *rest:
                   name not in OUTSIDE_MODELS | EXPRESSION_INDEXES}
SKIPPED_EXPRESSION_INDEXES = [
    "ignore:Skipped unsupported reflection of expression-based index",
    "ignore:autogenerate skipping metadata-specified expression-based index"]


@pytest.fixture
def migrated_app(tmp_path, monkeypatch):
    monkeypatch.setenv("QMS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "SECRET_KEY": "t",
                      "SQLALCHEMY_DATABASE_URI": database_url(tmp_path)})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        yield app
        db.session.remove()
        downgrade(directory=app.extensions["migrate"].directory, revision="base")
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()


def test_migrations_have_a_single_head(app):
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    assert len(script.get_heads()) == 1


def _compare() -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=COMPARE_OPTIONS)
        assert compare_metadata(context, db.metadata) == []
        names = set(connection.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'index'"
            if connection.dialect.name == "sqlite" else
            "SELECT indexname FROM pg_indexes")).scalars())
    assert EXPRESSION_INDEXES <= names


@pytest.mark.filterwarnings(*SKIPPED_EXPRESSION_INDEXES)
def test_migrations_produce_exactly_the_models(migrated_app):
    _compare()


def test_database_refuses_to_change_the_audit_trail(migrated_app):
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO audit_event (at, actor_name, action, entity_type, entity_label, "
            "changes, note) VALUES ('2026-11-24 10:00:00', 'x', 'a', 'b', '', '{}', '')"))
    for statement in ("UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event"):
        with pytest.raises(DatabaseError), db.engine.begin() as connection:
            connection.execute(text(statement))


@pytest.mark.filterwarnings(*SKIPPED_EXPRESSION_INDEXES)
def test_downgrade_to_base_and_upgrade_again(migrated_app):
    directory = migrated_app.extensions["migrate"].directory
    downgrade(directory=directory, revision="base")
    upgrade(directory=directory)
    _compare()


def test_sqlite_connections_enforce_foreign_keys(tmp_path):
    import qms.extensions  # noqa: F401  (registers the connect hook)

    engine = create_engine(f"sqlite:///{tmp_path / 'fk.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()
