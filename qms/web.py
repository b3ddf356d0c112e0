"""The web layer's shared wiring: blueprints, error pages, template helpers, security headers
and the choice of language. Called once by ``create_app``."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, render_template, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from qms.core import formatting
from qms.core.permissions import ROLE_LABELS, Permission, has_permission

# Main navigation: links (endpoint, label, permission) and groups (label, [links]) shown as
# a menu. A group with one permitted link shows as that link.
NAVIGATION = [
    ("dashboard.index", _l("My work"), Permission.DASHBOARD_VIEW),
    ("documents.index", _l("Documents"), Permission.DOCUMENT_READ),
    ("nonconformities.index", _l("Nonconformities"), Permission.NC_REPORT),
    (_l("Audits"), [
        ("audits.index", _l("Internal audits"), Permission.AUDIT_VIEW),
        ("inspections.index", _l("Inspections"), Permission.INSPECTION_VIEW),
        ("inspections.calendar", _l("Calendar"), Permission.CALENDAR_VIEW),
    ]),
    (_l("Management system"), [
        ("processes.index", _l("Processes"), Permission.PROCESS_VIEW),
        ("objectives.index", _l("Objectives"), Permission.OBJECTIVE_VIEW),
        ("risks.index", _l("Risks"), Permission.RISK_VIEW),
        ("surveys.index", _l("Surveys"), Permission.SURVEY_VIEW),
        ("training.index", _l("Training"), Permission.TRAINING_VIEW),
        ("providers.index", _l("Providers"), Permission.PROVIDER_VIEW),
    ]),
    ("reviews.index", _l("Management review"), Permission.REVIEW_VIEW),
    (_l("Organisation"), [
        ("org.index", _l("Units and positions"), Permission.ORG_VIEW),
        ("org.people", _l("People"), Permission.USER_MANAGE),
        ("history.index", _l("Audit trail"), Permission.AUDIT_TRAIL_VIEW),
    ]),
]

LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English"}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


def select_locale() -> str:
    """The signed-in user's language, else the one chosen in this session, else the default."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["DEFAULT_LANGUAGE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return current_app.config["DEFAULT_LANGUAGE"]


def register(app: Flask) -> None:
    from qms.audits.views import bp as audits_bp
    from qms.auth.views import bp as auth_bp
    from qms.dashboard.views import bp as dashboard_bp
    from qms.documents.views import bp as documents_bp
    from qms.history.views import bp as history_bp
    from qms.inspections.views import bp as inspections_bp
    from qms.nonconformities.views import bp as nonconformities_bp
    from qms.notifications.views import bp as notifications_bp
    from qms.objectives.views import bp as objectives_bp
    from qms.org.views import bp as org_bp
    from qms.processes.views import bp as processes_bp
    from qms.providers.views import bp as providers_bp
    from qms.reviews.views import bp as reviews_bp
    from qms.risks.views import bp as risks_bp
    from qms.surveys.views import bp as surveys_bp
    from qms.training.views import bp as training_bp

    for blueprint in (auth_bp, dashboard_bp, documents_bp, nonconformities_bp, audits_bp,
                      inspections_bp, org_bp, history_bp, notifications_bp, reviews_bp,
                      processes_bp, objectives_bp, risks_bp, surveys_bp, training_bp,
                      providers_bp):
        app.register_blueprint(blueprint)

    for name, func in formatting.FILTERS.items():
        app.add_template_filter(func, name)

    @app.context_processor
    def _template_helpers():
        return {
            "Permission": Permission,
            "can": lambda permission: has_permission(current_user, permission),
            "navigation": visible_navigation(current_user),
            "role_labels": ROLE_LABELS,
            "language_names": LANGUAGE_NAMES,
            "current_language": select_locale(),
            "unread_notifications": _unread_notifications(),
        }

    @app.before_request
    def _refuse_nul_characters():
        """A NUL character is never text a person typed; PostgreSQL cannot store it. Refuse
        the request (400) before any form or query sees it."""
        if request.method == "OPTIONS":
            return None
        values = request.args.lists()
        if request.method in ("POST", "PUT", "PATCH"):
            values = [*values, *request.form.lists()]
        if any("\x00" in value for _, items in values for value in items):
            return render_template("errors/400.html", code=400), 400
        return None

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        if request.endpoint != "static":
            headers.setdefault("Cache-Control", "no-store")
        return response

    _register_error_pages(app)


def navigation_links() -> list[tuple[str, object, Permission]]:
    """Every link of the main navigation, groups flattened, in menu order."""
    links = []
    for entry in NAVIGATION:
        links += entry[1] if isinstance(entry[1], list) else [entry]
    return links


def visible_navigation(user) -> list[dict]:
    """The menu for ``user``: ``{"label", "endpoint"}`` for a link, ``{"label", "links":
    [(endpoint, label)]}`` for a group."""
    items = []
    for entry in NAVIGATION:
        if isinstance(entry[1], list):
            label, members = entry
            links = [(endpoint, text) for endpoint, text, permission in members
                     if has_permission(user, permission)]
            if len(links) == 1:
                items.append({"label": links[0][1], "endpoint": links[0][0]})
            elif links:
                items.append({"label": label, "links": links,
                              "blueprints": {endpoint.split(".")[0] for endpoint, _ in links}})
        elif has_permission(user, entry[2]):
            items.append({"label": entry[1], "endpoint": entry[0]})
    return items


def _unread_notifications() -> int:
    if not has_request_context() or not current_user.is_authenticated:
        return 0
    from qms.notifications.services import unread_count

    return unread_count(current_user)


def _register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        return render_template("errors/400.html", csrf=True), 400

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        code = error.code or 500
        template = {
            403: "errors/403.html",
            404: "errors/404.html",
            405: "errors/404.html",
            413: "errors/413.html",
        }.get(code, "errors/400.html" if code < 500 else "errors/500.html")
        return render_template(template, code=code), code

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def _out_of_range(error: Exception):
        """A number too large for the database (``?page=99999999999999999999``) is the
        client's mistake: a 400 page, not a 500."""
        if isinstance(error, DataError) and getattr(error.orig, "sqlstate", None) != "22003":
            return _unexpected(error)
        from qms.extensions import db

        db.session.rollback()
        return render_template("errors/400.html", code=400), 400

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s", request.path)
        from qms.extensions import db

        db.session.rollback()
        return render_template("errors/500.html", code=500), 500
