"""Lines, sentences and word sets: the units cleaning works on."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
# A line that does not end a sentence, followed by one starting in lower case, is a
# hard-wrapped continuation of the same paragraph.
_OPEN_END = re.compile(r"[^.!?:;\"”»’)\]]$")
_LOWER_START = re.compile(r"^[a-zà-ÿ]")
_SENT_END = re.compile(r"[.!?…]+[\"”»’)]*(?=\s+[\"“«‘(]?[A-Z0-9À-Ý#@]|\s*$)")
_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"\"([^\"\n]{3,}?)\"|“([^”\n]{3,}?)”|«\s*([^»\n]{3,}?)\s*»")


@dataclass
class Line:
    """A logical line of the extracted text: one paragraph, with its first line number."""
    no: int
    text: str
    kind: str | None = None      # why it was removed; None while it is kept
    post: int | None = None      # index of the embedded post it belongs to
    sig: Any = None              # the post signature this line is
    gap_before: bool = True      # a blank line separates it from the line before
    extra: list = field(default_factory=list)


def logical_lines(text: str) -> list[Line]:
    """Non-empty lines with spaces normalised; hard-wrapped lines joined to their paragraph."""
    out: list[Line] = []
    prev: Line | None = None
    for no, raw in enumerate(text.split("\n"), start=1):
        s = _SPACES.sub(" ", _INVISIBLE.sub("", raw)).strip()
        if not s:
            prev = None
            continue
        if prev is not None and _OPEN_END.search(prev.text) and _LOWER_START.match(s):
            # "well-\nknown" keeps its hyphen without a space.
            prev.text += s if prev.text.endswith("-") else " " + s
            continue
        line = Line(no, s, gap_before=prev is None)
        out.append(line)
        prev = line
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rough sentence boundaries, enough to compare sentences across paragraphs."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start + len(text[start:end]) - len(text[start:end].lstrip()), end))
        start = end
    if text[start:].strip():
        spans.append((start + len(text[start:]) - len(text[start:].lstrip()), len(text.rstrip())))
    return spans


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the passages inside quotation marks."""
    out = []
    for m in _QUOTED.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        out.append((m.start(g), m.end(g)))
    return out


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class Said:
    """The words of a sentence, prepared once for repeated comparisons."""
    __slots__ = ("words", "set", "joined")

    def __init__(self, text: str):
        self.words = words(text)
        self.set = frozenset(self.words)
        self.joined = " ".join(self.words)


def similar(a: Said, b: Said) -> bool:
    """Whether two sentences say the same thing, allowing a changed word or two."""
    if not a.words or not b.words:
        return False
    if len(a.words) < 4 or len(b.words) < 4:
        return a.words == b.words
    inter = len(a.set & b.set)
    if inter >= 0.7 * len(a.set | b.set):
        return True
    la, lb = len(a.joined), len(b.joined)
    # A ratio of 90 is out of reach when the lengths differ by more than a fifth.
    if min(la, lb) < 0.8 * max(la, lb) or inter < 0.5 * max(len(a.set), len(b.set)):
        return False
    return fuzz.ratio(a.joined, b.joined) >= 90
