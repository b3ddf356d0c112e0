"""Default competence requirements, from a neighbouring social service's practice (seed 001:
"not less than 24 hours of courses, seminars, conferences a year; every social worker went
through an 18-hour supervision cycle"). The quality manager installs them and changes them;
they are not law (see reference R-7.2-08)."""

from decimal import Decimal

from qms.org.models import StaffCategory
from qms.training.models import RequirementKind

DEFAULT_REQUIREMENTS = [
    {"kind": RequirementKind.YEARLY_HOURS, "category": StaffCategory.SOCIAL_WORK,
     "position_id": None, "name": "Profesionālā pilnveide", "description": "",
     "min_hours": Decimal("24"), "recurrence_months": None},
    {"kind": RequirementKind.TRAINING, "category": StaffCategory.SOCIAL_WORK,
     "position_id": None, "name": "Supervīzija",
     "description": "Supervīzijas cikls: 18 stundas ik 12 mēnešus.",
     "min_hours": Decimal("18"), "recurrence_months": 12},
]
