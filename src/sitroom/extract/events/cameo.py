"""Event verbs and nouns the trigger lexicon does not list, from the derived CAMEO lexicon.

``data/cameo_verbs.tsv`` (derived by ``tools/build_cameo_lexicon.py`` from the CAMEO
verb dictionary of PETRARCH2, Open Event Data, MIT) gives thousands of verbs a CAMEO
code and PLOVER type, with object rules ("freeze assets" is a sanction, "freeze
relations" a cut of ties). It is consulted only for words the curated trigger lexicon
does not know, and never for words the lexicon uses as governors (saying, believing,
deciding, promising, planning): those shape other events rather than being events.
"""
from __future__ import annotations

import functools

from ...knowledge.data import data_path
from ..clauses import Clauses
from .triggers import Frame, Lexicon, Trigger, dobj, lemma

# Word classes of the trigger lexicon whose verbs govern other events.
_GOVERNORS = ("SAY", "COGNITION", "DECIDE", "PROMISE", "PLANNED", "LIGHT", "LIGHT_PLANNED",
              "LIGHT_RECIPIENT", "IRREALIS", "DIRECTIVE", "DENY", "OBJECT_CONTROL", "REFUSE",
              "THREAT", "ENACT", "MOVE")
# Senses too general to be an event by themselves in news copy.
_WEAK_TYPES = frozenset({"SUPPORT", "COOPERATE", "AGREE", "CONCEDE"})


@functools.lru_cache(maxsize=1)
def cameo_lexicon() -> tuple[dict, dict]:
    """(verbs, nouns): lemma -> [(cond, cameo, type, mode)], default rule last."""
    verbs: dict[str, list] = {}
    nouns: dict[str, list] = {}
    with open(data_path("cameo_verbs.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            lem, pos, cond, code, typ, mode = (line.rstrip("\n").split("\t") + [""] * 6)[:6]
            (verbs if pos == "V" else nouns).setdefault(lem, []).append((cond, code, typ, mode))
    for table in (verbs, nouns):
        for rules in table.values():
            rules.sort(key=lambda r: r[0] == "")   # specific rules first
    return verbs, nouns


def _objects(cl: Clauses, t) -> set[str]:
    o = dobj(cl, t)
    if o is None:
        return set()
    return {lemma(x) for x in [o] + cl.conjuncts(o)} | \
        {lemma(c) for c in cl.children(o, "compound", "amod")}


def _holds(cl: Clauses, t, cond: str, objs: set[str]) -> bool:
    for part in cond.split(";"):
        key, _, val = part.partition("=")
        if key == "obj":
            if val not in objs:
                return False
        elif key == "prt":
            if not any(c.lower_ == val.split()[0] for c in cl.children(t, "prt", "advmod", "prep")):
                return False
        else:   # a preposition and its object: "with=aid"
            if not any(p.lower_ == key and any(lemma(o) == val for o in cl.children(p, "pobj"))
                       for p in cl.children(t, "prep")):
                return False
    return True


def governor(lx: Lexicon, lem: str) -> bool:
    return any(lx.has(c, lem) for c in _GOVERNORS)


def verb_entry(cl: Clauses, lx: Lexicon, t) -> Trigger | None:
    """The CAMEO reading of verb ``t`` when the trigger lexicon has none for its lemma."""
    lem = lemma(t)
    if lem in lx.verbs or governor(lx, lem):
        return None
    rules = cameo_lexicon()[0].get(lem)
    if not rules:
        return None
    objs = _objects(cl, t)
    for cond, code, typ, mode in rules:
        if cond and not _holds(cl, t, cond, objs):
            continue
        if typ == "-" or typ not in _TYPES:
            return None
        if not cond and typ in _WEAK_TYPES:
            o = dobj(cl, t)
            if o is None or cl.actor_for(o) is None:
                return None   # "back", "help", "host" with no party as object
        return Trigger(lem, "V", (), typ, mode or None, code, "")
    return None


def cameo_frames(cl: Clauses, lx: Lexicon, taken: set[int]) -> list[Frame]:
    """Frames for the verbs only the CAMEO lexicon reads as events."""
    out = []
    for t in cl.sdoc:
        if t.pos_ != "VERB" or t.i in taken:
            continue
        e = verb_entry(cl, lx, t)
        if e is not None:
            out.append(Frame(t, t, e, origin="cameo"))
    return out


def noun_entry(lx: Lexicon, lem: str) -> Trigger | None:
    """The CAMEO reading of an event noun the trigger lexicon does not list."""
    if lem in lx.nouns:
        return None
    for cond, code, typ, mode in cameo_lexicon()[1].get(lem, ()):
        if not cond and typ in _TYPES and typ not in _WEAK_TYPES:
            return Trigger(lem, "N", (), typ, mode or None, code, "")
    return None


_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                    "MOBILIZE", "COERCE", "ASSAULT"})
