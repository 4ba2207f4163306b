"""Quotation marks: the spans they enclose, paired within paragraphs, in every common style."""
from __future__ import annotations

import re

_QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ("‘", "’"))
_STRAIGHT = re.compile(r'"')
_DOUBLED = re.compile(r"(?:''|``)(?!')([^\n]+?)(?<!')''(?!')")
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s:(]))'(?=\w)", re.M)
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?])'(?=[\s.,;:!?)]|$)", re.M)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the contents of quotation marks, paired within paragraphs."""
    out: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        p0, ptxt = para.start(), para.group()
        marks = [m.start() for m in _STRAIGHT.finditer(ptxt)]
        for a, b in zip(marks[::2], marks[1::2]):
            out.append((p0 + a + 1, p0 + b))
        if len(marks) % 2 == 1 and marks[-1] < len(ptxt) - 1 and marks[-1] == ptxt.find('"') == 0:
            out.append((p0 + 1, p0 + len(ptxt)))     # a quote running to the paragraph's end
        for op, cl in _QUOTE_PAIRS:
            i = ptxt.find(op)
            while i >= 0:
                j = ptxt.find(cl, i + 1)
                if j < 0:
                    break
                if op == "‘" and not (i == 0 or not ptxt[i - 1].isalnum()):
                    i = ptxt.find(op, i + 1)
                    continue
                out.append((p0 + i + 1, p0 + j))
                i = ptxt.find(op, j + 1)
        for m in _DOUBLED.finditer(ptxt):          # ''wire style'' and ``typeset style''
            out.append((p0 + m.start(1), p0 + m.end(1)))
        opens = [m.start() for m in _SINGLE_OPEN.finditer(ptxt)
                 if ptxt[m.start() - 1:m.start()] != "'" and ptxt[m.start() + 1:m.start() + 2] != "'"]
        for o in opens:
            c = next((m.start() for m in _SINGLE_CLOSE.finditer(ptxt, o + 2)), None)
            if c is not None and "\n" not in ptxt[o:c] and not any(a <= o < b for a, b in
                                                                  ((x - p0, y - p0) for x, y in out)):
                out.append((p0 + o + 1, p0 + c))
    out = [(a, b) for a, b in sorted(set(out)) if b > a and text[a:b].strip()]
    kept: list[tuple[int, int]] = []
    for a, b in out:                       # drop quotes nested in another
        if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in out):
            kept.append((a, b))
    return kept


def clean_quote(text: str) -> str:
    t = re.sub(r'["“”«»„]|\'\'|``', "", text)
    t = re.sub(r"\s+", " ", t).strip()
    return t.rstrip(",;: ").strip()
