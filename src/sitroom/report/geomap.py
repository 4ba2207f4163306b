"""The map of places as inline SVG: an equirectangular projection with country outlines."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from . import outlines
from .svg import esc, f1, nice_step, open_svg, text_width

SEA, LAND, BORDER = "#dce8f2", "#f6f4ef", "#98a1ae"
MENTIONED = ((245, 228, 196), (226, 178, 98))     # light → strong tint by number of mentions
DOT = "#b3261e"


@dataclass(frozen=True)
class View:
    """A map window: lon/lat bounds and the parallel whose scale is true."""
    lon0: float
    lat0: float
    lon1: float
    lat1: float

    @property
    def k(self) -> float:
        return math.cos(math.radians((self.lat0 + self.lat1) / 2))

    def contains(self, lon: float, lat: float) -> bool:
        return self.lon0 <= lon <= self.lon1 and self.lat0 <= lat <= self.lat1

    def span(self) -> float:
        return max((self.lon1 - self.lon0) * self.k, self.lat1 - self.lat0)


def fit(lonlat: list[tuple[float, float]], aspect: float, margin: float = 0.18,
        min_span: float = 3.0) -> View:
    """The smallest view of the given aspect (width/height) holding every point, with margin."""
    lons, lats = [p[0] for p in lonlat], [p[1] for p in lonlat]
    lat0, lat1 = min(lats), max(lats)
    k = math.cos(math.radians((lat0 + lat1) / 2))
    w = max((max(lons) - min(lons)) * k, min_span)
    h = max(lat1 - lat0, min_span / aspect)
    w, h = w * (1 + 2 * margin), h * (1 + 2 * margin)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (max(lons) + min(lons)) / 2, (lat0 + lat1) / 2
    half_lon = w / 2 / k
    v = View(cx - half_lon, cy - h / 2, cx + half_lon, cy + h / 2)
    # Keep the window on the globe (no wrapping across the date line).
    return View(max(v.lon0, -180.0), max(v.lat0, -85.0), min(v.lon1, 180.0), min(v.lat1, 85.0))


def split_places(points: list[dict[str, Any]]) -> tuple[list[dict], list[dict], list[dict]]:
    """(points to draw as dots, countries to shade, places that are neither: regions, seas)."""
    dots, countries, other = [], [], []
    for p in points:
        feature = p.get("feature")
        c = outlines.country_named(p["name"], p.get("country")) if feature in (None, "country") else None
        if c is not None:
            countries.append({**p, "outline": c})
        elif feature == "country" or (feature is None and not p.get("country")):
            other.append(p)
        elif feature in ("region", "continent"):
            other.append(p)
        else:
            dots.append(p)
    return dots, countries, other


SINGLE = (1040, 520)      # drawing size of a lone map
PAIR = (520, 420)         # drawing size of each of an overview and a detail map


def views(dots: list[dict], countries: list[dict]) -> list[tuple[str, View, tuple[int, int]]]:
    """The overview window and, when most dots crowd a small area of it, a detail window."""
    pts = [(p["lon"], p["lat"]) for p in dots] or [(p["lon"], p["lat"]) for p in countries]
    if not pts:
        return []
    main = fit(pts, SINGLE[0] / SINGLE[1])
    out = [("Overview", main, SINGLE)]
    if len(dots) < 3:
        return out
    radius = max(1.5, main.span() * 0.06)
    best: list[dict] = []
    for p in sorted(dots, key=lambda p: (-p["n_mentions"], p["name"])):
        near = [q for q in dots if abs(q["lat"] - p["lat"]) <= radius
                and abs(q["lon"] - p["lon"]) * main.k <= radius]
        if len(near) > len(best):
            best = near
    if len(best) >= 3 and len(best) >= 0.3 * len(dots) and len(best) < len(dots):
        aspect = PAIR[0] / PAIR[1]
        detail = fit([(q["lon"], q["lat"]) for q in best], aspect, margin=0.25, min_span=1.0)
        if detail.span() < 0.35 * main.span():
            return [("Overview", fit(pts, aspect), PAIR), ("Detail", detail, PAIR)]
    return out


def _project(view: View, width: float, height: float):
    sx = width / ((view.lon1 - view.lon0) * view.k)
    sy = height / (view.lat1 - view.lat0)
    s = min(sx, sy)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - view.lon0) * view.k * s, (view.lat1 - lat) * s
    return xy, s


def _ring_path(ring, xy, tol_px: float) -> str:
    """One ring as a compact path: whole pixels, relative moves (the maps' bulk is outlines)."""
    pts = [xy(lon, lat) for lon, lat in ring]
    if len(pts) > 8:
        pts = outlines.simplify(pts, tol_px)
    ints: list[tuple[int, int]] = []
    for x, y in pts:
        p = (round(x), round(y))
        if not ints or p != ints[-1]:
            ints.append(p)
    if len(ints) < 3:
        return ""
    steps = " ".join(f"{x1 - x0} {y1 - y0}" for (x0, y0), (x1, y1) in zip(ints, ints[1:]))
    return f"M{ints[0][0]} {ints[0][1]}l{steps}z".replace(" -", "-")


def _overlaps(box, boxes) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes)


def _tint(n: int, top: int) -> str:
    t = 0.0 if top <= 1 else math.log(n) / math.log(top)
    (r0, g0, b0), (r1, g1, b1) = MENTIONED
    return "#%02x%02x%02x" % (round(r0 + (r1 - r0) * t), round(g0 + (g1 - g0) * t),
                              round(b0 + (b1 - b0) * t))


def map_svg(view: View, dots: list[dict], countries: list[dict], *, width: float = 1040,
            height: float = 520, uid: str = "m", title: str = "Map", inset: View | None = None
            ) -> str:
    """Country outlines, mentioned countries shaded, places as dots sized by mentions.

    ``inset`` outlines the window of a detail map drawn beside this one.
    """
    xy, s = _project(view, width, height)
    mentioned = {id(c["outline"]): c for c in countries}
    top = max((c["n_mentions"] for c in countries), default=1)
    out = [open_svg(width, height, title, "map"), f"<title>{esc(title)}</title>",
           f'<defs><clipPath id="{uid}-clip"><rect width="{f1(width)}" height="{f1(height)}"/>'
           f'</clipPath></defs><g clip-path="url(#{uid}-clip)">',
           f'<rect width="{f1(width)}" height="{f1(height)}" fill="{SEA}"/>']
    pad = 0.1 * max(view.lon1 - view.lon0, view.lat1 - view.lat0)
    labels: list[tuple[float, float, str, bool]] = []
    for c in outlines.load():
        b = c.bbox
        if b[2] < view.lon0 - pad or b[0] > view.lon1 + pad or b[3] < view.lat0 - pad or b[1] > view.lat1 + pad:
            continue
        d = "".join(_ring_path(r, xy, 0.8) for r in c.rings
                    if not (max(p[0] for p in r) < view.lon0 - pad or min(p[0] for p in r) > view.lon1 + pad
                            or max(p[1] for p in r) < view.lat0 - pad or min(p[1] for p in r) > view.lat1 + pad))
        if not d:
            continue
        m = mentioned.get(id(c))
        fill = _tint(m["n_mentions"], top) if m else LAND
        tip = f'<title>{esc(c.name)}' + (f': {m["n_mentions"]} mention(s)' if m else "") + "</title>"
        out.append(f'<path d="{d}" fill="{fill}" stroke="{BORDER}" stroke-width="1" '
                   f'stroke-linejoin="round">{tip}</path>')
        big = max(c.rings, key=outlines.ring_area)
        lx, ly = _centroid(big)
        area_px = outlines.ring_area(big) * view.k * s * s
        if view.contains(lx, ly) and (m or area_px > 9000):
            labels.append((lx, ly, c.name, bool(m)))
    out += _graticule(view, xy, width, height)
    if inset is not None:
        (x0, y0), (x1, y1) = xy(inset.lon0, inset.lat1), xy(inset.lon1, inset.lat0)
        out.append(f'<rect x="{f1(x0)}" y="{f1(y0)}" width="{f1(x1 - x0)}" height="{f1(y1 - y0)}" '
                   f'fill="none" stroke="#1d2330" stroke-width="1.2" stroke-dasharray="4 3">'
                   f'<title>Area of the detail map</title></rect>')
    boxes: list[tuple[float, float, float, float]] = []
    drawn = []
    for p in sorted(dots, key=lambda p: (-p["n_mentions"], p["name"])):
        if not view.contains(p["lon"], p["lat"]):
            continue
        x, y = xy(p["lon"], p["lat"])
        r = 3 + 1.8 * math.sqrt(p["n_mentions"])
        drawn.append((p, x, y, r))
        boxes.append((x - r, y - r, x + r, y + r))
    for p, x, y, r in sorted(drawn, key=lambda d: -d[3]):
        tip = f'{p["name"]}: {p["n_mentions"]} mention(s) in {p["n_documents"]} document(s)'
        out.append(f'<circle cx="{f1(x)}" cy="{f1(y)}" r="{f1(r)}" fill="{DOT}" fill-opacity=".85" '
                   f'stroke="#fff" stroke-width="1.2"><title>{esc(tip)}</title></circle>')
    text_out = []
    for p, x, y, r in drawn:
        w, h = text_width(p["name"], 12), 12
        for bx, by, anchor in ((x + r + 3, y + 4, "start"), (x - r - 3, y + 4, "end"),
                               (x, y - r - 4, "middle"), (x, y + r + 12, "middle")):
            x0 = bx if anchor == "start" else bx - w if anchor == "end" else bx - w / 2
            box = (x0, by - h + 2, x0 + w, by + 2)
            own = (x - r, y - r, x + r, y + r)
            if box[0] < 2 or box[2] > width - 2 or box[1] < 2 or box[3] > height - 2:
                continue
            if _overlaps(box, [b for b in boxes if b != own]):
                continue
            boxes.append(box)
            text_out.append(f'<text x="{f1(bx)}" y="{f1(by)}" text-anchor="{anchor}" class="place">'
                            f'{esc(p["name"])}</text>')
            break
    for lon, lat, name, is_mentioned in sorted(labels, key=lambda t: (not t[3], t[2])):
        x, y = xy(lon, lat)
        label = name.upper()
        w = text_width(label, 10) * 1.12
        box = (x - w / 2, y - 9, x + w / 2, y + 3)
        if box[0] < 2 or box[2] > width - 2 or _overlaps(box, boxes):
            continue
        boxes.append(box)
        cls = "country on" if is_mentioned else "country"
        text_out.append(f'<text x="{f1(x)}" y="{f1(y)}" text-anchor="middle" class="{cls}">'
                        f'{esc(label)}</text>')
    out += text_out
    out.append(f'</g><rect width="{f1(width)}" height="{f1(height)}" fill="none" stroke="#9aa3b0"/>')
    out.append("</svg>")
    return "".join(out)


def _centroid(ring) -> tuple[float, float]:
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(a) < 1e-12:
        return ring[0]
    return cx / (3 * a), cy / (3 * a)


def _graticule(view: View, xy, width: float, height: float) -> list[str]:
    step = nice_step(max(view.lat1 - view.lat0, (view.lon1 - view.lon0) * view.k), 5)
    step = min((s for s in (0.5, 1, 2, 5, 10, 15, 30, 45) if s >= step), default=45)
    out = []
    lon = math.ceil(view.lon0 / step) * step
    while lon <= view.lon1:
        x, _ = xy(lon, view.lat0)
        out.append(f'<path d="M{f1(x)} 0V{f1(height)}" stroke="#8fa3b8" stroke-opacity=".25"/>'
                   f'<text x="{f1(x + 3)}" y="{f1(height - 5)}" class="grat">{_deg(lon, "E", "W")}</text>')
        lon += step
    lat = math.ceil(view.lat0 / step) * step
    while lat <= view.lat1:
        _, y = xy(view.lon0, lat)
        out.append(f'<path d="M0 {f1(y)}H{f1(width)}" stroke="#8fa3b8" stroke-opacity=".25"/>'
                   f'<text x="4" y="{f1(y - 3)}" class="grat">{_deg(lat, "N", "S")}</text>')
        lat += step
    return out


def _deg(v: float, pos: str, neg: str) -> str:
    s = f"{abs(v):g}°"
    return s + (pos if v > 0 else neg if v < 0 else "")
