"""Find when and by whom an article was published: metadata values, publication lines,
datelines, dated phrases, posts."""
from __future__ import annotations

import datetime as _dt
import email.utils
import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .stamps import caption_date, stamp_date
from .outlets import byline_outlet, dateline_outlet, is_outlet_name, name_like

# English and French month names with the usual abbreviations ("Nov", "Nov.", "Sept").
MONTH = (r"(?:jan(?:uary|vier)?|feb(?:ruary)?|f[ée]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?"
         r"|may|mai|june?|juin|july?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sept?(?:ember|embre)?"
         r"|oct(?:ober|obre)?|nov(?:ember|embre)?|d[ée]c(?:ember|embre)?)\.?")
WEEKDAY = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
           r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)")
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3,
             "vendredi": 4, "samedi": 5, "dimanche": 6}

# "November 14, 2021", "Nov. 14 2021", "14 November 2021", "14 novembre 2021" (year optional
# in the groups that allow it).
DATE_MDY = rf"(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
DATE_DMY = rf"(?P<d2>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<m2>{MONTH})"
YEAR = r"(?P<y>(?:19|20)\d\d)"
DATE_ANY = rf"(?:{DATE_MDY}|{DATE_DMY})(?:,?\s+{YEAR})?"

# "WARSAW, Nov 16 (Reuters) -", "MINSK, November 9, 2021 (AFP) —", "PARIS, 16 novembre 2021 (AFP) -".
# "VILNIUS/WARSAW" names two places.
_PLACE = r"(?P<place>[^\W\d_][\w'./\- ]{0,40}?(?:,\s*[^\W\d_][\w'.\- ]{1,30}?)?)"
_DATELINE = re.compile(
    rf"^\s*{_PLACE},\s*{DATE_ANY}\s*(?:\((?P<agency>[^)\n]{{2,30}})\))?\s*[-–—]",
    re.IGNORECASE | re.MULTILINE)
# The place name of a dateline is written in capitals, or the dateline names an agency.
_CAPS_PLACE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý'./\- ]+(?:,|$)")
# "BRUZGI, Belarus, Nov 18 (Baltic Wire) -", "LONDON (Reuters) -": the outlet that filed it.
_WIRE_OUTLET = re.compile(
    rf"^\s*{_PLACE}(?:,\s*{DATE_ANY})?\s*\((?P<outlet>[^()\n]{{2,40}})\)\s*[-–—]",
    re.IGNORECASE | re.MULTILINE)

# "on Sunday, November 14", "dimanche 14 novembre 2021".
_WEEKDAY_DATE = re.compile(rf"\b(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?{DATE_ANY}\b", re.IGNORECASE)

# "— Anna Nowak (@AnnaNowakPL) March 3, 2022" (a tweet's embed signature).
POST_SIGNATURE = re.compile(
    rf"(?:^|\s)[-–—―]{{1,2}}\s*(?P<name>(?:(?!\s[-–—―]\s)[^\n()@]){{1,80}}?)\s*\(@(?P<handle>\w{{1,30}})\)\s*"
    rf"(?P<date>{DATE_ANY})\s*$",
    re.IGNORECASE | re.MULTILINE)

_YEAR_IN_TEXT = re.compile(r"(?<![\d/.-])(?:19[5-9]\d|20\d\d)(?![\d/.-]|\s*-\s*\d)")


def month_number(name: str) -> int | None:
    """1–12 for an English or French month name or abbreviation."""
    s = _fold(name).rstrip(".")
    if s.startswith("juil") or s == "jul" or s.startswith("july"):
        return 7
    if s.startswith("jui") or s.startswith("jun"):
        return 6
    prefixes = {"jan": 1, "feb": 2, "fev": 2, "mar": 3, "apr": 4, "avr": 4, "may": 5,
                "mai": 5, "aug": 8, "aou": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
    return prefixes.get(s[:3])


def _fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s.lower()).encode("ascii", "ignore").decode()


def _parts(m: re.Match) -> tuple[int | None, int, int | None]:
    """(month, day, year or None) from a match of DATE_ANY."""
    mon = m.group("m1") or m.group("m2")
    day = m.group("d1") or m.group("d2")
    year = m.group("y")
    return month_number(mon), int(day), int(year) if year else None


def iso_from_match(m: re.Match) -> str | None:
    """The ISO date of a match of DATE_ANY that includes a year, else None."""
    mon, day, year = _parts(m)
    d = _date(year, mon, day) if mon and year else None
    return d.isoformat() if d else None


def _date(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def years_mentioned(text: str, today: _dt.date) -> list[int]:
    """Four-digit years in the text that are not in the future, without duplicates."""
    seen: list[int] = []
    for m in _YEAR_IN_TEXT.finditer(text):
        y = int(m.group())
        if y <= today.year and y not in seen:
            seen.append(y)
    return seen


def post_dates(text: str) -> list[str]:
    """ISO dates of the embedded-post signatures in the text."""
    return [iso for m in POST_SIGNATURE.finditer(text) if (iso := iso_from_match(m))]


def _year_for(mon: int, day: int, steps: list[tuple[Iterable[int] | None, frozenset[int]]],
              today: _dt.date, latest: _dt.date | None = None) -> int | None:
    """The year of a month-day written without one: the first step that gives a fitting
    year wins. A step is ``(years, weekdays)``: candidate years (latest first; None for
    the last 30 years) and the weekdays the date may fall on (empty: not in the future).
    No date after ``latest`` is taken (a publication date is not in the future).
    """
    for years, weekdays in steps:
        pool = sorted(years, reverse=True) if years is not None else range(today.year, today.year - 30, -1)
        for y in pool:
            d = _date(y, mon, day)
            if d is None or (latest is not None and d > latest):
                continue
            if d.weekday() in weekdays if weekdays else d <= today:
                return y
    return None


# --- publication lines: "Published 8 November 2021, 21:05 CET", "Outlet | 12 November 2021" ---

_WD_ANY = r"(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim)[a-zé]*\.?"
_WD_PREFIX = {"mon": 0, "lun": 0, "tue": 1, "mar": 1, "wed": 2, "mer": 2, "thu": 3, "jeu": 3,
              "fri": 4, "ven": 4, "sat": 5, "sam": 5, "sun": 6, "dim": 6}
# "21:05 CET", "9:05 a.m. EST", "21h05", "21.05 GMT", "5 pm", "10:12 GMT+1".
TIME = (r"\d{1,2}(?:[:h.]\d{2}(?:\s*[ap]\.?m\.?)?|\s*[ap]\.?m\.?)"
        r"(?:\s*\(?(?-i:[A-Z]{2,5})(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)?")
_STAMP = re.compile(
    rf"^(?:{TIME}\s*(?:,|on|le|[-–—/])?\s*)?"
    rf"(?:(?P<wd>{_WD_ANY}),?\s+(?:the\s+|le\s+)?)?"
    rf"(?:{DATE_ANY}|(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)(?:T[\d:.]+(?:Z|[+-][\d:]+)?)?"
    rf"|(?P<na>\d{{1,2}})[/.](?P<nb>\d{{1,2}})[/.](?P<ny>(?:19|20)\d\d))"
    rf"(?:\s*(?:,|at|à|[-–—/])?\s*{TIME})?\s*\.?$", re.IGNORECASE)
_TIME_ONLY = re.compile(rf"^{TIME}$", re.IGNORECASE)
# The words that label a publication line, in English and French.
_LABEL = re.compile(
    r"(?:(?P<pub>(?:first\s+|originally\s+)?(?:published|posted)|publi[ée]e?|mise?\s+en\s+ligne)"
    r"|(?P<upd>(?:last\s+)?(?:updated|modified|revised)|mise?\s+à\s+jour|modifi[ée]e?|actualis[ée]e?))\b"
    r"(?:\s+(?:on|at|le))?\s*:?\s*", re.IGNORECASE)
_FRENCH_LABEL = re.compile(r"^(?:publi|mise?\s|modifi|actualis)", re.IGNORECASE)
# Parts of a metadata line: "Minsk Observer | 12 November 2021", "15 November 2021 · 19:40".
_SEPARATOR = re.compile(r"\s*[|·•]\s*|\s+[-–—]\s+")
_BYLINE_PART = re.compile(r"^(?:[Bb]y|BY|[Pp]ar|PAR)\s+[A-ZÀ-Ý][\w'.-]+(?:\s+[A-ZÀ-Ý][\w'.-]+){0,3}"
                          r"(?:\s*(?:,|and|et|&)\s*[A-ZÀ-Ý][\w'.-]+(?:\s+[A-ZÀ-Ý][\w'.-]+){0,3})*$")
# "With AFP", "Source: Reuters": a credit for the copy, not the outlet's masthead.
_CREDIT_PART = re.compile(r"^(?:with|avec|sources?|via|from|d'après|according to)\b", re.IGNORECASE)
HEAD_LINES = 8           # the article's head (title, masthead, byline, date) is no longer
_PROSE_END = re.compile(r"[.…][\"”»’)]*$")


@dataclass(frozen=True)
class Stamp:
    """A date on a publication line; the year is None when the line gives none."""
    label: str               # "published" | "updated" | "" (a bare date line)
    month: int
    day: int
    year: int | None
    weekday: int | None


@dataclass(frozen=True)
class MetaLine:
    """A line of publication metadata: its dates, the outlet it names, whether it is a byline."""
    stamps: tuple[Stamp, ...] = ()
    outlet: str | None = None
    byline: bool = False
    masthead: bool = False   # the outlet's name alone on its line


def _stamp(text: str, label: str, french: bool) -> Stamp | None:
    m = _STAMP.match(text)
    if not m:
        return None
    wd = _WD_PREFIX.get(_fold(m.group("wd"))[:3]) if m.group("wd") else None
    if m.group("iy"):
        year, mon, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    elif m.group("na"):
        a, b, year = int(m.group("na")), int(m.group("nb")), int(m.group("ny"))
        if a > 12 or french:       # 08/11/2021 is day first in French
            day, mon = a, b
        elif b > 12:
            day, mon = b, a
        else:                      # 08/11/2021 in English could be either
            return None
    else:
        mon, day, year = _parts(m)
        if mon is None:
            return None
    if not 1 <= mon <= 12 or _date(year or 2000, mon, day) is None:
        return None
    return Stamp(label, mon, day, year, wd)


def read_meta_line(line: str, *, head: bool = False) -> MetaLine | None:
    """The publication metadata a whole line gives, or None when it is not such a line.

    A labelled line ("Published: Nov. 8, 2021", "Mis à jour le 9 novembre 2021 à 10h12")
    counts anywhere; a bare date, a byline with its outlet, or an outlet alone only in the
    article's ``head``.
    """
    s = line.strip()
    if not s or len(s) > 200 or not (head or _LABEL.search(s)):
        return None
    stamps: list[Stamp] = []
    names: list[tuple[str, bool]] = []      # (name, comes after a byline)
    byline = False
    for seg in _SEPARATOR.split(s):
        cuts = [m.start() for m in _LABEL.finditer(seg) if m.start() == 0 or not seg[m.start() - 1].isalnum()]
        for a, b in zip([0] + cuts, cuts + [len(seg)]):
            piece = re.sub(r"(?:\s+(?:and|et))?[\s,;]*$", "", seg[a:b]).strip()
            if not piece:
                continue
            label, french = "", False
            lm = _LABEL.match(piece)
            if lm:
                label = "updated" if lm.group("upd") else "published"
                french = bool(_FRENCH_LABEL.match(piece))
                piece = piece[lm.end():]
            st = _stamp(piece, label, french)
            if st:
                stamps.append(st)
            elif label:
                return None               # "Published in 2021, the report ..." is prose
            elif _TIME_ONLY.match(piece):
                continue
            elif _CREDIT_PART.match(piece):
                return None
            elif _BYLINE_PART.match(piece):
                byline = True
            elif name_like(piece):
                names.append((piece, byline))
            else:
                return None
    labelled = any(st.label for st in stamps)
    if not labelled and not head:
        return None
    outlet = next((n for n, after in names if after and byline_outlet(n)), None) \
        or next((n for n, after in names if not after and is_outlet_name(n)), None)
    if stamps:
        return MetaLine(tuple(stamps), outlet, byline)
    if byline and outlet:
        return MetaLine((), outlet, True)
    if not byline and len(names) == 1 and is_outlet_name(names[0][0], strict=True):
        return MetaLine((), names[0][0], False, masthead=True)
    return None


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 6 and _PROSE_END.search(line) is not None


def scan_head(lines: Sequence[str]) -> dict[int, MetaLine]:
    """The publication metadata lines among ``lines`` (non-empty lines of an article), by index.

    The head is the lines before the first sentence of prose, at most HEAD_LINES; an
    outlet's name alone on a line counts only next to a dated line, as in a masthead.
    """
    found: dict[int, MetaLine] = {}
    head = True
    for i, s in enumerate(lines):
        prose = _is_prose(s)
        head = head and i < HEAD_LINES and not prose
        if (ml := read_meta_line(s, head=head)) is not None:
            found[i] = ml
    for i in [i for i, ml in found.items() if ml.masthead]:
        if not any(j in found and found[j].stamps for j in (i - 1, i + 1)):
            del found[i]
    return found


def _lines(text: str) -> list[str]:
    return [s for s in (ln.strip() for ln in text.split("\n")) if s]


def _meta(text: str, meta: Iterable[str]) -> list[MetaLine]:
    """Metadata lines of the text's head, then those already taken out of it (``meta``)."""
    found = list(scan_head(_lines(text)).values())
    found += [ml for s in meta if (ml := read_meta_line(s, head=True)) is not None]
    return found


def find_outlet(text: str, *, meta: Iterable[str] = ()) -> str | None:
    """The outlet that published the text: from the dateline's parenthesis ("(Reuters)"),
    else from a masthead or byline ("Minsk Observer | 12 November 2021", "By X | Outlet").

    ``meta`` are metadata lines already taken out of the text. None when nothing names it;
    a credit ("With AFP") names a source of the copy, not the outlet.
    """
    for m in _WIRE_OUTLET.finditer(text[:1200]):
        place = m.group("place")
        if not (_CAPS_PLACE.match(place) or m.group("m1") or m.group("m2")):
            continue
        if (outlet := dateline_outlet(m.group("outlet"))) is not None:
            return outlet
    return next((ml.outlet for ml in _meta(text, meta) if ml.outlet), None)


_FULL_DATE = re.compile(rf"\b{DATE_ANY}", re.IGNORECASE)
_LEAD_WEEKDAY = re.compile(rf"\b(?P<wd>{WEEKDAY})\b", re.IGNORECASE)


_FILE_DATE = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")


def date_from_filename(path: str | None) -> _dt.date | None:
    """The date a file name starts with ("2021-11-16-outlet-slug.txt"), as archives name files."""
    if not path:
        return None
    name = str(path).replace("\\", "/").rsplit("/", 1)[-1]
    m = _FILE_DATE.match(name)
    return _date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _near(mon: int, day: int, hint: _dt.date) -> _dt.date | None:
    """The date with this month and day nearest to ``hint`` (the year before, of or after it)."""
    found = [d for y in (hint.year - 1, hint.year, hint.year + 1) if (d := _date(y, mon, day))]
    return min(found, key=lambda d: abs((d - hint).days)) if found else None


def find_published(text: str, *, posts: Iterable[str] = (), meta: Iterable[str] = (),
                   today: _dt.date | None = None, path: str | None = None,
                   stamp_lines: Iterable[str] = (), captions: Iterable[str] = (),
                   language: str = "en"
                   ) -> tuple[str | None, str | None]:
    """The publication date found in the text and how: ``(iso, "dateline"|"text"|"filename"|"post")``.

    In order: a "Published ..." line, a date line in the article's head, a wire dateline,
    an "Updated ..." line, a dated phrase with its weekday, the date the file's name
    starts with, the latest embedded post. ``posts`` are ISO dates of embedded posts and
    ``meta`` publication lines already taken out of the text; ``stamp_lines`` and ``captions``
    the stamp lines and picture captions cleaning took out (their full dates, in the text's
    ``language``, come after the publication lines and after dated phrases). A date written without a
    year takes it from the file name when there is one ("filename": the weekday alone
    cannot tell 2021 from 2027), else from full dates and posts in the text.
    ``(None, None)`` when nothing is found.
    """
    today = today or _dt.date.today()
    latest = today + _dt.timedelta(days=1)    # a day's grace for time zones
    hint = date_from_filename(path)
    post_iso = list(posts) + post_dates(text)
    stamps = [st for ml in _meta(text, meta) for st in ml.stamps]
    strong = {int(p[:4]) for p in post_iso}
    strong |= {int(m.group("y")) for m in _FULL_DATE.finditer(text)
               if m.group("y") and int(m.group("y")) <= today.year}
    strong |= {st.year for st in stamps if st.year and st.year <= today.year}
    weak = years_mentioned(text, today)

    def stamped(label: str) -> tuple[str, str] | None:
        for st in stamps:
            if st.label != label:
                continue
            year = st.year
            if year is None and hint is not None:
                d = _near(st.month, st.day, hint)
                if d is not None:
                    return d.isoformat(), "filename"
            if year is None:
                steps = ([(strong, frozenset({st.weekday})), (None, frozenset({st.weekday}))]
                         if st.weekday is not None else [(strong, frozenset()), (None, frozenset())])
                year = _year_for(st.month, st.day, steps, today, latest)
            d = _date(year, st.month, st.day) if year else None
            if d is not None and d <= latest:
                return d.isoformat(), "dateline"
        return None

    for label in ("published", ""):
        if found := stamped(label):
            return found
    if found_stamp := stamp_date(stamp_lines, language, latest=latest):
        return found_stamp, "dateline"

    head = text[:600]
    for m in _DATELINE.finditer(head):
        if not (_CAPS_PLACE.match(m.group("place")) or m.group("agency")):
            continue
        mon, day, year = _parts(m)
        if mon is None:
            continue
        if not year and hint is not None and (d := _near(mon, day, hint)):
            return d.isoformat(), "filename"
        if not year:
            # Years of full dates in the text (and of posts) come first. A bare year
            # mentioned in passing ("since 2008") only counts when the lead's weekday
            # ("on Wednesday": the dateline's day, or the day before it) agrees.
            lead = text[m.end():m.end() + 400].split("\n", 1)[0]
            wm = _LEAD_WEEKDAY.search(lead)
            if wm:
                w = _WEEKDAYS[_fold(wm.group("wd"))]
                same, near = frozenset({w}), frozenset({w, (w + 1) % 7})
                steps = [(strong, near), (weak, same), (None, same)]
            else:
                steps = [(strong, frozenset()), (None, frozenset())]
            year = _year_for(mon, day, steps, today, latest)
        if year and (d := _date(year, mon, day)) and d <= latest:
            return d.isoformat(), "dateline"

    if found := stamped("updated"):
        return found

    for m in _WEEKDAY_DATE.finditer(text):
        mon, day, year = _parts(m)
        if mon is None:
            continue
        wd = _WEEKDAYS[_fold(m.group("wd"))]
        same = frozenset({wd})
        if not year and hint is not None:
            continue            # the file name's date is better than a guessed year
        year = year or _year_for(mon, day, [(strong, same), (weak, same), (None, same)], today)
        if year and (d := _date(year, mon, day)):
            return d.isoformat(), "text"

    if hint is not None:
        return hint.isoformat(), "filename"
    # The article is published after the pictures it shows and the posts it embeds.
    found_caption = caption_date(captions, language, latest=latest)
    if found_caption and not (post_iso and max(post_iso) > found_caption):
        return found_caption, "text"
    if post_iso:
        return max(post_iso), "post"
    return None, None


_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_DATE_ONLY = re.compile(rf"^\s*(?:{WEEKDAY},?\s+)?{DATE_ANY}\s*$", re.IGNORECASE)


def normalize_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from a metadata value, or None when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return _dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    if isinstance(value, (int, float)):  # a Unix timestamp
        try:
            return _dt.datetime.fromtimestamp(value, _dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if m := _ISO_PREFIX.match(s):
        d = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d.isoformat() if d else None
    try:  # RFC 822, as in RSS feeds and HTTP headers
        return email.utils.parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if m := _DATE_ONLY.match(s):
        mon, day, year = _parts(m)
        if mon and year and (d := _date(year, mon, day)):
            return d.isoformat()
    return _dateparser(s)


def _dateparser(s: str) -> str | None:
    """Any other full date in a metadata field, in any language dateparser knows
    ("14 novembre 2021", "14. November 2021"); imported only when needed: it is slow to load."""
    if not 6 <= len(s) <= 80 or not any(c.isdigit() for c in s):
        return None
    import dateparser
    try:
        d = dateparser.parse(s, settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                          "RETURN_AS_TIMEZONE_AWARE": False})
    except (ValueError, OverflowError, TypeError):
        return None
    return d.date().isoformat() if d else None
