"""Fixtures: a fresh database per test, a client, and factories for units, positions, people."""

from __future__ import annotations

import itertools
import os

import flask_babel
import pytest
from flask.testing import FlaskClient

from qms import create_app
from qms.core import search
from qms.core.permissions import Role, SystemActor
from qms.extensions import db as _db

TEST_PASSWORD = "correct horse battery staple"


def pytest_addoption(parser):
    parser.addoption("--postgres", action="store_true",
                     help="run the database tests on a throwaway PostgreSQL cluster")


_cluster = None


def pytest_configure(config):
    global _cluster
    if config.getoption("--postgres") and "QMS_TEST_DATABASE_URL" not in os.environ:
        from tests.postgres import cluster

        _cluster = cluster()
        os.environ["QMS_TEST_DATABASE_URL"] = _cluster.__enter__()


def pytest_unconfigure(config):
    if _cluster is not None:
        _cluster.__exit__(None, None, None)
        os.environ.pop("QMS_TEST_DATABASE_URL", None)


def database_url(tmp_path) -> str:
    """The test database: PostgreSQL under ``--postgres``, else a private SQLite file."""
    return os.environ.get("QMS_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("QMS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": os.environ.get("QMS_TEST_DATABASE_URL", "sqlite://"),
        "WTF_CSRF_ENABLED": False,
        "DEFAULT_LANGUAGE": "en",
    })
    with app.app_context():
        _db.create_all()
        with _db.engine.begin() as connection:
            search.create_index_objects(connection)
        yield app
        _db.session.remove()
        with _db.engine.begin() as connection:
            search.drop_index_objects(connection)
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


class _Client(FlaskClient):
    """Tests keep one app context open across requests; in production each request has its
    own, so forget the per-context language cache before every request."""

    def open(self, *args, **kwargs):
        flask_babel.refresh()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = _Client
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def system():
    return SystemActor("test")


_counter = itertools.count(1)


@pytest.fixture
def make_unit(app, system):
    from qms.org import services

    def make(**values):
        n = next(_counter)
        values.setdefault("code", f"U{n}")
        values.setdefault("name", f"Unit {n}")
        values.setdefault("kind", "department")
        values.setdefault("parent_id", None)
        values.setdefault("head_id", None)
        return services.create_unit(actor=system, **values)

    return make


@pytest.fixture
def make_position(app, system, make_unit):
    from qms.org import services

    def make(**values):
        n = next(_counter)
        values.setdefault("title", f"Position {n}")
        if "unit_id" not in values:
            values["unit_id"] = make_unit().id
        values.setdefault("headcount", 1)
        values.setdefault("category", "social_work")
        return services.create_position(actor=system, **values)

    return make


@pytest.fixture
def make_user(app, system):
    from qms.org import services

    def make(*roles: Role | str, password: str = TEST_PASSWORD, **values):
        n = next(_counter)
        values.setdefault("username", f"user{n}")
        values.setdefault("full_name", f"Person {n}")
        values.setdefault("language", "en")
        person, _ = services.create_person(actor=system, roles=[str(r) for r in roles or
                                                                ["staff"]],
                                           password=password, **values)
        return person

    return make


@pytest.fixture
def login(client):
    """Sign ``user`` in through the real login form."""

    def do(user, password: str = TEST_PASSWORD):
        response = client.post("/login", data={"username": user.username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return do


@pytest.fixture
def document_types(app, system):
    from qms.documents.defaults import install_default_types

    install_default_types(actor=system)
    from sqlalchemy import select

    from qms.documents.models import DocumentType

    return {t.key: t for t in _db.session.scalars(select(DocumentType))}


@pytest.fixture
def editors(make_user):
    """An author (quality manager), a reviewer and an approver (managers)."""
    return {"author": make_user("quality_manager", full_name="Ilze Author"),
            "reviewer": make_user("manager", full_name="Māris Reviewer"),
            "approver": make_user("manager", full_name="Dace Approver")}


@pytest.fixture
def make_document(app, document_types, editors):
    """A document through the real services; ``effective=True`` takes it through review and
    approval (four eyes) into effect."""
    import datetime as dt

    from qms.documents import services

    def make(*, title="Mājas aprūpe", body="# Mājas aprūpe\n\nAprūpes pakalpojums.\n",
             type_key="process", effective=True, now=None, **values):
        now = now or dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        document = services.create_document(
            actor=editors["author"], now=now, title=title, body_md=body,
            type_id=document_types[type_key].id, code=values.pop("code", ""),
            confidentiality=values.pop("confidentiality", "internal"),
            distribute_to_everyone=values.pop("distribute_to_everyone", True), **values)
        if effective:
            approve(document.latest_version, now=now)
        return document

    def approve(version, *, now, effective_on=None):
        services.submit_for_review(version, actor=editors["author"], now=now,
                                   reviewer_ids=[editors["reviewer"].id],
                                   approver_id=editors["approver"].id, effective_on=effective_on)
        services.review_version(version, actor=editors["reviewer"], now=now, approve=True)
        services.approve_version(version, actor=editors["approver"], now=now)
        return version

    make.approve = approve
    return make
