"""Management review pages: the list by year, the review with every 9.3.2 input, the steps,
and the PDF and Markdown exports."""

from __future__ import annotations

import datetime as dt
from collections import ChainMap
from contextlib import nullcontext
from decimal import Decimal, InvalidOperation

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from qms.audits.models import AUDIT_STATUS_LABELS, AUDIT_TYPE_LABELS, ITEM_RESULT_LABELS
from qms.core import audit_log, charts
from qms.core.errors import DomainError
from qms.core.formatting import format_amount, format_date
from qms.core.permissions import Permission, require
from qms.core.time import local_date, utcnow
from qms.core.web import current_actor, local_today, show_domain_error
from qms.nonconformities.models import (
    ACTION_STATUS_LABELS,
    FEEDBACK_KIND_LABELS,
    ROOT_CAUSE_LABELS,
    SEVERITY_LABELS,
    SOURCE_LABELS,
)
from qms.org import queries as org_queries
from qms.org.models import STAFF_CATEGORY_LABELS
from qms.reviews import assemble, services
from qms.reviews.forms import (
    ConclusionsForm,
    DistributionForm,
    MeetingForm,
    NarrativeForm,
    NoDataReasonForm,
    OpenDraftForm,
    OutputForm,
)
from qms.reviews.models import (
    CONCLUSION_FIELDS,
    CONCLUSION_LABELS,
    OUTPUT_CLASS_LABELS,
    ManagementReview,
)

bp = Blueprint("reviews", __name__, url_prefix="/reviews")

SECTION_TITLES = {
    "a_previous_actions": _l("Status of actions from previous management reviews"),
    "b_context_changes": _l("Changes in external and internal issues"),
    "c1_client_feedback": _l("Customer satisfaction and feedback from interested parties"),
    "c2_objectives": _l("Extent to which quality objectives have been met"),
    "c3_process_performance": _l("Process performance and conformity of services"),
    "c4_nonconformities": _l("Nonconformities and corrective actions"),
    "c5_monitoring": _l("Monitoring and measurement results"),
    "c6_audits": _l("Audit results"),
    "c7_providers": _l("Performance of external providers"),
    "d_resources": _l("Adequacy of resources"),
    "e_risks": _l("Effectiveness of actions taken to address risks and opportunities"),
    "f_improvement": _l("Opportunities for improvement"),
}

NOTE_LABELS = {
    "context_register_missing": _l("There is no register of internal and external issues yet; "
                                   "the figures show changed external and internal documents."),
    "surveys_missing": _l("Client satisfaction surveys have no module yet; only registered "
                          "feedback is counted."),
    "objectives_missing": _l("No data source yet: quality objectives have no module."),
    "indicators_missing": _l("Process indicators have no module yet; nonconformities and "
                             "audits stand in for them."),
    "providers_missing": _l("No data source yet: external providers have no module."),
    "risks_missing": _l("No data source yet: risks and opportunities have no module."),
    "headcount_is_current": _l("Headcount is the current staffing, not a yearly history."),
}

FIGURE_LABELS = {
    "outputs": _l("Outputs"), "done": _l("Done"), "open": _l("Open"),
    "cancelled": _l("Cancelled"), "overdue": _l("Overdue"),
    "outputs_of_previous_review": _l("Outputs of the previous review"),
    "done_of_previous_review": _l("of them done"),
    "external_documents_changed": _l("External documents changed"),
    "documents_changed": _l("Own documents changed"),
    "feedback": _l("Feedback"), "complaints": _l("Complaints"),
    "suggestions": _l("Suggestions"), "compliments": _l("Compliments"),
    "justified_complaints": _l("Justified complaints"), "unanswered": _l("Not answered"),
    "processes": _l("Processes"),
    "processes_with_nonconformities": _l("Processes with nonconformities"),
    "processes_audited": _l("Processes audited"),
    "nonconformities_with_process": _l("Nonconformities with a process"),
    "opened": _l("Opened"), "closed": _l("Closed"), "verified": _l("Verified"),
    "first_time_effective_percent": _l("Effective the first time"),
    "budget_planned": _l("Budget planned"), "cost_actual": _l("Spent"),
    "major": _l("Major"), "minor": _l("Minor"),
    "nonconformities": _l("Nonconformities"), "nonconformities_closed": _l("Closed"),
    "internal_planned": _l("Internal audits planned"),
    "internal_done": _l("Internal audits done"),
    "internal_cancelled": _l("Internal audits cancelled"),
    "programme_completion_percent": _l("Programme completion"), "findings": _l("Findings"),
    "certification_audits": _l("Certification audits"), "inspections": _l("Inspections"),
    "prescriptions": _l("Prescriptions and recommendations"),
    "prescriptions_open": _l("Open prescriptions"),
    "prescriptions_overdue": _l("Overdue prescriptions"),
    "headcount": _l("Headcount"), "people_with_accounts": _l("People with accounts"),
    "units": _l("Units"),
    "positions": _l("Positions"),
    "nonconformity_budget_planned": _l("Nonconformity budget planned"),
    "nonconformity_cost_actual": _l("Nonconformity budget spent"),
    "improvement_actions": _l("Improvement actions"),
    "improvement_actions_done": _l("Improvement actions done"),
    "audit_opportunities": _l("Audit observations and opportunities"),
}

TABLE_LABELS = {
    "by_status": _l("By status"), "previous_outputs": _l("Outputs of previous reviews"),
    "external_changes": _l("External documents with a new version in effect"),
    "by_topic": _l("Feedback by topic"), "per_process": _l("Per process"),
    "root_causes": _l("Root causes"), "by_source": _l("By source"),
    "by_severity": _l("By severity"), "findings_by_class": _l("Audit findings by class"),
    "certification_audits": _l("Certification and surveillance audits"),
    "inspections_by_authority": _l("External inspections by authority"),
    "headcount_by_category": _l("Headcount by staff category"),
    "improvement_register": _l("Improvement register: open actions first"),
    "improvements_by_source": _l("Improvement actions by source"),
}

SOURCE_TYPE_LABELS = {
    "register": _l("Improvement register"), "audit_item": _l("Audit finding"),
    "feedback": _l("Client feedback"), "indicator": _l("Process indicator"),
    "indicator_value": _l("Process indicator"), "prescription": _l("Inspection prescription"),
    "risk": _l("Risk or opportunity"), "management_review": _l("Management review"),
}

COLUMN_LABELS = {
    "status": _l("Status"), "count": _l("Count"), "review_year": _l("Review"),
    "output_class": _l("Kind of output"), "title": _l("Title"), "due_on": _l("Due"),
    "done_on": _l("Done on"), "overdue": _l("Overdue"), "action_id": _l("Action"),
    "code": _l("Code"), "version": _l("Version"), "effective_on": _l("Effective from"),
    "kind": _l("Kind"), "topic": _l("Topic"), "process": _l("Process"), "name": _l("Name"),
    "nonconformities": _l("Nonconformities"), "open": _l("Open"), "audits": _l("Audits"),
    "category": _l("Root-cause category"), "source": _l("Source"), "severity": _l("Severity"),
    "result": _l("Class"), "number": _l("Number"), "audit_type": _l("Type"),
    "audit_status": _l("Status"), "authority": _l("Authority"),
    "staff_category": _l("Staff category"), "source_type": _l("Source"),
    "headcount": _l("Headcount"), "done": _l("Done"),
}

_VALUE_LABELS = {
    "status": ACTION_STATUS_LABELS, "output_class": OUTPUT_CLASS_LABELS,
    "category": ROOT_CAUSE_LABELS, "source": SOURCE_LABELS, "severity": SEVERITY_LABELS,
    "kind": FEEDBACK_KIND_LABELS, "result": ITEM_RESULT_LABELS,
    "audit_type": AUDIT_TYPE_LABELS, "audit_status": AUDIT_STATUS_LABELS,
    "staff_category": STAFF_CATEGORY_LABELS, "source_type": SOURCE_TYPE_LABELS,
}
_DATES = {"due_on", "done_on", "effective_on"}


def labels(own: dict, section: dict | None = None) -> ChainMap:
    """The labels of a section: those of the modules merged into it first, then ``own``,
    then every label other modules registered (assemble.EXTRA_LABELS)."""
    modules = [assemble.module_labels(name) for name in (section or {}).get("label_modules", [])]
    return ChainMap(*modules, own, assemble.extra_labels())


def labels_for(section: dict) -> dict:
    """Figure, table, column and note labels for one section (templates)."""
    return {"figures": labels(FIGURE_LABELS, section), "tables": labels(TABLE_LABELS, section),
            "columns": labels(COLUMN_LABELS, section), "notes": labels(NOTE_LABELS, section)}




def _now():
    return utcnow()



def _is_money(key: str) -> bool:
    return "budget" in key or "cost" in key


def figure_value(key: str, value) -> str:
    if value is None:
        return "—"
    if _is_money(key):
        try:
            return format_amount(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if key.endswith("_percent"):
        return f"{charts.format_value(float(value))} %"
    return str(value)


def cell(column: str, value) -> str:
    if value is None or value == "":
        return "—"
    if column in _DATES:
        try:
            return format_date(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if column == "overdue":
        return _("yes") if value else ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if column == "action_id":
        return f"#{value}"
    value_labels = _VALUE_LABELS.get(column)
    if value_labels is not None:
        return str(value_labels.get(value, value))
    if isinstance(value, str) and value in assemble.EXTRA_LABELS:
        return str(assemble.EXTRA_LABELS[value])
    return str(value)


def _floats(values) -> list[float | None]:
    out = []
    for v in values:
        try:
            out.append(float(v) if v is not None else None)
        except (TypeError, ValueError):
            out.append(None)
    return out


def section_charts(section: dict) -> list:
    """SVG charts of one section: the three-year trend (counts, money and percentages
    apart; series that are all zero left out) and the root-cause Pareto."""
    out = []
    trend = section.get("trend")
    names = labels(FIGURE_LABELS, section)
    clause = section.get("clause", "")
    if trend and trend.get("series"):
        years = [str(y) for y in trend["years"]]
        groups: dict[str, list] = {"count": [], "money": [], "percent": []}
        for key, values in trend["series"].items():
            values = _floats(values)
            if not any(values):
                continue
            group = ("money" if _is_money(key) else "percent" if key.endswith("_percent")
                     else "count")
            groups[group].append((str(names.get(key, key)), values))
        if groups["count"]:
            out.append(charts.grouped_bar_chart(
                years, groups["count"], title=f"{_('Three-year trend')} ({clause})",
                empty_label=_("No data")))
        if groups["money"]:
            out.append(charts.grouped_bar_chart(
                years, groups["money"], unit="€",
                title=f"{_('Budget planned and spent (€)')} ({clause})",
                empty_label=_("No data")))
        if groups["percent"]:
            out.append(charts.line_chart(
                years, groups["percent"], unit="%", title=f"{_('Trend in per cent')} ({clause})",
                empty_label=_("No data")))
    for table in section.get("tables", []):
        if table["key"] == "root_causes":
            items = [(cell("category", k), float(v)) for k, v in table["rows"]]
            out.append(charts.pareto_chart(items, title=f"{_('Root causes (Pareto)')} "
                                                        f"({clause})",
                                           empty_label=_("No data")))
    return out


def _context(year: int) -> dict:
    review = services.get(year)
    today = local_today()
    pack = services.pack_for(review, year, today=today)
    missing = services.missing_for_approval(review, pack) if review is not None else None
    return {
        "year": year, "review": review, "pack": pack, "today": today, "missing": missing,
        "titles": SECTION_TITLES, "note_labels": labels(NOTE_LABELS),
        "figure_labels": labels(FIGURE_LABELS), "table_labels": labels(TABLE_LABELS),
        "column_labels": labels(COLUMN_LABELS),
        "figure_value": figure_value, "cell": cell, "section_charts": section_charts,
        "labels_for": labels_for,
        "needs_reason": assemble.needs_reason, "conclusion_fields": CONCLUSION_FIELDS,
        "conclusion_labels": CONCLUSION_LABELS,
        "head": services.head_of_institution(),
        "institution": getattr(services.institution(), "name", ""),
    }


def _review_or_redirect(year: int) -> ManagementReview | None:
    review = services.get(year)
    if review is None:
        flash(_("Open the draft of the review first."), "error")
    return review


def _back(year: int, anchor: str = ""):
    return redirect(url_for("reviews.detail", year=year) + (f"#{anchor}" if anchor else ""))


# --- pages --------------------------------------------------------------------------------------

@bp.get("/")
@require(Permission.REVIEW_VIEW)
def index():
    form = OpenDraftForm()
    form.year.data = local_today().year
    return render_template("reviews/index.html", reviews=services.all_reviews(), form=form,
                           this_year=local_today().year)


@bp.post("/open")
@require(Permission.REVIEW_MANAGE)
def open_draft():
    form = OpenDraftForm()
    if form.validate_on_submit():
        try:
            review = services.open_draft(form.year.data, actor=current_actor(), now=_now())
            return _back(review.year)
        except DomainError as error:
            flash(str(error), "error")
    else:
        flash(_("Choose a year."), "error")
    return redirect(url_for("reviews.index"))


@bp.get("/<int:year>")
@require(Permission.REVIEW_VIEW)
def detail(year: int):
    context = _context(year)
    review = context["review"]
    conclusions = ConclusionsForm(obj=review) if review is not None else ConclusionsForm()
    meeting = MeetingForm()
    if review is not None:
        meeting.planned_meeting_on.data = review.planned_meeting_on
        meeting.participants.data = "\n".join(review.participants or [])
        meeting.attended.data = [n for n, present in (review.attendance or {}).items()
                                 if present]
    output_form = OutputForm()
    output_form.owner_id.set_choices(org_queries.person_choices(), allow_blank=False)
    return render_template(
        "reviews/detail.html", **context, open_form=OpenDraftForm(),
        narrative_form=NarrativeForm(), reason_form=NoDataReasonForm(),
        conclusions_form=conclusions, meeting_form=meeting, output_form=output_form,
        distribution_form=DistributionForm(), meeting_gaps=services.MEETING_GAPS,
        can_manage=services.can_manage(current_actor()),
        can_approve=services.can_approve(current_actor()),
        history=audit_log.history_for(review) if review is not None else [])


@bp.post("/<int:year>/start")
@require(Permission.REVIEW_MANAGE)
def start(year: int):
    review = _review_or_redirect(year)
    if review is not None:
        try:
            services.start(review, actor=current_actor(), now=_now())
            flash(_("The figures are frozen; the review is in progress."), "success")
        except DomainError as error:
            flash(str(error), "error")
    return _back(year)


@bp.post("/<int:year>/narrative")
@require(Permission.REVIEW_MANAGE)
def narrative(year: int):
    form = NarrativeForm()
    review = _review_or_redirect(year)
    if review is not None and form.validate_on_submit():
        try:
            services.save_narratives(review, actor=current_actor(), now=_now(),
                                     narratives={form.section.data: form.text.data or ""})
            flash(_("Saved."), "success")
        except DomainError as error:
            flash(str(error), "error")
    return _back(year, form.section.data or "")


@bp.post("/<int:year>/no-data")
@require(Permission.REVIEW_MANAGE)
def no_data(year: int):
    form = NoDataReasonForm()
    review = _review_or_redirect(year)
    if review is not None and form.validate_on_submit():
        try:
            services.save_no_data_reason(review, actor=current_actor(), now=_now(),
                                         section=form.section.data,
                                         reason=form.reason.data or "")
            flash(_("Saved."), "success")
        except DomainError as error:
            flash(str(error), "error")
    return _back(year, form.section.data or "")


@bp.post("/<int:year>/conclusions")
@require(Permission.REVIEW_MANAGE)
def conclusions(year: int):
    form = ConclusionsForm()
    review = _review_or_redirect(year)
    if review is not None and form.validate_on_submit():
        try:
            services.save_conclusions(review, actor=current_actor(), now=_now(), **{
                name: getattr(form, name).data or "" for name in CONCLUSION_FIELDS})
            flash(_("Saved."), "success")
        except DomainError as error:
            flash(str(error), "error")
    return _back(year, "conclusions")


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@bp.post("/<int:year>/meeting")
@require(Permission.REVIEW_MANAGE)
def meeting(year: int):
    form = MeetingForm()
    review = _review_or_redirect(year)
    if review is not None:
        if form.validate_on_submit():
            try:
                services.save_meeting(review, actor=current_actor(), now=_now(),
                                      planned_meeting_on=form.planned_meeting_on.data,
                                      participants=_lines(form.participants.data),
                                      attended=form.attended.data or [])
                flash(_("Saved."), "success")
            except DomainError as error:
                flash(str(error), "error")
        else:
            flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return _back(year, "meeting")


@bp.post("/<int:year>/outputs")
@require(Permission.REVIEW_MANAGE)
def add_output(year: int):
    form = OutputForm()
    form.owner_id.set_choices(org_queries.person_choices(), allow_blank=False)
    review = _review_or_redirect(year)
    if review is not None:
        if form.validate_on_submit():
            try:
                services.add_output(review, actor=current_actor(), now=_now(),
                                    output_class=form.output_class.data, title=form.title.data,
                                    owner_id=form.owner_id.data, due_on=form.due_on.data,
                                    description=form.description.data or "",
                                    budget_planned=form.budget_planned.data,
                                    change_area=form.change_area.data or "")
                flash(_("The output is recorded as an action."), "success")
            except DomainError as error:
                show_domain_error(form, error)
                flash(str(error), "error")
        else:
            flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return _back(year, "outputs")


@bp.post("/<int:year>/distribute")
@require(Permission.REVIEW_MANAGE)
def distribute(year: int):
    form = DistributionForm()
    review = _review_or_redirect(year)
    if review is not None:
        if form.validate_on_submit():
            try:
                services.distribute(review, actor=current_actor(), now=_now(),
                                    recipients=_lines(form.recipients.data),
                                    channel=form.channel.data or "")
                flash(_("The distribution is logged."), "success")
            except DomainError as error:
                flash(str(error), "error")
        else:
            flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return _back(year, "approval")


@bp.post("/<int:year>/approve")
@require(Permission.REVIEW_APPROVE)
def approve(year: int):
    review = _review_or_redirect(year)
    if review is not None:
        try:
            services.approve(review, actor=current_actor(), now=_now())
            flash(_("The management review is approved."), "success")
        except DomainError as error:
            flash(str(error), "error")
    return _back(year)


# --- exports -----------------------------------------------------------------------------------

def _language() -> str | None:
    """``?lang=lv`` or ``?lang=en``: the report in that language, whatever the user's."""
    lang = request.args.get("lang", "")
    return lang if lang in current_app.config["LANGUAGES"] else None


# The PDFs of approved reviews (immutable records), by review, approval hash, language, print
# date and distribution log: a second download costs nothing.
_APPROVED_PDFS: dict[tuple, bytes] = {}
_APPROVED_PDFS_KEPT = 8


def _approved_pdf_key(year: int, lang: str) -> tuple | None:
    review = services.get(year)
    if review is None or not review.is_approved:
        return None
    return (year, review.approval_sha256, lang, local_today().isoformat(),
            len(review.distribution or []))


@bp.get("/<int:year>.pdf")
@require(Permission.REVIEW_VIEW)
def pdf(year: int):
    from weasyprint import HTML

    lang = _language()
    with force_locale(lang) if lang else nullcontext():
        key = _approved_pdf_key(year, lang or str(get_locale()))
        data = _APPROVED_PDFS.get(key) if key else None
        if data is None:
            html = render_template("pdf/review.html", **_context(year), printed_on=local_today(),
                                   **({"current_language": lang} if lang else {}))
            data = HTML(string=html, base_url=None).write_pdf()
            if key:
                while len(_APPROVED_PDFS) >= _APPROVED_PDFS_KEPT:
                    _APPROVED_PDFS.pop(next(iter(_APPROVED_PDFS)))
                _APPROVED_PDFS[key] = data
    suffix = f"-{lang}" if lang else ""
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="management-review-{year}{suffix}.pdf"'})



def _md_escape(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(context: dict) -> str:
    review, pack, year = context["review"], context["pack"], context["year"]
    lines = [f"# {_('Management review %(year)s', year=year)}", ""]
    status = review.status_label if review is not None else _("Not opened yet (live figures)")
    lines += [f"- {_('Status')}: {status}",
              f"- {_('Period')}: 01.01.{year}–31.12.{year}",
              f"- {_('Figures assembled on')}: {cell('due_on', pack.get('assembled_on'))}"]
    if review is not None and review.snapshot_sha256:
        lines.append(f"- {_('SHA-256 of the input pack')}: `{review.snapshot_sha256}`")
    lines.append("")
    narratives = (review.narratives or {}) if review is not None else {}
    reasons = (review.no_data_reasons or {}) if review is not None else {}
    for section in pack["sections"]:
        key = section["key"]
        scoped = labels_for(section)
        note_labels, figure_labels = scoped["notes"], scoped["figures"]
        table_labels, column_labels = scoped["tables"], scoped["columns"]
        lines += [f"## {section['clause']} {SECTION_TITLES.get(key, key)}", ""]
        for note in section["notes"]:
            lines += [f"> {note_labels.get(note, note)}", ""]
        if section["figures"]:
            lines += [f"| {_('Figure')} | {_('Value')} |", "|---|---:|"]
            lines += [f"| {_md_escape(figure_labels.get(k, k))} | {figure_value(k, v)} |"
                      for k, v in section["figures"].items()]
            lines.append("")
        trend = section.get("trend")
        if trend and trend.get("series"):
            lines += [f"| {_('Trend')} | " + " | ".join(str(y) for y in trend["years"]) + " |",
                      "|---|" + "---:|" * len(trend["years"])]
            lines += [f"| {_md_escape(figure_labels.get(k, k))} | "
                      + " | ".join(figure_value(k, v) for v in values) + " |"
                      for k, values in trend["series"].items()]
            lines.append("")
        for table in section["tables"]:
            if not table["rows"]:
                continue
            lines += [f"**{table_labels.get(table['key'], table['key'])}**", "",
                      "| " + " | ".join(str(column_labels.get(c, c))
                                        for c in table["columns"]) + " |",
                      "|" + "---|" * len(table["columns"])]
            lines += ["| " + " | ".join(_md_escape(cell(c, v))
                                        for c, v in zip(table["columns"], row, strict=False))
                      + " |" for row in table["rows"]]
            lines.append("")
        if reasons.get(key):
            lines += [f"*{_('No data / not applicable')}:* {reasons[key]}", ""]
        if narratives.get(key):
            lines += [narratives[key], ""]
    if review is not None:
        lines += [f"## {_('Conclusions')}", ""]
        for name in CONCLUSION_FIELDS:
            lines += [f"### {CONCLUSION_LABELS[name]}", "", getattr(review, name) or "—", ""]
        lines += [f"## {_('Outputs')}", ""]
        for output in review.outputs:
            action = output.action
            owner = action.owner.full_name if action.owner else "—"
            due = format_date(action.due_on) if action.due_on else "—"
            budget = (f"; {_('budget')} {format_amount(action.budget_planned)}"
                      if action.budget_planned is not None else "")
            lines.append(f"- {output.class_label}: {action.title} ({owner}; "
                         f"{action.status_label}; {_('due')} {due}{budget})")
        meeting = (format_date(review.planned_meeting_on) if review.planned_meeting_on
                   else "—")
        lines += ["", f"## {_('Participants')}", "",
                  f"{_('Meeting date')}: {meeting}", ""]
        for name in review.participants or []:
            present = (review.attendance or {}).get(name)
            lines.append(f"- {name} ({_('present') if present else _('absent')})")
        if review.approved_at:
            approver = review.approved_by.full_name if review.approved_by else "—"
            approved = _("Approved by %(name)s on %(date)s.", name=approver,
                         date=format_date(local_date(review.approved_at)))
            lines += ["", f"## {_('Approval')}", "", approved, "",
                      f"SHA-256: `{review.approval_sha256}`"]
            if review.distribution:
                lines += ["", f"### {_('Distribution')}", ""]
                lines += [f"- {d.get('to')} ({cell('due_on', d.get('on'))}"
                          + (f", {d['channel']}" if d.get("channel") else "") + ")"
                          for d in review.distribution]
    return "\n".join(lines) + "\n"


@bp.get("/<int:year>.md")
@require(Permission.REVIEW_VIEW)
def export_markdown(year: int):
    lang = _language()
    with force_locale(lang) if lang else nullcontext():
        text = markdown(_context(year))
    return Response(text, mimetype="text/markdown; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="management-review-{year}.md"'})

