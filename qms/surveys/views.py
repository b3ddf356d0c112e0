"""Client and staff satisfaction surveys: the builder, the public answer page, paper results,
results with the anonymity threshold, the poster and the CSV export."""

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
    session,
    url_for,
)
from flask_babel import gettext as _

from qms.core import audit_log, charts
from qms.core.errors import DomainError
from qms.core.forms import ConfirmForm
from qms.core.permissions import Permission, public, require
from qms.core.time import utcnow
from qms.core.web import current_actor, form_errors_text, run_service, show_domain_error
from qms.documents.pdf import qr_data_uri
from qms.extensions import db
from qms.org import queries as org_queries
from qms.surveys import queries, services
from qms.surveys.forms import PaperForm, QuestionForm, SurveyForm, answer_form, set_unit_choices
from qms.surveys.models import (
    CHANNEL_LABELS,
    LIKERT_LABELS,
    SURVEY_KIND_LABELS,
    SURVEY_STATUS_LABELS,
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)

bp = Blueprint("surveys", __name__, url_prefix="/surveys")

ANSWERED_KEY = "surveys_answered"



def _survey(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        abort(404)
    return survey


def _question(question_id: int) -> SurveyQuestion:
    question = db.session.get(SurveyQuestion, question_id)
    if question is None:
        abort(404)
    return question


def _public_url(survey: Survey) -> str:
    base = current_app.config.get("BASE_URL", "").rstrip("/") or request.host_url.rstrip("/")
    return base + url_for("surveys.answer", survey_token=survey.token)


def _back(survey: Survey, anchor: str = ""):
    return redirect(url_for("surveys.detail", survey_id=survey.id) + anchor)



# --- the list ---------------------------------------------------------------------------------

@bp.get("/")
@require(Permission.SURVEY_VIEW)
def index():
    args = request.args
    f = queries.SurveyFilter(
        kind=args.get("kind", "") if args.get("kind") in SURVEY_KIND_LABELS else "",
        year=args.get("year", type=int),
        status=args.get("status", "") if args.get("status") in SURVEY_STATUS_LABELS else "",
        query=args.get("q", "").strip()[:100])
    page = db.paginate(queries.surveys(f), page=args.get("page", 1, type=int),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("surveys/index.html", page=page, f=f,
                           totals=queries.totals([s.id for s in page.items]),
                           years=queries.years(), kinds=SURVEY_KIND_LABELS,
                           statuses=SURVEY_STATUS_LABELS,
                           can_manage=services.can_manage(current_actor()))


# --- the builder ------------------------------------------------------------------------------

def _survey_form_choices(form: SurveyForm) -> None:
    form.unit_id.set_choices((u.id, u.name) for u in org_queries.all_units())


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.SURVEY_MANAGE)
def create():
    form = SurveyForm()
    _survey_form_choices(form)
    if request.method == "GET":
        form.year.data = utcnow().year
        form.ask_unit.data = True
    if form.validate_on_submit():
        try:
            survey = services.create_survey(actor=current_actor(), now=utcnow(), **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Survey created. Add its questions."), "success")
            return redirect(url_for("surveys.detail", survey_id=survey.id))
    return render_template("surveys/form.html", form=form, survey=None)


@bp.route("/<int:survey_id>/edit", methods=["GET", "POST"])
@require(Permission.SURVEY_MANAGE)
def edit(survey_id: int):
    survey = _survey(survey_id)
    form = SurveyForm(obj=survey)
    _survey_form_choices(form)
    if request.method == "GET":
        form.row_version.data = survey.row_version
    if form.validate_on_submit():
        try:
            services.update_survey(survey, actor=current_actor(), now=utcnow(),
                                   expected_version=form.row_version.data, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return _back(survey)
    return render_template("surveys/form.html", form=form, survey=survey)


@bp.get("/<int:survey_id>")
@require(Permission.SURVEY_VIEW)
def detail(survey_id: int):
    survey = _survey(survey_id)
    actor = current_actor()
    can_manage = services.can_manage(actor)
    return render_template(
        "surveys/detail.html", survey=survey, can_manage=can_manage, confirm=ConfirmForm(),
        public_url=_public_url(survey) if not survey.is_draft else None,
        total=queries.totals([survey.id]).get(survey.id, 0),
        previous=queries.previous_survey(survey),
        paper=queries.paper_batches(survey) if can_manage else [],
        channel_labels=CHANNEL_LABELS,
        unit_names={u.id: u.name for u in org_queries.all_units()} if can_manage else {},
        history=audit_log.history_for(survey) if can_manage else [])


def _question_page(survey: Survey, form: QuestionForm, question: SurveyQuestion | None):
    return render_template("surveys/question.html", survey=survey, form=form,
                           question=question)


@bp.route("/<int:survey_id>/questions/new", methods=["GET", "POST"])
@require(Permission.SURVEY_MANAGE)
def add_question(survey_id: int):
    survey = _survey(survey_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            services.add_question(survey, actor=current_actor(), now=utcnow(), kind=form.kind.data,
                                  text=form.text.data or "", options=form.option_lines(),
                                  required=form.required.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Question added."), "success")
            if request.form.get("another"):
                return redirect(url_for("surveys.add_question", survey_id=survey.id))
            return _back(survey, "#questions")
    return _question_page(survey, form, None)


@bp.route("/questions/<int:survey_question_id>/edit", methods=["GET", "POST"])
@require(Permission.SURVEY_MANAGE)
def edit_question(survey_question_id: int):
    question = _question(survey_question_id)
    form = QuestionForm(obj=question)
    if request.method == "GET":
        form.options.data = "\n".join(question.options or [])
        form.row_version.data = question.row_version
    if form.validate_on_submit():
        try:
            services.update_question(question, actor=current_actor(), now=utcnow(),
                                     kind=form.kind.data, text=form.text.data or "",
                                     options=form.option_lines(), required=form.required.data,
                                     expected_version=form.row_version.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Question saved."), "success")
            return _back(question.survey, f"#question-{question.id}")
    return _question_page(question.survey, form, question)


@bp.post("/questions/<int:survey_question_id>/delete")
@require(Permission.SURVEY_MANAGE)
def delete_question(survey_question_id: int):
    question = _question(survey_question_id)
    survey = question.survey
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        run_service(lambda: services.delete_question(question, actor=current_actor(), now=utcnow()),
                    _("Question removed."))
    return _back(survey, "#questions")


@bp.post("/questions/<int:survey_question_id>/move")
@require(Permission.SURVEY_MANAGE)
def move_question(survey_question_id: int):
    question = _question(survey_question_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        run_service(lambda: services.move_question(question, actor=current_actor(), now=utcnow(),
                                                   up=request.form.get("direction") == "up"),
                    _("Order changed."))
    return _back(question.survey, f"#question-{question.id}")


@bp.post("/<int:survey_id>/copy-previous")
@require(Permission.SURVEY_MANAGE)
def copy_previous(survey_id: int):
    survey = _survey(survey_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        run_service(lambda: services.copy_previous(survey, actor=current_actor(), now=utcnow()),
                    _("The questions of the earlier survey were copied."))
    return _back(survey, "#questions")


def _step(survey_id: int, call, success: str):
    survey = _survey(survey_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        run_service(lambda: call(survey, actor=current_actor(), now=utcnow()), success)
    return _back(survey)


@bp.post("/<int:survey_id>/publish")
@require(Permission.SURVEY_MANAGE)
def publish(survey_id: int):
    return _step(survey_id, services.publish, _("The survey is open for answers."))


@bp.post("/<int:survey_id>/close")
@require(Permission.SURVEY_MANAGE)
def close(survey_id: int):
    return _step(survey_id, services.close, _("The survey is closed."))


@bp.post("/<int:survey_id>/reopen")
@require(Permission.SURVEY_MANAGE)
def reopen(survey_id: int):
    return _step(survey_id, services.reopen, _("The survey is open for answers again."))


@bp.get("/<int:survey_id>/preview")
@require(Permission.SURVEY_MANAGE)
def preview(survey_id: int):
    survey = _survey(survey_id)
    form = answer_form(survey)()
    set_unit_choices(form, queries.active_units())
    return render_template("surveys/answer.html", survey=survey, form=form, preview=True,
                           likert_labels=LIKERT_LABELS)


# --- paper results ----------------------------------------------------------------------------

def _paper_counts(survey: Survey) -> tuple[dict, dict]:
    counts, texts = {}, {}
    for question in survey.questions:
        if question.kind == QuestionKind.TEXT:
            texts[question.id] = request.form.get(f"t{question.id}", "").splitlines()
        else:
            counts[question.id] = {value: request.form.get(f"c{question.id}_{value}", "")
                                   for value in question.value_labels()}
    return counts, texts


@bp.route("/<int:survey_id>/paper", methods=["GET", "POST"])
@require(Permission.SURVEY_MANAGE)
def paper(survey_id: int):
    survey = _survey(survey_id)
    form = PaperForm()
    form.unit_id.set_choices((u.id, u.name) for u in org_queries.all_units())
    error_field = None
    if form.validate_on_submit():
        counts, texts = _paper_counts(survey)
        try:
            services.enter_paper_results(
                survey, actor=current_actor(), now=utcnow(),
                questionnaires=form.questionnaires.data,
                counts=counts, texts=texts, unit_id=form.unit_id.data,
                answered_on=form.answered_on.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
            error_field = (error.field, str(error)) if error.field else None
        else:
            flash(_("Paper results saved."), "success")
            return _back(survey, "#paper")
    return render_template("surveys/paper.html", survey=survey, form=form,
                           error_field=error_field, values=request.form)


@bp.post("/paper/<int:survey_response_id>/delete")
@require(Permission.SURVEY_MANAGE)
def delete_paper(survey_response_id: int):
    response = db.session.get(SurveyResponse, survey_response_id)
    if response is None:
        abort(404)
    survey = _survey(response.survey_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; try again."), "error")
    else:
        run_service(lambda: services.delete_paper_batch(response, actor=current_actor(),
                                                        now=utcnow()),
                    _("Paper results removed."))
    return _back(survey, "#paper")


# --- results ----------------------------------------------------------------------------------

def _unit_filter(survey: Survey) -> tuple[int | None, list]:
    units = [row for row in queries.units_of(survey) if row.unit_id is not None]
    unit_id = request.args.get("unit", type=int)
    if unit_id not in {row.unit_id for row in units}:
        unit_id = None
    return unit_id, units


def _charts(outcome: queries.SurveyResults) -> dict:
    likert = [item for item in outcome.likert if not item.hidden]
    if not likert:
        return {}
    labels = [f"{item.question.position}." for item in likert]
    year = str(outcome.survey.year)
    series = [(year, [item.mean for item in likert])]
    if outcome.previous is not None:
        series.append((str(outcome.previous.year),
                       [None if item.previous_hidden else item.previous_mean
                        for item in likert]))
    means = charts.grouped_bar_chart(labels, series, title=_("Mean per question (1–5)"),
                                     show_title=False, empty_label=_("No data"))
    values = [value for value, _label in LIKERT_LABELS.items()]
    spread = charts.stacked_bar_chart(
        labels, [(f"{value} – {LIKERT_LABELS[value]}",
                  [dict((v, c) for v, _l, c, _p in item.distribution).get(value, 0)
                   for item in likert]) for value in values],
        title=_("Answers per question"), show_title=False, empty_label=_("No data"))
    return {"means": means, "spread": spread}


@bp.get("/<int:survey_id>/results")
@require(Permission.SURVEY_VIEW)
def results(survey_id: int):
    survey = _survey(survey_id)
    unit_id, units = _unit_filter(survey)
    outcome = queries.results(survey, unit_id)
    return render_template(
        "surveys/results.html", survey=survey, outcome=outcome, unit_id=unit_id,
        units=units, all_units=queries.units_of(survey), charts=_charts(outcome),
        min_answers=queries.min_answers(), channel_labels=CHANNEL_LABELS,
        text_questions=queries.text_questions(survey),
        can_export=services.can_view_results(current_actor()))


@bp.get("/<int:survey_id>/results.csv")
@require(Permission.SURVEY_VIEW)
def export(survey_id: int):
    survey = _survey(survey_id)
    names = {row.unit_id: row.name for row in queries.units_of(survey)}
    text = services.export_csv(survey, actor=current_actor(), now=utcnow(), unit_names=names)
    return Response(text, mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="survey-{survey.year}-{survey.id}.csv"'})


@bp.get("/<int:survey_id>/comments")
@require(Permission.SURVEY_VIEW)
def comments(survey_id: int):
    survey = _survey(survey_id)
    unit_id, units = _unit_filter(survey)
    questions = queries.text_questions(survey)
    question = next((q for q in questions
                     if q.id == request.args.get("question", type=int)), None)
    if question is None and questions:
        question = questions[0]
    page = None
    if question is not None:
        stmt = queries.comments(survey, question, unit_id)
        if stmt is not None:
            page = db.paginate(stmt, page=request.args.get("page", 1, type=int),
                               per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("surveys/comments.html", survey=survey, questions=questions,
                           question=question, page=page, unit_id=unit_id, units=units,
                           min_answers=queries.min_answers())


@bp.get("/<int:survey_id>/poster")
@require(Permission.SURVEY_VIEW)
def poster(survey_id: int):
    survey = _survey(survey_id)
    url = _public_url(survey) if survey.is_open else None
    return render_template("surveys/poster.html", survey=survey, url=url,
                           qr=qr_data_uri(url, scale=8, border=2) if url else None)


# --- the public answer page ---------------------------------------------------------------------

def _answered(survey: Survey) -> bool:
    return survey.id in session.get(ANSWERED_KEY, [])


@bp.route("/answer/<survey_token>", methods=["GET", "POST"])
@public  # respondents do not sign in: the unguessable link is the invitation
def answer(survey_token: str):
    survey = queries.by_token(survey_token)
    if survey is None:
        abort(404)
    if not survey.is_open:
        return render_template("surveys/closed.html", survey=survey)
    if _answered(survey):
        return render_template("surveys/thanks.html", survey=survey, again=True)
    form = answer_form(survey)()
    set_unit_choices(form, queries.active_units())
    if form.validate_on_submit():
        answers = {services.field_name(q): form[services.field_name(q)].data
                   for q in survey.questions}
        try:
            services.submit_answers(survey, now=utcnow(), answers=answers,
                                    unit_id=form.unit_id.data if "unit_id" in form else None)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            # Only this browser session remembers that it answered: nothing is stored.
            session[ANSWERED_KEY] = [*session.get(ANSWERED_KEY, [])[-49:], survey.id]
            return redirect(url_for("surveys.thanks", survey_token=survey.token))
    elif request.method == "POST":
        flash(form_errors_text(form), "error")
    return render_template("surveys/answer.html", survey=survey, form=form, preview=False,
                           likert_labels=LIKERT_LABELS)


@bp.get("/answer/<survey_token>/thanks")
@public
def thanks(survey_token: str):
    survey = queries.by_token(survey_token)
    if survey is None:
        abort(404)
    return render_template("surveys/thanks.html", survey=survey, again=False)
