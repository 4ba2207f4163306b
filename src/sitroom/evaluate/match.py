"""Matching primitives: counts and scores, one-to-one assignment, dates, texts, numbers."""
from __future__ import annotations

import calendar
import datetime as _dt
import math
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

from .names import NameMatcher, normalise_name, text_tokens

__all__ = ["Counts", "prf", "assign", "date_interval", "dates_close", "token_f1",
           "contains_words", "texts_match", "numbers_equal", "figure_matches",
           "overlaps", "NameMatcher", "normalise_name", "text_tokens"]

try:  # scipy gives an optimal weighted assignment; without it, maximum matching suffices.
    from scipy.optimize import linear_sum_assignment as _lsa
except ImportError:  # pragma: no cover - exercised only where scipy is absent
    _lsa = None


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1; a side with nothing to count is perfect if the other is too."""
    p = tp / (tp + fp) if tp + fp else (1.0 if tp + fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else (1.0 if tp + fp == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return prf(self.tp, self.fp, self.fn)[2]

    def to_dict(self) -> dict:
        p, r, f = prf(self.tp, self.fp, self.fn)
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


# --- one-to-one assignment -------------------------------------------------------------

def assign(n_gold: int, n_pred: int, weight: Callable[[int, int], float]) -> list[tuple[int, int]]:
    """Optimal one-to-one matching of gold items to predictions.

    ``weight(g, p)`` is 0 when the pair does not match, else a quality in (0, 1] used
    only to break ties: the matching first maximises the number of pairs.
    """
    if n_gold == 0 or n_pred == 0:
        return []
    w = [[max(0.0, min(1.0, float(weight(g, p)))) for p in range(n_pred)] for g in range(n_gold)]
    if _lsa is not None:
        # 1 per pair plus a bonus below 1/(k+1): a larger matching always wins.
        eps = 1.0 / (min(n_gold, n_pred) + 1)
        cost = [[-(1.0 + eps * q) if q > 0 else 0.0 for q in row] for row in w]
        rows, cols = _lsa(cost)
        return sorted((int(g), int(p)) for g, p in zip(rows, cols) if w[g][p] > 0)
    return _max_matching(w)


def _max_matching(w: list[list[float]]) -> list[tuple[int, int]]:
    """Maximum bipartite matching by augmenting paths, trying better pairs first."""
    n_gold, n_pred = len(w), len(w[0])
    adj = [sorted((p for p in range(n_pred) if w[g][p] > 0), key=lambda p, g=g: -w[g][p])
           for g in range(n_gold)]
    owner: list[int | None] = [None] * n_pred

    def augment(g: int, seen: set[int]) -> bool:
        for p in adj[g]:
            if p in seen:
                continue
            seen.add(p)
            if owner[p] is None or augment(owner[p], seen):  # type: ignore[arg-type]
                owner[p] = g
                return True
        return False

    for g in range(n_gold):
        augment(g, set())
    return sorted((g, p) for p, g in enumerate(owner) if g is not None)


# --- dates ---------------------------------------------------------------------------------

def date_interval(value: str | None) -> tuple[_dt.date, _dt.date] | None:
    """The days an ISO value covers: a day, a whole month (YYYY-MM) or a whole year (YYYY)."""
    if not value:
        return None
    v = str(value).strip()
    try:
        if len(v) >= 10:
            d = _dt.date.fromisoformat(v[:10])
            return d, d
        if len(v) == 7:
            y, m = int(v[:4]), int(v[5:7])
            return _dt.date(y, m, 1), _dt.date(y, m, calendar.monthrange(y, m)[1])
        if len(v) == 4:
            y = int(v)
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    except ValueError:
        return None
    return None


def dates_close(a: str | None, b: str | None, days: int = 1) -> bool:
    """True when either date is missing, or the two are within ``days`` of each other."""
    if not a or not b:
        return True
    ia, ib = date_interval(a), date_interval(b)
    if ia is None or ib is None:
        return str(a).strip() == str(b).strip()
    gap = max((ia[0] - ib[1]).days, (ib[0] - ia[1]).days, 0)
    return gap <= days


# --- texts -----------------------------------------------------------------------------------

def token_f1(a: str, b: str) -> float:
    """F1 of the word-token multisets of two texts."""
    ta, tb = text_tokens(a), text_tokens(b)
    if not ta or not tb:
        return 0.0
    common = sum((Counter(ta) & Counter(tb)).values())
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def _contains_seq(big: Sequence[str], small: Sequence[str]) -> bool:
    n = len(small)
    if n == 0 or n > len(big):
        return False
    return any(list(big[i:i + n]) == list(small) for i in range(len(big) - n + 1))


def contains_words(a: str, b: str) -> bool:
    """True when one text contains the other as a run of whole words."""
    ta, tb = text_tokens(a), text_tokens(b)
    return _contains_seq(ta, tb) or _contains_seq(tb, ta)


def texts_match(gold: str, pred: str, threshold: float = 0.5) -> bool:
    """The quote-text rule: token F1 at least ``threshold``, or whole-word containment."""
    return token_f1(gold, pred) >= threshold or contains_words(gold, pred)


# --- numbers and figures ---------------------------------------------------------------------

def numbers_equal(a: float | None, b: float | None, rel: float = 1e-6) -> bool:
    """Equal within a relative tolerance; two missing numbers are equal, one missing is not."""
    if a is None or b is None:
        return a is None and b is None
    try:
        return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def figure_matches(gold: dict, category: str | None, value: float | None,
                   low: float | None, high: float | None) -> bool:
    """Same category, and the same value when both have one, else the same low and high."""
    if gold.get("category") != category:
        return False
    gv = gold.get("value")
    if gv is not None and value is not None:
        return numbers_equal(gv, value)
    return numbers_equal(gold.get("low"), low) and numbers_equal(gold.get("high"), high)


# --- spans ---------------------------------------------------------------------------------

def overlaps(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of characters two half-open spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
