"""Competence and training: my training, a person's training, records with certificates and
evaluations, the requirements, the matrix with its CSV, and the annual plan."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _

from qms.auth.models import User
from qms.core import audit_log, charts, files
from qms.core.errors import DomainError
from qms.core.forms import ConfirmForm
from qms.core.permissions import Permission, require
from qms.core.time import utcnow
from qms.core.web import (
    current_actor,
    form_errors_text,
    local_today,
    run_service,
    show_domain_error,
)
from qms.extensions import db
from qms.org import queries as org_queries
from qms.training import competence, queries, services
from qms.training.forms import (
    CertificateForm,
    EvaluationForm,
    PlanItemForm,
    RecordForm,
    RequirementForm,
)
from qms.training.models import (
    CELL_STATUS_LABELS,
    REQUIREMENT_KIND_LABELS,
    TRAINING_TYPE_LABELS,
    TrainingPlanItem,
    TrainingRecord,
    TrainingRequirement,
)

bp = Blueprint("training", __name__, url_prefix="/training")




def _page_size() -> int:
    return current_app.config["PAGE_SIZE"]


def _person(person_id: int) -> User:
    person = db.session.get(User, person_id)
    if person is None:
        abort(404)
    if not services.can_see_person(current_actor(), person.id):
        abort(403)
    return person


def _record(record_id: int) -> TrainingRecord:
    record = db.session.get(TrainingRecord, record_id)
    if record is None:
        abort(404)
    if not services.can_see_record(current_actor(), record):
        abort(403)
    return record



# --- my training / a person's training ------------------------------------------------------

def _year_arg(default: int | None) -> int | None:
    """The ``year`` query parameter when it is a plausible year, else ``default``."""
    year = request.args.get("year", type=int)
    return year if year is not None and 2000 <= year <= 2100 else default


def _person_page(person: User):
    today = local_today()
    year = _year_arg(today.year)
    status = competence.person_status(person, year=year, today=today)
    requirements = {r.id: r for r in competence.active_requirements(
        "training", positions=[person.position] if person.position else [])}
    return render_template(
        "training/person.html", person=person, status=status, requirements=requirements,
        competences=queries.competences_for(person.position), year=year,
        records=queries.records_of(person.id), labels=CELL_STATUS_LABELS,
        own=person.id == current_actor().id,
        can_add=services.can_add_record_for(current_actor(), person.id),
        can_oversee=services.can_oversee(current_actor()),
        can_manage=services.can_manage(current_actor()),
        evaluation_required=services.evaluation_required)


@bp.get("/")
@require(Permission.TRAINING_VIEW)
def index():
    return _person_page(current_actor())


@bp.get("/people/<int:trainee_id>")
@require(Permission.TRAINING_VIEW)  # the object rule decides: oneself or training.oversee
def person(trainee_id: int):
    return _person_page(_person(trainee_id))


# --- records --------------------------------------------------------------------------------

@bp.get("/records")
@require(Permission.TRAINING_OVERSEE)
def records():
    args = request.args
    training_type = args.get("type", "")
    f = queries.RecordFilter(
        query=args.get("q", "").strip()[:100], year=_year_arg(None),
        unit_id=args.get("unit", type=int),
        training_type=training_type if training_type in TRAINING_TYPE_LABELS else "",
        evaluation="pending" if args.get("evaluation") == "pending" else "")
    page = db.paginate(queries.records(f, evaluation_cost=services.evaluation_cost()),
                       page=args.get("page", 1, type=int), per_page=_page_size(),
                       error_out=False)
    return render_template("training/records.html", page=page, f=f,
                           years=queries.record_years(), units=org_queries.all_units(),
                           types=TRAINING_TYPE_LABELS,
                           evaluation_required=services.evaluation_required,
                           can_manage=services.can_manage(current_actor()))


def _record_choices(form: RecordForm, person: User | None, record: TrainingRecord | None):
    actor = current_actor()
    if services.can_manage(actor):
        form.user_id.set_choices(org_queries.person_choices(), allow_blank=False)
    else:
        form.user_id.set_choices([(actor.id, actor.full_name)], allow_blank=False)
    form.requirement_id.set_choices(queries.requirement_choices(
        person.position if person is not None and not services.can_manage(actor) else None))
    year = (record.ended_on.year if record else local_today().year)
    form.plan_item_id.set_choices(queries.plan_choices([year - 1, year, year + 1]))


@bp.route("/records/new", methods=["GET", "POST"])
@require(Permission.TRAINING_VIEW)  # own records; anyone's with training.manage
def create_record():
    actor = current_actor()
    person_id = request.args.get("trainee", actor.id, type=int)
    person = _person(person_id)
    if not services.can_add_record_for(actor, person.id):
        abort(403)
    form = RecordForm()
    _record_choices(form, person, None)
    if request.method == "GET":
        form.user_id.data = person.id
    if form.validate_on_submit():
        try:
            record = services.add_record(actor=actor, now=utcnow(), **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Training record saved."), "success")
            return redirect(url_for("training.record", training_record_id=record.id))
    return render_template("training/record_form.html", form=form, record=None, person=person,
                           evaluation_cost=services.evaluation_cost())


@bp.route("/records/<int:training_record_id>/edit", methods=["GET", "POST"])
@require(Permission.TRAINING_VIEW)  # the object rule decides: own, not evaluated; or manage
def edit_record(training_record_id: int):
    record = _record(training_record_id)
    if not services.can_edit_record(current_actor(), record):
        abort(403)
    form = RecordForm(obj=record)
    _record_choices(form, record.user, record)
    if request.method == "GET":
        form.row_version.data = record.row_version
    if form.validate_on_submit():
        try:
            services.update_record(record, actor=current_actor(), now=utcnow(),
                                   expected_version=form.row_version.data, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Training record saved."), "success")
            return redirect(url_for("training.record", training_record_id=record.id))
    return render_template("training/record_form.html", form=form, record=record,
                           person=record.user, evaluation_cost=services.evaluation_cost())


@bp.get("/records/<int:training_record_id>")
@require(Permission.TRAINING_VIEW)  # the object rule decides: oneself or training.oversee
def record(training_record_id: int):
    record = _record(training_record_id)
    actor = current_actor()
    evaluation_form = None
    if not record.is_evaluated and services.can_evaluate(actor, record):
        evaluation_form = EvaluationForm()
        evaluation_form.evaluated_on.data = local_today()
    can_attach = services.can_manage(actor) or record.user_id == actor.id
    return render_template(
        "training/record.html", record=record, certificates=files.files_of(
            services.FILE_ENTITY, record.id),
        certificate_form=CertificateForm() if can_attach else None,
        evaluation_form=evaluation_form, confirm=ConfirmForm(),
        evaluation_required=services.evaluation_required(record),
        can_edit=services.can_edit_record(actor, record),
        can_manage=services.can_manage(actor),
        history=audit_log.history_for(record) if services.can_oversee(actor) else [])


def _back(record: TrainingRecord, anchor: str = ""):
    return redirect(url_for("training.record", training_record_id=record.id) + anchor)



@bp.post("/records/<int:training_record_id>/files")
@require(Permission.TRAINING_VIEW)  # the service checks: own record or training.manage
def attach(training_record_id: int):
    record = _record(training_record_id)
    form = CertificateForm()
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        upload = form.file.data
        run_service(lambda: services.attach_certificate(
            record, actor=current_actor(), now=utcnow(), filename=upload.filename or "file",
            data=upload.read(files.MAX_EVIDENCE_BYTES + 1),
            content_type=upload.mimetype or ""), _("Certificate attached."))
    return _back(record, "#certificates")


@bp.post("/records/<int:training_record_id>/evaluate")
@require(Permission.TRAINING_VIEW)  # the service checks: QM or head of unit, not oneself
def evaluate(training_record_id: int):
    record = _record(training_record_id)
    form = EvaluationForm()
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        run_service(lambda: services.evaluate(record, actor=current_actor(), now=utcnow(),
                                              **form.values()),
                    _("Evaluation saved."))
    return _back(record, "#evaluation")


@bp.post("/records/<int:training_record_id>/request-evaluation")
@require(Permission.TRAINING_MANAGE)
def request_evaluation(training_record_id: int):
    record = _record(training_record_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        requested = request.form.get("requested") != "0"
        run_service(lambda: services.request_evaluation(record, actor=current_actor(), now=utcnow(),
                                                        requested=requested), _("Saved."))
    return _back(record, "#evaluation")


@bp.get("/files/<int:training_file_id>")
@require(Permission.TRAINING_VIEW)  # the object rule decides, as for the record
def download(training_file_id: int):
    evidence = db.session.get(files.EvidenceFile, training_file_id)
    if evidence is None or evidence.entity_type != services.FILE_ENTITY:
        abort(404)
    _record(evidence.entity_id)
    return files.download(evidence)


# --- requirements ---------------------------------------------------------------------------

@bp.get("/requirements")
@require(Permission.TRAINING_OVERSEE)
def requirements():
    args = request.args
    kind = args.get("kind", "")
    kind = kind if kind in REQUIREMENT_KIND_LABELS else ""
    position_id = args.get("position", type=int)
    query = args.get("q", "").strip()[:100]
    page = db.paginate(queries.requirements(kind=kind, position_id=position_id, query=query),
                       page=args.get("page", 1, type=int), per_page=_page_size(),
                       error_out=False)
    return render_template("training/requirements.html", page=page, kind=kind,
                           position_id=position_id, query=query, kinds=REQUIREMENT_KIND_LABELS,
                           positions=org_queries.all_positions(), confirm=ConfirmForm(),
                           can_manage=services.can_manage(current_actor()))


def _requirement_choices(form: RequirementForm) -> None:
    form.position_id.set_choices((p.id, f"{p.title} ({p.unit.name})")
                                 for p in org_queries.all_positions())


@bp.route("/requirements/new", methods=["GET", "POST"])
@require(Permission.TRAINING_MANAGE)
def create_requirement():
    return _requirement_form(None)


@bp.route("/requirements/<int:training_requirement_id>/edit", methods=["GET", "POST"])
@require(Permission.TRAINING_MANAGE)
def edit_requirement(training_requirement_id: int):
    return _requirement_form(db.get_or_404(TrainingRequirement, training_requirement_id))


def _requirement_form(requirement: TrainingRequirement | None):
    form = RequirementForm(obj=requirement)
    _requirement_choices(form)
    if request.method == "GET" and requirement is not None:
        form.row_version.data = requirement.row_version
        form.category.data = requirement.category or ""
    if form.validate_on_submit():
        try:
            services.save_requirement(requirement, actor=current_actor(), now=utcnow(),
                                      expected_version=form.row_version.data, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Requirement saved."), "success")
            return redirect(url_for("training.requirements"))
    return render_template("training/requirement_form.html", form=form,
                           requirement=requirement)


@bp.post("/requirements/defaults")
@require(Permission.TRAINING_MANAGE)
def install_defaults():
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        added = services.install_default_requirements(actor=current_actor(), now=utcnow())
        flash(_("%(count)s requirements added.", count=added), "success")
    return redirect(url_for("training.requirements"))


# --- the matrix -----------------------------------------------------------------------------

def _matrix_filter() -> queries.MatrixFilter:
    args = request.args
    return queries.MatrixFilter(unit_id=args.get("unit", type=int),
                                position_id=args.get("position", type=int),
                                query=args.get("q", "").strip()[:100])


@bp.get("/matrix")
@require(Permission.TRAINING_OVERSEE)
def matrix():
    f = _matrix_filter()
    today = local_today()
    columns = queries.matrix_columns(f)
    page = db.paginate(queries.matrix_people(f), page=request.args.get("page", 1, type=int),
                       per_page=_page_size(), error_out=False)
    rows = competence.statuses(page.items, columns, year=today.year, today=today)
    return render_template(
        "training/matrix.html", f=f, page=page, rows=rows, columns=columns, year=today.year,
        summary=queries.gap_summary(f, columns, year=today.year, today=today),
        labels=CELL_STATUS_LABELS, units=org_queries.all_units(),
        positions=org_queries.all_positions())


@bp.get("/matrix.csv")
@require(Permission.TRAINING_OVERSEE)
def matrix_csv():
    f = _matrix_filter()
    today = local_today()
    chunks = queries.matrix_csv(
        f, queries.matrix_columns(f), year=today.year, today=today,
        headings=[_("Person"), _("Unit"), _("Position")],
        hours_heading=_("Hours %(year)s / required", year=today.year))
    return Response(stream_with_context(chunks), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="training-matrix-{today:%Y-%m-%d}.csv"'})


# --- the plan -------------------------------------------------------------------------------

@bp.get("/plan")
@require(Permission.TRAINING_OVERSEE)
def plan():
    year = _year_arg(local_today().year)
    rows = queries.plan(year)
    quarters = queries.by_quarter(rows)
    labels = [f"Q{q}" for q, *_ in quarters]
    planned_label, actual_label = _("Planned budget"), _("Actual cost")
    chart = charts.grouped_bar_chart(
        labels, [(planned_label, [float(p) for _, p, _a in quarters]),
                 (actual_label, [float(a) for *_, a in quarters])],
        title=_("Training budget %(year)s by quarter", year=year), unit="€",
        show_title=False, empty_label=_("No data"))
    unplanned = queries.unplanned_cost(year)
    years = sorted(set(queries.plan_years()) | {year, local_today().year}, reverse=True)
    return render_template(
        "training/plan.html", year=year, rows=rows, totals=queries.plan_totals(rows),
        quarters=quarters, chart=chart, planned_label=planned_label,
        actual_label=actual_label, unplanned_cost=unplanned[0], unplanned_hours=unplanned[1],
        years=years, confirm=ConfirmForm(), can_manage=services.can_manage(current_actor()))


def _plan_choices(form: PlanItemForm) -> None:
    form.unit_id.set_choices((u.id, u.name) for u in org_queries.all_units())
    form.position_id.set_choices((p.id, f"{p.title} ({p.unit.name})")
                                 for p in org_queries.all_positions())


@bp.route("/plan/new", methods=["GET", "POST"])
@require(Permission.TRAINING_MANAGE)
def create_plan_item():
    return _plan_form(None)


@bp.route("/plan/<int:training_plan_id>/edit", methods=["GET", "POST"])
@require(Permission.TRAINING_MANAGE)
def edit_plan_item(training_plan_id: int):
    return _plan_form(db.get_or_404(TrainingPlanItem, training_plan_id))


def _plan_form(item: TrainingPlanItem | None):
    form = PlanItemForm(obj=item)
    _plan_choices(form)
    if request.method == "GET":
        if item is None:
            form.year.data = _year_arg(local_today().year)
        else:
            form.row_version.data = item.row_version
    if form.validate_on_submit():
        try:
            saved = services.save_plan_item(item, actor=current_actor(), now=utcnow(),
                                            expected_version=form.row_version.data,
                                            **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Plan saved."), "success")
            return redirect(url_for("training.plan", year=saved.year))
    return render_template("training/plan_form.html", form=form, item=item)


@bp.post("/plan/<int:training_plan_id>/delete")
@require(Permission.TRAINING_MANAGE)
def delete_plan_item(training_plan_id: int):
    item = db.get_or_404(TrainingPlanItem, training_plan_id)
    year = item.year
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        run_service(lambda: services.delete_plan_item(item, actor=current_actor(), now=utcnow()),
                    _("Removed from the plan."))
    return redirect(url_for("training.plan", year=year))
