"""Who did what to whom: the agent and the affected parties of an event clause, as actors.

Follows the parse through conjunction, control and the passive; resolves pronouns,
generic nouns for people ("17 people" are the migrants of the story), possessed
nouns ("its officers"), national modifiers ("Belarusian targets") and, where the
passive leaves the agent out, the official body that reports the act.
"""
from __future__ import annotations

from .clauses import PARTITIVE, PRONOUNS, Clauses
from .countries import demonym_code
from .triggers import Frame, Lexicon, lemma

TARGET_PREPS = ("with", "against", "on", "upon", "at", "to", "toward", "towards", "into")
NOUN_TARGET_PREPS = ("against", "on", "upon", "to", "with", "toward", "towards", "for", "over",
                      "into")
OF_TARGET = frozenset({"ACCUSE", "RETREAT", "COERCE"})   # "arrests of", "release of", "criticism of"
FINITE = frozenset({"VBZ", "VBD", "VBP"})


def finite_head(cl: Clauses, h):
    """A finite verb coordinated under a non-finite one is misattached: its real partner
    is the nearest finite verb above ("refuses to let them pass and accuses ...")."""
    x = h
    while x.tag_ in ("VB", "VBG") and x.dep_ in ("xcomp", "ccomp", "conj") and cl.head(x) is not x:
        x = cl.head(x)
    return x if x.tag_ in FINITE else h


def subject(cl: Clauses, lx: Lexicon, v, speech_act: bool = False):
    """The token acting as the agent of verb ``v`` (following conjunction and control), or None.
    A ``speech_act`` (accusing, rejecting) coordinated with a reported clause is the
    speaker's: "X said the migrants were refugees and accused Polish forces"."""
    x = v
    for _ in range(8):
        if cl.child(x, "auxpass") is not None or (cl.child(x, "nsubjpass") is not None
                                                   and cl.child(x, "nsubj") is None):
            ag = cl.child(x, "agent")
            return cl.child(ag, "pobj") if ag is not None else None
        s = cl.child(x, "nsubj")
        if s is not None:
            if s.lower_ in ("which", "who", "that") and x.dep_ == "relcl":
                return cl.head(x)
            return s
        dep, h = x.dep_, cl.head(x)
        if h is x:
            return None
        if dep == "conj":
            x = finite_head(cl, h) if x.tag_ in FINITE else h
            if speech_act and x.dep_ == "ccomp" and cl.head(x) is not x \
                    and lx.has("SAY", lemma(cl.head(x))) and cl.child(x, "nsubj") is not None:
                x = cl.head(x)
            continue
        if dep == "xcomp":
            o = cl.child(h, "dobj")
            if o is not None and lx.has("OBJECT_CONTROL", lemma(h)):
                return o
            x = h
            continue
        if dep in ("advcl", "acomp") or (dep == "ccomp" and h.pos_ != "VERB"):
            x = h
            continue
        return None
    return None


def orphan_subject(cl: Clauses, v):
    """For a clause cut from its subject by a bad arc: the last loose noun before the verb."""
    lo, _ = cl.segment_bounds(v)
    for k in range(v.i - 1, lo - 1, -1):
        t = cl.sdoc[k]
        if cl.is_orphan(t) and t.i != v.i and t.pos_ in ("NOUN", "PROPN") and cl.actor_for(t):
            return t
    return None


SPEECH_ACTS = frozenset({"ACCUSE", "REJECT", "REQUEST", "THREATEN"})
# Acts an agency reports of itself when the passive leaves the agent out
# ("48 of them were later detained, a border guard spokeswoman said").
SELF_REPORTED = frozenset({"COERCE", "MOBILIZE", "AID", "RETREAT", "SANCTION"})
OFFICIAL_SECTORS = frozenset({"GOV", "POL", "MIL", "IGO"})


def actor(cl: Clauses, t, avoid=(), generic: bool = True, depth: int = 0):
    """The actor of a noun phrase: a name, a pronoun ("them" after "a group of 50 people" is
    that group), a possessed noun ("its officers"), a national modifier ("Belarusian
    targets"), "those in Minsk", or (when ``generic``) a generic noun for people."""
    if depth > 2:
        return None
    if (t.like_num or t.lower_ in PARTITIVE) and cl.actor_of(t) is None:
        for p in cl.children(t, "prep"):   # "48 of them", "most of the migrants"
            if p.lower_ == "of":
                for o in cl.children(p, "pobj"):
                    return actor(cl, o, avoid, generic, depth + 1)
    if t.lower_ in PRONOUNS:
        if t.lower_ in ("they", "them", "their"):
            g = generic_antecedent(cl, t, avoid)
            if g is not None:
                return g
        return cl.resolve_pronoun(t, avoid)
    a = cl.actor_for(t)
    if a is None and generic:
        a = cl.resolve_generic(t, avoid)
    if a is None and t.pos_ in ("NOUN", "PRON"):
        p = cl.child(t, "poss")
        if p is not None and p.lower_ in PRONOUNS:
            a = cl.resolve_pronoun(p, avoid)
        if a is None:
            a = national(cl, t)
        if a is None:
            a = named_by_head(cl, t)
        if a is None and t.lower_ in ("those", "officials", "people"):
            for p in cl.children(t, "prep"):
                if p.lower_ == "in":
                    a = next((x for o in cl.children(p, "pobj") for x in [cl.actor_for(o)]
                              if x is not None and x.kind == "country"), None)
    return a


def named_by_head(cl: Clauses, t):
    """A bare plural noun taking up a group named earlier: "ministers" after "EU foreign
    ministers", "guards" after "Lithuanian border guards" (the nearest such mention)."""
    if t.tag_ != "NNS" or any(c.dep_ in ("amod", "compound", "poss") for c in t.lefts):
        return None
    best = None
    for start, end, a in cl.mentions:
        if end > t.idx or t.idx - start > 1500 or a.kind not in ("group", "organization"):
            continue
        if cl.doc.clean_text[start:end].lower().split()[-1:] == [t.lower_]:
            best = a   # mentions are sorted: the last fitting one is the nearest
    return best


def national(cl: Clauses, t):
    """The country actor behind a national modifier: "Belarusian targets" -> Belarus."""
    for c in cl.children(t, "amod", "compound"):
        code = demonym_code(c.text) if c.text[:1].isupper() else None
        if code:
            return next((a for a in cl.doc.actors if a.kind == "country" and a.country == code), None)
    return None


def generic_antecedent(cl: Clauses, t, avoid=()):
    """For "they/them": a generic noun for people earlier in the sentence, before any named
    actor ("a group of 50 people crossed, and 48 of them were detained")."""
    lo, _ = cl.segment_bounds(t)
    for k in range(t.i - 1, lo - 1, -1):
        x = cl.sdoc[k]
        if cl.actor_of(x) is not None:
            return None
        if x.pos_ == "NOUN":
            a = cl.resolve_generic(x, avoid)
            if a is not None:
                return a
    return None


# Generic nouns for people ("17 people", "groups") stand for the civilian group in the
# story only where such people act or are acted upon: not as sanctioned officials.
GENERIC_SOURCE = frozenset({"ASSAULT", "PROTEST", "REQUEST"})
GENERIC_TARGET = frozenset({"COERCE", "ASSAULT", "AID", "RETREAT"})


def actors(cl: Clauses, t, avoid=(), generic: bool = True) -> list:
    """Actors of the noun phrase ``t`` and its conjuncts."""
    out = []
    for x in [t] + cl.conjuncts(t):
        a = actor(cl, x, avoid, generic)
        if a is not None and a not in out:
            out.append(a)
    return out


def reporter(cl: Clauses, lx: Lexicon, f: Frame) -> list:
    """The official body a report comes from: the subject of the governing speech verb, or
    "according to X" in the sentence."""
    toks = []
    if f.speech is not None:
        sp = subject(cl, lx, f.speech)
        if sp is not None:
            toks.append(sp)
    else:
        lo, hi = cl.segment_bounds(f.trig)
        for k in range(lo, hi):
            t = cl.sdoc[k]
            if t.lower_ == "according" and k + 2 <= hi and cl.sdoc[k + 1].lower_ == "to":
                toks += cl.children(cl.sdoc[k + 1], "pobj")
    out = []
    for t in toks:
        for a in cl.actors_for(t):
            if a.kind != "person" and (a.kind == "country" or a.sector in OFFICIAL_SECTORS):
                out.append(a)
    return out


def country_actor(cl: Clauses, a):
    """The country actor of a national group ("Polish forces" -> Poland), if in the document."""
    if a.kind == "country" or not a.country:
        return None
    return next((c for c in cl.doc.actors if c.kind == "country" and c.country == a.country), None)


def clause_root(cl: Clauses, v):
    x = v
    while x.dep_ in ("conj", "xcomp", "advcl", "acomp", "ccomp") and cl.head(x) is not x:
        x = cl.head(x)
    return x


def noun_targets(cl: Clauses, n, etype: str = "", depth: int = 0) -> list:
    out = []
    for p in cl.children(n, "prep"):
        if p.lower_ in NOUN_TARGET_PREPS or p.lower_ == "of" and etype in OF_TARGET:
            for o in cl.children(p, "pobj"):
                out += [o] + cl.conjuncts(o)
                # "sanctions on 17 people, including the state airline"
                out += [i for x in [o] + cl.conjuncts(o) for q in cl.children(x, "prep")
                        if q.lower_ == "including" for i in cl.children(q, "pobj")]
        elif p.lower_ in ("in", "of") and depth == 0:   # "10 million euros in aid to Lithuania"
            for o in cl.children(p, "pobj"):
                out += noun_targets(cl, o, etype, 1)
    for a in cl.children(n, "acl"):
        if lemma(a) in ("target", "against", "hit", "aim"):
            out += [o for o in cl.children(a, "dobj")]
    return out


def verb_targets(cl: Clauses, v, skip, etype: str = "") -> list:
    out = []
    for p in cl.children(v, "prep", "prt"):
        if p.lower_ in TARGET_PREPS or p.lower_ == "from" and etype == "SANCTION":
            for o in cl.children(p, "pobj"):
                if o is not skip:
                    out += [o] + cl.conjuncts(o)
    return out


def first_actors(cl: Clauses, toks: list, avoid=(), generic: bool = True) -> list:
    out = []
    for t in toks:
        a = actor(cl, t, avoid, generic)
        if a is not None and a not in out:
            out.append(a)
    return out
