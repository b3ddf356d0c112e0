"""Context, interested parties, risks and opportunities: the registers, the heat map and the
scoring method."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _

from qms.core import audit_log
from qms.core.errors import DomainError
from qms.core.permissions import Permission, require
from qms.core.time import local_date, utcnow
from qms.core.web import current_actor, form_errors_text, run_service, show_domain_error
from qms.extensions import db
from qms.org import queries as org_queries
from qms.risks import queries, services
from qms.risks.forms import (
    ActionForm,
    EvaluationForm,
    IssueForm,
    PartyForm,
    RiskForm,
    SettingsForm,
    TreatmentForm,
)
from qms.risks.models import (
    CATEGORY_LABELS,
    EXTERNAL_CATEGORIES,
    INTERNAL_CATEGORIES,
    ISSUE_KIND_LABELS,
    ISSUE_STATUS_LABELS,
    LEVELS,
    PARTY_KIND_LABELS,
    RISK_KIND_LABELS,
    RISK_STATUS_LABELS,
    ContextIssue,
    InterestedParty,
    Risk,
)

bp = Blueprint("risks", __name__, url_prefix="/risks")



def _page(stmt):
    return db.paginate(stmt, page=request.args.get("page", 1, type=int),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)



def _choice(value: str, allowed) -> str:
    return value if value in allowed else ""


# --- the risk register ----------------------------------------------------------------------

def _risk_filter() -> queries.RiskFilter:
    args = request.args
    status = args.get("status", "open")
    return queries.RiskFilter(
        query=args.get("q", "").strip()[:100], kind=_choice(args.get("kind", ""),
                                                            RISK_KIND_LABELS),
        level=_choice(args.get("level", ""), LEVELS),
        process_id=args.get("process", type=int), owner_id=args.get("owner", type=int),
        overdue=args.get("overdue") == "1",
        status=_choice(status, RISK_STATUS_LABELS) if status != "all" else "",
        residual=args.get("view") == "residual",
        likelihood=args.get("likelihood", type=int), impact=args.get("impact", type=int))


@bp.get("/")
@require(Permission.RISK_VIEW)
def index():
    f = _risk_filter()
    method = services.settings()
    page = _page(queries.register(f, method, today=local_date(utcnow())))
    return render_template(
        "risks/index.html", page=page, f=f, method=method, kinds=RISK_KIND_LABELS,
        statuses=RISK_STATUS_LABELS, processes=queries.process_choices(),
        owners=queries.owner_choices(), today=local_date(utcnow()),
        counts=queries.action_counts([r.id for r in page.items]),
        can_manage=services.can_manage(current_actor()))


@bp.get("/export.csv")
@require(Permission.RISK_VIEW)
def export():
    header = [_("Number"), _("Type"), _("Title"), _("Process"), _("Owner"), _("Likelihood"),
              _("Impact"), _("Score"), _("Level"), _("Treatment"), _("Residual likelihood"),
              _("Residual impact"), _("Residual score"), _("Residual level"),
              _("Review date"), _("Status"), _("Effective")]
    chunks = queries.export_csv(_risk_filter(), services.settings(),
                                today=local_date(utcnow()), header=header)
    return Response(stream_with_context(chunks), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=\"risks.csv\""})


@bp.get("/heat-map")
@require(Permission.RISK_VIEW)
def heat_map():
    residual = request.args.get("view") == "residual"
    kind = _choice(request.args.get("kind", ""), RISK_KIND_LABELS)
    method = services.settings()
    counts = queries.heat_map(residual=residual, kind=kind)
    rows = []
    for likelihood in range(method.scale, 0, -1):
        cells = []
        for impact in range(1, method.scale + 1):
            level = method.level(likelihood * impact)
            cells.append({"likelihood": likelihood, "impact": impact, "level": level,
                          "count": counts.get((likelihood, impact), 0)})
        rows.append((likelihood, cells))
    by_level = {level: 0 for level in LEVELS}
    for (likelihood, impact), count in counts.items():
        level = method.level(likelihood * impact)
        if level:
            by_level[level] += count
    return render_template("risks/heat_map.html", rows=rows, method=method, residual=residual,
                           kind=kind, kinds=RISK_KIND_LABELS, by_level=by_level,
                           total=sum(counts.values()))


def _risk_form_choices(form: RiskForm, risk: Risk | None = None) -> None:
    form.set_scale(services.settings().scale)
    form.source_issue_id.set_choices(queries.issue_choices(risk.source_issue_id if risk
                                                           else None))
    form.source_party_id.set_choices(queries.party_choices(risk.source_party_id if risk
                                                           else None))
    form.process_id.set_choices(queries.process_choices())
    form.owner_id.set_choices(org_queries.person_choices())


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.RISK_MANAGE)
def create():
    form = RiskForm()
    _risk_form_choices(form)
    if request.method == "GET":
        form.kind.data = _choice(request.args.get("kind", "risk"), RISK_KIND_LABELS) or "risk"
        form.source_issue_id.data = request.args.get("issue", type=int)
        form.source_party_id.data = request.args.get("party", type=int)
    if form.validate_on_submit():
        try:
            risk = services.create_risk(actor=current_actor(), now=utcnow(), **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(number)s registered.", number=risk.number), "success")
            return redirect(url_for("risks.detail", risk_id=risk.id))
    return render_template("risks/form.html", form=form, risk=None)


@bp.route("/<int:risk_id>/edit", methods=["GET", "POST"])
@require(Permission.RISK_MANAGE)
def edit(risk_id: int):
    risk = db.get_or_404(Risk, risk_id)
    form = RiskForm(obj=risk)
    _risk_form_choices(form, risk)
    if request.method == "GET":
        form.row_version.data = risk.row_version
    if form.validate_on_submit():
        try:
            services.update_risk(risk, actor=current_actor(), now=utcnow(),
                                 expected_version=form.row_version.data, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(number)s saved.", number=risk.number), "success")
            return redirect(url_for("risks.detail", risk_id=risk.id))
    return render_template("risks/form.html", form=form, risk=risk)


def _treatment_form(risk: Risk, method) -> TreatmentForm:
    form = TreatmentForm(prefix="t", obj=risk)
    form.set_scale(method.scale)
    form.approver_id.set_choices(org_queries.person_choices())
    return form


def _evaluation_form(risk: Risk) -> EvaluationForm:
    form = EvaluationForm(prefix="e")
    form.evaluator_id.set_choices(org_queries.person_choices())
    return form


def _action_form() -> ActionForm:
    form = ActionForm(prefix="a")
    form.owner_id.set_choices(org_queries.person_choices())
    return form


@bp.get("/<int:risk_id>")
@require(Permission.RISK_VIEW)
def detail(risk_id: int):
    risk = db.get_or_404(Risk, risk_id)
    method = services.settings()
    can_manage = services.can_manage(current_actor())
    treatment_form = _treatment_form(risk, method)
    treatment_form.row_version.data = risk.row_version
    evaluation_form = _evaluation_form(risk)
    evaluation_form.row_version.data = risk.row_version
    return render_template(
        "risks/detail.html", risk=risk, method=method, can_manage=can_manage,
        actions=services.actions_of(risk), can_evaluate=services.can_evaluate(risk),
        treatment_form=treatment_form, action_form=_action_form(),
        evaluation_form=evaluation_form, today=local_date(utcnow()),
        history=audit_log.history_for(risk))


def _back(risk: Risk, anchor: str = ""):
    return redirect(url_for("risks.detail", risk_id=risk.id) + anchor)



@bp.post("/<int:risk_id>/treatment")
@require(Permission.RISK_MANAGE)
def treat(risk_id: int):
    risk = db.get_or_404(Risk, risk_id)
    form = _treatment_form(risk, services.settings())
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        run_service(lambda: services.set_treatment(
            risk, actor=current_actor(), now=utcnow(), treatment=form.treatment.data,
            approver_id=form.approver_id.data, justification=form.justification.data or "",
            residual_likelihood=form.residual_likelihood.data,
            residual_impact=form.residual_impact.data, review_on=form.review_on.data,
            expected_version=form.row_version.data), _("Treatment saved."))
    return _back(risk, "#treatment")


@bp.post("/<int:risk_id>/actions")
@require(Permission.RISK_MANAGE)
def add_action(risk_id: int):
    risk = db.get_or_404(Risk, risk_id)
    form = _action_form()
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        run_service(lambda: services.add_risk_action(
            risk, actor=current_actor(), now=utcnow(), title=form.title.data or "",
            owner_id=form.owner_id.data, due_on=form.due_on.data,
            description=form.description.data or ""), _("Action added."))
    return _back(risk, "#actions")


@bp.post("/<int:risk_id>/evaluation")
@require(Permission.RISK_MANAGE)
def evaluate(risk_id: int):
    risk = db.get_or_404(Risk, risk_id)
    form = _evaluation_form(risk)
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
    else:
        run_service(lambda: services.evaluate(
            risk, actor=current_actor(), now=utcnow(), evaluator_id=form.evaluator_id.data,
            effective=form.effective_value(), comment=form.comment.data or "",
            evaluated_on=form.evaluated_on.data, expected_version=form.row_version.data),
            _("Evaluation saved."))
    return _back(risk, "#evaluation")


# --- the scoring method ---------------------------------------------------------------------

@bp.route("/settings", methods=["GET", "POST"])
@require(Permission.RISK_MANAGE)
def settings():
    method = services.settings()
    form = SettingsForm(obj=method)
    if request.method == "GET":
        form.row_version.data = method.row_version
    if form.validate_on_submit():
        try:
            services.save_settings(actor=current_actor(), now=utcnow(),
                                   expected_version=form.row_version.data or None,
                                   **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Scoring method saved."), "success")
            return redirect(url_for("risks.heat_map"))
    history = audit_log.history_for(method) if method.id else []
    return render_template("risks/settings.html", form=form, method=method, history=history)


# --- context issues -------------------------------------------------------------------------

@bp.get("/context")
@require(Permission.RISK_VIEW)
def issues():
    args = request.args
    f = queries.IssueFilter(query=args.get("q", "").strip()[:100],
                            kind=_choice(args.get("kind", ""), ISSUE_KIND_LABELS),
                            status=_choice(args.get("status", ""), ISSUE_STATUS_LABELS))
    return render_template("risks/issues.html", page=_page(queries.issues(f)), f=f,
                           kinds=ISSUE_KIND_LABELS, statuses=ISSUE_STATUS_LABELS,
                           today=local_date(utcnow()),
                           can_manage=services.can_manage(current_actor()))


def _issue_form(issue: ContextIssue | None = None) -> IssueForm:
    form = IssueForm(obj=issue)
    form.process_ids.choices = queries.process_choices()
    if request.method == "GET" and issue is not None:
        form.process_ids.data = issue.process_ids
        form.row_version.data = issue.row_version
    return form


def _save(form, call, success, endpoint, arg):
    try:
        record = call()
    except DomainError as error:
        db.session.rollback()
        show_domain_error(form, error)
        return None
    flash(success, "success")
    return redirect(url_for(endpoint, **{arg: record.id}))


@bp.route("/context/new", methods=["GET", "POST"])
@require(Permission.RISK_MANAGE)
def create_issue():
    form = _issue_form()
    if request.method == "GET":
        form.kind.data = _choice(request.args.get("kind", "external"),
                                 ISSUE_KIND_LABELS) or "external"
    if form.validate_on_submit():
        done = _save(form, lambda: services.save_issue(None, actor=current_actor(), now=utcnow(),
                                                       **form.values()),
                     _("Issue saved."), "risks.issue", "issue_id")
        if done:
            return done
    return render_template("risks/issue_form.html", form=form, issue=None,
                           external=EXTERNAL_CATEGORIES, internal=INTERNAL_CATEGORIES)


@bp.route("/context/<int:issue_id>/edit", methods=["GET", "POST"])
@require(Permission.RISK_MANAGE)
def edit_issue(issue_id: int):
    issue = db.get_or_404(ContextIssue, issue_id)
    form = _issue_form(issue)
    if form.validate_on_submit():
        done = _save(form, lambda: services.save_issue(
            issue, actor=current_actor(), now=utcnow(), expected_version=form.row_version.data,
            **form.values()), _("Issue saved."), "risks.issue", "issue_id")
        if done:
            return done
    return render_template("risks/issue_form.html", form=form, issue=issue,
                           external=EXTERNAL_CATEGORIES, internal=INTERNAL_CATEGORIES)


@bp.get("/context/<int:issue_id>")
@require(Permission.RISK_VIEW)
def issue(issue_id: int):
    record = db.get_or_404(ContextIssue, issue_id)
    return render_template("risks/issue.html", issue=record, categories=CATEGORY_LABELS,
                           risks=queries.risks_from(issue=record), method=services.settings(),
                           history=audit_log.history_for(record),
                           can_manage=services.can_manage(current_actor()))


# --- interested parties ---------------------------------------------------------------------

@bp.get("/parties")
@require(Permission.RISK_VIEW)
def parties():
    args = request.args
    f = queries.PartyFilter(query=args.get("q", "").strip()[:100],
                            kind=_choice(args.get("kind", ""), PARTY_KIND_LABELS),
                            status=_choice(args.get("status", ""), ISSUE_STATUS_LABELS))
    return render_template("risks/parties.html", page=_page(queries.parties(f)), f=f,
                           kinds=PARTY_KIND_LABELS, statuses=ISSUE_STATUS_LABELS,
                           today=local_date(utcnow()),
                           can_manage=services.can_manage(current_actor()))


def _party_form(party: InterestedParty | None = None) -> PartyForm:
    form = PartyForm(obj=party)
    form.process_ids.choices = queries.process_choices()
    if request.method == "GET" and party is not None:
        form.process_ids.data = party.process_ids
        form.row_version.data = party.row_version
    return form


@bp.route("/parties/new", methods=["GET", "POST"])
@require(Permission.RISK_MANAGE)
def create_party():
    form = _party_form()
    if form.validate_on_submit():
        done = _save(form, lambda: services.save_party(None, actor=current_actor(), now=utcnow(),
                                                       **form.values()),
                     _("Interested party saved."), "risks.party", "party_id")
        if done:
            return done
    return render_template("risks/party_form.html", form=form, party=None)


@bp.route("/parties/<int:party_id>/edit", methods=["GET", "POST"])
@require(Permission.RISK_MANAGE)
def edit_party(party_id: int):
    party = db.get_or_404(InterestedParty, party_id)
    form = _party_form(party)
    if form.validate_on_submit():
        done = _save(form, lambda: services.save_party(
            party, actor=current_actor(), now=utcnow(), expected_version=form.row_version.data,
            **form.values()), _("Interested party saved."), "risks.party", "party_id")
        if done:
            return done
    return render_template("risks/party_form.html", form=form, party=party)


@bp.get("/parties/<int:party_id>")
@require(Permission.RISK_VIEW)
def party(party_id: int):
    record = db.get_or_404(InterestedParty, party_id)
    return render_template("risks/party.html", party=record,
                           risks=queries.risks_from(party=record), method=services.settings(),
                           history=audit_log.history_for(record),
                           can_manage=services.can_manage(current_actor()))
