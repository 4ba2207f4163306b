"""The shape of a line: what tells page chrome from prose in any language.

Prose is made of sentences: several words, many of them function words (stop words,
from jusText's lists), ending in sentence punctuation. Chrome is labels, names, dates,
credits and lists: few words, few function words, capitalised names, digits and
separators, bracketed credits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from collections import Counter
from functools import lru_cache

from ..ingest.stamps import MONTHS

# jusText's stop lists; the languages news pages are most often read in come first (ties).
STOPLIST_LANGUAGES = ("English", "French", "German", "Polish", "Russian", "Spanish", "Italian",
                      "Portuguese", "Dutch", "Ukrainian", "Czech", "Swedish", "Romanian",
                      "Hungarian", "Turkish", "Lithuanian", "Latvian", "Estonian", "Greek")

_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
_TOKEN = re.compile(r"\S+")
# Sentence punctuation at the end of a line, before closing quotes or brackets.
_SENT_END = re.compile(r"[.!?…;:][\"”»’'\)\]]*$|[\"”»’]$")
_SEPARATORS = re.compile(r"\s(?:\||>>|»|›|•|·|/|\\)\s|^\s*\||\|\s*$")
_SEPARATOR_CHARS = re.compile(r"[|>»›•·/\\]")
_URL = re.compile(r"https?://\S+|\bwww\.\S+|\b[\w-]+\.(?:com|org|net|pl|de|fr|ru|ua|lu|lt|es|it|uk)/\S*")

# Dates and times as stamps print them: 2021-11-16, 16.11.2022, 2024.03.22, 2021 11 09,
# 12 Nov 2021, Nov. 26, 2021, 23rd October 2023, 04:26 PM, 14:52:24, IST/GMT.
_NUM_DATE = (r"(?:\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})")
_WORD_DATE = (rf"(?:\b\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:de\s+|of\s+)?{MONTHS},?(?:\s+(?:de\s+)?\d{{4}})?"
              rf"|\b(?=[^\W\d_]{{3,}}\.?,?\s+\d){MONTHS}\s+\d{{1,4}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?)")
_TIME = r"\d{1,2}[:h.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
_AGO = (r"\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
        r"|\d+\s*min(?:ute)?s?\.?\s+read")
STAMP_PART = re.compile(rf"(?=[\w])(?:{_NUM_DATE}|{_WORD_DATE}|{_TIME}|{_AGO})", re.IGNORECASE)
_ZONE = re.compile(r"\b(?:[A-Z]{2,4}T|GMT|UTC|IST|CET|CEST|EST|EDT|PST|MSK|WIB)(?:[+-]\d{1,2})?\b")

# Words that label a stamp or a byline, in the languages above.
STAMP_LABEL = re.compile(
    r"\b(?:date|dated|published|posted|updated|last updated|modified|author|by|photo|link|time"
    r"|publi[ée]e?|mis à jour|modifi[ée]|par|le|à|at|on"
    r"|ver[öo]ffentlicht|aktualisiert|stand|von|am|um"
    r"|publikacja|opublikowano|aktualizacja|autor|data|dodano"
    r"|publicado|actualizado|por|el|a las"
    r"|опубликовано|обновлено|дата|автор)\b\s*:?", re.IGNORECASE)

# Picture credits: "(Photo: Safin Hamed/AFP)", "[File: Yasuyoshi Chiba/AFP]", "PHOTO: AFP",
# "Foto: AFP", "(Photograph: Reuters )", "| Photo: Courtesy.", "/ Supplied", "Giuseppe Pipita/Reuters".
_PIC = (r"(?:photo(?:graph)?s?|pictures?|images?|file|foto|fot\.|zdj[eę]cie|фото|bild|bildquelle|credit"
        r"|illustration)")
_NAME = r"[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻА-ЯЁ][\w'’.-]*"
_CREDIT_NAMES = rf"{_NAME}(?:[ -]{_NAME}){{0,3}}"
_SLASHED = rf"{_CREDIT_NAMES}(?:\s?/\s?{_CREDIT_NAMES})+"
TRAILING_CREDIT = re.compile(
    rf"(?:[(\[]\s*{_PIC}\s*:\s*[^()\[\]\n]{{1,60}}[)\]]"          # (Photo: X/AFP)
    rf"|[(\[]\s*{_SLASHED}\s*[)\]]"                                 # (Ghaith Alsayed/AP)
    rf"|(?:^|[.|/]\s*|\s){_PIC}\s*:\s*[^.:\n]{{1,40}}\.?"  # PHOTO: AFP
    rf"|[.!?]\s+(?-i:[A-Z]{{2,6}})"                                 # "... island. EPA"
    rf"|[.!?]\s+{_SLASHED}"                                         # "... Palace. Name/TASS/Sipa USA"
    rf"|\s/\s(?:supplied|courtesy|handout|archive|file|archiwum)\.?)\s*$", re.IGNORECASE)
CREDIT_LINE = re.compile(
    rf"^(?:(?:image|media|video|photo) (?:source|caption|credit)\s*[,:].{{1,200}}|{_SLASHED}|{_PIC}\s*:?\s*{_CREDIT_NAMES}(?:\s?/\s?{_CREDIT_NAMES})*"
    rf"|[\w ]{{1,30}}\s/\s{_CREDIT_NAMES}(?:\s/\s{_CREDIT_NAMES})+"
    rf"|(?-i:[A-Z]{{2,6}})\s+(?:images|photos?|pictures|video)"
    rf"|{_CREDIT_NAMES}\s+via\s+{_CREDIT_NAMES})\s*$", re.IGNORECASE)
# A caption opening with its credit: "REUTERS/JANE DOE A soldier walks past ...".
LEADING_CREDIT = re.compile(r"^(?-i:[A-Z]{2,}(?:\s[A-Z]{2,})*/[A-Z]{2,}(?:\s[A-Z]{2,}){0,3})\s+(?=[A-Z]\w*\s+[a-z])")
# A byline: "By Max Hunder and Lidia Kelly / Reuters", "Von Anna Schmidt", "Autor: Jan Kowalski".
_JOIN = r"(?:\s*(?:,|&|/|\band\b|\bet\b|\bund\b|\by\b|\bi\b|\bи\b)\s*)"
BYLINE = re.compile(rf"^(?:by|par|von|por|di|door|autor(?:ka)?|author|автор)\s*:?\s+{_CREDIT_NAMES}"
                    rf"(?:{_JOIN}{_CREDIT_NAMES}){{0,4}}\s*$", re.IGNORECASE)
# Wire credits with their datelines: "Reuters and AP, VILNIUS and KAUNAS, Lithuania".
AGENCY_DATELINE = re.compile(rf"^(?-i:[A-Z]{{2,6}})(?:{_JOIN}(?-i:[A-Z]{{2,6}}))*,\s+(?-i:[A-ZÀ-Ý]{{3,}})"
                             rf"(?:{_JOIN}(?-i:[A-ZÀ-Ý]{{3,}}))*(?:,\s*{_CREDIT_NAMES})?\s*$")


STAMP_MAX_WORDS = 25
MIN_STOP_SHARE = 0.1     # a text whose best stop list covers less is in a language without one
HEAD_CHARS = 600
CAPS_MAX_WORDS = 20
_HAS_DIGIT = re.compile(r"\d")


# An offer to subscribe: "Just 19 zł a month for a year", "€1 per month".
PRICE_OFFER = re.compile(
    r"(?:[€$£]\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|\$|£|zł|euros?|eur|dollars?|pounds?|руб\w*|kč|chf))\s*"
    r"(?:(?:/|\ba|\ban|\bper|\bpar|\bpro|\bal|\bza|\bв|\bw)\s*)?"
    r"\b(?:month|mies\w*|mois|monat|mes|месяц\w*|year|rok|an|jahr|año|week)\b",
    re.IGNORECASE)
# A list of the page's tags or topics: "Tags: Poland, Belarus, migration".
TAG_LIST = re.compile(r"^(?:tags?|topics?|related topics|categories|category|filed under|keywords|schlagw[öo]rter"
                      r"|th[èe]mes?|tematy|tagi|etiquetas|temas|темы|теги)\s*:", re.IGNORECASE)
# A call to follow the outlet: "Follow us on our news channel for the latest stories".
CALL_TO_FOLLOW = re.compile(
    r"^(?:[^.!?]{0,50},\s*)?(?:follow|join|subscribe to|download|get|listen to|sign up for)\b.{0,60}?"
    r"\b(?:our|us)\b.{0,60}?\b(?:channel|app|newsletter|google news|telegram|whatsapp|podcast|feed)\b",
    re.IGNORECASE)


@lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    import justext
    have = set(justext.get_stoplists())
    order = [lang for lang in STOPLIST_LANGUAGES if lang in have] + sorted(have - set(STOPLIST_LANGUAGES))
    return {lang: frozenset(w.lower() for w in justext.get_stoplist(lang)) for lang in order}


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=1)
def _languages_of() -> dict[str, tuple[int, ...]]:
    """For each stop word, the stop lists (by position) that hold it."""
    out: dict[str, list[int]] = {}
    for i, sl in enumerate(_stoplists().values()):
        for w in sl:
            out.setdefault(w, []).append(i)
    return {w: tuple(v) for w, v in out.items()}


def stoplist_for(text: str | list[str]) -> frozenset[str]:
    """The stop list of the text's language (given as text or lowercase words): the one
    that covers most of its words."""
    low = [w.lower() for w in words(text)] if isinstance(text, str) else text
    langs = _languages_of()
    lists = list(_stoplists().values())
    tally = [0] * len(lists)
    for w, n in Counter(low).items():
        for i in langs.get(w, ()):
            tally[i] += n
    best = max(range(len(lists)), key=tally.__getitem__)
    # A language without a stop list here: no function words to judge by.
    return lists[best] if tally[best] >= MIN_STOP_SHARE * len(low) else frozenset()


def stop_density(ws: list[str] | tuple[str, ...], stoplist: frozenset[str] | None = None,
                 lowered: bool = False) -> float:
    """The share of function words (in ``stoplist``, else in the list that fits best)."""
    if not ws:
        return 0.0
    low = ws if lowered else [w.lower() for w in ws]
    if stoplist is not None:
        if not stoplist:
            return 1.0       # unknown language: no evidence against prose
        return sum(map(stoplist.__contains__, low)) / len(ws)
    return max(sum(w in sl for w in low) for sl in _stoplists().values()) / len(ws)


@dataclass(frozen=True)
class Shape:
    """What a line looks like."""
    n_words: int
    n_chars: int
    stop: float          # share of stop words
    caps: float          # share of words that start with a capital
    sentence_end: bool   # ends with sentence punctuation
    separators: int      # "|", ">>", "•" and the like between parts
    url: bool
    stamp_rest: int      # words left once dates, times and stamp labels are taken out
    stamped: bool        # holds a date, a time or "N hours ago"
    key: tuple[str, ...] = ()   # the words, in lower case

    @property
    def prose(self) -> bool:
        """Reads like a sentence: several words, function words, sentence punctuation."""
        return self.n_words >= 6 and self.sentence_end and self.stop >= 0.15


def shape(text: str, stoplist: frozenset[str] | None = None) -> Shape:
    s = text.strip()
    # The words of a long line's opening are enough: every bound on words is far lower.
    head = s[:HEAD_CHARS]
    key = tuple(_WORD.findall(head.lower()))
    n = len(key)
    # Stamps are short lines; a longer line is not searched for one.
    stamped = n <= STAMP_MAX_WORDS and _HAS_DIGIT.search(s) is not None and STAMP_PART.search(s) is not None
    rest = s
    if stamped:
        rest = STAMP_PART.sub(" ", rest)
        rest = _ZONE.sub(" ", rest)
        rest = STAMP_LABEL.sub(" ", rest)
    return Shape(
        n_words=n, n_chars=len(s), stop=stop_density(key, stoplist, lowered=True), key=key,
        # Capitals matter on short lines only (names and labels).
        caps=(sum(w[0].isupper() for w in words(head)) / n if n <= CAPS_MAX_WORDS else 0.5) if n else 0.0,
        sentence_end=_SENT_END.search(s) is not None,
        separators=len(_SEPARATORS.findall(f" {s} ")) if _SEPARATOR_CHARS.search(s) else 0,
        url=("/" in s or "www." in s) and _URL.search(s) is not None,
        stamp_rest=len(words(rest)) if stamped else n,
        stamped=stamped)
