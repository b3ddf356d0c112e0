"""Quality policy, mission and vision, SWOT, quality and strategic objectives."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from qms.core import audit_log
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
from qms.objectives import queries, services
from qms.objectives.forms import (
    CloseForm,
    MissionForm,
    ObjectiveForm,
    ProgressForm,
    StrategicForm,
    SwotItemForm,
    TaskForm,
)
from qms.objectives.models import (
    FUNDING_LABELS,
    HEALTH_LABELS,
    OBJECTIVE_STATUS_LABELS,
    QUADRANT_LABELS,
    TASK_STATUS_LABELS,
    QualityObjective,
    StrategicObjective,
    StrategyTask,
    SwotItem,
)
from qms.org import queries as org_queries

bp = Blueprint("objectives", __name__, url_prefix="/objectives")




def _objective(objective_id: int) -> QualityObjective:
    objective = db.session.get(QualityObjective, objective_id)
    if objective is None:
        abort(404)
    return objective




# --- quality objectives ---------------------------------------------------------------------

def _filter() -> queries.ObjectiveFilter:
    args = request.args
    status, health = args.get("status", ""), args.get("health", "")
    year = args.get("year", type=int)
    if "year" not in args:
        year = local_today().year
    return queries.ObjectiveFilter(
        year=year, unit_id=args.get("unit", type=int),
        status=status if status in OBJECTIVE_STATUS_LABELS else "",
        health=health if health in HEALTH_LABELS else "",
        query=args.get("q", "").strip()[:100])


@bp.get("/")
@require(Permission.OBJECTIVE_VIEW)
def index():
    f = _filter()
    today = local_today()
    stmt = queries.objectives_stmt(f)
    if f.health:
        ids = queries.objectives_with_health(f, today=today)
        stmt = queries.objectives_stmt(queries.ObjectiveFilter()).where(
            QualityObjective.id.in_(ids or [0]))
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    years = sorted(set(queries.years()) | {today.year}, reverse=True)
    return render_template("objectives/index.html", page=page, f=f, years=years,
                           units=org_queries.all_units(), statuses=OBJECTIVE_STATUS_LABELS,
                           healths=HEALTH_LABELS, health=queries.health_of(page.items,
                                                                           today=today),
                           can_manage=services.can_manage(current_actor()))


def _objective_choices(form: ObjectiveForm) -> None:
    form.responsible_id.set_choices(org_queries.person_choices())
    form.unit_id.set_choices((u.id, u.name) for u in org_queries.all_units())
    form.indicator_id.set_choices(
        (i.id, f"{i.name} ({i.unit_of_measure})" if i.unit_of_measure else i.name)
        for i in queries.indicators())


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.OBJECTIVE_MANAGE)
def create():
    form = ObjectiveForm()
    _objective_choices(form)
    if request.method == "GET":
        form.year.data = request.args.get("year", local_today().year, type=int)
    if form.validate_on_submit():
        try:
            objective = services.create_objective(actor=current_actor(), now=utcnow(),
                                                  **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Objective %(number)s created.", number=objective.number), "success")
            return redirect(url_for("objectives.detail", objective_id=objective.id))
    return render_template("objectives/form.html", form=form, objective=None)


@bp.route("/<int:objective_id>/edit", methods=["GET", "POST"])
@require(Permission.OBJECTIVE_MANAGE)
def edit(objective_id: int):
    objective = _objective(objective_id)
    form = ObjectiveForm(obj=objective)
    _objective_choices(form)
    if request.method == "GET":
        form.row_version.data = objective.row_version
    if form.validate_on_submit():
        try:
            services.update_objective(objective, actor=current_actor(), now=utcnow(),
                                      expected_version=form.row_version.data, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(number)s saved.", number=objective.number), "success")
            return redirect(url_for("objectives.detail", objective_id=objective.id))
    return render_template("objectives/form.html", form=form, objective=objective)


@bp.get("/<int:objective_id>")
@require(Permission.OBJECTIVE_VIEW)
def detail(objective_id: int):
    objective = _objective(objective_id)
    actor = current_actor()
    today = local_today()
    latest = queries.latest_indicator_values([objective.indicator_id]).get(
        objective.indicator_id)
    return render_template(
        "objectives/detail.html", objective=objective,
        health=queries.health_of([objective], today=today)[objective.id],
        healths=HEALTH_LABELS, latest_value=latest,
        missing=services.missing_for_activation(objective),
        can_manage=services.can_manage(actor),
        can_update=services.can_update_progress(actor, objective),
        close_form=CloseForm(), confirm=ConfirmForm(),
        history=audit_log.history_for(objective))


@bp.post("/<int:objective_id>/activate")
@require(Permission.OBJECTIVE_MANAGE)
def activate(objective_id: int):
    objective = _objective(objective_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        run_service(lambda: services.activate(objective, actor=current_actor(), now=utcnow()),
                    _("The objective is active."))
    return redirect(url_for("objectives.detail", objective_id=objective.id))


@bp.post("/<int:objective_id>/close")
@require(Permission.OBJECTIVE_MANAGE)
def close(objective_id: int):
    objective = _objective(objective_id)
    form = CloseForm()
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        run_service(lambda: services.close_objective(objective, actor=current_actor(), now=utcnow(),
                                                     status=form.status.data,
                                                     note=form.note.data or ""),
                    _("The objective is evaluated."))
    return redirect(url_for("objectives.detail", objective_id=objective.id))


@bp.route("/<int:objective_id>/progress", methods=["GET", "POST"])
@require(Permission.OBJECTIVE_UPDATE)  # the object rule: the responsible person or the QM
def progress(objective_id: int):
    objective = _objective(objective_id)
    if not services.can_update_progress(current_actor(), objective):
        abort(403)
    form = ProgressForm()
    if form.validate_on_submit():
        try:
            services.add_progress(objective, actor=current_actor(), now=utcnow(),
                                  recorded_on=form.recorded_on.data, percent=form.percent.data,
                                  value=form.value.data, note=form.note.data or "")
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Progress saved."), "success")
            return redirect(url_for("objectives.detail", objective_id=objective.id))
    return render_template("objectives/progress.html", form=form, objective=objective)


@bp.get("/mine")
@require(Permission.OBJECTIVE_UPDATE)
def mine():
    objectives = queries.my_objectives(current_actor())
    return render_template("objectives/mine.html", objectives=objectives,
                           health=queries.health_of(objectives, today=local_today()),
                           healths=HEALTH_LABELS)


# --- policy, mission and vision -------------------------------------------------------------

@bp.get("/policy")
@require(Permission.OBJECTIVE_VIEW)
def policy():
    from qms.core.markdown import render_cached

    document = queries.policy_document()
    version = document.effective_version if document else None
    body = render_cached(version.content_sha256 or f"v{version.id}", version.body_md,
                         link_base=url_for("documents.index")) if version else None
    year = local_today().year
    objectives = list(db.session.scalars(queries.objectives_stmt(
        queries.ObjectiveFilter(year=year)).where(
        QualityObjective.status.in_(("active", "achieved", "not_achieved"))).limit(100)))
    return render_template("objectives/policy.html", document=document, version=version,
                           body=body, year=year, objectives=objectives)


@bp.get("/mission")
@require(Permission.OBJECTIVE_VIEW)
def mission():
    statement = services.current_mission()
    return render_template("objectives/mission.html", statement=statement,
                           can_manage=services.can_manage(current_actor()),
                           history=audit_log.history_for(statement) if statement else [])


@bp.route("/mission/edit", methods=["GET", "POST"])
@require(Permission.OBJECTIVE_MANAGE)
def mission_edit():
    statement = services.current_mission()
    form = MissionForm(obj=statement)
    if request.method == "GET" and statement is not None:
        form.row_version.data = statement.row_version
    if form.validate_on_submit():
        try:
            services.save_mission(actor=current_actor(), now=utcnow(),
                                  mission=form.mission.data or "",
                                  vision=form.vision.data or "",
                                  values_text=form.values_text.data or "",
                                  expected_version=form.row_version.data or None)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Mission and vision saved."), "success")
            return redirect(url_for("objectives.mission"))
    return render_template("objectives/mission_form.html", form=form)


# --- SWOT -----------------------------------------------------------------------------------

@bp.get("/swot")
@require(Permission.OBJECTIVE_VIEW)
def swot():
    periods = queries.swot_periods()
    period = request.args.get("period", "").strip()[:20] or (periods[0] if periods
                                                              else str(local_today().year))
    items = queries.swot_items(period)
    grid = {quadrant: [i for i in items if i.quadrant == quadrant] for quadrant in QUADRANT_LABELS}
    can_manage = services.can_manage(current_actor())
    form = SwotItemForm()
    form.period.data = period
    return render_template("objectives/swot.html", periods=periods, period=period, grid=grid,
                           quadrants=QUADRANT_LABELS, can_manage=can_manage, form=form,
                           confirm=ConfirmForm())


@bp.post("/swot/items")
@require(Permission.OBJECTIVE_MANAGE)
def swot_add():
    form = SwotItemForm()
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        run_service(lambda: services.add_swot_item(actor=current_actor(), now=utcnow(),
                                                   period=form.period.data or "",
                                                   quadrant=form.quadrant.data,
                                                   text=form.text.data or ""), _("Added."))
    return redirect(url_for("objectives.swot", period=(form.period.data or "").strip()))


@bp.post("/swot/items/<int:swot_item_id>/delete")
@require(Permission.OBJECTIVE_MANAGE)
def swot_delete(swot_item_id: int):
    item = db.get_or_404(SwotItem, swot_item_id)
    period = item.period
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        run_service(lambda: services.delete_swot_item(item, actor=current_actor(), now=utcnow()),
                    _("Removed."))
    return redirect(url_for("objectives.swot", period=period))


# --- strategy -------------------------------------------------------------------------------

def _task_filter() -> queries.TaskFilter:
    args = request.args
    status, funding = args.get("status", ""), args.get("funding", "")
    return queries.TaskFilter(year=args.get("year", type=int), unit_id=args.get("unit", type=int),
                              status=status if status in TASK_STATUS_LABELS else "",
                              funding=funding if funding in FUNDING_LABELS else "")


@bp.get("/strategy")
@require(Permission.OBJECTIVE_VIEW)
def strategy():
    f = _task_filter()
    page = db.paginate(queries.tasks_stmt(f), page=request.args.get("page", 1, type=int),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("objectives/strategy.html", page=page, f=f,
                           strategic=queries.strategic_objectives(),
                           units=org_queries.all_units(), statuses=TASK_STATUS_LABELS,
                           fundings=FUNDING_LABELS, can_manage=services.can_manage(current_actor()))


@bp.route("/strategy/new", methods=["GET", "POST"])
@require(Permission.OBJECTIVE_MANAGE)
def strategic_create():
    return _strategic_form(None)


@bp.route("/strategy/<int:strategic_id>/edit", methods=["GET", "POST"])
@require(Permission.OBJECTIVE_MANAGE)
def strategic_edit(strategic_id: int):
    return _strategic_form(db.get_or_404(StrategicObjective, strategic_id))


def _strategic_form(strategic: StrategicObjective | None):
    form = StrategicForm(obj=strategic)
    if request.method == "GET" and strategic is not None:
        form.row_version.data = strategic.row_version
    if form.validate_on_submit():
        try:
            services.save_strategic(strategic, actor=current_actor(), now=utcnow(),
                                    expected_version=form.row_version.data or None,
                                    code=form.code.data, title=form.title.data,
                                    description=form.description.data,
                                    period_from=form.period_from.data,
                                    period_to=form.period_to.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Strategic objective saved."), "success")
            return redirect(url_for("objectives.strategy"))
    return render_template("objectives/strategic_form.html", form=form, strategic=strategic)


@bp.route("/strategy/<int:strategic_id>/tasks/new", methods=["GET", "POST"])
@require(Permission.OBJECTIVE_MANAGE)
def task_create(strategic_id: int):
    strategic = db.get_or_404(StrategicObjective, strategic_id)
    return _task_form(strategic, None)


@bp.route("/strategy/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@require(Permission.OBJECTIVE_MANAGE)
def task_edit(task_id: int):
    task = db.get_or_404(StrategyTask, task_id)
    return _task_form(task.objective, task)


def _task_form(strategic: StrategicObjective, task: StrategyTask | None):
    form = TaskForm(obj=task)
    form.unit_id.set_choices((u.id, u.name) for u in org_queries.all_units())
    if request.method == "GET":
        if task is not None:
            form.row_version.data = task.row_version
        else:
            form.year_from.data, form.year_to.data = strategic.period_from, strategic.period_to
    if form.validate_on_submit():
        try:
            services.save_task(task, actor=current_actor(), now=utcnow(), strategic=strategic,
                               expected_version=form.row_version.data or None, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Task saved."), "success")
            return redirect(url_for("objectives.strategy"))
    return render_template("objectives/task_form.html", form=form, strategic=strategic,
                           task=task)
