"""Records for the permission matrix: policy and objectives."""

import datetime as dt

from qms.core.permissions import Permission

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

# The progress page is for the responsible person or the quality manager.
OBJECT_RULES = {"objectives.progress": (Permission.OBJECTIVE_MANAGE, 403)}


def records(ctx) -> dict:
    from qms.objectives import services

    system = ctx["system"]
    objective = services.create_objective(
        actor=system, now=NOW, year=2026, title="Mērķis", target="90 %",
        responsible_id=ctx["editors"]["reviewer"].id, deadline_on=dt.date(2026, 12, 31),
        evaluation_method="Aptauja")
    services.activate(objective, actor=system, now=NOW)
    item = services.add_swot_item(actor=system, now=NOW, period="2026", quadrant="strength",
                                  text="Pieredze")
    strategic = services.save_strategic(None, actor=system, now=NOW, code="SM 1",
                                        title="Kvalitāte", period_from=2024, period_to=2027)
    task = services.save_task(None, actor=system, now=NOW, strategic=strategic, task="KVS",
                              year_from=2025, year_to=2026, funding="eu", status="planned")
    services.save_mission(actor=system, now=NOW, mission="Palīdzēt", vision="Atbalsts")
    return {"objective_id": objective.id, "swot_item_id": item.id,
            "strategic_id": strategic.id, "task_id": task.id}
