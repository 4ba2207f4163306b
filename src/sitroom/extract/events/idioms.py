"""Events told by set phrases rather than by a trigger verb with its arguments.

- naming as an accusation: "called the sanctions illegitimate", "described the operation
  as an attack organised by the government in Minsk";
- denying blame: "Minsk says it is not to blame";
- a request named by its maker: "at the request of the United Arab Emirates";
- a dated meeting named by a noun: "during their call on Wednesday", "following their
  first call on Monday" (the parties are those of the clause it is part of);
- a return flight: "a second repatriation flight to Iraq left Minsk on Thursday".

Each finder returns frames with type, status and parties set, for
:func:`sitroom.extract.events.extract_events` to turn into events.
"""
from __future__ import annotations

from ..clauses import PRONOUNS, Clauses
from ...knowledge.countries import demonym_code
from .roles import actors, first_actors, speaker_fits, subject, verb_targets
from .triggers import Frame, Lexicon, Trigger, lemma

_NAMING = frozenset({"call", "describe", "label", "brand", "term", "denounce", "condemn"})
_MEETINGS = frozenset({"call", "talk", "talks", "meeting", "conversation", "summit"})
_TIME_PREPS = frozenset({"during", "after", "following", "before", "since", "in", "at"})


def _trigger(lem: str, etype: str, mode: str | None, cameo: str) -> Trigger:
    return Trigger(lem, "P", (), etype, mode, cameo, "")


def _speakers(cl: Clauses, lx: Lexicon, v, subj) -> list:
    """Actors of a subject; a pronoun in reported speech that fits the speaker is the speaker."""
    if subj is None:
        return []
    h = cl.head(v)
    if subj.lower_ in PRONOUNS and v.dep_ == "ccomp" and h is not v and lx.has("SAY", lemma(h)):
        sp = subject(cl, lx, h)
        found = [a for a in (cl.actors_for(sp) if sp is not None else [])
                 if speaker_fits(subj.lower_, a)]
        if found:
            return found
    return actors(cl, subj, generic=False)


def _pejorative(cl: Clauses, lx: Lexicon, t) -> bool:
    """Whether a complement condemns: the word itself or its modifiers ("hybrid attack")."""
    words = [t] + [c for c in t.children if c.dep_ in ("amod", "compound")]
    return any(lx.has("PEJORATIVE", lemma(w)) for w in words)


def naming(cl: Clauses, lx: Lexicon, seen: set[int]) -> list[Frame]:
    """"X called Y illegitimate", "X described Y as an attack by Z": X accuses Y (or Z, or
    whoever did the act Y names; that is linked later through ``Frame.obj``)."""
    out = []
    for v in cl.sdoc:
        if v.pos_ != "VERB" or v.i in seen or lemma(v) not in _NAMING or cl.is_headline(v):
            continue
        comp = [c for c in cl.children(v, "oprd", "xcomp", "ccomp") if c.pos_ in ("ADJ", "NOUN")]
        comp += [o for p in cl.children(v, "prep") if p.lower_ == "as"
                 for o in cl.children(p, "pobj")]
        comp = [c for c in comp if _pejorative(cl, lx, c)]
        if not comp or cl.child(v, "neg") is not None:
            continue
        src = _speakers(cl, lx, v, subject(cl, lx, v))
        if not src:
            continue
        own = {a.country for a in src if a.country}
        obj = cl.child(v, "dobj")
        tgt = first_actors(cl, [obj], avoid=src, generic=False) if obj is not None else []
        if not tgt:
            # "an attack on Poland organised by the government in Minsk": the organiser
            victims = {o.i for c in comp for p in cl.children(c, "prep") if p.lower_ in ("on", "against")
                       for o in cl.children(p, "pobj")}
            for c in comp:
                for x in c.subtree:
                    if x.i in victims or cl.seg[x.i] != cl.seg[v.i]:
                        continue
                    a = cl.actor_for(x) if x.pos_ == "PROPN" else cl.actor_of(x)
                    if a is not None and a not in src and a not in tgt and a.country not in own:
                        tgt.append(a)
        mode = "disapprove" if comp[0].pos_ == "ADJ" else "allege"
        f = Frame(v, v, _trigger(lemma(v), "ACCUSE", mode, "111" if mode == "disapprove" else "112"),
                  etype="ACCUSE", mode=mode, cameo="111" if mode == "disapprove" else "112",
                  source=src, target=tgt, obj=obj)
        out.append(f)
    return out


def not_to_blame(cl: Clauses, lx: Lexicon, seen: set[int]) -> list[Frame]:
    """"Minsk says it is not to blame": a rejection of responsibility."""
    out = []
    for t in cl.sdoc:
        if lemma(t) != "blame" or t.i in seen or cl.is_headline(t):
            continue
        be = cl.head(t)
        if be is t or lemma(be) != "be" or cl.child(be, "neg") is None and cl.child(t, "neg") is None \
                or not any(c.lower_ == "to" for c in cl.children(t, "aux")):
            continue
        src = _speakers(cl, lx, be, cl.child(be, "nsubj"))
        if src:
            out.append(Frame(t, be, _trigger("blame", "REJECT", None, "120"), etype="REJECT",
                             cameo="120", source=src))
    return out


def at_request(cl: Clauses, lx: Lexicon, seen: set[int]) -> list[Frame]:
    """"... at the request of the United Arab Emirates" / "at Minsk's request": the one who
    asked requests it of the clause's agent."""
    out = []
    for n in cl.sdoc:
        if lemma(n) != "request" or n.pos_ != "NOUN" or n.dep_ != "pobj" or cl.head(n).lower_ != "at":
            continue
        v = cl.head(cl.head(n))
        if v.pos_ != "VERB" or n.i in seen or cl.is_headline(v):
            continue
        askers = [o for p in cl.children(n, "prep") if p.lower_ == "of" for o in cl.children(p, "pobj")]
        askers += cl.children(n, "poss")
        src = first_actors(cl, askers, generic=False)
        tgt = [a for a in _speakers(cl, lx, v, subject(cl, lx, v)) if a not in src]
        if src and tgt:
            out.append(Frame(n, v, _trigger("request", "REQUEST", None, "100"), etype="REQUEST",
                             cameo="100", source=src, target=tgt))
    return out


def dated_meetings(cl: Clauses, lx: Lexicon, seen: set[int]) -> list[Frame]:
    """"asked Merkel during their call on Wednesday": a meeting named by a noun with its own
    date, held by the parties of the clause it belongs to."""
    out = []
    dates = cl.date_tokens
    for n in cl.sdoc:
        if n.pos_ != "NOUN" or lemma(n) not in _MEETINGS or n.dep_ != "pobj" or n.i in seen:
            continue
        p = cl.head(n)
        if p.lower_ not in _TIME_PREPS or not any(c.lower_ == "their" for c in cl.children(n, "poss")):
            continue
        if not any(x.i in dates for x in n.subtree if x.i > n.i):
            continue   # "their calls for dialogue": no one meeting
        v = cl.head(p)
        if v.pos_ != "VERB" or cl.is_headline(v):
            continue
        src = _speakers(cl, lx, v, subject(cl, lx, v))
        objs = [o for o in cl.children(v, "dobj", "dative")] + verb_targets(cl, v, skip=n)
        tgt = [a for a in first_actors(cl, objs, avoid=src, generic=False) if a not in src]
        if src and tgt:
            phone = lemma(n) == "call"
            out.append(Frame(n, n, _trigger(lemma(n), "CONSULT", "phone" if phone else None,
                                            "041" if phone else "040"),
                             etype="CONSULT", mode="phone" if phone else None,
                             cameo="041" if phone else "040", source=src, target=tgt))
    return out


_AIRCRAFT = frozenset({"flight", "plane", "aircraft", "airlift", "charter"})
_RETURN_CUES = frozenset({"repatriation", "evacuation", "rescue", "return", "humanitarian"})
_DEPART = frozenset({"leave", "depart", "land", "arrive", "fly", "take", "follow", "carry"})


def _carrying(cl: Clauses, n) -> list:
    """Verbs describing what an aircraft carries: "plane taking Iraqis home" (also when the
    parser made the plane the subject of "taking")."""
    out = cl.children(n, "acl", "relcl")
    h = cl.head(n)
    if n.dep_ == "nsubj" and h.tag_ == "VBG":
        out.append(h)
    return [a for a in out if any(c.lower_ == "home" for c in a.children)]


_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "next", "another",
                       "further", "last"})


def _returning(cl: Clauses, n, earlier: bool = False) -> bool:
    """Whether an aircraft noun is a return flight: "repatriation flight", "the first plane
    taking Iraqis home"; with ``earlier`` (a return flight was told before), also the
    next of a series ("a second flight will follow")."""
    mods = cl.children(n, "compound", "amod")
    if any(lemma(c) in _RETURN_CUES for c in mods) or _carrying(cl, n):
        return True
    return earlier and any(c.lower_ in _ORDINALS for c in mods)


def _country_actor(cl: Clauses, code: str | None):
    if not code:
        return None
    return next((a for a in cl.doc.actors if a.kind == "country" and a.country == code), None)


def _destination(cl: Clauses, toks) -> list:
    """The country a flight goes to: "a flight to Iraq", "left Minsk for Erbil"."""
    for t in toks:
        for p in cl.children(t, "prep"):
            if p.lower_ not in ("to", "for"):
                continue
            for o in cl.children(p, "pobj"):
                a = cl.actor_for(o)
                if a is not None and a.kind == "country":
                    return [a]
                for pl in cl.doc.places:
                    if o.idx <= pl.span.start < o.idx + len(o) + 1:
                        c = _country_actor(cl, pl.country)
                        if c is not None:
                            return [c]
    return []


def flights(cl: Clauses, lx: Lexicon, seen: set[int]) -> list[Frame]:
    """Return flights as aid by the state that brings its people home: "a second
    repatriation flight to Iraq left Minsk on Thursday with 420 people on board"."""
    from .reporting import reporter
    out, told = [], False
    for n in cl.sdoc:
        if n.pos_ != "NOUN" or lemma(n) not in _AIRCRAFT or cl.is_headline(n):
            continue
        if not _returning(cl, n, told):
            continue
        told = True
        v = cl.head(n) if n.dep_ == "nsubj" else None
        if v is None or lemma(v) not in _DEPART:
            v = next((r for r in cl.children(n, "relcl") if lemma(r) in _DEPART), None)
        if v is None or v.i in seen or cl.child(v, "neg") is not None:
            continue
        if any(a.lower_ in ("could", "might", "may") for a in cl.children(v, "aux")):
            continue
        planned = any(a.lower_ in ("will", "would", "'ll", "shall") for a in cl.children(v, "aux"))
        f = Frame(n, v, _trigger(lemma(n), "AID", None, "073"), etype="AID", cameo="073",
                  status="planned" if planned else "occurred")
        src = _destination(cl, [n, v])
        if not src:
            g = cl.head(v) if v.dep_ == "ccomp" else None
            f.speech = g if g is not None and lx.has("SAY", lemma(g)) else None
            src = reporter(cl, lx, f)
        people = [o for a in _carrying(cl, n) for o in cl.children(a, "dobj")]
        tgt = first_actors(cl, people, generic=True)
        if not src:   # "taking Iraqis home": their state
            src = [c for o in people for c in [_country_actor(cl, demonym_code(o.text))]
                   if c is not None][:1]
        if not tgt:
            c = cl.civilians(n.idx, avoid=src)
            tgt = [c] if c is not None else []
        f.source, f.target = src, [a for a in tgt if a not in src]
        if f.source and f.target:
            out.append(f)
    return out


def idiom_frames(cl: Clauses, lx: Lexicon, seen: set[int]) -> list[Frame]:
    """Frames of all the set phrases, skipping tokens already reported (``seen``)."""
    return (naming(cl, lx, seen) + not_to_blame(cl, lx, seen) + at_request(cl, lx, seen)
            + dated_meetings(cl, lx, seen) + flights(cl, lx, seen))
