"""Browser journeys through the nonconformities module: a staff report (refused once for a
personal code) through triage, correction, 5 Whys, a corrective action, the plan, the action
done, implementation and the effectiveness check to "closed"; the record page and the register
on a phone; the statistics charts.

The Latvian texts of these pages are still being translated, so things are found by URL, form
action, field name and CSS class. Where a visible text matters (the group headings of "My work")
it is compared with what the app renders in Latvian (``live_server.translate``), which is the
msgid itself while the translation is missing. Every person works in a browser context of their
own; every test creates its own records (unique titles), so the tests do not depend on each
other or on their order."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

OWNER = "Sandra Kalēja"  # an, head of AN
VERIFIER = "Līga Zariņa"  # auditore
STAGES = ["new", "triage", "correction", "root_cause", "action_plan", "implementation",
          "effectiveness", "closed"]
STEP_ACTIONS = ("/triage", "/reject", "/correction", "/root-cause", "/actions", "/plan",
                "/implemented", "/verify")
NC_PATH = re.compile(r"^/nonconformities/(\d+)$")
ACTION_PATH = re.compile(r"^/nonconformities/actions/(\d+)$")
NC_NUMBER = re.compile(r"^NC-\d{4}-\d{3,}$")
PERSONAL_CODE_TEXT = "klienta personas kods 010101-12345"

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def path_of(page) -> str:
    return urlsplit(page.url).path


def lv_date(days_from_today: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days_from_today)).strftime("%d.%m.%Y")


def spaces(text: str) -> str:
    """Babel writes amounts with no-break (or narrow no-break) spaces."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


def expect_flash_success(page) -> None:
    expect(page.locator(".flash-success")).to_have_count(1)
    expect(page.locator(".flash-error")).to_have_count(0)


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def step_form(page, suffix: str):
    form = page.locator(f'main form[method=post][action$="{suffix}"]')
    expect(form).to_have_count(1)
    return form


def expect_stage(page, stage: str) -> None:
    current = page.locator("ol.stages li[aria-current=step]")
    expect(current).to_have_count(1)
    expect(page.locator("ol.stages > li")).to_have_count(len(STAGES))
    expect(page.locator("ol.stages > li").nth(STAGES.index(stage))).to_have_attribute(
        "aria-current", "step")


def nc_id_of(page) -> int:
    match = NC_PATH.match(path_of(page))
    assert match, f"not a nonconformity page: {page.url}"
    return int(match.group(1))


def open_task(page, live_server, href: str, group_msgid: str) -> None:
    """On "My work": the link to ``href`` is listed once, under the heading ``group_msgid``;
    follow it."""
    page.goto("/")
    link = page.locator(f'#tasks-heading ~ ul a[href="{href}"]')
    expect(link).to_have_count(1)
    heading = link.locator("xpath=ancestor::ul[1]/preceding-sibling::h3[1]")
    expect(heading).to_have_text(live_server.translate("lv", group_msgid))
    with page.expect_navigation():
        link.click()
    assert path_of(page) == href, page.url


def report(page, *, title: str, description: str) -> int:
    """As a signed-in person: /nonconformities/new -> the new record. Returns its id."""
    page.goto("/nonconformities/new")
    form = page.locator("main form[method=post]")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=description]").fill(description)
    form.locator("select[name=source]").select_option("staff_report")
    submit(page, form)
    expect_flash_success(page)
    return nc_id_of(page)


def triage(page, *, owner: str = OWNER, due_on: str, budget: str, severity: str = "minor"):
    form = step_form(page, "/triage")
    form.locator("select[name=severity]").select_option(severity)
    form.locator("select[name=owner_id]").select_option(label=owner)
    form.locator("input[name=due_on]").fill(due_on)
    form.locator("input[name=budget_planned]").fill(budget)
    submit(page, form)
    expect_flash_success(page)


def add_action(page, *, title: str, owner: str, due_on: str, budget: str) -> None:
    form = step_form(page, "/actions")
    form.locator("select[name=kind]").select_option("corrective")
    form.locator("select[name=owner_id]").select_option(label=owner)
    form.locator("input[name=due_on]").fill(due_on)
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=description]").fill("Papildināt kārtību ar pārbaudes soli.")
    form.locator("input[name=budget_planned]").fill(budget)
    submit(page, form)
    expect_flash_success(page)


def test_nonconformity_from_report_to_closed(page, new_page, live_server, watch, sign_in):
    token = uuid.uuid4().hex[:8]
    title = f"E2E neatbilstība {token}: lēmums nosūtīts novēloti"
    description = "Lēmums par pakalpojumu klientam nosūtīts 12 dienas pēc termiņa."
    action_title = f"E2E darbība {token}: termiņu kontrole reģistrā"
    triage_due = lv_date(45)

    # --- darbiniece reports it; a personal code in the text is refused, nothing is saved.
    staff = page
    sign_in(staff, "darbiniece")
    staff.goto("/nonconformities/new")
    form = staff.locator("main form[method=post]")
    expect(form.locator("select[name=unit_id] option:checked")).to_have_text("Atbalsta nodaļa")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=description]").fill(f"{description} {PERSONAL_CODE_TEXT}")
    form.locator("select[name=source]").select_option("staff_report")
    form.locator("input[name=case_file_reference]").fill(f"LN-{token}")
    submit(staff, form)

    assert path_of(staff) == "/nonconformities/new"
    error = staff.locator("#description-error.field-error")
    expect(error).to_have_count(1)
    expect(error).not_to_have_text("")
    expect(staff.locator(".field-error")).to_have_count(1)
    expect(staff.locator(".form-errors")).to_have_count(1)
    expect(staff.locator("#description")).to_have_attribute("aria-invalid", "true")
    expect(staff.locator(".flash-success")).to_have_count(0)
    expect(staff.locator("h1 .doc-code")).to_have_count(0)
    form = staff.locator("main form[method=post]")
    expect(form.locator("input[name=title]")).to_have_value(title)
    expect(form.locator("input[name=case_file_reference]")).to_have_value(f"LN-{token}")

    form.locator("textarea[name=description]").fill(description)
    submit(staff, form)
    expect_flash_success(staff)
    nc_id = nc_id_of(staff)
    nc_url = f"/nonconformities/{nc_id}"
    number = staff.locator("h1 .doc-code").inner_text().strip()
    assert NC_NUMBER.match(number), number
    expect(staff.locator("h1")).to_contain_text(title)
    expect(staff.locator("p.prewrap").first).to_have_text(description)
    expect_stage(staff, "new")
    # A reporter only reports: no step forms for her.
    expect(staff.locator("section.step form")).to_have_count(0)

    # Exactly one record with this title: the refused attempt saved nothing.
    staff.goto(f"/nonconformities/?q={token}")
    rows = staff.locator(".table-wrap table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(f'a[href="{nc_url}"]')).to_have_text(number)
    watch.assert_clean()

    # --- kvalitate finds it in "My work" and triages it.
    quality = new_page()
    sign_in(quality, "kvalitate")
    open_task(quality, live_server, nc_url, "Nonconformities to triage")
    expect_stage(quality, "new")
    triage(quality, due_on=triage_due, budget="1 250,50")
    assert path_of(quality) == nc_url
    expect_stage(quality, "correction")
    expect(quality.locator(".badge.badge-sev-minor")).to_have_count(1)
    facts = quality.locator("dl.doc-facts")
    expect(facts).to_contain_text(OWNER)
    expect(facts).to_contain_text(triage_due)
    assert "1 250,50" in spaces(facts.locator("dd").last.inner_text())
    expect(quality.locator('form[action$="/triage"]')).to_have_count(0)
    quality.goto("/")
    expect(quality.locator(f'#tasks-heading ~ ul a[href="{nc_url}"]')).to_have_count(0)
    watch.assert_clean()

    # --- an (the owner): correction, root cause, an action, the plan, the action done.
    owner = new_page()
    sign_in(owner, "an")
    open_task(owner, live_server, nc_url, "My nonconformities to work on")
    expect_stage(owner, "correction")
    expect(owner.locator('form[action$="/triage"]')).to_have_count(0)

    form = step_form(owner, "/correction")
    form.locator("textarea[name=correction]").fill("Lēmums nosūtīts klientam, atvainošanās.")
    form.locator("textarea[name=consequences]").fill("Klients pakalpojumu saņēma ar kavēšanos.")
    form.locator("input[name=result]").fill("Klients informēts")
    form.locator("input[name=done_on]").fill(lv_date(0))
    form.locator('input[name=corrective_action_needed][value="yes"]').check()
    form.locator("textarea[name=rationale]").fill("Kavēšanās atkārtojas, jānovērš cēlonis.")
    submit(owner, form)
    expect_flash_success(owner)
    expect_stage(owner, "root_cause")
    expect(owner.locator('form[action$="/correction"]')).to_have_count(0)

    whys = ["Lēmums netika nosūtīts laikā.",
            "Termiņš nebija redzams darba sarakstā.",
            "Reģistrā nav termiņu atgādinājuma."]
    form = step_form(owner, "/root-cause")
    form.locator('input[name=method][value="five_whys"]').check()
    form.locator("textarea[name=whys]").fill("\n".join(whys))
    form.locator("textarea[name=root_cause]").fill("Kārtība neparedz termiņu kontroli.")
    form.locator("select[name=category]").select_option("methods")
    form.locator("textarea[name=extent]").fill("Var skart arī citas nodaļas.")
    submit(owner, form)
    expect_flash_success(owner)
    expect_stage(owner, "action_plan")
    expect(owner.locator("ol.whys > li")).to_have_count(3)
    for position, answer in enumerate(whys):
        expect(owner.locator("ol.whys > li").nth(position)).to_contain_text(answer)

    add_action(owner, title=action_title, owner=OWNER, due_on=lv_date(20), budget="300,00")
    assert path_of(owner) == nc_url and urlsplit(owner.url).fragment == "actions"
    action_link = owner.locator("#actions .table-wrap table tbody a", has_text=action_title)
    expect(action_link).to_have_count(1)
    action_url = action_link.get_attribute("href")
    assert ACTION_PATH.match(action_url or ""), action_url

    form = step_form(owner, "/plan")
    form.locator("textarea[name=criteria]").fill("Trīs mēnešus neviens lēmums nav nokavēts.")
    form.locator("input[name=check_on]").fill(lv_date(90))
    form.locator("select[name=verifier_id]").select_option(label=VERIFIER)
    submit(owner, form)
    expect_flash_success(owner)
    expect_stage(owner, "implementation")
    expect(owner.locator('form[action$="/plan"]')).to_have_count(0)

    # The action, from "My actions": done, with evidence and the actual cost.
    open_task(owner, live_server, action_url, "My actions")
    form = owner.locator("main form[method=post]").filter(
        has=owner.locator("select[name=status]"))
    expect(form).to_have_count(1)
    form.locator("select[name=status]").select_option("done")
    form.locator("input[name=cost_actual]").fill("275,40")
    form.locator("textarea[name=evidence]").fill("Reģistrā ieviests termiņu atgādinājums.")
    form.locator("textarea[name=note]").fill("Pabeigts.")
    submit(owner, form)
    expect_flash_success(owner)
    assert path_of(owner) == action_url
    expect(owner.locator("select[name=status]")).to_have_count(0)  # done: no longer editable
    expect(owner.locator("main")).to_contain_text("Reģistrā ieviests termiņu atgādinājums.")
    assert "275,40" in spaces(owner.locator("dl.doc-facts").inner_text())

    with owner.expect_navigation():
        owner.locator(f'nav[aria-label=breadcrumb] a[href="{nc_url}"]').click()
    form = step_form(owner, "/implemented")
    submit(owner, form)
    expect_flash_success(owner)
    expect_stage(owner, "effectiveness")
    expect(owner.locator('form[action$="/implemented"]')).to_have_count(0)
    # The owner implemented the action: she may not check its effectiveness herself.
    expect(owner.locator('form[action$="/verify"]')).to_have_count(0)
    budget = spaces(owner.locator("dl.doc-facts dd").last.inner_text())
    assert "1 250,50" in budget and "275,40" in budget, budget
    watch.assert_clean()

    # --- auditore checks effectiveness: effective, no risk or QMS change -> closed.
    verifier = new_page()
    sign_in(verifier, "auditore")
    open_task(verifier, live_server, nc_url, "My effectiveness checks")
    expect_stage(verifier, "effectiveness")
    form = step_form(verifier, "/verify")
    form.locator('input[name=verdict][value="effective"]').check()
    form.locator("textarea[name=notes]").fill("Pārbaudīti 40 lēmumi: neviens nav nokavēts.")
    form.locator('input[name=risks_need_update][value="no"]').check()
    form.locator('input[name=qms_needs_change][value="no"]').check()
    submit(verifier, form)
    expect_flash_success(verifier)
    assert path_of(verifier) == nc_url
    expect_stage(verifier, "closed")
    expect(verifier.locator("ol.stages > li").last).to_have_attribute("aria-current", "step")
    expect(verifier.locator("section.step form")).to_have_count(0)
    for suffix in STEP_ACTIONS:
        expect(verifier.locator(f'form[action="{nc_url}{suffix}"]')).to_have_count(0)
    expect(verifier.locator("main")).to_contain_text("Pārbaudīti 40 lēmumi: neviens nav nokavēts.")
    verifier.goto("/")
    expect(verifier.locator(f'#tasks-heading ~ ul a[href="{nc_url}"]')).to_have_count(0)

    # The reporter sees it closed too, without any step form.
    staff.goto(nc_url)
    expect_stage(staff, "closed")
    expect(staff.locator("section.step form")).to_have_count(0)

    watch.assert_clean()


def test_record_and_register_fit_a_phone_screen(mobile_page, live_server, watch, sign_in):
    page = mobile_page
    token = uuid.uuid4().hex[:8]
    sign_in(page, "kvalitate")
    assert page.evaluate("window.innerWidth") == 390

    page.goto("/nonconformities/new")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the report form scrolls sideways"
    nc_id = report(page, title=f"E2E tālrunis {token}: klientu reģistrā dublēti ieraksti",
                   description="Pārbaudē atrasti dublēti lietu ieraksti.\nJāsakārto reģistrs.")
    # A record with a triage, an actions table and the step forms.
    triage(page, due_on=lv_date(30), budget="2 000,00")
    add_action(page, title=f"E2E darbība {token}: apvienot dublētos ierakstus", owner=OWNER,
               due_on=lv_date(14), budget="150,00")
    assert path_of(page) == f"/nonconformities/{nc_id}"
    expect(page.locator("#actions .table-wrap table")).to_have_count(1)
    expect(page.locator("section.step form").first).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the record page scrolls sideways"

    page.goto("/nonconformities/")
    expect(page.locator(".table-wrap table tbody tr").first).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the register scrolls sideways"

    watch.assert_clean()


def test_statistics_show_inline_svg_charts(page, live_server, watch, sign_in):
    sign_in(page, "kvalitate")
    response = page.goto("/nonconformities/statistics")
    assert response is not None and response.status == 200
    charts = page.locator("main svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 1
    # Inline SVG with an accessible name, not an <img> of a chart.
    expect(charts.first.locator(":scope > title")).not_to_have_text("")
    expect(page.locator("main img")).to_have_count(0)

    watch.assert_clean()
