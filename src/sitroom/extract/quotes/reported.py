"""Reported speech: the content clause of a cue verb, or the rest of a sentence "according to X".

A mixin of the quote extractor (:mod:`.stage`).
"""
from __future__ import annotations

import bisect

import re

from ...records import Quote
from .cues import (ACT_CUES, DESCRIBE_CUES, DIRECT_CUES, OBJECT_CUES, REPORT_CUES, SETTING_NOUNS,
                   TRAILING_CUES)

_TOKEN = re.compile(r"\w+")
# Appeals and their prepositions: the addressee, then what they are asked to do.
_APPEALS = {"appeal": ("to",), "call": ("on", "upon", "for")}
# A contrast opening a statement of its own inside a sentence ("X said A, while Y maintained B").
_CONTRAST = re.compile(r",\s+(?:while|whereas|but|and)\s")
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{2,40}(?:,[^\n]{0,60}?)?(?:\s*\([^()\n]{1,40}\))?\s[-–—]+\s+")


class ReportedSteps:
    """Mixin of the quote extractor that finds reported speech."""

    def reported(self) -> None:
        direct = sorted((q.span.start, q.span.end) for q in self.out)
        dstarts = [x for x, _ in direct]
        dlongest = max((y - x for x, y in direct), default=0)
        for u0, u1 in self.units:
            if any(p.span.start <= u0 < p.span.end for p in self.doc.posts):
                continue
            toks = self.tokens(u0, u1)
            near = direct[bisect.bisect_left(dstarts, u0 - dlongest):bisect.bisect_left(dstarts, u1)]
            quoted = [(x - 1, y + 1) for x, y in near if u0 < y]
            for t in toks:
                if any(x <= t.idx < y for x, y in quoted):
                    continue
                if self._according_to(t):
                    self._according(t, u0, u1, direct)
                elif (t.lemma_.lower() in REPORT_CUES or t.lemma_.lower() in DESCRIBE_CUES
                      or t.lemma_.lower() in _APPEALS) and t.pos_ in ("VERB", "AUX"):
                    self._cue_clause(t, u0, u1, direct)

    def _content(self, verb) -> tuple[int, int] | None:
        lem = verb.lemma_.lower()
        kids = [c for c in verb.children if self._same_unit(c, verb)]
        comp = next((c for c in kids if c.dep_ == "ccomp"), None)
        for c in kids:   # "said in a report published on Friday that ...": the clause hangs lower
            if c.dep_ == "prep" and c.lower_ in ("in", "on", "at", "during"):
                for obj in c.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in SETTING_NOUNS:
                        comp = next((x for x in obj.subtree if x.dep_ in ("acl", "ccomp", "relcl")
                                     and any(m.dep_ == "mark" and m.lower_ == "that"
                                             for m in x.children)), comp)
        if comp is not None:
            # coordinated speech acts hung on the clause ("said Y and accused Z") are not Y
            acts = [c for c in comp.children if c.dep_ == "conj" and c.lemma_.lower() in DIRECT_CUES]
            other = {t.i for c in acts for t in c.subtree} | \
                ({c.i for c in comp.children if c.dep_ == "cc"} if acts else set())
            toks = [t for t in comp.subtree if t.i not in other and not (
                t.dep_ == "mark" and t.lower_ in ("that", "whether", "if") and t.head == comp)
                and not (other and t.is_punct and t.i > min(other))]
            return self._edges(toks)
        if lem in _APPEALS:           # "appealed to both sides to ...", "called for calm"
            for c in kids:
                if c.dep_ == "prep" and c.lower_ in _APPEALS[lem]:
                    obj = next((x for x in c.children if x.dep_ == "pobj"), None)
                    x = next((k for k in kids if k.dep_ in ("xcomp", "ccomp") and k.i > c.i), None)
                    if obj is not None and x is not None:
                        return self._edges(list(obj.subtree) + list(x.subtree))
                    if obj is not None and c.lower_ == "for":
                        return self._edges(list(obj.subtree))
            return None
        if lem in DESCRIBE_CUES:      # "described the operation as an attack on Poland"
            for c in kids:
                if c.dep_ == "prep" and c.lower_ == "as" and any(k.dep_ == "dobj" for k in kids):
                    return self._edges([t for t in c.subtree if t.i != c.i])
            return None
        head = verb.head
        first = min((t.i for t in verb.subtree if not t.is_punct), default=verb.i)
        inverted = verb.dep_ == "conj" and any(c.dep_ == "nsubj" and c.i > verb.i for c in kids)
        if lem in TRAILING_CUES and (verb.dep_ in ("parataxis", "ccomp") or inverted) and head.i < verb.i \
                and self._same_unit(head, verb) and first > 0 and self.sdoc[first - 1].text == "," \
                and not any(c.dep_ == "mark" for c in verb.children):
            inner = {t.i for t in verb.subtree}
            return self._edges([t for t in head.subtree if t.i not in inner and t.i < first - 1])
        subj = next((c for c in kids if c.dep_ == "nsubj" and c.i < verb.i), None)
        if lem in TRAILING_CUES and subj is not None and subj.left_edge.i > 0 and \
                self.sdoc[subj.left_edge.i - 1].text == "," and \
                not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in kids):
            # "<content>, Polish officials said": a parse that lost the link
            u = self.unit_at(verb.idx)
            comma = self.sdoc[subj.left_edge.i - 1]
            if u is not None and u[0] < comma.idx:
                return self._edges(self.tokens(u[0], comma.idx))
        if lem not in OBJECT_CUES:
            return None
        obj = next((c for c in kids if c.dep_ == "dobj"), None)
        if lem in ("urge", "ask"):
            x = next((c for c in kids if c.dep_ in ("xcomp", "ccomp")), None)
            if obj is not None and x is not None:
                return self._edges(list(obj.subtree) + list(x.subtree))
            return None
        if obj is not None:
            return self._edges(list(obj.subtree))
        for c in kids:
            if c.dep_ == "prep" and c.lower_ in ("of", "about", "against", "that"):
                pobj = next((x for x in c.children if x.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    return self._edges(list(pobj.subtree))
        return None

    def _edges(self, toks, min_words: int = 2) -> tuple[int, int] | None:
        toks = [t for t in toks if not t.is_space]
        if not toks:
            return None
        first, last = min(toks, key=lambda t: t.i), max(toks, key=lambda t: t.i)
        s, e = first.idx, last.idx + len(last.text)
        m = _DATELINE.match(self.text, s, e)
        if m:
            s = m.end()
        while e > s and self.text[e - 1] in ' ,.;:"”':
            e -= 1
        return (s, e) if len(_TOKEN.findall(self.text[s:e])) >= min_words else None

    def _cue_clause(self, verb, u0: int, u1: int, direct: list[tuple[int, int]]) -> None:
        c = self._content(verb)
        if c is None or not (u0 <= c[0] and c[1] <= u1 + 1):
            return
        if any(x < c[1] and c[0] < y for x, y in direct):
            return                          # reported through the direct quote it overlaps
        if verb.tag_ == "VBN" and not any(x.dep_.startswith("nsubj") for x in verb.children):
            return                          # "Asked about ..., he said": not his question
        if any(x.kind == "indirect" and x.span.start <= verb.idx < x.span.end
               and not _CONTRAST.search(self.text[x.span.start:verb.idx]) for x in self.out):
            return                          # speech reported inside another's report is theirs
        if any(x.dep_ == "neg" for x in verb.children):
            self.cue_at.add(verb.i)
            return                          # "it did not say if ...": nothing was said
        subj = self.subject_of(verb)
        if subj is None or (c[0] <= subj.idx < c[1]):
            return
        aid, s, e, surface = self.resolve(subj)
        date = self.date_in(u0, u1, [c], verb)
        self.cue_at.add(verb.i)
        # A denial, or an announcement of a thing rather than a claim, is an act, not a quote.
        act = verb.lemma_.lower() in ACT_CUES and not (
            verb.lemma_.lower() != "deny" and any(x.dep_ == "ccomp" for x in verb.children))
        (self.stances if act else self.out).append(Quote(
            self.doc.span(*c), self.text[c[0]:c[1]], aid, self.doc.span(s, e), surface, verb.text,
            "stance" if act else "indirect", date))

    def _according(self, tok, u0: int, u1: int, direct: list[tuple[int, int]]) -> None:
        to = self.sdoc[tok.i + 1]   # "to" of "according to", "per" of "as per"
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            return
        p0 = tok.idx
        p1 = max(t.idx + len(t.text) for t in obj.subtree)
        before, after = self.text[u0:p0].strip(" ,"), self.text[p1:u1].strip(" ,.")
        if any(u0 <= x < u1 for x, _ in direct):
            return
        if not before:
            s = p1 + len(self.text[p1:u1]) - len(self.text[p1:u1].lstrip(" ,"))
            e = u1
        elif not after:
            s, e = u0, p0
        else:
            s, e = u0, u1
        while e > s and self.text[e - 1] in " ,.;:":
            e -= 1
        if len(_TOKEN.findall(self.text[s:e])) < 3:
            return
        if any(x.span.start < e and s < x.span.end for x in self.out):
            return   # "..., Darmanin told French radio, as per The Independent": the paper relays
        text = self.text[s:e] if (not before or not after) else re.sub(
            r"\s+", " ", (self.text[s:p0].rstrip(" ,") + " " + self.text[p1:e].lstrip(" ,")))
        aid, a, b, surface = self.resolve(obj)
        date = self.date_in(u0, u1, [(s, e)] if (not before or not after) else [(u0, u1)])
        self.out.append(Quote(self.doc.span(s, e), text.strip(), aid, self.doc.span(a, b), surface,
                              "according to", "indirect", date))

