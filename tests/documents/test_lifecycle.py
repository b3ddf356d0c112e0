"""The version lifecycle, four eyes, approvals bound to content, effective dates."""

import datetime as dt

import pytest
from sqlalchemy import select, text

from qms.core.audit_log import AuditEvent
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.documents import services
from qms.documents.models import (
    TRANSITIONS,
    Approval,
    DocumentVersion,
    VersionIsImmutable,
    VersionStatus,
)

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _submit(version, editors, **kwargs):
    return services.submit_for_review(version, actor=editors["author"], now=NOW,
                                      reviewer_ids=[editors["reviewer"].id],
                                      approver_id=editors["approver"].id, **kwargs)


def test_the_state_machine_allows_only_the_documented_steps():
    assert TRANSITIONS[VersionStatus.DRAFT] == {VersionStatus.IN_REVIEW, VersionStatus.WITHDRAWN}
    assert TRANSITIONS[VersionStatus.SUPERSEDED] == set()
    assert VersionStatus.EFFECTIVE not in TRANSITIONS[VersionStatus.DRAFT]


def test_draft_review_approve_effective(db, make_document, editors):
    document = make_document(effective=False)
    version = document.latest_version
    assert version.status == VersionStatus.DRAFT and version.number == "1.0"
    _submit(version, editors)
    assert version.status == VersionStatus.IN_REVIEW and len(version.content_sha256) == 64
    services.review_version(version, actor=editors["reviewer"], now=NOW, approve=True)
    services.approve_version(version, actor=editors["approver"], now=NOW, note="OK")
    assert version.status == VersionStatus.EFFECTIVE
    approval = version.approval
    assert approval.approver_id == editors["approver"].id
    assert approval.content_sha256 == version.content_sha256
    assert document.next_review_on == dt.date(2027, 3, 2)
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "document_version")).all()
    assert {"document_version.submit", "document_version.review", "document_version.approve",
            "document_version.effective"} <= set(actions)


def test_the_author_can_neither_review_nor_approve(make_document, editors):
    version = make_document(effective=False).latest_version
    with pytest.raises(DomainError):
        services.submit_for_review(version, actor=editors["author"], now=NOW,
                                   reviewer_ids=[editors["author"].id],
                                   approver_id=editors["approver"].id)
    with pytest.raises(DomainError):
        services.submit_for_review(version, actor=editors["author"], now=NOW,
                                   reviewer_ids=[editors["reviewer"].id],
                                   approver_id=editors["author"].id)
    _submit(version, editors)
    with pytest.raises(PermissionDenied):
        services.approve_version(version, actor=editors["author"], now=NOW)
    with pytest.raises(PermissionDenied):
        services.review_version(version, actor=editors["author"], now=NOW, approve=True)


def test_approval_waits_for_every_reviewer(make_document, editors, make_user):
    second = make_user("manager")
    version = make_document(effective=False).latest_version
    services.submit_for_review(version, actor=editors["author"], now=NOW,
                               reviewer_ids=[editors["reviewer"].id, second.id],
                               approver_id=editors["approver"].id)
    services.review_version(version, actor=editors["reviewer"], now=NOW, approve=True)
    with pytest.raises(InvalidTransition):
        services.approve_version(version, actor=editors["approver"], now=NOW)
    services.review_version(version, actor=second, now=NOW, approve=True)
    services.approve_version(version, actor=editors["approver"], now=NOW)
    assert version.status == VersionStatus.EFFECTIVE


def test_requesting_changes_returns_the_draft_and_old_reviews_stop_counting(
        make_document, editors):
    version = make_document(effective=False).latest_version
    _submit(version, editors)
    services.review_version(version, actor=editors["reviewer"], now=NOW, approve=True)
    services.request_changes_as_approver(version, actor=editors["approver"], now=NOW,
                                         comment="Papildiniet 3. sadaļu.")
    assert version.status == VersionStatus.DRAFT
    services.update_draft(version, actor=editors["author"], now=NOW,
                          body_md=version.body_md + "\nPapildinājums.\n", change_reason="",
                          summary="")
    _submit(version, editors)
    assert not services.reviews_complete(version)  # the earlier approval was for other text
    with pytest.raises(InvalidTransition):
        services.approve_version(version, actor=editors["approver"], now=NOW)
    with pytest.raises(DomainError):  # a change request needs a reason
        services.review_version(version, actor=editors["reviewer"], now=NOW, approve=False)
    services.review_version(version, actor=editors["reviewer"], now=NOW, approve=False,
                            comment="Precizējiet termiņus.")
    assert version.status == VersionStatus.DRAFT
    assert version.comments[-1].requests_changes


def test_a_submitted_version_cannot_be_edited(db, make_document, editors):
    version = make_document(effective=False).latest_version
    _submit(version, editors)
    with pytest.raises(InvalidTransition):
        services.update_draft(version, actor=editors["author"], now=NOW, body_md="x",
                              change_reason="", summary="")
    version.body_md = "changed behind the services' back"
    with pytest.raises(VersionIsImmutable):
        db.session.flush()
    db.session.rollback()


def test_an_approval_is_invalid_when_the_content_changes_later(db, make_document):
    document = make_document()
    version = document.effective_version
    assert version.approval_is_valid
    db.session.execute(text("UPDATE document_version SET body_md = 'forged' WHERE id = :id"),
                       {"id": version.id})
    db.session.commit()
    db.session.expire_all()
    version = db.session.get(DocumentVersion, version.id)
    assert not version.approval_is_valid
    approval = db.session.scalars(select(Approval)).one()
    approval.note = "edited"
    with pytest.raises(VersionIsImmutable):
        db.session.flush()
    db.session.rollback()


def test_a_future_effective_date_waits_for_the_scheduler(make_document, editors):
    document = make_document(effective=False)
    version = document.latest_version
    _submit(version, editors, effective_on=dt.date(2026, 4, 1))
    services.review_version(version, actor=editors["reviewer"], now=NOW, approve=True)
    services.approve_version(version, actor=editors["approver"], now=NOW)
    assert version.status == VersionStatus.APPROVED
    assert services.activate_due_versions(now=NOW + dt.timedelta(days=10)) == 0
    assert services.activate_due_versions(now=dt.datetime(2026, 3, 31, 22, 30,
                                                          tzinfo=dt.UTC)) == 1  # 1 April Riga
    assert version.status == VersionStatus.EFFECTIVE
    assert services.activate_due_versions(now=dt.datetime(2026, 4, 2, tzinfo=dt.UTC)) == 0


def test_past_effective_dates_are_refused(make_document, editors):
    version = make_document(effective=False).latest_version
    with pytest.raises(DomainError) as caught:
        _submit(version, editors, effective_on=dt.date(2026, 3, 1))
    assert caught.value.field == "effective_on"


def test_a_new_version_supersedes_the_old_one(make_document, editors):
    document = make_document()
    first = document.effective_version
    draft = services.start_new_version(document, actor=editors["author"], now=NOW)
    assert draft.number == "2.0" and draft.body_md == first.body_md
    with pytest.raises(InvalidTransition):  # at most one open version
        services.start_new_version(document, actor=editors["author"], now=NOW)
    make_document.approve(draft, now=NOW)
    assert first.status == VersionStatus.SUPERSEDED and first.superseded_by is draft
    assert [v for v in document.versions if v.status == VersionStatus.EFFECTIVE] == [draft]
    editorial = services.start_new_version(document, actor=editors["author"], now=NOW,
                                           change_kind="editorial")
    assert editorial.number == "2.1"


def test_withdrawing_the_effective_version_withdraws_the_document(make_document, editors,
                                                                  make_user):
    document = make_document()
    version = document.effective_version
    with pytest.raises(PermissionDenied):
        services.withdraw(version, actor=editors["approver"], now=NOW, reason="x")
    qm = make_user("quality_manager")
    with pytest.raises(DomainError):
        services.withdraw(version, actor=qm, now=NOW, reason=" ")
    services.withdraw(version, actor=qm, now=NOW, reason="Aizstāts ar jaunu kārtību")
    assert version.status == VersionStatus.WITHDRAWN and document.is_withdrawn
    with pytest.raises(InvalidTransition):
        services.start_new_version(document, actor=editors["author"], now=NOW)


def test_only_owners_and_the_quality_manager_edit(make_document, make_user, make_position,
                                                  editors):
    position = make_position(title="Biroja vadītājs")
    owner = make_user("manager", position_id=position.id)
    other_manager = make_user("manager")
    document = make_document(owner_position_id=position.id)
    assert services.can_edit(owner, document)
    assert services.can_edit(editors["author"], document)  # quality manager
    assert not services.can_edit(other_manager, document)
    assert not services.can_edit(make_user("staff", position_id=position.id), document)
    with pytest.raises(PermissionDenied):
        services.start_new_version(document, actor=other_manager, now=NOW)


def test_codes_are_numbered_per_type(make_document, document_types):
    first = make_document(effective=False)
    second = make_document(effective=False, title="Otrais")
    policy = make_document(effective=False, type_key="policy", title="Politika")
    assert (first.code, second.code, policy.code) == ("PA-01", "PA-02", "KP-01")
    with pytest.raises(DomainError):
        make_document(effective=False, code="PA-01")
    with pytest.raises(DomainError):
        make_document(effective=False, code="not a code")
