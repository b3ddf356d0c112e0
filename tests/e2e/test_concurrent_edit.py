"""Lost updates are impossible: two people, each in a browser context of their own, open the
same edit form; the first saves; the second's save is refused with a clear message, and the
text the second person typed is still in the form for them (nothing of it was saved).

Checked on a document draft (Markdown body, reason, summary) and on an inspection record."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

STALE_MESSAGE = ("Someone else saved this record while you were editing it. Your changes were "
                 "not saved; they are still in the form below. Reload the page to see the "
                 "current version.")


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]:not([value=preview])").first.click()


def expect_refused(page, live_server) -> None:
    message = live_server.translate("lv", STALE_MESSAGE)
    expect(page.locator(".flash-error, .field-error, .form-errors").filter(
        has_text=message[:40])).to_have_count(1)
    expect(page.locator(".flash-success")).to_have_count(0)


def two_people(new_page, sign_in):
    first, second = new_page(), new_page()
    sign_in(first, "kvalitate")
    sign_in(second, "admin")
    return first, second


def test_second_save_of_a_document_draft_is_refused_and_keeps_the_text(
        new_page, live_server, watch, sign_in):
    token = uuid.uuid4().hex[:8]
    first, second = two_people(new_page, sign_in)

    first.goto("/documents/new")
    form = first.locator("main form[method=post]")
    form.locator("input[name=title]").fill(f"E2E vienlaicīga labošana {token}")
    form.locator("textarea[name=body_md]").fill("# Kārtība\n\nSākotnējais teksts.\n")
    submit(first, form)
    draft_url = urlsplit(first.url).path
    assert re.match(r"^/documents/[^/]+/v/\d+/edit$", draft_url), first.url
    code = draft_url.split("/")[2]

    second.goto(draft_url)  # both now have the draft's form open, at the same version
    first_text = f"# Kārtība\n\nPirmās personas teksts {token}.\n"
    second_text = f"# Kārtība\n\nOtrās personas teksts {token}: ilgi rakstīts.\n"
    second_reason = f"Otrās personas iemesls {token}"

    form = first.locator("main form[method=post]")
    form.locator("textarea[name=body_md]").fill(first_text)
    submit(first, form)
    expect(first.locator(".flash-success")).to_have_count(1)

    form = second.locator("main form[method=post]")
    form.locator("textarea[name=body_md]").fill(second_text)
    form.locator("input[name=change_reason]").fill(second_reason)
    submit(second, form)
    expect_refused(second, live_server)
    form = second.locator("main form[method=post]")
    expect(form.locator("textarea[name=body_md]")).to_have_value(second_text)
    expect(form.locator("input[name=change_reason]")).to_have_value(second_reason)

    # What was saved is the first person's text; the second's is nowhere in the draft.
    response = second.request.get(f"/documents/{code}")
    body = response.text()
    assert f"Pirmās personas teksts {token}" in body
    assert f"Otrās personas teksts {token}" not in body

    # After reloading, the second person sees the first one's text and can save over it.
    second.goto(draft_url)
    form = second.locator("main form[method=post]")
    expect(form.locator("textarea[name=body_md]")).to_have_value(first_text)
    form.locator("textarea[name=body_md]").fill(second_text)
    submit(second, form)
    expect(second.locator(".flash-success")).to_have_count(1)
    watch.assert_clean()


def test_second_save_of_an_inspection_is_refused_and_keeps_the_text(
        new_page, live_server, watch, sign_in):
    token = uuid.uuid4().hex[:8]
    first, second = two_people(new_page, sign_in)

    first.goto("/inspections/")
    link = first.locator("main .table-wrap table tbody a[href^='/inspections/']").first
    inspection_url = link.get_attribute("href")
    assert re.match(r"^/inspections/\d+$", inspection_url or ""), inspection_url
    edit_url = f"{inspection_url}/edit"
    first.goto(edit_url)
    second.goto(edit_url)

    first_notes = f"Pirmās personas piezīmes {token}."
    second_notes = f"Otrās personas piezīmes {token}: rūpīgi pierakstīts."
    form = first.locator("main form[method=post]")
    form.locator("textarea[name=notes]").fill(first_notes)
    submit(first, form)
    expect(first.locator(".flash-success")).to_have_count(1)
    assert urlsplit(first.url).path == inspection_url

    form = second.locator("main form[method=post]")
    form.locator("textarea[name=notes]").fill(second_notes)
    submit(second, form)
    expect_refused(second, live_server)
    expect(second.locator("main form[method=post] textarea[name=notes]")).to_have_value(
        second_notes)

    second.goto(inspection_url)
    expect(second.locator("main")).to_contain_text(first_notes)
    expect(second.locator("main")).not_to_contain_text(second_notes)
    watch.assert_clean()
