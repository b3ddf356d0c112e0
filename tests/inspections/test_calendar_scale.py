"""The calendar at scale: a day of the month grid shows its first entries and "+K more" (the
day's own paginated list); the entries are chosen and counted without loading the others,
and the month's list is paginated."""

import datetime as dt

import pytest
from sqlalchemy import select

from qms.audits import services as audit_services
from qms.inspections import calendar as cal
from qms.inspections import services
from qms.inspections.defaults import install_default_authorities
from qms.inspections.models import Authority

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 5, 4)
DAY = dt.date(2026, 5, 12)  # a Tuesday


@pytest.fixture
def setting(db, make_unit, make_user, system):
    install_default_authorities(actor=system)
    return {
        "vi": db.session.scalars(select(Authority).filter_by(short_name="VI")).one(),
        "unit": make_unit(code="PSAC"),
        "qm": make_user("quality_manager", full_name="Ilze Kvalitāte"),
        "staff": make_user("staff", full_name="Anna Darbiniece"),
    }


def _inspection(setting, subject, start, end=None):
    return services.register(actor=setting["qm"], now=NOW, authority_id=setting["vi"].id,
                             subject=subject, started_on=start, ended_on=end,
                             unit_id=setting["unit"].id)


@pytest.fixture
def crowded(setting):
    """On DAY: an inspection that began two days earlier, an audit, four inspections and a
    prescription deadline for ``staff`` (seven entries); the day after: one inspection."""
    earlier = _inspection(setting, "Sākās agrāk", DAY - dt.timedelta(days=2), DAY)
    audit = audit_services.plan_audit(
        actor=setting["qm"], now=NOW, programme=None, title="Aprūpe mājās",
        criteria="ISO 9001", planned_start=DAY, unit_ids=[setting["unit"].id])
    same_day = [_inspection(setting, f"Pārbaude {n}", DAY) for n in range(4)]
    prescription = services.add_prescription(
        same_day[0], actor=setting["qm"], now=NOW, kind="prescription", text="Novērst",
        deadline_on=DAY, responsible_id=setting["staff"].id)
    after = _inspection(setting, "Nākamajā dienā", DAY + dt.timedelta(days=1))
    return {"earlier": earlier, "audit": audit, "same_day": same_day,
            "prescription": prescription, "after": after}


def _keys(entries):
    return [entry.key for entry in entries]


def _day(view, date):
    return next(day for week in view.weeks for day in week if day.date == date)


def test_a_crowded_day_shows_its_first_entries_and_counts_them_all(setting, crowded):
    view = cal.month_page(setting["qm"], 2026, 5, today=TODAY, per_day=3)
    day = _day(view, DAY)
    assert day.total == 7 and day.more == 4
    # In calendar order: the first day, then audits, inspections, deadlines, then the id.
    assert _keys(day.entries) == [f"inspection-{crowded['earlier'].id}",
                                  f"audit-{crowded['audit'].id}",
                                  f"inspection-{crowded['same_day'][0].id}"]
    # The inspection that began earlier is counted on each of its days.
    before = _day(view, DAY - dt.timedelta(days=1))
    assert (before.total, before.more) == (1, 0)
    assert _keys(before.entries) == [f"inspection-{crowded['earlier'].id}"]
    following = _day(view, DAY + dt.timedelta(days=1))
    assert (following.total, following.more) == (1, 0)
    assert _day(view, DAY + dt.timedelta(days=2)).entries == []
    # With room for all, the day shows everything.
    roomy = _day(cal.month_page(setting["qm"], 2026, 5, today=TODAY, per_day=10), DAY)
    assert (roomy.total, roomy.more) == (7, 0)
    assert _keys(roomy.entries) == _keys(day.entries) + [
        *(f"inspection-{i.id}" for i in crowded["same_day"][1:]),
        f"prescription-{crowded['prescription'].id}"]


def test_a_staff_member_counts_only_their_own(setting, crowded):
    view = cal.month_page(setting["staff"], 2026, 5, today=TODAY, per_day=3)
    day = _day(view, DAY)
    assert (day.total, _keys(day.entries)) == (1, [f"prescription-{crowded['prescription'].id}"])
    assert view.listing.total == 1


def test_the_month_list_is_paginated_in_calendar_order(setting, crowded):
    everything = cal.month_page(setting["qm"], 2026, 5, today=TODAY, per_page=100)
    assert everything.listing.total == 8
    order = _keys(everything.entries)
    first = cal.month_page(setting["qm"], 2026, 5, today=TODAY, page=1, per_page=3)
    second = cal.month_page(setting["qm"], 2026, 5, today=TODAY, page=3, per_page=3)
    assert _keys(first.entries) == order[:3] and _keys(second.entries) == order[6:]
    assert first.listing.total == second.listing.total == 8 and first.listing.pages == 3
    beyond = cal.month_page(setting["qm"], 2026, 5, today=TODAY, page=9, per_page=3)
    assert beyond.entries == [] and beyond.listing.total == 8
    # The feed and year view (all entries, loaded) agree with the SQL's order.
    start, end = cal.month_bounds(2026, 5)
    assert _keys(cal.entries_for(setting["qm"], start, end, today=TODAY)) == order


def test_the_day_page_lists_every_entry_a_page_at_a_time(setting, crowded):
    page = cal.day_page(setting["qm"], DAY, today=TODAY, page=1, per_page=5)
    assert page.total == 7 and len(page.items) == 5
    rest = cal.day_page(setting["qm"], DAY, today=TODAY, page=2, per_page=5)
    assert _keys(page.items) + _keys(rest.items) == _keys(
        _day(cal.month_page(setting["qm"], 2026, 5, today=TODAY, per_day=10), DAY).entries)


def test_the_month_view_links_a_crowded_day_to_its_list(setting, crowded, client, login,
                                                         monkeypatch, app):
    monkeypatch.setattr(cal, "DAY_LIMIT", 3)
    login(setting["qm"])
    html = client.get("/inspections/calendar?month=2026-05").get_data(as_text=True)
    assert 'href="/inspections/calendar/day?day=2026-05-12"' in html
    assert "+4 more" in html and "4 more entries on 12.05.2026" in html
    assert html.count('class="cal-more"') == 1  # the other days have room
    app.config["PAGE_SIZE"] = 5
    page = client.get("/inspections/calendar/day?day=2026-05-12")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "7 entries on this day" in html
    assert f'href="/audits/{crowded["audit"].id}"' in html
    assert 'href="/inspections/calendar/day?day=2026-05-12&amp;page=2"' in html
    last = client.get("/inspections/calendar/day?day=2026-05-12&page=2").get_data(as_text=True)
    assert f'href="/inspections/{crowded["same_day"][3].id}"' in last
    assert client.get("/inspections/calendar/day?day=rubbish").status_code == 200


def test_a_quiet_month_looks_as_before(setting, client, login):
    audit = audit_services.plan_audit(
        actor=setting["qm"], now=NOW, programme=None, title="Aprūpe mājās",
        criteria="ISO 9001", planned_start=DAY, unit_ids=[setting["unit"].id])
    inspection = _inspection(setting, "Higiēna", DAY)
    login(setting["qm"])
    html = client.get("/inspections/calendar?month=2026-05").get_data(as_text=True)
    assert f'href="/audits/{audit.id}"' in html and f'href="/inspections/{inspection.id}"' in html
    assert "cal-more" not in html and 'class="pagination"' not in html
