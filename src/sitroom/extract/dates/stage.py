"""Date expressions, resolved against the publication date.

Patterns find absolute dates ("November 14, 2021", "14 Nov", "in 2020") and
relative ones ("on Sunday", "yesterday", "last month", "three days ago"). Week
expressions ("this week", "two weeks ago") are no day, month or year and are left out.
"A day earlier" and "the following year" count from the latest date named before them
(their ``anchor`` is that date's text). Relative
expressions are anchored on ``doc.published``; without it they are dropped rather
than guessed. A bare weekday is the most recent such day (the publication day
itself included) unless its clause speaks of the future ("will", "are due to",
"next"), in which case it is the coming one. Durations ("for three days", "nearly
30 years") match no pattern and so are never dates.
"""
from __future__ import annotations

import datetime as dt
import re

from ...stages import register
from ...records import DateRef, Document, Span
from ...resources import Resources

WEEKDAYS = {d: i for i, d in enumerate(
    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
MONTHS = {m.lower(): i for i, m in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({m[:3].lower(): i for i, m in enumerate(_MONTH_NAMES, 1)})
MONTHS["sept"] = 9
_NUMBERS = {w: i for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve".split(), 1)}
_NUMBERS["a"] = 1

_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|"
        r"November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
_FULLMON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|"
            r"November|December)")
_PRE = (r"(?:(?P<pre>[Oo]n|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Ss]ince|[Uu]ntil|[Bb]y|"
        r"(?:[Oo]n\s+)?(?:the\s+)?[Cc]oming)\s+)?")
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# "29-30 November": a night or span of days is dated by its first day
_DAYS = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-–]\s*[0-3]?\d(?:st|nd|rd|th)?)?"
_NUM = r"(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# (kind, pattern); when matches overlap the longest wins.
_PATTERNS = [(k, re.compile(p)) for k, p in (
    ("mdy", r"\b" + _PRE + r"(?:" + _WD + r",?\s+)?" + _MON + r"\s+" + _DAY + r"\b(?!:|\.\d)"
            r"(?:,?\s+" + _YEAR + r"\b)?"),
    # "on Sunday (Oct 30)": the weekday with its date in brackets is one expression
    ("mdy", r"\b" + _PRE + _WD + r"\s*\(\s*" + _MON + r"\s+" + _DAY + r"\s*\)"),
    ("dmy", r"\b" + _PRE + r"(?:" + _WD + r",?\s+)?(?:the\s+)?(?<![\d.,])" + _DAYS + r"\s+(?:of\s+)?" + _MON
            + r"(?![a-z])(?:,?\s+" + _YEAR + r"\b)?"),
    ("my", r"(?:(?P<pre>[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?)\s+)?" + _FULLMON
           + r",?\s+" + _YEAR + r"\b"),
    ("m", r"(?P<pre>\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Tt]hrough|[Bb]y|[Ee]arly|[Ll]ate|[Ll]ast|[Nn]ext|[Tt]his|"
          r"[Dd]uring|[Ee]arlier this|[Ll]ater this)|[Mm]id-)\s*" + _FULLMON + r"\b(?!\s*\d|'s|’s)"),
    # "last August's election": the month of a named event
    ("m", r"(?P<pre>\b(?:[Ll]ast|[Nn]ext|[Tt]his))\s+" + _FULLMON + r"(?=['’]s\b)"),
    ("mrel", r"\b(?:(?P<pre>[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate)\s+)?" + _FULLMON
             + r"\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b"),
    ("y", r"\b(?P<pre>[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Bb]efore|[Aa]fter|[Dd]uring|[Ee]arly|[Ll]ate|[Ff]or)\s+"
          + _YEAR + r"\b(?![,.]?\d)"),
    ("iso", r"(?<![\w-])(?P<year>\d{4})-(?P<mnum>\d\d)-(?P<day>\d\d)(?![\w-])"),
    ("wd", r"\b" + _PRE + _WD + r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b"),
    ("rel", r"(?i:\b(?P<rel>yesterday|today|tomorrow|tonight|last night|"
            r"this (?:morning|afternoon|evening))\b)"),
    ("period", r"(?i:\b(?P<pre>(?:earlier |later )?this|last|next)\s+(?P<unit>week|month|year)\b)"),
    ("edge", r"(?i:\b(?:(?:at|by|until|till|from|since|toward|towards|before|after)\s+)?the\s+"
             r"(?P<edge>start|beginning|end|middle)\s+of\s+(?P<pre>the|this|last|next)\s+"
             r"(?P<unit>week|month|year)\b)"),
    ("ago", r"(?i:\b" + _NUM + r"\s+(?P<unit>day|week|month|year)s?\s+ago\b)"),
    # dated from the latest date before them in the text: "a day earlier", "the following year"
    ("after", r"(?i:\b" + _NUM + r"\s+(?P<unit>day|month|year)s?\s+(?P<dir>earlier|later|before)\b)"),
    ("after", r"(?i:\bthe\s+(?P<dir>following|next|previous|preceding)\s+(?P<unit>day|month|year)\b)"),
    # a bare year naming what it dates: "the 1971 war", "a 2012 insurrection"
    ("ybare", r"(?<![\w.,-])" + _YEAR + r"(?![\w.,-]?\d|s\b|[-–])"),
)]

# Verbs and adjectives that put the clause they govern in the future ("are due to meet").
_FUTURE_HEADS = {"due", "set", "expect", "expected", "schedule", "scheduled", "slate", "slated",
                 "plan", "intend", "aim", "poise", "poised", "going", "prepare", "hope", "want",
                 "agree", "promise", "vow", "threaten", "decide"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "'d"}
_PRE_WORDS = {"on", "last", "next", "this", "early", "late", "since", "by", "until"}
# Prepositions that bound a period from either side of the anchor ("until March").
_BOUND_PRE = {"until", "till", "through", "by"}
_NAMED_ENTS = {"ORG", "WORK_OF_ART", "EVENT", "FAC", "PERSON", "PRODUCT", "LAW"}


def _is_future(sdoc, start: int, end: int) -> bool:
    """Whether the clause governing the span at ``start:end`` is in the future or planned."""
    if sdoc is None:
        return False
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    # "said on Friday it would ...": a date right after a past-tense verb belongs to it,
    # whatever the parser attached it to.
    if span.start > 0 and sdoc[span.start - 1].tag_ == "VBD":
        return False
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    for _ in range(3):
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        low = [a.lower_ for a in auxes]
        if any(a in ("will", "shall", "'ll", "wo") for a in low) or \
                any(a in _FUTURE_AUX for a in low) and "have" not in low:
            return True
        # a present-tense copula: "the vote is on Sunday"
        if tok.lemma_ == "be" and tok.tag_ in ("VBZ", "VBP") and tok.dep_ in ("ROOT", "ccomp"):
            return True
        # present progressive: "ministers are meeting on Monday"
        if tok.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") and a.lemma_ == "be" for a in auxes):
            return True
        if tok.dep_ not in ("xcomp", "ccomp", "advcl", "conj") or tok.head is tok:
            return False
        head = tok.head
        # "going" only as a form: "went to vote on Monday" is past
        if tok.dep_ == "xcomp" and head.lemma_ != "go" and (
                head.lemma_.lower() in _FUTURE_HEADS or head.lower_ in _FUTURE_HEADS) \
                or tok.dep_ == "xcomp" and head.lower_ == "going":
            return True
        # "is to meet": a present-tense "be" governing an infinitive
        if tok.dep_ == "xcomp" and head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP"):
            return True
        tok = head
    return False


def _weekday(anchor: dt.date, wd: int, pre: str, future: bool) -> dt.date:
    if pre == "last":
        return anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7 or 7)
    if pre == "next":
        return anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    if future:
        return anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7)


def _closest_year(anchor: dt.date, month: int, day: int) -> dt.date | None:
    best = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((d - anchor).days) < abs((best - anchor).days):
            best = d
    return best


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    m = year * 12 + (month - 1) + delta
    return m // 12, m % 12 + 1


def _resolve(kind: str, g: dict, anchor: dt.date | None, future: bool) -> tuple[str, str, str] | None:
    """(value, granularity, anchor label) for one match, or None when it cannot be resolved."""
    pre = (g.get("pre") or "").lower()
    if kind in ("mdy", "dmy", "iso"):
        month = int(g["mnum"]) if kind == "iso" else MONTHS[g["mon"].rstrip(".").lower()]
        day = int(g["day"])
        if g.get("year"):
            try:
                return dt.date(int(g["year"]), month, day).isoformat(), "day", "absolute"
            except ValueError:
                return None
        if anchor is None or not 1 <= day <= 31:
            return None
        d = _closest_year(anchor, month, day)
        return (d.isoformat(), "day", "published") if d else None
    if kind == "my":
        return f"{int(g['year']):04d}-{MONTHS[g['mon'].lower()]:02d}", "month", "absolute"
    if kind in ("y", "ybare"):
        return g["year"], "year", "absolute"
    if kind == "mrel":
        if anchor is None:
            return None
        year = anchor.year + {"last": -1, "next": 1}.get(g["rel"].lower(), 0)
        return f"{year:04d}-{MONTHS[g['mon'].lower()]:02d}", "month", "published"
    if anchor is None:
        return None
    if kind == "m":
        month = MONTHS[g["mon"].lower()]
        y, m = anchor.year, anchor.month
        if pre in _BOUND_PRE and not future:
            # "until March" bounds a state that in news copy mostly runs on past the report
            # ("extended the ban until March"): the nearer March, the coming one on a tie.
            ahead, back = (month - m) % 12, (m - month) % 12
            year = y + (1 if month < m else 0) if ahead <= back else y - (1 if month > m else 0)
            return f"{year:04d}-{month:02d}", "month", "published"
        if pre == "next" or (future and pre not in ("last", "since")):
            later = month > m or (month == m and pre != "next")
            return f"{y if later else y + 1:04d}-{month:02d}", "month", "published"
        if pre == "last":
            # "last August": the one of the year before ("since last August's election")
            return f"{y - 1:04d}-{month:02d}", "month", "published"
        earlier = month <= m
        return f"{y if earlier else y - 1:04d}-{month:02d}", "month", "published"
    if kind == "wd":
        d = _weekday(anchor, WEEKDAYS[g["wd"]], pre, future)
        return d.isoformat(), "day", "published"
    if kind == "rel":
        rel = g["rel"].lower()
        delta = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(rel, 0)
        return (anchor + dt.timedelta(days=delta)).isoformat(), "day", "published"
    if kind in ("period", "ago"):
        unit = g["unit"].lower()
        if kind == "period":
            n = {"last": -1, "next": 1}.get(pre, 0)
        else:
            n = -_NUMBERS.get(g["n"].lower(), 0) if not g["n"].isdigit() else -int(g["n"])
        if unit == "day":
            return (anchor + dt.timedelta(days=n)).isoformat(), "day", "published"
        if unit == "month":
            y, m = _month_shift(anchor.year, anchor.month, n)
            return f"{y:04d}-{m:02d}", "month", "published"
        return f"{anchor.year + n:04d}", "year", "published"
    if kind == "edge":
        return _edge(anchor, g["edge"].lower(), pre, g["unit"].lower())
    return None


# Day of the working week an edge of a week names: its Monday, Wednesday or Friday.
_WEEK_EDGE = {"start": 0, "beginning": 0, "middle": 2, "end": 4}


def _edge(anchor: dt.date, edge: str, pre: str, unit: str) -> tuple[str, str, str]:
    """'the start of the week', 'the end of last month': the day for a week's edge, else
    the month or year itself."""
    n = {"last": -1, "next": 1}.get(pre, 0)
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=n)
        return (monday + dt.timedelta(days=_WEEK_EDGE[edge])).isoformat(), "day", "published"
    if unit == "month":
        y, m = _month_shift(anchor.year, anchor.month, n)
        return f"{y:04d}-{m:02d}", "month", "published"
    return f"{anchor.year + n:04d}", "year", "published"


def _in_name(sdoc, start: int, end: int) -> bool:
    """Whether the match is part of a name ("Bloody Sunday", "the Sunday Times")."""
    if sdoc is None:
        return False
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    for tok in span:
        if tok.ent_type_ in _NAMED_ENTS:
            return True
    prev = sdoc[span.start - 1] if span.start > 0 else None
    if prev is None or not prev.is_title or prev.lower_ in _PRE_WORDS:
        return False
    # A capitalised word before the weekday names a day ("Good Friday"); at the start of a
    # sentence only an adjective or noun does, not "Every" or "Before".
    return not prev.is_sent_start or prev.pos_ in ("ADJ", "PROPN", "NOUN")


def _matches(text: str) -> list[tuple[int, int, str, dict]]:
    found = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), kind, m.groupdict()))
    # Longest first; among equals the earlier pattern in the list.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: list[tuple[int, int, str, dict]] = []
    for f in found:
        if all(f[1] <= t[0] or f[0] >= t[1] for t in taken):
            taken.append(f)
    taken.sort(key=lambda f: f[0])
    return taken


def find_dates(text: str, published: str | dt.date | None, sdoc=None,
               doc_id: str = "") -> list[DateRef]:
    """Every resolvable date expression in ``text`` (``sdoc``: its spaCy parse, for tense)."""
    if isinstance(published, str):
        try:
            anchor: dt.date | None = dt.date.fromisoformat(published[:10])
        except ValueError:
            anchor = None
    else:
        anchor = published
    out: list[DateRef] = []
    for start, end, kind, g in _matches(text):
        if g.get("unit") and g["unit"].lower() == "week" and kind in ("period", "ago"):
            continue   # a week is no day, month or year: "this week", "two weeks ago"
        if kind in ("wd", "m", "rel") and _in_name(sdoc, start + _pre_len(g, text, start), end):
            continue
        if kind == "y" and _counts_something(sdoc, start, end):
            continue
        if kind == "ybare" and not _names_a_year(sdoc, start, end, anchor):
            continue
        pre = (g.get("pre") or "").lower()
        if "coming" in pre:
            g = dict(g, pre="")
            pre, future = "", True
        else:
            future = kind in ("wd", "m") and pre not in ("last", "next", "since") \
                and _is_future(sdoc, start, end)
        if kind == "after":
            res = _after(g, out, anchor)
        else:
            res = _resolve(kind, g, anchor, future)
        if res is None:
            continue
        value, gran, label = res
        out.append(DateRef(Span(doc_id, start, end), text[start:end], value, gran, label))
    return out


_GRAN = {"day": 3, "month": 2, "year": 1}


def _after(g: dict, before: list[DateRef], anchor: dt.date | None) -> tuple[str, str, str] | None:
    """"a day earlier", "the following year": counted from the latest date named before it
    that is at least as fine as the unit (its text is the anchor), else from publication."""
    unit = g["unit"].lower()
    direction = g["dir"].lower()
    n = 1 if "n" not in g or g["n"] is None else (
        int(g["n"]) if g["n"].isdigit() else _NUMBERS.get(g["n"].lower(), 1))
    if direction in ("earlier", "before", "previous", "preceding"):
        n = -n
    base, label = None, "published"
    for d in reversed(before):
        if _GRAN.get(d.granularity, 0) >= _GRAN[unit] and d.anchor != "post":
            base, label = d, d.text
            break
    if base is None:
        if anchor is None:
            return None
        y, m, day = anchor.year, anchor.month, anchor.day
    else:
        parts = [int(x) for x in base.value.split("-")]
        y, m, day = (parts + [1, 1])[:3]
    if unit == "year":
        return f"{y + n:04d}", "year", label
    if unit == "month":
        y2, m2 = _month_shift(y, m, n)
        return f"{y2:04d}-{m2:02d}", "month", label
    return (dt.date(y, m, day) + dt.timedelta(days=n)).isoformat(), "day", label


def _names_a_year(sdoc, start: int, end: int, anchor: dt.date | None) -> bool:
    """A bare four-digit number is a year when it modifies a noun in the singular ("the 1971
    war", "a 2012 insurrection"), not when it counts one ("2000 people")."""
    if sdoc is None:
        return False
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    t = span[0]
    year = int(t.text)
    if year > (anchor.year if anchor else dt.date.today().year) + 10:
        return False
    nxt = sdoc[t.i + 1] if t.i + 1 < len(sdoc) else None
    prev = sdoc[t.i - 1] if t.i > 0 else None
    if nxt is None or nxt.tag_ not in ("NN", "NNP") or nxt.is_punct or nxt.like_num:
        return False
    if nxt.lower_ in {"km", "kilometres", "kilometers", "miles", "metres", "meters", "euros",
                      "dollars", "tonnes", "tons", "people", "percent"}:
        return False
    return prev is not None and (prev.pos_ == "DET" or prev.tag_ in ("PRP$", "POS"))


def _pre_len(g: dict, text: str, start: int) -> int:
    pre = g.get("pre")
    if not pre or not text.startswith(pre, start):
        return 0
    n = len(pre)
    while start + n < len(text) and text[start + n].isspace():
        n += 1
    return n


def _counts_something(sdoc, start: int, end: int) -> bool:
    """"in 2000 cases": the four digits count a noun rather than name a year."""
    if sdoc is None:
        return False
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    last = span[-1]
    return last.dep_ == "nummod" and last.head.pos_ == "NOUN" and last.head.i > last.i


def post_dates(doc: Document) -> list[DateRef]:
    """The dates of embedded posts, spanning the post's text (their signature line is removed)."""
    out = []
    for post in doc.posts:
        if not post.date:
            continue
        text = post.date
        for r in doc.removed:
            if r.kind == "post-signature" and (post.handle or post.author or "\0") in r.text:
                found = [d for d in find_dates(r.text, None) if d.value == post.date]
                if found:
                    text = found[0].text
                    break
        gran = {10: "day", 7: "month", 4: "year"}.get(len(post.date), "day")
        out.append(DateRef(post.span, text, post.date, gran, "post"))
    return out


@register("dates", requires=("nlp",), assigns=("dates",))
def dates(doc: Document, res: Resources) -> dict:
    """Find and resolve the document's date expressions, and the dates of embedded posts."""
    refs = find_dates(doc.clean_text, doc.published, doc.nlp, doc.id) + post_dates(doc)
    refs.sort(key=lambda r: (r.span.start, r.span.end))
    return {"dates": tuple(refs)}
