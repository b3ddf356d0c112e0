"""Browser journeys through document control: a procedure from draft to "read and understood",
the four-eyes rule on the version page, diacritic-insensitive search and Markdown that tries
to run script.

The Latvian texts of the document pages are still being translated, so these tests find
things by URL, form action, field name and CSS class, never by visible text. Every person works
in a browser context of their own; every test creates its own documents (unique titles), so
that the tests do not depend on each other or on their order."""

from __future__ import annotations

import re
import unicodedata
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

REVIEWER = "Māris Krūmiņš"  # vietnieks
APPROVER = "Dace Liepiņa"  # direktore
PROCEDURE_TYPE = "Kārtība"  # the Latvian name of the type "procedure" (prefix KT)
VERSION_PATH = re.compile(r"^/documents/([A-ZĀČĒĢĪĶĻŅŠŪŽ]{1,6}-\d{1,4})/v/(\d+)(/edit)?$")

XSS_PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "[click me](javascript:window.__xss=1)",
    '<svg onload="window.__xss=1"></svg>',
    '<a href="data:text/html,<script>window.__xss=1</script>">d</a>',
    '<iframe src="javascript:window.parent.__xss=1"></iframe>',
    '<a href="JaVaScRiPt:window.__xss=1" onclick="window.__xss=1" id="x-click">j</a>',
    '<details open ontoggle="window.__xss=1"><summary>s</summary></details>',
    "<style>body{background:url(javascript:window.__xss=1)}</style>",
    '<form action="javascript:window.__xss=1"><button id="x-form">f</button></form>',
]


def path_of(page) -> str:
    return urlsplit(page.url).path


def unique(label: str) -> str:
    return f"E2E {label} {uuid.uuid4().hex[:8]}"


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower())
                   if not unicodedata.combining(c))


def version_of(page) -> tuple[str, int]:
    """(code, version id) from a version page or draft editor URL."""
    match = VERSION_PATH.match(path_of(page))
    assert match, f"not a version page: {page.url}"
    return match.group(1), int(match.group(2))


def expect_flash_success(page) -> None:
    expect(page.locator(".flash-success")).to_have_count(1)
    expect(page.locator(".flash-error")).to_have_count(0)


def create_document(page, *, title: str, body: str, everyone: bool = True) -> tuple[str, int]:
    """As a signed-in quality manager: /documents/new -> the draft editor. Returns
    (code, version id) of the new draft."""
    page.goto("/documents/new")
    form = page.locator("main form[method=post]")
    form.locator("select[name=type_id]").select_option(label=PROCEDURE_TYPE)
    form.locator("input[name=code]").fill("")
    form.locator("input[name=title]").fill(title)
    form.locator("select[name=confidentiality]").select_option("internal")
    if everyone:
        form.locator("input[name=distribute_to_everyone]").check()
    form.locator("textarea[name=body_md]").fill(body)
    form.locator("input[name=summary]").fill("Izveidots pārlūka testā")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect_flash_success(page)
    assert path_of(page).endswith("/edit"), page.url
    code, version_id = version_of(page)
    assert re.fullmatch(r"KT-\d{2,4}", code), code
    return code, version_id


def save_draft(page, reason: str) -> None:
    """In the draft editor: give a reason and save -> the version page."""
    page.locator("input[name=change_reason]").fill(reason)
    with page.expect_navigation():
        page.locator('button[name=action][value=save]').click()
    expect_flash_success(page)
    assert not path_of(page).endswith("/edit"), page.url


def submit_for_review(page) -> None:
    """On the draft's version page: vietnieks reviews, direktore approves."""
    form = page.locator('form[action$="/submit"]')
    expect(form).to_have_count(1)
    form.locator("select[name=reviewer_ids]").select_option(label=[REVIEWER])
    form.locator("select[name=approver_id]").select_option(label=APPROVER)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect_flash_success(page)
    expect(page.locator(".doc-header .badge")).to_have_class(re.compile(r"\bbadge-in_review\b"))
    expect(page.locator('form[action$="/submit"]')).to_have_count(0)


def review(page, decision: str, comment: str = "") -> None:
    form = page.locator('form[action$="/review"]')
    expect(form).to_have_count(1)
    form.locator(f'input[name=decision][value="{decision}"]').check()
    form.locator("textarea[name=comment]").fill(comment)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect_flash_success(page)


def status_badge(page):
    return page.locator(".doc-header .badge")


def test_procedure_from_draft_to_read_and_understood(page, new_page, live_server, watch,
                                                     sign_in):
    title = unique("kārtība")
    body = (
        "# Mērķis\n\n"
        "Kārtība nosaka, kā apstiprina dokumentus.\n\n"
        "## Atbildība\n\n"
        "| Loma | Atbildīgais |\n"
        "|------|-------------|\n"
        "| Autors | Kvalitātes vadītājs |\n"
        "| Apstiprinātājs | Direktors |\n\n"
        "Skatīt arī kvalitātes politiku [[KP-01]].\n"
    )

    # The quality manager writes, saves and submits the draft.
    author = page
    sign_in(author, "kvalitate")
    code, version_id = create_document(author, title=title, body=body)
    version_url = f"/documents/{code}/v/{version_id}"
    expect(author.locator("textarea[name=body_md]")).to_have_value(body)
    save_draft(author, "Jauna kārtība")
    assert path_of(author) == version_url
    expect(status_badge(author)).to_have_class(re.compile(r"\bbadge-draft\b"))
    expect(author.locator("article.doc-body table")).to_have_count(1)
    submit_for_review(author)

    # The deputy director finds it in "My work" and approves the content.
    reviewer = new_page()
    sign_in(reviewer, "vietnieks")
    task = reviewer.locator(f'#tasks-heading ~ ul a[href="{version_url}"]')
    expect(task).to_have_count(1)
    with reviewer.expect_navigation():
        task.click()
    assert path_of(reviewer) == version_url
    expect(reviewer.locator('form[action$="/approve"]')).to_have_count(0)
    review(reviewer, "approve")
    expect(status_badge(reviewer)).to_have_class(re.compile(r"\bbadge-in_review\b"))

    # The director approves (confirming the browser dialog): in effect at once.
    director = new_page()
    sign_in(director, "direktore")
    task = director.locator(f'#tasks-heading ~ ul a[href="{version_url}"]')
    expect(task).to_have_count(1)
    with director.expect_navigation():
        task.click()
    dialogs = []

    def accept(dialog):
        dialogs.append((dialog.type, dialog.message))
        dialog.accept()

    director.on("dialog", accept)
    approve = director.locator(f'form[action="{version_url}/approve"]')
    expect(approve).to_have_count(1)
    with director.expect_navigation():
        approve.locator("button[type=submit]").click()
    assert len(dialogs) == 1 and dialogs[0][0] == "confirm", dialogs
    assert code in dialogs[0][1], dialogs
    expect_flash_success(director)
    expect(status_badge(director)).to_have_class(re.compile(r"\bbadge-effective\b"))
    expect(director.locator('form[action$="/approve"]')).to_have_count(0)

    # A staff member has it on her reading list, reads it and acknowledges it.
    staff = new_page()
    sign_in(staff, "darbiniece")
    task = staff.locator(f'#tasks-heading ~ ul a[href="{version_url}"]')
    expect(task).to_have_count(1)
    expect(task).to_contain_text(title)
    with staff.expect_navigation():
        task.click()
    assert path_of(staff) == version_url
    expect(status_badge(staff)).to_have_class(re.compile(r"\bbadge-effective\b"))
    expect(staff.locator(".doc-header h1")).to_contain_text(code)
    expect(staff.locator(".doc-header h1")).to_contain_text(title)
    doc_body = staff.locator("article.doc-body")
    expect(doc_body.locator("h1")).to_have_text("Mērķis")
    expect(doc_body.locator("h2")).to_have_text("Atbildība")
    table = doc_body.locator("table")
    expect(table).to_have_count(1)
    expect(table.locator("thead th")).to_have_text(["Loma", "Atbildīgais"])
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").nth(1).locator("td")).to_have_text(
        ["Apstiprinātājs", "Direktors"])
    expect(doc_body.locator("text=|")).to_have_count(0)
    link = doc_body.locator("a.doc-link")
    expect(link).to_have_count(1)
    expect(link).to_have_text("KP-01")
    expect(link).to_have_attribute("href", "/documents/KP-01")
    # Staff do not see the review and approval machinery.
    expect(staff.locator("section.workflow")).to_have_count(0)

    # The PDF of the version.
    pdf_href = staff.locator('.doc-header a[href$=".pdf"]').get_attribute("href")
    assert pdf_href == f"{version_url}.pdf"
    response = staff.request.get(pdf_href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body()[:5] == b"%PDF-"

    ack = staff.locator(f'form[action="{version_url}/acknowledge"]')
    expect(ack).to_have_count(1)
    with staff.expect_navigation():
        ack.locator("button[type=submit]").click()
    assert path_of(staff) == version_url
    expect_flash_success(staff)
    expect(staff.locator('form[action$="/acknowledge"]')).to_have_count(0)
    staff.reload()
    expect(staff.locator(".flash-success")).to_have_count(0)
    expect(staff.locator('form[action$="/acknowledge"]')).to_have_count(0)

    # The [[KP-01]] link opens the quality policy in effect.
    with staff.expect_navigation():
        staff.locator("article.doc-body a.doc-link").click()
    assert path_of(staff) == "/documents/KP-01"
    expect(staff.locator("h1 .doc-code")).to_have_text("KP-01")
    expect(status_badge(staff)).to_have_class(re.compile(r"\bbadge-effective\b"))

    # Nothing left to do about it in "My work".
    staff.goto("/")
    expect(staff.locator(f'a[href="{version_url}"]')).to_have_count(0)

    watch.assert_clean()


def _submitted_draft(page, sign_in, label: str, body: str) -> str:
    """As kvalitate on ``page``: a new draft, saved and sent to vietnieks and direktore.
    Returns the version page URL."""
    sign_in(page, "kvalitate")
    code, version_id = create_document(page, title=unique(label), body=body, everyone=False)
    save_draft(page, "Pirmā redakcija")
    submit_for_review(page)
    return f"/documents/{code}/v/{version_id}"


def test_author_cannot_approve_her_own_version(page, new_page, live_server, watch, sign_in):
    author = page
    version_url = _submitted_draft(author, sign_in, "četru acu",
                                   "# Saturs\n\nTeksts, ko apstiprināt.\n")

    # The author sees neither a review nor an approve form on her own version in review.
    author.reload()
    expect(status_badge(author)).to_have_class(re.compile(r"\bbadge-in_review\b"))
    expect(author.locator('form[action$="/approve"]')).to_have_count(0)
    expect(author.locator('form[action$="/review"]')).to_have_count(0)
    expect(author.locator('form[action$="/return"]')).to_have_count(0)
    expect(author.locator(f'a[href="{version_url}/edit"]')).to_have_count(0)
    # Nor can she approve by posting the form herself (with a valid CSRF token).
    token = author.locator("input[name=csrf_token]").first.input_value()
    response = author.request.post(f"{version_url}/approve", form={"csrf_token": token},
                                   max_redirects=0)
    assert response.status == 302, response.status  # back to the version, with a refusal
    author.reload()
    expect(author.locator(".flash-error")).to_have_count(1)
    expect(author.locator(".flash-success")).to_have_count(0)
    expect(status_badge(author)).to_have_class(re.compile(r"\bbadge-in_review\b"))

    # The approver cannot approve before the reviewer has approved the content.
    director = new_page()
    sign_in(director, "direktore")
    director.goto(version_url)
    expect(status_badge(director)).to_have_class(re.compile(r"\bbadge-in_review\b"))
    expect(director.locator('form[action$="/approve"]')).to_have_count(0)
    expect(director.locator('form[action$="/review"]')).to_have_count(0)
    expect(director.locator('form[action$="/return"]')).to_have_count(1)

    watch.assert_clean()


def test_reviewer_requesting_changes_sends_the_version_back_to_draft(page, new_page, live_server,
                                                                    watch, sign_in):
    author = page
    body = "# Saturs\n\nTeksts, ko pārskatīt.\n"
    version_url = _submitted_draft(author, sign_in, "izmaiņas", body)

    comment = f"Lūdzu papildināt ar piemēru ({uuid.uuid4().hex[:6]})."
    reviewer = new_page()
    sign_in(reviewer, "vietnieks")
    reviewer.goto(version_url)
    review(reviewer, "changes", comment)
    assert path_of(reviewer) == version_url
    expect(status_badge(reviewer)).to_have_class(re.compile(r"\bbadge-draft\b"))
    expect(reviewer.locator('form[action$="/review"]')).to_have_count(0)

    # The author sees the comment, and the draft can be edited and submitted again.
    author.reload()
    expect(status_badge(author)).to_have_class(re.compile(r"\bbadge-draft\b"))
    comments = author.locator("ol.comments > li")
    expect(comments).to_have_count(1)
    expect(comments.first).to_contain_text(REVIEWER)
    expect(comments.first.locator("p")).to_have_text(comment)
    edit = author.locator(f'a[href="{version_url}/edit"]')
    expect(edit).to_have_count(1)
    expect(author.locator('form[action$="/submit"]')).to_have_count(1)
    with author.expect_navigation():
        edit.click()
    assert path_of(author) == f"{version_url}/edit"
    expect(author.locator("textarea[name=body_md]")).to_have_value(body)

    # The director has nothing to approve or return any more.
    director = new_page()
    sign_in(director, "direktore")
    director.goto(version_url)
    expect(director.locator('form[action$="/approve"]')).to_have_count(0)
    expect(director.locator('form[action$="/return"]')).to_have_count(0)

    watch.assert_clean()


def test_search_ignores_diacritics_and_shows_empty_state(page, live_server, watch, sign_in):
    sign_in(page, "darbiniece")
    page.goto("/documents/")
    search = page.locator("main form[method=get] input[name=q]")
    search.fill("aprupe")
    with page.expect_navigation():
        search.press("Enter")
    assert "q=aprupe" in urlsplit(page.url).query
    expect(search).to_have_value("aprupe")

    results = page.locator("ul.doc-list > li")
    expect(results.first).to_be_visible()
    assert results.count() >= 2, "the demo has many documents about aprūpe"
    hrefs = results.evaluate_all(
        "items => items.map(li => li.querySelector('a').getAttribute('href'))")
    assert all(re.fullmatch(r"/documents/[A-ZĀČĒĢĪĶĻŅŠŪŽ]{1,6}-\d{1,4}", h) for h in hrefs), hrefs
    marks = page.locator("ul.doc-list p.snippet mark").all_inner_texts()
    words = [m for m in marks if m]
    assert words, "no highlighted word in the snippets"
    assert all(fold(w).startswith("aprup") for w in words), words
    assert any("ū" in w.lower() for w in words), words

    # A result opens the document, which does contain the word.
    with page.expect_navigation():
        results.first.locator("a").click()
    assert "aprup" in fold(page.locator("article.doc-body").inner_text())

    page.goto("/documents/?q=zqxjvw" + uuid.uuid4().hex[:6])
    expect(page.locator("p.empty-state")).to_have_count(1)
    expect(page.locator("ul.doc-list")).to_have_count(0)

    watch.assert_clean()


def _assert_nothing_ran(page, dialogs: list) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("window.parent.__xss") is None
    assert dialogs == []
    assert page.locator("article.doc-body script").count() == 0
    dangerous = page.locator("article.doc-body").evaluate_all("""articles => articles.flatMap(
        a => [...a.querySelectorAll('*')].flatMap(el => [...el.attributes]
            .filter(at => /^on/i.test(at.name)
                     || /^\\s*(javascript|data|vbscript):/i.test(at.value))
            .map(at => el.tagName + ' ' + at.name + '=' + at.value)))""")
    assert dangerous == []
    tags = page.locator("article.doc-body :is(script, iframe, svg, img, style, form, object,"
                        " embed)")
    assert tags.count() == 0


def test_markdown_cannot_run_script(page, live_server, watch, sign_in):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, "kvalitate")
    body = "# XSS\n\n" + "\n\n".join(XSS_PAYLOADS) + "\n\nBeigas.\n"
    title = unique('<img src=x onerror="window.__xss=1">')
    code, version_id = create_document(page, title=title, body=body, everyone=False)
    version_url = f"/documents/{code}/v/{version_id}"
    expect(page.locator("h1").first).to_contain_text(title)  # shown as text, not as markup
    _assert_nothing_ran(page, dialogs)

    # Preview.
    with page.expect_navigation():
        page.locator('button[name=action][value=preview]').click()
    preview = page.locator("section.preview article.doc-body")
    expect(preview).to_have_count(1)
    expect(preview).to_contain_text("Beigas.")
    expect(page.locator("textarea[name=body_md]")).to_have_value(body)
    _assert_nothing_ran(page, dialogs)

    # Saved draft.
    save_draft(page, "XSS pārbaude")
    assert path_of(page) == version_url
    expect(page.locator("article.doc-body")).to_contain_text("Beigas.")
    expect(page.locator(".doc-header h1")).to_contain_text(title)
    _assert_nothing_ran(page, dialogs)

    # Clicking whatever the links became runs nothing either.
    for text in ("click me", "j", "d"):
        link = page.locator("article.doc-body a", has_text=re.compile(rf"^{text}$"))
        if link.count():
            link.first.click()
            page.wait_for_timeout(200)
            _assert_nothing_ran(page, dialogs)
            assert path_of(page) == version_url

    # The page as opened anew.
    page.goto(version_url)
    _assert_nothing_ran(page, dialogs)

    watch.assert_clean()
