"""Toponym mentions in the wide sense of geoparsing corpora (GeoWebNews and the like).

The places layer holds locations. Geoparsing corpora count more as toponyms: each
mention of a place, continents and world regions, demonyms and language names, and
place names inside other names ("Oxford University"). :func:`toponym_mentions` gives
that view from a processed document (no parse needed), each mention pointing at the
place it comes from, so such corpora can be scored without widening the places layer.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...records import Document, Place, Span
from ...knowledge import countries as C
from ...knowledge.divisions import generic_name
from ...knowledge.candidates import WELL_KNOWN_POPULATION, Candidate
from ...knowledge.gazetteer import Gazetteer
from ...knowledge.spelling import normalize
from .context import REGIONS, country_of_name
from .stage import _PLACE_LABELS, _feature, _strip


@dataclass(frozen=True)
class Toponym:
    """One mention of a place name in the wider sense of geoparsing corpora."""
    span: Span
    text: str
    usage: str            # place | region | demonym | associative
    place: Place | None   # what it refers to (a country for a demonym)


# Adjectives and people nouns of continents ("African leaders", "Europeans").
_CONTINENT_FORMS = {"african": "Africa", "africans": "Africa", "asian": "Asia", "asians": "Asia",
                    "european": "Europe", "europeans": "Europe", "north american": "North America",
                    "south american": "South America", "latin american": "South America"}
# Entities whose names often hold a place name ("Oxford University", "the Washington Post").
_NAME_LABELS = {"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
_CAP_WORD = re.compile(r"[A-Z][\w'’.-]*")


@functools.lru_cache(maxsize=1)
def _demonym_pattern() -> re.Pattern:
    forms = set(C.all_demonyms()) | set(_CONTINENT_FORMS)
    alts = sorted((re.escape(f) for f in forms if f), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


def _point(cand: Candidate | None, span: Span, text: str, feature: str) -> Place | None:
    if cand is None:
        return None
    return Place(span, text, cand.name, cand.geonameid, cand.lat, cand.lon, cand.country,
                 cand.admin1, feature, True)


# Demonyms of the nations of the United Kingdom name the nation, not the whole country.
_NATION_FORMS = {"english": "England", "scottish": "Scotland", "scots": "Scotland", "welsh": "Wales"}
# Words that make a demonym part of a larger one the tables lack ("Central American").
_COMPASS = re.compile(r"(?:Central|Latin|North|South|East|West|Northern|Southern|Eastern|Western)[ -]$")


def _referent(text: str, gaz: Gazetteer) -> Candidate | None:
    """The place a demonym, or a bloc named for a region ("EU"), stands for."""
    norm = normalize(text)
    if norm in _NATION_FORMS:
        return next((c for c in gaz.lookup(_NATION_FORMS[norm]) if c.feature == "admin1"), None)
    cont = _CONTINENT_FORMS.get(norm) or ("Europe" if C.country_code(text) == "EU"
                                          or C.demonym_code(text) == "EU" else None)
    if cont:
        return next((c for c in gaz.lookup(cont) if c.feature == "continent"), None)
    code = C.demonym_code(text)
    return gaz.country(code) if code else None


def _well_known(text: str, gaz: Gazetteer) -> Candidate | None:
    """A place the name surely means even inside another name: a country, a continent, a
    first-level division or a well-known city."""
    code = country_of_name(text)
    norm = normalize(text)
    if code:
        return gaz.country_part(text, code) or gaz.country(code)
    if norm in REGIONS or generic_name(text):
        return None      # "Gulf News", "South Kilburn Estate"
    for c in gaz.lookup(text):
        if c.exact and normalize(c.name) == norm and (
                c.feature in ("continent", "region") or c.population >= WELL_KNOWN_POPULATION):
            return c
    return None


def toponym_mentions(doc: Document, gaz: Gazetteer) -> list[Toponym]:
    """Every mention of a place name as geoparsing corpora count them, in text order.

    Besides each mention of each :class:`Place`, continents and world regions ("the
    Middle East"), demonyms and language names ("Russian officials", "in English") and
    place names inside other names ("the Washington Post", "EU") count, each pointing at
    the place it comes from. The places layer leaves these out: a continent locates
    nothing on a situation's map, and the others name a people, a body or a work.
    """
    out = [Toponym(s, doc.clean_text[s.start:s.end], "place", p)
           for p in doc.places for s in (p.spans or (p.span,))]
    taken = [(t.span.start, t.span.end) for t in out]

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    text = doc.clean_text
    for m in _demonym_pattern().finditer(text):
        if not m.group()[0].isupper() or not free(m.start(), m.end()) \
                or _COMPASS.search(text, max(0, m.start() - 10), m.start()):
            continue
        span = doc.span(m.start(), m.end())
        place = _point(_referent(m.group(), gaz), span, m.group(), "country")
        if place is not None:
            out.append(Toponym(span, m.group(), "demonym", place))
            taken.append((m.start(), m.end()))
    for men in doc.mentions:
        s0, s1 = men.span.start, men.span.end
        if not free(s0, s1):
            continue
        name, a, b = _strip(men.text, s0)
        norm = normalize(name)
        cont = next((c for c in gaz.lookup(name) if c.feature in ("continent", "region") and c.exact),
                    None) if men.label in _PLACE_LABELS else None
        if men.label in _PLACE_LABELS and (cont is not None or norm in REGIONS):
            span = doc.span(a, b)
            place = _point(cont, span, name, "region") or \
                Place(span, name, name, None, None, None, None, None, "region", False)
            out.append(Toponym(span, name, "region", place))
            taken.append((a, b))
            continue
        if C.country_code(men.text) == "EU":
            out.append(Toponym(men.span, men.text, "associative",
                               _point(_referent(men.text, gaz), men.span, men.text, "region")))
            taken.append((s0, s1))
            continue
        if men.label not in _NAME_LABELS:
            continue
        words = [w for w in _CAP_WORD.finditer(men.text) if w.group().lower() not in ("the", "a", "an")]
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 3), i, -1):
                a, b = words[i].start(), words[j - 1].end()
                name = men.text[a:b].rstrip(".") if j - i == 1 else men.text[a:b]
                cand = _well_known(name, gaz)
                if cand is not None and men.text[a:b] != men.text:
                    span = doc.span(s0 + a, s0 + a + len(name))
                    out.append(Toponym(span, name, "associative",
                                       _point(cand, span, name, _feature(cand, None))))
                    taken.append((span.start, span.end))
                    i = j - 1
                    break
            i += 1
    out.sort(key=lambda t: t.span.start)
    return out
