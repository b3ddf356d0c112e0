"""Synthetic Latvian-looking document text, deterministic for a given random generator.

Words are drawn from a fixed vocabulary with Zipf-like weights (function words first, then
the words of a social service's procedures in many inflected forms, diacritics included), so
that searches have realistic selectivity: some words are in nearly every document, some in a
third, and the words in ``RARE`` in a few dozen out of 20 000.
"""

from __future__ import annotations

import itertools
import random
import re

FUNCTION_WORDS = """un ir par ar uz no pēc līdz kā kas vai tiek to tā šo šī ja lai kuru kurš
arī tikai pie pret bez visu katru savu tad jo gan nav var būt netiek""".split()

# In order of frequency: the earlier, the more common.
DOMAIN_WORDS = """klientu klients klienta klientam klienti klientiem sociālais sociālā sociālo
sociālās pakalpojums pakalpojuma pakalpojumu pakalpojumi pakalpojumiem darbinieks darbinieka
darbinieki darbiniekiem darbinieku aprūpe aprūpes aprūpi aprūpei nodaļa nodaļas nodaļā
nodaļai vadītājs vadītāja vadītājam lēmums lēmuma lēmumu lēmumi iesniegums iesnieguma
iesniegumu persona personas personai personām personu dokuments dokumenta dokumentu
dokumenti termiņš termiņa termiņā termiņu nodrošina nodrošināt veic veikt sagatavo
sagatavot izskata izskatīt pārbauda apstiprina apstiprināt informē iesniedz reģistrē novērtē
piešķir uzrauga dokumentē saskaņo nosaka koordinē sniedz sniegt saņem saņemt pieņem pieņemt
ģimene ģimenes ģimenei ģimenēm bērns bērna bērnu bērniem pabalsts pabalsta pabalstu pabalsti
kvalitāte kvalitātes kvalitāti process procesa procesu procesā prasības prasību prasība
pārbaude pārbaudes pārbaudi novērtējums novērtējuma novērtējumu sūdzība sūdzības sūdzību
sūdzībai rehabilitācija rehabilitācijas rehabilitāciju dzīvesvieta dzīvesvietas riski
riska risku mērķis mērķa mērķi iestāde iestādes iestādē informācija informācijas informāciju
reģistrs reģistrā līgums līguma līgumu apmeklējums apmeklējuma apmeklējumu uzraudzība
uzraudzības uzraudzību atbildīgais atbildīgā speciālists speciālista speciālisti plāns plāna
plānu plānošana situācija situācijas situācijā kontrole kontroles kontroli ziņojums ziņojuma
ziņojumu izvērtēšana izvērtēšanas aprūpētājs aprūpētāja aprūpētājiem nepieciešamais
nepieciešamo atbilstošu atbilstoši savlaicīgi rakstiski ikgadējo individuālo individuālā
pašvaldības valsts iekšējā ārējā jaunu esošo pilnu būtiskās konkrētā dienas darbdienu
mēneša gada reizi nedēļā mājas mājokļa ēdināšana higiēnas transporta krīzes centra
naktspatversmes patversmes asistents asistenta bāriņtiesa bāriņtiesas atkarības vardarbības
pusaudžu senioru invaliditātes darbnīcas iepirkuma personāla apmācības audita auditors
korektīvās darbības datu aizsardzības arhīva budžeta sertifikāts rīkojums rīkojuma grozījumi
pielikums pielikumā veidlapa veidlapu elektroniski parakstīts""".split()

# Each in a few dozen of 20 000 documents (RARE_SHARE: per section, ~6 sections each).
RARE = ["surdotulks", "hipoterapija", "kohleārais", "reitterapija", "mūzikterapija",
        "Braila", "dezinsekcija", "ergoterapeits"]
RARE_SHARE = 0.003

TOPICS = ["Mājas aprūpe", "Krīzes centrs", "Naktspatversme", "Ģimenes asistents",
          "Sociālā rehabilitācija", "Atkarības profilakse", "Vardarbības upuru atbalsts",
          "Pusaudžu dienas centrs", "Senioru dienas centrs", "Specializētās darbnīcas",
          "Transporta pakalpojums", "Ēdināšanas pabalsts", "Personāla apmācība",
          "Iekšējais audits", "Korektīvās darbības", "Datu aizsardzība", "Arhīva kārtība",
          "Budžeta plānošana", "Sūdzību izskatīšana", "Klientu reģistrācija",
          "Dzīvesvietas pārbaude", "Pabalstu piešķiršana", "Iepirkumu kārtība",
          "Invaliditātes atbalsts"]
SECTIONS = ["Mērķis", "Darbības joma", "Atbildība", "Termini", "Ieejas", "Izejas",
            "Procesa apraksts", "Riski un iespējas", "Kontrole", "Dokumentācija",
            "Saistītie dokumenti", "Rādītāji", "Pārskatīšana", "Pielikumi"]

VOCABULARY = FUNCTION_WORDS + DOMAIN_WORDS
_CUMULATIVE = list(itertools.accumulate(1 / (rank + 2) ** 0.9
                                        for rank in range(len(VOCABULARY))))
_WORD_RE = re.compile(r"\w+")


def words(rng: random.Random, count: int) -> list[str]:
    return rng.choices(VOCABULARY, cum_weights=_CUMULATIVE, k=count)


def sentence(rng: random.Random, low: int = 7, high: int = 18) -> str:
    chosen = words(rng, rng.randint(low, high))
    if len(chosen) > 8 and rng.random() < 0.4:
        chosen[rng.randint(3, len(chosen) - 3)] += ","
    text = " ".join(chosen)
    return text[:1].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: tuple[int, int] = (2, 5)) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def phrase(rng: random.Random, low: int = 2, high: int = 5) -> str:
    text = " ".join(words(rng, rng.randint(low, high)))
    return text[:1].upper() + text[1:]


def table(rng: random.Random, rows: int) -> list[str]:
    columns = rng.randint(3, 4)
    head = [phrase(rng, 1, 2) for _ in range(columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * columns]
    for _ in range(rows):
        lines.append("| " + " | ".join(phrase(rng, 1, 5) for _ in range(columns)) + " |")
    return lines


def word_count(markdown: str) -> int:
    return len(_WORD_RE.findall(markdown))


def short_document(rng: random.Random, title: str, target_words: int) -> str:
    """A library document: a title, a few numbered sections of paragraphs, maybe a list."""
    lines = [f"# {title}", ""]
    written, number = 0, 0
    while written < target_words:
        number += 1
        lines += [f"## {number}. {SECTIONS[(number - 1) % len(SECTIONS)]}", ""]
        text = paragraph(rng)
        if rng.random() < RARE_SHARE:  # one of RARE in about 2 % of the documents
            cut = text.index(" ")
            text = f"{text[:cut]} {rng.choice(RARE)}{text[cut:]}"
        lines += [text, ""]
        written += len(text.split())
        if rng.random() < 0.3:
            items = [f"- {phrase(rng, 3, 9).lower()};" for _ in range(rng.randint(2, 4))]
            lines += items + [""]
            written += sum(len(i.split()) for i in items)
    return "\n".join(lines)


def long_document(rng: random.Random, title: str, target_words: int = 25_000,
                  links: tuple[str, ...] = ()) -> str:
    """About 50 pages: a heading every ~40 lines, one paragraph per line (as in
    ``procedures/``), bullet and numbered lists, a pipe table in every third section."""
    lines = [f"# {title}", ""]
    section = 0
    while word_count("\n".join(lines)) < target_words:
        section += 1
        name = SECTIONS[(section - 1) % len(SECTIONS)]
        lines += [f"## {section}. {name}: {phrase(rng, 2, 4).lower()}", ""]
        start, subsection = len(lines), 0
        while len(lines) - start < 38:
            roll = rng.random()
            if roll < 0.55:
                text = paragraph(rng)
                if links and rng.random() < 0.05:
                    text += f" Skatīt arī [[{rng.choice(links)}]]."
                lines += [text, ""]
            elif roll < 0.75:
                lines += [f"- {phrase(rng, 4, 14).lower()};" for _ in range(rng.randint(3, 7))]
                lines.append("")
            elif roll < 0.88:
                lines += [f"{n}. {phrase(rng, 5, 16).lower()}."
                          for n in range(1, rng.randint(3, 7))]
                lines.append("")
            elif roll < 0.95 and section % 3 == 0:
                lines += table(rng, rng.randint(4, 9)) + [""]
            elif len(lines) - start > 8:
                subsection += 1
                lines += [f"### {section}.{subsection}. {phrase(rng, 2, 5)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def revise(rng: random.Random, markdown: str, share: float = 0.05) -> tuple[str, dict]:
    """A second version: ``share`` of the content lines (paragraphs, list items, table rows)
    changed: mostly words changed inside a line, some lines inserted, some deleted."""
    lines = markdown.split("\n")
    content = [i for i, line in enumerate(lines)
               if line.strip() and not line.startswith("#") and not line.startswith("|---")]
    chosen = sorted(rng.sample(content, max(1, round(len(content) * share))))
    counts = {"changed": 0, "inserted": 0, "deleted": 0, "content_lines": len(content)}
    edits: dict[int, str] = {}
    for index in chosen:
        roll = rng.random()
        if roll < 0.6:
            tokens = lines[index].split(" ")
            wordy = [i for i, token in enumerate(tokens) if i and _WORD_RE.match(token)]
            for at in rng.sample(wordy, min(len(wordy), rng.randint(1, 3))):
                tokens[at] = rng.choice(VOCABULARY) + tokens[at][len(tokens[at].rstrip(".,;")):]
            edits[index] = "change:" + " ".join(tokens)
            counts["changed"] += 1
        elif roll < 0.8:
            edits[index] = "insert"
            counts["inserted"] += 1
        else:
            edits[index] = "delete"
            counts["deleted"] += 1
    out = []
    for index, line in enumerate(lines):
        edit = edits.get(index)
        if edit is None:
            out.append(line)
        elif edit == "delete":
            continue
        elif edit == "insert":
            out.append(line)
            addition = paragraph(rng, (1, 3))
            if line.startswith("- "):
                addition = f"- {phrase(rng, 4, 12).lower()};"
            elif line.startswith("|"):
                addition = "| " + " | ".join(phrase(rng, 1, 4)
                                             for _ in range(line.count("|") - 1)) + " |"
            elif line[:1].isdigit():
                addition = f"{line.split('.', 1)[0]}. {phrase(rng, 5, 12).lower()}."
            else:
                out.append("")
            out.append(addition)
        else:
            out.append(edit.split(":", 1)[1])
    return "\n".join(out), counts
