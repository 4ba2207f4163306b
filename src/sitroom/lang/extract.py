"""Dates, places, actors and figures of a text in a language without an English parse.

Each works on the sentences of the document (spaCy's rule-based sentencizer, or the
French model's parse) and the language's resources: dateparser's calendars, the
multilingual name index (:mod:`.names`) and the word lists (:mod:`.lexicon`).
Nothing here guesses: a capitalised word no resource knows is no actor and no place.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re

from ..records import Actor, DateRef, Document, Figure, Place
from .lexicon import Lexicon
from .names import (BIG_CITY, INFLECTED, WORD, Entry, actor_index, norm, place_index,
                    stop_words)

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


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def _alternation(words, shortest: int = 4) -> str:
    """A regex for the words and, for long ones, their inflected forms (by stem)."""
    parts = set()
    for w in words:
        w = w.lower().rstrip(".")
        if len(w) >= 5:
            parts.add(re.escape(w[:max(4, len(w) - 2)]) + r"\w*")
        elif len(w) >= shortest:
            parts.add(re.escape(w))
    return "|".join(sorted(parts, key=len, reverse=True))


@functools.lru_cache(maxsize=16)
def date_words(lang: str):
    """(regex of date expressions, weekday patterns, month patterns, relative days) from
    dateparser's data for the language; None when dateparser does not know it."""
    from dateparser.languages.loader import default_loader
    try:
        info = default_loader.get_locale(lang).info
    except Exception:
        return None
    wd = [re.compile(rf"(?:{_alternation(info.get(k, ()))})$", re.I) for k in _WEEKDAYS]
    mo = [re.compile(rf"(?:{_alternation(info.get(k, ()))})$", re.I) for k in _MONTHS]
    rel = info.get("relative-type", {})
    days = {0: rel.get("0 day ago", ()), 1: rel.get("1 day ago", ())}
    W = _alternation(w for k in _WEEKDAYS for w in info.get(k, ()))
    M = _alternation((w for k in _MONTHS for w in info.get(k, ())), 3)
    R = "|".join(re.escape(w) for v in days.values() for w in v if len(w) >= 4)
    expr = (rf"(?<![\w-])(?:(?P<wd>{W})(?:,?\s+(?P<d1>\d{{1,2}})\.?\s+(?P<m1>{M}))?"
            rf"|(?P<d2>\d{{1,2}})\.?\s+(?P<m2>{M})|(?P<m3>{M}))(?:\s+(?P<y>(?:19|20)\d\d))?(?!\w)"
            rf"|(?<!\w)(?P<num>\d{{1,2}})\.(?P<mn>\d{{1,2}})\.(?P<ny>(?:19|20)\d\d)(?!\d)"
            + (rf"|(?<!\w)(?P<rel>{R})(?!\w)" if R else ""))
    return re.compile(expr, re.I), wd, mo, days


def _which(pats, word: str) -> int | None:
    for i, p in enumerate(pats):
        if p.pattern != "(?:)$" and p.match(word):
            return i
    return None


def find_dates(doc: Document, lang: str) -> tuple[DateRef, ...]:
    """Weekdays, days of a month, months and relative days ("hier", "вчера") in the
    language's words (dateparser's data, inflected forms by stem), resolved against the
    publication date; a weekday or relative day only when the publication day is known."""
    words = date_words(lang)
    if words is None:
        return ()
    rx, wd, mo, rel = words
    day_base = doc.published_date()
    year = int(doc.published[:4]) if doc.published and doc.published[:4].isdigit() else None
    text = doc.clean_text
    out: list[DateRef] = []
    for m in rx.finditer(text):
        g = m.groupdict()
        value = gran = None
        y = int(g["y"]) if g.get("y") else year
        try:
            if g.get("num"):
                value, gran = _dt.date(int(g["ny"]), int(g["mn"]), int(g["num"])).isoformat(), "day"
            elif g.get("rel"):
                if day_base is None:
                    continue
                back = next(k for k, v in rel.items() if g["rel"].lower() in (w.lower() for w in v))
                value, gran = (day_base - _dt.timedelta(days=back)).isoformat(), "day"
            elif g.get("d1") or g.get("d2"):
                month = _which(mo, g.get("m1") or g.get("m2"))
                if month is None or y is None:
                    continue
                value, gran = _dt.date(y, month + 1, int(g.get("d1") or g.get("d2"))).isoformat(), "day"
            elif g.get("wd"):
                k = _which(wd, g["wd"])
                if k is None or day_base is None:
                    continue
                back = (day_base.weekday() - k) % 7
                value, gran = (day_base - _dt.timedelta(days=back)).isoformat(), "day"
            elif g.get("m3"):
                month = _which(mo, g["m3"])
                if month is None or y is None or (not g.get("y") and len(g["m3"]) < 4):
                    continue
                if not g.get("y") and day_base is not None and month + 1 > day_base.month:
                    y -= 1        # a month later than the report's is last year's
                value, gran = f"{y:04d}-{month + 1:02d}", "month"
        except (ValueError, StopIteration):
            continue
        if value is None:
            continue
        out.append(DateRef(doc.span(m.start(), m.end()), m.group(0), value, gran,
                           "published" if g.get("wd") or g.get("rel") else "absolute"))
    return tuple(out)


# ------------------------------------------------------------------------------ places


def find_places(doc: Document, lang: str, gazetteer, kb=None) -> tuple[Place, ...]:
    """Countries and towns the name index knows, grouped per place (first mention first)."""
    text = doc.clean_text
    hits = place_index(lang, gazetteer, kb).find(text, stem=lang in INFLECTED)
    # a country named inside an institution's name ("Пограничная служба Польши") is none
    orgs = [(a, b) for a, b, e, _ in actor_index(lang, kb, gazetteer).find(text, lang in INFLECTED)
            if e.kind == "organization"] if kb is not None else []
    hits = [h for h in hits if not any(a <= h[0] and h[1] <= b and (a, b) != h[:2]
                                        for a, b in orgs)]
    countries = {e.country for _, _, e, _ in hits if e.kind == "country"}
    hits += _gazetteer_hits(text, hits, gazetteer, countries, stop_words(lang), orgs)
    by_place: dict[tuple, list] = {}
    for start, end, e, _ in hits:
        if e.kind == "city" and e.population < BIG_CITY and e.country not in countries:
            continue
        by_place.setdefault((e.canonical, e.country), []).append((start, end, e))
    out = []
    for (_, _), group in by_place.items():
        start, end, e = group[0]
        spans = tuple(doc.span(a, b) for a, b, _ in group)
        feature = "country" if e.kind == "country" else ("region" if e.kind == "region" else "city")
        out.append(Place(spans[0], text[start:end], e.canonical, e.geonameid, e.lat,
                         e.lon, e.country, e.admin1, feature, True, spans))
    out.sort(key=lambda p: p.span.start)
    return tuple(out)


def _gazetteer_hits(text: str, hits, gazetteer, countries: set, stop, orgs=()) -> list:
    """Towns, villages and regions of the gazetteer (Latin-script names, exactly as
    written) among the capitalised words no other name matched: a region anywhere, a
    town only in a country the document names."""
    taken = [(a, b) for a, b, *_ in hits] + list(orgs)
    toks = list(WORD.finditer(text))
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if not t.group(0)[0].isupper() or norm(t.group(0)) in stop or \
                any(a < t.end() and t.start() < b for a, b in taken):
            i += 1
            continue
        n = 2 if i + 1 < len(toks) and toks[i + 1].group(0)[0].isupper() \
            and not text[t.end():toks[i + 1].start()].strip() else 1
        if n == 1 and i > 0 and toks[i - 1].group(0)[0].isupper() \
                and not text[toks[i - 1].end():t.start()].strip():
            i += 1        # the last word of a longer name
            continue
        end = toks[i + n - 1].end()
        if i + n < len(toks) and toks[i + n].group(0)[0].isupper() \
                and not text[end:toks[i + n].start()].strip():
            i += n + 1    # the first words of a longer name ("The Washington Post")
            continue
        cand = next((c for c in gazetteer.lookup(text[t.start():end]) if c.exact), None)
        if cand is not None and (cand.feature in ("region", "admin1")
                                 or (cand.feature == "city" and cand.country in countries)):
            kind = "region" if cand.feature in ("region", "admin1") else "city"
            out.append((t.start(), end, Entry((), text[t.start():end], cand.name, kind,
                                              cand.country, None, cand.geonameid, cand.lat,
                                              cand.lon, cand.population), True))
        i += n
    return out


# ------------------------------------------------------------------------------ actors

def _after_place_word(text: str, start: int, L: Lexicon | None) -> bool:
    """Whether a preposition of place stands right before ``start`` ("do Polski", "en
    Pologne", "в Польшу"): there the country is where something happens, not who acts."""
    if L is None:
        return False
    head = text[max(0, start - 12):start]
    m = re.search(r"(\w+)\s+$", head)
    return bool(m) and L.loc.value(m.group(1)) is not None


def find_actors(doc: Document, lang: str, kb, gazetteer=None, people=(),
                L: Lexicon | None = None) -> tuple[Actor, ...]:
    """Known actors (knowledge base, local spellings, countries named other than as a
    place), groups the word lists name, and, where a parser model reads the language,
    the persons its entity recogniser names (``people``: (start, end) spans). News
    agencies are credits here, not actors."""
    text = doc.clean_text
    found = actor_index(lang, kb, gazetteer).find(text, stem=lang in INFLECTED)
    acting = {e.canonical for a, _, e, _ in found
              if e.kind == "country" and not _after_place_word(text, a, L)}
    hits = [(a, b, e.canonical, e.kind, e.country, e.sector) for a, b, e, _ in found
            if e.sector != "MED" and (e.kind != "country" or e.canonical in acting)]
    taken = [(a, b) for a, b, *_ in found]
    if L is not None:
        for a, b, group in L.group.finditer(text):
            if group and not any(x < b and a < y for x, y in taken):
                hits.append((a, b, group, "group", None, "REF"))
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
        # "une liste", "eine Gruppe": the word for one is an article far more often
        if float(v) > 1 and not any(x < b and a < y for x, y, *_ in out):
            out.append([a, b, float(v), None])
    for a, b, v in L.vague.finditer(text):
        if not any(x < b and a < y for x, y, *_ in out):
            out.append([a, b, None, float(v)])
    out.sort()
    for n in out:      # "2 000", "10 тысяч", "deux à trois mille": a scale word after
        n.append(1.0)
        m = L.scale.match_at(text, n[1] + (len(text[n[1]:]) - len(text[n[1]:].lstrip())))
        if m and n[2] is not None:
            n[1], n[2], n[4] = m[0], n[2] * float(m[1]), float(m[1])
    return out


def find_figures(doc: Document, L: Lexicon) -> tuple[Figure, ...]:
    """Numbers that count something the language's words name (the dead, the injured,
    migrants, crossings ...), with the qualifier said before them."""
    text = doc.clean_text
    out = []
    seen: set[tuple] = set()
    for s in doc.sentences:
        chunk = text[s.start:s.end]
        nums = _numbers(chunk, L)
        used = set()
        for k, (a, b, value, unit, _) in enumerate(nums):
            if k in used:
                continue
            if L.skip.match_at(chunk, b + (len(chunk[b:]) - len(chunk[b:].lstrip()))):
                continue     # an age, a share, a distance, a duration
            if re.fullmatch(r"(19|20)\d\d", chunk[a:b]):
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
            key = (cat, value, low, high)
            if key in seen:
                continue     # the same count said again (headline, summary)
            seen.add(key)
            sp = doc.span(s.start + start, s.start + b)
            by = _claimant(doc, sp, s)
            out.append(Figure(sp, text[sp.start:sp.end], cat, value, low, high, qual, None,
                              by.speaker if by else None, by.speaker_text if by else None,
                              None, None))
    return tuple(out)


def _claimant(doc: Document, sp, sentence):
    """The statement a figure is part of: a quote holding it, else one in its sentence."""
    inside = [q for q in doc.quotes if q.span.start <= sp.start and sp.end <= q.span.end]
    same = [q for q in doc.quotes if sentence.start <= q.span.start < sentence.end]
    return (inside or same or [None])[0]


def _range(chunk: str, nums, k: int, L: Lexicon):
    a, b, lo, _, scale = nums[k]
    if k + 1 >= len(nums) or lo is None:
        return None
    a2, b2, hi, _, scale2 = nums[k + 1]
    if hi is not None and scale == 1.0 and scale2 > 1.0 and lo * scale2 <= hi:
        lo *= scale2      # "deux à trois mille": the scale counts for both
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
