import pytest
from sqlalchemy import select

from qms.core import audit_log
from qms.core.audit_log import AuditEvent, AuditTrailIsAppendOnly


def test_changes_are_recorded_with_old_and_new_values(db, make_unit, system):
    unit = make_unit(code="AN", name="Atbalsta nodaļa")
    changes = audit_log.apply_changes(unit, {"name": "Atbalsta nodaļa (jauna)", "code": "AN"},
                                      actor=system, action="unit.update")
    db.session.commit()
    assert changes == {"name": ["Atbalsta nodaļa", "Atbalsta nodaļa (jauna)"]}
    rows = audit_log.history_for(unit)
    assert [r.action for r in rows] == ["unit.update", "unit.create"]
    assert rows[0].changes == {"name": ["Atbalsta nodaļa", "Atbalsta nodaļa (jauna)"]}
    assert rows[0].actor_name == "test"
    assert rows[0].at.tzinfo is not None


def test_nothing_is_recorded_when_nothing_changed(db, make_unit, system):
    unit = make_unit()
    before = db.session.scalar(select(db.func.count(AuditEvent.id)))
    assert audit_log.apply_changes(unit, {"name": unit.name}, actor=system, action="x") == {}
    db.session.commit()
    assert db.session.scalar(select(db.func.count(AuditEvent.id))) == before


def test_audit_rows_cannot_be_edited_or_deleted_through_the_application(db, make_unit):
    make_unit()
    row = db.session.scalars(select(AuditEvent)).first()
    row.action = "forged"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(AuditEvent)).first())
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalars(select(AuditEvent)).first().action == "unit.create"


def test_diff_lists_only_changed_fields():
    assert audit_log.diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}
