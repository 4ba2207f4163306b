"""Attribution cues beyond speech verbs: the learned cue lexicon and the frames it licenses.

Reporters attribute more than speech: beliefs and intentions ("X believes", "X wants
to"), evaluations ("X praised Y", "X is critical of Y"), findings ("a poll shows") and
statements named by a noun ("X's claim that ...", "criticism from X"). Which words act
as cues, and with which complement, is read from ``data/cues.tsv``: per lemma, part of
speech and complement shape, how often the word was the cue of an annotated
attribution (see ``tools/build_cues.py``). A word becomes a cue here when
that rate is high enough; its frame gives the source (subject, possessor, "by"/"from"
phrase, nothing for an agentless passive) and the content (clause, object or
prepositional complement).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...records import Quote
from ..common import SpanSet
from ...knowledge.data import data_path

# Cue verbs introducing reported speech (lemmas).
REPORT_CUES = frozenset({
    "say", "tell", "add", "warn", "insist", "claim", "state", "announce", "estimate", "report",
    "urge", "deny", "confirm", "explain", "stress", "note", "argue", "write", "tweet", "post",
    "declare", "acknowledge", "admit", "allege", "assert", "predict", "promise", "vow", "suggest",
    "reveal", "repeat", "reiterate", "doubt", "emphasise", "emphasize", "underline", "indicate", "specify",
    "complain", "ask", "maintain", "assure", "recall", "contend", "concede"})
# Further verbs that frame a direct quotation ("denouncing "total lie"", "described it as "...").
DIRECT_CUES = REPORT_CUES | frozenset({
    "describe", "call", "denounce", "accuse", "reply", "respond", "continue", "conclude",
    "comment", "quip", "joke", "lament", "demand", "threaten", "condemn", "criticize",
    "criticise", "hail", "welcome", "dismiss", "refer", "label", "decry", "brand", "text",
    "message", "proclaim", "exclaim", "answer", "wonder", "question", "speak", "talk",
    "chant", "shout", "yell", "scream", "cry", "sing", "read"})
# Cue verbs whose object (or "of"/"about" complement) is the reported content.
OBJECT_CUES = frozenset({"warn", "report", "announce", "estimate", "predict", "promise", "reveal",
                         "claim", "allege", "urge", "ask"})
# Verbs whose "as" complement is a characterisation: "described the operation as an attack".
DESCRIBE_CUES = frozenset({"describe", "characterize", "characterise", "portray", "brand", "label"})
# Acts more than statements: a denial, an announced measure ("announced 700,000 euros in aid").
ACT_CUES = frozenset({"deny", "announce"})
# Verbs that follow their content: "<content>, the ministry said."
TRAILING_CUES = frozenset({"say", "add", "tell", "write", "warn", "insist", "claim", "state",
                           "announce", "report", "explain", "note", "tweet", "post", "confirm"})
MESSAGE_NOUNS = frozenset({"text", "message", "statement", "post", "tweet", "letter", "note",
                           "communique", "communiqué", "sms", "release", "notice", "leaflet",
                           "video", "broadcast", "email", "decree"})
MESSAGE_VERBS = frozenset({"text", "message", "send", "issue", "publish", "post", "tweet", "write",
                           "release", "broadcast", "email", "distribute", "sms"})
SETTING_NOUNS = MESSAGE_NOUNS | {"interview", "conference", "briefing", "speech", "remarks",
                                "address", "comments", "call", "meeting", "session", "report",
                                "account", "article", "column", "op-ed", "filing", "document",
                                "blog", "podcast", "appearance", "hearing", "testimony"}

MIN_RATE = 0.5        # share of occurrences that were annotated cues
MIN_CUES = 4          # ... seen at least this often
RELATIVE = {"who", "that", "which", "whom"}
CONTENT_DEPS = {"ccomp", "xcomp"}
# "JAKE TAPPER: Do you think ...", "Cruz: Trump would ...": a speaker label opening a line.
_LABEL_LINE = re.compile(r"^[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]*:[ \t]+(\S[^\n]*)$",
                         re.M)
_NOT_SPEAKERS = {"note", "editor's note", "editor’s note", "update", "updated", "photo", "photos",
                 "video", "watch", "related", "read", "read more", "source", "sources", "correction",
                 "credit", "image", "images", "caption", "listen", "subscribe", "follow", "warning",
                 "breaking", "exclusive", "opinion", "analysis", "tags", "topics", "share", "email",
                 "via", "q", "a", "ps", "p.s.", "nb", "cc", "re", "fwd", "subject", "from", "to",
                 "date", "sent", "when", "where", "what", "why", "how", "who", "price", "cost"}


def complement(tok) -> str:
    """The shape of a cue candidate's complement: clause, object, prep:<word> or bare."""
    kids = list(tok.children)
    deps = {c.dep_ for c in kids}
    if deps & CONTENT_DEPS or (tok.pos_ == "NOUN" and any(
            c.dep_ in ("acl", "relcl") and any(m.dep_ == "mark" and m.lower_ in ("that", "to")
                                                for m in c.children) for c in kids)):
        return "clause"
    if tok.pos_ == "VERB" and tok.dep_ in ("ccomp", "parataxis") and tok.head.i < tok.i:
        return "clause"                       # "<content>, the minister said"
    if "dobj" in deps:
        return "object"
    for c in kids:
        if c.dep_ == "prep" and any(x.dep_ in ("pobj", "pcomp") for x in c.children):
            return "prep:" + c.lower_
    return "bare"


@dataclass(frozen=True)
class CueLexicon:
    """Cue counts by (lemma, part of speech, complement shape)."""
    counts: dict

    def rate(self, lemma: str, pos: str, ctx: str) -> float:
        cue, total = self.counts.get((lemma, pos, ctx), (0, 0, 0, 0))[:2]
        return cue / total if cue >= MIN_CUES and total else 0.0

    def raising(self, lemma: str, pos: str, ctx: str) -> bool:
        """Whether the cue's subject is mostly part of the content ("X seems to be ...")."""
        src, content = self.counts.get((lemma, pos, ctx), (0, 0, 0, 0))[2:]
        return content > src

    def is_cue(self, lemma: str, pos: str, ctx: str, min_rate: float = MIN_RATE) -> bool:
        return self.rate(lemma, pos, ctx) >= min_rate


@functools.lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> CueLexicon:
    """The cue lexicon (``data/cues.tsv`` unless ``path``); empty when the file is absent."""
    p = data_path("cues.tsv") if path is None else path
    counts = {}
    try:
        lines = open(p, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        return CueLexicon({})
    for line in lines:
        if not line or line.startswith("#"):
            continue
        lemma, pos, ctx, *nums = line.split("\t")
        counts[(lemma, pos, ctx)] = tuple(int(n) for n in (nums + ["0"] * 4)[:4])
    return CueLexicon(counts)


class Frames:
    """Attribution frames of one parsed document, for cues outside speech verbs."""

    def __init__(self, q, lexicon: CueLexicon):
        self.q, self.lex, self.sdoc = q, lexicon, q.sdoc

    def frame(self, t):
        """``(source token or None, content tokens, complement shape)`` for cue ``t``, or None."""
        ctx = complement(t)
        if ctx == "bare" or not self.lex.is_cue(t.lemma_.lower(), t.pos_, ctx):
            return None
        if t.pos_ == "VERB":
            return self._verb(t, ctx)
        if t.pos_ == "NOUN":
            return self._noun(t, ctx)
        if t.pos_ == "ADJ" and t.dep_ in ("acomp", "amod", "oprd"):
            return self._adjective(t, ctx)
        return None

    def _content(self, t, ctx):
        kids = [c for c in t.children if self.q._same_unit(c, t)]
        if ctx == "clause":
            comp = next((c for c in kids if c.dep_ == "ccomp"), None) or \
                next((c for c in kids if c.dep_ in ("xcomp", "acl", "relcl")), None)
            if comp is None:
                if t.dep_ in ("ccomp", "parataxis") and t.head.i < t.i:
                    inner = {x.i for x in t.subtree}
                    return [x for x in t.head.subtree if x.i not in inner and x.i < t.i]
                return None
            toks = [x for x in comp.subtree if not (x.dep_ == "mark" and x.head == comp
                                                    and x.lower_ in ("that", "whether", "if"))]
            obj = next((c for c in kids if c.dep_ == "dobj" and c.i < comp.i), None)
            return (list(obj.subtree) if obj is not None else []) + toks
        if ctx == "object":
            toks = []
            for c in kids:
                if c.i > t.i and (c.dep_ in ("dobj", "oprd", "ccomp", "xcomp", "attr") or (
                        c.dep_ == "prep" and c.lower_ in ("as", "for", "of"))):
                    toks.extend(c.subtree)
            return toks
        word = ctx.split(":", 1)[1]
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ == word), None)
        if prep is None:
            return None
        return [x for x in prep.subtree if x.i != prep.i]

    def _verb(self, t, ctx):
        content = self._content(t, ctx)
        if not content:
            return None
        kids = list(t.children)
        passive = next((c for c in kids if c.dep_ == "nsubjpass"), None)
        if passive is not None or (t.tag_ == "VBN" and t.dep_ in ("advcl", "ROOT", "acl")
                                   and not any(c.dep_ == "nsubj" for c in kids)):
            agent = next((c for c in kids if c.dep_ == "agent"), None)
            src = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if passive is not None and src is None:
                content = list(passive.subtree) + content     # "X is expected to ...": X belongs
            return src, content, ctx
        subj = self.q.subject_of(t)
        if subj is None:
            return None
        if subj.dep_ == "expl" or (
                subj.head.i == t.i and self.lex.raising(t.lemma_.lower(), t.pos_, ctx)):
            if subj.lower_ not in ("it", "there"):
                content = list(subj.subtree) + content      # "X seems to ...": X belongs
            return None, content, ctx
        return subj, content, ctx

    def _noun(self, t, ctx):
        content = self._content(t, ctx)
        if not content:
            return None
        src = next((c for c in t.children if c.dep_ == "poss"), None)
        if src is None:
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in ("by", "from", "of") and ctx != "prep:" + c.lower_:
                    src = next((x for x in c.children if x.dep_ == "pobj"), None)
                    if src is not None:
                        break
        if src is None and t.dep_ == "dobj" and t.head.pos_ == "VERB":
            src = self.q.subject_of(t.head)            # "X expressed concern about ..."
        if src is None:
            return None
        return src, content, ctx

    def _adjective(self, t, ctx):
        content = self._content(t, ctx)
        if not content:
            return None
        verb = t.head
        subj = self.q.subject_of(verb) if verb.i != t.i else None
        if subj is None:
            return None
        return subj, content, ctx


def speaker_lines(q) -> None:
    """Lines opened by a speaker label: transcripts ("TAPPER: ...") and headlines ("Cruz: ...")."""
    text = q.text
    for m in _LABEL_LINE.finditer(text):
        label, rest = m.group(1), m.group(2).rstrip()
        if label.lower() in _NOT_SPEAKERS or len(re.findall(r"\w+", rest)) < 3:
            continue
        s0, s1 = m.start(1), m.end(1)
        aid = q.actor_at(s0, s1)
        transcript = label.isupper() and len(label) > 2
        if aid is None and not transcript:
            continue                       # a label naming no actor: "Editor's pick: ..."
        c0, c1 = m.start(2), m.start(2) + len(rest)
        if any(x.span.start < c1 and c0 < x.span.end and not (c0 <= x.span.start and x.span.end <= c1)
               for x in q.out):
            continue                       # a quote already straddles the line
        q.out[:] = [x for x in q.out if not (c0 <= x.span.start and x.span.end <= c1)]
        quoted = rest[:1] in "\"“‘'" or transcript
        q.out.append(Quote(q.doc.span(c0, c1), rest.strip(), aid, q.doc.span(s0, s1), label, ":",
                           "direct" if quoted else "indirect", None))


def stances(q, lexicon: CueLexicon, speech_verbs: frozenset[str]) -> None:
    """Attributions framed by a learned cue word, outside every attribution found before.

    Speech verbs with a clause ("X conceded that ...") become reported speech; everything
    else (beliefs, intentions, evaluations, findings, agentless passives) a stance.
    """
    if not lexicon.counts:
        return
    frames = Frames(q, lexicon)
    taken = [(x.span.start, x.span.end) for x in q.out]
    quoted = [(a - 1, b + 1) for a, b in q.quoted]
    posts = [(p.span.start, p.span.end) for p in q.doc.posts]
    cands = []
    covered = SpanSet(taken + quoted + posts)
    for t in q.sdoc:
        if t.pos_ not in ("VERB", "NOUN", "ADJ") or t.i in q.cue_at:
            continue
        if t.idx in covered:
            continue                   # nested in another attribution's content
        f = frames.frame(t)
        if f is not None:
            cands.append((sum(1 for _ in t.ancestors), t.i, t, f))
    cands.sort(key=lambda c: c[:2])    # outer attributions first
    for _, _, t, (src, content, ctx) in cands:
        if any(x <= t.idx < y for x, y in taken):
            continue
        c = q._edges(content, 1)
        u = q.unit_at(t.idx)
        speech = ctx == "clause" and t.pos_ == "VERB" and t.lemma_.lower() in speech_verbs \
            and src is not None
        # A stance may hold another attribution whole ("a poll showed that 54 percent said
        # ..."), but not cut into one; reported speech holding a quote is that quote.
        if c is None or u is None or not (u[0] <= c[0] and c[1] <= u[1] + 1) \
                or any(x < c[1] and c[0] < y and (speech or not (c[0] <= x and y <= c[1]))
                       for x, y in taken):
            continue
        if src is not None and c[0] <= src.idx < c[1]:
            continue
        if src is None:
            aid, sspan, surface = None, None, None
        else:
            aid, s, e, surface = q.resolve(src)
            sspan = q.doc.span(s, e)
        date = q.date_in(u[0], u[1], [c], t if t.pos_ == "VERB" else None)
        q.cue_at.add(t.i)
        taken.append(c)
        (q.out if speech else q.stances).append(Quote(
            q.doc.span(*c), q.text[c[0]:c[1]], aid, sspan, surface, t.text,
            "indirect" if speech else "stance", date))


