"""Demo internal audits 2024–2026: a programme a year with risk ratings, 12–14 internal audits
and one certification-body audit a year, answered checklists, findings that raise
nonconformities and improvement actions, issued reports, and the follow-up of the
nonconformities through correction, root cause, action plan and effectiveness check.

Everything goes through the services with backdated, increasing ``now`` values: the events
of all audits are put on one timeline and run in time order, so the audit trail reads as the
three years happened. Nothing after ``CUTOFF`` (the demo's "today") happens, which leaves the
late 2026 audits and their nonconformities at the stage they would be in.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from qms.audits import services
from qms.audits.models import (
    Audit,
    AuditProgramme,
    AuditType,
    ChecklistTemplate,
    ItemResult,
    TemplateQuestion,
)
from qms.auth.models import User
from qms.core import transaction
from qms.extensions import db
from qms.nonconformities import services as nc_services
from qms.nonconformities.models import (
    Action,
    ActionKind,
    ActionStatus,
    Nonconformity,
    Severity,
    Verdict,
)
from qms.org.models import Unit
from qms.processes.models import Process

RIGA = ZoneInfo("Europe/Riga")
SEED = 2026
YEARS = (2024, 2025, 2026)
CUTOFF = dt.datetime(2026, 11, 20, 17, 0, tzinfo=RIGA).astimezone(dt.UTC)
MONTHS_IN = ["janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā",
             "septembrī", "oktobrī", "novembrī", "decembrī"]
MONTHS_ACC = ["janvāri", "februāri", "martu", "aprīli", "maiju", "jūniju", "jūliju", "augustu",
              "septembri", "oktobri", "novembri", "decembri"]


# --- time and people ---------------------------------------------------------------------------

def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment of a Riga working day, as timezone-aware UTC."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=RIGA).astimezone(dt.UTC)


def workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def later(day: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    return workday(day + dt.timedelta(days=rng.randint(low, max(low, high))))


def person(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def unit(code: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def process(code: str) -> Process:
    return db.session.scalar(select(Process).where(Process.code == code))


class SafeDict(dict):
    def __missing__(self, key):
        return ""


def fill(text: str, **values) -> str:
    return text.format_map(SafeDict(values))


class Timeline:
    """Events run in time order; an event may schedule later ones. Events after the cut-off
    are dropped. Each batch of events is one database transaction (the services' own commits
    only flush inside it), which keeps the demo fast."""

    def __init__(self, cutoff: dt.datetime = CUTOFF):
        self.cutoff = cutoff
        self.heap: list = []
        self.sequence = 0
        self.now: dt.datetime | None = None

    def at(self, when: dt.datetime, fn, *args) -> bool:
        if when > self.cutoff:
            return False
        heapq.heappush(self.heap, (when, self.sequence, fn, args))
        self.sequence += 1
        return True

    def tick(self, minutes: float = 1) -> dt.datetime:
        """The next moment inside the running event (several service calls in one event)."""
        self.now += dt.timedelta(minutes=minutes)
        return self.now

    def run(self, batch: int = 250) -> None:
        while self.heap:
            with transaction.atomic():
                for _ in range(batch):
                    if not self.heap:
                        break
                    when, _, fn, args = heapq.heappop(self.heap)
                    if self.now is not None and when <= self.now:
                        when = self.now + dt.timedelta(seconds=20)
                    self.now = when
                    fn(when, *args)


# --- following a nonconformity to its closure (also used by the inspections demo) ---------------

def follow_nonconformity(tl: Timeline, rng: random.Random, nc: Nonconformity,
                         start: dt.datetime, story: dict, *, owner: User, verifier: User,
                         on_closed=None) -> None:
    """Triage, correction, root cause, actions, plan, implementation and effectiveness check,
    each step a few working days after the previous one (and nothing after the cut-off).

    ``story`` holds the texts: correction, whys, root, cat, action, done, criteria, verified;
    optional no_action (close after the correction), budget, cost, by (username of the
    action's owner), extent, and ne (a first check that finds the action not effective)."""
    qm = person("kvalitate")
    nc_id = nc.id
    major = nc.severity == Severity.MAJOR
    fast = 0.6 if major else 1.0

    def days(low, high):
        return max(1, int(rng.randint(low, high) * fast))

    def get():
        return db.session.get(Nonconformity, nc_id)

    def step_triage(now):
        record = get()
        nc_services.triage(record, actor=qm, now=now, severity=record.severity,
                           owner_id=owner.id, budget_planned=story.get("budget"))
        tl.at(at(later(now.date(), rng, 2, days(3, 9)), 10, rng.randint(0, 50)),
              step_correction)

    def step_correction(now):
        record = get()
        if story.get("no_action") and not major:
            nc_services.record_correction(
                record, actor=owner, now=now, correction=story["correction"],
                corrective_action_needed=False, rationale=story["no_action"],
                result="Korekcija veikta un pārbaudīta.")
            if on_closed:
                on_closed(now)
            return
        nc_services.record_correction(
            record, actor=owner, now=now, correction=story["correction"],
            consequences=story.get("consequences", ""), result="Korekcija veikta.",
            corrective_action_needed=True,
            rationale=story.get("rationale", "Lai novērstu cēloni un neatbilstība "
                                             "neatkārtotos, vajadzīga korektīvā darbība."))
        tl.at(at(later(now.date(), rng, 3, days(5, 14)), 11, rng.randint(0, 50)),
              step_root_cause, story["whys"], story["root"], story.get("extent", ""))

    def step_root_cause(now, whys, root, extent, round_=1):
        record = get()
        nc_services.record_root_cause(
            record, actor=owner, now=now, method="five_whys", whys=whys, root_cause=root,
            category=story.get("cat", "methods"),
            extent=extent or "Pārbaudīts, vai līdzīga situācija iespējama citās "
                             "struktūrvienībās; citu gadījumu nav.")
        tl.at(at(later(now.date(), rng, 1, days(2, 6)), 14, rng.randint(0, 50)), step_plan,
              round_)

    def step_plan(now, round_=1):
        record = get()
        second = round_ == 2
        title = story["ne"]["action"] if second else story["action"]
        by = person(story.get("by2" if second else "by") or owner.username)
        if by is None:
            by = owner
        due = (later(now.date(), rng, 70, 110) if story.get("slow")
               else later(now.date(), rng, days(20, 35), days(40, 75)))
        action = nc_services.add_action(
            actor=owner, now=now, nc=record, kind=ActionKind.CORRECTIVE, title=title,
            owner_id=by.id, due_on=due, budget_planned=None if second else story.get("budget"),
            description=story.get("action_description", ""))
        checker = verifier
        if checker.id in nc_services.implementers(record):
            checker = qm if qm.id not in nc_services.implementers(record) \
                else person("vietnieks")
        check_on = workday(due + dt.timedelta(days=rng.randint(25, 45)))
        nc_services.approve_plan(record, actor=owner, now=tl.tick(3),
                                 criteria=story["criteria"], check_on=check_on,
                                 verifier_id=checker.id)
        action_id = action.id
        tl.at(at(later(now.date(), rng, 5, 12), 13, rng.randint(0, 50)), step_action_progress,
              action_id, by)
        done_on = workday(due - dt.timedelta(days=rng.randint(0, 10)))
        tl.at(at(done_on, 15, rng.randint(0, 50)), step_action_done, action_id, by, checker,
              check_on, round_)

    def step_action_progress(now, action_id, by):
        action = db.session.get(Action, action_id)
        if action.status == ActionStatus.PLANNED:
            nc_services.update_action(action, actor=by, now=now,
                                      status=ActionStatus.IN_PROGRESS,
                                      note="Darbs uzsākts; izpildes gaita pārrunāta "
                                           "struktūrvienības sanāksmē.")

    def step_action_done(now, action_id, by, checker, check_on, round_):
        action = db.session.get(Action, action_id)
        done = story["ne"]["done"] if round_ == 2 else story["done"]
        nc_services.update_action(action, actor=by, now=now, status=ActionStatus.DONE,
                                  evidence=done,
                                  cost_actual=None if round_ == 2 else story.get("cost"))
        nc_services.finish_implementation(get(), actor=owner, now=tl.tick(rng.randint(20, 90)))
        tl.at(at(check_on, 10, rng.randint(0, 50)), step_verify, checker, round_)

    def step_verify(now, checker, round_):
        record = get()
        if story.get("ne") and round_ == 1:
            nc_services.verify(record, actor=checker, now=now, verdict=Verdict.NOT_EFFECTIVE,
                               notes=story["ne"]["notes"])
            tl.at(at(later(now.date(), rng, 5, 12), 11, rng.randint(0, 50)), step_root_cause,
                  story["ne"]["whys"], story["ne"]["root"], "", 2)
            return
        nc_services.verify(record, actor=checker, now=now,
                           verdict=story.get("verdict", Verdict.EFFECTIVE),
                           notes=story["verified"], risks_need_update=bool(story.get("risks")),
                           qms_needs_change=False)
        if on_closed:
            on_closed(now)

    tl.at(at(later(start.date(), rng, 1, 4), 9, rng.randint(10, 50)), step_triage)


def follow_improvement(tl: Timeline, rng: random.Random, action_id: int, owner: User,
                       start: dt.datetime, evidence: str) -> None:
    """An improvement action from an observation or opportunity: started, then done."""

    def progress(now):
        action = db.session.get(Action, action_id)
        nc_services.update_action(action, actor=owner, now=now, status=ActionStatus.IN_PROGRESS,
                                  note="Ieteikums izvērtēts struktūrvienības sanāksmē; "
                                       "uzsākta ieviešana.")

    def done(now):
        action = db.session.get(Action, action_id)
        nc_services.update_action(action, actor=owner, now=now, status=ActionStatus.DONE,
                                  evidence=evidence)

    tl.at(at(later(start.date(), rng, 10, 30), 13, rng.randint(0, 50)), progress)
    tl.at(at(later(start.date(), rng, 45, 120), 14, rng.randint(0, 50)), done)


# --- the programme -------------------------------------------------------------------------------

PROGRAMME = {
    2024: dict(
        objectives=(
            "1. Pārliecināties, ka KVS atbilst LVS EN ISO 9001:2015 un MK 338 prasībām visos "
            "pamatdarbības procesos un struktūrvienībās.\n"
            "2. Novērtēt 2023. gada auditu korektīvo darbību efektivitāti.\n"
            "3. Pārbaudīt klientu lietu divu līmeņu kontroles ievērošanu sociālās palīdzības un "
            "pakalpojumu piešķiršanas procesos.\n"
            "4. Sagatavot Dienestu sertifikācijas institūcijas 2. uzraudzības auditam."),
        methods=(
            "Klātienes audits struktūrvienībā: dokumentu un ierakstu izlases pārbaude, "
            "intervijas ar darbiniekiem, novērošana darba vietā. Kontroljautājumi no "
            "apstiprinātajām veidnēm (ISO 9001 un procesu kontroljautājumi). Audita plānu "
            "nosūta 14 dienas iepriekš, ziņojumu izsniedz 14 dienu laikā."),
        resources=(
            "Trīs iekšējie auditori (L. Zariņa, R. Ozols, M. Krūmiņš), ap 26 auditoru dienām "
            "gadā; kvalitātes vadītāja koordinē programmu. Sertifikācijas institūcijas "
            "uzraudzības audits — budžetā 2 900 €."),
    ),
    2025: dict(
        objectives=(
            "1. Pārbaudīt, kā ieviesti 2024. gadā aktualizētie procesu apraksti (PA-01–PA-07).\n"
            "2. Pārliecināties par neatbilstību vadības un iekšējā audita procesu "
            "rezultativitāti.\n"
            "3. Divreiz gadā auditēt ilgstošo sociālo aprūpi (PSAC un BSAC) — augstākā riska "
            "process.\n"
            "4. Sagatavoties resertifikācijas auditam 2025. gada septembrī."),
        methods=(
            "Klātienes un dokumentu audits; izlasē vismaz 10 klientu lietas katrā "
            "pamatdarbības procesā; procesu kontroljautājumi no audits/ veidnēm. Konstatējumus "
            "formulē: prasība — pierādījums — neatbilstība."),
        resources=(
            "Trīs iekšējie auditori, ap 24 auditoru dienām; resertifikācijas audits — "
            "budžetā 4 100 €; auditoru kvalifikācijas uzturēšana — 2 apmācību dienas."),
    ),
    2026: dict(
        objectives=(
            "1. Noslēgt trīs gadu ciklu: katrs process un katra struktūrvienība auditēta "
            "vismaz reizi ciklā (pārklājuma tabula).\n"
            "2. Pārbaudīt elektroniskās KVS (dokumentu vadība, neatbilstību reģistrs) "
            "ieviešanu struktūrvienībās.\n"
            "3. Novērtēt 2025. gada būtisko neatbilstību korektīvo darbību efektivitāti "
            "(atskurbtuve, bērnu plāni).\n"
            "4. Sagatavot 1. uzraudzības auditu un jauno stratēģiju 2026–2028."),
        methods=(
            "Procesu audits ar procesu kontroljautājumiem; sistēmas audits ar ISO 9001 "
            "kontroljautājumiem; izlases pārbaude elektroniskajā KVS. Plāns — 14 dienas "
            "iepriekš, ziņojums — 14 dienu laikā."),
        resources=(
            "Trīs iekšējie auditori, ap 28 auditoru dienām; uzraudzības audits — budžetā "
            "3 000 €."),
    ),
}

# process code -> (importance, changes, earlier results, rationale); later years override
RISKS = {
    "VP-01": (2, 1, 1, "Stratēģija un mērķi stabili; vadības pārskatā būtisku konstatējumu nav. "
                       "Auditē reizi divos gados sistēmas auditā."),
    "VP-02": (2, 2, 1, "Pāreja uz elektronisko KVS maina dokumentu apriti; iepriekšējie auditi "
                       "bez būtiskiem konstatējumiem."),
    "VP-03": (2, 1, 1, "Process stabils; tā atbilstību katru gadu vērtē arī sertifikācijas "
                       "institūcija."),
    "VP-04": (2, 1, 2, "Iepriekšējā gadā vairākām neatbilstībām kavēta efektivitātes pārbaude."),
    "VP-05": (2, 1, 1, "Vadības pārskats notiek regulāri; auditē kopā ar VP-01."),
    "PP-01": (3, 1, 2, "Liels klientu skaits un tieša ietekme uz mājsaimniecību ienākumiem; "
                       "iepriekš konstatēta lēmumu termiņu neievērošana."),
    "PP-02": (3, 2, 1, "Saistošo noteikumu grozījumi mainījuši pakalpojumu piešķiršanas "
                       "kārtību."),
    "PP-03": (3, 1, 2, "Bērnu drošības risks; iepriekšējā auditā kavēti plānu pārskatīšanas "
                       "termiņi."),
    "PP-04": (3, 2, 2, "Ap 185 klientu gadā, četri aprūpes līmeņi; iepriekšējā auditā "
                       "konstatējumi aprūpes plānos."),
    "PP-05": (3, 2, 3, "Augstākais risks klientu veselībai un drošībai (PSAC 200 + 10 vietas, "
                       "bērnu nams līdz 42 vietām); VI priekšraksti. Auditē divreiz gadā — PSAC "
                       "un BSAC."),
    "PP-06": (2, 1, 1, "Dienas aprūpes centrs stabils, sūdzību nav. Auditē reizi divos gados."),
    "PP-07": (3, 1, 2, "Mazaizsargāti klienti, nakts darbs; sūdzības par uzņemšanu."),
    "AP-01": (2, 2, 2, "Kadru mainība aprūpētāju amatos; kvalifikācijas celšana vismaz 24 h "
                       "gadā sociālajiem darbiniekiem."),
    "AP-02": (1, 1, 1, "Finanšu kontroli regulāri veic pašvaldības iekšējais audits un "
                       "revidents; iekšējais audits šajā ciklā netiek plānots."),
    "AP-03": (2, 1, 2, "Vecas ēkas; VUGD un VDI priekšraksti iepriekšējā gadā."),
}
RISK_CHANGES = {
    2025: {
        "PP-05": (3, 2, 3, "2024. gadā būtiska neatbilstība medikamentu izsniegšanas uzskaitē "
                           "PSAC. Auditē divreiz gadā — PSAC un BSAC."),
        "PP-07": (3, 2, 2, "Naktspatversmes paplašināšana ziemas periodā; nakts darbs."),
        "PP-03": (3, 2, 2, "Nodaļas vadītājas prombūtne un sociālo darbinieku maiņa."),
        "VP-03": (2, 2, 1, "Auditu procesa pāreja uz elektronisko KVS; auditē kopā ar VP-04."),
    },
    2026: {
        "VP-01": (2, 2, 1, "Jauna stratēģija 2026–2028 un gatavošanās uzraudzības auditam."),
        "VP-02": (2, 3, 1, "Ieviesta elektroniskā KVS ar dokumentu vadību un iepazīšanās "
                           "apliecinājumiem."),
        "PP-05": (3, 2, 3, "Atkārtoti konstatējumi par individuālajiem plāniem. Auditē divreiz "
                           "gadā — PSAC un BSAC."),
        "PP-07": (3, 1, 3, "2025. gadā būtiska neatbilstība atskurbtuves klientu uzraudzībā."),
        "PP-03": (3, 2, 2, "2025. gada audits atcelts — auditē 2026. gada 1. ceturksnī."),
    },
}

IMPARTIALITY_SD = ("Mazā iestādē visi iekšējie auditori strādā Dienesta administrācijā (SD); "
                   "auditors nav auditējamo procesu īpašnieks un nepiedalās to izpildē. "
                   "Kvalitātes vadītāja atļauj izņēmumu.")
EXTERNAL_LEAD = ("Ārējais audits: auditē sertifikācijas institūcijas auditori; kvalitātes "
                 "vadītāja sistēmā ir kontaktpersona, kas reģistrē plānu, konstatējumus un "
                 "ziņojumu. Objektivitāti nodrošina sertifikācijas institūcija.")


def A(start: str, days: int, processes: list[str], units: list[str], title: str | None = None,
      **options) -> dict:
    return dict(start=dt.date.fromisoformat(start), days=days, processes=processes,
                units=units, title=title, type=AuditType.INTERNAL, **options)


AUDITS = {
    2024: [
        A("2024-02-13", 2, ["VP-01", "VP-05"], ["SD"],
          "Sistēmas audits: stratēģija, kvalitātes mērķi un vadības pārskats",
          lead="auditore", override=IMPARTIALITY_SD, system=True, extra_auditees=["kvalitate"]),
        A("2024-03-05", 1, ["PP-01"], ["SPN"]),
        A("2024-03-19", 2, ["PP-04"], ["AAB", "SPKN"]),
        A("2024-04-09", 2, ["PP-05"], ["PSAC"], findings=["major", "minor", "good_practice"]),
        A("2024-04-23", 1, ["VP-02"], ["PSAC", "BSAC"],
          "Dokumentu un ierakstu pārvaldība struktūrvienībās"),
        A("2024-05-14", 1, ["PP-03"], ["AN"]),
        A("2024-05-28", 1, ["PP-07"], ["PNS"]),
        A("2024-06-11", 1, ["AP-03"], ["PSAC", "PNS"]),
        A("2024-09-10", 1, ["PP-02"], ["SPKN"]),
        A("2024-09-24", 1, ["PP-06"], ["PSAC"]),
        dict(start=dt.date(2024, 10, 8), days=2, type=AuditType.SURVEILLANCE,
             title="Sertifikācijas institūcijas 2. uzraudzības audits (ISO 9001:2015)",
             processes=["VP-04", "VP-05", "PP-04", "PP-05"], units=[], external=True),
        A("2024-10-15", 2, ["PP-05"], ["BSAC"],
          "Ilgstošā sociālā aprūpe: bērnu nams un krīzes centrs"),
        A("2024-10-29", 1, ["VP-04"], ["AAB", "AN"],
          "Neatbilstību un korektīvo darbību vadība struktūrvienībās"),
        A("2024-11-19", 1, ["AP-01"], ["BSAC", "PNS"], "Personāla vadība un apmācība"),
    ],
    2025: [
        A("2025-02-11", 2, ["PP-05"], ["PSAC"]),
        A("2025-03-04", 2, ["PP-05"], ["BSAC"],
          "Ilgstošā sociālā aprūpe: bērnu nams un krīzes centrs"),
        A("2025-03-18", 2, ["PP-04"], ["AAB"]),
        A("2025-04-08", 1, ["PP-01"], ["SPN"]),
        A("2025-04-22", 1, ["PP-07"], ["PNS"], "Patversme, naktspatversme un atskurbtuve",
          findings=["major", "minor", "improvement"]),
        A("2025-05-13", 1, ["VP-02"], ["AAB", "PNS", "SPN"],
          "Dokumentu un ierakstu pārvaldība struktūrvienībās"),
        A("2025-06-10", 1, ["AP-03"], ["BSAC", "AAB"]),
        dict(start=dt.date(2025, 9, 2), days=3, type=AuditType.CERTIFICATION,
             title="Resertifikācijas audits (ISO 9001:2015)",
             processes=["VP-01", "VP-03", "VP-04", "PP-01", "PP-02", "PP-05", "PP-07"],
             units=[], external=True),
        A("2025-09-16", 1, ["PP-02"], ["SPKN"]),
        A("2025-09-30", 1, ["PP-03"], ["AN"],
          cancel=(dt.date(2025, 8, 26),
                  "Atbalsta nodaļas vadītājas ilgstoša prombūtne un trīs jaunu sociālo "
                  "darbinieku ievadīšana darbā; audits pārcelts uz 2026. gada 1. ceturksni.")),
        A("2025-10-14", 1, ["VP-04"], ["PSAC", "SPKN"],
          "Neatbilstību un korektīvo darbību vadība struktūrvienībās"),
        A("2025-11-11", 1, ["VP-03", "VP-04"], ["SD"],
          "Iekšējā audita un neatbilstību vadības procesu audits", lead="vietnieks",
          override=IMPARTIALITY_SD),
        A("2025-11-25", 2, ["AP-01"], ["PSAC", "AAB"], "Personāla vadība un apmācība"),
    ],
    2026: [
        A("2026-01-27", 2, ["VP-01", "VP-05"], ["SD"],
          "Sistēmas audits: stratēģija, kvalitātes mērķi un vadības pārskats",
          lead="auditore", override=IMPARTIALITY_SD, system=True, extra_auditees=["kvalitate"]),
        A("2026-02-10", 1, ["PP-01"], ["SPN"]),
        A("2026-03-03", 1, ["PP-03"], ["AN"]),
        A("2026-03-17", 2, ["PP-05"], ["PSAC"]),
        A("2026-04-14", 1, ["PP-07"], ["PNS"], "Patversme, naktspatversme un atskurbtuve"),
        A("2026-05-05", 1, ["VP-02"], ["SPKN", "AN", "BSAC"],
          "Dokumentu un ierakstu pārvaldība elektroniskajā KVS"),
        A("2026-05-19", 2, ["PP-05"], ["BSAC"],
          "Ilgstošā sociālā aprūpe: bērnu nams un krīzes centrs",
          findings=["major", "observation", "good_practice"], slow=True),
        A("2026-06-09", 2, ["PP-04"], ["AAB", "SPKN"], findings=["minor", "minor", "improvement"],
          slow=True),
        A("2026-09-08", 1, ["PP-02"], ["SPKN"], findings=["minor", "observation"]),
        A("2026-09-22", 1, ["AP-03"], ["PSAC", "PNS"],
          findings=["observation", "improvement", "good_practice"], final="reported"),
        dict(start=dt.date(2026, 10, 6), days=2, type=AuditType.SURVEILLANCE,
             title="Sertifikācijas institūcijas 1. uzraudzības audits (ISO 9001:2015)",
             processes=["VP-02", "VP-05", "PP-03", "PP-04", "PP-06"], units=[], external=True),
        A("2026-10-13", 1, ["VP-04"], ["AAB", "PNS"],
          "Neatbilstību un korektīvo darbību vadība struktūrvienībās",
          findings=["minor", "improvement"]),
        A("2026-11-17", 2, ["AP-01"], ["PSAC", "BSAC"], "Personāla vadība un apmācība",
          final="in_progress"),
        A("2026-12-01", 1, ["PP-06"], ["PSAC"]),
        A("2026-12-15", 1, ["VP-03"], ["SD"],
          "Iekšējā audita process un auditu programmas izpilde", final="planned_no_team"),
    ],
}

# Clauses a process audit answers when only the ISO 9001 checklist fits it (the rest of the
# checklist is "not audited"); legal references by their first word.
ISO_FOCUS = {
    "VP-01": ("4", "5", "6"), "VP-05": ("9.1.3", "9.3", "10.1", "10.3"),
    "VP-02": ("4.4.2", "7.5", "MK 282", "Arhīvu"), "VP-03": ("7.2", "9.1.3", "9.2"),
    "VP-04": ("8.7", "9.1.2", "10"),
    "AP-01": ("5.3", "7.1.2", "7.1.6", "7.2", "7.3", "7.4", "MK 338 2.5"),
    "AP-02": ("7.1.1", "8.4"), "AP-03": ("6.1", "7.1", "MK 338 2.6"),
}
SYSTEM_FOCUS = ("4", "5", "6", "7.1.1", "7.4", "9", "10", "MK 338 2.7")

AGENDA = ("09:00 Atklāšanas sanāksme (auditējamie, auditori)\n"
          "09:30–12:00 Dokumentu un ierakstu pārbaude, klientu lietu izlase\n"
          "12:00–12:30 Pārtraukums\n"
          "12:30–15:00 Intervijas ar darbiniekiem, darba vietu apskate\n"
          "15:00–15:30 Auditoru sanāksme\n"
          "15:30 Noslēguma sanāksme: konstatējumi un turpmākie soļi")


# --- evidence ------------------------------------------------------------------------------------

# process -> description doc, case prefix, records, more records, interviewee, law (as in
# "Atbilst {legal} prasībām")
CONTEXT = {
    "SYS": ("KR-01", "SD", "vadības pārskata protokols, procesu izpildes ziņojumi",
            "kvalitātes mērķu izpildes pārskati", "direktore", "ISO 9001:2015"),
    "VP-01": ("PA-08", "SD", "stratēģija, kvalitātes politika, mērķu plāns",
              "vadības sanāksmju protokoli", "direktore", "ISO 9001:2015"),
    "VP-02": ("PA-09", "SD", "lietu nomenklatūra, dokumentu reģistrs",
              "iepazīšanās apliecinājumi", "lietvede", "MK 282"),
    "VP-03": ("PA-10", "SD", "auditu programma, auditu ziņojumi", "auditoru reģistrs",
              "kvalitātes vadītāja", "ISO 9001:2015"),
    "VP-04": ("PA-11", "SD", "neatbilstību reģistrs, korektīvo darbību plāni",
              "sūdzību reģistrs", "struktūrvienības vadītāja", "ISO 9001:2015"),
    "VP-05": ("PA-12", "SD", "vadības pārskats, procesu izpildes ziņojumi",
              "vadības pārskata lēmumu izpilde", "direktore", "ISO 9001:2015"),
    "PP-01": ("PA-01", "SPN", "pabalstu lietas un lēmumi", "iztikas līdzekļu deklarācijas",
              "sociālā darbiniece", "Sociālo pakalpojumu un sociālās palīdzības likuma"),
    "PP-02": ("PA-02", "SPKN", "vajadzību izvērtējumi un lēmumi", "aprūpes līmeņa novērtējumi",
              "sociālā darba organizatore", "MK 138"),
    "PP-03": ("PA-03", "AN", "ģimeņu sociālās rehabilitācijas plāni",
              "starpinstitucionālo sanāksmju protokoli", "sociālā darbiniece darbam ar "
              "ģimenēm", "MK 338"),
    "PP-04": ("PA-04", "AAB", "aprūpes plāni", "mājas vizīšu uzskaites lapas",
              "aprūpētāja", "MK 338"),
    "PP-05": ("PA-05", "PSAC", "individuālie aprūpes un rehabilitācijas plāni",
              "medikamentu izsniegšanas lapas", "vecākā medicīnas māsa", "MK 338"),
    "PP-06": ("PA-06", "PSAC", "apmeklējuma uzskaite", "nodarbību plāni",
              "sociālā rehabilitētāja", "MK 338"),
    "PP-07": ("PA-07", "PNS", "uzņemšanas žurnāls", "klientu uzraudzības lapas",
              "dežurants", "MK 338"),
    "AP-01": ("PA-13", "SD", "kvalifikācijas uzskaites kartes", "ievadapmācības lapas",
              "personāla speciāliste", "Darba likuma"),
    "AP-02": ("PA-14", "SD", "iepirkumu plāns", "līgumu reģistrs", "galvenā grāmatvede",
              "Publisko iepirkumu likuma"),
    "AP-03": ("PA-15", "SD", "tehnisko apkopju žurnāli", "ugunsdzēsības aparātu uzskaite",
              "saimniecības pārzinis", "MK 238"),
}

CONFORMS = {
    "4": ["Procesa aprakstā {doc} noteikti ārējie un iekšējie faktori; intervijā {role} nosauca "
          "aktuālās izmaiņas (normatīvo aktu grozījumi, klientu skaita pārmaiņas), un tās ir "
          "ņemtas vērā.",
          "Ieinteresēto pušu prasības apkopotas {doc}; pēdējās izmaiņas iekļautas, pārbaudīts "
          "pret {legal} prasībām."],
    "5": ["{interviewed} {role}: pienākumi un pilnvaras atbilst amata aprakstam; kvalitātes "
          "politika zināma un pieejama elektroniskajā KVS.",
          "Procesa īpašnieks noteikts; sanāksmju protokolos ({month}) redzams, ka procesa "
          "rādītāji tiek apspriesti un uzdevumi izsekoti."],
    "6": ["Procesa risku tabula pārskatīta {month}; augsta līmeņa riskiem noteikti pasākumi ar "
          "atbildīgo un termiņu.",
          "Struktūrvienības kvalitātes mērķi {year}. gadam ir izmērāmi; izpildes stāvoklis "
          "uzrādīts uz audita dienu."],
    "7": ["Pārbaudītas {n} darbinieku kvalifikācijas uzskaites kartes — kvalifikācijas "
          "celšana un supervīzijas dokumentētas.",
          "Darba vietā lietotas spēkā esošās dokumentu versijas ({doc}); intervētie darbinieki "
          "apliecinājuši iepazīšanos elektroniskajā KVS.",
          "Pārbaudīti ieraksti ({rec}); tie glabājas atbilstoši lietu nomenklatūrai, piekļuve "
          "ierobežota.",
          "Apskatītas telpas un aprīkojums; bojājumi reģistrēti saimniecības pārziņa žurnālā un "
          "novērsti noteiktajā termiņā.",
          "{interviewed} {role}: zina procesa mērķus, savu ieguldījumu un neatbilstības sekas."],
    "8": ["Pārbaudītas {n} klientu lietas ({cases}); ieraksti pilnīgi, lēmumi pieņemti "
          "noteiktajos termiņos, divu līmeņu kontrole veikta.",
          "Izlases veidā pārbaudīti ieraksti ({rec2}) par {month_plain}; nepilnības netika "
          "konstatētas.",
          "{interviewed} {role}: darba kārtība atbilst {doc}; sarežģītos gadījumos lēmumi "
          "saskaņoti ar vadītāju un dokumentēti.",
          "Klientu lietās ({cases}) plāns sagatavots kopā ar klientu; klienta paraksts ir, "
          "pārskatīšanas datums noteikts."],
    "8.4": ["Ārpakalpojumu līgumi un to izpildes kontrole uzrādīta; piegādātāju izvērtējums "
            "veikts {year}. gada sākumā."],
    "9": ["Procesa rādītāji par iepriekšējo ceturksni apkopoti; novirzes analizētas procesa "
          "izpildes ziņojumā.",
          "Klientu apmierinātības aptaujas rezultāti ({pct} % apmierināti vai ļoti apmierināti) "
          "analizēti struktūrvienības sanāksmē."],
    "10": ["Iepriekšējā audita konstatējumi slēgti; korektīvo darbību efektivitāte pārbaudīta "
           "un dokumentēta.",
           "Struktūrvienībā reģistrētās neatbilstības izskatītas; cēloņu analīze un korektīvās "
           "darbības dokumentētas."],
    "legal": ["Atbilst {legal} prasībām; pārbaudīti ieraksti ({rec}).",
              "Dokumenti uzrādīti audita dienā; prasība izpildīta."],
}
EXTERNAL_CONFORMS = ["Sertifikācijas auditors pārbaudīja ierakstus ({rec}); neatbilstības "
                     "netika konstatētas.",
                     "Intervija ({role}); auditors atzina prasību par izpildītu.",
                     "Auditors izlases veidā pārbaudīja {n} lietas; piezīmju nav."]


def _stems(text: str) -> set[str]:
    """Rough Latvian word stems (the first five letters of longer words) for matching."""
    import re

    return {w[:5] for w in re.findall(r"\w+", text.casefold()) if len(w) >= 6} - COMMON_STEMS


COMMON_STEMS = {"klien", "nodaļ", "infor", "dokum", "ierak", "pakal", "darbi", "nodro",
                "notei", "sociā", "atbil", "pārba", "gadīj", "divos", "vienā"}


def _statement(question: str) -> str:
    """“Vai … ?” as the statement the auditor confirmed (“… .”); "" for open questions."""
    text = question.strip()
    if not text.startswith("Vai"):
        return ""
    text = text[3:].lstrip(" ,")
    text = text.split("?", 1)[0].replace(", un vai ", ", un ").replace(" un vai ", " un ")
    text = text.replace(", vai ", ", ")
    return text[:1].upper() + text[1:] + "." if text else ""


HOW_CHECKED = {
    "4": ["Pārbaudīts {doc} un vadības pārskats.", "{interviewed} {role}; dokumenti uzrādīti."],
    "5": ["{interviewed} {role}; pārbaudīti amatu apraksti un sanāksmju protokoli.",
          "Pārbaudīts: {doc}, sanāksmju protokoli ({month})."],
    "6": ["Pārbaudīta procesa risku tabula un mērķu plāns.",
          "Uzrādīts {doc} pielikums; pārskatīts {month}."],
    "7": ["Pārbaudīti ieraksti: {rec}.", "{interviewed} {role}; izlasē {n} darbinieku kartes.",
          "Apskatīts uz vietas; ieraksti pilnīgi."],
    "8": ["Pārbaudītas {n} klientu lietas ({cases}).",
          "Izlases veidā pārbaudīti ieraksti par {month_plain}.",
          "{interviewed} {role}; pārbaudītas lietas {cases}."],
    "9": ["Pārbaudīts procesa izpildes ziņojums un rādītāju aprēķins.",
          "Uzrādīti aptaujas rezultāti ({pct} % apmierināti)."],
    "10": ["Pārbaudīts neatbilstību reģistrs un korektīvo darbību plāni.",
           "Izlasē divas neatbilstības — cēloņu analīze un efektivitātes pārbaude veikta."],
    "legal": ["Dokumenti uzrādīti audita dienā.", "Pārbaudīti ieraksti: {rec}."],
}


def _group(clause: str) -> str:
    if not clause or not clause[0].isdigit():
        return "legal"
    if clause.startswith("8.4"):
        return "8.4"
    return clause.split(".", 1)[0]


def _matches(clause: str, prefixes) -> bool:
    return any(clause == p or clause.startswith(p + ".") or clause.startswith(p + " ")
               or (not p[0].isdigit() and clause.startswith(p)) for p in prefixes)


# --- findings ------------------------------------------------------------------------------------

def F(kind: str, clause: str, text: str, **story) -> dict:
    return dict(kind=kind, clause=clause, text=text, **story)


FINDINGS: dict[str, list[dict]] = {
    "PP-01": [
        F("minor", "8.5.1",
          "Pārbaudītas 12 pabalstu lietas. Divās lietās ({c1}, {c2}) lēmums par garantētā "
          "minimālā ienākuma pabalstu pieņemts 9 un 11 darbdienas pēc pēdējā dokumenta "
          "saņemšanas, lai gan PA-01 noteikts 5 darbdienu termiņš.",
          correction="Abās lietās pārbaudīts, ka pabalsts izmaksāts par visu periodu; klienti "
                     "par kavējumu informēti.",
          whys=["Lēmumi netika sagatavoti noteiktajā termiņā.",
                "Atbildīgā sociālā darbiniece bija atvaļinājumā, lietas netika nodotas citam "
                "darbiniekam.",
                "Nodaļā nav noteikts, kā lietas tiek nodotas prombūtnes laikā."],
          root="Nav dokumentētas kārtības, kā lietas nodod aizvietotājam darbinieka "
               "prombūtnes laikā.", cat="methods",
          extent="Līdzīgs risks ir AN un SPKN; kārtību piemēros visām nodaļām.",
          action="Izstrādāt lietu nodošanas kārtību darbinieku prombūtnes laikā un iekļaut to "
                 "PA-01",
          done="Kārtība apstiprināta ar nodaļas vadītājas rīkojumu; darbinieki iepazīstināti "
               "(apliecinājumi elektroniskajā KVS).",
          criteria="Nākamo trīs mēnešu izlasē (20 lietas) visi lēmumi pieņemti 5 darbdienu "
                   "laikā.",
          verified="Pārbaudītas 20 lietas no trim mēnešiem pēc ieviešanas — visos gadījumos "
                   "termiņš ievērots."),
        F("minor", "7.5.3",
          "Divās no 10 pārbaudītajām lietām ({c1}, {c2}) uz lēmuma projekta nav otrā līmeņa "
          "kontroles atzīmes, ko prasa instrukcija DI-01.",
          correction="Otrā līmeņa kontrole abās lietās veikta audita dienā; kļūdas lēmumos "
                     "netika konstatētas.",
          whys=["Lēmumi parakstīti bez otrā līmeņa kontroles atzīmes.",
                "Kontroli veica mutiski, apspriežot lēmumu projektus sanāksmē.",
                "Lēmuma projekta veidlapā nav vietas kontroles atzīmei."],
          root="Lēmuma projekta veidlapā nav lauka otrā līmeņa kontroles apliecināšanai.",
          cat="methods",
          action="Papildināt lēmuma projekta veidlapu ar otrā līmeņa kontroles lauku "
                 "(datums, paraksts)", by="kvalitate",
          done="Veidlapas jaunā versija apstiprināta un ieviesta; vecās veidlapas izņemtas no "
               "apgrozības.",
          criteria="Izlasē (15 lietas) visiem lēmumiem ir otrā līmeņa kontroles atzīme.",
          verified="Pārbaudītas 15 lietas — visās kontroles atzīme ir."),
        F("minor", "7.4",
          "Informācija klientiem Dienesta tīmekļvietnē neatbilst saistošajiem noteikumiem: nav "
          "norādīts jaunais mājokļa pabalsta aprēķina apmērs ({y}. gada grozījumi).",
          correction="Informācija tīmekļvietnē aktualizēta audita nedēļā.",
          no_action="Vienreizējs gadījums — grozījumi stājās spēkā audita mēnesī; tīmekļvietnes "
                    "aktualizēšana jau iekļauta normatīvo aktu izmaiņu kontrolsarakstā."),
        F("observation", "9.1.2",
          "Klientu apmierinātības anketas izsniedz tikai klātienē; klienti, kuri iesniegumus "
          "iesniedz elektroniski, aptaujā netiek iekļauti.",
          done="Aptaujas saite pievienota e-pasta atbildēm klientiem; pirmie 34 elektroniskie "
               "atbildētāji iekļauti ceturkšņa pārskatā."),
        F("improvement", "8.2.1",
          "Iespējams ieviest iesniegumu iesniegšanu latvija.lv e-pakalpojumā un publicēt "
          "Dienesta tīmekļvietnē nepieciešamo dokumentu kontrolsarakstu.",
          done="Kontrolsaraksts publicēts tīmekļvietnē; e-pakalpojuma saite ievietota."),
        F("good_practice", "7.1.6",
          "Nodaļa uztur normatīvo aktu grozījumu pārskatu, ko katru mēnesi apspriež nodaļas "
          "sanāksmē; pārskats pieejams visiem darbiniekiem."),
        F("observation", "7.1.4",
          "Klientu pieņemšanas telpā nav nodrošināta sarunu konfidencialitāte — starp darba "
          "vietām nav starpsienu.",
          done="Uzstādītas skaņu slāpējošas starpsienas starp trim darba vietām."),
    ],
    "PP-02": [
        F("minor", "8.2.2",
          "Trīs no 15 pārbaudītajām lietām ({c1}, {c2} u. c.) klienta funkcionālo spēju "
          "novērtējums aprūpes līmeņa noteikšanai veikts vēlāk nekā 10 darbdienu laikā pēc "
          "iesnieguma saņemšanas (PA-02).",
          correction="Novērtējumi visās trijās lietās pabeigti; pakalpojums uzsākts.",
          whys=["Novērtējumi kavējās.",
                "Mājas vizītes novērtēšanai plāno viens darbinieks, un rindā bija 14 "
                "pieteikumi.",
                "Vizīšu plānošana netiek sadalīta starp darbiniekiem atbilstoši noslodzei."],
          root="Novērtēšanas vizīšu plānošana koncentrēta pie viena darbinieka; nav noslodzes "
               "sadales principa.", cat="management",
          action="Ieviest iknedēļas novērtēšanas vizīšu sadali starp trim sociālajiem "
                 "darbiniekiem (rindas pārskats sanāksmē)",
          done="Iknedēļas rindas pārskats ieviests; sanāksmju protokoli uzrādīti.",
          criteria="Trīs mēnešu periodā vismaz 95 % novērtējumu veikti 10 darbdienu laikā.",
          verified="Trīs mēnešos veikti 58 novērtējumi, 57 no tiem termiņā (98 %)."),
        F("minor", "7.5.2",
          "Divos lēmumos par pakalpojuma piešķiršanu ({c1}, {c2}) izmantota veidlapas "
          "iepriekšējā versija bez norādes par lēmuma apstrīdēšanas kārtību.",
          correction="Abiem klientiem nosūtīti precizēti lēmumi ar apstrīdēšanas kārtību.",
          whys=["Izmantota novecojusi veidlapa.",
                "Veidlapa saglabāta darbinieka datorā, nevis atvērta no elektroniskās KVS.",
                "Darbinieki nav informēti, ka veidlapas jālieto tikai no KVS."],
          root="Darbinieki lieto lokāli saglabātas veidlapu kopijas; prasība veidlapas ņemt "
               "tikai no elektroniskās KVS nav paziņota.", cat="people",
          action="Izņemt lokālās veidlapu kopijas no darbinieku datoriem un instruēt "
                 "darbiniekus",
          done="IT speciālists pārbaudījis darba staciju mapes, kopijas dzēstas; instruktāža "
               "nodaļas sanāksmē (protokols).",
          criteria="Izlasē (20 lēmumi) visi sagatavoti uz spēkā esošās veidlapas.",
          verified="Pārbaudīti 20 lēmumi — visi uz spēkā esošās veidlapas versijas."),
        F("minor", "8.5.1",
          "Četrās no 12 lietām lēmumā nav norādīts pakalpojuma pārskatīšanas datums, kā to "
          "paredz PA-02.",
          correction="Pārskatīšanas datumi noteikti un klientiem paziņoti.",
          whys=["Lēmumos nav pārskatīšanas datuma.",
                "Lēmuma sagatave to neprasa kā obligātu lauku.",
                "Sagatave netika pārskatīta, kad tika mainīts PA-02."],
          root="Mainot procesa aprakstu, saistītās veidlapas netika pārskatītas.",
          cat="methods",
          action="Papildināt dokumentu izmaiņu kārtību (PA-09) ar saistīto veidlapu "
                 "pārskatīšanu", by="kvalitate",
          done="PA-09 papildināts ar saistīto veidlapu sarakstu izmaiņu pieprasījumā; lēmuma "
               "sagatave labota.",
          criteria="Nākamajās divās procesu aprakstu izmaiņās saistītās veidlapas pārskatītas "
                   "vienlaikus.",
          verified="Pārbaudītas divas izmaiņas — veidlapas pārskatītas kopā ar aprakstu."),
        F("observation", "8.2.3.1",
          "Atkārtotas izvērtēšanas termiņus kontrolē vienas darbinieces personīgā izklājlapā; "
          "viņas prombūtnes laikā kontrole netiek nodrošināta.",
          done="Termiņu saraksts pārcelts uz nodaļas kopīgo mapi; atbildīgs arī aizvietotājs."),
        F("improvement", "9.1.3",
          "Ieteicams analizēt pakalpojumu atteikumu iemeslus pa pakalpojumu veidiem un iekļaut "
          "tos procesa izpildes ziņojumā.",
          done="Atteikumu analīze iekļauta procesa izpildes ziņojumā."),
        F("good_practice", "8.2.1",
          "Ieviests vienots pakalpojuma pieprasījuma kontrolsaraksts, kas samazinājis "
          "nepilnīgu iesniegumu skaitu."),
        F("observation", "7.2",
          "Jaunajam sociālajam darbiniekam ievadapmācības plāns sagatavots, bet tajā nav "
          "atzīmju par izpildi.",
          done="Ievadapmācības plāns papildināts ar izpildes atzīmēm un vadītājas parakstu."),
    ],
    "PP-03": [
        F("minor", "7.2",
          "Diviem sociālajiem darbiniekiem darbam ar ģimenēm {y}. gadā nav dokumentētas "
          "supervīzijas; plānotais 18 stundu supervīziju cikls nav uzsākts.",
          correction="Vienošanās ar supervizoru; pirmā grupas supervīzija notikusi mēneša "
                     "laikā.",
          whys=["Supervīzijas nav notikušas.",
                "Iepirkums supervīzijas pakalpojumam netika izsludināts laikā.",
                "Supervīziju vajadzība netika iekļauta gada iepirkumu plānā."],
          root="Supervīziju pakalpojums netika iekļauts gada iepirkumu plānā.",
          cat="management", budget="1800.00", cost="1650.00",
          action="Iekļaut supervīziju pakalpojumu gada iepirkumu plānā un nodrošināt 18 stundu "
                 "ciklu visiem sociālajiem darbiniekiem",
          done="Līgums ar supervizoru noslēgts; grafiks apstiprināts, apmeklējuma lapas "
               "uzrādītas.",
          criteria="Katram nodaļas sociālajam darbiniekam gadā dokumentētas 18 supervīzijas "
                   "stundas.",
          verified="Apmeklējuma lapas: visi 8 sociālie darbinieki piedalījušies 18 stundu "
                   "ciklā."),
        F("minor", "8.5.1",
          "Trīs no 8 ģimeņu lietām ({c1}, {c2}, {c3}) sociālās rehabilitācijas plāns nav "
          "pārskatīts noteiktajā termiņā (reizi 3 mēnešos).",
          correction="Plāni pārskatīti kopā ar ģimenēm; izmaiņas dokumentētas.",
          whys=["Plāni nav pārskatīti laikā.", "Pārskatīšanas termiņi netiek atgādināti.",
                "Nodaļā nav termiņu uzraudzības rīka, tos kontrolē katrs darbinieks pats."],
          root="Nav sistēmiskas plānu pārskatīšanas termiņu uzraudzības.", cat="methods",
          action="Ieviest ikmēneša plānu pārskatīšanas termiņu sarakstu, ko izskata nodaļas "
                 "vadītāja",
          done="Ikmēneša saraksts ieviests; trīs mēnešu sanāksmju protokolos atzīmes par "
               "izskatīšanu.",
          criteria="Izlasē (15 lietas) visi plāni pārskatīti termiņā.",
          verified="Pārbaudītas 15 lietas — visi plāni pārskatīti termiņā."),
        F("observation", "7.1.4",
          "Psihologa konsultāciju telpai nav pietiekamas skaņas izolācijas; sarunas dzirdamas "
          "gaitenī.",
          done="Telpas durvis nomainītas pret skaņu izolējošām."),
        F("improvement", "8.5.1",
          "Jauniešu projekta “Proti un dari” mentoru darba ierakstus iespējams sasaistīt ar "
          "ģimenes sociālās rehabilitācijas plānu, lai mērķi būtu saskaņoti.",
          done="Mentora ierakstu veidlapā pievienota atsauce uz ģimenes plāna mērķiem."),
        F("good_practice", "8.5.1",
          "Starpinstitucionālās sadarbības sanāksmju (bāriņtiesa, pašvaldības policija, skola) "
          "protokoli ir pilnīgi, ar skaidriem uzdevumiem un termiņiem."),
        F("observation", "9.1.3",
          "Procesa izpildes ziņojumā nav analizēts, cik ģimeņu sociālā riska situācija gada "
          "laikā uzlabojusies.",
          done="Procesa izpildes ziņojumā pievienots rādītājs par slēgtajām lietām ar "
               "sasniegtiem mērķiem."),
    ],
    "PP-04": [
        F("minor", "8.5.1",
          "Trīs no 12 aprūpes plāniem ({c1}, {c2}, {c3}) nav pārskatīti pēc aprūpes līmeņa "
          "maiņas; aprūpētāju uzdevumi neatbilst jaunajam līmenim.",
          correction="Plāni pārskatīti; aprūpētāji instruēti par izmaiņām.",
          whys=["Plāni netika pārskatīti.",
                "Informācija par aprūpes līmeņa maiņu no SPKN netika nodota AAB sociālajam "
                "darbiniekam.",
                "Nav noteikts, kā lēmumi par līmeņa maiņu tiek nodoti birojam."],
          root="Nav noteikta informācijas nodošanas kārtība starp SPKN un AAB par aprūpes "
               "līmeņa izmaiņām.", cat="management",
          extent="Pārbaudīti visi 46 pēdējā pusgada lēmumi par līmeņa maiņu — vēl 2 gadījumi, "
                 "plāni pārskatīti.",
          action="Noteikt PA-04, ka SPKN lēmumu par aprūpes līmeņa maiņu nosūta AAB 2 "
                 "darbdienu laikā un AAB pārskata plānu 5 darbdienu laikā",
          done="PA-04 jaunā versija apstiprināta; lēmumus nosūta ar elektroniskās lietvedības "
               "uzdevumu.",
          criteria="Nākamajos trīs mēnešos visi plāni pārskatīti 5 darbdienu laikā pēc līmeņa "
                   "maiņas.",
          verified="Trīs mēnešos 11 līmeņa maiņas — visi plāni pārskatīti termiņā."),
        F("minor", "7.5.3",
          "Mājas vizīšu uzskaites lapās par diviem mēnešiem 9 vizītēm trūkst klienta paraksta; "
          "iemesls nav atzīmēts.",
          correction="Vizītes pārbaudītas ar klientiem telefoniski; iemesli atzīmēti.",
          no_action="Klienti ar kustību traucējumiem nevarēja parakstīties; uzskaites lapā jau "
                    "ir lauks iemeslam — aprūpētāji instruēti to aizpildīt. Korektīvā darbība "
                    "nav vajadzīga."),
        F("minor", "8.5.3",
          "Klientu mājokļu atslēgu nodošanas uzskaitē trīs gadījumos nav atzīmes par atslēgu "
          "atgriešanu.",
          correction="Atslēgu atrašanās vieta pārbaudīta, uzskaite papildināta.",
          whys=["Atgriešana netika atzīmēta.",
                "Uzskaites žurnāls glabājas birojā, bet atslēgas atdod klienta mājās.",
                "Atgriešanas fiksēšanas veids nav piemērots darbam uz vietas."],
          root="Atslēgu uzskaites kārtība neparedz atgriešanas fiksēšanu klienta mājās.",
          cat="methods",
          action="Papildināt DI-02 ar atslēgu nodošanas–pieņemšanas aktu, ko paraksta klients",
          done="DI-02 papildināta ar akta veidlapu; aprūpētāji instruēti.",
          criteria="Visām izsniegtajām atslēgām ir nodošanas un atgriešanas ieraksts.",
          verified="Pārbaudīta uzskaite par 3 mēnešiem — visi ieraksti pilnīgi."),
        F("observation", "8.5.1",
          "Aprūpētāju darba kvalitātes pārbaudes mājās plānotas reizi ceturksnī, bet "
          "iepriekšējā ceturksnī veiktas 4 no 9 plānotajām.",
          done="Pārbaužu grafiks sadalīts starp biroja vadītāju un sociālo darbinieci."),
        F("improvement", "7.1.3",
          "Aprūpētāju maršrutu plānošanā iespējams izmantot karšu rīku, samazinot pārbraucienu "
          "laiku.",
          done="Maršruti plānoti ar karšu rīku; pārbraucienu laiks samazinājies par ~12 %."),
        F("good_practice", "7.2",
          "Jaunajiem aprūpētājiem ieviesta mentora sistēma — pirmās divas nedēļas darbs kopā "
          "ar pieredzējušu kolēģi."),
        F("observation", "9.1.2",
          "Klientu apmierinātības aptaujā piedalījās 38 no 185 klientiem; zemā atsaucība "
          "ierobežo rezultātu ticamību.",
          done="Aptauju aprūpētāji piedāvā vizītes laikā; atsaucība pieauga līdz 96 klientiem."),
    ],
    "PP-05": [
        F("major", "8.5.1",
          "Medikamentu izsniegšanas uzskaitē 2. stāva nodaļā trīs dienās nav atzīmju par "
          "izsniegtajām devām četriem klientiem; maiņu nodošanas ierakstos nav informācijas, "
          "vai medikamenti izsniegti.", units=("PSAC",),
          correction="Klientu veselības stāvoklis pārbaudīts (ārsta palīgs); izsniegšanu "
                     "atzīmē uzreiz; vecākā medicīnas māsa katru dienu pārbauda uzskaiti.",
          consequences="Kaitējums klientiem netika konstatēts.",
          whys=["Izsniegšana netika atzīmēta.",
                "Medicīnas māsa vienlaikus apkalpoja divas nodaļas un atzīmes atlika uz "
                "maiņas beigām.",
                "Brīvdienu maiņās ir viena māsa uz divām nodaļām.",
                "Maiņu grafiks nav pārskatīts pēc klientu skaita pieauguma."],
          root="Medicīnas personāla grafiks brīvdienās neatbilst klientu skaitam un aprūpes "
               "līmenim; nav ikdienas kontroles.", cat="management",
          extent="Pārbaudītas visas četras nodaļas; 1. stāvā līdzīgu gadījumu nav.",
          budget="4800.00", cost="4620.00",
          action="Pārskatīt medicīnas māsu maiņu grafiku (divas māsas brīvdienās) un ieviest "
                 "ikdienas uzskaites pārbaudi",
          done="Grafiks pārskatīts, papildu 0,5 slodze no budžeta grozījumiem; ikdienas "
               "pārbaudes lapa ieviesta.",
          criteria="Divu mēnešu periodā nav neatzīmētu devu; ikdienas pārbaudes lapas "
                   "aizpildītas.",
          verified="Pārbaudītas izsniegšanas lapas par 2 mēnešiem — nav neviena neatzīmēta "
                   "gadījuma.", risks=True),
        F("minor", "8.5.1",
          "Četriem no 15 klientiem ({unit}) individuālais sociālās aprūpes un rehabilitācijas "
          "plāns nav pārskatīts 6 mēnešu laikā, kā paredz MK 338 un PA-05.",
          correction="Plāni pārskatīti kopā ar klientiem vai viņu piederīgajiem.",
          whys=["Plāni nav pārskatīti.",
                "Sociālais darbinieks ir viens uz 100 klientiem, pārskatīšanu atliek.",
                "Pārskatīšanas grafiks nav sadalīts pa mēnešiem."],
          root="Plānu pārskatīšana nav plānota vienmērīgi gada griezumā.", cat="methods",
          action="Sagatavot gada grafiku plānu pārskatīšanai pa mēnešiem un uzraudzīt to "
                 "sanāksmēs",
          done="Grafiks sagatavots, izpilde atzīmēta ikmēneša sanāksmju protokolos.",
          criteria="Izlasē (20 klienti) visi plāni pārskatīti 6 mēnešu laikā.",
          verified="Izlasē 20 klientu — visi plāni pārskatīti termiņā."),
        F("minor", "7.1.3",
          "Divās no 10 pārbaudītajām klientu istabām izsaukuma signalizācijas pogas "
          "nedarbojās; bojājumi nav reģistrēti remontdarbu žurnālā.", units=("PSAC",),
          correction="Pogas nomainītas audita dienā; pārbaudītas visas istabas (vēl 3 bojātas, "
                     "nomainītas).",
          whys=["Bojājumi netika pamanīti.", "Signalizācijas darbību regulāri nepārbauda.",
                "Pārbaude nav iekļauta remontstrādnieka darba plānā."],
          root="Izsaukuma signalizācijas regulāra pārbaude nav noteikta nevienā dokumentā.",
          cat="equipment", budget="420.00", cost="386.50",
          action="Iekļaut izsaukuma signalizācijas ikmēneša pārbaudi remontstrādnieka darba "
                 "plānā un PA-15",
          done="Ikmēneša pārbaudes lapa ieviesta; trīs mēnešu ieraksti uzrādīti.",
          criteria="Ikmēneša pārbaudes veiktas; nav nereģistrētu bojājumu.",
          verified="Trīs mēnešu pārbaudes lapas pilnīgas; izlasē 10 istabu pogas darbojas."),
        F("minor", "8.7.1",
          "Krīzes centrā divos uzņemšanas gadījumos ({c1}, {c2}) nav aizpildīta drošības "
          "riska novērtējuma veidlapa.", units=("BSAC",),
          correction="Riska novērtējums veikts abām ģimenēm.",
          whys=["Veidlapa netika aizpildīta.",
                "Uzņemšana notika naktī, dežurants nezināja par veidlapu.",
                "Dežuranti nav apmācīti uzņemšanas kārtībā."],
          root="Dežuranti nav apmācīti krīzes centra uzņemšanas kārtībā, lai gan nakts "
               "uzņemšanas ir biežas.", cat="people",
          action="Apmācīt visus dežurantus krīzes centra uzņemšanas kārtībā un izvietot "
                 "kontrolsarakstu dežurantu telpā",
          done="Apmācība notikusi (3 dežuranti, apmeklējuma lapa); kontrolsaraksts izvietots.",
          criteria="Visos nākamo 3 mēnešu uzņemšanas gadījumos riska novērtējums aizpildīts.",
          verified="Trīs mēnešos 9 uzņemšanas — visos veidlapa aizpildīta."),
        F("major", "8.5.1",
          "Trīs no 10 bērnu lietām ({c1}, {c2}, {c3}) individuālais sociālās rehabilitācijas "
          "plāns nav izstrādāts mēneša laikā pēc bērna ievietošanas; vienā lietā plāna nav "
          "trīs mēnešus.", units=("BSAC",),
          correction="Plāni izstrādāti visiem trim bērniem divu nedēļu laikā, iesaistot bērnus "
                     "un bāriņtiesu.",
          whys=["Plāni netika izstrādāti termiņā.",
                "Sociālais darbinieks un rehabilitētāji nevienojās, kurš sagatavo plānu.",
                "PA-05 nenosaka, kurš BSAC atbild par plāna izstrādi."],
          root="Atbildība par bērna plāna izstrādi BSAC nav noteikta.", cat="management",
          action="Noteikt PA-05 un amatu aprakstos atbildīgo par bērna plāna izstrādi mēneša "
                 "laikā",
          done="PA-05 un BSAC sociālā darbinieka amata apraksts precizēti.",
          criteria="Visiem jaunajiem bērniem plāns izstrādāts mēneša laikā.",
          verified="Pēc otrās darbības visiem 6 jaunajiem bērniem plāni izstrādāti mēneša "
                   "laikā.",
          ne=dict(notes="Divos no 5 jaunajiem gadījumiem plāns izstrādāts 6. un 7. nedēļā — "
                        "darbība nav efektīva.",
                  whys=["Plāni joprojām kavējas.",
                        "Atbildīgais sociālais darbinieks vienlaikus aizvieto krīzes centra "
                        "darbinieku.",
                        "Nosakot atbildību, noslodze netika izvērtēta."],
                  root="Atbildība noteikta, bet sociālā darbinieka noslodze neļauj to "
                       "izpildīt; aizvietošana nav paredzēta.",
                  action="Pārdalīt krīzes centra lietas starp diviem sociālajiem darbiniekiem "
                         "un ieviest termiņu kontroli vadītājas iknedēļas sanāksmē",
                  done="Lietu sadale noteikta ar rīkojumu; termiņu kontrole sanāksmēs "
                       "ieviesta.")),
        F("observation", "9.1.2",
          "{unit} klientu padomes sanāksmes notiek neregulāri (gadā 2 no 4 plānotajām).",
          done="Klientu padomes sanāksmju grafiks apstiprināts; notikušas visas plānotās."),
        F("improvement", "8.5.1",
          "Brīvā laika pasākumu plānu iespējams izvietot arī lielā drukā un vieglajā valodā.",
          done="Plāns izvietots lielā drukā un vieglajā valodā visos stāvos."),
        F("good_practice", "7.2",
          "Aprūpētāju ikgadējās apmācības par kritienu novēršanu; kritienu skaits gadā "
          "samazinājies no 41 uz 27.", units=("PSAC",)),
        F("observation", "7.1.4",
          "Bērnu istabās dažām mēbelēm bojāti stūri; bojājumi nav reģistrēti.",
          units=("BSAC",), done="Bojātās mēbeles salabotas; bojājumi reģistrēti žurnālā."),
        F("good_practice", "8.5.1",
          "Bērnu viedoklis tiek sistemātiski dokumentēts plānos ar bērniem draudzīgu anketu.",
          units=("BSAC",)),
        F("improvement", "8.5.5",
          "Ieteicams ieviest piederīgo informēšanu e-pastā par plāna pārskatīšanu.",
          units=("PSAC",), done="Piederīgie informēti e-pastā; veidne sagatavota."),
    ],
    "PP-06": [
        F("minor", "8.5.2",
          "Dienas aprūpes centra apmeklējuma uzskaite divās grupās vesta uz atsevišķām lapām, "
          "nevis apstiprinātajā veidlapā; mēneša kopsavilkumā nav ietverti 2 klientu "
          "apmeklējumi.",
          correction="Kopsavilkums izlabots; uzskaite pārcelta uz veidlapu.",
          whys=["Izmantotas atsevišķas lapas.",
                "Veidlapa nav piemērota klubu nodarbībām ar mainīgu dalībnieku skaitu.",
                "Veidlapa izstrādāta pirms klubu darbības paplašināšanas."],
          root="Apmeklējuma veidlapa neatbilst pašreizējai nodarbību organizācijai.",
          cat="methods", action="Pārstrādāt apmeklējuma veidlapu, iekļaujot klubu nodarbības",
          done="Veidlapa pārstrādāta un apstiprināta; darbinieki instruēti.",
          criteria="Divu mēnešu uzskaite vienā veidlapā; kopsavilkums sakrīt ar uzskaiti.",
          verified="Pārbaudīta divu mēnešu uzskaite — atšķirību nav."),
        F("minor", "7.2",
          "Divi no sešiem dienas centra darbiniekiem nav apguvuši pirmās palīdzības apmācību, "
          "kas paredzēta amata aprakstā.",
          correction="Abi darbinieki pieteikti tuvākajām apmācībām.",
          whys=["Apmācība nav apgūta.",
                "Jaunie darbinieki pieņemti vasarā, kad apmācības nenotika.",
                "Apmācību plāns neparedz apmācības jaunajiem darbiniekiem ārpus grafika."],
          root="Apmācību plānošana neņem vērā jaunpieņemtos darbiniekus.", cat="people",
          action="Iekļaut ievadapmācības plānā pirmās palīdzības apmācību 3 mēnešu laikā",
          done="Abi darbinieki apmācīti (apliecības); ievadapmācības plāns papildināts.",
          criteria="Visiem dienas centra darbiniekiem ir derīga apliecība.",
          verified="Pārbaudītas 6 apliecības — visas derīgas."),
        F("observation", "8.5.1",
          "Nodarbību plāns nav sasaistīts ar klientu vajadzību novērtējumu; plāns vienāds "
          "visām grupām.", done="Nodarbību plāni sagatavoti katrai grupai atsevišķi."),
        F("improvement", "9.1.2",
          "Iespējams ieviest īsu atsauksmju anketu pēc katras kluba sezonas.",
          done="Atsauksmju anketa ieviesta; rezultāti apkopoti."),
        F("good_practice", "8.2.1",
          "Klubu darbības plānošanā iesaistīti paši klienti — klientu padome izvēlas "
          "nodarbību tēmas."),
    ],
    "PP-07": [
        F("major", "8.5.1",
          "Atskurbtuvē divos gadījumos ({c1}, {c2}) klientu stāvokļa uzraudzības ieraksti "
          "(ik 30 minūtes) nav veikti divas stundas; vienā gadījumā par stāvokļa "
          "pasliktināšanos nav ziņots neatliekamajai medicīniskajai palīdzībai laikā.",
          correction="Gadījumi izvērtēti ar vadītāju; dežuranti instruēti; uzraudzības lapas "
                     "kontrole katrā maiņā.",
          consequences="Klients nogādāts slimnīcā; paliekoša kaitējuma nav.",
          whys=["Uzraudzības ieraksti netika veikti.",
                "Nakts maiņā dežurants vienlaikus uzņēma klientus naktspatversmē.",
                "Naktī abās struktūrās strādā viens dežurants."],
          root="Nakts maiņā viens dežurants apkalpo gan atskurbtuvi, gan naktspatversmi.",
          cat="management", budget="6200.00", cost="5980.00",
          action="Nodrošināt atsevišķu dežurantu atskurbtuvē nakts maiņās piektdienās un "
                 "sestdienās",
          done="Grafiks mainīts; papildu dežurants pieņemts uz 0,5 slodzi.",
          criteria="Trīs mēnešu uzraudzības lapās nav izlaistu ierakstu.",
          verified="Trīs mēnešu uzraudzības lapas pilnīgas; izlaistu ierakstu nav.",
          risks=True,
          ne=dict(notes="Divos gadījumos darba dienu naktīs ieraksti izlaisti līdz 1,5 "
                        "stundām — darbība nav pilnībā efektīva.",
                  whys=["Ieraksti izlaisti darba dienu naktīs.",
                        "Papildu dežurants strādā tikai brīvdienās.",
                        "Sākotnējā analīze aptvēra tikai brīvdienu noslodzi."],
                  root="Noslodzes analīzē netika ņemtas vērā darba dienu naktis ar lielu "
                       "uzņemšanu skaitu.",
                  action="Ieviest taimera atgādinājumu un pārskatīt grafiku arī darba dienu "
                         "naktīm",
                  done="Taimeri uzstādīti; darba dienu nakts grafiks pārskatīts.")),
        F("minor", "7.5.3",
          "Naktspatversmes uzņemšanas žurnālā trīs naktīs nav norādīts ierašanās laiks un "
          "dežuranta paraksts.",
          correction="Ieraksti papildināti pēc dežūru grafika un dežurantu paskaidrojumiem.",
          no_action="Vienreizēja nepilnība aizvietotāja maiņā; dežuranti atkārtoti instruēti. "
                    "Korektīvā darbība nav vajadzīga."),
        F("minor", "8.5.2",
          "Zupas virtuves izsniegto porciju uzskaite par {month_plain} nesakrīt ar izsniegto "
          "talonu skaitu (starpība 46 porcijas).",
          correction="Starpība izskaidrota (porcijas izsniegtas bez taloniem ārkārtas "
                     "gadījumos); uzskaite precizēta.",
          whys=["Uzskaite nesakrīt.",
                "Porcijas bez taloniem izsniegtas pēc SPN zvana, bet netiek reģistrētas.",
                "Kārtība neparedz ārkārtas izsniegšanu bez talona."],
          root="Zupas virtuves kārtība neparedz ārkārtas porciju izsniegšanu un to uzskaiti.",
          cat="methods", action="Papildināt zupas virtuves kārtību ar ārkārtas porciju uzskaiti",
          done="Kārtība papildināta; atsevišķa uzskaites lapa ieviesta.",
          criteria="Divu mēnešu uzskaite sakrīt ar taloniem un ārkārtas lapu.",
          verified="Pārbaudīti divi mēneši — uzskaite sakrīt."),
        F("minor", "7.1.4",
          "Naktspatversmes guļamtelpā 12 vietas 10 plānoto vietā; divas papildu gultas "
          "novietotas pie evakuācijas izejas.",
          correction="Papildu gultas pārvietotas; evakuācijas ceļš atbrīvots.",
          whys=["Gultas novietotas pie izejas.", "Aukstā laikā klientu vairāk nekā vietu.",
                "Nav noteikts, kā rīkoties, ja pieprasījums pārsniedz vietu skaitu."],
          root="Nav plāna pieprasījuma pīķiem ziemā (papildu vietu drošai izvietošanai).",
          cat="premises",
          action="Izstrādāt ziemas pīķa plānu ar papildu vietām rezerves telpā un saskaņot to "
                 "ar VUGD",
          done="Plāns apstiprināts; rezerves telpa aprīkota.",
          criteria="Ziemas periodā nav vietu izvietošanas evakuācijas ceļos.",
          verified="Pārbaudīts ziemas periods — papildu vietas tikai rezerves telpā."),
        F("observation", "8.5.1",
          "Patversmes klientu individuālie plāni ir formāli — mērķi atkārtojas visiem "
          "klientiem.", done="Sociālie darbinieki apmācīti mērķu formulēšanā; plāni pārskatīti."),
        F("improvement", "8.5.1",
          "Iespējams noteikt regulāras NVA konsultanta pieņemšanas patversmē klientiem bez "
          "darba.", done="NVA konsultants pieņem patversmē reizi mēnesī."),
        F("good_practice", "8.5.1",
          "Ziemas periodā ieviests siltuma punkta režīms sadarbībā ar pašvaldības policiju; "
          "neviena nosaluša cilvēka gadījuma."),
    ],
    "SYS": [
        F("minor", "6.2.2",
          "Trīs no deviņiem {y}. gada kvalitātes mērķiem nav noteikti atbildīgie, resursi un "
          "izpildes termiņi.",
          correction="Mērķu plāns papildināts ar atbildīgajiem un termiņiem; apstiprināts ar "
                     "direktores rīkojumu.",
          whys=["Mērķiem nav atbildīgo.",
                "Mērķi formulēti vadības pārskatā, bet rīcības plāns netika sagatavots.",
                "Vadības pārskata kārtība neparedz mērķu rīcības plānu kā izeju."],
          root="Vadības pārskata procesā (PA-12) mērķu rīcības plāns nav noteikts kā obligāta "
               "izeja.", cat="methods",
          action="Papildināt PA-12 ar mērķu rīcības plānu (atbildīgais, resursi, termiņš, "
                 "izvērtēšana)", by="kvalitate",
          done="PA-12 jaunā versija apstiprināta.",
          criteria="Nākamajā vadības pārskatā visiem mērķiem ir rīcības plāns.",
          verified="Vadības pārskatā visiem 9 mērķiem noteikti atbildīgie, resursi un "
                   "termiņi."),
        F("minor", "9.3.2",
          "Vadības pārskatā par iepriekšējo gadu nav izvērtēta resursu pietiekamība un risku "
          "pasākumu efektivitāte (9.3.2 c) un e)).",
          correction="Papildinājums vadības pārskatam sagatavots un izskatīts vadības "
                     "sanāksmē.",
          whys=["Ievaddati nav izvērtēti.", "Vadības pārskata veidnē nav šo sadaļu.",
                "Veidne nav aktualizēta kopš pārejas uz ISO 9001:2015."],
          root="Vadības pārskata veidne nav saskaņota ar ISO 9001:2015 9.3.2 prasībām.",
          cat="methods",
          action="Aktualizēt vadības pārskata veidni atbilstoši visiem 9.3.2 ievaddatiem",
          by="kvalitate", done="Veidne aktualizēta un izmantota pārskatā.",
          criteria="Nākamajā vadības pārskatā izvērtēti visi 9.3.2 ievaddati.",
          verified="Pārskatā ir visas sadaļas; resursi un risku pasākumi izvērtēti."),
        F("observation", "4.2",
          "Ieinteresēto pušu reģistrs pēdējo reizi pārskatīts pirms diviem gadiem; jaunās "
          "uzraudzības prasības (MK 338 grozījumi) nav iekļautas.",
          done="Ieinteresēto pušu reģistrs pārskatīts vadības sanāksmē."),
        F("improvement", "9.3.1",
          "Vadības pārskatā iespējams izmantot vienotu procesu rādītāju kopsavilkumu ar "
          "tendencēm trīs gadu griezumā.", done="Rādītāju kopsavilkums sagatavots."),
        F("good_practice", "5.1.1",
          "Direktore vada ikmēneša kvalitātes sanāksmes ar procesu īpašniekiem; lēmumi un "
          "uzdevumi tiek izsekoti līdz izpildei."),
        F("observation", "6.1.2",
          "Risku reģistrā četriem riskiem nav atkārtota novērtējuma pēc pasākumu ieviešanas.",
          done="Riski novērtēti atkārtoti."),
        F("improvement", "5.2.2",
          "Kvalitātes politiku iespējams publicēt arī vieglajā valodā klientiem.",
          done="Politika vieglajā valodā publicēta tīmekļvietnē."),
    ],
    "VP-02": [
        F("minor", "7.5.3",
          "{unit} darba vietā izmantota veidlapas iepriekšējā versija (2 gadījumi); spēkā "
          "esošā versija pieejama elektroniskajā KVS.",
          correction="Novecojušās veidlapas izņemtas; ieraksti pārrakstīti uz spēkā esošās "
                     "versijas.",
          whys=["Izmantota novecojusi veidlapa.",
                "Veidlapas drukātas krājumā uz vairākiem mēnešiem.",
                "Nav noteikts, kas izņem drukātās kopijas, mainoties versijai."],
          root="Nav noteikta atbildība par drukāto veidlapu krājumu nomaiņu pēc jaunas "
               "versijas apstiprināšanas.", cat="methods",
          action="Noteikt PA-09 atbildīgo par drukāto kopiju izņemšanu un paziņot par jaunām "
                 "versijām struktūrvienību vadītājiem", by="kvalitate",
          done="PA-09 papildināts; par jaunām versijām paziņo automātiski.",
          criteria="Nākamajā pārbaudē darba vietās nav novecojušu veidlapu.",
          verified="Apsekotas 4 struktūrvienības — novecojušu veidlapu nav."),
        F("minor", "7.5.3",
          "{unit} lietu nomenklatūrā nav iekļautas divas lietas (klientu iesniegumu reģistrs un "
          "apmeklējumu uzskaite), un nav noteikti to glabāšanas termiņi.",
          correction="Lietu nomenklatūras papildinājums saskaņots ar arhīvu.",
          whys=["Lietas nav nomenklatūrā.",
                "Jaunās lietas izveidotas gada vidū, kad nomenklatūra jau bija apstiprināta.",
                "Nav kārtības nomenklatūras grozīšanai gada vidū."],
          root="Lietu nomenklatūras grozīšanas kārtība gada laikā nav noteikta.",
          cat="methods",
          action="Papildināt PA-09 ar lietu nomenklatūras grozījumu kārtību gada laikā",
          by="kvalitate", done="PA-09 papildināts; grozījumu veidlapa ieviesta.",
          criteria="Visas struktūrvienību lietas iekļautas nomenklatūrā.",
          verified="Salīdzinātas struktūrvienību lietas ar nomenklatūru — atšķirību nav."),
        F("observation", "7.5.2",
          "Divi {unit} iekšējie dokumenti nav pārskatīti noteiktajā 12 mēnešu termiņā.",
          done="Dokumenti pārskatīti; termiņi redzami elektroniskajā KVS."),
        F("improvement", "7.5.3",
          "Darbinieku iepazīšanās apliecinājumus struktūrvienības vadītājs var uzraudzīt ar "
          "ikmēneša pārskatu elektroniskajā KVS.", done="Ikmēneša pārskats ieviests."),
        F("good_practice", "7.5.3",
          "{unit} ieviesta vienota elektroniskās mapes struktūra atbilstoši lietu "
          "nomenklatūrai; ierakstus viegli atrast."),
        F("observation", "7.5.3",
          "{unit} arhīva telpā nav mitruma kontroles; dokumenti nav bojāti, bet risks pastāv.",
          done="Uzstādīts mitruma mērītājs; rādījumi reģistrēti."),
    ],
    "VP-03": [
        F("minor", "9.2.2",
          "Divos iepriekšējā gada auditu ziņojumos konstatējumi formulēti bez atsauces uz "
          "prasību (standarta punktu vai dokumentu), kas apgrūtina cēloņu analīzi.",
          correction="Auditoriem sniegti skaidrojumi; izsniegtie ziņojumi netiek laboti.",
          whys=["Konstatējumiem nav atsauces uz prasību.",
                "Auditori konstatējumus rakstīja brīvā formā.",
                "Auditoru instrukcijā nav konstatējuma formulēšanas parauga."],
          root="Nav konstatējumu formulēšanas vadlīniju (prasība — pierādījums — "
               "neatbilstība).", cat="methods",
          action="Papildināt PA-10 ar konstatējuma formulēšanas paraugu un rīkot auditoru "
                 "kalibrēšanas sanāksmi",
          done="PA-10 papildināts; kalibrēšanas sanāksme notikusi (3 auditori).",
          criteria="Nākamo 5 auditu konstatējumiem ir atsauce uz prasību.",
          verified="Pārbaudīti 5 ziņojumi — visiem konstatējumiem atsauces ir."),
        F("observation", "7.2",
          "Auditoru kvalifikācijas uzturēšanai nav plāna; vienam auditoram pēdējā apmācība "
          "pirms trim gadiem.", done="Auditoru apmācību plāns iekļauts programmā."),
        F("improvement", "9.2.2",
          "Iespējams ieviest auditējamo atsauksmju anketu pēc katra audita.",
          done="Atsauksmju anketa ieviesta."),
        F("good_practice", "9.2.1",
          "Auditu programma balstīta uz procesu risku vērtējumu ar dokumentētu pamatojumu "
          "katram procesam."),
    ],
    "VP-04": [
        F("minor", "10.2.1",
          "Trīs {unit} reģistrētajām neatbilstībām nav veikta cēloņu analīze; uzreiz plānotas "
          "korekcijas, un līdzīgi gadījumi atkārtojušies.",
          correction="Cēloņu analīze veikta visām trim neatbilstībām.",
          whys=["Analīze nav veikta.", "Vadītāji uzskata cēloņu analīzi par formalitāti.",
                "Vadītāji nav apmācīti cēloņu analīzes metodēs."],
          root="Struktūrvienību vadītāji nav apmācīti cēloņu analīzē (5 kāpēc, Išikava).",
          cat="people",
          action="Rīkot cēloņu analīzes apmācību visiem struktūrvienību vadītājiem",
          by="kvalitate",
          done="Apmācība notikusi (4 h, 9 dalībnieki); materiāli elektroniskajā KVS.",
          criteria="Visām jaunajām neatbilstībām pusgada laikā veikta cēloņu analīze.",
          verified="Pusgadā 12 jaunas neatbilstības — visām veikta cēloņu analīze."),
        F("minor", "10.2.2",
          "Divām {unit} korektīvajām darbībām efektivitātes pārbaude kavēta vairāk nekā 60 "
          "dienas.",
          correction="Efektivitātes pārbaudes veiktas.",
          whys=["Pārbaudes kavētas.", "Pārbaudītājs nav saņēmis atgādinājumu.",
                "Atgādinājumi netiek sūtīti, termiņi uzskaitīti izklājlapā."],
          root="Efektivitātes pārbaužu termiņi netiek uzraudzīti sistēmiski.",
          cat="equipment",
          action="Pāriet uz elektronisko neatbilstību reģistru ar automātiskiem atgādinājumiem",
          by="kvalitate", done="Neatbilstību reģistrs elektroniskajā KVS; atgādinājumi "
                               "darbojas.",
          criteria="Trīs mēnešus nav kavētu efektivitātes pārbaužu.",
          verified="Reģistrā nav kavētu pārbaužu."),
        F("observation", "10.2.1",
          "{unit} darbinieki reti ziņo par neatbilstībām — gadā 2 ziņojumi; intervijās "
          "darbinieki min bailes no vainošanas.",
          done="Sanāksmē skaidrots, ka ziņošana nav vainošana; ziņojumu skaits pieaudzis."),
        F("improvement", "10.3",
          "Iespējams reizi ceturksnī apkopot visu struktūrvienību neatbilstību tendences un "
          "apspriest tās vadības sanāksmē.", done="Ceturkšņa tendenču pārskats ieviests."),
        F("good_practice", "10.2.1",
          "{unit} katru neatbilstību izskata komandas sanāksmē, un risinājumus kopīgo ar citām "
          "maiņām."),
        F("observation", "9.1.2",
          "Sūdzību reģistrā {unit} divām sūdzībām atbilde sniegta 28. dienā — termiņš ievērots, "
          "bet tuvu robežai.", done="Sūdzību termiņu atgādinājums 20. dienā ieviests."),
    ],
    "AP-01": [
        F("minor", "7.2",
          "Diviem no 8 sociālajiem darbiniekiem ({unit}) kvalifikācijas celšana iepriekšējā "
          "gadā bija 16 stundas, lai gan prasība ir vismaz 24 stundas gadā.",
          correction="Abiem darbiniekiem sastādīts individuālais apmācību plāns šim gadam.",
          whys=["Stundas nav sasniegtas.", "Apmācības plānotas gada beigās un atceltas.",
                "Apmācību plānā nav starpposma kontroles."],
          root="Kvalifikācijas celšanas izpildi gada laikā neuzrauga.", cat="management",
          action="Ieviest pusgada kvalifikācijas stundu pārskatu katrai struktūrvienībai",
          by="kvalitate",
          done="Pusgada pārskats ieviests; pirmais pārskats iesniegts vadītājiem.",
          criteria="Gada beigās visiem sociālajiem darbiniekiem vismaz 24 stundas.",
          verified="Gada beigās visiem 36 sociālajiem darbiniekiem vismaz 24 stundas."),
        F("minor", "7.3",
          "Diviem jaunpieņemtiem aprūpētājiem ({unit}) nav aizpildīta ievadapmācības lapa; nav "
          "apliecinājuma par iepazīšanos ar darba aizsardzības instrukcijām.",
          correction="Ievadapmācība pabeigta un dokumentēta.",
          whys=["Lapa nav aizpildīta.",
                "Darbinieki sāka darbu nedēļas nogalē, vadītājs nebija uz vietas.",
                "Nav noteikts, kurš veic ievadapmācību vadītāja prombūtnē."],
          root="Ievadapmācības atbildīgais vadītāja prombūtnē nav noteikts.",
          cat="management",
          action="Noteikt ievadapmācības atbildīgos aizvietotājus katrā struktūrvienībā",
          done="Rīkojums par aizvietotājiem izdots.",
          criteria="Visiem jaunpieņemtajiem trīs mēnešos ievadapmācība dokumentēta pirmajā "
                   "darba nedēļā.",
          verified="7 jaunpieņemtie — visiem ievadapmācība pirmajā nedēļā."),
        F("observation", "7.2",
          "{unit} amatu aprakstu pārskatīšanas datumi atšķiras; trīs amata apraksti nav "
          "pārskatīti vairāk nekā trīs gadus.", done="Amatu apraksti pārskatīti."),
        F("improvement", "7.2",
          "Apmācību vajadzību analīzi iespējams sasaistīt ar darbinieku ikgadējo novērtēšanu.",
          done="Novērtēšanas veidlapā pievienota apmācību vajadzību sadaļa."),
        F("good_practice", "7.3",
          "{unit} darbinieku apmierinātības aptaujas rezultāti apspriesti ar darbiniekiem, un "
          "sagatavots rīcības plāns."),
        F("observation", "7.1.2",
          "{unit} aprūpētāju slodze atvaļinājumu periodā pārsniedz plānoto; aizvietošanas plāns "
          "nav sagatavots.", done="Vasaras aizvietošanas plāns sagatavots."),
    ],
    "AP-03": [
        F("minor", "7.1.3",
          "{unit} veļas mazgāšanas iekārtu apkopes žurnālā četrus mēnešus nav ierakstu; "
          "ražotāja noteiktais apkopes intervāls ir 3 mēneši.",
          correction="Apkope veikta; žurnāls aizpildīts.",
          whys=["Apkope nav veikta.", "Apkopes līgums beidzās, jauns netika noslēgts.",
                "Līgumu termiņus neuzrauga."],
          root="Nav saimniecisko līgumu termiņu uzraudzības saraksta.", cat="equipment",
          budget="650.00", cost="598.00",
          action="Ieviest saimniecisko līgumu termiņu reģistru ar atgādinājumu 2 mēnešus pirms "
                 "beigām", by="vietnieks",
          done="Reģistrs ieviests; jauns apkopes līgums noslēgts.",
          criteria="Sešus mēnešus apkopes veiktas noteiktajos intervālos.",
          verified="Žurnālā apkopes ik 3 mēnešus."),
        F("minor", "7.1.4",
          "{unit} diviem ugunsdzēsības aparātiem beidzies apkopes termiņš; evakuācijas plāns 2. "
          "stāvā neatbilst telpu izkārtojumam pēc remonta.",
          correction="Aparāti nodoti apkopei un uz laiku aizstāti; plāns aktualizēts.",
          whys=["Apkopes termiņš beidzies.", "Aparātu uzskaite ir tikai uz aparātu birkām.",
                "Nav centralizētas aparātu uzskaites ar termiņiem."],
          root="Ugunsdzēsības aparātu uzskaite un termiņu kontrole nav centralizēta.",
          cat="equipment",
          action="Izveidot ugunsdzēsības aparātu reģistru visām ēkām ar apkopes termiņiem",
          by="vietnieks", done="Reģistrs izveidots (64 aparāti).",
          criteria="Nav aparātu ar beigušos termiņu.",
          verified="Apsekotas 3 ēkas — visiem aparātiem derīgs termiņš."),
        F("observation", "7.1.3",
          "Autotransporta (3 automašīnas) tehniskās apkopes grafiks nav dokumentēts; apkopes "
          "veic pēc vajadzības.", done="Apkopes grafiks sagatavots."),
        F("improvement", "7.1.3",
          "Energopatēriņa uzskaiti pa ēkām iespējams iekļaut procesa rādītājos.",
          done="Energopatēriņš iekļauts procesa izpildes ziņojumā."),
        F("good_practice", "7.1.4",
          "{unit} pēc darbinieku ierosinājuma ierīkota atpūtas telpa aprūpētājiem."),
        F("observation", "7.1.4",
          "{unit} gaiteņos nepietiekams apgaismojums vakara stundās (klientu kritienu risks).",
          done="Gaiteņos uzstādīti papildu gaismekļi ar kustības sensoriem."),
    ],
}

def _story(correction, whys, root, cat, action, done, criteria, verified, **more) -> dict:
    return dict(correction=correction, whys=whys, root=root, cat=cat, action=action, done=done,
                criteria=criteria, verified=verified, **more)


FINDINGS["PP-01"] += [
    F("minor", "8.5.2",
      "Divās iztikas līdzekļu deklarācijās ({c1}, {c2}) nav norādīts izvērtēšanas datums un "
      "izvērtētāja paraksts, tāpēc nav izsekojams, kad statuss piešķirts.",
      **_story("Datumi un paraksti papildināti, pamatojoties uz lēmumu reģistru.",
               ["Deklarācijās nav izvērtēšanas atzīmes.",
                "Atzīmi veic tikai papīra deklarācijās, elektroniski iesniegtajās to aizmirst.",
                "Elektroniski iesniegto deklarāciju apstrādes soļi nav aprakstīti."],
               "PA-01 neapraksta elektroniski iesniegto deklarāciju apstrādi.", "methods",
               "Papildināt PA-01 ar elektroniski iesniegto deklarāciju apstrādes soļiem",
               "PA-01 papildināts; darbinieki instruēti nodaļas sanāksmē.",
               "Izlasē (15 deklarācijas) visās ir izvērtēšanas datums un paraksts.",
               "Pārbaudītas 15 deklarācijas — prasība izpildīta visās.")),
    F("improvement", "9.1.3",
      "Pabalstu izmaksu dinamiku pa mēnešiem iespējams iekļaut procesa izpildes ziņojumā, lai "
      "savlaicīgi plānotu budžetu.", done="Mēneša dinamika iekļauta ziņojumā."),
    F("good_practice", "8.2.1",
      "Klientu pieraksts uz pieņemšanu pa tālruni samazinājis rindas; vidējais gaidīšanas laiks "
      "nodaļā mazāks par 15 minūtēm."),
]
FINDINGS["PP-02"] += [
    F("improvement", "8.2.1",
      "Iespējams sagatavot informatīvu materiālu vieglajā valodā par pakalpojumu "
      "pieprasīšanu.", done="Materiāls vieglajā valodā sagatavots un izvietots."),
    F("good_practice", "9.1.3",
      "Procesa rādītāji atspoguļoti vienotā pārskatā ar trīs gadu tendenci."),
]
FINDINGS["PP-03"] += [
    F("minor", "8.5.1",
      "Divās lietās ({c1}, {c2}) nav dokumentēts, ka plāna izstrādē uzklausīts bērna viedoklis, "
      "lai gan bērni ir vecāki par 10 gadiem.",
      **_story("Bērnu viedoklis uzklausīts un pievienots plāniem.",
               ["Viedoklis nav dokumentēts.",
                "Darbinieki sarunā ar bērnu piedalās, bet to nepieraksta.",
                "Plāna veidlapā nav sadaļas bērna viedoklim."],
               "Plāna veidlapa neparedz bērna viedokļa dokumentēšanu.", "methods",
               "Papildināt ģimenes plāna veidlapu ar sadaļu “Bērna viedoklis”",
               "Veidlapa papildināta un apstiprināta.",
               "Izlasē (10 lietas) visās ir dokumentēts bērna viedoklis.",
               "Pārbaudītas 10 lietas — bērna viedoklis dokumentēts visās.")),
    F("improvement", "7.1.6",
      "Metodiskos materiālus darbam ar ģimenēm iespējams apkopot kopīgā krātuvē elektroniskajā "
      "KVS.", done="Krātuve izveidota (32 materiāli)."),
    F("good_practice", "7.2",
      "Jaunie sociālie darbinieki pirmos trīs mēnešus strādā ar pieredzējuša kolēģa "
      "atbalstu; ievadīšanas plāns dokumentēts."),
]
FINDINGS["PP-04"] += [
    F("minor", "7.2",
      "Diviem aprūpētājiem iepriekšējā gadā nav dokumentēta obligātā 8 stundu kvalifikācijas "
      "celšana.",
      **_story("Abi aprūpētāji pieteikti tuvākajām apmācībām.",
               ["Kvalifikācija nav celta.",
                "Apmācības notika darba laikā, un aizvietotāju nebija.",
                "Apmācību grafiks netiek saskaņots ar aprūpes vizīšu grafiku."],
               "Apmācību grafiks netiek saskaņots ar aprūpētāju darba grafiku.", "management",
               "Plānot aprūpētāju apmācības divās grupās ar aizvietošanu",
               "Apmācības notikušas divās grupās; visi aprūpētāji piedalījušies.",
               "Gada beigās visiem aprūpētājiem vismaz 8 stundas.",
               "Visiem 12 aprūpētājiem dokumentētas vismaz 8 stundas.")),
    F("minor", "8.2.2",
      "Divās lietās ({c1}, {c2}) aprūpe mājās uzsākta pirms līguma parakstīšanas (3 un 5 "
      "dienas).",
      **_story("Līgumi parakstīti; klienti informēti par nosacījumiem.",
               ["Pakalpojums uzsākts bez līguma.",
                "Steidzamos gadījumos aprūpi sāk uzreiz pēc lēmuma.",
                "Steidzamai uzsākšanai nav noteikta kārtība."],
               "Nav kārtības pakalpojuma steidzamai uzsākšanai pirms līguma noslēgšanas.",
               "methods",
               "Noteikt PA-04 steidzamas uzsākšanas kārtību (rakstiska vienošanās, līgums 3 "
               "darbdienās)",
               "PA-04 papildināts; vienošanās veidlapa ieviesta.",
               "Visos steidzamajos gadījumos ir vienošanās un līgums 3 darbdienās.",
               "Četri steidzamie gadījumi — visos prasība izpildīta.")),
    F("improvement", "7.1.3",
      "Aprūpētāju darba laika uzskaiti iespējams ieviest mobilajā lietotnē, aizstājot papīra "
      "lapas.", done="Izmēģinājums ar 4 aprūpētājiem pabeigts; lēmums par ieviešanu pieņemts."),
    F("good_practice", "8.5.1",
      "Aprūpes plāni sagatavoti kopā ar klientu un piederīgajiem; klientu paraksti ir visos "
      "pārbaudītajos plānos."),
    F("observation", "7.1.4",
      "Aprūpētāju individuālo aizsardzības līdzekļu (cimdi, priekšauti) izsniegšana netiek "
      "uzskaitīta.", done="Izsniegšanas uzskaite ieviesta."),
]
FINDINGS["PP-05"] += [
    F("minor", "8.5.3",
      "Klientu personīgo naudas līdzekļu uzskaitē divos gadījumos izdevumiem nav pievienoti "
      "čeki un nav otra darbinieka paraksta (četru acu princips).", units=("PSAC",),
      **_story("Čeku kopijas saņemtas; uzskaite saskaņota ar klientiem.",
               ["Čeki nav pievienoti.",
                "Iepirkumus klientiem veic aprūpētāji maiņas laikā un čekus nodod vēlāk.",
                "Nav noteikts termiņš un atbildīgais čeku nodošanai un otrai pārbaudei."],
               "Klientu naudas līdzekļu uzskaites kārtībā nav noteikts čeku nodošanas termiņš "
               "un otrā pārbaude.", "methods",
               "Papildināt klientu naudas līdzekļu uzskaites kārtību ar čeku nodošanu tajā "
               "pašā dienā un administratora iknedēļas pārbaudi",
               "Kārtība papildināta; iknedēļas pārbaudes lapa ieviesta.",
               "Trīs mēnešu izlasē visiem izdevumiem ir čeks un divi paraksti.",
               "Pārbaudīti 3 mēneši — visiem izdevumiem čeki un paraksti.")),
    F("minor", "8.5.1",
      "Divu bērnu medicīniskajās kartēs ({c1}, {c2}) nav atzīmes par profilaktisko apskati "
      "pēdējā gada laikā.", units=("BSAC",),
      **_story("Profilaktiskās apskates pieteiktas un veiktas mēneša laikā.",
               ["Apskates nav veiktas.", "Medicīnas māsa neseko apskašu termiņiem.",
                "Nav apskašu termiņu saraksta visiem bērniem."],
               "Nav centralizēta bērnu profilaktisko apskašu termiņu saraksta.", "methods",
               "Izveidot bērnu profilaktisko apskašu grafiku un pārbaudīt to reizi mēnesī",
               "Grafiks izveidots; ikmēneša pārbaužu atzīmes uzrādītas.",
               "Visiem bērniem profilaktiskās apskates veiktas termiņā.",
               "Pārbaudītas 20 kartes — visās apskates termiņā.")),
    F("minor", "8.5.1",
      "Ēdienkartē divas nedēļas pēc kārtas nav ievērotas ārsta norādes pieciem klientiem ar "
      "diabētu.", units=("PSAC",),
      **_story("Virtuvei nodots aktuāls diētu saraksts; ēdienkarte labota.",
               ["Diētas netika ievērotas.", "Virtuves diētu saraksts nav aktualizēts.",
                "Medicīnas māsa neinformē virtuvi par izmaiņām diētās."],
               "Nav noteikts, kā informācija par klientu diētu izmaiņām nonāk virtuvē.",
               "management",
               "Ieviest iknedēļas diētu saraksta aktualizēšanu (vecākā medicīnas māsa — "
               "pavārs) ar parakstu",
               "Iknedēļas saraksts ieviests; paraksti uzrādīti.",
               "Divos mēnešos diētas ievērotas visiem klientiem.",
               "Pārbaudītas ēdienkartes un diētu saraksti — atšķirību nav.")),
    F("observation", "7.1.4",
      "Klientu istabu uzkopšanas grafikā brīvdienās nav atzīmju par izpildi.", units=("PSAC",),
      done="Brīvdienu maiņu uzkopšanas atzīmes ieviestas."),
    F("improvement", "7.1.4",
      "Iespējams ierīkot sensoro dārzu klientiem ar demenci.", units=("PSAC",),
      done="Sensorais dārzs ierīkots ar ziedojumu atbalstu."),
    F("good_practice", "8.5.1",
      "Klientu dzimšanas dienu un svētku pasākumi tiek plānoti kopā ar piederīgajiem.",
      units=("PSAC",)),
    F("improvement", "7.2",
      "Aukļu apmācību par darbu ar bērniem ar traumu pieredzi iespējams iekļaut gada plānā.",
      units=("BSAC",), done="Apmācība iekļauta plānā un notikusi (10 aukles)."),
    F("observation", "8.5.3",
      "Bērnu kabatas naudas uzskaite vesta atsevišķās lapās bez numerācijas.", units=("BSAC",),
      done="Ieviests numurēts uzskaites žurnāls."),
]
FINDINGS["PP-06"] += [
    F("observation", "7.1.3",
      "Dienas centra mikroautobusa pacēlājam nav dokumentētas ikgadējās tehniskās pārbaudes.",
      done="Pārbaude veikta, akts pievienots."),
    F("improvement", "8.5.1",
      "Iespējams piedāvāt nodarbības arī sestdienās strādājošo klientu piederīgo dēļ.",
      done="Sestdienu nodarbības uzsāktas."),
]
FINDINGS["PP-07"] += [
    F("minor", "7.2",
      "Trīs dežurantiem nav derīgas pirmās palīdzības apmācības apliecības.",
      **_story("Dežuranti pieteikti apmācībām.",
               ["Apliecības nav derīgas.", "Apliecību termiņi netiek uzraudzīti.",
                "Personāla uzskaitē nav apliecību termiņu."],
               "Pirmās palīdzības apliecību termiņi nav iekļauti personāla uzskaitē.",
               "people",
               "Iekļaut apliecību termiņus personāla uzskaitē ar atgādinājumu",
               "Termiņi iekļauti; visi dežuranti apmācīti.",
               "Visiem dežurantiem derīgas apliecības.",
               "Pārbaudītas 6 apliecības — visas derīgas.")),
    F("improvement", "7.1.4",
      "Patversmē iespējams ierīkot slēdzamus skapīšus klientu mantām.",
      done="Uzstādīti 20 slēdzami skapīši."),
    F("observation", "9.1.2",
      "Klientu sūdzību kastīte atrodas dežuranta redzeslokā — klienti var justies neērti.",
      done="Kastīte pārvietota uz gaiteni pie izejas."),
]
FINDINGS["SYS"] += [
    F("good_practice", "6.2.1",
      "Kvalitātes mērķi sasaistīti ar stratēģijas rīcības plānu un pašvaldības budžetu."),
    F("improvement", "4.1",
      "SVID analīzi iespējams aktualizēt katru gadu pirms vadības pārskata.",
      done="SVID analīze aktualizēta."),
]
FINDINGS["VP-02"] += [
    F("minor", "7.5.2",
      "{unit} divi iekšējie rīkojumi izdoti bez reģistrācijas numura un datuma.",
      **_story("Rīkojumi reģistrēti lietvedības sistēmā.",
               ["Rīkojumi nav reģistrēti.",
                "Vadītāja rīkojumus sagatavoja pati un izsniedza papīrā.",
                "Struktūrvienību vadītāji nezina, ka arī viņu rīkojumi jāreģistrē."],
               "Rīkojumu reģistrēšanas prasība nav paziņota struktūrvienību vadītājiem.",
               "people",
               "Informēt struktūrvienību vadītājus par rīkojumu reģistrēšanu un papildināt "
               "PA-09", "PA-09 papildināts; vadītāji informēti sanāksmē.",
               "Pusgadā visi struktūrvienību rīkojumi reģistrēti.",
               "Pārbaudīti 14 rīkojumi — visi reģistrēti.", by="kvalitate")),
    F("good_practice", "7.5.2",
      "{unit} veidlapas tiek ņemtas tikai no elektroniskās KVS; papīra krājumi netiek veidoti."),
]
FINDINGS["VP-04"] += [
    F("minor", "9.1.2",
      "{unit} divas mutiski izteiktas sūdzības nav reģistrētas sūdzību reģistrā.",
      **_story("Sūdzības reģistrētas un izskatītas.",
               ["Sūdzības nav reģistrētas.",
                "Darbinieki uzskata, ka reģistrē tikai rakstiskas sūdzības.",
                "KT-01 neskaidri nosaka mutisku sūdzību reģistrēšanu."],
               "KT-01 nenosaka, ka jāreģistrē arī mutiskas sūdzības.", "methods",
               "Precizēt KT-01 par mutisku sūdzību reģistrēšanu un informēt darbiniekus",
               "KT-01 precizēts; darbinieki informēti.",
               "Trīs mēnešos visas sūdzības reģistrētas.",
               "Reģistrā 9 sūdzības, t. sk. 4 mutiskas.", by="kvalitate")),
    F("good_practice", "10.2.2",
      "{unit} korektīvo darbību efektivitāti pārbauda ar skaidriem, izmērāmiem kritērijiem."),
]
FINDINGS["AP-01"] += [
    F("minor", "7.1.4",
      "{unit} četriem darbiniekiem atkārtotā darba aizsardzības instruktāža kavēta vairāk nekā "
      "divus mēnešus.",
      **_story("Instruktāža veikta, ieraksti žurnālā.",
               ["Instruktāža kavēta.", "Instruktāžas grafiks nav sastādīts.",
                "Atbildīgais par instruktāžām nav noteikts pēc darbinieka aiziešanas."],
               "Nav noteikts atbildīgais par darba aizsardzības instruktāžām struktūrvienībā.",
               "management",
               "Noteikt atbildīgo par instruktāžām un sastādīt gada grafiku",
               "Rīkojums izdots; grafiks apstiprināts.",
               "Nav kavētu instruktāžu sešus mēnešus.",
               "Žurnālā visas instruktāžas laikā.")),
    F("improvement", "7.3",
      "Iespējams izveidot jauno darbinieku rokasgrāmatu ar galvenajiem KVS dokumentiem.",
      done="Rokasgrāmata sagatavota."),
    F("good_practice", "7.2",
      "{unit} supervīzijas notiek regulāri, un darbinieki tās vērtē kā noderīgas."),
]
FINDINGS["AP-03"] += [
    F("minor", "7.1.3",
      "{unit} klientu pacēlājs nav iekļauts bīstamo iekārtu uzskaitē; pēdējā tehniskā pārbaude "
      "pirms 14 mēnešiem.",
      **_story("Tehniskā pārbaude veikta; pacēlājs iekļauts uzskaitē.",
               ["Pārbaude nokavēta.", "Pacēlājs iegādāts ar projektu un nav uzskaitē.",
                "Projektu ietvaros iegādātās iekārtas netiek nodotas saimniecības pārzinim."],
               "Nav kārtības projektos iegādāto iekārtu nodošanai uzskaitē.", "equipment",
               "Papildināt PA-15 ar projektos iegādāto iekārtu pieņemšanu uzskaitē",
               "PA-15 papildināts; visas projektu iekārtas uzskaitē.",
               "Visām iekārtām spēkā esoša tehniskā pārbaude.",
               "Pārbaudītas 12 iekārtas — visām pārbaude spēkā.", by="vietnieks")),
    F("improvement", "7.1.4",
      "Iespējams ierīkot āra nojumi smēķētājiem prom no ieejas.", done="Nojume ierīkota."),
    F("good_practice", "7.1.3",
      "{unit} bojājumu pieteikumus reģistrē elektroniski, un vidējais novēršanas laiks ir 3 "
      "dienas."),
]
FINDINGS["VP-01"] = FINDINGS["VP-05"] = FINDINGS["SYS"]
GENERIC = ("VP-02", "AP-01", "VP-04")

EXTERNAL_FINDINGS = {
    2024: [
        F("minor", "9.1.2",
          "Sertifikācijas auditors: nebūtiska neatbilstība — PSAC nav pierādījumu, ka klientu "
          "apmierinātības aptaujas rezultāti izmantoti pakalpojumu uzlabošanai.",
          owner="psac",
          correction="Aptaujas rezultāti izskatīti PSAC sanāksmē; noteikti 3 uzlabojumi.",
          whys=["Rezultāti netika izmantoti.", "Aptauju apkopo kvalitātes vadītāja, bet "
                "rezultātus struktūrvienībai nenosūta.",
                "Procesā nav noteikts, kurš izvērtē rezultātus struktūrvienībā."],
          root="KT-04 nenosaka struktūrvienības atbildību par aptaujas rezultātu "
               "izvērtēšanu.", cat="methods",
          action="Papildināt KT-04 ar rezultātu izskatīšanu struktūrvienības sanāksmē un "
                 "uzlabojumu plānu", by="kvalitate",
          done="KT-04 jaunā versija; PSAC uzlabojumu plāns apstiprināts.",
          criteria="Nākamās aptaujas rezultātiem visās struktūrvienībās ir uzlabojumu plāns.",
          verified="Visām 7 struktūrvienībām ir uzlabojumu plāni.", verifier="vietnieks"),
        F("improvement", "6.1.2",
          "Sertifikācijas auditors: iespēja stiprināt risku vērtējuma sasaisti ar procesu "
          "rādītājiem.", done="Procesu risku tabulās pievienoti rādītāji."),
        F("good_practice", "7.5.3",
          "Sertifikācijas auditors: labā prakse — elektroniskā KVS ar iepazīšanās "
          "apliecinājumiem."),
    ],
    2025: [
        F("improvement", "9.1.3",
          "Sertifikācijas auditors: iespēja analizēt procesu rādītājus trīs gadu tendencē un "
          "salīdzināt ar citiem pašvaldību sociālajiem dienestiem.",
          done="Tendenču analīze iekļauta vadības pārskatā."),
        F("observation", "7.1.6",
          "Sertifikācijas auditors: organizācijas zināšanas (pieredze darbā ar ģimenēm) nav "
          "apkopotas; darbinieku maiņas gadījumā tās var zust.",
          done="Sagatavots AN metodisko materiālu apkopojums."),
        F("good_practice", "5.1.1",
          "Sertifikācijas auditors: labā prakse — vadības iesaiste un divu līmeņu kontrole "
          "klientu lēmumiem."),
    ],
    2026: [
        F("minor", "8.4.1",
          "Sertifikācijas auditors: nebūtiska neatbilstība — AAB ārpakalpojuma (ēdiena piegāde "
          "mājās) piegādātāja darbība nav izvērtēta; nav noteikti izvērtēšanas kritēriji.",
          owner="aab",
          correction="Piegādātāja izvērtējums veikts pēc pagaidu kritērijiem.",
          whys=["Piegādātājs nav izvērtēts.",
                "Līgumu slēdza pašvaldība, un AAB to neuzskatīja par savu piegādātāju.",
                "Ārpakalpojumu saraksts KVS nav pilnīgs."],
          root="KVS ārējo piegādātāju sarakstā nav iekļauti pašvaldības slēgtie līgumi, kas "
               "ietekmē Dienesta pakalpojumus.", cat="management",
          action="Papildināt ārējo piegādātāju sarakstu un noteikt izvērtēšanas kritērijus",
          by="kvalitate",
          done="Saraksts papildināts (4 piegādātāji); kritēriji apstiprināti.",
          criteria="Visiem sarakstā esošajiem piegādātājiem veikts izvērtējums.",
          verified="Visi 4 piegādātāji izvērtēti.", verifier="vietnieks"),
        F("observation", "7.5.3",
          "Sertifikācijas auditors: daļa papīra ierakstu AN tiek dublēti elektroniski; nav "
          "noteikts, kurš ir oriģināls.", done="Noteikts, ka oriģināls ir elektroniskais."),
    ],
}

STRENGTHS = {
    "PP-01": "Lēmumi pamatoti un dokumentēti; divu līmeņu kontrole darbojas.",
    "PP-02": "Vienots pieprasījuma kontrolsaraksts un skaidra lēmumu sagatavošana.",
    "PP-03": "Laba sadarbība ar bāriņtiesu, skolām un pašvaldības policiju.",
    "PP-04": "Aprūpētāju mentoru sistēma un zems sūdzību skaits.",
    "PP-05": "Profesionāls un stabils aprūpes personāls; klientu drošības pasākumi.",
    "PP-06": "Klientu iesaiste nodarbību plānošanā; daudzveidīga klubu darbība.",
    "PP-07": "Ātra reaģēšana ziemas periodā un sadarbība ar policiju.",
    "VP-01": "Vadības iesaiste; regulāras kvalitātes sanāksmes.",
    "VP-02": "Elektroniskā KVS ar versiju kontroli un iepazīšanās apliecinājumiem.",
    "VP-03": "Uz riskiem balstīta auditu programma.",
    "VP-04": "Neatbilstību reģistrs ar skaidru atbildību un termiņiem.",
    "VP-05": "Vadības pārskats aptver visus procesus.",
    "AP-01": "Kvalifikācijas celšanas uzskaite un supervīzijas.",
    "AP-03": "Bojājumu pieteikšana un novēršana noteiktajos termiņos.",
}

PROFILES = [
    ("auditore", "Iekšējā auditora kurss ISO 9001:2015 / ISO 19011, 16 h",
     "2019 — Iekšējā auditora kurss ISO 9001:2015 / ISO 19011, 16 h\n"
     "2021 — Riska vadība sociālajos pakalpojumos, 8 h\n"
     "2023 — Auditora prasmes: intervēšana un objektīvo pierādījumu vākšana, 6 h\n"
     "2025 — ISO 9001:2015 grozījumi (klimata pārmaiņu apsvērumi) un auditoru kalibrēšana, 4 h",
     dt.date(2019, 5, 17)),
    ("auditors", "Iekšējā auditora kurss ISO 9001:2015 / ISO 19011, 16 h",
     "2021 — Iekšējā auditora kurss ISO 9001:2015 / ISO 19011, 16 h\n"
     "2022 — Procesu pieeja un rādītāji publiskajā sektorā, 8 h\n"
     "2024 — Cēloņu analīzes metodes (5 kāpēc, Išikava), 4 h\n"
     "2025 — Auditoru kalibrēšanas sanāksme, 3 h",
     dt.date(2021, 11, 12)),
    ("vietnieks", "Vadošā auditora kurss ISO 9001:2015 (ISO 19011, ISO/IEC 17021-1), 40 h",
     "2016 — Vadošā auditora kurss ISO 9001:2015, 40 h (eksāmens nokārtots)\n"
     "2018 — Iekšējā auditora kurss ISO 9001:2015 / ISO 19011, 16 h\n"
     "2022 — Integrētās vadības sistēmas un riska vadība, 8 h\n"
     "2025 — Auditoru kalibrēšanas sanāksme, 3 h",
     dt.date(2016, 3, 4)),
]


# --- checklists ---------------------------------------------------------------------------

FALLBACK_QUESTIONS = [
    ("4 Konteksts", "4.1", "Vai ir noteikti ārējie un iekšējie jautājumi, kas ietekmē procesu?"),
    ("5 Vadība", "5.3", "Vai procesa īpašnieka un darbinieku pienākumi ir noteikti un zināmi?"),
    ("6 Plānošana", "6.1.2", "Vai procesa riski ir novērtēti un pasākumi īstenoti?"),
    ("6 Plānošana", "6.2.2", "Vai kvalitātes mērķiem ir noteikti atbildīgie un termiņi?"),
    ("7 Atbalsts", "7.1.3", "Vai infrastruktūra tiek uzturēta un apkopes dokumentētas?"),
    ("7 Atbalsts", "7.1.4", "Vai darba vide ir droša klientiem un darbiniekiem?"),
    ("7 Atbalsts", "7.2", "Vai darbinieku kompetence un kvalifikācijas celšana ir "
                          "dokumentēta?"),
    ("7 Atbalsts", "7.3", "Vai darbinieki zina kvalitātes politiku un savu ieguldījumu?"),
    ("7 Atbalsts", "7.5.3", "Vai lieto spēkā esošos dokumentus un ieraksti ir aizsargāti?"),
    ("8 Darbība", "8.2.2", "Vai pakalpojuma prasības tiek noteiktas pirms tā piešķiršanas?"),
    ("8 Darbība", "8.4.1", "Vai ārējie piegādātāji tiek izvērtēti?"),
    ("8 Darbība", "8.5.1", "Vai pakalpojumu sniedz atbilstoši procesa aprakstam un plānam?"),
    ("8 Darbība", "8.5.2", "Vai uzskaite ļauj izsekot sniegtajiem pakalpojumiem?"),
    ("8 Darbība", "8.7.1", "Vai neatbilstoši iznākumi tiek identificēti un vadīti?"),
    ("9 Snieguma izvērtēšana", "9.1.2", "Vai klientu apmierinātība tiek uzraudzīta?"),
    ("9 Snieguma izvērtēšana", "9.1.3", "Vai procesa rādītāji tiek analizēti?"),
    ("9 Snieguma izvērtēšana", "9.3.2", "Vai vadības pārskatā izvērtēti visi ievaddati?"),
    ("10 Uzlabošana", "10.2.1", "Vai neatbilstībām veic cēloņu analīzi un korektīvās "
                                "darbības?"),
    ("10 Uzlabošana", "10.2.2", "Vai korektīvo darbību efektivitāte tiek pārbaudīta?"),
    ("10 Uzlabošana", "10.3", "Vai tiek īstenoti uzlabojumi?"),
]


def _checklists(qm: User, now: dt.datetime) -> list[ChecklistTemplate]:
    """The real templates from <project>/audits; if that folder is missing or has problems,
    one small ISO 9001 checklist made here, so that the demo still has checklists."""
    folder = Path(current_app.root_path).parent / "audits"
    try:
        from qms.audits.checklists import import_dir
    except ImportError:  # pragma: no cover - while the module is being written
        import_dir = None
    if import_dir is not None and folder.is_dir():
        report = import_dir(folder, actor=qm, now=now)
        if report.errors:
            current_app.logger.warning("demo: audit checklists not imported: %s",
                                       "; ".join(str(e) for e in report.errors[:5]))
    templates = list(db.session.scalars(select(ChecklistTemplate).order_by(ChecklistTemplate.key)))
    if templates:
        return templates
    template = ChecklistTemplate(key="demo-iso9001", title="ISO 9001:2015 kontroljautājumi",
                                 language="lv", clauses=[str(n) for n in range(4, 11)],
                                 process_codes=[], content_sha256="0" * 64, imported_at=now)
    template.questions = [TemplateQuestion(position=n, section=s, clause=c, question=q)
                          for n, (s, c, q) in enumerate(FALLBACK_QUESTIONS, start=1)]
    db.session.add(template)
    db.session.commit()
    return [template]


def _iso_template(templates: list[ChecklistTemplate]) -> ChecklistTemplate:
    general = [t for t in templates if not t.process_codes] or templates
    return max(general, key=lambda t: ("9001" in (t.key + t.title), len(t.questions)))


# --- the loader ---------------------------------------------------------------------------

class AuditDemo:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.tl = Timeline()
        self.qm = person("kvalitate")
        self.director = person("direktore")
        self.auditors = [person(u) for u in ("auditore", "auditors", "vietnieks")]
        self.load = {u.id: 0 for u in self.auditors}
        self.used: dict[tuple[str, int], int] = {}
        self.templates: list[ChecklistTemplate] = []

    # planning -----------------------------------------------------------------------

    def programme(self, now: dt.datetime, year: int) -> None:
        programme = services.create_programme(actor=self.qm, now=now, year=year,
                                              **PROGRAMME[year])
        ratings = dict(RISKS)
        for year_ in YEARS:
            if year_ <= year:
                ratings.update(RISK_CHANGES.get(year_, {}))
        for code in sorted(ratings):
            importance, changes, earlier, rationale = ratings[code]
            services.rate_process(programme, actor=self.qm, now=self.tl.tick(2),
                                  process_id=process(code).id, importance=importance,
                                  changes=changes, earlier_results=earlier,
                                  rationale=rationale)
        for spec in AUDITS[year]:
            self.plan(programme, spec)

    def plan(self, programme: AuditProgramme, spec: dict) -> None:
        rng, tl = self.rng, self.tl
        processes = [process(code) for code in spec["processes"]]
        units = [unit(code) for code in spec["units"]]
        external = spec.get("external", False)
        title = spec["title"] or processes[0].name
        docs = [f"{CONTEXT[p.code][0]} “{p.name}”" for p in processes]
        if external:
            objectives = ("Sertifikācijas institūcijas novērtējums, vai KVS atbilst LVS EN ISO "
                          "9001:2015 prasībām un tiek rezultatīvi uzturēta; sertifikāta "
                          "darbības turpināšana.")
            criteria = "LVS EN ISO 9001:2015; Dienesta KVS dokumentācija; sertifikācijas līgums"
            clauses = [str(n) for n in range(4, 11)]
        else:
            objectives = (f"Pārliecināties, ka process tiek īstenots atbilstoši {docs[0]} un "
                          "ISO 9001:2015 prasībām, un novērtēt iepriekšējo korektīvo darbību "
                          "efektivitāti.")
            legal = CONTEXT[processes[0].code][5]
            criteria = "LVS EN ISO 9001:2015; " + "; ".join(docs) + (
                f"; {legal}" if legal.startswith("MK") else "")
            clauses = (["4", "5", "6", "9.3", "10"] if spec.get("system")
                       else ["7.2", "7.5.3", "8.5.1", "9.1", "10.2"])
        from qms.documents.models import Document

        document_ids = [d.id for d in db.session.scalars(select(Document).where(
            Document.code.in_([CONTEXT[p.code][0] for p in processes])))
            if d.created_at is None or d.created_at <= tl.now]
        audit = services.plan_audit(
            actor=self.qm, now=tl.tick(3), programme=programme, title=title,
            objectives=objectives, criteria=criteria, iso_clauses=clauses,
            planned_start=spec["start"],
            planned_end=workday(spec["start"] + dt.timedelta(days=spec["days"] - 1)),
            process_ids=[p.id for p in processes], unit_ids=[u.id for u in units],
            document_ids=document_ids, audit_type=spec["type"])
        run = dict(spec=spec, audit_id=audit.id, external=external)
        if spec.get("final") == "planned_no_team":
            return
        self.team(audit, spec, run)
        if spec.get("cancel"):
            day, reason = spec["cancel"]
            tl.at(at(day, 10, 15), self.cancel, run, reason)
            return
        confirm_on = workday(spec["start"] - dt.timedelta(days=rng.randint(15, 21)))
        tl.at(at(confirm_on, 10, rng.randint(0, 50)), self.confirm, run)

    def team(self, audit: Audit, spec: dict, run: dict) -> None:
        rng = self.rng
        auditees: list[User] = []
        for u in audit.units:
            if u.head is not None and u.head not in auditees:
                auditees.append(u.head)
        for p in audit.processes:
            owner = db.session.scalar(select(User).where(
                User.position_id == p.owner_position_id, User.is_active_account.is_(True)))
            if owner is not None and owner not in auditees:
                auditees.append(owner)
        for username in spec.get("extra_auditees", []):
            if person(username) not in auditees:
                auditees.append(person(username))
        overrides = {}
        auditor_ids = []
        if run["external"]:
            lead = self.qm
            overrides[lead.id] = EXTERNAL_LEAD
            auditees = [self.director] + [a for a in auditees if a not in (self.director,
                                                                          self.qm)]
        elif spec.get("lead"):
            lead = person(spec["lead"])
            if services.impartiality_problems(lead, audit):
                overrides[lead.id] = spec["override"]
        else:
            free = [a for a in self.auditors if not services.impartiality_problems(a, audit)]
            least = min(self.load[a.id] for a in free)
            lead = rng.choice([a for a in free if self.load[a.id] == least])
            others = [a for a in free if a is not lead]
            if others and rng.random() < 0.35:
                auditor_ids.append(rng.choice(others).id)
        self.load[lead.id] = self.load.get(lead.id, 0) + 1
        services.set_team(audit, actor=self.qm, now=self.tl.tick(2), lead_id=lead.id,
                          auditor_ids=auditor_ids, auditee_ids=[a.id for a in auditees],
                          overrides=overrides)
        run.update(lead=lead, auditees=auditees,
                   team=[lead] + [db.session.get(User, i) for i in auditor_ids])

    # conducting --------------------------------------------------------------------------

    def audit(self, run: dict) -> Audit:
        return db.session.get(Audit, run["audit_id"])

    def cancel(self, now, run, reason):
        services.cancel(self.audit(run), actor=self.qm, now=now, reason=reason)

    def confirm(self, now, run):
        audit = self.audit(run)
        services.confirm(audit, actor=self.qm, now=now, agenda=AGENDA)
        self.tl.at(at(audit.planned_start, 9, 5), self.start, run)

    def start(self, now, run):
        audit = self.audit(run)
        spec = run["spec"]
        codes = {p.code for p in audit.processes}
        specific = [t for t in self.templates if set(t.process_codes or []) & codes]
        iso = _iso_template(self.templates)
        whole_system = spec.get("system") or run["external"]
        chosen = specific[:2] if specific and not whole_system else [iso]
        services.start(audit, actor=run["lead"], now=now, template_ids=[t.id for t in chosen])
        run["iso_only"] = not specific or whole_system
        self.schedule_answers(run)

    def focus(self, run: dict, clause: str) -> bool:
        spec = run["spec"]
        if spec.get("system"):
            return _matches(clause, SYSTEM_FOCUS)
        if run["external"] or not run["iso_only"]:
            return True
        prefixes = [p for code in spec["processes"] for p in ISO_FOCUS.get(code, ("7", "8"))]
        return _matches(clause, prefixes)

    def schedule_answers(self, run: dict) -> None:
        rng = self.rng
        audit = self.audit(run)
        spec = run["spec"]
        items = list(audit.items)
        if run["external"]:
            sample = set(rng.sample(range(len(items)), k=max(1, len(items) * 45 // 100)))
            in_scope = [i for n, i in enumerate(items) if n in sample]
        else:
            in_scope = [i for i in items if self.focus(run, i.clause)]
        findings = self.pick_findings(run, in_scope)
        run["findings"] = findings
        days = [workday(audit.planned_start + dt.timedelta(days=d)) for d in range(spec["days"])]
        days = sorted(set(d for d in days if d <= (audit.planned_end or d)))
        per_day = -(-len(items) // len(days))
        answered = len(items)
        if spec.get("final") == "in_progress":
            answered = len(items) * 6 // 10
        for n, item in enumerate(items[:answered]):
            day = days[min(n // per_day, len(days) - 1)]
            minutes = 30 + (n % per_day) * (330 // max(per_day, 1))
            when = at(day, 9) + dt.timedelta(minutes=minutes)
            self.tl.at(when, self.answer, run, item.id, item in in_scope)
        if spec.get("final") != "in_progress":
            report_on = later(days[-1], rng, 3, 11)
            self.tl.at(at(report_on, 14, rng.randint(0, 50)), self.report, run)

    def pick_findings(self, run: dict, in_scope: list) -> dict:
        """item id -> finding: from the process's own findings (then the generic ones),
        each placed on the checklist item whose clause fits it best."""
        rng = self.rng
        spec = run["spec"]
        year = spec["start"].year
        if run["external"]:
            wanted = list(EXTERNAL_FINDINGS[year])
        else:
            kinds = spec.get("findings")
            if kinds is None:
                count = rng.choice([1, 2, 2, 3, 3, 4])
                kinds = rng.choices(["minor", "observation", "improvement", "good_practice"],
                                    weights=[33, 25, 25, 17], k=count)
                while kinds.count("good_practice") > 1 or kinds == ["good_practice"]:
                    kinds[kinds.index("good_practice")] = rng.choice(["minor", "observation"])
            wanted = [self.finding_text(spec, kind) for kind in kinds]
        chosen: dict[int, dict] = {}
        free = [i for i in in_scope]
        for finding in wanted:
            if finding is None or not free:
                continue
            item = self.best_item(free, finding["clause"], finding["text"])
            free.remove(item)
            chosen[item.id] = finding
        return chosen

    def finding_text(self, spec: dict, kind: str) -> dict | None:
        unit_code = spec["units"][0] if spec["units"] else "SD"
        pools = ["SYS"] if spec.get("system") else list(spec["processes"])
        year = spec["start"].year
        generic = [g for g in GENERIC if g not in pools]
        similar = {"minor": "observation", "observation": "improvement",
                   "improvement": "observation", "good_practice": "improvement"}
        # unused in the process's own findings (of this kind, then of a similar one); then
        # one used in an earlier year (a recurring finding); then the general ones
        for pools_, kind_, reuse in ((pools, kind, False), (pools, similar.get(kind), False),
                                     (pools, kind, True), (generic, kind, False)):
            for pool in pools_:
                candidates = [(n, f) for n, f in enumerate(FINDINGS.get(pool, []))
                              if f["kind"] == kind_
                              and unit_code in f.get("units", (unit_code,))
                              and (self.used.get((pool, n)) is None if not reuse else
                                   self.used.get((pool, n), year) < year)]
                if candidates:
                    n, finding = (candidates[0] if kind == "major"
                                  else self.rng.choice(candidates))
                    self.used[(pool, n)] = year
                    return finding
        return None

    def best_item(self, items: list, clause: str, text: str = ""):
        """The item whose clause and wording fit the finding best."""
        words = _stems(text)

        def score(item):
            a, b = item.clause.split("."), clause.split(".")
            common = 0
            for x, y in zip(a, b, strict=False):
                if x != y:
                    break
                common += 1
            return common + 3 * len(words & _stems(item.question))

        best = max(score(i) for i in items)
        return self.rng.choice([i for i in items if score(i) == best])

    def texts(self, run: dict) -> dict:
        spec = run["spec"]
        rng = self.rng
        year = spec["start"].year
        key = "SYS" if spec.get("system") else spec["processes"][0]
        doc, prefix, rec, rec2, role, legal = CONTEXT[key]
        if spec["units"]:
            prefix = spec["units"][0]
        numbers = sorted(rng.sample(range(5, 240), 3))
        cases = [f"{prefix}-{year}/{n:03d}" for n in numbers]
        month = max(1, spec["start"].month - rng.randint(1, 3))
        return dict(doc=doc, rec=rec, rec2=rec2, role=role, legal=legal,
                    interviewed="Intervēts" if role.endswith("s") else "Intervēta",
                    n=rng.randint(5, 12), cases=", ".join(cases), c1=cases[0], c2=cases[1],
                    c3=cases[2], year=year, y=year, pct=rng.randint(84, 96),
                    unit=spec["units"][0] if spec["units"] else "SD",
                    month=f"{year}. gada {MONTHS_IN[month - 1]}",
                    month_plain=f"{year}. gada {MONTHS_ACC[month - 1]}")

    def answer(self, now, run, item_id, in_scope):
        from qms.audits.models import AuditItem

        item = db.session.get(AuditItem, item_id)
        values = self.texts(run)
        finding = run["findings"].get(item_id)
        who = self.rng.choice(run["team"])
        if finding is not None:
            result, evidence = finding["kind"], fill(finding["text"], **values)
        elif not in_scope:
            result = ItemResult.NOT_AUDITED
            evidence = ("" if self.rng.random() < 0.6 else
                        "Ārpus šī audita tvēruma (vērtē procesu auditos)." if
                        run["spec"].get("system") else "Ārpus šī audita tvēruma.")
        elif self.not_applicable(run, item.question):
            result = ItemResult.NOT_AUDITED
            evidence = "Neattiecas uz auditēto struktūrvienību."
        else:
            result = ItemResult.CONFORMS
            group = "8" if _group(item.clause) == "8.4" else _group(item.clause)
            statement = _statement(item.question)
            if run["external"]:
                evidence = fill(self.rng.choice(EXTERNAL_CONFORMS), **values)
            elif statement and self.rng.random() < 0.8:
                evidence = statement + " " + fill(self.rng.choice(HOW_CHECKED[group]), **values)
            else:
                said = run.setdefault("said", set())
                pool = [t for t in CONFORMS[_group(item.clause)] if t not in said]
                if pool:
                    text = self.rng.choice(pool)
                    said.add(text)
                    evidence = fill(text, **values)
                else:
                    how = fill(self.rng.choice([t for t in HOW_CHECKED[group]
                                                if not t.startswith("{interviewed}")]),
                               **values)
                    evidence = fill("Kārtību skaidroja {role}. ", **values) + how
        services.answer_item(item, actor=who, now=now, result=result, evidence=evidence)

    def not_applicable(self, run: dict, question: str) -> bool:
        """Questions about children in an audit of the pensioners' centre, and so on."""
        units = set(run["spec"]["units"])
        text = question.casefold()
        if units and units <= {"PSAC", "AAB", "PNS", "SPN"}:
            return "bērn" in text or "jaunieš" in text
        return False

    def report(self, now, run):
        audit = self.audit(run)
        spec = run["spec"]
        items = list(audit.items)
        count = {r: sum(1 for i in items if i.result == r) for r in ItemResult}
        checked = len(items) - count[ItemResult.NOT_AUDITED]
        ncs = count[ItemResult.MAJOR] + count[ItemResult.MINOR]
        start, end = audit.planned_start, audit.planned_end or audit.planned_start
        when = (start.strftime("%d.%m.%Y") if start == end
                else f"{start:%d.%m.}–{end:%d.%m.%Y}")
        scope = ", ".join(u.name for u in audit.units) or "Dienests (izlases veidā)"
        parts = []
        if ncs:
            parts.append(_plural(ncs, "neatbilstība", "neatbilstības") + (
                f" (t. sk. būtiskas: {count[ItemResult.MAJOR]})" if count[ItemResult.MAJOR]
                else " (nebūtiska)" if ncs == 1 else " (nebūtiskas)"))
        for result, one, many in ((ItemResult.OBSERVATION, "novērojums", "novērojumi"),
                                  (ItemResult.IMPROVEMENT, "uzlabojuma iespēja",
                                   "uzlabojuma iespējas"),
                                  (ItemResult.GOOD_PRACTICE, "labā prakse", "labās prakses")):
            if count[result]:
                parts.append(_plural(count[result], one, many))
        found = ", ".join(parts) if ncs else "neatbilstības netika konstatētas" + (
            "; " + ", ".join(parts) if parts else "")
        one = checked % 10 == 1 and checked % 100 != 11
        summary = (f"Audits notika {when}; tvērums: {scope}. "
                   f"{'Pārbaudīts' if one else 'Pārbaudīti'} {checked} "
                   f"{'kontroljautājums' if one else 'kontroljautājumi'}, intervēti darbinieki, "
                   + ("pārbaudīti vadības dokumenti un ieraksti. " if spec.get("system") else
                      "izlases veidā pārbaudītas klientu lietas un ieraksti. ")
                   + f"Konstatējumi: {found}.")
        good = [i.evidence for i in items if i.result == ItemResult.GOOD_PRACTICE]
        base = STRENGTHS.get("VP-01" if spec.get("system") else spec["processes"][0], "")
        strengths = "\n".join(["- " + base] * bool(base) + ["- " + g for g in good])
        if run["external"]:
            conclusion = ("Sertifikācijas institūcija iesaka sertifikāta darbību turpināt"
                          + (" pēc korektīvo darbību plāna iesniegšanas 30 dienu laikā."
                             if ncs else "."))
        elif count[ItemResult.MAJOR]:
            conclusion = ("Process daļēji atbilst prasībām. Būtiskajai neatbilstībai korektīvo "
                          "darbību plāns jāiesniedz 10 darbdienu laikā, korektīvās darbības "
                          "jāīsteno 30 dienu laikā; efektivitāti pārbaudīs auditors.")
        elif ncs:
            conclusion = ("Process kopumā atbilst ISO 9001:2015 un procesa apraksta prasībām. "
                          "Nebūtiskajām neatbilstībām korektīvās darbības jāīsteno 90 dienu "
                          "laikā; novērojumus un uzlabojuma iespējas procesa īpašnieks izvērtē.")
        else:
            conclusion = ("Process atbilst ISO 9001:2015 un procesa apraksta prasībām un tiek "
                          "rezultatīvi uzturēts. Novērojumus un uzlabojuma iespējas procesa "
                          "īpašnieks izvērtē un iekļauj uzlabojumu reģistrā.")
        distribution = {self.director.id, self.qm.id} | {a.id for a in run["auditees"]}
        services.issue_report(audit, actor=run["lead"], now=now, summary=summary,
                              strengths=strengths, conclusion=conclusion,
                              distribution_ids=sorted(distribution))
        self.follow_up(now, run)

    def follow_up(self, now, run):
        audit = self.audit(run)
        spec = run["spec"]
        rng = self.rng
        open_ncs = {i.nonconformity_id for i in audit.items if i.nonconformity_id}
        run["open"] = set(open_ncs)
        for item in audit.items:
            finding = run["findings"].get(item.id)
            if item.nonconformity_id and finding is not None:
                owner = person(finding["owner"]) if finding.get("owner") else \
                    self.nc_owner(audit, run)
                verifier = person(finding["verifier"]) if finding.get("verifier") else run["lead"]
                story = dict(finding)
                if spec.get("slow"):
                    story["slow"] = True
                follow_nonconformity(self.tl, rng, item.nonconformity, now, story, owner=owner,
                                     verifier=verifier,
                                     on_closed=self._closer(run, item.nonconformity_id))
            elif item.action_id and finding is not None and finding.get("done"):
                owner = run["auditees"][0] if run["auditees"] else self.qm
                follow_improvement(self.tl, rng, item.action_id, owner, now, finding["done"])
        if not open_ncs and spec.get("final") != "reported":
            self.tl.at(at(later(now.date(), rng, 10, 35), 11, rng.randint(0, 50)), self.close,
                       run)

    def nc_owner(self, audit: Audit, run: dict) -> User:
        """The head of the audited unit; for audits of the administration (SD), the owner
        of the audited process."""
        if audit.units and audit.units[0].code != "SD" and audit.units[0].head is not None:
            return audit.units[0].head
        for p in audit.processes:
            owner = db.session.scalar(select(User).where(
                User.position_id == p.owner_position_id, User.is_active_account.is_(True)))
            if owner is not None:
                return owner
        return run["auditees"][0] if run["auditees"] else self.qm

    def _closer(self, run, nc_id):
        def closed(now):
            run["open"].discard(nc_id)
            if not run["open"]:
                self.tl.at(at(later(now.date(), self.rng, 2, 8), 12, self.rng.randint(0, 50)),
                           self.close, run)
        return closed

    def close(self, now, run):
        services.close(self.audit(run), actor=self.qm, now=now)


def read_old_notifications(rng: random.Random, kinds: tuple[str, ...]) -> None:
    """People read their notifications: those older than two weeks a day or two after they
    came; the recent ones still wait."""
    from qms.notifications import services as notifications
    from qms.notifications.models import Notification

    before = CUTOFF - dt.timedelta(days=14)
    old = db.session.execute(
        select(Notification.id, Notification.user_id, Notification.created_at)
        .where(Notification.kind.in_(kinds), Notification.read_at.is_(None),
               Notification.created_at < before)
        .order_by(Notification.id)).all()
    with transaction.atomic():
        for notification_id, user_id, created_at in old:
            notifications.mark_read(db.session.get(User, user_id), notification_id,
                                    now=created_at + dt.timedelta(hours=rng.randint(1, 40)))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n % 10 == 1 and n % 100 != 11 else many}"


def load_audits(actor) -> int:
    """The auditors' register, three yearly programmes and their audits; returns how many
    audits were planned."""
    rng = random.Random(SEED)
    demo = AuditDemo(rng)
    for username, qualification, training, qualified_on in PROFILES:
        services.save_auditor(actor=demo.qm, user_id=person(username).id,
                              qualification=qualification, training=training,
                              qualified_on=qualified_on)
    demo.templates = _checklists(demo.qm, at(dt.date(2024, 1, 8), 10))
    for year in YEARS:
        demo.tl.at(at(workday(dt.date(year, 1, 9)), 10, 30), demo.programme, year)
    demo.tl.run()
    read_old_notifications(rng, ("audit.plan", "audit.report", "nc.reported", "nc.assigned",
                                 "action.assigned"))
    return sum(len(plans) for plans in AUDITS.values())
