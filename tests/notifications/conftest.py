"""Cheap password hashes: these tests create many people."""

import pytest
from werkzeug.security import generate_password_hash


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch):
    monkeypatch.setattr("qms.org.services.hash_password",
                        lambda password: generate_password_hash(password,
                                                                method="scrypt:1024:8:1"))
