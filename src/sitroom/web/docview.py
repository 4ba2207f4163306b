"""One document's clean text cut into segments, each with the layers and records marking it."""
from __future__ import annotations

import dataclasses
from typing import Any

from ..records import Document, record_to_dict
from ..report.build import format_figure, names_label

# Layers in the order the legend lists them (and later ones paint over earlier ones).
LAYERS = (
    ("quote", "Quotes", "what someone said"),
    ("actor", "Actors", "people, organisations, countries, groups"),
    ("place", "Places", "named places"),
    ("date", "Dates", "dates, resolved to the calendar"),
    ("figure", "Figures", "numbers of people, money and the like"),
    ("event", "Events", "the word that tells what happened"),
)


def records(doc: Document) -> list[dict[str, Any]]:
    """Every fact of the document, with the spans it marks and a one-line label."""
    out: list[dict[str, Any]] = []

    def add(layer: str, i: int, spans, label: str, fields: dict[str, Any]) -> None:
        out.append({"key": f"{layer[0]}{i}", "layer": layer, "label": label,
                    "spans": [(s.start, s.end) for s in spans],
                    "fields": [(k, v) for k, v in fields.items() if v not in (None, "", [], ())]})

    for i, e in enumerate(doc.events):
        d = record_to_dict(e, doc)
        who = f"{names_label(d['source_names'])} → {names_label(d['target_names'])}"
        add("event", i, [e.trigger], f"{e.type} ({e.status}): {who}",
            {"type": e.type, "mode": e.mode, "status": e.status, "source": names_label(d["source_names"]),
             "target": names_label(d["target_names"]), "date": e.date, "place": e.place,
             "trigger": e.trigger_text, "confidence": round(e.confidence, 2)})
    for i, q in enumerate(doc.quotes):
        d = record_to_dict(q, doc)
        add("quote", i, [q.span], f"{q.kind} quote by {d['speaker_name'] or 'unattributed'}",
            {"speaker": d["speaker_name"], "kind": q.kind, "cue": q.cue, "date": q.date,
             "place": q.place, "text": q.text})
    for i, f in enumerate(doc.figures):
        d = record_to_dict(f, doc)
        add("figure", i, [f.span], f"{f.category.replace('_', ' ')}: {format_figure(d)}",
            {"category": f.category, "value": format_figure(d), "subject": f.subject,
             "claimed by": d["claimed_by_name"], "date": f.date, "place": f.place})
    for i, a in enumerate(doc.actors):
        add("actor", i, a.spans, f"{a.kind}: {a.name}",
            {"name": a.name, "kind": a.kind, "country": a.country, "sector": a.sector,
             "role": a.role, "aliases": ", ".join(x for x in a.aliases if x != a.name)})
    for i, p in enumerate(doc.places):
        spans = p.spans or (p.span,)
        add("place", i, spans, f"place: {p.name}" + ("" if p.resolved else " (unresolved)"),
            {"name": p.name, "country": p.country, "feature": p.feature,
             "coordinates": f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None and p.lon is not None
             else None, "resolved": "yes" if p.resolved else "no"})
    for i, dt in enumerate(doc.dates):
        add("date", i, [dt.span], f"date: {dt.value}",
            {"text": dt.text, "value": dt.value, "granularity": dt.granularity,
             "anchor": dt.anchor})
    return out


def segments(text: str, recs: list[dict[str, Any]], focus: tuple[int, int] | None = None
             ) -> list[dict[str, Any]]:
    """The text as consecutive pieces: each with its layers, record keys, hover title and
    whether it lies in the focused span (the evidence a link pointed to)."""
    n = len(text)
    marks = []
    for r in recs:
        for a, b in r["spans"]:
            a, b = max(0, a), min(b, n)
            if a < b:
                marks.append((a, b, r))
    cuts = {0, n}
    for a, b, _ in marks:
        cuts.update((a, b))
    if focus:
        cuts.update(x for x in focus if 0 <= x <= n)
    cuts_l = sorted(cuts)
    # Sweep: marks sorted by start, kept while they cover the current piece.
    marks.sort(key=lambda m: m[0])
    out, active, j = [], [], 0
    order = [k for k, _, _ in LAYERS]
    for a, b in zip(cuts_l, cuts_l[1:]):
        while j < len(marks) and marks[j][0] <= a:
            active.append(marks[j])
            j += 1
        active = [m for m in active if m[1] > a]
        here = [m[2] for m in active if m[0] <= a]
        layers = sorted({r["layer"] for r in here}, key=order.index)
        out.append({"text": text[a:b], "start": a, "layers": layers,
                    "refs": " ".join(dict.fromkeys(r["key"] for r in here)),
                    "title": "; ".join(dict.fromkeys(r["label"] for r in here)),
                    "focus": bool(focus and focus[0] <= a < focus[1])})
    return out


def legend(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = {k: 0 for k, _, _ in LAYERS}
    for r in recs:
        counts[r["layer"]] += 1
    return [{"layer": k, "title": t, "help": h, "count": counts[k]} for k, t, h in LAYERS]


def document_data(doc: Document, copies: list[dict[str, Any]]) -> dict[str, Any]:
    """The document page's (and ``/api/documents/{id}``'s) data."""
    d = doc.to_dict(text=True)
    d["copies"] = copies
    d["removed"] = [dataclasses.asdict(r) for r in doc.removed]
    return d
