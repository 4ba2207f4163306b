"""Candidate places for a name, and how they are weighed against each other.

A name's candidates are ranked by :func:`weight`, which favours the place of that very
name (:func:`_own_name`, or a spelling of it) and large populations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from rapidfuzz import fuzz

from . import countries as C
from . import divisions as D
from .spelling import normalize, spelling_key

# A namesake outside every country the document mentions is only trusted when it is
# a place most readers would know.
WELL_KNOWN_POPULATION = 100_000


@dataclass(frozen=True)
class Candidate:
    geonameid: int | None     # None for divisions and regions GeoNames ids are not known for
    name: str
    lat: float | None
    lon: float | None
    country: str | None       # ISO-2, None for continents and regions across borders
    admin1: str | None        # GeoNames admin1 code
    population: int
    feature: str              # country | city | continent | admin1 | admin2 | region
    exact: bool = True        # False when only the looser spelling key matched
    key: int = 0              # the index's own id: the GeoNames id, or a negative number

    @property
    def division(self) -> bool:
        return self.feature in ("admin1", "admin2")


# A division is credited with this share of its towns' people when it competes with a
# town of the same name: "Ontario" is the province, "New York" the city.
_DIVISION_WEIGHT = 0.1
# A first-level division's weight when its population is unknown.
_DIVISION_FLOOR = {"admin1": 100_000, "admin2": 20_000}
# A town in a division the document names weighs this many times its size.
DIVISION_BOOST = 20
# The one town of its name is taken without context when it is at least this large.
UNIQUE_MIN_POPULATION = 15_000


def weight(c: Candidate, norm: str) -> float:
    """How strongly a candidate claims a name when nothing else decides."""
    if c.feature == "country":
        return 1e12
    if c.feature in ("continent", "region"):
        return 1e11
    if c.division:
        w = max(_DIVISION_WEIGHT * c.population, _DIVISION_FLOOR[c.feature])
    else:
        w = float(c.population)
    if not _own_name(c, norm):
        # another spelling of its name ("Grodno" of Hrodna) weighs less than a town that
        # is called so ("Southold", not South Bend), another name far less ("Centreville"
        # of Fremont)
        w /= 30 if _variant(c.name, norm) else 100
    if c.feature == "city" and C.capital_code(c.name) == c.country:
        w *= 10
    return w


def _rank(c: Candidate, norm: str = "") -> tuple:
    return (not c.exact, -weight(c, norm or normalize(c.name)))


def _known_alone(c: Candidate, norm: str, cands: Sequence[Candidate]) -> bool:
    """Whether a candidate is meant even where no country of the document points to it."""
    if c.feature in ("country", "continent", "region"):
        return True
    if c.division:
        if D.generic_name(c.name):
            return False     # "Central", "North West": a province of which country?
        return c.feature == "admin1" or bool(D.DESIGNATED.search(c.name)) or \
            c.population >= WELL_KNOWN_POPULATION
    if not c.exact:
        return c.population >= WELL_KNOWN_POPULATION
    if not (_own_name(c, norm) or _variant(c.name, norm)):
        # another name of a town called otherwise: only a metropolis, or the one place of it
        return c.population >= 1_000_000 or c.population >= WELL_KNOWN_POPULATION and not any(
            x.exact and (_own_name(x, norm) or _variant(x.name, norm)) for x in cands)
    if c.population >= WELL_KNOWN_POPULATION:
        return True
    # The only place of this name anywhere, and not a hamlet.
    own = [x for x in cands if x.exact and _own_name(x, norm)]
    return own == [c] and c.population >= UNIQUE_MIN_POPULATION


_CITY_WORD = re.compile(r"^city of |^the city of | city$")


def _own_name(c: Candidate, norm: str) -> bool:
    """Whether ``norm`` is the place's name, perhaps without "City" ("New York" City) or a
    division's designation ("Anhui" Sheng)."""
    own = normalize(c.name)
    return own == norm or _CITY_WORD.sub("", own) == norm or (
        c.division and normalize(D.bare_name(c.name)) == norm)


def _variant(name: str, norm: str) -> bool:
    """Whether two names are spellings of one name ("Grodno", "Hrodna"), not two names."""
    return fuzz.ratio(spelling_key(name), spelling_key(norm)) >= 65


def _prominent(c: Candidate) -> bool:
    """A country, a capital or a metropolis (a division's people are its towns', no sign)."""
    return c.feature == "country" or c.feature == "city" and (
        c.population >= 1_000_000 or C.capital_code(c.name) == c.country)


def _named(c: Candidate, norm: str) -> bool:
    """Whether ``norm`` is the place's own name (or the place too big to be a mere alias)."""
    return _own_name(c, norm) or c.feature != "city" or c.population >= 1_000_000 or \
        _variant(c.name, norm)


def _tier(c: Candidate) -> int:
    """Countries, then continents and regions, then well-known cities, then first- and
    second-level divisions, then other places."""
    if c.feature == "country":
        return 0
    if c.feature in ("continent", "region"):
        return 1
    if c.feature == "city" and c.population >= WELL_KNOWN_POPULATION:
        return 2
    return {"admin1": 3, "admin2": 4}.get(c.feature, 5)
