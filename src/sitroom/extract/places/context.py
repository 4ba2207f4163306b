"""Where a document is: the countries and divisions its words point to.

Country names, capitals and demonyms say it outright; "X, Y" appositions ("Gainesville,
Va.", "Hrodna, Belarus") say it of one place; divisions the text names ("Florida") and
places whose names belong to one country only ("Nenagh", "Cloughjordan") say it of the
whole text. :mod:`.stage` weighs a place's namesakes with these.
"""
from __future__ import annotations

from collections import Counter
from typing import Protocol, Sequence

from ...knowledge import countries as C
from ...knowledge.candidates import weight
from ...knowledge.gazetteer import Gazetteer
from ...knowledge.spelling import normalize

# Bare codes that news copy really uses for countries; other short capitals are acronyms.
CODE_NAMES = {"US", "USA", "UK", "UAE", "DRC"}
# World regions: places with no single country, never looked up among cities.
REGIONS = {"middle east", "near east", "far east", "balkans", "western balkans", "caucasus",
            "south caucasus", "north caucasus", "sahel", "gulf", "persian gulf", "arabian peninsula",
            "horn of africa", "central asia", "south asia", "southeast asia", "east asia",
            "asia-pacific", "indo-pacific", "scandinavia", "nordics", "baltics", "baltic states",
            "mediterranean", "levant", "maghreb", "western europe", "eastern europe",
            "central europe", "northern europe", "southern europe", "latin america",
            "central america", "caribbean", "north africa", "west africa", "east africa",
            "southern africa", "sub-saharan africa", "arctic", "antarctic", "pacific",
            "atlantic", "schengen area", "eurozone", "global south"}
# Abbreviations of US states in wire style ("RALEIGH, N.C.", "Calif."), with their codes.
STATE_ABBREVIATIONS = dict(pair.split("=") for pair in (
    "ala.=AL ariz.=AZ ark.=AR calif.=CA colo.=CO conn.=CT del.=DE fla.=FL ga.=GA ill.=IL ind.=IN "
    "kan.=KS kans.=KS ky.=KY la.=LA md.=MD mass.=MA mich.=MI minn.=MN miss.=MS mo.=MO mont.=MT "
    "neb.=NE nev.=NV n.h.=NH n.j.=NJ n.m.=NM n.y.=NY n.c.=NC n.d.=ND okla.=OK ore.=OR pa.=PA "
    "r.i.=RI s.c.=SC s.d.=SD tenn.=TN tex.=TX vt.=VT va.=VA wash.=WA w.va.=WV wis.=WI wyo.=WY "
    "d.c.=DC").split())


class _Named(Protocol):
    text: str
    kind: str | None
    label: str


def country_of_name(text: str) -> str | None:
    """Country code when ``text`` names a country (bare codes only when usual in news)."""
    raw = text.strip()
    if raw.isupper() and raw.replace(".", "").isalpha() and "." not in raw and raw not in CODE_NAMES:
        return None
    code = C.country_code(raw)
    return code if code and code != "EU" else None


def appos_country(name: str, gaz: Gazetteer) -> str | None:
    """Country of a country or first-level division named after a comma."""
    for n in _with_and_without_stop(name):
        code = country_of_name(n)
        if code:
            return code
        div = [c for c in gaz.lookup(n) if c.division and c.exact]
        if div:
            return div[0].country if len(div) == 1 else None
    return None


def _with_and_without_stop(name: str) -> list[str]:
    """The name after a comma, then shorter: "Florida" of "Florida The ..."; "Gainesville,
    Va." keeps its dot, "Brest, France." ends a sentence."""
    if name.endswith("."):
        return [name] if normalize(name) in STATE_ABBREVIATIONS else [name, name[:-1]]
    words = name.split()
    return [" ".join(words[:i]) for i in range(len(words), 0, -1)]


def appos_division(name: str, gaz: Gazetteer,
                   context: dict[str, float]) -> tuple[str, str] | None:
    """The first-level division named after a comma ("Gainesville, Va.", "Paris, Texas")."""
    norm = normalize(name)
    if norm in STATE_ABBREVIATIONS:
        return "US", STATE_ABBREVIATIONS[norm]
    for n in _with_and_without_stop(name):
        divs = [c for c in gaz.lookup(n) if c.exact and c.feature == "admin1" and c.admin1]
        divs = [c for c in divs if c.country in context] or divs
        if divs:
            return (divs[0].country, divs[0].admin1) if len(divs) == 1 else None
    return None


def divisions_named(mentions: Sequence[_Named], gaz: Gazetteer,
                    context: dict[str, float]) -> frozenset[tuple[str, str]]:
    """First-level divisions the document names ("New Jersey", "N.J."), to place its towns.

    A name counts when a division is what it most likely means: "Florida" does,
    "Washington" (the city before the state) does not.
    """
    out = set()
    for m in mentions:
        norm = normalize(m.text)
        if norm in STATE_ABBREVIATIONS:
            out.add(("US", STATE_ABBREVIATIONS[norm]))
            continue
        if country_of_name(m.text):
            continue
        cands = [c for c in gaz.lookup(m.text) if c.exact and c.country]
        cands = [c for c in cands if c.country in context] or cands
        if not cands:
            continue
        best = max(cands, key=lambda c: weight(c, norm) * (1 + context.get(c.country, 0)))
        # a county says which state only when no other county has its name
        if best.admin1 and (best.feature == "admin1" or best.feature == "admin2" and
                            sum(c.feature == "admin2" for c in cands) == 1):
            out.add((best.country, best.admin1))
    return frozenset(out)


# Mentions of these kinds name places firmly enough to tell which country a text is about.
_FIRM_KINDS = {None, "dateline", "village", "town", "city", "hamlet", "settlement", "region",
               "district", "province", "municipality", "crossing", "checkpoint"}


def countries_of_places(mentions: Sequence[_Named], gaz: Gazetteer,
                        have_context: bool) -> dict[str, int]:
    """Countries the document's places lie in though it names none of them ("Nenagh",
    "Ballina" and "Cloughjordan" are Irish), most named first.

    A name votes for a country when its places there outweigh, tenfold, those of any other
    country. Two names must agree where the text names countries of its own; one
    suffices where it names none.
    """
    votes: Counter = Counter()
    seen: set[str] = set()
    for m in mentions:
        norm = normalize(m.text)
        if norm in seen or m.kind not in _FIRM_KINDS or m.label == "PATTERN" and m.kind is None \
                or country_of_name(m.text) or norm in REGIONS:
            continue
        seen.add(norm)
        best: dict[str, float] = {}
        for c in gaz.lookup(m.text):
            if c.exact and c.country and c.feature in ("city", "admin1", "admin2"):
                best[c.country] = max(best.get(c.country, 0.0), weight(c, norm))
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= 1_000 and (
                len(ranked) == 1 or ranked[0][1] >= 10 * ranked[1][1]):
            votes[ranked[0][0]] += 1
    need = 2 if have_context else 1
    return {cc: n for cc, n in votes.most_common() if n >= need}


