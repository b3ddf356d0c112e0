"""Client personal data stays out of qms: clients are referenced by case-file number, and
free text that looks like a Latvian personal code (``######-#####``) is refused."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from qms.core.errors import DomainError

PERSONAL_CODE = re.compile(r"(?<!\d)\d{6}\s?[-‐–]\s?\d{5}(?!\d)")


def looks_like_personal_code(text: str | None) -> bool:
    return bool(text) and PERSONAL_CODE.search(text) is not None


def refuse_personal_codes(**fields: str | None) -> None:
    """Raise DomainError naming the first field whose text contains a personal code."""
    for name, text in fields.items():
        if looks_like_personal_code(text):
            raise DomainError(
                _l("This text seems to contain a personal code (######-#####). Client personal "
                   "data must not be stored in qms: refer to the client by the case-file "
                   "number instead."), field=name)
