"""Library search at scale: code and title matches first, counts that stop at a cap,
filters applied inside the ranking, every hit reachable page after page."""

import datetime as dt

import pytest

from qms.core import pagination, search
from qms.documents import queries, services
from qms.documents.models import VersionStatus
from qms.extensions import db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _page(user, query, *, page=1, per_page=10, **filters):
    return queries.library_page(queries.LibraryFilter(query=query, **filters), user=user,
                                page=page, per_page=per_page)


def _titles(page):
    return [version.document.title for version in page.items]


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 4 hits, a count that stops past 5 and one page counted ahead, so that a
    dozen documents behave like 20 000."""
    monkeypatch.setattr(search, "RANK_BLOCK", 4)
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    monkeypatch.setattr(pagination, "PAGES_AHEAD", 1)


def test_code_and_title_matches_come_before_body_mentions(make_document, make_user):
    make_document(title="Darba plāns", body="Klientu klientu klientu klientu klientu.\n")
    make_document(title="Klientu apkalpošana", body="Kārtība.\n")
    mentioned = make_document(title="Cits", body="Reizi minēti klientu jautājumi un darbs.\n")
    reader = make_user("staff")

    assert _titles(_page(reader, "klientu")) == ["Klientu apkalpošana", "Darba plāns", "Cits"]
    assert _titles(_page(reader, mentioned.code)) == ["Cits"]  # the code is in the head


def test_title_matches_rank_shorter_titles_first(make_document, make_user):
    make_document(title="Klientu datu aizsardzības un apkalpošanas kārtība", body="Teksts.\n")
    make_document(title="Klientu apkalpošana", body="Teksts.\n")
    make_document(title="Klientu apkalpošanas standarts", body="Teksts.\n")

    assert _titles(_page(make_user("staff"), "klientu apkalp")) == [
        "Klientu apkalpošana", "Klientu apkalpošanas standarts",
        "Klientu datu aizsardzības un apkalpošanas kārtība"]


def test_a_document_code_typed_in_full_comes_first(make_document, make_user):
    make_document(title="Īsa", body="Teksts.\n", type_key="procedure", code="KT-120")
    make_document(title="Sūdzību izskatīšanas kārtība", body="Teksts.\n",
                  type_key="procedure", code="KT-12")
    reader = make_user("staff")

    assert _titles(_page(reader, "kt-12")) == ["Sūdzību izskatīšanas kārtība", "Īsa"]
    assert _titles(_page(reader, "KT-12")) == ["Sūdzību izskatīšanas kārtība", "Īsa"]
    assert _titles(_page(reader, "kt 12")) == ["Īsa", "Sūdzību izskatīšanas kārtība"]


def test_count_stops_at_the_cap_and_every_hit_stays_reachable(make_document, make_user,
                                                              small_blocks):
    for n in range(4):
        make_document(title=f"Aprūpes plāns {n}", body="Teksts.\n")
    for n in range(8):
        make_document(title=f"Dokuments {n}", body=f"Mājas aprūpe, {n}. gadījums.\n")
    reader = make_user("staff")

    first = _page(reader, "aprup", per_page=2)
    assert first.capped and first.total == 5 and first.has_next
    titles, page = [], first
    while True:
        titles += _titles(page)
        if not page.has_next:
            break
        page = _page(reader, "aprup", page=page.page + 1, per_page=2)
    assert sorted(titles) == sorted([f"Aprūpes plāns {n}" for n in range(4)]
                                    + [f"Dokuments {n}" for n in range(8)])
    assert all(title.startswith("Aprūpes plāns") for title in titles[:4])
    assert not page.capped and page.total == 12  # the last page counted them all

    few = _page(reader, "aprupes plans", per_page=2)
    assert not few.capped and few.total == 4 and few.pages == 2


def test_a_page_past_the_last_hit_is_empty_but_counted(make_document, make_user):
    make_document(title="Aprūpe", body="Teksts.\n")
    page = _page(make_user("staff"), "aprupe", page=3)
    assert page.items == [] and page.total == 1 and not page.capped


def test_restricted_documents_are_neither_listed_nor_counted(make_document, make_user,
                                                             editors, small_blocks):
    for n in range(3):
        make_document(title=f"Slepena aprūpe {n}", body="Teksts.\n",
                      confidentiality="restricted", distribute_to_everyone=False)
    make_document(title="Atklāta aprūpe", body="Teksts.\n")
    reader = make_user("staff")

    page = _page(reader, "aprupe")
    assert _titles(page) == ["Atklāta aprūpe"] and page.total == 1 and not page.capped
    assert _page(editors["author"], "aprupe").total == 4  # the quality manager sees them


def test_the_library_filters_apply_before_ranking_and_counting(make_document, make_user,
                                                               small_blocks):
    for n in range(6):
        make_document(title=f"Aprūpes process {n}", body="Teksts.\n", type_key="process")
    procedure = make_document(title="Aprūpes procedūra", body="Teksts.\n",
                              type_key="procedure")
    reader = make_user("staff")

    page = _page(reader, "aprupe", type_id=procedure.type_id)
    assert _titles(page) == ["Aprūpes procedūra"] and page.total == 1 and not page.capped
    assert _page(reader, "aprupe", per_page=2).capped


def test_superseded_versions_of_matching_documents_are_listed(make_document, editors,
                                                              make_user):
    document = make_document(title="Sūdzības", body="Sūdzību kārtība.\n")
    draft = services.start_new_version(document, actor=editors["author"], now=NOW)
    services.update_draft(draft, actor=editors["author"], now=NOW,
                          body_md="Sūdzību kārtība, otrā redakcija.\n", change_reason="",
                          summary="")
    make_document.approve(draft, now=NOW)
    reader = make_user("staff")

    page = _page(reader, "sudzibu", include_superseded=True)
    assert [(version.document_id, version.status) for version in page.items] == [
        (document.id, VersionStatus.EFFECTIVE), (document.id, VersionStatus.SUPERSEDED)]
    assert page.total == 2
    assert _page(reader, "sudzibu").total == 1


def test_republishing_makes_the_entry_the_newest(make_document, editors):
    older = make_document(title="Aprūpe A", body="Teksts.\n")
    make_document(title="Aprūpe B", body="Teksts.\n")
    draft = services.start_new_version(older, actor=editors["author"], now=NOW)
    services.update_draft(draft, actor=editors["author"], now=NOW, body_md="Jauns teksts.\n",
                          change_reason="", summary="")
    make_document.approve(draft, now=NOW)

    newest = db.session.scalar(db.select(search.SearchEntry.entity_id)
                               .order_by(search.SearchEntry.id.desc()).limit(1))
    assert newest == older.id
    assert db.session.scalar(db.select(db.func.count()).select_from(search.SearchEntry)
                             .where(search.SearchEntry.entity_id == older.id)) == 1


def test_postgresql_reads_sparse_and_dense_hits_alike(make_document, make_user, monkeypatch,
                                                      small_blocks):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite reads every query one way")
    for n in range(3):
        make_document(title=f"Aprūpes plāns {n}", body="Teksts.\n")
    for n in range(6):
        make_document(title=f"Dokuments {n}", body=f"Mājas aprūpe, {n}. gadījums.\n")
    reader = make_user("staff")

    def everything():
        return [_titles(_page(reader, "aprup", page=n, per_page=2)) for n in range(1, 6)]

    monkeypatch.setattr(search, "DENSE_HITS", 0.0)  # entry by entry
    dense = everything()
    monkeypatch.setattr(search, "DENSE_HITS", 2.0)  # from the GIN index
    assert everything() == dense
    assert set(sum(dense, [])[:3]) == {f"Aprūpes plāns {n}" for n in range(3)}
    assert len(set(sum(dense, []))) == 9


def _to_legacy_layout(connection):
    """The index objects as they were before the head: one FTS5 column; no head tsvector."""
    if connection.dialect.name == "sqlite":
        connection.execute(db.text(f"DROP TABLE {search.SQLITE_FTS_TABLE}"))
        connection.execute(db.text(
            f"CREATE VIRTUAL TABLE {search.SQLITE_FTS_TABLE} USING fts5(folded, "
            "tokenize = 'unicode61 remove_diacritics 2')"))
        connection.execute(db.text(f"INSERT INTO {search.SQLITE_FTS_TABLE} (rowid, folded) "
                                   "SELECT id, folded FROM search_entry"))
    else:
        connection.execute(db.text(
            f"DROP FUNCTION {search.POSTGRES_HITS_FUNCTION}(tsquery, varchar)"))
        connection.execute(db.text(
            f"ALTER TABLE search_entry DROP COLUMN {search.POSTGRES_HEAD_COLUMN}"))


def test_an_index_built_before_the_head_is_searched_then_rebuilt(make_document, make_user,
                                                                  monkeypatch):
    make_document(title="Darba plāns", body="Klientu klientu klientu klientu.\n")
    make_document(title="Klientu apkalpošana", body="Kārtība.\n", type_key="procedure",
                  code="KT-12")
    reader = make_user("staff")
    db.session.commit()
    with db.engine.begin() as connection:
        _to_legacy_layout(connection)
    monkeypatch.setattr(search, "_LEGACY", {})

    assert sorted(_titles(_page(reader, "klientu"))) == ["Darba plāns", "Klientu apkalpošana"]

    db.session.rollback()  # the migration runs alone
    with db.engine.begin() as connection:
        search.rebuild_index_objects(connection)
    monkeypatch.setattr(search, "_LEGACY", {})
    assert _titles(_page(reader, "klientu")) == ["Klientu apkalpošana", "Darba plāns"]
    assert _titles(_page(reader, "KT-12")) == ["Klientu apkalpošana"]
    assert db.session.scalar(db.select(search.SearchEntry.folded)
                             .where(search.SearchEntry.title.like("KT-12 %"))
                             ).startswith("kt 12 klientu apkalposana\n")
