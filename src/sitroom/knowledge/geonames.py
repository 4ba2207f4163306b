"""Load a GeoNames dump into the local gazetteer index, so that every village resolves.

GeoNames publishes tab-separated dumps: ``allCountries.txt`` or one country's file
(``PL.txt``), each also as a ``.zip``, and ``alternateNames.txt`` (or
``alternateNamesV2.txt``) with names in other languages and scripts. Importing writes
their places and names into a SQLite index of the same shape as the built-in one
(``default_cache_dir()/gazetteer-local.sqlite`` unless told otherwise), which
:meth:`Gazetteer.load` opens beside the built-in index.
"""
from __future__ import annotations

import io
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from ..errors import InputError
from .gazetteer import _SCHEMA, default_index_path, local_index_path
from .spelling import normalize, spelling_key

# Feature classes worth resolving news toponyms against: populated places, divisions,
# areas, spots (crossings, airports), terrain and water.
_CLASSES = frozenset("PALSTH")
# Alternate-name "languages" that are codes or links, not names.
_NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "tcid", "fr_1793"})
_BATCH = 20_000


@dataclass
class ImportResult:
    index: Path
    places: int = 0
    names: int = 0
    skipped: int = 0


def _feature(fclass: str, fcode: str) -> str | None:
    if fclass == "P":
        return "city"
    if fclass == "A":
        if fcode.startswith("PCL"):
            return None          # countries come with the built-in index
        return {"ADM1": "admin1", "ADM2": "admin2"}.get(fcode, "region")
    return {"L": "region", "T": "region", "H": "region", "S": "spot"}.get(fclass)


def _open_text(path: Path) -> IO[str]:
    """A text stream of the dump, read from inside a .zip when it is one."""
    if not path.exists():
        raise InputError(str(path), "no such file")
    if zipfile.is_zipfile(path):
        z = zipfile.ZipFile(path)
        members = [m for m in z.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
        if not members:
            raise InputError(str(path), "the zip holds no GeoNames .txt file")
        member = max(members, key=lambda m: z.getinfo(m).file_size)
        return io.TextIOWrapper(z.open(member), encoding="utf-8")
    return path.open(encoding="utf-8")


def _useful(name: str) -> bool:
    # Codes ("PL", "WAW") and names no key can be made of help nobody.
    return bool(spelling_key(name)) and not (name.isupper() and len(name) <= 3)


def read_dump(stream: IO[str]) -> Iterator[tuple[tuple, list[str]]]:
    """(place row, names) for each usable line of a GeoNames geoname dump."""
    for line in stream:
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 15:
            if line.strip():
                raise ValueError(f"not a GeoNames dump line (19 tab-separated columns): {line[:80]!r}")
            continue
        if cols[6] not in _CLASSES:
            continue
        feature = _feature(cols[6], cols[7])
        if feature is None:
            continue
        try:
            row = (int(cols[0]), cols[1], float(cols[4]), float(cols[5]), cols[8] or None,
                   cols[10] or None, int(cols[14] or 0), feature)
        except ValueError:
            continue
        names = [cols[1], cols[2]] + [a for a in cols[3].split(",") if a]
        yield row, [n for n in names if _useful(n)]


def _index(dest: Path) -> sqlite3.Connection:
    dest.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(dest)
    have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "places" not in have:
        con.executescript(_SCHEMA)
    return con


def _name_rows(gid: int, names: list[str]) -> set[tuple[str, str, int]]:
    out = set()
    for n in names:
        norm = normalize(n)
        if norm:
            out.add((spelling_key(norm), norm, gid))
    return out


def import_geonames(dump: str | Path, alternate_names: str | Path | None = None,
                    dest: str | Path | None = None, min_population: int = 0) -> ImportResult:
    """Add the places of a GeoNames dump (and, optionally, an alternate-names file) to the
    local index at ``dest``; populated places smaller than ``min_population`` are skipped."""
    dest = Path(dest) if dest else local_index_path()
    res = ImportResult(dest)
    for f in (dump, alternate_names):
        if f is not None and not Path(f).exists():
            raise InputError(str(f), "no such file")   # before an empty index is left behind
    con = _index(dest)
    gids: set[int] = set()
    try:
        places: list[tuple] = []
        names: set[tuple[str, str, int]] = set()
        with _open_text(Path(dump)) as stream:
            try:
                for row, aliases in read_dump(stream):
                    if row[7] == "city" and row[6] < min_population:
                        res.skipped += 1
                        continue
                    places.append(row)
                    names |= _name_rows(row[0], aliases)
                    gids.add(row[0])
                    if len(places) >= _BATCH:
                        res.places, res.names = _flush(con, places, names, res.places, res.names)
            except (ValueError, UnicodeDecodeError) as exc:
                raise InputError(str(dump), str(exc)) from exc
        res.places, res.names = _flush(con, places, names, res.places, res.names)
        if alternate_names:
            res.names += _import_alternates(con, Path(alternate_names), gids)
        con.commit()
    finally:
        con.close()
    return res


def _flush(con: sqlite3.Connection, places: list[tuple], names: set, n_places: int,
           n_names: int) -> tuple[int, int]:
    con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", sorted(names))
    out = n_places + len(places), n_names + len(names)
    places.clear()
    names.clear()
    return out


def _import_alternates(con: sqlite3.Connection, path: Path, gids: set[int]) -> int:
    """Names from an alternateNames file for places of this import or of the built-in index."""
    known = set(gids)
    built_in = default_index_path()
    if built_in.exists():
        b = sqlite3.connect(f"file:{built_in}?mode=ro", uri=True)
        known.update(r[0] for r in b.execute("SELECT gid FROM places"))
        b.close()
    known.update(r[0] for r in con.execute("SELECT gid FROM places"))
    rows: set[tuple[str, str, int]] = set()
    added = 0
    with _open_text(path) as stream:
        for line in stream:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or cols[2] in _NOT_NAMES:
                continue
            try:
                gid = int(cols[1])
            except ValueError:
                continue
            if gid in known and _useful(cols[3]):
                rows |= _name_rows(gid, [cols[3]])
            if len(rows) >= _BATCH:
                con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", sorted(rows))
                added += len(rows)
                rows.clear()
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", sorted(rows))
    return added + len(rows)
