"""Full dates on the page's stamp lines and captions, in any language.

Stamps print a date as numbers ("2021-11-16", "2021 11 09", "2024.03.22", "16.11.2022 14:11",
"[2022-06-11 14:52:24]") or with a month name in the page's language ("10 November 2021",
"16 listopada 2022", "14 ноября 2021"). Only dates with day, month and year are read.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Iterable

# Month names in English, French, German, Polish, Russian, Ukrainian, Spanish and Italian
# (nominative and genitive stems), for date stamps.
MONTHS = (r"(?:jan(?:uary|vier|uar|\.)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|m[aä]r(?:ch|s|z)?|apr(?:il)?"
          r"|avr(?:il)?|may|mai|maj|june?|juin|juni|july?|juil(?:let)?|juli|aug(?:ust)?|ao[uû]t|sept?(?:ember|embre)?"
          r"|oct(?:ober|obre)?|okt(?:ober)?|nov(?:ember|embre)?|d[ée][cz](?:ember|embre)?"
          r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
          r"|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
          r"|stycz\w*|lut\w*|mar\w*|kwie\w*|maj\w*|czerw\w*|lip\w*|sierp\w*|wrze[sś]\w*|pa[zź]dziernik\w*"
          r"|listopad\w*|grud\w*|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*"
          r"|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*|січ\w*|лют\w*|берез\w*|квіт\w*|трав\w*|черв\w*"
          r"|лип\w*|серп\w*|верес\w*|жовт\w*|листопад\w*|груд\w*)\.?")
_YMD = re.compile(r"(?<![\d.])((?:19|20)\d\d)[-./ ](\d{1,2})[-./ ](\d{1,2})(?![\d.]\d)")
_DMY = re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2((?:19|20)\d\d)(?!\d)")
_WORDY = re.compile(rf"(?<!\w)(?:\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:de\s+|of\s+)?{MONTHS},?\s+(?:de\s+)?(?:19|20)\d\d"
                    rf"|(?=[^\W\d_]{{3,}}\.?\s+\d){MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)(?!\d)",
                    re.IGNORECASE)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th|er)\b", re.IGNORECASE)


def _date(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _wordy(text: str, language: str) -> _dt.date | None:
    import dateparser
    langs = [language] if language and language != "en" else None
    try:
        d = dateparser.parse(_ORDINAL.sub("", text), languages=langs,
                             settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                       "RETURN_AS_TIMEZONE_AWARE": False})
    except (ValueError, OverflowError, TypeError):
        return None
    return d.date() if d else None


def dates_in(line: str, language: str = "en") -> list[_dt.date]:
    """The full dates written in ``line``, in order."""
    found: list[tuple[int, _dt.date]] = []
    for m in _YMD.finditer(line):
        if d := _date(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            found.append((m.start(), d))
    for m in _DMY.finditer(line):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        # Dots and dashes are day first; a slash is month first in English unless it cannot be.
        month_first = m.group(2) == "/" and language == "en" and b <= 31 and a <= 12
        if (d := _date(y, a, b) if month_first else _date(y, b, a)) is not None:
            found.append((m.start(), d))
    if any(c.isalpha() for c in line):
        for m in _WORDY.finditer(line):
            if d := _wordy(m.group(), language):
                found.append((m.start(), d))
    return [d for _, d in sorted(found, key=lambda x: x[0])]


def stamp_date(lines: Iterable[str], language: str = "en", *,
               latest: _dt.date | None = None) -> str | None:
    """The publication date the stamp lines give: the earliest full date on them (a page
    prints when it was published and updated, and the time it was read, never earlier).
    Dates after ``latest`` are not publication dates."""
    found = [d for s in lines for d in dates_in(s, language) if latest is None or d <= latest]
    return min(found).isoformat() if found else None


def caption_date(lines: Iterable[str], language: str = "en", *,
                 latest: _dt.date | None = None) -> str | None:
    """The latest full date in the captions: pictures are taken before they are published."""
    found = [d for s in lines for d in dates_in(s, language) if latest is None or d <= latest]
    return max(found).isoformat() if found else None
