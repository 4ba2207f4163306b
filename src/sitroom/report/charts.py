"""Inline SVG charts: one figure series over time, and the strip of merged events by day."""
from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from typing import Any

from .build import UNATTRIBUTED
from .svg import (day_label, day_ticks, esc, f1, open_svg, score_colour, score_label,
                  short_number, text_width, value_ticks)

SLOT = 15          # horizontal distance between side-by-side claims on one day (px)


def _mark(c: dict[str, Any], x: float, y: float, scale) -> str:
    """One claim drawn by its qualifier: ● exact, ○ about, ▲ at least, ▼ at most, ┃ range."""
    col, q = c["colour"], c["qualifier"]
    if q == "range" and c["low"] is not None and c["high"] is not None:
        y0, y1 = scale(c["low"]), scale(c["high"])
        return (f'<path d="M{f1(x)} {f1(y0)}V{f1(y1)}M{f1(x - 4)} {f1(y0)}h8M{f1(x - 4)} {f1(y1)}h8" '
                f'stroke="{col}" stroke-width="2.5" fill="none"/>')
    if q == "at_least":
        return (f'<path d="M{f1(x)} {f1(y - 18)}V{f1(y)}" stroke="{col}" stroke-width="1.5" '
                f'stroke-dasharray="2 2"/><path d="M{f1(x - 5.5)} {f1(y + 4)}L{f1(x)} {f1(y - 5)}'
                f'L{f1(x + 5.5)} {f1(y + 4)}Z" fill="{col}"/>')
    if q == "at_most":
        return (f'<path d="M{f1(x)} {f1(y)}V{f1(y + 18)}" stroke="{col}" stroke-width="1.5" '
                f'stroke-dasharray="2 2"/><path d="M{f1(x - 5.5)} {f1(y - 4)}L{f1(x)} {f1(y + 5)}'
                f'L{f1(x + 5.5)} {f1(y - 4)}Z" fill="{col}"/>')
    if q in ("about", "vague"):
        dash = ' stroke-dasharray="2 1.5"' if q == "vague" else ""
        return (f'<circle cx="{f1(x)}" cy="{f1(y)}" r="4.5" fill="#fff" stroke="{col}" '
                f'stroke-width="2"{dash}/>')
    return f'<circle cx="{f1(x)}" cy="{f1(y)}" r="4.5" fill="{col}"/>'


def _claim_value(c: dict[str, Any]) -> float | None:
    for k in ("value", "low", "high"):
        if c.get(k) is not None:
            return float(c[k])
    return None


def series_chart(view: dict[str, Any], width: float = 500, height: float = 210) -> str:
    """A point chart of one series: days across, values up, same-day claims side by side."""
    claims = [c for c in view["claims"] if c.get("day") and _claim_value(c) is not None]
    title = view["title"]
    if not claims:
        return ""
    pad_l, pad_r, pad_t, pad_b = 46, 18, 22, 30
    days = sorted({c["day"] for c in claims})
    lo, hi = days[0], days[-1]
    if lo == hi:
        lo, hi = lo - _dt.timedelta(days=1), hi + _dt.timedelta(days=1)
    top = max(max(c[k] for k in ("value", "low", "high") if c.get(k) is not None) for c in claims)
    ticks = value_ticks(top * 1.08 if top > 0 else 1)
    vmax = ticks[-1] or 1.0
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    span = (hi - lo).days or 1
    inner = max(plot_w - 2 * SLOT, 10)

    def x_of(day: _dt.date) -> float:
        return pad_l + SLOT + inner * (day - lo).days / span

    def y_of(v: float) -> float:
        return pad_t + plot_h * (1 - v / vmax)

    out = [open_svg(width, height, f"Chart: {title}", "chart"), f"<title>{esc(title)}</title>"]
    for t in ticks:
        y = y_of(t)
        out.append(f'<path d="M{pad_l} {f1(y)}H{f1(width - pad_r)}" stroke="#e3e7ed"/>'
                   f'<text x="{pad_l - 6}" y="{f1(y + 3.5)}" class="tick" text-anchor="end">'
                   f'{esc(short_number(t))}</text>')
    with_year = lo.year != hi.year
    for d in day_ticks(lo, hi, max_ticks=max(2, int(plot_w // 70))):
        x = x_of(d)
        out.append(f'<path d="M{f1(x)} {f1(pad_t + plot_h)}v4" stroke="#9aa3b0"/>'
                   f'<text x="{f1(x)}" y="{f1(height - 10)}" class="tick" text-anchor="middle">'
                   f'{esc(day_label(d, with_year))}</text>')
    out.append(f'<path d="M{pad_l} {f1(pad_t + plot_h)}H{f1(width - pad_r)}" stroke="#9aa3b0"/>')

    # Claims of one day sit side by side, in a fixed claimant order, never averaged.
    by_day: dict[_dt.date, list[dict]] = defaultdict(list)
    for c in claims:
        by_day[c["day"]].append(c)
    pos: dict[int, tuple[float, float]] = {}
    for day, group in by_day.items():
        group.sort(key=lambda c: (c["claimant_index"], _claim_value(c)))
        for i, c in enumerate(group):
            pos[id(c)] = (x_of(day) + (i - (len(group) - 1) / 2) * SLOT, y_of(_claim_value(c)))

    # A faint line joins each claimant's own claims over time (never across claimants).
    by_claimant: dict[int, list[dict]] = defaultdict(list)
    for c in claims:
        by_claimant[c["claimant_index"]].append(c)
    for group in by_claimant.values():
        # Unattributed claims may come from anyone: no line pretends they form one series.
        if len({c["day"] for c in group}) > 1 and group[0]["claimant"] != UNATTRIBUTED:
            pts = [pos[id(c)] for c in sorted(group, key=lambda c: c["day"])]
            d = "M" + "L".join(f"{f1(x)} {f1(y)}" for x, y in pts)
            out.append(f'<path d="{d}" fill="none" stroke="{group[0]["colour"]}" '
                       f'stroke-opacity=".45" stroke-width="1.5"/>')

    label_all = len(claims) <= 14
    last_of = {i: max(g, key=lambda c: c["day"]) for i, g in by_claimant.items()}
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    for day, group in sorted(by_day.items()):
        for i, c in enumerate(group):
            x, y = pos[id(c)]
            tip = (f'{c["label"]} — {c["claimant"]} · {c["date_text"]}'
                   + (f' · {c["outlets_text"]}' if c.get("outlets_text") else ""))
            out.append(f'<g><title>{esc(tip)}</title>{_mark(c, x, y, y_of)}</g>')
            if not (label_all or last_of[c["claimant_index"]] is c):
                continue
            above = y - 9
            if c["qualifier"] == "at_least":
                above = y - 21
            elif c["qualifier"] == "range" and c.get("high") is not None:
                above = y_of(c["high"]) - 7
            below = y + 16 if c["qualifier"] != "at_most" else y + 30
            # Alternate the first choice so side-by-side labels do not collide.
            tries = (below, above) if i % 2 == 1 and len(group) > 1 else (above, below)
            w = text_width(c["short"], 10.5)
            lx = min(max(x, pad_l + w / 2 + 2), width - pad_r - w / 2)
            for ly in tries:
                ly = min(max(ly, 11), pad_t + plot_h - 3)
                box = (lx - w / 2, ly - 9, lx + w / 2, ly + 2)
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                           for b in placed):
                    placed.append(box)
                    labels.append(f'<text x="{f1(lx)}" y="{f1(ly)}" class="val" '
                                  f'text-anchor="middle" fill="{c["colour"]}">{esc(c["short"])}</text>')
                    break
    out += labels
    out.append("</svg>")
    return "".join(out)


def _window(dated: list[dict[str, Any]]) -> tuple[_dt.date, _dt.date]:
    """The days the strip spans: the reporting period (with a little lead-in) when known.

    Background happenings years before the reports ("after his re-election in 2020") would
    otherwise squash the weeks that matter into one pixel; they go to an "earlier" column.
    """
    days = sorted(e["day"] for e in dated)
    reported = sorted(e["report_day"] for e in dated if e.get("report_day"))
    if not reported:
        return days[0], days[-1]
    lo = min((d for d in days if d >= reported[0] - _dt.timedelta(days=LEAD_DAYS)), default=days[0])
    return lo, days[-1]


LEAD_DAYS = 14     # days before the first report still drawn on the strip's scale


def timeline_strip(events: list[dict[str, Any]], width: float = 1040) -> str:
    """Merged events as dots over the days they happened, coloured by conflict–cooperation.

    Undated happenings are drawn hollow on the day they were first reported; those long
    before the reporting period are stacked in an "earlier" column at the left.
    """
    dated = [dict(e, hollow=False) for e in events if e.get("day")]
    dated += [dict(e, day=e["report_day"], hollow=True) for e in events
              if not e.get("day") and e.get("report_day")]
    if not dated:
        return ""
    first, last = _window(dated)
    early = [e for e in dated if e["day"] < first]
    lo, hi = first - _dt.timedelta(days=1), last + _dt.timedelta(days=1)
    span = (hi - lo).days
    pad_l, pad_r = (70 if early else 24), 24
    plot_w = width - pad_l - pad_r
    step = plot_w / span
    by_x: dict[Any, list[dict]] = defaultdict(list)
    for e in dated:
        by_x["early" if e["day"] < first else e["day"]].append(e)
    cap = 9
    rows = min(cap, max(len(v) for v in by_x.values()))
    r = max(3.0, min(7.0, step / 2 - 1))
    gap = 2 * r + 3
    height = 28 + rows * gap + 26
    base = height - 30

    def x_of(d: _dt.date) -> float:
        return pad_l + plot_w * (d - lo).days / span

    out = [open_svg(width, height, "Timeline of merged events by day", "strip"),
           "<title>Merged events by day</title>"]
    with_year = lo.year != hi.year
    for d in day_ticks(lo, hi, max_ticks=max(2, int(plot_w // 80))):
        x = x_of(d)
        label = day_label(d, with_year)
        anchor = "start" if x - text_width(label, 10.5) / 2 < 0 else (
            "end" if x + text_width(label, 10.5) / 2 > width else "middle")
        out.append(f'<path d="M{f1(x)} 14V{f1(base + 4)}" stroke="#edf0f4"/>'
                   f'<text x="{f1(x)}" y="{f1(height - 8)}" class="tick" text-anchor="{anchor}">'
                   f'{esc(label)}</text>')
    out.append(f'<path d="M{pad_l} {f1(base + 4)}H{f1(width - pad_r)}" stroke="#9aa3b0"/>')
    if early:
        out.append(f'<path d="M{pad_l - 12} 14V{f1(base + 4)}" stroke="#9aa3b0" '
                   f'stroke-dasharray="3 3"/><text x="{f1((pad_l - 12) / 2)}" y="{f1(height - 8)}" '
                   f'class="tick" text-anchor="middle">earlier</text>')
    for key, group in sorted(by_x.items(), key=lambda kv: (kv[0] != "early", str(kv[0]))):
        group.sort(key=lambda e: (e["hollow"], -e["n_sources"], e["id"]))
        x = (pad_l - 12) / 2 if key == "early" else x_of(key)
        for i, e in enumerate(group[:cap]):
            y = base - r - i * gap
            rr = r if e["n_documents"] < 2 else r + 1.5
            col = score_colour(e["score"])
            if e["hollow"]:
                paint = f'fill="#fff" stroke="{col}" stroke-width="2"'
                rr -= 1
            else:
                paint = f'fill="{col}"' + (' stroke="#1d2330" stroke-width="1.2"'
                                           if e["n_documents"] > 1 else "")
            when = e["date"] or f"undated, first reported {e['report_day']}"
            tip = (f'{when} · {e["type"]}: {e["who"]} · {e["n_documents"]} document(s) · '
                   f'{score_label(e["score"])}')
            out.append(f'<a href="#{esc(e["anchor"])}"><circle cx="{f1(x)}" cy="{f1(y)}" '
                       f'r="{f1(rr)}" {paint}><title>{esc(tip)}</title></circle></a>')
        if len(group) > cap:
            out.append(f'<text x="{f1(x)}" y="{f1(base - cap * gap - 2)}" class="tick" '
                       f'text-anchor="middle">+{len(group) - cap}</text>')
    out.append("</svg>")
    return "".join(out)


def legend_scale() -> str:
    """A small bar showing the conflict–cooperation colour scale."""
    stops = "".join(f'<stop offset="{i * 10}%" stop-color="{score_colour(-10 + 2 * i)}"/>'
                    for i in range(11))
    return (f'<svg class="scale" viewBox="0 0 180 30" width="180" height="30" role="img" '
            f'aria-label="Colour scale from conflict (-10) to cooperation (+10)"><defs>'
            f'<linearGradient id="score-scale">{stops}'
            f'</linearGradient></defs><rect x="0" y="2" width="180" height="9" rx="2" '
            f'fill="url(#score-scale)"/><text x="0" y="25" class="tick">−10 conflict</text>'
            f'<text x="180" y="25" class="tick" text-anchor="end">cooperation +10</text></svg>')

