"""Demo data: mission and vision, the SWOT of the strategy period 2024-2027, quality
objectives for 2025 (evaluated) and 2026 (in progress), and two strategic objectives with
their action plans (the shape of a Latvian city's social affairs strategy: task, result,
period, responsible unit, funding source).

Objectives are linked to process indicators when the demo indicators exist (looked up by a
word of their name; nothing breaks when they do not).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select

from qms.auth.models import User
from qms.extensions import db
from qms.objectives import services
from qms.objectives.models import Quadrant
from qms.org.models import Unit


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def _person(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def _unit(code: str) -> int | None:
    return db.session.scalar(select(Unit.id).where(Unit.code == code))


def _indicator(*words: str):
    try:
        from qms.processes.models import Indicator
    except ImportError:  # pragma: no cover - the processes feature is always there
        return None
    for word in words:
        found = db.session.scalar(select(Indicator.id)
                                  .where(func.lower(Indicator.name).like(f"%{word}%"))
                                  .order_by(Indicator.id).limit(1))
        if found:
            return found
    return None


MISSION = ("Sniegt pilsētas iedzīvotāju vajadzībām atbilstošus sociālos pakalpojumus un "
           "sociālo palīdzību, veicinot iedzīvotāju dzīves kvalitātes izaugsmi.")
VISION = ("Ikvienam pilsētas iedzīvotājam tiek sniegts nepieciešamais atbalsts īstajā brīdī "
          "un nepieciešamajā apjomā.")
VALUES = "Cieņa pret klientu, profesionalitāte, atbildība, sadarbība un atklātība."

SWOT = {
    Quadrant.STRENGTH: [
        "Nodrošināta pamata infrastruktūra un materiāltehniskā bāze sociālo pakalpojumu "
        "sniegšanai (telpas, automašīnas)",
        "Sociālā darba speciālistu pieredze sociālo pakalpojumu sniegšanā",
        "Regulāra sociālo darbinieku profesionālās kvalifikācijas paaugstināšana",
        "Regulāras supervīzijas profesionālās izdegšanas profilaksei",
        "Ieviesta un uzturēta kvalitātes vadības sistēma (ISO 9001)",
    ],
    Quadrant.WEAKNESS: [
        "Nepietiekami attīstīts komandas darbs starp nodaļām",
        "Maz NVO, kas sadarbojas sociālo pakalpojumu nodrošināšanā",
        "Nepietiekams un neregulārs finansējums biedrībām",
        "Lielas darbinieku noslodzes dēļ kavējas klientu lietu dokumentēšana",
    ],
    Quadrant.OPPORTUNITY: [
        "Papildu finansējuma piesaiste pakalpojumu attīstībai (ES struktūrfondi, ziedotāji)",
        "Klientu datubāzes pilnveidošana un sasaiste ar valsts reģistriem (VID, VSAA)",
        "Pakalpojumu iepirkšana no NVO un sociālajiem uzņēmumiem",
        "Sadarbība ar citām pašvaldībām pieredzes apmaiņā",
    ],
    Quadrant.THREAT: [
        "Sociālās un ekonomiskās situācijas pasliktināšanās, kas palielina klientu loku",
        "Nabadzībai un atstumtībai pakļauto riska grupu palielināšanās",
        "Negatīvas demogrāfiskās tendences, sabiedrības novecošanās",
        "Sociālo darbinieku zemais prestižs un grūtības piesaistīt speciālistus",
    ],
}

# title, target, target value, indicator words, responsible, unit, budget, resources,
# evaluation, (2025 outcome | 2026 progress percents), policy commitment
OBJECTIVES_2025 = [
    ("Paaugstināt klientu apmierinātību ar aprūpes mājās pakalpojumu",
     "vismaz 88 % apmierināto klientu", "88", ("apmierin",), "aab", "AAB", "600",
     "Aptaujas anketas, brīvprātīgo palīdzība aptaujā",
     "Ikgadējā klientu aptauja; rezultāts vadības pārskatā", "achieved",
     "Klientu apmierinātība"),
    ("Nodrošināt sociālā darba speciālistiem supervīzijas",
     "100 % speciālistu vismaz 10 supervīzijas stundas gadā", None, ("supervīz",), "an", "AN",
     "5800", "Ārējais supervizors, darba laiks",
     "Supervīziju uzskaites žurnāls, reizi ceturksnī", "achieved",
     "Kompetenti darbinieki"),
    ("Samazināt sociālās palīdzības lēmumu pieņemšanas laiku",
     "vidēji ne vairāk kā 10 darba dienas", "10", ("lēmum", "termiņ"), "spn", "SPN", "0",
     "Klientu reģistratora darba laiks", "Lietu uzskaites sistēmas atskaite reizi mēnesī",
     "not_achieved", "Normatīvo prasību izpilde"),
    ("Ieviest ISO 9001 kvalitātes vadības sistēmu un saņemt sertifikātu",
     "sertifikāts saņemts līdz 30.11.2025", None, (), "kvalitate", "SD", "7500",
     "Konsultants, sertifikācijas audits", "Sertifikācijas audita rezultāts", "achieved",
     "Nepārtraukta pilnveide"),
    ("Samazināt kritienu skaitu Pensionāru sociālās aprūpes centrā",
     "ne vairāk kā 15 kritieni gadā", "15", ("kritien",), "psac", "PSAC", "2400",
     "Pretslīdes grīdas segums, aprūpētāju apmācība", "Negadījumu reģistrs, reizi ceturksnī",
     "achieved", "Droši pakalpojumi"),
    ("Aktualizēt visus procesu aprakstus",
     "100 % procesu aprakstu pārskatīti", None, (), "kvalitate", "SD", "0",
     "Procesu īpašnieku darba laiks", "Dokumentu reģistra pārskats", "achieved",
     "Nepārtraukta pilnveide"),
]
OBJECTIVES_2026 = [
    ("Paaugstināt klientu apmierinātību ar aprūpes mājās pakalpojumu",
     "vismaz 90 % apmierināto klientu", "90", ("apmierin",), "aab", "AAB", "800",
     "Aptaujas anketas, aprūpētāju apmācība saskarsmē",
     "Ikgadējā klientu aptauja; rezultāts vadības pārskatā", [30, 60, 85],
     "Klientu apmierinātība"),
    ("Samazināt sociālās palīdzības lēmumu pieņemšanas laiku",
     "vidēji ne vairāk kā 10 darba dienas", "10", ("lēmum", "termiņ"), "spn", "SPN", "0",
     "Divpakāpju apkalpošanas modelis", "Lietu uzskaites sistēmas atskaite reizi mēnesī",
     [20, 45, 70], "Normatīvo prasību izpilde"),
    ("Nodrošināt sociālā darba speciālistiem supervīzijas",
     "100 % speciālistu vismaz 12 supervīzijas stundas gadā", None, ("supervīz",), "an", "AN",
     "6500", "Ārējais supervizors, darba laiks", "Supervīziju uzskaites žurnāls",
     [25, 55, 80, 88], "Kompetenti darbinieki"),
    ("Ieviest elektronisku klientu lietu uzskaiti Pensionāru sociālās aprūpes centrā",
     "visas klientu lietas elektroniski līdz 30.11.2026", None, (), "psac", "PSAC", "4200",
     "Programmatūras licences, IT speciālista darba laiks",
     "Pārbaude: lietu skaits sistēmā pret klientu skaitu centrā", [15, 40, 55],
     "Nepārtraukta pilnveide"),
    ("Samazināt kritienu skaitu Pensionāru sociālās aprūpes centrā",
     "ne vairāk kā 12 kritieni gadā", "12", ("kritien",), "psac", "PSAC", "1800",
     "Kustību sensori, aprūpētāju apmācība", "Negadījumu reģistrs, reizi ceturksnī",
     [25, 50, 75], "Droši pakalpojumi"),
    ("Pārskatīt iekšējos normatīvos aktus pēc Sociālo pakalpojumu likuma grozījumiem",
     "100 % skarto dokumentu pārskatīti", None, (), "kvalitate", "SD", "0",
     "Jurista un procesu īpašnieku darba laiks", "Dokumentu reģistra pārskats",
     [20, 35, 45], "Normatīvo prasību izpilde"),
    ("Paplašināt dienas aprūpes centru bērniem ar funkcionāliem traucējumiem",
     "par 5 vietām vairāk no 01.09.2026", None, (), "bsac", "BSAC", "15000",
     "Telpu pielāgošana, 1 papildu aukles slodze", "Pakalpojuma saņēmēju skaits septembrī",
     [40, 80, 100], "Klientu vajadzības"),
]
PROGRESS_NOTES = [
    "Sagatavots rīcības plāns un uzsākta ieviešana.",
    "Darbs turpinās atbilstoši plānam; rezultāti apspriesti nodaļas sapulcē.",
    "Veikti starpmērījumi, rezultāti iesniegti kvalitātes vadītājai.",
    "Gandrīz visi pasākumi īstenoti, gatavots gada pārskats.",
]

STRATEGY = [
    ("SM 1", "Sociālās palīdzības administrēšanas sistēmas uzlabošana",
     "Pilnveidot klientu datubāzi, nodrošināt datu apmaiņu ar valsts informācijas sistēmām.", [
         ("1.1", "Pilnveidot klientu datubāzi",
          "Datubāze nodrošina ātru un kvalitatīvu klientu datu apmaiņu ar pašvaldības un "
          "valsts informācijas sistēmām", 2024, 2025, "SPN", "municipal", "done"),
         ("1.2", "Nodrošināt datubāzes sasaisti ar valsts reģistriem (VID, VSAA)",
          "Ātrāka pieprasītās palīdzības izvērtēšana", 2025, 2025, "SPN", "state", "done"),
         ("1.3", "Ieviest iedzīvotāju divpakāpju apkalpošanas modeli",
          "Uzlabota iekšējās kontroles procedūra sociālās palīdzības piešķiršanā", 2025, 2026,
          "SPN", "municipal", "in_progress"),
         ("1.4", "Izstrādāt e-pakalpojumu pabalsta pieprasīšanai",
          "Iesniegumus var iesniegt tiešsaistē", 2026, 2027, "SPN", "eu", "planned"),
         ("1.5", "Apmācīt klientu reģistratorus darbam ar jauno sistēmu",
          "Visi reģistratori apmācīti", 2026, 2026, "SD", "municipal", "in_progress"),
         ("1.6", "Ieviest klientu apkalpošanas standartu",
          "Vienots apkalpošanas standarts visās nodaļās", 2026, 2027, "SPN", "municipal",
          "planned"),
     ]),
    ("SM 2", "Sniegto sociālo pakalpojumu kvalitātes uzlabošana un jaunu pakalpojumu "
     "ieviešana", "Infrastruktūras uzlabošana, jaunas rehabilitācijas un aprūpes programmas, "
     "kvalitātes vadības sistēma, pakalpojumu dažādošana.", [
         ("2.1", "Ieviest un sertificēt kvalitātes vadības sistēmu (ISO 9001)",
          "Saņemts sertifikāts", 2024, 2025, "SD", "municipal", "done"),
         ("2.2", "Atjaunot Pensionāru sociālās aprūpes centra telpas un nodrošināt "
          "vides pieejamību", "Pieejamas telpas personām ar kustību traucējumiem", 2025, 2026,
          "PSAC", "eu", "in_progress"),
         ("2.3", "Izstrādāt sociālās rehabilitācijas programmas jauniešiem",
          "Divas jaunas programmas", 2024, 2025, "AN", "state", "done"),
         ("2.4", "Izveidot grupu dzīvokli personām ar garīga rakstura traucējumiem",
          "8 vietas grupu dzīvoklī", 2026, 2027, "SPKN", "eu", "planned"),
         ("2.5", "Paplašināt aprūpes mājās pakalpojumu vakaros un brīvdienās",
          "Pakalpojums pieejams 7 dienas nedēļā", 2026, 2026, "AAB", "municipal",
          "in_progress"),
         ("2.6", "Ieviest ikgadēju klientu apmierinātības aptauju visos pakalpojumos",
          "Aptaujas rezultāti vadības pārskatā", 2024, 2027, "SD", "municipal",
          "in_progress"),
         ("2.7", "Dažādot dienas aprūpes centra nodarbības bērniem",
          "Jaunas nodarbības: mūzikas terapija, smilšu terapija", 2025, 2025, "BSAC",
          "other", "done"),
     ]),
]


def _objective(actor, year, row, *, created: dt.date):
    (title, target, target_value, words, username, unit_code, budget, resources, evaluation,
     _outcome, commitment) = row
    responsible = _person(username)
    return services.create_objective(
        actor=actor, now=_at(created), year=year, title=title, target=target,
        target_value=Decimal(target_value) if target_value else None,
        indicator_id=_indicator(*words) if words else None, policy_commitment=commitment,
        resources=resources, budget=Decimal(budget),
        responsible_id=responsible.id if responsible else None, unit_id=_unit(unit_code),
        deadline_on=dt.date(year, 12, 31) if "30.11" not in target else dt.date(year, 11, 30),
        evaluation_method=evaluation)


def _progress(actor, objective, row, percents, days):
    responsible = _person(row[4]) or actor
    for index, (percent, day) in enumerate(zip(percents, days, strict=False)):
        services.add_progress(objective, actor=responsible, now=_at(day, 14),
                              recorded_on=day, percent=percent,
                              note=PROGRESS_NOTES[min(index, len(PROGRESS_NOTES) - 1)])


def load_objectives(actor) -> None:
    """Load the demo objectives through the services."""
    services.save_mission(actor=actor, now=_at(dt.date(2024, 1, 15)), mission=MISSION,
                          vision=VISION, values_text=VALUES)
    for quadrant, texts in SWOT.items():
        for text in texts:
            services.add_swot_item(actor=actor, now=_at(dt.date(2024, 1, 20)),
                                   period="2024-2027", quadrant=quadrant, text=text)

    quarter_days_2025 = [dt.date(2025, 4, 10), dt.date(2025, 7, 10), dt.date(2025, 10, 10)]
    for row in OBJECTIVES_2025:
        objective = _objective(actor, 2025, row, created=dt.date(2025, 1, 20))
        services.activate(objective, actor=actor, now=_at(dt.date(2025, 1, 27)))
        final = 100 if row[9] == "achieved" else 70
        _progress(actor, objective, row, [30, 60, final], quarter_days_2025)
        services.close_objective(
            objective, actor=actor, now=_at(dt.date(2026, 1, 22)), status=row[9],
            note="Izvērtēts vadības pārskatā." if row[9] == "achieved"
            else "Mērķis nav sasniegts: klientu skaita pieaugums; mērķis pārcelts uz 2026. gadu.")

    days_2026 = [dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30),
                 dt.date(2026, 11, 10)]
    for row in OBJECTIVES_2026:
        objective = _objective(actor, 2026, row, created=dt.date(2026, 1, 22))
        services.activate(objective, actor=actor, now=_at(dt.date(2026, 1, 29)))
        _progress(actor, objective, row, row[9], days_2026)
    # A draft, not yet complete: it cannot be activated until the evaluation is planned.
    draft = _person("pns")
    services.create_objective(
        actor=actor, now=_at(dt.date(2026, 11, 12)), year=2026,
        title="Ieviest atgriezeniskās saites anketu patversmē", target="vismaz 50 anketas gadā",
        responsible_id=draft.id if draft else None, unit_id=_unit("PNS"))

    for code, title, description, tasks in STRATEGY:
        strategic = services.save_strategic(None, actor=actor, now=_at(dt.date(2024, 2, 1)),
                                            code=code, title=title, description=description,
                                            period_from=2024, period_to=2027)
        for number, task, result, start, end, unit_code, funding, status in tasks:
            services.save_task(None, actor=actor, now=_at(dt.date(2024, 2, 1)),
                               strategic=strategic, number=number, task=task, result=result,
                               year_from=start, year_to=end, unit_id=_unit(unit_code),
                               funding=funding, status=status)
