"""Dates, places, actors and figures of a text in a language without an English parse.

Each works on the sentences of the document (spaCy's rule-based sentencizer, or the
French model's parse) and the language's resources: dateparser's calendars, the
multilingual name index (:mod:`.names`) and the word lists (:mod:`.lexicon`).
Nothing here guesses: a capitalised word no resource knows is no actor and no place.
"""
from __future__ import annotations

import datetime as _dt
import re

from ..records import Actor, DateRef, Document, Figure, Place
from .lexicon import Lexicon
from .names import BIG_CITY, INFLECTED, actor_index, place_index

# ------------------------------------------------------------------------------ dates

# A date expression must name a day, a month or a numeric date: a bare number is none.
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\b")
_YEAR_ONLY = re.compile(r"^\D*\b(19|20)\d{2}\b\D*$")


def _base(doc: Document) -> _dt.datetime | None:
    d = doc.published_date()
    return _dt.datetime(d.year, d.month, d.day, 12) if d else None


def _year_base(doc: Document) -> _dt.datetime | None:
    if doc.published and len(doc.published) >= 4 and doc.published[:4].isdigit():
        month = int(doc.published[5:7]) if len(doc.published) >= 7 else 12
        return _dt.datetime(int(doc.published[:4]), month, 28, 12)
    return None


def find_dates(doc: Document, lang: str) -> tuple[DateRef, ...]:
    """Day, month and year expressions dateparser reads in the language, each resolved
    against the publication date (relative ones only when the day is known)."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates
    day_base = _base(doc)
    base = day_base or _year_base(doc)
    if base is None:
        return ()
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
                "REQUIRE_PARTS": [], "RETURN_AS_TIMEZONE_AWARE": False}
    ddp = DateDataParser(languages=[lang], settings={"RELATIVE_BASE": base,
                                                     "PREFER_DATES_FROM": "past"})
    text = doc.clean_text
    out: list[DateRef] = []
    for s in doc.sentences:
        chunk = text[s.start:s.end]
        try:
            found = search_dates(chunk, languages=[lang], settings=settings) or []
        except Exception:   # dateparser fails on odd input: the sentence has no dates
            continue
        pos = 0
        for surface, when in found:
            i = chunk.find(surface, pos)
            if i < 0:
                continue
            pos = i + len(surface)
            letters = re.sub(r"[\W\d_]", "", surface)
            if not letters and not _NUMERIC_DATE.search(surface):
                continue
            if len(letters) < 3 and not _NUMERIC_DATE.search(surface):
                continue
            data = ddp.get_date_data(surface)
            period = getattr(data, "period", None) or "day"
            if period in ("time", "week"):
                period = "day"
            relative = not re.search(r"\d", surface) and period == "day"
            if relative and day_base is None:
                continue
            if when > base + _dt.timedelta(days=1) and relative:
                continue
            if period == "year" or _YEAR_ONLY.match(surface):
                value, gran = f"{when.year:04d}", "year"
            elif period == "month":
                value, gran = f"{when.year:04d}-{when.month:02d}", "month"
            else:
                value, gran = when.date().isoformat(), "day"
            start = s.start + i
            out.append(DateRef(doc.span(start, start + len(surface)), surface, value, gran,
                               "published" if relative else "absolute"))
    return tuple(out)


# ------------------------------------------------------------------------------ places


def find_places(doc: Document, lang: str, gazetteer, kb=None) -> tuple[Place, ...]:
    """Countries and towns the name index knows, grouped per place (first mention first)."""
    hits = place_index(lang, gazetteer, kb).find(doc.clean_text, stem=lang in INFLECTED)
    countries = {e.country for _, _, e, _ in hits if e.kind == "country"}
    by_place: dict[tuple, list] = {}
    for start, end, e, _ in hits:
        if e.kind == "city" and e.population < BIG_CITY and e.country not in countries:
            continue
        by_place.setdefault((e.canonical, e.country), []).append((start, end, e))
    out = []
    for (_, _), group in by_place.items():
        start, end, e = group[0]
        spans = tuple(doc.span(a, b) for a, b, _ in group)
        out.append(Place(spans[0], doc.clean_text[start:end], e.canonical, e.geonameid, e.lat,
                         e.lon, e.country, e.admin1, "country" if e.kind == "country" else "city",
                         True, spans))
    out.sort(key=lambda p: p.span.start)
    return tuple(out)


# ------------------------------------------------------------------------------ actors

def find_actors(doc: Document, lang: str, kb, gazetteer=None, people=()) -> tuple[Actor, ...]:
    """Known actors (knowledge base, local spellings, countries) and, where a parser
    model reads the language, the persons its entity recogniser names (``people``:
    (start, end) spans)."""
    text = doc.clean_text
    hits = [(a, b, e.canonical, e.kind, e.country, e.sector)
            for a, b, e, _ in actor_index(lang, kb, gazetteer).find(text, stem=lang in INFLECTED)]
    taken = [(a, b) for a, b, *_ in hits]
    for a, b in people:
        if any(x < b and a < y for x, y in taken):
            continue
        name = text[a:b]
        known = kb.match(name, doc.published)
        if known is not None:
            hits.append((a, b, known.name, known.kind, known.country, known.sector))
        else:
            hits.append((a, b, name, "person", None, None))
    # a surname alone joins the full name said before
    by_name: dict[str, dict] = {}
    persons = {h[2] for h in hits if h[3] == "person"}
    for a, b, canon, kind, country, sector in sorted(hits):
        if kind == "person" and " " not in canon:
            full = [p for p in persons if " " in p and p.split()[-1] == canon]
            if len(full) == 1:
                canon = full[0]
        d = by_name.setdefault(canon, {"kind": kind, "country": country, "sector": sector,
                                       "spans": [], "aliases": []})
        d["spans"].append(doc.span(a, b))
        surface = text[a:b]
        if surface != canon and surface not in d["aliases"]:
            d["aliases"].append(surface)
    out = []
    for i, (canon, d) in enumerate(sorted(by_name.items(), key=lambda kv: kv[1]["spans"][0].start)):
        out.append(Actor(f"a{i + 1}", canon, tuple(d["aliases"]), d["kind"], d["country"],
                         d["sector"], None, tuple(d["spans"])))
    return tuple(out)


# ------------------------------------------------------------------------------ figures

_DIGITS = re.compile(r"(?<![\w.,])\d{1,3}(?:[  .]\d{3})+(?![\d])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\d\w])")
WINDOW = 60     # characters around a number where what it counts is looked for


def _number(surface: str) -> float | None:
    s = surface.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
        s = s.replace(".", "")
    s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def _numbers(text: str, L: Lexicon):
    """(start, end, value, vague_unit) of digits, number words and vague amounts."""
    out = []
    for m in _DIGITS.finditer(text):
        out.append([m.start(), m.end(), _number(m.group(0)), None])
    for a, b, v in L.num.finditer(text):
        if not any(x < b and a < y for x, y, *_ in out):
            out.append([a, b, float(v), None])
    for a, b, v in L.vague.finditer(text):
        if not any(x < b and a < y for x, y, *_ in out):
            out.append([a, b, None, float(v)])
    out.sort()
    for n in out:      # "2 000", "10 тысяч", "deux à trois mille": a scale word after
        m = L.scale.match_at(text, n[1] + (len(text[n[1]:]) - len(text[n[1]:].lstrip())))
        if m and n[2] is not None:
            n[1], n[2] = m[0], n[2] * float(m[1])
    return out


def find_figures(doc: Document, L: Lexicon) -> tuple[Figure, ...]:
    """Numbers that count something the language's words name (the dead, the injured,
    migrants, crossings ...), with the qualifier said before them."""
    text = doc.clean_text
    out = []
    for s in doc.sentences:
        chunk = text[s.start:s.end]
        nums = _numbers(chunk, L)
        used = set()
        for k, (a, b, value, unit) in enumerate(nums):
            if k in used:
                continue
            if value is not None and 1900 <= value <= 2100 and "." not in chunk[a:b]:
                continue     # a year
            if re.match(r"[./:]\d", chunk[b:b + 2]) or re.search(r"\d[./:]$", chunk[max(0, a - 2):a]):
                continue     # a date or a time
            cat = _category(chunk, a, b, L)
            if cat is None:
                continue
            low = high = value
            qual = "exact"
            start = a
            rng = _range(chunk, nums, k, L)
            if rng is not None:
                start, b, low, high, j = rng
                used.add(j)
                value, qual = None, "range"
                if high is not None and low is not None and low < 10 and high < 10:
                    m = L.scale.match_at(chunk, b + 1)
                    if m:
                        low, high, b = low * float(m[1]), high * float(m[1]), m[0]
            elif unit is not None:
                value, low, high, qual = None, 2 * unit, None, "vague"
            else:
                q = L.qual.match_before(chunk, a)
                if q is not None:
                    start, qual = q
                    if qual == "at_least":
                        high = None
                    elif qual == "at_most":
                        low = None
            sp = doc.span(s.start + start, s.start + b)
            out.append(Figure(sp, text[sp.start:sp.end], cat, value, low, high, qual, None,
                              None, None, None, None))
    return tuple(out)


def _range(chunk: str, nums, k: int, L: Lexicon):
    a, b, lo, _ = nums[k]
    if k + 1 >= len(nums) or lo is None:
        return None
    a2, b2, hi, _ = nums[k + 1]
    between = chunk[b:a2].strip().lower()
    if hi is None:
        return None
    seps = {"-", "–", "—"}
    starts = {}
    for entry, _, _ in L.range.entries:
        first, _, second = entry.partition("|")
        seps.add(second)
        starts[second] = first
    if between not in seps:
        return None
    start = a
    first = starts.get(between)
    if first:
        m = re.search(rf"(?<!\w){re.escape(first)}\s*$", chunk[:a], re.I)
        if m:
            start = m.start()
    return start, b2, lo, hi, k + 1


_PRIORITY = ("dead", "injured", "missing", "detained", "pushbacks", "returned", "crossings",
             "money", "votes", "security_personnel", "people", "other")


def _category(chunk: str, a: int, b: int, L: Lexicon) -> str | None:
    """What a number counts: the words after it (up to three), else an event word of the
    clause around it; the most specific category found wins."""
    after = chunk[b:b + WINDOW]
    after = re.split(r"[.;:!?()]", after)[0]
    words_after = after.split()[:3]
    near = " ".join(words_after)
    found = [v for _, _, v in L.fig.finditer(near)]
    around = chunk[max(0, a - WINDOW):b + WINDOW]
    states = [v for _, _, v in L.fig.finditer(around)
              if v in ("dead", "injured", "missing", "detained", "pushbacks", "returned",
                        "crossings")]
    cands = states + found
    if not cands:
        return None
    return min(cands, key=_PRIORITY.index)
