"""Hostile input through the UI: a corpus of XSS payloads (tests/e2e/xss_payloads.txt) is typed
into the free-text fields and Markdown bodies of every existing module through the pages' own
forms, in Chromium; then every page showing them is opened with listeners on dialogs, console
errors, uncaught script errors and requests, and the DOM is searched for live markup that
came from a payload. The newer modules (processes, objectives, risks, surveys, training,
providers) are covered the same way; a survey is also answered anonymously through its public
link, so the respondents' free text reaches the results and comments pages.

The pages are opened in a context with ``bypass_csp=True``: the Content Security Policy would
block most inline scripts anyway, and this test proves that escaping and the Markdown
sanitiser alone keep them out (the CSP is the second line, tested with the security headers).
Payloads that ask for other hosts use ``xss.invalid``; every such request is recorded and
aborted by the context (conftest)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

CORPUS_FILE = Path(__file__).with_name("xss_payloads.txt")
QUALITY = ("kvalitate", "Ilze Bērziņa")
DEFAULT_LIMIT = 5000


def load_payloads() -> list[str]:
    lines = [line for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return [line.replace("{n}", str(number)) for number, line in enumerate(lines, start=1)]


PAYLOADS = load_payloads()

# Markup that only a payload could have made live: event-handler attributes, inline scripts,
# script URLs, frames and plugins, inline styles, htmx attributes outside <body>'s own.
DOM_SCAN = """() => {
  const found = [];
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data',
                            'srcdoc', 'to', 'values', 'from', 'background', 'poster']);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'script' && !el.getAttribute('src')) found.push('inline <script>');
    if (tag === 'script' && el.getAttribute('src')
        && !el.getAttribute('src').startsWith('/static/')) found.push('foreign <script src>');
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'isindex',
         'marquee', 'foreignobject', 'maction', 'animate', 'set'].includes(tag))
      found.push('<' + tag + '>');
    if ((tag === 'meta' || tag === 'link' || tag === 'style') && el.closest('body'))
      found.push('<' + tag + '> in body');
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (name.startsWith('on')) found.push(tag + '[' + name + ']');
      else if (name === 'style') found.push(tag + '[style]');
      else if (name.startsWith('hx-') && !(tag === 'body' && name === 'hx-headers'))
        found.push(tag + '[' + name + ']');
      else if (urlAttrs.has(name) && /^[\\s\\x00-\\x20]*(javascript|vbscript|data:text)/i
               .test(value)) found.push(tag + '[' + name + '=' + value.slice(0, 40) + ']');
      else if (name === 'srcdoc') found.push(tag + '[srcdoc]');
    }
  }
  return found;
}"""


class Corpus:
    """Hands out the payloads in turn, packed to each field's length limit; counts entries."""

    def __init__(self, payloads: list[str]):
        self.payloads = payloads
        self.cursor = 0
        self.entered = 0
        self.used: set[int] = set()

    def take(self, limit: int, separator: str) -> str:
        parts: list[str] = []
        length = 0
        for _ in range(len(self.payloads)):
            payload = self.payloads[self.cursor % len(self.payloads)]
            # A textarea sends its line breaks as CRLF: two characters each.
            extra = len(payload) + ((2 if separator == "\n" else len(separator)) if parts else 0)
            if length + extra > limit:
                if parts:
                    break
                self.cursor += 1  # longer than the whole field: the next one
                continue
            parts.append(payload)
            self.used.add(self.cursor % len(self.payloads))
            length += extra
            self.cursor += 1
        self.entered += len(parts)
        return separator.join(parts)

    def everything(self, separator: str = "\n") -> str:
        self.entered += len(self.payloads)
        self.used.update(range(len(self.payloads)))
        return separator.join(self.payloads)


def lv_date(days: int = 0) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).strftime("%d.%m.%Y")


def path_of(page) -> str:
    return urlsplit(page.url).path


def named(form, name: str):
    """The field ``name`` of ``form``, also when the form has a prefix (``new-name``)."""
    return form.locator(f'[name="{name}"], [name$="-{name}"]')


def fill_payloads(form, corpus: Corpus, limits: dict[str, int | None]) -> None:
    """Each named text field gets as many payloads as its length limit (the form's Length
    validator) allows; ``None``: the whole corpus, one payload a line."""
    for name, limit in limits.items():
        element = named(form, name)
        expect(element).to_have_count(1)
        is_textarea = element.evaluate("el => el.tagName") == "TEXTAREA"
        if limit is None:
            value = corpus.everything()
        else:
            value = corpus.take(limit, "\n" if is_textarea else " ")
        element.fill(value)


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    errors = page.eval_on_selector_all(
        ".field-error, .flash-error", "els => els.map(e => (e.id || 'flash') + ': ' + e.innerText)")
    assert errors == [], f"{page.url}: the form refused the payloads: {errors}"


def submit_confirmed(page, form) -> None:
    """Submits a form that asks for confirmation (``data-confirm``) without the question: the
    dialog listener would count it as a payload's."""
    with page.expect_navigation():
        form.evaluate("f => f.submit()")
    errors = page.eval_on_selector_all(
        ".field-error, .flash-error", "els => els.map(e => (e.id || 'flash') + ': ' + e.innerText)")
    assert errors == [], f"{page.url}: the step was refused: {errors}"


def main_form(page, action_suffix: str | None = None):
    selector = "main form[method=post]"
    if action_suffix:
        selector += f'[action$="{action_suffix}"]'
    form = page.locator(selector).filter(has=page.locator("button[type=submit]"))
    return form.last if action_suffix is None else form.first


# --- entering the corpus, module by module (returns the pages that show what was entered) ---

def enter_document(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/documents/new")
    form = main_form(page)
    fill_payloads(form, corpus, {"summary": 1990, "legal_refs": 1990})
    form.locator('[name="title"]').fill(f"XSS {token} " + corpus.take(250, " "))
    form.locator('[name="body_md"]').fill(corpus.everything())  # Markdown
    submit(page, form)
    # Created as a draft: now on its edit form; save the draft with more payloads.
    form = main_form(page)
    fill_payloads(form, corpus, {"change_reason": 990, "summary": 1990})
    form.locator('[name="body_md"]').fill("# " + corpus.take(200, " ") + "\n\n"
                                          + corpus.everything())
    submit(page, form)
    version_url = path_of(page)
    code = version_url.split("/")[2]
    return [version_url, f"/documents/{code}", f"/documents/?q={token}", "/documents/",
            "/documents/in-progress"]


def enter_nonconformity(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/nonconformities/new")
    form = main_form(page)
    form.locator('[name="title"]').fill(f"XSS {token} " + corpus.take(250, " "))
    fill_payloads(form, corpus, {"description": None, "requirement_clause": 60,
                                 "requirement_legal": 300, "source_reference": 300})
    submit(page, form)
    nc_url = path_of(page)
    assert re.match(r"^/nonconformities/\d+$", nc_url), page.url

    form = main_form(page, "/triage")
    form.locator("select[name=owner_id]").select_option(label=QUALITY[1])
    form.locator("input[name=due_on]").fill(lv_date(30))
    submit(page, form)

    form = main_form(page, "/correction")
    fill_payloads(form, corpus, {"correction": None, "consequences": 4990, "result": 990})
    form.locator("input[name=done_on]").fill(lv_date(0))
    form.locator('input[name=corrective_action_needed][value="yes"]').check()
    fill_payloads(form, corpus, {"rationale": 1990})
    submit(page, form)

    form = main_form(page, "/root-cause")
    form.locator('input[name=method][value="five_whys"]').check()
    fill_payloads(form, corpus, {"whys": 4990, "root_cause": 4990, "extent": 4990})
    submit(page, form)

    form = main_form(page, "/actions")
    form.locator("select[name=owner_id]").select_option(label=QUALITY[1])
    form.locator("input[name=due_on]").fill(lv_date(20))
    fill_payloads(form, corpus, {"title": 290, "description": 4990})
    submit(page, form)
    action_url = page.locator("#actions .table-wrap table tbody a[href*='/actions/']").first \
        .get_attribute("href")

    page.goto(action_url)
    form = page.locator("main form[method=post]").filter(has=page.locator("select[name=status]"))
    form.locator("select[name=status]").select_option("in_progress")
    fill_payloads(form, corpus, {"evidence": 4990, "note": 4990})
    submit(page, form)
    return [nc_url, action_url, "/nonconformities/", f"/nonconformities/?q={token}",
            "/nonconformities/actions/", "/nonconformities/statistics"]


def enter_feedback(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/nonconformities/feedback/new")
    form = main_form(page)
    form.locator("input[name=received_on]").fill(lv_date(-1))
    fill_payloads(form, corpus, {"service": 200, "topic": 100, "summary": None})
    submit(page, form)
    feedback_url = path_of(page)
    form = page.locator("main form[method=post]").filter(
        has=page.locator("textarea[name=answer]"))
    if form.count():
        fill_payloads(form.first, corpus, {"answer": None})
        submit(page, form.first)
    return [feedback_url, "/nonconformities/feedback/"]


def enter_inspection(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/inspections/new")
    form = main_form(page)
    form.locator("input[name=started_on]").fill(lv_date(-3))
    form.locator("select[name=authority_id]").select_option(index=1)
    fill_payloads(form, corpus, {"legal_basis": 500, "service": 200, "inspectors": 500,
                                 "report_reference": 100, "notes": None})
    form.locator('[name="subject"]').fill(f"XSS {token} " + corpus.take(250, " "))
    submit(page, form)
    inspection_url = path_of(page)
    assert re.match(r"^/inspections/\d+$", inspection_url), page.url

    form = main_form(page, "/prescriptions")
    named(form, "deadline_on").fill(lv_date(30))
    fill_payloads(form, corpus, {"text": None, "legal_reference": 300})
    submit(page, form)
    form = main_form(page, "/respond")
    form.locator("xpath=ancestor::details[1]/summary").click()
    fill_payloads(form, corpus, {"response": None})
    submit(page, form)

    page.goto("/inspections/authorities")
    form = main_form(page, "/authorities/new")
    fill_payloads(form, corpus, {"name": 190, "short_name": 40})
    submit(page, form)
    return [inspection_url, "/inspections/", "/inspections/authorities", "/inspections/overview",
            "/inspections/calendar", "/inspections/calendar/year"]


def enter_audit(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/audits/new")
    form = main_form(page)
    form.locator('[name="title"]').fill(f"XSS {token} " + corpus.take(250, " "))
    fill_payloads(form, corpus, {"objectives": None, "criteria": None})
    form.locator("input[name=planned_start]").fill(lv_date(14))
    form.locator("select[name=unit_ids]").select_option(index=0)
    submit(page, form)
    audit_url = path_of(page)
    assert re.match(r"^/audits/\d+$", audit_url), page.url

    # The team: an impartial lead auditor; the plan with a Markdown agenda; the checklist.
    form = main_form(page, "/team")
    form.locator("tr.impartial input[type=radio]").first.check()
    submit(page, form)
    form = main_form(page, "/confirm")
    fill_payloads(form, corpus, {"agenda": None})
    submit(page, form)
    form = main_form(page, "/start")
    form.locator("input[type=checkbox][name=template_ids]").first.check()
    submit(page, form)
    page.goto(f"{audit_url}/checklist")
    form = page.locator("main form[method=post][action*='/items/']").first
    form.locator("input[type=radio][value=minor]").check()
    fill_payloads(form, corpus, {"evidence": None})
    submit(page, form)
    return [audit_url, f"{audit_url}/checklist", f"{audit_url}/report", "/audits/",
            "/audits/programme", "/inspections/calendar"]


def enter_review(page, corpus: Corpus, token: str) -> list[str]:
    year = 2024
    page.goto(f"/reviews/{year}")
    open_form = page.locator('main form[action="/reviews/open"]')
    if open_form.count():
        with page.expect_navigation():
            open_form.locator("button[type=submit]").click()
        page.goto(f"/reviews/{year}")
    narrative = main_form(page, "/narrative")
    fill_payloads(narrative, corpus, {"text": None})
    submit(page, narrative)
    form = main_form(page, "/conclusions")
    fill_payloads(form, corpus, {"suitability": None, "adequacy": 4990,
                                 "effectiveness": 4990, "strategic_alignment": 4990})
    submit(page, form)
    form = main_form(page, "/meeting")
    fill_payloads(form, corpus, {"participants": 4990})
    submit(page, form)
    form = main_form(page, "/outputs")
    form.locator("select[name=owner_id]").select_option(label=QUALITY[1])
    form.locator("input[name=due_on]").fill(lv_date(60))
    fill_payloads(form, corpus, {"title": 290, "description": 4990})
    submit(page, form)
    return [f"/reviews/{year}", "/reviews/"]


def enter_organisation(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/org/units/new")
    form = main_form(page)
    form.locator("input[name=code]").fill(f"X{token[:6]}")
    fill_payloads(form, corpus, {"name": 190})
    submit(page, form)
    page.goto("/org/positions/new")
    form = main_form(page)
    fill_payloads(form, corpus, {"title": 190})
    submit(page, form)
    return ["/org/", "/org/positions", "/org/people"]


# --- the newer modules: processes, objectives, risks, surveys, training, providers ---

def fill_select(form, name: str) -> None:
    """The first non-empty option of the select ``name`` (when the form has it)."""
    select = named(form, name)
    if select.count():
        values = select.first.evaluate(
            "el => Array.from(el.options).map(o => o.value).filter(v => v && v !== 'None')")
        if values:
            select.first.select_option(values[0])


def enter_process(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/processes/new")
    form = main_form(page)
    form.locator("input[name=code]").fill(f"X{token[:6]}")
    form.locator('[name="name"]').fill(f"XSS {token} " + corpus.take(180, " "))
    fill_payloads(form, corpus, {"purpose": 4990, "inputs": 4990, "outputs": 4990,
                                 "resources": 4990})
    submit(page, form)
    process_url = path_of(page)
    assert re.match(r"^/processes/\d+$", process_url), page.url

    page.goto(f"{process_url}/indicators/new")
    form = main_form(page)
    form.locator("input[name=code]").fill(f"I{token[:6]}")
    fill_payloads(form, corpus, {"name": 190, "unit_of_measure": 40, "data_source": 290})
    submit(page, form)
    indicator_url = path_of(page)
    assert re.match(r"^/processes/indicators/\d+$", indicator_url), page.url

    form = main_form(page, "/values")
    named(form, "period").fill("01.2026")
    named(form, "value").fill("5")
    fill_payloads(form, corpus, {"note": 490})
    submit(page, form)

    year = dt.date.today().year
    report_url = f"{process_url}/reports/{year}"
    page.goto(report_url)
    form = main_form(page, f"/reports/{year}")
    fill_payloads(form, corpus, {"conclusions": None})
    submit(page, form)
    return [process_url, indicator_url, report_url, "/processes/",
            f"/processes/?q={token}", "/processes/map"]


def enter_objectives(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/objectives/mission/edit")
    form = main_form(page)
    fill_payloads(form, corpus, {"mission": 4990, "vision": 4990, "values_text": 4990})
    submit(page, form)

    page.goto("/objectives/swot")
    form = main_form(page, "/swot/items")
    named(form, "period").fill("2026")
    fill_payloads(form, corpus, {"text": 990})
    submit(page, form)

    page.goto("/objectives/new")
    form = main_form(page)
    named(form, "year").fill(str(dt.date.today().year))
    form.locator('[name="title"]').fill(f"XSS {token} " + corpus.take(280, " "))
    fill_payloads(form, corpus, {"target": 290, "policy_commitment": 290, "resources": 4990,
                                 "evaluation_method": 4990})
    form.locator("select[name=responsible_id]").select_option(label=QUALITY[1])
    named(form, "deadline_on").fill(lv_date(90))
    submit(page, form)
    objective_url = path_of(page)
    assert re.match(r"^/objectives/\d+$", objective_url), page.url
    submit_confirmed(page, main_form(page, "/activate"))

    page.goto(f"{objective_url}/progress")
    form = main_form(page)
    named(form, "percent").fill("20")
    fill_payloads(form, corpus, {"note": 4990})
    submit(page, form)

    page.goto("/objectives/strategy/new")
    form = main_form(page)
    form.locator("input[name=code]").fill(f"S{token[:6]}")
    named(form, "period_from").fill("2026")
    named(form, "period_to").fill("2028")
    fill_payloads(form, corpus, {"title": 290, "description": 4990})
    submit(page, form)
    new_task = page.locator("main a[href$='/tasks/new']").last.get_attribute("href")
    page.goto(new_task)
    form = main_form(page)
    named(form, "year_from").fill("2026")
    named(form, "year_to").fill("2027")
    fill_payloads(form, corpus, {"number": 20, "task": 490, "result": 990})
    submit(page, form)
    return [objective_url, "/objectives/", f"/objectives/?q={token}", "/objectives/mine",
            "/objectives/policy", "/objectives/mission", "/objectives/swot?period=2026",
            "/objectives/strategy"]


def enter_risks(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/risks/context/new")
    form = main_form(page)
    fill_payloads(form, corpus, {"title": 190, "description": None, "effect": 9990})
    submit(page, form)
    issue_url = path_of(page)

    page.goto("/risks/parties/new")
    form = main_form(page)
    fill_payloads(form, corpus, {"name": 190, "needs": 9990, "monitoring": 9990})
    submit(page, form)
    party_url = path_of(page)

    page.goto("/risks/new")
    form = main_form(page)
    form.locator('[name="title"]').fill(f"XSS {token} " + corpus.take(280, " "))
    fill_payloads(form, corpus, {"description": 9990})
    form.locator("select[name=owner_id]").select_option(label=QUALITY[1])
    fill_select(form, "likelihood")
    fill_select(form, "impact")
    submit(page, form)
    risk_url = path_of(page)
    assert re.match(r"^/risks/\d+$", risk_url), page.url

    form = main_form(page, "/treatment")
    named(form, "treatment").select_option("reduce")
    fill_payloads(form, corpus, {"justification": 9990})
    submit(page, form)
    form = main_form(page, "/actions")
    form.locator("xpath=ancestor::details[1]/summary").click()
    named(form, "owner_id").select_option(label=QUALITY[1])
    named(form, "due_on").fill(lv_date(30))
    fill_payloads(form, corpus, {"title": 290, "description": 9990})
    submit(page, form)
    return [issue_url, party_url, risk_url, "/risks/", f"/risks/?q={token}", "/risks/heat-map",
            "/risks/context", "/risks/parties"]


def enter_survey(page, corpus: Corpus, token: str, respondent=None) -> list[str]:
    """``respondent``: a signed-out page (watched like the others) that answers in public."""
    page.goto("/surveys/new")
    form = main_form(page)
    named(form, "year").fill(str(dt.date.today().year))
    form.locator('[name="title"]').fill(f"XSS {token} " + corpus.take(280, " "))
    fill_payloads(form, corpus, {"intro": 4990})
    submit(page, form)
    survey_url = path_of(page)
    assert re.match(r"^/surveys/\d+$", survey_url), page.url

    for kind in ("text", "choice"):
        page.goto(f"{survey_url}/questions/new")
        form = main_form(page)
        form.locator("select[name=kind]").select_option(kind)
        fill_payloads(form, corpus, {"text": 490})
        if kind == "choice":  # at most 12 options of at most 200 characters
            named(form, "options").fill("\n".join(corpus.take(200, " ") for _ in range(12)))
        submit(page, form)
    page.goto(survey_url)
    submit_confirmed(page, main_form(page, "/publish"))
    public_url = urlsplit(page.locator("main a.public-link").get_attribute("href")).path

    # An anonymous respondent answers through the public form, free text full of payloads.
    respondent.goto(public_url)
    form = main_form(respondent)
    for textarea in form.locator("textarea").all():
        textarea.fill(corpus.take(1990, "\n"))
    form.locator("input[type=radio]").first.check()
    submit(respondent, form)
    return [survey_url, f"{survey_url}/preview", f"{survey_url}/results",
            f"{survey_url}/comments", f"{survey_url}/poster", public_url,
            f"{public_url}/thanks", "/surveys/", f"/surveys/?q={token}"]


def enter_training(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/training/requirements/new")
    form = main_form(page)
    fill_select(form, "position_id")
    fill_payloads(form, corpus, {"name": 190, "description": 4990})
    submit(page, form)

    page.goto("/training/records/new")
    form = main_form(page)
    form.locator("select[name=user_id]").select_option(label=QUALITY[1])
    form.locator('[name="topic"]').fill(f"XSS {token} " + corpus.take(180, " "))
    fill_payloads(form, corpus, {"provider": 190, "notes": 4990})
    named(form, "started_on").fill(lv_date(-10))
    named(form, "hours").fill("4")
    submit(page, form)
    record_url = path_of(page)
    assert re.match(r"^/training/records/\d+$", record_url), page.url
    return [record_url, "/training/", "/training/records", f"/training/records?q={token}",
            "/training/requirements", "/training/matrix", "/training/plan"]


def enter_provider(page, corpus: Corpus, token: str) -> list[str]:
    page.goto("/providers/new")
    form = main_form(page)
    form.locator('[name="name"]').fill(f"XSS {token} " + corpus.take(180, " "))
    fill_payloads(form, corpus, {"registration_number": 40, "provides": 490, "contact": 290,
                                 "contract_number": 60, "notes": 4990})
    submit(page, form)
    provider_url = path_of(page)
    assert re.match(r"^/providers/\d+$", provider_url), page.url

    page.goto(f"{provider_url}/evaluate")
    form = main_form(page)
    for select in form.locator("select").all():
        values = select.evaluate(
            "el => Array.from(el.options).map(o => o.value).filter(v => v && v !== 'None')")
        if values:
            select.select_option(values[-1])
    named(form, "year").fill(str(dt.date.today().year))
    fill_payloads(form, corpus, {"comment": 4990})
    submit(page, form)
    return [provider_url, "/providers/", f"/providers/?q={token}", "/providers/criteria"]


ENTRIES = [enter_document, enter_nonconformity, enter_feedback, enter_inspection, enter_audit,
           enter_review, enter_organisation, enter_process, enter_objectives, enter_risks,
           enter_survey, enter_training, enter_provider]


def test_xss_corpus_entered_through_the_forms_never_runs(new_page, live_server, watch, sign_in):
    assert len(PAYLOADS) >= 100
    token = uuid.uuid4().hex[:8]
    corpus = Corpus(PAYLOADS)
    page = new_page(bypass_csp=True)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, QUALITY[0])

    respondent = new_page(bypass_csp=True)  # signed out: the public survey form
    respondent.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    pages: list[str] = []
    breakdown: list[str] = []
    for enter in ENTRIES:
        entered_before, seen_before = corpus.entered, set(pages)
        if enter is enter_survey:
            pages += enter(page, corpus, token, respondent)
        else:
            pages += enter(page, corpus, token)
        breakdown.append(f"{enter.__name__[6:]} {corpus.entered - entered_before}/"
                         f"{len(set(pages) - seen_before)}")
    pages += ["/", "/history/", f"/history/?q={token}", "/notifications/"]
    navigation = page.eval_on_selector_all(
        "header .main-nav a[href]", "links => links.map(a => a.getAttribute('href'))")
    pages += [href for href in navigation if href not in pages]

    live: dict[str, list[str]] = {}
    evaluated: list[str] = []
    forbidden: list[str] = []
    shown_as_text = 0
    for url in dict.fromkeys(pages):
        response = page.goto(url)
        assert response is not None and response.status in (200, 403), (url, response.status)
        if response.status == 403:  # e.g. /org/people: the administrator's (seen below)
            forbidden.append(re.escape(f"status of 403 (FORBIDDEN) @ {live_server.url}{url}"))
            continue
        found = page.evaluate(DOM_SCAN)
        if found:
            live[url] = found
        html = page.content()
        for marker in re.findall(r"49xsstpl\d+", html):
            evaluated.append(f"{url}: {marker}")
        shown_as_text += html.count("{{7*7}}xsstpl")

    # The other people see them too: the owner of the nonconformities in English.
    other = new_page(bypass_csp=True)
    other.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(other, "admin")
    for url in dict.fromkeys(pages):
        response = other.goto(url)
        assert response is not None and response.status == 200, (url, response.status)
        found = other.evaluate(DOM_SCAN)
        if found:
            live[f"admin {url}"] = found

    got_through = sorted(set(dialogs))
    print(f"\nXSS corpus: {len(PAYLOADS)} distinct payloads, {corpus.entered} entered into "
          f"form fields, {len(dict.fromkeys(pages))} pages opened twice; got through: "
          f"{len(got_through)} dialogs {got_through}, {sum(map(len, live.values()))} live "
          f"elements, {len(watch.foreign_requests)} foreign requests, {len(evaluated)} "
          f"template evaluations; entries/new pages by module: {', '.join(breakdown)}")
    assert len(corpus.used) == len(PAYLOADS), "every payload is entered at least once"
    assert dialogs == [], f"payloads ran: {got_through}"
    assert live == {}, f"live markup from payloads: {live}"
    assert evaluated == [], f"template expressions evaluated: {evaluated}"
    assert shown_as_text > 0, "the template-injection payload is shown as the text it was"
    watch.assert_clean(allowed_console=tuple(forbidden))


def test_the_detectors_see_a_payload_that_gets_through(new_page, sign_in):
    """The checks above can fail: a payload put into the page on purpose (as a template hole
    would) opens a dialog and is found by the DOM scan."""
    page = new_page(bypass_csp=True)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, QUALITY[0])
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<img src="data:," onerror="alert(7)"><a href="javascript:alert(8)">x</a>')""")
    page.wait_for_timeout(200)
    assert dialogs == ["7"]
    found = page.evaluate(DOM_SCAN)
    assert "img[onerror]" in found and any(item.startswith("a[href=javascript") for item in found)
