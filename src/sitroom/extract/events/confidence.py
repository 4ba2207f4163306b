"""An event's confidence: a logistic model over what produced it and what it holds.

The evidence is the kind of trigger (the curated lexicon, a derived CAMEO verb, a bare
event noun, a set phrase, the relation classifier), whether a target and a date were
found, status, PLOVER quad class, and what kind of actor the source is. Weights and
the default cut are fitted by ``tools/fit_event_confidence.py`` (cross-validated by
file) and ship as ``data/event_confidence.json``; without that file the rule
confidence stands and nothing is cut.
"""
from __future__ import annotations

import functools
import json
import math

from ...knowledge import plover
from ...knowledge.data import data_path

# Events of the curated rules stand whatever their confidence; the cut applies to the rest.
CURATED = ("lexicon", "idiom", "modal")
ORIGINS = ("lexicon", "cameo", "noun", "cameo_noun", "idiom", "classifier", "modal")
_CIVIL = frozenset({"REF", "CVL", "OPP", "NGO", "MED", "BUS"})
_OFFICIAL = frozenset({"GOV", "MIL", "POL", "LEG", "JUD", "IGO"})


def features(doc, ev, origin: str, fallback: bool = False) -> dict[str, float]:
    """The named evidence of one event candidate (all values 0/1 but the rule confidence)."""
    x = {f"origin_{o}": float(origin == o) for o in ORIGINS}
    q = plover.QUAD.get(ev.type, 0)
    x.update({f"quad_{k}": float(q == k) for k in (1, 2, 3, 4)})
    x.update({f"{o}_q{k}": float(origin == o and q == k)
              for o in ("cameo", "noun", "cameo_noun") for k in (1, 2, 3, 4)})
    src = [a for a in map(doc.actor, ev.source) if a is not None]
    x["has_target"] = float(bool(ev.target))
    x["has_date"] = float(bool(ev.date))
    x["planned"] = float(ev.status == "planned")
    x["denied"] = float(ev.status == "denied")
    x["fallback"] = float(fallback)
    x["no_source"] = float(not src)
    x["src_person"] = float(any(a.kind == "person" for a in src))
    x["src_country"] = float(any(a.kind == "country" for a in src))
    x["src_official"] = float(any(a.sector in _OFFICIAL for a in src))
    x["src_civil"] = float(bool(src) and all(a.sector in _CIVIL or a.kind == "group" for a in src))
    x["civil_q4"] = x["src_civil"] * float(q == 4)
    x["rule_confidence"] = float(ev.confidence)
    t = ev.trigger.start
    x["in_quote"] = float(any(q.kind == "direct" and q.span.start <= t < q.span.end
                              for q in doc.quotes))
    x["lead"] = float(ev.sentence.start < 400)
    return x


@functools.lru_cache(maxsize=1)
def model() -> dict | None:
    try:
        with open(data_path("event_confidence.json"), encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        return None


def score(x: dict[str, float], weights: dict[str, float], bias: float) -> float:
    z = bias + sum(weights.get(k, 0.0) * v for k, v in x.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def calibrated(x: dict[str, float]) -> float | None:
    """The fitted confidence of a candidate, or None without a shipped model."""
    m = model()
    if m is None:
        return None
    return score(x, m["weights"], m["bias"])


def default_cut() -> float:
    """The shipped minimum confidence (the best F1 under cross-validation), 0 without a model."""
    m = model()
    return float(m["min_confidence"]) if m else 0.0
