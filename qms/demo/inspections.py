"""Demo register of external inspections 2024–2026: 27–30 inspections a year by the real
supervisory bodies, their acts, prescriptions and recommendations with deadlines and
responsible unit heads, the responses, a few raised as nonconformities, and follow-up
inspections linked to the first.

As in the audits demo, every step goes through the services on one timeline with increasing
``now`` values, and nothing happens after the cut-off (so the 2026 prescriptions are partly
open, some overdue).
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from qms.audits.models import Audit, AuditType
from qms.demo.audits import (
    AUDITS,
    CUTOFF,
    SEED,
    Timeline,
    at,
    follow_nonconformity,
    later,
    person,
    read_old_notifications,
    unit,
    workday,
)
from qms.extensions import db
from qms.inspections import services
from qms.inspections.defaults import install_default_authorities
from qms.inspections.models import (
    Authority,
    Inspection,
    InspectionResult,
    Prescription,
    PrescriptionKind,
)

CUTOFF_DAY = dt.date(2026, 11, 20)


def P(text: str, legal: str, response: str, **story) -> dict:
    return dict(kind=PrescriptionKind.PRESCRIPTION, text=text, legal=legal,
                response=response, story=story or None)


def R(text: str, response: str, legal: str = "") -> dict:
    return dict(kind=PrescriptionKind.RECOMMENDATION, text=text, legal=legal,
                response=response, story=None)


def _story(correction, whys, root, cat, action, done, criteria, verified, **more) -> dict:
    return dict(correction=correction, whys=whys, root=root, cat=cat, action=action, done=done,
                criteria=criteria, verified=verified, **more)


FRIDGE = _story(
    "Ledusskapja temperatūra pārbaudīta; medikamenti, kas uzglabāti ārpus režīma, izņemti un "
    "aizstāti.",
    ["Temperatūra netika reģistrēta.",
     "Reģistrēšana nav iekļauta medicīnas māsu maiņas pienākumos.",
     "Medikamentu uzglabāšanas kārtība nav aktualizēta vairākus gadus."],
    "Medikamentu uzglabāšanas kārtība nav aktualizēta un neietver temperatūras kontroli.",
    "methods",
    "Aktualizēt medikamentu uzglabāšanas kārtību un ieviest temperatūras uzskaiti divreiz dienā",
    "Kārtība apstiprināta; uzskaites lapas un min/max termometri visos ledusskapjos.",
    "Divu mēnešu uzskaite bez iztrūkumiem; temperatūra 2–8 °C.",
    "Pārbaudītas uzskaites lapas par 2 mēnešiem — pilnīgas, noviržu nav.")
EVACUATION = _story(
    "Evakuācijas ceļš atbrīvots tajā pašā dienā.",
    ["Mēbeles novietotas gaitenī.", "Pēc remonta mēbelēm nebija vietas noliktavā.",
     "Remonta plānā netika paredzēta mēbeļu pagaidu uzglabāšana."],
    "Remontdarbu plānošanā netiek vērtēta ietekme uz evakuācijas ceļiem.", "premises",
    "Papildināt remontdarbu plānošanas kārtību ar ugunsdrošības ietekmes izvērtējumu",
    "Kārtība papildināta; saimniecības pārzinis instruēts.",
    "Ikmēneša apsekojumos evakuācijas ceļi brīvi.",
    "Trīs ikmēneša apsekojumi — evakuācijas ceļi brīvi.", by="vietnieks")
HACCP = _story(
    "Atdzesēšanas režīms ievērots no nākamās dienas; pavāri instruēti.",
    ["Atdzesēšanas posms netiek kontrolēts.",
     "Ēdienkartē vairāk iepriekš gatavotu ēdienu nekā agrāk.",
     "HACCP plāns netika pārskatīts pēc ēdienkartes maiņas."],
    "HACCP plāns netiek pārskatīts, mainot ēdienkarti vai gatavošanas procesu.", "methods",
    "Pārskatīt HACCP plānu un ieviest atdzesēšanas temperatūras uzskaiti",
    "HACCP plāns pārskatīts; uzskaite ieviesta; pavāri apmācīti.",
    "Divu mēnešu uzskaitē atdzesēšana 2 stundu laikā līdz +8 °C.",
    "Pārbaudītas uzskaites lapas — režīms ievērots.")
RISK_ASSESSMENT = _story(
    "Aprūpētājiem izsniegti slīdpaklāji; pagaidu darba instrukcija.",
    ["Riska novērtējums nav veikts.",
     "Darba aizsardzības speciālists ir ārpakalpojumā ar ierobežotu apjomu.",
     "Līgumā nav iekļauts riska novērtējums visiem amatiem."],
    "Darba aizsardzības ārpakalpojuma līguma apjoms neaptver visus amatus.", "management",
    "Papildināt līgumu un veikt riska novērtējumu visiem aprūpētāju amatiem",
    "Riska novērtējums veikts; pasākumu plāns apstiprināts.",
    "Visiem aprūpētāju amatiem spēkā esošs riska novērtējums.",
    "Pārbaudīti riska novērtējumi visiem aprūpētāju amatiem.", by="vietnieks",
    budget="2400.00", cost="2250.00")
CARE_PLANS = _story(
    "Plāni izstrādāti visiem klientiem mēneša laikā pēc pārbaudes.",
    ["Plāni nav izstrādāti termiņā.",
     "Jauno klientu bija vairāk, nekā plānots; sociālais darbinieks nepaspēja.",
     "Slodze nav pārskatīta pēc vietu skaita palielināšanas."],
    "Sociālā darbinieka slodze nav pārskatīta pēc vietu skaita pieauguma.", "management",
    "Pārdalīt pienākumus un uzdot plānu sagatavošanu arī sociālajam rehabilitētājam",
    "Amatu apraksti grozīti; plānu sagatavošana sadalīta.",
    "Visiem jaunajiem klientiem plāns izstrādāts mēneša laikā.",
    "Trīs mēnešos 14 jauni klienti — visiem plāns mēneša laikā.")
SANITARY = _story(
    "Bojātās vietas norobežotas; noteikts pagaidu tīrīšanas režīms.",
    ["Virsmas bojātas.", "Remonts atlikts budžeta trūkuma dēļ.",
     "Remontdarbi netiek prioritizēti pēc higiēnas riska."],
    "Remontdarbu prioritātes netiek noteiktas pēc riska klientiem.", "premises",
    "Veikt sanitāro telpu remontu un ieviest remontdarbu prioritizēšanu pēc riska",
    "Remonts pabeigts (pieņemšanas akts); prioritāšu saraksts ieviests.",
    "Atkārtotā pārbaudē nav piezīmju; remontdarbu saraksts ar prioritātēm.",
    "Atkārtotā pārbaudē piezīmju nav.", by="vietnieks", budget="3500.00", cost="3280.00")

VI_HYGIENE = [
    P("Nodrošināt dezinfekcijas līdzekļu lietošanas uzskaiti visās nodaļās un izvietot darba "
      "šķīdumu pagatavošanas instrukcijas.", "Epidemioloģiskās drošības likums",
      "Uzskaites žurnāli ieviesti visās nodaļās; instrukcijas izvietotas."),
    P("Novērst sienu un grīdas seguma bojājumus sanitārajās telpās, nodrošinot mitrumizturīgu, "
      "viegli tīrāmu virsmu.", "MK 338", "Remonts veikts, pieņemšanas akts pievienots.",
      **SANITARY),
    P("Nodrošināt, ka personāla darba apģērbs tiek glabāts atsevišķi no personīgā apģērba.",
      "Epidemioloģiskās drošības likums", "Ģērbtuvēs uzstādīti divdaļīgi skapji."),
    P("Veikt karstā ūdens temperatūras kontroli tālākajos ņemšanas punktos un reģistrēt to.",
      "Epidemioloģiskās drošības likums",
      "Ikmēneša mērījumi ieviesti; temperatūra visos punktos ne zemāka par 50 °C."),
    P("Nodrošināt netīrās un tīrās veļas šķirošanu atsevišķās zonās.",
      "Epidemioloģiskās drošības likums", "Veļas telpā izveidotas nodalītas zonas."),
    P("Nodrošināt roku higiēnas līdzekļus visās sanitārajās telpās.",
      "Epidemioloģiskās drošības likums", "Dozatori uzstādīti; uzpildes grafiks noteikts."),
    R("Ieteicams aktualizēt rīcības plānu infekcijas slimību uzliesmojuma gadījumam.",
      "Rīcības plāns aktualizēts un saskaņots ar ģimenes ārstu."),
    R("Ieteicams organizēt personāla apmācību par roku higiēnu.",
      "Apmācība notikusi (2 grupas, 41 darbinieks)."),
]
VI_MEDICINE = [
    P("Nodrošināt medikamentu ledusskapja temperatūras reģistrēšanu divas reizes dienā.",
      "Ārstniecības likums", "Temperatūras uzskaite ieviesta; termometri ar min/max "
      "rādījumu.", **FRIDGE),
    P("Nodrošināt, ka medikamentu izsniegšanas lapās katra deva tiek atzīmēta ar izsniedzēja "
      "parakstu.", "Ārstniecības likums", "Izsniegšanas lapas pārstrādātas; māsas instruētas."),
    P("Izņemt no apgrozības medikamentus ar beigušos derīguma termiņu un ieviest termiņu "
      "pārbaudi.", "Ārstniecības likums", "Ikmēneša derīguma termiņu pārbaude ieviesta."),
    R("Ieteicams ieviest elektronisku medikamentu uzskaiti.",
      "Izvērtēts; iekļauts nākamā gada budžeta pieprasījumā."),
]
EXTINGUISHERS = _story(
    "Aparāti nodoti apkopei, to vietā uzstādīti rezerves aparāti.",
    ["Apkopes termiņš beidzies.", "Termiņus redz tikai uz aparātu birkām.",
     "Ugunsdzēsības aparātiem nav centralizētas uzskaites."],
    "Ugunsdzēsības aparātu apkopes termiņi netiek uzraudzīti centralizēti.", "equipment",
    "Izveidot ugunsdzēsības aparātu reģistru ar apkopes termiņiem visām ēkām",
    "Reģistrs izveidots; apkopes līgums ar atgādinājumu noslēgts.",
    "Nevienam aparātam nav beidzies apkopes termiņš.",
    "Apsekotas visas ēkas — visiem aparātiem derīgs apkopes termiņš.", by="vietnieks",
    budget="380.00", cost="352.40")
HEALTH_CHECKS = _story(
    "Darbinieki nosūtīti uz veselības pārbaudi nedēļas laikā.",
    ["Pārbaudes nav veiktas laikā.",
     "Nosūtījumus izsniedz, kad darbinieks pats atgādina.",
     "Personāla uzskaitē nav pārbaužu termiņu kontroles."],
    "Obligāto veselības pārbaužu termiņi nav iekļauti personāla uzskaitē.", "methods",
    "Iekļaut veselības pārbaužu termiņus personāla uzskaitē ar atgādinājumu mēnesi iepriekš",
    "Termiņi iekļauti; ikmēneša saraksts vadītājiem.",
    "Nevienam darbiniekam nav nokavēta obligātā veselības pārbaude.",
    "Pārbaudītas 40 personāla lietas — termiņi ievēroti.")

VUGD = [
    P("Veikt ugunsdzēsības aparātu tehnisko apkopi aparātiem ar beigušos apkopes termiņu "
      "(3 gab.).", "MK 238", "Apkope veikta, akts pievienots.", **EXTINGUISHERS),
    P("Atbrīvot evakuācijas ceļu 1. stāva gaitenī no novietotām mēbelēm un aprīkojuma.",
      "MK 238", "Evakuācijas ceļš atbrīvots; mēbeles pārvietotas uz noliktavu.", **EVACUATION),
    P("Aktualizēt objekta ugunsdrošības instrukciju un evakuācijas plānus atbilstoši telpu "
      "izmaiņām.", "MK 238", "Instrukcija un plāni aktualizēti; darbinieki iepazīstināti."),
    P("Veikt praktiskās mācības personāla rīcībai ugunsgrēka gadījumā un dokumentēt tās.",
      "MK 238", "Mācības notikušas; protokols un dalībnieku saraksts pievienots."),
    P("Nodrošināt automātiskās ugunsgrēka atklāšanas un trauksmes signalizācijas sistēmas "
      "ikgadējo pārbaudi.", "MK 238", "Pārbaude veikta; sistēma darbojas (apkopes akts)."),
    P("Nodrošināt evakuācijas izeju durvju atvēršanos no iekšpuses bez atslēgas.", "MK 238",
      "Uzstādīti panikas rokturi divām durvīm."),
    R("Ieteicams izvietot evakuācijas shēmas arī ar piktogrammām klientiem.",
      "Shēmas ar piktogrammām izvietotas visos stāvos."),
]
PVD = [
    P("Papildināt paškontroles (HACCP) sistēmu ar kritisko kontroles punktu ēdiena "
      "atdzesēšanas posmā.", "Regula (EK) Nr. 852/2004",
      "HACCP plāns papildināts; atdzesēšanas uzskaite ieviesta.", **HACCP),
    P("Nodrošināt temperatūras uzskaiti visās noliktavas aukstuma iekārtās.",
      "Regula (EK) Nr. 852/2004", "Uzskaites lapas ieviestas visām iekārtām."),
    P("Novērst grīdas seguma bojājumus trauku mazgāšanas zonā.", "Regula (EK) Nr. 852/2004",
      "Grīdas segums nomainīts."),
    P("Marķēt atvērtos produktu iepakojumus ar atvēršanas datumu.",
      "Regula (EK) Nr. 852/2004", "Marķēšana ieviesta; darbinieki instruēti."),
    P("Nodrošināt, ka visiem virtuves darbiniekiem ir derīgas obligātās veselības pārbaudes.",
      "Pārtikas aprites uzraudzības likums", "Pārbaudes veiktas visiem virtuves darbiniekiem."),
    R("Ieteicams apmācīt virtuves darbiniekus par alergēnu informācijas sniegšanu.",
      "Apmācība notikusi; alergēnu tabula izvietota."),
]
VDI = [
    P("Veikt darba vides riska novērtējumu aprūpētāju amatiem, ietverot smagumu "
      "pārvietošanu un psihoemocionālo slodzi.", "Darba aizsardzības likums; MK 660",
      "Riska novērtējums veikts; pasākumu plāns apstiprināts.", **RISK_ASSESSMENT),
    P("Nodrošināt obligātās veselības pārbaudes četriem darbiniekiem, kuriem beidzies termiņš.",
      "Darba aizsardzības likums; MK 219", "Pārbaudes veiktas; atzinumi personāla lietās.",
      **HEALTH_CHECKS),
    P("Veikt atkārtoto darba aizsardzības instruktāžu un reģistrēt to instruktāžas žurnālā.",
      "Darba aizsardzības likums", "Instruktāža veikta; ieraksti žurnālā."),
    P("Nodrošināt aprūpētājus ar individuālajiem aizsardzības līdzekļiem un uzskaitīt to "
      "izsniegšanu.", "Darba aizsardzības likums",
      "Līdzekļi iegādāti; izsniegšanas uzskaite ieviesta."),
    P("Nodrošināt summētā darba laika uzskaiti nakts darbā.", "Darba likums",
      "Summētā darba laika uzskaite ieviesta no nākamā mēneša."),
    R("Ieteicams nodrošināt aprūpētājiem pārvietošanas palīglīdzekļus (slīdpaklāji, "
      "pacēlāji).", "Iegādāti 6 slīdpaklāji un 1 mobilais pacēlājs."),
]
LM = [
    P("Nodrošināt, ka katram klientam individuālais plāns izstrādāts mēneša laikā no "
      "pakalpojuma uzsākšanas.", "MK 338",
      "Plāni izstrādāti visiem klientiem; ieviesta termiņu kontrole.", **CARE_PLANS),
    P("Aktualizēt iekšējās kārtības noteikumus klientiem un iepazīstināt klientus ar tiem "
      "pret parakstu.", "MK 338", "Noteikumi aktualizēti; klienti iepazīstināti."),
    P("Nodrošināt sociālo darbinieku kvalifikācijas celšanu ne mazāk kā 24 stundas gadā.",
      "Sociālo pakalpojumu un sociālās palīdzības likums",
      "Apmācību plāns izpildīts; visiem sociālajiem darbiniekiem vismaz 24 h."),
    P("Aktualizēt datus Sociālo pakalpojumu sniedzēju reģistrā par vietu skaitu un adresēm.",
      "MK 385", "Dati reģistrā aktualizēti."),
    P("Izvietot pakalpojuma sniegšanas vietā informāciju par sūdzību iesniegšanas kārtību.",
      "MK 338", "Informācija izvietota un publicēta tīmekļvietnē."),
    R("Ieteicams pilnveidot klientu apmierinātības izpēti, iesaistot klientu piederīgos.",
      "Aptaujā iekļauti piederīgie; rezultāti apkopoti."),
    R("Ieteicams veikt pakalpojuma kvalitātes pašnovērtējumu pēc vienotas metodikas.",
      "Pašnovērtējums veikts; rezultāti vadības pārskatā."),
]
DVI = [
    P("Aktualizēt personas datu apstrādes darbību reģistru, norādot glabāšanas termiņus katram "
      "apstrādes mērķim.", "Regula (ES) 2016/679",
      "Reģistrs aktualizēts; termiņi saskaņoti ar lietu nomenklatūru."),
    P("Izvietot informāciju par videonovērošanu (pārzinis, mērķis, kontakti) pie ieejas.",
      "Regula (ES) 2016/679", "Informatīvās zīmes izvietotas."),
    R("Ieteicams regulāri apmācīt darbiniekus par personas datu aizsardzību.",
      "E-apmācība ieviesta; to pabeiguši 180 darbinieki."),
    R("Ieteicams reizi pusgadā pārskatīt piekļuves tiesības klientu lietām.",
      "Piekļuves tiesību pārskatīšana ieviesta."),
]
VBTAI = [
    P("Nodrošināt, ka bērnu individuālajos plānos tiek dokumentēts bērna viedoklis.",
      "Bērnu tiesību aizsardzības likums", "Plāna veidlapa papildināta; viedoklis dokumentēts."),
    P("Nodrošināt bērniem pieejamu sūdzību iesniegšanas iespēju un sūdzību reģistrēšanu.",
      "Bērnu tiesību aizsardzības likums",
      "Sūdzību kastīte izvietota; uzticības persona nozīmēta."),
    P("Nodrošināt darbinieku apmācību bērnu tiesību aizsardzības jomā.",
      "Bērnu tiesību aizsardzības likums", "Apmācīti 12 darbinieki; apliecības pievienotas."),
    R("Ieteicams pilnveidot sadarbību ar bāriņtiesu par bērnu atgriešanos ģimenē.",
      "Noslēgta sadarbības vienošanās; ikmēneša sanāksmes."),
]
VK = [
    R("Ieteicams izstrādāt vienotu sociālo pakalpojumu izmaksu aprēķina metodiku.",
      "Metodika izstrādāta un apstiprināta.", "Valsts kontroles likums"),
    R("Ieteicams noteikt sociālās palīdzības rezultatīvos rādītājus un tos publicēt.",
      "Rādītāji noteikti un publicēti gada pārskatā.", "Valsts kontroles likums"),
]
PIA = [
    R("Ieteicams noteikt četru acu principu pabalstu izmaksu sarakstu apstiprināšanā.",
      "Izmaksu sarakstus apstiprina divi darbinieki."),
    R("Ieteicams iepirkumu plānā iekļaut visus ilgtermiņa pakalpojumu līgumus.",
      "Iepirkumu plāns papildināts."),
    R("Ieteicams klientu pensiju daļas izlietojuma pārskatus sniegt klientiem katru "
      "ceturksni.", "Ceturkšņa pārskati ieviesti."),
    R("Ieteicams dokumentēt avansa norēķinu pārbaudi.", "Pārbaudes lapa ieviesta."),
]
SERT = [
    R("Sertifikācijas institūcijas uzlabojuma iespējas izvērtēt iekšējo auditu ziņojuma "
      "ietvaros un iekļaut uzlabojumu reģistrā.",
      "Izvērtēts; uzlabojumi iekļauti uzlabojumu reģistrā."),
]

INSPECTORS = {
    "VI": ["L. Ozoliņa (vecākā inspektore)", "J. Bērziņš (inspektors)",
           "A. Krastiņa (inspektore)", "I. Vanaga (vecākā inspektore)"],
    "VUGD": ["kapteinis E. Lūsis", "virsleitnante D. Priede", "leitnants K. Saulītis"],
    "PVD": ["S. Kļaviņa (pārtikas inspektore)", "R. Šmits (inspektors)"],
    "VDI": ["M. Dzene (valsts darba inspektore)", "V. Eglītis (valsts darba inspektors)"],
    "LM": ["I. Rozīte (vecākā eksperte)", "G. Roze (eksperts)", "L. Jansone (eksperte)"],
    "DVI": ["E. Zeltiņa (juriskonsulte)", "K. Ābele (vecākā inspektore)"],
    "VBTAI": ["L. Apine (inspektore)", "A. Celmiņa (vecākā inspektore)"],
    "VK": ["D. Liepa (revidente)", "O. Kļava (revidents)", "S. Jaunzeme (revidente)"],
    "PIA": ["S. Vilka (iekšējā auditore)", "T. Bite (iekšējais auditors)"],
    "SERT": ["J. Kalns (vadošais auditors)", "M. Jēkabsone (auditore)"],
}


def _act(authority: str, year: int, rng: random.Random) -> str:
    n = rng.randint(100, 2999)
    return {
        "VI": f"Nr. 4.6-{rng.randint(1, 9)}/{n}",
        "VUGD": f"Nr. 22/10-1.5/{n}",
        "PVD": f"Nr. PVD-{year}-{rng.randint(100, 9999):04d}",
        "VDI": f"Nr. 11-10/{year}/{n}",
        "LM": f"Nr. 2.3-5/{n}",
        "DVI": f"Nr. 2-1.3/{n}",
        "VBTAI": f"Nr. 1-13/{n}",
        "VK": f"Nr. 2.4.1-{rng.randint(10, 60)}/{year}",
        "PIA": f"PIA-{year}/{rng.randint(1, 12):02d}",
        "SERT": f"Ziņojums Nr. {year}-{rng.randint(100, 999):04d}",
    }[authority]


def K(authority, unit_code, subject, legal, service, pool, p=0.4, days=(0, 0),
      responsible=None) -> dict:
    return dict(authority=authority, unit=unit_code, subject=subject, legal=legal,
                service=service, pool=pool, p=p, days=days, responsible=responsible)


LTC = "Ilgstošā sociālā aprūpe un sociālā rehabilitācija"
KINDS = {
    "VI_PSAC": K("VI", "PSAC", "Higiēnas un pretepidēmijas prasību ievērošana ilgstošās "
                 "sociālās aprūpes institūcijā", "Epidemioloģiskās drošības likums; MK 338",
                 LTC, VI_HYGIENE, p=0.55),
    "VI_PSAC_MED": K("VI", "PSAC", "Medikamentu uzglabāšana un veselības aprūpes "
                     "dokumentācija", "Ārstniecības likums; MK 338", LTC, VI_MEDICINE, p=0.5),
    "VI_PSAC_WATER": K("VI", "PSAC", "Karstā ūdens sistēmas uzraudzība (legionellu riska "
                       "novērtējums)", "Epidemioloģiskās drošības likums", LTC, VI_HYGIENE[3:4],
                       p=0.3),
    "VI_BSAC": K("VI", "BSAC", "Higiēnas prasību ievērošana bērnu aprūpes centrā",
                 "Epidemioloģiskās drošības likums; MK 338", "Ilgstošā sociālā aprūpe bērniem",
                 VI_HYGIENE, p=0.45),
    "VI_BSAC_DAY": K("VI", "BSAC", "Dienas aprūpes grupas pirmsskolas bērniem ar "
                     "funkcionāliem traucējumiem higiēnas prasības", "MK 890",
                     "Dienas aprūpe bērniem", VI_HYGIENE, p=0.3),
    "VI_PNS": K("VI", "PNS", "Sanitāri higiēniskais stāvoklis patversmē un naktspatversmē",
                "Epidemioloģiskās drošības likums; MK 338", "Patversme un naktspatversme",
                VI_HYGIENE, p=0.5),
    "VUGD_PSAC": K("VUGD", "PSAC", "Ugunsdrošības prasību ievērošana aprūpes centra ēkā",
                   "Ugunsdrošības un ugunsdzēsības likums; MK 238", LTC, VUGD, p=0.5),
    "VUGD_BSAC": K("VUGD", "BSAC", "Ugunsdrošības prasību ievērošana bērnu aprūpes centrā",
                   "Ugunsdrošības un ugunsdzēsības likums; MK 238",
                   "Ilgstošā sociālā aprūpe bērniem", VUGD, p=0.4),
    "VUGD_PNS": K("VUGD", "PNS", "Ugunsdrošība patversmē, naktspatversmē un atskurbtuvē",
                  "Ugunsdrošības un ugunsdzēsības likums; MK 238",
                  "Patversme un naktspatversme", VUGD, p=0.5),
    "VUGD_SD": K("VUGD", "SD", "Ugunsdrošība administrācijas ēkā (klientu pieņemšana)",
                 "Ugunsdrošības un ugunsdzēsības likums; MK 238", "Administrācija", VUGD,
                 p=0.3, responsible="vietnieks"),
    "PVD_PSAC": K("PVD", "PSAC", "Virtuves higiēnas prasības un paškontroles sistēma",
                  "Pārtikas aprites uzraudzības likums; Regula (EK) Nr. 852/2004",
                  "Ēdināšana (virtuve)", PVD, p=0.45),
    "PVD_BSAC": K("PVD", "BSAC", "Bērnu ēdināšanas higiēnas prasības",
                  "Pārtikas aprites uzraudzības likums; Regula (EK) Nr. 852/2004",
                  "Ēdināšana (virtuve)", PVD, p=0.35),
    "PVD_PNS": K("PVD", "PNS", "Zupas virtuves higiēnas prasības",
                 "Pārtikas aprites uzraudzības likums; Regula (EK) Nr. 852/2004",
                 "Zupas virtuve", PVD, p=0.4),
    "VDI_PSAC": K("VDI", "PSAC", "Darba aizsardzības sistēma: darba vides riska "
                  "novērtējums aprūpētāju darba vietās", "Darba aizsardzības likums; MK 660",
                  LTC, VDI, p=0.5),
    "VDI_AAB": K("VDI", "AAB", "Aprūpētāju darba apstākļi mājas aprūpē (smagumu "
                 "pārvietošana, darba laiks)", "Darba aizsardzības likums; Darba likums",
                 "Aprūpe mājās", VDI, p=0.45),
    "VDI_PNS": K("VDI", "PNS", "Nakts darba organizācija un darba laika uzskaite",
                 "Darba likums; Darba aizsardzības likums", "Patversme un naktspatversme",
                 VDI[2:], p=0.4),
    "VDI_SD": K("VDI", "SD", "Obligāto veselības pārbaužu organizēšana",
                "Darba aizsardzības likums; MK 219", "Personāla vadība", VDI[1:3], p=0.35,
                responsible="vietnieks"),
    "LM_PSAC": K("LM", "PSAC", "Sociālo pakalpojumu sniedzēja atbilstība prasībām: "
                 "ilgstošā sociālā aprūpe", "Sociālo pakalpojumu un sociālās palīdzības "
                 "likums; MK 338", LTC, LM, p=0.5, days=(1, 2)),
    "LM_AAB": K("LM", "AAB", "Aprūpes mājās pakalpojuma kvalitāte",
                "Sociālo pakalpojumu un sociālās palīdzības likums; MK 338", "Aprūpe mājās",
                LM, p=0.4, days=(1, 1)),
    "LM_BSAC": K("LM", "BSAC", "Krīzes centra ģimenēm ar bērniem pakalpojuma atbilstība",
                 "Sociālo pakalpojumu un sociālās palīdzības likums; MK 338",
                 "Krīzes centrs", LM, p=0.4, days=(1, 1)),
    "LM_PNS": K("LM", "PNS", "Patversmes un naktspatversmes pakalpojuma atbilstība prasībām",
                "Sociālo pakalpojumu un sociālās palīdzības likums; MK 338",
                "Patversme un naktspatversme", LM, p=0.4, days=(1, 1)),
    "LM_SD": K("LM", "SD", "Sociālo pakalpojumu sniedzēju reģistra datu aktualitāte",
               "MK 385", "Administrācija", LM[3:4], p=0.3, responsible="kvalitate"),
    "LM_SPN": K("LM", "SPN", "Sociālās palīdzības piešķiršanas tiesiskums",
                "Sociālo pakalpojumu un sociālās palīdzības likums", "Sociālā palīdzība",
                LM[5:], p=0.4, days=(1, 2)),
    "DVI_SD": K("DVI", "SD", "Personas datu apstrāde klientu lietās",
                "Regula (ES) 2016/679; Fizisko personu datu apstrādes likums",
                "Administrācija", DVI, p=0.5, responsible="kvalitate"),
    "DVI_SPN": K("DVI", "SPN", "Videonovērošana klientu pieņemšanas telpās",
                 "Regula (ES) 2016/679; Fizisko personu datu apstrādes likums",
                 "Sociālā palīdzība", DVI[1:], p=0.5),
    "VBTAI_BSAC": K("VBTAI", "BSAC", "Bērnu tiesību ievērošana ārpusģimenes aprūpes iestādē",
                    "Bērnu tiesību aizsardzības likums; MK 338",
                    "Ilgstošā sociālā aprūpe bērniem", VBTAI, p=0.5, days=(1, 1)),
    "VBTAI_CRISIS": K("VBTAI", "BSAC", "Krīzes centrā ievietoto bērnu tiesību nodrošināšana",
                      "Bērnu tiesību aizsardzības likums", "Krīzes centrs", VBTAI, p=0.4),
    "VBTAI_AN": K("VBTAI", "AN", "Darbs ar ģimenēm ar bērniem sociālā riska situācijā",
                  "Bērnu tiesību aizsardzības likums", "Darbs ar ģimenēm ar bērniem", VBTAI,
                  p=0.4, days=(1, 1)),
    "VK_SD": K("VK", "SD", "Sociālās palīdzības un sociālo pakalpojumu finansējuma "
               "izlietojuma lietderība (revīzija pašvaldībās)", "Valsts kontroles likums",
               "Sociālā palīdzība un pakalpojumi", VK, p=1.0, days=(25, 40),
               responsible="direktore"),
    "PIA_SD": K("PIA", "SD", "Iepirkumu un līdzekļu izlietojuma kontrole",
                "Pašvaldības iekšējā audita nolikums", "Finanses un iepirkumi", PIA[1:2] +
                PIA[3:], p=0.8, days=(5, 10), responsible="vietnieks"),
    "PIA_SPN": K("PIA", "SPN", "Pabalstu piešķiršanas un izmaksas kontroles sistēma",
                 "Pašvaldības iekšējā audita nolikums", "Sociālā palīdzība", PIA[:1], p=0.7,
                 days=(5, 10)),
    "PIA_PSAC": K("PIA", "PSAC", "Klientu līdzekļu (pensijas daļas) uzskaite un izlietojums",
                  "Pašvaldības iekšējā audita nolikums", LTC, PIA[2:3], p=0.7, days=(3, 6)),
    "SERT": K("SERT", None, "ISO 9001:2015 sertifikācijas institūcijas audits",
              "LVS EN ISO 9001:2015; sertifikācijas līgums", "Kvalitātes vadības sistēma", SERT,
              p=1.0, responsible="kvalitate"),
}

YEAR_PLAN = {
    2024: ["VI_PSAC", "VI_PSAC_MED", "VI_BSAC", "VI_BSAC_DAY", "VI_PNS", "VI_PSAC_WATER",
           "VUGD_PSAC", "VUGD_BSAC", "VUGD_PNS", "VUGD_SD", "PVD_PSAC", "PVD_BSAC", "PVD_PNS",
           "VDI_PSAC", "VDI_AAB", "LM_PSAC", "LM_AAB", "LM_BSAC", "DVI_SD", "VBTAI_BSAC",
           "VBTAI_AN", "VK_SD", "PIA_SPN", "PIA_SD", "SERT", "VDI_PNS"],
    2025: ["VI_PSAC", "VI_PSAC_MED", "VI_BSAC", "VI_BSAC_DAY", "VI_PNS", "VI_PSAC_WATER",
           "VUGD_PSAC", "VUGD_BSAC", "VUGD_PNS", "VUGD_SD", "PVD_PSAC", "PVD_BSAC", "PVD_PNS",
           "PVD_PNS", "VDI_PSAC", "VDI_PNS", "VDI_SD", "LM_PSAC", "LM_PNS", "LM_SD", "LM_SPN",
           "DVI_SPN", "VBTAI_BSAC", "VBTAI_CRISIS", "PIA_PSAC", "PIA_SD", "SERT"],
    2026: ["VI_PSAC", "VI_PSAC_MED", "VI_BSAC", "VI_BSAC_DAY", "VI_PNS", "VUGD_PSAC",
           "VUGD_BSAC", "VUGD_PNS", "VUGD_SD", "PVD_PSAC", "PVD_BSAC", "PVD_PNS", "VDI_PSAC",
           "VDI_AAB", "VDI_SD", "LM_PSAC", "LM_AAB", "LM_BSAC", "LM_PNS", "DVI_SD",
           "VBTAI_BSAC", "VBTAI_AN", "PIA_SPN", "PIA_SD", "SERT", "VI_PSAC_WATER"],
}
FOLLOW_UPS = {2024: 3, 2025: 3, 2026: 2}
NCS_PER_YEAR = 2
FOLLOW_UP_AUTHORITIES = ("VI", "VUGD", "PVD", "VBTAI")


class InspectionDemo:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.tl = Timeline()
        self.qm = person("kvalitate")
        self.authorities = {a.short_name: a for a in db.session.scalars(select(Authority))}
        self.records: dict[str, int] = {}  # plan key -> inspection id

    # planning: every inspection with its outcome, decided before anything is written -------

    def plan_year(self, year: int) -> list[dict]:
        rng = self.rng
        keys = list(YEAR_PLAN[year])
        last = CUTOFF_DAY - dt.timedelta(days=3) if year == 2026 else dt.date(year, 12, 12)
        first = dt.date(year, 1, 14)
        span = (last - first).days
        rng.shuffle(keys)
        sert_day = next(a["start"] for a in AUDITS[year] if a.get("external"))
        plans, nc_left = [], NCS_PER_YEAR
        for n, key in enumerate(keys):
            kind = KINDS[key]
            if key == "SERT":
                start = sert_day
            else:
                start = first + dt.timedelta(days=span * n // len(keys) + rng.randint(0, 9))
            start = workday(min(start, last))
            low, high = kind["days"]
            end = workday(start + dt.timedelta(days=rng.randint(low, high)))
            if key == "SERT":
                end = workday(start + dt.timedelta(days=2))
            act_on = later(end, rng, 0 if kind["authority"] in ("VUGD", "PVD") else 3,
                           14 if kind["authority"] not in ("VK",) else 60)
            plan = dict(key=f"{year}-{n}", kind=kind, start=start, end=end, act_on=act_on,
                        act=_act(kind["authority"], year, rng),
                        inspectors=", ".join(rng.sample(INSPECTORS[kind["authority"]],
                                                        k=rng.choice([1, 1, 2]))),
                        items=[], follow_up_of=None)
            if rng.random() < kind["p"]:
                count = rng.choices([1, 2, 3, 4], weights=[45, 30, 15, 10])[0]
                pool = list(kind["pool"])
                picked = rng.sample(pool, k=min(count, len(pool)))
                for entry in picked:
                    raise_nc = bool(entry["story"]) and nc_left > 0
                    nc_left -= raise_nc
                    plan["items"].append(self.timing(plan, dict(entry, raise_nc=raise_nc)))
            plans.append(plan)
        plans.sort(key=lambda p: p["start"])
        if year == 2026:  # the last one's act has not arrived yet
            plans[-1]["act_on"] = CUTOFF_DAY + dt.timedelta(days=10)
        follow_ups = []
        for plan in plans:
            if len(follow_ups) >= FOLLOW_UPS[year]:
                break
            kinds = [i["kind"] for i in plan["items"]]
            if plan["kind"]["authority"] not in FOLLOW_UP_AUTHORITIES or \
                    PrescriptionKind.PRESCRIPTION not in kinds:
                continue
            answers = [i["answer_on"] for i in plan["items"]]
            if None in answers:
                continue
            day = workday(max(max(answers), max(i["deadline"] or i["answer_on"]
                                                for i in plan["items"]))
                          + dt.timedelta(days=rng.randint(10, 30)))
            if day.year != year or day > CUTOFF_DAY:
                continue
            for item in plan["items"]:  # the authority checks what was done: all closed by then
                item["close_on"] = min(item["close_on"] or day, day - dt.timedelta(days=1))
                item["close_on"] = max(item["close_on"], item["answer_on"])
            follow_ups.append(dict(
                key=f"{year}-f{len(follow_ups)}", kind=plan["kind"], start=day, end=day,
                act_on=later(day, rng, 0, 7), act=_act(plan["kind"]["authority"], year, rng),
                inspectors=plan["inspectors"], items=[], follow_up_of=plan["key"],
                follow_up_act=plan["act"]))
        return sorted(plans + follow_ups, key=lambda p: p["start"])

    def timing(self, plan: dict, item: dict) -> dict:
        """The deadline, and when the responsible answers and the quality manager closes it
        (None: not yet — in 2026 some stay open, some answered but not closed)."""
        rng = self.rng
        deadline = None
        if item["kind"] == PrescriptionKind.PRESCRIPTION or rng.random() < 0.6:
            deadline = workday(plan["act_on"] + dt.timedelta(days=rng.choice(
                [30, 30, 45, 60, 60, 90, 120])))
        base = deadline or plan["act_on"] + dt.timedelta(days=rng.randint(40, 90))
        answer_on = workday(base - dt.timedelta(days=rng.randint(-6, 14)))
        answer_on = max(answer_on, later(plan["act_on"], rng, 5, 12))
        close_on = later(answer_on, rng, 2, 15)
        if plan["start"].year == 2026:
            if rng.random() < 0.3:
                answer_on = close_on = None
            elif rng.random() < 0.35:
                close_on = None
        if answer_on is not None and answer_on > CUTOFF_DAY:
            answer_on = close_on = None
        if close_on is not None and close_on > CUTOFF_DAY:
            close_on = None
        return dict(item, deadline=deadline, answer_on=answer_on, close_on=close_on)

    # the events -------------------------------------------------------------------------------

    def values(self, plan: dict, **changes) -> dict:
        kind = plan["kind"]
        subject = kind["subject"]
        if plan["follow_up_of"]:
            subject = f"Atkārtota pārbaude: priekšrakstu izpilde ({plan['follow_up_act']})"
        values = dict(authority_id=self.authorities[kind["authority"]].id,
                      legal_basis=kind["legal"],
                      unit_id=unit(kind["unit"]).id if kind["unit"] else None,
                      service=kind["service"], subject=subject, started_on=plan["start"],
                      ended_on=plan["end"], inspectors=plan["inspectors"], report_reference="",
                      result=InspectionResult.PENDING, notes="",
                      follow_up_of_id=self.records.get(plan["follow_up_of"]))
        values.update(changes)
        return values

    def register(self, now, plan):
        inspection = services.register(actor=self.qm, now=now, **self.values(plan))
        self.records[plan["key"]] = inspection.id
        self.tl.at(at(plan["act_on"], 11, self.rng.randint(0, 50)), self.act, plan)

    def responsible(self, plan) -> object:
        kind = plan["kind"]
        if kind["responsible"]:
            return person(kind["responsible"])
        head = unit(kind["unit"]).head
        return head or self.qm

    def act(self, now, plan):
        rng = self.rng
        inspection = db.session.get(Inspection, self.records[plan["key"]])
        items = plan["items"]
        kinds = {i["kind"] for i in items}
        result = (InspectionResult.PRESCRIPTIONS if PrescriptionKind.PRESCRIPTION in kinds
                  else InspectionResult.RECOMMENDATIONS if items
                  else InspectionResult.NO_REMARKS)
        notes = self.notes(plan, result)
        services.update(inspection, actor=self.qm, now=now, **self.values(
            plan, report_reference=plan["act"], result=result, notes=notes))
        owner = self.responsible(plan)
        for entry in items:
            prescription = services.add_prescription(
                inspection, actor=self.qm, now=self.tl.tick(4), kind=entry["kind"],
                text=entry["text"], deadline_on=entry["deadline"], responsible_id=owner.id,
                legal_reference=entry["legal"])
            if entry["answer_on"]:
                self.tl.at(at(entry["answer_on"], 13, rng.randint(0, 50)), self.respond,
                           prescription.id, owner, entry["response"])
            if entry["close_on"]:
                self.tl.at(at(entry["close_on"], 15, rng.randint(0, 50)), self.close,
                           prescription.id)
            if entry["raise_nc"]:
                self.tl.at(at(later(now.date(), rng, 1, 3), 9, rng.randint(0, 50)),
                           self.raise_nc, prescription.id, owner, entry)

    def notes(self, plan, result) -> str:
        kind = plan["kind"]
        if kind["authority"] == "SERT":
            audit = db.session.scalar(select(Audit).where(
                Audit.type.in_([AuditType.CERTIFICATION, AuditType.SURVEILLANCE]),
                Audit.planned_start == plan["start"]))
            number = audit.number if audit is not None else "—"
            return (f"Audita plāns, konstatējumi un ziņojums reģistrēti iekšējo auditu sadaļā "
                    f"({number}); nebūtiskās neatbilstības tur ir reģistrētas kā "
                    "neatbilstības. Šeit — sertifikācijas institūcijas ieteikumi.")
        if plan["follow_up_of"]:
            return "Pārbaudīta iepriekšējās pārbaudes priekšrakstu izpilde; visi izpildīti."
        if result == InspectionResult.NO_REMARKS:
            return "Pārkāpumi netika konstatēti."
        if result == InspectionResult.RECOMMENDATIONS:
            return "Pārkāpumi netika konstatēti; sniegti ieteikumi."
        return "Konstatētas nepilnības; priekšrakstu izpildi kontrolē kvalitātes vadītāja."

    def respond(self, now, prescription_id, owner, response):
        prescription = db.session.get(Prescription, prescription_id)
        services.respond(prescription, actor=owner, now=now, response=response)

    def close(self, now, prescription_id):
        prescription = db.session.get(Prescription, prescription_id)
        services.close_prescription(prescription, actor=self.qm, now=now)

    def raise_nc(self, now, prescription_id, owner, entry):
        prescription = db.session.get(Prescription, prescription_id)
        record = services.raise_nonconformity(prescription, actor=self.qm, now=now)
        follow_nonconformity(self.tl, self.rng, record, now, entry["story"], owner=owner,
                             verifier=self.qm)


def load_inspections(actor) -> int:
    """The supervisory bodies (if missing) and three years of inspections; returns how many
    inspections were registered."""
    install_default_authorities(actor=actor)
    rng = random.Random(SEED + 1)
    demo = InspectionDemo(rng)
    count = 0
    for year in (2024, 2025, 2026):
        for plan in demo.plan_year(year):
            if plan["start"] > CUTOFF.date():
                continue
            demo.tl.at(at(plan["start"], 14, rng.randint(0, 50)), demo.register, plan)
            count += 1
    demo.tl.run()
    read_old_notifications(rng, ("prescription.assigned", "nc.reported", "nc.assigned",
                                 "action.assigned"))
    return count
