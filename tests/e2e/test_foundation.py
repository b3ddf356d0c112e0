"""Browser journeys through the foundation: signing in and out, the language switch, what a
staff member may see, a form error in Latvian, a phone-sized screen and the keyboard.

Expected texts in Latvian are read from the compiled catalogue (``live_server.latvian``), which
also fails the test if the Latvian translation is missing. Every journey uses its own demo
account, so that a journey that changes an account (language) cannot disturb another."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "demo-parole-2026"

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def path_of(page) -> str:
    return urlsplit(page.url).path


def switch_language(page, code: str) -> None:
    menu = page.locator("header details.dropdown").filter(has=page.locator("button[lang]"))
    menu.locator("summary").click()
    with page.expect_navigation():
        menu.locator(f'button[lang="{code}"]').click()


def language_summary(page):
    return page.locator("header details.dropdown").filter(
        has=page.locator("button[lang]")).locator("summary")


def main_nav_links(page) -> list[str]:
    return page.locator("header .main-nav a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))")


def test_sign_in_with_wrong_then_right_password(page, live_server, watch, sign_in):
    lv = live_server.latvian

    sign_in(page, "admin", "not-the-demo-password")
    assert path_of(page) == "/login"
    expect(page.locator("h1")).to_have_text(lv("Sign in"))
    expect(page.locator(".flash-error")).to_have_text(lv("Wrong username or password."))
    expect(page.locator("#password")).to_have_value("")
    expect(page.locator('form[action="/logout"]')).to_have_count(0)

    sign_in(page, "admin")
    assert path_of(page) == "/"
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    expect(page.locator("h1")).to_have_text(lv("My work"))
    about = page.locator("section.cards > article").first
    expect(about.locator("h2")).to_have_text("Andris Kalniņš")
    expect(about).to_contain_text("Pilsētas sociālais dienests (demonstrācijas dati)")
    expect(about).to_contain_text("IT speciālists")
    expect(about).to_contain_text(lv("Administrator"))
    headcount = page.locator("dl.figures dt", has_text=lv("Staff (headcount)")).locator(
        "xpath=following-sibling::dd[1]")
    expect(headcount).to_have_text("205")
    expect(page.locator("header summary", has_text="Andris Kalniņš")).to_be_visible()
    assert "/org/people" in main_nav_links(page)

    watch.assert_clean()
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in watch.requests)


def test_language_switch_changes_headings_and_persists(page, live_server, watch, sign_in,
                                                       sign_out):
    lv = live_server.latvian
    sign_in(page, "kvalitate")
    expect(page.locator("h1")).to_have_text(lv("My work"))
    expect(language_summary(page)).to_have_text("Latviešu")

    switch_language(page, "en")
    assert path_of(page) == "/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("My work")
    expect(page.locator("#tasks-heading")).to_have_text("Tasks")
    expect(language_summary(page)).to_have_text("English")
    page.reload()
    expect(page.locator("h1")).to_have_text("My work")
    # Kept in the profile: a new session (sign-out clears the old one) is English again.
    sign_out(page)
    sign_in(page, "kvalitate")
    expect(page.locator("h1")).to_have_text("My work")

    switch_language(page, "lv")
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    expect(page.locator("h1")).to_have_text(lv("My work"))
    expect(page.locator("#tasks-heading")).to_have_text(lv("Tasks"))
    expect(language_summary(page)).to_have_text("Latviešu")
    page.reload()
    expect(page.locator("h1")).to_have_text(lv("My work"))
    sign_out(page)
    sign_in(page, "kvalitate")
    expect(page.locator("h1")).to_have_text(lv("My work"))

    watch.assert_clean()


def test_staff_member_sees_no_admin_links_and_gets_403(page, live_server, watch, sign_in):
    lv = live_server.latvian
    sign_in(page, "darbiniece")
    expect(page.locator("h1")).to_have_text(lv("My work"))
    expect(page.locator("section.cards h2").first).to_have_text("Kristīne Jansone")

    links = main_nav_links(page)
    assert links == ["/", "/documents/", "/nonconformities/", "/inspections/calendar",
                     "/processes/", "/objectives/", "/training/", "/org/"]
    nav = page.locator("header .main-nav")
    expect(nav).not_to_contain_text(lv("People"))
    expect(nav).not_to_contain_text(lv("Audit trail"))
    expect(page.locator('a[href^="/org/people"], a[href^="/history"]')).to_have_count(0)

    for url in ("/org/people", "/org/people/new", "/history/"):
        response = page.goto(url)
        assert response.status == 403, url
        expect(page.locator("h1")).to_have_text(lv("Access denied"))
        expect(page.locator("main a", has_text=lv("Back to My work"))).to_have_attribute(
            "href", "/")

    watch.assert_clean(allowed_console=(r"status of 403",))


def test_password_form_errors_are_in_latvian_and_change_nothing(page, live_server, watch,
                                                                sign_in, sign_out):
    lv = live_server.latvian
    required = lv("This field is required.")
    sign_in(page, "auditore")
    page.goto("/account/password")
    expect(page.locator("h1")).to_have_text(lv("Change password"))

    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert path_of(page) == "/account/password"
    expect(page.locator(".form-errors")).to_have_text(lv("Please correct the marked fields."))
    expect(page.locator(".field-error")).to_have_count(3)
    for name in ("current_password", "new_password", "confirm_password"):
        field = page.locator(f"#{name}")
        error = page.locator(f"#{name}-error.field-error")
        expect(error).to_have_text(required)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", re.compile(rf"\b{name}-error\b"))
    expect(page.locator(".flash-success")).to_have_count(0)

    # Nothing changed: the old password still signs in.
    sign_out(page)
    sign_in(page, "auditore", DEMO_PASSWORD)
    assert path_of(page) == "/"
    expect(page.locator("h1")).to_have_text(lv("My work"))

    watch.assert_clean()


def test_sign_out_then_pages_need_sign_in_again(page, live_server, watch, sign_in, sign_out):
    lv = live_server.latvian
    sign_in(page, "direktore")
    assert path_of(page) == "/"

    sign_out(page)
    assert path_of(page) == "/login"
    expect(page.locator(".flash-success")).to_have_text(lv("You have signed out."))
    expect(page.locator('form[action="/logout"]')).to_have_count(0)

    page.go_back()  # to the dashboard seen before signing out: must not show it again
    assert path_of(page) == "/login"
    expect(page.locator("h1")).to_have_text(lv("Sign in"))

    page.goto("/")
    assert path_of(page) == "/login"
    assert parse_qs(urlsplit(page.url).query).get("next") == ["/"]
    expect(page.locator(".flash-info")).to_have_text(lv("Please sign in to open this page."))
    expect(page.locator("h1")).to_have_text(lv("Sign in"))

    watch.assert_clean()


def test_phone_screen_has_no_horizontal_scroll(mobile_page, live_server, watch, sign_in):
    page = mobile_page
    page.goto("/login")
    assert page.evaluate("window.innerWidth") == 390
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the login page scrolls sideways"

    sign_in(page, "spn")
    expect(page.locator("h1")).to_have_text(live_server.latvian("My work"))
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the dashboard scrolls sideways"

    watch.assert_clean()


def test_keyboard_skip_link_and_sign_in(page, live_server, watch):
    lv = live_server.latvian
    page.goto("/login")

    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text(lv("Skip to content"))
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "focused skip link off screen"

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#username")).to_be_focused()
    page.keyboard.type("vietnieks")
    page.keyboard.press("Tab")
    expect(page.locator("#password")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert path_of(page) == "/"
    expect(page.locator("h1")).to_have_text(lv("My work"))
    expect(page.locator("section.cards h2").first).to_have_text("Māris Krūmiņš")

    watch.assert_clean()
