"""Forms of the process register, indicators, values and performance reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from qms.core.forms import Form, IdSelectField, choices, row_version_field
from qms.processes.models import DIRECTION_LABELS, FREQUENCY_LABELS, PROCESS_KIND_LABELS


class NumberField(StringField):
    """A number typed the Latvian way (``1 234,5``); stored as a Decimal (two decimals)."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{self.data:.2f}".replace(".", ",").removesuffix(",00")

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        from qms.core.formatting import parse_amount

        try:
            self.data = parse_amount(text)
        except ValueError:
            raise ValueError(str(_l("Write a number, e.g. 1 234,5."))) from None


class PeriodField(StringField):
    """The start of a period: ``dd.mm.yyyy``, ``mm.yyyy``, ``2026 Q1`` or ``2026``."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"autocomplete": "off", "placeholder": "01.01.2026"})
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d.%m.%Y") if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        from qms.processes.services import parse_period

        try:
            self.data = parse_period(text)
        except ValueError:
            raise ValueError(str(_l("Write the period as dd.mm.yyyy, mm.yyyy, 2026 Q1 or "
                                    "2026."))) from None


class ProcessForm(Form):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices(PROCESS_KIND_LABELS.items()),
                       default="core")
    owner_position_id = IdSelectField(_l("Process owner (position)"))
    unit_ids = SelectMultipleField(_l("Units that carry out the process"), coerce=int)
    purpose = TextAreaField(_l("Purpose"), validators=[Length(max=5000)])
    inputs = TextAreaField(_l("Inputs (one a line)"), validators=[Length(max=5000)])
    outputs = TextAreaField(_l("Outputs (one a line)"), validators=[Length(max=5000)])
    resources = TextAreaField(_l("Resources"), validators=[Length(max=5000)])
    iso_clauses = StringField(_l("ISO 9001 clauses"), validators=[Length(max=300)])
    is_active = BooleanField(_l("In use"), default=True)
    row_version = row_version_field()

    FIELDS = ("code", "name", "kind", "owner_position_id", "unit_ids", "purpose", "inputs",
              "outputs", "resources", "iso_clauses", "is_active")

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class IndicatorForm(Form):
    code = StringField(_l("Code"), validators=[Length(max=20)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    unit_of_measure = StringField(_l("Unit of measure"), validators=[Length(max=40)])
    direction = SelectField(_l("Direction"), choices=choices(DIRECTION_LABELS.items()),
                            default="higher")
    target = NumberField(_l("Target"))
    frequency = SelectField(_l("Frequency"), choices=choices(FREQUENCY_LABELS.items()),
                            default="quarterly")
    data_source = StringField(_l("Data source"), validators=[Length(max=300)])
    owner_position_id = IdSelectField(_l("Owner (position)"))
    is_active = BooleanField(_l("In use"), default=True)
    row_version = row_version_field()

    FIELDS = ("code", "name", "unit_of_measure", "direction", "target", "frequency",
              "data_source", "owner_position_id", "is_active")

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class ValueForm(Form):
    period = PeriodField(_l("Period"), validators=[DataRequired()])
    value = NumberField(_l("Value"), validators=[InputRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])
    row_version = row_version_field()


class ValueImportForm(Form):
    file = FileField(_l("CSV file"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["csv", "txt"], _l("Choose a CSV file.")),
    ])


class ReportForm(Form):
    conclusions = TextAreaField(_l("Conclusions of the process owner"),
                                validators=[Length(max=20000)])
    row_version = row_version_field()
