"""Counts that stop early (qms.core.pagination) and the registers that use them."""

import datetime as dt

import pytest
from flask import render_template_string
from sqlalchemy import insert, select

from qms.core import pagination
from qms.core.audit_log import AuditEvent
from qms.core.pagination import paginate

START = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
MACRO = ("{% from '_macros/lists.html' import pagination %}"
         "{{ pagination(page, 'history.index') }}")


def _events(db, count: int, *, entity_type: str = "thing") -> None:
    db.session.execute(insert(AuditEvent), [
        {"at": START + dt.timedelta(minutes=n), "actor_name": "Test", "action": "thing.update",
         "entity_type": entity_type, "entity_id": n, "entity_label": f"thing {n}",
         "changes": {}, "note": ""} for n in range(count)])
    db.session.commit()


def _things():
    return (select(AuditEvent).where(AuditEvent.entity_type == "thing")
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))


def _ids(page) -> list[int]:
    return [event.entity_id for event in page.items]


def test_a_count_under_the_cap_is_exact(db):
    _events(db, 12)
    first = paginate(_things(), page=1, per_page=5, count_cap=100)
    assert (first.total, first.capped, first.pages, first.has_next) == (12, False, 3, True)
    assert _ids(first) == [11, 10, 9, 8, 7]
    last = paginate(_things(), page=3, per_page=5, count_cap=100)
    assert (_ids(last), last.has_next, last.first, last.last) == ([1, 0], False, 11, 12)


def test_the_count_stops_after_the_cap_and_says_so(db):
    _events(db, 40)
    page = paginate(_things(), page=1, per_page=2, count_cap=10)
    # At least the cap, and enough for the requested page and five more (12 rows); the 13th
    # row, known to exist, is on page 7.
    assert (page.total, page.capped, page.pages, page.has_next) == (12, True, 7, True)
    assert list(page.iter_pages()) == [1, 2, 3, 4, 5, 6, 7]
    assert _ids(page) == [39, 38]
    assert page.next().capped and page.next().total == 12


def test_a_count_that_meets_the_limit_exactly_is_not_capped(db):
    _events(db, 12)
    page = paginate(_things(), page=1, per_page=2, count_cap=10)
    assert (page.total, page.capped, page.pages) == (12, False, 6)


def test_pages_past_the_cap_keep_going_until_the_last_row(db):
    _events(db, 40)
    beyond = paginate(_things(), page=10, per_page=2, count_cap=10)
    assert (beyond.total, beyond.capped, beyond.has_next) == (30, True, True)
    assert _ids(beyond) == [21, 20]
    last = paginate(_things(), page=20, per_page=2, count_cap=10)
    assert (last.total, last.capped, last.has_next, _ids(last)) == (40, False, False, [1, 0])
    assert paginate(_things(), page=21, per_page=2, count_cap=10).items == []


def test_the_default_cap_is_a_thousand(db):
    _events(db, 1002)
    page = paginate(_things(), page=1, per_page=25)
    assert (page.total, page.capped, page.pages) == (1000, True, 41)


def test_the_pagination_macro_says_more_than_when_capped(app, db):
    _events(db, 1001)
    with app.test_request_context("/history/"):
        html = render_template_string(MACRO, page=paginate(_things(), page=1, per_page=25))
    assert "1–25 of more than 1,000" in html
    assert 'rel="next"' in html and ">41<" in html


def test_the_pagination_macro_still_reads_plain_pagination(app, db):
    _events(db, 12)
    with app.test_request_context("/history/"):
        capped = render_template_string(MACRO, page=paginate(_things(), page=1, per_page=5))
        plain = render_template_string(MACRO, page=db.paginate(_things(), page=1, per_page=5))
    assert "1–5 of 12" in capped and "1–5 of 12" in plain
    assert "more than" not in capped + plain


def test_the_audit_trail_shows_more_than_a_thousand(client, login, make_user, db):
    login(make_user("quality_manager"))
    _events(db, 1001)
    assert "of more than 1,000" in client.get("/history/").get_data(as_text=True)
    # Page 20 (50 a page) counts up to 1 250 rows: the whole trail, exactly.
    later = client.get("/history/?page=20").get_data(as_text=True)
    assert "951–1000 of" in later and "more than" not in later and 'rel="next"' in later


@pytest.fixture
def tiny_pages(app, monkeypatch):
    """Pages of one row whose count stops after one row: a few records show the capped text."""
    monkeypatch.setattr(pagination, "COUNT_CAP", 1)
    monkeypatch.setattr(pagination, "PAGES_AHEAD", 0)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)


def test_the_library_says_more_than(client, login, make_user, make_document, tiny_pages):
    for title in ("Mājas aprūpe", "Dienas centrs", "Sociālā rehabilitācija"):
        make_document(title=title)
    login(make_user("staff"))
    first = client.get("/documents/").get_data(as_text=True)
    assert "More than 1 document" in first and 'rel="next"' in first
    last = client.get("/documents/?page=3").get_data(as_text=True)
    assert "3 documents" in last and "More than" not in last


def test_the_nonconformity_register_says_more_than(client, login, make_user, tiny_pages):
    from qms.nonconformities import services

    manager = make_user("quality_manager")
    for n in range(3):
        services.report(actor=manager, now=START, title=f"Neatbilstība {n}",
                        description="Aprūpes plāns nav pārskatīts.")
    login(manager)
    first = client.get("/nonconformities/").get_data(as_text=True)
    assert "1–1 of more than 1" in first and 'rel="next"' in first
    assert "3–3 of 3" in client.get("/nonconformities/?page=3").get_data(as_text=True)


# --- the library's order: type sort order, then code, read a type group at a time ---------

@pytest.fixture
def shelved(db, document_types, make_document):
    """Seven effective documents: two of a type sorted first, five of two types that share a
    sort order (their codes interleave)."""
    first, tied_a, tied_b = (document_types[k] for k in ("process", "procedure", "form"))
    first.sort_order, tied_a.sort_order, tied_b.sort_order = 1, 55, 55
    db.session.commit()
    for code, doc_type in [("AA-2", tied_a), ("ZZ-2", first), ("AA-5", tied_b),
                           ("AA-1", tied_b), ("AA-4", tied_a), ("ZZ-1", first),
                           ("AA-3", tied_b)]:
        make_document(code=code, title=f"Dokuments {code}", type_key=doc_type.key)
    return ["ZZ-1", "ZZ-2", "AA-1", "AA-2", "AA-3", "AA-4", "AA-5"]


def _library(reader, **kw):
    from qms.documents import queries

    def codes(number):
        page = queries.library_page(queries.LibraryFilter(**kw), user=reader, page=number,
                                    per_page=2)
        return page, [version.document.code for version in page.items]

    return codes


def test_the_library_reads_types_in_sort_order_and_codes_across_tied_types(
        shelved, make_user):
    codes = _library(make_user("staff"))
    pages = [codes(number) for number in (1, 2, 3, 4, 5)]
    assert [c for _, c in pages] == [shelved[0:2], shelved[2:4], shelved[4:6], shelved[6:], []]
    assert [(p.total, p.capped) for p, _ in pages[:4]] == [(7, False)] * 4


def test_the_library_with_superseded_versions_keeps_the_same_order(shelved, make_user):
    codes = _library(make_user("staff"), include_superseded=True)
    assert [c for number in (1, 2, 3, 4) for c in codes(number)[1]] == shelved


def test_a_library_filter_keeps_the_order(shelved, make_user, document_types):
    codes = _library(make_user("staff"), type_id=document_types["form"].id)
    assert codes(1)[1] == ["AA-1", "AA-3"] and codes(2)[1] == ["AA-5"]


def test_the_register_lists_its_years_newest_first(app, make_user):
    from qms.nonconformities import queries, services

    assert queries.years() == []
    manager = make_user("quality_manager")
    for day in (dt.date(2024, 5, 1), dt.date(2026, 1, 2), dt.date(2024, 6, 1)):
        services.report(actor=manager, now=START, title="Neatbilstība", reported_on=day,
                        description="Aprūpes plāns nav pārskatīts.")
    assert queries.years() == [2026, 2024]


def test_superseded_versions_follow_their_document_in_version_order(
        shelved, make_user, make_document, editors, db):
    from qms.documents import services
    from qms.documents.models import Document

    document = db.session.scalar(select(Document).where(Document.code == "AA-2"))
    for n in (2, 3):
        draft = services.start_new_version(document, actor=editors["author"], now=START)
        services.update_draft(draft, actor=editors["author"], now=START, change_reason="",
                              body_md=f"Redakcija {n}.\n", summary="")
        make_document.approve(draft, now=START)
    codes = _library(make_user("staff"), include_superseded=True)
    pages = [codes(number)[0] for number in (1, 2, 3, 4, 5)]
    listed = [(v.document.code, v.number, v.status) for page in pages for v in page.items]
    assert [c for c, _, _ in listed] == shelved[:3] + ["AA-2"] * 3 + shelved[4:]
    assert [(n, s) for c, n, s in listed if c == "AA-2"] == [
        ("1.0", "superseded"), ("2.0", "superseded"), ("3.0", "effective")]
    # Without superseded versions a document is listed once, by its version in effect.
    effective = _library(make_user("staff"))
    assert [(v.document.code, v.number) for v in effective(2)[0].items] == [
        ("AA-1", "1.0"), ("AA-2", "3.0")]
