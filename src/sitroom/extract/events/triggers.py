"""The event trigger lexicon and the frames it finds in a parse.

``data/event_triggers.tsv`` maps lemmas to PLOVER type, mode and CAMEO code, with
conditions on the words around them ("halt" is a sanction only with an object such
as flights or trade). Verbs trigger by themselves; nouns ("sanctions", "talks")
only under a light verb ("impose", "hold") that supplies their subject and status.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ...knowledge.data import data_path
from ...knowledge import plover
from ..clauses import RELATIVE, Clauses


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    conds: tuple[str, ...]
    type: str
    mode: str | None
    cameo: str | None
    needs: str


@dataclass(frozen=True)
class Lexicon:
    verbs: dict = field(default_factory=dict)
    nouns: dict = field(default_factory=dict)
    classes: dict = field(default_factory=dict)

    def has(self, cls: str, word: str) -> bool:
        return word in self.classes.get(cls, ())


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    lx = Lexicon()
    with open(data_path("event_triggers.tsv"), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("@"):
                name, words = line[1:].split("\t", 1)
                lx.classes[name] = frozenset(words.split())
                continue
            cols = (line.split("\t") + [""] * 7)[:7]
            lemma, pos, cond, etype, mode, cameo, needs = cols
            if etype not in plover.QUAD:
                raise ValueError(f"event_triggers.tsv: unknown type {etype!r} for {lemma!r}")
            trig = Trigger(lemma, pos, tuple(c for c in cond.split(";") if c), etype,
                           mode or None, cameo or None, needs)
            (lx.verbs if pos == "V" else lx.nouns).setdefault(lemma, []).append(trig)
    return lx


@dataclass
class Frame:
    trig: object              # trigger token
    verb: object              # clause verb: the trigger verb or the light verb
    entry: Trigger
    kind: str = "verb"        # verb | light | planned | recipient | threat
    status: str = "occurred"
    drop: bool = False
    speech: object = None     # governing speech verb, if any
    etype: str = ""
    mode: str | None = None
    cameo: str | None = None
    source: list = field(default_factory=list)
    target: list = field(default_factory=list)
    obj: object = None        # direct object token (for linking rejections)
    fallback: bool = False
    obligation: bool = False
    purpose_of: object = None   # the verb whose purpose this act is ("met to expand sanctions")
    holder: object = None       # the noun holding a nominal trigger ("sanctions regime", "package of sanctions")
    background: bool = False    # told in a relative clause ("which has put units on alert")
    origin: str = "lexicon"     # lexicon | cameo (derived CAMEO verb) | noun | cameo_noun (bare event noun)

    @property
    def nominal(self) -> bool:
        return self.kind != "verb"


def lemma(t) -> str:
    return t.lemma_.lower()


def in_class(lx: Lexicon, tok, spec: str) -> bool:
    """Whether ``tok`` is one of ``spec``: words and @classes separated by '|'."""
    lem, low = lemma(tok), tok.lower_
    for part in spec.split("|"):
        words = lx.classes.get(part[1:], ()) if part.startswith("@") else (part,)
        if lem in words or low in words:
            return True
    return False


def dobj(cl: Clauses, v):
    o = cl.child(v, "dobj")
    if o is None and cl.child(v, "auxpass") is not None:
        o = cl.child(v, "nsubjpass")
    return o


def with_obj(cl: Clauses, v, prep: str) -> list:
    out = []
    for p in cl.children(v, "prep", "agent", "dative"):
        if p.lower_ == prep:
            for o in cl.children(p, "pobj"):
                out += [o] + cl.conjuncts(o)
    return out


def _cond(cl: Clauses, lx: Lexicon, t, c: str, light=None) -> bool:
    if c.startswith("!"):
        return not _cond(cl, lx, t, c[1:], light)
    key, _, val = c.partition("=")
    if key == "prt":
        if any(ch.lower_ == val for ch in cl.children(t, "prt", "advmod", "prep")):
            return True
        nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
        return nxt is not None and nxt.lower_ == val
    if key == "prep":
        return any(ch.lower_ == val for ch in cl.children(t, "prep", "prt"))
    if key == "obj":
        o = dobj(cl, t)
        if o is None:
            return False
        # "provided $1bn in aid", "a contribution of 5m euros in assistance"
        inner = [po for p in cl.children(o, "prep") if p.lower_ in ("in", "of")
                 for po in cl.children(p, "pobj")]
        return any(in_class(lx, x, val) for x in [o] + cl.conjuncts(o) + inner)
    if key == "with":
        return any(in_class(lx, x, val) for x in with_obj(cl, t, "with"))
    if key == "objactor":
        o = dobj(cl, t) or cl.child(t, "dative")
        return o is not None and cl.actor_for(o) is not None
    if key == "subj":     # subj=@FORCES -> "15,000 soldiers remained in the border zone"
        sj = cl.child(t, "nsubj")
        return sj is not None and in_class(lx, sj, val)
    if key == "causee":    # "help Warsaw protect the border": whom the act is for
        o = dobj(cl, t) or cl.child(t, "dative")
        if o is None:
            o = next((s for x in cl.children(t, "ccomp", "xcomp") for s in cl.children(x, "nsubj")), None)
        return o is not None and cl.actor_for(o) is not None
    if key == "noobj":
        if t.dep_ == "relcl" and any(s.lower_ not in RELATIVE for s in cl.children(t, "nsubj")):
            return False   # "the basis that ministers agreed": the noun is the object
        return dobj(cl, t) is None
    if key == "xcomp":   # "allow them to enter", "let them in", "order the army to be ready"
        for x in cl.children(t, "xcomp", "ccomp"):
            if in_class(lx, x, val) or any(in_class(lx, p, val) for p in
                                           cl.children(x, "prt", "advmod", "prep", "acomp")):
                return True
        return False
    if key == "oprd":     # "called Lukashenko a dictator" names, it does not phone
        return any(cl.children(t, "oprd"))
    if key == "clause":   # a finite or infinitive complement: "denied that...", "proposed that..."
        return any(cl.children(t, "ccomp", "xcomp", "pcomp"))
    if key == "pobj":     # pobj=on:alert -> "put troops on alert"
        prep, _, spec = val.partition(":")
        preps = cl.children(t, "prep", "dative")
        preps += [c for p in preps for c in cl.children(p, "conj") if c.pos_ == "ADP"]
        return any(in_class(lx, o, spec) for p in preps
                   if p.lower_ == prep for o in cl.children(p, "pobj"))
    if key == "amod":
        return any(in_class(lx, ch, val) for ch in cl.children(t, "amod", "compound"))
    if key == "light":
        return light is not None and in_class(lx, light, val)
    raise ValueError(f"unknown trigger condition {c!r}")


def _entry(cl: Clauses, lx: Lexicon, t, table: dict, light=None) -> Trigger | None:
    for trig in table.get(lemma(t), ()):
        if all(_cond(cl, lx, t, c, light) for c in trig.conds):
            return trig
    return None


def holder(cl: Clauses, lx: Lexicon, n):
    """The noun that holds a nominal trigger: "the sanctions regime", "a package of sanctions"."""
    h = cl.head(n)
    if h is n:
        return None
    if n.dep_ == "compound" and lx.has("CONTAINER", lemma(h)):
        return h
    if n.dep_ == "pobj" and h.lower_ == "of":
        g = cl.head(h)
        if g is not h and lx.has("CONTAINER", lemma(g)):
            return g
    return None


def _light(cl: Clauses, lx: Lexicon, n):
    """(verb, kind) when a light verb governs the nominal trigger ``n``, else None."""
    x = n
    while x.dep_ == "conj" and cl.head(x) is not x:
        x = cl.head(x)
    x = holder(cl, lx, x) or x
    h = cl.head(x)
    if h is x:
        return None
    dep = x.dep_
    if dep == "pobj":
        if h.lower_ not in ("on", "under", "for", "into"):
            return None
        h = cl.head(h)
    elif dep not in ("dobj", "nsubjpass"):
        return None
    if h.pos_ != "VERB":
        return None
    lem = lemma(h)
    if lx.has("THREAT", lem):
        return h, "threat"
    if lx.has("LIGHT_RECIPIENT", lem) and dep == "dobj":
        return h, "recipient"
    if lx.has("LIGHT_PLANNED", lem):
        return h, "planned"
    if lx.has("LIGHT", lem):
        return h, "light"
    return None


def find_frames(cl: Clauses, lx: Lexicon) -> list[Frame]:
    frames: list[Frame] = []
    lights: set[int] = set()
    for t in cl.sdoc:
        if t.is_space or t.is_punct or t.is_stop and t.pos_ != "VERB":
            continue
        lem = lemma(t)
        if t.pos_ == "VERB" and lem in lx.verbs:
            e = _entry(cl, lx, t, lx.verbs)
            if e is not None:
                frames.append(Frame(t, t, e))
        elif t.pos_ in ("NOUN", "PROPN") and lem in lx.nouns:
            light = _light(cl, lx, t)
            if light is None:
                continue
            e = _entry(cl, lx, t, lx.nouns, light[0])
            if e is not None:
                frames.append(Frame(t, light[0], e, kind=light[1], holder=holder(cl, lx, t)))
                lights.add(light[0].i)
    # a verb lending itself to a nominal trigger is not an event of its own
    return [f for f in frames if not (f.kind == "verb" and f.verb.i in lights)]
