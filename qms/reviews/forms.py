"""Forms of the management review; each posts to one service call."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from qms.core.forms import AmountField, Form, IdSelectField, LvDateField, choices
from qms.reviews.models import (
    CHANGE_AREA_LABELS,
    OUTPUT_CLASS_LABELS,
    ChangeArea,
    OutputClass,
)


class OpenDraftForm(Form):
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])


class NarrativeForm(Form):
    section = HiddenField(validators=[DataRequired()])
    text = TextAreaField(_l("Narrative"), validators=[Length(max=20000)])


class NoDataReasonForm(Form):
    section = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("No data / not applicable: the reason"),
                           validators=[Length(max=20000)])


class ConclusionsForm(Form):
    suitability = TextAreaField(_l("Suitability of the QMS"), validators=[Length(max=20000)])
    adequacy = TextAreaField(_l("Adequacy of the QMS"), validators=[Length(max=20000)])
    effectiveness = TextAreaField(_l("Effectiveness of the QMS"),
                                  validators=[Length(max=20000)])
    strategic_alignment = TextAreaField(_l("Alignment with the strategic direction"),
                                        validators=[Length(max=20000)])


class MeetingForm(Form):
    planned_meeting_on = LvDateField(_l("Meeting date"), validators=[Optional()])
    participants = TextAreaField(_l("Participants: one name per line"),
                                 validators=[Length(max=5000)])
    # Checkboxes, one per participant (the choices are the participants of the review).
    attended = SelectMultipleField(_l("Attended"), choices=[], validate_choice=False)


class DistributionForm(Form):
    recipients = TextAreaField(_l("Sent to: one recipient per line"),
                               validators=[DataRequired(), Length(max=5000)])
    channel = StringField(_l("How (e-mail, intranet, printed copy)"),
                          validators=[Length(max=200)])


class OutputForm(Form):
    output_class = SelectField(_l("Kind of output"), choices=choices(
        (c.value, OUTPUT_CLASS_LABELS[c]) for c in OutputClass), validators=[DataRequired()])
    change_area = SelectField(_l("For a change to the QMS: what it changes"), choices=choices(
        [("", _l("—"))] + [(a.value, CHANGE_AREA_LABELS[a]) for a in ChangeArea]),
        validators=[Optional()])
    title = StringField(_l("Decision or action"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    owner_id = IdSelectField(_l("Responsible"), validators=[DataRequired()])
    due_on = LvDateField(_l("Due"), validators=[DataRequired()])
    budget_planned = AmountField(_l("Budget planned (€)"), validators=[Optional()])
