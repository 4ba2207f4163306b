"""GeoWebNews (GWN XML): toponym recognition and resolution scored against our places.

Recognition: a predicted place matches a gold toponym when their spans overlap in the
original article text (clean offsets are mapped back); one-to-one. The paper's
auxiliary types (Literal_Expression, Non_Lit_Expression, Non_Toponym) are never gold.
Two variants: ``toponyms`` keeps Demonym, Language and Homonym as gold (the paper's
toponym set); ``toponyms_no_demonyms`` drops them (predictions on a Demonym or Language
are then ignored, a prediction on a Homonym, a place name used for something else, is
a false positive). Resolution is measured on recognised toponyms with gold coordinates.
"""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..records import Document, Place
from .match import Counts, assign, overlaps
from .offsets import OffsetMap
from .result import EvalResult, ErrorItem

AUXILIARY = frozenset({"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"})
SECONDARY = frozenset({"Demonym", "Language", "Homonym"})
IGNORED_IN_STRICT = frozenset({"Demonym", "Language"})
RADIUS_KM = 161.0


@dataclass(frozen=True)
class Toponym:
    name: str
    type: str
    start: int
    end: int
    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass
class Article:
    id: str
    text: str
    toponyms: list[Toponym]


def _num(el: ET.Element, tag: str, cast):
    t = el.findtext(tag)
    if t is None or not t.strip():
        return None
    try:
        return cast(t.strip())
    except ValueError:
        return None


def _repair(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of ``name`` nearest to ``start`` when the stored offsets do not hold it."""
    if not name or text[start:end] == name:
        return start, end
    hits = []
    i = text.find(name)
    while i >= 0:
        hits.append(i)
        i = text.find(name, i + 1)
    if not hits:
        return start, end
    best = min(hits, key=lambda h: abs(h - start))
    return best, best + len(name)


def read_gwn(path: str | Path, limit: int | None = None) -> list[Article]:
    """The articles of a GWN XML file, with all their annotations."""
    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(str(p), f"not readable GWN XML: {exc}") from exc
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            start, end = _num(t, "start", int), _num(t, "end", int)
            if start is None or end is None:
                continue
            name = t.findtext("extractedName") or ""
            start, end = _repair(text, name, start, end)
            if not 0 <= start < end <= len(text):   # a few stored offsets are unusable
                continue
            tops.append(Toponym(name, (t.findtext("type") or "").strip(),
                                start, end, _num(t, "geonamesID", int), _num(t, "latitude", float),
                                _num(t, "longitude", float)))
        out.append(Article(art.get("file") or str(len(out)), text, tops))
        if limit is not None and len(out) >= limit:
            break
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


class _Tally:
    def __init__(self) -> None:
        self.counts = {"toponyms": Counts(), "toponyms_no_demonyms": Counts()}
        self.with_coords = self.within = self.end_to_end_total = 0
        self.with_id = self.id_right = 0


def score_article(art: Article, doc: Document, tally: _Tally, errors: list[ErrorItem],
                  toponyms: list | None = None) -> None:
    """Add one article's counts; ``toponyms`` are the document's toponym mentions
    (:func:`sitroom.extract.places.toponyms.toponym_mentions`), else every mention of its places."""
    omap = OffsetMap(art.text, doc.clean_text)
    if toponyms is None:
        pairs = [(s, p) for p in doc.places for s in (p.spans or (p.span,))]
    else:
        pairs = [(t.span, t.place if t.place is not None else _unplaced(t)) for t in toponyms]
    # Every mention counts, as every mention is annotated in the gold.
    preds = [(omap.span(s.start, s.end), p) for s, p in pairs]
    preds = [(s, p) for s, p in preds if s is not None]
    for variant in ("toponyms", "toponyms_no_demonyms"):
        strict = variant != "toponyms"
        golds = [t for t in art.toponyms if t.type not in AUXILIARY
                 and not (strict and t.type in SECONDARY)]
        ps = preds
        if strict:
            ignore = [t for t in art.toponyms if t.type in IGNORED_IN_STRICT]
            ps = [x for x in preds if not any(overlaps(x[0], (t.start, t.end)) for t in ignore)]

        def w(g: int, p: int, golds=golds, ps=ps) -> float:
            t, (span, _) = golds[g], ps[p]
            ov = overlaps((t.start, t.end), span)
            return ov / max(t.end - t.start, span[1] - span[0]) if ov else 0.0

        pairs = assign(len(golds), len(ps), w)
        tally.counts[variant] = tally.counts[variant] + Counts(
            len(pairs), len(ps) - len(pairs), len(golds) - len(pairs))
        if strict:
            continue
        mg, mp = {g for g, _ in pairs}, {p for _, p in pairs}
        for i, t in enumerate(golds):
            if i not in mg:
                errors.append(ErrorItem(variant, "fn", art.id, f"{t.name} ({t.type})",
                                        _context(art.text, t.start, t.end)))
        for i, (span, p) in enumerate(ps):
            if i not in mp:
                errors.append(ErrorItem(variant, "fp", art.id, f"{p.text} -> {p.name}",
                                        _context(art.text, *span)))
        tally.end_to_end_total += sum(1 for t in golds if t.lat is not None and t.lon is not None)
        for g, p in pairs:
            t, place = golds[g], ps[p][1]
            if t.lat is not None and t.lon is not None:
                tally.with_coords += 1
                if place.lat is not None and place.lon is not None and \
                        haversine_km(t.lat, t.lon, place.lat, place.lon) <= RADIUS_KM:
                    tally.within += 1
            if t.geonameid is not None:
                tally.with_id += 1
                tally.id_right += int(place.geonameid == t.geonameid)


def _unplaced(t) -> Place:
    return Place(t.span, t.text, t.text, None, None, None, None, None, "other", False)


def _context(text: str, start: int, end: int, width: int = 80) -> str:
    return text[max(0, start - width): end + width]


def _default_gazetteer():
    from ..resources import Resources
    return Resources().gazetteer


def evaluate_geowebnews(path: str | Path, limit: int | None = None, pipeline=None) -> EvalResult:
    """Toponym recognition P/R/F1 and resolution accuracy@161 km on a GWN file."""
    from .runs import make_pipeline, run_texts
    arts = read_gwn(path, limit)
    pl = pipeline or make_pipeline()
    docs = run_texts(pl, [Document.from_text(a.text, path=a.id) for a in arts])
    from ..extract.places.toponyms import toponym_mentions
    resources = getattr(pl, "resources", None)
    gaz = resources.gazetteer if resources is not None else _default_gazetteer()
    tally, errors = _Tally(), []
    for art, doc in zip(arts, docs):
        score_article(art, doc, tally, errors, toponym_mentions(doc, gaz))
    ratio = lambda a, b: round(a / b, 4) if b else 0.0  # noqa: E731
    layers = {k: v.to_dict() for k, v in tally.counts.items()}
    layers["resolution"] = {
        "accuracy_161km": ratio(tally.within, tally.with_coords),
        "recognised_with_coordinates": tally.with_coords,
        "accuracy_161km_all_gold": ratio(tally.within, tally.end_to_end_total),
        "gold_with_coordinates": tally.end_to_end_total,
        "geonameid_accuracy": ratio(tally.id_right, tally.with_id),
        "recognised_with_geonameid": tally.with_id,
    }
    notes = ["predictions: every mention of every place, plus demonyms and language names "
             "(pointing at their country) and place names inside other names (\"Washington Post\", "
             "\"EU\"), which the places layer leaves out (sitroom.extract.places.toponyms.toponym_mentions)",
             "toponyms: all types except Literal_Expression, Non_Lit_Expression and Non_Toponym "
             "(Demonym, Language and Homonym included); toponyms_no_demonyms excludes those three",
             "accuracy_161km: recognised toponyms with gold coordinates whose predicted point is "
             "within 161 km (an unresolved place is a miss); accuracy_161km_all_gold divides by "
             "every gold toponym with coordinates"]
    return EvalResult(f"geowebnews/{Path(path).stem}", "geowebnews", len(arts), layers, errors, notes)
