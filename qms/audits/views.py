"""Audit programme, audits, checklists, reports and the auditors' register."""

from __future__ import annotations

from babel.dates import get_month_names
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
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from qms.audits import queries, services
from qms.audits.forms import (
    OVERRIDE_PREFIX,
    AuditForm,
    AuditorCreateForm,
    AuditorForm,
    ConfirmAuditForm,
    EvidenceUploadForm,
    ExtendChecklistForm,
    ItemForm,
    ProgrammeCreateForm,
    ProgrammeForm,
    ReasonForm,
    ReportForm,
    RiskForm,
    StartForm,
    TeamForm,
)
from qms.audits.models import (
    AUDIT_STATUS_LABELS,
    AUDIT_TYPE_LABELS,
    FINDING_RESULTS,
    ITEM_RESULT_LABELS,
    Audit,
    AuditItem,
    AuditProgramme,
    AuditStatus,
    ItemResult,
)
from qms.auth.models import User
from qms.core import audit_log, files
from qms.core.errors import DomainError
from qms.core.forms import ConfirmForm
from qms.core.markdown import linked_codes, render
from qms.core.pagination import paginate
from qms.core.permissions import Permission, require
from qms.core.time import utcnow
from qms.core.web import current_actor, form_errors_text, local_today, show_domain_error
from qms.documents.models import Document
from qms.extensions import db
from qms.org import queries as org_queries
from qms.processes.services import all_processes

bp = Blueprint("audits", __name__, url_prefix="/audits")

FINDING_ORDER = [ItemResult.MAJOR, ItemResult.MINOR, ItemResult.OBSERVATION,
                 ItemResult.IMPROVEMENT]
TEAM_STATUSES = (AuditStatus.PLANNED, AuditStatus.CONFIRMED)
CANCELLABLE = (AuditStatus.PLANNED, AuditStatus.CONFIRMED, AuditStatus.IN_PROGRESS)
CLOSABLE = (AuditStatus.REPORTED, AuditStatus.FOLLOW_UP)




def _months() -> list[tuple[int, str]]:
    names = get_month_names("wide", context="stand-alone", locale=get_locale() or "lv")
    return [(number, names[number].capitalize()) for number in range(1, 13)]


def _audit(audit_id: int) -> Audit:
    audit = db.session.get(Audit, audit_id)
    if audit is None:
        abort(404)
    if not services.can_see(current_actor(), audit):
        abort(403)
    return audit



def _active_processes():
    return [p for p in all_processes() if p.is_active]


# --- register -----------------------------------------------------------------------------

@bp.get("/")
@require(Permission.AUDIT_VIEW)
def index():
    args = request.args
    f = queries.RegisterFilter(
        year=args.get("year", type=int), status=args.get("status", ""),
        type=args.get("type", ""), process_id=args.get("process", type=int),
        unit_id=args.get("unit", type=int), lead_id=args.get("lead", type=int),
        query=args.get("q", "").strip()[:100], month=args.get("month", type=int))
    page = paginate(queries.register(f), page=args.get("page", 1, type=int),
                    per_page=current_app.config["PAGE_SIZE"])
    return render_template("audits/index.html", page=page, f=f, statuses=AUDIT_STATUS_LABELS,
                           types=AUDIT_TYPE_LABELS, years=queries.years(),
                           processes=all_processes(), units=org_queries.all_units(),
                           leads=queries.lead_auditors(), this_year=local_today().year,
                           months=_months())


# --- programme ----------------------------------------------------------------------------

def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        abort(404)


def _programme_page(year: int, *, programme_form=None, risk_form=None):
    _check_year(year)
    programme = queries.programme_for(year)
    processes = _active_processes()
    context = {"year": year, "programme": programme, "months": _months(),
               "coverage": queries.coverage_grid(
                   year, unit_page=request.args.get("unit_page", 1, type=int)),
               "years": queries.programme_years(),
               "can_plan": services.can_plan(current_actor())}
    if programme is not None:
        by_month, unplaced = queries.audits_by_month(programme)
        context.update(by_month=by_month, unplaced=unplaced,
                       risks=queries.risk_rows(programme, processes))
        if context["can_plan"]:
            if programme_form is None:
                programme_form = ProgrammeForm(formdata=None, obj=programme)
                programme_form.row_version.data = programme.row_version
            if risk_form is None:
                risk_form = RiskForm(formdata=None)
                chosen = request.args.get("process", type=int)
                risk = next((r for r in programme.process_risks if r.process_id == chosen),
                            None)
                risk_form.process_id.data = chosen
                if risk is not None:
                    risk_form.importance.data = risk.importance
                    risk_form.changes.data = risk.changes
                    risk_form.earlier_results.data = risk.earlier_results
                    risk_form.rationale.data = risk.rationale
            risk_form.process_id.set_choices((p.id, str(p)) for p in processes)
            context.update(programme_form=programme_form, risk_form=risk_form)
        context["history"] = audit_log.history_for(programme)
    else:
        previous = queries.programme_for(year - 1)
        create_form = ProgrammeCreateForm(formdata=None)
        create_form.copy_previous.data = previous is not None
        context.update(previous=previous, create_form=create_form)
    return render_template("audits/programme.html", **context)


@bp.get("/programme")
@require(Permission.AUDIT_VIEW)
def programme_current():
    """This year's programme (the same page as /programme/<year>)."""
    return _programme_page(local_today().year)


@bp.get("/programme/<int:year>")
@require(Permission.AUDIT_VIEW)
def programme(year: int):
    return _programme_page(year)


@bp.post("/programme/<int:year>/create")
@require(Permission.AUDIT_PLAN)
def programme_create(year: int):
    _check_year(year)
    form = ProgrammeCreateForm()
    if form.validate_on_submit():
        previous = queries.programme_for(year - 1) if form.copy_previous.data else None
        try:
            services.create_programme(actor=current_actor(), now=utcnow(), year=year,
                                      copy_from=previous)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("The audit programme for %(year)s is created.", year=year), "success")
    else:
        flash(form_errors_text(form), "error")
    return redirect(url_for("audits.programme", year=year))


@bp.post("/programme/<int:year>/edit")
@require(Permission.AUDIT_PLAN)
def programme_edit(year: int):
    _check_year(year)
    programme = queries.programme_for(year)
    if programme is None:
        abort(404)
    form = ProgrammeForm()
    if form.validate_on_submit():
        try:
            services.update_programme(
                programme, actor=current_actor(), now=utcnow(),
                objectives=form.objectives.data or "",
                methods=form.methods.data or "", resources=form.resources.data or "",
                plan_notice_days=form.plan_notice_days.data,
                report_due_days=form.report_due_days.data,
                expected_version=form.row_version.data or None)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The programme is saved."), "success")
            return redirect(url_for("audits.programme", year=year))
    return _programme_page(year, programme_form=form)


@bp.post("/programme/<int:year>/risks")
@require(Permission.AUDIT_PLAN)
def programme_rate(year: int):
    _check_year(year)
    programme = queries.programme_for(year)
    if programme is None:
        abort(404)
    form = RiskForm()
    form.process_id.set_choices((p.id, str(p)) for p in _active_processes())
    if form.validate_on_submit():
        try:
            services.rate_process(programme, actor=current_actor(), now=utcnow(),
                                  process_id=form.process_id.data,
                                  importance=form.importance.data, changes=form.changes.data,
                                  earlier_results=form.earlier_results.data,
                                  rationale=form.rationale.data or "")
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The rating is saved."), "success")
            return redirect(url_for("audits.programme", year=year, _anchor="risks"))
    return _programme_page(year, risk_form=form)


# --- planning -----------------------------------------------------------------------------

def _audit_form_choices(form: AuditForm) -> None:
    form.programme_id.set_choices(queries.programme_choices())
    form.planned_month.set_choices(_months())
    form.process_ids.choices = [(p.id, str(p)) for p in _active_processes()]
    form.unit_ids.choices = [(u.id, u.name) for u in org_queries.all_units() if u.is_active]
    form.document_ids.choices = [(row.id, f"{row.code} {row.title}") for row in db.session.execute(
        select(Document.id, Document.code, Document.title)
        .where(Document.is_withdrawn.is_(False)).order_by(Document.code))]


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.AUDIT_PLAN)
def create():
    form = AuditForm()
    _audit_form_choices(form)
    if request.method == "GET":
        programme = queries.programme_for(request.args.get("year", local_today().year, type=int))
        form.programme_id.data = programme.id if programme else None
        form.planned_month.data = request.args.get("month", type=int)
        if request.args.get("process", type=int):
            form.process_ids.data = [request.args.get("process", type=int)]
        if request.args.get("unit", type=int):
            form.unit_ids.data = [request.args.get("unit", type=int)]
        form.criteria.data = form.criteria.data or _("ISO 9001:2015; the process description")
    if form.validate_on_submit():
        programme = db.session.get(AuditProgramme, form.programme_id.data or 0)
        try:
            audit = services.plan_audit(
                actor=current_actor(), now=utcnow(), programme=programme, title=form.title.data,
                objectives=form.objectives.data or "", criteria=form.criteria.data or "",
                iso_clauses=form.clauses(), planned_start=form.planned_start.data,
                planned_end=form.planned_end.data, planned_month=form.planned_month.data,
                process_ids=form.process_ids.data or [], unit_ids=form.unit_ids.data or [],
                document_ids=form.document_ids.data or [], audit_type=form.type.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Audit %(number)s is planned. Now assign the team.", number=audit.number),
                  "success")
            return redirect(url_for("audits.detail", audit_id=audit.id, _anchor="team"))
    return render_template("audits/audit_form.html", form=form)


# --- the audit ----------------------------------------------------------------------------

def _candidates(audit: Audit) -> list[tuple[User, list[str]]]:
    """The auditors' register with impartiality, plus anyone already on the team."""
    candidates = services.impartial_auditors(audit)
    known = {user.id for user, _problems in candidates}
    for member in audit.members:
        if member.role in ("lead", "auditor") and member.user_id not in known:
            known.add(member.user_id)
            candidates.append((member.user, services.impartiality_problems(member.user, audit)))
    return candidates


def _team_form(audit: Audit, candidates, form: TeamForm | None = None) -> TeamForm:
    bound = form is not None
    form = form or TeamForm(formdata=None)
    pairs = [(user.id, user.full_name) for user, _problems in candidates]
    form.lead_id.choices = pairs
    form.auditor_ids.choices = pairs
    form.auditee_ids.choices = org_queries.person_choices()
    if not bound:
        form.lead_id.data = audit.lead.id if audit.lead else None
        form.auditor_ids.data = [m.user_id for m in audit.members if m.role == "auditor"]
        form.auditee_ids.data = [m.user_id for m in audit.members if m.role == "auditee"]
    return form


def _team_rows(audit: Audit, candidates, form: TeamForm, posted: bool) -> list[dict]:
    leads = {option.data: option for option in form.lead_id}
    auditors = {option.data: option for option in form.auditor_ids}
    reasons = {m.user_id: m.override_reason for m in audit.members if m.override_reason}
    rows = []
    for user, problems in candidates:
        reason = (request.form.get(f"{OVERRIDE_PREFIX}{user.id}", "") if posted
                  else reasons.get(user.id, ""))
        rows.append({"user": user, "problems": problems, "lead": leads.get(user.id),
                     "auditor": auditors.get(user.id), "reason": reason,
                     "override_name": f"{OVERRIDE_PREFIX}{user.id}"})
    return rows


def _agenda(text: str):
    """The agenda as sanitised HTML; ``[[CODE]]`` links open the document in effect."""
    from qms.documents.queries import resolver_for_codes

    titles = resolver_for_codes(linked_codes(text))
    return render(text, lambda code: (url_for("documents.current", code=code), titles[code])
                  if code in titles else None)


def _detail_page(audit: Audit, *, team_form: TeamForm | None = None):
    actor = current_actor()
    can_plan = services.can_plan(actor)
    can_conduct = services.can_conduct(actor, audit)
    context = {"audit": audit, "can_plan": can_plan, "can_conduct": can_conduct,
               "statuses": AUDIT_STATUS_LABELS,
               "agenda": _agenda(audit.agenda) if audit.agenda else None,
               "answered": sum(1 for i in audit.items if i.result),
               "findings": len(audit.findings), "history": audit_log.history_for(audit),
               "confirm": ConfirmForm(formdata=None), "reason_form": ReasonForm(formdata=None)}
    if can_plan and audit.status in TEAM_STATUSES:
        candidates = _candidates(audit)
        posted = team_form is not None
        team_form = _team_form(audit, candidates, team_form)
        context.update(team_form=team_form,
                       team_rows=_team_rows(audit, candidates, team_form, posted))
    if can_plan and audit.status == AuditStatus.PLANNED:
        confirm_form = ConfirmAuditForm(formdata=None)
        confirm_form.agenda.data = audit.agenda
        context["confirm_form"] = confirm_form
    if can_conduct and audit.status == AuditStatus.CONFIRMED:
        start_form = StartForm(formdata=None)
        start_form.template_ids.choices = [(t.id, t.title)
                                           for t in queries.checklist_templates()]
        context.update(start_form=start_form, previous=services.previous_of_same_scope(audit))
    context["can_cancel"] = can_plan and audit.status in CANCELLABLE
    context["can_close"] = audit.status in CLOSABLE and (
        can_plan or (audit.lead is not None and audit.lead.id == actor.id))
    return render_template("audits/detail.html", **context)


@bp.get("/<int:audit_id>")
@require(Permission.DASHBOARD_VIEW)
def detail(audit_id: int):
    """Everyone on the audit (auditees too) and those with AUDIT_VIEW (object rule)."""
    return _detail_page(_audit(audit_id))


def _step(audit_id: int, form_class, call, success: str, *, anchor: str = ""):
    """A step on the audit page: validate, call one service, report, back to the audit."""
    audit = _audit(audit_id)
    form = form_class()
    if hasattr(form, "template_ids"):
        form.template_ids.choices = [(t.id, t.title) for t in queries.checklist_templates()]
    if form.validate_on_submit():
        try:
            call(audit, form)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(success, "success")
    else:
        flash(form_errors_text(form), "error")
    return redirect(url_for("audits.detail", audit_id=audit_id) + anchor)


@bp.post("/<int:audit_id>/team")
@require(Permission.AUDIT_PLAN)
def team(audit_id: int):
    audit = _audit(audit_id)
    candidates = _candidates(audit)
    form = _team_form(audit, candidates, TeamForm())
    if form.validate_on_submit():
        try:
            services.set_team(audit, actor=current_actor(), now=utcnow(), lead_id=form.lead_id.data,
                              auditor_ids=form.auditor_ids.data or [],
                              auditee_ids=form.auditee_ids.data or [],
                              overrides=form.overrides(request.form,
                                                       [u.id for u, _p in candidates]))
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The audit team is saved."), "success")
            return redirect(url_for("audits.detail", audit_id=audit.id, _anchor="team"))
    return _detail_page(audit, team_form=form)


@bp.post("/<int:audit_id>/confirm")
@require(Permission.AUDIT_PLAN)
def confirm(audit_id: int):
    return _step(audit_id, ConfirmAuditForm, lambda audit, f: services.confirm(
        audit, actor=current_actor(), now=utcnow(), agenda=f.agenda.data or "", send=f.send.data),
        _("The audit is confirmed."))


@bp.post("/<int:audit_id>/start")
@require(Permission.AUDIT_CONDUCT)
def start(audit_id: int):
    audit = _audit(audit_id)
    form = StartForm()
    form.template_ids.choices = [(t.id, t.title) for t in queries.checklist_templates()]
    if form.validate_on_submit():
        try:
            services.start(audit, actor=current_actor(), now=utcnow(),
                           template_ids=form.template_ids.data or [],
                           copy_previous=form.copy_previous.data)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("The audit has started."), "success")
            return redirect(url_for("audits.checklist", audit_id=audit.id))
    else:
        flash(form_errors_text(form), "error")
    return redirect(url_for("audits.detail", audit_id=audit.id))


@bp.post("/<int:audit_id>/cancel")
@require(Permission.AUDIT_PLAN)
def cancel(audit_id: int):
    return _step(audit_id, ReasonForm, lambda audit, f: services.cancel(
        audit, actor=current_actor(), now=utcnow(), reason=f.reason.data),
        _("The audit is cancelled."))


@bp.post("/<int:audit_id>/close")
@require(Permission.AUDIT_CONDUCT)
def close(audit_id: int):
    return _step(audit_id, ConfirmForm, lambda audit, f: services.close(
        audit, actor=current_actor(), now=utcnow()), _("The audit is closed."))


# --- checklist ----------------------------------------------------------------------------

def _sections(items: list[AuditItem]) -> list[tuple[str, list[AuditItem]]]:
    """Items grouped by section, sections in the order they first appear."""
    groups: dict[str, list[AuditItem]] = {}
    for item in items:
        groups.setdefault(item.section or "", []).append(item)
    return list(groups.items())


def _item_form(item: AuditItem) -> ItemForm:
    return ItemForm(formdata=None, prefix=f"item{item.id}",
                    data={"result": item.result or None, "evidence": item.evidence,
                          "row_version": item.row_version})


def _checklist_page(audit: Audit, *, failed: tuple[int, ItemForm, str] | None = None):
    actor = current_actor()
    editable = (services.can_conduct(actor, audit)
                and audit.status == AuditStatus.IN_PROGRESS)
    forms, messages = {}, {}
    extend_form = None
    if editable:
        forms = {item.id: _item_form(item) for item in audit.items}
        if failed is not None:
            forms[failed[0]] = failed[1]
            messages[failed[0]] = failed[2]
        templates = queries.checklist_templates()
        if templates:
            extend_form = ExtendChecklistForm(formdata=None)
            extend_form.template_ids.choices = [(t.id, t.title) for t in templates]
    answered = sum(1 for i in audit.items if i.result)
    return render_template("audits/checklist.html", audit=audit, editable=editable,
                           sections=_sections(audit.items), forms=forms, messages=messages,
                           failed_id=failed[0] if failed else None,
                           saved_id=request.args.get("saved", type=int),
                           answered=answered, total=len(audit.items),
                           findings=len(audit.findings), extend_form=extend_form,
                           results=ITEM_RESULT_LABELS, finding_results=FINDING_RESULTS,
                           evidence=services.evidence_by_item(audit),
                           evidence_form=EvidenceUploadForm())


@bp.get("/<int:audit_id>/checklist")
@require(Permission.DASHBOARD_VIEW)
def checklist(audit_id: int):
    return _checklist_page(_audit(audit_id))


@bp.post("/<int:audit_id>/items/<int:item_id>/files")
@require(Permission.AUDIT_CONDUCT)
def item_evidence(audit_id: int, item_id: int):
    audit = _audit(audit_id)
    item = db.session.get(AuditItem, item_id)
    if item is None or item.audit_id != audit.id:
        abort(404)
    form = EvidenceUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            services.attach_item_evidence(item, actor=current_actor(), now=utcnow(),
                                          filename=upload.filename or "file",
                                          data=upload.read(files.MAX_EVIDENCE_BYTES + 1),
                                          content_type=upload.mimetype or "")
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
    else:
        flash(" ".join(" ".join(e) for e in form.errors.values()), "error")
    return redirect(url_for("audits.checklist", audit_id=audit.id) + f"#item-{item.id}")


@bp.get("/files/<int:file_id>")
@require(Permission.DASHBOARD_VIEW)
def download(file_id: int):
    evidence = db.session.get(files.EvidenceFile, file_id)
    if evidence is None or evidence.entity_type != "audit_item":
        abort(404)
    item = db.session.get(AuditItem, evidence.entity_id)
    if item is None:
        abort(404)
    _audit(item.audit_id)  # the same rule as the audit page
    return files.download(evidence)


@bp.post("/<int:audit_id>/items/<int:item_id>")
@require(Permission.AUDIT_CONDUCT)
def answer(audit_id: int, item_id: int):
    audit = _audit(audit_id)
    item = db.session.get(AuditItem, item_id)
    if item is None or item.audit_id != audit.id:
        abort(404)
    form = ItemForm(prefix=f"item{item.id}")
    message = ""
    if form.validate_on_submit():
        try:
            services.answer_item(item, actor=current_actor(), now=utcnow(), result=form.result.data,
                                 evidence=form.evidence.data or "",
                                 expected_version=form.row_version.data or None)
        except DomainError as error:
            db.session.rollback()
            field = getattr(form, error.field, None) if error.field else None
            if field is not None:
                field.errors = [*field.errors, str(error)]
            else:
                message = str(error)
        else:
            return redirect(url_for("audits.checklist", audit_id=audit.id, saved=item.id,
                                    _anchor=f"item-{item.id}"))
    return _checklist_page(audit, failed=(item.id, form, message))


@bp.post("/<int:audit_id>/checklist/add")
@require(Permission.AUDIT_CONDUCT)
def checklist_add(audit_id: int):
    audit = _audit(audit_id)
    form = ExtendChecklistForm()
    form.template_ids.choices = [(t.id, t.title) for t in queries.checklist_templates()]
    if form.validate_on_submit():
        try:
            added = services.extend_checklist(audit, actor=current_actor(), now=utcnow(),
                                              template_ids=form.template_ids.data or [])
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(ngettext("%(num)s question added.", "%(num)s questions added.", added), "success")
    else:
        flash(form_errors_text(form), "error")
    return redirect(url_for("audits.checklist", audit_id=audit.id))


# --- report -------------------------------------------------------------------------------

def _can_issue(audit: Audit) -> bool:
    actor = current_actor()
    return (audit.status == AuditStatus.IN_PROGRESS and audit.lead is not None
            and (audit.lead.id == actor.id or services.can_plan(actor))
            and actor.can(Permission.AUDIT_CONDUCT))


def _report_context(audit: Audit) -> dict:
    findings = [(result, ITEM_RESULT_LABELS[result],
                 [i for i in audit.items if i.result == result]) for result in FINDING_ORDER]
    counts = [(label, sum(1 for i in audit.items if i.result == result))
              for result, label in ITEM_RESULT_LABELS.items()]
    return {"audit": audit, "findings": findings, "counts": counts,
            "good_practice": [i for i in audit.items if i.result == ItemResult.GOOD_PRACTICE],
            "not_audited": [i for i in audit.items if i.result == ItemResult.NOT_AUDITED],
            "unanswered": sum(1 for i in audit.items if not i.result),
            "issued": audit.report_issued_at is not None,
            "hash_ok": audit.report_issued_at is not None
            and services.report_hash(audit) == audit.report_sha256}


def _report_page(audit: Audit, form: ReportForm | None = None):
    context = _report_context(audit)
    if _can_issue(audit):
        if form is None:
            form = ReportForm(formdata=None)
            form.distribution_ids.data = [m.user_id for m in audit.members]
        form.distribution_ids.choices = org_queries.person_choices()
    else:
        form = None
    return render_template("audits/report.html", form=form,
                           can_close=audit.status in CLOSABLE and (
                               services.can_plan(current_actor()) or (
                                   audit.lead is not None and audit.lead.id == current_actor().id)),
                           confirm=ConfirmForm(formdata=None), **context)


@bp.get("/<int:audit_id>/report")
@require(Permission.DASHBOARD_VIEW)
def report(audit_id: int):
    return _report_page(_audit(audit_id))


@bp.post("/<int:audit_id>/report")
@require(Permission.AUDIT_CONDUCT)
def issue_report(audit_id: int):
    audit = _audit(audit_id)
    form = ReportForm()
    form.distribution_ids.choices = org_queries.person_choices()
    if form.validate_on_submit():
        try:
            services.issue_report(audit, actor=current_actor(), now=utcnow(),
                                  summary=form.summary.data or "",
                                  strengths=form.strengths.data or "",
                                  conclusion=form.conclusion.data or "",
                                  distribution_ids=form.distribution_ids.data or [])
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Report %(number)s is issued.", number=audit.number), "success")
            return redirect(url_for("audits.report", audit_id=audit.id))
    return _report_page(audit, form)


@bp.get("/<int:audit_id>/report.pdf")
@require(Permission.DASHBOARD_VIEW)
def report_pdf(audit_id: int):
    from weasyprint import HTML

    audit = _audit(audit_id)
    html = render_template("pdf/audit_report.html", printed_on=local_today(),
                           **_report_context(audit))
    data = HTML(string=html, base_url=None).write_pdf()
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{audit.number}-report.pdf"'})


# --- auditors' register -------------------------------------------------------------------

@bp.get("/auditors")
@require(Permission.AUDIT_VIEW)
def auditors():
    include_inactive = request.args.get("inactive") == "1"
    page = queries.auditors_page(include_inactive=include_inactive,
                                 page=request.args.get("page", 1, type=int),
                                 per_page=current_app.config["PAGE_SIZE"])
    profiles = queries.profiles_for(user.id for user in page.items)
    rows = [(user, profiles.get(user.id), services.audits_done(user.id))
            for user in page.items]
    return render_template("audits/auditors.html", page=page, rows=rows,
                           include_inactive=include_inactive,
                           can_plan=services.can_plan(current_actor()))


def _save_auditor(form, user_id: int):
    return services.save_auditor(actor=current_actor(), user_id=user_id,
                                 qualification=form.qualification.data or "",
                                 training=form.training.data or "",
                                 qualified_on=form.qualified_on.data,
                                 is_active=form.is_active.data)


@bp.route("/auditors/new", methods=["GET", "POST"])
@require(Permission.AUDIT_PLAN)
def auditor_new():
    form = AuditorCreateForm()
    form.user_id.set_choices(org_queries.person_choices())
    if form.validate_on_submit():
        try:
            _save_auditor(form, form.user_id.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The auditors' register is updated."), "success")
            return redirect(url_for("audits.auditors"))
    return render_template("audits/auditor_form.html", form=form, person=None, profile=None,
                           history=[])


@bp.route("/auditors/<int:user_id>", methods=["GET", "POST"])
@require(Permission.AUDIT_PLAN)
def auditor(user_id: int):
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    profile = queries.profile_of(user_id)
    form = AuditorForm(obj=profile)
    if form.validate_on_submit():
        try:
            _save_auditor(form, user_id)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The auditors' register is updated."), "success")
            return redirect(url_for("audits.auditors"))
    return render_template("audits/auditor_form.html", form=form, person=person,
                           profile=profile, audits_done=services.audits_done(user_id),
                           history=audit_log.history_for(profile) if profile else [])
