"""Reading one trigger frame: whether it is asserted, its status and mode, its source and target.

Walking up the parse from the trigger's clause decides whether the frame is asserted
and which governing verbs rewrite it (:func:`_walk`); roles come from
:mod:`.roles` (:func:`_roles`); :func:`_event` turns a finished frame into an
:class:`~sitroom.records.Event`.
"""
from __future__ import annotations

from ...records import Document, Event
from ...knowledge import plover
from ..clauses import RELATIVE, Clauses
from .links import with_body
from .roles import (FINITE, GENERIC_SOURCE, GENERIC_TARGET, SELF_REPORTED, SPEECH_ACTS,
                    actors, authority, clause_root, coordination,
                    country_actor, finite_head, first_actors, host_state, noun_targets,
                    orphan_subject, place_state, speaker_fits, STRUCK, subject, verb_targets)
from .reporting import SPOKESPEOPLE, affiliation, reporter
from .triggers import Frame, Lexicon, dobj, lemma, with_obj

_FUTURE = frozenset({"will", "shall", "'ll", "wo", "would"})
_MAYBE = frozenset({"could", "might", "may"})
_MUST = frozenset({"should", "must", "ought"})
_IF = frozenset({"if", "unless", "whether", "lest"})
_NOBODY = frozenset({"nobody", "none", "neither", "noone"})
_REMOTE = frozenset({"phone", "telephone", "video", "videoconference", "videolink", "zoom"})
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
    # "offered no concession", "nobody was forced", "neither X nor Y helped" deny the act
    neg = cl.child(v, "neg") is not None or any(
        d.lower_ == "no" for o in cl.children(v, "dobj", "nsubj", "nsubjpass")
        for d in cl.children(o, "det")) or any(
        o.lower_ in _NOBODY or any(c.lower_ == "neither" for c in cl.children(o, "preconj", "det"))
        for o in cl.children(v, "nsubj", "nsubjpass"))
    cond = any(m.lower_ in _IF for m in cl.children(v, "mark"))
    return mood, neg, cond


def _walk(cl: Clauses, lx: Lexicon, f: Frame, by_verb: dict) -> None:
    """Set status, drop, speech verb and governor rewrites of a frame from the clauses above it."""
    x, status = f.verb, "planned" if f.kind == "planned" else "occurred"
    negated = denied = False   # "did not arrest" is no act; "denied arresting" is a denied one
    if f.kind == "threat":
        _threat(f, f.verb, by_verb)
    own, modal_drop = True, False
    for _ in range(12):
        mood, neg, cond = _modality(cl, x) if own else (None, False, False)
        if cond or mood == "drop":
            modal_drop = True   # "could cut the gas" is no act, unless it is what was threatened
        if mood == "planned":
            status = "planned"
        elif mood == "must":
            f.obligation = True
        negated ^= neg
        dep, h = x.dep_, cl.head(x)
        if h is x:
            break
        if dep in ("relcl", "acl") and _reported_clause(cl, x):
            f.background = True
            break   # "the ministry, which has put units on alert": told as a fact
        if dep == "acl" and x.tag_ == "VBG" and h.dep_ == "dobj" and lx.has("ENACT", lemma(cl.head(h))):
            x = cl.head(h)   # "issued a regulation barring outsiders": the issuer bars them
            continue
        if dep not in _ASSERTING:
            f.drop = True   # descriptions (participles, gerunds, infinitives) are no reports
            break
        hl = lemma(h)
        if dep == "advcl" and (lx.has("DECIDE", hl) or lx.has("PROMISE", hl)) \
                and any(c.lower_ == "to" for c in cl.children(x, "aux")):
            dep = "xcomp"   # "agreed on Monday to expand ...": the parser's advcl is a complement
        if dep == "conj":
            own = x.tag_ == "VB"   # a bare infinitive shares the auxiliaries of its head
            if x.tag_ in FINITE:
                h = finite_head(cl, h)
            x = h
            continue
        own = True
        if dep == "ccomp":
            if lx.has("COGNITION", hl) or lx.has("DIRECTIVE", hl):
                f.drop = True
            elif lx.has("DENY", hl):
                denied = not denied
            elif lx.has("THREAT", hl):
                f.speech = h
                _threat(f, h, by_verb)
                break
            elif lx.has("SAY", hl):
                f.speech = h
                break
            elif lx.has("IRREALIS", hl):
                f.drop = True   # "allows border guards to turn people back": permitted, not done
                break
            x = h
            continue
        if dep == "xcomp":
            if lx.has("THREAT", hl):
                _threat(f, h, by_verb)
            elif lx.has("REFUSE", hl):
                _refusal(f, h, by_verb)
            elif lx.has("DENY", hl):
                denied = not denied
            elif lx.has("DECIDE", hl) and h.tag_ in ("VBD", "VBN") and \
                    (hl != "agree" or not _cooperative(f)):
                for g in by_verb.get(h.i, ()):
                    g.drop = True   # "agreed on Monday to expand sanctions": the decision is taken
            elif hl in _OBLIGED and any(c.lower_ == "to" for c in cl.children(x, "aux")):
                f.obligation = True     # "Minsk had to stop ..."
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
                if lx.has("IRREALIS", hl) or lx.has("DIRECTIVE", hl):
                    f.drop = True   # "call for de-escalation to help migrants": what is asked
                    break
                # a purpose: intended, and only an event when its head reports none
                f.purpose_of = f.purpose_of or h
                status = "planned"
                x = h
                continue
            break
        x = h
    if modal_drop and f.etype != "THREATEN":
        f.drop = True
    if negated and not f.drop:
        if f.etype == "RETREAT" and f.mode == "access":
            f.etype, f.mode, f.cameo = "COERCE", "restrict", "172"   # "did not let them in"
        else:
            f.drop = True     # an act said not to have happened is no event
    if denied and not f.drop:
        status = "denied"
    if f.status == "occurred":
        f.status = status


_OBLIGED = frozenset({"have", "need"})
_SELF = frozenset({"we", "i", "us", "you"})


def _cooperative(f: Frame) -> bool:
    """Acts an agreement to do them is itself a cooperative act for (PLOVER AGREE)."""
    return plover.QUAD.get(f.etype, 0) <= 2 and f.etype not in ("CONCEDE", "RETREAT")


def _reported_clause(cl: Clauses, v) -> bool:
    """Whether a clause hung on a noun tells an act as a fact: a relative clause with a
    tensed verb ("which has put units on alert", "officials it accuses of ..."), or a
    past-tense verb the parser took for a modifier ("the EU's top diplomat, Josep Borrell,
    spoke by phone")."""
    if v.dep_ == "acl":
        return v.tag_ == "VBD" and cl.child(v, "nsubj") is None
    if v.tag_ in FINITE:
        return True
    return any(a.tag_ in FINITE or a.lower_ in _FUTURE for a in cl.children(v, "aux", "auxpass"))


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
    if _cooperative(f):
        f.cameo = {"AID": "033", "CONSULT": "036", "COOPERATE": "031"}.get(f.etype, "030")
        f.etype, f.mode, f.verb = "AGREE", None, gov
        return True
    return False


def _roles(cl: Clauses, lx: Lexicon, f: Frame) -> None:
    n = f.trig
    v = f.verb if f.nominal else n   # the verb whose arguments are the event's
    passive = cl.child(v, "auxpass") is not None
    patient = cl.child(v, "nsubjpass")
    if not passive and v.dep_ == "conj" and v.tag_ == "VBN" and cl.child(v, "dobj") is None \
            and cl.child(cl.head(v), "auxpass") is not None:
        # "28 of them were caught and detained": the second participle shares the patient
        passive, patient = True, cl.child(cl.head(v), "nsubjpass")
    subj = subject(cl, lx, v, speech_act=f.etype in SPEECH_ACTS)
    if subj is None and cl.is_cut(clause_root(cl, v)):
        subj = orphan_subject(cl, v)
        f.fallback = subj is not None
    # speech: "Poland said it had arrested" -> the pronoun is the speaker
    subj_actors = []
    if subj is not None:
        # "the Border Guard said its officers had detained 45 people": the speaker's own
        poss = cl.child(subj, "poss") if subj.pos_ == "NOUN" and subj.tag_ == "NNS" else None
        pron = subj if subj.lower_ in ("it", "he", "she", "they", "we", "i") else \
            poss if poss is not None and poss.lower_ in ("its", "their", "our") else None
        if f.speech is not None and pron is not None:
            sp = subject(cl, lx, f.speech)
            subj_actors = [a for a in (cl.actors_for(sp) if sp is not None else [])
                           if speaker_fits({"its": "it", "their": "they", "our": "we"}
                                           .get(pron.lower_, pron.lower_), a)]
        if not subj_actors:
            subj_actors = actors(cl, subj, generic=f.etype in GENERIC_SOURCE)
    objs: list = []
    f.obj = dobj(cl, v) if not f.nominal else n
    if f.kind == "recipient":
        f.target = subj_actors
        f.source = first_actors(cl, with_obj(cl, n, "from") + with_obj(cl, n, "by")
                                 + with_obj(cl, v, "from"))
        return
    if f.nominal:  # its own prepositional phrases first, then the light verb's
        objs += noun_targets(cl, n, f.etype)
        if f.holder is not None:
            objs += noun_targets(cl, f.holder, f.etype)
        objs += verb_targets(cl, v, skip=n, etype=f.etype)
    else:
        if passive and f.entry.type != "MOBILIZE":
            objs += [x for x in [patient] if x is not None]
        o = cl.child(v, "dobj")
        if o is not None:
            if f.entry.type != "MOBILIZE":   # troops sent are the means, not the target
                objs += [o] + cl.conjuncts(o)
            objs += noun_targets(cl, o)
        d = cl.child(v, "dative")
        if d is not None:
            objs.append(d)
        for x in cl.children(v, "xcomp", "ccomp"):
            s = cl.child(x, "nsubj")
            if s is not None and f.entry.type in ("RETREAT", "REQUEST", "AID"):
                objs.append(s)   # "let them in", "help Warsaw protect the border"
        objs += verb_targets(cl, v, skip=None, etype=f.etype)
        for w in with_obj(cl, v, "with"):   # "respond with countermeasures against EU companies"
            objs += noun_targets(cl, w, f.etype)
        if v.dep_ == "relcl" and o is None and not passive and subj is not None \
                and subj.lower_ not in RELATIVE:
            # "border officials it accuses of helping": the noun and its coordination
            objs += coordination(cl, cl.head(v))
    if not subj_actors and passive and f.etype in ("COERCE", "SANCTION"):
        # "barred from the strip under a state of emergency that Warsaw declared"
        subj_actors = authority(cl, lx, v)
    if not subj_actors and f.etype == "RETREAT" and f.mode == "access":
        # "aid groups were given access to the centre near Bruzgi": its country let them in
        subj_actors = host_state(cl, v)
    if not subj_actors and f.etype in SELF_REPORTED:
        # "48 were detained, a border guard spokeswoman said": the reporting agency acted
        subj_actors = reporter(cl, lx, f)
    if f.etype == "MOBILIZE" and any(c.startswith("subj=") for c in f.entry.conds):
        subj_actors = []   # "soldiers remained in the border zone": their state keeps them there
    if not subj_actors and f.etype == "MOBILIZE":
        # "15,000 soldiers were deployed": the forces' own state moves them
        forces = cl.child(v, "nsubjpass") or cl.child(v, "nsubj") or cl.child(v, "dobj")
        for a in (actors(cl, forces) if forces is not None else []):
            c = country_actor(cl, a)
            if c is not None and c not in subj_actors:
                subj_actors.append(c)
    if not subj_actors and f.etype == "THREATEN" and f.verb is not v:
        sp = subject(cl, lx, f.verb)   # "Lukashenko warned (that) his country could cut..."
        subj_actors = actors(cl, sp) if sp is not None else []
    f.source = subj_actors
    f.target = [a for a in first_actors(cl, objs, avoid=f.source, generic=f.etype in GENERIC_TARGET)
                if a not in f.source]
    if not f.target and f.etype in STRUCK:
        f.target = place_state(cl, objs, f.source)
    if not f.target and f.etype == "AID":
        # "handed out food and blankets at the camp": the people sheltering there
        sites = [o for o in v.subtree if o.dep_ == "pobj" and lx.has("SHELTER", lemma(o))
                 and o.head.lower_ in ("at", "in", "inside") and cl.seg[o.i] == cl.seg[v.i]]
        c = cl.civilians(v.idx, avoid=f.source) if sites else None
        if c is not None:
            f.target = [c]


def _mode(cl: Clauses, f: Frame) -> None:
    if f.etype == "CONSULT":
        # "by phone" is often parsed as a passive agent
        near = list(f.trig.children) + [c for p in cl.children(f.trig, "prep", "agent")
                                        for c in p.children]
        if f.verb is not f.trig:
            near += [c for p in cl.children(f.verb, "prep", "agent") for c in p.children]
        if any(lemma(c) in _REMOTE for c in near):
            f.mode, f.cameo = "phone", "041"


_ARMED_SECTORS = frozenset({"MIL", "POL", "REB"})


_RETALIATE = frozenset({"respond", "retaliate", "reply"})


def _retype(f: Frame) -> None:
    """PLOVER conventions that depend on status or on who acts."""
    if f.status == "planned" and lemma(f.verb) in _RETALIATE and plover.QUAD.get(f.etype) == 4:
        # "Minsk would respond with countermeasures": a threat
        f.etype, f.mode = "THREATEN", plover.THREAT_MODES.get(f.etype, "relations")
        f.cameo = "1312" if f.mode == "restrict" else "138" if f.mode == "violence" else "130"
        f.status = "occurred"
    if f.etype == "PROTEST" and f.source:
        armed = all(a.sector in _ARMED_SECTORS for a in f.source)
        state = all(a.kind == "country" or a.sector == "GOV" for a in f.source)
        if (armed or state) and f.mode == "riot":
            f.etype, f.mode, f.cameo = "ASSAULT", None, "190"   # forces storming a place
        elif state and f.mode == "demo":
            f.etype, f.mode, f.cameo = "ACCUSE", "disapprove", "114"   # a diplomatic protest


_ALLEGED = frozenset({"ASSAULT", "COERCE"})


def _allegation(cl: Clauses, lx: Lexicon, f: Frame) -> None:
    """A hostile act reported by the other side is that side's accusation, not a fact:
    "Belarus said Polish guards had beaten migrants" is Belarus accusing Poland."""
    if f.etype not in _ALLEGED or f.speech is None or not f.source:
        return
    sp = subject(cl, lx, f.speech)
    speakers = cl.actors_for(sp) if sp is not None else []
    said_by = {a.country for a in speakers}
    if sp is not None and (None in said_by or sp.lemma_.lower() in SPOKESPEOPLE):
        # "the committee's spokesman, Yury Kavalchuk, said": the body they speak for
        body = affiliation(cl, lx, sp)
        if body is not None and body in f.source:
            return
        if body is not None and body.country:
            said_by = {body.country}
    done_by = {a.country for a in f.source}
    if not speakers or None in said_by or None in done_by or said_by & done_by:
        return
    f.etype, f.mode, f.cameo = "ACCUSE", "allege", "112"
    f.source, f.target = speakers, list(f.source)


def _event(doc: Document, cl: Clauses, f: Frame) -> Event | None:
    src = tuple(dict.fromkeys(a.id for a in f.source))
    tgt = tuple(a for a in dict.fromkeys(a.id for a in f.target) if a not in src)
    needs = f.entry.needs
    if needs == "target" and not tgt:
        return None
    if needs == "pair" and (not src or len(set(src) | set(tgt)) < 2):
        return None
    if not src and f.etype != "PROTEST":
        return None     # an act without a known agent ("people were forced back") is no event
    if f.etype == "REQUEST" and not tgt:
        return None     # "NGOs call for de-escalation": an appeal to no one is a statement
    src = with_body(doc, src)
    t, v = f.trig, f.verb
    if t is not v and abs(t.i - v.i) <= 4:
        lo, hi = min(t.i, v.i), max(t.i, v.i)
    else:
        lo = hi = t.i
    t0, t1 = cl.sdoc[lo].idx, cl.sdoc[hi].idx + len(cl.sdoc[hi])
    s0, s1 = cl.segment_chars(t)
    bounds = _period_bounds(cl)
    date = cl.governing(cl.date_at, t, skip=bounds)   # "since August" dates no single act
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


def _period_bounds(cl: Clauses) -> list:
    """The document's dates that bound a period ("since August"), found once per document."""
    if getattr(cl, "_period_bounds", None) is None:
        cl._period_bounds = [d for d in cl.doc.dates if cl.doc.clean_text[d.span.start:d.span.end]
                             .lower().startswith(("since", "until", "till"))]
    return cl._period_bounds
