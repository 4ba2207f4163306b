"""Clean extracted article text: drop page chrome, keep credits apart, keep posts once."""
from __future__ import annotations

from dataclasses import dataclass

from ..ingest.published import scan_head
from ..records import Post, Removed, Span
from .boilerplate import classify, is_prose
from .chrome import DEFAULT, Params, mark_chrome, split_fragments
from .lines import Line, logical_lines, words
from .posts import find_posts, mark_signatures, remove_echoes, strip_links

_MIN_DUPLICATE_WORDS = 6   # shorter repeated lines ("Read more") are left to the patterns


@dataclass(frozen=True)
class Cleaned:
    """The clean text with what was taken out of it and the posts kept in it."""
    text: str
    removed: tuple[Removed, ...]
    credits: tuple[str, ...]
    posts: tuple[Post, ...]
    post_dates: tuple[str, ...]   # dates of every post signature, including posts without text


def _drop_tail(lines: list[Line]) -> None:
    """After a closing credit line ("With AFP"), a tail without any prose is page chrome.

    Wire copy ends with its credits; what a page prints after them (promos, badges,
    headings of other sections) is made of short lines that are not sentences.
    """
    credit_at = [i for i, ln in enumerate(lines) if ln.kind == "credit"]
    if not credit_at:
        return
    c = credit_at[-1]
    # A closing credit has most of the text before it (a byline opens the article instead).
    if sum(len(ln.text) for ln in lines[:c]) < sum(len(ln.text) for ln in lines[c + 1:]):
        return
    tail = [ln for ln in lines[c + 1:] if ln.kind is None]
    if tail and not any(is_prose(ln.text) for ln in tail):
        for ln in tail:
            ln.kind = "other"


def _drop_duplicates(lines: list[Line]) -> None:
    """A paragraph printed twice (a pull quote, a repeated caption) is kept the first time."""
    seen: set[tuple[str, ...]] = set()
    for ln in lines:
        if ln.kind is not None:
            continue
        key = tuple(words(ln.text))
        if len(key) < _MIN_DUPLICATE_WORDS:
            continue
        if key in seen:
            ln.kind = "other"
        seen.add(key)


def _mark_meta(lines: list[Line]) -> None:
    """Publication lines ("Published 8 November 2021", "Outlet | date") are metadata.

    A byline that names the outlet ("By Jane Doe | Outlet") is a credit. A wire dateline
    opens the lead sentence and stays; only its date is read.
    """
    for i, ml in scan_head([ln.text for ln in lines]).items():
        if lines[i].kind is None:
            lines[i].kind = "credit" if ml.byline else "dateline-meta"


def clean(text: str, doc_id: str = "", params: Params = DEFAULT) -> Cleaned:
    """Clean ``text``: paragraphs separated by blank lines, boilerplate and echoes removed."""
    lines = split_fragments(mark_signatures(logical_lines(text)))
    for ln in lines:
        if ln.kind is None:
            ln.kind = classify(ln.text)
    _mark_meta(lines)
    _drop_tail(lines)
    blocks = find_posts(lines)
    for blk in blocks:
        strip_links(blk)
    remove_echoes(lines, blocks)
    mark_chrome(lines, params)
    _drop_duplicates(lines)

    removed: list[Removed] = []
    credits: list[str] = []
    parts: list[str] = []
    where: dict[int, tuple[int, int]] = {}   # id(line) -> span in the clean text
    pos = 0
    for ln in lines:
        removed.extend(ln.extra)
        if ln.kind is not None:
            removed.append(Removed(ln.kind, ln.text, ln.no))
            if ln.kind == "credit":
                credits.append(ln.text)
            continue
        if parts:
            pos += 2
        where[id(ln)] = (pos, pos + len(ln.text))
        parts.append(ln.text)
        pos += len(ln.text)
    clean_text = "\n\n".join(parts)

    posts: list[Post] = []
    for blk in blocks:
        kept = [where[id(ln)] for ln in blk.lines if id(ln) in where]
        if kept:
            start, end = kept[0][0], kept[-1][1]
        elif blk.echo_of and not blk.duplicate and id(blk.echo_of[0][0]) in where:
            # Every sentence was already quoted by the article: the post is that quotation.
            ln, s, e = blk.echo_of[0]
            base = where[id(ln)][0]
            same = [(s1, e1) for l1, s1, e1 in blk.echo_of if l1 is ln]
            start, end = base + min(s for s, _ in same), base + max(e for _, e in same)
            while end > start and clean_text[end - 1] in ",;: ":  # the comma before "he said"
                end -= 1
        else:
            continue
        posts.append(Post(Span(doc_id, start, end), clean_text[start:end],
                          blk.sig.author, blk.sig.handle, blk.sig.date))
    removed.sort(key=lambda r: r.line)
    dates = tuple(b.sig.date for b in blocks if b.sig.date)
    return Cleaned(clean_text, tuple(removed), tuple(credits), tuple(posts), dates)
