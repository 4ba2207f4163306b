"""Keys under which place names are matched: the normalized name and a looser spelling key.

Names are matched after lowercasing and stripping accents ("Kuznica" = "Kuźnica"),
then by a looser spelling key ("Brouzgi" ~ "Bruzgi").
"""
from __future__ import annotations

import re

from . import countries as C

_NON_LETTERS = re.compile(r"[^a-z]+")
# Cyrillic letters in a plain romanisation, so that "Брузги" keys as "Bruzgi" does.
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "i",
    "є": "e", "ґ": "g", "ў": "u"})
# Light transliteration equivalences seen across romanisations of the same name.
_VARIANTS = [(re.compile(p), r) for p, r in (
    (r"ou", "u"), (r"kh", "h"), (r"ph", "f"), (r"w", "v"), (r"y", "i"), (r"j", "i"),
    (r"ck", "k"), (r"(.)\1", r"\1"))]


def normalize(name: str) -> str:
    """Lowercase, accents stripped, apostrophes unified, a leading "the" dropped."""
    return C.normalize(name)


def spelling_key(name: str) -> str:
    """A looser key under which common romanisation variants of a name coincide."""
    t = normalize(name).translate(_CYRILLIC)
    t = _NON_LETTERS.sub("", t)
    for pat, rep in _VARIANTS:
        t = pat.sub(rep, t)
    return t


