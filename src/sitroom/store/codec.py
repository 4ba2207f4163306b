"""Turn a Document into table rows and back, losslessly (except the transient spaCy Doc)."""
from __future__ import annotations

import dataclasses
import json
from typing import Any, Sequence

from ..records import (Actor, DateRef, Document, Event, Figure, Mention, Place, Post, Quote,
                       Removed, Span)
from .schema import DOCUMENT_COLUMNS, LAYER_COLUMNS


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _name(doc: Document, actor_id: str | None) -> str | None:
    a = doc.actor(actor_id)
    return a.name if a else None


def document_row(doc: Document, ingested_at: str) -> tuple:
    """The documents-table row of ``doc``, in DOCUMENT_COLUMNS order."""
    values = {
        "id": doc.id, "url": doc.url, "source": doc.source, "title": doc.title,
        "published": doc.published, "published_source": doc.published_source,
        "language": doc.language, "language_source": doc.language_source,
        "language_note": doc.language_note, "path": doc.path, "text": doc.text,
        "clean_text": doc.clean_text,
        "removed": _json([dataclasses.asdict(r) for r in doc.removed]),
        "credits": _json(list(doc.credits)), "done": _json(list(doc.done)),
        "error": doc.error, "ingested_at": ingested_at,
    }
    return tuple(values[c] for c in DOCUMENT_COLUMNS)


def layer_rows(doc: Document) -> dict[str, list[tuple]]:
    """Rows of every layer table for ``doc``, in LAYER_COLUMNS order."""
    i = doc.id
    names = {a.id: a.name for a in doc.actors}
    out: dict[str, list[tuple]] = {
        "posts": [(i, n, p.span.start, p.span.end, p.text, p.author, p.handle, p.date)
                  for n, p in enumerate(doc.posts)],
        "sentences": [(i, n, s.start, s.end, doc.clean_text[s.start:s.end])
                      for n, s in enumerate(doc.sentences)],
        "mentions": [(i, n, m.span.start, m.span.end, m.text, m.label)
                     for n, m in enumerate(doc.mentions)],
        "dates": [(i, n, d.span.start, d.span.end, d.text, d.value, d.granularity, d.anchor)
                  for n, d in enumerate(doc.dates)],
        "places": [(i, n, p.span.start, p.span.end, p.text, p.name, p.geonameid, p.lat, p.lon,
                    p.country, p.admin1, p.feature, int(bool(p.resolved)))
                   for n, p in enumerate(doc.places)],
        "actors": [(i, n, a.spans[0].start if a.spans else None,
                    a.spans[0].end if a.spans else None, a.id, a.name, _json(list(a.aliases)),
                    a.kind, a.country, a.sector, a.role,
                    _json([[s.start, s.end] for s in a.spans]))
                   for n, a in enumerate(doc.actors)],
        "quotes": [(i, n, q.span.start, q.span.end, q.text, q.speaker, names.get(q.speaker),
                    q.speaker_span.start if q.speaker_span else None,
                    q.speaker_span.end if q.speaker_span else None,
                    q.speaker_text, q.cue, q.kind, q.date, q.place, q.date_basis, q.place_basis)
                   for n, q in enumerate(doc.quotes)],
        "figures": [(i, n, f.span.start, f.span.end, f.text, f.category, f.value, f.low, f.high,
                     f.qualifier, f.subject, f.claimed_by, names.get(f.claimed_by),
                     f.claimed_by_text, f.date, f.place, f.unit, f.date_basis, f.place_basis)
                    for n, f in enumerate(doc.figures)],
        "events": [(i, n, e.trigger.start, e.trigger.end, e.type, e.mode,
                    _json(list(e.source)), _json(list(e.target)),
                    _json([names.get(a, a) for a in e.source]),
                    _json([names.get(a, a) for a in e.target]),
                    e.status, e.date, e.place, e.trigger_text, e.sentence.start, e.sentence.end,
                    float(e.confidence), e.cameo_code, e.date_basis, e.place_basis)
                   for n, e in enumerate(doc.events)],
    }
    for table, rows in out.items():
        # A mismatch here is a bug in this module, not in the data.
        assert all(len(r) == len(LAYER_COLUMNS[table]) for r in rows), table
    return out


def _span(doc_id: str, start: int | None, end: int | None) -> Span | None:
    return None if start is None else Span(doc_id, start, end)


def build_document(row: Sequence, layers: dict[str, list[Sequence]]) -> Document:
    """Rebuild a Document from its documents row and its layer rows (column order as written)."""
    d = dict(zip(DOCUMENT_COLUMNS, row))
    i = d["id"]
    doc = Document(
        id=i, text=d["text"], url=d["url"], source=d["source"], title=d["title"],
        published=d["published"], published_source=d["published_source"],
        language=d["language"], language_source=d["language_source"],
        language_note=d["language_note"], path=d["path"], clean_text=d["clean_text"],
        removed=tuple(Removed(**r) for r in json.loads(d["removed"])),
        credits=tuple(json.loads(d["credits"])), done=tuple(json.loads(d["done"])),
        error=d["error"],
    )
    def rows(table: str) -> list[dict[str, Any]]:
        cols = LAYER_COLUMNS[table]
        return [dict(zip(cols, r)) for r in layers.get(table, ())]

    doc.posts = tuple(Post(Span(i, r["start"], r["end"]), r["text"], r["author"], r["handle"],
                           r["date"]) for r in rows("posts"))
    doc.sentences = tuple(Span(i, r["start"], r["end"]) for r in rows("sentences"))
    doc.mentions = tuple(Mention(Span(i, r["start"], r["end"]), r["text"], r["label"])
                         for r in rows("mentions"))
    doc.dates = tuple(DateRef(Span(i, r["start"], r["end"]), r["text"], r["value"],
                              r["granularity"], r["anchor"]) for r in rows("dates"))
    doc.places = tuple(Place(Span(i, r["start"], r["end"]), r["text"], r["name"], r["geonameid"],
                             r["lat"], r["lon"], r["country"], r["admin1"], r["feature"],
                             bool(r["resolved"])) for r in rows("places"))
    doc.actors = tuple(Actor(r["actor_id"], r["name"], tuple(json.loads(r["aliases"])), r["kind"],
                             r["country"], r["sector"], r["role"],
                             tuple(Span(i, s, e) for s, e in json.loads(r["spans"])))
                       for r in rows("actors"))
    doc.quotes = tuple(Quote(Span(i, r["start"], r["end"]), r["text"], r["speaker"],
                             _span(i, r["speaker_start"], r["speaker_end"]), r["speaker_text"],
                             r["cue"], r["kind"], r["date"], r.get("place"), r.get("date_basis"),
                             r.get("place_basis")) for r in rows("quotes"))
    doc.figures = tuple(Figure(Span(i, r["start"], r["end"]), r["text"], r["category"], r["value"],
                               r["low"], r["high"], r["qualifier"], r["subject"], r["claimed_by"],
                               r["claimed_by_text"], r["date"], r["place"], r["unit"],
                               r.get("date_basis"), r.get("place_basis"))
                        for r in rows("figures"))
    doc.events = tuple(Event(r["type"], r["mode"], tuple(json.loads(r["source"])),
                             tuple(json.loads(r["target"])), r["status"], r["date"], r["place"],
                             Span(i, r["start"], r["end"]), r["trigger_text"],
                             Span(i, r["sentence_start"], r["sentence_end"]), r["confidence"],
                             r["cameo_code"], r.get("date_basis"), r.get("place_basis"))
                       for r in rows("events"))
    return doc
