"""The actor network as inline SVG: a deterministic force-directed layout, nodes and edges."""
from __future__ import annotations

import math
from typing import Any

from .svg import esc, f1, open_svg, score_colour, score_label, text_width

KIND_COLOUR = {"person": "#1d2330", "organization": "#4a5568", "country": "#2f4f6f",
               "group": "#5b4a6b"}


def layout(nodes: list[str], edges: list[tuple[str, str, float]], iterations: int = 400
           ) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions in the unit square; the same input gives the same output.

    Nodes start on a circle in the given order (no random numbers), edges attract with their
    weight, every pair repels, and a weak pull to the centre keeps separate groups in view.
    """
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    idx = {v: i for i, v in enumerate(nodes)}
    px = [0.5 + 0.4 * math.cos(2 * math.pi * i / n + 0.3) for i in range(n)]
    py = [0.5 + 0.4 * math.sin(2 * math.pi * i / n + 0.3) for i in range(n)]
    links = [(idx[a], idx[b], w) for a, b, w in edges if a in idx and b in idx and a != b]
    k = math.sqrt(1.0 / n)
    temp = 0.1
    for it in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        for i in range(n):
            xi, yi = px[i], py[i]
            for j in range(i + 1, n):
                ddx, ddy = xi - px[j], yi - py[j]
                d2 = ddx * ddx + ddy * ddy
                if d2 < 1e-9:
                    # Coincident nodes: separate them along a fixed direction.
                    ddx, ddy, d2 = 1e-3 * (1 + i % 3), 1e-3 * (1 + j % 5), 2e-6
                f = k * k / d2
                dx[i] += ddx * f
                dy[i] += ddy * f
                dx[j] -= ddx * f
                dy[j] -= ddy * f
        for i, j, w in links:
            ddx, ddy = px[i] - px[j], py[i] - py[j]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 1e-6
            f = d * (1 + math.log1p(w)) / k
            dx[i] -= ddx * f
            dy[i] -= ddy * f
            dx[j] += ddx * f
            dy[j] += ddy * f
        for i in range(n):
            dx[i] += (0.5 - px[i]) * 0.6 * k * n
            dy[i] += (0.5 - py[i]) * 0.6 * k * n
            d = math.sqrt(dx[i] ** 2 + dy[i] ** 2) or 1e-9
            step = min(d, temp)
            px[i] += dx[i] / d * step
            py[i] += dy[i] / d * step
        temp = 0.1 * (1 - (it + 1) / iterations) + 0.002
    # Normalise to fill the unit square, keeping the aspect.
    x0, x1, y0, y1 = min(px), max(px), min(py), max(py)
    s = max(x1 - x0, y1 - y0) or 1.0
    ox, oy = (s - (x1 - x0)) / 2, (s - (y1 - y0)) / 2
    return {v: ((px[i] - x0 + ox) / s, (py[i] - y0 + oy) / s) for v, i in idx.items()}


def node_radius(n_events: int) -> float:
    return 5 + 3.2 * math.sqrt(max(n_events, 0))


def network_svg(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], width: float = 1040,
                height: float | None = None) -> str:
    """Actors as circles sized by their number of events; edges coloured by their score."""
    if not nodes:
        return ""
    height = height or min(620, max(300, 160 + 26 * len(nodes)))
    ids = [n["id"] for n in nodes]
    pos = layout(ids, [(e["source"], e["target"], e["n_events"]) for e in edges])
    longest = max(text_width(n["name"], 11) for n in nodes)
    pad_x = min(longest * 0.6, 150) + 16
    pad_y = 30
    by_id = {n["id"]: n for n in nodes}

    def xy(v: str) -> tuple[float, float]:
        x, y = pos[v]
        return pad_x + x * (width - 2 * pad_x), pad_y + y * (height - 2 * pad_y)

    out = [open_svg(width, height, "Network of actors and the events between them", "network"),
           "<title>Actor network</title>"]
    pairs = {(e["source"], e["target"]) for e in edges}
    for e in sorted(edges, key=lambda e: e["n_events"]):
        (x1, y1), (x2, y2) = xy(e["source"]), xy(e["target"])
        w = 1.4 + 1.6 * math.log2(e["n_events"]) if e["n_events"] > 1 else 1.4
        types = ", ".join(f"{t} ×{c}" for t, c in e["by_type"])
        tip = f'{e["source_name"]} → {e["target_name"]}: {types}; score {score_label(e["score"])}'
        if (e["target"], e["source"]) in pairs:
            # Both directions have events: two arcs bending apart, so both colours show.
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            cx = (x1 + x2) / 2 - (y2 - y1) / length * 14
            cy = (y1 + y2) / 2 + (x2 - x1) / length * 14
            d = f"M{f1(x1)} {f1(y1)}Q{f1(cx)} {f1(cy)} {f1(x2)} {f1(y2)}"
        else:
            d = f"M{f1(x1)} {f1(y1)}L{f1(x2)} {f1(y2)}"
        out.append(f'<path d="{d}" fill="none" stroke="{score_colour(e["score"])}" '
                   f'stroke-width="{f1(w)}" stroke-opacity=".8" stroke-linecap="round">'
                   f'<title>{esc(tip)}</title></path>')
    # Biggest nodes last so they sit on top; labels after all nodes so none is hidden.
    order = sorted(ids, key=lambda v: (by_id[v]["n_events"], v))
    for v in order:
        n = by_id[v]
        x, y = xy(v)
        r = node_radius(n["n_events"])
        col = KIND_COLOUR.get(n.get("kind") or "", "#3a4a5e")
        tip = f'{n["name"]}: {n["n_events"]} event(s)' + (f' · {n["country"]}' if n.get("country") else "")
        out.append(f'<circle cx="{f1(x)}" cy="{f1(y)}" r="{f1(r)}" fill="{col}" fill-opacity=".88" '
                   f'stroke="#fff" stroke-width="1.5"><title>{esc(tip)}</title></circle>')
    segments = [(xy(e["source"]), xy(e["target"])) for e in edges]
    boxes = []
    for v in ids:
        x, y = xy(v)
        r = node_radius(by_id[v]["n_events"])
        boxes.append((x - r, y - r, x + r, y + r))
    # Greedy placement, biggest actors first: the side with no overlap and fewest crossed lines.
    for v in reversed(order):
        n = by_id[v]
        x, y = xy(v)
        r = node_radius(n["n_events"])
        w = text_width(n["name"], 12)
        best = None
        for anchor, lx, ly in (("start", x + r + 4, y + 4), ("end", x - r - 4, y + 4),
                               ("middle", x, y - r - 5), ("middle", x, y + r + 13)):
            x0 = lx if anchor == "start" else lx - w if anchor == "end" else lx - w / 2
            box = (x0, ly - 11, x0 + w, ly + 3)
            cost = 100 * sum(1 for b in boxes if _overlap(box, b) and b != (x - r, y - r, x + r, y + r))
            cost += 1000 * (box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height)
            cost += 10 * sum(1 for a, b in segments if _crosses(a, b, box))
            if best is None or cost < best[0]:
                best = (cost, anchor, lx, ly, box)
        _, anchor, lx, ly, box = best
        boxes.append(box)
        weight = ' font-weight="600"' if n["n_events"] >= 3 else ""
        out.append(f'<text x="{f1(lx)}" y="{f1(ly)}" class="label" text-anchor="{anchor}"{weight}>'
                   f'{esc(n["name"])}</text>')
    out.append("</svg>")
    return "".join(out)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(p, q, box) -> bool:
    """Whether the segment p–q passes through the box (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for pp, qq in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if pp == 0:
            if qq < 0:
                return False
            continue
        t = qq / pp
        if pp < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True
