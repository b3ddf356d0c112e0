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
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from qms.audits.models import AUDIT_TYPE_LABELS, ITEM_RESULT_LABELS
from qms.core.forms import Form, IdSelectField, LvDateField, choices, row_version_field

WHOLE_NUMBER = _l("Enter a whole number.")
RATINGS = [(1, _l("1 — low")), (2, _l("2 — medium")), (3, _l("3 — high"))]
OVERRIDE_PREFIX = "override_"


def _clauses(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProgrammeCreateForm(Form):
    copy_previous = BooleanField(_l("Start from the previous year's programme (objectives, "
                                    "risk ratings and planned internal audits)"), default=True)


class ProgrammeForm(Form):
    objectives = TextAreaField(_l("Objectives of the programme"),
                               validators=[Length(max=10000)])
    methods = TextAreaField(_l("Methods"), validators=[Length(max=10000)])
    resources = TextAreaField(_l("Resources"), validators=[Length(max=10000)])
    plan_notice_days = IntegerField(_l("Send the audit plan this many days before"),
                                    validators=[InputRequired(message=WHOLE_NUMBER),
                                                NumberRange(min=0, max=365)])
    report_due_days = IntegerField(_l("Issue the report within this many days"),
                                   validators=[InputRequired(message=WHOLE_NUMBER),
                                               NumberRange(min=0, max=365)])
    row_version = row_version_field()


class RiskForm(Form):
    process_id = IdSelectField(_l("Process"), validators=[DataRequired()])
    importance = SelectField(_l("Importance"), coerce=int, choices=choices(RATINGS), default=2)
    changes = SelectField(_l("Changes"), coerce=int, choices=choices(RATINGS), default=1)
    earlier_results = SelectField(_l("Earlier results"), coerce=int, choices=choices(RATINGS),
                                  default=1)
    rationale = StringField(_l("Rationale"), validators=[Length(max=1000)])


class AuditForm(Form):
    type = SelectField(_l("Type"), choices=choices(AUDIT_TYPE_LABELS.items()),
                       default="internal")
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    programme_id = IdSelectField(_l("Programme"))
    objectives = TextAreaField(_l("Objectives"), validators=[Length(max=10000)])
    criteria = TextAreaField(_l("Criteria"), validators=[DataRequired(), Length(max=10000)])
    iso_clauses = StringField(_l("ISO 9001 clauses"), validators=[Length(max=500)])
    planned_month = IdSelectField(_l("Planned month"))
    planned_start = LvDateField(_l("Planned start"), validators=[Optional()])
    planned_end = LvDateField(_l("Planned end"), validators=[Optional()])
    process_ids = SelectMultipleField(_l("Processes"), coerce=int)
    unit_ids = SelectMultipleField(_l("Units"), coerce=int)
    document_ids = SelectMultipleField(_l("Documents"), coerce=int)

    def clauses(self) -> list[str]:
        return _clauses(self.iso_clauses.data)


class TeamForm(Form):
    lead_id = RadioField(_l("Lead auditor"), coerce=int,
                         validators=[DataRequired(message=_l("Choose the lead auditor."))])
    auditor_ids = MultiCheckboxField(_l("Auditors"), coerce=int)
    auditee_ids = SelectMultipleField(_l("Auditees"), coerce=int)

    def overrides(self, formdata, candidate_ids) -> dict[int, str]:
        """The written reasons typed for candidates who are not impartial."""
        reasons = {}
        for user_id in candidate_ids:
            reason = (formdata.get(f"{OVERRIDE_PREFIX}{user_id}") or "").strip()[:1000]
            if reason:
                reasons[user_id] = reason
        return reasons


class ConfirmAuditForm(Form):
    agenda = TextAreaField(_l("Agenda (Markdown)"), validators=[Length(max=20000)])
    send = BooleanField(_l("Send the plan to the team and the auditees"), default=True)


class StartForm(Form):
    template_ids = MultiCheckboxField(_l("Checklists"), coerce=int)
    copy_previous = BooleanField(_l("Copy the questions of the previous audit of the same "
                                    "scope"))


class ExtendChecklistForm(Form):
    template_ids = MultiCheckboxField(_l("Checklists"), coerce=int)


class ReasonForm(Form):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class ItemForm(Form):
    result = RadioField(_l("Result"), choices=choices(ITEM_RESULT_LABELS.items()),
                        validators=[DataRequired(message=_l("Choose a result."))])
    evidence = TextAreaField(_l("Evidence"), validators=[Length(max=10000)])
    row_version = row_version_field()


class ReportForm(Form):
    summary = TextAreaField(_l("Summary"), validators=[Length(max=20000)])
    strengths = TextAreaField(_l("Strengths"), validators=[Length(max=20000)])
    conclusion = TextAreaField(_l("Conclusion"), validators=[DataRequired(),
                                                              Length(max=20000)])
    distribution_ids = SelectMultipleField(_l("Distribution"), coerce=int)


class AuditorForm(Form):
    qualification = StringField(_l("Qualification"), validators=[Length(max=500)])
    training = TextAreaField(_l("Training"), validators=[Length(max=10000)])
    qualified_on = LvDateField(_l("Qualified on"), validators=[Optional()])
    is_active = BooleanField(_l("Active in the register"), default=True)


class AuditorCreateForm(AuditorForm):
    user_id = IdSelectField(_l("Person"), validators=[DataRequired()])


class EvidenceUploadForm(Form):
    file = FileField(_l("Photo or file"), validators=[FileRequired(_l("Choose a file."))])
