"""External inspections and prescriptions; the calendar and its iCalendar feed."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from qms.core import audit_log, charts, files
from qms.core.errors import DomainError
from qms.core.forms import ConfirmForm
from qms.core.pagination import paginate
from qms.core.permissions import Permission, public, require
from qms.core.time import utcnow
from qms.core.web import (
    current_actor,
    form_errors_text,
    local_today,
    run_service,
    show_domain_error,
)
from qms.extensions import db
from qms.inspections import calendar as cal
from qms.inspections import queries, services
from qms.inspections.forms import (
    AuthorityForm,
    FileForm,
    InspectionForm,
    PrescriptionForm,
    ResponseForm,
)
from qms.inspections.models import (
    INSPECTION_RESULT_LABELS,
    Authority,
    CalendarToken,
    Inspection,
    Prescription,
    PrescriptionStatus,
)
from qms.org import queries as org_queries

bp = Blueprint("inspections", __name__, url_prefix="/inspections")




def _base_url() -> str:
    return current_app.config.get("BASE_URL", "").rstrip("/") or request.host_url.rstrip("/")



def _inspection(inspection_id: int) -> Inspection:
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None:
        abort(404)
    if not services.can_see(current_actor(), inspection):
        abort(403)
    return inspection


def _prescription(prescription_id: int) -> Prescription:
    prescription = db.session.get(Prescription, prescription_id)
    if prescription is None:
        abort(404)
    if not services.can_see_prescription(current_actor(), prescription):
        abort(403)
    return prescription


# --- the register ---------------------------------------------------------------------------

def _register_filter() -> queries.RegisterFilter:
    args = request.args
    result = args.get("result", "")
    return queries.RegisterFilter(
        year=args.get("year", type=int), authority_id=args.get("authority", type=int),
        unit_id=args.get("unit", type=int),
        result=result if result in INSPECTION_RESULT_LABELS else "",
        query=args.get("q", "").strip()[:100])


@bp.get("/")
@require(Permission.INSPECTION_VIEW)
def index():
    f = _register_filter()
    page = paginate(queries.register(f), page=request.args.get("page", 1, type=int),
                    per_page=current_app.config["PAGE_SIZE"])
    return render_template("inspections/index.html", page=page, f=f,
                           open_counts=queries.open_counts([i.id for i in page.items]),
                           authorities=queries.authorities(), units=org_queries.all_units(),
                           results=INSPECTION_RESULT_LABELS, years=queries.years(),
                           can_manage=services.can_manage(current_actor()))


def _inspection_form_choices(form: InspectionForm, inspection: Inspection | None = None) -> None:
    current = inspection.authority_id if inspection else None
    form.authority_id.set_choices(
        (a.id, f"{a.name} ({a.short_name})" if a.short_name else a.name)
        for a in queries.authorities() if a.is_active or a.id == current)
    form.unit_id.set_choices((u.id, u.name) for u in org_queries.all_units())
    form.follow_up_of_id.set_choices(
        (i.id, f"{i.number} · {i.authority} · {i.subject[:60]} ({i.started_on:%d.%m.%Y})")
        for i in queries.earlier_inspections(exclude_id=inspection.id if inspection else None))


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.INSPECTION_MANAGE)
def create():
    form = InspectionForm()
    _inspection_form_choices(form)
    if request.method == "GET":
        follow_up = db.session.get(Inspection, request.args.get("follow_up_of", 0, type=int))
        if follow_up is not None:
            form.follow_up_of_id.data = follow_up.id
            form.authority_id.data = follow_up.authority_id
            form.unit_id.data = follow_up.unit_id
            form.service.data = follow_up.service
    if form.validate_on_submit():
        try:
            inspection = services.register(actor=current_actor(), now=utcnow(), **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Inspection %(number)s registered.", number=inspection.number), "success")
            return redirect(url_for("inspections.detail", inspection_id=inspection.id))
    return render_template("inspections/form.html", form=form, inspection=None)


@bp.route("/<int:inspection_id>/edit", methods=["GET", "POST"])
@require(Permission.INSPECTION_MANAGE)
def edit(inspection_id: int):
    inspection = _inspection(inspection_id)
    form = InspectionForm(obj=inspection)
    _inspection_form_choices(form, inspection)
    if request.method == "GET":
        form.row_version.data = inspection.row_version
    if form.validate_on_submit():
        try:
            services.update(inspection, actor=current_actor(), now=utcnow(),
                            expected_version=form.row_version.data, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(number)s saved.", number=inspection.number), "success")
            return redirect(url_for("inspections.detail", inspection_id=inspection.id))
    return render_template("inspections/form.html", form=form, inspection=inspection)


# --- one inspection -------------------------------------------------------------------------

def _response_files(prescriptions: list[Prescription]) -> dict[int, list[files.EvidenceFile]]:
    ids = [p.id for p in prescriptions]
    by_prescription: dict[int, list[files.EvidenceFile]] = {i: [] for i in ids}
    if ids:
        for evidence in db.session.scalars(
                select(files.EvidenceFile).where(files.EvidenceFile.entity_type == "prescription",
                                                 files.EvidenceFile.entity_id.in_(ids))
                .order_by(files.EvidenceFile.id)):
            by_prescription[evidence.entity_id].append(evidence)
    return by_prescription


@bp.get("/<int:inspection_id>")
@require(Permission.CALENDAR_VIEW)  # the object rule decides: see services.can_see
def detail(inspection_id: int):
    inspection = _inspection(inspection_id)
    actor = current_actor()
    full = actor.can(Permission.INSPECTION_VIEW)
    prescriptions = [p for p in inspection.prescriptions
                     if full or p.responsible_id == actor.id]
    can_manage = services.can_manage(actor)
    response_forms, file_forms = {}, {}
    for p in prescriptions:
        if p.status != PrescriptionStatus.CLOSED and services.can_respond(actor, p):
            response_forms[p.id] = ResponseForm(prefix=f"r{p.id}")
            response_forms[p.id].response.data = p.response
            file_forms[p.id] = FileForm(prefix=f"f{p.id}")
    prescription_form = PrescriptionForm(prefix="new")
    prescription_form.responsible_id.set_choices(org_queries.person_choices())
    return render_template(
        "inspections/detail.html", inspection=inspection, prescriptions=prescriptions,
        full=full, can_manage=can_manage, today=local_today(), response_forms=response_forms,
        file_forms=file_forms, prescription_form=prescription_form, report_form=FileForm(),
        confirm=ConfirmForm(), response_files=_response_files(prescriptions),
        report_files=files.files_of("inspection", inspection.id) if full else [],
        follow_ups=queries.follow_ups(inspection) if full else [],
        history=audit_log.history_for(inspection) if full else [])


def _back(inspection_id: int, anchor: str = ""):
    return redirect(url_for("inspections.detail", inspection_id=inspection_id) + anchor)



@bp.post("/<int:inspection_id>/files")
@require(Permission.INSPECTION_MANAGE)
def attach(inspection_id: int):
    inspection = _inspection(inspection_id)
    form = FileForm()
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        upload = form.file.data
        run_service(lambda: services.attach_report(
            inspection, actor=current_actor(), now=utcnow(), filename=upload.filename or "file",
            data=upload.read(files.MAX_EVIDENCE_BYTES + 1),
            content_type=upload.mimetype or ""), _("File attached."))
    return _back(inspection.id, "#report-files")


@bp.post("/<int:inspection_id>/prescriptions")
@require(Permission.INSPECTION_MANAGE)
def add_prescription(inspection_id: int):
    inspection = _inspection(inspection_id)
    form = PrescriptionForm(prefix="new")
    form.responsible_id.set_choices(org_queries.person_choices())
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        run_service(lambda: services.add_prescription(
            inspection, actor=current_actor(), now=utcnow(), kind=form.kind.data,
            text=form.text.data or "", deadline_on=form.deadline_on.data,
            responsible_id=form.responsible_id.data,
            legal_reference=form.legal_reference.data or ""), _("Added."))
    return _back(inspection.id, "#prescriptions")


@bp.post("/prescriptions/<int:prescription_id>/respond")
@require(Permission.CALENDAR_VIEW)  # the responsible person or the quality manager
def respond(prescription_id: int):
    prescription = _prescription(prescription_id)
    form = ResponseForm(prefix=f"r{prescription.id}")
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        run_service(lambda: services.respond(prescription, actor=current_actor(), now=utcnow(),
                                             response=form.response.data or "",
                                             responded_on=form.responded_on.data),
                    _("Response saved."))
    return _back(prescription.inspection_id, f"#p{prescription.id}")


@bp.post("/prescriptions/<int:prescription_id>/files")
@require(Permission.CALENDAR_VIEW)  # the responsible person or the quality manager
def attach_response(prescription_id: int):
    prescription = _prescription(prescription_id)
    form = FileForm(prefix=f"f{prescription.id}")
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        upload = form.file.data
        run_service(lambda: services.attach_response(
            prescription, actor=current_actor(), now=utcnow(), filename=upload.filename or "file",
            data=upload.read(files.MAX_EVIDENCE_BYTES + 1),
            content_type=upload.mimetype or ""), _("File attached."))
    return _back(prescription.inspection_id, f"#p{prescription.id}")


@bp.post("/prescriptions/<int:prescription_id>/close")
@require(Permission.INSPECTION_MANAGE)
def close_prescription(prescription_id: int):
    prescription = _prescription(prescription_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        run_service(lambda: services.close_prescription(prescription, actor=current_actor(),
                                                        now=utcnow()),
                    _("Closed."))
    return _back(prescription.inspection_id, f"#p{prescription.id}")


@bp.post("/prescriptions/<int:prescription_id>/nonconformity")
@require(Permission.INSPECTION_MANAGE)
def raise_nonconformity(prescription_id: int):
    prescription = _prescription(prescription_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
        return _back(prescription.inspection_id, f"#p{prescription.id}")
    try:
        record = services.raise_nonconformity(prescription, actor=current_actor(), now=utcnow())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(prescription.inspection_id, f"#p{prescription.id}")
    flash(_("Nonconformity %(number)s raised.", number=record.number), "success")
    return redirect(url_for("nonconformities.detail", nc_id=record.id))


@bp.get("/files/<int:file_id>")
@require(Permission.CALENDAR_VIEW)  # the object rule decides, as for the inspection page
def download(file_id: int):
    evidence = db.session.get(files.EvidenceFile, file_id)
    if evidence is None or evidence.entity_type not in ("inspection", "prescription"):
        abort(404)
    if evidence.entity_type == "inspection":
        _inspection(evidence.entity_id)
        if not current_actor().can(Permission.INSPECTION_VIEW):
            abort(403)
    else:
        _prescription(evidence.entity_id)
    return files.download(evidence)


# --- overview -------------------------------------------------------------------------------

@bp.get("/overview")
@require(Permission.INSPECTION_VIEW)
def overview():
    by_authority = queries.counts_by_authority()
    by_unit = queries.counts_by_unit(_("No unit"))
    by_year = queries.counts_by_year()
    return render_template(
        "inspections/overview.html", by_authority=by_authority, by_unit=by_unit,
        by_year=by_year, open_prescriptions=queries.open_prescriptions(), today=local_today(),
        authority_chart=charts.bar_chart(
            [(name, count) for name, count, _open in by_authority],
            title=_("Inspections by supervisory body"), show_title=False,
            empty_label=_("No data")),
        unit_chart=charts.bar_chart(by_unit, title=_("Inspections by unit"), show_title=False,
                                    empty_label=_("No data")),
        year_chart=charts.bar_chart([(str(year), count) for year, count in by_year],
                                    title=_("Inspections by year"), horizontal=False,
                                    show_title=False,
                                    empty_label=_("No data")))


# --- supervisory bodies ---------------------------------------------------------------------

@bp.get("/authorities")
@require(Permission.INSPECTION_VIEW)
def authorities():
    rows = queries.authorities()
    can_manage = services.can_manage(current_actor())
    edit_forms = {}
    if can_manage:
        for authority in rows:
            edit_forms[authority.id] = AuthorityForm(prefix=f"a{authority.id}", obj=authority)
    return render_template("inspections/authorities.html", authorities=rows,
                           counts=queries.authority_counts(), can_manage=can_manage,
                           new_form=AuthorityForm(prefix="new"), edit_forms=edit_forms)


@bp.post("/authorities/new")
@require(Permission.INSPECTION_MANAGE)
def authority_add():
    form = AuthorityForm(prefix="new")
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        run_service(lambda: services.save_authority(None, actor=current_actor(),
                                                    name=form.name.data or "",
                                                    short_name=form.short_name.data or ""),
                    _("Supervisory body added."))
    return redirect(url_for("inspections.authorities"))


@bp.post("/authorities/<int:authority_id>")
@require(Permission.INSPECTION_MANAGE)
def authority_edit(authority_id: int):
    authority = db.session.get(Authority, authority_id)
    if authority is None:
        abort(404)
    form = AuthorityForm(prefix=f"a{authority.id}")
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        run_service(lambda: services.save_authority(authority, actor=current_actor(),
                                                    name=form.name.data or "",
                                                    short_name=form.short_name.data or "",
                                                    is_active=form.is_active.data),
                    _("Supervisory body saved."))
    return redirect(url_for("inspections.authorities") + f"#a{authority.id}")


# --- the calendar ---------------------------------------------------------------------------

@bp.get("/calendar")
@require(Permission.CALENDAR_VIEW)
def calendar():
    today = local_today()
    year, month = cal.parse_month(request.args.get("month"), today)
    # The grid shows whole weeks, each day its first entries and "+K more"; the list below it
    # (what a phone shows) is paginated.
    view = cal.month_page(current_actor(), year, month, today=today,
                          page=max(1, request.args.get("page", 1, type=int)),
                          per_page=current_app.config["PAGE_SIZE"])
    return render_template(
        "inspections/calendar.html", view=view, today=today,
        title=cal.month_name(year, month), weekdays=cal.weekday_names(),
        previous=cal.month_key(*cal.shift_month(year, month, -1)),
        next=cal.month_key(*cal.shift_month(year, month, 1)),
        current=cal.month_key(today.year, today.month))


@bp.get("/calendar/day")
@require(Permission.CALENDAR_VIEW)
def calendar_day():
    """Every entry of one day, a page at a time (where a crowded day's "+K more" leads)."""
    today = local_today()
    day = cal.parse_day(request.args.get("day")) or today
    entries = cal.day_page(current_actor(), day, today=today,
                           page=max(1, request.args.get("page", 1, type=int)),
                           per_page=current_app.config["PAGE_SIZE"])
    return render_template(
        "inspections/calendar_day.html", day=day, entries=entries, today=today,
        title=cal.day_name(day),
        month=cal.month_key(day.year, day.month),
        previous=(day - dt.timedelta(days=1)).isoformat(),
        next=(day + dt.timedelta(days=1)).isoformat())


@bp.get("/calendar/year")
@require(Permission.CALENDAR_VIEW)
def calendar_year():
    today = local_today()
    year = cal.parse_year(request.args.get("year", type=int), today)
    start = dt.date(year, 1, 1) - dt.timedelta(days=6)
    end = dt.date(year, 12, 31) + dt.timedelta(days=6)
    months = cal.year_view(year, cal.entries_for(current_actor(), start, end, today=today),
                           today=today)
    return render_template(
        "inspections/calendar_year.html", year=year, months=months, today=today,
        month_names=[cal.month_name(year, m.month) for m in months],
        weekdays=cal.weekday_names(), month_key=cal.month_key)


def _feed_page(new_url: str | None = None):
    row = db.session.scalar(select(CalendarToken)
                            .where(CalendarToken.user_id == current_actor().id))
    webcal_url = "webcal://" + new_url.split("://", 1)[1] if new_url else None
    return render_template("inspections/feed.html", link_created_at=row.created_at
                           if row else None, new_url=new_url, webcal_url=webcal_url,
                           confirm=ConfirmForm(),
                           can_see_inspections=current_actor().can(Permission.INSPECTION_VIEW))


@bp.get("/calendar/feed")
@require(Permission.CALENDAR_VIEW)
def feed():
    return _feed_page()


@bp.post("/calendar/feed/new")
@require(Permission.CALENDAR_VIEW)
def feed_new():
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
        return redirect(url_for("inspections.feed"))
    token = services.new_calendar_token(current_actor(), now=utcnow())
    # Only the hash is stored: the link is shown on this response and never again.
    return _feed_page(_base_url() + url_for("inspections.calendar_ics", token=token))


@bp.post("/calendar/feed/revoke")
@require(Permission.CALENDAR_VIEW)
def feed_revoke():
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        services.revoke_calendar_token(current_actor(), now=utcnow())
        flash(_("The calendar link no longer works."), "success")
    return redirect(url_for("inspections.feed"))


@bp.get("/calendar/<token>.ics")
@public  # calendar applications cannot sign in: the secret link is the credential
def calendar_ics(token: str):
    user = services.user_for_token(token)
    if user is None:
        abort(404)
    with force_locale(user.language or current_app.config["DEFAULT_LANGUAGE"]):
        body = cal.to_ical(cal.feed_entries(user, today=local_today()), now=utcnow(),
                           base_url=_base_url(),
                           name=_("qms: %(name)s", name=user.display_name))
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = 'inline; filename="qms.ics"'
    return response
