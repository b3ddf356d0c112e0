"""A small organisation for the training tests: a social work position with the default
requirements, its head, a staff member, a quality manager and a manager."""

import datetime as dt
from decimal import Decimal

import pytest

from qms.training import services

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def setting(db, make_unit, make_position, make_user, system):
    unit = make_unit(code="SPN", name="Sociālās palīdzības nodaļa")
    other_unit = make_unit(code="AAB", name="Aprūpes birojs")
    social = make_position(title="Sociālais darbinieks", unit_id=unit.id,
                           category="social_work")
    carer = make_position(title="Aprūpētājs", unit_id=other_unit.id, category="care")
    head = make_user("manager", full_name="Inese Vītola", unit_id=unit.id)
    from qms.org import services as org

    org.update_unit(unit, actor=system, code=unit.code, name=unit.name, kind=unit.kind,
                    parent_id=None, head_id=head.id, is_active=True)
    qm = make_user("quality_manager", full_name="Ilze Bērziņa")
    services.install_default_requirements(actor=qm, now=NOW)
    from qms.training.models import TrainingRequirement

    supervision = db.session.query(TrainingRequirement).filter_by(name="Supervīzija").one()
    return {
        "unit": unit, "other_unit": other_unit, "social": social, "carer": carer,
        "head": head, "qm": qm, "supervision": supervision,
        "staff": make_user("staff", full_name="Kristīne Jansone", unit_id=unit.id,
                           position_id=social.id),
        "carer_person": make_user("staff", full_name="Zane Pētersone",
                                  unit_id=other_unit.id, position_id=carer.id),
        "manager": make_user("manager", full_name="Cits Vadītājs", unit_id=other_unit.id),
    }


@pytest.fixture
def add(setting):
    """Add a record through the service (as the quality manager unless ``actor`` given)."""

    def do(person, *, actor=None, **values):
        data = {"user_id": person.id, "topic": "Supervīzija", "training_type": "supervision",
                "provider": "Supervizoru biedrība", "started_on": dt.date(2026, 3, 10),
                "ended_on": None, "hours": Decimal("9"), "cost": Decimal("0"),
                "requirement_id": None, "plan_item_id": None, "notes": ""}
        data.update(values)
        return services.add_record(actor=actor or setting["qm"], now=NOW, **data)

    return do
