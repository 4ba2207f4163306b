"""Events: who did what to whom, typed with PLOVER, from trigger words and the dependency parse.

One pass over the tokens looks lemmas up in the trigger lexicon
(``data/event_triggers.tsv``): verbs, and nouns governed by a light verb ("impose
sanctions", "hold talks"). Each trigger becomes a frame; walking up the parse
from its clause decides whether it is asserted (a quote's content counts, a
rumour or a wish does not), its status (occurred, planned, denied), and which
governing verbs rewrite it ("refuses to let migrants pass" is a restriction,
"threatened to impose sanctions" a threat). Source and target are the actors
behind the agent and the object (or a prepositional object, or the noun's
"against/on/targeting" phrase). A final pass links a rejection to the accusation
it rejects and merges repeats of one event.
"""
from __future__ import annotations

import dataclasses

from ..pipeline import register
from ..records import Document, Event
from ..resources import Resources
from . import plover
from .clauses import PRONOUNS, Clauses
from .triggers import Frame, Lexicon, Trigger, dobj, find_frames, lemma, lexicon, with_obj

_TARGET_PREPS = ("with", "against", "on", "upon", "at", "to", "toward", "towards", "into")
_NOUN_TARGET_PREPS = ("against", "on", "upon", "to", "with", "toward", "towards", "for", "over",
                      "into")
_OF_TARGET = frozenset({"ACCUSE", "RETREAT", "COERCE"})   # "arrests of", "release of", "criticism of"
_FUTURE = frozenset({"will", "shall", "'ll", "wo", "would"})
_MAYBE = frozenset({"could", "might", "may"})
_MUST = frozenset({"should", "must", "ought"})
_IF = frozenset({"if", "unless", "whether", "lest"})
_REMOTE = frozenset({"phone", "telephone", "video", "videoconference", "videolink", "zoom"})
_FINITE = frozenset({"VBZ", "VBD", "VBP"})
_ASSERTING = frozenset({"ROOT", "conj", "ccomp", "xcomp", "advcl", "parataxis", "acomp"})


def _modality(cl: Clauses, v) -> tuple[str | None, bool, bool]:
    """(planned/drop/must or None, negated, conditional) from the auxiliaries of ``v``."""
    mood = None
    for a in cl.children(v, "aux", "auxpass"):
        w = a.lower_
        if w in _FUTURE:
            mood = mood or "planned"
        elif w in _MAYBE:
            mood = "drop"
        elif w in _MUST:
            mood = "must"
    neg = cl.child(v, "neg") is not None
    cond = any(m.lower_ in _IF for m in cl.children(v, "mark"))
    return mood, neg, cond


def _walk(cl: Clauses, lx: Lexicon, f: Frame, by_verb: dict) -> None:
    """Set status, drop, speech verb and governor rewrites of a frame from the clauses above it."""
    x, negated, status = f.verb, False, "planned" if f.kind == "planned" else "occurred"
    if f.kind == "threat":
        _threat(f, f.verb, by_verb)
    own = True
    for _ in range(12):
        mood, neg, cond = _modality(cl, x) if own else (None, False, False)
        if cond:
            f.drop = True
        if mood == "planned":
            status = "planned"
        elif mood == "drop":
            f.drop = True
        elif mood == "must":
            f.obligation = True
        negated ^= neg
        dep, h = x.dep_, cl.head(x)
        if h is x:
            break
        if dep not in _ASSERTING:
            f.drop = True   # descriptions (relative clauses, participles, gerunds) are no reports
            break
        hl = lemma(h)
        if dep == "conj":
            own = x.tag_ == "VB"   # a bare infinitive shares the auxiliaries of its head
            if x.tag_ in _FINITE:
                h = _finite_head(cl, h)
            x = h
            continue
        own = True
        if dep == "ccomp":
            if lx.has("COGNITION", hl):
                f.drop = True
            elif lx.has("DENY", hl):
                negated = not negated
            elif lx.has("THREAT", hl):
                f.speech = h
                _threat(f, h, by_verb)
                break
            elif lx.has("SAY", hl):
                f.speech = h
                break
            x = h
            continue
        if dep == "xcomp":
            if lx.has("THREAT", hl):
                _threat(f, h, by_verb)
            elif lx.has("REFUSE", hl):
                _refusal(f, h, by_verb)
            elif lx.has("DENY", hl):
                negated = not negated
            elif lx.has("PROMISE", hl):
                if not _promise(f, h, by_verb):
                    status = "planned"
            elif lx.has("PLANNED", hl):
                status = "planned"
            elif lx.has("IRREALIS", hl) or h.pos_ != "VERB" and hl not in ("due", "set", "able"):
                f.drop = True
                break
            x = h
            continue
        if dep == "advcl":
            if any(c.lower_ == "to" for c in cl.children(x, "aux")):
                # a purpose: intended, and only an event when its head reports none
                f.purpose_of = f.purpose_of or h
                status = "planned"
                x = h
                continue
            break
        x = h
    if negated and not f.drop:
        if f.etype == "RETREAT" and f.mode == "access":
            f.etype, f.mode, f.cameo = "COERCE", "restrict", "172"
        else:
            status = "denied"
    if f.status == "occurred":
        f.status = status


def _threat(f: Frame, gov, by_verb: dict) -> None:
    """An act embedded under "threaten/warn" is a THREATEN event of the governor's subject."""
    f.etype, f.mode = "THREATEN", plover.THREAT_MODES.get(f.etype, "relations")
    f.cameo = "1312" if f.mode == "restrict" else "138" if f.mode == "violence" else "130"
    f.verb = gov
    for g in by_verb.get(gov.i, ()):
        g.drop = True


def _refusal(f: Frame, gov, by_verb: dict) -> None:
    """"Refuse to let X in" restricts X; refusing anything else is a rejection."""
    if f.etype == "RETREAT" and f.mode == "access":
        f.etype, f.mode, f.cameo = "COERCE", "restrict", "172"
    else:
        f.etype, f.mode, f.cameo = "REJECT", "yield" if f.etype == "RETREAT" else None, "120"
    f.verb = gov
    for g in by_verb.get(gov.i, ()):
        g.drop = True


def _promise(f: Frame, gov, by_verb: dict) -> bool:
    """A promised cooperative act is an AGREE event (PLOVER); a promised hostile act stays,
    planned. Returns whether the act became a promise."""
    for g in by_verb.get(gov.i, ()):
        g.drop = True
    if plover.QUAD[f.etype] <= 2 and f.etype not in ("CONCEDE", "RETREAT"):
        f.cameo = {"AID": "033", "CONSULT": "036", "COOPERATE": "031"}.get(f.etype, "030")
        f.etype, f.mode, f.verb = "AGREE", None, gov
        return True
    return False


def _finite_head(cl: Clauses, h):
    """A finite verb coordinated under a non-finite one is misattached: its real partner
    is the nearest finite verb above ("refuses to let them pass and accuses ...")."""
    x = h
    while x.tag_ in ("VB", "VBG") and x.dep_ in ("xcomp", "ccomp", "conj") and cl.head(x) is not x:
        x = cl.head(x)
    return x if x.tag_ in _FINITE else h


def _subject(cl: Clauses, lx: Lexicon, v):
    """The token acting as the agent of verb ``v`` (following conjunction and control), or None."""
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
            x = _finite_head(cl, h) if x.tag_ in _FINITE else h
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


def _orphan_subject(cl: Clauses, v):
    """For a clause cut from its subject by a bad arc: the last loose noun before the verb."""
    lo, _ = cl.segment_bounds(v)
    for k in range(v.i - 1, lo - 1, -1):
        t = cl.sdoc[k]
        if cl.is_orphan(t) and t.i != v.i and t.pos_ in ("NOUN", "PROPN") and cl.actor_for(t):
            return t
    return None


def _roles(cl: Clauses, lx: Lexicon, f: Frame) -> None:
    n = f.trig
    v = f.verb if f.nominal else n   # the verb whose arguments are the event's
    passive = cl.child(v, "auxpass") is not None
    subj = _subject(cl, lx, v)
    if subj is None and cl.is_cut(_clause_root(cl, v)):
        subj = _orphan_subject(cl, v)
        f.fallback = subj is not None
    # speech: "Poland said it had arrested" -> the pronoun is the speaker
    subj_actors = []
    if subj is not None:
        if f.speech is not None and subj.lower_ in ("it", "he", "she", "they", "we", "i"):
            sp = _subject(cl, lx, f.speech)
            subj_actors = cl.actors_for(sp) if sp is not None else []
        if not subj_actors:
            subj_actors = cl.actors_for(subj)
    objs: list = []
    f.obj = dobj(cl, v) if not f.nominal else n
    if f.kind == "recipient":
        f.target = subj_actors
        f.source = _first_actors(cl, with_obj(cl, n, "from") + with_obj(cl, n, "by")
                                 + with_obj(cl, v, "from"))
        return
    if f.nominal:  # its own prepositional phrases first, then the light verb's
        objs += _noun_targets(cl, n, f.etype)
        objs += _verb_targets(cl, v, skip=n, etype=f.etype)
    else:
        if passive:
            objs += [x for x in [cl.child(v, "nsubjpass")] if x is not None]
        o = cl.child(v, "dobj")
        if o is not None:
            if f.entry.type != "MOBILIZE":   # troops sent are the means, not the target
                objs += [o] + cl.conjuncts(o)
            objs += _noun_targets(cl, o)
        d = cl.child(v, "dative")
        if d is not None:
            objs.append(d)
        for x in cl.children(v, "xcomp", "ccomp"):
            s = cl.child(x, "nsubj")
            if s is not None and f.entry.type == "RETREAT":
                objs.append(s)
        objs += _verb_targets(cl, v, skip=None, etype=f.etype)
    f.source = subj_actors
    f.target = [a for a in _first_actors(cl, objs, avoid=f.source) if a not in f.source]


def _clause_root(cl: Clauses, v):
    x = v
    while x.dep_ in ("conj", "xcomp", "advcl", "acomp", "ccomp") and cl.head(x) is not x:
        x = cl.head(x)
    return x


def _noun_targets(cl: Clauses, n, etype: str = "", depth: int = 0) -> list:
    out = []
    for p in cl.children(n, "prep"):
        if p.lower_ in _NOUN_TARGET_PREPS or p.lower_ == "of" and etype in _OF_TARGET:
            for o in cl.children(p, "pobj"):
                out += [o] + cl.conjuncts(o)
        elif p.lower_ in ("in", "of") and depth == 0:   # "10 million euros in aid to Lithuania"
            for o in cl.children(p, "pobj"):
                out += _noun_targets(cl, o, etype, 1)
    for a in cl.children(n, "acl"):
        if lemma(a) in ("target", "against", "hit", "aim"):
            out += [o for o in cl.children(a, "dobj")]
    return out


def _verb_targets(cl: Clauses, v, skip, etype: str = "") -> list:
    out = []
    for p in cl.children(v, "prep", "prt"):
        if p.lower_ in _TARGET_PREPS or p.lower_ == "from" and etype == "SANCTION":
            for o in cl.children(p, "pobj"):
                if o is not skip:
                    out += [o] + cl.conjuncts(o)
    return out


def _first_actors(cl: Clauses, toks: list, avoid=()) -> list:
    out = []
    for t in toks:
        a = cl.resolve_pronoun(t, avoid) if t.lower_ in PRONOUNS else cl.actor_for(t)
        if a is not None and a not in out:
            out.append(a)
    return out


def _mode(cl: Clauses, f: Frame) -> None:
    if f.etype == "CONSULT":
        near = list(f.trig.children) + [c for p in cl.children(f.trig, "prep") for c in p.children]
        if f.verb is not f.trig:
            near += [c for p in cl.children(f.verb, "prep") for c in p.children]
        if any(lemma(c) in _REMOTE for c in near):
            f.mode, f.cameo = "phone", "041"


def extract_events(doc: Document, cl: Clauses | None = None) -> tuple[Event, ...]:
    """All events asserted in a parsed document."""
    if doc.nlp is None:
        return ()
    cl = cl or Clauses(doc)
    lx = lexicon()
    frames = [f for f in find_frames(cl, lx) if not cl.is_headline(f.trig)]
    by_verb: dict[int, list[Frame]] = {}
    for f in frames:
        f.etype, f.mode, f.cameo = f.entry.type, f.entry.mode, f.entry.cameo
        by_verb.setdefault(f.verb.i, []).append(f)
    for f in frames:
        _walk(cl, lx, f, by_verb)
    out: list[tuple[Event, Frame]] = []
    for f in frames:
        if f.drop:
            continue
        _roles(cl, lx, f)
        if f.obligation:
            if f.speech is None:
                continue
            # "X said Y must do Z" is X's demand on Y
            sp = _subject(cl, lx, f.speech)
            asker = cl.actors_for(sp) if sp is not None else []
            f.etype, f.mode, f.cameo, f.target, f.source = "REQUEST", None, "100", f.source, asker
        _mode(cl, f)
        _retype(f)
        ev = _event(doc, cl, f)
        if ev is not None:
            out.append((ev, f))
    reported = {f.verb.i for _, f in out} | {f.trig.i for _, f in out}
    out = [(e, f) for e, f in out if f.purpose_of is None or f.purpose_of.i not in reported]
    out += _requests_by_modal(doc, cl, lx, {f.verb.i for _, f in out})
    _link_rejections(doc, out, lx)
    return tuple(_merge([e for e, _ in out]))


_COOPERATIVE = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033"}
_ARMED_SECTORS = frozenset({"MIL", "POL", "REB"})


def _retype(f: Frame) -> None:
    """PLOVER conventions that depend on status or on who acts."""
    if f.status == "planned" and f.etype in _COOPERATIVE:
        # future cooperation is an expressed intent to cooperate
        f.cameo, f.etype, f.mode = _COOPERATIVE[f.etype], "AGREE", None
    elif f.etype == "PROTEST" and f.source:
        armed = all(a.sector in _ARMED_SECTORS for a in f.source)
        state = all(a.kind == "country" or a.sector == "GOV" for a in f.source)
        if (armed or state) and f.mode == "riot":
            f.etype, f.mode, f.cameo = "ASSAULT", None, "190"   # forces storming a place
        elif state and f.mode == "demo":
            f.etype, f.mode, f.cameo = "ACCUSE", "disapprove", "114"   # a diplomatic protest


def _event(doc: Document, cl: Clauses, f: Frame) -> Event | None:
    src = tuple(dict.fromkeys(a.id for a in f.source))
    tgt = tuple(a for a in dict.fromkeys(a.id for a in f.target) if a not in src)
    needs = f.entry.needs
    if needs == "target" and not tgt:
        return None
    if needs == "pair" and (not src or len(set(src) | set(tgt)) < 2):
        return None
    if not src and not tgt and f.etype != "PROTEST":
        return None
    t, v = f.trig, f.verb
    if t is not v and abs(t.i - v.i) <= 4:
        lo, hi = min(t.i, v.i), max(t.i, v.i)
    else:
        lo = hi = t.i
    t0, t1 = cl.sdoc[lo].idx, cl.sdoc[hi].idx + len(cl.sdoc[hi])
    s0, s1 = cl.segment_chars(t)
    date = cl.date_for(t)
    used = [sp for a in f.source + f.target for sp in a.spans]
    place = cl.place_for(t, exclude_spans=used)
    conf = 0.75 if t is v else 0.65
    conf += 0.1 if src and tgt else 0.0
    conf -= 0.2 if f.fallback else 0.0
    conf -= 0.1 if f.status != "occurred" else 0.0
    return Event(type=f.etype, mode=f.mode, source=src, target=tgt, status=f.status,
                 date=date.value if date else None, place=place.name if place else None,
                 trigger=doc.span(t0, t1), trigger_text=doc.clean_text[t0:t1],
                 sentence=doc.span(s0, s1), confidence=round(max(0.05, min(conf, 0.99)), 2),
                 cameo_code=f.cameo)


def _requests_by_modal(doc: Document, cl: Clauses, lx: Lexicon, seen: set[int]) -> list:
    """"X said (that) Y should/must do Z": X requests something of Y."""
    out = []
    for t in cl.sdoc:
        if t.dep_ != "ccomp" or t.i in seen or cl.is_headline(t):
            continue
        gl = lemma(cl.head(t))
        if not (lx.has("SAY", gl) or gl in ("believe", "think", "consider")):
            continue
        mood, neg, cond = _modality(cl, t)
        if mood != "must" or neg or cond:
            continue
        gov = cl.head(t)
        sp, y = _subject(cl, lx, gov), cl.child(t, "nsubj")
        asker = cl.actors_for(sp) if sp is not None else []
        asked = [a for a in (cl.actors_for(y) if y is not None else []) if a not in asker]
        if not asker or not asked:
            continue
        f = Frame(t, gov, Trigger(lemma(t), "V", (), "REQUEST", None, "100", ""),
                   etype="REQUEST", cameo="100", source=asker, target=asked)
        ev = _event(doc, cl, f)
        if ev is not None:
            out.append((ev, f))
    return out


def _link_rejections(doc: Document, pairs: list, lx: Lexicon) -> None:
    """A rejection of "the accusations" targets whoever made them against the rejecter."""
    pairs.sort(key=lambda p: p[0].trigger.start)
    for k, (ev, f) in enumerate(pairs):
        if ev.type != "REJECT" or ev.target or f.obj is None or not lx.has("CLAIM", lemma(f.obj)):
            continue
        for prev, _ in reversed(pairs[:k]):
            if prev.type == "ACCUSE" and set(prev.target) & set(ev.source) \
                    and ev.trigger.start - prev.trigger.start < 1500:
                tgt = tuple(a for a in prev.source if a not in ev.source)
                if tgt:
                    pairs[k] = (_replace(ev, target=tgt), f)
                break


def _replace(ev: Event, **kw) -> Event:
    return dataclasses.replace(ev, **kw)


def _merge(events: list[Event]) -> list[Event]:
    """Merge repeats of one event: same type and status, one's parties within the other's."""
    kept: list[Event] = []
    for e in events:
        for k, o in enumerate(kept):
            if o.type != e.type or o.status != e.status or (o.date and e.date and o.date != e.date) \
                    or (o.mode and e.mode and o.mode != e.mode):
                continue
            if e.type == "CONSULT":
                pe, po = set(e.source) | set(e.target), set(o.source) | set(o.target)
                same = pe <= po or po <= pe
            else:
                same = (set(e.source) <= set(o.source) and set(e.target) <= set(o.target)) or \
                       (set(o.source) <= set(e.source) and set(o.target) <= set(e.target))
            if not same:
                continue
            best, other = (e, o) if (len(e.target), len(e.source)) > (len(o.target), len(o.source)) else (o, e)
            kept[k] = _replace(best, date=best.date or other.date, place=best.place or other.place,
                               mode=best.mode or other.mode,
                               confidence=max(best.confidence, other.confidence))
            break
        else:
            kept.append(e)
    return kept


@register("events", requires=("nlp", "actors", "dates", "places"), assigns=("events",))
def events_stage(doc: Document, res: Resources) -> dict:
    return {"events": extract_events(doc)}
