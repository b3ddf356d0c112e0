"""Sign in, sign out, own password, language switch."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from qms.auth import services
from qms.auth.forms import LoginForm, PasswordChangeForm
from qms.core.errors import DomainError
from qms.core.permissions import Permission, public, require
from qms.core.time import utcnow
from qms.core.web import client_address, safe_next_url, show_domain_error
from qms.extensions import login_manager

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.session_protection = "strong"


@login_manager.user_loader
def _load_user(session_id: str):
    return services.load_user_from_session(session_id)


@login_manager.unauthorized_handler
def _unauthorized():
    flash(_("Please sign in to open this page."), "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.username.data, form.password.data, address=client_address(),
                now=utcnow(), config=current_app.config,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            language = session.get("language")
            session.clear()  # a fresh session: nothing from before sign-in carries over
            if language:
                session["language"] = language
            login_user(user)
            if user.must_change_password:
                flash(_("Choose your own password before you go on."), "info")
                return redirect(url_for("auth.password"))
            return redirect(safe_next_url(url_for("dashboard.index")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@require(Permission.DASHBOARD_VIEW)
def logout():
    user = current_user._get_current_object()
    logout_user()
    session.clear()
    services.sign_out(user)
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@require(Permission.ACCOUNT_EDIT)
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_own_password(
                current_user._get_current_object(), current_password=form.current_password.data,
                new_password=form.new_password.data, config=current_app.config,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            login_user(current_user._get_current_object())  # the session version changed
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("dashboard.index"))
    return render_template("auth/password.html", form=form,
                           min_length=current_app.config["PASSWORD_MIN_LENGTH"])


@bp.post("/language/<code>")
@public
def language(code: str):
    """Switch the interface language; a signed-in user keeps the choice in their profile."""
    if code in current_app.config["LANGUAGES"]:
        session["language"] = code
        if current_user.is_authenticated and current_user.language != code:
            services.set_language(current_user._get_current_object(), code)
    return redirect(safe_next_url(url_for("dashboard.index")))

