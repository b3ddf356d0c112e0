"""The one Markdown pipeline: Python-Markdown (tables, footnotes, table of contents, fenced
code, definition lists, ``[[CODE]]`` document links) -> nh3 allow-list sanitiser -> Markup.

Never mark user content ``|safe``; render it with the ``markdown`` filter or ``render()``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import lru_cache

import markdown as md
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markupsafe import Markup

LINK_PATTERN = r"\[\[([A-ZĀČĒĢĪĶĻŅŠŪŽ]{1,6}-\d{1,4})\]\]"
LINK_RE = re.compile(LINK_PATTERN)

# A resolver turns a code into (url, title) or None when nothing effective has that code.
Resolver = Callable[[str], tuple[str, str] | None]

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "class"},
    "abbr": {"title"},
    "div": {"class", "id"},
    "span": {"class", "title"},
    "li": {"id", "class"},
    "sup": {"id"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def linked_codes(text: str) -> list[str]:
    """The document codes referenced as ``[[CODE]]``, in order, without repeats."""
    return list(dict.fromkeys(LINK_RE.findall(text or "")))


class _DocumentLinkProcessor(InlineProcessor):
    def __init__(self, pattern, resolver: Resolver | None):
        super().__init__(pattern)
        self.resolver = resolver

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API)
        code = m.group(1)
        target = self.resolver(code) if self.resolver else None
        if target is None:
            element = etree.Element("span")
            element.set("class", "doc-link broken")
            element.set("title", "?")
            element.text = code
        else:
            url, title = target
            element = etree.Element("a")
            element.set("href", url)
            element.set("class", "doc-link")
            element.set("title", title)
            element.text = code
        return element, m.start(0), m.end(0)


class _DocumentLinks(Extension):
    def __init__(self, resolver: Resolver | None = None, **kwargs):
        self.resolver = resolver
        super().__init__(**kwargs)

    def extendMarkdown(self, markdown_instance):  # noqa: N802 (Markdown's API)
        markdown_instance.inlinePatterns.register(
            _DocumentLinkProcessor(LINK_PATTERN, self.resolver), "qms_doc_link", 175)


_TASK_RE = re.compile(r"<li>\[( |x|X)\] ")


def _task_lists(html: str) -> str:
    """``- [ ]`` / ``- [x]`` as ballot-box characters: read aloud as "ballot box (with check)"
    in any language, with nothing to operate (a disabled checkbox has no accessible name)."""
    return _TASK_RE.sub(
        lambda m: '<li class="task"><span class="task-mark">'
        + ("\u2611" if m.group(1) != " " else "\u2610") + "</span> ", html)


def render_html(text: str, resolver: Resolver | None = None) -> str:
    converter = md.Markdown(
        extensions=["tables", "footnotes", "toc", "fenced_code", "def_list", "sane_lists",
                    "abbr", _DocumentLinks(resolver)],
        extension_configs={"toc": {"permalink": False, "toc_depth": "2-4"}},
        output_format="html",
    )
    html = _task_lists(converter.convert(text or ""))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render(text: str, resolver: Resolver | None = None) -> Markup:
    """Sanitised HTML for any Markdown; links resolved now (use for drafts and previews)."""
    return Markup(render_html(text, resolver))  # noqa: S704 (sanitised by nh3 just above)


@lru_cache(maxsize=256)
def _cached(key: str, link_base: str, text: str) -> str:
    return render_html(text, lambda code: (f"{link_base}{code}", code))


def render_cached(key: str, text: str, *, link_base: str) -> Markup:
    """For immutable content, rendered once per process. ``key`` identifies the text (e.g.
    its SHA-256); ``[[CODE]]`` links point at ``link_base + CODE``, which always shows the
    current effective version."""
    return Markup(_cached(key, link_base, text))  # noqa: S704 (sanitised by nh3)
