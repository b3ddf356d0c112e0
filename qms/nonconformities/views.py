"""Nonconformity register and record pages, actions, statistics, client feedback."""

from __future__ import annotations

import csv
import io

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
from sqlalchemy import select

from qms.core import audit_log, charts, files
from qms.core.errors import DomainError
from qms.core.formatting import format_amount, format_date
from qms.core.forms import ConfirmForm
from qms.core.permissions import Permission, require
from qms.core.time import utcnow
from qms.core.web import current_actor, form_errors_text, local_today, show_domain_error
from qms.documents.models import Document
from qms.extensions import db
from qms.nonconformities import queries, services
from qms.nonconformities.forms import (
    ActionForm,
    ActionUpdateForm,
    CorrectionForm,
    EvidenceForm,
    FeedbackAnswerForm,
    FeedbackForm,
    PlanForm,
    ReasonForm,
    ReportForm,
    RootCauseForm,
    TriageForm,
    VerifyForm,
)
from qms.nonconformities.models import (
    ACTION_KIND_LABELS,
    ACTION_STATUS_LABELS,
    FEEDBACK_KIND_LABELS,
    NC_STATUS_LABELS,
    ROOT_CAUSE_LABELS,
    SEVERITY_LABELS,
    SOURCE_LABELS,
    Action,
    Feedback,
    Nonconformity,
)
from qms.org import queries as org_queries
from qms.processes.services import all_processes

bp = Blueprint("nonconformities", __name__, url_prefix="/nonconformities")




def _people():
    return org_queries.person_choices()


def _set_common_choices(form) -> None:
    if hasattr(form, "unit_id"):
        form.unit_id.set_choices((u.id, u.name) for u in org_queries.all_units())
    if hasattr(form, "process_id"):
        form.process_id.set_choices((p.id, str(p)) for p in all_processes())
    for name in ("owner_id", "verifier_id"):
        if hasattr(form, name):
            getattr(form, name).set_choices(_people())
    for name in ("requirement_document_id", "change_document_id"):
        if hasattr(form, name):
            getattr(form, name).set_choices(db.session.execute(
                select(Document.id, Document.code + " " + Document.title)
                .where(Document.is_withdrawn.is_(False)).order_by(Document.code)).all())


def _nc(nc_id: int) -> Nonconformity:
    nc = db.session.get(Nonconformity, nc_id)
    if nc is None:
        abort(404)
    if not services.can_see(current_actor(), nc):
        abort(403)
    return nc


# --- register -----------------------------------------------------------------------------

def _register_filter() -> queries.RegisterFilter:
    args = request.args
    return queries.RegisterFilter(
        status=args.get("status", ""), source=args.get("source", ""),
        severity=args.get("severity", ""), unit_id=args.get("unit", type=int),
        process_id=args.get("process", type=int), year=args.get("year", type=int),
        overdue=args.get("overdue") == "1", query=args.get("q", "").strip()[:100],
        sort=args.get("sort", "number"))


@bp.get("/")
@require(Permission.NC_REPORT)
def index():
    f = _register_filter()
    page = queries.register_page(f, user=current_actor(), today=local_today(),
                                 page=request.args.get("page", 1, type=int),
                                 per_page=current_app.config["PAGE_SIZE"])
    return render_template("nonconformities/index.html", page=page, f=f, today=local_today(),
                           statuses=NC_STATUS_LABELS, sources=SOURCE_LABELS,
                           severities=SEVERITY_LABELS, units=org_queries.all_units(),
                           processes=all_processes(), years=queries.years())


@bp.get("/export.csv")
@require(Permission.NC_VIEW_ALL)
def export():
    stmt = queries.register(_register_filter(), user=current_actor(), today=local_today())
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("Number"), _("Reported"), _("Title"), _("Source"), _("Severity"),
                     _("Status"), _("Unit"), _("Process"), _("Responsible"), _("Due"),
                     _("Root-cause category"), _("Budget planned"), _("Actual cost")])
    for nc in db.session.scalars(stmt.execution_options(yield_per=500)):
        writer.writerow([nc.number, format_date(nc.reported_on), nc.title, nc.source_label,
                         nc.severity_label, nc.status_label, nc.unit.name if nc.unit else "",
                         nc.process.code if nc.process else "",
                         nc.owner.full_name if nc.owner else "", format_date(nc.due_on),
                         ROOT_CAUSE_LABELS.get(nc.root_cause_category, ""),
                         format_amount(nc.budget_planned), format_amount(nc.cost_actual)])
    audit_log.record(actor=current_actor(), action="nonconformity.export",
                     entity_type="nonconformity", note=request.query_string.decode()[:2000])
    db.session.commit()
    return Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="nonconformities.csv"'})


@bp.get("/statistics")
@require(Permission.NC_VIEW_ALL)
def statistics():
    today = local_today()
    year = request.args.get("year", today.year, type=int)
    stats = queries.statistics(year, today=today)
    history = queries.per_year(3, until=year)

    def labelled(pairs, labels):
        return [(str(labels.get(key, key)), count) for key, count in pairs]

    return render_template(
        "nonconformities/statistics.html", stats=stats, years=queries.years() or [year],
        charts=charts, by_source=labelled(stats["by_source"], SOURCE_LABELS),
        by_severity=labelled(stats["by_severity"], SEVERITY_LABELS),
        by_category=labelled(stats["by_category"], ROOT_CAUSE_LABELS),
        history_years=[str(y) for y, *_ in history],
        history_severity=[(str(SEVERITY_LABELS[s]), [counts.get(s, 0) for _, counts, *_ in
                                                     history]) for s in SEVERITY_LABELS],
        history_budget=[(_("Planned"), [float(p) for *_, p, _a in history]),
                        (_("Spent"), [float(a) for *_, a in history])],
        topics=queries.feedback_by_topic(year), kinds=FEEDBACK_KIND_LABELS)


# --- reporting ----------------------------------------------------------------------------

@bp.route("/new", methods=["GET", "POST"])
@require(Permission.NC_REPORT)
def create():
    form = ReportForm()
    _set_common_choices(form)
    if request.method == "GET":
        form.unit_id.data = current_actor().unit_id
    if form.validate_on_submit():
        try:
            nc = services.report(
                actor=current_actor(), now=utcnow(), title=form.title.data,
                description=form.description.data, source=form.source.data,
                unit_id=form.unit_id.data, process_id=form.process_id.data,
                requirement_document_id=form.requirement_document_id.data,
                requirement_clause=form.requirement_clause.data or "",
                requirement_legal=form.requirement_legal.data or "",
                case_file_reference=form.case_file_reference.data or "",
                source_reference=form.source_reference.data or "")
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Nonconformity %(number)s reported. The quality manager will triage it.",
                    number=nc.number), "success")
            return redirect(url_for("nonconformities.detail", nc_id=nc.id))
    return render_template("nonconformities/report.html", form=form)


@bp.get("/<int:nc_id>")
@require(Permission.NC_REPORT)
def detail(nc_id: int):
    nc = _nc(nc_id)
    actor = current_actor()
    forms = {name: form() for name, form in (
        ("triage", TriageForm), ("reason", ReasonForm), ("correction", CorrectionForm),
        ("root_cause", RootCauseForm), ("action", ActionForm), ("plan", PlanForm),
        ("verify", VerifyForm), ("evidence", EvidenceForm))}
    for form in forms.values():
        _set_common_choices(form)
    forms["triage"].severity.data = nc.severity
    forms["triage"].unit_id.data = nc.unit_id
    forms["triage"].process_id.data = nc.process_id
    return render_template(
        "nonconformities/detail.html", nc=nc, forms=forms, today=local_today(),
        can_manage=services.can_manage(actor), can_work=services.can_work_on(actor, nc),
        can_verify=services.can_verify(actor, nc), similar=services.similar(nc),
        evidence=files.files_of("nonconformity", nc.id), categories=ROOT_CAUSE_LABELS,
        history=audit_log.history_for(nc), statuses=NC_STATUS_LABELS)


def _step(nc_id: int, form_class, call, success: str, *, anchor: str = ""):
    """A step on the record page: validate, call one service, report, back to the record."""
    nc = _nc(nc_id)
    form = form_class()
    _set_common_choices(form)
    if form.validate_on_submit():
        try:
            call(nc, form)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(success, "success")
    else:
        flash(form_errors_text(form), "error")
    return redirect(url_for("nonconformities.detail", nc_id=nc_id) + anchor)


def _yes(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


@bp.post("/<int:nc_id>/triage")
@require(Permission.NC_MANAGE)
def triage(nc_id: int):
    return _step(nc_id, TriageForm, lambda nc, f: services.triage(
        nc, actor=current_actor(), now=utcnow(), severity=f.severity.data, owner_id=f.owner_id.data,
        unit_id=f.unit_id.data, process_id=f.process_id.data, due_on=f.due_on.data,
        budget_planned=f.budget_planned.data), _("Triaged."))


@bp.post("/<int:nc_id>/reject")
@require(Permission.NC_MANAGE)
def reject(nc_id: int):
    return _step(nc_id, ReasonForm, lambda nc, f: services.reject(
        nc, actor=current_actor(), now=utcnow(), reason=f.reason.data), _("Rejected."))


@bp.post("/<int:nc_id>/cancel")
@require(Permission.NC_MANAGE)
def cancel(nc_id: int):
    return _step(nc_id, ReasonForm, lambda nc, f: services.cancel(
        nc, actor=current_actor(), now=utcnow(), reason=f.reason.data), _("Cancelled."))


@bp.post("/<int:nc_id>/correction")
@require(Permission.NC_REPORT)
def correction(nc_id: int):
    return _step(nc_id, CorrectionForm, lambda nc, f: services.record_correction(
        nc, actor=current_actor(), now=utcnow(), correction=f.correction.data,
        consequences=f.consequences.data or "", result=f.result.data or "",
        done_on=f.done_on.data, corrective_action_needed=f.corrective_action_needed.data
        == "yes", rationale=f.rationale.data), _("Correction recorded."))


@bp.post("/<int:nc_id>/root-cause")
@require(Permission.NC_REPORT)
def root_cause(nc_id: int):
    def call(nc, f):
        causes = [(category.value, line) for category in ROOT_CAUSE_LABELS
                  for line in (getattr(f, f"cause_{category.value}").data or "").splitlines()]
        services.record_root_cause(nc, actor=current_actor(), now=utcnow(), method=f.method.data,
                                   whys=(f.whys.data or "").splitlines(), causes=causes,
                                   root_cause=f.root_cause.data, category=f.category.data,
                                   extent=f.extent.data or "")

    return _step(nc_id, RootCauseForm, call, _("Root-cause analysis recorded."))


@bp.post("/<int:nc_id>/actions")
@require(Permission.NC_REPORT)
def add_action(nc_id: int):
    return _step(nc_id, ActionForm, lambda nc, f: services.add_action(
        actor=current_actor(), now=utcnow(), nc=nc, kind=f.kind.data, title=f.title.data,
        description=f.description.data or "", owner_id=f.owner_id.data, due_on=f.due_on.data,
        budget_planned=f.budget_planned.data), _("Action added."), anchor="#actions")


@bp.post("/<int:nc_id>/plan")
@require(Permission.NC_REPORT)
def plan(nc_id: int):
    return _step(nc_id, PlanForm, lambda nc, f: services.approve_plan(
        nc, actor=current_actor(), now=utcnow(), criteria=f.criteria.data, check_on=f.check_on.data,
        verifier_id=f.verifier_id.data), _("Plan approved; implementation can start."))


@bp.post("/<int:nc_id>/implemented")
@require(Permission.NC_REPORT)
def implemented(nc_id: int):
    return _step(nc_id, ConfirmForm, lambda nc, f: services.finish_implementation(
        nc, actor=current_actor(), now=utcnow()), _("Ready for the effectiveness check."))


@bp.post("/<int:nc_id>/verify")
@require(Permission.NC_REPORT)
def verify(nc_id: int):
    return _step(nc_id, VerifyForm, lambda nc, f: services.verify(
        nc, actor=current_actor(), now=utcnow(), verdict=f.verdict.data, notes=f.notes.data,
        risks_need_update=_yes(f.risks_need_update.data),
        qms_needs_change=_yes(f.qms_needs_change.data),
        change_document_id=f.change_document_id.data), _("Effectiveness check recorded."))


@bp.post("/<int:nc_id>/evidence")
@require(Permission.NC_REPORT)
def evidence(nc_id: int):
    return _step(nc_id, EvidenceForm, lambda nc, f: services.attach_evidence(
        actor=current_actor(), now=utcnow(), entity=nc, filename=f.file.data.filename or "file",
        data=f.file.data.read(files.MAX_EVIDENCE_BYTES + 1),
        content_type=f.file.data.mimetype or ""), _("File attached."))


@bp.get("/files/<int:file_id>")
@require(Permission.NC_REPORT)
def download(file_id: int):
    evidence = db.session.get(files.EvidenceFile, file_id)
    if evidence is None or evidence.entity_type not in ("nonconformity", "action"):
        abort(404)
    if evidence.entity_type == "nonconformity":
        _nc(evidence.entity_id)
    else:
        _action(evidence.entity_id)
    return files.download(evidence)


# --- actions ------------------------------------------------------------------------------

def _action(action_id: int) -> Action:
    action = db.session.get(Action, action_id)
    if action is None:
        abort(404)
    actor = current_actor()
    if not (action.owner_id == actor.id or actor.can(Permission.NC_VIEW_ALL)
            or (action.nonconformity and services.can_see(actor, action.nonconformity))):
        abort(403)
    return action


@bp.get("/actions/")
@require(Permission.NC_REPORT)
def actions():
    args = request.args
    page = queries.actions_page(user=current_actor(), status=args.get("status", "open"),
                                kind=args.get("kind", ""), mine=args.get("mine") == "1",
                                standalone=args.get("standalone") == "1", today=local_today(),
                                page=args.get("page", 1, type=int),
                                per_page=current_app.config["PAGE_SIZE"])
    return render_template("nonconformities/actions.html", page=page, args=args,
                           kinds=ACTION_KIND_LABELS, statuses=ACTION_STATUS_LABELS,
                           today=local_today())


@bp.route("/actions/new", methods=["GET", "POST"])
@require(Permission.ACTION_MANAGE)
def action_create():
    form = ActionForm()
    _set_common_choices(form)
    if request.method == "GET":
        form.kind.data = "improvement"
    if form.validate_on_submit():
        try:
            action = services.add_action(
                actor=current_actor(), now=utcnow(), kind=form.kind.data, title=form.title.data,
                description=form.description.data or "", owner_id=form.owner_id.data,
                due_on=form.due_on.data, budget_planned=form.budget_planned.data,
                unit_id=form.unit_id.data, process_id=form.process_id.data,
                source_type="register")
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Action added."), "success")
            return redirect(url_for("nonconformities.action", action_id=action.id))
    return render_template("nonconformities/action_form.html", form=form)


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
@require(Permission.NC_REPORT)
def action(action_id: int):
    action = _action(action_id)
    form = ActionUpdateForm(obj=action)
    if request.method == "GET":
        form.row_version.data = action.row_version
        form.evidence.data = action.evidence
    if form.validate_on_submit():
        try:
            services.update_action(action, actor=current_actor(), now=utcnow(),
                                   status=form.status.data, note=form.note.data or "",
                                   cost_actual=form.cost_actual.data,
                                   evidence=form.evidence.data or "",
                                   expected_version=form.row_version.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Action updated."), "success")
            return redirect(url_for("nonconformities.action", action_id=action.id))
    return render_template("nonconformities/action.html", action=action, form=form,
                           can_update=services.can_update_action(current_actor(), action),
                           evidence_form=EvidenceForm(),
                           evidence=files.files_of("action", action.id),
                           history=audit_log.history_for(action), today=local_today())


@bp.post("/actions/<int:action_id>/evidence")
@require(Permission.NC_REPORT)
def action_evidence(action_id: int):
    action = _action(action_id)
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            services.attach_evidence(actor=current_actor(), now=utcnow(), entity=action,
                                     filename=form.file.data.filename or "file",
                                     data=form.file.data.read(files.MAX_EVIDENCE_BYTES + 1),
                                     content_type=form.file.data.mimetype or "")
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("File attached."), "success")
    return redirect(url_for("nonconformities.action", action_id=action.id))


# --- client feedback ----------------------------------------------------------------------

@bp.get("/feedback/")
@require(Permission.FEEDBACK_MANAGE)
def feedback():
    args = request.args
    page = queries.feedback_page(kind=args.get("kind", ""), year=args.get("year", type=int),
                                 open_only=args.get("open") == "1",
                                 page=args.get("page", 1, type=int),
                                 per_page=current_app.config["PAGE_SIZE"])
    return render_template("nonconformities/feedback.html", page=page, args=args,
                           kinds=FEEDBACK_KIND_LABELS, today=local_today())


@bp.route("/feedback/new", methods=["GET", "POST"])
@require(Permission.FEEDBACK_MANAGE)
def feedback_create():
    form = FeedbackForm()
    _set_common_choices(form)
    if request.method == "GET":
        form.received_on.data = local_today()
    if form.validate_on_submit():
        try:
            item = services.register_feedback(
                actor=current_actor(), now=utcnow(), kind=form.kind.data, channel=form.channel.data,
                received_on=form.received_on.data, summary=form.summary.data,
                unit_id=form.unit_id.data, service=form.service.data or "",
                topic=form.topic.data or "",
                case_file_reference=form.case_file_reference.data or "",
                response_due_on=form.response_due_on.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(number)s registered.", number=item.number), "success")
            return redirect(url_for("nonconformities.feedback_detail", feedback_id=item.id))
    return render_template("nonconformities/feedback_form.html", form=form)


@bp.route("/feedback/<int:feedback_id>", methods=["GET", "POST"])
@require(Permission.FEEDBACK_MANAGE)
def feedback_detail(feedback_id: int):
    item = db.session.get(Feedback, feedback_id)
    if item is None:
        abort(404)
    form = FeedbackAnswerForm(obj=item)
    if form.validate_on_submit():
        try:
            services.answer_feedback(item, actor=current_actor(), now=utcnow(),
                                     answer=form.answer.data, answered_on=form.answered_on.data,
                                     justified=_yes(form.justified.data))
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Answer saved."), "success")
            return redirect(url_for("nonconformities.feedback_detail", feedback_id=item.id))
    return render_template("nonconformities/feedback_detail.html", item=item, form=form,
                           raise_form=ConfirmForm(), today=local_today(),
                           history=audit_log.history_for(item))


@bp.post("/feedback/<int:feedback_id>/raise")
@require(Permission.FEEDBACK_MANAGE)
def feedback_raise(feedback_id: int):
    item = db.session.get(Feedback, feedback_id)
    if item is None:
        abort(404)
    try:
        nc = services.raise_from_feedback(item, actor=current_actor(), now=utcnow())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("nonconformities.feedback_detail", feedback_id=item.id))
    flash(_("Nonconformity %(number)s raised.", number=nc.number), "success")
    return redirect(url_for("nonconformities.detail", nc_id=nc.id))

