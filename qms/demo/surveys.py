"""Demo data: client and staff satisfaction surveys 2025 and 2026, answered anonymously.

The client survey asks, per unit, about courtesy, timeliness, clarity of information,
accessibility and overall satisfaction, with a free-text suggestion; the 2026 questionnaire
is copied from 2025 so the answers compare, and it is still open (its link works). The
shelter (PNS) returns only a handful of questionnaires, so its results stay hidden under the
anonymity threshold. Answers go in through the bulk service; the care centre's paper
questionnaires through the paper-results service.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from qms.extensions import db
from qms.org.models import Unit
from qms.surveys import services

SEED = 2026

CLIENT_QUESTIONS = [
    ("likert", "Cik apmierināts esat ar darbinieku laipnību un attieksmi pret Jums?", None,
     True),
    ("likert", "Cik apmierināts esat ar to, cik ātri tika izskatīts Jūsu jautājums vai "
               "iesniegums?", None, False),
    ("likert", "Cik skaidra un saprotama bija Jums sniegtā informācija?", None, False),
    ("likert", "Cik ērti Jums bija sazināties ar mums un nokļūt pie mums (darba laiks, "
               "telpu pieejamība)?", None, False),
    ("likert", "Kopumā cik apmierināts esat ar saņemto pakalpojumu?", None, True),
    ("yes_no", "Vai Jūs ieteiktu mūsu pakalpojumus saviem tuviniekiem vai paziņām?", None,
     False),
    ("choice", "Kā Jūs visbiežāk sazināties ar dienestu?",
     ["Klātienē", "Pa tālruni", "E-pastā vai e-adresē", "Ar tuvinieku starpniecību"], False),
    ("text", "Jūsu ieteikumi: ko mēs varētu darīt labāk?", None, False),
]

STAFF_QUESTIONS = [
    ("likert", "Cik apmierināts esat ar darba apstākļiem un aprīkojumu?", None, True),
    ("likert", "Cik apmierināts esat ar informācijas apriti un sadarbību kolektīvā?", None,
     False),
    ("likert", "Cik apmierināts esat ar tiešā vadītāja atbalstu?", None, False),
    ("likert", "Cik apmierināts esat ar kvalifikācijas celšanas un supervīzijas "
               "iespējām?", None, False),
    ("likert", "Kopumā cik apmierināts esat ar darbu sociālajā dienestā?", None, True),
    ("yes_no", "Vai darba pienākumi Jūsu struktūrvienībā ir sadalīti vienmērīgi?", None,
     False),
    ("text", "Ko Jūs mainītu, lai darbs būtu labāks?", None, False),
]

CLIENT_SUGGESTIONS = [
    "Paldies sociālajai darbiniecei par sapratni un atbalstu grūtā brīdī.",
    "Gribētos, lai pa tālruni varētu sazvanīt ātrāk, bieži ir aizņemts.",
    "Pieņemšanas laiku vajadzētu arī vienu vakaru nedēļā, jo strādāju līdz pieciem.",
    "Uzgaidāmajā telpā trūkst krēslu, reizēm jāstāv.",
    "Informāciju par pabalstiem vajadzētu vienkāršākā valodā.",
    "Viss patika, darbinieki laipni un atsaucīgi.",
    "Lūdzu ierīkot uzbrauktuvi ratiņkrēslam arī pie sānu ieejas.",
    "Lēmumu gaidīju gandrīz mēnesi, gribētos ātrāk.",
    "Aprūpētāja nāk vienmēr laikā, esam ļoti apmierināti.",
    "Vairāk pasākumu un nodarbību centra iemītniekiem brīvdienās.",
    "Ēdiens garšīgs, bet porcijas varētu būt mazākas un biežāk.",
    "Mājaslapā grūti atrast, kur jāvēršas ar iesniegumu.",
    "Būtu labi saņemt atgādinājumu par termiņiem īsziņā.",
    "Paldies par palīdzību ar dokumentu kārtošanu.",
    "Bērnu centrā varētu būt vairāk pulciņu pusaudžiem.",
    "Pietrūkst informācijas krievu valodā vecākajiem cilvēkiem.",
    "Vēlētos, lai mājas aprūpe būtu pieejama arī sestdienās.",
    "Darbinieki dažreiz steidzas, maz laika parunāties.",
]

STAFF_SUGGESTIONS = [
    "Vajadzīgs vēl viens dienesta auto mājas vizītēm.",
    "Supervīzijas varētu notikt biežāk, vismaz reizi mēnesī.",
    "Datori ir novecojuši, programmas strādā lēni.",
    "Informāciju par izmaiņām kārtībā vajadzētu saņemt laicīgāk.",
    "Labs kolektīvs, paldies vadītājai par atbalstu.",
    "Dokumentu ir par daudz, gribētos vienkāršākas veidlapas.",
    "Vairāk kopīgu apmācību kopā ar citām nodaļām.",
    "Atpūtas telpa darbiniekiem būtu ļoti noderīga.",
    "Slodze aprūpētājiem ziemā ir pārāk liela.",
    "Atalgojums neatbilst atbildībai.",
]

# unit code -> online questionnaires in 2025 and 2026 (the shelter stays under the threshold)
CLIENT_ANSWERS = {"SPN": (48, 36), "AN": (22, 17), "SPKN": (13, 9), "BSAC": (16, 11),
                  "PSAC": (12, 8), "AAB": (29, 21), "PNS": (3, 2)}
# the care centre's residents answer on paper: (questionnaires, collected on)
PSAC_PAPER = {2025: (34, dt.date(2025, 11, 14)), 2026: (26, dt.date(2026, 11, 13))}
# (mean target per unit) - a little better in 2026 where the QMS worked on timeliness
UNIT_LEVEL = {"SPN": 3.9, "AN": 4.2, "SPKN": 4.1, "BSAC": 4.4, "PSAC": 4.3, "AAB": 4.5,
              "PNS": 3.6}
STAFF_ANSWERS = {2025: 94, 2026: 103}


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def _likert(rng: random.Random, level: float) -> int:
    value = round(rng.gauss(level, 0.8))
    return min(5, max(1, value))


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _client_answer(rng, survey, level: float, suggestion_rate: float) -> dict:
    answers = {}
    for number, question in enumerate(survey.questions):
        if question.kind == "likert":
            if not question.required and rng.random() < 0.05:
                continue  # some leave a question out
            shift = -0.3 if number == 1 else 0.0  # timeliness scores lowest
            answers[question.id] = _likert(rng, level + shift)
        elif question.kind == "yes_no":
            answers[question.id] = 1 if rng.random() < (level - 2.2) / 2.6 else 0
        elif question.kind == "choice":
            answers[question.id] = rng.choices(range(len(question.options)),
                                               weights=(5, 3, 1, 2))[0]
        elif rng.random() < suggestion_rate:
            answers[question.id] = rng.choice(CLIENT_SUGGESTIONS)
    return answers


def _client_survey(actor, year: int, units: dict, rng: random.Random, *, previous=None):
    start = dt.date(year, 10, 1)
    end = dt.date(year, 11, 28) if year == 2025 else dt.date(2026, 11, 20)
    survey = services.create_survey(
        actor=actor, now=_at(start - dt.timedelta(days=10)), kind="client", year=year,
        unit_id=None, title=f"Klientu apmierinātības aptauja {year}",
        intro=("Lūdzam novērtēt mūsu darbu. Aptauja ir anonīma: mēs nejautājam Jūsu vārdu un "
               "nesaglabājam, kas atbildēja. Atbildes palīdzēs uzlabot pakalpojumus."),
        ask_unit=True, distributed=260 if year == 2025 else 240)
    created = _at(start - dt.timedelta(days=9))
    if previous is None:
        for kind, text, options, required in CLIENT_QUESTIONS:
            services.add_question(survey, actor=actor, now=created, kind=kind, text=text,
                                  options=options, required=required)
    else:
        services.copy_previous(survey, actor=actor, now=created)
    services.publish(survey, actor=actor, now=_at(start))
    bonus = 0.15 if year == 2026 else 0.0
    responses = []
    for code, counts in CLIENT_ANSWERS.items():
        count = counts[0] if year == 2025 else counts[1]
        for _ in range(count):
            responses.append({
                "unit_id": units[code].id, "answered_on": _between(rng, start, end),
                "answers": _client_answer(rng, survey, UNIT_LEVEL[code] + bonus, 0.3)})
    services.record_responses(survey, actor=actor, now=_at(end, 15), responses=responses)
    # the care centre's paper questionnaires, counted per answer
    questionnaires, collected = PSAC_PAPER[year]
    counts, texts = {}, {}
    batch = [_client_answer(rng, survey, UNIT_LEVEL["PSAC"] + bonus, 0.25)
             for _ in range(questionnaires)]
    for question in survey.questions:
        if question.kind == "text":
            texts[question.id] = [a[question.id] for a in batch if question.id in a]
            continue
        tally: dict[int, int] = {}
        for item in batch:
            if question.id in item:
                tally[item[question.id]] = tally.get(item[question.id], 0) + 1
        counts[question.id] = tally
    services.enter_paper_results(survey, actor=actor, now=_at(collected, 13),
                                 questionnaires=questionnaires, counts=counts, texts=texts,
                                 unit_id=units["PSAC"].id, answered_on=collected)
    if year == 2025:
        services.close(survey, actor=actor, now=_at(dt.date(2025, 12, 1)))
    return survey


def _staff_survey(actor, year: int, rng: random.Random, *, previous=None):
    start = dt.date(year, 3, 2)
    end = dt.date(year, 3, 20)
    survey = services.create_survey(
        actor=actor, now=_at(start - dt.timedelta(days=7)), kind="staff", year=year,
        unit_id=None, title=f"Darbinieku apmierinātības aptauja {year}",
        intro=("Aptauja ir anonīma. Rezultātus apkopo kvalitātes vadītājs; grupas ar mazāk "
               "nekā pieciem atbildētājiem netiek rādītas."),
        ask_unit=False, distributed=None)
    created = _at(start - dt.timedelta(days=6))
    if previous is None:
        for kind, text, options, required in STAFF_QUESTIONS:
            services.add_question(survey, actor=actor, now=created, kind=kind, text=text,
                                  options=options, required=required)
    else:
        services.copy_previous(survey, actor=actor, now=created)
    services.publish(survey, actor=actor, now=_at(start))
    level = 3.7 if year == 2025 else 3.9
    responses = []
    for _ in range(STAFF_ANSWERS[year]):
        answers = {}
        for number, question in enumerate(survey.questions):
            if question.kind == "likert":
                shift = -0.5 if number == 3 and year == 2025 else 0.0  # supervision
                answers[question.id] = _likert(rng, level + shift)
            elif question.kind == "yes_no":
                answers[question.id] = 1 if rng.random() < 0.55 else 0
            elif rng.random() < 0.2:
                answers[question.id] = rng.choice(STAFF_SUGGESTIONS)
        responses.append({"answered_on": _between(rng, start, end), "answers": answers})
    services.record_responses(survey, actor=actor, now=_at(end, 15), responses=responses)
    services.close(survey, actor=actor, now=_at(end + dt.timedelta(days=1)))
    return survey


def load_surveys(actor) -> None:
    """Load the demo surveys through the services."""
    rng = random.Random(SEED)
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    if not all(code in units for code in CLIENT_ANSWERS):
        return
    client_2025 = _client_survey(actor, 2025, units, rng)
    _client_survey(actor, 2026, units, rng, previous=client_2025)
    staff_2025 = _staff_survey(actor, 2025, rng)
    _staff_survey(actor, 2026, rng, previous=staff_2025)

