"""Latvian and English are both complete: every message has a Latvian translation."""

from pathlib import Path

from babel.messages.pofile import read_po

import qms

TRANSLATIONS = Path(qms.__file__).parent / "translations"


def _catalog(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def test_every_message_has_a_latvian_translation():
    catalog = _catalog("lv")
    missing = [m.id for m in catalog if m.id and (
        not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []


def test_the_latvian_catalogue_covers_every_extracted_message():
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        template = read_po(handle)
    catalog = _catalog("lv")
    assert {m.id for m in template if m.id} <= {m.id for m in catalog if m.id}


def test_latvian_placeholders_match_the_english_ones():
    catalog = _catalog("lv")
    problems = [(m.id, error) for m in catalog if m.id for error in m.check(catalog)]
    assert problems == []


def test_latvian_has_three_plural_forms():
    assert _catalog("lv").num_plurals == 3


def test_no_latvian_message_adds_a_bare_percent_sign():
    """Templates format every message with ``%``: a lone ``%`` in a translation is a 500."""
    import re

    bare = re.compile(r"%(?!\(\w+\)[sdfr]|%|[sd])")
    added = []
    for message in _catalog("lv"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if any(bare.search(s or "") for s in strings) and not any(bare.search(i) for i in ids):
            added.append(ids[0])
    assert added == []
