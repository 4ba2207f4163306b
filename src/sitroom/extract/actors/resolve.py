"""Resolve a span of a processed document to one of its actors (document-level coreference).

:func:`resolve_span` is what the quote, figure and event extractors use to name the
speaker, claimant or participant that a span of text stands for. In order:

1. a mention of an actor overlapping the span (the one it overlaps most);
2. a name of an actor ("Alexander Lukashenko", an alias, "U.N." = "UN");
3. a surname of a person named in full elsewhere ("Lukashenko");
4. a country's name, capital or seat of government ("Minsk", "the Kremlin"), and a
   government phrase ("the Polish government", "Belarusian authorities") -> the country;
5. a role phrase ("the Belarusian foreign minister", "the president") -> the person of
   that role (and country, when the phrase says one) named nearest before;
6. a bare body noun ("the ministry", "the agency") -> the nearest body named before
   whose name ends with it;
7. a pronoun, where it is clear: "he"/"she" -> the nearest person before, "it"/"its"
   -> the nearest organization or country, "they"/"their" -> the nearest group,
   organization or country, each only within the two sentences before and only when
   the nearest candidate is the subject of its clause or the only one of its kind there.

It returns ``None`` when nothing fits: no guess.
"""
from __future__ import annotations

import re

from ...knowledge.actorkb import ActorKB, name_key
from ...knowledge.countries import capital_code, country_code, demonym_code
from ...records import Actor, Document
from ..common import actor_at
from .countries import INSTITUTIONS, SEATS

PRONOUNS = {
    "he": ("person",), "him": ("person",), "his": ("person",), "she": ("person",),
    "her": ("person",), "it": ("organization", "country"), "its": ("organization", "country"),
    "they": ("group", "organization", "country"), "them": ("group", "organization", "country"),
    "their": ("group", "organization", "country"),
}
GOV_WORDS = {"government", "authorities", "regime", "administration", "cabinet", "officials",
             "leadership", "state", "side"}
_DET = re.compile(r"^(?:the|a|an|its|his|her|their|our)\s+", re.I)
_KB: ActorKB | None = None


def _kb() -> ActorKB:
    global _KB
    if _KB is None:
        _KB = ActorKB.load()
    return _KB


def _norm(text: str) -> str:
    t = re.sub(r"['’]s?$", "", text.strip())
    return name_key(_DET.sub("", t))


def _squash(text: str) -> str:
    return re.sub(r"[^\w ]", "", _norm(text).replace(".", ""))


def _first(a: Actor) -> int:
    return min((s.start for s in a.spans), default=1 << 30)


def _nearest_before(doc: Document, cands: list[Actor], pos: int) -> Actor | None:
    """The candidate mentioned last before ``pos`` (else first after it)."""
    best, best_pos = None, -1
    for a in cands:
        before = [s.start for s in a.spans if s.start < pos]
        if before and max(before) > best_pos:
            best, best_pos = a, max(before)
    if best is None and cands:
        best = min(cands, key=_first)
    return best


def resolve_span(doc: Document, start: int, end: int, kb: ActorKB | None = None) -> Actor | None:
    """The actor that ``doc.clean_text[start:end]`` stands for, or ``None``.

    ``doc`` is a processed document (its ``actors`` layer set); offsets are in
    ``doc.clean_text``. See the module doc for the order of the rules."""
    if not doc.actors or start >= end:
        return None
    aid = actor_at(doc, start, end)
    if aid is not None:
        return doc.actor(aid)
    return resolve_name(doc, doc.clean_text[start:end], start, kb)


def resolve_name(doc: Document, text: str, pos: int | None = None,
                 kb: ActorKB | None = None) -> Actor | None:
    """The actor a name, role phrase or pronoun at character ``pos`` refers to (rules 2-7)."""
    kb = kb or _kb()
    pos = len(doc.clean_text) if pos is None else pos
    key, sq = _norm(text), _squash(text)
    if not key:
        return None
    actors = list(doc.actors)
    # 2. a name or alias
    same = [a for a in actors if any(_norm(n) == key or _squash(n) == sq for n in a.names)]
    if same:
        return _nearest_before(doc, same, pos)
    words = key.split()
    # 7. pronouns
    if len(words) == 1 and words[0] in PRONOUNS:
        return _pronoun(doc, words[0], pos)
    # 3. a surname
    if len(words) == 1 and text.strip()[:1].isupper():
        persons = [a for a in actors if a.kind == "person"
                   and any(len(n.split()) > 1 and name_key(n).split()[-1] == key for n in a.names)]
        if len({a.id for a in persons}) == 1:
            return persons[0]
    # 4. a country, capital, seat or government phrase
    code = country_code(text.strip()) or capital_code(text.strip()) or SEATS.get(key) \
        or INSTITUTIONS.get(key)
    if code is None and words[-1] in GOV_WORDS and len(words) > 1:
        lead = " ".join(words[:-1])
        code = demonym_code(lead.title()) or country_code(lead) or capital_code(lead.title())
    if code is not None:
        ctry = [a for a in actors if a.country == code and a.kind in ("country", "organization")
                and (a.kind == "country" or code in ("EU", "UN", "NATO"))]
        if ctry:
            return ctry[0]
    # 5. a role phrase
    found = kb.find_role(words)
    if found is not None:
        info, i, _ = found
        mod_code = None
        for w in words[:i]:
            mod_code = mod_code or demonym_code(w.title()) or country_code(w)
        mod_code = mod_code or info.country
        persons = [a for a in actors if a.kind == "person" and a.role and (
            a.role == info.role or a.role.endswith(info.role) or info.role.endswith(a.role))
            and (mod_code is None or a.country in (None, mod_code))]
        if persons:
            return _nearest_before(doc, persons, pos)
    # 6. a bare body noun
    if len(words) <= 2:
        head = words[-1]
        bodies = [a for a in actors if a.kind in ("organization", "country") and any(
            name_key(n).split()[-1:] == [head] and len(n.split()) > 1 for n in a.names)]
        if bodies:
            return _nearest_before(doc, [b for b in bodies if _first(b) < pos] or bodies, pos)
    return None


def _sentence_start(doc: Document, pos: int, back: int) -> int:
    starts = sorted(s.start for s in doc.sentences if s.start <= pos)
    if not starts:
        return max(0, pos - 400)
    return starts[max(0, len(starts) - 1 - back)]


def _pronoun(doc: Document, word: str, pos: int) -> Actor | None:
    kinds = PRONOUNS[word]
    lo = _sentence_start(doc, pos, 2)
    seen: list[tuple[int, Actor]] = []
    for a in doc.actors:
        if a.kind not in kinds:
            continue
        before = [s.start for s in a.spans if lo <= s.start < pos]
        if before:
            seen.append((max(before), a))
    if not seen:
        return None
    seen.sort(key=lambda x: x[0], reverse=True)
    if len({a.id for _, a in seen}) == 1:
        return seen[0][1]
    first = seen[0][1]
    # several candidates: the nearest must be clearly the topic (mentioned in the same
    # sentence as the pronoun, or the only one of the pronoun's first kind)
    same_kind = [a for _, a in seen if a.kind == kinds[0]]
    if len({a.id for a in same_kind}) == 1 and first.kind == kinds[0]:
        return first
    if seen[0][0] >= _sentence_start(doc, pos, 0) and (len(seen) < 2 or seen[1][0] < _sentence_start(doc, pos, 0)):
        return first
    return None
