"""Anchor each event, quote and figure in time and space, saying how it was decided.

A record keeps the date and place its extractor found; the basis then says where
that expression lies: in the record's own clause (``own``) or elsewhere in its
sentence (``sentence``). A record without one takes the single date (or place)
its sentence names, then the nearest one named earlier in its paragraph
(``paragraph``). The publication date is never used as a fallback: a fact the
text does not date stays undated (``None``), and readers fall back on the
document's date knowing that is what they do.
"""
from __future__ import annotations

import bisect
import re
import dataclasses
from typing import Iterable, Sequence

from ..stages import register
from ..records import DateRef, Document, Event, Figure, Place, Quote, Span
from ..resources import Resources

BASES = ("own", "sentence", "paragraph", "document")
# A place name as subject, object or possessor stands for its government, not a location.
_ACTING = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "poss"})
_VERBAL = frozenset({"VERB", "AUX"})
# Feature kinds specific enough to locate a fact when the sentence does not.
_SPECIFIC = frozenset({"city", "village", "crossing", "other"})


_PERIOD = re.compile(r"(since|until|till|through|throughout|from)\b", re.I)


class _Anchors:
    """Date and place mentions of one document, indexed by position."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.sdoc = doc.nlp
        text = doc.clean_text
        self.sent_starts = [s.start for s in doc.sentences]
        # Paragraphs are blank-line separated blocks of the clean text.
        self.para_starts = [0] + [i + 2 for i in _find_all(text, "\n\n")]
        self.dates = sorted(doc.dates, key=lambda d: d.span.start)
        # A country or capital named as an actor stands for its government ("Minsk said").
        actor_spans = sorted((s.start, s.end) for a in doc.actors
                             if a.kind in ("country", "organization") for s in a.spans)
        actor_starts = [a for a, _ in actor_spans]
        longest = max((b - a for a, b in actor_spans), default=0)
        self.places: list[tuple[Span, Place]] = []
        for p in doc.places:
            for s in p.spans or (p.span,):
                near = actor_spans[bisect.bisect_left(actor_starts, s.start - longest):
                                   bisect.bisect_left(actor_starts, s.end)]
                if any(a < s.end and s.start < b for a, b in near):
                    continue
                if self._acting(s):
                    continue
                self.places.append((s, p))
        self.places.sort(key=lambda x: x[0].start)
        self.date_starts = [d.span.start for d in self.dates]
        self.place_starts = [s.start for s, _ in self.places]

    def _near(self, items: list, starts: list[int], at: int, inside: Span | None = None) -> list:
        """The items (sorted by start) starting in the paragraph of ``at`` up to the end of
        its sentence, or inside ``inside``: all that dating or placing a record looks at."""
        sent, para = self.sentence(at), self.paragraph(at)
        lo, hi = min(sent[0], para[0]), sent[1]
        if inside is not None:
            lo, hi = min(lo, inside.start), max(hi, inside.end)
        return items[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    # -- positions -----------------------------------------------------------------
    def sentence(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sent_starts, offset) - 1
        if 0 <= i < len(self.doc.sentences):
            s = self.doc.sentences[i]
            if s.start <= offset < s.end:
                return s.start, s.end
        return offset, offset + 1

    def paragraph(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.para_starts, offset) - 1
        start = self.para_starts[max(i, 0)]
        end = self.para_starts[i + 1] - 2 if i + 1 < len(self.para_starts) else len(self.doc.clean_text)
        return start, end

    def _tokens(self, span: Span):
        if self.sdoc is None:
            return None
        cs = self.sdoc.char_span(span.start, span.end, alignment_mode="expand")
        return cs if cs is not None and len(cs) else None

    def _acting(self, span: Span) -> bool:
        cs = self._tokens(span)
        return cs is not None and cs.root.dep_ in _ACTING

    def clause(self, span: Span | None):
        """The verb heading the clause a span lies in (the span's own verb if it is one)."""
        if span is None:
            return None
        cs = self._tokens(span)
        if cs is None:
            return None
        verbs = [t for t in cs if t.pos_ in _VERBAL]
        x = verbs[0] if verbs else cs.root
        for _ in range(40):
            if x.pos_ in _VERBAL or x.head is x:
                return x
            x = x.head
        return x

    # -- deciding ------------------------------------------------------------------
    def basis_of(self, mention: Span, focus: Span | None, sent: tuple[int, int],
                 inside: Span | None = None) -> str:
        """Where an extractor's own expression lies relative to the record."""
        if inside is not None and inside.start <= mention.start < inside.end:
            return "own"
        if not sent[0] <= mention.start < sent[1]:
            return "own"        # the extractor took it from another mention of the same fact
        v_focus, v_mention = self.clause(focus), self.clause(mention)
        if v_focus is None or v_mention is None:
            return "sentence"
        return "own" if v_focus.i == v_mention.i else "sentence"

    def date(self, value: str | None, focus: Span | None, at: int, skip: Sequence[tuple[int, int]] = (),
             inside: Span | None = None) -> tuple[str | None, str | None]:
        """(date, basis) for a record whose clause lies at ``at``."""
        sent = self.sentence(at)
        usable = [d for d in self._near(self.dates, self.date_starts, at, inside)
                  if not _within(d.span, skip)]
        if value is not None:
            same = [d for d in usable if d.value == value]
            here = [d for d in same if sent[0] <= d.span.start < sent[1]] or \
                [d for d in same if inside is not None and inside.start <= d.span.start < inside.end]
            if not here:
                return value, "own"
            return value, _best(self.basis_of(d.span, focus, sent, inside) for d in here)
        # "since August" or "until March" bounds a period; it does not date an act in it.
        usable = [d for d in usable if not _PERIOD.match(d.text)]
        in_sent = [d for d in usable if sent[0] <= d.span.start < sent[1] and d.anchor != "post"]
        values = {d.value for d in in_sent}
        if len(values) == 1:
            return values.pop(), "sentence"
        if values:
            return None, None   # two dates in one sentence: which governs is not clear
        para = self.paragraph(at)
        before = [d for d in usable if para[0] <= d.span.start < sent[0] and d.anchor != "post"]
        if before:
            return _latest_sentence(before, self).value, "paragraph"
        return None, None

    def place(self, name: str | None, focus: Span | None, at: int, skip: Sequence[tuple[int, int]] = (),
              inside: Span | None = None) -> tuple[str | None, str | None]:
        """(place name, basis) for a record whose clause lies at ``at``."""
        sent = self.sentence(at)
        usable = [(s, p) for s, p in self._near(self.places, self.place_starts, at)
                  if not _within(s, skip)]
        if name is not None:
            here = [s for s, p in usable if p.name == name and sent[0] <= s.start < sent[1]]
            if not here:
                return name, "own"
            return name, _best(self.basis_of(s, focus, sent, inside) for s in here)
        in_sent = [p for s, p in usable if sent[0] <= s.start < sent[1]]
        specific = {p.name for p in in_sent if p.feature in _SPECIFIC}
        if len(specific) == 1:
            return specific.pop(), "sentence"
        if not specific:
            broad = {p.name for p in in_sent}
            if len(broad) == 1:
                return broad.pop(), "sentence"
        if in_sent:
            return None, None
        para = self.paragraph(at)
        before = [(s, p) for s, p in usable if para[0] <= s.start < sent[0] and p.feature in _SPECIFIC]
        if before:
            return before[-1][1].name, "paragraph"
        return None, None


def _best(bases: Iterable[str]) -> str:
    return "own" if "own" in set(bases) else "sentence"


def _find_all(text: str, sub: str) -> Iterable[int]:
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + len(sub))


def _within(span: Span, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a <= span.start < b for a, b in ranges)


def _latest_sentence(dates: list[DateRef], an: _Anchors) -> DateRef:
    """The date of the last sentence before the record that names one (its first date)."""
    last = an.sentence(dates[-1].span.start)
    return next(d for d in dates if last[0] <= d.span.start < last[1])


def anchor_event(an: _Anchors, e: Event) -> Event:
    at = e.trigger.start
    date, db = an.date(e.date, e.trigger, at)
    place, pb = an.place(e.place, e.trigger, at)
    return dataclasses.replace(e, date=date, place=place, date_basis=db, place_basis=pb)


def anchor_quote(an: _Anchors, q: Quote) -> Quote:
    # The act of speaking is dated and placed by the frame, never by the quoted words.
    focus = q.speaker_span or q.span
    content = [(q.span.start, q.span.end)]
    date, db = an.date(q.date, focus, focus.start, skip=content, inside=q.span)
    place, pb = an.place(q.place, focus, focus.start, skip=content)
    return dataclasses.replace(q, date=date, place=place, date_basis=db, place_basis=pb)


def anchor_figure(an: _Anchors, f: Figure) -> Figure:
    date, db = an.date(f.date, f.span, f.span.start)
    place, pb = an.place(f.place, f.span, f.span.start)
    return dataclasses.replace(f, date=date, place=place, date_basis=db, place_basis=pb)


def anchor_document(doc: Document) -> dict:
    """The document's events, quotes and figures with their governing date and place."""
    an = _Anchors(doc)
    return {"events": tuple(anchor_event(an, e) for e in doc.events),
            "quotes": tuple(anchor_quote(an, q) for q in doc.quotes),
            "figures": tuple(anchor_figure(an, f) for f in doc.figures)}


@register("anchor", requires=("events", "quotes", "figures"), assigns=("events", "quotes", "figures"))
def anchor(doc: Document, res: Resources) -> dict:
    """Give each event, quote and figure the date and place that govern it, with the basis."""
    return anchor_document(doc)
