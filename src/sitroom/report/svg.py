"""Small helpers for drawing inline SVG: escaping, number and date formats, scales, colours."""
from __future__ import annotations

import datetime as _dt
import html
import math
import re

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

# Categorical colours (colour-blind safe, after Okabe & Ito) for claimants and stories.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f6d5f",
           "#9b2f8f", "#3d7d3d", "#b8860b")
GREY = "#8a93a3"

# The conflict–cooperation scale (PLOVER/Goldstein style, -10 .. +10) drawn red → grey → blue.
_CONFLICT = (178, 34, 52)
_NEUTRAL = (150, 157, 170)
_COOPERATION = (33, 102, 172)


def esc(text: object) -> str:
    """Text safe inside SVG/HTML elements and attribute values."""
    return html.escape("" if text is None else str(text), quote=True)


def f1(x: float) -> str:
    """A coordinate with one decimal, no trailing zeros (keeps the markup small)."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def parse_date(value: str | None) -> tuple[_dt.date, str] | None:
    """(first day, granularity) of "YYYY", "YYYY-MM" or "YYYY-MM-DD..."; None when unparseable."""
    m = _DATE.match(value or "")
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        return _dt.date(int(y), int(mo or 1), int(d or 1)), ("day" if d else "month" if mo else "year")
    except ValueError:
        return None


def period_end(start: _dt.date, granularity: str) -> _dt.date:
    """The last day of the period that starts on ``start``."""
    if granularity == "year":
        return _dt.date(start.year, 12, 31)
    if granularity == "month":
        nxt = _dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return nxt - _dt.timedelta(days=1)
    return start


def place_date(date: str | None, published: str | None) -> tuple[_dt.date, bool] | None:
    """The day to draw a dated fact at, and whether that day is exact.

    A month or year ("2021-11") is drawn at the report's publication day when that falls
    inside the period (the report speaks of it then), else at the period's first day.
    """
    d = parse_date(date)
    p = parse_date(published)
    if d and d[1] == "day":
        return d[0], True
    if d:
        if p and d[0] <= p[0] <= period_end(*d):
            return p[0], False
        return d[0], False
    if p:
        return p[0], False
    return None


def day_label(day: _dt.date, with_year: bool = False) -> str:
    return day.strftime("%b ") + str(day.day) + (f", {day.year}" if with_year else "")


def nice_step(span: float, target: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) giving about ``target`` intervals over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def value_ticks(hi: float, target: int = 4) -> list[float]:
    """Ticks from 0 up to at least ``hi``."""
    step = nice_step(hi, target)
    n = max(1, math.ceil(hi / step - 1e-9))
    return [i * step for i in range(n + 1)]


def short_number(x: float) -> str:
    """12, 1.5k, 2.3M: axis labels that fit."""
    a = abs(x)
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            s = f"{x / div:.1f}".rstrip("0").rstrip(".")
            return s + suffix
    return f"{x:g}"


def day_ticks(lo: _dt.date, hi: _dt.date, max_ticks: int = 7) -> list[_dt.date]:
    """Readable date ticks between two days: every day, every few days, weekly or monthly."""
    span = (hi - lo).days
    for step in (1, 2, 3, 7, 14):
        if span / step <= max_ticks - 1:
            return [lo + _dt.timedelta(days=i) for i in range(0, span + 1, step)]
    months, d = [], _dt.date(lo.year, lo.month, 1)
    while d <= hi:
        if d >= lo:
            months.append(d)
        d = _dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    every = max(1, math.ceil(len(months) / max_ticks))
    return months[::every] or [lo]


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> str:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b))
    return f"#{r:02x}{g:02x}{bl:02x}"


def score_colour(score: float | None) -> str:
    """Colour of a conflict–cooperation score: red (−10) through grey (0) to blue (+10)."""
    if score is None:
        return GREY
    s = max(-10.0, min(10.0, float(score))) / 10
    return _mix(_NEUTRAL, _CONFLICT, -s) if s < 0 else _mix(_NEUTRAL, _COOPERATION, s)


def score_label(score: float | None) -> str:
    if score is None:
        return "no score"
    kind = "conflict" if score < -0.5 else "cooperation" if score > 0.5 else "neutral"
    return f"{score:+.1f} ({kind})"


def text_width(text: str, size: float = 11) -> float:
    """Rough rendered width of sans-serif text (for label placement, not typesetting)."""
    return len(text) * size * 0.56 + 2


def open_svg(width: float, height: float, label: str, cls: str) -> str:
    return (f'<svg class="{cls}" viewBox="0 0 {f1(width)} {f1(height)}" width="{f1(width)}" '
            f'height="{f1(height)}" role="img" aria-label="{esc(label)}">')
