"""Page chrome told apart from prose by shape, repetition and position, in any language.

Each line gets a kind when it is chrome: "stamp" (a date, a time, "3 hours ago", with at
most a label or a name), "byline", "credit" (the agencies the copy comes from), "caption"
(a picture's caption or credit), "label" (section names, names, counters, tag words),
"menu" (parts between separators, tag lists), "link" (a line around a web address),
"promo" (an offer, a call to follow), "related" (headlines of other articles), "repeat"
(a short line printed more than once, or the opening of a longer line) and "tail" (the
end of a page after the article). A line that reads as prose is never taken on its shape
alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..ingest.stamps import MONTHS
from ..records import Removed
from .boilerplate import KNOWN_AGENCY
from .lines import Line
from .shape import (AGENCY_DATELINE, BYLINE, CALL_TO_FOLLOW, CREDIT_LINE, HEAD_CHARS, LEADING_CREDIT,
                    PRICE_OFFER, TAG_LIST, TRAILING_CREDIT, Shape, shape, stoplist_for, words)


@dataclass(frozen=True)
class Params:
    """Bounds of the shapes that count as chrome."""
    label_words: int = 2          # a line this short, not a sentence, is a label
    name_words: int = 5           # every word capitalised, up to this many: a name or a label
    tag_words: int = 3            # this many words or more without a function word: a tag list
    stamp_rest: int = 4           # words besides dates and labels on a stamp line
    caption_chars: int = 400      # captions are no longer
    link_words: int = 25          # a line around a web address no longer is a promo
    similar: int = 75             # similarity of a line to a caption next to it


DEFAULT = Params()
CREDIT_TAIL = 120       # a caption's credit is within its last characters

# Fragments that scrapers glue to a line: a leading "date 2021-11-16" stamp, "(3rd UPDATE)".
LEAD_STAMP = re.compile(r"^\s*date\s+\d{4}-\d{2}(?:-\d{2})?\b\s*", re.IGNORECASE)
LEAD_UPDATE = re.compile(r"^\s*[(\[]?\s*(?:\d+(?:st|nd|rd|th)\s+)?update(?:\s+\d+)?\s*[)\]]\s*", re.IGNORECASE)
TAIL_READ_MORE = re.compile(r"(?<=[.!?\"”…)])\s*(?:read more|continue reading|artikel ansehen|weiterlesen"
                            r"|lire la suite|czytaj (?:więcej|dalej)|leer más|читать далее)\s*$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\)\s|\ball rights reserved\b|\bcopyright\b", re.IGNORECASE)
_QUOTE_OPEN = re.compile(r"^\s*[\"“‘«„'‚]")
# A list item of the article ("- Medical equipment") is content, whatever its shape.
_BULLET = re.compile(r"^\s*(?:[-–—•·*▪◦]\s|[-–•·*▪◦](?=[^\W\d_])|\d{1,2}[.)]\s)")
_KEY_VALUE = re.compile(r"\w\s*:\s*[-+]?[\d$€£]")     # "Turnout: 61%" is data
_FULL_STOP = re.compile(r"[.…][\"”»’')\]]*\s*$")
_DATED = re.compile(rf"\b(?:{MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTHS}\s+\d{{4}})\b", re.IGNORECASE)


def split_fragments(lines: list[Line]) -> list[Line]:
    """Split glued stamps and update tags off the lines they open; cut a trailing "read more".

    The fragment becomes its own line (kind "stamp"), so it is removed and kept for audit
    while the rest of the line is judged on its own.
    """
    out: list[Line] = []
    for ln in lines:
        if ln.kind is None:
            for pat, kind in ((LEAD_STAMP, "stamp"), (LEAD_UPDATE, "stamp")):
                m = pat.match(ln.text)
                if m and m.end() < len(ln.text):
                    out.append(Line(ln.no, ln.text[:m.end()].strip(), kind=kind, gap_before=ln.gap_before))
                    ln.text = ln.text[m.end():].strip()
                    ln.gap_before = False
            m = TAIL_READ_MORE.search(ln.text)
            if m:
                ln.extra.append(_removed("crosslink", ln.text[m.start():].strip(), ln.no))
                ln.text = ln.text[:m.start()].rstrip()
        out.append(ln)
    return out


def _removed(kind: str, text: str, no: int) -> Removed:
    return Removed(kind, text, no)


def line_kind(sh: Shape, text: str, p: Params = DEFAULT) -> str | None:
    """The kind of chrome a line is by its shape alone, or None."""
    s = text.strip()
    if sh.stamped and sh.stamp_rest <= p.stamp_rest and not sh.prose:
        return "stamp"
    if sh.n_words == 0:
        return "label"                                  # "__", "1 / 6", "153"
    if sh.prose and sh.n_chars > p.caption_chars:
        return None
    if _BULLET.match(s):
        return None                                     # an item of a list in the article
    if sh.n_words <= 10 and CREDIT_LINE.match(s):
        return "caption"
    if TRAILING_CREDIT.search(s[-CREDIT_TAIL:]) or LEADING_CREDIT.match(s):
        # A caption may be long; a paragraph of prose does not end with a picture credit.
        return "caption" if sh.n_chars <= 2 * p.caption_chars else None
    if sh.url and sh.n_words <= p.link_words:
        return "link"
    if sh.n_words <= p.link_words and CALL_TO_FOLLOW.match(s):
        return "promo"
    if sh.prose:
        return None
    if sh.n_words <= 12 and PRICE_OFFER.search(s):
        return "promo"
    if BYLINE.match(s):
        return "byline"                                 # the reporters, not a source of the copy
    if AGENCY_DATELINE.match(s):
        return "credit"
    if sh.separators >= 2 or (sh.separators and sh.n_words <= 6) or TAG_LIST.match(s):
        return "menu"
    if _KEY_VALUE.search(s):
        return None
    if sh.n_words <= p.label_words and not sh.sentence_end:
        return "label"                                  # "More stories", "Follow", "Economy"
    if sh.n_words <= p.name_words and sh.caps == 1.0 and not sh.sentence_end:
        return "label"
    if sh.n_words >= p.tag_words and sh.stop == 0.0 and not sh.sentence_end and sh.caps < 1.0:
        return "label"
    return None


def mark_chrome(lines: list[Line], p: Params = DEFAULT) -> None:
    """Give a kind to the chrome among the kept lines (``kind`` None), judging each line by
    its shape, then by its neighbours and by repetition across the document."""
    live = [ln for ln in lines if ln.kind is None and ln.post is None]
    stoplist = stoplist_for([w.lower() for ln in live for w in words(ln.text[:HEAD_CHARS])])
    shapes = {id(ln): shape(ln.text, stoplist) for ln in live}
    for k, ln in enumerate(live):
        kind = line_kind(shapes[id(ln)], ln.text, p)
        # The first line is the headline: a short title is not a label.
        if kind == "label" and k == 0 and shapes[id(ln)].n_words >= 2:
            kind = None
        ln.kind = kind
    # Short lines after a line that opens a list ("... the following:") are its items.
    in_list = False
    for ln in live:
        if in_list and ln.kind == "label" and shapes[id(ln)].n_words:
            ln.kind = None
            continue
        in_list = ln.kind is None and ln.text.rstrip().endswith(":") and shapes[id(ln)].n_words >= 3
    # A short line between two paragraphs of prose is a subheading of the article.
    for k in range(1, len(live) - 1):
        if live[k].kind == "label" and shapes[id(live[k])].n_words \
                and all(live[j].kind is None and shapes[id(live[j])].prose for j in (k - 1, k + 1)):
            live[k].kind = None

    # A short line printed more than once (a caption, a section name) is chrome every time.
    counts: dict[tuple[str, ...], int] = {}
    keys = [shapes[id(ln)].key for ln in live]
    for key in keys:
        if key:
            counts[key] = counts.get(key, 0) + 1
    for ln, key in zip(live, keys):
        # (A paragraph of prose printed twice is kept once, not dropped.)
        if ln.kind is None and counts.get(key, 0) > 1 and len(key) <= 40 and not shapes[id(ln)].prose \
                and shapes[id(ln)].n_chars <= HEAD_CHARS:
            ln.kind = "repeat"

    # A line that only opens a longer line (a caption's title, a pull quote) is chrome.
    by_start: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key in keys:
        by_start.setdefault(key[:3], []).append(key)
    for k, ln in enumerate(live):
        a = keys[k]
        if ln.kind is not None or not 3 <= len(a) <= 40 or (k == 0 and not shapes[id(ln)].sentence_end):
            continue
        if shapes[id(ln)].prose and k > 1:
            continue             # in the body, a sentence repeated at a paragraph's start is kept
        if any(len(b) > len(a) + 2 and b[:len(a)] == a for b in by_start.get(a[:3], ())):
            ln.kind = "repeat"

    # Next to a caption: the same caption again, or a caption's title; before a credit line,
    # the caption it credits.
    for k, ln in enumerate(live):
        if ln.kind is not None or k == 0 or _BULLET.match(ln.text):
            continue
        sh = shapes[id(ln)]
        head = k <= 1        # the headline and the standfirst under it
        for j in (k - 1, k + 1):
            if not 0 <= j < len(live) or live[j].kind != "caption":
                continue
            other = live[j].text
            credit_only = CREDIT_LINE.match(other.strip()) is not None or (
                shapes[id(live[j])].n_words <= 6 and TRAILING_CREDIT.search(other) is not None)
            # Captions describe a picture; a line opening with a quotation is speech.
            if sh.n_chars <= p.caption_chars and not _QUOTE_OPEN.match(ln.text) and (
                    fuzz.partial_ratio(ln.text.lower(), other.lower()) >= p.similar
                    # before a credit alone: a title, or a dated description of the picture
                    or (j == k + 1 and credit_only and (not sh.sentence_end or _DATED.search(ln.text)))
                    or (j == k + 1 and not head and not sh.sentence_end and sh.n_words <= 15)):
                ln.kind = "caption"
                break

    # A section name repeated before each of a list of headlines: those are other articles.
    for k, ln in enumerate(live[:-1]):
        nxt = live[k + 1]
        if counts.get(keys[k], 0) >= 3 and ln.kind in ("label", "repeat") \
                and shapes[id(ln)].n_words <= 4 and nxt.kind is None \
                and shapes[id(nxt)].n_chars <= 150 and not _FULL_STOP.search(nxt.text):
            nxt.kind = "related"
    _mark_last_lines(lines, live, shapes)
    _mark_tail(lines, shapes)

    # Headlines listed under a "Read more:" line are links to other articles.
    for k, ln in enumerate(lines):
        if ln.kind == "crosslink" and ln.text.rstrip().endswith(":"):
            for nxt in lines[k + 1:]:
                if nxt.kind is not None:
                    continue
                sh = shape(nxt.text)
                if sh.prose or sh.n_chars > 200:
                    break
                nxt.kind = "related"


TAIL_MIN_CHROME = 3        # chrome lines that make the end of a page a block of chrome


def _mark_tail(lines: list[Line], shapes: dict[int, Shape]) -> None:
    """The end of a page after the article (promos, section names, other headlines):
    from the end back to the last sentence of prose, when that run is mostly chrome."""
    run: list[Line] = []
    for ln in reversed(lines):
        if ln.kind is None and ln.post is None:
            sh = shapes.get(id(ln)) or shape(ln.text)
            if sh.prose:
                break
        run.append(ln)
    # Embedded posts are part of the article: their signatures do not make a page tail.
    chrome = sum(ln.kind is not None and not ln.kind.startswith("post-") for ln in run)
    if chrome >= TAIL_MIN_CHROME and chrome >= 0.4 * len(run):
        for ln in run:
            if ln.kind is None and ln.post is None and not _KEY_VALUE.search(ln.text):
                ln.kind = "tail"


CLOSING_CREDIT_WORDS = 25
COPYRIGHT_LAST_LINES = 3   # a copyright notice this near the end closes the page


def _mark_last_lines(lines: list[Line], live: list[Line], shapes: dict[int, Shape]) -> None:
    """What follows a copyright notice near the end ends the page; a closing line that names
    two or more agencies credits the copy ("With reporting by
    Reuters and AFP")."""
    for k, ln in enumerate(lines):
        if ln.kind == "other" and _COPYRIGHT.search(ln.text) and len(lines) - k <= COPYRIGHT_LAST_LINES:
            for after in lines[k + 1:]:
                if after.kind is None and after.post is None:
                    after.kind = "tail"
            break
    if live and live[-1].kind is None:
        last = live[-1]
        if shapes[id(last)].n_words <= CLOSING_CREDIT_WORDS and len(KNOWN_AGENCY.findall(last.text)) >= 2 \
                and not _QUOTE_OPEN.match(last.text) and not _FULL_STOP.search(last.text):
            last.kind = "credit"
