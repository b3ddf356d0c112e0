"""Units, positions and people of the demo social service.

Headcounts add up to the 205 staff of the source organisation, by staff category:
administrators and accountants 23, social work specialists 36, carers 56, health care 17,
catering 22, other and technical 43, youth project staff 8.
"""

from __future__ import annotations

from qms.core.permissions import Role
from qms.org import services
from qms.org.models import StaffCategory as C
from qms.org.models import UnitKind

# Demo accounts only: a production database never gets them (see `qms demo`).
DEMO_PASSWORD = "demo-parole-2026"  # noqa: S105
DEMO_EMAIL_DOMAIN = "demo.example"

# code, name, kind, parent code
UNITS = [
    ("SD", "Pilsētas sociālais dienests (demonstrācijas dati)", UnitKind.INSTITUTION, None),
    ("SPN", "Sociālās palīdzības nodaļa", UnitKind.DEPARTMENT, "SD"),
    ("AN", "Atbalsta nodaļa", UnitKind.DEPARTMENT, "SD"),
    ("SPKN", "Sociālo pakalpojumu nodaļa", UnitKind.DEPARTMENT, "SD"),
    ("BSAC", "Bērnu sociālās aprūpes centrs", UnitKind.STRUCTURAL_UNIT, "SD"),
    ("PSAC", "Pensionāru sociālās aprūpes centrs", UnitKind.STRUCTURAL_UNIT, "SD"),
    ("AAB", "Aprūpes mājās birojs", UnitKind.STRUCTURAL_UNIT, "SD"),
    ("PNS", "Patversme un atskurbtuve", UnitKind.STRUCTURAL_UNIT, "SD"),
]

# unit code -> [(title, headcount, category)]
POSITIONS = {
    "SD": [
        ("Direktors", 1, C.ADMINISTRATION), ("Direktora vietnieks", 1, C.ADMINISTRATION),
        ("Kvalitātes vadītājs", 1, C.ADMINISTRATION),
        ("Galvenais grāmatvedis", 1, C.ADMINISTRATION), ("Grāmatvedis", 5, C.ADMINISTRATION),
        ("Lietvedis", 2, C.ADMINISTRATION), ("Personāla speciālists", 1, C.ADMINISTRATION),
        ("Jurists", 1, C.ADMINISTRATION), ("IT speciālists", 1, C.TECHNICAL),
        ("Autovadītājs", 3, C.TECHNICAL), ("Saimniecības pārzinis", 1, C.TECHNICAL),
        ("Apkopējs", 1, C.TECHNICAL),
    ],
    "SPN": [
        ("Nodaļas vadītājs", 1, C.ADMINISTRATION), ("Klientu reģistrators", 1, C.ADMINISTRATION),
        ("Sociālais darbinieks", 10, C.SOCIAL_WORK),
    ],
    "AN": [
        ("Nodaļas vadītājs", 1, C.ADMINISTRATION),
        ("Sociālais darbinieks darbam ar ģimenēm ar bērniem", 8, C.SOCIAL_WORK),
        ("Psihologs", 2, C.SOCIAL_WORK),
        ("Jauniešu projekta “Proti un dari” vadītājs", 1, C.PROJECT),
        ("Jauniešu projekta koordinators", 1, C.PROJECT),
        ("Jauniešu projekta mentors", 6, C.PROJECT),
    ],
    "SPKN": [
        ("Nodaļas vadītājs", 1, C.ADMINISTRATION),
        ("Sociālā darba organizators", 1, C.ADMINISTRATION),
        ("Sociālais darbinieks", 5, C.SOCIAL_WORK),
    ],
    "BSAC": [
        ("Centra vadītājs", 1, C.ADMINISTRATION), ("Sociālais darbinieks", 3, C.SOCIAL_WORK),
        ("Sociālais rehabilitētājs", 2, C.SOCIAL_WORK), ("Aukle", 10, C.CARE),
        ("Medicīnas māsa", 3, C.HEALTH), ("Pavārs", 3, C.CATERING),
        ("Virtuves darbinieks", 2, C.CATERING), ("Apkopējs", 5, C.TECHNICAL),
        ("Dežurants", 3, C.TECHNICAL),
    ],
    "PSAC": [
        ("Centra vadītājs", 1, C.ADMINISTRATION), ("Administrators", 1, C.ADMINISTRATION),
        ("Sociālais darbinieks", 2, C.SOCIAL_WORK), ("Aprūpētājs", 30, C.CARE),
        ("Medicīnas māsa", 8, C.HEALTH), ("Ārsta palīgs", 2, C.HEALTH),
        ("Fizioterapeits", 1, C.HEALTH), ("Pavārs", 6, C.CATERING),
        ("Virtuves darbinieks", 6, C.CATERING), ("Apkopējs", 8, C.TECHNICAL),
        ("Veļas mazgātājs", 3, C.TECHNICAL), ("Remontstrādnieks", 2, C.TECHNICAL),
        ("Dežurants", 4, C.TECHNICAL), ("Dārznieks", 2, C.TECHNICAL),
    ],
    "AAB": [
        ("Biroja vadītājs", 1, C.ADMINISTRATION), ("Sociālais darbinieks", 2, C.SOCIAL_WORK),
        ("Aprūpētājs", 12, C.CARE),
    ],
    "PNS": [
        ("Vadītājs", 1, C.ADMINISTRATION), ("Sociālais darbinieks", 2, C.SOCIAL_WORK),
        ("Aprūpētājs", 4, C.CARE), ("Medicīnas māsa", 3, C.HEALTH),
        ("Pavārs", 2, C.CATERING), ("Virtuves darbinieks", 3, C.CATERING),
        ("Dežurants", 6, C.TECHNICAL), ("Apkopējs", 4, C.TECHNICAL),
    ],
}

# username, name, unit, position title, roles, heads unit
PEOPLE = [
    ("admin", "Andris Kalniņš", "SD", "IT speciālists", [Role.ADMIN], None),
    ("kvalitate", "Ilze Bērziņa", "SD", "Kvalitātes vadītājs", [Role.QUALITY_MANAGER], None),
    ("direktore", "Dace Liepiņa", "SD", "Direktors", [Role.MANAGER], "SD"),
    ("vietnieks", "Māris Krūmiņš", "SD", "Direktora vietnieks", [Role.MANAGER, Role.AUDITOR],
     None),
    ("auditore", "Līga Zariņa", "SPN", "Sociālais darbinieks", [Role.AUDITOR, Role.STAFF], None),
    ("auditors", "Raivis Ozols", "SD", "Grāmatvedis", [Role.AUDITOR, Role.STAFF], None),
    ("spn", "Inese Vītola", "SPN", "Nodaļas vadītājs", [Role.MANAGER], "SPN"),
    ("an", "Sandra Kalēja", "AN", "Nodaļas vadītājs", [Role.MANAGER], "AN"),
    ("spkn", "Guntis Lapiņš", "SPKN", "Nodaļas vadītājs", [Role.MANAGER], "SPKN"),
    ("bsac", "Anita Siliņa", "BSAC", "Centra vadītājs", [Role.MANAGER], "BSAC"),
    ("psac", "Vija Grīnberga", "PSAC", "Centra vadītājs", [Role.MANAGER], "PSAC"),
    ("aab", "Rudīte Eglīte", "AAB", "Biroja vadītājs", [Role.MANAGER], "AAB"),
    ("pns", "Aivars Balodis", "PNS", "Vadītājs", [Role.MANAGER], "PNS"),
    ("darbiniece", "Kristīne Jansone", "AN",
     "Sociālais darbinieks darbam ar ģimenēm ar bērniem", [Role.STAFF], None),
    ("aprupetaja", "Zane Pētersone", "PSAC", "Aprūpētājs", [Role.STAFF], None),
]


def load_organisation(actor) -> tuple[list, dict]:
    """Units, positions and people; returns the people and positions by (unit, title)."""
    units = {}
    for code, name, kind, parent in UNITS:
        units[code] = services.create_unit(
            actor=actor, code=code, name=name, kind=kind,
            parent_id=units[parent].id if parent else None, head_id=None, is_active=True)
    positions = {}
    for unit_code, rows in POSITIONS.items():
        for title, headcount, category in rows:
            positions[(unit_code, title)] = services.create_position(
                actor=actor, title=title, unit_id=units[unit_code].id, headcount=headcount,
                category=category, is_active=True)
    people = []
    for username, name, unit_code, title, roles, heads in PEOPLE:
        person, _ = services.create_person(
            actor=actor, username=username, full_name=name,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}", unit_id=units[unit_code].id,
            position_id=positions[(unit_code, title)].id, language="lv",
            notification_mode="off",  # demo accounts never send e-mail
            roles=[r.value for r in roles], password=DEMO_PASSWORD)
        people.append(person)
        if heads:
            unit = units[heads]
            services.update_unit(unit, actor=actor, code=unit.code, name=unit.name,
                                 kind=unit.kind, parent_id=unit.parent_id, head_id=person.id,
                                 is_active=True)
    return people, positions
