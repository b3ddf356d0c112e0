"""WCAG 2.1 AA in a real browser: axe-core (from npm, pinned in tests/e2e/package.json; ``make
test`` installs it) runs on every main page - each entry of the main navigation, the first
record page linked from it, the sign-in page and an error page - in Latvian and in English, as
the demo administrator and as a member of staff. No serious or critical violation is allowed.
The same pages must not scroll sideways at 360 px and at 200 % zoom (640 CSS px at device
scale 2: what a 1280 px screen shows at 200 %).

The pages come from ``qms.web.navigation_links()``, so a module added to the navigation is checked
without touching this file. axe is added with ``context.add_init_script(path=...)``: init
scripts are run by the browser itself, not as inline <script> elements, so the app's Content
Security Policy (script-src 'self') stays on and the pages are tested exactly as served.

Run with ``-s`` to see the per-page summary (violations counted by impact)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from qms.web import navigation_links

pytestmark = pytest.mark.e2e

AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
USERS = {"admin": "admin", "staff": "darbiniece"}
LANGUAGES = ("lv", "en")
BLOCKING = ("serious", "critical")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"
# Links that are not pages: files, exports, feeds, PDFs.
NOT_PAGES = (".pdf", ".csv", ".md", ".ics", "/files/", "/download", "export", "/open/")
# Pages with a known violation that cannot be fixed yet (endpoint -> reason): a test whose only
# problems are on these pages is marked xfail with them. Empty: keep it that way.
KNOWN_ELSEWHERE: dict[str, str] = {}

# Violations whose fix lies outside the templates and CSS (rule, a regex on the node's
# selector, reason). They are printed and make the test xfail instead of fail; remove once fixed.
KNOWN_RULES: list[tuple[str, str, str]] = []
KNOWN_SEEN: list[str] = []

SUMMARY: list[str] = []

# What makes a page wider than the window: elements sticking out that are not inside a
# container scrolling on its own (.table-wrap), outermost first.
WIDE_ELEMENTS = """() => {
  const clipped = e => { for (let p = e.parentElement; p && p !== document.body;
                              p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true; }
    return false; };
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                 && (!clipped(e) || getComputedStyle(e).position === 'absolute'))
    .slice(0, 4).map(e => e.tagName + '.' + e.className + '#' + e.id + ' '
                     + Math.round(e.getBoundingClientRect().right))
    .concat(['scrollWidth ' + document.documentElement.scrollWidth]);
}"""

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary
                                        .replace(/\\s+/g, ' ').slice(0, 200)),
    count: v.nodes.length}));
}"""


RUN_AXE_RULES = RUN_AXE.replace("{type: 'tag', values: tags}", "{type: 'rule', values: tags}")


@pytest.fixture(autouse=True)
def _restore_languages(live_server):
    """These tests switch the demo accounts' language (it is saved on the account); put it
    back so later browser tests find the accounts as the demo made them."""
    yield
    from qms.auth.models import User
    from qms.extensions import db

    with live_server.app.app_context():
        for user in db.session.scalars(db.select(User).where(
                User.username.in_(list(USERS.values())))):
            user.language = live_server.app.config["DEFAULT_LANGUAGE"]
        db.session.commit()


@pytest.fixture(scope="session", autouse=True)
def _print_summary():
    yield
    if SUMMARY:
        print("\naxe-core (serious+critical must be 0) per page:")
        for line in SUMMARY:
            print("  " + line)


def axe_page(page, label: str) -> list[dict]:
    """axe on the current page; records a summary line; returns the blocking violations."""
    assert page.evaluate("typeof axe") == "object", f"axe-core is not loaded ({AXE})"
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    counts = Counter()
    for violation in violations:
        counts[violation["impact"] or "none"] += violation["count"]
    summary = ", ".join(f"{impact} {counts[impact]}" for impact in
                        ("critical", "serious", "moderate", "minor") if counts[impact])
    SUMMARY.append(f"{label}: {summary or 'no violations'}"
                   + "".join(f"\n      {v['impact']} {v['id']} x{v['count']}: {v['nodes']}"
                             for v in violations if v["impact"] in BLOCKING))
    blocking = []
    for violation in violations:
        if violation["impact"] not in BLOCKING:
            continue
        known = next((reason for rule, selector, reason in KNOWN_RULES
                      if violation["id"] == rule
                      and all(re.search(selector, node) for node in violation["nodes"])),
                     None)
        if known:
            KNOWN_SEEN.append(f"{label}: {violation['id']}: {known}")
        else:
            blocking.append(violation)
    return blocking


def fits(page, label: str) -> list[str]:
    """No sideways scrolling of the page at 360 px and at 200 % zoom."""
    problems = []
    original = page.viewport_size
    for width in (360, 640):
        page.set_viewport_size({"width": width, "height": 800})
        if not page.evaluate(NO_HORIZONTAL_SCROLL):
            wide = page.evaluate(WIDE_ELEMENTS)
            problems.append(f"{label} scrolls sideways at {width} px: {wide}")
        # What scrolls inside its own container must be reachable with the keyboard.
        stuck = page.evaluate(RUN_AXE_RULES, ["scrollable-region-focusable"])
        problems += [f"{label} at {width} px: {v['id']} ({v['impact']}): {v['nodes']}"
                     for v in stuck if v["impact"] in BLOCKING]
    page.set_viewport_size(original)
    return problems


@pytest.fixture
def axe_page_context(browser, live_server, new_page):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/e2e` (make test does)")

    def _open(**options):
        page = new_page(**options)
        page.context.add_init_script(path=str(AXE))
        return page

    return _open


def set_language(page, language: str) -> None:
    token = page.locator('header form[action^="/language/"] input[name=csrf_token]').first \
        .get_attribute("value")
    response = page.request.post(f"/language/{language}", form={"csrf_token": token})
    assert response.ok, response.status
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", language)


def record_links(page, live_server, endpoint: str, limit: int = 2) -> list[str]:
    """The first links in <main> to pages that take arguments (record pages, e.g. a document
    from the register), one per endpoint, at most ``limit``."""
    adapter = live_server.app.url_map.bind("127.0.0.1")
    found: dict[str, str] = {}
    for href in page.eval_on_selector_all("main a[href^='/']",
                                          "links => links.map(a => a.getAttribute('href'))"):
        path = urlsplit(href).path
        if any(part in href for part in NOT_PAGES):
            continue
        try:
            linked, arguments = adapter.match(path, method="GET")
        except Exception:  # noqa: BLE001 - not a page of the app (or a redirect)
            continue
        if arguments and linked not in (endpoint, "static") and linked not in found:
            found[linked] = href
            if len(found) == limit:
                break
    return list(found.values())


def section_links(page, live_server, endpoint: str) -> list[str]:
    """Links in <main> to the other pages of the same module that take no arguments (e.g.
    the actions and feedback registers from the nonconformities register, "new" forms)."""
    adapter = live_server.app.url_map.bind("127.0.0.1")
    blueprint = endpoint.split(".")[0]
    found: dict[str, str] = {}
    for href in page.eval_on_selector_all("main a[href^='/']",
                                          "links => links.map(a => a.getAttribute('href'))"):
        path = urlsplit(href).path
        if any(part in href for part in NOT_PAGES) or "?" in href:
            continue
        try:
            linked, arguments = adapter.match(path, method="GET")
        except Exception:  # noqa: BLE001 - not a page of the app (or a redirect)
            continue
        if not arguments and linked != endpoint and linked.split(".")[0] == blueprint \
                and linked not in NAV_ENDPOINTS and linked not in found:
            found[linked] = path
    return list(found.values())


NAV_ENDPOINTS = [endpoint for endpoint, _label, _permission in navigation_links()]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", sorted(USERS))
@pytest.mark.parametrize("endpoint", NAV_ENDPOINTS)
def test_main_pages_have_no_serious_accessibility_violations(
        axe_page_context, live_server, watch, sign_in, endpoint, who, language):
    page = axe_page_context()
    sign_in(page, USERS[who])
    set_language(page, language)
    links = page.eval_on_selector_all("header .main-nav a[href]",
                                      "links => links.map(a => a.getAttribute('href'))")
    with live_server.app.test_request_context():
        from flask import url_for

        url = url_for(endpoint)
    if url not in links:
        pytest.skip(f"{endpoint} is not in the {who}'s navigation")

    problems: list[str] = []
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    label = f"{who} {language} {url}"
    adapter = live_server.app.url_map.bind("127.0.0.1")
    known: list[str] = []
    allowed: list[str] = []
    KNOWN_SEEN.clear()
    page_problems = [f"{label}: {v['id']} ({v['impact']}) {v['help']}: {v['nodes']}"
                     for v in axe_page(page, label)] + fits(page, label)
    if page_problems and endpoint in KNOWN_ELSEWHERE:
        known.append(f"{KNOWN_ELSEWHERE[endpoint]}: {page_problems}")
    else:
        problems += page_problems

    more = record_links(page, live_server, endpoint)
    if who == "admin":  # the administrator sees every page of the module
        more += section_links(page, live_server, endpoint)
    for detail in more:
        response = page.goto(detail)
        page_endpoint = adapter.match(urlsplit(detail).path, method="GET")[0]
        if response.status != 200 and page_endpoint in KNOWN_ELSEWHERE:
            known.append(f"{detail} answered {response.status}")
            allowed.append(re.escape(f"status of {response.status}"))
            continue
        assert response is not None and response.status == 200, (detail, response.status)
        label = f"{who} {language} {urlsplit(detail).path}"
        blocking = axe_page(page, label)
        page_problems = [f"{label}: {v['id']} ({v['impact']}) {v['help']}: {v['nodes']}"
                         for v in blocking] + fits(page, label)
        if page_problems and page_endpoint in KNOWN_ELSEWHERE:
            known.append(f"{KNOWN_ELSEWHERE[page_endpoint]}: {page_problems}")
        else:
            problems += page_problems
    assert problems == [], "\n".join(problems)
    watch.assert_clean(allowed_console=tuple(allowed))
    known += [line for line in KNOWN_SEEN if line.startswith(f"{who} {language} ")]
    KNOWN_SEEN.clear()
    if known:
        pytest.xfail("; ".join(known))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", sorted(USERS))
def test_user_menu_pages_have_no_serious_accessibility_violations(
        axe_page_context, live_server, watch, sign_in, who, language):
    """The pages of the user menu in the header: notifications, password, e-mail outbox."""
    page = axe_page_context()
    sign_in(page, USERS[who])
    set_language(page, language)
    links = page.eval_on_selector_all("header .user-nav a[href^='/']",
                                      "links => links.map(a => a.getAttribute('href'))")
    assert "/notifications/" in links, links
    problems: list[str] = []
    for url in links:
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, response.status)
        label = f"{who} {language} {url}"
        problems += [f"{label}: {v['id']} ({v['impact']}) {v['help']}: {v['nodes']}"
                     for v in axe_page(page, label)]
        problems += fits(page, label)
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_and_error_pages_have_no_serious_accessibility_violations(
        axe_page_context, live_server, watch, language):
    page = axe_page_context()
    page.goto("/login")
    if page.locator("html").get_attribute("lang") != language:
        with page.expect_navigation():
            page.locator(f'header form[action^="/language/{language}"]').evaluate(
                "form => form.submit()")
    expect(page.locator("html")).to_have_attribute("lang", language)
    problems = [f"login {language}: {v['id']} {v['help']}: {v['nodes']}"
                for v in axe_page(page, f"anonymous {language} /login")]
    problems += fits(page, "/login")
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    problems += [f"404 {language}: {v['id']} {v['help']}: {v['nodes']}"
                 for v in axe_page(page, f"anonymous {language} 404 page")]
    problems += fits(page, "404 page")
    assert problems == [], "\n".join(problems)
    watch.assert_clean(allowed_console=(r"status of 404",))


def test_axe_reports_a_serious_violation_when_there_is_one(axe_page_context):
    """The check above can fail: an unlabelled field and an image without a text alternative
    are reported as critical."""
    page = axe_page_context()
    page.goto("/login")
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<input type="text" name="unlabelled"><img src="data:,">')""")
    blocking = {v["id"] for v in axe_page(page, "anonymous lv /login with planted faults")}
    assert {"label", "image-alt"} <= blocking, blocking
    SUMMARY.pop()  # not a page of the app
