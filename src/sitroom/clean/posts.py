"""Embedded social posts: find the signature, the post text above it, and its echoes.

A tweet embedded in a page comes out of text extraction as the post's text followed by
a signature line "— Name (@handle) November 14, 2021". The article around it often
quotes the same words again; cleaning keeps each post's words once.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..ingest.published import DATE_ANY, POST_SIGNATURE, iso_from_match
from ..records import Removed
from .lines import Line, Said, quoted_spans, sentence_spans, similar, words

ECHO_WINDOW = 200       # lines either side of a post searched for its echoes
TWEET_LIMIT = 280        # characters in a post; the text above a signature is no longer
FIRST_LINE_LIMIT = 600   # a longer line right above a signature is article text, not the post

_INSTAGRAM = re.compile(
    rf"^A post shared by (?P<name>[^()@\n]{{0,80}}?)\s*\(@(?P<handle>[\w.]{{1,30}})\)"
    rf"(?:\s+on\s+(?P<date>{DATE_ANY})(?:\s+at\s+[\w: ]{{1,20}})?)?\s*$", re.IGNORECASE)
LINK = re.compile(r"(?:https?://)?(?:pic\.twitter\.com|t\.co)/\w+|https?://(?:www\.)?(?:twitter|x)\.com/\S+")
_LINK_ONLY = re.compile(rf"^(?:\s*(?:{LINK.pattern}))+\s*$")
# What an embed prints around a post besides its signature.
_EMBED_CHROME = re.compile(r"^(?:view this (?:post|profile|photo|video) on (?:instagram|facebook|x|twitter)"
                           r"|a post shared by .{1,80}|see more|voir cette publication sur instagram)$",
                           re.IGNORECASE)
_URL = re.compile(r"https?://\S+|\b\w+\.\w{2,3}/\S+")
# Article prose that introduces or reports the post: '"...," the minister said', "He wrote:".
_ATTRIBUTED = re.compile(
    r"[\"”»]\s*,?\s*(?:[\w.'-]+\s+){0,5}?(?:said|says|wrote|writes|tweeted|posted|added|told|declared"
    r"|stated|insisted|warned|a déclaré|a dit|a écrit|a tweeté|a ajouté)\b"
    r"|^(?:according to|selon)\b"
    r"|\b(?:said|wrote|tweeted|posted|announced|declared|a écrit|a déclaré)\b.{0,40}"
    r"\b(?:twitter|tweet|on x|facebook|instagram|telegram|post|message)\b"
    r"|:\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Signature:
    author: str | None
    handle: str | None
    date: str | None
    text: str


@dataclass
class Block:
    """The lines of one embedded post and the places where its words echo elsewhere."""
    sig: Signature
    lines: list[Line]
    echo_of: list[tuple[Line, int, int]] = field(default_factory=list)
    duplicate: bool = False


def match_signature(text: str) -> tuple[str, Signature] | None:
    """``(text before the signature, signature)`` when the line ends with a post signature."""
    m = POST_SIGNATURE.search(text)
    if m:
        prefix = text[:m.start()].strip()
        return prefix, Signature(m.group("name").strip() or None, m.group("handle"),
                                 iso_from_match(m), text[m.start():].strip())
    m = _INSTAGRAM.match(text)
    if m:
        return "", Signature(m.group("name").strip() or None, m.group("handle"),
                             iso_from_match(m) if m.group("date") else None, text)
    return None


def mark_signatures(lines: list[Line]) -> list[Line]:
    """Mark signature and embed lines; split a signature off the end of a text line."""
    out: list[Line] = []
    for ln in lines:
        if "(@" in ln.text and (found := match_signature(ln.text)):
            prefix, sig = found
            if prefix:
                out.append(Line(ln.no, prefix, gap_before=ln.gap_before))
                ln = Line(ln.no, sig.text, gap_before=False)
            ln.kind, ln.sig = "post-signature", sig
        elif _LINK_ONLY.match(ln.text) or _EMBED_CHROME.match(ln.text):
            ln.kind = "post-signature"
        out.append(ln)
    return out


def _length(text: str) -> int:
    return len(_URL.sub("", text).strip())


def find_posts(lines: list[Line]) -> list[Block]:
    """The post above each signature.

    When the signature is attached to the lines above it (no blank line between), the
    post is that block. Either way the post stops where its text would exceed one post,
    at prose that reports it or names its author, at removed lines and at another post;
    a signature standing apart never takes the article's first line, its lead.
    """
    blocks: list[Block] = []
    for i, ln in enumerate(lines):
        if ln.sig is None:
            continue
        k = len(blocks)
        surname = (ln.sig.author or "").split()[-1:] or [""]
        names = re.compile(rf"\b{re.escape(surname[0])}\b") if len(surname[0]) > 2 else None
        attached = not ln.gap_before
        taken: list[Line] = []
        budget = 0
        j = i - 1
        while j >= 0:
            cand, after = lines[j], lines[j + 1]
            if attached and after.gap_before:
                break
            if cand.sig is not None or cand.post is not None:
                break
            if cand.kind is not None:
                if cand.kind == "post-signature" and _LINK_ONLY.match(cand.text):
                    j -= 1   # a picture link inside the post; "View this post on ..." opens it
                    continue
                break
            n = _length(cand.text)
            if (_ATTRIBUTED.search(cand.text) or (names and names.search(cand.text))
                    or (taken and budget + n > TWEET_LIMIT) or (not taken and n > FIRST_LINE_LIMIT)
                    or (j == 0 and not attached and i > 1)):
                break
            taken.insert(0, cand)
            budget += n
            j -= 1
        for t in taken:
            t.post = k
        blocks.append(Block(ln.sig, taken))
    return blocks


def strip_links(block: Block) -> None:
    """Take picture and short links out of the post's lines (kept for audit)."""
    for ln in block.lines:
        links = LINK.findall(ln.text)
        if links:
            ln.extra.extend(Removed("post-signature", u, ln.no) for u in links)
            ln.text = " ".join(LINK.sub(" ", ln.text).split())
            if not ln.text:
                ln.kind = "post-signature"


def _drop_spans(ln: Line, spans: list[tuple[int, int]]) -> None:
    """Remove sentences from a post line, recording each as an echo."""
    keep = [(s, e) for s, e in sentence_spans(ln.text) if (s, e) not in spans]
    if not keep:
        ln.kind = "post-echo"
        return
    ln.extra.extend(Removed("post-echo", ln.text[s:e], ln.no) for s, e in spans)
    ln.text = " ".join(ln.text[s:e] for s, e in keep)


@functools.lru_cache(maxsize=2048)
def _analysed(text: str) -> tuple[frozenset, list[tuple[int, int, Said]], list[tuple[int, int]]]:
    """A line's words, sentences and quoted passages, worked out once per text (a line is
    compared with every post near it)."""
    return (frozenset(words(text)), [(s, e, Said(text[s:e])) for s, e in sentence_spans(text)],
            quoted_spans(text))


def remove_echoes(lines: list[Line], blocks: list[Block]) -> None:
    """Keep each post's words once.

    A bare paragraph that only repeats the post goes; a post sentence that the article
    already quotes (with its attribution) leaves the post; a post repeated later goes.
    Echoes are looked for within :data:`ECHO_WINDOW` lines of the post, which keeps the
    work linear in the length of the text however many posts it embeds.
    """
    index = {id(ln): i for i, ln in enumerate(lines)}
    for k, blk in enumerate(blocks):
        # Within the post, the copy nearest the signature is the embed itself.
        psents: list[tuple[Line, int, int, Said]] = []
        for ln in blk.lines:
            if ln.kind is None:
                psents.extend((ln, s, e, Said(ln.text[s:e])) for s, e in sentence_spans(ln.text))
        if not psents:
            continue
        drop: dict[int, tuple[Line, int, int]] = {}
        for a in range(len(psents)):
            if any(similar(psents[a][3], psents[b][3]) for b in range(a + 1, len(psents))):
                drop[a] = psents[a][:3]
        # A sentence similar to a post sentence shares at least half its words with the post.
        vocab = frozenset().union(*(p[3].set for p in psents))

        def near(said: Said) -> bool:
            return len(said.set & vocab) >= 0.5 * len(said.set)

        at = index[id(blk.lines[0])]
        for ln in lines[max(0, at - ECHO_WINDOW):at + len(blk.lines) + ECHO_WINDOW]:
            if ln.kind is not None or ln.post is not None and ln.post >= k:
                continue
            wset, sents, quotes = _analysed(ln.text)
            if len(vocab.intersection(wset)) < 2:
                continue
            if ln.post is None and not quotes and sents and all(
                    near(said) and any(similar(said, p[3]) for p in psents) for _, _, said in sents):
                ln.kind = "post-echo"
                continue
            units = [(qs + s, qs + e, Said(ln.text[qs + s:qs + e])) for qs, qe in quotes
                     for s, e in sentence_spans(ln.text[qs:qe])] + sents
            for s, e, said in units:
                if not near(said):
                    continue
                for a, p in enumerate(psents):
                    if a not in drop and similar(said, p[3]):
                        drop[a] = p[:3]
                        blk.echo_of.append((ln, s, e))
        by_line: dict[int, list[tuple[int, int]]] = {}
        owners: dict[int, Line] = {}
        for ln, s, e in drop.values():
            by_line.setdefault(id(ln), []).append((s, e))
            owners[id(ln)] = ln
        for key, spans in by_line.items():
            _drop_spans(owners[key], spans)
        if all(ln.kind is not None for ln in blk.lines):
            blk.duplicate = any(ln.post is not None for ln, _, _ in blk.echo_of) or not blk.echo_of
