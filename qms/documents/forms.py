from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from qms.core.forms import Form, IdSelectField, LvDateField, choices, row_version_field
from qms.documents.models import (
    CHANGE_KIND_LABELS,
    CONFIDENTIALITY_LABELS,
    EXTERNAL_KIND_LABELS,
    ChangeKind,
    PeriodicOutcome,
)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines()
            if line.strip()]


class DocumentForm(Form):
    code = StringField(_l("Code"), validators=[Optional(), Length(max=20)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    type_id = IdSelectField(_l("Document type"), validators=[DataRequired()])
    owner_position_id = IdSelectField(_l("Owner (position)"))
    confidentiality = SelectField(_l("Confidentiality"),
                                  choices=choices(CONFIDENTIALITY_LABELS.items()))
    review_months = IntegerField(_l("Review interval (months)"),
                                 validators=[Optional(), NumberRange(min=1, max=120)])
    unit_ids = SelectMultipleField(_l("Units it applies to"), coerce=int)
    process_ids = SelectMultipleField(_l("Processes"), coerce=int)
    iso_clauses = StringField(_l("ISO 9001 clauses"), validators=[Length(max=500)])
    legal_refs = TextAreaField(_l("Legal references"), validators=[Length(max=2000)])
    distribute_to_everyone = BooleanField(_l("Everyone must read it"))
    distribution_unit_ids = SelectMultipleField(_l("Units that must read it"), coerce=int)
    distribution_position_ids = SelectMultipleField(_l("Positions that must read it"),
                                                    coerce=int)
    external_kind = SelectField(_l("Kind of external document"), default="",
                                choices=choices([("", "—"), *EXTERNAL_KIND_LABELS.items()]))
    external_url = StringField(_l("Link"), validators=[Optional(), URL(), Length(max=500)])
    external_edition = StringField(_l("Edition or consolidation"),
                                   validators=[Length(max=120)])
    external_checked_on = LvDateField(_l("Last checked on"), validators=[Optional()])
    row_version = row_version_field()

    def values(self) -> dict:
        return {
            "code": self.code.data or "", "title": self.title.data,
            "type_id": self.type_id.data, "owner_position_id": self.owner_position_id.data,
            "confidentiality": self.confidentiality.data,
            "review_months": self.review_months.data,
            "iso_clauses": _lines(self.iso_clauses.data),
            "legal_refs": _lines(self.legal_refs.data),
            "distribute_to_everyone": self.distribute_to_everyone.data,
            "external_kind": self.external_kind.data or "",
            "external_url": self.external_url.data or "",
            "external_edition": self.external_edition.data or "",
            "external_checked_on": self.external_checked_on.data,
            "unit_ids": self.unit_ids.data or [], "process_ids": self.process_ids.data or [],
            "distribution_unit_ids": self.distribution_unit_ids.data or [],
            "distribution_position_ids": self.distribution_position_ids.data or [],
        }


class DocumentCreateForm(DocumentForm):
    body_md = TextAreaField(_l("Text (Markdown)"), validators=[Length(max=2_000_000)])
    summary = StringField(_l("Summary"), validators=[Length(max=2000)])


class DraftForm(Form):
    body_md = TextAreaField(_l("Text (Markdown)"), validators=[Length(max=2_000_000)])
    change_reason = StringField(_l("Reason for the change"), validators=[Length(max=1000)])
    summary = StringField(_l("Summary of the change"), validators=[Length(max=2000)])
    row_version = row_version_field()


class NewVersionForm(Form):
    change_kind = RadioField(_l("Kind of change"), default=ChangeKind.SUBSTANTIVE.value,
                             choices=choices(CHANGE_KIND_LABELS.items()))
    change_reason = StringField(_l("Reason for the change"), validators=[Length(max=1000)])


class SubmitForm(Form):
    reviewer_ids = SelectMultipleField(_l("Reviewers"), coerce=int,
                                       validators=[DataRequired(_l("Choose at least one "
                                                                   "reviewer."))])
    approver_id = IdSelectField(_l("Approver"), validators=[DataRequired()])
    effective_on = LvDateField(_l("Effective from"), validators=[Optional()])


class ReviewForm(Form):
    decision = RadioField(_l("Decision"), choices=choices([
        ("approve", _l("Approve the content")), ("changes", _l("Request changes"))]),
        validators=[DataRequired()])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=5000)])


class CommentForm(Form):
    comment = TextAreaField(_l("What should change"),
                            validators=[DataRequired(), Length(max=5000)])


class ApproveForm(Form):
    note = StringField(_l("Note"), validators=[Length(max=1000)])


class ReasonForm(Form):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class PeriodicReviewForm(Form):
    outcome = RadioField(_l("Outcome"), choices=choices([
        (PeriodicOutcome.NO_CHANGE.value, _l("Reviewed, no change needed")),
        (PeriodicOutcome.NEEDS_CHANGE.value, _l("Needs change: open a new draft"))]),
        validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class AttachmentForm(Form):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file."))])


class DocumentTypeForm(Form):
    key = StringField(_l("Key"), validators=[DataRequired(), Length(max=40)])
    prefix = StringField(_l("Code prefix"), validators=[DataRequired(), Length(max=10)])
    name = StringField(_l("Name (Latvian)"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=120)])
    review_months = IntegerField(_l("Review interval (months)"), default=12,
                                 validators=[DataRequired(), NumberRange(min=1, max=120)])
    reviewer_role = SelectField(_l("Reviewers have the role"))
    approver_role = SelectField(_l("Approver has the role"))
    approver_position_id = IdSelectField(_l("Only this position approves"))
    is_external = BooleanField(_l("External documents (laws, regulations, standards)"))
    row_version = row_version_field()

