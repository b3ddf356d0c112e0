"""The register of external providers and their yearly evaluations."""

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
from qms.core.permissions import Permission, require
from qms.core.time import utcnow
from qms.core.web import current_actor, form_errors_text, local_today, show_domain_error
from qms.extensions import db
from qms.org import queries as org_queries
from qms.providers import queries, services
from qms.providers.forms import CriterionForm, ProviderForm, evaluation_form
from qms.providers.models import (
    DECISION_LABELS,
    PROVIDER_KIND_LABELS,
    PROVIDER_STATUS_LABELS,
    Provider,
    ProviderCriterion,
)

bp = Blueprint("providers", __name__, url_prefix="/providers")




def _provider(provider_id: int) -> Provider:
    provider = db.session.get(Provider, provider_id)
    if provider is None:
        abort(404)
    return provider


def _filter() -> queries.ProviderFilter:
    args = request.args
    kind, status, decision = args.get("kind", ""), args.get("status", ""), args.get("decision",
                                                                                   "")
    return queries.ProviderFilter(
        query=args.get("q", "").strip()[:100],
        kind=kind if kind in PROVIDER_KIND_LABELS else "",
        status=status if status in PROVIDER_STATUS_LABELS else "",
        decision=decision if decision in DECISION_LABELS else "",
        unit_id=args.get("unit", type=int), ending_soon=args.get("ending") == "1")


@bp.get("/")
@require(Permission.PROVIDER_VIEW)
def index():
    f = _filter()
    today = local_today()
    page = db.paginate(queries.register(f, today=today),
                       page=request.args.get("page", 1, type=int),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("providers/index.html", page=page, f=f, today=today,
                           latest=queries.latest_evaluations([p.id for p in page.items]),
                           kinds=PROVIDER_KIND_LABELS, statuses=PROVIDER_STATUS_LABELS,
                           decisions=DECISION_LABELS, units=org_queries.all_units(),
                           ending_days=queries.ENDING_SOON_DAYS,
                           can_manage=services.can_manage(current_actor()))


def _choices(form: ProviderForm) -> None:
    form.unit_id.set_choices((u.id, u.name) for u in org_queries.all_units())


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.PROVIDER_MANAGE)
def create():
    form = ProviderForm()
    _choices(form)
    if form.validate_on_submit():
        try:
            provider = services.register(actor=current_actor(), now=utcnow(), **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(name)s added to the register.", name=provider.name), "success")
            return redirect(url_for("providers.detail", provider_id=provider.id))
    return render_template("providers/form.html", form=form, provider=None)


@bp.route("/<int:provider_id>/edit", methods=["GET", "POST"])
@require(Permission.PROVIDER_MANAGE)
def edit(provider_id: int):
    provider = _provider(provider_id)
    form = ProviderForm(obj=provider)
    _choices(form)
    if request.method == "GET":
        form.row_version.data = provider.row_version
    if form.validate_on_submit():
        try:
            services.update(provider, actor=current_actor(), now=utcnow(),
                            expected_version=form.row_version.data, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(name)s saved.", name=provider.name), "success")
            return redirect(url_for("providers.detail", provider_id=provider.id))
    return render_template("providers/form.html", form=form, provider=provider)


@bp.get("/<int:provider_id>")
@require(Permission.PROVIDER_VIEW)
def detail(provider_id: int):
    provider = _provider(provider_id)
    from qms.core import charts

    evaluations = queries.evaluations_of(provider)
    ordered = sorted(evaluations, key=lambda e: e.year)
    chart = charts.bar_chart([(str(e.year), float(e.score)) for e in ordered],
                             title=_("Weighted score by year"), horizontal=False,
                             show_title=False, empty_label=_("No data")) if ordered else None
    return render_template("providers/detail.html", provider=provider,
                           evaluations=evaluations, chart=chart, today=local_today(),
                           can_manage=services.can_manage(current_actor()),
                           history=audit_log.history_for(provider))


@bp.route("/<int:provider_id>/evaluate", methods=["GET", "POST"])
@require(Permission.PROVIDER_MANAGE)
def evaluate(provider_id: int):
    provider = _provider(provider_id)
    criteria = services.active_criteria()
    form = evaluation_form(criteria)
    if request.method == "GET":
        form.year.data = local_today().year - (1 if local_today().month < 7 else 0)
    if form.validate_on_submit():
        try:
            services.evaluate(provider, actor=current_actor(), now=utcnow(), year=form.year.data,
                              scores=form.scores(), decision=form.decision.data or None,
                              comment=form.comment.data or "")
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Evaluation saved."), "success")
            return redirect(url_for("providers.detail", provider_id=provider.id))
    return render_template("providers/evaluate.html", form=form, provider=provider,
                           criteria=criteria)


# --- criteria -------------------------------------------------------------------------------

@bp.get("/criteria")
@require(Permission.PROVIDER_VIEW)
def criteria():
    rows = queries.criteria()
    can_manage = services.can_manage(current_actor())
    edit_forms = {c.id: CriterionForm(prefix=f"k{c.id}", obj=c) for c in rows} \
        if can_manage else {}
    return render_template("providers/criteria.html", criteria=rows, can_manage=can_manage,
                           new_form=CriterionForm(prefix="new"), edit_forms=edit_forms)


def _save_criterion(criterion, form) -> None:
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
        return
    try:
        services.save_criterion(criterion, actor=current_actor(), name=form.name.data or "",
                                description=form.description.data or "",
                                weight=form.weight.data, is_active=form.is_active.data)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Criterion saved."), "success")


@bp.post("/criteria/new")
@require(Permission.PROVIDER_MANAGE)
def criterion_add():
    _save_criterion(None, CriterionForm(prefix="new"))
    return redirect(url_for("providers.criteria"))


@bp.post("/criteria/<int:criterion_id>")
@require(Permission.PROVIDER_MANAGE)
def criterion_edit(criterion_id: int):
    criterion = db.session.get(ProviderCriterion, criterion_id)
    if criterion is None:
        abort(404)
    _save_criterion(criterion, CriterionForm(prefix=f"k{criterion.id}"))
    return redirect(url_for("providers.criteria") + f"#k{criterion.id}")
