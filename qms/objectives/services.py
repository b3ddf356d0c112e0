"""Use cases of policy and strategy: mission and vision, SWOT, quality objectives with their
progress, strategic objectives with their action plans.

Health of a quality objective (``derive_health``), documented in the README:

* Only active objectives are tracked; an achieved one counts as on track, a not achieved one
  as off track; drafts and cancelled objectives have no health.
* With a linked indicator that has a value: the latest value is compared with the objective's
  target value (or, when the objective has none, the indicator's target), in the indicator's
  direction. On the right side of the target (or on it) -> on track; on the wrong side by at
  most 10 % of the target -> at risk; further -> off track.
* Otherwise, from the latest progress update and the deadline: past the deadline and not at
  100 % -> off track. Before it, the expected progress is the share of time elapsed between
  1 January of the objective's year and the deadline; a reported percent at most 10 points
  behind -> on track, at most 25 points behind -> at risk, further behind -> off track (no
  update counts as 0 %).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.auth.models import User
from qms.core import audit_log, transaction
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.core.permissions import Permission
from qms.core.privacy import refuse_personal_codes
from qms.core.time import local_date
from qms.extensions import db
from qms.objectives.models import (
    FUNDING_LABELS,
    OBJECTIVE_TRANSITIONS,
    TASK_STATUS_LABELS,
    Health,
    MissionStatement,
    ObjectiveProgress,
    ObjectiveStatus,
    Quadrant,
    QualityObjective,
    StrategicObjective,
    StrategyTask,
    SwotItem,
)

OBJECTIVE_FIELDS = ["year", "title", "target", "target_value", "indicator_id",
                    "policy_commitment", "resources", "budget", "responsible_id", "unit_id",
                    "deadline_on", "evaluation_method"]
TASK_FIELDS = ["number", "task", "result", "year_from", "year_to", "unit_id", "funding",
               "status"]
AT_RISK_MARGIN = Decimal("0.10")  # within 10 % of the target on the wrong side
ON_TRACK_LAG = 10  # percentage points behind the expected progress
AT_RISK_LAG = 25


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _l("You may not change policy and objectives."))


def can_manage(user) -> bool:
    return user.can(Permission.OBJECTIVE_MANAGE)


def can_update_progress(user, objective: QualityObjective) -> bool:
    """The responsible person (with the permission to update progress) or the quality
    manager."""
    if can_manage(user):
        return True
    return (user.can(Permission.OBJECTIVE_UPDATE)
            and objective.responsible_id is not None
            and objective.responsible_id == getattr(user, "id", None))


# --- mission and vision ---------------------------------------------------------------------

def current_mission() -> MissionStatement | None:
    return db.session.scalar(select(MissionStatement).order_by(MissionStatement.id).limit(1))


def save_mission(*, actor, now: dt.datetime, mission: str, vision: str, values_text: str = "",
                 expected_version=None) -> MissionStatement:
    from qms.core.concurrency import check_version

    _require(can_manage(actor))
    if not mission.strip():
        raise DomainError(_l("Write the mission."), field="mission")
    if not vision.strip():
        raise DomainError(_l("Write the vision."), field="vision")
    refuse_personal_codes(mission=mission, vision=vision, values_text=values_text)
    values = {"mission": mission.strip(), "vision": vision.strip(),
              "values_text": values_text.strip()}
    statement = current_mission()
    if statement is None:
        statement = MissionStatement(updated_at=now, updated_by_id=getattr(actor, "id", None),
                                     **values)
        db.session.add(statement)
        db.session.flush()
        audit_log.record_creation(statement, list(values), actor=actor,
                                  action="mission.create", now=now)
    else:
        check_version(statement, expected_version)
        if audit_log.apply_changes(statement, values, actor=actor, action="mission.update",
                                   now=now):
            statement.updated_at = now
            statement.updated_by_id = getattr(actor, "id", None)
    transaction.commit()
    return statement


# --- SWOT -----------------------------------------------------------------------------------

def _period(text: str) -> str:
    """``2026`` or ``2024-2027``."""
    text = (text or "").strip().replace("–", "-").replace(" ", "")
    parts = text.split("-")
    if not 1 <= len(parts) <= 2 or not all(p.isdigit() and len(p) == 4 for p in parts) \
            or (len(parts) == 2 and int(parts[0]) > int(parts[1])):
        raise DomainError(_l("Write the period as a year (2026) or years (2024-2027)."),
                          field="period")
    return text


def add_swot_item(*, actor, now: dt.datetime, period: str, quadrant: str,
                  text: str) -> SwotItem:
    _require(can_manage(actor))
    period = _period(period)
    if quadrant not in Quadrant.__members__.values():
        raise DomainError(_l("Choose the quadrant."), field="quadrant")
    if not (text or "").strip():
        raise DomainError(_l("Write the item."), field="text")
    refuse_personal_codes(text=text)
    position = (db.session.scalar(select(func.max(SwotItem.position)).where(
        SwotItem.period == period, SwotItem.quadrant == quadrant)) or 0) + 1
    item = SwotItem(period=period, quadrant=quadrant, text=text.strip()[:1000],
                    position=position)
    db.session.add(item)
    db.session.flush()
    audit_log.record_creation(item, ["period", "quadrant", "text"], actor=actor,
                              action="swot.add", now=now)
    transaction.commit()
    return item


def delete_swot_item(item: SwotItem, *, actor, now: dt.datetime) -> None:
    _require(can_manage(actor))
    audit_log.record(actor=actor, action="swot.delete", entity=item,
                     changes={"text": [item.text, None], "quadrant": [item.quadrant, None],
                              "period": [item.period, None]}, now=now)
    db.session.delete(item)
    transaction.commit()


# --- quality objectives ---------------------------------------------------------------------

def _check_objective(values: dict) -> None:
    year = values.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError(_l("Give the year of the objective."), field="year")
    if not (values.get("title") or "").strip():
        raise DomainError(_l("Say what is to be achieved."), field="title")
    if values.get("responsible_id") and db.session.get(User, values["responsible_id"]) is None:
        raise DomainError(_l("Choose who is responsible."), field="responsible_id")
    if values.get("budget") is not None and values["budget"] < 0:
        raise DomainError(_l("The budget cannot be negative."), field="budget")
    if values.get("indicator_id"):
        from qms.processes.models import Indicator

        if db.session.get(Indicator, values["indicator_id"]) is None:
            raise DomainError(_l("Choose an indicator."), field="indicator_id")
    refuse_personal_codes(title=values.get("title"), target=values.get("target"),
                          resources=values.get("resources"),
                          evaluation_method=values.get("evaluation_method"))


def _clean(values: dict) -> dict:
    out = {name: values.get(name) for name in OBJECTIVE_FIELDS}
    for name in ("title", "target", "policy_commitment", "resources", "evaluation_method"):
        out[name] = (out[name] or "").strip()
    return out


def create_objective(*, actor, now: dt.datetime, **values) -> QualityObjective:
    _require(can_manage(actor))
    values = _clean(values)
    _check_objective(values)
    year = values["year"]
    sequence = (db.session.scalar(select(func.max(QualityObjective.sequence)).where(
        QualityObjective.year == year)) or 0) + 1
    objective = QualityObjective(number=f"KM-{year}-{sequence:02d}", sequence=sequence,
                                 status=ObjectiveStatus.DRAFT, created_at=now, **values)
    db.session.add(objective)
    db.session.flush()
    audit_log.record_creation(objective, OBJECTIVE_FIELDS, actor=actor,
                              action="objective.create", now=now)
    transaction.commit()
    return objective


def update_objective(objective: QualityObjective, *, actor, now: dt.datetime,
                     expected_version=None, **values) -> QualityObjective:
    from qms.core.concurrency import check_version

    _require(can_manage(actor))
    check_version(objective, expected_version)
    if objective.status not in (ObjectiveStatus.DRAFT, ObjectiveStatus.ACTIVE):
        raise InvalidTransition(_l("A closed objective can no longer be changed."))
    values = _clean(values)
    values["year"] = objective.year if values.get("year") is None else values["year"]
    _check_objective(values)
    if values["year"] != objective.year:
        raise DomainError(_l("The year of an objective cannot change; create a new one."),
                          field="year")
    if objective.status == ObjectiveStatus.ACTIVE:
        missing = missing_for_activation_values(values)
        if missing:
            raise DomainError(_l("An active objective must stay complete."), field=missing[0])
    audit_log.apply_changes(objective, values, actor=actor, action="objective.update", now=now)
    transaction.commit()
    return objective


def missing_for_activation_values(values: dict) -> list[str]:
    """The completeness rule (6.2.2 a-e): what, target, responsible, deadline and how it
    will be evaluated must all be filled."""
    missing = []
    for name in ("title", "target", "responsible_id", "deadline_on", "evaluation_method"):
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(name)
    return missing


def missing_for_activation(objective: QualityObjective) -> list[str]:
    return missing_for_activation_values(
        {name: getattr(objective, name) for name in OBJECTIVE_FIELDS})


def activate(objective: QualityObjective, *, actor, now: dt.datetime) -> QualityObjective:
    _require(can_manage(actor))
    if objective.status != ObjectiveStatus.DRAFT:
        raise InvalidTransition(_l("Only a draft objective can be activated."))
    missing = missing_for_activation(objective)
    if missing:
        raise DomainError(_l("Fill in what, the target, who is responsible, the deadline and "
                             "how the result is evaluated before activating."),
                          field=missing[0])
    audit_log.apply_changes(objective, {"status": ObjectiveStatus.ACTIVE}, actor=actor,
                            action="objective.activate", now=now)
    transaction.commit()
    return objective


def close_objective(objective: QualityObjective, *, actor, now: dt.datetime, status: str,
                    note: str = "") -> QualityObjective:
    """Achieved, not achieved or cancelled: the evaluation of the objective."""
    _require(can_manage(actor))
    if status not in OBJECTIVE_TRANSITIONS.get(objective.status, set()) \
            or status == ObjectiveStatus.ACTIVE:
        raise InvalidTransition(_l("This change of status is not allowed."))
    refuse_personal_codes(note=note)
    audit_log.apply_changes(objective, {"status": status}, actor=actor,
                            action="objective.close", now=now)
    if note.strip():
        audit_log.record(actor=actor, action="objective.close_note", entity=objective,
                         note=note.strip(), now=now)
    transaction.commit()
    return objective


def add_progress(objective: QualityObjective, *, actor, now: dt.datetime,
                 recorded_on: dt.date | None = None, percent: int | None = None,
                 value: Decimal | None = None, note: str = "") -> ObjectiveProgress:
    _require(can_update_progress(actor, objective),
             _l("Only the person responsible for the objective or the quality manager may "
                "report its progress."))
    if objective.status != ObjectiveStatus.ACTIVE:
        raise InvalidTransition(_l("Progress is reported on active objectives only."))
    if percent is None and value is None:
        raise DomainError(_l("Give the percent done or the measured value."), field="percent")
    if percent is not None and not 0 <= percent <= 100:
        raise DomainError(_l("The percent is between 0 and 100."), field="percent")
    if not (note or "").strip():
        raise DomainError(_l("Write what was done."), field="note")
    refuse_personal_codes(note=note)
    entry = ObjectiveProgress(objective=objective, recorded_on=recorded_on or local_date(now),
                              percent=percent, value=value, note=note.strip(),
                              author_id=getattr(actor, "id", None), created_at=now)
    db.session.add(entry)
    db.session.flush()
    audit_log.record(actor=actor, action="objective.progress", entity=objective,
                     changes={"percent": [None, percent],
                              "value": [None, str(value) if value is not None else None]},
                     note=entry.note, now=now)
    transaction.commit()
    return entry


# --- health ---------------------------------------------------------------------------------

def health_from_value(value: Decimal, target: Decimal, direction: str) -> Health:
    shortfall = (value - target) if direction == "lower" else (target - value)
    if shortfall <= 0:
        return Health.ON_TRACK
    if target != 0 and shortfall <= abs(target) * AT_RISK_MARGIN:
        return Health.AT_RISK
    return Health.OFF_TRACK


def health_from_progress(*, year: int, deadline_on: dt.date | None, percent: int | None,
                         today: dt.date) -> Health:
    done = percent or 0
    if deadline_on is None:
        return Health.AT_RISK if done == 0 else Health.ON_TRACK
    if today > deadline_on:
        return Health.ON_TRACK if done >= 100 else Health.OFF_TRACK
    start = dt.date(year, 1, 1)
    span = max((deadline_on - start).days, 1)
    expected = min(max((today - start).days / span, 0), 1) * 100
    if done >= expected - ON_TRACK_LAG:
        return Health.ON_TRACK
    if done >= expected - AT_RISK_LAG:
        return Health.AT_RISK
    return Health.OFF_TRACK


def derive_health(objective: QualityObjective, *, today: dt.date,
                  latest_value: Decimal | None = None,
                  latest_percent: int | None = None) -> Health | None:
    """See the module docstring. ``latest_value`` is the linked indicator's latest value,
    ``latest_percent`` the latest progress update's percent."""
    if objective.status == ObjectiveStatus.ACHIEVED:
        return Health.ON_TRACK
    if objective.status == ObjectiveStatus.NOT_ACHIEVED:
        return Health.OFF_TRACK
    if objective.status != ObjectiveStatus.ACTIVE:
        return None
    indicator = objective.indicator
    if indicator is not None and latest_value is not None:
        target = objective.target_value if objective.target_value is not None \
            else indicator.target
        if target is not None:
            return health_from_value(Decimal(latest_value), Decimal(target),
                                     indicator.direction)
    return health_from_progress(year=objective.year, deadline_on=objective.deadline_on,
                                percent=latest_percent, today=today)


# --- strategic objectives and the action plan -----------------------------------------------

def _check_strategic(values: dict) -> None:
    if not (values.get("code") or "").strip():
        raise DomainError(_l("Give the code, e.g. SM 1."), field="code")
    if not (values.get("title") or "").strip():
        raise DomainError(_l("Write the strategic objective."), field="title")
    start, end = values.get("period_from"), values.get("period_to")
    if not start or not end or not 2000 <= start <= end <= 2100:
        raise DomainError(_l("Give the strategy period (from and to years)."),
                          field="period_to")
    refuse_personal_codes(title=values.get("title"), description=values.get("description"))


def save_strategic(strategic: StrategicObjective | None, *, actor, now: dt.datetime,
                   expected_version=None, **values) -> StrategicObjective:
    from qms.core.concurrency import check_version

    _require(can_manage(actor))
    values = {"code": (values.get("code") or "").strip()[:20],
              "title": (values.get("title") or "").strip(),
              "description": (values.get("description") or "").strip(),
              "period_from": values.get("period_from"), "period_to": values.get("period_to")}
    _check_strategic(values)
    if strategic is None:
        strategic = StrategicObjective(**values)
        db.session.add(strategic)
        db.session.flush()
        audit_log.record_creation(strategic, list(values), actor=actor,
                                  action="strategic.create", now=now)
    else:
        check_version(strategic, expected_version)
        audit_log.apply_changes(strategic, values, actor=actor, action="strategic.update",
                                now=now)
    transaction.commit()
    return strategic


def _check_task(values: dict) -> None:
    if not (values.get("task") or "").strip():
        raise DomainError(_l("Write the task."), field="task")
    start, end = values.get("year_from"), values.get("year_to")
    if not start or not end or not 2000 <= start <= end <= 2100:
        raise DomainError(_l("Give the period of the task (from and to years)."),
                          field="year_to")
    if values.get("funding") not in FUNDING_LABELS:
        raise DomainError(_l("Choose the funding source."), field="funding")
    if values.get("status") not in TASK_STATUS_LABELS:
        raise DomainError(_l("Choose the status."), field="status")
    refuse_personal_codes(task=values.get("task"), result=values.get("result"))


def save_task(existing: StrategyTask | None, *, actor, now: dt.datetime,
              strategic: StrategicObjective | None = None, expected_version=None,
              **values) -> StrategyTask:
    from qms.core.concurrency import check_version

    _require(can_manage(actor))
    values = {name: values.get(name) for name in TASK_FIELDS}
    for name in ("number", "task", "result"):
        values[name] = (values[name] or "").strip()
    values["status"] = values["status"] or "planned"
    _check_task(values)
    task = existing
    if task is None:
        if strategic is None:
            raise DomainError(_l("Choose the strategic objective."))
        position = len(strategic.tasks) + 1
        task = StrategyTask(objective=strategic, position=position, **values)
        db.session.add(task)
        db.session.flush()
        audit_log.record_creation(task, TASK_FIELDS, actor=actor, action="strategy_task.create",
                                  now=now)
    else:
        check_version(task, expected_version)
        audit_log.apply_changes(task, values, actor=actor, action="strategy_task.update",
                                now=now)
    transaction.commit()
    return task
