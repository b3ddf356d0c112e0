"""My work, and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text

from qms.audits import queries as audit_queries
from qms.core.permissions import Permission, public, require
from qms.core.time import local_date, utcnow
from qms.documents import queries as document_queries
from qms.extensions import db
from qms.inspections import queries as inspection_queries
from qms.nonconformities import queries as nc_queries
from qms.org import queries as org_queries

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@require(Permission.DASHBOARD_VIEW)
def index():
    return render_template("dashboard/index.html", user=current_user,
                           totals=org_queries.headcount_totals(),
                           tasks=document_queries.my_document_tasks(
                               current_user, today=local_date(utcnow())),
                           nc_tasks=nc_queries.my_tasks(current_user,
                                                        today=local_date(utcnow())),
                           my_audits=audit_queries.my_audits(current_user,
                                                             today=local_date(utcnow())),
                           my_prescriptions=inspection_queries.my_prescriptions(current_user))


@bp.get("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # noqa: BLE001 - report, never raise, from a health check
        db.session.rollback()
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "degraded", database=database), status
