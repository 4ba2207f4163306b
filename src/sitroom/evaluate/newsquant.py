"""NewsQuant (CQE evaluation set): quantities in news sentences scored against ours.

A gold value is a number, or a pair written ``low-high`` (a range, or the two ends of a
change "from A to B"). Our quantity's value follows the same convention: a number, a
``(low, high)`` range, ``(A, B)`` for a change, and ``(n, 10n)`` for a vague amount
("dozens" -> 12-120, "tens of thousands" -> 10000-100000), as the set's authors count.
Values match when numerically equal (relative tolerance 1e-6; pairs end by end);
matching is one-to-one per sentence. The quantity extractor is scored; a document that
comes back without its parse (a pipeline that dropped it) is scored by its figures.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import InputError
from ..extract.figures.quantities import Quantity, extract_quantities
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


def quantity_value(q: Quantity) -> Value | None:
    """A quantity's value in NewsQuant's convention."""
    if q.from_value is not None and q.value is not None:
        return float(q.from_value), float(q.value)
    if q.qualifier == "vague" and q.scale:
        return float(q.scale), float(q.scale) * 10
    if q.qualifier == "range" and q.low is not None and q.high is not None:
        return float(q.low), float(q.high)
    for v in (q.value, q.low, q.high):
        if v is not None:
            return float(v)
    return None


_CHANGE = {"exact": "=", "about": "~", "at_least": ">", "at_most": "<", "range": "=", "vague": "="}


def _pred(x) -> tuple[Value | None, str, str]:
    """(value, normalised unit, change) of a quantity or a figure."""
    if isinstance(x, Quantity):
        return quantity_value(x), (x.unit_norm or "-").lower(), x.change
    return figure_value(x), normalise_unit(x.unit), _CHANGE.get(x.qualifier, "=")


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


def score_sentence(item: dict, found: list) -> dict[str, Counts]:
    """Value, value+unit (CQE style), value+change, and value+unit where both sides have a unit.

    ``found`` holds quantities or figures.
    """
    golds = [(parse_value(q.get("value", "")), (q.get("normalized_unit") or "-").lower(),
              (q.get("unit") or "-").lower(), q.get("change") or "=")
             for q in item.get("quantities") or ()]
    preds = [p for p in map(_pred, found) if p[0] is not None]

    def unit_ok(g, p) -> bool:
        return p[1] in (g[1], g[2])

    out = {}
    out["value"], _ = _count(golds, preds, lambda g, p: values_equal(g[0], p[0]))
    out["value_unit"], _ = _count(golds, preds,
                                  lambda g, p: values_equal(g[0], p[0]) and unit_ok(g, p))
    out["value_change"], _ = _count(golds, preds,
                                    lambda g, p: values_equal(g[0], p[0]) and g[3] == p[2])
    gu = [g for g in golds if g[1] != "-"]
    pu = [p for p in preds if p[1] != "-"]
    out["value_unit_both"], _ = _count(gu, pu, lambda g, p: values_equal(g[0], p[0]) and unit_ok(g, p))
    return out


def _show(x) -> str:
    v, unit, change = _pred(x)
    return f"{v} {unit if unit != '-' else ''} {change}".replace("  ", " ").strip()


def evaluate_newsquant(path: str | Path, limit: int | None = None, pipeline=None) -> EvalResult:
    """Value and value+unit P/R/F1 of our figures on NewsQuant sentences."""
    from ..pipeline import Pipeline
    from .runs import run_texts
    items = read_newsquant(path, limit)
    # Quantities need only the parse: clean and annotate, keeping the spaCy Doc.
    pl = pipeline or Pipeline(("clean", "annotate"), keep_nlp=True).initialize()
    docs = run_texts(pl, [Document.from_text(it["text"]) for it in items])
    total: dict[str, Counts] = {}
    errors: list[ErrorItem] = []
    for i, (it, doc) in enumerate(zip(items, docs)):
        if doc.error:
            found = []
        elif doc.nlp is not None:
            found = extract_quantities(doc.nlp)
            doc.nlp = None
        else:
            found = list(doc.figures)
        counts = score_sentence(it, found)
        for k, v in counts.items():
            total[k] = total.get(k, Counts()) + v
        c = counts["value"]
        if c.fp or c.fn:
            gold = ", ".join(f"{q.get('value')} {q.get('normalized_unit')} {q.get('change')}"
                             for q in it.get("quantities") or ())
            pred = ", ".join(_show(x) for x in found)
            errors.append(ErrorItem("value", "wrong", str(i),
                                    f"gold [{gold}] predicted [{pred}]", it["text"]))
    notes = ["scored: the quantity extractor (sitroom.extract.figures.quantities), every number with its unit",
             "value_unit: CQE-style, the normalised unit must also agree ('-' = none); "
             "value_change: the change mark (= ~ > < up down) must also agree; "
             "value_unit_both: only gold quantities with a unit against predictions with one",
             "published CQE scores are on the full 590 sentences; this is the even-indexed half"]
    p = Path(path)
    return EvalResult(p.stem, "newsquant", len(items), {k: v.to_dict() for k, v in total.items()},
                      errors, notes)
