"""The calendar of audits, inspections and prescription deadlines, and the personal iCalendar
feed (RFC 5545: CRLF, lines of at most 75 octets, escaped TEXT, exclusive DTEND)."""

import datetime as dt

import pytest
from sqlalchemy import select

from qms.audits import services as audit_services
from qms.core.time import local_date, utcnow
from qms.inspections import services
from qms.inspections.defaults import install_default_authorities
from qms.inspections.models import Authority

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def setting(db, make_unit, make_user, system):
    install_default_authorities(actor=system)
    return {
        "vi": db.session.scalars(select(Authority).filter_by(short_name="VI")).one(),
        "unit": make_unit(code="PSAC"),
        "qm": make_user("quality_manager", full_name="Ilze Kvalitāte"),
        "lead": make_user("auditor", full_name="Līga Auditore"),
        "staff": make_user("staff", full_name="Anna Darbiniece"),
    }


def _world(setting, start: dt.date):
    """An audit (led by ``lead``), an inspection (with a comma, a semicolon and a newline in
    its subject, lasting two days) with a prescription for ``staff``, and another inspection
    nobody is responsible for."""
    audit = audit_services.plan_audit(
        actor=setting["qm"], now=NOW, programme=None, title="Aprūpe mājās",
        criteria="ISO 9001", planned_start=start, planned_end=start + dt.timedelta(days=1),
        unit_ids=[setting["unit"].id])
    audit_services.set_team(audit, actor=setting["qm"], now=NOW, lead_id=setting["lead"].id)
    inspection = services.register(
        actor=setting["qm"], now=NOW, authority_id=setting["vi"].id,
        subject="Higiēna, telpas; virtuve\nun noliktava", started_on=start,
        ended_on=start + dt.timedelta(days=1), unit_id=setting["unit"].id)
    prescription = services.add_prescription(
        inspection, actor=setting["qm"], now=NOW, kind="prescription",
        text="Nodrošināt dezinfekcijas līdzekļu uzskaiti " * 4,
        deadline_on=start + dt.timedelta(days=10), responsible_id=setting["staff"].id)
    other = services.register(actor=setting["qm"], now=NOW, authority_id=setting["vi"].id,
                              subject="Ugunsdrošība", started_on=start + dt.timedelta(days=3))
    return audit, inspection, prescription, other


def test_the_month_view_lists_audits_inspections_and_deadlines(setting, client, login):
    audit, inspection, prescription, other = _world(setting, dt.date(2026, 5, 4))
    login(setting["qm"])
    page = client.get("/inspections/calendar?month=2026-05")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'href="/audits/{audit.id}"' in html and "cal-audit" in html
    assert f'href="/inspections/{inspection.id}"' in html and "cal-inspection" in html
    assert f'href="/inspections/{other.id}"' in html
    assert "cal-deadline" in html and '<time datetime="2026-05-14">' in html
    nothing = client.get("/inspections/calendar?month=2026-08").get_data(as_text=True)
    assert f'href="/audits/{audit.id}"' not in nothing
    assert client.get("/inspections/calendar?month=garbage").status_code == 200
    assert client.get("/inspections/calendar/year?year=2026").status_code == 200


def test_the_month_view_of_a_staff_member_shows_only_their_own(setting, client, login):
    audit, inspection, prescription, other = _world(setting, dt.date(2026, 5, 4))
    login(setting["staff"])
    html = client.get("/inspections/calendar?month=2026-05").get_data(as_text=True)
    assert "cal-deadline" in html and f'href="/inspections/{inspection.id}"' in html
    assert f'href="/inspections/{other.id}"' not in html
    assert f'href="/audits/{audit.id}"' not in html


def _unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def _events(body: str) -> dict[str, dict[str, str]]:
    """UID without its host -> {property name with parameters: value}."""
    events, current = {}, None
    for line in _unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events[current["UID"].split("@")[0]] = current
            current = None
        elif current is not None:
            name, _sep, value = line.partition(":")
            current[name] = value
    return events


def test_the_ics_feed_follows_rfc_5545(setting, client):
    today = local_date(utcnow())
    start = today + dt.timedelta(days=20)
    audit, inspection, prescription, other = _world(setting, start)
    token = services.new_calendar_token(setting["qm"], now=NOW)
    response = client.get(f"/inspections/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "no-store"
    raw = response.data
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), [ln for ln in lines if len(ln) > 75]
    assert any(line.startswith(b" ") for line in lines)  # a long line was folded
    body = raw.decode("utf-8")
    events = _events(body)
    event = events[f"qms-inspection-{inspection.id}"]
    assert "Higiēna\\, telpas\\; virtuve\\nun noliktava" in event["SUMMARY"]
    # All-day events: DTEND is the day after the last day.
    assert event["DTSTART;VALUE=DATE"] == start.strftime("%Y%m%d")
    assert event["DTEND;VALUE=DATE"] == (start + dt.timedelta(days=2)).strftime("%Y%m%d")
    # The quality manager is no member of the audit, nor responsible for the prescription.
    assert f"qms-audit-{audit.id}" not in events
    assert f"qms-prescription-{prescription.id}" not in events
    assert f"qms-inspection-{other.id}" in events


def test_unknown_and_revoked_tokens_give_404(setting, client):
    token = services.new_calendar_token(setting["staff"], now=NOW)
    assert client.get(f"/inspections/calendar/{token}.ics").status_code == 200
    assert client.get("/inspections/calendar/nosuchtoken.ics").status_code == 404
    services.revoke_calendar_token(setting["staff"], now=NOW)
    assert client.get(f"/inspections/calendar/{token}.ics").status_code == 404


def test_a_staff_feed_has_only_their_own_entries(setting, client):
    start = local_date(utcnow()) + dt.timedelta(days=20)
    audit, inspection, prescription, other = _world(setting, start)
    events = _events(client.get(
        f"/inspections/calendar/{services.new_calendar_token(setting['staff'], now=NOW)}.ics")
        .get_data(as_text=True))
    assert set(events) == {f"qms-prescription-{prescription.id}"}
    deadline = events[f"qms-prescription-{prescription.id}"]
    due = prescription.deadline_on
    assert deadline["DTSTART;VALUE=DATE"] == due.strftime("%Y%m%d")
    assert deadline["DTEND;VALUE=DATE"] == (due + dt.timedelta(days=1)).strftime("%Y%m%d")
    lead_events = _events(client.get(
        f"/inspections/calendar/{services.new_calendar_token(setting['lead'], now=NOW)}.ics")
        .get_data(as_text=True))
    assert f"qms-audit-{audit.id}" in lead_events
    assert f"qms-prescription-{prescription.id}" not in lead_events
