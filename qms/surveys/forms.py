"""Forms of the survey builder, the paper results and the public answer page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from qms.core.forms import Form, IdSelectField, LvDateField, choices, row_version_field
from qms.surveys.models import (
    LIKERT_LABELS,
    QUESTION_KIND_LABELS,
    SURVEY_KIND_LABELS,
    YES_NO_LABELS,
    QuestionKind,
)


class SurveyForm(Form):
    kind = SelectField(_l("Kind"), choices=choices(SURVEY_KIND_LABELS.items()),
                       default="client")
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    unit_id = IdSelectField(_l("Unit"), blank_label=_l("— the whole organisation —"))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    intro = TextAreaField(_l("Introduction for respondents"), validators=[Length(max=5000)])
    ask_unit = BooleanField(_l("Ask respondents which unit's services they used"))
    distributed = IntegerField(_l("Paper questionnaires handed out"),
                               validators=[Optional(), NumberRange(min=0)])
    row_version = row_version_field()

    FIELDS = ("kind", "year", "unit_id", "title", "intro", "ask_unit", "distributed")

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class QuestionForm(Form):
    kind = SelectField(_l("Type"), choices=choices(QUESTION_KIND_LABELS.items()),
                       default="likert")
    text = TextAreaField(_l("Question"), validators=[DataRequired(), Length(max=500)])
    options = TextAreaField(_l("Options, one per line"), validators=[Length(max=3000)])
    required = BooleanField(_l("An answer is required"))
    row_version = row_version_field()

    def option_lines(self) -> list[str]:
        return (self.options.data or "").splitlines()


class PaperForm(Form):
    """The fixed part of the paper-results form; the counts are read per question."""

    unit_id = IdSelectField(_l("Unit"), blank_label=_l("— not given —"))
    questionnaires = IntegerField(_l("Questionnaires returned"),
                                  validators=[DataRequired(), NumberRange(min=1)])
    answered_on = LvDateField(_l("Collected on"), validators=[Optional()])


def answer_form(survey, units=()) -> type[Form]:
    """The answer page's form class for ``survey``: one field per question, named
    ``q<id>``; whether an answer is required is checked by the service."""

    class AnswerForm(Form):
        pass

    if survey.ask_unit and not survey.unit_id:
        field = IdSelectField(_l("Which unit's services did you use?"),
                              blank_label=_l("— I prefer not to say —"))
        AnswerForm.unit_id = field
    for question in survey.questions:
        name = f"q{question.id}"
        if question.kind == QuestionKind.TEXT:
            field = TextAreaField(question.text, validators=[Optional(), Length(max=2000)])
        else:
            if question.kind == QuestionKind.LIKERT:
                pairs = [(str(v), label) for v, label in LIKERT_LABELS.items()]
            elif question.kind == QuestionKind.YES_NO:
                pairs = [(str(v), label) for v, label in sorted(YES_NO_LABELS.items(),
                                                                reverse=True)]
            else:
                pairs = [(str(i), option) for i, option in enumerate(question.options or [])]
            field = RadioField(question.text, choices=choices(pairs), validators=[Optional()])
        setattr(AnswerForm, name, field)
    return AnswerForm


def set_unit_choices(form, units) -> None:
    if hasattr(form, "unit_id"):
        form.unit_id.set_choices((u.id, u.name) for u in units)
