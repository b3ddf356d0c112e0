"""Client feedback: numbering, the answer deadline, and raising a nonconformity from it."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.nonconformities import services
from qms.nonconformities.models import Feedback, NcStatus, Nonconformity, Source
from tests.nonconformities.conftest import NOW, TODAY


def _register(actor, *, now=NOW, **values):
    values.setdefault("kind", "complaint")
    values.setdefault("channel", "letter")
    values.setdefault("received_on", TODAY)
    values.setdefault("summary", "Aprūpētāja ieradās ar 2 stundu nokavēšanos.")
    return services.register_feedback(actor=actor, now=now, **values)


def test_feedback_numbers_run_per_year_of_receipt(people):
    manager = people.verifier
    assert _register(manager).number == "SK-2026-001"
    assert _register(manager, kind="suggestion").number == "SK-2026-002"
    january = dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC)
    assert _register(manager, now=january, received_on=dt.date(2027, 1, 8)).number \
        == "SK-2027-001"
    late = _register(manager, now=january, received_on=dt.date(2026, 12, 29))
    assert (late.number, late.year) == ("SK-2026-003", 2026)


def test_a_complaint_must_be_answered_within_30_days(people):
    complaint = _register(people.verifier, received_on=dt.date(2026, 2, 20))
    assert complaint.response_due_on == dt.date(2026, 3, 22)
    assert _register(people.verifier, kind="suggestion").response_due_on is None
    assert _register(people.verifier, kind="compliment").response_due_on is None
    agreed = _register(people.verifier, response_due_on=dt.date(2026, 3, 10))
    assert agreed.response_due_on == dt.date(2026, 3, 10)


def test_feedback_cannot_be_received_in_the_future(db, people):
    with pytest.raises(DomainError) as error:
        _register(people.verifier, received_on=TODAY + dt.timedelta(days=1))
    assert error.value.field == "received_on"
    # 23:30 UTC on 2 March is already 3 March in Riga.
    evening = dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC)
    assert _register(people.verifier, now=evening, received_on=dt.date(2026, 3, 3))
    assert db.session.scalar(select(func.count(Feedback.id))) == 1


def test_only_feedback_managers_register_and_answer(people):
    with pytest.raises(PermissionDenied):
        _register(people.owner)  # staff
    item = _register(people.qm)
    with pytest.raises(PermissionDenied):
        services.answer_feedback(item, actor=people.owner, now=NOW, answer="Atvainojamies.")


def test_feedback_needs_a_kind_and_a_summary_without_personal_codes(people):
    for values, field in [({"kind": "rant"}, "kind"), ({"summary": " "}, "summary"),
                          ({"summary": "Klients 010101-12345 sūdzas."}, "summary"),
                          ({"case_file_reference": "010101 - 12345"}, "case_file_reference")]:
        with pytest.raises(DomainError) as error:
            _register(people.verifier, **values)
        assert error.value.field == field
    assert _register(people.verifier, case_file_reference="LN-2026/145")


def test_answering_records_the_answer_and_the_day(people):
    item = _register(people.verifier)
    with pytest.raises(DomainError) as error:
        services.answer_feedback(item, actor=people.verifier, now=NOW, answer=" ")
    assert error.value.field == "answer"
    services.answer_feedback(item, actor=people.verifier, now=NOW,
                             answer="Grafiks mainīts, atvainojamies.", justified=True)
    assert (item.answered_on, item.justified) == (TODAY, True)


def test_a_complaint_raises_a_linked_nonconformity_only_once(db, people, make_unit):
    unit = make_unit(name="Aprūpe mājās")
    item = _register(people.verifier, unit_id=unit.id, topic="Nokavēšanās",
                     case_file_reference="LN-2026/145")
    nc = services.raise_from_feedback(item, actor=people.verifier, now=NOW)
    assert nc.source == Source.COMPLAINT and nc.status == NcStatus.NEW
    assert (nc.source_type, nc.source_id, nc.source_reference) == ("feedback", item.id,
                                                                  item.number)
    assert nc.title == "Nokavēšanās" and nc.description == item.summary
    assert nc.unit_id == unit.id and nc.case_file_reference == "LN-2026/145"
    assert item.nonconformity_id == nc.id and nc.number == "NC-2026-001"

    with pytest.raises(InvalidTransition):
        services.raise_from_feedback(item, actor=people.qm, now=NOW)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Nonconformity.id))) == 1
    assert db.session.get(Feedback, item.id).nonconformity_id == nc.id


def test_raising_a_nonconformity_needs_the_feedback_permission(people):
    item = _register(people.verifier)
    with pytest.raises(PermissionDenied):
        services.raise_from_feedback(item, actor=people.owner, now=NOW)
    assert item.nonconformity_id is None
