"""Optimistic locking: editable records carry ``row_version``; a save based on an older
version is refused instead of silently overwriting someone else's change."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from qms.core.errors import DomainError


class StaleRecord(DomainError):
    pass


def check_version(obj, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != obj.row_version:
        raise StaleRecord(
            _l(
                "Someone else saved this record while you were editing it. "
                "Your changes were not saved; they are still in the form below. "
                "Reload the page to see the current version."
            )
        )
