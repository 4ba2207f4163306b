"""Quotes: who said what, as direct quotes (quotation marks, embedded posts) and reported speech.

Direct quotes are the text between quotation marks whose frame (the rest of the
sentence, or the sentence before a colon) holds a speech cue: a cue verb whose subject
is the speaker ("X said", "said X", "X told Y", "warns this text"), "according to X",
or "X:". Partial quotes inside reported speech ("X insisted that it would be
"hopeless"") take the speaker of the governing cue verb; a quotation without any cue
continues the previous quote when it fills its sentence, and is otherwise dropped
(titles, scare quotes). Coordinated fragments ("hopeless" and "counterproductive") are
one quote when they are short; longer quoted phrases stay separate. Each embedded post is a direct quote by its author.

Reported speech is the content clause of a cue verb ("X said (that) ...", "X warned
of ...", "X urged Y to ...") or the rest of a sentence carrying "according to X". A
reported clause that contains a direct quote is reported only as that direct quote.

A quotation interrupted by its attribution (""...," he said. "..."") is one quote; a
line opened by a speaker label ("TAPPER: ...", "Cruz: ...") is that speaker's. Denials and
announced measures, and attributions that are not speech (beliefs, intentions,
evaluations, findings: see :mod:`sitroom.extract.quotes.cues`) go to the document's ``stances``.

The speaker is resolved by :func:`sitroom.extract.quotes.speaker.speaker_for` (the actor
whose mention covers the subject, a role noun's office holder, a body named by a common
noun under its own name, a document's author). A pronoun continues the speaker of the
quote just before it, else the nearest actor mentioned before; "this text", "the
statement" is the subject of the verb that produced it ("X said in a statement"), or the
body it is "from"; "according to reports" names no one. Speech reported inside another's
report belongs to the reporter, and a negated speech verb reports nothing. The date is
that of a date expression in the frame outside the quoted content, else the date of the
speaker's matching embedded post, else None.
"""
from __future__ import annotations

import bisect
import re

from ...stages import register
from ...records import Document, Quote
from ...resources import Resources
from .cues import (ACT_CUES, DIRECT_CUES, MESSAGE_NOUNS, MESSAGE_VERBS, RELATIVE, REPORT_CUES,
                   load_lexicon, speaker_lines, stances)
from .marks import clean_quote, quote_spans
from .reported import _TOKEN, ReportedSteps
from .speaker import speaker_for, unnamed_source
from .speaker import surface as speaker_surface

_PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "nonperson", "we": "any"}
# Fragments of at most this many words joined by "and" are one quote ("hopeless" and
# "counterproductive"); longer ones are quotes of their own.
_SHORT = 3
_JOINER = re.compile(r'^[\s,]*(?:and|or|but|,)?[\s,]*$')


@register("quotes", requires=("nlp", "actors", "dates"), assigns=("quotes", "stances"))
def quotes_stage(doc: Document, res: Resources) -> dict:
    """Find the document's quotes (direct, reported) and stances, with speaker, cue and date."""
    quotes, stances = extract_attributions(doc)
    return {"quotes": quotes, "stances": stances}


def extract_quotes(doc: Document) -> tuple[Quote, ...]:
    """Quotes of a parsed document with actors and dates, in text order."""
    return extract_attributions(doc)[0]


def extract_attributions(doc: Document) -> tuple[tuple[Quote, ...], tuple[Quote, ...]]:
    """Quotes and stances (beliefs, evaluations, findings) of a parsed document, in text order."""
    if doc.nlp is None:
        return (), ()
    return _Quotes(doc).run()


class _Quotes(ReportedSteps):
    def __init__(self, doc: Document):
        self.doc, self.sdoc, self.text = doc, doc.nlp, doc.clean_text
        self.units = self._units()
        self._ustarts = [u[0] for u in self.units]
        self._uends = [u[1] for u in self.units]
        self._actors = {a.id: a for a in doc.actors}
        self.out: list[Quote] = []
        self.stances: list[Quote] = []
        self.quoted: list[tuple[int, int]] = []    # contents of quotation marks
        self.cue_at: set[int] = set()      # token indices already used as cues
        self._mentions = sorted((sp.start, sp.end, a.id) for a in doc.actors for sp in a.spans)
        self._starts = [m[0] for m in self._mentions]
        self._longest = max((e - s for s, e, _ in self._mentions), default=0)

    def actor_at(self, start: int, end: int) -> str | None:
        """Id of the actor mention overlapping ``start:end`` most (ties: the longer mention)."""
        best, best_key = None, (0, 0)
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        for s, e, aid in self._mentions[lo:hi]:
            ov = min(e, end) - max(s, start)
            if ov > 0 and (ov, e - s) > best_key:
                best, best_key = aid, (ov, e - s)
        return best

    def _units(self) -> list[tuple[int, int]]:
        """Sentences cut at line breaks: the parser glues headlines to the next paragraph."""
        units = []
        for s in self.doc.sentences:
            start = s.start
            for m in re.finditer(r"\n", self.text[s.start:s.end]):
                end = s.start + m.start()
                if self.text[start:end].strip():
                    units.append(self._trim(start, end))
                start = end + 1
            if self.text[start:s.end].strip():
                units.append(self._trim(start, s.end))
        return units

    def _trim(self, a: int, b: int) -> tuple[int, int]:
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return a, b

    def unit_at(self, pos: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(self._ustarts, pos) - 1
        if k >= 0 and pos < self._uends[k]:
            return self.units[k]
        return None

    def units_over(self, a: int, b: int) -> list[tuple[int, int]]:
        """The units overlapping ``a:b`` (units are sorted and disjoint)."""
        return self.units[bisect.bisect_right(self._uends, a):bisect.bisect_left(self._ustarts, b)]

    def tokens(self, a: int, b: int):
        span = self.sdoc.char_span(a, b, alignment_mode="expand")
        return list(span) if span is not None else []

    # -- speaker --------------------------------------------------------------------
    def subject_of(self, verb):
        """The subject of ``verb``, climbing coordinations and participial clauses."""
        v = verb
        for _ in range(4):
            subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
            if v.dep_ == "conj" and v.lemma_.lower() in DIRECT_CUES and v.head.dep_ == "ccomp" \
                    and v.head.head.lemma_.lower() in REPORT_CUES:
                v = v.head.head     # "X said Y and accused Z": parsed as if Y had accused
            elif v.tag_ == "VBG" and v.dep_ in ("conj", "advcl") and v.head.dep_ == "ccomp" \
                    and v.head.head.lemma_.lower() in REPORT_CUES and self._same_unit(v, v.head):
                v = v.head.head     # "X confirmed that Y ..., also describing it as "..."
            elif v.dep_ in ("conj", "advcl", "xcomp") and v.head.i != v.i and self._same_unit(v, v.head):
                v = v.head
            else:
                return None
        return None

    def _according_to(self, t) -> bool:
        """"according to X", "as per X" (the token after it governs X)."""
        nxt = self.sdoc[t.i + 1].lower_ if t.i + 1 < len(self.sdoc) else ""
        return t.lower_ == "according" and nxt == "to" or t.lower_ == "as" and nxt == "per"

    def _same_unit(self, a, b) -> bool:
        return "\n" not in self.text[min(a.idx, b.idx):max(a.idx, b.idx)]

    def np_span(self, head) -> tuple[int, int]:
        """Characters of the noun phrase headed by ``head`` (without relative clauses)."""
        left = head
        for t in head.lefts:
            if t.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "case") \
                    and self._same_unit(t, head):
                left = min(left, t.left_edge, key=lambda x: x.i)
        right = head
        for t in head.rights:
            if t.dep_ in ("compound", "case", "flat") or (t.dep_ == "prep" and t.lower_ == "of"):
                right = max(right, t.right_edge, key=lambda x: x.i)
        return left.idx, right.idx + len(right.text)

    def resolve(self, head) -> tuple[str | None, int, int, str | None]:
        """Speaker actor id, span and surface for the subject token ``head``."""
        s, e = self.np_span(head)
        surface = self.text[s:e]
        low = head.lower_
        if low in _PRONOUNS:
            prev = self._previous_speaker(head.idx, _PRONOUNS[low])
            if prev is not None:
                return prev.speaker, s, e, surface if prev.speaker else prev.speaker_text
            return self._antecedent(head.idx, _PRONOUNS[low]), s, e, surface
        if low in RELATIVE and head.head.dep_ in ("relcl", "acl") and head.head.head.i != head.head.i:
            ante = head.head.head           # "officials who believe ...": the officials
            a0, a1 = self.np_span(ante)
            aid = self.actor_at(ante.idx, ante.idx + len(ante.text)) or self.actor_at(a0, a1)
            return aid, s, e, (surface if aid else speaker_surface(self.text[a0:a1]))
        if low in MESSAGE_NOUNS or head.lemma_.lower() in MESSAGE_NOUNS:
            by = next((o for p in head.children if p.dep_ in ("prep", "agent")
                       and p.lower_ in ("from", "by", "of") for o in p.children if o.dep_ == "pobj"), None)
            if by is not None:   # "a joint statement from the UN agencies"
                return self.resolve(by)
            aid = self.actor_at(head.idx, head.idx + len(head.text)) or self._message_author(head)
            return aid, s, e, surface
        found, src = speaker_for(head, self._actor_of_token,
                                 lambda t: self.doc.actor(self.actor_at(*self.np_span(t))),
                                 self.doc.actors)
        if src is not head:
            s, e = self.np_span(src)
        if found is None and unnamed_source(src):
            return None, s, e, None   # "according to reports": no one named
        return (found.id if found is not None else None), s, e, speaker_surface(self.text[s:e])

    def _actor_of_token(self, t):
        return self.doc.actor(self.actor_at(t.idx, t.idx + len(t.text)))

    def _previous_speaker(self, pos: int, want: str) -> Quote | None:
        """The quote just before ``pos`` (in this sentence or the one before) when its speaker
        fits the pronoun: "SOS Mediterranee said on X ... It said the ship ...", "The NATO
        chief said ... He said ..."."""
        unit = self.unit_at(pos)
        if unit is None:
            return None
        k = self.units.index(unit)
        lo = self.units[k - 1][0] if k else unit[0]
        prev = [q for q in self.out if q.speaker_span is not None and lo <= q.speaker_span.start
                and q.speaker_span.end <= pos and (q.speaker or q.speaker_text)]
        if not prev:
            return None
        q = max(prev, key=lambda x: x.speaker_span.start)
        a = self.doc.actor(q.speaker)
        if q.speaker_text and q.speaker_text.lower() in _PRONOUNS:
            return None
        kind = a.kind if a is not None else None
        if want == "person" and kind not in ("person", None) or want == "nonperson" and kind == "person":
            return None
        if want == "person" and kind is None:
            return None
        return q

    def _antecedent(self, pos: int, want: str) -> str | None:
        """The actor a pronoun at ``pos`` stands for: the latest subject before it, else the latest."""
        unit = self.unit_at(pos)
        k = bisect.bisect_right(self._uends, unit[0] if unit else pos)
        lo = self._ustarts[k - 1] if k else 0
        fallback = None
        for i in range(bisect.bisect_left(self._starts, pos) - 1, -1, -1):
            s, e, aid = self._mentions[i]
            a = self._actors[aid]
            if (want == "person" and a.kind != "person") or (want == "nonperson" and a.kind == "person"):
                continue
            if fallback is None:
                fallback = aid        # the latest mention when no subject is near
            if s < lo:
                break
            span = self.sdoc.char_span(s, e, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                return aid
        return fallback

    def _message_author(self, head) -> str | None:
        """Who produced "this text": the subject of the nearest earlier verb that produced it."""
        lo = max(0, head.i - 120)
        for t in reversed(self.sdoc[lo:head.i]):
            said_in = t.pos_ == "VERB" and t.lemma_.lower() in REPORT_CUES and any(
                p.dep_ == "prep" and any(o.dep_ == "pobj" and o.lemma_.lower() == head.lemma_.lower()
                                         for o in p.children) for p in t.children)
            if said_in or t.pos_ == "VERB" and (t.lemma_.lower() in MESSAGE_VERBS
                                                or t.lower_.startswith("text")):
                # "X said in a statement ... according to the statement"
                subj = self.subject_of(t)
                if subj is not None:
                    aid = self.actor_at(subj.idx, subj.idx + len(subj.text))
                    if aid:
                        return aid
        return None

    # -- dates ----------------------------------------------------------------------
    def date_in(self, a: int, b: int, exclude: list[tuple[int, int]], cue=None) -> str | None:
        """Value of the first date in ``a:b`` outside ``exclude`` (attached to ``cue`` when given)."""
        if not hasattr(self, "_date_starts"):
            order = sorted(range(len(self.doc.dates)), key=lambda i: self.doc.dates[i].span.start)
            self._date_order = order
            self._date_starts = [self.doc.dates[i].span.start for i in order]
        lo, hi = bisect.bisect_left(self._date_starts, a), bisect.bisect_left(self._date_starts, b)
        for d in (self.doc.dates[i] for i in sorted(self._date_order[lo:hi])):   # text order kept
            if a <= d.span.start and d.span.end <= b and not any(
                    x <= d.span.start < y for x, y in exclude):
                if cue is None or self._attached(d.span.start, d.span.end, cue):
                    return d.value
        return None

    def _attached(self, s: int, e: int, cue) -> bool:
        span = self.sdoc.char_span(s, e, alignment_mode="expand")
        if span is None:
            return False
        verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return False
        return verb == cue or (cue.dep_ in ("conj", "xcomp") and cue.head == verb)

    def post_date(self, speaker: str | None, text: str, frame: str) -> str | None:
        """Date of the speaker's embedded post when the frame names a post or the words match it."""
        if speaker is None:
            return None
        a = self.doc.actor(speaker)
        names = {n.lstrip("@").lower() for n in (a.names if a else ())}
        words = set(_TOKEN.findall(text.lower()))
        for p in self.doc.posts:
            if not p.date or not ({(p.author or "").lower(), (p.handle or "").lower()} & names):
                continue
            pw = set(_TOKEN.findall(p.text.lower()))
            if re.search(r"tweet|twitter|post|wrote on", frame) or (
                    words and len(words & pw) / len(words) >= 0.6):
                return p.date
        return None

    # -- direct quotes --------------------------------------------------------------
    def direct(self) -> None:
        self.quoted = quote_spans(self.text)
        spans = [q for q in self.quoted
                 if not any(p.span.start <= q[0] < p.span.end for p in self.doc.posts)]
        groups: list[list[tuple[int, int]]] = []
        joined: set[int] = set()           # groups coordinated with the one before
        for q in spans:                    # coordinated short fragments form one quote
            if groups and _JOINER.match(self.text[groups[-1][-1][1] + 1:q[0] - 1]) \
                    and "\n" not in self.text[groups[-1][-1][1]:q[0]]:
                if max(self._words(x) for x in groups[-1] + [q]) <= _SHORT:
                    groups[-1].append(q)
                    continue
                joined.add(len(groups))
            groups.append([q])
        last: Quote | None = None
        for k, g in enumerate(groups):
            a, b = g[0][0], g[-1][1]
            content = self.text[a:b]
            q = self._attribute_direct(a, b, g)
            if k in joined and last is not None and groups[k - 1][-1][1] <= last.span.end <= a:
                # "X said "..." and "...": the second part is X's too
                q = Quote(self.doc.span(a, b), clean_quote(content), last.speaker,
                          last.speaker_span, last.speaker_text, last.cue, "direct", last.date)
                self.out.append(q)
                last = q
                continue
            cont = False
            if q is None:
                u = self.unit_at(a)
                fills = u is not None and u[0] >= a - 1 and self.text[b + 1:u[1]].strip(' .,"”') == ""
                if last is not None and fills and a - last.span.end < 400:
                    q = Quote(self.doc.span(a, b), clean_quote(content), last.speaker,
                              last.speaker_span, last.speaker_text, last.cue, "direct", last.date)
                    cont = True
            if q is not None:
                if last is not None and self._continues(last, q, cont):
                    q = Quote(self.doc.span(last.span.start, q.span.end), f"{last.text} {q.text}",
                              last.speaker, last.speaker_span, last.speaker_text, last.cue,
                              "direct", last.date or q.date)
                    self.out[-1] = q
                else:
                    self.out.append(q)
                last = q

    def _words(self, span: tuple[int, int]) -> int:
        return len(_TOKEN.findall(self.text[span[0]:span[1]]))

    def _continues(self, last: Quote, q: Quote, continuation: bool) -> bool:
        """Whether ``q`` is the second part of ``last``: ""...," he said. "..."" in one paragraph."""
        gap = self.text[last.span.end:q.span.start]
        if "\n" in gap or len(gap) > 160 or last.kind != "direct":
            return False
        if continuation:
            return True
        ss = q.speaker_span
        return ss is not None and ss == last.speaker_span and \
            last.span.end <= ss.start and ss.end <= q.span.start

    def _attribute_direct(self, a: int, b: int, frags: list[tuple[int, int]]) -> Quote | None:
        units = self.units_over(a - 1, b + 1)
        if not units:
            return None
        lo, hi = units[0][0], units[-1][1]
        inside = [(x - 1, y + 1) for x, y in frags]
        qtoks = [t for t in self.tokens(a, b) if not t.is_punct]
        frame = [t for t in self.tokens(lo, hi) if not any(x <= t.idx < y for x, y in inside)]
        nwords = len(_TOKEN.findall(self.text[a:b]))
        cue, subj = None, None
        # 1. a cue verb governing the quotation, or the nearest one in the frame
        cands = [t for t in frame if t.lemma_.lower() in DIRECT_CUES and t.pos_ in ("VERB", "AUX")]
        gov = [t for t in cands if any(t in q.ancestors or q.head == t for q in qtoks)]
        if gov:
            cue = min(gov, key=lambda t: min(abs(t.idx - a), abs(t.idx - b)))
        elif cands and nwords > 3:
            cue = min(cands, key=lambda t: min(abs(t.idx - a), abs(t.idx - b)))
        if cue is not None:
            subj = self.subject_of(cue)
            if subj is None and cue.dep_ == "acl" and cue.head.i < cue.i and cue.head.idx >= b \
                    and cue.head.pos_ in ("NOUN", "PROPN") and not any(
                        c.dep_ in ("agent", "auxpass") for c in cue.children):
                subj = cue.head   # '"...," the presidency announced': read as "the presidency (that was) announced"
            if subj is None:
                subj = next((c for c in cue.children if c.dep_ == "agent"), None)
                if subj is not None:
                    subj = next((c for c in subj.children if c.dep_ == "pobj"), None)
        # 2. "according to X"
        if subj is None:
            for t in frame:
                if self._according_to(t):
                    obj = next((c for c in self.sdoc[t.i + 1].children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        cue, subj = t, obj
                        break
        # 3. "X: "..."" with an actor just before the colon
        if subj is None:
            m = re.search(r"(\S[^\n:]{0,80}):\s*$", self.text[lo:a - 1])
            if m:
                s0, e0 = lo + m.start(1), lo + m.end(1)
                aid = self.actor_at(max(s0, e0 - 40), e0)
                if aid:
                    s0, e0 = max(((x, y) for x, y, i in self._mentions
                                  if i == aid and s0 <= x and y <= e0), default=(s0, e0))
                    return Quote(self.doc.span(a, frags[-1][1]), clean_quote(self.text[a:frags[-1][1]]),
                                 aid, self.doc.span(s0, e0), self.text[s0:e0], ":", "direct",
                                 self.date_in(lo, hi, inside) or self.post_date(aid, self.text[a:b], ""))
        if subj is None or cue is None:
            return None
        aid, s, e, surface = self.resolve(subj)
        frame_text = "".join(t.text_with_ws for t in frame)
        date = self.date_in(lo, hi, inside, cue if cue.pos_ in ("VERB", "AUX") else None) \
            or self.post_date(aid, self.text[a:b], frame_text.lower())
        cue_text = "according to" if cue.lower_ == "according" else cue.text
        self.cue_at.add(cue.i)
        return Quote(self.doc.span(a, b), clean_quote(self.text[a:b]), aid, self.doc.span(s, e),
                     surface, cue_text, "direct", date)

    # -- embedded posts -------------------------------------------------------------
    def posts(self) -> None:
        for p in self.doc.posts:
            aid = None
            want = {n.lower() for n in (p.author, ("@" + p.handle) if p.handle else None) if n}
            for a in self.doc.actors:
                if want & {n.lower() for n in a.names}:
                    aid = a.id
                    break
            text = re.sub(r"\s+", " ", p.text).strip()
            self.out.append(Quote(p.span, text, aid, None, p.author or (p.handle and "@" + p.handle),
                                  "post", "direct", p.date))

    def run(self) -> tuple[tuple[Quote, ...], tuple[Quote, ...]]:
        self.direct()
        speaker_lines(self)
        self.posts()
        self.reported()
        stances(self, load_lexicon(), DIRECT_CUES - ACT_CUES)
        self.out.sort(key=lambda q: (q.span.start, q.span.end))
        self.stances.sort(key=lambda q: (q.span.start, q.span.end))
        return tuple(self.out), tuple(self.stances)
