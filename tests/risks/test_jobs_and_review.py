"""The daily review reminder and the management-review inputs."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from qms.nonconformities import services as nc_services
from qms.notifications.models import Notification
from qms.risks import jobs, review_inputs, services

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def setting(db, make_user):
    return {"qm": make_user("quality_manager"), "owner": make_user("manager"),
            "other": make_user("manager")}


def _risk(setting, review_on, **kw):
    values = {"kind": "risk", "title": "Ziemas piekļuve klientiem", "likelihood": 4,
              "impact": 4, "owner_id": setting["owner"].id, "review_on": review_on}
    values.update(kw)
    return services.create_risk(actor=setting["qm"], now=NOW, **values)


def _notifications(db, kind_prefix="risk.review"):
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.kind.like(f"{kind_prefix}%")))


def test_owners_are_told_once_when_the_review_is_near_or_past(setting, db):
    _risk(setting, dt.date(2026, 5, 18))   # in 14 days
    _risk(setting, dt.date(2026, 4, 1))    # past
    _risk(setting, dt.date(2026, 5, 19))   # in 15 days: not yet
    closed = _risk(setting, dt.date(2026, 4, 1))
    services.update_risk(closed, actor=setting["qm"], now=NOW, kind="risk", title="X",
                         owner_id=setting["owner"].id, likelihood=1, impact=1,
                         review_on=dt.date(2026, 4, 1), status="closed")
    assert jobs.risk_review_reminders(now=NOW) == "2 notification(s)"
    assert jobs.risk_review_reminders(now=NOW + dt.timedelta(hours=1)) == "0 notification(s)"
    assert _notifications(db) == 2
    # the next day the one in 15 days comes into the window
    assert jobs.risk_review_reminders(now=NOW + dt.timedelta(days=1)) == "1 notification(s)"


def test_a_new_review_date_brings_a_new_reminder(setting):
    risk = _risk(setting, dt.date(2026, 5, 10))
    assert jobs.risk_review_reminders(now=NOW) == "1 notification(s)"
    services.update_risk(risk, actor=setting["qm"], now=NOW, kind="risk", title=risk.title,
                         owner_id=setting["owner"].id, likelihood=4, impact=4,
                         review_on=dt.date(2026, 5, 12))
    assert jobs.risk_review_reminders(now=NOW) == "1 notification(s)"


def test_risk_effectiveness_input(setting):
    high = _risk(setting, None, likelihood=3, impact=4)
    _risk(setting, None, likelihood=1, impact=2)
    _risk(setting, None, kind="opportunity", likelihood=3, impact=3)
    services.set_treatment(high, actor=setting["qm"], now=NOW, treatment="reduce")
    action = services.add_risk_action(high, actor=setting["qm"], now=NOW, title="Rezerve",
                                      owner_id=setting["owner"].id, due_on=dt.date(2026, 6, 1))
    nc_services.update_action(action, actor=setting["qm"], now=NOW, status="done",
                              evidence="Līgums")
    services.evaluate(high, actor=setting["qm"], now=NOW, evaluator_id=setting["other"].id,
                      effective=True)
    data = review_inputs.risk_effectiveness(2026)
    f = data["figures"]
    assert (f["risks"], f["opportunities"], f["treated"]) == (2, 1, 1)
    assert (f["level_high"], f["level_medium"], f["level_low"]) == (1, 1, 1)
    assert (f["actions_done"], f["actions_open"]) == (1, 0)
    assert (f["evaluations_effective"], f["evaluations_not_effective"]) == (1, 0)
    table = data["tables"][0]
    assert table["key"] == "high_critical_risks" and [r[0] for r in table["rows"]] == [
        high.number]
    assert data["trend_series"]["risks"] == [0, 0, 2]
    assert review_inputs.risk_effectiveness(2025)["figures"]["risks"] == 0
    keys = set(f) | set(data["trend_series"]) | set(table["columns"]) | {table["key"]}
    assert keys <= set(review_inputs.LABELS)


def test_context_register_changes_input(setting):
    issue = services.save_issue(None, actor=setting["qm"], now=NOW, kind="internal",
                                category="people", title="Darbinieku mainība")
    services.save_issue(issue, actor=setting["qm"], now=NOW, kind="internal",
                        category="people", title="Darbinieku mainība", status="closed")
    services.save_party(None, actor=setting["qm"], now=NOW, name="Dome", kind="council",
                        needs="Budžeta izpilde")
    data = review_inputs.context_register_changes(2026)
    f = data["figures"]
    assert (f["issues_added"], f["issues_changed"], f["issues_closed"]) == (1, 1, 1)
    assert (f["issues_active"], f["parties_added"], f["parties_changed"]) == (0, 1, 0)
    assert len(data["tables"][0]["rows"]) == 3
    assert data["trend_series"]["issues_added"] == [0, 0, 1]
    keys = set(f) | set(data["trend_series"]) | set(data["tables"][0]["columns"])
    assert keys <= set(review_inputs.LABELS)
