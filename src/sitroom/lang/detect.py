"""Which language a document is written in, offline.

The detector is Lingua (``lingua-language-detector``), whose models ship inside its
wheel: nothing is downloaded. A text is judged line by line and each line's vote
weighs by its length, so a Russian report quoting Polish posts is Russian; lines
too short to judge (bylines, captions) do not vote. Metadata always wins: a document
whose language was given keeps it (``language_source = "metadata"``).
"""
from __future__ import annotations

import functools
import re

# The languages told apart: those of the region's news and the world's large ones.
CANDIDATES = ("en fr de pl ru uk be es it pt nl cs sk lt lv et fi sv da nb ro hu bg sr hr sl "
              "tr ar fa ka hy az kk el he zh ja ko hi sw id ms vi th tl so yo af sq ca is mk bs "
              "mn ur bn ta").split()
MIN_LINE = 25          # characters: a shorter line does not vote
MAX_CHARS = 20_000     # enough text to decide
# English function words no other candidate language writes as words: a text where
# they are frequent is English, however short (the detector needs longer lines).
_ENGLISH = frozenset("the and of that is for with said by from it has have are were this "
                     "will would been which after who their there".split())
ENGLISH_SHARE = 0.12
_LETTERS = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in CANDIDATES]
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


def _code(language) -> str:
    return language.iso_code_639_1.name.lower()


def detect(text: str) -> tuple[str | None, float]:
    """The ISO 639-1 code of the text's main language and the share of votes it won
    (``(None, 0.0)`` for a text with no judgeable words)."""
    det = _detector()
    lines = [ln.strip() for ln in text[:MAX_CHARS].splitlines()]
    long_lines = [ln for ln in lines if len(ln) >= MIN_LINE] or [" ".join(lines).strip()]
    votes: dict[str, float] = {}
    for ln in long_lines:
        if not ln:
            continue
        lang = det.detect_language_of(ln)
        if lang is not None:
            votes[_code(lang)] = votes.get(_code(lang), 0.0) + len(ln)
    if not votes:
        return None, 0.0
    best = max(votes, key=votes.__getitem__)
    return best, votes[best] / sum(votes.values())


def language_of(doc) -> tuple[str, str]:
    """``(language, language_source)`` for a Document: metadata kept, else detected
    (English when nothing can be judged)."""
    if doc.language_source == "metadata" and doc.language:
        return doc.language, "metadata"
    words = _LETTERS.findall(doc.text[:MAX_CHARS].lower())
    if words and sum(w in _ENGLISH for w in words) / len(words) >= ENGLISH_SHARE:
        return "en", "detected"
    code, _ = detect(doc.text)
    if code != "en" and _english_confidence(doc.text) >= ENGLISH_DOUBT:
        code = "en"     # the English pipeline stays on unless the text is surely not English
    return (code or doc.language or "en"), "detected"


ENGLISH_DOUBT = 0.2


def _english_confidence(text: str) -> float:
    from lingua import Language
    return _detector().compute_language_confidence(text[:3000], Language.ENGLISH)
