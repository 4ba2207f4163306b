"""Name normalisation and the gold name-list rule (exact match, or surname for persons)."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

_POSSESSIVE = re.compile(r"['’]s\b")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _delete_punctuation(text: str) -> str:
    # Deleted, not replaced, so that "U.N." equals "UN".
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))


def normalise_name(name: str) -> str:
    """Lowercase, drop accents, a possessive "'s", all punctuation and a leading "the"."""
    s = _strip_accents(name.lower())
    s = _POSSESSIVE.sub("", s)
    s = _delete_punctuation(s)
    s = _SPACES.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:].lstrip()
    elif s == "the":
        s = ""
    return s


def text_tokens(text: str) -> list[str]:
    """Lowercased, accent-free word tokens of a text (for quote and date comparisons)."""
    return _WORD.findall(_strip_accents(text.lower()))


def _last_word_capitalised(name: str) -> bool:
    words = name.split()
    if not words:
        return False
    letters = [ch for ch in words[-1] if ch.isalpha()]
    return bool(letters) and letters[0].isupper()


class NameMatcher:
    """Applies the gold rule for one gold file: which name lists are persons', and matching."""

    def __init__(self, person_names: Iterable[str] = ()):
        self.person_names = {n for n in (normalise_name(x) for x in person_names) if n}

    @classmethod
    def from_gold(cls, gold: dict) -> "NameMatcher":
        """A matcher knowing the names of the gold file's actors of kind person."""
        names: list[str] = []
        for actor in gold.get("actors") or ():
            if actor.get("kind") == "person":
                names.extend(actor.get("names") or ())
        return cls(names)

    def is_person_list(self, gold_names: Iterable[str]) -> bool:
        return any(normalise_name(n) in self.person_names for n in gold_names)

    def matches(self, gold_names: Iterable[str] | None, pred_names: Iterable[str | None]) -> bool:
        """True when any predicted name matches the gold list."""
        gold = [g for g in (gold_names or ()) if g]
        preds = [n for n in (normalise_name(p) for p in pred_names if p) if n]
        if not gold or not preds:
            return False
        normalised = {normalise_name(g) for g in gold}
        if any(p in normalised for p in preds):
            return True
        if not self.is_person_list(gold):
            return False
        surnames = set()
        for g in gold:
            ng = normalise_name(g)
            if ng and _last_word_capitalised(g):
                surnames.add(ng.split()[-1])
        return any(p.split()[-1] in surnames for p in preds)

    def list_matches(self, gold_names: list[str] | None, pred_names: Iterable[str | None],
                     *, empty_is_any: bool = False) -> bool:
        """Match with the rule for empty gold lists.

        An empty (or null) gold list is matched by an empty prediction, or by anything
        when ``empty_is_any`` (the rule for event targets).
        """
        preds = [p for p in pred_names if p and normalise_name(p)]
        if not gold_names:
            return empty_is_any or not preds
        return self.matches(gold_names, preds)
