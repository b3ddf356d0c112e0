"""Rendering (sanitised), links between documents, search, diff, attachments."""

import datetime as dt
import re

import pytest

from qms.core import files
from qms.core.errors import DomainError, InvalidTransition
from qms.core.markdown import render
from qms.documents import diff, queries, services

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1></circle></svg>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "<iframe src=\"https://example.com\"></iframe>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p onclick=\"alert(1)\">x</p>",
    "<object data=\"x.swf\"></object><embed src=x>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=\"https://evil.example\"><input name=x></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<base href=\"https://evil.example/\">",
    "<details open ontoggle=alert(1)>",
    "```\n<script>alert(1)</script>\n```",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "Term\n: <img src=x onerror=alert(1)>",
    "[^1]\n\n[^1]: <script>alert(1)</script>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
]


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_markdown_renders_hostile_input_inert(payload):
    html = str(render(payload))
    assert not re.search(r"<(script|iframe|object|embed|style|svg|math|form|meta|base|link)\b",
                         html, re.I)
    assert not re.search(r"\son\w+\s*=", html, re.I)
    assert not re.search(r"(href|src)\s*=\s*\"?\s*(javascript|vbscript|data):", html, re.I)
    assert "style=" not in html


def test_markdown_features_survive_sanitising():
    html = str(render("# Virsraksts\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                      "Term\n: definīcija\n\nTeksts[^1]\n\n[^1]: Piezīme\n\n"
                      "```\nkods\n```\n\n- [x] izdarīts\n"))
    for fragment in ("<h1 id=", "<table>", "<dl>", "<dd>definīcija</dd>", "footnote",
                     "<pre><code>kods", "\u2611</span> izdarīts"):
        assert fragment in html


def test_links_resolve_and_broken_links_are_flagged(make_document, editors):
    target = make_document(title="Sūdzību kārtība", type_key="procedure")
    source = make_document(effective=False,
                           body=f"Skat. [[{target.code}]] un [[KT-99]].\n")
    draft = source.latest_version
    assert services.broken_links(draft) == ["KT-99"]
    make_document.approve(draft, now=NOW)
    assert queries.backlinks(target) == [source]
    html = str(render(draft.body_md, lambda code: ("/documents/" + code, "t")
                      if code == target.code else None))
    assert f'href="/documents/{target.code}"' in html and "broken" in html


def test_search_ignores_diacritics_and_finds_word_beginnings(make_document, make_user):
    make_document(title="Aprūpe mājās", body="Aprūpētājs apmeklē klientu mājās.\n")
    make_document(title="Patversme", body="Naktspatversmes kārtība.\n")
    reader = make_user("staff")

    def found(query):
        page = queries.library_page(queries.LibraryFilter(query=query), user=reader, page=1,
                                    per_page=10)
        return [v.document.title for v in page.items]

    assert found("aprupe") == ["Aprūpe mājās"]
    assert found("APRŪPĒT") == ["Aprūpe mājās"]
    assert found("majas aprup") == ["Aprūpe mājās"]
    assert found("naktspatv") == ["Patversme"]
    assert found("kas-nav") == []
    assert found("\"') OR 1=1 --") == []


def test_superseded_and_draft_text_is_not_found_by_default(make_document, editors, make_user):
    document = make_document(title="Dienas centrs", body="Vecais teksts par ūdeni.\n")
    draft = services.start_new_version(document, actor=editors["author"], now=NOW)
    services.update_draft(draft, actor=editors["author"], now=NOW,
                          body_md="Jaunais teksts par zemi.\n", change_reason="", summary="")
    reader = make_user("staff")

    def count(query, **kw):
        return queries.library_page(queries.LibraryFilter(query=query, **kw), user=reader,
                                    page=1, per_page=10).total

    assert count("zemi") == 0 and count("udeni") == 1
    make_document.approve(draft, now=NOW)
    assert count("zemi") == 1 and count("udeni") == 0
    assert queries.library_page(queries.LibraryFilter(include_superseded=True), user=reader,
                                page=1, per_page=10).total == 2


def test_diff_marks_changed_words_only():
    old = "Ievads\n\nKlientu apkalpo 10 darba dienu laikā.\n\nBeigas"
    new = "Ievads\n\nKlientu apkalpo 5 darba dienu laikā.\n\nBeigas"
    blocks = diff.compare(old, new)
    changed = [b for b in blocks if b.kind == "changed"]
    assert len(changed) == 1
    assert ("-", "10") in changed[0].segments and ("+", "5") in changed[0].segments
    assert diff.compare("same\ntext", "same\ntext")[0].kind == "same"


def test_attachments_are_stored_by_hash_and_only_on_drafts(app, make_document, editors):
    document = make_document(effective=False)
    draft = document.latest_version
    attachment = services.add_attachment(draft, actor=editors["author"], now=NOW,
                                         filename="../../etc/passwd", data=b"%PDF-1.4 akts",
                                         content_type="application/pdf")
    assert "/" not in attachment.filename and ".." not in attachment.filename.split("_")[0]
    assert files.path_for(attachment.sha256).read_bytes() == b"%PDF-1.4 akts"
    assert str(files.path_for(attachment.sha256)).startswith(app.instance_path)
    with pytest.raises(DomainError):
        services.add_attachment(draft, actor=editors["author"], now=NOW, filename="x",
                                data=b"", content_type="")
    make_document.approve(draft, now=NOW)
    with pytest.raises(InvalidTransition):
        services.add_attachment(draft, actor=editors["author"], now=NOW, filename="y",
                                data=b"y", content_type="")
    with pytest.raises(ValueError):
        files.path_for("../../etc/passwd")
