"""Form pieces shared by features: a select whose choices are record ids, the row version."""

from __future__ import annotations

import flask_babel
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice


class _CatalogTranslations:
    """WTForms' own messages ("This field is required." ...) from qms's catalogue, which has
    them in Latvian (WTForms ships no Latvian). The list is in ``form_messages.py``."""

    # Unformatted: WTForms fills in %(min)d, %(value)s ... itself.
    def gettext(self, string):
        return flask_babel.get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        return flask_babel.get_translations().ungettext(singular, plural, n)


class Form(FlaskForm):
    """Base of every qms form."""

    class Meta:
        def get_translations(self, form):
            return _CatalogTranslations()


class IdSelectField(SelectField):
    """A select of record ids where the empty choice means None."""

    def __init__(self, label=None, validators=None, blank_label=None, **kwargs):
        super().__init__(label, validators, coerce=self._coerce, validate_choice=True, **kwargs)
        self.blank_label = blank_label if blank_label is not None else _l("— none —")

    @staticmethod
    def _coerce(value):
        if value in (None, "", "None"):
            return None
        return int(value)

    def set_choices(self, pairs, *, allow_blank: bool = True) -> None:
        choices = [SelectChoice(None, self.blank_label)] if allow_blank else []
        self.choices = choices + [SelectChoice(key, str(label)) for key, label in pairs]

    def pre_validate(self, form):
        if self.data is None and self.choices and self.choices[0].value is None:
            return
        super().pre_validate(form)


class LvDateField(StringField):
    """A date typed as ``dd.mm.yyyy`` (leniently ``d.m.yyyy``, or ISO); stored as a date."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "placeholder": "dd.mm.gggg",
                                        "autocomplete": "off"})
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
        from qms.core.formatting import parse_date

        try:
            self.data = parse_date(text)
        except ValueError:
            raise ValueError(str(_l("Write the date as dd.mm.yyyy."))) from None


class AmountField(StringField):
    """An amount in euros typed the Latvian way (``1 234,56``); stored as a Decimal."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:.2f}".replace(".", ",") if self.data is not None else ""

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        from qms.core.formatting import parse_amount

        try:
            self.data = parse_amount(text)
        except ValueError:
            raise ValueError(str(_l("Write the amount as 1 234,56."))) from None


def choices(pairs) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs (labels may be lazy strings)."""
    return [SelectChoice(value, label) for value, label in pairs]


def row_version_field():
    return HiddenField()


class ConfirmForm(Form):
    """Only the CSRF token: for buttons that change something."""
