from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from qms.core.forms import AmountField, Form, IdSelectField, LvDateField, choices, row_version_field
from qms.nonconformities.models import (
    ACTION_KIND_LABELS,
    ACTION_STATUS_LABELS,
    CHANNEL_LABELS,
    FEEDBACK_KIND_LABELS,
    ROOT_CAUSE_LABELS,
    SEVERITY_LABELS,
    SOURCE_LABELS,
    VERDICT_LABELS,
)

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]


class ReportForm(Form):
    title = StringField(_l("What is wrong, in one line"),
                        validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("What happened"), validators=[DataRequired(),
                                                                  Length(max=10000)])
    source = SelectField(_l("Source"), choices=choices(SOURCE_LABELS.items()),
                         default="staff_report")
    unit_id = IdSelectField(_l("Unit"))
    process_id = IdSelectField(_l("Process"))
    requirement_document_id = IdSelectField(_l("Requirement not met: document"))
    requirement_clause = StringField(_l("ISO 9001 clause"), validators=[Length(max=60)])
    requirement_legal = StringField(_l("Legal reference"), validators=[Length(max=300)])
    case_file_reference = StringField(_l("Client case-file number"),
                                      validators=[Length(max=60)])
    source_reference = StringField(_l("Reference of the source record"),
                                   validators=[Length(max=300)])


class TriageForm(Form):
    severity = SelectField(_l("Severity"), choices=choices(SEVERITY_LABELS.items()))
    owner_id = IdSelectField(_l("Responsible for analysis and actions"),
                             validators=[DataRequired()])
    unit_id = IdSelectField(_l("Unit"))
    process_id = IdSelectField(_l("Process"))
    due_on = LvDateField(_l("Due date"), validators=[Optional()])
    budget_planned = AmountField(_l("Budget planned (€)"), validators=[Optional()])


class ReasonForm(Form):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class CorrectionForm(Form):
    correction = TextAreaField(_l("Correction: what was done at once"),
                               validators=[DataRequired(), Length(max=5000)])
    consequences = TextAreaField(_l("Consequences and how they were dealt with"),
                                 validators=[Length(max=5000)])
    result = StringField(_l("Result of the correction"), validators=[Length(max=1000)])
    done_on = LvDateField(_l("Done on"), validators=[Optional()])
    corrective_action_needed = RadioField(_l("Is corrective action needed?"),
                                          choices=choices(YES_NO), validators=[DataRequired()])
    rationale = TextAreaField(_l("Why (the rationale of the decision)"),
                              validators=[DataRequired(), Length(max=2000)])


class RootCauseForm(Form):
    method = RadioField(_l("Method"), default="five_whys", choices=choices([
        ("five_whys", _l("5 Whys")), ("ishikawa", _l("Cause-and-effect (Ishikawa)"))]))
    whys = TextAreaField(_l("5 Whys: one answer per line"), validators=[Length(max=5000)])
    root_cause = TextAreaField(_l("Root cause"), validators=[DataRequired(),
                                                              Length(max=5000)])
    category = SelectField(_l("Category of the root cause"),
                           choices=choices(ROOT_CAUSE_LABELS.items()))
    extent = TextAreaField(_l("Extent: where else could it occur?"),
                           validators=[Length(max=5000)])


# One text area per Ishikawa category, added to RootCauseForm.
for _category, _label in ROOT_CAUSE_LABELS.items():
    setattr(RootCauseForm, f"cause_{_category.value}",
            TextAreaField(_label, validators=[Length(max=3000)]))


class ActionForm(Form):
    kind = SelectField(_l("Kind"), choices=choices(ACTION_KIND_LABELS.items()),
                       default="corrective")
    title = StringField(_l("What will be done"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    owner_id = IdSelectField(_l("Responsible"), validators=[DataRequired()])
    due_on = LvDateField(_l("Due date"), validators=[DataRequired()])
    budget_planned = AmountField(_l("Budget planned (€)"), validators=[Optional()])
    unit_id = IdSelectField(_l("Unit"))
    process_id = IdSelectField(_l("Process"))


class PlanForm(Form):
    criteria = TextAreaField(_l("How will effectiveness be judged?"),
                             validators=[DataRequired(), Length(max=2000)])
    check_on = LvDateField(_l("Date of the effectiveness check"), validators=[DataRequired()])
    verifier_id = IdSelectField(_l("Verifier (not one who implements the actions)"),
                                validators=[DataRequired()])


class VerifyForm(Form):
    verdict = RadioField(_l("Verdict"), choices=choices(VERDICT_LABELS.items()),
                         validators=[DataRequired()])
    notes = TextAreaField(_l("What was checked"), validators=[DataRequired(),
                                                               Length(max=2000)])
    risks_need_update = RadioField(_l("Must risks and opportunities be updated?"),
                                   choices=choices(YES_NO), validators=[Optional()])
    qms_needs_change = RadioField(_l("Must the QMS (a document) change?"),
                                  choices=choices(YES_NO), validators=[Optional()])
    change_document_id = IdSelectField(_l("Document to change"))


class ActionUpdateForm(Form):
    status = SelectField(_l("Status"), choices=choices(ACTION_STATUS_LABELS.items()))
    cost_actual = AmountField(_l("Actual cost (€)"), validators=[Optional()])
    evidence = TextAreaField(_l("Evidence"), validators=[Length(max=5000)])
    note = TextAreaField(_l("Progress note"), validators=[Length(max=5000)])
    row_version = row_version_field()


class EvidenceForm(Form):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file."))])


class FeedbackForm(Form):
    kind = SelectField(_l("Kind"), choices=choices(FEEDBACK_KIND_LABELS.items()))
    channel = SelectField(_l("Received by"), choices=choices(CHANNEL_LABELS.items()))
    received_on = LvDateField(_l("Received on"), validators=[DataRequired()])
    unit_id = IdSelectField(_l("Unit"))
    service = StringField(_l("Service"), validators=[Length(max=200)])
    topic = StringField(_l("Topic"), validators=[Length(max=100)])
    case_file_reference = StringField(_l("Client case-file number"),
                                      validators=[Length(max=60)])
    summary = TextAreaField(_l("What the client said (no names or personal codes)"),
                            validators=[DataRequired(), Length(max=10000)])
    response_due_on = LvDateField(_l("Answer due by"), validators=[Optional()])


class FeedbackAnswerForm(Form):
    answer = TextAreaField(_l("Answer"), validators=[DataRequired(), Length(max=10000)])
    answered_on = LvDateField(_l("Answered on"), validators=[Optional()])
    justified = RadioField(_l("Was the complaint justified?"), choices=choices(YES_NO),
                           validators=[Optional()])
