"""One journey with the keyboard alone (Tab, Shift+Tab, Enter, Space): a member of staff signs
in, opens a document she must read from "My work" and acknowledges it. Every element that
receives focus on the way shows a visible focus indicator (an outline, not ``none``)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "demo-parole-2026"  # the demo organisation's (tests/e2e/conftest.py)
MAX_TABS = 120

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {tag: el.tagName, id: el.id, name: el.getAttribute('name'),
          href: el.getAttribute('href'), text: (el.innerText || '').trim().slice(0, 80),
          type: el.getAttribute('type'),
          formAction: el.form ? el.form.getAttribute('action') : null,
          focusVisible: el.matches(':focus-visible'),
          outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          boxShadow: style.boxShadow,
          visible: el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0};
}"""


class Keyboard:
    """Moves the focus with Tab / Shift+Tab only, checking each focused element's indicator."""

    def __init__(self, page):
        self.page = page
        self.presses = 0
        self.checked = 0
        self.invisible: list[str] = []

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def _check(self, element: dict | None) -> None:
        if element is None:
            return
        self.checked += 1
        if not element["visible"]:
            self.invisible.append(f"{element['tag']} {element['text']!r} is focused but hidden")
        elif not element["focusVisible"] or element["outlineStyle"] == "none" \
                or element["outlineWidth"] < 2:
            self.invisible.append(f"{element['tag']} #{element['id']} {element['text']!r}: "
                                  f"outline {element['outlineStyle']} {element['outlineWidth']}px")

    def tab_until(self, matches, *, backwards: bool = False) -> dict:
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            self.presses += 1
            element = self.focused()
            self._check(element)
            if element and matches(element):
                return element
        raise AssertionError(f"not reached with {MAX_TABS} presses of Tab")


def path_of(page) -> str:
    return urlsplit(page.url).path


def test_sign_in_open_and_acknowledge_a_document_with_the_keyboard(page, live_server, watch):
    keys = Keyboard(page)
    page.goto("/login")

    # The first Tab reaches the skip link, which then shows on the screen.
    skip = keys.tab_until(lambda e: True)
    assert skip["href"] == "#main", skip
    expect(page.locator(".skip-link")).to_be_in_viewport()

    keys.tab_until(lambda e: e["id"] == "username")
    page.keyboard.type("darbiniece")
    keys.tab_until(lambda e: e["id"] == "password")
    page.keyboard.type(DEMO_PASSWORD)
    # Shift+Tab back to the username and forward again: the typed values stay.
    keys.tab_until(lambda e: e["id"] == "username", backwards=True)
    expect(page.locator("#username")).to_have_value("darbiniece")
    keys.tab_until(lambda e: e["id"] == "password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == "/", page.url

    # "My work": Tab to the first document to read and acknowledge, open it with Enter.
    heading = live_server.translate("lv", "Documents to read and acknowledge")
    to_read = page.locator("section h3", has_text=heading)
    expect(to_read).to_have_count(1)
    hrefs = to_read.locator("xpath=following-sibling::ul[1]//a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert hrefs, "darbiniece has documents to acknowledge in the demo"
    target = keys.tab_until(lambda e: e["tag"] == "A" and e["href"] in hrefs)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == target["href"], page.url
    assert re.match(r"^/documents/[^/]+/v/\d+$", path_of(page)), page.url

    # The acknowledgement button, pressed with Space.
    keys.tab_until(lambda e: e["tag"] == "BUTTON"
                   and (e["formAction"] or "").endswith("/acknowledge"))
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page.locator(".flash-success")).to_have_count(1)
    expect(page.locator("form.ack-box")).to_have_count(0)

    # It has left "My work".
    page.goto("/")
    expect(page.locator(f'main a[href="{target["href"]}"]')).to_have_count(0)

    assert keys.checked >= 5
    assert keys.invisible == [], "focus not visible:\n" + "\n".join(keys.invisible)
    print(f"\nkeyboard journey: {keys.presses} key presses of Tab/Shift+Tab, "
          f"{keys.checked} focused elements checked for a visible outline")
    watch.assert_clean()
