"""Records for the permission matrix: a process with an indicator and one value."""

import datetime as dt
from decimal import Decimal

from qms.core.permissions import Permission


def records(ctx) -> dict:
    from qms.processes import services

    system = ctx["system"]
    position = ctx["make_position"](unit_id=ctx["unit_id"], title="Procesa īpašnieks")
    process = services.create_process(actor=system, code="RR-01", name="Matricas process",
                                      kind="core", owner_position_id=position.id,
                                      outputs="Lēmums")
    indicator = services.create_indicator(process, actor=system, code="RR-01.1",
                                          name="Termiņā", direction="higher",
                                          target=Decimal(95), frequency="quarterly",
                                          owner_position_id=position.id)
    value = services.record_value(indicator, actor=system,
                                  now=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
                                  period_start=dt.date(2026, 1, 1), value=Decimal(90))
    return {"process_id": process.id, "indicator_id": indicator.id, "value_id": value.id}


# Only the indicator's owner (the holder of its owner position) or the quality manager.
OBJECT_RULES = {"processes.value_edit": (Permission.PROCESS_MANAGE, 403)}
