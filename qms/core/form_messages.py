"""WTForms' built-in validation messages, listed so that ``make translations`` extracts them
into qms's catalogue (WTForms has no Latvian catalogue of its own). Never called."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext


def _catalogue_only():  # pragma: no cover
    return [
        _l("This field is required."),
        _l("Invalid input."),
        _l("Invalid email address."),
        _l("Not a valid choice."),
        _l("Invalid Choice: could not coerce."),
        _l("Choices cannot be None."),
        _l("Invalid choice(s): one or more data inputs could not be coerced."),
        ngettext("'%(value)s' is not a valid choice for this field.",
                 "'%(value)s' are not valid choices for this field.", 1),
        _l("Not a valid integer value."),
        _l("Not a valid decimal value."),
        _l("Not a valid float value."),
        _l("Not a valid date value."),
        _l("Not a valid datetime value."),
        _l("Not a valid time value."),
        _l("Field must be equal to %(other_name)s."),
        ngettext("Field must be at least %(min)d character long.",
                 "Field must be at least %(min)d characters long.", 1),
        ngettext("Field cannot be longer than %(max)d character.",
                 "Field cannot be longer than %(max)d characters.", 1),
        ngettext("Field must be exactly %(max)d character long.",
                 "Field must be exactly %(max)d characters long.", 1),
        _l("Field must be between %(min)d and %(max)d characters long."),
        _l("Number must be at least %(min)s."),
        _l("Number must be at most %(max)s."),
        _l("Number must be between %(min)s and %(max)s."),
        _l("Date must be at least %(min)s."),
        _l("Date must be at most %(max)s."),
        _l("Date must be between %(min)s and %(max)s."),
        _l("The CSRF token is missing."),
        _l("The CSRF token is invalid."),
        _l("The CSRF token has expired."),
        _l("The CSRF tokens do not match."),
        _l("File does not have an approved extension: %(extensions)s"),
        _l("This field cannot be edited."),
        _l("This field is disabled and cannot have a value."),
    ]
