"""Quotation marks: the spans they enclose, paired within paragraphs, in every common style."""
from __future__ import annotations

import bisect
import heapq
import re

_QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ("‘", "’"))
_STRAIGHT = re.compile(r'"')
_DOUBLED_OPEN = re.compile(r"(?=(?:''|``)(?!'))")
_DOUBLED_CLOSE = re.compile(r"(?<!')''(?!')")
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
        out.extend((p0 + a, p0 + b) for a, b in _doubled(ptxt))   # ''wire'' and ``typeset''
        _single_quotes(ptxt, p0, out)
    spans = sorted({(a, b) for a, b in out if b > a and text[a:b].strip()}, key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    reach = -1
    for a, b in spans:                     # drop quotes nested in another
        if b > reach:
            kept.append((a, b))
        reach = max(reach, b)
    return kept


def _doubled(ptxt: str) -> list[tuple[int, int]]:
    """Contents of ''wire style'' and ``typeset style'' quotes, each within one line (the
    first closing mark after an opening one closes it)."""
    out: list[tuple[int, int]] = []
    closes = [m.start() for m in _DOUBLED_CLOSE.finditer(ptxt)]
    lines = [m.start() for m in re.finditer("\n", ptxt)]
    for m in _DOUBLED_OPEN.finditer(ptxt):
        s = m.start()
        if out and s < out[-1][1] + 2:
            continue                       # inside (or the closing mark of) the last quote
        k = bisect.bisect_left(closes, s + 3)
        if k == len(closes):
            continue
        c = closes[k]
        n = bisect.bisect_left(lines, s + 2)
        if n < len(lines) and lines[n] < c:
            continue
        out.append((s + 2, c))
    return out


def _single_quotes(ptxt: str, p0: int, out: list[tuple[int, int]]) -> None:
    """Add the contents of 'single quotes' on one line that no quote found so far holds."""
    opens = [m.start() for m in _SINGLE_OPEN.finditer(ptxt)
             if ptxt[m.start() - 1:m.start()] != "'" and ptxt[m.start() + 1:m.start() + 2] != "'"]
    if not opens:
        return
    closes = [m.start() for m in _SINGLE_CLOSE.finditer(ptxt)]
    lines = [m.start() for m in re.finditer("\n", ptxt)]
    spans = [(x - p0, y - p0) for x, y in out if y > p0]
    heapq.heapify(spans)
    reach = -1
    for o in opens:
        while spans and spans[0][0] <= o:
            reach = max(reach, heapq.heappop(spans)[1])
        k = bisect.bisect_left(closes, o + 2)
        if k == len(closes):
            continue
        c = closes[k]
        n = bisect.bisect_left(lines, o)
        if (n < len(lines) and lines[n] < c) or o < reach:
            continue
        out.append((p0 + o + 1, p0 + c))
        heapq.heappush(spans, (o + 1, c))


def clean_quote(text: str) -> str:
    t = re.sub(r'["“”«»„]|\'\'|``', "", text)
    t = re.sub(r"\s+", " ", t).strip()
    return t.rstrip(",;: ").strip()
