"""Document-level passes over a document's extracted events.

Whom a rejection or a condemnation is aimed at (the maker of the accusation, warning or
proposal rejected; the agent of the act called illegitimate), "on the same day" dates,
officials standing for their state or body, and merging repeats of one event within the
document.
"""
from __future__ import annotations

import dataclasses
import re

from ...records import Document, Event
from ..clauses import Clauses
from .roles import actor
from .triggers import Lexicon, lemma


_REJECTED = (("CLAIM", ("ACCUSE",)), ("WARNING", ("THREATEN",)),
             ("PROPOSAL", ("REQUEST", "AGREE", "CONSULT")))


def _countries(doc: Document, ids) -> set[str]:
    return {a.country for i in ids for a in [doc.actor(i)] if a is not None and a.country}


def link_rejections(doc: Document, cl: Clauses, pairs: list, lx: Lexicon) -> None:
    """A rejection of "the accusations" ("the warning", "the proposal") targets whoever made
    them: the one the noun names ("Western claims"), the earlier event of that kind aimed
    at the rejecting side, else the last speaker of the other side quoted before it."""
    pairs.sort(key=lambda p: p[0].trigger.start)
    for k, (ev, f) in enumerate(pairs):
        if ev.type != "REJECT" or ev.target:
            continue
        if f.obj is None:
            # "Berlin denied that any such deal had been struck": the claim of the last speaker
            if "clause" in f.entry.conds:
                tgt = _last_speaker(doc, ev)
                if tgt:
                    pairs[k] = (_replace(ev, target=_with_state(doc, tgt)), f)
            continue
        kinds = next((types for cls, types in _REJECTED if lx.has(cls, lemma(f.obj))), None)
        if kinds is None:
            continue
        own = _countries(doc, ev.source)
        tgt: tuple = tuple(a.id for c in cl.children(f.obj, "poss", "amod", "compound")
                           for a in [actor(cl, c, generic=False)]
                           if a is not None and a.id not in ev.source and a.country not in own)
        for prev, _ in reversed(pairs[:k] if not tgt else ()):
            if prev.type not in kinds or ev.trigger.start - prev.trigger.start > 6000:
                continue
            aimed = set(prev.target) & set(ev.source) or _countries(doc, prev.target) & own
            if prev.type == "ACCUSE" and not aimed:
                continue
            tgt = tuple(a for a in prev.source if a not in ev.source)
            if tgt:
                break
        if not tgt and "ACCUSE" in kinds:
            tgt = _last_speaker(doc, ev, mentioning=True)
        if tgt:
            pairs[k] = (_replace(ev, target=_with_state(doc, tgt)), f)


_SAME_DAY = re.compile(r"\b(?:on )?the same day\b|\bthat same day\b|\blater that day\b", re.I)


def same_day(doc: Document, pairs: list) -> None:
    """"... announced sanctions of their own on the same day": the day of the act told just
    before (pairs are in text order)."""
    last = None
    for k, (ev, f) in enumerate(pairs):
        if ev.date is None and last is not None and \
                _SAME_DAY.search(doc.clean_text[ev.sentence.start:ev.sentence.end]):
            pairs[k] = (_replace(ev, date=last), f)
        elif ev.date and len(ev.date) == 10:
            last = ev.date


def link_condemnations(doc: Document, pairs: list, lx: Lexicon) -> None:
    """"called the sanctions illegitimate" accuses whoever imposed them: the agent of the
    last earlier event of the kind the noun names."""
    for k, (ev, f) in enumerate(pairs):
        if ev.type != "ACCUSE" or ev.target or f.obj is None:
            continue
        kinds = {e.type for e in lx.nouns.get(lemma(f.obj), ())}
        for prev, _ in reversed(pairs[:k]):
            if prev.type in kinds and prev.status != "denied":
                tgt = tuple(a for a in prev.source if a not in ev.source)
                if tgt:
                    pairs[k] = (_replace(ev, target=tgt), f)
                    break


def with_body(doc: Document, ids: tuple) -> tuple:
    """A group acting for an international body with that body: "EU foreign ministers"
    impose the EU's sanctions."""
    out = list(ids)
    for i in ids:
        a = doc.actor(i)
        if a is not None and a.kind == "group" and a.sector in ("GOV", "IGO") and a.country:
            b = next((x.id for x in doc.actors if x.kind == "organization"
                      and x.sector == "IGO" and x.country == a.country), None)
            if b is not None and b not in out:
                out.append(b)
    return tuple(out)


def _with_state(doc: Document, ids: tuple) -> tuple:
    """Officials with the state they speak for: rejecting a minister's accusation rejects
    his government's."""
    out = list(ids)
    for i in ids:
        a = doc.actor(i)
        if a is not None and a.kind == "person" and a.sector == "GOV" and a.country:
            c = next((x.id for x in doc.actors if x.kind == "country" and x.country == a.country),
                     None)
            if c is not None and c not in out:
                out.append(c)
    return tuple(out)


def _last_speaker(doc: Document, ev: Event, mentioning: bool = False) -> tuple:
    """The speaker of the nearest quote before ``ev`` (within about ten sentences), when it
    is on another side than the event's own actors; with ``mentioning``, only a quote that
    names one of them (the accusations they reject)."""
    best = None
    own = [sp for aid in ev.source for a in [doc.actor(aid)] if a for sp in a.spans]
    side = _countries(doc, ev.source)
    for q in doc.quotes:
        if q.speaker and q.span.end <= ev.trigger.start and ev.trigger.start - q.span.end < 1500:
            if mentioning and not any(q.span.start <= sp.start < q.span.end for sp in own):
                continue
            if q.speaker in ev.source or _countries(doc, (q.speaker,)) & side:
                continue
            if best is None or q.span.end > best.span.end:
                best = q
    if best is None:
        return ()
    return (best.speaker,)


def _replace(ev: Event, **kw) -> Event:
    return dataclasses.replace(ev, **kw)


def _same_act(a: str | None, b: str | None) -> bool:
    """CAMEO codes of one act: equal, or one is the root of its type ("040" a meeting, "041"
    a phone call); troops stationed (154) and units put on alert (152) are two acts."""
    return not a or not b or a == b or (len(a) == 3 and a.endswith("0")) \
        or (len(b) == 3 and b.endswith("0"))


def merge_repeats(events: list[Event]) -> list[Event]:
    """Merge repeats of one event: same type and status, one's parties within the other's."""
    kept: list[Event] = []
    for e in events:
        for k, o in enumerate(kept):
            if o.type != e.type or o.status != e.status or (o.date and e.date and o.date != e.date) \
                    or (o.mode and e.mode and o.mode != e.mode) \
                    or not _same_act(o.cameo_code, e.cameo_code):
                continue
            if e.type == "CONSULT":
                pe, po = set(e.source) | set(e.target), set(o.source) | set(o.target)
                same = pe <= po or po <= pe
            else:
                same = (set(e.source) <= set(o.source) and set(e.target) <= set(o.target)) or \
                       (set(o.source) <= set(e.source) and set(o.target) <= set(e.target))
            if not same:
                continue
            best, other = (e, o) if (len(e.target), len(e.source)) > (len(o.target), len(o.source)) else (o, e)
            kept[k] = _replace(best, date=best.date or other.date, place=best.place or other.place,
                               mode=best.mode or other.mode,
                               confidence=max(best.confidence, other.confidence))
            break
        else:
            kept.append(e)
    return kept
