"""Demo data: the register of external providers (fictional names marked "Demo") and their
evaluations for 2024 and 2025 against the default weighted criteria."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from qms.extensions import db
from qms.org.models import Unit
from qms.providers import services

SEED = 2026

# name, kind, what they provide, contract number, from, to, unit, status, quality level
PROVIDERS = [
    ("SIA Demo Aprūpe", "service_contractor", "Aprūpe mājās (ārpakalpojums pilsētas "
     "austrumu daļā)", "SD-2023/41", "2023-04-01", "2027-03-31", "AAB", "active", 4.4),
    ("SIA Demo Ēdināšana", "supplier", "Siltās pusdienas Pensionāru sociālās aprūpes centram",
     "SD-2024/07", "2024-01-01", "2026-12-31", "PSAC", "active", 3.4),
    ("SIA Demo Transports", "service_contractor", "Specializētā transporta pakalpojums "
     "personām ar kustību traucējumiem", "SD-2024/12", "2024-03-01", "2027-02-28", "SPKN",
     "active", 4.0),
    ("Biedrība „Demo Atbalsta centrs”", "ngo", "Krīzes centrs ģimenēm ar bērniem",
     "SD-2022/19", "2022-01-01", "2026-12-31", "AN", "active", 4.6),
    ("Nodibinājums „Demo Cerība”", "ngo", "Sociālā rehabilitācija no vardarbības cietušiem "
     "bērniem", "SD-2024/22", "2024-01-01", "2026-12-31", "AN", "active", 4.2),
    ("Biedrība „Demo Sirdsgaisma”", "ngo", "Dienas centrs personām ar garīga rakstura "
     "traucējumiem", "SD-2023/30", "2023-01-01", "2027-12-31", "SPKN", "active", 3.8),
    ("Biedrība „Demo Senioru klubs”", "ngo", "Brīvā laika pasākumi pensijas vecuma personām",
     "SD-2024/33", "2024-01-01", "2026-12-31", "PSAC", "active", 3.1),
    ("SIA Demo Tīrība", "service_contractor", "Telpu uzkopšana patversmē un naktspatversmē",
     "SD-2023/15", "2023-06-01", "2026-05-31", "PNS", "ended", 2.6),
    ("SIA Demo Veļa", "service_contractor", "Veļas mazgāšana Pensionāru centram",
     "SD-2024/18", "2024-02-01", "2027-01-31", "PSAC", "active", 3.9),
    ("SIA Demo Medicīna", "supplier", "Medikamenti un medicīnas preces", "SD-2025/03",
     "2025-01-01", "2026-12-31", "PSAC", "active", 4.1),
    ("SIA Demo Higiēna", "supplier", "Higiēnas preces un aprūpes līdzekļi", "SD-2024/05",
     "2024-01-01", "2026-12-15", "PSAC", "active", 3.6),
    ("SIA Demo IT Serviss", "service_contractor", "Klientu datubāzes uzturēšana un "
     "lietotāju atbalsts", "SD-2024/26", "2024-05-01", "2027-04-30", "SD", "active", 3.3),
    ("SIA Demo Apmācības", "service_contractor", "Darbinieku profesionālā pilnveide un "
     "supervīzijas", "SD-2025/09", "2025-01-15", "2027-01-14", "SD", "active", 4.5),
    ("Biedrība „Demo Jauniešu iespējas”", "ngo", "Atbalsts jauniešiem, kuri nemācās un "
     "nestrādā (NEET)", "SD-2024/28", "2024-04-01", "2026-12-31", "AN", "active", 3.7),
    ("SIA Demo Asistenti", "service_contractor", "Asistenta pakalpojums personām ar "
     "invaliditāti", "SD-2023/36", "2023-01-01", "2026-12-31", "SPKN", "active", 2.9),
    ("SIA Demo Remonts", "service_contractor", "Ēku remonts un vides pieejamības "
     "pielāgojumi", "SD-2025/14", "2025-03-01", "2026-12-31", "SD", "active", 3.5),
    ("SIA Demo Degviela", "supplier", "Degviela dienesta automašīnām", "SD-2024/02",
     "2024-01-01", "2026-12-31", "SD", "active", 4.3),
    ("Biedrība „Demo Samariešu palīdzība”", "ngo", "Zupas virtuve un pārtikas pakas",
     "SD-2024/35", "2024-01-01", "2027-12-31", "SPN", "suspended", 3.0),
]

IMPROVE = [
    "Kavēti ikmēneša pārskati; līdz 1. martam iesniegt rīcības plānu.",
    "Klientu sūdzības par kavēšanos; vienoties par rezerves darbinieku.",
    "Līguma prasības izpildītas daļēji; nepieciešama papildu kontrole.",
]
STOP = "Atkārtoti būtiski trūkumi pēc brīdinājuma; līgumu nepagarināt."


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _unit(code: str) -> int | None:
    return db.session.scalar(select(Unit.id).where(Unit.code == code))


def load_providers(actor) -> None:
    """Load the demo providers through the services."""
    rng = random.Random(SEED)
    services.install_default_criteria(actor=actor)
    criteria = services.active_criteria()
    created = dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC)
    for (name, kind, provides, number, start, end, unit_code, status,
         level) in PROVIDERS:
        provider = services.register(
            actor=actor, now=created, name=name, kind=kind, provides=provides,
            contact="info@" + name.split("Demo", 1)[1].strip(" ”").split()[0].lower()
            .translate(str.maketrans("āčēģīķļņšūž", "acegiklnsuz")) + ".demo.example",
            contract_number=number, contract_from=_date(start), contract_to=_date(end),
            unit_id=_unit(unit_code), status=status)
        for year in (2024, 2025):
            if _date(start).year > year:
                continue
            drift = -0.3 if year == 2024 else 0.0
            scores = {c.id: max(1, min(5, round(level + drift + rng.uniform(-0.8, 0.8))))
                      for c in criteria}
            mean = sum(scores.values()) / len(scores)
            decision = "continue" if mean >= 3.5 else "improve" if mean >= 2.6 else "stop"
            if status == "ended" and year == 2025:
                decision = "stop"
            comment = {"continue": "", "improve": rng.choice(IMPROVE), "stop": STOP}[decision]
            services.evaluate(provider, actor=actor,
                              now=dt.datetime(year + 1, 2, rng.randint(2, 26), 10, 0,
                                              tzinfo=dt.UTC),
                              year=year, scores=scores, decision=decision, comment=comment)
