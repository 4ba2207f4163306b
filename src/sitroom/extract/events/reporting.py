"""Who reports an act: the official body behind a passive act ("48 were detained, a border
guard spokeswoman said"), and the body a spokesperson speaks for."""
from __future__ import annotations

from ..clauses import Clauses
from .roles import OFFICIAL_SECTORS, subject
from .triggers import Frame, Lexicon, lemma


def reporter(cl: Clauses, lx: Lexicon, f: Frame) -> list:
    """The official body a report comes from: the subject of the governing speech verb, or
    "according to X" in the sentence; for a spokesperson, the body they speak for."""
    toks = []
    if f.speech is not None:
        sp = subject(cl, lx, f.speech)
        if sp is not None:
            toks.append(sp)
    lo, hi = cl.segment_bounds(f.trig)
    for k in range(lo, hi):
        t = cl.sdoc[k]
        if t.lower_ == "according" and k + 2 <= hi and cl.sdoc[k + 1].lower_ == "to" \
                and f.speech is None:
            toks += cl.children(cl.sdoc[k + 1], "pobj")
        elif t.lower_ in ("quoting", "citing"):   # "the agency, quoting the coastguard, said"
            toks += cl.children(t, "dobj")
    out = []
    for t in toks:
        found = cl.actors_for(t)
        if t.lemma_.lower() in SPOKESPEOPLE:
            body = affiliation(cl, lx, t)
            found = [body] if body is not None else found
        for a in found:
            if _official(a):
                out.append(a)
    return out


# Nouns for people who speak for a body: "a border guard spokeswoman said".
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative",
                          "official", "officer", "source", "press", "office"})


def _official(a) -> bool:
    return a.kind != "person" and (a.kind == "country" or a.sector in OFFICIAL_SECTORS)


def affiliation(cl: Clauses, lx: Lexicon, t):
    """The body a person named by a role noun belongs to: its possessor or modifier
    ("the committee's spokesman", "a border guard spokeswoman") as the body that last spoke
    under that name, else the last official body that spoke in the previous sentences
    ("Officers detained 12 people, a spokeswoman said")."""
    mods = [c for c in t.lefts if c.dep_ in ("poss", "compound", "nmod", "amod")
            and cl.seg[c.i] == cl.seg[t.i]]
    words = " ".join(w.text.lower() for c in mods if c.dep_ != "amod" or c.text[:1].isupper()
                     for w in c.subtree if w.dep_ not in ("det", "case", "punct"))
    recent = _recent_speakers(cl, lx, t)
    if words:
        for a in recent:
            if any(words in n.lower() for n in a.names):
                return a
        for c in mods:
            a = cl.actor_of(c) or cl.org_by_head(c)
            if a is not None and a.kind != "person":
                return a
        return None
    return recent[0] if recent else None


def _recent_speakers(cl: Clauses, lx: Lexicon, t, window: int = 400) -> list:
    """Official bodies that were the subject of a speech verb shortly before ``t``, nearest first."""
    out = []
    lo = cl.segment_bounds(t)[0]
    k = t.i - 1
    while k >= 0 and cl.sdoc[k].idx >= cl.sdoc[lo].idx - window:
        x = cl.sdoc[k]
        if x.dep_ == "nsubj" and lx.has("SAY", lemma(x.head)):
            a = cl.actor_for(x)
            if a is not None and a.kind != "person" and a not in out:
                out.append(a)
        k -= 1
    return out
