"""The register of external inspections and prescriptions; calendar tokens."""

import datetime as dt

import pytest

from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.inspections import services
from qms.inspections.defaults import install_default_authorities
from qms.inspections.models import Authority, InspectionResult, PrescriptionStatus
from qms.nonconformities.models import Severity, Source

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def setting(db, make_unit, make_user, system):
    install_default_authorities(actor=system)
    return {
        "vi": db.session.query(Authority).filter_by(short_name="VI").one(),
        "unit": make_unit(code="PSAC"),
        "qm": make_user("quality_manager"),
        "head": make_user("manager", full_name="Vija Grīnberga"),
        "staff": make_user("staff"),
    }


def _register(setting, **kw):
    values = {"authority_id": setting["vi"].id, "subject": "Higiēnas prasības",
              "started_on": dt.date(2026, 5, 4), "unit_id": setting["unit"].id,
              "legal_basis": "MK 291", "inspectors": "2 inspektori"}
    values.update(kw)
    return services.register(actor=setting["qm"], now=NOW, **values)


def test_the_default_authorities_are_the_latvian_supervisory_bodies(setting, db):
    names = {a.short_name for a in db.session.query(Authority)}
    assert {"LM", "VI", "VDI", "VUGD", "PVD", "DVI", "VK", "VBTAI", "PIA"} <= names
    assert install_default_authorities() == 0


def test_register_numbers_per_year_and_checks_input(setting):
    first = _register(setting)
    second = _register(setting, started_on=dt.date(2026, 6, 1))
    assert (first.number, second.number) == ("AP-2026-001", "AP-2026-002")
    assert first.result == InspectionResult.PENDING
    with pytest.raises(DomainError) as caught:
        _register(setting, ended_on=dt.date(2026, 5, 1))
    assert caught.value.field == "ended_on"
    with pytest.raises(DomainError) as caught:
        _register(setting, subject="Klients 010101-12345")
    assert caught.value.field == "subject"
    with pytest.raises(PermissionDenied):
        services.register(actor=setting["staff"], now=NOW, authority_id=setting["vi"].id,
                          subject="x", started_on=dt.date(2026, 5, 4))


def test_prescriptions_are_answered_closed_and_can_raise_a_nonconformity(setting):
    inspection = _register(setting)
    prescription = services.add_prescription(
        inspection, actor=setting["qm"], now=NOW, kind="prescription",
        text="Nodrošināt dezinfekcijas līdzekļu uzskaiti", deadline_on=dt.date(2026, 6, 30),
        responsible_id=setting["head"].id, legal_reference="MK 291 p. 12")
    assert inspection.result == InspectionResult.PRESCRIPTIONS
    with pytest.raises(DomainError):
        services.add_prescription(inspection, actor=setting["qm"], now=NOW,
                                  kind="prescription", text="Bez termiņa", deadline_on=None,
                                  responsible_id=None)
    with pytest.raises(InvalidTransition):
        services.close_prescription(prescription, actor=setting["qm"], now=NOW)
    with pytest.raises(PermissionDenied):
        services.respond(prescription, actor=setting["staff"], now=NOW, response="x")
    services.respond(prescription, actor=setting["head"], now=NOW,
                     response="Ieviests uzskaites žurnāls.")
    assert prescription.status == PrescriptionStatus.ANSWERED
    nc = services.raise_nonconformity(prescription, actor=setting["qm"], now=NOW)
    assert nc.source == Source.INSPECTION and nc.severity == Severity.MAJOR
    assert prescription.nonconformity_id == nc.id
    with pytest.raises(InvalidTransition):
        services.raise_nonconformity(prescription, actor=setting["qm"], now=NOW)
    services.close_prescription(prescription, actor=setting["qm"], now=NOW)
    assert prescription.status == PrescriptionStatus.CLOSED
    with pytest.raises(InvalidTransition):
        services.respond(prescription, actor=setting["head"], now=NOW, response="y")


def test_follow_up_inspection_links_to_the_first(setting):
    first = _register(setting)
    follow = _register(setting, follow_up_of_id=first.id, started_on=dt.date(2026, 9, 1))
    assert follow.follow_up_of is first
    with pytest.raises(DomainError):
        services.update(first, actor=setting["qm"], now=NOW, authority_id=setting["vi"].id,
                        subject="x", started_on=dt.date(2026, 5, 4), result="pending",
                        follow_up_of_id=first.id)


def test_calendar_tokens_are_secret_and_revocable(setting):
    user = setting["head"]
    token = services.new_calendar_token(user, now=NOW)
    assert services.user_for_token(token) is user
    assert services.user_for_token(token + "x") is None and services.user_for_token("") is None
    newer = services.new_calendar_token(user, now=NOW)
    assert services.user_for_token(token) is None and services.user_for_token(newer) is user
    services.revoke_calendar_token(user, now=NOW)
    assert services.user_for_token(newer) is None
