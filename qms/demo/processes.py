"""The demo service's process register (management, core and support processes), with the
purpose, inputs and outputs of each process (the process map draws its arrows from them), the
core processes' indicators with values for 2024–2026 and the 2025 process performance report of
PP-01.

The volumes are real figures of a Latvian city social service (seeds/000: applications
examined 5848 / 6248 / 5369, persons granted the needy status 2821 / 2167 / 1828, the social
assistance budget 1 368 453 / 1 072 410 / 1 261 465 EUR, 24 600 soup portions a year), moved
to 2024–2026. Values are entered only for periods that ended before the demo's "today".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qms.core import transaction
from qms.processes import services
from qms.processes.models import Frequency as F
from qms.processes.models import ProcessKind as K
from qms.processes.services import create_process

CUTOFF = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)
REPORT_APPROVED_AT = dt.datetime(2026, 2, 16, 10, 0, tzinfo=dt.UTC)

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

REPORTS = "Procesu izpildes ziņojumi"
DECISION = "Lēmums par sociālā pakalpojuma piešķiršanu"

# code -> (purpose, inputs, outputs, resources, ISO clauses)
DESCRIPTIONS = {
    "VP-01": ("Noteikt dienesta darbības virzienus, kvalitātes politiku un izmērāmus "
              "kvalitātes mērķus, un nodrošināt tiem resursus.",
              ["Vadības pārskata lēmumi", "Sociālo pakalpojumu attīstības programma",
               "Normatīvie akti"],
              ["Kvalitātes politika", "Kvalitātes mērķi", "Budžeta pieprasījums"],
              "Direktors, vadības komanda", "4.1, 4.2, 5.2, 6.2"),
    "VP-02": ("Nodrošināt, ka darbinieki lieto spēkā esošas, apstiprinātas dokumentu "
              "versijas un ieraksti ir saglabāti.",
              ["Normatīvie akti", "Dokumentu projekti"],
              ["Apstiprināti un spēkā esoši dokumenti"],
              "Kvalitātes vadītājs, qms", "7.5"),
    "VP-03": ("Pārbaudīt, vai kvalitātes vadības sistēma atbilst prasībām un tiek efektīvi "
              "īstenota.",
              ["Auditu programma", "Kvalitātes mērķi"],
              ["Auditu ziņojumi", "Neatbilstības"],
              "Iekšējie auditori", "9.2"),
    "VP-04": ("Novērst neatbilstību cēloņus, lai tās neatkārtotos.",
              ["Neatbilstības", "Klientu sūdzības", "Indikatoru novirzes"],
              ["Korektīvās darbības", "Neatbilstību pārskats"],
              "Kvalitātes vadītājs, struktūrvienību vadītāji", "10.2"),
    "VP-05": ("Reizi gadā izvērtēt kvalitātes vadības sistēmas piemērotību, atbilstību un "
              "efektivitāti.",
              ["Auditu ziņojumi", "Neatbilstību pārskats", REPORTS,
               "Klientu apmierinātības aptaujas rezultāti"],
              ["Vadības pārskata lēmumi"],
              "Direktors, vadības komanda", "9.3"),
    "PP-01": ("Izvērtēt personu materiālo situāciju, piešķirt trūcīgas vai maznodrošinātas "
              "personas statusu un sociālās palīdzības pabalstus.",
              ["Klienta iesniegums", "Apstiprināti un spēkā esoši dokumenti",
               "Sociālās palīdzības budžets"],
              ["Lēmums par trūcīgas vai maznodrošinātas personas statusu",
               "Izmaksāti sociālās palīdzības pabalsti", REPORTS, "Klientu sūdzības"],
              "Sociālās palīdzības organizatori, SOPA, pašvaldības budžets", "8.2, 8.5.1"),
    "PP-02": ("Izvērtēt klienta vajadzības un pieņemt pamatotu lēmumu par sociālā "
              "pakalpojuma piešķiršanu.",
              ["Klienta iesniegums", "Kvalificēts personāls"],
              [DECISION, REPORTS],
              "Sociālie darbinieki, vajadzību novērtēšanas instrumenti", "8.2, 8.5.1"),
    "PP-03": ("Atbalstīt ģimenes ar bērniem sociālā riska situācijā, lai mazinātu riskus un "
              "stiprinātu ģimenes funkcionēšanu.",
              ["Bāriņtiesas vai izglītības iestādes ziņojums", "Klienta iesniegums"],
              ["Sociālās rehabilitācijas plāns", REPORTS],
              "Sociālie darbinieki darbam ar ģimenēm, psihologs", "8.5.1"),
    "PP-04": ("Nodrošināt aprūpi klienta dzīvesvietā personām, kuras vecuma vai veselības "
              "stāvokļa dēļ nespēj sevi aprūpēt.",
              [DECISION, "Kvalificēts personāls"],
              ["Sniegtas aprūpes stundas", REPORTS, "Klientu sūdzības"],
              "Aprūpētāji, transports", "8.5.1, 8.5.5"),
    "PP-05": ("Nodrošināt ilgstošu sociālo aprūpi un rehabilitāciju institūcijā.",
              [DECISION, "Droša darba vide un telpas"],
              ["Individuālie aprūpes plāni", REPORTS, "Klientu sūdzības"],
              "Aprūpes centra personāls, telpas, ēdināšana", "8.5.1, 7.1.4"),
    "PP-06": ("Nodrošināt dienas aprūpi un saturīgu laika pavadīšanu senioriem un personām "
              "ar funkcionāliem traucējumiem.",
              [DECISION],
              ["Dienas centra nodarbības", REPORTS],
              "Dienas centra personāls, pulciņu vadītāji", "8.5.1"),
    "PP-07": ("Nodrošināt naktsmītni un zupas virtuvi personām bez noteiktas dzīvesvietas.",
              ["Personas vēršanās pēc palīdzības", "Droša darba vide un telpas"],
              ["Nakšņošanas vietas", "Zupas porcijas", REPORTS],
              "Patversmes personāls, mobilās zupas virtuves", "8.5.1"),
    "AP-01": ("Nodrošināt kompetentus un motivētus darbiniekus.",
              ["Kvalitātes mērķi", "Apmācību vajadzības"],
              ["Kvalificēts personāls"],
              "Personāla speciālists, apmācību budžets", "7.1.2, 7.2, 7.3"),
    "AP-02": ("Plānot un uzraudzīt budžetu un veikt iepirkumus.",
              ["Budžeta pieprasījums"],
              ["Sociālās palīdzības budžets", "Iepirkumu līgumi"],
              "Grāmatvedība, iepirkumu speciālists", "7.1, 8.4"),
    "AP-03": ("Uzturēt drošas un piemērotas telpas, transportu un aprīkojumu.",
              ["Iepirkumu līgumi"],
              ["Droša darba vide un telpas"],
              "Saimniecības pārzinis, apkopēji, autovadītāji", "7.1.3, 7.1.4"),
}

# process -> [(code, name, unit, direction, target, frequency, data source, values by
# period: {year: [values of its periods in order]})]
INDICATORS = {
    "PP-01": [
        ("PP-01.1", "Izskatīti personu iesniegumi", "iesniegumi", "higher", None, F.QUARTERLY,
         "SOPA", {2024: [1520, 1410, 1380, 1538], 2025: [1640, 1520, 1470, 1618],
                  2026: [1410, 1300, 1270]}),
        ("PP-01.2", "Iesniegumi izskatīti normatīvajos aktos noteiktajā termiņā", "%",
         "higher", 98, F.QUARTERLY, "SOPA, termiņu kontrole",
         {2024: [99.1, 98.6, 98.9, 99.2], 2025: [98.4, 97.1, 98.8, 99.0],
          2026: [99.3, 98.7, 98.9]}),
        ("PP-01.3", "Piešķirts trūcīgas personas statuss", "personas", "lower", None, F.YEARLY,
         "SOPA", {2024: [2821], 2025: [2167]}),
        ("PP-01.4", "Izmaksātie sociālās palīdzības pabalsti", "EUR", "lower", 1300000,
         F.YEARLY, "Grāmatvedība", {2024: [1368453], 2025: [1072410]}),
    ],
    "PP-02": [
        ("PP-02.1", "Lēmums par pakalpojumu pieņemts mēneša laikā", "%", "higher", 95,
         F.QUARTERLY, "SOPA", {2024: [96.2, 95.8, 93.9, 96.5], 2025: [97.0, 96.1, 95.4, 97.3],
                               2026: [96.8, 97.5, 96.0]}),
        ("PP-02.2", "Vidējais gaidīšanas laiks uz pakalpojumu", "dienas", "lower", 30,
         F.QUARTERLY, "SOPA, rindu reģistrs",
         {2024: [28, 31, 33, 27], 2025: [26, 25, 29, 24], 2026: [23, 26, 25]}),
    ],
    "PP-03": [
        ("PP-03.1", "Ģimenes sociālā riska situācijā, ar kurām strādā", "ģimenes", "higher",
         None, F.QUARTERLY, "Gadījumu vadības reģistrs",
         {2024: [212, 218, 205, 221], 2025: [226, 230, 219, 224], 2026: [231, 228, 235]}),
        ("PP-03.2", "Gadījumi, kas slēgti ar pozitīvu rezultātu", "%", "higher", 60,
         F.YEARLY, "Gadījumu vadības reģistrs", {2024: [62], 2025: [58]}),
    ],
    "PP-04": [
        ("PP-04.1", "Aprūpes mājās klienti", "klienti", "higher", None, F.MONTHLY,
         "Aprūpes mājās biroja uzskaite",
         {2024: [318, 321, 325, 322, 319, 314, 310, 312, 317, 323, 328, 331],
          2025: [334, 336, 339, 337, 333, 329, 326, 327, 332, 338, 341, 344],
          2026: [346, 349, 351, 348, 345, 341, 338, 340, 344, 347]}),
        ("PP-04.2", "Pamatotas klientu sūdzības par aprūpi mājās", "sūdzības", "lower", 2,
         F.QUARTERLY, "Sūdzību reģistrs",
         {2024: [1, 2, 1, 0], 2025: [1, 0, 4, 1], 2026: [0, 1, 1]}),
    ],
    "PP-05": [
        ("PP-05.1", "Vietu noslodze", "%", "higher", 95, F.QUARTERLY, "Klientu uzskaite",
         {2024: [97.5, 96.8, 95.9, 97.1], 2025: [98.0, 97.6, 96.4, 97.9],
          2026: [98.3, 94.2, 96.7]}),
        ("PP-05.2", "Klientu kritienu gadījumi", "gadījumi", "lower", 3, F.QUARTERLY,
         "Negadījumu žurnāls", {2024: [2, 3, 1, 4], 2025: [2, 1, 2, 3], 2026: [1, 2, 2]}),
    ],
    "PP-06": [
        ("PP-06.1", "Dienas centra apmeklējumi", "apmeklējumi", "higher", 1500, F.MONTHLY,
         "Apmeklējumu žurnāls",
         {2024: [1620, 1580, 1710, 1650, 1540, 1380, 1210, 1250, 1600, 1690, 1720, 1560],
          2025: [1680, 1640, 1760, 1700, 1610, 1450, 1290, 1330, 1660, 1740, 1780, 1600],
          2026: [1710, 1690, 1800, 1750, 1660, 1520, 1340, 1390, 1700, 1790]}),
        ("PP-06.2", "Klientu apmierinātība ar dienas aprūpi", "%", "higher", 85, F.YEARLY,
         "Klientu aptauja", {2024: [88], 2025: [83]}),
    ],
    "PP-07": [
        ("PP-07.1", "Izsniegtas zupas porcijas", "porcijas", "higher", None, F.QUARTERLY,
         "Zupas virtuves uzskaite",
         {2024: [6850, 5720, 5480, 6550], 2025: [6980, 5810, 5530, 6700],
          2026: [7050, 5900, 5620]}),
        ("PP-07.2", "Naktspatversmes noslodze", "%", "lower", 100, F.QUARTERLY,
         "Nakšņotāju uzskaite", {2024: [104, 82, 71, 97], 2025: [99, 78, 69, 95],
                                 2026: [101, 80, 73]}),
    ],
}

REPORT_CONCLUSIONS = (
    "2025. gadā izskatīti 6248 iesniegumi – vairāk nekā gadu iepriekš; termiņā izskatīto "
    "iesniegumu īpatsvars 2. ceturksnī (97,1 %) bija zem mērķa, jo trūka divu sociālās "
    "palīdzības organizatoru. Pēc vakanču aizpildīšanas termiņi atkal tiek ievēroti.\n"
    "Izmaksātie pabalsti (1 072 410 EUR) iekļāvās budžetā. Trūcīgas personas statuss "
    "piešķirts 2167 personām (2024. gadā – 2821).\n"
    "2026. gadā: ieviest iesniegumu termiņu atgādinājumus SOPA un pārskatīt iesniegumu "
    "pieņemšanas kārtību."
)


def _periods(frequency: str, year: int) -> list[dt.date]:
    months = {F.MONTHLY: range(1, 13), F.QUARTERLY: (1, 4, 7, 10), F.YEARLY: (1,)}[frequency]
    return [dt.date(year, m, 1) for m in months]


def _entered_at(frequency: str, start: dt.date) -> dt.datetime:
    months = {F.MONTHLY: 1, F.QUARTERLY: 3, F.YEARLY: 12}[frequency]
    month = start.month - 1 + months
    end = dt.date(start.year + month // 12, month % 12 + 1, 1)
    return min(dt.datetime(end.year, end.month, end.day, 9, 0, tzinfo=dt.UTC)
               + dt.timedelta(days=10), CUTOFF)


def load_processes(actor, positions: dict) -> None:
    processes = {}
    with transaction.atomic():
        for code, name, kind, owner in PROCESSES:
            unit_code, title = owner.split("/", 1)
            position = positions[(unit_code, title)]
            purpose, inputs, outputs, resources, clauses = DESCRIPTIONS[code]
            processes[code] = create_process(
                actor=actor, code=code, name=name, kind=kind, owner_position_id=position.id,
                unit_ids=[position.unit_id], purpose=purpose, inputs="\n".join(inputs),
                outputs="\n".join(outputs), resources=resources, iso_clauses=clauses,
                now=dt.datetime(2024, 1, 8, 9, 0, tzinfo=dt.UTC))
        for process_code, indicators in INDICATORS.items():
            process = processes[process_code]
            for code, name, unit, direction, target, frequency, source, values in indicators:
                indicator = services.create_indicator(
                    process, actor=actor, now=dt.datetime(2024, 1, 8, 10, 0, tzinfo=dt.UTC),
                    code=code, name=name, unit_of_measure=unit, direction=direction,
                    target=Decimal(str(target)) if target is not None else None,
                    frequency=frequency, data_source=source,
                    owner_position_id=process.owner_position_id)
                for year, figures in values.items():
                    for start, figure in zip(_periods(frequency, year), figures, strict=False):
                        services.record_value(indicator, actor=actor,
                                              now=_entered_at(frequency, start),
                                              period_start=start,
                                              value=Decimal(str(figure)))
        services.save_conclusions(processes["PP-01"], 2025, actor=actor,
                                  now=REPORT_APPROVED_AT - dt.timedelta(days=3),
                                  conclusions=REPORT_CONCLUSIONS)


def approve_demo_report(actor) -> None:
    """Approve the 2025 report of PP-01. Called after the audits and nonconformities are
    loaded, so that the frozen report includes them."""
    from sqlalchemy import select

    from qms.extensions import db
    from qms.processes.models import Process

    process = db.session.scalar(select(Process).where(Process.code == "PP-01"))
    if process is not None:
        services.approve_report(process, 2025, actor=actor, now=REPORT_APPROVED_AT)
