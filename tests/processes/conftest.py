import datetime as dt
from decimal import Decimal

import pytest

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def setting(db, make_unit, make_position, make_user, system):
    from qms.processes import services

    unit = make_unit(code="SPN", name="Sociālās palīdzības nodaļa")
    owner_position = make_position(unit_id=unit.id, title="Nodaļas vadītājs")
    other_position = make_position(unit_id=unit.id, title="Sociālais darbinieks")
    process = services.create_process(actor=system, code="pp-01", name="Sociālā palīdzība",
                                      kind="core", owner_position_id=owner_position.id,
                                      unit_ids=[unit.id], inputs="Klienta iesniegums",
                                      outputs="Lēmums par statusu")
    indicator = services.create_indicator(
        process, actor=system, now=NOW, code="PP-01.2", name="Izskatīti termiņā",
        unit_of_measure="%", direction="higher", target=Decimal("98"), frequency="quarterly",
        data_source="SOPA", owner_position_id=owner_position.id)
    return {
        "unit": unit, "process": process, "indicator": indicator,
        "qm": make_user("quality_manager"),
        "owner": make_user("manager", position_id=owner_position.id, full_name="Vadītāja"),
        "other_manager": make_user("manager", position_id=other_position.id),
        "staff": make_user("staff", position_id=owner_position.id),
    }
