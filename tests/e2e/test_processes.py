"""Browser journeys through the processes module: the quality manager enters an indicator
value through the form and sees it in the table and the trend chart (a value below the target
marked as missed); the process map on a phone scrolls inside its frame.

Things are found by URL, form action, field name and CSS class, since the Latvian texts are
still being translated."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def test_quality_manager_enters_a_value_and_sees_it(page, sign_in, watch):
    sign_in(page, "kvalitate")
    page.goto("/processes/?q=PP-01")
    with page.expect_navigation():
        page.locator("table.process-table a", has_text="PP-01").first.click()
    with page.expect_navigation():
        page.locator("a", has_text="PP-01.2").first.click()
    assert re.search(r"/processes/indicators/\d+$", page.url)
    form = page.locator("section.value-entry form")
    form.locator("input[name=period]").fill("01.07.2025")
    form.locator("input[name=value]").fill("91,37")
    form.locator("input[name=note]").fill("Pārbaude pārlūkā")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    row = page.locator("table.indicator-values tbody tr", has_text="2025 Q3")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(re.compile(r"91[,.]37"))
    expect(row).to_have_class(re.compile("is-breach"))
    expect(row).to_contain_text("Pārbaude pārlūkā")
    chart = page.locator("figure.chart svg")
    expect(chart).to_have_count(1)
    assert chart.locator(".miss").count() >= 1
    data = page.locator("figure.chart details.chart-data")
    expect(data).to_contain_text(re.compile(r"91[,.]37"), use_inner_text=False)
    watch.assert_clean()


def test_process_map_scrolls_inside_its_frame_on_a_phone(mobile_page, sign_in, watch):
    sign_in(mobile_page, "kvalitate")
    mobile_page.goto("/processes/map")
    expect(mobile_page.locator("svg.process-map a.process-box").first).to_be_attached()
    assert mobile_page.locator("svg.process-map .flow").count() > 0
    assert mobile_page.evaluate(NO_HORIZONTAL_SCROLL)
    frame = mobile_page.locator(".process-map-scroll")
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(mobile_page.locator(".process-map-text a", has_text="PP-04").first).to_be_visible()
    watch.assert_clean()
