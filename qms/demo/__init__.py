"""The demo organisation: a Latvian city social service (fictional people, real shape).

Loaded by ``qms demo`` into an empty database only. Everything goes through the services, so
the audit trail shows how it was made. The institution's name says it is demo data.
"""

from __future__ import annotations

from sqlalchemy import select

from qms.auth.models import User
from qms.core.permissions import SystemActor
from qms.demo.organisation import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, load_organisation
from qms.extensions import db

__all__ = ["DEMO_PASSWORD", "demo_people", "load_demo"]


def load_demo():
    """Load every demo data set; returns the demo people (for printing their sign-ins)."""
    from qms.demo.documents import load_documents
    from qms.demo.nonconformities import load_nonconformities
    from qms.demo.processes import load_processes

    actor = SystemActor("demo")
    people, positions = load_organisation(actor)
    load_processes(actor, positions)
    load_documents(actor)
    load_nonconformities()
    from qms.demo.audits import load_audits
    from qms.demo.inspections import load_inspections

    load_audits(actor)
    load_inspections(actor)
    from qms.demo.processes import approve_demo_report

    approve_demo_report(actor)
    from qms.demo.objectives import load_objectives
    from qms.demo.providers import load_providers
    from qms.demo.risks import load_risks
    from qms.demo.surveys import load_surveys
    from qms.demo.training import load_training

    load_objectives(actor)
    load_risks(actor)
    load_surveys(actor)
    load_training(actor)
    load_providers(actor)
    return people


def demo_people() -> list[User]:
    """The demo accounts present in the database (none in a production database)."""
    return list(db.session.scalars(
        select(User).where(User.email.endswith("@" + DEMO_EMAIL_DOMAIN)).order_by(User.id)))
