"""Who did what to whom: the agent and the affected parties of an event clause, as actors.

Follows the parse through conjunction, control and the passive; resolves pronouns,
generic nouns for people ("17 people" are the migrants of the story), possessed
nouns ("its officers"), national modifiers ("Belarusian targets") and, where the
passive leaves the agent out, the official body that reports the act.
"""
from __future__ import annotations

import bisect

from ..clauses import PARTITIVE, PRONOUNS, RELATIVE, Clauses
from ...knowledge.countries import demonym_code
from .triggers import Lexicon, lemma, lexicon

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
    x, raised = v, False
    for _ in range(8):
        if cl.child(x, "auxpass") is not None or (cl.child(x, "nsubjpass") is not None
                                                   and cl.child(x, "nsubj") is None):
            if raised:   # "ministers are expected to agree": the ministers agree
                return cl.child(x, "nsubjpass")
            ag = cl.child(x, "agent")
            return cl.child(ag, "pobj") if ag is not None else None
        s = _nsubj(cl, x)
        if s is not None and speech_act and x.dep_ == "conj" and s.lower_ in PARTITIVE \
                and s.i < x.i and cl.child(s, "prep") is not None:
            s = None   # "... had died, most of them from cold, and accused X": a misparse
        if s is not None:
            if s.lower_ in ("which", "who", "that") and x.dep_ == "relcl":
                return cl.head(x)
            return s
        dep, h = x.dep_, cl.head(x)
        if h is x:
            return None
        raised = dep == "xcomp" or dep == "advcl" and raised
        if dep == "acl" and x.tag_ == "VBD":
            return h     # "the EU's top diplomat, Josep Borrell, spoke by phone": a misparse
        if dep == "acl" and x.tag_ == "VBG" and h.dep_ == "dobj" and lx.has("ENACT", lemma(cl.head(h))):
            x = cl.head(h)   # "issued a regulation barring outsiders": the issuer
            continue
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


def _nsubj(cl: Clauses, v):
    """The subject of ``v``; of two (a dateline glued to the sentence: "Nov 10 (Wire) -
    Lithuania's parliament approved"), the one naming an actor, else the nearer."""
    subs = cl.children(v, "nsubj")
    if len(subs) < 2:
        return subs[0] if subs else None
    subs.sort(key=lambda s: abs(v.i - s.i))
    return next((s for s in subs if cl.actor_for(s) is not None), subs[0])


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
    if t.lower_ in FIRST_PERSON:
        return quote_speaker(cl, t)
    if (t.like_num or t.lower_ in PARTITIVE) and cl.actor_of(t) is None:
        for p in cl.children(t, "prep"):   # "48 of them", "most of the migrants"
            if p.lower_ == "of":
                for o in cl.children(p, "pobj"):
                    return actor(cl, o, avoid, generic, depth + 1)
    if t.lower_ in PRONOUNS:
        if t.lower_ in ("they", "them", "their"):
            g = generic_antecedent(cl, t, avoid) or _previous_subject(cl, t, avoid)
            if g is not None:
                return g
        if t.lower_ == "it" and t.dep_ in ("nsubj", "nsubjpass"):
            thing = _thing_antecedent(cl, t)
            if thing is not None:   # "The measure ... It bars journalists": not a country
                return enactor(cl, thing)
        return cl.resolve_pronoun(t, avoid)
    a = governed(cl, t, avoid, depth) if t.pos_ == "NOUN" and t.lemma_.lower() in GOVERNMENT_NOUNS \
        else None
    a = a or cl.actor_for(t)
    if a is None and generic:
        a = cl.resolve_generic(t, avoid)
    if a is None and t.lemma_.lower() in INSTITUTIONS:
        # "the bloc" for the EU: the organisation of that code named in the document
        code = INSTITUTIONS[t.lemma_.lower()]
        a = next((x for x in cl.doc.actors if x.kind == "organization" and x.country == code
                  and x.sector == "IGO"), None)
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


# Nouns for the power of a state or leader: "the government of X", "Belarus's regime".
GOVERNMENT_NOUNS = frozenset({"government", "regime", "authority", "authorities", "leadership",
                              "administration", "junta", "cabinet"})


def governed(cl: Clauses, t, avoid=(), depth: int = 0):
    """The state or leader a government noun belongs to: its possessor ("Belarus's regime")
    or its "of" phrase ("the government of President Lukashenko")."""
    for p in cl.children(t, "poss"):
        if p.lower_ not in PRONOUNS:
            a = cl.actor_for(p)
            if a is not None:
                return a
    for p in cl.children(t, "prep"):
        if p.lower_ == "of":
            for o in cl.children(p, "pobj"):
                a = actor(cl, o, avoid, False, depth + 1)
                if a is not None:
                    return a
    return None


FIRST_PERSON = frozenset({"we", "i", "us", "our", "my", "me"})


def quote_speaker(cl: Clauses, t):
    """The speaker of the direct quote a first-person pronoun stands in ("We call on Russia
    to de-escalate," Stoltenberg said), or None outside quotes (and where the quotes stage
    has not run before this one, as in the default pipeline)."""
    for q in cl.doc.quotes:
        if q.kind == "direct" and q.speaker and q.span.start <= t.idx < q.span.end:
            return cl.doc.actor(q.speaker)
    return None


# Common nouns the press uses for one institution.
INSTITUTIONS = {"bloc": "EU", "alliance": "NATO"}


def _segment_subject(cl: Clauses, k: int):
    """The subject of the main clause of the segment before token index ``k``'s segment."""
    lo, _ = cl.segment_bounds(cl.sdoc[k])
    if lo == 0:
        return None
    j = lo - 1
    while j > 0 and cl.sdoc[j].is_space:
        j -= 1
    plo, phi = cl.segment_bounds(cl.sdoc[j])
    root = next((x for x in cl.sdoc[plo:phi + 1] if cl.head(x) is x and x.pos_ in ("VERB", "AUX")),
                None)
    if root is None:
        return None
    return cl.child(root, "nsubj", "nsubjpass")


def _previous_subject(cl: Clauses, t, avoid=()):
    """For "they" opening a sentence: the people the sentence before was about ("Around
    2,000 people remain in the warehouse. Belarus says it is providing them with food")."""
    s = _segment_subject(cl, t.i)
    if s is None or cl.actor_of(s) is not None:
        return None
    return cl.resolve_generic(s, avoid)


def _thing_antecedent(cl: Clauses, t):
    """The thing an "it" opening a sentence takes up, when the sentence before was about a
    thing rather than an actor ("The measure takes effect at midnight. It allows ...")."""
    lo, _ = cl.segment_bounds(t)
    if t.i - lo > 2:
        return None
    s = _segment_subject(cl, t.i)
    if s is None or s.pos_ != "NOUN" or cl.actor_for(s) is not None \
            or cl.resolve_generic(s) is not None:
        return None
    return s


def enactor(cl: Clauses, thing):
    """Who adopted a measure, law or state of emergency that ``thing`` names: the subject of
    the verb that last took such a noun as its object, shortly before."""
    lx = lexicon()
    if not (lx.has("INSTRUMENT", lemma(thing)) or lx.has("RESTRICTION", lemma(thing))):
        return None
    for k in range(thing.i - 1, max(-1, thing.i - 120), -1):
        x = cl.sdoc[k]
        lem = lemma(x)
        if x.pos_ != "NOUN" or not (lx.has("INSTRUMENT", lem) or lx.has("RESTRICTION", lem)):
            continue
        if x.dep_ == "pobj" and cl.head(x).lower_ == "of":
            x = cl.head(cl.head(x))   # "a state of emergency"
        if x.dep_ in ("dobj", "nsubjpass") and cl.head(x).pos_ == "VERB":
            sj = subject(cl, lx, cl.head(x))
            a = cl.actor_for(sj) if sj is not None else None
            if a is not None:
                return a
    return None


def named_by_head(cl: Clauses, t):
    """A bare plural noun taking up a group named earlier: "ministers" after "EU foreign
    ministers", "guards" after "Lithuanian border guards" (the nearest such mention)."""
    if t.tag_ != "NNS" or any(c.dep_ in ("amod", "compound", "poss") for c in t.lefts):
        return None
    best = None
    if getattr(cl, "_mention_starts", None) is None:
        cl._mention_starts = [m[0] for m in cl.mentions]      # cl.mentions is sorted by start
    lo = bisect.bisect_left(cl._mention_starts, t.idx - 1500)
    for start, end, a in cl.mentions[lo:bisect.bisect_right(cl._mention_starts, t.idx)]:
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
    """Actors of the noun phrase ``t`` and its conjuncts; "they" with everyone coordinated
    in its antecedent ("Polish police and soldiers ... at them"); "the two leaders" as the
    two people last named."""
    out = []
    for x in [t] + cl.conjuncts(t):
        if cl.actor_for(x) is None and _pair_noun(cl, x):
            out += [a for a in last_persons(cl, x.idx, 2) if a not in out]
            continue
        a = actor(cl, x, avoid, generic)
        if a is not None and a not in out:
            out.append(a)
            if x.lower_ in ("they", "them") and a.kind != "person":
                out += [b for b in _coordinated_with(cl, a, x.idx) if b not in out]
    return out


_PAIR_NOUNS = frozenset({"leader", "president", "minister", "man", "woman", "side",
                         "counterpart", "head", "chancellor", "official"})


def _pair_noun(cl: Clauses, x) -> bool:
    """"the two leaders", "both men", "the two"."""
    if x.lower_ == "two" and cl.child(x, "det") is not None:
        return True
    if x.tag_ != "NNS" or x.lemma_.lower() not in _PAIR_NOUNS:
        return False
    return any(c.lower_ == "two" and c.dep_ == "nummod" or c.lower_ == "both" for c in x.children)


def last_persons(cl: Clauses, char: int, n: int) -> list:
    """The last ``n`` different named people mentioned before ``char`` (within ~1500 chars)."""
    out = []
    i = bisect.bisect_left(cl._mention_starts, char) - 1
    while i >= 0 and cl.mentions[i][0] >= char - 1500 and len(out) < n:
        a = cl.mentions[i][2]
        if a.kind == "person" and a not in out and a.name.split()[-1][:1].isupper():
            out.append(a)
        i -= 1
    return out if len(out) == n else []


def _coordinated_with(cl: Clauses, a, before: int) -> list:
    """Actors coordinated with the last mention of ``a`` before ``before``."""
    i = bisect.bisect_left(cl._mention_starts, before) - 1
    while i >= 0 and cl.mentions[i][0] >= before - 600:
        start, end, b = cl.mentions[i]
        if b is a:
            cs = cl.sdoc.char_span(start, end, alignment_mode="expand")
            if cs is None:
                return []
            return [c for x in coordination(cl, cs.root) for c in [cl.actor_for(x)]
                    if c is not None and c is not a]
        i -= 1
    return []


def speaker_fits(pronoun: str, a) -> bool:
    """Whether a pronoun in reported speech can be its speaker ("Poland said it had ..."):
    "they" is not one person, "he" not a country."""
    p = pronoun.lower()
    if p in ("he", "she", "i"):
        return a.kind == "person"
    if p in ("it", "they"):
        return a.kind != "person"   # "the Border Guard said its officers ..."
    return True


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
                        if q.lower_ == "including" for o2 in cl.children(q, "pobj")
                        for i in [o2] + cl.conjuncts(o2)]
        elif p.lower_ == "including" and depth == 0:   # "sanctions ..., including Belavia"
            for o in cl.children(p, "pobj"):
                out += [o] + cl.conjuncts(o)
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
        if etype == "MOBILIZE" and p.lower_ != "against":
            continue     # troops sent "to the border": a destination, not a target
        if p.lower_ in TARGET_PREPS or p.lower_ == "from" and etype == "SANCTION" \
                or p.lower_ == "for" and etype == "AID":
            for o in cl.children(p, "pobj"):
                if o is not skip:
                    out += [o] + cl.conjuncts(o)
    return out


def coordination(cl: Clauses, t) -> list:
    """``t`` with every noun coordinated with it ("Belavia, travel firms and officials")."""
    x = t
    while x.dep_ == "conj" and cl.head(x) is not x:
        x = cl.head(x)
    return [x] + cl.conjuncts(x)


def first_actors(cl: Clauses, toks: list, avoid=(), generic: bool = True) -> list:
    out = []
    for t in toks:
        a = actor(cl, t, avoid, generic)
        if a is not None and a not in out:
            out.append(a)
    return out


def authority(cl: Clauses, lx: Lexicon, v) -> list:
    """Who enacted the measure a passive act is done under ("under a state of emergency
    that Warsaw declared", "under a law passed by parliament")."""
    for p in cl.children(v, "prep"):
        if p.lower_ != "under":
            continue
        for o in cl.children(p, "pobj"):
            for r in cl.children(o, "relcl", "acl"):
                sj = subject(cl, lx, r)
                if sj is not None and sj.lower_ not in RELATIVE:
                    found = actors(cl, sj, generic=False)
                    if found:
                        return found
    return []


def host_state(cl: Clauses, v) -> list:
    """The country of the place a clause gives access to ("access to the centre near Bruzgi")."""
    for p in v.subtree:
        if p.lower_ not in ("to", "into") or p.dep_ != "prep" or cl.seg[p.i] != cl.seg[v.i]:
            continue
        a, b = cl.sdoc[p.i].idx, p.right_edge.idx + len(p.right_edge)
        for pl in cl.doc.places:
            if a <= pl.span.start < b and pl.country:
                c = next((x for x in cl.doc.actors if x.kind == "country"
                          and x.country == pl.country), None)
                if c is not None:
                    return [c]
    return []


STRUCK = frozenset({"ASSAULT", "COERCE"})


def place_state(cl: Clauses, toks: list, source: list) -> list:
    """For an attack or seizure aimed at a place ("an attack on the Kursk region", "seized the
    border town of Bunagana"): the state the place lies in, when the document names it as an
    actor and it is not the attacker's own."""
    own = {a.country for a in source if a.country}
    for t in toks:
        lo, hi = t.left_edge.idx, t.right_edge.idx + len(t.right_edge)
        for pl in cl.doc.places:
            if not pl.country or pl.country in own:
                continue
            if any(lo <= sp.start < hi for sp in (pl.spans or (pl.span,))):
                c = next((x for x in cl.doc.actors if x.kind == "country"
                          and x.country == pl.country), None)
                if c is not None and c not in source:
                    return [c]
    return []
