"""Lookups shared by the extractors: which actor, date or place lies at a span."""
from __future__ import annotations

import bisect
from typing import Iterable, TypeVar

from ..records import Actor, DateRef, Document, Place, Span

T = TypeVar("T")


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def actor_at(doc: Document, start: int, end: int) -> str | None:
    """Id of the actor with a mention overlapping ``start:end`` most (ties: the longer mention)."""
    best, best_key = None, (0, 0)
    for a in doc.actors:
        for s in a.spans:
            ov = _overlap(start, end, s.start, s.end)
            if ov:
                key = (ov, s.end - s.start)
                if key > best_key:
                    best, best_key = a.id, key
    return best


def actors_in(doc: Document, start: int, end: int) -> list[tuple[Span, Actor]]:
    """Actor mentions lying inside ``start:end``, in text order."""
    out = []
    for a in doc.actors:
        for s in a.spans:
            if start <= s.start and s.end <= end:
                out.append((s, a))
    out.sort(key=lambda p: p[0].start)
    return out


def within(items: Iterable[T], start: int, end: int) -> list[T]:
    """Records (with a ``span``) that lie inside ``start:end``."""
    return [r for r in items if start <= r.span.start and r.span.end <= end]  # type: ignore[attr-defined]


def dates_in(doc: Document, start: int, end: int) -> list[DateRef]:
    return within(doc.dates, start, end)


def places_in(doc: Document, start: int, end: int) -> list[Place]:
    return within(doc.places, start, end)


def sentence_at(doc: Document, offset: int) -> Span | None:
    """The sentence that contains character ``offset`` of the clean text."""
    starts = [s.start for s in doc.sentences]
    i = bisect.bisect_right(starts, offset) - 1
    if 0 <= i < len(doc.sentences) and doc.sentences[i].start <= offset < doc.sentences[i].end:
        return doc.sentences[i]
    return None


def paragraph_bounds(doc: Document, offset: int) -> tuple[int, int]:
    """Start and end of the paragraph (blank-line separated block) containing ``offset``."""
    text = doc.clean_text
    start = text.rfind("\n\n", 0, offset)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", offset)
    return start, len(text) if end < 0 else end


class SpanSet:
    """Character spans merged once, so that "does ``start:end`` overlap any of them?" and
    "does an offset lie in one of them?" are answered by bisection (near-linear work
    however many spans a document has)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            elif a < b:
                merged.append([a, b])
        self._merged = merged
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self._ends, start)
        return k < len(self._merged) and self._merged[k][0] < end

    def __contains__(self, pos: int) -> bool:
        k = bisect.bisect_right(self._starts, pos) - 1
        return k >= 0 and pos < self._merged[k][1]
