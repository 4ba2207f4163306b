"""Score one document's predicted layers against its gold file, and sum over documents.

Scoring takes a validated gold dict and a processed :class:`Document`; it never runs the
pipeline. Predicted spans are offsets into ``doc.clean_text``, so gold date texts are
looked up in the clean text, not in the original article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..records import Document, Span
from .match import (Counts, NameMatcher, assign, dates_close, figure_matches, overlaps, prf,
                    text_tokens, texts_match, token_f1)
from .result import ErrorItem

LAYER_ORDER = ("boilerplate", "actors", "events", "events_type_only", "quotes", "figures",
               "figures_attribution", "places", "dates")

# Words that cannot by themselves tie a predicted date to a gold date text.
FUNCTION_WORDS = frozenset("""
a an the this that these those on in at of for from to by with since until till through
during before after ago and or but nor as than then about around over under between
early late last next past coming this previous following same its his her their our
""".split())

MIN_CONTAINED_ENTRY = 16   # boilerplate entries this long also survive inside a longer line


@dataclass
class LayerScore:
    counts: Counts = field(default_factory=Counts)
    errors: list[ErrorItem] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _sentence(doc: Document, span: Span | None) -> str:
    if span is None:
        return ""
    s = doc.sentence_of(span)
    if s is not None:
        return doc.clean_text[s.start:s.end]
    start = doc.clean_text.rfind("\n", 0, span.start) + 1
    end = doc.clean_text.find("\n", span.end)
    return doc.clean_text[start: end if end >= 0 else len(doc.clean_text)]


def _locate(doc: Document, strings: Iterable[str | None]) -> str:
    """The clean-text sentence where the first of ``strings`` found occurs (gold evidence)."""
    for needle in strings:
        if needle:
            i = doc.clean_text.find(needle)
            if i >= 0:
                return _sentence(doc, Span(doc.id, i, i + len(needle)))
    return ""


def _names(doc: Document, ids: Iterable[str]) -> list[str]:
    out: list[str] = []
    for i in ids or ():
        a = doc.actor(i)
        if a is not None:
            out.extend(a.names)
    return out


def _first(names: list[str] | None) -> str:
    return names[0] if names else "-"


def _match_layer(layer: str, name: str, golds: list[dict], preds: list,
                 weight: Callable[[dict, object], float],
                 describe_gold: Callable[[dict], str], gold_evidence: Callable[[dict], str],
                 describe_pred: Callable[[object], str], pred_evidence: Callable[[object], str]
                 ) -> tuple[LayerScore, list[tuple[int, int]]]:
    pairs = assign(len(golds), len(preds), lambda g, p: weight(golds[g], preds[p]))
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    score = LayerScore(Counts(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)))
    for i, g in enumerate(golds):
        if i not in matched_g:
            score.errors.append(ErrorItem(layer, "fn", name, describe_gold(g), gold_evidence(g)))
    for i, p in enumerate(preds):
        if i not in matched_p:
            score.errors.append(ErrorItem(layer, "fp", name, describe_pred(p), pred_evidence(p)))
    return score, pairs


def score_actors(golds: list[dict], doc: Document, m: NameMatcher, name: str) -> LayerScore:
    preds = list(doc.actors)
    score, _ = _match_layer(
        "actors", name, golds, preds,
        lambda g, a: 1.0 if m.matches(g["names"], a.names) else 0.0,
        lambda g: f"{g['names'][0]} ({g.get('kind')})", lambda g: _locate(doc, g["names"]),
        lambda a: f"{a.name} ({a.kind})",
        lambda a: _sentence(doc, a.spans[0]) if a.spans else "")
    return score


def _event_desc(type_: str, src: list[str] | None, tgt: list[str] | None, date: str | None) -> str:
    return f"{type_} {_first(src)} -> {_first(tgt)}" + (f" ({date})" if date else "")


def score_events(golds: list[dict], doc: Document, m: NameMatcher, name: str
                 ) -> tuple[LayerScore, LayerScore]:
    """The full event score and the type-only score (type and date, actors ignored)."""
    preds = [(e, _names(doc, e.source), _names(doc, e.target)) for e in doc.events]

    def full(g: dict, p) -> float:
        e, src, tgt = p
        if e.type != g["type"] or not dates_close(g.get("date"), e.date):
            return 0.0
        if not m.list_matches(g.get("source"), src):
            return 0.0
        if not m.list_matches(g.get("target"), tgt, empty_is_any=True):
            return 0.0
        return 1.0

    def type_only(g: dict, p) -> float:
        e = p[0]
        return 1.0 if e.type == g["type"] and dates_close(g.get("date"), e.date) else 0.0

    def dg(g):
        return _event_desc(g["type"], g.get("source"), g.get("target"), g.get("date"))

    def dp(p):
        e, _, _ = p
        return _event_desc(e.type, [a.name for a in map(doc.actor, e.source) if a],
                           [a.name for a in map(doc.actor, e.target) if a], e.date)

    def ev(p):
        s = p[0].sentence
        return doc.clean_text[s.start:s.end]

    ge = lambda g: g.get("evidence") or ""  # noqa: E731
    s_full, pairs = _match_layer("events", name, golds, preds, full, dg, ge, dp, ev)
    s_type, _ = _match_layer("events_type_only", name, golds, preds, type_only, dg, ge, dp, ev)
    s_type.errors = []   # the full score's errors already list every item
    s_full.errors = _event_causes(doc, m, golds, preds, pairs, s_full.errors)
    return s_full, s_type


def _evidence_span(doc: Document, evidence: str) -> tuple[int, int] | None:
    """Where a gold event's evidence sits in the clean text (its sentence), if found."""
    if not evidence:
        return None
    i = doc.clean_text.find(evidence)
    if i < 0:
        i = doc.clean_text.find(evidence[:40])
    if i < 0:
        return None
    s = doc.sentence_of(Span(doc.id, i, i + len(evidence)))
    return (s.start, s.end) if s is not None else (i, i + len(evidence))


def _event_causes(doc: Document, m: NameMatcher, golds: list[dict], preds: list,
                  pairs: list[tuple[int, int]], errors: list[ErrorItem]) -> list[ErrorItem]:
    """Label each event error with its cause. A missed gold event is *no candidate* when no
    prediction shares its sentence; else the first thing the closest one there gets wrong:
    *wrong type*, *wrong source*, *wrong target* or *wrong date*. A false positive is
    *no gold event* when no gold event sits in its sentence, else *mismatch*."""
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    gold_spans = [_evidence_span(doc, g.get("evidence") or "") for g in golds]

    def near(span, p) -> bool:
        s = p[0].sentence
        return span is not None and s.start < span[1] and span[0] < s.end

    def cause(g: dict, span) -> str:
        cands = [p for k, p in enumerate(preds) if near(span, p)]
        free = [p for k, p in enumerate(preds) if k not in matched_p and near(span, p)]
        cands = free or cands
        if not cands:
            return "no candidate"
        typed = [p for p in cands if p[0].type == g["type"]]
        if not typed:
            return "wrong type"
        src = [p for p in typed if m.list_matches(g.get("source"), p[1])]
        if not src:
            return "wrong source"
        if not any(m.list_matches(g.get("target"), p[2], empty_is_any=True) for p in src):
            return "wrong target"
        return "wrong date"

    fn = [k for k in range(len(golds)) if k not in matched_g]
    fp = [k for k in range(len(preds)) if k not in matched_p]
    out, i_fn, i_fp = [], iter(fn), iter(fp)
    for e in errors:
        if e.kind == "fn":
            k = next(i_fn)
            e = ErrorItem(e.layer, e.kind, e.document, e.item, e.evidence,
                          cause(golds[k], gold_spans[k]))
        elif e.kind == "fp":
            k = next(i_fp)
            hit = any(near(sp, preds[k]) for sp in gold_spans)
            e = ErrorItem(e.layer, e.kind, e.document, e.item, e.evidence,
                          "mismatch" if hit else "no gold event")
        out.append(e)
    return out


def _speaker_names(doc: Document, q) -> list[str]:
    a = doc.actor(q.speaker)
    if a is not None:
        return list(a.names)
    return [q.speaker_text] if q.speaker_text else []


def score_quotes(golds: list[dict], doc: Document, m: NameMatcher, name: str) -> LayerScore:
    preds = [(q, _speaker_names(doc, q)) for q in doc.quotes]

    def weight(g: dict, p) -> float:
        q, speakers = p
        if not m.list_matches(g.get("speaker"), speakers):
            return 0.0
        if not texts_match(g["text"], q.text):
            return 0.0
        return max(0.01, token_f1(g["text"], q.text))

    score, _ = _match_layer(
        "quotes", name, golds, preds, weight,
        lambda g: f"{_first(g.get('speaker'))}: \"{g['text']}\"",
        lambda g: _locate(doc, [g["text"]]) or g["text"],
        lambda p: f"{_first(p[1])}: \"{p[0].text}\"", lambda p: _sentence(doc, p[0].span))
    return score


def _num(v) -> str:
    if v is None:
        return "-"
    return str(int(v)) if float(v).is_integer() else str(v)


def _claim_names(doc: Document, f) -> list[str]:
    a = doc.actor(f.claimed_by)
    if a is not None:
        return list(a.names)
    return [f.claimed_by_text] if f.claimed_by_text else []


def score_figures(golds: list[dict], doc: Document, m: NameMatcher, name: str
                  ) -> tuple[LayerScore, int, int]:
    """The figure score, and how many matched figures have the right ``claimed_by``."""
    preds = [(f, _claim_names(doc, f)) for f in doc.figures]

    def claimed_ok(g: dict, p) -> bool:
        return m.list_matches(g.get("claimed_by") or [], p[1])

    def weight(g: dict, p) -> float:
        f = p[0]
        if not figure_matches(g, f.category, f.value, f.low, f.high):
            return 0.0
        return 1.0 if claimed_ok(g, p) else 0.5   # prefer pairings with the right source

    def dg(g):
        return (f"{g['category']} value={_num(g.get('value'))} low={_num(g.get('low'))} "
                f"high={_num(g.get('high'))} by {_first(g.get('claimed_by'))}")

    def dp(p):
        f, by = p
        return (f"{f.category} value={_num(f.value)} low={_num(f.low)} high={_num(f.high)} "
                f"by {_first(by)}")

    score, pairs = _match_layer("figures", name, golds, preds, weight, dg,
                                lambda g: g.get("evidence") or "", dp,
                                lambda p: _sentence(doc, p[0].span))
    right = 0
    for gi, pi in pairs:
        if claimed_ok(golds[gi], preds[pi]):
            right += 1
        else:
            score.errors.append(ErrorItem(
                "figures_attribution", "wrong", name,
                f"{dg(golds[gi])}; predicted by {_first(preds[pi][1])}",
                golds[gi].get("evidence") or _sentence(doc, preds[pi][0].span)))
    return score, right, len(pairs)


def score_places(golds: list[dict], doc: Document, m: NameMatcher, name: str) -> LayerScore:
    preds = list(doc.places)

    def weight(g: dict, p) -> float:
        if (g.get("country") or "").upper() != (p.country or "").upper():
            return 0.0
        return 1.0 if m.matches(g["names"], (p.name, p.text)) else 0.0

    score, _ = _match_layer(
        "places", name, golds, preds, weight,
        lambda g: f"{g['names'][0]} ({g.get('country')})", lambda g: _locate(doc, g["names"]),
        lambda p: f"{p.text} -> {p.name} ({p.country})", lambda p: _sentence(doc, p.span))
    return score


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, i = [], text.find(needle)
    while needle and i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def _content_words(text: str) -> set[str]:
    return {t for t in text_tokens(text) if t not in FUNCTION_WORDS}


def score_dates(golds: list[dict], doc: Document, m: NameMatcher, name: str) -> LayerScore:
    preds = list(doc.dates)
    where = [_occurrences(doc.clean_text, g["text"]) for g in golds]
    index = {id(g): i for i, g in enumerate(golds)}

    def weight(g: dict, d) -> float:
        if str(g["value"]).strip() != str(d.value).strip():
            return 0.0
        spans = where[index[id(g)]]
        if spans:
            return 1.0 if any(overlaps(s, (d.span.start, d.span.end)) for s in spans) else 0.0
        return 1.0 if _content_words(g["text"]) & _content_words(d.text) else 0.0

    score, pairs = _match_layer(
        "dates", name, golds, preds, weight,
        lambda g: f"\"{g['text']}\" = {g['value']}", lambda g: _locate(doc, [g["text"]]),
        lambda d: f"\"{d.text}\" = {d.value}", lambda d: _sentence(doc, d.span))
    # The gold lists an expression once; another mention of the same text with the same
    # value ("on Monday" twice) repeats a matched item: neither a hit nor a false positive.
    matched = {(_date_key(golds[g]["text"]), str(golds[g]["value"]).strip()) for g, _ in pairs}
    used = {p for _, p in pairs}
    repeats = [d for i, d in enumerate(preds) if i not in used
               and (_date_key(d.text), str(d.value).strip()) in matched]
    if repeats:
        shown = {f"\"{d.text}\" = {d.value}" for d in repeats}
        score.counts = Counts(score.counts.tp, score.counts.fp - len(repeats), score.counts.fn)
        score.errors = [e for e in score.errors if not (e.kind == "fp" and e.item in shown)]
        score.extra["repeated_mentions"] = len(repeats)
    return score


def _date_key(text: str) -> str:
    return " ".join(text.lower().split())


_LINE_SPACE = re.compile(r"[ \t\u00a0]+")


def _trim(line: str) -> str:
    return _LINE_SPACE.sub(" ", line).strip()


def score_boilerplate(gold: dict, original: str, clean: str, name: str) -> LayerScore:
    """Boilerplate entries removed (recall) and ``keep`` lines kept (precision)."""
    orig_lines = {_trim(x) for x in original.splitlines() if x.strip()}
    clean_lines = [_trim(x) for x in clean.splitlines() if x.strip()]
    clean_set = set(clean_lines)
    clean_flat = _trim(" ".join(clean.split()))
    removed = survived = kept = lost = 0
    errors: list[ErrorItem] = []
    for entry in gold.get("boilerplate") or ():
        e = _trim(entry)
        if e in orig_lines:
            alive = e in clean_set or (len(e) >= MIN_CONTAINED_ENTRY and any(e in c for c in clean_lines))
        else:
            alive = any(e in c for c in clean_lines)
        if alive:
            survived += 1
            errors.append(ErrorItem("boilerplate", "fn", name, f"survived cleaning: {e}", e))
        else:
            removed += 1
    for line in gold.get("keep") or ():
        k = _trim(" ".join(line.split()))
        if k in clean_flat:
            kept += 1
        else:
            lost += 1
            errors.append(ErrorItem("boilerplate", "fp", name, f"keep line removed: {k}", k))
    score = LayerScore(Counts(removed, lost, survived), errors,
                       {"keep_kept": kept, "keep_lost": lost})
    return score


@dataclass
class DocScore:
    name: str
    layers: dict[str, LayerScore]
    attribution: tuple[int, int] | None = None   # right, matched


def score_document(gold: dict, doc: Document, original_text: str | None = None,
                   layers: Iterable[str] | None = None, name: str | None = None) -> DocScore:
    """Score every layer the gold annotates (restricted to ``layers`` when given)."""
    want = set(layers) if layers else None
    name = name or gold.get("document") or doc.id
    m = NameMatcher.from_gold(gold)
    out: dict[str, LayerScore] = {}
    attribution = None

    def on(layer: str) -> bool:
        return want is None or layer in want

    if ("boilerplate" in gold or "keep" in gold) and on("boilerplate"):
        out["boilerplate"] = score_boilerplate(gold, original_text if original_text is not None
                                               else doc.text, doc.clean_text, name)
    if "actors" in gold and on("actors"):
        out["actors"] = score_actors(gold["actors"], doc, m, name)
    if "events" in gold and on("events"):
        out["events"], out["events_type_only"] = score_events(gold["events"], doc, m, name)
    if "quotes" in gold and on("quotes"):
        out["quotes"] = score_quotes(gold["quotes"], doc, m, name)
    if "figures" in gold and on("figures"):
        out["figures"], right, total = score_figures(gold["figures"], doc, m, name)
        attribution = (right, total)
    if "places" in gold and on("places"):
        out["places"] = score_places(gold["places"], doc, m, name)
    if "dates" in gold and on("dates"):
        out["dates"] = score_dates(gold["dates"], doc, m, name)
    return DocScore(name, out, attribution)


class Scoreboard:
    """Micro-averaged sums over documents."""

    def __init__(self) -> None:
        self.documents = 0
        self.counts: dict[str, Counts] = {}
        self.extra: dict[str, dict[str, int]] = {}
        self.attribution: list[int] | None = None
        self.errors: list[ErrorItem] = []

    def add(self, score: DocScore) -> None:
        self.documents += 1
        for layer, ls in score.layers.items():
            self.counts[layer] = self.counts.get(layer, Counts()) + ls.counts
            bucket = self.extra.setdefault(layer, {})
            for k, v in ls.extra.items():
                bucket[k] = bucket.get(k, 0) + v
            self.errors.extend(ls.errors)
        if score.attribution is not None:
            if self.attribution is None:
                self.attribution = [0, 0]
            self.attribution[0] += score.attribution[0]
            self.attribution[1] += score.attribution[1]

    def layers(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for layer in LAYER_ORDER:
            if layer == "figures_attribution":
                if self.attribution is not None:
                    right, total = self.attribution
                    out[layer] = {"accuracy": round(right / total, 4) if total else 0.0,
                                  "correct": right, "matched": total}
                continue
            if layer not in self.counts:
                continue
            c = self.counts[layer]
            d = c.to_dict()
            if layer == "boilerplate":
                kept = self.extra[layer].get("keep_kept", 0)
                p = prf(kept, c.fp, 0)[0]
                r = c.recall
                f = 2 * p * r / (p + r) if p + r else 0.0
                d.update({"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                          "removed": c.tp, "survived": c.fn, "keep_kept": kept, "keep_lost": c.fp})
            elif layer == "dates":
                d["repeated_mentions"] = self.extra[layer].get("repeated_mentions", 0)
            out[layer] = d
        return out
