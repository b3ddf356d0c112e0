"""Forms of policy and strategy."""

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from qms.core.forms import AmountField, Form, IdSelectField, LvDateField, choices, row_version_field
from qms.objectives.models import (
    FUNDING_LABELS,
    QUADRANT_LABELS,
    TASK_STATUS_LABELS,
    ObjectiveStatus,
)


class MissionForm(Form):
    mission = TextAreaField(_l("Mission"), validators=[DataRequired(), Length(max=5000)])
    vision = TextAreaField(_l("Vision"), validators=[DataRequired(), Length(max=5000)])
    values_text = TextAreaField(_l("Values"), validators=[Length(max=5000)])
    row_version = row_version_field()


class SwotItemForm(Form):
    period = StringField(_l("Period"), validators=[DataRequired(), Length(max=20)])
    quadrant = SelectField(_l("Quadrant"), choices=choices(QUADRANT_LABELS.items()))
    text = StringField(_l("Item"), validators=[DataRequired(), Length(max=1000)])


class ObjectiveForm(Form):
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    title = StringField(_l("What is to be achieved"), validators=[DataRequired(),
                                                                 Length(max=300)])
    target = StringField(_l("Target"), validators=[Length(max=300)])
    target_value = DecimalField(_l("Target value"), places=2, validators=[Optional()])
    indicator_id = IdSelectField(_l("Linked indicator"))
    policy_commitment = StringField(_l("Policy commitment it supports"),
                                    validators=[Length(max=300)])
    resources = TextAreaField(_l("Resources"), validators=[Length(max=5000)])
    budget = AmountField(_l("Budget, €"))
    responsible_id = IdSelectField(_l("Responsible"))
    unit_id = IdSelectField(_l("Unit"))
    deadline_on = LvDateField(_l("Deadline"), validators=[Optional()])
    evaluation_method = TextAreaField(_l("How the result is evaluated"),
                                      validators=[Length(max=5000)])
    row_version = row_version_field()

    FIELDS = ("year", "title", "target", "target_value", "indicator_id", "policy_commitment",
              "resources", "budget", "responsible_id", "unit_id", "deadline_on",
              "evaluation_method")

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class ProgressForm(Form):
    recorded_on = LvDateField(_l("Date"), validators=[Optional()])
    percent = IntegerField(_l("Percent done"), validators=[Optional(), NumberRange(0, 100)])
    value = DecimalField(_l("Measured value"), places=2, validators=[Optional()])
    note = TextAreaField(_l("What was done"), validators=[DataRequired(), Length(max=5000)])


CLOSE_CHOICES = [(ObjectiveStatus.ACHIEVED, _l("Achieved")),
                 (ObjectiveStatus.NOT_ACHIEVED, _l("Not achieved")),
                 (ObjectiveStatus.CANCELLED, _l("Cancelled"))]


class CloseForm(Form):
    status = SelectField(_l("Outcome"), choices=choices(CLOSE_CHOICES))
    note = TextAreaField(_l("Evaluation"), validators=[Length(max=5000)])


class StrategicForm(Form):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
    title = StringField(_l("Strategic objective"), validators=[DataRequired(),
                                                              Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    period_from = IntegerField(_l("From year"), validators=[DataRequired(),
                                                           NumberRange(2000, 2100)])
    period_to = IntegerField(_l("To year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    row_version = row_version_field()


class TaskForm(Form):
    number = StringField(_l("No."), validators=[Length(max=20)])
    task = StringField(_l("Task"), validators=[DataRequired(), Length(max=500)])
    result = TextAreaField(_l("Result"), validators=[Length(max=1000)])
    year_from = IntegerField(_l("From year"), validators=[DataRequired(),
                                                         NumberRange(2000, 2100)])
    year_to = IntegerField(_l("To year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    unit_id = IdSelectField(_l("Responsible unit"))
    funding = SelectField(_l("Funding source"), choices=choices(FUNDING_LABELS.items()))
    status = SelectField(_l("Status"), choices=choices(TASK_STATUS_LABELS.items()))
    row_version = row_version_field()

    FIELDS = ("number", "task", "result", "year_from", "year_to", "unit_id", "funding",
              "status")

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}
