"""Whether an actor takes part in what the text reports, from the syntax of its mentions.

An actor is a participant of an event, a statement or a claim: it acts ("Latvia declared",
"was detained by police"), is acted on ("accused Rwanda", "sanctions against Russia"),
speaks or is cited ("according to Reuters", "told AFP", "Minsk's decision"). A name that
only says where something happens ("crossing into Lithuania"), only qualifies another
noun ("AP stories", "UN agencies"), or stands in a fragment with no clause (a photo
credit "Giuseppe Pipita/Reuters", a byline "By Max Hunder") is no participant.

:func:`mention_role` classifies one mention; :func:`participates` is the test the
actor extractor applies before it keeps an actor.
"""
from __future__ import annotations

from typing import Iterable

# Locative prepositions: what follows them is a place unless the governor says otherwise.
SPATIAL_PREPS = frozenset({
    "from", "to", "in", "into", "near", "across", "at", "toward", "towards", "through", "via",
    "inside", "within", "along", "throughout", "around", "outside", "onto", "off", "over",
    "beyond", "past", "under", "above", "below", "behind", "between", "among", "amid", "beside",
    "opposite", "up", "down", "out"})
# Prepositions that make their object a source of what is reported.
SOURCE_PREPS = frozenset({"according", "per", "quoting", "citing"})
# Prepositions of comparison: "as large as Belgium", "like Lukashenko" say nothing one did.
COMPARISON_PREPS = frozenset({"as", "like", "than", "unlike"})
# Verbs of speaking whose unnamed addressees ("told reporters") take no part themselves.
AUDIENCE_VERBS = frozenset({"tell", "speak", "talk", "say", "brief", "address", "explain", "ask"})
# Nouns of place and extent: a possessor or modifier of them is a location ("Poland's border").
PLACE_HEADS = frozenset({
    "border", "frontier", "village", "city", "town", "region", "side", "capital", "territory",
    "soil", "airport", "area", "zone", "province", "district", "camp", "crossing", "coast",
    "forest", "checkpoint", "coastline", "waters", "airspace", "street", "streets", "road",
    "port", "shore", "shores", "island", "north", "south", "east", "west", "outskirts",
    "centre", "center", "part", "parts", "edge", "line", "lines", "route", "routes"})
# Verbs of motion whose object is where one goes ("reached Germany", "left Izmir").
MOTION_VERBS = frozenset({
    "reach", "enter", "cross", "leave", "visit", "flee", "approach", "transit", "tour", "exit",
    "board", "arrive", "return", "travel", "head", "sail", "fly", "drive", "walk", "move"})
# Dependencies of a clause argument (subject, object, agent, complement).
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "agent", "expl"})
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "oprd", "attr", "obj"})
# Dependencies whose token stands in for its head's role.
CHAIN_DEPS = frozenset({"conj", "appos"})


def _climb(tok, limit: int = 12):
    """Go up through coordinations, appositions and flat name parts to the phrase's slot."""
    n = 0
    while n < limit and tok.head is not tok and (
            tok.dep_ in CHAIN_DEPS or (tok.dep_ in ("compound", "flat") and tok.head.pos_ == "PROPN"
                                       and tok.ent_type_ and tok.ent_type_ == tok.head.ent_type_)):
        tok, n = tok.head, n + 1
    return tok


# Nouns of a relation or a conflict between parties ("Israel-Hamas fighting", "EU sanctions").
RELATION_HEADS = frozenset({
    "war", "fighting", "conflict", "talks", "negotiations", "relations", "dialogue", "ties",
    "tension", "tensions", "clash", "clashes", "deal", "agreement", "accord", "ceasefire",
    "truce", "exchange", "sanction", "sanctions", "summit", "meeting", "call", "cooperation",
    "dispute", "standoff", "aggression", "invasion", "offensive", "attack", "attacks",
    "strike", "strikes", "airstrike", "airstrikes", "crackdown", "support", "aid",
    "decision", "statement", "announcement", "demand", "demands", "proposal", "plan",
    "initiative", "package", "operation", "offer", "request", "warning", "threat", "ban",
    "embargo", "blockade", "mediation", "visit", "claim", "accusation", "response", "policy"})
# Nouns that name what an organization or a person is ("the Georgian Dream party", "the AFP
# news agency", "Reuters witnesses"): a name before them shares their part.
DESCRIPTOR_HEADS = frozenset({
    "party", "agency", "news", "channel", "newspaper", "paper", "broadcaster", "outlet",
    "charity", "group", "organisation", "organization", "network", "coalition", "alliance",
    "movement", "front", "witness", "witnesses", "personnel", "staff", "official", "officials",
    "delegation", "team", "company", "firm", "airline", "carrier", "operator", "website",
    "site", "service", "television", "radio", "tv", "daily", "bloc", "union", "body", "unit",
    "units", "force", "forces", "troops", "army", "military", "police", "guard", "guards",
    "government", "authorities", "administration", "regime", "ministry", "office",
    "leadership", "leaders", "leader", "member", "members", "mediators", "negotiators",
    # what a body operates acts for it: "an Iraqi Airways plane took off"
    "plane", "planes", "aircraft", "jet", "jets", "flight", "flights", "ship", "ships", "vessel",
    "vessels", "boat", "boats", "convoy", "truck", "trucks", "helicopter", "helicopters"})


def _in_clause(tok) -> bool:
    """Whether the line of ``tok`` within its sentence holds a verb (a credit line has none)."""
    doc = tok.doc
    i = tok.i
    while i > tok.sent.start and "\n" not in doc[i - 1].text_with_ws:
        i -= 1
    j = tok.i
    while j < tok.sent.end - 1 and "\n" not in doc[j].text_with_ws:
        j += 1
    return any(t.pos_ in ("VERB", "AUX") for t in doc[i:j + 1])


def _crosses_line(tok) -> bool:
    """Whether ``tok`` hangs on a head in another paragraph (a sentence split missed)."""
    a, b = sorted((tok.i, tok.head.i))
    return any("\n" in t.whitespace_ or t.is_space and "\n" in t.text for t in tok.doc[a:b])


def _line_subject(tok) -> bool:
    """Whether the phrase of ``tok`` opens its line ("EU foreign ministers are due to ...")."""
    i = tok.i
    while i > 0 and not _breaks(tok.doc[i - 1]) and tok.doc[i - 1].pos_ in NP_POS:
        i -= 1
    return i == 0 or _breaks(tok.doc[i - 1])


NP_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "NUM", "PART"})


def _breaks(t) -> bool:
    """Whether a line ends after token ``t``."""
    return "\n" in t.whitespace_ or (t.is_space and "\n" in t.text)


def _verb_follows(tok) -> bool:
    """Whether a verb follows ``tok`` on its line (a subject before its predicate)."""
    for t in tok.doc[tok.i + 1:]:
        if t.pos_ in ("VERB", "AUX"):
            return True
        if "\n" in t.whitespace_ or (t.is_space and "\n" in t.text):
            return False
    return False


QUANTITY_NOUNS = frozenset({
    "hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "million", "millions",
    "score", "scores", "number", "numbers", "handful", "majority", "minority", "group", "crowd",
    "crowds", "some", "many", "most", "all", "none", "several", "few", "both", "each", "one"})


def _quantity(tok) -> bool:
    """Whether ``tok`` counts what its "of" phrase names ("hundreds", "a group", "some", "12")."""
    return tok.lower_ in QUANTITY_NOUNS or tok.pos_ == "NUM" or tok.like_num


def mention_role(tok, kind: str, person_noun=None) -> str:
    """The part a mention headed by ``tok`` plays: agent, patient, source, relation, oblique,
    possessor, locative, modifier or none. ``kind`` is the actor's kind (a country after
    a spatial preposition is a place; a person after one is not); ``person_noun`` says
    whether a lemma names a role or a collective (the name before it is its affiliation)."""
    if not _in_clause(tok) or "/" in tok.text:
        return "none"            # a credit, a byline, a caption stamp: no clause around it
    t = _climb(tok)
    for _ in range(4):           # a name inside a descriptor takes the descriptor's part
        if t.dep_ not in ("compound", "amod", "nmod", "poss") or t.head is t:
            break
        head = t.head.lemma_.lower()
        if (head in RELATION_HEADS or t.head.lower_ in RELATION_HEADS) and t.dep_ != "poss":
            return "relation"
        if head in DESCRIPTOR_HEADS or t.head.lower_ in DESCRIPTOR_HEADS or (
                person_noun is not None and (person_noun(head) or person_noun(t.head.lower_))) \
                or (t.dep_ == "compound" and t.head.pos_ == "PROPN" and t.i + 1 < len(t.doc)
                    and t.doc[t.i + 1].text in ("-", "–") and t.head.i == t.i + 2):
            t = _climb(t.head)     # "Israel-Hamas fighting": the pair's part
        else:
            break
    for _ in range(2):           # "hundreds of Georgians protested": the count's part
        if t.dep_ == "pobj" and t.head.lower_ == "of" and _quantity(t.head.head):
            t = _climb(t.head.head)
    if _crosses_line(t):         # parsed across a paragraph break: the line's own verb decides
        return "agent" if _line_subject(t) and _verb_follows(t) else "none"
    dep = t.dep_
    if kind == "group" and dep in ("dobj", "dative", "pobj", "iobj", "agent"):
        gov = t.head.head if dep == "pobj" else t.head
        if gov.lemma_.lower() in AUDIENCE_VERBS:
            return "audience"    # "told reporters", "speaking to journalists"
    if dep in SUBJECT_DEPS:
        return "agent"
    if dep == "pobj":
        prep = t.head
        p = prep.lower_
        gov = prep.head
        if p == "by" and (prep.dep_ == "agent" or gov.pos_ in ("VERB", "AUX") or gov.tag_ == "VBN"):
            return "agent"
        if gov.lemma_.lower() in RELATION_HEADS or gov.lower_ in RELATION_HEADS:
            return "relation"    # "relations between the EU and the United States"
        if p in COMPARISON_PREPS:
            return "none"
        if p in SOURCE_PREPS or (p == "to" and gov.lower_ in SOURCE_PREPS) or gov.lower_ in SOURCE_PREPS:
            return "source"
        if p in SPATIAL_PREPS:
            if kind == "country":
                verbal = gov.pos_ in ("VERB", "AUX") and gov.lemma_.lower() not in MOTION_VERBS
                return "oblique" if p == "to" and verbal else "locative"
            if p in ("in", "at", "into", "inside", "within", "near", "across", "along", "off",
                     "through", "via", "around", "throughout", "outside", "onto", "over",
                     "beyond", "past", "under", "above", "below", "behind", "beside", "opposite",
                     "up", "down", "out", "amid"):
                return "locative"
            if gov.lemma_.lower() in MOTION_VERBS:
                return "locative"
            return "oblique"
        if p == "of" and gov.lemma_.lower() in PLACE_HEADS:
            return "locative"
        return "oblique"
    if dep in OBJECT_DEPS:
        if kind == "country" and t.head.lemma_.lower() in MOTION_VERBS:
            return "locative"
        return "patient"
    if dep == "poss":
        return "locative" if t.head.lemma_.lower() in PLACE_HEADS else "possessor"
    if dep in ("compound", "amod", "nmod", "npadvmod", "nummod"):
        return "modifier"
    return "none"


PARTICIPANT_ROLES = frozenset({"agent", "patient", "source", "relation", "oblique", "possessor"})


def span_heads(span) -> list:
    """Tokens of a mention span attached outside it (usually one: the span's root)."""
    out = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head is t]
    return out or [span.root]


def _predicate_follows(span) -> bool:
    """Whether a finite verb directly follows the mention on its line ("X said")."""
    doc = span.doc
    return span.end < len(doc) and not _breaks(doc[span.end - 1]) and \
        doc[span.end].pos_ in ("VERB", "AUX") and doc[span.end].tag_ in ("VBD", "VBZ", "VBP", "MD")


def participates(spans: Iterable, kind: str, person_noun=None,
                 roles: frozenset = PARTICIPANT_ROLES) -> bool:
    """Whether any mention (a spaCy span) is a participant's: plays one of ``roles``."""
    for sp in spans:
        for h in span_heads(sp):
            if _crosses_line(h) and _predicate_follows(sp):
                return True        # mis-split sentence, but the mention is the subject of its line
            if mention_role(h, kind, person_noun) in roles:
                return True
    return False
