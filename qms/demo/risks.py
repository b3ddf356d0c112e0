"""Demo data: the context of a city social service (internal and external issues), its
interested parties, and a register of risks and opportunities 2024–2026 with treatments,
treatment actions and effectiveness evaluations. Everything goes through the services."""

from __future__ import annotations

import datetime as dt

from qms.demo.audits import at, person, process
from qms.nonconformities import services as nc_services
from qms.risks import services

D = dt.date

# key: kind, category, title, description, effect, processes, status, review_on
ISSUES = {
    "budget": ("external", "economic", "Pašvaldības budžeta samazinājums sociālajai jomai",
               "Domes budžeta projektā 2026. gadam sociālajai jomai plānots par 4 % mazāks "
               "finansējums nekā 2025. gadā; pabalstu pieprasītāju skaits nesamazinās.",
               "Jāpārskata pakalpojumu apjoms un prioritātes, jāmeklē papildu finansējums.",
               ["AP-02", "PP-01", "VP-01"], "active", D(2026, 12, 15)),
    "economy": ("external", "economic",
                "Sociālās un ekonomiskās situācijas pasliktināšanās valstī",
                "Inflācija un energoresursu cenas palielina trūcīgo un maznodrošināto "
                "personu skaitu; rodas jaunas riska grupas.",
                "Lielāka slodze sociālās palīdzības nodaļai, garākas rindas.",
                ["PP-01", "PP-02"], "active", D(2027, 1, 31)),
    "demography": ("external", "social", "Negatīvas demogrāfiskās tendences",
                   "Iedzīvotāju skaits samazinās, pieaug pensijas vecuma personu īpatsvars; "
                   "vientuļo senioru skaits pilsētā aug.",
                   "Pieaug pieprasījums pēc aprūpes mājās un ilgstošās sociālās aprūpes.",
                   ["PP-04", "PP-05"], "active", D(2027, 3, 31)),
    "law": ("external", "legal", "Grozījumi Sociālo pakalpojumu un sociālās palīdzības likumā",
            "No 2025. gada mainīta garantētā minimālā ienākuma slieksnis un pabalstu "
            "aprēķināšanas kārtība; gaidāmi jauni MK noteikumi par pakalpojumu sniedzēju "
            "prasībām.",
            "Jāaktualizē procedūras, veidlapas un darbinieku zināšanas.",
            ["PP-01", "VP-02", "AP-01"], "active", D(2026, 12, 31)),
    "eu_funds": ("external", "political", "ES fondu plānošanas periods 2021–2027",
                 "Pieejams ESF+ finansējums deinstitucionalizācijai un sabiedrībā balstītiem "
                 "pakalpojumiem; projektu termiņi un atskaites ir stingri noteikti.",
                 "Iespēja attīstīt pakalpojumus; risks zaudēt finansējumu, ja termiņi netiek "
                 "ievēroti.", ["VP-01", "AP-02"], "active", D(2026, 12, 31)),
    "digital": ("external", "technological", "Valsts informācijas sistēmu attīstība",
                "SOPA un valsts reģistru (VID, VSAA) datu pieejamība ļauj pārbaudīt klientu "
                "sniegto informāciju, bet prasa jaunas prasmes un datu aizsardzību.",
                "Ātrāka lēmumu pieņemšana; augstākas datu aizsardzības prasības.",
                ["PP-01", "PP-02", "VP-02"], "active", D(2027, 2, 28)),
    "winter": ("external", "environmental", "Ziemas apstākļi un ceļu stāvoklis",
               "Sniegotās ziemās apgrūtināta piekļuve klientiem privātmāju rajonos un "
               "pilsētas nomalē.", "Var netikt nodrošināta aprūpe mājās noteiktajā laikā.",
               ["PP-04", "AP-03"], "active", D(2026, 11, 30)),
    "turnover": ("internal", "people", "Sociālā darba speciālistu mainība",
                 "Nepietiekama darba samaksa un liela slodze; 2025. gadā aizgāja 6 sociālie "
                 "darbinieki, vakances aizpildās 3–5 mēnešos.",
                 "Lielāka slodze pārējiem, klientu lietu nepārtrauktības risks.",
                 ["AP-01", "PP-01", "PP-03"], "active", D(2026, 12, 31)),
    "premises": ("internal", "infrastructure",
                 "Telpas tikai daļēji piemērotas konfidenciālām sarunām",
                 "Sociālās palīdzības nodaļas telpās vairāki darbinieki strādā vienā "
                 "kabinetā; klientu sarunas dzirdamas blakus.",
                 "Konfidencialitātes un klientu apmierinātības risks.",
                 ["PP-01", "AP-03"], "active", D(2027, 1, 31)),
    "supervision": ("internal", "knowledge", "Supervīzijas un pieredzes apmaiņas kultūra",
                    "Regulāras grupu supervīzijas kopš 2024. gada; zināšanas par sarežģītiem "
                    "gadījumiem tiek dokumentētas metodiskajās sanāksmēs.",
                    "Mazāka izdegšana un vienotāka prakse.", ["AP-01"], "active",
                    D(2027, 4, 30)),
    "old_software": ("internal", "organisational",
                     "Novecojusi klientu uzskaites datubāze",
                     "Iepriekšējā datubāze tika aizstāta ar valsts sistēmu 2025. gadā.",
                     "Dubulta datu ievade beigusies.", ["VP-02"], "closed", None),
}

# key: name, kind, needs, monitoring, processes
PARTIES = {
    "clients": ("Klienti un viņu tuvinieki", "clients",
                "Laicīga un cieņpilna palīdzība, saprotama informācija, konfidencialitāte, "
                "pakalpojums pēc iespējas tuvu dzīvesvietai.",
                "Klientu aptaujas reizi gadā, sūdzību un ierosinājumu reģistrs.",
                ["PP-01", "PP-02", "PP-04", "PP-05"]),
    "staff": ("Darbinieki", "staff",
              "Droša darba vide, atbilstoša slodze un atalgojums, supervīzijas, apmācības.",
              "Darbinieku aptauja, personāla mainības rādītājs, darba vides riska "
              "novērtējums.", ["AP-01", "AP-03"]),
    "council": ("Pilsētas dome", "council",
                "Budžeta disciplīna, saistošo noteikumu izpilde, pārskati par pabalstiem un "
                "pakalpojumiem.", "Ceturkšņa pārskati Sociālo jautājumu komitejai.",
                ["VP-01", "AP-02"]),
    "ministry": ("Labklājības ministrija", "state",
                 "Normatīvo aktu ievērošana, statistikas pārskati, pakalpojumu sniedzēju "
                 "reģistrācijas prasības.", "Gada pārskats, ministrijas vēstules un "
                 "metodiskie norādījumi.", ["PP-01", "PP-02", "VP-02"]),
    "inspectorate": ("Uzraugošās iestādes (VI, VBTAI, PVD, VUGD)", "state",
                     "Higiēnas, bērnu tiesību, pārtikas un ugunsdrošības prasību izpilde.",
                     "Pārbaužu reģistrs un priekšrakstu izpilde.",
                     ["PP-03", "PP-05", "PP-06", "AP-03"]),
    "ngo": ("Nevalstiskās organizācijas (Sarkanais Krusts, senioru biedrības)", "ngo",
            "Sadarbība pārtikas pakām, brīvprātīgo iesaiste, informācija par klientu "
            "vajadzībām.", "Sadarbības līgumi, kopīgas sanāksmes divreiz gadā.",
            ["PP-01", "PP-07"]),
    "providers": ("Pakalpojumu sniedzēji un piegādātāji", "providers",
                  "Skaidras iepirkumu prasības, savlaicīgi maksājumi.",
                  "Piegādātāju izvērtēšana reizi gadā.", ["AP-02"]),
    "cfla": ("Centrālā finanšu un līgumu aģentūra", "funders",
             "ES projektu rādītāju sasniegšana, termiņu ievērošana, attiecināmie izdevumi.",
             "Projektu progresa pārskati, pārbaudes projektu īstenošanas vietās.",
             ["VP-01", "AP-02"]),
    "community": ("Apkaimes iedzīvotāji", "community",
                  "Droša vide pie patversmes un naktspatversmes, informācija par "
                  "pakalpojumiem.", "Iedzīvotāju iesniegumi, pašvaldības policijas "
                  "informācija.", ["PP-07"]),
}

# The annual context review of January 2026: what changed.
CHANGES_2026 = {
    "budget": "2026. gada budžetā samazinājums apstiprināts; pabalstu apjoms saglabāts.",
    "turnover": "2025. gadā mainība 11 %, vakances aprūpē mājās.",
    "eu_funds": "Dienas centra projekta būvdarbi kavējas.",
}
NEW_2026 = ("external", "economic", "Minimālās mēneša darba algas pieaugums 2026. gadā",
            "Minimālā alga pieaug līdz 780 €; aprūpētāju atalgojums tuvojas minimālajam.",
            "Jāpārskata amatu algu grupas un budžets; konkurence par darbiniekiem pieaug.",
            ["AP-01", "AP-02"])

A = "direktore"  # approver of accepted risks


def R(day, kind, title, description, issue, party, proc, owner, li, treatment=None,
      residual=None, actions=(), evaluation=None, review_on=None, justification=""):
    return dict(day=day, kind=kind, title=title, description=description, issue=issue,
                party=party, process=proc, owner=owner, li=li, treatment=treatment,
                residual=residual, actions=actions, evaluation=evaluation, review_on=review_on,
                justification=justification)


RISKS = [
    R(D(2024, 2, 12), "risk", "Sociālo darbinieku aizplūšana uz citām pašvaldībām",
      "Zemāks atalgojums nekā kaimiņpašvaldībās; jaunie speciālisti aiziet pēc 1–2 gadiem. "
      "Sekas: lielāka slodze, lēnāka lietu izskatīšana.", "turnover", "staff", "AP-01",
      "vietnieks", (4, 4), "reduce", (3, 3),
      [("Mentoru programma jaunajiem sociālajiem darbiniekiem", "spn", D(2024, 6, 30),
        D(2024, 6, 20)),
       ("Priekšlikums domei par atalgojuma pielīdzināšanu", "direktore", D(2024, 9, 30),
        D(2024, 10, 8))],
      (D(2025, 2, 14), "kvalitate", True, "Mainība 2024. gadā samazinājās no 18 % uz 11 %."),
      D(2026, 12, 1)),
    R(D(2024, 3, 4), "risk", "Pabalstu budžeta nepietiekamība gada beigās",
      "Trūcīgo personu skaita pieaugums var izsmelt GMI un dzīvokļa pabalsta budžetu līdz "
      "novembrim.", "budget", "council", "PP-01", "spn", (3, 5), "reduce", (2, 4),
      [("Ikmēneša budžeta izpildes prognoze un ziņojums direktorei", "spn", D(2024, 4, 30),
        D(2024, 4, 26))],
      (D(2024, 12, 20), "vietnieks", True, "Budžets pietika; prognoze novirzās < 3 %."),
      D(2027, 2, 20)),
    R(D(2024, 4, 15), "risk", "Klientu personas datu noplūde",
      "E-pasts ar klienta lietas dokumentiem nosūtīts nepareizam adresātam; VDAR pārkāpuma "
      "risks un klientu uzticības zaudēšana.", "digital", "clients", "VP-02", "kvalitate",
      (3, 5), "reduce", (2, 5),
      [("Apmācība par VDAR un drošu e-pasta lietošanu visiem darbiniekiem", "kvalitate",
        D(2024, 9, 30), D(2024, 9, 25)),
       ("Šifrētu failu apmaiņas risinājums ar iestādēm", "admin", D(2025, 3, 31),
        D(2025, 3, 28))],
      (D(2025, 5, 12), "direktore", False,
       "Vēl viens incidents 2025. gada aprīlī; nepieciešama papildu kontrole."),
      D(2027, 1, 31)),
    R(D(2024, 5, 6), "risk", "Aprūpe mājās netiek nodrošināta sniegotās ziemās",
      "Aprūpētāji nevar laikus nokļūt pie klientiem privātmāju rajonos; vientuļi seniori "
      "paliek bez palīdzības.", "winter", "clients", "PP-04", "aab", (4, 4), "reduce",
      (2, 4),
      [("Vienošanās ar komunālo dienestu par prioritāru ceļu tīrīšanu pie klientiem",
        "aab", D(2024, 11, 15), D(2024, 11, 12)),
       ("Ziemas rīcības plāns un klientu prioritātes saraksts", "aab", D(2024, 11, 30),
        D(2024, 11, 29))],
      (D(2025, 3, 20), "vietnieks", True,
       "2024./2025. gada ziemā visi apmeklējumi notika ar kavējumu < 2 h."),
      D(2026, 11, 30)),
    R(D(2024, 6, 10), "opportunity", "ESF+ projekts sabiedrībā balstītiem pakalpojumiem",
      "Pieteikties ESF+ finansējumam dienas aprūpes centra paplašināšanai personām ar "
      "garīga rakstura traucējumiem.", "eu_funds", "cfla", "PP-06", "direktore", (4, 4),
      "exploit", (5, 4),
      [("Projekta pieteikuma sagatavošana un iesniegšana", "bsac", D(2024, 10, 1),
        D(2024, 9, 27))],
      (D(2025, 1, 15), "kvalitate", True, "Projekts apstiprināts, 420 000 € finansējums."),
      D(2027, 1, 15)),
    R(D(2024, 9, 2), "risk", "ES projekta rādītāju nesasniegšana līdz termiņam",
      "Projekta “Proti un dari” jauniešu iesaistes rādītājs atpaliek no plāna; var nākties "
      "atmaksāt daļu finansējuma.", "eu_funds", "cfla", "PP-03", "an", (3, 5), "reduce",
      (2, 4),
      [("Sadarbība ar skolām un NVA jauniešu piesaistei", "an", D(2025, 2, 28),
        D(2025, 3, 10)),
       ("Mēneša rādītāju pārskats projekta vadības grupā", "an", D(2025, 1, 31),
        D(2025, 1, 30))],
      None, D(2027, 3, 31)),
    R(D(2024, 10, 7), "risk", "Ugunsdrošības prasību neievērošana pansijā",
      "Novecojusi ugunsgrēka atklāšanas sistēma Pensionāru sociālās aprūpes centrā.", None,
      "inspectorate", "PP-05", "psac", (2, 5), "reduce", (1, 5),
      [("Ugunsgrēka atklāšanas sistēmas nomaiņa", "psac", D(2025, 6, 30), D(2025, 6, 18))],
      (D(2025, 9, 10), "kvalitate", True, "VUGD pārbaudē 2025. gada augustā pārkāpumu nav."),
      D(2027, 6, 30)),
    R(D(2025, 1, 20), "risk", "Darbinieku izdegšana darbā ar ģimenēm krīzes situācijā",
      "Liels emocionālais slogs un vardarbības gadījumi; ilgstošas darbnespējas lapas.",
      "supervision", "staff", "PP-03", "an", (3, 4), "reduce", (2, 3),
      [("Grupu supervīzijas reizi mēnesī", "an", D(2025, 3, 31), D(2025, 3, 25))],
      (D(2025, 11, 5), "kvalitate", True, "Darbnespējas dienas samazinājās par 30 %."),
      D(2027, 1, 5)),
    R(D(2025, 2, 3), "risk", "Klientu sarunu konfidencialitāte kopējā kabinetā",
      "Sociālās palīdzības nodaļā sarunas dzirdamas blakus esošajiem klientiem.",
      "premises", "clients", "PP-01", "spn", (4, 3), "reduce", (2, 3),
      [("Atsevišķa sarunu telpa pirmajā stāvā", "direktore", D(2025, 8, 31),
        D(2025, 9, 15)),
       ("Skaņas izolējošas starpsienas otrajā kabinetā", "direktore", D(2026, 3, 31), None)],
      None, D(2026, 5, 31)),
    R(D(2025, 3, 10), "risk", "Normatīvo aktu izmaiņas netiek laikus ieviestas procedūrās",
      "GMI un pabalstu aprēķina izmaiņas var tikt piemērotas novēloti, radot kļūdainus "
      "lēmumus.", "law", "ministry", "VP-02", "kvalitate", (3, 4), "reduce", (2, 3),
      [("Normatīvo aktu izmaiņu uzraudzības kārtība (reizi mēnesī jurists)", "kvalitate",
        D(2025, 5, 31), D(2025, 5, 30))],
      (D(2025, 12, 3), "direktore", True, "2025. gada izmaiņas ieviestas pirms spēkā stāšanās."),
      D(2027, 2, 3)),
    R(D(2025, 4, 14), "opportunity", "Pieeja valsts reģistriem klientu ienākumu pārbaudei",
      "Tiešsaistes pieprasījumi VID un VSAA datiem saīsina lēmuma pieņemšanu par pabalstu.",
      "digital", "ministry", "PP-01", "spn", (4, 3), "exploit", (5, 3),
      [("Darbinieku apmācība darbam ar valsts reģistriem", "spn", D(2025, 6, 30),
        D(2025, 6, 27))],
      (D(2025, 10, 1), "vietnieks", True, "Vidējais lēmuma laiks samazinājās no 9 uz 5 dienām."),
      D(2027, 4, 1)),
    R(D(2025, 5, 5), "risk", "Pārtikas drošības pārkāpumi iestāžu virtuvēs",
      "PVD pārbaudēs konstatēta nepilnīga temperatūras uzskaite.", None, "inspectorate",
      "PP-05", "psac", (2, 4), "reduce", (1, 4),
      [("Elektroniski temperatūras reģistratori ledusskapjos", "psac", D(2025, 9, 30),
        D(2025, 9, 22))],
      None, D(2027, 3, 31)),
    R(D(2025, 6, 9), "risk", "Konflikti ar apkaimes iedzīvotājiem pie naktspatversmes",
      "Iedzīvotāju sūdzības par nekārtību un alkohola lietošanu pie naktspatversmes.",
      None, "community", "PP-07", "pns", (2, 2), "share", (1, 2),
      [("Sadarbības līgums ar pašvaldības policiju par patrulēšanu", "pns", D(2025, 9, 1),
        D(2025, 8, 28))],
      None, D(2027, 8, 31)),
    R(D(2025, 8, 18), "risk", "Pakalpojumu sniedzēja maksātnespēja (veļas mazgāšana)",
      "Vienīgais ārpakalpojuma sniedzējs var pārtraukt darbību; alternatīvas tuvumā nav.",
      None, "providers", "AP-02", "vietnieks", (2, 2), "accept", None, (), None,
      D(2027, 8, 18), "Iestādē ir sava veļas mazgātava ar rezerves jaudu 2 nedēļām; riska "
      "ietekme ir zema, papildu pasākumi nav samērīgi."),
    R(D(2025, 9, 8), "risk", "Rindas ilgstošās sociālās aprūpes pakalpojumam",
      "Gaidīšanas laiks uz vietu pansijā pārsniedz 6 mēnešus; klientu veselība var "
      "pasliktināties.", "demography", "clients", "PP-05", "spkn", (4, 4), "reduce", None,
      [("Aprūpes mājās pastiprināšana rindā gaidošajiem", "aab", D(2026, 2, 28),
        D(2026, 3, 5)),
       ("Vienošanās ar privāto pakalpojumu sniedzēju par 10 vietām", "spkn",
        D(2026, 12, 31), None)],
      None, D(2026, 3, 8)),
    R(D(2025, 10, 6), "opportunity", "Brīvprātīgo iesaiste senioru vientulības mazināšanā",
      "Sadarbība ar senioru biedrību un Sarkano Krustu par regulāriem apmeklējumiem.",
      None, "ngo", "PP-04", "aab", (3, 3), "exploit", None,
      [("Brīvprātīgo koordinēšanas kārtība un apmācība", "aab", D(2026, 1, 31),
        D(2026, 2, 10))],
      (D(2026, 5, 20), "vietnieks", True, "40 seniori saņem apmeklējumu reizi nedēļā."),
      D(2027, 5, 20)),
    R(D(2025, 11, 3), "risk", "Energoresursu cenu kāpums institūciju uzturēšanā",
      "Apkures izmaksas pansijā un bērnu centrā pieaug par 25 %.", "economy", "council",
      "AP-03", "vietnieks", (4, 3), "reduce", None,
      [("Energoaudits un siltināšanas projekta pieteikums", "vietnieks", D(2026, 6, 30),
        None)],
      None, D(2027, 5, 3)),
    R(D(2026, 1, 12), "risk", "Bērna tiesību pārkāpuma gadījuma novēlota atklāšana",
      "Ģimenēs sociālā riska situācijā informācija no skolas nonāk pie sociālā darbinieka "
      "ar kavēšanos.", None, "inspectorate", "PP-03", "an", (2, 5), "reduce", None,
      [("Starpinstitucionālās sadarbības grupas sanāksmes reizi mēnesī", "an",
        D(2026, 4, 30), D(2026, 4, 28))],
      None, D(2027, 1, 12)),
    R(D(2026, 2, 9), "risk", "Vakances aprūpētāju amatos aprūpē mājās",
      "4 aprūpētāju vakances; klientu apmeklējumu grafiks tiek saspiests.", "turnover",
      "staff", "PP-04", "aab", (4, 3), "reduce", None,
      [("Sadarbība ar NVA par aprūpētāju apmācību", "aab", D(2026, 9, 30), None)],
      None, D(2027, 2, 9)),
    R(D(2026, 3, 2), "risk", "Kiberuzbrukums un datu nepieejamība",
      "Izspiedējvīrusa uzbrukums var apturēt piekļuvi klientu lietām vairākas dienas.",
      "digital", "clients", "VP-02", "vietnieks", (2, 5), "reduce", None,
      [("Rezerves kopiju atjaunošanas tests", "admin", D(2026, 5, 31), D(2026, 5, 29)),
       ("Divfaktoru autentifikācija e-pastam", "admin", D(2026, 12, 31), None)],
      None, D(2027, 3, 2)),
    R(D(2026, 4, 6), "opportunity", "Kopīga apmācību programma ar kaimiņu novadiem",
      "Kopīga supervizoru un apmācību iepirkšana samazina izmaksas par 20 %.", "budget",
      "staff", "AP-01", "kvalitate", (2, 2), "exploit", None, (), None, None),
    R(D(2026, 5, 11), "risk", "Klientu sūdzības par informācijas nepieejamību",
      "Informācija par pabalstiem mājaslapā ir novecojusi; klienti zvana vairākkārt.",
      None, "clients", "PP-02", "spkn", (3, 2), None, None, (), None, None),
    R(D(2026, 6, 15), "risk", "Dienas centra projekta būvdarbu kavēšanās",
      "Būvnieks kavē grafiku par 2 mēnešiem; apdraudēts ESF+ projekta beigu termiņš.",
      "eu_funds", "cfla", "PP-06", "bsac", (4, 5), "reduce", None,
      [("Būvdarbu grafika pārskatīšana un līgumsodu piemērošana", "vietnieks",
        D(2026, 9, 30), None),
       ("Projekta termiņa pagarinājuma pieprasījums CFLA", "bsac", D(2026, 10, 31), None)],
      None, D(2026, 9, 15)),
    R(D(2026, 9, 7), "opportunity", "Telekonsultācijas attālajiem klientiem",
      "Videozvani ar sociālo darbinieku klientiem ar kustību traucējumiem.", "digital",
      "clients", "PP-02", "spkn", (3, 3), None, None, (), None, None),
    R(D(2026, 10, 5), "risk", "Pabalstu pieprasītāju skaita pieaugums 2027. gadā",
      "Prognozēta bezdarba palielināšanās pēc uzņēmuma slēgšanas pilsētā.", "economy",
      "council", "PP-01", "spn", (3, 4), None, None, (), None, None),
]


def load_risks(actor) -> None:
    """Load the demo risks through the services."""
    services.save_settings(actor=actor, now=at(D(2024, 1, 15)), scale=5, low_max=4,
                           medium_max=9, high_max=15)
    procs = {}

    def proc_ids(codes):
        ids = []
        for code in codes:
            if code not in procs:
                procs[code] = process(code)
            if procs[code] is not None:
                ids.append(procs[code].id)
        return ids

    issues = {}
    for n, (key, (kind, category, title, description, effect, codes, status,
                  review_on)) in enumerate(ISSUES.items()):
        first = at(D(2024, 1, 16 + n))
        issue = services.save_issue(None, actor=actor, now=first, kind=kind, category=category,
                                    title=title, description=description, effect=effect,
                                    process_ids=proc_ids(codes), status="active",
                                    review_on=D(2025, 1, 31))
        services.save_issue(issue, actor=actor, now=at(D(2025, 1, 28)), kind=kind,
                            category=category, title=title, description=description,
                            effect=effect, process_ids=proc_ids(codes),
                            status="closed" if status == "closed" else "active",
                            review_on=review_on)
        issues[key] = issue
    later = at(D(2026, 1, 27))
    for key, note in CHANGES_2026.items():
        kind, category, title, description, effect, codes, status, review_on = ISSUES[key]
        services.save_issue(issues[key], actor=actor, now=later, kind=kind, category=category,
                            title=title, description=f"{description} {note}", effect=effect,
                            process_ids=proc_ids(codes), status=status, review_on=review_on)
    kind, category, title, description, effect, codes = NEW_2026
    issues["wage"] = services.save_issue(
        None, actor=actor, now=at(D(2026, 2, 16)), kind=kind, category=category, title=title,
        description=description, effect=effect, process_ids=proc_ids(codes),
        review_on=D(2027, 2, 28))
    parties = {}
    for n, (key, (name, kind, needs, monitoring, codes)) in enumerate(PARTIES.items()):
        parties[key] = services.save_party(
            None, actor=actor, now=at(D(2024, 2, 1 + n)), name=name, kind=kind, needs=needs,
            monitoring=monitoring, process_ids=proc_ids(codes), review_on=D(2026, 12, 31))
    services.save_party(parties["council"], actor=actor, now=at(D(2026, 2, 2)),
                        name=PARTIES["council"][0], kind="council",
                        needs=PARTIES["council"][2] + " Jāiesniedz pakalpojumu izmaksu "
                        "analīze budžeta plānošanai.", monitoring=PARTIES["council"][3],
                        process_ids=proc_ids(PARTIES["council"][4]),
                        review_on=D(2026, 12, 31))

    people = {}

    def who(username):
        if username not in people:
            people[username] = person(username)
        return people[username]

    for spec in RISKS:
        now = at(spec["day"])
        likelihood, impact = spec["li"]
        risk = services.create_risk(
            actor=actor, now=now, kind=spec["kind"], title=spec["title"],
            description=spec["description"],
            source_issue_id=issues[spec["issue"]].id if spec["issue"] else None,
            source_party_id=parties[spec["party"]].id if spec["party"] else None,
            process_id=proc_ids([spec["process"]])[0], owner_id=who(spec["owner"]).id,
            likelihood=likelihood, impact=impact)
        if not spec["treatment"]:
            continue
        residual = spec["residual"] or (None, None)
        services.set_treatment(
            risk, actor=actor, now=now + dt.timedelta(days=7), treatment=spec["treatment"],
            approver_id=who(A).id if spec["treatment"] == "accept" else None,
            justification=spec["justification"], residual_likelihood=residual[0],
            residual_impact=residual[1], review_on=spec["review_on"])
        for title, owner, due_on, done_on in spec["actions"]:
            action = services.add_risk_action(risk, actor=actor, now=now + dt.timedelta(days=8),
                                              title=title, owner_id=who(owner).id,
                                              due_on=due_on)
            if done_on is not None:
                nc_services.update_action(action, actor=actor, now=at(done_on),
                                          status="done", evidence="Izpildīts, pierādījumi "
                                          "lietvedības sistēmā.")
        if spec["evaluation"]:
            day, evaluator, effective, comment = spec["evaluation"]
            services.evaluate(risk, actor=actor, now=at(day), evaluator_id=who(evaluator).id,
                              effective=effective, comment=comment, evaluated_on=day)
