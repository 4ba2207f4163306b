"""Figure categories: what a count counts, read from the counted noun and the verb around it.

The word lists live in ``data/figure_terms.tsv``: counted nouns ("deaths", "troops"), verbs
with the role the count plays ("killed" its patient, "died" its agent), verb phrases
("lost their lives", "taken into custody"), state adjectives ("dead", "missing").
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from ..clauses import Clauses
from .numbers import read_terms

HARD_CATEGORIES = frozenset({"dead", "injured", "missing", "detained", "returned",
                              "pushbacks", "crossings"})
_TRY = frozenset({"try", "attempt", "seek", "manage", "want"})
_PARTICLES = frozenset({"back", "home", "away", "up", "through", "off", "in", "across"})
ADVERB_NOUNS = frozenset({"home", "back", "away"})
# Nouns for a group whose members are counted: "a group of 50 people broke through" is a crossing.
_COLLECTIVE = frozenset({"group", "crowd", "band", "batch", "total", "contingent", "convoy", "wave",
                         "column", "party", "handful", "bunch", "gang", "busload", "boatload"})
# Prepositions that make people counted for something, not present somewhere ("aid for 500 families").
_NOT_PRESENT = frozenset({"for", "on", "against", "toward", "towards", "about"})
# Categories a people count takes from the vehicle or place it is in ("a repatriation flight with 431 people").
_CONTEXT_CATEGORIES = frozenset({"returned", "detained"})
_WAY = frozenset({"through", "across", "into", "over", "past", "onto"})
# Counted nouns that name things when they modify another noun ("two life rafts").
_THING_COMPOUNDS = frozenset({"life", "return"})


@dataclass(frozen=True)
class Terms:
    """The word lists of ``figure_terms.tsv``, indexed for lookups."""
    nouns: dict[str, str]
    verbs: dict[str, tuple[str, str]]
    adjs: dict[str, str]
    names: dict[str, str]
    says: frozenset[str]


@functools.lru_cache(maxsize=1)
def terms() -> Terms:
    """Load ``figure_terms.tsv`` (once)."""
    rows = read_terms("figure_terms.tsv")
    return Terms(nouns={r[0]: r[1] for r in rows.get("noun", [])},
                 verbs={r[0]: (r[1], r[2] if len(r) > 2 else "any") for r in rows.get("verb", [])},
                 adjs={r[0]: r[1] for r in rows.get("adj", [])},
                 names={r[0]: r[1] for r in rows.get("name", [])},
                 says=frozenset(r[0] for r in rows.get("say", [])))


def _particle(cl: Clauses, v, T: Terms) -> str | None:
    """The particle completing a phrasal verb: "push back", "send home", "break through"."""
    lem = v.lemma_.lower()
    for c in cl.children(v, "prt", "advmod", "prep", "dobj"):
        if c.lower_ in _PARTICLES and (c.dep_ in ("prt", "advmod") or f"{lem} {c.lower_}" in T.verbs):
            return c.lower_   # the parser reads "through" as a preposition, "home" as an object
    return None


def _verb_category(cl: Clauses, T: Terms, v, role: str | None) -> str | None:
    if v.lemma_.lower() in _TRY:
        x = cl.child(v, "xcomp")
        if x is not None:
            v = x
    lem = v.lemma_.lower()
    prt = _particle(cl, v, T)
    hit = T.verbs.get(f"{lem} {prt}") if prt else None
    hit = hit or _verb_phrase(cl, T, v, lem) or T.verbs.get(lem)
    if v.pos_ == "NOUN":
        c = T.nouns.get(lem)
        return c if c and c != "people" else None
    if not hit:
        way = next((o for o in cl.children(v, "dobj") if o.lower_ == "way"), None)
        if way is not None and role == "agent" and any(
                c.lower_ in _WAY for c in cl.children(v, "prep", "advmod", "prt") + cl.children(way, "prep", "advmod")):
            return "crossings"   # "forced their way through the fence"
        return None
    cat, need = hit
    if need == "any" or need == role:
        return cat
    return None


def _verb_phrase(cl: Clauses, T: Terms, v, lem: str) -> tuple[str, str] | None:
    """A verb read with its object or prepositional object: "lost their lives", "taken into
    custody", "taken to hospital", "shot dead"."""
    for c in cl.children(v, "dobj", "oprd", "acomp", "advmod", "ccomp", "xcomp"):
        hit = T.verbs.get(f"{lem} {c.lemma_.lower()}") or T.verbs.get(f"{lem} {c.lower_}")
        if hit:
            return hit
    for p in cl.children(v, "prep"):
        for o in cl.children(p, "pobj"):
            hit = T.verbs.get(f"{lem} {p.lower_} {o.lemma_.lower()}")
            if hit:
                return hit
    return None


def _adj_category(T: Terms, c) -> str | None:
    """The category of a state adjective; "dead or missing" is missing, not yet known dead."""
    cat = T.adjs.get(c.lower_)
    if cat == "dead" and any(T.adjs.get(x.lower_) == "missing" for x in c.conjuncts):
        return "missing"
    return cat


def category(sd, cl: Clauses, T: Terms, num, noun, node) -> str | None:
    """The category of the figure ``num`` (a reading of a number: its token range, unit),
    counting ``noun`` (or None), whose place in the parse is ``node``."""
    if num.unit:
        return "money"
    noun_cat = None
    if noun is not None:
        noun_cat = T.nouns.get(noun.lemma_.lower()) or T.nouns.get(noun.lower_)
        if noun_cat is None or noun_cat == "people":
            for c in noun.lefts:
                if c.dep_ == "compound" and c.lemma_.lower() not in _THING_COMPOUNDS \
                        and T.nouns.get(c.lemma_.lower(), "people") != "people":
                    noun_cat = T.nouns[c.lemma_.lower()]
        for c in cl.children(noun, "amod", "acl", "relcl"):   # "dead migrants", "migrants held in camps"
            cat = _adj_category(T, c)
            if cat is None and c.dep_ == "relcl":   # "600 people who were arrested"
                role = "patient" if cl.child(c, "auxpass") is not None else "agent"
                cat = _verb_category(cl, T, c, role)
            elif cat is None:
                vcat, need = T.verbs.get(c.lemma_.lower(), (None, "agent"))
                cat = vcat if need in ("patient", "any") else None
            if cat in HARD_CATEGORIES:
                return cat
        # "the deaths of six people", "the return of 230 soldiers"
        if node.dep_ == "pobj" and cl.head(node).lower_ == "of":
            h = cl.head(cl.head(node))
            hs = [h]
            if h.lower_ in ADVERB_NOUNS:   # "the return home of 230 soldiers"
                hs = [cl.head(h)] + cl.children(h, "compound")
            for y in hs:
                c = T.nouns.get(y.lemma_.lower()) if y.pos_ == "NOUN" \
                    and y.lemma_.lower() != "life" else None
                if c in HARD_CATEGORIES:   # ("the lives of thousands" are not their deaths)
                    return c
    if num.end < len(sd) and sd[num.end].lower_ in T.adjs:
        return T.adjs[sd[num.end].lower_]
    if noun is not None and noun.i + 1 < len(sd) and noun.i >= num.end \
            and sd[noun.i + 1].lower_ in T.adjs and sd[noun.i + 1].dep_ in ("amod", "acomp", "oprd"):
        return _adj_category(T, sd[noun.i + 1])   # "3 civilians dead"
    # the verb governing the counted phrase, through "a group of"
    x = node
    while x.dep_ == "pobj" and cl.head(x).lower_ == "of" \
            and cl.head(cl.head(x)).lemma_.lower() in _COLLECTIVE:
        x = cl.head(cl.head(x))
    while x.dep_ in ("conj", "appos") and cl.head(x) is not x:
        x = cl.head(x)
    dep, v, role = x.dep_, cl.head(x), None
    if v is x:
        v = None
    elif dep == "pobj":
        prep = v
        v = cl.head(prep)
        role = "agent" if prep.dep_ == "agent" else "obl"
        if v is prep:
            v = None
        elif noun is None and prep.lower_ == "of" and v.lemma_.lower() in T.nouns:
            return T.nouns[v.lemma_.lower()]   # "a crowd of 5,000", "a death toll of 30"
    elif dep in ("nsubj", "csubj"):
        role = "patient" if cl.child(v, "auxpass") is not None else "agent"
    elif dep in ("nsubjpass", "dobj", "attr", "oprd", "dative"):
        role = "patient"
    else:
        v = None
    if v is not None and role in ("agent", "patient"):
        for c in [v] + cl.children(v, "acomp", "oprd", "advmod"):
            if c.lower_ in T.adjs and (c is not v or role == "agent"):   # "are missing", "found dead"
                return _adj_category(T, c)
    verb_cat = _verb_category(cl, T, v, role) if v is not None and role != "obl" else None
    if verb_cat in HARD_CATEGORIES:
        return verb_cat
    if noun_cat and noun_cat != "people":
        return noun_cat
    if verb_cat:
        return verb_cat
    if noun is None and v is not None and v.dep_ == "acl" and role == "obl":
        c = _verb_category(cl, T, v, "patient")   # "the number flown home since May to 850"
        if c in HARD_CATEGORIES:
            return c
    if noun is None and v is not None:
        # "the death toll rose to 12", "the number of arrests reached 300"
        # "bringing the toll to 30"; a subject that acts ("police estimated the crowd at
        # 138,000") is no count
        for s in cl.children(v, "nsubjpass", "dobj") + cl.children(v, "nsubj"):
            if s is x:
                continue
            for y in [s] + [c for c in s.lefts if c.dep_ == "compound"] + \
                     [o for p in cl.children(s, "prep") if p.lower_ == "of" for o in cl.children(p, "pobj")]:
                c = T.nouns.get(y.lemma_.lower())
                if c and (c != "people" or s.dep_ == "dobj") and not (
                        s.dep_ == "nsubj" and c == "security_personnel"):
                    return c
            for a in cl.children(s, "acl"):   # "the number flown home"
                c = _verb_category(cl, T, a, "patient")
                if c in HARD_CATEGORIES:
                    return c
        return None
    if noun is None:
        return None
    if noun_cat == "people" or noun.tag_ == "NNPS":
        ctx = _context_category(cl, T, node) or (_next_verb_category(sd, cl, T, noun)
                                                 if v is None or node.dep_ == "appos" else None)
        if ctx:
            return ctx
        if x.dep_ == "pobj" and cl.head(x).lower_ in _NOT_PRESENT:
            return "other"   # "sanctions on 17 people", "a corridor for 2,000 migrants"
        return "people"
    return "other"


def _next_verb_category(sd, cl: Clauses, T: Terms, noun) -> str | None:
    """Where the parse loses the count's verb ("According to data of the ministry, 31 people,
    including six children, have been injured" read as an apposition), the first verb after
    the count in its segment, when that verb has no subject of its own."""
    lo, hi = cl.segment_bounds(noun)
    depth = 0
    for k in range(noun.i + 1, min(hi + 1, noun.i + 16)):
        t = sd[k]
        if t.text in ",(":
            depth += 1 if t.text == "(" or depth == 0 else -1
            continue
        if t.text == ")":
            depth = max(0, depth - 1)
            continue
        if depth or t.pos_ != "VERB":
            continue
        if cl.child(t, "nsubj", "nsubjpass") is not None:
            return None
        role = "patient" if cl.child(t, "auxpass") is not None else "agent"
        for c in [t] + cl.children(t, "acomp", "oprd"):
            if c is not t and c.lower_ in T.adjs:
                return _adj_category(T, c)
        c = _verb_category(cl, T, t, role)
        return c if c in HARD_CATEGORIES else None
    return None


def _context_category(cl: Clauses, T: Terms, node) -> str | None:
    """The category a people count takes from what carries or holds it: "a repatriation flight
    (which left) with 431 people on board"."""
    for a in cl.ancestors(node)[1:]:
        cands = [a] if a.pos_ in ("NOUN", "PROPN") else cl.children(a, "nsubj", "nsubjpass")
        for c in cands:
            for y in [c] + cl.children(c, "compound", "amod"):
                cat = T.nouns.get(y.lemma_.lower())
                if cat in _CONTEXT_CATEGORIES:
                    return cat
    return None
