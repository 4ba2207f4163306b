"""Events: who did what to whom, typed with PLOVER, from trigger words and the dependency parse.

One pass over the tokens looks lemmas up in the trigger lexicon
(``data/event_triggers.tsv``): verbs, and nouns governed by a light verb ("impose
sanctions", "hold talks", "widen the sanctions regime"). Each trigger becomes a frame;
walking up the parse from its clause decides whether it is asserted (a quote's content
counts, a rumour, a wish or a mere possibility does not), its status (occurred,
planned, denied), and which governing verbs rewrite it ("refuses to let migrants pass"
is a restriction, "threatened to impose sanctions" or "warned it could cut the gas" a
threat); a decision taken ("agreed on Monday to expand sanctions") is an act done, an
act said not to have happened is none, and one a relative clause tells counts when its
agent is named. Source and target come from :mod:`.roles`. A hostile act reported
by the other side becomes that side's accusation. Set phrases ("at the request of X",
"called the sanctions illegitimate", return flights) are read by :mod:`.idioms`.
Clauses between two actors that the lexicon has no trigger for are typed by the
relation classifier (:mod:`.classifier`) when it is confident. Document-level passes
(:mod:`.links`) link a rejection to what it rejects and merge repeats.
"""
from __future__ import annotations

import dataclasses

from ...stages import register
from ...records import Document, Event
from ...resources import Resources
from ..clauses import PRONOUNS, Clauses
from .frames import (_OBLIGED, _SELF, _allegation, _event, _modality, _mode, _retype, _roles,
                     _walk)
from .idioms import idiom_frames
from .cameo import cameo_frames
from .confidence import CURATED, calibrated, default_cut, features
from .nominal import nominal_frames
from .links import link_condemnations, link_rejections, merge_repeats, same_day
from .roles import actors, first_actors, subject
from .triggers import Frame, Lexicon, Trigger, find_frames, lemma, lexicon


def extract_events(doc: Document, cl: Clauses | None = None, use_classifier: bool = True,
                   min_confidence: float | None = None) -> tuple[Event, ...]:
    """All events asserted in a parsed document: from the trigger lexicon, the derived CAMEO
    lexicon, bare event nouns, and (with ``use_classifier``) clauses between two actors
    that the relation classifier types with high confidence; each with its calibrated
    confidence; those beyond the curated rules below ``min_confidence`` (by default the
    shipped cut) are left out."""
    cut = default_cut() if min_confidence is None else min_confidence
    scored = event_candidates(doc, cl, use_classifier)
    return tuple(merge_repeats([e for e, x in scored if e.confidence >= cut
                                or any(x[f"origin_{o}"] for o in CURATED)]))


def event_candidates(doc: Document, cl: Clauses | None = None, use_classifier: bool = True
                     ) -> list[tuple[Event, dict]]:
    """Every event candidate with its calibrated confidence and the evidence features
    behind it, before any cut or merging."""
    if doc.nlp is None:
        return []
    cl = cl or Clauses(doc)
    lx = lexicon()
    frames = find_frames(cl, lx)
    frames += cameo_frames(cl, lx, {i for f in frames for i in (f.trig.i, f.verb.i)})
    frames = [f for f in frames if not cl.is_headline(f.trig)]
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
            sp = subject(cl, lx, f.speech)
            asker = cl.actors_for(sp) if sp is not None else []
            f.etype, f.mode, f.cameo, f.target, f.source = "REQUEST", None, "100", f.source, asker
        _mode(cl, f)
        _retype(f)
        _allegation(cl, lx, f)
        ev = _event(doc, cl, f)
        if ev is not None:
            out.append((ev, f))
    # only the curated lexicon's reading of a head verb overrides the act it is done for
    reported = {i for _, f in out if f.origin == "lexicon" for i in (f.verb.i, f.trig.i)}
    out = [(e, f) for e, f in out if f.purpose_of is None or f.purpose_of.i not in reported]
    out += _requests_by_modal(doc, cl, lx, {f.verb.i for _, f in out})
    for f in idiom_frames(cl, lx, {f.verb.i for _, f in out} | {f.trig.i for _, f in out}):
        f.origin = "idiom"
        ev = _event(doc, cl, f)
        if ev is not None:
            out.append((ev, f))
    taken = {f.trig.i for f in frames} | {f.verb.i for f in frames} | \
        {f.trig.i for _, f in out} | {f.verb.i for _, f in out}
    for f in nominal_frames(cl, lx, taken):
        ev = _event(doc, cl, f)
        if ev is not None:
            out.append((ev, f))
    if use_classifier:
        out += _classified(doc, cl, lx, {f.verb.i for _, f in out} | {f.trig.i for f in frames})
    link_rejections(doc, cl, out, lx)
    link_condemnations(doc, out, lx)
    same_day(doc, out)
    scored = []
    told = {(e.type, e.sentence.start) + tuple(e.source) for e, f in out if f.origin in CURATED}
    for e, f in out:
        if e.type == "ACCUSE" and not e.target:
            continue
        if f.origin not in CURATED and (e.type, e.sentence.start) + tuple(e.source) in told:
            continue   # "were caught and detained": the curated reading already tells the act
        x = features(doc, e, f.origin, f.fallback)
        c = calibrated(x)
        if c is not None:
            e = dataclasses.replace(e, confidence=round(c, 3))
        scored.append((e, x))
    return scored


# The classifier's roots as our types; YIELD (concede or retreat) stays with the lexicon.
_ROOT_TYPES = {"AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "COOPERATE": "060",
               "AID": "070", "ACCUSE": "112", "REQUEST": "100", "REJECT": "120",
               "THREATEN": "130", "PROTEST": "140", "MOBILIZE": "150", "SANCTION": "160",
               "COERCE": "170", "ASSAULT": "180"}
CLASSIFIER_MIN_PROB = 0.85


def _classified(doc: Document, cl: Clauses, lx: Lexicon, seen: set[int]) -> list:
    """Events the lexicon has no trigger for: a verb whose subject and object are both
    actors, whose lemma the classifier has seen as a trigger, typed by the classifier
    when it is confident."""
    from .classifier import model, relation_features
    lm = model()
    out = []
    for v in cl.sdoc:
        if v.pos_ != "VERB" or v.i in seen or f"trig:{lemma(v)}" not in lm.index \
                or lx.has("SAY", lemma(v)) or lx.has("COGNITION", lemma(v)) or cl.is_headline(v):
            continue
        sj, ob = subject(cl, lx, v), cl.child(v, "dobj")
        if sj is None or ob is None or cl.child(v, "auxpass") is not None:
            continue
        src, tgt = actors(cl, sj, generic=False), first_actors(cl, [ob], generic=False)
        tgt = [a for a in tgt if a not in src]
        if not src or not tgt:
            continue
        f = Frame(v, v, Trigger(lemma(v), "V", (), "REQUEST", None, None, ""), etype="",
                  origin="classifier")
        _walk(cl, lx, f, {})
        if f.drop or f.etype or f.background:   # not asserted, or rewritten by a governor
            continue
        sent = v.sent
        p = lm.proba(relation_features(sent, _np_span(cl, sj), _np_span(cl, ob)))
        k = int(p.argmax())
        label = lm.labels[k]
        if p[k] < CLASSIFIER_MIN_PROB or label not in _ROOT_TYPES:
            continue
        f.etype, f.cameo, f.source, f.target = label, _ROOT_TYPES[label], src, tgt
        ev = _event(doc, cl, f)
        if ev is not None:
            out.append((dataclasses.replace(ev, confidence=round(float(p[k]) * 0.7, 2)), f))
    return out


def _np_span(cl: Clauses, t):
    """The noun phrase headed by ``t`` within its segment."""
    lo, hi = t.left_edge.i, t.right_edge.i
    a, b = cl.segment_bounds(t)
    return cl.sdoc[max(lo, a):min(hi, b) + 1]


def _obliged(cl: Clauses, t, said: bool = True) -> bool:
    """Whether clause ``t`` says what someone must do: "should/must act", or (when ``said``,
    not merely believed) "had to stop"."""
    mood, neg, cond = _modality(cl, t)
    if neg or cond:
        return False
    if mood == "must":
        return True
    return said and lemma(t) in _OBLIGED and any(c.lower_ == "to" for x in cl.children(t, "xcomp")
                                                 for c in cl.children(x, "aux"))


def _requests_by_modal(doc: Document, cl: Clauses, lx: Lexicon, seen: set[int]) -> list:
    """"X said (that) Y should/must do Z", "X told Y that Z must be allowed": X requests
    something of Y (the one told, else the one who must act)."""
    out = []
    for t in cl.sdoc:
        c = t
        while c.dep_ == "conj" and cl.head(c) is not c:   # "... was unacceptable and that ..."
            c = cl.head(c)
        if c.dep_ != "ccomp" or t.i in seen or cl.is_headline(t):
            continue
        gov = cl.head(c)
        gl = lemma(gov)
        if not (lx.has("SAY", gl) or gl in ("believe", "think", "consider")):
            continue
        if not _obliged(cl, t, said=lx.has("SAY", gl)):
            continue
        sp, y = subject(cl, lx, gov), cl.child(t, "nsubj")
        asker = cl.actors_for(sp) if sp is not None else []
        told = cl.child(gov, "dobj", "dative")
        asked = [a for a in (cl.actors_for(told) if told is not None else []) if a not in asker]
        if y is not None and y.lower_ in _SELF:
            continue     # "we have to be ready": no request of anyone
        if not asked and y is not None and y.lower_ not in PRONOUNS:
            asked = [a for a in cl.actors_for(y) if a not in asker]
        if not asker or not asked:
            continue
        f = Frame(t, gov, Trigger(lemma(t), "V", (), "REQUEST", None, "100", ""),
                   etype="REQUEST", cameo="100", source=asker, target=asked, origin="modal")
        ev = _event(doc, cl, f)
        if ev is not None:
            out.append((ev, f))
    return out


@register("events", requires=("nlp", "actors", "dates", "places"), assigns=("events",))
def events_stage(doc: Document, res: Resources) -> dict:
    return {"events": extract_events(doc)}
