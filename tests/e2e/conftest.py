"""Browser tests: one live qms server per session (Alembic schema + demo organisation), the
system Chromium driven through Playwright's sync API, a fresh browser context per test.

Only 127.0.0.1 is ever contacted: every request to another host is aborted and recorded, and
the tests assert that there were none."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

DEMO_PASSWORD = "demo-parole-2026"
LOCAL_HOST = "127.0.0.1"
DEFAULT_TIMEOUT_MS = 5_000

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@dataclass
class LiveServer:
    app: object
    url: str

    def translate(self, language: str, msgid: str, **variables) -> str:
        """``msgid`` as the app renders it in ``language`` (read from the compiled catalogue)."""
        from flask_babel import force_locale, gettext

        with self.app.test_request_context():
            with force_locale(language):
                return gettext(msgid, **variables)

    def latvian(self, msgid: str, **variables) -> str:
        """The Latvian text of ``msgid``; fails if the Latvian catalogue lacks it."""
        text = self.translate("lv", msgid, **variables)
        assert text != msgid, f"no Latvian translation of {msgid!r} in the compiled catalogue"
        return text


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("qms-e2e")
    instance = tmp / "instance"
    previous_instance = os.environ.get("QMS_INSTANCE_PATH")
    os.environ["QMS_INSTANCE_PATH"] = str(instance)

    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from qms import create_app
    from qms.demo import load_demo
    from qms.extensions import db

    app = create_app({
        "TESTING": False,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/e2e.db",
        "SECRET_KEY": "e2e",
        "WTF_CSRF_ENABLED": True,
    })
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        load_demo()
        db.session.remove()

    server = make_server(LOCAL_HOST, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="qms-e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://{LOCAL_HOST}:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if previous_instance is None:
            os.environ.pop("QMS_INSTANCE_PATH", None)
        else:
            os.environ["QMS_INSTANCE_PATH"] = previous_instance


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("QMS_CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
    except Exception:
        playwright.stop()
        raise
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


@dataclass
class Watch:
    """What a browser context did besides showing pages: console errors, uncaught script
    errors, failed requests and every request's host."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(
            f"{msg.text} @ {msg.location.get('url', '')}"))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def on_request(self, request) -> None:
        self.requests.append(request.url)
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != LOCAL_HOST:
            self.foreign_requests.append(request.url)

    def on_request_failed(self, request) -> None:
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def assert_clean(self, *, allowed_console: tuple[str, ...] = ()) -> None:
        """No script errors, no console errors (except those matching ``allowed_console``
        regexes), no failed requests and no request to a host other than 127.0.0.1."""
        console = [text for text in self.console_errors
                   if not any(re.search(pattern, text) for pattern in allowed_console)]
        assert self.page_errors == [], f"uncaught script errors: {self.page_errors}"
        assert console == [], f"console errors: {console}"
        assert self.failed_requests == [], f"failed requests: {self.failed_requests}"
        assert self.foreign_requests == [], f"requests to other hosts: {self.foreign_requests}"
        assert self.requests, "the watch saw no request at all"


def _new_context(browser, live_server, watch: Watch, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS * 2)
    context.on("request", watch.on_request)
    context.on("requestfailed", watch.on_request_failed)
    context.on("page", watch.attach)

    def _only_local(route):
        if urlsplit(route.request.url).hostname == LOCAL_HOST:
            route.continue_()
        else:
            route.abort()

    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), _only_local)
    return context


@pytest.fixture
def watch():
    return Watch()


@pytest.fixture
def context(browser, live_server, watch):
    context = _new_context(browser, live_server, watch, viewport={"width": 1280, "height": 900})
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def mobile_page(browser, live_server, watch):
    context = _new_context(browser, live_server, watch, viewport={"width": 390, "height": 844},
                           device_scale_factor=3, is_mobile=True, has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def sign_in():
    """``sign_in(page, username, password=DEMO_PASSWORD)``: through the login form, waiting
    for the page that follows."""

    def _sign_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto("/login")
        page.fill("#username", username)
        page.fill("#password", password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()

    return _sign_in


@pytest.fixture
def sign_out():
    """``sign_out(page)``: through the user menu in the header."""

    def _sign_out(page) -> None:
        menu = page.locator("header details.dropdown").filter(
            has=page.locator('form[action="/logout"]'))
        menu.locator("summary").click()
        with page.expect_navigation():
            menu.locator('form[action="/logout"] button').click()

    return _sign_out


@pytest.fixture
def new_page(browser, live_server, watch):
    """``new_page()``: a page in another fresh browser context (another person signing in),
    watched by the same ``watch`` as ``page``; every such context is closed after the test."""
    contexts = []

    def _new_page(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = _new_context(browser, live_server, watch, **options)
        contexts.append(context)
        return context.new_page()

    try:
        yield _new_page
    finally:
        for context in contexts:
            context.close()
