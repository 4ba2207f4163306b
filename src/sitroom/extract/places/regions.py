"""Where places lie: world regions against continents, and the country of a place the
gazetteer cannot resolve, taken from the places named with it."""
from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter

from ...records import Place
from ...knowledge.candidates import Candidate
from ...knowledge.spelling import normalize, spelling_key
from .context import REGIONS, country_of_name

# Continents locate nothing on a situation's map; named regions within them ("the Sahel",
# "the central Mediterranean") do and are kept, without a country.
_CONTINENTS = {"africa", "europe", "asia", "north america", "south america", "oceania",
               "antarctica", "eurasia", "americas", "the americas"}


_LOCATIVE = re.compile(r"\b(?:in|across|into|over|through|off|near|around|within|throughout)"
                       r"\s+(?:the\s+)?(?:(?:central|eastern|western|northern|southern)\s+)?$", re.I)


def located_in(text: str, start: int) -> bool:
    """Whether a region is where something happens ("in the central Mediterranean")."""
    return bool(_LOCATIVE.search(text[max(0, start - 40):start]))


def world_region(norm: str, cand: Candidate | None) -> bool:
    return norm in _CONTINENTS or (cand is not None and cand.feature == "continent")


def sentence_of(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


# Unresolved names of water bodies have no country of their own.
_WATER = re.compile(r"\b(?:sea|ocean|gulf|bay|river|strait|straits|channel|lake|mediterranean|"
                    r"aegean|waters)\b", re.I)


def country_from_company(places: list[Place], starts: list[int], across: set) -> list[Place]:
    """An unresolved place without a country takes the country of the resolved places named
    in its sentence ("the Sudzha and Korenevo districts of the Kursk Region"), else the one
    country most of the document's places lie in ("Snake Island" in a story on Ukraine)."""
    by_sent: dict[int, Counter] = {}
    overall: Counter = Counter()
    for p in places:
        if p.geonameid is not None and p.country and p.country != "EU":
            for sp in p.spans:
                by_sent.setdefault(sentence_of(starts, sp.start), Counter())[p.country] += 1
                overall[p.country] += 1
    top = overall.most_common(2)
    dominant = top[0][0] if top and (len(top) == 1 or top[0][1] >= 2 * top[1][1]) else None
    out = []
    skip = {id(p) for p in places if (spelling_key(p.text) or normalize(p.text), None) in across}
    for p in places:
        if p.geonameid is None and p.country is None and p.feature != "country" and id(p) not in skip \
                and normalize(p.text) not in REGIONS and not _WATER.search(p.text):
            counts = Counter()
            for sp in p.spans:
                counts.update(by_sent.get(sentence_of(starts, sp.start), Counter()))
            best = counts.most_common(2)
            if best and (len(best) == 1 or best[0][1] > best[1][1]):
                p = dataclasses.replace(p, country=best[0][0])
            elif dominant:
                p = dataclasses.replace(p, country=dominant)
        out.append(p)
    return out


# Last words of names of bodies, agreements and papers that contain a place name.
_BODY_WORDS = {"initiative", "administration", "agreement", "deal", "party", "council",
               "ministry", "committee", "agency", "fund", "programme", "program", "journal",
               "newspaper", "times", "post", "wire", "news", "tribune", "herald", "gazette"}
# Names of armed groups and codes ("M23").
_CODE = re.compile(r"^[A-Z]{1,3}-?\d+$")


def not_a_place(text: str) -> bool:
    """Names the place patterns catch that name no place: a body or agreement ("the Black Sea
    Grain Initiative"), a code ("M23"), two countries named as a pair ("Lithuania-Belarus")."""
    if text.split()[-1].lower() in _BODY_WORDS or _CODE.match(text):
        return True
    return "-" in text and all(country_of_name(x) for x in text.split("-"))
