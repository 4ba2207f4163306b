"""Quotes and events of a text in a language without an English parse.

Quotes: text in the language's quotation marks, or a clause a speech word of the
language introduces ("a déclaré que", "poinformowała", "по словам"), with the known
actor that stands next to the speech word as speaker. Events: a sentence with an
event word of the language's lexicon, typed by the lexicon; when the lexicon offers
more than one type the multilingual sentence encoder's classifier (trained on English
PLOVER data) chooses. Source and target are the known actors of the sentence before and
after the event word.
"""
from __future__ import annotations

import re

from ..records import Actor, DateRef, Document, Event, Quote, Span
from .lexicon import Lexicon

_QUOTED = re.compile(r"«\s*([^«»]{12,}?)\s*»|„([^„“”]{12,}?)[“”]|“([^“”]{12,}?)”|\"([^\"]{12,}?)\"")
_THAT = re.compile(r"(?<!\w)(que|qu'|qu’|że|что|що|што|dass|que)(?!\w)", re.I)
_NEAR = 60


def _actor_spans(doc: Document) -> list[tuple[int, int, Actor]]:
    return sorted((s.start, s.end, a) for a in doc.actors for s in a.spans)


def _nearest(spans, lo: int, hi: int, at: int) -> tuple[Actor, Span] | None:
    best = None
    for a, b, actor in spans:
        if lo <= a and b <= hi and actor.kind != "country":
            d = min(abs(a - at), abs(b - at))
            if best is None or d < best[0]:
                best = (d, actor, Span(actor.spans[0].doc_id, a, b))
    if best is None:
        for a, b, actor in spans:   # a country speaks through its government
            if lo <= a and b <= hi:
                d = min(abs(a - at), abs(b - at))
                if best is None or d < best[0]:
                    best = (d, actor, Span(actor.spans[0].doc_id, a, b))
    return None if best is None else (best[1], best[2])


def _date_in(dates: tuple[DateRef, ...], start: int, end: int) -> str | None:
    for d in dates:
        if start <= d.span.start < end:
            return d.value
    return None


def find_quotes(doc: Document, L: Lexicon) -> tuple[Quote, ...]:
    text = doc.clean_text
    spans = _actor_spans(doc)
    out: list[Quote] = []
    taken: list[tuple[int, int]] = []
    for s in doc.sentences:
        chunk = text[s.start:s.end]
        lo, hi = max(0, s.start - 200), min(len(text), s.end + 200)
        for m in _QUOTED.finditer(text, lo, hi):
            g = next(i for i in range(1, 5) if m.group(i))
            qa, qb = m.start(g), m.end(g)
            if not (s.start <= m.start() < s.end) or any(a <= qa < b for a, b in taken):
                continue
            if len(m.group(g).split()) < 3:
                continue
            # the speech word and speaker right after the quote, else right before it
            after = text[m.end():min(len(text), m.end() + _NEAR)]
            before = text[max(0, m.start() - _NEAR):m.start()]
            cue = (next(L.speech.finditer(after), None) or next(L.speech.finditer(before), None))
            if cue is None:
                continue
            who = _nearest(spans, m.start() - _NEAR, m.end() + _NEAR, m.end())
            taken.append((qa, qb))
            out.append(_quote(doc, qa, qb, who, cue, "direct"))
        for a, b, _ in L.speech.finditer(chunk):
            ca, cb = s.start + a, s.start + b
            content = _indirect(text, s, ca, cb)
            if content is None or any(x < content[1] and content[0] < y for x, y in taken):
                continue
            who = _nearest(spans, s.start, s.end, ca)
            if who is None:
                continue
            taken.append(content)
            out.append(_quote(doc, content[0], content[1], who, (a, b, None), "indirect"))
    return tuple(sorted(out, key=lambda q: q.span.start))


def _indirect(text: str, s: Span, ca: int, cb: int) -> tuple[int, int] | None:
    """The reported clause a speech word introduces: after "that"; after the comma of
    "according to X, ..."; or, for "..., said X" / "... - przekazała", what precedes it."""
    rest = text[cb:s.end]
    m = _THAT.match(rest.lstrip())
    if m:
        start = cb + (len(rest) - len(rest.lstrip())) + m.end()
        return _trim(text, start, s.end)
    comma = rest.find(",")
    head = text[s.start:ca].strip()
    if not head and 0 < comma < 80:        # "Selon X, ...", "Według X ..."
        return _trim(text, cb + comma + 1, s.end)
    tail = text[s.start:ca].rstrip()
    if tail.endswith((",", "-", "–", "—")) and len(tail) > 20:   # "..., a déclaré X"
        return _trim(text, s.start, s.start + len(tail) - 1)
    return None


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and not text[a].isalnum() and text[a] not in "«„“\"":
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:-–—"):
        b -= 1
    return (a, b) if len(text[a:b].split()) >= 3 else None


def _quote(doc: Document, a: int, b: int, who, cue, kind: str) -> Quote:
    actor, sp = who if who else (None, None)
    return Quote(doc.span(a, b), doc.clean_text[a:b], actor.id if actor else None, sp,
                 doc.clean_text[sp.start:sp.end] if sp else None, None, kind,
                 _date_in(doc.dates, a, b))


# ------------------------------------------------------------------------------ events

def find_events(doc: Document, L: Lexicon) -> tuple[Event, ...]:
    text = doc.clean_text
    spans = _actor_spans(doc)
    rows = []
    for s in doc.sentences:
        chunk = text[s.start:s.end]
        trig = list(L.trig.finditer(chunk))
        if not trig:
            continue
        types = {v for _, _, v in trig}
        a, b, typ = trig[0]
        rows.append((s, a, b, typ, types))
    choose = [r for r in rows if len(r[4]) > 1]
    if choose:
        probs = _classify([text[r[0].start:r[0].end] for r in choose])
        for r, p in zip(choose, probs):
            if p is not None:
                best = max(r[4], key=lambda t: p.get("YIELD" if t in ("CONCEDE", "RETREAT") else t, 0))
                r_idx = rows.index(r)
                s, a, b, _, types = r
                for x, y, v in L.trig.finditer(text[s.start:s.end]):
                    if v == best:
                        a, b = x, y
                        break
                rows[r_idx] = (s, a, b, best, types)
    out = []
    for s, a, b, typ, _ in rows:
        ta, tb = s.start + a, s.start + b
        inside = [(x, y, act) for x, y, act in spans if s.start <= x and y <= s.end]
        src = [act.id for x, y, act in inside if y <= ta][-1:]
        tgt = [act.id for x, y, act in inside if x >= tb and act.id not in src][:1]
        out.append(Event(typ, None, tuple(src), tuple(tgt), "occurred", _date_in(doc.dates, s.start, s.end),
                         None, doc.span(ta, tb), text[ta:tb], s, 0.5))
    return tuple(out)


def _classify(sentences: list[str]) -> list[dict | None]:
    """PLOVER root probabilities of each sentence from its multilingual embedding."""
    from ..extract.events import classifier as clf
    emb = clf.embedder()
    if emb is None:
        return [None] * len(sentences)
    lm = clf.model(clf.EMBED_MODEL_FILE)
    vecs = emb([(t, t) for t in sentences])
    return [dict(zip(lm.labels, lm.proba({}, v))) for v in vecs]
