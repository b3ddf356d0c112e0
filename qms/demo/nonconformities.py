"""Nonconformities, actions and client feedback of the demo service, 2024 – November 2026.

Every record is made through the real services with a backdated ``now`` (as the documents
are), so each one carries its own believable history in the audit trail: reported, triaged,
corrected, analysed, planned, implemented and checked for effectiveness. Older years are
closed except a handful; 2026 has records in every open stage and some overdue actions.
Deterministic (``random.Random(2026)``). Clients appear only as case-file numbers.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from zoneinfo import ZoneInfo

from sqlalchemy import select

from qms.auth.models import User
from qms.extensions import db
from qms.nonconformities import services as nc_services
from qms.nonconformities.models import ActionStatus
from qms.notifications import services as notifications
from qms.notifications.models import Notification
from qms.org.models import Unit
from qms.processes.models import Process

CUTOFF = dt.date(2026, 11, 20)
YEARS = (2024, 2025, 2026)
RIGA = ZoneInfo("Europe/Riga")

# The core process of each unit; SD records name their process in the template.
UNIT_PROCESS = {"SPN": "PP-01", "SPKN": "PP-02", "AN": "PP-03", "AAB": "PP-04",
                "PSAC": "PP-05", "BSAC": "PP-06", "PNS": "PP-07", "SD": "VP-02"}
UNIT_HEAD = {"SD": "direktore", "SPN": "spn", "AN": "an", "SPKN": "spkn", "BSAC": "bsac",
             "PSAC": "psac", "AAB": "aab", "PNS": "pns"}
# Who owns a nonconformity of a management or support process.
PROCESS_OWNER = {"VP-01": "direktore", "VP-02": "kvalitate", "VP-03": "kvalitate",
                 "VP-04": "kvalitate", "VP-05": "direktore", "AP-01": "vietnieks",
                 "AP-02": "vietnieks", "AP-03": "vietnieks"}
VERIFIERS = ("auditore", "auditors", "vietnieks")
UNIT_PLACE = {"SD": "administratīvajā ēkā", "SPN": "Sociālās palīdzības nodaļā",
              "AN": "Atbalsta nodaļā", "SPKN": "Sociālo pakalpojumu nodaļā",
              "BSAC": "Bērnu sociālās aprūpes centrā", "PSAC": "Pensionāru sociālās aprūpes centrā",
              "AAB": "Aprūpes mājās birojā", "PNS": "patversmē"}

MK338 = "MK noteikumi Nr. 338 „Prasības sociālo pakalpojumu sniedzējiem”"
SPSPL = "Sociālo pakalpojumu un sociālās palīdzības likums"
FIRE = "Ugunsdrošības noteikumi (MK noteikumi Nr. 238)"
FOOD = "Pārtikas aprites uzraudzības likums; pārtikas higiēnas prasības"
LABOUR = "Darba aizsardzības likums"
DATA = "Fizisko personu datu apstrādes likums; Vispārīgā datu aizsardzības regula, 32. pants"

# Nonconformity stories. u: units it may happen in; p: process (None: the unit's core
# process); t: title; d: description ({case}: a case-file number, {place}: where); c:
# correction; q: consequences; w: 5 Whys; rc: root cause; cat: its category; x: extent
# check; a: corrective action; pv: preventive action; k: effectiveness criteria; cost:
# budget range in euros when money is needed; cl: ISO 9001 clause; lg: legal requirement;
# src: likely sources.
TEMPLATES = [
    dict(u=["PSAC", "BSAC"], p=None, case=True,
         t="Klienta individuālais sociālās rehabilitācijas plāns nav pārskatīts noteiktajā "
           "termiņā",
         d="Lietā {case} individuālais sociālās rehabilitācijas plāns pēdējo reizi pārskatīts "
           "pirms vairāk nekā sešiem mēnešiem; plānotie pasākumi vairs neatbilst klienta "
           "vajadzībām.",
         c="Plāns pārskatīts kopā ar klientu un aprūpes komandu, pasākumi aktualizēti.",
         q="Klients dažus mēnešus saņēma pasākumus, kas neatbilda viņa vajadzībām.",
         w=["Plāns netika pārskatīts, jo sociālais darbinieks nezināja, ka termiņš pienācis.",
            "Termiņi netiek reģistrēti nevienā kopīgā sarakstā, katrs tos seko pats.",
            "Procedūra nenosaka, kurš un kā uzrauga plānu pārskatīšanas termiņus."],
         rc="Procedūrā nav noteikts, kā un kurš uzrauga individuālo plānu pārskatīšanas "
            "termiņus.", cat="methods",
         x="Pārbaudītas visas centra klientu lietas: vēl trīs plāni ar nokavētu termiņu, tie "
           "pārskatīti.",
         a="Ieviest plānu pārskatīšanas termiņu reģistru ar ikmēneša atgādinājumu",
         pv="Papildināt procedūru ar atbildību par plānu pārskatīšanas uzraudzību",
         k="Trīs mēnešu izlasē (20 lietas) visi plāni pārskatīti noteiktajā termiņā.",
         cost=None, cl="8.5.1", lg=MK338, src=["audit_finding", "inspection", "staff_report"]),
    dict(u=["PSAC", "PNS", "BSAC"], p=None, case=False,
         t="Medikamentu uzskaites žurnālā trūkst ierakstu",
         d="Pārbaudot medikamentu uzskaites žurnālu {place}, konstatēts, ka par trim dienām nav "
           "ierakstu par izsniegtajiem medikamentiem.",
         c="Ieraksti atjaunoti pēc medicīnas māsu norīkojumu lapām, atlikumi pārskaitīti un "
           "saskan.",
         q="Kaitējums klientiem nav konstatēts; uzskaite uz laiku nebija izsekojama.",
         w=["Ierakstu trūkst, jo medikamentus izsniedza aizvietotāja, kura žurnālu neaizpildīja.",
            "Aizvietotāja nebija instruēta par žurnāla aizpildīšanu.",
            "Ievadapmācībā medikamentu uzskaites kārtība nav iekļauta."],
         rc="Ievadapmācības programmā nav iekļauta medikamentu uzskaites kārtība.",
         cat="people",
         x="Pārbaudīti visu posteņu žurnāli par pēdējiem trim mēnešiem; citu iztrūkumu nav.",
         a="Instruēt visas medicīnas māsas un aizvietotājus par medikamentu uzskaiti",
         pv="Papildināt ievadapmācības programmu ar medikamentu uzskaites kārtību",
         k="Divu mēnešu iknedēļas pārbaudēs žurnālā nav iztrūkstošu ierakstu.",
         cost=None, cl="7.5.3", lg=MK338, src=["audit_finding", "staff_report", "inspection"]),
    dict(u=["PSAC", "BSAC", "PNS", "SD"], p="AP-03", case=False,
         t="Ugunsdzēšamo aparātu pārbaudes termiņš nokavēts",
         d="{place} četriem ugunsdzēšamajiem aparātiem tehniskās apkopes termiņš beidzies "
           "pirms diviem mēnešiem.",
         c="Aparāti nodoti apkopē, uz apkopes laiku saņemti rezerves aparāti.",
         q="Divus mēnešus ugunsdrošības aprīkojuma darbspēja nebija apliecināta.",
         w=["Apkope netika pasūtīta, jo neviens nepamanīja termiņu.",
            "Termiņi atzīmēti tikai uz pašiem aparātiem, nevis plānā.",
            "Apkopes līgums neparedz, ka apkalpotājs atgādina par termiņiem."],
         rc="Ugunsdrošības aprīkojuma apkopes termiņi netiek plānoti centralizēti.",
         cat="management",
         x="Pārbaudīts viss ugunsdrošības aprīkojums visās ēkās; vēl divi aparāti ar tuvu "
           "termiņu nodoti apkopē.",
         a="Izveidot ugunsdrošības aprīkojuma apkopes grafiku visām ēkām",
         pv="Papildināt apkopes līgumu ar pienākumu atgādināt par termiņiem",
         k="Nākamajā ceturksnī visiem aparātiem apkope veikta termiņā.",
         cost=(150, 600), cl="7.1.3", lg=FIRE, src=["inspection", "staff_report",
                                                     "audit_finding"]),
    dict(u=["SPN", "SPKN", "SD"], p="VP-04", case=False,
         t="Sūdzības atbilde nosūtīta pēc likumā noteiktā termiņa",
         d="Atbilde uz klienta sūdzību nosūtīta 41 dienu pēc tās saņemšanas, lai gan likumā "
           "noteiktais termiņš ir viens mēnesis.",
         c="Iesniedzējam nosūtīta atvainošanās vēstule; pārbaudītas pārējās neatbildētās "
           "sūdzības.",
         q="Klients ilgāk gaidīja atbildi; pastāv sūdzības risks par iestādes rīcību.",
         w=["Atbilde kavējās, jo atbildīgā darbiniece bija atvaļinājumā.",
            "Sūdzība netika nodota aizvietotājam.",
            "Iesniegumu reģistrā nav termiņu kontroles un aizvietošanas kārtības."],
         rc="Iesniegumu reģistrā nav termiņu kontroles; aizvietošanas kārtība nav noteikta.",
         cat="methods",
         x="Pārbaudītas visas šī gada sūdzības: vēl viena atbilde nosūtīta ar kavējumu.",
         a="Ieviest iesniegumu termiņu kontroli reģistrā ar atgādinājumu 7 dienas pirms termiņa",
         pv="Noteikt sūdzību izskatīšanas aizvietošanas kārtību atvaļinājumu laikā",
         k="Pusgada laikā visas sūdzības atbildētas viena mēneša laikā.",
         cost=None, cl="9.1.2", lg="Iesniegumu likums, 5. pants",
         src=["indicator", "staff_report", "audit_finding"]),
    dict(u=["AAB"], p="PP-04", case=True,
         t="Aprūpētāja apmeklējuma laiks neatbilst grafikam",
         d="Lietā {case} konstatēts, ka aprūpētājs divas nedēļas ieradās 1–2 stundas vēlāk "
           "nekā noteikts apmeklējumu grafikā.",
         c="Grafiks no jauna saskaņots ar klientu; apmeklējumi divas nedēļas kontrolēti "
           "telefoniski.",
         q="Klients vairākas reizes saņēma palīdzību ēdienreizēs ar kavēšanos.",
         w=["Aprūpētājs kavēja, jo maršrutā nepietika laika pārbraucieniem.",
            "Maršruts plānots, neņemot vērā sabiedriskā transporta kustības sarakstu.",
            "Maršrutu plānošanai nav noteiktu principu."],
         rc="Maršruti plānoti, neņemot vērā pārbrauciena laiku starp klientiem.",
         cat="methods",
         x="Pārskatīti visu 12 aprūpētāju maršruti; vēl divos laiks nebija pietiekams.",
         a="Pārplānot aprūpētāju maršrutus, ņemot vērā pārbrauciena laiku",
         pv="Ieviest apmeklējumu laika reģistrēšanu ar mobilo lietotni",
         k="Divu mēnešu izlases pārbaudēs apmeklējumi notiek grafikā ±30 minūtes.",
         cost=(400, 2400), cl="8.5.1", lg=MK338, src=["complaint", "staff_report"]),
    dict(u=["PSAC", "BSAC", "PNS"], p=None, case=False,
         t="Virtuves temperatūras žurnāls nav aizpildīts",
         d="Virtuvē {place} ledusskapju temperatūras žurnālā nav ierakstu par pēdējām "
           "desmit dienām.",
         c="Temperatūra izmērīta un ierakstīta; produkti pārbaudīti, bojātu nav.",
         q="Nevarēja pierādīt, ka produkti uzglabāti pareizā temperatūrā.",
         w=["Žurnāls netika aizpildīts, jo pavāri to uzskatīja par vadītāja pienākumu.",
            "Temperatūras mērīšana nav iekļauta pavāru maiņas pienākumos.",
            "Paškontroles sistēma netika pārskatīta pēc personāla maiņas."],
         rc="Temperatūras mērīšana nav iekļauta pavāru maiņas pienākumos.",
         cat="people",
         x="Pārbaudītas visas trīs virtuves; vienā žurnālā arī trūka divu dienu ierakstu.",
         a="Uzstādīt digitālos temperatūras reģistratorus ledusskapjos",
         pv="Papildināt pavāru maiņas pienākumus ar temperatūras kontroli",
         k="Trīs mēnešos temperatūras ieraksti ir par katru dienu.",
         cost=(200, 900), cl="8.5.1", lg=FOOD, src=["inspection", "audit_finding",
                                                     "staff_report"]),
    dict(u=["SPN"], p="PP-01", case=True,
         t="Lēmums par sociālo palīdzību pieņemts pēc noteiktā termiņa",
         d="Lietā {case} lēmums par pabalstu pieņemts 28 dienas pēc visu dokumentu "
           "saņemšanas, pārsniedzot noteikto termiņu.",
         c="Lēmums pieņemts un pabalsts izmaksāts; klientam izskaidrots kavējuma iemesls.",
         q="Klients pabalstu saņēma ar divu nedēļu kavējumu.",
         w=["Lēmums kavējās, jo lietu kārtojošais darbinieks bija slims.",
            "Lieta netika nodota citam darbiniekam.",
            "Darba slodzes sadale un aizvietošana nodaļā netiek plānota."],
         rc="Nodaļā nav noteikta lietu pārdales kārtība darbinieka prombūtnes laikā.",
         cat="management",
         x="Pārbaudītas visas pēdējā mēneša lietas; citu kavējumu nav.",
         a="Ieviest iknedēļas lietu pārskatu ar pārdali prombūtnes gadījumā",
         pv="Papildināt darba kārtību ar aizvietošanas principiem",
         k="Trīs mēnešos visi lēmumi pieņemti noteiktajā termiņā (izlase 30 lietas).",
         cost=None, cl="8.5.1", lg=SPSPL, src=["indicator", "complaint", "audit_finding"]),
    dict(u=["SPKN"], p="PP-02", case=True,
         t="Aprūpes līmenis noteikts bez aizpildītas novērtēšanas kartes",
         d="Lietā {case} aprūpes līmenis noteikts, bet funkcionālo spēju novērtēšanas karte "
           "nav aizpildīta.",
         c="Novērtēšana veikta atkārtoti, karte aizpildīta; aprūpes līmenis apstiprināts.",
         q="Lēmums par pakalpojumu nebija pamatots ar dokumentētu novērtējumu.",
         w=["Karte netika aizpildīta, jo novērtējums veikts mutiski mājas vizītē.",
            "Darbiniece nezināja, ka kartei jābūt lietā pirms lēmuma.",
            "Procedūrā novērtēšanas kārtība aprakstīta nepārprotami, bet nav kontroles punkta."],
         rc="Pirms lēmuma nav kontroles punkta, kas pārbauda novērtējuma esamību.",
         cat="methods",
         x="Pārbaudītas 25 šī gada lietas; vēl vienā trūka kartes.",
         a="Ieviest lēmuma projekta pārbaudes lapu ar obligātajiem dokumentiem",
         pv="Atkārtoti apmācīt sociālos darbiniekus novērtēšanas metodikā",
         k="Ceturkšņa izlasē visās lietās ir aizpildīta novērtēšanas karte.",
         cost=None, cl="8.5.1", lg=MK338, src=["audit_finding", "inspection"]),
    dict(u=["AN"], p="PP-03", case=True,
         t="Ģimenes sociālās rehabilitācijas plāna pasākumi nav dokumentēti lietā",
         d="Lietā {case} pēdējo divu mēnešu konsultācijas un mājas vizītes nav atspoguļotas "
           "ģimenes lietā.",
         c="Ieraksti papildināti no darbinieces darba piezīmēm.",
         q="Pārējie komandas locekļi nevarēja redzēt ģimenes darba gaitu.",
         w=["Ieraksti netika veikti, jo darbiniece pierakstus veica darba piezīmēs.",
            "Nav vienotas veidlapas vizīšu dokumentēšanai.",
            "Dokumentēšanas prasības procedūrā ir vispārīgas."],
         rc="Nav vienotas veidlapas un termiņa konsultāciju un vizīšu dokumentēšanai.",
         cat="methods",
         x="Pārbaudītas 15 nodaļas lietas; nepilnības vēl divās.",
         a="Izstrādāt vienotu mājas vizītes un konsultācijas ieraksta veidlapu",
         pv="Noteikt, ka ieraksts lietā veicams trīs darba dienu laikā",
         k="Divu mēnešu izlasē visas vizītes dokumentētas trīs darba dienu laikā.",
         cost=None, cl="7.5.3", lg=SPSPL, src=["audit_finding", "staff_report"]),
    dict(u=["BSAC"], p="PP-06", case=False,
         t="Bērnu uzraudzības grafikā nav nodrošināts minimālais aukļu skaits",
         d="Trīs nakts maiņās grupā strādāja viena aukle divu vietā.",
         c="Maiņas nekavējoties nokomplektētas, piesaistot aukles no citas grupas.",
         q="Bērnu uzraudzība naktī bija nepietiekama; negadījumu nebija.",
         w=["Viena aukle maiņās strādāja, jo divas bija slimības lapā.",
            "Aizvietošana netika organizēta.",
            "Centrā nav rezerves darbinieku saraksta un aizvietošanas kārtības."],
         rc="Nav noteikta aukļu aizvietošanas kārtība un rezerves darbinieku saraksts.",
         cat="management",
         x="Pārbaudīti visu grupu grafiki par pusgadu; citu gadījumu nav.",
         a="Izveidot aizvietošanas kārtību un rezerves aukļu sarakstu",
         pv="Ieviest grafika pārbaudi nedēļu iepriekš",
         k="Trīs mēnešos visās maiņās ir minimālais aukļu skaits.",
         cost=(600, 3000), cl="7.1.2", lg=MK338, src=["staff_report", "risk_event",
                                                       "inspection"]),
    dict(u=["PNS"], p="PP-07", case=False,
         t="Naktspatversmes klientu reģistrācijas žurnālā nepilnīgi ieraksti",
         d="Nedēļas laikā 11 ierakstos trūkst ierašanās laika vai izsniegto gultasveļas "
           "komplektu skaita.",
         c="Ieraksti papildināti pēc dežurantu atskaitēm.",
         q="Gultasveļas uzskaite nesaskanēja.",
         w=["Ieraksti nepilnīgi, jo dežuranti tos aizpilda maiņas beigās.",
            "Žurnāla veidlapā nav visu obligāto lauku.",
            "Veidlapa nav pārskatīta kopš pakalpojuma paplašināšanas."],
         rc="Reģistrācijas veidlapa neatbilst pašreizējam pakalpojuma saturam.",
         cat="methods",
         x="Pārbaudīts arī atskurbtuves žurnāls — nepilnību nav.",
         a="Pārstrādāt reģistrācijas žurnāla veidlapu", pv=None,
         k="Mēneša pārbaudē visi ieraksti pilnīgi.",
         cost=None, cl="7.5.3", lg=MK338, src=["audit_finding", "staff_report"]),
    dict(u=["PSAC"], p="PP-05", case=True,
         t="Kritienu riska novērtējums nav veikts jaunuzņemtam klientam",
         d="Lietā {case} kritienu riska novērtējums nav veikts divu nedēļu laikā pēc "
           "uzņemšanas; klients pirmajā nedēļā nokrita.",
         c="Novērtējums veikts, ieviesti pretkritienu pasākumi (gultas barjeras, pavadīšana).",
         q="Klientam zilumi; ārsta palīga apskate veikta, nopietnu traumu nav.",
         w=["Novērtējums netika veikts, jo uzņemšana notika brīvdienās.",
            "Uzņemšanas kontrolsarakstā kritienu risks nav iekļauts.",
            "Kontrolsaraksts nav pārskatīts kopš 2021. gada."],
         rc="Uzņemšanas kontrolsarakstā nav iekļauts kritienu riska novērtējums.",
         cat="methods",
         x="Pārbaudīti visi pusgada laikā uzņemtie klienti; vēl diviem novērtējums veikts "
           "novēloti.",
         a="Papildināt uzņemšanas kontrolsarakstu ar kritienu riska novērtējumu",
         pv="Apmācīt medicīnas māsas kritienu riska novērtēšanā",
         k="Pusgadā visiem jaunuzņemtajiem novērtējums veikts 72 stundu laikā.",
         cost=(150, 700), cl="8.5.1", lg=MK338, src=["risk_event", "staff_report"]),
    dict(u=["PSAC"], p="PP-05", case=True,
         t="Izgulējumu profilakses pasākumi netiek dokumentēti",
         d="Lietā {case} guļošam klientam pozīcijas maiņa nav dokumentēta vairāk nekā nedēļu.",
         c="Ieviests pozīcijas maiņas grafiks pie gultas; āda apskatīta, izgulējumu nav.",
         q="Nevarēja pierādīt, ka profilakse veikta.",
         w=["Ieraksti netika veikti, jo aprūpētāji nezināja, kur tos veikt.",
            "Pozīcijas maiņas lapa netika ievietota aprūpes mapē.",
            "Ievadapmācībā par izgulējumu profilaksi runāts tikai mutiski."],
         rc="Aprūpētāji nav apmācīti izgulējumu profilakses dokumentēšanā.",
         cat="people",
         x="Pārbaudīti visi guļošie klienti (9); dokumentācija uzlabota visiem.",
         a="Apmācīt aprūpētājus izgulējumu profilaksē un dokumentēšanā",
         pv="Pievienot pozīcijas maiņas lapu aprūpes mapes standarta saturam",
         k="Mēneša pārbaudēs visiem guļošajiem klientiem pozīcijas maiņa dokumentēta.",
         cost=(200, 800), cl="7.2", lg=MK338, src=["audit_finding", "staff_report",
                                                    "inspection"]),
    dict(u=["SD"], p="AP-01", case=False,
         t="Darbinieku obligātās veselības pārbaudes termiņš nokavēts",
         d="Septiņiem darbiniekiem obligātās veselības pārbaudes termiņš beidzies pirms "
           "1–3 mēnešiem.",
         c="Darbinieki nosūtīti uz veselības pārbaudi; līdz tās veikšanai — bez darba ar "
           "pārtiku.",
         q="Darbinieki strādāja bez derīga veselības pārbaudes apliecinājuma.",
         w=["Termiņi nokavēti, jo personāla speciālists tos seko izklājlapā.",
            "Izklājlapa netika atjaunota pēc jaunu darbinieku pieņemšanas.",
            "Nav atgādinājumu sistēmas un atbildīgā aizvietotāja."],
         rc="Veselības pārbaužu termiņu uzskaitei nav atgādinājumu un aizvietošanas.",
         cat="methods",
         x="Pārbaudīti visi 205 darbinieki; citu nokavējumu nav.",
         a="Ieviest veselības pārbaužu termiņu uzskaiti personāla sistēmā ar atgādinājumiem",
         pv=None, k="Pusgadā nav neviena nokavēta veselības pārbaudes termiņa.",
         cost=(300, 1200), cl="7.1.2",
         lg="MK noteikumi Nr. 219 par obligātajām veselības pārbaudēm",
         src=["inspection", "audit_finding"]),
    dict(u=["SD", "SPN", "AN"], p="AP-01", case=False,
         t="Sociālo darbinieku profesionālās pilnveides stundas nav sasniegtas",
         d="Gada beigās piecu sociālo darbinieku profesionālās pilnveides apjoms ir mazāks "
           "par noteikto.",
         c="Darbinieki pieteikti tuvākajiem kursiem.",
         q="Nav izpildīta likuma prasība par profesionālo pilnveidi.",
         w=["Stundas nav sasniegtas, jo kursi tika atcelti darba slodzes dēļ.",
            "Apmācību plāns netiek sasaistīts ar darba grafiku.",
            "Apmācību plānu neapstiprina gada sākumā."],
         rc="Apmācību plāns netiek apstiprināts gada sākumā un sasaistīts ar grafiku.",
         cat="management",
         x="Pārbaudīti visi sociālā darba speciālisti; vēl diviem risks nesasniegt stundas.",
         a="Apstiprināt gada apmācību plānu līdz 31. janvārim",
         pv="Ieviest ceturkšņa pārskatu par apmācību stundām",
         k="Gada beigās visi sociālie darbinieki sasnieguši noteikto apjomu.",
         cost=(400, 2400), cl="7.2", lg=SPSPL, src=["management_review", "indicator"]),
    dict(u=["SPN", "AN", "SPKN", "PSAC"], p="VP-02", case=False,
         t="Lietošanā novecojusi veidlapas versija",
         d="{place} izmantota iepriekšējā iesnieguma veidlapas versija, kas atcelta pirms "
           "trim mēnešiem.",
         c="Vecās veidlapas izņemtas no apgrozības; klientiem piedāvāta spēkā esošā.",
         q="Dažos iesniegumos nav jaunajā versijā prasītās piekrišanas.",
         w=["Vecā versija lietota, jo izdrukas glabājās skapī.",
            "Apstiprinot jauno versiju, netika norādīts izņemt vecās izdrukas.",
            "Dokumentu procedūrā nav soļa par novecojušo kopiju izņemšanu."],
         rc="Dokumentu vadības procedūrā nav soļa par novecojušo izdruku izņemšanu.",
         cat="methods",
         x="Pārbaudītas visas struktūrvienības; vecās izdrukas atrastas vēl vienā.",
         a="Papildināt dokumentu procedūru ar novecojušo kopiju izņemšanu",
         pv=None, k="Nākamajā iekšējā auditā nav atrastas novecojušas veidlapas.",
         cost=None, cl="7.5.3", lg="", src=["audit_finding"]),
    dict(u=["SPN", "AN", "SPKN", "PNS"], p="VP-02", case=False,
         t="Klientu lietas glabātas neslēgtā skapī",
         d="{place} klientu lietas darba dienas beigās atstātas neaizslēgtā skapī koplietošanas "
           "telpā.",
         c="Lietas pārvietotas uz slēdzamu skapi; atslēgas nodotas vadītājam.",
         q="Pastāvēja risks nepiederošām personām piekļūt personas datiem.",
         w=["Lietas neslēgtā skapī, jo slēdzamie skapji ir pārpildīti.",
            "Arhivēšana uz centrālo arhīvu netiek veikta regulāri.",
            "Telpu plānojumā nav paredzēts pietiekami daudz slēdzamu skapju."],
         rc="Nepietiek slēdzamu skapju un netiek regulāri veikta lietu arhivēšana.",
         cat="premises",
         x="Apsekotas visas telpas ar klientu lietām; vienā vēl trūka slēdzamu skapju.",
         a="Iegādāties slēdzamus dokumentu skapjus",
         pv="Noteikt ceturkšņa arhivēšanas grafiku",
         k="Trīs nepieteiktās pārbaudēs visas lietas glabājas slēgtos skapjos.",
         cost=(250, 1500), cl="7.1.4", lg=DATA, src=["audit_finding", "risk_event"]),
    dict(u=["AAB"], p="PP-04", case=True,
         t="Aprūpes mājās apmeklējumu lapas nav parakstītas",
         d="Lietā {case} mēneša apmeklējumu lapā nav klienta vai tuvinieka parakstu par "
           "sniegto aprūpi.",
         c="Apmeklējumi apstiprināti telefoniski; lapas parakstītas nākamajā vizītē.",
         q="Nav pierādījuma par sniegto pakalpojumu apjomu rēķinam.",
         w=["Paraksti trūkst, jo aprūpētājs lapas aizpildīja birojā.",
            "Aprūpētājs nezināja, ka parakstam jābūt katrā vizītē.",
            "Instruktāžā šī prasība netiek uzsvērta."],
         rc="Aprūpētāju instruktāžā nav uzsvērta parakstu prasība katrā vizītē.",
         cat="people",
         x="Pārbaudītas visu aprūpētāju mēneša lapas; nepilnības vēl divās.",
         a="Atkārtoti instruēt aprūpētājus par apmeklējumu lapu aizpildīšanu",
         pv=None, k="Divu mēnešu pārbaudē visas lapas parakstītas.",
         cost=None, cl="7.5.3", lg=MK338, src=["audit_finding", "staff_report"]),
    dict(u=["PSAC", "PNS"], p=None, case=False,
         t="Veļas mazgāšanas grafiks netiek ievērots, trūkst tīras gultasveļas",
         d="{place} nedēļas laikā trīs reizes gultasveļa netika nomainīta noteiktajā dienā.",
         c="Veļa mazgāta ārpakalpojumā; maiņa atjaunota pēc grafika.",
         q="Klientiem gultasveļa nomainīta ar kavēšanos.",
         w=["Grafiks netika ievērots, jo sabojājās viena no divām veļas mašīnām.",
            "Remonts ilga trīs nedēļas, jo rezerves daļas netika pasūtītas laikus.",
            "Iekārtām nav profilaktiskās apkopes plāna."],
         rc="Veļas mazgāšanas iekārtām nav profilaktiskās apkopes plāna, tās ir nolietotas.",
         cat="equipment",
         x="Pārbaudītas visas saimniecības iekārtas; apkopes plāns vajadzīgs arī virtuvē.",
         a="Iegādāties profesionālo veļas mazgājamo mašīnu",
         pv="Izveidot saimniecības iekārtu profilaktiskās apkopes plānu",
         k="Trīs mēnešos gultasveļa nomainīta pēc grafika.",
         cost=(1800, 4800), cl="7.1.3", lg=MK338, src=["complaint", "staff_report"]),
    dict(u=["PSAC", "BSAC"], p=None, case=True,
         t="Ēdienkarte nav saskaņota ar uztura speciālista ieteikumiem diētas klientiem",
         d="Lietā {case} klientam ar cukura diabētu divas nedēļas pasniegti saldie ēdieni "
           "bez aizvietojuma.",
         c="Ēdienkarte koriģēta, pavāriem izsniegts diētu saraksts.",
         q="Klienta cukura līmenis paaugstinājās; ārsta palīgs koriģēja aprūpi.",
         w=["Aizvietojums netika gatavots, jo pavāri nezināja par diētu.",
            "Informācija par diētu palika medicīnas māsas lietā.",
            "Nav kārtības, kā diētas informācija nonāk virtuvē."],
         rc="Nav noteikta kārtība, kā informācija par klientu diētām tiek nodota virtuvei.",
         cat="management",
         x="Pārbaudīti visi diētas klienti (14); vēl divi bez atbilstošas ēdienkartes.",
         a="Ieviest diētu sarakstu virtuvē ar iknedēļas aktualizēšanu",
         pv="Iesaistīt uztura speciālistu ēdienkaršu saskaņošanā reizi ceturksnī",
         k="Trīs mēnešos visiem diētas klientiem ēdienkarte atbilst diētai.",
         cost=(300, 1200), cl="8.5.1", lg=FOOD, src=["complaint", "inspection",
                                                      "staff_report"]),
    dict(u=["PSAC", "BSAC", "SD"], p="AP-03", case=False,
         t="Evakuācijas plāns nav aktualizēts pēc telpu pārbūves",
         d="{place} pēc telpu pārbūves evakuācijas plānā norādīta izeja, kas vairs nepastāv.",
         c="Uz laiku izvietotas norādes; darbinieki informēti par jauno evakuācijas ceļu.",
         q="Ārkārtas gadījumā evakuācija varēja aizkavēties.",
         w=["Plāns netika atjaunots, jo pārbūves līgumā tas nebija paredzēts.",
            "Saimniecības pārzinis netika informēts par izmaiņām.",
            "Pārbūves pieņemšanā nav ugunsdrošības pārbaudes punkta."],
         rc="Būvdarbu pieņemšanā nav paredzēta ugunsdrošības dokumentācijas aktualizēšana.",
         cat="premises",
         x="Pārbaudīti visu ēku evakuācijas plāni; pārējie atbilst.",
         a="Pasūtīt aktualizētus evakuācijas plānus",
         pv="Papildināt būvdarbu pieņemšanas kontrolsarakstu ar ugunsdrošību",
         k="Nākamajā ugunsdrošības pārbaudē plāni atbilst telpām.",
         cost=(150, 500), cl="7.1.4", lg=FIRE, src=["inspection", "audit_finding"]),
    dict(u=["PNS", "PSAC", "BSAC"], p="AP-02", case=False,
         t="Dezinfekcijas līdzekļu krājumi beigušies",
         d="{place} divas dienas nebija roku dezinfekcijas līdzekļa koplietošanas telpās.",
         c="Līdzekļi steidzami iegādāti; krājumi papildināti visās telpās.",
         q="Infekciju kontroles prasības divas dienas netika nodrošinātas.",
         w=["Krājumi beidzās, jo pasūtījums netika veikts laikus.",
            "Nav noteikts minimālais krājumu līmenis.",
            "Saimniecības preču uzskaite notiek tikai reizi mēnesī."],
         rc="Nav noteikts minimālais krājumu līmenis un pasūtīšanas kārtība.",
         cat="methods",
         x="Pārbaudīti visu higiēnas preču krājumi visās vienībās.",
         a="Noteikt minimālos krājumu līmeņus un iknedēļas pārbaudi",
         pv=None, k="Trīs mēnešos krājumi nav beigušies nevienā vienībā.",
         cost=(150, 600), cl="7.1.3", lg=MK338, src=["staff_report", "risk_event"]),
    dict(u=["SD"], p="AP-02", case=False,
         t="Iepirkuma līgums noslēgts bez noteiktās saskaņošanas",
         d="Līgums par telpu uzkopšanas pakalpojumu noslēgts bez jurista un galvenā "
           "grāmatveža saskaņojuma.",
         c="Līgums saskaņots pēc noslēgšanas; pretrunu ar iepirkuma noteikumiem nav.",
         q="Pastāvēja risks uzņemties saistības bez finansējuma.",
         w=["Saskaņojums netika saņemts steidzamības dēļ.",
            "Līguma projekta maršruts nav aprakstīts.",
            "Iekšējie noteikumi par līgumu slēgšanu ir novecojuši."],
         rc="Iekšējie noteikumi neparedz līguma saskaņošanas maršrutu.",
         cat="methods",
         x="Pārbaudīti visi šī gada līgumi; vēl viens bez jurista saskaņojuma.",
         a="Aktualizēt iekšējos noteikumus par līgumu saskaņošanu",
         pv=None, k="Pusgada līgumu pārbaudē visi līgumi saskaņoti.",
         cost=None, cl="8.4.1", lg="Publisko iepirkumu likums", src=["audit_finding"]),
    dict(u=["SPN", "SPKN"], p=None, case=True,
         t="Klienta iesniegums reģistrēts ar nepilnīgiem datiem",
         d="Lietā {case} iesniegums reģistrēts bez saņemšanas datuma un pievienoto dokumentu "
           "saraksta.",
         c="Reģistrācijas dati papildināti no pasta žurnāla.",
         q="Lēmuma termiņu nevarēja noteikt precīzi.",
         w=["Dati trūkst, jo reģistrators reģistrēja steigā rindas laikā.",
            "Reģistrācijas laukā datums nav obligāts.",
            "Lietvedības sistēmas iestatījumi nav pārskatīti."],
         rc="Lietvedības sistēmā saņemšanas datums un pielikumi nav obligāti lauki.",
         cat="equipment",
         x="Pārbaudīti 50 mēneša iesniegumi; vēl trīs ar nepilniem datiem.",
         a="Iestatīt obligātos laukus lietvedības sistēmā",
         pv="Apmācīt klientu reģistratorus", k="Mēneša izlasē visi iesniegumi pilnīgi.",
         cost=None, cl="7.5.3", lg="Iesniegumu likums", src=["audit_finding",
                                                               "staff_report"]),
    dict(u=["PSAC"], p="AP-03", case=False,
         t="Lifta ikgadējā tehniskā pārbaude nav veikta",
         d="Centra lifta ikgadējās tehniskās pārbaudes termiņš beidzies pirms trim nedēļām.",
         c="Lifts apturēts līdz pārbaudei; guļošo klientu pārvietošana organizēta ar nestuvēm.",
         q="Trīs nedēļas lifts darbojās bez derīgas pārbaudes.",
         w=["Pārbaude netika pasūtīta, jo līgums ar inspicēšanas institūciju beidzās.",
            "Līguma termiņš netika uzraudzīts.",
            "Nav līgumu termiņu reģistra."],
         rc="Nav līgumu un obligāto pārbaužu termiņu reģistra.",
         cat="management",
         x="Pārbaudītas visas bīstamās iekārtas (lifts, katli); citu nokavējumu nav.",
         a="Izveidot bīstamo iekārtu pārbaužu un līgumu termiņu reģistru",
         pv=None, k="Gada laikā visas pārbaudes veiktas termiņā.",
         cost=(300, 900), cl="7.1.3", lg="Bīstamo iekārtu likums",
         src=["inspection", "staff_report"]),
    dict(u=["BSAC"], p="PP-06", case=False,
         t="Pirmās palīdzības aptieciņā medikamenti ar beigušos derīguma termiņu",
         d="Grupas pirmās palīdzības aptieciņā atrasti četri līdzekļi ar beigušos termiņu.",
         c="Līdzekļi utilizēti un aizvietoti.",
         q="Kaitējuma nav; pirmās palīdzības līdzekļi nebija droši lietojami.",
         w=["Termiņi beigušies, jo aptieciņas netiek pārbaudītas.",
            "Pārbaude nav nevienam uzdota.",
            "Medicīnas māsu pienākumos aptieciņas nav minētas."],
         rc="Aptieciņu pārbaude nav iekļauta medicīnas māsu pienākumos.",
         cat="people", x="Pārbaudītas visas aptieciņas centrā un transportā.",
         a="Iekļaut aptieciņu ikmēneša pārbaudi medicīnas māsu pienākumos",
         pv=None, k="Trīs mēnešos visas aptieciņas pārbaudītas un derīgas.",
         cost=None, cl="7.1.3", lg=MK338, src=["audit_finding", "inspection"]),
    dict(u=["AN"], p="PP-03", case=False,
         t="Jauniešu projekta dalībnieku apmeklējuma uzskaite nav pilnīga",
         d="Projekta “Proti un dari” mentoru atskaitēs par mēnesi trūkst 9 nodarbību "
           "apmeklējuma ierakstu.",
         c="Ieraksti papildināti pēc mentoru kalendāriem.",
         q="Risks, ka projekta finansētājs neatzīs izmaksas.",
         w=["Ieraksti trūkst, jo mentori tos iesniedz mēneša beigās.",
            "Nav vienotas elektroniskas uzskaites.",
            "Projekta koordinators nav noteicis iesniegšanas biežumu."],
         rc="Apmeklējuma uzskaite nav vienota un netiek kārtota iknedēļas.",
         cat="methods", x="Pārbaudītas visu sešu mentoru atskaites.",
         a="Ieviest kopīgu elektronisko apmeklējuma uzskaiti ar iknedēļas iesniegšanu",
         pv=None, k="Divos mēnešos uzskaite pilnīga katru nedēļu.",
         cost=None, cl="7.5.3", lg="", src=["audit_finding", "indicator"]),
    dict(u=["SD"], p="VP-03", case=False,
         t="Iekšējā audita programma nav izpildīta",
         d="No gadā plānotajiem astoņiem iekšējiem auditiem veikti pieci.",
         c="Atlikušie auditi ieplānoti nākamā gada pirmajā ceturksnī.",
         q="Trīs procesu darbība netika izvērtēta plānotajā apjomā.",
         w=["Auditi netika veikti, jo auditoriem nebija laika.",
            "Auditoru darba slodze netiek samazināta audita laikā.",
            "Auditoru laiks netiek plānots kopā ar vadītājiem."],
         rc="Auditoru laiks netiek saskaņots ar struktūrvienību vadītājiem plānošanas laikā.",
         cat="management", x="Pārskatīta visa audita programma.",
         a="Saskaņot audita programmu ar vadītājiem un apstiprināt auditoru laiku",
         pv="Apmācīt vēl divus iekšējos auditorus",
         k="Nākamajā gadā izpildīti vismaz 90 % plānoto auditu.",
         cost=(500, 1500), cl="9.2.2", lg="", src=["management_review", "indicator"]),
    dict(u=["SD"], p="VP-04", case=False,
         t="Korektīvās darbības nav ieviestas noteiktajā termiņā",
         d="Piecām korektīvajām darbībām termiņš nokavēts vairāk nekā par 30 dienām.",
         c="Darbības pārskatītas ar atbildīgajiem, noteikti reāli termiņi.",
         q="Neatbilstību cēloņi ilgāk palika nenovērsti.",
         w=["Termiņi nokavēti, jo atbildīgie nesaņēma atgādinājumus.",
            "Darbību uzraudzība notika tikai vadības pārskatā.",
            "Nav ikmēneša darbību pārskata."],
         rc="Korektīvo darbību izpilde netiek uzraudzīta regulāri.",
         cat="management", x="Pārskatītas visas atvērtās darbības.",
         a="Ieviest ikmēneša atvērto darbību pārskatu vadības sanāksmē",
         pv=None, k="Ceturksnī nokavēto darbību īpatsvars zem 10 %.",
         cost=None, cl="10.2.1", lg="", src=["management_review", "indicator"]),
    dict(u=["SD"], p="VP-01", case=False,
         t="Kvalitātes mērķu rādītāji nav izvērtēti",
         d="Par pusgadu nav izvērtēti trīs no septiņiem kvalitātes mērķu rādītājiem.",
         c="Rādītāji aprēķināti un iesniegti direktorei.",
         q="Vadība nevarēja savlaicīgi reaģēt uz mērķu neizpildi.",
         w=["Rādītāji nav izvērtēti, jo dati nebija savākti.",
            "Datu avoti un atbildīgie nav noteikti.",
            "Mērķu plānā trūkst mērīšanas metodikas."],
         rc="Kvalitātes mērķu plānā nav noteikti datu avoti, atbildīgie un biežums.",
         cat="methods", x="Pārskatīti visi mērķi un procesu rādītāji.",
         a="Papildināt kvalitātes mērķu plānu ar mērīšanas metodiku",
         pv=None, k="Nākamajā pusgadā visi rādītāji izvērtēti laikā.",
         cost=None, cl="6.2.2", lg="", src=["management_review", "audit_finding"]),
    dict(u=["AAB"], p="AP-01", case=False,
         t="Aprūpētājiem nav izsniegti individuālie aizsardzības līdzekļi",
         d="Trim aprūpētājiem nav izsniegti vienreizējie cimdi un priekšauti darbam ar "
           "guļošiem klientiem.",
         c="Līdzekļi izsniegti tajā pašā dienā.",
         q="Darbinieki bija pakļauti infekcijas riskam.",
         w=["Līdzekļi nav izsniegti, jo noliktavā tie bija beigušies.",
            "Pasūtījums netika veikts laikā.",
            "Nav noteikts minimālais krājumu līmenis."],
         rc="Aizsardzības līdzekļu krājumiem nav noteikts minimālais līmenis.",
         cat="equipment", x="Pārbaudīti visu vienību krājumi.",
         a="Noteikt aizsardzības līdzekļu minimālos krājumus un iepirkt rezervi",
         pv=None, k="Pusgadā nav gadījumu, kad līdzekļi nav pieejami.",
         cost=(200, 1200), cl="7.1.4", lg=LABOUR, src=["staff_report", "inspection"]),
    dict(u=["PSAC"], p="AP-03", case=False,
         t="Trauksmes pogas klientu istabās nedarbojas",
         d="Pārbaudē trešā stāva astoņās istabās trauksmes pogas signāls nesasniedz dežūrpostu.",
         c="Istabās izvietotas pārnēsājamas zvana pogas; pastiprināta naktsdežūra.",
         q="Klienti nevarēja izsaukt palīdzību no istabas.",
         w=["Pogas nedarbojas, jo bojāts signāla pārraides bloks.",
            "Sistēma netiek regulāri testēta.",
            "Sistēmai nav apkopes līguma."],
         rc="Trauksmes sistēmai nav apkopes līguma un regulāras testēšanas.",
         cat="equipment", x="Pārbaudītas visas istabas visos stāvos.",
         a="Nomainīt trauksmes sistēmas pārraides bloku un noslēgt apkopes līgumu",
         pv="Ieviest ikmēneša trauksmes pogu testēšanu",
         k="Trīs ikmēneša testos visas pogas darbojas.",
         cost=(1500, 4800), cl="7.1.3", lg=MK338, src=["risk_event", "staff_report"]),
    dict(u=["SPKN"], p="PP-02", case=True,
         t="Lēmums par pakalpojuma piešķiršanu nav nosūtīts klientam",
         d="Lietā {case} lēmums pieņemts, bet klientam nav nosūtīts 3 nedēļas.",
         c="Lēmums nosūtīts; klientam izskaidrota apstrīdēšanas kārtība.",
         q="Klients vēlāk uzzināja par lēmumu un pakalpojuma sākumu.",
         w=["Lēmums netika nosūtīts, jo palika lietvedības mapē.",
            "Nav skaidrs, kurš atbild par nosūtīšanu.",
            "Procedūrā nosūtīšanas solis nav aprakstīts."],
         rc="Procedūrā nav noteikts, kurš un kad nosūta lēmumu klientam.",
         cat="methods", x="Pārbaudīti visi mēneša lēmumi.",
         a="Papildināt procedūru ar lēmuma nosūtīšanas soli un atbildīgo",
         pv=None, k="Trīs mēnešos visi lēmumi nosūtīti 3 darba dienās.",
         cost=None, cl="8.5.1", lg="Administratīvā procesa likums", src=["complaint",
                                                                          "audit_finding"]),
    dict(u=["PNS"], p="PP-07", case=False,
         t="Atskurbtuves klientu stāvokļa novērošanas ieraksti veikti neregulāri",
         d="Novērošanas lapās starplaiks starp ierakstiem naktī sasniedza trīs stundas.",
         c="Dežurantiem atgādināts par novērošanas biežumu.",
         q="Nevarēja pierādīt, ka klientu stāvoklis uzraudzīts.",
         w=["Ieraksti neregulāri, jo naktī dežūrē viens darbinieks.",
            "Dežurants vienlaikus apkalpo arī patversmi.",
            "Nakts maiņu darba organizācija nav pārskatīta."],
         rc="Nakts maiņā nepietiek personāla vienlaicīgai patversmes un atskurbtuves "
            "uzraudzībai.",
         cat="management", x="Pārbaudītas visas mēneša novērošanas lapas.",
         a="Pārkārtot nakts maiņas, nodrošinot atsevišķu dežurantu atskurbtuvē",
         pv=None, k="Mēneša pārbaudē starplaiks nepārsniedz noteikto.",
         cost=(1200, 4200), cl="7.1.2", lg=MK338, src=["inspection", "risk_event"]),
    dict(u=["SD", "PSAC", "BSAC"], p="AP-01", case=False,
         t="Jaunais darbinieks nav iepazīstināts ar darba aizsardzības instrukcijām",
         d="{place} jaunpieņemtais darbinieks nostrādāja divas nedēļas bez ievadinstruktāžas "
           "ieraksta.",
         c="Instruktāža veikta un reģistrēta žurnālā.",
         q="Darbinieks strādāja, nezinot darba vides riskus.",
         w=["Instruktāža netika veikta, jo vadītājs bija atvaļinājumā.",
            "Aizvietotājs nezināja par pienākumu.",
            "Pieņemšanas kontrolsarakstā instruktāža nav iekļauta."],
         rc="Darbinieka pieņemšanas kontrolsarakstā nav iekļauta ievadinstruktāža.",
         cat="people", x="Pārbaudīti visi gada laikā pieņemtie darbinieki.",
         a="Papildināt pieņemšanas kontrolsarakstu ar ievadinstruktāžu",
         pv=None, k="Pusgadā visiem jaunajiem darbiniekiem instruktāža pirmajā dienā.",
         cost=None, cl="7.2", lg=LABOUR, src=["inspection", "audit_finding"]),
    dict(u=["BSAC", "PSAC"], p=None, case=False,
         t="Sanitāro mezglu uzkopšanas grafiks netiek ievērots",
         d="{place} uzkopšanas lapās trūkst atzīmju par vairākām dienām, telpas netīras.",
         c="Telpas uzkoptas; grafiks izvietots pie durvīm.",
         q="Klientu sūdzības par tīrību; higiēnas risks.",
         w=["Uzkopšana netika veikta, jo apkopēja strādāja divās vietās.",
            "Slodze nav sadalīta pēc telpu platības.",
            "Apkopēju darba apjoms nav pārskatīts kopš telpu paplašināšanas."],
         rc="Apkopēju darba apjoms neatbilst telpu platībai pēc paplašināšanas.",
         cat="people", x="Apsekotas visas koplietošanas telpas.",
         a="Pārdalīt apkopēju darba zonas un papildināt grafiku",
         pv=None, k="Mēneša pārbaudēs visas atzīmes ir un telpas tīras.",
         cost=None, cl="7.1.4", lg=MK338, src=["complaint", "inspection"]),
    dict(u=["SPN", "SPKN", "AN"], p=None, case=True,
         t="Ieraksti sistēmā SOPA veikti ar novēlošanos",
         d="Lietā {case} pakalpojuma lēmums sistēmā SOPA ievadīts mēnesi pēc tā pieņemšanas.",
         c="Dati ievadīti; pārbaudītas pārējās mēneša lietas.",
         q="Valsts statistikas pārskatā varēja būt nepilnīgi dati.",
         w=["Ievade kavējās, jo darbiniekam nebija piekļuves tiesību.",
            "Piekļuves pieprasījums tika izskatīts divas nedēļas.",
            "Nav noteikts, kurš aizvieto ievadi piekļuves trūkuma laikā."],
         rc="Jaunu darbinieku piekļuves tiesības sistēmām netiek pieprasītas laikus.",
         cat="management", x="Pārbaudītas visu jauno darbinieku piekļuves.",
         a="Iekļaut piekļuves pieprasījumu darbinieka pieņemšanas kontrolsarakstā",
         pv=None, k="Ceturksnī visi lēmumi ievadīti 5 darba dienās.",
         cost=None, cl="7.5.3", lg=SPSPL, src=["indicator", "audit_finding"]),
    dict(u=["PSAC", "BSAC", "PNS"], p="AP-02", case=False,
         t="Piegādātājs piegādājis pārtikas produktus ar beigušos derīguma termiņu",
         d="Pieņemot piegādi {place}, konstatēti piena produkti, kuru derīguma termiņš "
           "beidzies iepriekšējā dienā.",
         c="Produkti atgriezti piegādātājam, ēdienkarte uz dienu pielāgota.",
         q="Produkti netika izmantoti; ēdienkarte mainīta.",
         w=["Produkti ar beigušos termiņu, jo piegādātājs tos neatlasīja noliktavā.",
            "Piegādātāja kontrole netiek veikta, līgumā nav sankciju.",
            "Iepirkuma līgumā nav prasību par atlikušo derīguma termiņu."],
         rc="Iepirkuma līgumā nav prasību par produktu atlikušo derīguma termiņu piegādes "
            "brīdī.",
         cat="external",
         x="Pārbaudītas citu piegādātāju pēdējās piegādes; nepilnību nav.",
         a="Grozīt piegādes līgumu, nosakot minimālo atlikušo derīguma termiņu",
         pv="Ieviest piegāžu pieņemšanas kontrolsarakstu virtuvē",
         k="Trīs mēnešos pieņemšanā nav atrasti produkti ar neatbilstošu termiņu.",
         cost=None, cl="8.4.2", lg=FOOD, src=["staff_report", "inspection"]),
    dict(u=["PNS", "PSAC"], p=None, case=False,
         t="Klienti atkārtoti smēķē dzīvojamās telpās",
         d="{place} mēneša laikā fiksēti četri gadījumi, kad klienti smēķējuši istabās; "
           "vienā reizē nostrādāja dūmu detektors.",
         c="Ar klientiem pārrunāta kārtība; istabas pārbaudītas, bojājumu nav.",
         q="Ugunsgrēka risks; citu klientu sūdzības.",
         w=["Klienti smēķē istabās, jo āra smēķēšanas vieta ir tālu un neapgaismota.",
            "Klienti nezina vai neatceras iekšējās kārtības noteikumus.",
            "Noteikumi izsniegti tikai uzņemšanā, tekstā grūti uztverami."],
         rc="Klienti nav pietiekami informēti par smēķēšanas kārtību, un piemērotas "
            "smēķēšanas vietas nav.",
         cat="clients",
         x="Pārrunāta situācija arī citās dzīvojamās vienībās.",
         a="Iekārtot apgaismotu un nojumētu smēķēšanas vietu",
         pv="Sagatavot iekšējās kārtības noteikumu kopsavilkumu vieglajā valodā",
         k="Divos mēnešos nav neviena smēķēšanas gadījuma telpās.",
         cost=(300, 1500), cl="7.1.4", lg=FIRE, src=["risk_event", "staff_report"]),
    dict(u=["PSAC", "BSAC"], p=None, case=False,
         t="Klientu personīgo mantu uzskaite nav veikta uzņemšanā",
         d="{place} divu jaunuzņemto klientu personīgās mantas nav uzskaitītas "
           "pieņemšanas aktā.",
         c="Mantu uzskaite veikta kopā ar klientiem, akti parakstīti.",
         q="Strīda gadījumā nevarētu pierādīt mantu esamību.",
         w=["Uzskaite netika veikta, jo uzņemšana notika vakarā.",
            "Dežurants nezināja par pienākumu.",
            "Uzņemšanas kārtība neparedz vakara uzņemšanu."],
         rc="Uzņemšanas kārtība neaptver uzņemšanu ārpus darba laika.",
         cat="methods", x="Pārbaudīti visi gada uzņemšanas akti.",
         a="Papildināt uzņemšanas kārtību ar uzņemšanu ārpus darba laika",
         pv=None, k="Pusgadā visi uzņemšanas akti pilnīgi.",
         cost=None, cl="8.5.3", lg=MK338, src=["complaint", "audit_finding"]),
]

# Contributing causes for Ishikawa diagrams: plausible next to any root cause.
ISHIKAWA = {
    "people": ["Darbinieki nebija informēti par prasību vai to neatcerējās.",
               "Jaunie un aizvietojošie darbinieki nav pietiekami instruēti.",
               "Augsta darba slodze maiņās, steiga."],
    "methods": ["Procedūrā nav skaidri noteikts atbildīgais.",
                "Nav kontroles punkta pirms nākamā soļa.",
                "Veidlapa neatbilst ikdienas praksei."],
    "management": ["Vadītāji termiņus neuzrauga regulāri.",
                   "Aizvietošanas kārtība prombūtnes laikā nav noteikta.",
                   "Informācija starp maiņām un struktūrvienībām netiek nodota."],
}

# Methods and people are the commonest root causes.
WEIGHT = {"methods": 1.5, "people": 1.8, "management": 0.8, "equipment": 0.9,
          "premises": 1.0, "clients": 1.5, "external": 1.5}

# Not effective: the second analysis finds why the first actions did not hold.
SECOND_ROUND = {
    "people": ("Sākotnējā instruktāža nesasniedza visus maiņu darbiniekus, un zināšanas "
               "netika pārbaudītas darba vietā.",
               "Veikt praktisku apmācību darba vietā visām maiņām ar zināšanu pārbaudi"),
    "methods": ("Jaunā kārtība netika iekļauta ikdienas darba rutīnā; tās izpildi neviens "
                "nepārbaudīja.",
                "Noteikt kontroles punktu un atbildīgo, kas reizi nedēļā pārbauda izpildi"),
    "premises": ("Pagaidu risinājums nenovērsa telpu trūkumu.",
                 "Ieviest pastāvīgu telpu risinājumu"),
    "equipment": ("Iegādātais aprīkojums neaptvēra visas vietas, kur problēma rodas.",
                  "Papildināt aprīkojumu visās vietās un ieviest tā pārbaudi"),
    "clients": ("Klientu informēšana bija vienreizēja un grūti uztverama.",
                "Informēt klientus atkārtoti vieglajā valodā un klientu sapulcē"),
    "management": ("Ieviestā uzraudzība netika veikta regulāri, jo tā nebija iekļauta "
                   "vadības sanāksmju darba kārtībā.",
                   "Iekļaut uzraudzību ikmēneša vadības sanāksmju darba kārtībā"),
    "external": ("Piegādātājs neievēroja mutisko vienošanos; līgumā nav sankciju.",
                 "Grozīt līgumu, nosakot sankcijas un pieņemšanas kontroli"),
}

REJECT_REASONS = [
    "Nav prasības pārkāpuma: apmeklējuma laiks iepriekš saskaņots ar klientu.",
    "Attiecas uz ārpakalpojuma sniedzēju; nodots līguma uzraudzībai.",
    "Ziņojums ir ieteikums, nevis neatbilstība; iekļauts uzlabojumu reģistrā.",
    "Pārbaudē fakts neapstiprinājās: ieraksti atrasti elektroniskajā sistēmā.",
]
CANCEL_REASONS = [
    "Dublē jau reģistrētu neatbilstību par to pašu gadījumu.",
    "Pakalpojums šajā vietā izbeigts; darbības vairs nav piemērojamas.",
    "Apvienots ar iekšējā audita konstatējumu par to pašu procesu.",
]

SOURCE_REFERENCE = {
    "audit_finding": "Iekšējā audita ziņojums",
    "inspection": "Ārējās pārbaudes akts (Labklājības ministrijas uzraudzība)",
    "indicator": "Procesa rādītāju ceturkšņa pārskats",
    "management_review": "Vadības pārskata sanāksmes protokols",
}
INSPECTION_REF = {
    "AP-03": "Valsts ugunsdzēsības un glābšanas dienesta pārbaudes akts",
    "AP-01": "Valsts darba inspekcijas pārbaudes akts",
}

IMPROVEMENTS = [
    ("Ieviest klientu apmierinātības aptauju visās struktūrvienībās", "SD", "VP-01",
     "kvalitate", None),
    ("Izvietot atsauksmju kastītes visās klientu pieņemšanas vietās", "SD", "VP-04",
     "kvalitate", (150, 400)),
    ("Sagatavot informatīvos materiālus par pakalpojumiem vieglajā valodā", "SPKN", "PP-02",
     "spkn", (300, 900)),
    ("Iegādāties plānšetdatorus aprūpētājiem apmeklējumu reģistrēšanai", "AAB", "PP-04",
     "aab", (1800, 4200)),
    ("Uzstādīt pandusu Pensionāru sociālās aprūpes centra sānu ieejā", "PSAC", "AP-03",
     "vietnieks", (2500, 4800)),
    ("Organizēt regulāru supervīziju sociālajiem darbiniekiem", "SPN", "AP-01", "spn",
     (600, 1800)),
    ("Ieviest elektronisku rindas pieteikšanos klientu pieņemšanai", "SPN", "PP-01", "spn",
     (800, 2400)),
    ("Izveidot sensoro istabu bērnu dienas aprūpē", "BSAC", "PP-06", "bsac", (1500, 4800)),
    ("Ieviest mentoru pieredzes apmaiņas sanāksmes jauniešu projektā", "AN", "PP-03", "an",
     None),
    ("Izstrādāt ievadapmācības rokasgrāmatu jaunajiem darbiniekiem", "SD", "AP-01",
     "vietnieks", None),
    ("Ieviest ēdienkartes izvēli no diviem ēdieniem pusdienās", "PSAC", "PP-05", "psac",
     (400, 1200)),
    ("Pārcelt patversmes reģistrāciju uz pieejamāku telpu pirmajā stāvā", "PNS", "PP-07",
     "pns", (600, 2400)),
    ("Ieviest vienotu darbinieku iekšējo ziņu lapu par kvalitātes jautājumiem", "SD", "VP-02",
     "kvalitate", None),
    ("Apmācīt darbiniekus saskarsmē ar klientiem ar demenci", "PSAC", "AP-01", "psac",
     (500, 1500)),
    ("Ieviest apmeklējumu grafika SMS atgādinājumus klientiem", "AAB", "PP-04", "aab",
     (300, 900)),
    ("Izveidot bērnu stūrīti sociālās palīdzības nodaļas uzgaidāmajā telpā", "SPN", "AP-03",
     "spn", (150, 500)),
]

# Client feedback. Complaints may carry a template title: the nonconformity story it becomes
# when justified (t), else the complaint is answered only.
FEEDBACK = {
    "complaint": [
        ("Aprūpes kvalitāte", "PSAC", "Ilgstošā sociālā aprūpe", True,
         "Klienta meita norāda, ka tēvam vairākas dienas nav mainīta gultasveļa.",
         "Veļas mazgāšanas grafiks netiek ievērots, trūkst tīras gultasveļas"),
        ("Aprūpes kvalitāte", "AAB", "Aprūpe mājās", True,
         "Kliente sūdzas, ka aprūpētāja ierodas vēlu un nepaspēj palīdzēt brokastīs.",
         "Aprūpētāja apmeklējuma laiks neatbilst grafikam"),
        ("Ēdināšana", "PSAC", "Ilgstošā sociālā aprūpe", True,
         "Tuvinieks norāda, ka klientam ar diabētu pasniegti saldie ēdieni.",
         "Ēdienkarte nav saskaņota ar uztura speciālista ieteikumiem diētas klientiem"),
        ("Ēdināšana", "PNS", "Patversme", False,
         "Patversmes klients sūdzas, ka vakariņu porcijas ir par mazu.", None),
        ("Saziņa ar sociālo darbinieku", "SPN", "Sociālā palīdzība", True,
         "Klients divas nedēļas nevar sazināties ar savu sociālo darbinieku; lēmums kavējas.",
         "Lēmums par sociālo palīdzību pieņemts pēc noteiktā termiņa"),
        ("Saziņa ar sociālo darbinieku", "SPKN", "Aprūpe mājās (piešķiršana)", True,
         "Klients nav saņēmis lēmumu par pakalpojumu, lai gan apmeklējumi jau sākušies.",
         "Lēmums par pakalpojuma piešķiršanu nav nosūtīts klientam"),
        ("Gaidīšanas laiks", "SPN", "Sociālā palīdzība", False,
         "Apmeklētājs pieņemšanā gaidīja vairāk nekā stundu.", None),
        ("Gaidīšanas laiks", "SPKN", "Ilgstošā sociālā aprūpe (rinda)", False,
         "Tuvinieks neapmierināts ar gaidīšanas laiku uz vietu aprūpes centrā.", None),
        ("Telpu pieejamība", "SPN", "Sociālā palīdzība", False,
         "Klientam ratiņkrēslā grūti iekļūt pieņemšanas telpā otrajā stāvā.", None),
        ("Telpu pieejamība", "PSAC", "Ilgstošā sociālā aprūpe", True,
         "Klienta dēls norāda, ka tēva istabā trauksmes poga nedarbojas.",
         "Trauksmes pogas klientu istabās nedarbojas"),
        ("Darbinieku attieksme", "PNS", "Patversme", False,
         "Klients uzskata, ka dežurants runājis nepieklājīgi.", None),
        ("Darbinieku attieksme", "AAB", "Aprūpe mājās", False,
         "Kliente lūdz nomainīt aprūpētāju personīgas nesaderības dēļ.", None),
        ("Aprūpes kvalitāte", "BSAC", "Dienas aprūpe bērniem", True,
         "Vecāki norāda, ka sanitārās telpas centrā ir netīras.",
         "Sanitāro mezglu uzkopšanas grafiks netiek ievērots"),
        ("Aprūpes kvalitāte", "PSAC", "Ilgstošā sociālā aprūpe", True,
         "Tuvinieks norāda, ka pēc uzņemšanas nav atrodamas klienta personīgās mantas.",
         "Klientu personīgo mantu uzskaite nav veikta uzņemšanā"),
        ("Informācijas pieejamība", "SD", "Mājaslapa", False,
         "Mājaslapā nav aktuālas informācijas par pieņemšanas laikiem.", None),
    ],
    "suggestion": [
        ("Informācijas pieejamība", "SPKN", "Sociālie pakalpojumi",
         "Ierosina sagatavot pakalpojumu aprakstus vieglajā valodā."),
        ("Gaidīšanas laiks", "SPN", "Sociālā palīdzība",
         "Ierosina ieviest pieteikšanos pieņemšanai pa tālruni vai internetā."),
        ("Ēdināšana", "PSAC", "Ilgstošā sociālā aprūpe",
         "Klientu padome ierosina pusdienās piedāvāt izvēli no diviem ēdieniem."),
        ("Telpu pieejamība", "PSAC", "Ilgstošā sociālā aprūpe",
         "Ierosina uzstādīt soliņus dārza celiņā."),
        ("Aprūpes kvalitāte", "BSAC", "Dienas aprūpe bērniem",
         "Vecāki ierosina vairāk āra aktivitāšu pēcpusdienās."),
        ("Saziņa ar sociālo darbinieku", "AN", "Atbalsts ģimenēm",
         "Ierosina iespēju konsultēties ar sociālo darbinieku videozvanā."),
        ("Telpu pieejamība", "SPN", "Sociālā palīdzība",
         "Ierosina uzgaidāmajā telpā iekārtot bērnu stūrīti."),
        ("Aprūpes kvalitāte", "AAB", "Aprūpe mājās",
         "Ierosina nosūtīt atgādinājumu par apmeklējuma laika izmaiņām."),
        ("Informācijas pieejamība", "SD", "Mājaslapa",
         "Ierosina mājaslapā publicēt pabalstu kalkulatoru."),
    ],
    "compliment": [
        ("Aprūpes kvalitāte", "PSAC", "Ilgstošā sociālā aprūpe",
         "Tuvinieki pateicas medicīnas māsām par rūpēm slimības laikā."),
        ("Aprūpes kvalitāte", "AAB", "Aprūpe mājās",
         "Kliente pateicas aprūpētājai par atsaucību un precizitāti."),
        ("Saziņa ar sociālo darbinieku", "AN", "Atbalsts ģimenēm",
         "Ģimene pateicas sociālajai darbiniecei par atbalstu krīzes situācijā."),
        ("Ēdināšana", "PSAC", "Ilgstošā sociālā aprūpe",
         "Klientu padome pateicas virtuvei par svētku pusdienām."),
        ("Aprūpes kvalitāte", "BSAC", "Dienas aprūpe bērniem",
         "Vecāki pateicas aukļu kolektīvam par bērnu svētku sarīkošanu."),
        ("Saziņa ar sociālo darbinieku", "SPN", "Sociālā palīdzība",
         "Klients pateicas par ātru un saprotamu konsultāciju."),
        ("Aprūpes kvalitāte", "PNS", "Patversme",
         "Bijušais klients pateicas patversmes darbiniekiem par palīdzību atrast darbu."),
    ],
}

COMPLAINT_ANSWERS = {
    True: "Sūdzība izskatīta un atzīta par pamatotu. Situācija novērsta, un uzsākta "
          "neatbilstības novēršana, lai tā neatkārtotos. Atvainojamies par sagādātajām "
          "neērtībām.",
    False: "Sūdzība izskatīta. Pārbaudē noteikto prasību pārkāpums netika konstatēts; "
           "paskaidrojām pakalpojuma kārtību un iespējas, kā rīkoties turpmāk.",
}
PARTLY_NOTES = ("Darbības ieviestas, atkārtojumu skaits samazinājies, bet izlasē vēl "
                "konstatēts viens gadījums; turpmāk uzraudzīts procesa rādītājos.")


def _at(day: dt.date, minutes: int = 0) -> dt.datetime:
    return (dt.datetime.combine(day, dt.time(8, 30), tzinfo=RIGA)
            + dt.timedelta(minutes=minutes)).astimezone(dt.UTC)


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


class _Clock:
    """Timestamps for one record's story: on the given working day, always later."""

    def __init__(self, rng: random.Random):
        self.rng, self.last = rng, None

    def at(self, day: dt.date) -> dt.datetime:
        moment = _at(day, self.rng.randint(0, 480))
        if self.last is not None and moment <= self.last:
            moment = self.last + dt.timedelta(minutes=self.rng.randint(5, 40))
        self.last = moment
        return moment


class _Demo:
    def __init__(self):
        self.rng = random.Random(2026)
        self.users = {u.username: u for u in db.session.scalars(select(User))}
        self.units = {u.code: u for u in db.session.scalars(select(Unit))}
        self.processes = {p.code: p for p in db.session.scalars(select(Process))}
        self.case_numbers: dict[tuple[str, int], int] = {}

    def user(self, name: str) -> User:
        return self.users[name]

    def case(self, unit: str, year: int) -> str:
        number = self.case_numbers.get((unit, year), self.rng.randint(3, 12))
        number += self.rng.randint(1, 9)
        self.case_numbers[(unit, year)] = number
        return f"{unit}-{year}/{number:03d}"

    def money(self, low: float, high: float) -> int:
        return int(round(self.rng.uniform(low, high) / 10) * 10)

    def near(self, amount) -> float:
        return round(float(amount) * self.rng.uniform(0.82, 1.12), 2)

    # --- one nonconformity ----------------------------------------------------------------

    def plan(self, year: int, day: dt.date, template: dict | None = None) -> dict:
        """Decide a nonconformity's story: what, where, how serious, how it ends."""
        rng = self.rng
        t = template or rng.choices(TEMPLATES, [WEIGHT.get(t["cat"], 1.0)
                                                 for t in TEMPLATES])[0]
        unit = rng.choice(t["u"])
        process = t["p"] or UNIT_PROCESS[unit]
        severity = rng.choices(["major", "minor", "observation"], [14, 58, 28])[0]
        source = rng.choice(t["src"])
        return dict(t=t, unit=unit, process=process, severity=severity, source=source,
                    day=_workday(day), year=year, outcome="normal", stall=None)

    def owner_for(self, spec) -> str:
        if spec["unit"] == "SD":
            return PROCESS_OWNER.get(spec["process"], "direktore")
        return UNIT_HEAD[spec["unit"]]

    def reporter_for(self, spec) -> str:
        source, unit = spec["source"], spec["unit"]
        if source == "audit_finding":
            return self.rng.choice(["auditore", "auditors"])
        if source in ("inspection", "indicator", "management_review"):
            return "kvalitate"
        if unit == "AN" and self.rng.random() < 0.5:
            return "darbiniece"
        if unit == "PSAC" and self.rng.random() < 0.5:
            return "aprupetaja"
        return UNIT_HEAD[unit]

    def report(self, spec, clock: _Clock):
        t, rng = spec["t"], self.rng
        case = self.case(spec["unit"], spec["year"]) if t["case"] else ""
        text = t["d"].format(case=case or "—", place=UNIT_PLACE[spec["unit"]])
        text = text[0].upper() + text[1:]
        reference = ""
        if spec["source"] == "inspection":
            reference = INSPECTION_REF.get(spec["process"], SOURCE_REFERENCE["inspection"])
        elif spec["source"] in SOURCE_REFERENCE:
            reference = SOURCE_REFERENCE[spec["source"]]
        reporter = self.user(self.reporter_for(spec))
        nc = nc_services.report(
            actor=reporter, now=clock.at(spec["day"]), title=t["t"], description=text,
            source=spec["source"], unit_id=self.units[spec["unit"]].id,
            process_id=self.processes[spec["process"]].id, case_file_reference=case,
            requirement_clause=t["cl"], requirement_legal=t["lg"],
            source_reference=reference,
            severity=spec["severity"] if rng.random() < 0.5 else None,
            reported_on=spec["day"])
        return nc

    def run(self, spec, nc=None, clock: _Clock | None = None) -> None:
        """Walk a nonconformity through its life until its story or the demo's today ends."""
        rng, t = self.rng, spec["t"]
        clock = clock or _Clock(rng)
        kvalitate = self.user("kvalitate")
        if nc is None:
            nc = self.report(spec, clock)
        stall = spec["stall"]
        day = spec["day"]

        def later(low: int, high: int) -> dt.date:
            return _workday(day + dt.timedelta(days=rng.randint(low, high)))

        if stall == "new":
            return
        # Triage.
        day = later(0, 4)
        if day > CUTOFF:
            return
        if spec["outcome"] == "rejected":
            nc_services.reject(nc, actor=kvalitate, now=clock.at(day),
                               reason=rng.choice(REJECT_REASONS))
            return
        severity = spec["severity"]
        owner = self.user(self.owner_for(spec))
        # Whether corrective action will be needed (decided after the correction).
        needed = (severity == "major" or stall is not None or spec["outcome"] == "cancelled"
                  or (severity == "minor" and rng.random() < 0.8)
                  or (severity == "observation" and rng.random() < 0.25))
        budget = None
        if needed and spec["outcome"] == "normal":
            wants_money = rng.random() < (0.8 if t["cost"] else 0.25)
            if wants_money:
                low, high = t["cost"] or (150, 600)
                budget = self.money(low, high)
        spec["budget"] = budget
        nc_services.triage(nc, actor=kvalitate, now=clock.at(day), severity=severity,
                           owner_id=owner.id, unit_id=self.units[spec["unit"]].id,
                           process_id=self.processes[spec["process"]].id,
                           budget_planned=budget)
        if stall == "correction":
            return
        # Correction and the decision on corrective action.
        day = later(1, 7)
        if day > CUTOFF:
            return
        if spec["outcome"] == "cancelled" and rng.random() < 0.5:
            nc_services.cancel(nc, actor=kvalitate, now=clock.at(day),
                               reason=rng.choice(CANCEL_REASONS))
            return
        rationale = ("Iespējama atkārtošanās arī citās vietās; vajadzīga cēloņu analīze."
                     if needed else
                     "Vienreizējs gadījums; korekcija pietiekama, cēloņu analīze nav vajadzīga.")
        nc_services.record_correction(
            nc, actor=owner, now=clock.at(day), correction=t["c"], consequences=t["q"],
            result="Korekcija pārbaudīta, situācija atbilst prasībām.", done_on=day,
            corrective_action_needed=needed, rationale=rationale)
        if not needed or stall == "root_cause":
            return
        if spec["outcome"] == "cancelled":
            day = later(5, 15)
            if day <= CUTOFF:
                nc_services.cancel(nc, actor=kvalitate, now=clock.at(day),
                                   reason=rng.choice(CANCEL_REASONS))
            return
        # Root cause.
        day = later(4, 14) if severity == "major" else later(7, 21)
        if day > CUTOFF:
            return
        self.root_cause(nc, owner, clock.at(day), t, first=True)
        # The action plan.
        due = nc.due_on if nc.due_on > day + dt.timedelta(days=14) else \
            day + dt.timedelta(days=rng.randint(21, 45))
        if spec.get("long"):
            due = day + dt.timedelta(days=rng.randint(120, 200))
        actions = self.plan_actions(nc, owner, clock, day, due, t, budget)
        if stall == "action_plan":
            return
        day = later(0, 3)
        if day > CUTOFF:
            return
        verifier = self.pick_verifier(nc, actions, owner)
        check_gap = rng.randint(30, 75) if severity != "major" else rng.randint(45, 90)
        check_on = _workday(due + dt.timedelta(days=check_gap))
        if spec.get("long_check"):
            check_on = _workday(CUTOFF + dt.timedelta(days=rng.randint(20, 60)))
        nc_services.approve_plan(nc, actor=owner, now=clock.at(day), criteria=t["k"],
                                 check_on=check_on, verifier_id=verifier.id)
        # Implementation.
        finished = self.implement(nc, actions, clock, day, stall == "implementation")
        if finished is None:
            return
        day = finished
        if day > CUTOFF:
            return
        nc_services.finish_implementation(nc, actor=owner, now=clock.at(day))
        if stall == "effectiveness":
            return
        # Effectiveness.
        day = _workday(max(day + dt.timedelta(days=7), check_on)
                       + dt.timedelta(days=rng.randint(-3, 6)))
        if day > CUTOFF:
            return
        verdict = spec["verdict"]
        if verdict == "not_effective":
            nc_services.verify(
                nc, actor=verifier, now=clock.at(day), verdict="not_effective",
                notes="Pārbaudē neatbilstība atkārtojusies: darbības nav novērsušas cēloni. "
                      "Vajadzīga atkārtota cēloņu analīze.")
            day = _workday(day + dt.timedelta(days=rng.randint(3, 10)))
            if day > CUTOFF:
                return
            self.root_cause(nc, owner, clock.at(day), t, first=False)
            due = day + dt.timedelta(days=rng.randint(30, 60))
            second = nc_services.add_action(
                actor=owner, now=clock.at(day), nc=nc, kind="corrective",
                title=SECOND_ROUND[nc.root_cause_category][1],
                description="Pirmās kārtas darbība nebija efektīva: " + t["a"][0].lower()
                + t["a"][1:] + ".", owner_id=owner.id, due_on=due, budget_planned=None)
            nc_services.approve_plan(nc, actor=owner, now=clock.at(day), criteria=t["k"],
                                     check_on=_workday(due + dt.timedelta(days=45)),
                                     verifier_id=verifier.id)
            finished = self.implement(nc, [second], clock, day, False)
            if finished is None:
                return
            day = finished
            if day > CUTOFF:
                return
            nc_services.finish_implementation(nc, actor=owner, now=clock.at(day))
            day = _workday(max(day + dt.timedelta(days=7), nc.effectiveness_due_on)
                           + dt.timedelta(days=rng.randint(-2, 5)))
            if day > CUTOFF:
                return
            verdict = "effective"
        notes = (PARTLY_NOTES if verdict == "partly" else
                 "Pārbaudīta izlase pēc kritērijiem: atkārtojumu nav, darbības iekļautas "
                 "ikdienas darbā.")
        nc_services.verify(nc, actor=verifier, now=clock.at(day), verdict=verdict, notes=notes,
                           risks_need_update=severity == "major" and rng.random() < 0.5,
                           qms_needs_change=t["pv"] is not None and rng.random() < 0.3)

    def root_cause(self, nc, owner, now, t, *, first: bool) -> None:
        rng = self.rng
        category = t["cat"]
        root = t["rc"] if first else SECOND_ROUND[category][0]
        if first and rng.random() < 0.62:
            whys = list(t["w"])
            if rng.random() < 0.4:
                whys.append("Šis jautājums līdz šim netika aplūkots vadības pārskatā.")
            nc_services.record_root_cause(nc, actor=owner, now=now, method="five_whys",
                                          whys=whys, root_cause=root, category=category,
                                          extent=t["x"])
            return
        others = [c for c in ISHIKAWA if c != category]
        causes = [(category, root)]
        for extra in rng.sample(others, 2 if len(others) > 2 else 1):
            causes.append((extra, rng.choice(ISHIKAWA[extra])))
        nc_services.record_root_cause(nc, actor=owner, now=now, method="ishikawa",
                                      causes=causes, root_cause=root, category=category,
                                      extent=t["x"] if first else
                                      "Atkārtoti pārbaudītas tās pašas vietas.")

    def plan_actions(self, nc, owner, clock, day, due, t, budget) -> list:
        rng = self.rng
        main_budget = pv_budget = None
        if budget:
            if t["pv"] and rng.random() < 0.4:
                main_budget = round(budget * 0.7 / 10) * 10
                pv_budget = budget - main_budget
            else:
                main_budget = budget
        actions = [nc_services.add_action(
            actor=owner, now=clock.at(day), nc=nc, kind="corrective", title=t["a"],
            owner_id=owner.id, due_on=due, budget_planned=main_budget)]
        if t["pv"] and (rng.random() < 0.6 or pv_budget):
            pv_owner = owner
            if t["p"] in ("VP-02", "VP-04") or rng.random() < 0.25:
                pv_owner = self.user("kvalitate")
            elif owner.username == "an" and rng.random() < 0.5:
                pv_owner = self.user("darbiniece")
            actions.append(nc_services.add_action(
                actor=owner, now=clock.at(day), nc=nc, kind="preventive", title=t["pv"],
                owner_id=pv_owner.id,
                due_on=due + dt.timedelta(days=rng.randint(0, 30)), budget_planned=pv_budget))
        return actions

    def pick_verifier(self, nc, actions, owner) -> User:
        busy = {a.owner_id for a in actions} | {owner.id}
        free = [self.user(n) for n in VERIFIERS if self.user(n).id not in busy]
        return self.rng.choice(free)

    def implement(self, nc, actions, clock, start: dt.date, stall: bool):
        """Do the actions; returns the day the last was done, or None if some are open."""
        rng = self.rng
        last = start
        open_left = False
        for number, action in enumerate(actions):
            span = max((action.due_on - start).days, 7)
            late = rng.random() < 0.1
            done = _workday(start + dt.timedelta(
                days=int(span * (rng.uniform(1.05, 1.3) if late else rng.uniform(0.45, 1.0)))))
            doer = self.users_by_id(action.owner_id)
            if stall and number == 0:
                # Overdue: started, but waiting for something.
                middle = _workday(start + dt.timedelta(days=max(span // 3, 3)))
                if middle <= CUTOFF:
                    nc_services.update_action(
                        action, actor=doer, now=clock.at(middle), status="in_progress",
                        note="Darbs uzsākts; gaidām piegādātāja piedāvājumu.")
                open_left = True
                continue
            if done > CUTOFF:
                middle = _workday(start + dt.timedelta(days=max(span // 3, 3)))
                if middle <= CUTOFF and rng.random() < 0.6:
                    nc_services.update_action(action, actor=doer, now=clock.at(middle),
                                              status="in_progress", note="Darbs uzsākts.")
                open_left = True
                continue
            cost = self.near(action.budget_planned) if action.budget_planned else None
            nc_services.update_action(
                action, actor=doer, now=clock.at(max(done, clock_day(clock))),
                status=ActionStatus.DONE.value, cost_actual=cost,
                evidence="Izpildīts: " + action.title[0].lower() + action.title[1:]
                         + ". Pierādījumi pievienoti struktūrvienības lietā.")
            last = max(last, done)
        if open_left:
            return None
        return _workday(last + dt.timedelta(days=rng.randint(1, 5)))

    def users_by_id(self, user_id: int) -> User:
        return next(u for u in self.users.values() if u.id == user_id)


def clock_day(clock: _Clock) -> dt.date:
    return clock.last.astimezone(RIGA).date()


# --- the years --------------------------------------------------------------------------------

def _year_days(rng: random.Random, year: int, count: int) -> list[dt.date]:
    start = dt.date(year, 1, 8)
    end = dt.date(year, 12, 18) if year < 2026 else CUTOFF
    span = (end - start).days
    return sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))


def load_nonconformities() -> None:
    """The demo's nonconformities, actions and client feedback."""
    demo = _Demo()
    rng = demo.rng
    events = []  # (day, order, kind, payload)
    order = 0
    for year in YEARS:
        count = rng.randint(40, 48) if year < 2026 else rng.randint(38, 44)
        specs = [demo.plan(year, day) for day in _year_days(rng, year, count)]
        for spec in specs:
            r = rng.random()
            spec["verdict"] = ("effective" if r < 0.77 else "partly" if r < 0.91
                               else "not_effective")
        for spec in rng.sample(specs, rng.randint(1, 3)):
            spec["outcome"] = "rejected"
        for spec in rng.sample([s for s in specs if s["outcome"] == "normal"],
                               rng.randint(1, 2)):
            spec["outcome"] = "cancelled"
        normal = [s for s in specs if s["outcome"] == "normal"]
        if year == 2024:
            stuck = [s for s in normal if s["day"].month in (9, 10, 11)][:1]
            for spec in stuck:
                spec.update(severity="major", stall="implementation", long=True)
        elif year == 2025:
            late = [s for s in normal if s["day"].month >= 8]
            for spec, stall in zip(late[:3], ["implementation", "effectiveness", "effectiveness"],
                                   strict=False):
                spec.update(severity="major" if stall == "implementation" else "minor",
                            stall=stall, long=stall == "implementation",
                            long_check=stall == "effectiveness")
        else:
            # The latest reports wait at the earliest stages; the summer ones further on.
            late = sorted((s for s in normal if s["day"] >= dt.date(2026, 6, 15)),
                          key=lambda s: s["day"], reverse=True)
            cycle = ["new", "correction", "new", "root_cause", "correction", "action_plan",
                     "root_cause", "implementation", "action_plan", "implementation",
                     "effectiveness", "implementation", "effectiveness"]
            for spec, stall in zip(late, cycle, strict=False):
                spec["stall"] = stall
                if stall in ("root_cause", "action_plan", "implementation", "effectiveness"):
                    spec["severity"] = rng.choice(["major", "minor", "minor"])
        for spec in specs:
            events.append((spec["day"], order, "nc", spec))
            order += 1
        feedback_count = rng.randint(25, 38) if year < 2026 else rng.randint(24, 32)
        raise_count = rng.randint(4, 7)
        for day in _year_days(rng, year, feedback_count):
            kind = rng.choices(["complaint", "suggestion", "compliment"], [42, 32, 26])[0]
            events.append((day, order, "feedback", {"kind": kind, "year": year, "day": day}))
            order += 1
        # Which complaints become nonconformities: the justified ones, up to raise_count.
        year_feedback = [e[3] for e in events if e[2] == "feedback" and e[3]["year"] == year]
        complaints = [f for f in year_feedback if f["kind"] == "complaint"]
        while len(complaints) < raise_count + 2:  # enough complaints to raise from
            extra = rng.choice([f for f in year_feedback if f["kind"] != "complaint"])
            extra["kind"] = "complaint"
            complaints.append(extra)
        justified_templates = [f for f in FEEDBACK["complaint"] if f[5]]
        for number, item in enumerate(complaints):
            if number % 2 == 0 and sum(1 for c in complaints if c.get("raise")) < raise_count:
                item["raise"] = True
                item["template"] = rng.choice(justified_templates)
            else:
                item["template"] = rng.choice(FEEDBACK["complaint"])
                item["raise"] = False
    # One story at a time in date order, so that numbers follow the dates; a complaint
    # raised as a nonconformity comes back on the day it is raised.
    heapq.heapify(events)
    while events:
        _, _, kind, payload = heapq.heappop(events)
        if kind == "nc":
            demo.run(payload)
        elif kind == "feedback":
            follow_up = _feedback(demo, payload)
            if follow_up is not None:
                order += 1
                heapq.heappush(events, (follow_up["day"], order, "raise", follow_up))
        else:
            _raise(demo, payload)
    _improvements(demo)
    _read_old_notifications(demo)


def _feedback(demo: _Demo, item: dict) -> dict | None:
    """Register (and answer) one feedback item; a complaint to raise comes back as a
    follow-up for the day it is raised."""
    rng = demo.rng
    kvalitate = demo.user("kvalitate")
    clock = _Clock(rng)
    received = item["day"]
    year = item["year"]
    kind = item["kind"]
    if kind == "complaint":
        topic, unit, service, justified, summary, template_title = item["template"]
    else:
        topic, unit, service, summary = rng.choice(FEEDBACK[kind])
        justified, template_title = None, None
    channel = rng.choice(["in_person", "phone", "email", "letter", "website", "box"])
    case = demo.case(unit, year) if kind == "complaint" and unit != "SD" and \
        rng.random() < 0.6 else ""
    registered = min(received + dt.timedelta(days=rng.randint(0, 2)), CUTOFF)
    feedback = nc_services.register_feedback(
        actor=kvalitate, now=clock.at(registered), kind=kind, channel=channel,
        received_on=received, summary=summary, unit_id=demo.units[unit].id, service=service,
        topic=topic, case_file_reference=case)
    if item.get("raise"):
        day = _workday(registered + dt.timedelta(days=rng.randint(1, 5)))
        if day <= CUTOFF:
            return dict(day=day, feedback=feedback, clock=clock, unit=unit,
                        template=template_title, received=received)
        return None
    late = rng.random() < 0.07
    answer_day = _workday(received + dt.timedelta(
        days=rng.randint(32, 44) if late else rng.randint(3, 27)))
    if answer_day > CUTOFF:
        return
    if kind == "complaint":
        answer, is_justified = COMPLAINT_ANSWERS[False], False
        if justified and rng.random() < 0.5:
            answer, is_justified = ("Sūdzība atzīta par pamatotu; situācija novērsta "
                                    "nekavējoties. Atvainojamies."), True
    elif kind == "suggestion":
        answer, is_justified = ("Paldies par ierosinājumu. Tas izvērtēts vadības sanāksmē "
                                "un iekļauts uzlabojumu plānā."), None
    else:
        answer, is_justified = ("Paldies par atsauksmi! Tā nodota darbiniekiem un "
                                "struktūrvienības vadītājam."), None
    nc_services.answer_feedback(feedback, actor=kvalitate, now=clock.at(answer_day),
                                answer=answer, answered_on=answer_day, justified=is_justified)
    return None


def _raise(demo: _Demo, item: dict) -> None:
    """A justified complaint becomes a nonconformity, is answered, and the story goes on."""
    rng, clock, day = demo.rng, item["clock"], item["day"]
    kvalitate = demo.user("kvalitate")
    feedback = item["feedback"]
    nc = nc_services.raise_from_feedback(feedback, actor=kvalitate, now=clock.at(day))
    template = next(t for t in TEMPLATES if t["t"] == item["template"])
    unit = item["unit"]
    severity = rng.choices(["major", "minor", "observation"], [20, 65, 15])[0]
    spec = dict(t=template, unit=unit, process=template["p"] or UNIT_PROCESS[unit],
                severity=severity, source="complaint", day=day, year=day.year,
                outcome="normal", stall=None)
    r = rng.random()
    spec["verdict"] = "effective" if r < 0.77 else "partly" if r < 0.91 else "not_effective"
    story = _Clock(rng)
    story.last = clock.last
    answer_day = _workday(max(item["received"] + dt.timedelta(days=rng.randint(10, 27)),
                              day + dt.timedelta(days=1)))
    if answer_day <= CUTOFF:
        nc_services.answer_feedback(feedback, actor=kvalitate, now=clock.at(answer_day),
                                    answer=COMPLAINT_ANSWERS[True], answered_on=answer_day,
                                    justified=True)
    demo.run(spec, nc=nc, clock=story)


def _improvements(demo: _Demo) -> None:
    rng = demo.rng
    kvalitate = demo.user("kvalitate")
    pool = list(IMPROVEMENTS)
    rng.shuffle(pool)
    for year in YEARS:
        for number in range(rng.randint(3, 5) if year < 2026 else 4):
            title, unit, process, owner_name, cost = pool.pop()
            clock = _Clock(rng)
            month = rng.randint(1, 10) if year < 2026 else (2, 5, 9, 10)[number]
            start = _workday(dt.date(year, month, rng.randint(1, 28)))
            due = start + dt.timedelta(days=rng.randint(60, 150))
            budget = demo.money(*cost) if cost else None
            owner = demo.user(owner_name)
            action = nc_services.add_action(
                actor=kvalitate, now=clock.at(start), nc=None, kind="improvement", title=title,
                owner_id=owner.id, due_on=due, unit_id=demo.units[unit].id,
                process_id=demo.processes[process].id, source_type="register",
                budget_planned=budget,
                description="Uzlabojums no vadības pārskata un klientu atsauksmēm.")
            middle = _workday(start + dt.timedelta(days=20))
            if middle <= CUTOFF:
                nc_services.update_action(action, actor=owner, now=clock.at(middle),
                                          status="in_progress", note="Darbs uzsākts.")
            done = _workday(start + dt.timedelta(days=int((due - start).days
                                                          * rng.uniform(0.6, 1.15))))
            if done <= CUTOFF:
                nc_services.update_action(
                    action, actor=owner, now=clock.at(done), status="done",
                    cost_actual=demo.near(budget) if budget else None,
                    evidence="Uzlabojums ieviests; rezultāts apspriests vadības sanāksmē.")


def _read_old_notifications(demo: _Demo) -> None:
    """People read their notifications: those of this module older than two weeks are read
    a day or two after they came; the recent ones still wait."""
    rng = demo.rng
    before = _at(CUTOFF - dt.timedelta(days=14))
    kinds = ("nc.reported", "nc.assigned", "action.assigned")
    old = db.session.execute(
        select(Notification.id, Notification.user_id, Notification.created_at)
        .where(Notification.kind.in_(kinds), Notification.read_at.is_(None),
               Notification.created_at < before)
        .order_by(Notification.id)).all()
    for notification_id, user_id, created_at in old:
        notifications.mark_read(demo.users_by_id(user_id), notification_id,
                                now=created_at + dt.timedelta(hours=rng.randint(1, 40)))
