"""Forms of the inspection register, prescriptions, supervisory bodies and the feed."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from qms.core.forms import Form, IdSelectField, LvDateField, choices, row_version_field
from qms.inspections.models import INSPECTION_RESULT_LABELS, PRESCRIPTION_KIND_LABELS


class InspectionForm(Form):
    authority_id = IdSelectField(_l("Supervisory body"), validators=[DataRequired()])
    legal_basis = StringField(_l("Legal basis of the inspection"),
                              validators=[Length(max=500)])
    unit_id = IdSelectField(_l("Unit inspected"))
    service = StringField(_l("Social service inspected"), validators=[Length(max=200)])
    subject = StringField(_l("What was inspected"), validators=[DataRequired(),
                                                                Length(max=300)])
    started_on = LvDateField(_l("Started on"), validators=[DataRequired()])
    ended_on = LvDateField(_l("Ended on"), validators=[Optional()])
    inspectors = StringField(_l("Inspectors"), validators=[Length(max=500)])
    report_reference = StringField(_l("Number of the inspection act"),
                                   validators=[Length(max=100)])
    result = SelectField(_l("Result"), choices=choices(INSPECTION_RESULT_LABELS.items()),
                         default="pending")
    notes = TextAreaField(_l("Notes"), validators=[Length(max=10000)])
    follow_up_of_id = IdSelectField(_l("Follow-up of an earlier inspection"))
    row_version = row_version_field()

    FIELDS = ("authority_id", "legal_basis", "unit_id", "service", "subject", "started_on",
              "ended_on", "inspectors", "report_reference", "result", "notes",
              "follow_up_of_id")

    def values(self) -> dict:
        text_fields = {"legal_basis", "service", "subject", "inspectors", "report_reference",
                       "notes"}
        return {name: ((getattr(self, name).data or "").strip() if name in text_fields
                       else getattr(self, name).data) for name in self.FIELDS}


class PrescriptionForm(Form):
    kind = SelectField(_l("Kind"), choices=choices(PRESCRIPTION_KIND_LABELS.items()),
                       default="prescription")
    text = TextAreaField(_l("What the authority requires"),
                         validators=[DataRequired(), Length(max=10000)])
    legal_reference = StringField(_l("Legal reference"), validators=[Length(max=300)])
    deadline_on = LvDateField(_l("Deadline"), validators=[Optional()])
    responsible_id = IdSelectField(_l("Responsible"))


class ResponseForm(Form):
    response = TextAreaField(_l("Response: what was done"),
                             validators=[DataRequired(), Length(max=10000)])
    responded_on = LvDateField(_l("Responded on"), validators=[Optional()])


class FileForm(Form):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file."))])


class AuthorityForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("Short name"), validators=[Length(max=40)])
    is_active = BooleanField(_l("In use"), default=True)
