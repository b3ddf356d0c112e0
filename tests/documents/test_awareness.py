"""Read-and-understood tied to a version; periodic review; restricted documents."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from qms.core.errors import DomainError, InvalidTransition
from qms.documents import queries, services
from qms.documents.models import Acknowledgement, PeriodicReview, VersionStatus

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def org(make_unit, make_position, make_user):
    root = make_unit(code="SD", kind="institution")
    aab = make_unit(code="AAB", parent_id=root.id)
    team = make_unit(code="AAB1", parent_id=aab.id)
    carer = make_position(title="Aprūpētājs", unit_id=aab.id)
    return {
        "root": root, "aab": aab, "carer": carer,
        "in_aab": make_user("staff", unit_id=aab.id),
        "in_team": make_user("staff", unit_id=team.id),
        "elsewhere": make_user("staff", unit_id=root.id),
        "carer_elsewhere": make_user("staff", unit_id=root.id, position_id=carer.id),
        "inactive": make_user("staff", unit_id=aab.id, is_active_account=False),
    }


def _acks(db, version):
    return set(db.session.scalars(select(Acknowledgement.user_id).where(
        Acknowledgement.version_id == version.id)))


def test_distribution_by_unit_includes_sub_units_and_positions(db, make_document, org):
    document = make_document(distribute_to_everyone=False,
                             distribution_unit_ids=[org["aab"].id],
                             distribution_position_ids=[org["carer"].id])
    assert _acks(db, document.effective_version) == {
        org["in_aab"].id, org["in_team"].id, org["carer_elsewhere"].id}


def test_substantive_versions_ask_again_editorial_ones_do_not(db, make_document, editors, org):
    document = make_document(distribute_to_everyone=False, distribution_unit_ids=[org["aab"].id])
    first = document.effective_version
    services.acknowledge(first, actor=org["in_aab"], now=NOW)
    editorial = services.start_new_version(document, actor=editors["author"], now=NOW,
                                           change_kind="editorial")
    make_document.approve(editorial, now=NOW)
    assert _acks(db, editorial) == set()
    substantive = services.start_new_version(document, actor=editors["author"], now=NOW)
    make_document.approve(substantive, now=NOW)
    assert _acks(db, substantive) == {org["in_aab"].id, org["in_team"].id}
    pending = services.pending_acknowledgement(substantive, org["in_aab"])
    assert pending is not None and pending.due_on == dt.date(2026, 3, 16)


def test_acknowledging_is_recorded_once_and_only_for_the_version_in_effect(
        db, make_document, editors, org):
    document = make_document(distribute_to_everyone=False, distribution_unit_ids=[org["aab"].id])
    version = document.effective_version
    services.acknowledge(version, actor=org["in_aab"], now=NOW)
    again = services.acknowledge(version, actor=org["in_aab"], now=NOW + dt.timedelta(days=1))
    assert again.acknowledged_at == NOW
    done, total = queries.acknowledgement_totals(version)
    assert (done, total) == (1, 2)
    matrix = queries.acknowledgement_matrix(version)
    assert sum(row.done for row in matrix) == 1
    draft = services.start_new_version(document, actor=editors["author"], now=NOW)
    with pytest.raises(InvalidTransition):
        services.acknowledge(draft, actor=org["in_aab"], now=NOW)


def test_my_work_lists_reviews_approvals_and_reading(make_document, editors, org):
    document = make_document(distribute_to_everyone=False, distribution_unit_ids=[org["aab"].id])
    tasks = queries.my_document_tasks(org["in_aab"], today=dt.date(2026, 3, 2))
    assert [a.version for a in tasks["read"]] == [document.effective_version]
    draft = services.start_new_version(document, actor=editors["author"], now=NOW)
    services.submit_for_review(draft, actor=editors["author"], now=NOW,
                               reviewer_ids=[editors["reviewer"].id],
                               approver_id=editors["approver"].id)
    assert queries.my_document_tasks(editors["reviewer"], today=NOW.date())["review"] == [draft]
    assert queries.my_document_tasks(editors["approver"], today=NOW.date())["approve"] == [draft]


def test_periodic_review_without_change_moves_the_date(db, make_document, editors):
    document = make_document()
    assert document.next_review_on == dt.date(2027, 3, 2)
    later = dt.datetime(2027, 2, 20, 10, 0, tzinfo=dt.UTC)
    due = queries.reviews_due_page(today=later.date(), within_days=30, page=1, per_page=10)
    assert due.items == [document]
    assert services.record_periodic_review(document, actor=editors["author"], now=later,
                                           outcome="no_change", note="Aktuāls") is None
    assert document.next_review_on == dt.date(2028, 2, 20)
    assert len(document.versions) == 1
    assert db.session.scalar(select(func.count(PeriodicReview.id))) == 1


def test_periodic_review_needing_change_opens_a_draft(make_document, editors):
    document = make_document()
    draft = services.record_periodic_review(document, actor=editors["author"], now=NOW,
                                            outcome="needs_change", note="Jauni MK noteikumi")
    assert draft.status == VersionStatus.DRAFT and draft.change_reason == "Jauni MK noteikumi"
    with pytest.raises(DomainError):
        services.record_periodic_review(document, actor=editors["author"], now=NOW,
                                        outcome="maybe")


def test_restricted_documents_are_hidden_from_others(make_document, make_user, org):
    document = make_document(confidentiality="restricted", distribute_to_everyone=False,
                             distribution_unit_ids=[org["aab"].id])
    assert services.can_read(org["in_aab"], document)
    assert not services.can_read(org["elsewhere"], document)
    assert services.can_read(make_user("quality_manager"), document)
    visible = queries.library_page(queries.LibraryFilter(), user=org["elsewhere"], page=1,
                                   per_page=10)
    assert visible.items == []


def test_a_newcomer_is_asked_to_read_the_documents_in_effect(db, make_document, org,
                                                            make_user):
    document = make_document(distribute_to_everyone=False, distribution_unit_ids=[org["aab"].id])
    newcomer = make_user("staff", unit_id=org["aab"].id)
    outsider = make_user("staff", unit_id=org["root"].id)
    version = document.effective_version
    assert services.pending_acknowledgement(version, newcomer) is not None
    assert services.pending_acknowledgement(version, outsider) is None
