"""My notifications, delivery preference, and the e-mail outbox for the administrator."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from qms.core.forms import ConfirmForm
from qms.core.permissions import Permission, require
from qms.core.time import utcnow
from qms.core.web import safe_next_url
from qms.extensions import db
from qms.notifications import services
from qms.notifications.models import DeliveryMode, MailStatus, Notification, OutboxMail

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@require(Permission.DASHBOARD_VIEW)
def index():
    show = request.args.get("show", "unread")
    stmt = select(Notification).where(Notification.user_id == current_user.id).order_by(
        Notification.created_at.desc(), Notification.id.desc())
    if show == "unread":
        stmt = stmt.where(Notification.read_at.is_(None))
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("notifications/index.html", page=page, show=show,
                           render=services.render_message, form=ConfirmForm(),
                           modes=list(DeliveryMode))


@bp.post("/read")
@require(Permission.DASHBOARD_VIEW)
def read():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.mark_read(current_user, request.form.get("id", type=int), now=utcnow())
    return redirect(safe_next_url(url_for("notifications.index")))


@bp.get("/open/<int:notification_id>")
@require(Permission.DASHBOARD_VIEW)
def open_link(notification_id: int):
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    services.mark_read(current_user, notification.id, now=utcnow())
    link = notification.link or url_for("notifications.index")
    return redirect(link if link.startswith("/") and not link.startswith("//") else "/")


@bp.post("/mode")
@require(Permission.ACCOUNT_EDIT)
def mode():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    chosen = request.form.get("mode", "")
    if chosen in DeliveryMode.__members__.values():
        services.set_delivery_mode(current_user._get_current_object(), chosen)
        flash(_("Your choice is saved."), "success")
    return redirect(url_for("notifications.index"))


@bp.get("/outbox")
@require(Permission.USER_MANAGE)
def outbox():
    status = request.args.get("status")
    stmt = select(OutboxMail).order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
    if status in MailStatus.__members__.values():
        stmt = stmt.where(OutboxMail.status == status)
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("notifications/outbox.html", page=page, status=status,
                           form=ConfirmForm(),
                           configured=bool(current_app.config.get("MAIL_SERVER")))


@bp.post("/outbox/<int:mail_id>/retry")
@require(Permission.USER_MANAGE)
def retry(mail_id: int):
    mail = db.session.get(OutboxMail, mail_id)
    if mail is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.retry_mail(mail, actor=current_user._get_current_object(), now=utcnow())
        flash(_("The e-mail will be sent again."), "success")
    return redirect(url_for("notifications.outbox"))
