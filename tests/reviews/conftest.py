"""People, the nonconformity flow and a small known dataset for the management review."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.audits.models import Audit, AuditItem, AuditProgramme, AuditStatus, AuditType
from qms.extensions import db
from qms.inspections.models import Authority, Inspection, Prescription
from qms.nonconformities import services as nc_services
from qms.nonconformities.models import NcStatus
from tests.nonconformities.conftest import (  # noqa: F401
    NOW,
    Flow,
    _cheap_password_hashes,
    people,
)


@pytest.fixture
def flow(people):  # noqa: F811
    return Flow(people)


@pytest.fixture
def head(make_user, make_unit):
    """The head of the institution (the root unit)."""
    person = make_user("manager", full_name="Direktore Galvenā")
    make_unit(code="ROOT", name="Sociālais dienests", kind="institution", head_id=person.id)
    return person


@pytest.fixture
def dataset(app, people, flow, head, make_document):  # noqa: F811
    """2026: two nonconformities (one closed), one in 2025, feedback, audits, an inspection,
    an improvement action and an external document put in effect."""
    closed = flow.to(NcStatus.CLOSED)
    flow.to(NcStatus.ROOT_CAUSE, title="Otrā neatbilstība")
    flow.report(title="Pagājušā gada", reported_on=dt.date(2025, 5, 4))
    for kind, topic in (("complaint", "Gaidīšanas laiks"), ("suggestion", "Telpas")):
        nc_services.register_feedback(actor=people.qm, now=NOW, kind=kind, channel="letter",
                                      received_on=dt.date(2026, 2, 1), summary="Klienta teiktais",
                                      topic=topic)
    programme = AuditProgramme(year=2026, created_at=NOW)
    db.session.add(programme)
    done = Audit(number="IA-2026-01", programme=programme, type=AuditType.INTERNAL,
                 title="Mājas aprūpe", status=AuditStatus.CLOSED, created_at=NOW)
    planned = Audit(number="IA-2026-02", programme=programme, type=AuditType.INTERNAL,
                    title="Dienas centrs", status=AuditStatus.PLANNED, created_at=NOW)
    certification = Audit(number="CA-2026-01", programme=programme,
                          type=AuditType.SURVEILLANCE, title="Uzraudzības audits",
                          status=AuditStatus.CLOSED, created_at=NOW)
    db.session.add_all([done, planned, certification])
    db.session.flush()
    db.session.add_all([
        AuditItem(audit_id=done.id, position=1, question="Q1", result="minor"),
        AuditItem(audit_id=done.id, position=2, question="Q2", result="improvement"),
        AuditItem(audit_id=done.id, position=3, question="Q3", result="conforms"),
    ])
    authority = Authority(name="Valsts darba inspekcija", short_name="VDI")
    db.session.add(authority)
    db.session.flush()
    inspection = Inspection(number="INS-2026-001", year=2026, sequence=1,
                            authority_id=authority.id, subject="Darba aizsardzība",
                            started_on=dt.date(2026, 1, 10), registered_at=NOW)
    db.session.add(inspection)
    db.session.flush()
    db.session.add(Prescription(inspection_id=inspection.id, text="Novērst",
                                deadline_on=dt.date(2026, 2, 1)))
    db.session.commit()
    improvement = nc_services.add_action(actor=people.qm, now=NOW, kind="improvement",
                                         title="Uzlabot rindas sistēmu",
                                         owner_id=people.doer.id, due_on=dt.date(2026, 6, 1))
    external = make_document(title="Sociālo pakalpojumu likums", type_key="external",
                             now=NOW, external_kind="law")
    return {"closed": closed, "improvement": improvement, "external": external}
