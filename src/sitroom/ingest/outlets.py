"""Recognise the name of a news outlet in a masthead, a byline or a wire dateline."""
from __future__ import annotations

import re

# Words that name what an outlet is ("Post", "Observer", "News Agency"); a short
# Title-Case name ending in one of them is a masthead, not a person.
_OUTLET_NOUNS = frozenset("""
post times daily news observer herald gazette journal tribune wire wires agency press courier
chronicle telegraph guardian express mail review standard monitor examiner inquirer dispatch
bulletin sentinel register globe star mirror independent record leader weekly magazine
radio television tv broadcasting broadcaster network media online digest insider bureau
presse quotidien hebdo matin soir dépêche depeche nouvelles actualités actualites info infos
""".split())
# Wire agencies and broadcasters known by a name that is not an outlet noun.
_AGENCIES = frozenset("""
afp reuters ap dpa ansa efe xinhua tass interfax bloomberg upi kyodo yonhap pap belga anadolu
ukrinform belta ria ians pti bernama antara bbc cnn npr rfi nhk cbc abc rte
""".split())
# What follows "By Jane Doe |" when it is not the outlet: her role.
_ROLES = re.compile(r"\b(?:correspondent|reporter|writer|editor|journalist|staff|contributor|columnist"
                    r"|analyst|producer|photographer|envoyée?|spécial|journaliste|rédacteur|rédactrice"
                    r"|chroniqueur|chroniqueuse)\b", re.IGNORECASE)
_CONNECTIVES = frozenset("of the and & for de du des la le les l' et".split())
_WORD = re.compile(r"\S+")
_END_PUNCT = re.compile(r"[.!?:;,\"“”]$")
# Reuters-style advisories that sit in parentheses after the dateline, not an outlet.
_ADVISORY = re.compile(r"^(?:updates?|corrected|corrects|refiles?|adds|recasts|repeats|rpt)\b"
                       r"|\b(?:photos?|video|file)\b", re.IGNORECASE)


def name_like(s: str, max_words: int = 6) -> bool:
    """A short proper name: Title-Case words or acronyms, no digits, no sentence punctuation."""
    words = _WORD.findall(s)
    if not words or len(words) > max_words or any(ch.isdigit() for ch in s) or _END_PUNCT.search(s):
        return False
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _CONNECTIVES or w.lower().startswith("l'") for w in words)


def _bare(word: str) -> str:
    return word.lower().strip("'’.,")


def is_outlet_name(s: str, *, strict: bool = False) -> bool:
    """Whether a short name reads as an outlet ("Minsk Observer", "Nordic News Agency", "AFP").

    ``strict`` (a name standing alone on a line) wants the outlet noun last, so that a
    Title-Case headline ("Fake News Law Passed") is not taken for a masthead.
    """
    if not name_like(s, 4 if strict else 6):
        return False
    words = [_bare(w) for w in _WORD.findall(s)]
    if strict:
        return words[-1] in _OUTLET_NOUNS or words[-1] in _AGENCIES
    return any(w in _OUTLET_NOUNS or w in _AGENCIES for w in words)


def byline_outlet(s: str) -> bool:
    """Whether the part after a byline's separator can be the outlet (not the author's role)."""
    return name_like(s) and not _ROLES.search(s)


def dateline_outlet(s: str) -> str | None:
    """The outlet named in a dateline's parenthesis ("Baltic Wire"), or None for an advisory."""
    s = " ".join(s.split())
    if not s or _ADVISORY.match(s) or any(ch.isdigit() for ch in s) or len(s.split()) > 5:
        return None
    if not s[0].isupper():
        return None
    return s
