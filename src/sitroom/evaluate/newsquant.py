"""NewsQuant (CQE evaluation set): quantities in news sentences scored against our figures.

A gold value is a number, or a range written ``low-high``. A predicted figure's value is
its ``value`` (else ``low``), or ``(low, high)`` when it is a range. Values match when
numerically equal (relative tolerance 1e-6; ranges end by end); matching is one-to-one
per sentence. Our figures layer targets counts of people and money, while NewsQuant
annotates every quantity, so recall is bounded by design.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import InputError
from ..records import Document, Figure
from .match import Counts, assign, numbers_equal
from .result import EvalResult, ErrorItem

Value = float | tuple[float, float]
_RANGE = re.compile(r"^\s*(-?[\d.]+(?:[eE][-+]?\d+)?)\s*-\s*(-?[\d.]+(?:[eE][-+]?\d+)?)\s*$")

# Our currency codes and symbols to NewsQuant's normalised unit names.
CURRENCY_UNITS = {
    "USD": "dollar", "$": "dollar", "US$": "dollar", "EUR": "euro", "€": "euro",
    "GBP": "pound sterling", "£": "pound sterling", "JPY": "japanese yen", "¥": "japanese yen",
    "AUD": "australian dollar", "A$": "australian dollar", "CAD": "canadian dollar",
    "HKD": "hong kong dollar", "ILS": "shekel", "₪": "shekel", "MYR": "malaysian ringgit",
    "CHF": "swiss franc", "CNY": "chinese yuan", "INR": "indian rupee", "₹": "indian rupee",
    "RUB": "russian ruble", "₽": "russian ruble", "PLN": "polish zloty", "%": "percentage",
    "percent": "percentage",
}


def parse_value(text: str) -> Value | None:
    """A gold value string as a number or a (low, high) pair."""
    s = str(text).strip()
    m = _RANGE.match(s)
    if m:
        return float(m.group(1)), float(m.group(2))
    try:
        return float(s)
    except ValueError:
        return None


def figure_value(f: Figure) -> Value | None:
    """The value a figure states: a range when low and high differ, else a number."""
    if f.low is not None and f.high is not None and not numbers_equal(f.low, f.high):
        return float(f.low), float(f.high)
    if f.value is not None:
        return float(f.value)
    if f.low is not None:
        return float(f.low)
    if f.high is not None:
        return float(f.high)
    return None


def values_equal(a: Value | None, b: Value | None) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, tuple) != isinstance(b, tuple):
        return False
    if isinstance(a, tuple):
        return numbers_equal(a[0], b[0]) and numbers_equal(a[1], b[1])  # type: ignore[index]
    return numbers_equal(a, b)  # type: ignore[arg-type]


def normalise_unit(unit: str | None) -> str:
    """Our unit in NewsQuant's vocabulary; ``-`` when there is none."""
    if not unit or not unit.strip():
        return "-"
    u = unit.strip()
    return CURRENCY_UNITS.get(u, CURRENCY_UNITS.get(u.upper(), u.lower()))


def read_newsquant(path: str | Path, limit: int | None = None) -> list[dict]:
    """The ``{text, quantities}`` items of a NewsQuant JSON file."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(p), f"not readable JSON: {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(x, dict) and "text" in x for x in data):
        raise InputError(str(p), "a NewsQuant file is a JSON list of {text, quantities} objects")
    return data[:limit] if limit is not None else data


def _count(golds, preds, ok) -> tuple[Counts, list[tuple[int, int]]]:
    pairs = assign(len(golds), len(preds), lambda g, p: 1.0 if ok(golds[g], preds[p]) else 0.0)
    return Counts(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)), pairs


def score_sentence(item: dict, figures: list[Figure]) -> dict[str, Counts]:
    """Value, value+unit (CQE style) and value+unit where both sides have a unit."""
    golds = [(parse_value(q.get("value", "")), (q.get("normalized_unit") or "-").lower(),
              (q.get("unit") or "-").lower()) for q in item.get("quantities") or ()]
    preds = [(figure_value(f), normalise_unit(f.unit)) for f in figures]
    preds = [p for p in preds if p[0] is not None]

    def unit_ok(g, p) -> bool:
        return p[1] in (g[1], g[2])

    out = {}
    out["value"], _ = _count(golds, preds, lambda g, p: values_equal(g[0], p[0]))
    out["value_unit"], _ = _count(golds, preds,
                                  lambda g, p: values_equal(g[0], p[0]) and unit_ok(g, p))
    gu = [g for g in golds if g[1] != "-"]
    pu = [p for p in preds if p[1] != "-"]
    out["value_unit_both"], _ = _count(gu, pu, lambda g, p: values_equal(g[0], p[0]) and unit_ok(g, p))
    return out


def evaluate_newsquant(path: str | Path, limit: int | None = None, pipeline=None) -> EvalResult:
    """Value and value+unit P/R/F1 of our figures on NewsQuant sentences."""
    from .runner import make_pipeline, run_texts
    items = read_newsquant(path, limit)
    pl = pipeline or make_pipeline()
    docs = run_texts(pl, [Document.from_text(it["text"]) for it in items])
    total: dict[str, Counts] = {}
    errors: list[ErrorItem] = []
    for i, (it, doc) in enumerate(zip(items, docs)):
        figs = list(doc.figures) if not doc.error else []
        counts = score_sentence(it, figs)
        for k, v in counts.items():
            total[k] = total.get(k, Counts()) + v
        c = counts["value"]
        if c.fp or c.fn:
            gold = ", ".join(f"{q.get('value')} {q.get('unit')}" for q in it.get("quantities") or ())
            pred = ", ".join(f"{figure_value(f)} {f.unit or ''}".strip() for f in figs)
            errors.append(ErrorItem("value", "wrong", str(i),
                                    f"gold [{gold}] predicted [{pred}]", it["text"]))
    notes = ["our figures layer extracts counts of people (and money) rather than every "
             "quantity; NewsQuant annotates all quantities (percentages, distances, prices...)",
             "value_unit: CQE-style, the normalised unit must also agree ('-' = none); "
             "value_unit_both: only gold quantities with a unit against predictions with one",
             "published CQE scores are on the full 590 sentences; this is the even-indexed half"]
    p = Path(path)
    return EvalResult(p.stem, "newsquant", len(items), {k: v.to_dict() for k, v in total.items()},
                      errors, notes)
