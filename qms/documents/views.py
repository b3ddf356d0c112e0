"""Document control pages: library and search, document and version views, drafting,
review and approval, periodic review, read-and-understood, attachments, PDF and diff."""

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
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from qms.core import audit_log, files
from qms.core.errors import DomainError
from qms.core.forms import ConfirmForm
from qms.core.markdown import linked_codes, render, render_cached
from qms.core.permissions import ROLE_LABELS, Permission, Role, require
from qms.core.time import local_date, utcnow
from qms.core.web import current_actor, form_errors_text, show_domain_error
from qms.documents import diff, queries, services
from qms.documents.forms import (
    ApproveForm,
    AttachmentForm,
    CommentForm,
    DocumentCreateForm,
    DocumentForm,
    DocumentTypeForm,
    DraftForm,
    NewVersionForm,
    PeriodicReviewForm,
    ReasonForm,
    ReviewForm,
    SubmitForm,
)
from qms.documents.models import (
    Attachment,
    DocumentType,
    DocumentVersion,
    ReviewerRole,
    VersionStatus,
)
from qms.extensions import db
from qms.org import queries as org_queries
from qms.processes.services import all_processes

bp = Blueprint("documents", __name__, url_prefix="/documents")



def _document(code: str):
    document = queries.document_by_code(code)
    if document is None:
        abort(404)
    if not services.can_read(current_actor(), document):
        abort(403)
    return document


def _version(document, version_id: int) -> DocumentVersion:
    version = db.session.get(DocumentVersion, version_id)
    if version is None or version.document_id != document.id:
        abort(404)
    if version.status in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.APPROVED) \
            and not _may_see_work(document, version):
        abort(403)
    return version


def _may_see_work(document, version) -> bool:
    """Drafts and versions in review are for editors, reviewers and the approver."""
    actor = current_actor()
    return (services.can_edit(actor, document)
            or any(r.user_id == actor.id for r in version.reviewers))


def _body(version: DocumentVersion):
    """Sanitised HTML: cached for immutable versions; drafts resolved and flagged live."""
    if version.status == VersionStatus.DRAFT:
        titles = queries.resolver_for_codes(linked_codes(version.body_md))
        return render(version.body_md, lambda code: (
            (url_for("documents.current", code=code), titles[code]) if code in titles else None))
    return render_cached(version.content_sha256 or f"v{version.id}", version.body_md,
                         link_base=url_for("documents.index") + "")


def _language() -> str:
    return str(get_locale() or "lv")


def _filter_choices():
    language = _language()
    types = db.session.scalars(select(DocumentType).order_by(DocumentType.sort_order)).all()
    return {"types": [(t.id, t.label(language)) for t in types],
            "processes": [(p.id, str(p)) for p in all_processes()],
            "units": [(u.id, u.name) for u in org_queries.all_units()]}


# --- library -----------------------------------------------------------------------------------

@bp.get("/")
@require(Permission.DOCUMENT_READ)
def index():
    args = request.args
    f = queries.LibraryFilter(
        query=args.get("q", "").strip()[:200], type_id=args.get("type", type=int),
        process_id=args.get("process", type=int), unit_id=args.get("unit", type=int),
        owner_position_id=args.get("owner", type=int),
        include_superseded=args.get("superseded") == "1")
    page = queries.library_page(f, user=current_actor(), page=args.get("page", 1, type=int),
                                per_page=current_app.config["PAGE_SIZE"])
    snippets = {}
    if f.query:
        from qms.core.search import snippet

        snippets = {version.id: snippet(version.body_md, f.query) for version in page.items}
    return render_template("documents/index.html", page=page, f=f, snippets=snippets,
                           language=_language(), **_filter_choices())


@bp.get("/<code>")
@require(Permission.DOCUMENT_READ)
def current(code: str):
    """The version in effect (what [[CODE]] links open); editors see the latest otherwise."""
    document = _document(code)
    version = document.effective_version
    if version is None:
        version = document.latest_version
        if version is None or not _may_see_work(document, version):
            abort(404)
    return _show(document, version)


@bp.get("/<code>/v/<int:version_id>")
@require(Permission.DOCUMENT_READ)
def version(code: str, version_id: int):
    document = _document(code)
    return _show(document, _version(document, version_id))


def _show(document, version: DocumentVersion):
    actor = current_actor()
    done, total = queries.acknowledgement_totals(version)
    return render_template(
        "documents/version.html", document=document, version=version, body=_body(version),
        ack=services.pending_acknowledgement(version, actor) if version.status
        == VersionStatus.EFFECTIVE else None,
        ack_done=done, ack_total=total, broken=services.broken_links(version)
        if version.status == VersionStatus.DRAFT else [],
        backlinks=queries.backlinks(document), versions=queries.versions_of(document),
        can_edit=services.can_edit(actor, document), can_review=services.can_review(actor, version),
        can_approve=services.can_approve(actor, version),
        is_approver=any(r.user_id == actor.id and r.role == ReviewerRole.APPROVER
                        for r in version.reviewers),
        can_manage=services.can_manage(actor), confirm=ConfirmForm(),
        review_form=ReviewForm(), approve_form=ApproveForm(), reason_form=ReasonForm(),
        new_version_form=NewVersionForm(), periodic_form=PeriodicReviewForm(),
        submit_form=_submit_form(document) if version.is_editable else None,
        attachment_form=AttachmentForm(), language=_language(),
        history=audit_log.history_for(version), document_history=audit_log.history_for(document))


def _submit_form(document) -> SubmitForm:
    form = SubmitForm()
    form.reviewer_ids.choices = [(u.id, u.full_name) for u in
                                 services.eligible_reviewers(document)]
    form.approver_id.set_choices(((u.id, u.full_name) for u in
                                  services.eligible_approvers(document)), allow_blank=False)
    return form


# --- creating and editing ---------------------------------------------------------------------

def _document_form_choices(form: DocumentForm) -> None:
    options = _filter_choices()
    form.type_id.set_choices(options["types"], allow_blank=False)
    positions = [(p.id, f"{p.title} — {p.unit.name}") for p in org_queries.all_positions()]
    form.owner_position_id.set_choices(positions)
    form.unit_ids.choices = options["units"]
    form.process_ids.choices = options["processes"]
    form.distribution_unit_ids.choices = options["units"]
    form.distribution_position_ids.choices = positions


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.DOCUMENT_EDIT)
def create():
    form = DocumentCreateForm()
    _document_form_choices(form)
    if request.method == "GET" and not form.owner_position_id.data:
        form.owner_position_id.data = current_actor().position_id
    if form.validate_on_submit():
        try:
            document = services.create_document(
                actor=current_actor(), now=utcnow(), body_md=form.body_md.data or "",
                summary=form.summary.data or "", **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Document %(code)s created as a draft.", code=document.code), "success")
            return redirect(url_for("documents.edit_draft", code=document.code,
                                    version_id=document.latest_version.id))
    return render_template("documents/document_form.html", form=form, document=None)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@require(Permission.DOCUMENT_EDIT)
def edit(code: str):
    document = _document(code)
    if not services.can_edit(current_actor(), document):
        abort(403)
    form = DocumentForm(obj=document)
    _document_form_choices(form)
    if request.method == "GET":
        form.row_version.data = document.row_version
        form.iso_clauses.data = ", ".join(document.iso_clauses or [])
        form.legal_refs.data = "\n".join(document.legal_refs or [])
        form.unit_ids.data = [u.id for u in document.units]
        form.process_ids.data = [p.id for p in document.processes]
        form.distribution_unit_ids.data = [d.unit_id for d in document.distribution
                                           if d.unit_id]
        form.distribution_position_ids.data = [d.position_id for d in document.distribution
                                               if d.position_id]
    if form.validate_on_submit():
        try:
            services.update_document(document, actor=current_actor(), now=utcnow(),
                                     expected_version=form.row_version.data, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(code)s saved.", code=document.code), "success")
            return redirect(url_for("documents.current", code=document.code))
    return render_template("documents/document_form.html", form=form, document=document)


@bp.route("/<code>/v/<int:version_id>/edit", methods=["GET", "POST"])
@require(Permission.DOCUMENT_EDIT)
def edit_draft(code: str, version_id: int):
    document = _document(code)
    version = _version(document, version_id)
    if not services.can_edit(current_actor(), document):
        abort(403)
    if not version.is_editable:
        flash(_("Only a draft can be edited."), "error")
        return redirect(url_for("documents.version", code=code, version_id=version.id))
    form = DraftForm(obj=version)
    if request.method == "GET":
        form.row_version.data = version.row_version
    preview = None
    if form.validate_on_submit():
        if request.form.get("action") == "preview":
            preview = render(form.body_md.data or "")
        else:
            try:
                services.update_draft(version, actor=current_actor(), now=utcnow(),
                                      body_md=form.body_md.data or "",
                                      change_reason=form.change_reason.data or "",
                                      summary=form.summary.data or "",
                                      expected_version=form.row_version.data)
            except DomainError as error:
                db.session.rollback()
                show_domain_error(form, error)
            else:
                flash(_("Draft saved."), "success")
                return redirect(url_for("documents.version", code=code, version_id=version.id))
    return render_template("documents/draft_form.html", form=form, document=document,
                           version=version, preview=preview)


@bp.post("/<code>/new-version")
@require(Permission.DOCUMENT_EDIT)
def new_version(code: str):
    document = _document(code)
    form = NewVersionForm()
    if form.validate_on_submit():
        try:
            draft = services.start_new_version(document, actor=current_actor(), now=utcnow(),
                                               change_kind=form.change_kind.data,
                                               change_reason=form.change_reason.data or "")
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            return redirect(url_for("documents.edit_draft", code=code, version_id=draft.id))
    return redirect(url_for("documents.current", code=code))


# --- review and approval -----------------------------------------------------------------------

def _back(document, version):
    return redirect(url_for("documents.version", code=document.code, version_id=version.id))


def _run(document, version, action, success: str):
    """Call a service for a button on the version page; show refusals as messages."""
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(success, "success")
    return _back(document, version)



def _version_action(code: str, version_id: int, make_form, call, success):
    """A button on the version page: load, validate the form, call one service, report."""
    document = _document(code)
    version = _version(document, version_id)
    form = make_form(document)
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
        return _back(document, version)
    return _run(document, version, lambda: call(version, form), success(form)
                if callable(success) else success)


@bp.post("/<code>/v/<int:version_id>/submit")
@require(Permission.DOCUMENT_EDIT)
def submit(code: str, version_id: int):
    return _version_action(code, version_id, _submit_form, lambda version, form:
                           services.submit_for_review(
                               version, actor=current_actor(), now=utcnow(),
                               reviewer_ids=form.reviewer_ids.data,
                               approver_id=form.approver_id.data,
                               effective_on=form.effective_on.data),
                           _("Sent for review."))


@bp.post("/<code>/v/<int:version_id>/review")
@require(Permission.DOCUMENT_REVIEW)
def review(code: str, version_id: int):
    return _version_action(
        code, version_id, lambda document: ReviewForm(), lambda version, form:
        services.review_version(version, actor=current_actor(), now=utcnow(),
                                approve=form.decision.data == "approve",
                                comment=form.comment.data or ""),
        lambda form: _("Review recorded.") if form.decision.data == "approve"
        else _("Changes requested; the version is a draft again."))


@bp.post("/<code>/v/<int:version_id>/approve")
@require(Permission.DOCUMENT_APPROVE)
def approve(code: str, version_id: int):
    return _version_action(code, version_id, lambda document: ApproveForm(),
                           lambda version, form: services.approve_version(
                               version, actor=current_actor(), now=utcnow(),
                               note=form.note.data or ""),
                           _("Approved."))


@bp.post("/<code>/v/<int:version_id>/return")
@require(Permission.DOCUMENT_APPROVE)
def return_to_author(code: str, version_id: int):
    return _version_action(code, version_id, lambda document: CommentForm(),
                           lambda version, form: services.request_changes_as_approver(
                               version, actor=current_actor(), now=utcnow(),
                               comment=form.comment.data or ""),
                           _("Changes requested; the version is a draft again."))


@bp.post("/<code>/v/<int:version_id>/withdraw")
@require(Permission.DOCUMENT_EDIT)
def withdraw(code: str, version_id: int):
    return _version_action(code, version_id, lambda document: ReasonForm(),
                           lambda version, form: services.withdraw(
                               version, actor=current_actor(), now=utcnow(),
                               reason=form.reason.data),
                           _("Withdrawn."))


@bp.post("/<code>/v/<int:version_id>/acknowledge")
@require(Permission.DOCUMENT_ACKNOWLEDGE)
def acknowledge(code: str, version_id: int):
    return _version_action(code, version_id, lambda document: ConfirmForm(),
                           lambda version, form: services.acknowledge(
                               version, actor=current_actor(), now=utcnow()),
                           _("Thank you: your acknowledgement is recorded."))


@bp.post("/<code>/periodic-review")
@require(Permission.DOCUMENT_EDIT)
def periodic_review(code: str):
    document = _document(code)
    form = PeriodicReviewForm()
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
        return redirect(url_for("documents.current", code=code))
    try:
        draft = services.record_periodic_review(document, actor=current_actor(), now=utcnow(),
                                                outcome=form.outcome.data,
                                                note=form.note.data or "")
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("documents.current", code=code))
    if draft is not None:
        flash(_("Review recorded; a new draft is open."), "success")
        return redirect(url_for("documents.edit_draft", code=code, version_id=draft.id))
    flash(_("Review recorded; next review on %(date)s.",
            date=document.next_review_on.strftime("%d.%m.%Y")), "success")
    return redirect(url_for("documents.current", code=code))


# --- read and understood ----------------------------------------------------------------------

@bp.get("/<code>/v/<int:version_id>/acknowledgements")
@require(Permission.DOCUMENT_MANAGE)
def acknowledgements(code: str, version_id: int):
    document = _document(code)
    version = _version(document, version_id)
    unit_id = request.args.get("unit", type=int)
    pending = request.args.get("pending") == "1"
    rows = queries.acknowledgement_matrix(version, unit_id=unit_id, pending_only=pending)
    if request.args.get("format") == "csv":
        return _acknowledgements_csv(document, version, rows)
    done, total = queries.acknowledgement_totals(version)
    return render_template("documents/acknowledgements.html", document=document,
                           version=version, rows=rows, done=done, total=total,
                           units=org_queries.all_units(), unit_id=unit_id, pending=pending,
                           today=local_date(utcnow()))


def _acknowledgements_csv(document, version, rows) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("Unit"), _("Name"), _("Position"), _("Due"), _("Acknowledged")])
    from qms.core.formatting import format_date, format_datetime

    for row in rows:
        for person, ack in row.people:
            writer.writerow([row.unit.name if row.unit else "", person.full_name,
                             person.position.title if person.position else "",
                             format_date(ack.due_on), format_datetime(ack.acknowledged_at)])
    filename = f"{document.code}-v{version.number}-acknowledgements.csv"
    return Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# --- attachments, PDF, diff -------------------------------------------------------------------

@bp.post("/<code>/v/<int:version_id>/attachments")
@require(Permission.DOCUMENT_EDIT)
def upload(code: str, version_id: int):
    def attach(version, form):
        upload_file = form.file.data
        return services.add_attachment(
            version, actor=current_actor(), now=utcnow(), filename=upload_file.filename or "file",
            data=upload_file.read(services.MAX_ATTACHMENT_BYTES + 1),
            content_type=upload_file.mimetype or "")

    return _version_action(code, version_id, lambda document: AttachmentForm(), attach,
                           _("File attached."))


@bp.get("/files/<int:attachment_id>")
@require(Permission.DOCUMENT_READ)
def download(attachment_id: int):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    document = _document(attachment.version.document.code)
    _version(document, attachment.version_id)
    return files.download(attachment)


@bp.get("/<code>/v/<int:version_id>.pdf")
@require(Permission.DOCUMENT_READ)
def pdf(code: str, version_id: int):
    from qms.documents.pdf import version_pdf

    document = _document(code)
    version = _version(document, version_id)
    data = version_pdf(document, version, body=_body(version), now=utcnow(),
                       current_url=url_for("documents.current", code=code, _external=True))
    filename = f"{document.code}-v{version.number}.pdf"
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{filename}"'})


@bp.get("/<code>/diff")
@require(Permission.DOCUMENT_READ)
def compare(code: str):
    document = _document(code)
    versions = [v for v in queries.versions_of(document)
                if v.status not in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW,
                                    VersionStatus.APPROVED) or _may_see_work(document, v)]
    if len(versions) < 2:
        flash(_("There is only one version: nothing to compare."), "info")
        return redirect(url_for("documents.current", code=code))
    by_id = {v.id: v for v in versions}
    new = by_id.get(request.args.get("b", type=int)) or versions[0]
    old = by_id.get(request.args.get("a", type=int)) or next(
        (v for v in versions if v is not new), versions[-1])
    return render_template("documents/diff.html", document=document, versions=versions,
                           old=old, new=new, blocks=diff.compare(old.body_md, new.body_md))


# --- registers for the quality manager -------------------------------------------------------

@bp.get("/reviews-due")
@require(Permission.DOCUMENT_EDIT)
def reviews_due():
    today = local_date(utcnow())
    within = request.args.get("within", 30, type=int)
    page = queries.reviews_due_page(today=today, within_days=max(0, min(within, 365)),
                                    page=request.args.get("page", 1, type=int),
                                    per_page=current_app.config["PAGE_SIZE"])
    return render_template("documents/reviews_due.html", page=page, today=today, within=within)


@bp.get("/in-progress")
@require(Permission.DOCUMENT_EDIT)
def in_progress():
    status = request.args.get("status")
    if status not in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.APPROVED):
        status = None
    page = queries.work_in_progress_page(page=request.args.get("page", 1, type=int),
                                         per_page=current_app.config["PAGE_SIZE"], status=status)
    return render_template("documents/in_progress.html", page=page, status=status)


@bp.get("/types")
@require(Permission.DOCUMENT_MANAGE)
def types():
    rows = db.session.scalars(select(DocumentType).order_by(DocumentType.sort_order)).all()
    return render_template("documents/types.html", types=rows, language=_language(),
                           roles=ROLE_LABELS)


def _type_form(doc_type=None) -> DocumentTypeForm:
    form = DocumentTypeForm(obj=doc_type)
    role_choices = [(r.value, str(ROLE_LABELS[r])) for r in Role]
    form.reviewer_role.choices = role_choices
    form.approver_role.choices = role_choices
    form.approver_position_id.set_choices(
        (p.id, f"{p.title} — {p.unit.name}") for p in org_queries.all_positions())
    return form


@bp.route("/types/new", methods=["GET", "POST"])
@bp.route("/types/<int:type_id>/edit", methods=["GET", "POST"])
@require(Permission.DOCUMENT_MANAGE)
def type_form(type_id: int | None = None):
    from qms.documents.types import save_type

    doc_type = db.session.get(DocumentType, type_id) if type_id else None
    if type_id and doc_type is None:
        abort(404)
    form = _type_form(doc_type)
    if request.method == "GET" and doc_type is not None:
        form.row_version.data = doc_type.row_version
    if form.validate_on_submit():
        try:
            save_type(doc_type, actor=current_actor(), expected_version=form.row_version.data,
                      **{name: getattr(form, name).data for name in
                         ("key", "prefix", "name", "name_en", "review_months", "reviewer_role",
                          "approver_role", "approver_position_id", "is_external")})
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Document type saved."), "success")
            return redirect(url_for("documents.types"))
    return render_template("documents/type_form.html", form=form, doc_type=doc_type)
