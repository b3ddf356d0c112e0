"""Optimistic locking: editable records carry ``row_version``; a save based on an older
version is refused instead of silently overwriting someone else's change."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from qms.core.errors import DomainError


class StaleRecord(DomainError):
    pass


def _as_version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None  # a tampered or garbled hidden field: treated as stale, never a crash


def check_version(obj, expected_version: int | str | None) -> None:
    if expected_version is not None and _as_version(expected_version) != obj.row_version:
        raise StaleRecord(
            _l(
                "Someone else saved this record while you were editing it. "
                "Your changes were not saved; they are still in the form below. "
                "Reload the page to see the current version."
            )
        )
