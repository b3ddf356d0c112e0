"""Forms of the provider register."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from qms.core.forms import Form, IdSelectField, LvDateField, choices, row_version_field
from qms.providers.models import DECISION_LABELS, PROVIDER_KIND_LABELS, PROVIDER_STATUS_LABELS


class ProviderForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    registration_number = StringField(_l("Registration number"), validators=[Length(max=40)])
    kind = SelectField(_l("Kind"), choices=choices(PROVIDER_KIND_LABELS.items()))
    provides = StringField(_l("What they provide"), validators=[Length(max=500)])
    contact = StringField(_l("Contact of the organisation"), validators=[Length(max=300)])
    contract_number = StringField(_l("Contract number"), validators=[Length(max=60)])
    contract_from = LvDateField(_l("Contract from"), validators=[Optional()])
    contract_to = LvDateField(_l("Contract to"), validators=[Optional()])
    unit_id = IdSelectField(_l("Responsible unit"))
    status = SelectField(_l("Status"), choices=choices(PROVIDER_STATUS_LABELS.items()))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])
    row_version = row_version_field()

    FIELDS = ("name", "registration_number", "kind", "provides", "contact", "contract_number",
              "contract_from", "contract_to", "unit_id", "status", "notes")

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(5, 0, -1)]



class EvaluationForm(Form):
    year = IntegerField(_l("Year evaluated"), validators=[DataRequired(),
                                                         NumberRange(2000, 2100)])
    decision = SelectField(_l("Decision"),
                           choices=choices([("", _l("— choose —")),
                                            *DECISION_LABELS.items()]))
    comment = TextAreaField(_l("Comment"), validators=[Length(max=5000)])

    def score_fields(self):
        return [field for name, field in self._fields.items() if name.startswith("c")
                and name[1:].isdigit()]

    def scores(self) -> dict[int, int | None]:
        return {int(field.name[1:]): int(field.data) if field.data else None
                for field in self.score_fields()}


def evaluation_form(criteria, **kwargs) -> EvaluationForm:
    """The evaluation form with one 1-5 choice per active criterion (named ``c<id>``)."""

    class _Form(EvaluationForm):
        pass

    for criterion in criteria:
        setattr(_Form, f"c{criterion.id}", SelectField(
            f"{criterion.name} (× {criterion.weight})", choices=choices(SCORE_CHOICES),
            description=criterion.description, validators=[Optional()]))
    return _Form(**kwargs)


class CriterionForm(Form):
    name = StringField(_l("Criterion"), validators=[DataRequired(), Length(max=200)])
    description = StringField(_l("Description"), validators=[Length(max=500)])
    weight = IntegerField(_l("Weight"), default=1, validators=[DataRequired(),
                                                               NumberRange(1, 10)])
    is_active = BooleanField(_l("In use"), default=True)
