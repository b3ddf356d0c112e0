"""People and a builder that takes a nonconformity through the real services to any stage."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from werkzeug.security import generate_password_hash

from qms.nonconformities import services
from qms.nonconformities.models import ActionKind, ActionStatus, NcStatus, Verdict

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch):
    """Full-strength scrypt costs ~0.1 s per person; the tests create many people."""
    monkeypatch.setattr("qms.org.services.hash_password",
                        lambda password: generate_password_hash(password,
                                                                method="scrypt:1024:8:1"))


@pytest.fixture
def people(make_user):
    return SimpleNamespace(
        qm=make_user("quality_manager", full_name="Ilze Kvalitāte", email="ilze@example.lv"),
        owner=make_user("staff", full_name="Jānis Atbildīgais"),
        doer=make_user("staff", full_name="Anna Izpildītāja"),
        verifier=make_user("manager", full_name="Dace Pārbaudītāja"),
        reporter=make_user("staff", full_name="Pēteris Ziņotājs"),
    )


class Flow:
    """Takes a nonconformity stage by stage with sensible defaults."""

    def __init__(self, people):
        self.p = people

    def report(self, *, now=NOW, actor=None, **values):
        values.setdefault("title", "Aprūpes plāns nav pārskatīts")
        values.setdefault("description", "Klienta lietā LN-2026/145 plāns nav pārskatīts 6 mēn.")
        return services.report(actor=actor or self.p.reporter, now=now, **values)

    def triage(self, nc, *, severity="minor", owner=None, now=NOW, **values):
        return services.triage(nc, actor=self.p.qm, now=now, severity=severity,
                               owner_id=(owner or self.p.owner).id, **values)

    def correct(self, nc, *, needed=True, now=NOW, rationale="Var atkārtoties citās lietās."):
        return services.record_correction(
            nc, actor=self.p.owner, now=now, correction="Plāns pārskatīts nekavējoties.",
            corrective_action_needed=needed, rationale=rationale)

    def analyse(self, nc, *, now=NOW, category="methods"):
        return services.record_root_cause(
            nc, actor=self.p.owner, now=now, method="five_whys",
            whys=["Nebija atgādinājuma.", "Reģistrā nav termiņa lauka."],
            root_cause="Procedūrā nav noteikts pārskatīšanas termiņš.", category=category)

    def action(self, nc, *, kind=ActionKind.CORRECTIVE, owner=None, now=NOW,
               due_on=dt.date(2026, 4, 30), **values):
        values.setdefault("title", "Papildināt procedūru ar termiņu")
        return services.add_action(actor=self.p.owner, now=now, nc=nc, kind=kind,
                                   owner_id=(owner or self.p.doer).id, due_on=due_on, **values)

    def done(self, action, *, now=NOW, actor=None):
        return services.update_action(action, actor=actor or action.owner, now=now,
                                      status=ActionStatus.DONE, evidence="Procedūra v2.0.")

    def plan(self, nc, *, verifier=None, now=NOW):
        return services.approve_plan(nc, actor=self.p.owner, now=now,
                                     criteria="Nākamajā auditā visi plāni pārskatīti.",
                                     check_on=dt.date(2026, 9, 1),
                                     verifier_id=(verifier or self.p.verifier).id)

    def implemented(self, nc, *, now=NOW):
        return services.finish_implementation(nc, actor=self.p.owner, now=now)

    def verify(self, nc, *, verdict=Verdict.EFFECTIVE, now=NOW, **values):
        values.setdefault("risks_need_update", False)
        values.setdefault("qms_needs_change", False)
        return services.verify(nc, actor=self.p.verifier, now=now, verdict=verdict,
                               notes="Pārbaudītas 20 lietas, visas kārtībā.", **values)

    def to(self, stage: NcStatus, **report_values):
        """A new nonconformity taken up to ``stage`` (with one corrective action from the
        action plan on)."""
        nc = self.report(**report_values)
        steps = [
            (NcStatus.CORRECTION, self.triage),
            (NcStatus.ROOT_CAUSE, self.correct),
            (NcStatus.ACTION_PLAN, self.analyse),
            (NcStatus.IMPLEMENTATION, lambda nc: (self.action(nc), self.plan(nc))),
            (NcStatus.EFFECTIVENESS, lambda nc: (self.done(nc.actions[0]),
                                                 self.implemented(nc))),
            (NcStatus.CLOSED, self.verify),
        ]
        for reached, step in steps:
            if stage == NcStatus.NEW:
                break
            step(nc)
            assert nc.status == reached
            if reached == stage:
                break
        return nc


@pytest.fixture
def flow(people):
    return Flow(people)
