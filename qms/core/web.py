"""Small helpers shared by the views of every feature."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import flash, request
from flask_login import current_user

from qms.core.errors import DomainError
from qms.core.time import local_date, utcnow


def current_actor():
    """The signed-in user, as the ``actor`` of a service call (the object, not the proxy)."""
    return current_user._get_current_object()


def local_today() -> dt.date:
    """Today in the organisation's time zone."""
    return local_date(utcnow())


def show_domain_error(form, error: DomainError) -> None:
    """Put a service's refusal on the field it names, or on top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        flash(str(error), "error")


def run_service(call, success: str) -> bool:
    """Call one service for a button; a refusal is rolled back and becomes a message."""
    from qms.extensions import db

    try:
        call()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return False
    flash(success, "success")
    return True


def safe_next_url(default: str) -> str:
    """The ``next`` parameter if it stays on this site, else ``default``."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc \
            and "\\" not in target:
        return target
    return default


def client_address() -> str:
    return request.remote_addr or "unknown"


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def form_errors_text(form) -> str:
    """Every field error of ``form`` in one line, for a flash message after a redirect."""
    from flask_babel import gettext as _

    return " ".join(f"{getattr(form, name).label.text}: {' '.join(map(str, errors))}"
                    for name, errors in form.errors.items()) \
        or _("The form could not be read; try again.")
