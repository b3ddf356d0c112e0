"""Demo competence requirements, training records 2024–2026 and training plans with budget.

The requirements follow the neighbouring service's practice (seed 001): social work
specialists collect at least 24 hours of professional development a year and go through an
18-hour supervision cycle. Records are made by the quality manager through the services
(the evaluations too: the director evaluates the quality manager's own training). Some gaps
are left on purpose: a carer without first aid, a family social worker behind on
supervision, an accountant whose data-protection training expired.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from qms.demo.audits import at, person
from qms.extensions import db
from qms.org.models import Position, StaffCategory, Unit
from qms.training import services
from qms.training.models import RequirementKind, TrainingType

D = Decimal
K = RequirementKind
T = TrainingType

PROVIDERS = {
    "super": "Supervizoru biedrība (demo)",
    "lpmc": "Latvijas Pašvaldību mācību centrs (demo)",
    "vas": "Valsts administrācijas skola (demo)",
    "lsk": "Sarkanā Krusta mācību centrs (demo)",
    "sdb": "Sociālo darbinieku biedrība (demo)",
    "iek": "Sociālais dienests, iekšējās mācības (demo)",
    "iso": "Kvalitātes mācību centrs (demo)",
}


def _position(unit_code: str, title: str) -> Position:
    return db.session.scalar(select(Position).join(Unit).where(Unit.code == unit_code,
                                                              Position.title == title))


def _requirements(qm, now) -> dict[str, object]:
    services.install_default_requirements(actor=qm, now=now)
    found = {}
    rows = [
        ("datu", dict(kind=K.TRAINING, category=StaffCategory.ADMINISTRATION,
                      name="Datu aizsardzība", recurrence_months=24,
                      description="Personas datu apstrāde un aizsardzība darbā ar klientiem.")),
        ("datu_sd", dict(kind=K.TRAINING, category=StaffCategory.SOCIAL_WORK,
                         name="Datu aizsardzība", recurrence_months=24,
                         description="Personas datu apstrāde un aizsardzība darbā ar "
                                     "klientiem.")),
        ("pp", dict(kind=K.TRAINING, category=StaffCategory.CARE, name="Pirmā palīdzība",
                    recurrence_months=36, description="Pirmās palīdzības apmācība (12 st.).")),
        ("care_hours", dict(kind=K.YEARLY_HOURS, category=StaffCategory.CARE,
                            name="Aprūpētāju profesionālā pilnveide", min_hours=D("8"))),
        ("adm_hours", dict(kind=K.YEARLY_HOURS, category=StaffCategory.ADMINISTRATION,
                           name="Profesionālā pilnveide", min_hours=D("16"))),
        ("audit", dict(kind=K.TRAINING, position_id=_position("SD", "Kvalitātes vadītājs").id,
                       name="Iekšējais auditors ISO 9001", recurrence_months=36)),
        ("gadijums", dict(kind=K.COMPETENCE,
                          position_id=_position("SPN", "Sociālais darbinieks").id,
                          name="Gadījuma vadība",
                          description="Klienta vajadzību izvērtēšana, sociālās rehabilitācijas "
                                      "plāna sastādīšana un uzraudzība.")),
        ("gimenes", dict(kind=K.COMPETENCE, position_id=_position(
            "AN", "Sociālais darbinieks darbam ar ģimenēm ar bērniem").id,
            name="Darbs ar ģimenēm ar bērniem",
            description="Bērnu tiesību aizsardzības pamatzināšanas (40 st.), darbs ar "
                        "krīzes situācijām.")),
        ("kvalitate", dict(kind=K.COMPETENCE,
                           position_id=_position("SD", "Kvalitātes vadītājs").id,
                           name="ISO 9001 kvalitātes vadība",
                           description="Standarta prasības, procesu pieeja, iekšējais audits.")),
    ]
    for key, values in rows:
        values.setdefault("position_id", None)
        values.setdefault("category", None)
        found[key] = services.save_requirement(None, actor=qm, now=now, **values)
    from qms.training.models import TrainingRequirement

    found["super"] = db.session.scalar(select(TrainingRequirement).where(
        TrainingRequirement.name == "Supervīzija"))
    return found


# year, quarter, topic, type, unit code, planned hours, participants, budget
PLAN = [
    (2024, 1, "Supervīzija sociālajiem darbiniekiem", T.SUPERVISION, None, 18, 24, 5400),
    (2024, 2, "Datu aizsardzība sociālajā dienestā", T.SEMINAR, None, 6, 40, 1200),
    (2025, 1, "Supervīzija sociālajiem darbiniekiem", T.SUPERVISION, None, 18, 26, 5900),
    (2025, 3, "Pirmā palīdzība aprūpētājiem", T.COURSE, "PSAC", 12, 20, 1800),
    (2026, 1, "Supervīzija sociālajiem darbiniekiem", T.SUPERVISION, None, 18, 28, 6300),
    (2026, 1, "Iekšējo auditoru apmācība ISO 9001", T.COURSE, "SD", 24, 4, 1600),
    (2026, 2, "Datu aizsardzība sociālajā dienestā", T.SEMINAR, None, 6, 45, 1350),
    (2026, 2, "Darbs ar vardarbībā cietušiem bērniem", T.COURSE, "AN", 16, 8, 1920),
    (2026, 3, "Pirmā palīdzība aprūpētājiem", T.COURSE, "PSAC", 12, 20, 1800),
    (2026, 4, "Motivējošā intervija", T.SEMINAR, "SPN", 8, 12, 960),
]

# username, year, month, day, days, topic, type, provider, hours, cost, requirement, plan key
RECORDS = [
    # a social worker of SPN (also an internal auditor): complete
    ("auditore", 2024, 3, 12, 0, "Supervīzija (grupas)", T.SUPERVISION, "super", 18, 225,
     "super", (2024, "Supervīzija")),
    ("auditore", 2024, 5, 14, 0, "Datu aizsardzība sociālajā dienestā", T.SEMINAR, "lpmc", 6,
     30, "datu_sd", (2024, "Datu aizsardzība")),
    ("auditore", 2024, 10, 8, 1, "Sociālā darba metodes darbā ar senioriem", T.COURSE, "sdb",
     16, 120, None, None),
    ("auditore", 2025, 2, 18, 0, "Supervīzija (grupas)", T.SUPERVISION, "super", 18, 227,
     "super", (2025, "Supervīzija")),
    ("auditore", 2025, 6, 9, 2, "Iekšējais auditors ISO 9001", T.COURSE, "iso", 24, 380, None,
     None),
    ("auditore", 2026, 1, 20, 0, "Supervīzija (grupas), 1. daļa", T.SUPERVISION, "super", 9,
     112, "super", (2026, "Supervīzija")),
    ("auditore", 2026, 4, 21, 0, "Supervīzija (grupas), 2. daļa", T.SUPERVISION, "super", 9,
     113, "super", (2026, "Supervīzija")),
    ("auditore", 2026, 5, 19, 0, "Datu aizsardzība sociālajā dienestā", T.SEMINAR, "lpmc", 6,
     30, "datu_sd", (2026, "Datu aizsardzība")),
    ("auditore", 2026, 11, 17, 0, "Motivējošā intervija", T.SEMINAR, "sdb", 8, 80, None,
     (2026, "Motivējošā")),
    # a family social worker: supervision cycle behind, hours short in 2026
    ("darbiniece", 2024, 4, 9, 0, "Supervīzija (individuālā)", T.SUPERVISION, "super", 18, 360,
     "super", (2024, "Supervīzija")),
    ("darbiniece", 2024, 9, 24, 1, "Darbs ar ģimenēm krīzes situācijās", T.COURSE, "sdb", 16,
     140, None, None),
    ("darbiniece", 2025, 3, 11, 0, "Supervīzija (grupas)", T.SUPERVISION, "super", 18, 227,
     "super", (2025, "Supervīzija")),
    ("darbiniece", 2025, 10, 2, 0, "Bērnu tiesību aizsardzība", T.E_LEARNING, "vas", 8, 0,
     None, None),
    ("darbiniece", 2026, 3, 10, 0, "Supervīzija (grupas), 1. daļa", T.SUPERVISION, "super", 9,
     112, "super", (2026, "Supervīzija")),
    ("darbiniece", 2026, 6, 2, 1, "Darbs ar vardarbībā cietušiem bērniem", T.COURSE, "sdb", 12,
     240, None, (2026, "vardarbībā")),
    # a carer: hours fine, first aid missing
    ("aprupetaja", 2025, 5, 6, 0, "Drošas pārvietošanas paņēmieni aprūpē", T.INTERNAL, "iek",
     4, 0, None, None),
    ("aprupetaja", 2026, 2, 17, 0, "Demences klientu aprūpe", T.SEMINAR, "lpmc", 6, 45, None,
     None),
    ("aprupetaja", 2026, 9, 15, 0, "Infekciju kontrole aprūpē", T.INTERNAL, "iek", 3, 0, None,
     None),
    # the quality manager
    ("kvalitate", 2024, 11, 5, 2, "Iekšējais auditors ISO 9001", T.COURSE, "iso", 24, 420,
     "audit", None),
    ("kvalitate", 2025, 5, 13, 0, "Datu aizsardzība sociālajā dienestā", T.SEMINAR, "lpmc", 6,
     30, "datu", None),
    ("kvalitate", 2026, 3, 3, 1, "Iekšējo auditoru apmācība ISO 9001", T.COURSE, "iso", 16,
     400, None, (2026, "Iekšējo auditoru")),
    # an accountant: data protection expired
    ("auditors", 2024, 2, 6, 0, "Datu aizsardzība sociālajā dienestā", T.SEMINAR, "lpmc", 6,
     30, "datu", (2024, "Datu aizsardzība")),
    ("auditors", 2026, 3, 3, 1, "Iekšējo auditoru apmācība ISO 9001", T.COURSE, "iso", 16, 400,
     None, (2026, "Iekšējo auditoru")),
    ("auditors", 2026, 10, 14, 0, "Grāmatvedības uzskaites izmaiņas 2027", T.SEMINAR, "vas", 6,
     65, None, None),
    # heads of units
    ("spn", 2025, 4, 8, 0, "Vadītāja loma supervīzijā", T.SUPERVISION, "super", 6, 150, None,
     None),
    ("spn", 2026, 5, 19, 0, "Datu aizsardzība sociālajā dienestā", T.SEMINAR, "lpmc", 6, 30,
     "datu", (2026, "Datu aizsardzība")),
    ("an", 2026, 6, 2, 1, "Darbs ar vardarbībā cietušiem bērniem", T.COURSE, "sdb", 12, 240,
     None, (2026, "vardarbībā")),
    ("psac", 2025, 9, 23, 1, "Pirmā palīdzība", T.COURSE, "lsk", 12, 90, None,
     (2025, "Pirmā palīdzība")),
    ("direktore", 2026, 9, 29, 0, "Pašvaldību sociālo dienestu vadītāju konference",
     T.CONFERENCE, "lpmc", 7, 60, None, None),
]

# username of the trainee, topic start, evaluator, evaluated on, rating, comment
EVALUATIONS = [
    ("auditore", "Iekšējais auditors", "kvalitate", dt.date(2025, 12, 10), 5,
     "Vadīja divus iekšējos auditus 2025. gadā; ziņojumi bez labojumiem."),
    ("darbiniece", "Supervīzija (individuālā)", "an", dt.date(2024, 10, 1), 4,
     "Vadītājas novērojums: gadījumu apspriedēs strukturētāka argumentācija."),
    ("kvalitate", "Iekšējais auditors", "direktore", dt.date(2025, 6, 30), 5,
     "Iekšējo auditu programma 2025 izpildīta pilnībā."),
    ("kvalitate", "Iekšējo auditoru apmācība", "direktore", dt.date(2026, 9, 1), 4,
     "Auditori pielieto jauno kontrolsarakstu; viens audits jāatkārto."),
]


def load_training(actor) -> None:
    """Load the demo training through the services (the quality manager's hand)."""
    qm = person("kvalitate")
    if qm is None:
        return
    requirements = _requirements(qm, at(dt.date(2024, 1, 8)))
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    plan = {}
    for year, quarter, topic, kind, unit_code, hours, people, budget in PLAN:
        plan[(year, topic)] = services.save_plan_item(
            None, actor=qm, now=at(dt.date(year - 1, 12, 15)), year=year, quarter=quarter,
            topic=topic, training_type=kind, unit_id=units[unit_code].id if unit_code else None,
            position_id=None, planned_hours=D(hours), planned_participants=people,
            planned_budget=D(budget), notes="")
    records = {}
    for (username, year, month, day, days, topic, kind, provider, hours, cost, requirement,
         plan_key) in RECORDS:
        started = dt.date(year, month, day)
        plan_item = None
        if plan_key:
            plan_item = next(item for (y, t), item in plan.items()
                             if y == plan_key[0] and plan_key[1] in t)
        trainee = person(username)
        records[(username, topic)] = services.add_record(
            actor=qm, now=at(started + dt.timedelta(days=days + 1)), user_id=trainee.id,
            topic=topic, training_type=kind, provider=PROVIDERS[provider], started_on=started,
            ended_on=started + dt.timedelta(days=days), hours=D(hours), cost=D(cost),
            requirement_id=requirements[requirement].id if requirement else None,
            plan_item_id=plan_item.id if plan_item else None, notes="")
    for username, topic, evaluator, on, rating, comment in EVALUATIONS:
        record = next(r for (u, t), r in records.items() if u == username and t.startswith(topic))
        services.evaluate(record, actor=person(evaluator), now=at(on), evaluated_on=on,
                          rating=rating, effective=None, comment=comment)
    first_aid = records[("psac", "Pirmā palīdzība")]
    services.request_evaluation(first_aid, actor=qm, now=at(dt.date(2025, 10, 1)))
