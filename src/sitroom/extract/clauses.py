"""Clause-level lookups over the parse shared by figures and events: segments, actors, dates, places.

A *segment* is a sentence further cut at blank lines: the small parser often glues
a headline onto the paragraph below it, and a dependency arc across a blank line
is almost always wrong, so arcs are not followed across segments.
"""
from __future__ import annotations

import bisect
import re

from ..records import Actor, DateRef, Document, Place

_BLANK = re.compile(r"\n\s*\n")
_TERMINAL = frozenset('.!?)…:')
VERBAL = frozenset({"VERB", "AUX"})
PARTITIVE = frozenset({"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands",
                       "million", "millions", "score", "scores", "tens", "some", "many", "all",
                       "most", "group", "groups", "number", "several", "few", "majority",
                       "part", "rest", "each", "both", "none"})
_ACTING = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "poss"})
RELATIVE = frozenset({"which", "who", "that", "whom"})
_PERSON_PRON = frozenset({"he", "she", "him", "her", "his"})
_THING_PRON = frozenset({"it", "its"})
_GROUP_PRON = frozenset({"they", "them", "their"})
PRONOUNS = _PERSON_PRON | _THING_PRON | _GROUP_PRON
# Nouns for unnamed people: "detained 17 people", "families with children".
GENERIC_PEOPLE = frozenset({"people", "person", "persons", "individual", "individuals", "group",
                            "groups", "crowd", "crowds", "family", "families", "man", "men",
                            "woman", "women", "child", "children", "national", "nationals",
                            "citizen", "citizens", "foreigner", "foreigners"})
_CIVIL_SECTORS = frozenset({"REF", "CVL"})


class Clauses:
    """Per-document index from spaCy tokens to segments, actors, dates and places."""

    def __init__(self, doc: Document):
        self.doc = doc
        sd = self.sdoc = doc.nlp
        self.seg: list[int] = []
        sid, prev_blank = 0, False
        for t in sd:
            if t.i and (t.is_sent_start or prev_blank):
                sid += 1
            self.seg.append(sid)
            prev_blank = t.is_space and bool(_BLANK.search(t.text + t.whitespace_))
        self._bounds: dict[int, tuple[int, int]] = {}
        for t in sd:
            if t.is_space:
                continue
            s = self.seg[t.i]
            lo, hi = self._bounds.get(s, (t.i, t.i))
            self._bounds[s] = (min(lo, t.i), max(hi, t.i))
        # actor mentions by token: the longest mention covering a token wins
        self.tok_actor: dict[int, tuple[Actor, int, int]] = {}
        self.mentions: list[tuple[int, int, Actor]] = []
        for a in doc.actors:
            for sp in a.spans:
                self.mentions.append((sp.start, sp.end, a))
                cs = sd.char_span(sp.start, sp.end, alignment_mode="expand")
                if cs is None:
                    continue
                for t in cs:
                    old = self.tok_actor.get(t.i)
                    if old is None or old[2] - old[1] < sp.end - sp.start:
                        self.tok_actor[t.i] = (a, sp.start, sp.end)
        self.mentions.sort(key=lambda m: m[0])
        # names and aliases, for proper names the actor stage left unlinked ("flights to Minsk")
        self.by_name: dict[str, Actor] = {}
        for a in doc.actors:
            for nm in a.names:
                self.by_name.setdefault(nm.lower(), a)
        self._mention_starts = [m[0] for m in self.mentions]
        self.date_at = self._attach_index(doc.dates)
        self.place_at = self._attach_index(doc.places)
        self.date_tokens = self._covered(doc.dates)
        self.place_tokens = self._covered(doc.places)

    # -- segments -----------------------------------------------------------------
    def head(self, t):
        """The head of ``t``, or ``t`` itself when the arc leaves its segment."""
        h = t.head
        return t if h.i == t.i or self.seg[h.i] != self.seg[t.i] else h

    def ancestors(self, t) -> list:
        """``t`` and its heads up to the segment root."""
        out = [t]
        while True:
            h = self.head(out[-1])
            if h is out[-1] or len(out) > 60:
                return out
            out.append(h)

    def children(self, t, *deps: str) -> list:
        s = self.seg[t.i]
        return [c for c in t.children if self.seg[c.i] == s and (not deps or c.dep_ in deps)]

    def child(self, t, *deps: str):
        for c in self.children(t, *deps):
            return c
        return None

    def segment_bounds(self, t) -> tuple[int, int]:
        """Token range (first, last) of the segment of ``t``, spaces excluded."""
        return self._bounds.get(self.seg[t.i], (t.i, t.i))

    def segment_chars(self, t) -> tuple[int, int]:
        lo, hi = self.segment_bounds(t)
        return self.sdoc[lo].idx, self.sdoc[hi].idx + len(self.sdoc[hi])

    def is_headline(self, t) -> bool:
        """Whether the segment of ``t`` lacks end punctuation (a title or subheading)."""
        lo, hi = self.segment_bounds(t)
        k = hi
        while k > lo and self.sdoc[k].is_quote:
            k -= 1
        last = self.sdoc[k].text
        return not (last and last[-1] in _TERMINAL) and hi - lo < 25

    def is_orphan(self, t) -> bool:
        return self.head(t) is t

    def is_cut(self, t) -> bool:
        """Whether the parser hung ``t`` on a token of another segment."""
        return t.head.i != t.i and self.head(t) is t

    # -- actors ---------------------------------------------------------------------
    def actor_of(self, t) -> Actor | None:
        """The actor whose mention covers token ``t``, if any."""
        hit = self.tok_actor.get(t.i)
        return hit[0] if hit else None

    def actor_for(self, t, depth: int = 0) -> Actor | None:
        """The actor a noun phrase headed by ``t`` refers to (modifiers, partitives, appositions)."""
        if t is None or depth > 3:
            return None
        low = t.lower_
        if low in PRONOUNS:
            return self.resolve_pronoun(t)
        if low in RELATIVE and t.dep_.startswith("nsubj"):
            h = self.head(t)
            if h.dep_ == "relcl":
                return self.actor_for(self.head(h), depth + 1)
        a = self.actor_of(t)
        if a is not None:
            return a
        if low in PARTITIVE or t.like_num:
            for p in self.children(t, "prep"):
                if p.lower_ == "of":
                    o = self.child(p, "pobj")
                    if o is not None:
                        return self.actor_for(o, depth + 1)
        for c in self.children(t, "appos"):
            a = self.actor_of(c)
            if a is not None:
                return a
        for c in t.lefts:
            if c.dep_ in ("poss", "compound", "nmod", "amod") and self.seg[c.i] == self.seg[t.i]:
                a = self.actor_of(c)
                if a is not None:
                    return a
        if t.pos_ == "PROPN":
            lo = t.i
            while lo > 0 and self.sdoc[lo - 1].pos_ == "PROPN" and self.sdoc[lo - 1].head.i == t.i:
                lo -= 1
            return self.by_name.get(self.sdoc[lo:t.i + 1].text.lower())
        return None

    def actors_for(self, t) -> list[Actor]:
        """Actors of ``t`` and of the noun phrases coordinated with it."""
        out: list[Actor] = []
        for x in [t] + self.conjuncts(t):
            a = self.actor_for(x)
            if a is not None and a not in out:
                out.append(a)
        return out

    def conjuncts(self, t) -> list:
        out, todo = [], [t]
        while todo:
            x = todo.pop()
            for c in self.children(x, "conj"):
                if c.pos_ in ("NOUN", "PROPN", "PRON"):
                    out.append(c)
                    todo.append(c)
        return out

    def resolve_pronoun(self, t, avoid=()) -> Actor | None:
        """The nearest preceding fitting actor mention within about two sentences
        (for "they/them" an unnamed group first), other than the actors in ``avoid``."""
        low = t.lower_
        if low in _PERSON_PRON:
            passes = (("person",),)
        elif low in _THING_PRON:
            passes = (("country", "organization"),)
        else:
            passes = (("group",), ("organization", "country"))
        # a subject pronoun most often takes up an earlier subject; others the nearest mention
        for subject_only in ((True, False) if t.dep_ in ("nsubj", "nsubjpass") else (False,)):
            for kinds in passes:
                i = bisect.bisect_left(self._mention_starts, t.idx) - 1
                floor = t.idx - 400
                while i >= 0 and self.mentions[i][0] >= floor:
                    start, end, a = self.mentions[i]
                    if a.kind in kinds and end <= t.idx and a not in avoid and \
                            (not subject_only or self._is_subject(start)):
                        return a
                    i -= 1
        return None

    def resolve_generic(self, t, avoid=()) -> Actor | None:
        """The unnamed civilian group a generic noun ("17 people", "families") stands for:
        the nearest earlier mention of a refugee or civilian group within about three
        sentences, else the group of that kind mentioned most in the document."""
        if t.lower_ not in GENERIC_PEOPLE and t.lemma_.lower() not in GENERIC_PEOPLE:
            return None
        return self.civilians(t.idx, avoid)

    def civilians(self, char: int, avoid=()) -> Actor | None:
        """The civilian group of the story near ``char``: the nearest earlier mention of a
        refugee or civilian group within about three sentences, else the one mentioned most."""
        i = bisect.bisect_left(self._mention_starts, char) - 1
        while i >= 0 and self.mentions[i][0] >= char - 600:
            a = self.mentions[i][2]
            if a.kind == "group" and a.sector in _CIVIL_SECTORS and a not in avoid:
                return a
            i -= 1
        best = [(len(a.spans), a) for a in self.doc.actors
                if a.kind == "group" and a.sector in _CIVIL_SECTORS and a not in avoid]
        return max(best, key=lambda x: x[0])[1] if best else None

    def org_by_head(self, t) -> Actor | None:
        """The organisation a bare common noun takes up: "the committee" after "the State
        Border Committee" (the nearest earlier mention whose name ends in that word)."""
        if t.pos_ != "NOUN":
            return None
        word = t.lemma_.lower()
        i = bisect.bisect_left(self._mention_starts, t.idx) - 1
        while i >= 0 and self.mentions[i][0] >= t.idx - 1500:
            a = self.mentions[i][2]
            if a.kind == "organization" and a.name.lower().split()[-1:] == [word]:
                return a
            i -= 1
        return None

    def _is_subject(self, char: int) -> bool:
        cs = self.sdoc.char_span(char, char + 1, alignment_mode="expand")
        if cs is None or not len(cs):
            return False
        x = cs[0]
        while x.dep_ in ("compound", "amod", "det", "poss", "case") and x.head.i != x.i:
            x = x.head
        return x.dep_ in ("nsubj", "nsubjpass")

    def np_text(self, t) -> str:
        """Surface of the noun phrase headed by ``t`` up to the head (pre-modifiers only)."""
        lo = t.left_edge.i
        while lo < t.i and self.seg[lo] != self.seg[t.i]:
            lo += 1
        span = self.sdoc[lo:t.i + 1]
        return span.text.strip(' "“”,')

    # -- dates and places -----------------------------------------------------------
    def _attach_index(self, records) -> dict[int, list]:
        """Token index of the verb (or root) each record's phrase hangs from -> records."""
        out: dict[int, list] = {}
        for r in records:
            cs = self.sdoc.char_span(r.span.start, r.span.end, alignment_mode="expand")
            if cs is None or not len(cs):
                continue
            x = cs.root
            if x.dep_ in _ACTING:
                continue   # a place name as subject or object stands for its government
            while x.pos_ not in VERBAL or x.i in range(cs.start, cs.end):
                h = self.head(x)
                if h is x:
                    break
                x = h
            out.setdefault(x.i, []).append(r)
        return out

    def _covered(self, records) -> set[int]:
        out: set[int] = set()
        for r in records:
            cs = self.sdoc.char_span(r.span.start, r.span.end, alignment_mode="expand")
            if cs is not None:
                out.update(range(cs.start, cs.end))
        return out

    def governing(self, index: dict[int, list], t, skip=()) -> object | None:
        """The record attached to ``t`` or to its nearest ancestor that has one."""
        for x in self.ancestors(t):
            for r in index.get(x.i, ()):
                if r not in skip:
                    return r
        return None

    def date_for(self, t) -> DateRef | None:
        return self.governing(self.date_at, t)

    def place_for(self, t, exclude: tuple[int, int] | None = None, exclude_spans=()) -> Place | None:
        """The place governing ``t``, skipping places inside ``exclude`` (a char range),
        places overlapping ``exclude_spans``, and countries named as actors."""
        ranges = [(s.start, s.end) for s in exclude_spans]
        if exclude is not None:
            ranges.append(exclude)
        skip = []
        for x in self.ancestors(t):     # only these places can govern ``t``
            for p in self.place_at.get(x.i, ()):
                a, b = p.span.start, p.span.end
                if any(a < r1 and r0 < b for r0, r1 in ranges) or \
                        p.feature == "country" and self.tok_actor_at(a) is not None:
                    skip.append(p)
        return self.governing(self.place_at, t, skip)

    def tok_actor_at(self, char: int) -> Actor | None:
        t = self.sdoc.char_span(char, char + 1, alignment_mode="expand")
        return self.actor_of(t[0]) if t is not None and len(t) else None
