"""One transaction around several use cases: inside ``atomic()`` the services' commits only
flush, and everything commits (or rolls back) together at the end. Used by imports, where a
run either writes everything or nothing."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from qms.extensions import db

_depth: ContextVar[int] = ContextVar("qms_transaction_depth", default=0)


def commit() -> None:
    """What a service calls at the end of its use case."""
    if _depth.get():
        db.session.flush()
    else:
        db.session.commit()


@contextmanager
def atomic():
    token = _depth.set(_depth.get() + 1)
    try:
        yield
    except BaseException:
        _depth.reset(token)
        db.session.rollback()
        raise
    _depth.reset(token)
    if not _depth.get():
        db.session.commit()
