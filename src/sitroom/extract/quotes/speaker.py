"""Who speaks or claims: the one place quotes and figures turn a subject noun phrase into a
speaker (an actor id or a surface text).

``speaker_for`` takes the head token of the phrase naming the source ("the ministry",
"Ukraine's state railway company", "data of the Health Ministry") and a function giving
the actor of a token (the actor layer's span -> actor lookup). The rules:

- a phrase that names a document ("data", "figures", "reports") stands for whoever it is
  "of" or "from": "according to data of the Health Ministry" is the ministry's claim;
- the actor whose mention covers the head word is the speaker;
- a common noun whose only actor is a modifier ("Ukraine's state railway company",
  "Lukashenko's press office") is a body of its own: it keeps its surface, not the
  modifier's actor, which would put the words in the wrong mouth;
- a role noun ("the NATO chief", "the minister") is the person mentioned before who holds
  that office or belongs to the body named with it;
- otherwise the caller's own fallback (pronouns, relative clauses, partitives) decides.

The surface drops a leading indefinite article, a relative clause set off by a comma and
a trailing bracketed abbreviation
("a senior police official" -> "senior police official", "Iran Human Rights (IHR)").
"""
from __future__ import annotations

import re
from typing import Callable, Optional

# Nouns naming a document or a count whose author is the one it is "of" / "from" / "by".
DOCUMENT_NOUNS = frozenset({"data", "datum", "figure", "report", "statistic", "estimate",
                            "count", "tally", "record", "information", "finding"})
_MODIFIERS = ("poss", "compound", "nmod", "amod")
# Nouns naming an office one person holds.
ROLE_WORDS = frozenset({"chief", "minister", "president", "spokesman", "spokeswoman",
                        "spokesperson", "secretary-general", "governor", "mayor", "commander",
                        "premier", "chancellor", "ambassador", "envoy", "chairman", "chairwoman"})
_LEAD = re.compile(r"^an?\s+(?=\S)", re.I)
_RELATIVE = re.compile(r",\s+(?:who|which|whose|whom|that)\b")
_TAIL = re.compile(r"\s*\([^()]{1,20}\)\s*$")


def source_head(head):
    """The head naming who a document phrase is from: "data of the Health Ministry" -> Ministry."""
    for _ in range(2):
        if head is None or head.lemma_.lower() not in DOCUMENT_NOUNS and head.lower_ not in DOCUMENT_NOUNS:
            return head
        nxt = None
        for p in head.children:
            if p.dep_ in ("prep", "agent") and p.lower_ in ("of", "from", "by"):
                nxt = next((o for o in p.children if o.dep_ == "pobj"), None)
                if nxt is not None:
                    break
        if nxt is None:
            return head
        head = nxt
    return head


def unnamed_source(head) -> bool:
    """Whether the phrase names no one: "reports", "media reports", "preliminary reports"."""
    if head.lemma_.lower() not in ("report", "rumor", "rumour") or head.tag_ != "NNS":
        return False
    return all(c.dep_ in ("det", "amod", "compound") and c.pos_ in ("DET", "ADJ", "NOUN")
               for c in head.children if c.i < head.i) and not any(
        c.dep_ in ("prep", "agent") and c.lower_ in ("of", "from", "by") for c in head.children)


def modifier_only(head, actor_of: Callable) -> bool:
    """Whether ``head`` is a common noun outside every actor mention, with an actor only
    among its modifiers ("Ukraine's state railway company")."""
    if head.pos_ != "NOUN" or actor_of(head) is not None:
        return False
    return any(c.dep_ in _MODIFIERS and actor_of(c) is not None for c in head.lefts)


def surface(text: str) -> str:
    """A speaker's surface without a leading article or a trailing bracketed abbreviation."""
    text = _RELATIVE.split(text, maxsplit=1)[0]
    return _LEAD.sub("", _TAIL.sub("", text.strip(' ,"“”')))


def role_person(actors, head, modifier=None):
    """The person a role noun stands for ("the NATO chief", "the minister"): the person
    mentioned last before it who belongs to the modifier's body or country ("NATO"), or,
    without a modifier, whose role names the same office. None when no one fits."""
    word = head.lemma_.lower()
    if word not in ROLE_WORDS or head.pos_ != "NOUN":
        return None
    best, best_at = None, -1
    for a in actors:
        if a.kind != "person":
            continue
        before = [sp.start for sp in a.spans if sp.end <= head.idx]
        if not before:
            continue
        if modifier is not None:
            if a is modifier or not (modifier.country and a.country == modifier.country
                                     or _named_with(a, modifier)):
                continue
        elif word not in (a.role or "").lower():
            continue
        if max(before) > best_at:
            best, best_at = a, max(before)
    return best


def _named_with(person, body) -> bool:
    """Whether the person was once named right after the body ("NATO Secretary-General Jens
    Stoltenberg", "the UN's Antonio Guterres")."""
    return any(b.start <= p.start <= b.end + 3 for p in person.spans for b in body.spans)


def speaker_for(head, actor_of: Callable, fallback: Callable,
                actors=()) -> tuple[Optional[object], object]:
    """(actor or None, the head used) for the phrase headed by ``head``: ``actor_of(token)``
    is the actor whose mention covers a token, ``fallback(token)`` the caller's wider
    resolution (pronouns, relatives, modifiers); ``actors`` (the document's actors) lets a
    role noun ("the NATO chief") stand for the person holding it."""
    head = source_head(head)
    own = actor_of(head)
    if own is not None:
        return own, head
    if head.pos_ == "NOUN" and head.lemma_.lower() in ROLE_WORDS and actors:
        mod = next((actor_of(c) for c in head.lefts if c.dep_ in _MODIFIERS and actor_of(c)), None)
        person = role_person(actors, head, mod)
        if person is not None:
            return person, head
    if modifier_only(head, actor_of):
        return None, head
    if head.lower_ in ROLE_WORDS or head.lemma_.lower() in ROLE_WORDS:
        # "Minister for the Interior Agne Bilotaite": the person the title runs into
        for t in head.subtree:
            if head.i < t.i <= head.i + 8 and not t.is_punct:
                a = actor_of(t)
                if a is not None and getattr(a, "kind", None) == "person":
                    return a, head
    return fallback(head), head
