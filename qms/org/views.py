"""Organisation pages: the unit tree, positions and people (admin)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from qms.auth.models import User
from qms.auth.services import reset_password
from qms.core import audit_log
from qms.core.csv_import import ImportErrors, decode
from qms.core.errors import DomainError
from qms.core.forms import ConfirmForm
from qms.core.permissions import ROLE_LABELS, Permission, Role, require
from qms.core.web import current_actor, show_domain_error
from qms.extensions import db
from qms.org import queries, services
from qms.org.forms import PersonForm, PositionForm, StaffImportForm, UnitForm
from qms.org.models import Position, Unit

bp = Blueprint("org", __name__, url_prefix="/org")




def _field_values(form, names: list[str]) -> dict:
    return {name: getattr(form, name).data for name in names}


# --- overview ---------------------------------------------------------------------------------

@bp.get("/")
@require(Permission.ORG_VIEW)
def index():
    return render_template("org/index.html", tree=queries.unit_tree(),
                           totals=queries.headcount_totals())


# --- units ------------------------------------------------------------------------------------

def _unit_form(unit: Unit | None) -> UnitForm:
    form = UnitForm(obj=unit)
    form.parent_id.set_choices((u.id, u.name) for u in queries.all_units() if u is not unit)
    form.head_id.set_choices(queries.person_choices())
    return form


@bp.route("/units/new", methods=["GET", "POST"])
@require(Permission.ORG_MANAGE)
def unit_create():
    form = _unit_form(None)
    if form.validate_on_submit():
        try:
            unit = services.create_unit(actor=current_actor(),
                                        **_field_values(form, services.UNIT_FIELDS))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Unit %(name)s created.", name=unit.name), "success")
            return redirect(url_for("org.index"))
    return render_template("org/unit_form.html", form=form, unit=None)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@require(Permission.ORG_MANAGE)
def unit_edit(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    form = _unit_form(unit)
    if request.method == "GET":
        form.row_version.data = unit.row_version
    if form.validate_on_submit():
        try:
            services.update_unit(unit, actor=current_actor(),
                                 expected_version=form.row_version.data,
                                 **_field_values(form, services.UNIT_FIELDS))
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Unit %(name)s saved.", name=unit.name), "success")
            return redirect(url_for("org.index"))
    return render_template("org/unit_form.html", form=form, unit=unit,
                           history=audit_log.history_for(unit))


# --- positions --------------------------------------------------------------------------------

@bp.get("/positions")
@require(Permission.ORG_VIEW)
def positions():
    query = request.args.get("q", "").strip()
    unit_id = request.args.get("unit", type=int)
    page = queries.positions_page(query=query, unit_id=unit_id,
                                  page=request.args.get("page", 1, type=int),
                                  per_page=current_app.config["PAGE_SIZE"])
    return render_template("org/positions.html", page=page, query=query, unit_id=unit_id,
                           units=queries.all_units())


def _position_form(position: Position | None) -> PositionForm:
    form = PositionForm(obj=position)
    form.unit_id.set_choices(((u.id, u.name) for u in queries.all_units()), allow_blank=False)
    return form


@bp.route("/positions/new", methods=["GET", "POST"])
@require(Permission.ORG_MANAGE)
def position_create():
    form = _position_form(None)
    if request.method == "GET" and request.args.get("unit", type=int):
        form.unit_id.data = request.args.get("unit", type=int)
    if form.validate_on_submit():
        try:
            position = services.create_position(
                actor=current_actor(), **_field_values(form, services.POSITION_FIELDS))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Position %(title)s created.", title=position.title), "success")
            return redirect(url_for("org.positions"))
    return render_template("org/position_form.html", form=form, position=None)


@bp.route("/positions/<int:position_id>/edit", methods=["GET", "POST"])
@require(Permission.ORG_MANAGE)
def position_edit(position_id: int):
    position = db.get_or_404(Position, position_id)
    form = _position_form(position)
    if request.method == "GET":
        form.row_version.data = position.row_version
    if form.validate_on_submit():
        try:
            services.update_position(position, actor=current_actor(),
                                     expected_version=form.row_version.data,
                                     **_field_values(form, services.POSITION_FIELDS))
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Position %(title)s saved.", title=position.title), "success")
            return redirect(url_for("org.positions"))
    return render_template("org/position_form.html", form=form, position=position,
                           history=audit_log.history_for(position))


# --- people -----------------------------------------------------------------------------------

@bp.get("/people")
@require(Permission.USER_MANAGE)
def people():
    filters = {
        "query": request.args.get("q", "").strip(),
        "unit_id": request.args.get("unit", type=int),
        "role": request.args.get("role") if request.args.get("role") in Role.__members__.values()
        else None,
        "status": request.args.get("status", "active"),
    }
    page = queries.people_page(**filters, page=request.args.get("page", 1, type=int),
                               per_page=current_app.config["PAGE_SIZE"])
    return render_template("org/people.html", page=page, filters=filters,
                           units=queries.all_units(), roles=ROLE_LABELS)


def _person_form(person: User | None) -> PersonForm:
    form = PersonForm(obj=person)
    if person is not None and request.method == "GET":
        form.roles.data = person.roles
    form.unit_id.set_choices((u.id, u.name) for u in queries.all_units())
    form.position_id.set_choices(
        (p.id, f"{p.title} — {p.unit.name}") for p in queries.all_positions())
    return form


def _person_values(form: PersonForm) -> dict:
    values = _field_values(form, [f for f in services.PERSON_FIELDS])
    values["roles"] = form.roles.data or []
    return values


@bp.route("/people/new", methods=["GET", "POST"])
@require(Permission.USER_MANAGE)
def person_create():
    form = _person_form(None)
    if form.validate_on_submit():
        try:
            person, temporary = services.create_person(actor=current_actor(),
                                                       **_person_values(form))
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(name)s can now sign in as %(username)s with the one-time password "
                    "%(password)s and will be asked to choose their own.",
                    name=person.full_name, username=person.username, password=temporary),
                  "success")
            return redirect(url_for("org.person_edit", person_id=person.id))
    return render_template("org/person_form.html", form=form, person=None)


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@require(Permission.USER_MANAGE)
def person_edit(person_id: int):
    person = db.get_or_404(User, person_id)
    form = _person_form(person)
    if request.method == "GET":
        form.row_version.data = person.row_version
    if form.validate_on_submit():
        try:
            services.update_person(person, actor=current_actor(),
                                   expected_version=form.row_version.data,
                                   **_person_values(form))
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(name)s saved.", name=person.full_name), "success")
            return redirect(url_for("org.people"))
    return render_template("org/person_form.html", form=form, person=person,
                           reset_form=ConfirmForm(), history=audit_log.history_for(person))


@bp.post("/people/<int:person_id>/reset-password")
@require(Permission.USER_MANAGE)
def person_reset_password(person_id: int):
    person = db.get_or_404(User, person_id)
    if ConfirmForm().validate_on_submit():
        temporary = reset_password(person, actor=current_actor())
        flash(_("New one-time password for %(username)s: %(password)s. They will be asked "
                "to choose their own at the next sign-in.",
                username=person.username, password=temporary), "success")
    return redirect(url_for("org.person_edit", person_id=person.id))


@bp.route("/people/import", methods=["GET", "POST"])
@require(Permission.USER_IMPORT)
def people_import():
    form = StaffImportForm()
    errors = []
    if form.validate_on_submit():
        try:
            text = decode(form.file.data.read())
            result = services.import_staff(text, actor=current_actor())
        except ImportErrors as failure:
            db.session.rollback()
            errors = failure.errors
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Import finished: %(created)s added, %(updated)s updated, "
                    "%(unchanged)s unchanged.", created=result.created, updated=result.updated,
                    unchanged=result.unchanged), "success")
            return redirect(url_for("org.people"))
    return render_template("org/people_import.html", form=form, errors=errors,
                           required=services.STAFF_COLUMNS_REQUIRED,
                           optional=services.STAFF_COLUMNS_OPTIONAL)

