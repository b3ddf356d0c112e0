"""The audit programme at scale: each month shows its first audits and "+K more" (the register
filtered to that month), the coverage grid is grouped in SQL and its units come a page at a
time."""

import datetime as dt

import pytest

from qms.audits import queries, services

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(make_unit, make_position, make_user, system):
    from qms.processes.services import create_process

    sd = make_unit(code="SD", kind="institution")
    aab = make_unit(code="AAB", parent_id=sd.id)
    psac = make_unit(code="PSAC", parent_id=sd.id)
    head = make_position(title="Biroja vadītājs", unit_id=aab.id)
    care = create_process(actor=system, code="PP-04", name="Aprūpe mājās", kind="core",
                          owner_position_id=head.id)
    rehab = create_process(actor=system, code="PP-05", name="Rehabilitācija", kind="core",
                           owner_position_id=head.id)
    return {"sd": sd, "aab": aab, "psac": psac, "care": care, "rehab": rehab,
            "qm": make_user("quality_manager", unit_id=sd.id)}


def _audit(world, programme, title, start=None, month=None, unit="aab", process="care"):
    return services.plan_audit(actor=world["qm"], now=NOW, programme=programme, title=title,
                               criteria="ISO 9001", planned_start=start, planned_month=month,
                               process_ids=[world[process].id], unit_ids=[world[unit].id])


@pytest.fixture
def crowded(world):
    """April with five audits (planned out of order), May with one, one without a month."""
    programme = services.create_programme(actor=world["qm"], now=NOW, year=2026)
    april = [_audit(world, programme, f"Aprīlis {day}", dt.date(2026, 4, day))
             for day in (20, 3, 14, 9, 27)]
    may = _audit(world, programme, "Maijs", month=5)
    loose = _audit(world, programme, "Bez mēneša")
    return {"programme": programme, "april": april, "may": may, "loose": loose}


def test_a_month_shows_its_first_audits_and_counts_them_all(world, crowded):
    months, unplaced = queries.audits_by_month(crowded["programme"], limit=3)
    assert [cell.month for cell in months] == list(range(1, 13))
    april = months[3]
    assert april.total == 5 and april.more == 2
    assert [a.planned_start.day for a in april.audits] == [3, 9, 14]
    assert (months[4].total, [a.title for a in months[4].audits]) == (1, ["Maijs"])
    assert months[4].more == 0 and months[0].total == 0 and months[0].audits == []
    assert unplaced.month is None and [a.title for a in unplaced.audits] == ["Bez mēneša"]
    # With room for all, nothing is left out.
    months, _unplaced = queries.audits_by_month(crowded["programme"], limit=6)
    assert [a.planned_start.day for a in months[3].audits] == [3, 9, 14, 20, 27]
    assert months[3].more == 0


def test_the_register_filters_by_the_programme_month(world, crowded):
    from qms.extensions import db

    def numbers(month):
        stmt = queries.register(queries.RegisterFilter(year=2026, month=month))
        return {a.number for a in db.session.scalars(stmt)}

    assert numbers(4) == {a.number for a in crowded["april"]}
    assert numbers(5) == {crowded["may"].number}  # planned month, no date
    assert numbers(0) == {crowded["loose"].number}  # no month at all
    assert numbers(None) == numbers(4) | numbers(5) | numbers(0)


def test_the_programme_page_links_the_rest_of_a_crowded_month(world, crowded, client, login,
                                                              monkeypatch):
    monkeypatch.setattr(queries, "MONTH_LIMIT", 3)
    login(world["qm"])
    html = client.get("/audits/programme/2026").get_data(as_text=True)
    shown = [a for a in crowded["april"] if a.planned_start.day in (3, 9, 14)]
    hidden = [a for a in crowded["april"] if a.planned_start.day in (20, 27)]
    assert all(f'href="/audits/{a.id}"' in html for a in shown)
    assert not any(f'href="/audits/{a.id}"' in html for a in hidden)
    assert 'href="/audits/?year=2026&amp;month=4"' in html
    assert "2 more audits in April" in html
    assert "more audits without a month" not in html  # one unplaced audit: shown
    register = client.get("/audits/?year=2026&month=4").get_data(as_text=True)
    assert all(a.number in register for a in crowded["april"])
    assert crowded["may"].number not in register


def test_a_quiet_programme_has_no_more_links(world, client, login):
    programme = services.create_programme(actor=world["qm"], now=NOW, year=2026)
    audits = [_audit(world, programme, f"Audits {n}", dt.date(2026, n, 10)) for n in (3, 6, 9)]
    login(world["qm"])
    html = client.get("/audits/programme/2026").get_data(as_text=True)
    assert all(f'href="/audits/{a.id}"' in html for a in audits)
    assert "more-audits" not in html and "coverage-units" not in html


def test_the_coverage_grid_agrees_with_the_coverage_service(world, make_unit):
    programme = services.create_programme(actor=world["qm"], now=NOW, year=2026)
    _audit(world, programme, "Šogad", dt.date(2026, 4, 14))
    _audit(world, None, "Sen", dt.date(2019, 5, 6), unit="psac", process="rehab")
    cancelled = _audit(world, programme, "Atcelts", dt.date(2026, 5, 5), unit="psac")
    services.cancel(cancelled, actor=world["qm"], now=NOW, reason="Pārcelts")
    grid = queries.coverage_grid(2026)
    cycle, ever = services.coverage(2026), services.coverage(2026, years=queries.HISTORY_YEARS)
    assert [u.code for u in grid["units"]] == [u.code for u in cycle["units"]]
    states = {(process.code, cell.unit.code): (cell.state, cell.year)
              for process, cells in grid["rows"] for cell in cells}
    for process in cycle["processes"]:
        for unit in cycle["units"]:
            key = (process.id, unit.id)
            expected = (("ok", 2026) if key in cycle["last"]
                        else ("stale", ever["last"][key].year) if key in ever["last"]
                        else ("never", None))
            assert states[process.code, unit.code] == expected
    assert states["PP-04", "AAB"] == ("ok", 2026)
    assert states["PP-05", "PSAC"] == ("stale", 2019)
    assert states["PP-04", "PSAC"] == ("never", None)  # the cancelled audit does not count
    assert [(p.code, never) for p, never in grid["not_in_cycle"]] == [("PP-05", False)]
    assert ([p.code for p in cycle["never_audited"]]
            == [p.code for p, _never in grid["not_in_cycle"]])


def test_the_coverage_grid_shows_units_a_page_at_a_time(world, make_unit):
    programme = services.create_programme(actor=world["qm"], now=NOW, year=2026)
    _audit(world, programme, "PSAC", dt.date(2026, 4, 14), unit="psac")
    first = queries.coverage_grid(2026, unit_page=1, units_per_page=2)
    second = queries.coverage_grid(2026, unit_page=2, units_per_page=2)
    assert [u.code for u in first["units"]] == ["AAB", "PSAC"]
    assert [u.code for u in second["units"]] == ["SD"]
    assert first["unit_pages"].total == 3 and first["unit_pages"].pages == 2
    assert [len(cells) for _p, cells in second["rows"]] == [1, 1]
    psac = {p.code: cells[1].state for p, cells in first["rows"]}
    assert psac == {"PP-04": "ok", "PP-05": "never"}
    # Processes without an audit in the cycle are judged over every unit, not the page's.
    assert [p.code for p, _never in second["not_in_cycle"]] == ["PP-05"]
    assert queries.coverage_grid(2026, unit_page=9, units_per_page=2)["units"] == \
        second["units"]  # past the end: the last page


def test_the_programme_page_pages_the_grids_units(world, client, login, monkeypatch):
    services.create_programme(actor=world["qm"], now=NOW, year=2026)
    monkeypatch.setattr(queries, "COVERAGE_UNITS", 2)
    login(world["qm"])
    html = client.get("/audits/programme/2026").get_data(as_text=True)
    assert "Units 1–2 of 3" in html
    assert 'href="/audits/programme/2026?unit_page=2#coverage"' in html
    html = client.get("/audits/programme/2026?unit_page=2").get_data(as_text=True)
    assert "Units 3–3 of 3" in html and '<abbr title="' in html
    assert 'href="/audits/programme/2026?unit_page=1#coverage"' in html
