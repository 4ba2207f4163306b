"""Word lists of one language (``data/lang/<code>.tsv``) compiled into patterns.

An entry is a phrase; a word ending in ``*`` matches every word it starts (a stem,
which is how inflected languages are read without a morphological model).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..knowledge.data import data_path

KINDS = ("speech", "num", "scale", "vague", "qual", "range", "fig", "trig", "skip", "loc", "group")
_W = r"[^\W_]"


def phrase_regex(entry: str) -> str:
    """The regex of one entry: words separated by spaces, a trailing ``*`` a stem."""
    parts = []
    for w in entry.split():
        if w.endswith("*"):
            parts.append(re.escape(w[:-1]) + _W + "*")
        else:
            parts.append(re.escape(w))
    body = r"\s+".join(parts)
    return rf"(?<!{_W}){body}(?!{_W})"


@dataclass
class Table:
    """Entries of one kind, longest first, each with its value; one combined regex."""
    entries: list[tuple[str, str, re.Pattern]] = field(default_factory=list)
    regex: re.Pattern | None = None

    def add(self, entry: str, value: str) -> None:
        self.entries.append((entry, value, re.compile(phrase_regex(entry), re.I)))

    def compile(self) -> None:
        self.entries.sort(key=lambda e: -len(e[0]))
        if self.entries:
            self.regex = re.compile("|".join(f"(?:{e[2].pattern})" for e in self.entries), re.I)

    def finditer(self, text: str):
        """(start, end, value) of every match, longest entries first at each place."""
        if self.regex is None:
            return
        for m in self.regex.finditer(text):
            yield m.start(), m.end(), self.value(m.group(0))

    def value(self, surface: str) -> str | None:
        for _, value, rx in self.entries:
            if rx.fullmatch(surface):
                return value
        return None

    def match_at(self, text: str, pos: int) -> tuple[int, str] | None:
        """An entry matching exactly at ``pos``: (end, value)."""
        for _, value, rx in self.entries:
            m = rx.match(text, pos)
            if m:
                return m.end(), value
        return None

    def match_before(self, text: str, end: int, slack: int = 2) -> tuple[int, str] | None:
        """An entry ending at ``end`` (up to ``slack`` spaces before it): (start, value)."""
        for _, value, rx in self.entries:
            for m in rx.finditer(text, max(0, end - 60), end):
                if 0 <= end - m.end() <= slack and not text[m.end():end].strip():
                    return m.start(), value
        return None


@dataclass
class Lexicon:
    lang: str
    tables: dict[str, Table]

    def __getattr__(self, kind: str) -> Table:
        try:
            return self.__dict__["tables"][kind]
        except KeyError:
            raise AttributeError(kind) from None


def has_lexicon(lang: str) -> bool:
    return data_path("lang", f"{lang}.tsv").exists()


@functools.lru_cache(maxsize=16)
def lexicon(lang: str) -> Lexicon | None:
    """The word lists of ``lang``, or None for a language without them."""
    path = data_path("lang", f"{lang}.tsv")
    if not path.exists():
        return None
    tables = {k: Table() for k in KINDS}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        kind, entry = parts[0].strip(), parts[1].strip()
        value = parts[2].strip() if len(parts) > 2 else ""
        if kind in tables and entry:
            tables[kind].add(entry, value)
    for t in tables.values():
        t.compile()
    return Lexicon(lang, tables)
