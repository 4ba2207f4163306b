"""Reading numbers from tokens: digits with glued signs, symbols, scales and units,
number words, vague amounts, fractions, the unit or currency around a number, and the
qualifier before it. ``quantities.py`` assembles these into quantities.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...knowledge.data import data_path

_NUM = re.compile(r"^(?P<pre>\D*?)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?P<suf>\D.*)?$")
RANGE_TOKEN = re.compile(r"^(\d[\d,]*(?:\.\d+)?)[-–—](\d[\d,]*(?:\.\d+)?)$")
_SCALE_SUFFIX = re.compile(r"^(k|K|m|M|mn|mln|bn|b|B|tn|trn|T)(?![a-zA-Z0-9])(.*)$")
_FRACTION = re.compile(r"^[/⁄](\d+)$")
_POWER = re.compile(r"^[×x\*]10\^?([-−]?\d+)$")
_CLOCK = re.compile(r"^[:.]\d\d(?::\d\d)?$|^:\d\d|^(?:am|pm|a\.m\.?|p\.m\.?)$", re.I)
_ORDINAL = re.compile(r"^(?:st|nd|rd|th|s|'s|′s|’s)$", re.I)
_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12, "tn": 1e12,
           "trn": 1e12}
_WORD_PREFIX = {"minus-": "neg", "minus": "neg", "sub-": "at_most", "to-": "", "now-": "",
                "over-": "", "under-": "", "~": "about", "≈": "about", "+": "plus",
                "-": "neg", "−": "neg", "–": "neg"}
FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                   "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}
_NOT_RATE = frozenset({"ago", "earlier", "later", "before", "after", "on", "since", "from", "into"})


@dataclass(frozen=True)
class Lexicon:
    """Number words and units, indexed for lookups."""
    numbers: dict[str, float]
    scales: dict[str, float]
    vague: dict[str, float]
    modifiers: dict[tuple[str, ...], str]
    names: dict[str, str]
    people: frozenset[str]
    units: dict[str, tuple[str, str, str | None]]
    before: dict[str, tuple[str, str | None]]


def read_terms(name: str) -> dict[str, list[list[str]]]:
    """The rows of a tab-separated word list in the data folder, grouped by their first column."""
    out: dict[str, list[list[str]]] = {}
    with open(data_path(name), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            kind, *rest = line.rstrip("\n").split("\t")
            out.setdefault(kind, []).append(rest)
    return out


def _plural(w: str) -> str:
    if w.endswith(("s", "x", "ch", "sh")):
        return w + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return w[:-1] + "ies"
    return w + "s"


def _key(s: str) -> str:
    """Lookup key of a unit surface: short surfaces keep their case ("M" is not "m")."""
    s = " ".join(s.split())
    return s if len(s) <= 2 else s.lower()


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the word lists (once)."""
    ft = read_terms("figure_terms.tsv")
    units: dict[str, tuple[str, str, str | None]] = {}
    before: dict[str, tuple[str, str | None]] = {}
    rows = read_terms("units.tsv")
    for kind, table in rows.items():
        for norm, code, surfaces in table:
            code = None if code == "-" else code
            for s in surfaces.split("|"):
                if kind == "currency-prefix":
                    before[s] = (norm, code)
                    continue
                words = s.split(" ")
                forms = {s}
                if s[-1:].isalpha() and len(s) > 2:
                    forms.add(" ".join(words[:-1] + [_plural(words[-1])]))
                    if len(words) > 1:
                        forms.add(" ".join([_plural(words[0])] + words[1:]))
                for f in forms:
                    units.setdefault(_key(f), (kind, norm, code))
                if kind == "currency":
                    before.setdefault(_key(s), (norm, code))
    return Lexicon(
        numbers={r[0]: float(r[1]) for r in ft.get("number", [])},
        scales={r[0]: float(r[1]) for r in ft.get("scale", [])},
        vague={r[0]: float(r[1]) for r in ft.get("vague", [])},
        modifiers={tuple(r[0].split()): r[1] for r in ft.get("modifier", [])},
        names={r[0]: r[1] for r in ft.get("name", [])},
        people=frozenset(r[0] for r in ft.get("noun", [])),
        units=units, before=before)


def lookup_unit(s: str, L: Lexicon) -> tuple[str, str, str | None] | None:
    """(kind, normalised name, ISO code) of a unit surface, or None."""
    s = " ".join(s.split())
    if s.endswith(".") and len(s) > 1 and s.lower() not in L.units:
        s = s[:-1]   # a unit closing the sentence: "per sq m."
    if len(s) > 2:
        return L.units.get(s.lower())
    return L.units.get(s) or (L.units.get(s.lower()) if len(s) == 2 else None)


@dataclass
class Num:
    """A number being read: token positions, amounts, and what was found around it."""
    start: int
    num: int
    end: int
    anchor: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str = "exact"
    words: bool = False
    unit: str | None = None
    unit_norm: str | None = None
    kind: str = "count"
    currency: str | None = None
    change: str | None = None
    from_value: float | None = None
    scale: float | None = None
    noun: int | None = None
    bare: bool = True            # plain digits: no comma, point, sign or symbol
    suffix: str = ""             # text glued after the number, not yet read
    mult: float = 1.0            # the scale written after the number
    drop: bool = False           # read only to be skipped (a score, a name)


def set_money(q: Num, norm: str, code: str | None, surface: str) -> None:
    """Mark ``q`` as an amount of money in the given currency."""
    q.kind, q.unit, q.unit_norm, q.currency = "currency", surface, norm, code


def _token_number(sd, i: int, L: Lexicon) -> tuple[Num, int] | None:
    """A number written in one token, with glued sign, symbol, scale or unit."""
    t = sd[i]
    m = _NUM.match(t.text)
    if m is None:
        return None
    pre, num, suf = m.group("pre"), m.group("num"), m.group("suf") or ""
    val = float(num.replace(",", ""))
    q = Num(i, i, i + 1, i, val, val, val, bare=pre == "" and num.isdigit())
    glued = sd[i - 1].text if i and not sd[i - 1].whitespace_ and sd[i - 1].text in ("$", "US$") else ""
    if pre:
        cur = L.before.get(glued + pre) or L.before.get((glued + pre).lower())
        if pre in _WORD_PREFIX or pre.lower() in _WORD_PREFIX:
            how = _WORD_PREFIX.get(pre, _WORD_PREFIX.get(pre.lower()))
            if how == "neg":
                q.value = q.low = q.high = -val
            elif how == "plus":
                q.change = "up"
            elif how:
                q.qualifier = how
        elif cur and (pre != "PS" or "." in num or "," in num or suf):
            set_money(q, cur[0], cur[1], glued + pre)
            if glued:
                q.start = i - 1
        else:
            return None   # "CO2", "XC40", "TA-35", "M21"
    if suf:
        if _ORDINAL.match(suf) or _CLOCK.match(suf):
            return None
        f = _FRACTION.match(suf)
        p = _POWER.match(suf)
        if f:
            den = float(f.group(1))
            if den <= val or not num.isdigit():
                return None   # "24/7", dates
            q.value = q.low = q.high = val / den
            q.kind, q.bare = "fraction", False
        elif p:
            q.value = q.low = q.high = q.value * 10 ** int(p.group(1).replace("−", "-"))
            q.bare = False
        else:
            sm = _SCALE_SUFFIX.match(suf)
            if sm and (sm.group(1) not in ("m", "b", "T") or q.currency or _symbol_before(sd, i, L)
                       or sm.group(2) or (i + 1 < len(sd) and sd[i + 1].tag_ == "NNS")):
                sc = _SCALES[sm.group(1).lower()]
                q.value = q.low = q.high = q.value * sc
                q.bare, q.mult, suf = False, sc, sm.group(2)
            q.suffix = suf
    return q, i + 1


_ABBREV_ALWAYS = frozenset({"bn", "mn", "mln", "tn", "trn"})
_ABBREV_GLUED = {"m": 1e6, "M": 1e6, "k": 1e3, "K": 1e3, "b": 1e9, "B": 1e9}


def _symbol_before(sd, i: int, L: Lexicon) -> bool:
    """Whether a currency symbol stands just before token ``i`` ("HK $5.4m")."""
    return i > 0 and not sd[i - 1].is_alpha and sd[i - 1].text in L.before


def _scale_at(sd, j: int, q: Num, L: Lexicon) -> float | None:
    """The multiplier written by token ``j`` after a number, if it is one."""
    t = sd[j]
    s = t.lower_.rstrip(".")
    if s in ("hundred", "thousand", "million", "billion", "trillion", "dozen", "crore", "lakh"):
        return L.scales.get(s, {"crore": 1e7, "lakh": 1e5}.get(s))
    if q.words:
        return None
    if s in _ABBREV_ALWAYS:
        return _SCALES[s]
    glued = not sd[j - 1].whitespace_
    a = t.text.rstrip(".")
    if glued and a in _ABBREV_GLUED:
        nxt = sd[j + 1] if j + 1 < len(sd) else None
        if q.currency or _symbol_before(sd, q.start, L) or a in ("M", "B", "K", "k") \
                or nxt is not None and nxt.tag_ == "NNS":
            return _ABBREV_GLUED[a]
    return None


def read_number(sd, i: int, L: Lexicon) -> Num | None:
    """A number at token ``i``, with the scale words after it ("1.5 million", "two thousand")."""
    n = len(sd)
    w = sd[i].lower_
    if w in L.numbers or w == "zero":
        val, j = L.numbers.get(w, 0.0), i + 1
        if val >= 20 and val % 10 == 0 and j + 1 < n and sd[j].text == "-" \
                and L.numbers.get(sd[j + 1].lower_, 99) < 10:
            val, j = val + L.numbers[sd[j + 1].lower_], j + 2
        elif val >= 20 and j < n and L.numbers.get(sd[j].lower_, 99) < 10:
            val, j = val + L.numbers[sd[j].lower_], j + 1
        q = Num(i, i, j, j - 1, val, val, val, words=True, bare=False)
    elif w in ("a", "an") and i + 1 < n and sd[i + 1].lower_ in ("hundred", "thousand", "million",
                                                                "billion", "trillion", "dozen"):
        q, j = Num(i, i, i + 1, i, 1.0, 1.0, 1.0, words=True, bare=False), i + 1
    else:
        r = _token_number(sd, i, L)
        if r is None:
            return None
        q, j = r
        if q.suffix or q.kind == "fraction":
            return q
    total, cur = 0.0, q.value
    if j + 2 < n and [t.lower_ for t in sd[j:j + 3]] == ["and", "a", "half"]:
        cur, j = cur + 0.5, j + 3   # "two and a half"
    while j < n:
        sc = _scale_at(sd, j, q, L)
        if sc is None:
            break
        if sc == 100:
            cur *= 100
            if j + 2 < n and sd[j + 1].lower_ == "and" and sd[j + 2].lower_ in L.numbers:
                cur += L.numbers[sd[j + 2].lower_]
                j += 2
        else:
            total, cur = total + cur * sc, 0.0
        q.bare, q.mult = False, q.mult * sc
        j += 1
    q.value = q.low = q.high = total + cur
    q.end, q.anchor = j, j - 1
    return q


def read_unit(sd, q: Num, L: Lexicon) -> bool:
    """Read the unit or currency after the number; False when glued letters are no unit."""
    n, suf, k = len(sd), q.suffix, q.end
    best = None
    if suf:
        for cut in range(len(suf), 0, -1):
            if cut < len(suf) and suf[cut].isalnum():
                continue
            hit = lookup_unit(suf[:cut], L)
            if hit:
                best = (hit, suf[:cut], k)
                break
        if best is None:
            return suf in ("-", "–") or not any(c.isalnum() for c in suf)
        if len(best[1]) < len(suf):
            k = n   # "121ft)-long": nothing more to read
    first = k
    if not suf and k + 1 < n and sd[k].text in ("-", "–") and not sd[k - 1].whitespace_ \
            and not sd[k].whitespace_:
        first = k + 1   # "five-year", "6.1-inch"
    gap = sd[k - 1].whitespace_ if suf else ""
    for j in range(first, min(n, first + 6)):
        if sd[j].is_space:
            break
        if sd[j].is_punct and sd[j].text not in ("-", "/", "%"):
            continue   # "30 years." ends before the full stop
        text = suf + gap + sd[first:j + 1].text
        hit = lookup_unit(text, L)
        if hit:
            best = (hit, text, j + 1)
    if best is None:
        return True
    (kind, norm, code), text, end = best
    text = _undot(text, L)
    if kind == "currency":
        set_money(q, norm, code, text)
    else:
        q.kind, q.unit, q.unit_norm = kind, text, norm
    q.end = max(q.end, end)
    return True


def _undot(text: str, L: Lexicon) -> str:
    """The unit without the full stop that closed the sentence ("km/h." -> "km/h")."""
    if text.endswith(".") and text not in L.units and text.lower() not in L.units:
        return text[:-1]
    return text


def read_rate(sd, q: Num, L: Lexicon) -> None:
    """A rate after the unit: "$ per barrel", "$3,500 a month", "tests per day"."""
    n = len(sd)
    if q.currency == "USD" and q.end < n and sd[q.end].text in ("US", "U.S.", "USD"):
        q.end += 1   # "$76 US a barrel"
    e = q.end
    if not (e + 1 < n and sd[e].lower_ in ("per", "a", "an", "/", "each")):
        return
    if sd[e].lower_ in ("a", "an") and e + 2 < n and sd[e + 2].lower_ in _NOT_RATE:
        return   # "$6.78 billion a year earlier"
    for j in range(min(n, e + 4), e + 1, -1):
        if any(t.is_space for t in sd[e + 1:j]) or sd[j - 1].is_punct:
            continue
        hit = lookup_unit(sd[e + 1:j].text, L)
        if hit and hit[0] not in ("currency", "clock"):
            q.unit = (q.unit or "") + " per " + _undot(sd[e + 1:j].text, L)
            q.unit_norm = (q.unit_norm or "") + " per " + hit[1]
            q.end = j
            return
    if sd[e].lower_ in ("per", "/") and sd[e + 1].pos_ == "NOUN":
        q.unit = (q.unit or "") + " per " + sd[e + 1].text
        q.unit_norm = (q.unit_norm or "") + " per " + sd[e + 1].lemma_.lower()
        q.end = e + 2


def read_symbol(sd, q: Num, L: Lexicon) -> None:
    """A currency symbol or code written before the number: "$", "US $", "EUR", "Rs"."""
    k = q.start
    if q.currency or k == 0:
        return
    p = sd[k - 1]
    if not (not p.is_alpha or p.text.isupper() or p.text in ("Rs", "Rs.")):
        return
    hit = L.before.get(p.text) or (L.before.get(p.lower_) if len(p.text) > 2 else None)
    if hit is None:
        return
    text = p.text
    if p.text == "$" and k >= 2 and sd[k - 2].text in ("US", "HK", "A", "C", "NZ", "S", "NT", "AU"):
        two = L.before.get((sd[k - 2].text + " $").lower())
        if two:
            hit, text, k = two, sd[k - 2].text + " $", k - 1
    set_money(q, hit[0], hit[1], text)
    q.start = k - 1


def read_qualifier(sd, k: int, L: Lexicon) -> tuple[str | None, int]:
    """The qualifier written just before token ``k`` and where it starts."""
    for size in (3, 2, 1):
        if k - size >= 0:
            key = tuple(t.lower_ for t in sd[k - size:k])
            if key in L.modifiers:
                return L.modifiers[key], k - size
    return None, k


def read_vague(sd, i: int, L: Lexicon) -> Num | None:
    """"dozens", "tens of thousands", "several hundred": a lower bound of two units;
    "several people": at least three."""
    n = len(sd)
    w = sd[i].lower_
    nxt = sd[i + 1].lower_ if i + 1 < n else ""
    if w in L.vague:
        unit, end, anchor = L.vague[w], i + 1, i
        if nxt == "of" and i + 2 < n and L.vague.get(sd[i + 2].lower_, 0) > unit:
            unit, end, anchor = unit * L.vague[sd[i + 2].lower_], i + 3, i + 2
        elif w == "tens" or (w == "scores" and nxt != "of"):
            return None
        return Num(i, i, end, anchor, None, 2 * unit, None, "vague", words=True, scale=unit, bare=False)
    if w in ("several", "few", "many") and nxt in ("hundred", "thousand", "million", "billion"):
        k = {"several": 3, "few": 2, "many": 2}[w]
        sc = L.scales[nxt]
        return Num(i, i, i + 2, i + 1, None, k * sc, None, "vague", words=True, scale=sc, bare=False)
    if w == "several" and any(sd[k].tag_ == "NNS" for k in range(i + 1, min(n, i + 3))) \
            and sd[i + 1].tag_ in ("NNS", "JJ"):
        return Num(i, i, i + 1, i, None, 3, None, "vague", words=True, scale=1, bare=False)   # "several people"
    return None


def read_fraction(sd, i: int, L: Lexicon) -> Num | None:
    """"half of", "a third of", "two-thirds", "one out of three"."""
    n = len(sd)
    t = sd[i]
    w = t.lower_
    den = FRACTION_WORDS.get(w)
    prev = sd[i - 1].lower_ if i else ""
    nxt = sd[i + 1].lower_ if i + 1 < n else ""
    if den is None:
        return None
    if w in ("half", "halves"):
        if nxt in ("a", "an") and i + 2 < n and sd[i + 2].lower_ in ("dozen", "hundred", "thousand",
                                                                    "million", "billion"):
            v = 0.5 * L.scales[sd[i + 2].lower_]   # "half a million"
            return Num(i, i, i + 3, i + 2, v, v, v, words=True, bare=False)
        if prev in ("first", "second", "other", "latter", "former", "the", "this", "that") \
                or nxt in ("-", "time", "hour", "century", "decade", "year", "term"):
            return None
        return Num(i, i, i + 1, i, 0.5, 0.5, 0.5, words=True, kind="fraction", bare=False)
    if w.endswith("s"):
        if i >= 2 and sd[i - 1].text == "-":
            num, start = L.numbers.get(sd[i - 2].lower_), i - 2
        else:
            num, start = L.numbers.get(prev), i - 1
        if w == "quarters" and nxt != "of":
            return None   # "the past two quarters"
    else:
        if i >= 2 and sd[i - 1].text == "-":
            prev, start = sd[i - 2].lower_, i - 2
        else:
            start = i - 1
        if prev not in ("a", "one") or nxt != "of":
            return None
        num = 1.0
    if num is None:
        return None
    v = num / den
    return Num(start, start, i + 1, i, v, v, v, words=True, kind="fraction", bare=False)
