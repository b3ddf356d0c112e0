"""Forms of competence requirements, training records, evaluations and the plan."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from qms.core.forms import AmountField, Form, IdSelectField, LvDateField, choices, row_version_field
from qms.org.models import STAFF_CATEGORY_LABELS
from qms.training.models import REQUIREMENT_KIND_LABELS, TRAINING_TYPE_LABELS


class HoursField(AmountField):
    """Hours typed the Latvian way (``1,5``); shown without a needless ``,0``."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        text = f"{Decimal(self.data):.1f}".replace(".", ",")
        return text[:-2] if text.endswith(",0") else text


class RequirementForm(Form):
    kind = SelectField(_l("Kind"), choices=choices(REQUIREMENT_KIND_LABELS.items()),
                       default="training")
    position_id = IdSelectField(_l("Position"))
    category = SelectField(_l("or every position of the staff category"),
                           choices=choices([("", "—"), *STAFF_CATEGORY_LABELS.items()]),
                           default="")
    name = StringField(_l("Competence or training topic"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    recurrence_months = IntegerField(_l("Repeat every (months)"),
                                     validators=[Optional(), NumberRange(0, 240)])
    min_hours = HoursField(_l("Hours required"))
    is_active = BooleanField(_l("In force"), default=True)
    row_version = row_version_field()

    FIELDS = ("kind", "position_id", "category", "name", "description", "recurrence_months",
              "min_hours", "is_active")

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class RecordForm(Form):
    user_id = IdSelectField(_l("Person"), validators=[DataRequired()])
    topic = StringField(_l("Topic"), validators=[DataRequired(), Length(max=200)])
    training_type = SelectField(_l("Type"), choices=choices(TRAINING_TYPE_LABELS.items()),
                                default="course")
    provider = StringField(_l("Provider"), validators=[Length(max=200)])
    started_on = LvDateField(_l("From"), validators=[DataRequired()])
    ended_on = LvDateField(_l("To"), validators=[Optional()])
    hours = HoursField(_l("Hours"), validators=[DataRequired()])
    cost = AmountField(_l("Cost, €"))
    requirement_id = IdSelectField(_l("Required training it fulfils"))
    plan_item_id = IdSelectField(_l("Item of the training plan"))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])
    row_version = row_version_field()

    FIELDS = ("user_id", "topic", "training_type", "provider", "started_on", "ended_on",
              "hours", "cost", "requirement_id", "plan_item_id", "notes")

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


EFFECTIVE_CHOICES = [("", _l("— not stated —")), ("yes", _l("Yes, effective")),
                     ("no", _l("No, not effective"))]
RATING_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(1, 6))]
QUARTER_CHOICES = [(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]


class EvaluationForm(Form):
    evaluated_on = LvDateField(_l("Evaluated on"), validators=[DataRequired()])
    rating = SelectField(_l("Rating (1 = no effect, 5 = fully effective)"),
                         choices=choices(RATING_CHOICES), default="")
    effective = SelectField(_l("Effective?"), choices=choices(EFFECTIVE_CHOICES), default="")
    comment = TextAreaField(_l("How the effect was checked"),
                            validators=[DataRequired(), Length(max=5000)])

    def values(self) -> dict:
        effective = {"yes": True, "no": False}.get(self.effective.data or "")
        return {"evaluated_on": self.evaluated_on.data,
                "rating": int(self.rating.data) if self.rating.data else None,
                "effective": effective, "comment": self.comment.data or ""}


class PlanItemForm(Form):
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    quarter = SelectField(_l("Quarter"), choices=choices(QUARTER_CHOICES), coerce=int,
                          default=1)
    topic = StringField(_l("Topic"), validators=[DataRequired(), Length(max=200)])
    training_type = SelectField(_l("Type"), choices=choices(TRAINING_TYPE_LABELS.items()),
                                default="course")
    unit_id = IdSelectField(_l("Target unit"), blank_label=_l("— all units —"))
    position_id = IdSelectField(_l("Target position"), blank_label=_l("— all positions —"))
    planned_hours = HoursField(_l("Planned hours"))
    planned_participants = IntegerField(_l("Planned participants"),
                                        validators=[Optional(), NumberRange(0, 10000)])
    planned_budget = AmountField(_l("Planned budget, €"))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])
    row_version = row_version_field()

    FIELDS = ("year", "quarter", "topic", "training_type", "unit_id", "position_id",
              "planned_hours", "planned_participants", "planned_budget", "notes")

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class CertificateForm(Form):
    file = FileField(_l("Certificate"), validators=[FileRequired(_l("Choose a file."))])
