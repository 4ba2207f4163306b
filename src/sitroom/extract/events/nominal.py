"""Events named by a noun with no light verb: "the EU's sanctions against Minsk", "the arrest
of 12 people by police", "a Russian missile strike on Kharkiv", "talks between the two
sides", "Tuesday's meeting of foreign ministers".

The noun's own arguments give the parties: the agent is its possessor, a name or
national adjective before it, or its "by" phrase (for meetings, talks and protests also
"of" and "between"); failing those, the subject of the verb that takes the noun as
object ("ministers are eyeing sanctions against the airline"). The target comes from
"on / against / to / with / of". An event noun with no agent in the text is no event.
"""
from __future__ import annotations

import dataclasses

from ..clauses import PRONOUNS, Clauses
from .cameo import noun_entry
from .roles import STRUCK, actor, actors, first_actors, national, noun_targets, place_state, subject
from .triggers import Frame, Lexicon, _entry, _light, lemma

# Nouns whose "of" phrase names who acts: "a meeting of ministers", "protests of students".
_OF_AGENT = frozenset({"CONSULT", "PROTEST", "MOBILIZE", "AGREE"})
_PLANNING = frozenset({"eye", "mull", "consider", "weigh", "discuss", "prepare", "plan", "propose",
                       "draft", "seek", "envisage", "threaten", "call", "demand", "urge", "want"})


def nominal_frames(cl: Clauses, lx: Lexicon, taken: set[int]) -> list[Frame]:
    """Frames for event nouns that no light verb governs, with their parties set."""
    out = []
    for t in cl.sdoc:
        if t.pos_ != "NOUN" or t.i in taken or cl.is_headline(t):
            continue
        entry, origin = _entry(cl, lx, t, lx.nouns), "noun"
        if entry is None:
            entry, origin = noun_entry(lx, lemma(t)), "cameo_noun"
        if entry is None or _light(cl, lx, t) is not None:
            continue
        if any(d.lower_ == "no" for d in cl.children(t, "det")):
            continue
        f = Frame(t, t, entry, kind="noun", etype=entry.type, mode=entry.mode, cameo=entry.cameo)
        f.origin = origin
        _parties(cl, lx, f)
        if entry.needs == "pair" and (len(f.source) > 1 or any(a.kind == "group" for a in f.source)):
            # "a meeting of foreign ministers", "talks between the two armies": the parties meet
            f.entry = dataclasses.replace(entry, needs="")
        if f.source:
            out.append(f)
    return out


def _parties(cl: Clauses, lx: Lexicon, f: Frame) -> None:
    n = f.trig
    agents = []
    for c in n.children:
        if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN"):
            agents.append(c)
    between, firsts = [], []
    for p in cl.children(n, "prep", "agent"):
        if p.lower_ == "by" or p.lower_ in ("of", "among") and f.etype in _OF_AGENT:
            agents += cl.children(p, "pobj")
        elif p.lower_ == "between":   # "talks between X and Y", "fighting between X and Y"
            for o in cl.children(p, "pobj"):
                firsts.append(o)
                between += cl.conjuncts(o)
    for a in cl.children(n, "acl"):   # "a march organized by the Front", "talks hosted by Turkey"
        if a.tag_ == "VBN":
            agents += [o for p in cl.children(a, "agent", "prep") if p.lower_ == "by"
                       for o in cl.children(p, "pobj")]
    h = cl.head(n)
    for p in _trailing_preps(cl, n, h):
        if p.lower_ == "by":   # "reported missile strikes on the town by Azerbaijan"
            agents += cl.children(p, "pobj")
    src = []
    for a in agents:
        src += [x for x in actors(cl, a, generic=f.etype == "PROTEST") if x not in src]
    for a in firsts:   # the first named of a pair acts; the other is acted on, or meets
        x = actor(cl, a, generic=False)
        if x is not None and x not in src:
            src.append(x)
    if between and f.etype in _OF_AGENT:   # those who meet act together
        src += [x for b in between for x in actors(cl, b) if x not in src]
    if not src:
        nat = national(cl, n)
        if nat is not None:
            src = [nat]
    g = h
    if n.dep_ == "pobj" and h.lower_ in ("in", "into") and cl.head(h) is not h:
        g = cl.head(h)   # "was in talks with", "took part in a march", "engaging in contacts"
    if not src and (n.dep_ in ("dobj", "nsubjpass") or g is not h) and g.pos_ in ("VERB", "AUX") \
            and g is not n:
        sj = subject(cl, lx, g)
        if sj is not None and sj.lower_ not in PRONOUNS or sj is not None and sj.dep_ == "nsubj":
            src = actors(cl, sj, generic=False)
    if h is not n and h.pos_ == "VERB" and lemma(h) in _PLANNING and n.dep_ == "dobj":
        f.status = "planned"
    f.source = src
    targets = noun_targets(cl, n, f.etype) + ([] if f.etype in _OF_AGENT else between)
    if src and agents or src and f.etype not in _OF_AGENT:
        # with the agent named elsewhere, "of" names who is acted on: "Russia's invasion of Ukraine"
        targets += [o for p in cl.children(n, "prep") if p.lower_ == "of"
                    for x in cl.children(p, "pobj") for o in [x] + cl.conjuncts(x)]
    for p in _trailing_preps(cl, n, h):
        if p.lower_ in ("against", "on", "upon"):
            targets += [o for x in cl.children(p, "pobj") for o in [x] + cl.conjuncts(x)]
    if f.etype in ("CONSULT", "AGREE"):
        for p in cl.children(n, "prep"):
            if p.lower_ in ("between", "among"):
                targets += cl.children(p, "pobj")
    f.target = [a for a in first_actors(cl, targets, avoid=src, generic=f.etype in (
        "COERCE", "ASSAULT", "AID")) if a not in src]
    if not f.target and f.etype in STRUCK:
        f.target = place_state(cl, targets, src)
    f.obj = n


def _trailing_preps(cl: Clauses, n, h) -> list:
    """Prepositions the parser hung on the verb although they follow its object noun
    ("blamed the EU sanctions against Minsk"): each right after the noun phrase or after
    another such phrase."""
    if h is n or n.dep_ != "dobj":
        return []
    out, edge = [], n.right_edge.i
    for p in sorted(cl.children(h, "prep", "agent"), key=lambda x: x.i):
        if p.i == edge + 1:
            out.append(p)
            edge = p.right_edge.i
    return out
