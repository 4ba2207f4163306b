"""Map offsets in a document's clean text back to offsets in its original text.

Cleaning keeps the article's lines (it drops some and may trim or re-space others), so
each clean line is looked up in the original with ``str.find`` from a moving cursor;
a line that was altered is aligned word by word instead. Characters that cannot be
aligned map to nothing.
"""
from __future__ import annotations

import bisect
import re

_TOKEN = re.compile(r"\S+")
_WINDOW = 400   # how far past the cursor an altered line's words are looked for


class OffsetMap:
    """Piecewise-linear map from clean-text offsets to original-text offsets."""

    def __init__(self, original: str, clean: str):
        self.original = original
        self.clean = clean
        self._segs: list[tuple[int, int, int]] = []   # (clean_start, clean_end, orig_start)
        self._build()
        self._starts = [s[0] for s in self._segs]

    def _add(self, c0: int, length: int, o0: int) -> None:
        if length > 0:
            self._segs.append((c0, c0 + length, o0))

    def _build(self) -> None:
        if self.clean == self.original:
            self._add(0, len(self.clean), 0)
            return
        cursor = 0
        pos = 0
        for line in self.clean.splitlines(keepends=True):
            body = line.strip()
            if body:
                c0 = pos + line.index(body)
                found = self.original.find(body, cursor)
                if found >= 0:
                    self._add(c0, len(body), found)
                    cursor = found + len(body)
                else:
                    cursor = self._align_words(body, c0, cursor)
            pos += len(line)

    def _align_words(self, body: str, c0: int, cursor: int) -> int:
        limit = cursor + len(body) + _WINDOW
        for m in _TOKEN.finditer(body):
            tok = m.group()
            found = self.original.find(tok, cursor, limit + len(tok))
            if found >= 0:
                self._add(c0 + m.start(), len(tok), found)
                cursor = found + len(tok)
                limit = cursor + len(body) + _WINDOW
        return cursor

    def point(self, offset: int) -> int | None:
        """The original offset of clean character ``offset``, or None if it is not aligned."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0:
            c0, c1, o0 = self._segs[i]
            if c0 <= offset < c1:
                return o0 + offset - c0
        return None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The original span of clean ``start:end`` (its aligned part), or None."""
        if end <= start:
            return None
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        first = last = None
        while i < len(self._segs) and self._segs[i][0] < end:
            c0, c1, o0 = self._segs[i]
            a, b = max(start, c0), min(end, c1)
            if a < b:
                if first is None:
                    first = o0 + a - c0
                last = o0 + b - c0
            i += 1
        if first is None or last is None or last <= first:
            return None
        return first, last
