"""The process register, its indicators and process performance reports."""

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
from flask_babel import gettext as _

from qms.core import audit_log, charts
from qms.core.csv_import import ImportErrors, decode
from qms.core.errors import DomainError
from qms.core.forms import ConfirmForm
from qms.core.permissions import Permission, require
from qms.core.time import utcnow
from qms.core.web import current_actor, local_today, show_domain_error
from qms.extensions import db
from qms.org import queries as org_queries
from qms.processes import processmap, queries, services
from qms.processes.forms import (
    IndicatorForm,
    ProcessForm,
    ReportForm,
    ValueForm,
    ValueImportForm,
)
from qms.processes.models import (
    PROCESS_KIND_LABELS,
    Indicator,
    IndicatorValue,
    Process,
)

bp = Blueprint("processes", __name__, url_prefix="/processes")


@bp.app_template_filter("process_isodate")
def _isodate(text: str | None) -> dt.date | None:
    """ISO text (as frozen in an approved report) back to a date for ``|date``."""
    return dt.date.fromisoformat(text[:10]) if text else None





# --- the register ---------------------------------------------------------------------------

@bp.get("/")
@require(Permission.PROCESS_VIEW)
def index():
    args = request.args
    kind = args.get("kind", "")
    f = queries.ProcessFilter(query=args.get("q", "").strip()[:100],
                              kind=kind if kind in PROCESS_KIND_LABELS else "",
                              unit_id=args.get("unit", type=int),
                              include_inactive=args.get("inactive") == "1")
    page = db.paginate(queries.register(f), page=args.get("page", 1, type=int),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("processes/index.html", page=page, f=f, kinds=PROCESS_KIND_LABELS,
                           units=org_queries.all_units(),
                           counts=queries.indicator_counts([p.id for p in page.items]),
                           can_manage=services.can_manage(current_actor()))


@bp.get("/map")
@require(Permission.PROCESS_VIEW)
def process_map():
    bands, flows = queries.process_map()
    svg = processmap.render(
        bands, flows, url_for_process=lambda p: url_for("processes.detail", process_id=p.id),
        title=_("Process map"), empty_label=_("No processes of this kind."),
        flow_label=_("Flow:"))
    return render_template("processes/map.html", svg=svg, bands=bands, flows=flows,
                           kinds=PROCESS_KIND_LABELS)


def _process_choices(form: ProcessForm) -> None:
    form.owner_position_id.set_choices((p.id, f"{p.title} ({p.unit.code})")
                                       for p in org_queries.all_positions())
    form.unit_ids.choices = [(u.id, f"{u.code} {u.name}") for u in org_queries.all_units()]


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.PROCESS_MANAGE)
def create():
    form = ProcessForm()
    _process_choices(form)
    if form.validate_on_submit():
        try:
            process = services.create_process(actor=current_actor(), now=utcnow(), **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Process %(code)s added.", code=process.code), "success")
            return redirect(url_for("processes.detail", process_id=process.id))
    return render_template("processes/form.html", form=form, process=None)


@bp.route("/<int:process_id>/edit", methods=["GET", "POST"])
@require(Permission.PROCESS_MANAGE)
def edit(process_id: int):
    process = db.get_or_404(Process, process_id)
    form = ProcessForm(obj=process)
    _process_choices(form)
    if request.method == "GET":
        form.row_version.data = process.row_version
        form.unit_ids.data = [u.id for u in process.units]
        form.iso_clauses.data = ", ".join(process.iso_clauses or [])
    if form.validate_on_submit():
        try:
            services.update_process(process, actor=current_actor(), now=utcnow(),
                                    expected_version=form.row_version.data, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(code)s saved.", code=process.code), "success")
            return redirect(url_for("processes.detail", process_id=process.id))
    return render_template("processes/form.html", form=form, process=process)


@bp.get("/<int:process_id>")
@require(Permission.PROCESS_VIEW)
def detail(process_id: int):
    process = db.get_or_404(Process, process_id)
    actor = current_actor()
    last_year = local_today().year - 1
    return render_template(
        "processes/detail.html", process=process, documents=queries.documents_of(process),
        indicators=queries.indicators_of(process, include_inactive=True),
        reports=queries.reports_of(process), report_years=[local_today().year, last_year],
        can_manage=services.can_manage(actor),
        can_report=services.can_write_report(actor, process),
        history=audit_log.history_for(process))


# --- indicators -----------------------------------------------------------------------------

def _indicator_choices(form: IndicatorForm) -> None:
    form.owner_position_id.set_choices((p.id, f"{p.title} ({p.unit.code})")
                                       for p in org_queries.all_positions())


@bp.route("/<int:process_id>/indicators/new", methods=["GET", "POST"])
@require(Permission.PROCESS_MANAGE)
def indicator_create(process_id: int):
    process = db.get_or_404(Process, process_id)
    form = IndicatorForm()
    _indicator_choices(form)
    if request.method == "GET":
        form.owner_position_id.data = process.owner_position_id
    if form.validate_on_submit():
        try:
            indicator = services.create_indicator(process, actor=current_actor(), now=utcnow(),
                                                  **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Indicator added."), "success")
            return redirect(url_for("processes.indicator", indicator_id=indicator.id))
    return render_template("processes/indicator_form.html", form=form, process=process,
                           indicator=None)


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@require(Permission.PROCESS_MANAGE)
def indicator_edit(indicator_id: int):
    indicator = db.get_or_404(Indicator, indicator_id)
    form = IndicatorForm(obj=indicator)
    _indicator_choices(form)
    if request.method == "GET":
        form.row_version.data = indicator.row_version
    if form.validate_on_submit():
        try:
            services.update_indicator(indicator, actor=current_actor(), now=utcnow(),
                                      expected_version=form.row_version.data, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Indicator saved."), "success")
            return redirect(url_for("processes.indicator", indicator_id=indicator.id))
    return render_template("processes/indicator_form.html", form=form,
                           process=indicator.process, indicator=indicator)


def _trend(indicator: Indicator):
    today = local_today()
    since = dt.date(today.year - 2, 1, 1)
    values = queries.series(indicator, since=since, until=dt.date(today.year + 1, 1, 1))
    labels = [services.period_label(indicator.frequency, v.period_start) for v in values]
    svg = charts.line_chart(
        labels, [(indicator.name, [float(v.value) for v in values])],
        title=_("%(name)s, %(first)s–%(last)s", name=indicator.name, first=since.year,
                last=today.year),
        unit=indicator.unit_of_measure,
        target=float(indicator.target) if indicator.target is not None else None,
        higher_is_better=indicator.direction != "lower", target_label=_("Target"),
        miss_label=_("Target missed"), empty_label=_("No values yet"))
    return svg, values


@bp.get("/indicators/<int:indicator_id>")
@require(Permission.PROCESS_VIEW)
def indicator(indicator_id: int):
    indicator = db.get_or_404(Indicator, indicator_id)
    actor = current_actor()
    can_record = services.can_record(actor, indicator)
    form = ValueForm()
    svg, trend_values = _trend(indicator)
    page = queries.values_page(indicator, page=request.args.get("page", 1, type=int),
                               per_page=current_app.config["PAGE_SIZE"])
    return render_template(
        "processes/indicator.html", indicator=indicator, process=indicator.process,
        form=form if can_record else None, can_record=can_record,
        can_manage=services.can_manage(actor), svg=svg, trend_values=trend_values,
        page=page, label=services.period_label, confirm=ConfirmForm(),
        can_raise=can_record and actor.can(Permission.NC_REPORT),
        history=audit_log.history_for(indicator))


@bp.post("/indicators/<int:indicator_id>/values")
@require(Permission.INDICATOR_RECORD)
def record_value(indicator_id: int):
    indicator = db.get_or_404(Indicator, indicator_id)
    form = ValueForm()
    if form.validate_on_submit():
        try:
            services.record_value(indicator, actor=current_actor(), now=utcnow(),
                                  period_start=form.period.data, value=form.value.data,
                                  note=form.note.data or "")
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Value saved."), "success")
            return redirect(url_for("processes.indicator", indicator_id=indicator.id))
    actor = current_actor()
    svg, trend_values = _trend(indicator)
    page = queries.values_page(indicator, page=1, per_page=current_app.config["PAGE_SIZE"])
    return render_template(
        "processes/indicator.html", indicator=indicator, process=indicator.process, form=form,
        can_record=services.can_record(actor, indicator),
        can_manage=services.can_manage(actor), svg=svg, trend_values=trend_values, page=page,
        label=services.period_label, confirm=ConfirmForm(),
        can_raise=services.can_record(actor, indicator) and actor.can(Permission.NC_REPORT),
        history=audit_log.history_for(indicator)), 422


@bp.route("/values/<int:value_id>/edit", methods=["GET", "POST"])
@require(Permission.INDICATOR_RECORD)
def value_edit(value_id: int):
    row = db.get_or_404(IndicatorValue, value_id)
    if not services.can_record(current_actor(), row.indicator):
        abort(403)
    form = ValueForm(obj=row)
    if request.method == "GET":
        form.period.data = row.period_start
        form.row_version.data = row.row_version
    if form.validate_on_submit():
        try:
            if form.period.data != row.period_start:
                raise DomainError(_("The period of a value cannot change; enter a new value "
                                    "for the other period."), field="period")
            services.record_value(row.indicator, actor=current_actor(), now=utcnow(),
                                  period_start=row.period_start, value=form.value.data,
                                  note=form.note.data or "",
                                  expected_version=form.row_version.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Value saved."), "success")
            return redirect(url_for("processes.indicator", indicator_id=row.indicator_id))
    return render_template("processes/value_form.html", form=form, row=row,
                           indicator=row.indicator, label=services.period_label,
                           history=audit_log.history_for(row))


@bp.post("/values/<int:value_id>/nonconformity")
@require(Permission.INDICATOR_RECORD)
def raise_nonconformity(value_id: int):
    row = db.get_or_404(IndicatorValue, value_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        record = services.raise_nonconformity(row, actor=current_actor(), now=utcnow())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("processes.indicator", indicator_id=row.indicator_id))
    flash(_("Nonconformity %(number)s raised.", number=record.number), "success")
    return redirect(url_for("nonconformities.detail", nc_id=record.id))


@bp.route("/indicators/import", methods=["GET", "POST"])
@require(Permission.INDICATOR_RECORD)
def import_values():
    form = ValueImportForm()
    errors = []
    if form.validate_on_submit():
        try:
            text = decode(form.file.data.read())
            result = services.import_values(text, actor=current_actor(), now=utcnow())
        except ImportErrors as failure:
            db.session.rollback()
            errors = failure.errors
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Import finished: %(created)s added, %(updated)s updated, "
                    "%(unchanged)s unchanged.", created=result.created, updated=result.updated,
                    unchanged=result.unchanged), "success")
            return redirect(url_for("processes.index"))
    return render_template("processes/import.html", form=form, errors=errors,
                           required=services.VALUE_COLUMNS_REQUIRED,
                           optional=services.VALUE_COLUMNS_OPTIONAL)


# --- process performance reports ------------------------------------------------------------

def _report_context(process: Process, year: int) -> dict:
    report = queries.report_of(process, year)
    content = report.content if report is not None and report.is_approved \
        else queries.report_content(process, year)
    svgs = []
    for row in content["indicators"]:
        values = [float(row["years"][str(y)]["value"]) if row["years"][str(y)]["value"]
                  is not None else None for y in content["years"]]
        svgs.append(charts.line_chart(
            [str(y) for y in content["years"]], [(row["name"], values)], title=row["name"],
            unit=row["unit"], target=float(row["target"]) if row["target"] else None,
            higher_is_better=row["direction"] != "lower", target_label=_("Target"),
            miss_label=_("Target missed"), empty_label=_("No values yet")))
    return {"process": process, "year": year, "report": report, "content": content,
            "svgs": svgs, "hash_ok": services.hash_intact(report) if report is not None
            and report.is_approved else None,
            "conclusions": (report.content or {}).get("conclusions", "")
            if report is not None and report.is_approved
            else (report.conclusions if report is not None else "")}


def _check_year(year: int) -> None:
    if year < 2000 or year > local_today().year:
        abort(404)


@bp.get("/<int:process_id>/reports/<int:year>")
@require(Permission.PROCESS_VIEW)
def report(process_id: int, year: int):
    process = db.get_or_404(Process, process_id)
    _check_year(year)
    context = _report_context(process, year)
    form = None
    if services.can_write_report(current_actor(), process) and not (
            context["report"] is not None and context["report"].is_approved):
        form = ReportForm()
        form.conclusions.data = context["conclusions"]
        form.row_version.data = context["report"].row_version if context["report"] else ""
    return render_template("processes/report.html", form=form, confirm=ConfirmForm(),
                           can_approve=form is not None and year < local_today().year,
                           history=audit_log.history_for(context["report"])
                           if context["report"] else [], **context)


@bp.post("/<int:process_id>/reports/<int:year>")
@require(Permission.INDICATOR_RECORD)
def report_save(process_id: int, year: int):
    process = db.get_or_404(Process, process_id)
    _check_year(year)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.save_conclusions(process, year, actor=current_actor(), now=utcnow(),
                                      conclusions=form.conclusions.data or "",
                                      expected_version=form.row_version.data or None)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Conclusions saved."), "success")
    return redirect(url_for("processes.report", process_id=process.id, year=year))


@bp.post("/<int:process_id>/reports/<int:year>/approve")
@require(Permission.INDICATOR_RECORD)
def report_approve(process_id: int, year: int):
    process = db.get_or_404(Process, process_id)
    _check_year(year)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.approve_report(process, year, actor=current_actor(), now=utcnow())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("The report is approved."), "success")
    return redirect(url_for("processes.report", process_id=process.id, year=year))


@bp.get("/<int:process_id>/reports/<int:year>/pdf")
@require(Permission.PROCESS_VIEW)
def report_pdf(process_id: int, year: int):
    from weasyprint import HTML

    process = db.get_or_404(Process, process_id)
    _check_year(year)
    html = render_template("pdf/process_report.html", printed_on=local_today(),
                           **_report_context(process, year))
    data = HTML(string=html, base_url=None).write_pdf()
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{process.code}-{year}.pdf"'})
