"""Synthetic news reports for the scale benchmarks, recombined from the demo corpus.

Each report has a headline, an outlet and date line and 5-9 paragraphs drawn from the
demo articles' prose, with the people renamed (a different invented name for each
person of the demo gold files, per report), numbers changed and the dates in the text
moved to within days of the report's own date. Reports are published at a steady
rate over time, so a larger corpus is a longer stream, as in a growing archive. The
stream is generated lazily: any number of reports in constant memory.
"""
from __future__ import annotations

import datetime as _dt
import json
import random
import re
from dataclasses import dataclass
from typing import Iterator

from sitroom.demo import demo_paths
from sitroom.records import Document

START = _dt.date(2020, 1, 1)
REPORTS_PER_DAY = 140          # about 100,000 reports over two years

FIRST = ("Anna", "Marek", "Oksana", "Tomas", "Ieva", "Pavel", "Greta", "Jonas", "Milena",
         "Andrei", "Katrin", "Lukas", "Olga", "Rasmus", "Zofia", "Viktor", "Ines", "Emil",
         "Darya", "Henrik", "Agata", "Stefan", "Laura", "Mikhail", "Sofia", "Karol", "Elena",
         "Jakub", "Irena", "Dmitri", "Hanna", "Piotr", "Maria", "Aleksander", "Ruta",
         "Nikolai", "Eva", "Mateusz", "Liina", "Sergei")
LAST = ("Novak", "Kowalczyk", "Petrauskas", "Ivanova", "Lindqvist", "Zielinski", "Berzins",
        "Sokolov", "Nowicka", "Kask", "Marin", "Duda", "Jankauskas", "Hoffmann", "Tamm",
        "Wojcik", "Ozols", "Karpenko", "Virtanen", "Lewandowski", "Kalnins", "Orlova",
        "Brandt", "Mazur", "Vaitkus", "Sandberg", "Krol", "Liepa", "Moroz", "Fischer",
        "Grabowski", "Saar", "Dabrowska", "Kuznetsov", "Nilsson", "Pietrzak", "Rebane",
        "Baranov", "Holm", "Szymanski")
OUTLETS = ("Warsaw Morning Post", "Baltic Wire", "Minsk Observer", "Nordic News Agency",
           "Europe Desk Daily", "Vilnius Evening Herald", "Riga Courier", "Border Monitor",
           "Central Europe Times", "Eastern Flank Review")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_M = "|".join(MONTHS)
TOKEN = re.compile(rf"\b(?P<dm>\d{{1,2}} (?:{_M})(?: \d{{4}})?)\b"
                   rf"|\b(?P<md>(?:{_M}) \d{{1,2}}(?:, \d{{4}})?)\b"
                   r"|\b(?P<year>(?:19|20)\d\d)\b"
                   r"|\b(?P<num>\d{1,3}(?:,\d{3})+|\d+)\b")
WORD_RE = re.compile(r"\w+")


@dataclass
class Source:
    titles: list[str]
    leads: list[str]          # first paragraphs
    paragraphs: list[str]     # the other prose paragraphs
    persons: list[list[str]]  # each person's names, longest first


def load_source() -> Source:
    titles, leads, paras, persons = [], [], [], []
    for path in demo_paths():
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").split("\n\n")]
        titles.append(lines[0])
        body = [ln for ln in lines[2:] if len(WORD_RE.findall(ln)) >= 12]
        leads.append(body[0])
        paras.extend(body[1:])
        gold = json.loads(path.with_suffix("").with_suffix(".gold.json").read_text("utf-8"))
        for actor in gold.get("actors", []):
            if actor.get("kind") == "person":
                names = sorted({n for n in actor["names"] if n[:1].isupper()}, key=len,
                               reverse=True)
                if names:
                    persons.append(names)
    if not paras:
        raise SystemExit("the demo corpus is not installed")
    return Source(titles, leads, paras, persons)


def _renamer(source: Source, rng: random.Random):
    """One invented name per demo person in this report (the whole name for a name of
    several words, the surname for one word); longer names are replaced first."""
    table = {}
    for names in source.persons:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        for n in names:
            table[n] = f"{first} {last}" if " " in n else last
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, keys)) + r")\b") if keys else None
    return (lambda text: pattern.sub(lambda m: table[m.group(0)], text)) if pattern else \
        (lambda text: text)


def _revalue(text: str, day: _dt.date, rng: random.Random) -> str:
    def sub(m: re.Match) -> str:
        if m.group("dm") or m.group("md"):
            d = day - _dt.timedelta(days=rng.randint(0, 6))
            with_year = "," in m.group(0) or (m.group("dm") and m.group(0).count(" ") == 2)
            if m.group("dm"):
                return f"{d.day} {MONTHS[d.month - 1]}" + (f" {d.year}" if with_year else "")
            return f"{MONTHS[d.month - 1]} {d.day}" + (f", {d.year}" if with_year else "")
        if m.group("year"):
            return str(day.year)
        value = int(m.group("num").replace(",", ""))
        if value == 0:
            return m.group(0)
        new = max(1, int(value * rng.uniform(0.3, 3.0)))
        return f"{new:,}" if "," in m.group(0) else str(new)
    return TOKEN.sub(sub, text)


def reports(n: int, seed: int = 0, per_day: int = REPORTS_PER_DAY) -> Iterator[Document]:
    """``n`` synthetic reports as documents, in publication order."""
    source = load_source()
    rng = random.Random(seed)
    for i in range(n):
        day = START + _dt.timedelta(days=i // per_day)
        rename = _renamer(source, rng)
        outlet = rng.choice(OUTLETS)
        k = rng.randint(5, 9)
        body = [rng.choice(source.leads)] + rng.sample(source.paragraphs, k - 1)
        title = rng.choice(source.titles)
        byline = f"{outlet} | {day.day} {MONTHS[day.month - 1]} {day.year}"
        title, *body = (_revalue(rename(p), day, rng) for p in [title] + body)
        text = "\n\n".join([title, byline] + body) + "\n"
        yield Document.from_text(text, source=outlet, path=f"synthetic/{i:06d}.txt",
                                 published=day.isoformat(), published_source="metadata")
