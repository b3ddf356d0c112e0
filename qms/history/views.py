"""The audit-trail page with filters, and its CSV export."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, stream_with_context
from flask_login import current_user

from qms.core.formatting import parse_date
from qms.core.permissions import Permission, require
from qms.extensions import db
from qms.history import services
from qms.history.queries import TrailFilter, entity_types, trail_page

bp = Blueprint("history", __name__, url_prefix="/history")


def _filter_from_args() -> tuple[TrailFilter, dict[str, str]]:
    args = request.args
    errors = {}
    dates = {}
    for name in ("date_from", "date_to"):
        text = args.get(name, "").strip()
        dates[name] = None
        if text:
            try:
                dates[name] = parse_date(text)
            except ValueError:
                errors[name] = text
    return TrailFilter(
        actor=args.get("actor", "").strip()[:200],
        action=args.get("action", "").strip()[:64],
        entity_type=args.get("type", "").strip()[:64],
        entity_id=args.get("id", type=int),
        text=args.get("q", "").strip()[:200],
        **dates,
    ), errors


@bp.get("/")
@require(Permission.AUDIT_TRAIL_VIEW)
def index():
    trail_filter, errors = _filter_from_args()
    page = trail_page(trail_filter, tz=current_app.config["TIMEZONE"],
                      page=request.args.get("page", 1, type=int),
                      per_page=current_app.config["PAGE_SIZE"] * 2)
    return render_template("history/index.html", page=page, f=trail_filter, errors=errors,
                           types=db.session.scalars(entity_types()).all())


@bp.get("/export.csv")
@require(Permission.AUDIT_TRAIL_EXPORT)
def export():
    trail_filter, _errors = _filter_from_args()
    chunks = services.export_csv(trail_filter, actor=current_user._get_current_object(),
                                 tz=current_app.config["TIMEZONE"])
    return Response(
        stream_with_context(chunks),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=\"audit-trail.csv\""},
    )
