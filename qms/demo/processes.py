"""The demo service's process register (management, core and support processes)."""

from __future__ import annotations

from qms.processes.models import ProcessKind as K
from qms.processes.services import create_process

# code, name, kind, owner "UNIT/Position"
PROCESSES = [
    ("VP-01", "Stratēģija, kvalitātes politika un mērķi", K.MANAGEMENT, "SD/Direktors"),
    ("VP-02", "Dokumentu un ierakstu pārvaldība", K.MANAGEMENT, "SD/Kvalitātes vadītājs"),
    ("VP-03", "Iekšējais audits", K.MANAGEMENT, "SD/Kvalitātes vadītājs"),
    ("VP-04", "Neatbilstību un korektīvo darbību vadība", K.MANAGEMENT,
     "SD/Kvalitātes vadītājs"),
    ("VP-05", "Vadības pārskats", K.MANAGEMENT, "SD/Direktors"),
    ("PP-01", "Sociālā palīdzība", K.CORE, "SPN/Nodaļas vadītājs"),
    ("PP-02", "Vajadzību izvērtēšana un sociālo pakalpojumu piešķiršana", K.CORE,
     "SPKN/Nodaļas vadītājs"),
    ("PP-03", "Darbs ar ģimenēm ar bērniem sociālā riska situācijā", K.CORE,
     "AN/Nodaļas vadītājs"),
    ("PP-04", "Aprūpe mājās", K.CORE, "AAB/Biroja vadītājs"),
    ("PP-05", "Ilgstošā sociālā aprūpe un sociālā rehabilitācija institūcijā", K.CORE,
     "PSAC/Centra vadītājs"),
    ("PP-06", "Dienas aprūpe", K.CORE, "BSAC/Centra vadītājs"),
    ("PP-07", "Patversme un naktspatversme", K.CORE, "PNS/Vadītājs"),
    ("AP-01", "Personāla vadība un apmācība", K.SUPPORT, "SD/Personāla speciālists"),
    ("AP-02", "Finanses un iepirkumi", K.SUPPORT, "SD/Galvenais grāmatvedis"),
    ("AP-03", "Infrastruktūra un darba vide", K.SUPPORT, "SD/Saimniecības pārzinis"),
]


def load_processes(actor, positions: dict) -> None:
    for code, name, kind, owner in PROCESSES:
        unit_code, title = owner.split("/", 1)
        create_process(actor=actor, code=code, name=name, kind=kind,
                       owner_position_id=positions[(unit_code, title)].id)
