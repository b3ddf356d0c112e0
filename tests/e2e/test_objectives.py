"""Browser journeys through policy and objectives and the provider register: the person
responsible for a quality objective reports its progress; the quality manager evaluates a
provider (refused once without a comment for "improve"); the SWOT grid and the provider
register on a phone.

Things are found by URL, form action and field name, so the journeys do not depend on the
translations."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def path_of(page) -> str:
    return urlsplit(page.url).path


def test_the_responsible_head_reports_progress(page, sign_in, watch):
    sign_in(page, "aab")  # Rudīte Eglīte, responsible for the home care objective
    page.goto("/objectives/mine")
    link = page.locator("main a[href$='/progress']").first
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    note = f"Aptauja pabeigta {uuid.uuid4().hex[:6]}"
    page.fill("input[name=percent]", "95")
    page.fill("textarea[name=note]", note)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert re.fullmatch(r"/objectives/\d+", path_of(page))
    expect(page.locator("main")).to_contain_text(note)
    expect(page.locator("main")).to_contain_text("95 %")
    watch.assert_clean()


def test_the_quality_manager_evaluates_a_provider(page, sign_in, watch):
    sign_in(page, "kvalitate")
    page.goto("/providers/?q=transports")
    with page.expect_navigation():
        page.locator("main table a[href^='/providers/']").first.click()
    provider_path = path_of(page)
    with page.expect_navigation():
        page.locator(f"main a[href='{provider_path}/evaluate']").click()
    page.fill("input[name=year]", "2026")
    scores = page.locator("main select[name^=c]")
    assert scores.count() >= 4
    for index in range(scores.count()):
        scores.nth(index).select_option("3")
    page.select_option("select[name=decision]", "improve")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#comment-error")).to_be_visible()
    page.fill("textarea[name=comment]", "Transporta kavējumi; jāvienojas par grafiku.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert path_of(page) == provider_path
    expect(page.locator("#e2026")).to_contain_text("3")
    expect(page.locator("#e2026 .decision-improve")).to_be_visible()
    watch.assert_clean()


@pytest.mark.parametrize("url", ["/objectives/swot", "/objectives/?year=2026", "/providers/",
                                 "/objectives/strategy"])
def test_pages_fit_a_phone(mobile_page, sign_in, watch, url):
    sign_in(mobile_page, "kvalitate")
    mobile_page.goto(url)
    expect(mobile_page.locator("main h1")).to_be_visible()
    assert mobile_page.evaluate(NO_HORIZONTAL_SCROLL), url
    watch.assert_clean()
