"""Forms of the context register, interested parties, risks and the scoring method."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from qms.core.forms import Form, IdSelectField, LvDateField, choices, row_version_field
from qms.risks.models import (
    CATEGORY_LABELS,
    ISSUE_KIND_LABELS,
    ISSUE_STATUS_LABELS,
    PARTY_KIND_LABELS,
    RISK_KIND_LABELS,
    RISK_STATUS_LABELS,
    TREATMENT_LABELS,
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class _Values:
    FIELDS: tuple = ()

    def values(self) -> dict:
        return {name: _strip(getattr(self, name).data) for name in self.FIELDS}


class IssueForm(_Values, Form):
    kind = SelectField(_l("Kind"), choices=choices(ISSUE_KIND_LABELS.items()))
    category = SelectField(_l("Category"), choices=choices(CATEGORY_LABELS.items()))
    title = StringField(_l("Issue"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    effect = TextAreaField(_l("Effect on the quality management system"),
                           validators=[Length(max=10000)])
    process_ids = SelectMultipleField(_l("Related processes"), coerce=int)
    status = SelectField(_l("Status"), choices=choices(ISSUE_STATUS_LABELS.items()))
    review_on = LvDateField(_l("Review date"), validators=[Optional()])
    row_version = row_version_field()

    FIELDS = ("kind", "category", "title", "description", "effect", "process_ids", "status",
              "review_on")


class PartyForm(_Values, Form):
    name = StringField(_l("Interested party"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices(PARTY_KIND_LABELS.items()))
    needs = TextAreaField(_l("Needs and expectations"),
                          validators=[DataRequired(), Length(max=10000)])
    monitoring = TextAreaField(_l("How they are monitored"), validators=[Length(max=10000)])
    process_ids = SelectMultipleField(_l("Related processes"), coerce=int)
    status = SelectField(_l("Status"), choices=choices(ISSUE_STATUS_LABELS.items()))
    review_on = LvDateField(_l("Review date"), validators=[Optional()])
    row_version = row_version_field()

    FIELDS = ("name", "kind", "needs", "monitoring", "process_ids", "status", "review_on")


def rating_choices(scale: int):
    return [(n, str(n)) for n in range(1, scale + 1)]


class RiskForm(_Values, Form):
    kind = SelectField(_l("Type"), choices=choices(RISK_KIND_LABELS.items()))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description: cause and effect"),
                                validators=[Length(max=10000)])
    source_issue_id = IdSelectField(_l("Source: context issue"))
    source_party_id = IdSelectField(_l("Source: interested party"))
    process_id = IdSelectField(_l("Process"))
    owner_id = IdSelectField(_l("Owner"), validators=[DataRequired()])
    likelihood = SelectField(_l("Likelihood"), coerce=int)
    impact = SelectField(_l("Impact"), coerce=int)
    review_on = LvDateField(_l("Review date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=choices(RISK_STATUS_LABELS.items()))
    row_version = row_version_field()

    FIELDS = ("kind", "title", "description", "source_issue_id", "source_party_id",
              "process_id", "owner_id", "likelihood", "impact", "review_on", "status")

    def set_scale(self, scale: int) -> None:
        self.likelihood.choices = rating_choices(scale)
        self.impact.choices = rating_choices(scale)


class TreatmentForm(Form):
    treatment = SelectField(_l("Treatment"), choices=choices(TREATMENT_LABELS.items()))
    approver_id = IdSelectField(_l("Approver of the acceptance"))
    justification = TextAreaField(_l("Justification"), validators=[Length(max=10000)])
    residual_likelihood = IdSelectField(_l("Residual likelihood"), blank_label="—")
    residual_impact = IdSelectField(_l("Residual impact"), blank_label="—")
    review_on = LvDateField(_l("Next review"), validators=[Optional()])
    row_version = row_version_field()

    def set_scale(self, scale: int) -> None:
        self.residual_likelihood.set_choices(rating_choices(scale))
        self.residual_impact.set_choices(rating_choices(scale))


class ActionForm(Form):
    title = StringField(_l("What will be done"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Details"), validators=[Length(max=10000)])
    owner_id = IdSelectField(_l("Responsible"), validators=[DataRequired()])
    due_on = LvDateField(_l("Due date"), validators=[DataRequired()])


EFFECTIVE_CHOICES = [("", _l("— choose —")), ("yes", _l("Effective")),
                     ("no", _l("Not effective"))]


class EvaluationForm(Form):
    evaluator_id = IdSelectField(_l("Evaluator"), validators=[DataRequired()])
    effective = SelectField(_l("Result"), choices=choices(EFFECTIVE_CHOICES))
    comment = TextAreaField(_l("Comment"), validators=[Length(max=10000)])
    evaluated_on = LvDateField(_l("Evaluated on"), validators=[Optional()])
    row_version = row_version_field()

    def effective_value(self):
        return {"yes": True, "no": False}.get(self.effective.data)


class SettingsForm(_Values, Form):
    scale = IntegerField(_l("Scale (steps of likelihood and impact)"),
                         validators=[InputRequired()])
    low_max = IntegerField(_l("Low: highest score"), validators=[InputRequired()])
    medium_max = IntegerField(_l("Medium: highest score"), validators=[InputRequired()])
    high_max = IntegerField(_l("High: highest score"), validators=[InputRequired()])
    label_low = StringField(_l("Label of the low level"), validators=[Length(max=40)])
    label_medium = StringField(_l("Label of the medium level"), validators=[Length(max=40)])
    label_high = StringField(_l("Label of the high level"), validators=[Length(max=40)])
    label_critical = StringField(_l("Label of the critical level"),
                                 validators=[Length(max=40)])
    row_version = row_version_field()

    FIELDS = ("scale", "low_max", "medium_max", "high_max", "label_low", "label_medium",
              "label_high", "label_critical")
