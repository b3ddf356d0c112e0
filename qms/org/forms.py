from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from qms.core.forms import Form, IdSelectField, choices, row_version_field
from qms.core.permissions import ROLE_LABELS, Role
from qms.org.models import STAFF_CATEGORY_LABELS, UNIT_KIND_LABELS


class UnitForm(Form):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices(UNIT_KIND_LABELS.items()))
    parent_id = IdSelectField(_l("Part of"))
    head_id = IdSelectField(_l("Head"))
    is_active = BooleanField(_l("Active"), default=True)
    row_version = row_version_field()


class PositionForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    unit_id = IdSelectField(_l("Unit"), validators=[DataRequired()])
    headcount = IntegerField(_l("Headcount"), default=1,
                             validators=[DataRequired(message=_l("Enter a whole number.")),
                                         NumberRange(min=0, max=10000)])
    category = SelectField(_l("Staff category"), choices=choices(STAFF_CATEGORY_LABELS.items()))
    is_active = BooleanField(_l("Active"), default=True)
    row_version = row_version_field()


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PersonForm(Form):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    unit_id = IdSelectField(_l("Unit"))
    position_id = IdSelectField(_l("Position"))
    roles = MultiCheckboxField(_l("Roles"),
                               choices=choices((r.value, ROLE_LABELS[r]) for r in Role),
                               default=[Role.STAFF.value])
    language = SelectField(_l("Language"),
                           choices=choices([("lv", "Latviešu"), ("en", "English")]))
    is_active_account = BooleanField(_l("Active (may sign in)"), default=True)
    row_version = row_version_field()


class StaffImportForm(Form):
    file = FileField(_l("CSV file"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["csv", "txt"], _l("Choose a CSV file.")),
    ])
