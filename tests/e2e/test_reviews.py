"""Browser journey through the management review: the quality manager opens this year's draft,
records the meeting, starts the review (the figures freeze), gives the reasons for the inputs
without data, writes the four conclusions and adds two outputs; the head of the institution
approves; the PDF then holds every 9.3.2 section heading, the conclusions and the outputs.

Texts are compared with what the app renders in the user's language (Latvian for the demo
people, ``live_server.translate``), so the test holds while translations are being added."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

QM = "kvalitate"
HEAD = "direktore"
OWNER = "Sandra Kalēja"


def _msgid(lazy) -> str:
    """The msgid of a lazy string (flask_babel.LazyString keeps its arguments)."""
    return lazy._args[0]


def _accept_dialogs(page) -> list[str]:
    seen: list[str] = []

    def accept(dialog):
        seen.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return seen


def _form(page, suffix: str, section: str | None = None):
    form = page.locator(f'main form[method=post][action$="{suffix}"]')
    if section is not None:
        form = form.filter(has=page.locator(f'input[name=section][value="{section}"]'))
    expect(form).to_have_count(1)
    return form


def _submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator(".flash-error")).to_have_count(0)


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "review.pdf"
    path.write_bytes(data)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], check=True,
                              capture_output=True, text=True).stdout
        return " ".join(text.split())
    pytest.skip("pdftotext (poppler-utils) is not installed")
    return ""


def test_the_review_from_draft_to_approved_pdf(browser, live_server, context, watch, sign_in,
                                              sign_out, tmp_path):
    from qms.reviews import assemble
    from qms.reviews.models import CONCLUSION_FIELDS
    from qms.reviews.views import SECTION_TITLES

    year = dt.date.today().year
    tag = uuid.uuid4().hex[:6]
    qm = context.new_page()
    dialogs = _accept_dialogs(qm)
    sign_in(qm, QM)

    # The draft: opened from the page when it is not there yet.
    qm.goto(f"/reviews/{year}")
    opener = qm.locator('main form[action="/reviews/open"]')
    if opener.count():
        _submit(qm, opener)
    assert urlsplit(qm.url).path == f"/reviews/{year}"
    for key in assemble.SECTION_KEYS:
        expect(qm.locator(f"main section#{key} h2")).to_have_count(1)

    # The meeting: date, and everybody proposed (head, quality manager, unit heads) present.
    meeting = _form(qm, "/meeting")
    meeting.locator("[name=planned_meeting_on]").fill(f"15.12.{year}")
    boxes = meeting.locator("input[type=checkbox][name=attended]")
    assert boxes.count() >= 3
    for n in range(boxes.count()):
        boxes.nth(n).check()
    _submit(qm, meeting)

    # Start: the figures freeze (a confirmation first).
    _submit(qm, _form(qm, "/start"))
    assert dialogs, "starting the review asks first"
    expect(qm.locator('main form[action$="/start"]')).to_have_count(0)

    # A reason for every input without data.
    sections = qm.locator('main form[action$="/no-data"] input[name=section]')
    keys = [sections.nth(n).get_attribute("value") for n in range(sections.count())]
    assert keys, "some inputs have no data source yet"
    for key in keys:
        form = _form(qm, "/no-data", key)
        form.locator("textarea[name=reason]").fill(f"Nav piemērojams šajā periodā ({tag}).")
        _submit(qm, form)
    expect(qm.locator(f"#{keys[0]}")).to_contain_text(tag)

    narrative = _form(qm, "/narrative", "c4_nonconformities")
    narrative.locator("textarea[name=text]").fill(f"Neatbilstību skaits samazinās {tag}.")
    _submit(qm, narrative)

    conclusions = _form(qm, "/conclusions")
    for name in CONCLUSION_FIELDS:
        conclusions.locator(f"textarea[name={name}]").fill(f"Secinājums {name} {tag}")
    _submit(qm, conclusions)

    outputs = [("qms_change", "documents", f"Pārskatīt sūdzību kārtību {tag}", "1200"),
               ("resource_need", "", f"Papildu sociālais darbinieks {tag}", "18000")]
    for output_class, area, title, budget in outputs:
        form = _form(qm, "/outputs")
        form.locator("[name=output_class]").select_option(output_class)
        if area:
            form.locator("[name=change_area]").select_option(area)
        form.locator("[name=title]").fill(title)
        owner = form.locator("[name=owner_id] option", has_text=OWNER).first
        form.locator("[name=owner_id]").select_option(owner.get_attribute("value"))
        form.locator("[name=due_on]").fill(f"01.03.{year + 1}")
        form.locator("[name=budget_planned]").fill(budget)
        _submit(qm, form)
    rows = qm.locator("#outputs tbody tr")
    expect(rows).to_have_count(2)
    expect(qm.locator("#outputs")).to_contain_text(outputs[1][2])
    # The quality manager cannot approve.
    expect(qm.locator('main form[action$="/approve"]')).to_have_count(0)
    sign_out(qm)

    # The head of the institution approves.
    head = context.new_page()
    _accept_dialogs(head)
    sign_in(head, HEAD)
    head.goto(f"/reviews/{year}")
    _submit(head, _form(head, "/approve"))
    expect(head.locator(".flash-success")).to_have_count(1)
    expect(head.locator('main form[action$="/approve"]')).to_have_count(0)
    expect(head.locator("#approval code.hash")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))

    # The PDF: every section heading, the conclusions and both outputs.
    response = head.request.get(f"/reviews/{year}.pdf", timeout=60_000)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body(), tmp_path)
    for key, title in SECTION_TITLES.items():
        heading = f"{assemble.CLAUSES[key]} {live_server.translate('lv', _msgid(title))}"
        assert heading in text, f"the PDF lacks {heading!r}"
    for msgid in ("Contents", "Conclusions", "Outputs", "Participants", "Approval"):
        assert live_server.translate("lv", msgid) in text
    assert f"Secinājums strategic_alignment {tag}" in text
    assert outputs[0][2] in text and outputs[1][2] in text
    assert "Dace Liepiņa" in text
    markdown = head.request.get(f"/reviews/{year}.md")
    assert markdown.ok and outputs[0][2] in markdown.text()
    sign_out(head)
    watch.assert_clean()
