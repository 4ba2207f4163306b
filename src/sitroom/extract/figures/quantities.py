"""Quantities: every number in a text with its value, bounds, unit and change.

One pass over the tokens reads number expressions: digits with glued signs, symbols,
scales and units ("-50.8bn", "$US55,931,000", "640bhp"), number words ("four hundred
million", "twenty-five"), vague amounts ("dozens", "tens of thousands"), fractions
("two-thirds", "one out of three"), ranges ("15-22", "between 5% and 6%", "$200 to
$4 million") and changes ("from 4.8 to 4.7 percent"). It reads the unit or counted noun
after the number, the qualifier before it ("more than", "nearly") and the verb it
measures ("rose 3%" is a rise), and drops what is no quantity: dates, years, times of
day, ordinals, scores and numbers inside names ("iPhone 11", "Article 5"). Word lists
live in ``data/units.tsv`` and ``data/figure_terms.tsv``.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...resources import MODELS, load_model
from .numbers import (FRACTION_WORDS, RANGE_TOKEN, Lexicon, Num, lexicon, lookup_unit,
                      read_fraction, read_number, read_qualifier, read_rate, read_symbol, read_unit,
                      read_vague, set_money)

_MONTHS = frozenset("january february march april may june july august september october "
                    "november december jan feb mar apr jun jul aug sep sept oct nov dec".split())
_YEAR_PREPS = frozenset({"in", "since", "by", "until", "before", "after", "during", "of", "from",
                         "between", "to", "and", "through", "early", "late", "mid", "spring",
                         "summer", "autumn", "winter", "fall"})
_UP = frozenset({"rise", "gain", "climb", "jump", "increase", "grow", "surge", "soar", "advance",
                 "rally", "boost", "raise", "lift", "rebound", "widen", "expand", "swell",
                 "spike", "improve", "up", "accelerate", "balloon", "double", "hike", "rocket"})
_DOWN = frozenset({"fall", "drop", "decline", "decrease", "slip", "slide", "lose", "plunge",
                   "plummet", "tumble", "sink", "shed", "dip", "shrink", "cut", "reduce", "lower",
                   "ease", "slump", "retreat", "dive", "crash", "down", "narrow", "contract",
                   "fell", "slash", "trim", "sag", "erode"})
_CHANGE_VERBS = _UP | _DOWN | {"go", "move", "change", "revise", "adjust", "bring", "push",
                               "forecast", "slow", "take", "reach"}
_QUALIFIER_CHANGE = {"exact": "=", "about": "~", "at_least": ">", "at_most": "<", "vague": "=",
                     "range": "="}
_REFERRING = frozenset({"the", "these", "those", "all", "top", "bottom", "other", "last", "first",
                        "next", "its", "their", "his", "her", "our", "both"})
_NOT_ONE = frozenset({"the", "this", "that", "no", "any", "each", "every", "which", "same",
                      "another", "only", "last", "next", "first", "little", "'s", "’s"})


@dataclass(frozen=True)
class Quantity:
    """A number in the text with what it measures."""
    start: int                   # character offsets: qualifier, symbol, number and unit
    end: int
    text: str
    value: float | None          # the number stated; "from A to B": B; None for ranges and vague amounts
    low: float | None            # bounds: "at least 10" -> 10..None; "dozens" -> 24..None
    high: float | None
    qualifier: str               # exact | at_least | at_most | about | range | vague
    change: str                  # = ~ > < up down
    unit: str | None             # as written: "%", "miles per hour", "$", "workers"
    unit_norm: str | None        # canonical: "percentage", "mile per hour", "dollar", "worker"
    kind: str                    # count | money | percent | time | age | length | ratio | fraction ...
    currency: str | None = None  # ISO 4217 code of money
    from_value: float | None = None   # "from A to B": A
    scale: float | None = None   # vague amounts: the amount counted in ("dozens" -> 12)
    words: bool = False          # the number is written in words
    tok_start: int = 0           # token indices: expression start, number start, end, anchor
    tok_num: int = 0
    tok_end: int = 0
    anchor: int = 0
    noun: int | None = None      # token index of the counted noun


def _side(sd, i: int, L: Lexicon) -> Num | None:
    """One number with its symbol before and its unit after."""
    if sd[i].lower_ in L.numbers or sd[i].lower_ in ("a", "an", "zero") or any(c.isdigit() for c in sd[i].text):
        q = read_number(sd, i, L)
    else:
        return None
    if q is None or not read_unit(sd, q, L):
        return None
    read_symbol(sd, q, L)
    if q.unit or q.currency:
        read_rate(sd, q, L)
    return q


def _compatible(a: Num, b: Num) -> bool:
    """Whether two numbers joined by "to" or "-" can form one range: same unit, or the unit only after the second."""
    if a.unit_norm is None and a.currency is None:
        return True
    return a.unit_norm == b.unit_norm or (b.unit_norm or "").startswith(f"{a.unit_norm} per ")


def _is_change(prep) -> bool:
    """Whether "from A to B" under this preposition reports a change (B is the new value)."""
    h = prep.head
    return h.lemma_.lower() in _CHANGE_VERBS or h.i != prep.i and h.head.lemma_.lower() in _CHANGE_VERBS


def _yearlike(q: Num) -> bool:
    return q.bare and q.value is not None and 1000 <= q.value <= 2100


def _expression(sd, i: int, L: Lexicon) -> Num | None:
    """The quantity starting at token ``i``: number, symbol, unit, qualifier, range."""
    n = len(sd)
    q = read_vague(sd, i, L)
    if q is None:
        m = RANGE_TOKEN.match(sd[i].text)
        if m:
            a, b = (float(g.replace(",", "")) for g in m.groups())
            q = Num(i, i, i + 1, i, None, a, b, "range", bare=False)
            if a >= b:
                q.drop = True   # a score: "2-0"
            if not read_unit(sd, q, L):
                return None
            read_symbol(sd, q, L)
        else:
            q = _side(sd, i, L)
            if q is None:
                return None
    if q.qualifier == "vague":
        if q.end < n and sd[q.end].lower_ == "of":
            for j in range(q.end + 1, min(n, q.end + 4)):
                hit = lookup_unit(sd[j].text, L)
                if hit and hit[0] == "currency":   # "tens of millions of dollars"
                    set_money(q, hit[1], hit[2], sd[j].text)
                    break
    # a range or a change: "3 to 5", "3-5", "between 3 and 5", "two or three", "from 3 to 5"
    j = q.end
    prev_i = q.start - 1
    mod, mstart = read_qualifier(sd, q.start, L)
    if mod:
        prev_i = mstart - 1
    prev = sd[prev_i].lower_ if prev_i >= 0 else ""
    conn = sd[j].lower_ if j < n else ""
    k2 = j + 1
    if j < n and sd[j].text.startswith("to-"):
        conn, k2 = "to", j   # "200,000 to-260,000"
    if k2 + 1 < n and not sd[k2].is_alpha and sd[k2].text in L.before:
        k2 += 1   # "$62 and $68"
    elif k2 + 2 < n and sd[k2 + 1].text == "$" and sd[k2].text in ("US", "HK", "A", "C", "NZ", "S"):
        k2 += 2
    if q.qualifier in ("exact", "about") and not q.drop and conn in ("to", "-", "–", "—", "and", "or") \
            and k2 < n and (conn != "and" or prev == "between") and (conn != "or" or q.words) \
            and not (_yearlike(q) and conn != "and"):
        q2 = _side(sd, k2, L)
        if q2 is not None and q2.kind != "fraction" and _compatible(q, q2):
            if q2.mult > 1 and q.mult == 1 and q.value * q2.mult <= q2.value:
                q.value *= q2.mult   # "3 to 5 million", "$89 to $93 billion"
            changed = prev in ("by", "up", "down") or sd[prev_i].lemma_.lower() in _UP | _DOWN \
                if prev_i >= 0 else False
            if changed and (q.unit_norm or q.currency) and conn == "to":
                pass   # "increased by $43.6 billion to $419.2 billion": two quantities
            else:
                if q2.unit_norm or q2.currency:
                    q.kind, q.unit, q.unit_norm, q.currency = q2.kind, q2.unit, q2.unit_norm, q2.currency
                q.end, q.anchor, q.noun = q2.end, q2.anchor, None
                if prev == "from" and conn == "to" and (q.value > q2.value or _is_change(sd[prev_i])) \
                        or (conn == "to" and q.value > q2.value and q.unit_norm is not None):
                    q.from_value = q.value
                    q.value = q.low = q.high = q2.value
                elif q.value < q2.value:
                    if q.qualifier == "about":
                        q.change = "~"
                    q.low, q.high, q.value, q.qualifier = q.value, q2.value, None, "range"
                else:
                    q.drop = True   # "89-89"
    elif q.qualifier == "exact" and j + 2 < n and (
            conn == "out" and sd[j + 1].lower_ == "of" or conn == "in" and q.value == 1):
        q2 = _side(sd, j + 2 if conn == "out" else j + 1, L)
        if q2 is not None and q2.value and q2.value > q.value and q2.unit is None and q2.value <= 1000:
            q.value = q.low = q.high = q.value / q2.value
            q.kind, q.end, q.anchor = "fraction", q2.end, q2.anchor
    # the qualifier before: "more than", "nearly", "up to"
    if mod and q.qualifier == "exact" and q.from_value is None:
        q.qualifier, q.start = mod, mstart
        if mod == "at_least":
            q.high = None
        elif mod == "at_most":
            q.low = None
    elif mod and q.qualifier == "range":
        q.start = mstart
        if mod == "about":
            q.change = "~"
    if q.start > 0 and sd[q.start - 1].lower_ == "minus" and q.value is not None and q.value > 0:
        q.value = q.low = q.high = -q.value
        q.start -= 1
    return q


def _noun(sd, q: Num):
    """The counted noun of a unitless number: "120 migrants", "dozens of people"."""
    n = len(sd)
    a = sd[q.anchor]
    j = q.end
    if j < n and sd[j].lower_ == "of":
        for c in sd[j].children:
            if c.dep_ == "pobj":
                return c if c.pos_ in ("NOUN", "PROPN") else None
        for k in range(j + 1, min(n, j + 5)):
            if sd[k].pos_ in ("NOUN", "PROPN", "PRON"):
                return sd[k] if sd[k].pos_ != "PRON" else None
        return None
    h = a.head
    if h is not a and q.end <= h.i <= q.end + 4 and h.pos_ in ("NOUN", "PROPN") \
            and a.dep_ in ("nummod", "quantmod", "compound", "nmod", "amod", "npadvmod") \
            and not any(t.is_space for t in sd[q.end:h.i]):
        return h
    k = j
    while k < n and k - j < 4:
        x = sd[k]
        if any(c.isdigit() for c in x.text):
            break
        if x.pos_ == "NOUN" or x.tag_ == "NNPS":
            nxt = sd[k + 1] if k + 1 < n else None
            if nxt is not None and (nxt.pos_ == "NOUN" or nxt.tag_ == "NNPS") and x.tag_ in ("NN", "NNP"):
                k += 1
                continue
            return x
        if x.pos_ in ("ADJ", "PROPN") or x.tag_ in ("HYPH", "VBN"):
            k += 1
            continue
        break
    return None


def _is_year(sd, q: Num, L: Lexicon, noun) -> bool:
    prev = sd[q.start - 1] if q.start else None
    if q.bare and q.value is not None and 2100 < q.value < 2200 and q.unit is None \
            and prev is not None and prev.lower_ in _YEAR_PREPS:
        return True   # "by 2120"
    if not (q.bare and q.value is not None and 1000 <= q.value <= 2100 and q.unit is None
            and q.currency is None and q.qualifier in ("exact", "range") and q.from_value is None):
        return False
    if noun is None or noun.lemma_.lower() not in L.people:
        return True
    return prev is not None and prev.lower_ in _YEAR_PREPS


def _dropped(sd, q: Num, L: Lexicon, noun) -> bool:
    """Dates, years, times of day, names and phone numbers: numbers that are no quantity."""
    if q.drop or q.kind == "clock":
        return True
    n = len(sd)
    prev = sd[q.num - 1] if q.num else None
    after = sd[q.end] if q.end < n else None
    plain = q.unit is None and q.currency is None and q.kind == "count"
    if plain and any(x is not None and x.text[:1].isupper() and x.lower_.rstrip(".") in _MONTHS
                     for x in (prev, after)):
        return True   # "September 8", "8 July"
    if prev is not None and prev.lower_ == "," and q.num >= 2 and sd[q.num - 2].like_num \
            and q.num >= 3 and sd[q.num - 3].lower_.rstrip(".") in _MONTHS \
            and q.value is not None and 1000 <= q.value <= 2100:
        return True   # "July 4, 2016", not "on Aug. 10, 283 people were detained"
    if _is_year(sd, q, L, noun):
        return True
    if q.qualifier == "range" and q.low and 1000 <= q.low <= 2100 and q.high <= 2100 and plain \
            and float(q.low).is_integer() and prev is not None and prev.lower_ in ("between", "from"):
        return True   # "between 1600 and 1900"
    if q.words and q.unit_norm in ("year", "month", "week", "day") and q.end - q.num == 3 \
            and sd[q.num + 1].text == "-":
        return True   # "a five-year plan": a description
    if not plain:
        return False
    if prev is not None and (prev.lower_.rstrip(".") in L.names or prev.lemma_.lower() in L.names) \
            and L.names.get(prev.lower_.rstrip("."), L.names.get(prev.lemma_.lower())) == "ref":
        return True   # "Article 5", "No. 10"
    lead = sd[q.start - 1] if q.start else None
    if noun is None and lead is not None and _named(lead) and not lead.is_sent_start \
            and lead.whitespace_ and lead.tag_ != "NNPS" and lead.ent_type_ != "NORP" \
            and not _title_case(sd, q.num):
        return True   # "iPhone 11", "Big 12", "S&P 500"
    if q.bare and after is not None and _named(after) and after.ent_type_ != "NORP" \
            and after.tag_ != "NNPS" and not after.text.endswith("s") and not _title_case(sd, q.num):
        return True   # "737 Max", "575 Wilbraham Road", "iPhone 11 Pro"
    if q.words and noun is None and q.end < n and sd[q.end].lower_ != "of" \
            and lead is not None and lead.lower_ in _REFERRING:
        return True   # "the bottom three", "all four": they refer, they do not measure
    if q.bare and (after is not None and after.text.isdigit() or prev is not None and prev.text.isdigit()):
        return True   # phone numbers, codes
    return False


def _title_case(sd, i: int) -> bool:
    """Whether the line of token ``i`` is a headline in title case ("Poland Sends 500 More Troops")."""
    lo = hi = i
    while lo > 0 and i - lo < 20 and not ("\n" in sd[lo - 1].text or "\n" in sd[lo - 1].whitespace_):
        lo -= 1
    while hi + 1 < len(sd) and hi - i < 20 and not ("\n" in sd[hi].whitespace_ or "\n" in sd[hi + 1].text):
        hi += 1
    if hi - lo > 25 or sd[hi].text in (".", "!", "?"):
        return False   # a sentence of the body
    words = [t for t in sd[lo:hi + 1] if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.75 * len(words)


def _named(t) -> bool:
    """A word written as a name: capitalised or mixed case ("Pro", "iPhone", "S&P")."""
    return any(c.isupper() for c in t.text) and (t.is_alpha or "&" in t.text) \
        and t.lower_.rstrip(".") not in _MONTHS


def _change(sd, q: Num) -> str:
    """NewsQuant's change mark: up / down when the number measures a rise or fall, else the qualifier's."""
    if q.change in ("up", "down"):
        return q.change
    if q.value is not None and q.value < 0 and q.kind == "percent":
        return "down"
    before = sd[q.start - 1] if q.start else None
    if before is not None and before.lower_ in ("up", "down") or \
            before is not None and before.lower_ in ("higher", "lower"):
        return "up" if before.lower_ in ("up", "higher") else "down"
    t = sd[q.anchor]
    seen = 0
    while t.dep_ in ("nummod", "quantmod", "compound", "nmod", "amod") and t.head is not t and seen < 3:
        t, seen = t.head, seen + 1
    v = None
    if t.dep_ in ("dobj", "npadvmod", "advmod", "attr", "nsubj") and t.head.pos_ in ("VERB", "AUX"):
        v = t.head if t.dep_ != "nsubj" else None
    elif t.dep_ == "pobj" and t.head.lower_ == "by":
        v = t.head.head
    if v is not None:
        lem = v.lemma_.lower()
        if lem in _UP:
            return "up"
        if lem in _DOWN:
            return "down"
    if q.change:
        return q.change
    return _QUALIFIER_CHANGE.get(q.qualifier, "=")


def _candidate(t, L: Lexicon) -> bool:
    w = t.lower_
    return (any(c.isdigit() for c in t.text) or w in L.numbers or w in L.vague or w == "zero"
            or w in ("a", "an", "several", "few", "many") or w in FRACTION_WORDS)


def scan(sd) -> list[Quantity]:
    """All quantities of a parsed spaCy Doc, in text order."""
    L = lexicon()
    found: list[Num] = []
    i, n = 0, len(sd)
    while i < n:
        t = sd[i]
        if t.is_space or t.is_punct and t.text not in ("~", "+", "-", "−", "$", "€", "£", "¥") \
                or not _candidate(t, L):
            i += 1
            continue
        w = t.lower_
        q = None
        if w in FRACTION_WORDS:
            q = read_fraction(sd, i, L)
        elif i + 1 < n and w in ("a", "one") | L.numbers.keys():
            k = i + 2 if i + 2 < n and sd[i + 1].text == "-" else i + 1
            if sd[k].lower_ in FRACTION_WORDS and sd[k].lower_ not in ("half", "halves"):
                q = read_fraction(sd, k, L)
        if q is None:
            q = _expression(sd, i, L)
        if q is None:
            i += 1
            continue
        i = max(q.end, i + 1)
        noun = None
        if q.unit is None and q.currency is None and q.kind == "count":
            noun = _noun(sd, q)
            q.noun = noun.i if noun is not None else None
        if q.words and q.value == 1 and q.kind == "count" and (
                q.num and sd[q.num - 1].lower_ in _NOT_ONE or noun is None
                and not (q.end < n and sd[q.end].lower_ in ("of", "that", "who"))):
            continue   # "each one", "the same one", "one" as a pronoun
        if _dropped(sd, q, L, noun):
            continue
        if q.num and sd[q.num - 1].lower_ in ("aged", "age", "ages") and q.kind == "count" and noun is None:
            q.kind, q.unit, q.unit_norm = "age", None, "year of age"
        found.append(q)
    found = _join_changes(sd, found)
    return [_record(sd, q) for q in found]


def _join_changes(sd, qs: list[Num]) -> list[Num]:
    """"from $75 per barrel to $45.88", words between: one change from the first to the second."""
    out: list[Num] = []
    skip = -1
    for k, q in enumerate(qs):
        if k <= skip:
            continue
        if q.start and sd[q.start - 1].lower_ == "from" and q.qualifier in ("exact", "about", "at_most") \
                and q.from_value is None and k + 1 < len(qs):
            r = qs[k + 1]
            if r.start and sd[r.start - 1].lower_ == "to" and r.start - q.end <= 8 \
                    and r.qualifier == "exact" and r.from_value is None \
                    and sd[q.start].sent.start == sd[r.start].sent.start \
                    and (r.unit_norm is None or q.unit_norm is None or _compatible(q, r) or _compatible(r, q)):
                q.from_value, q.value = q.value, r.value
                q.low = q.high = r.value
                q.qualifier = "exact"
                q.end, q.anchor = r.end, r.anchor
                if q.unit_norm is None:
                    q.kind, q.unit, q.unit_norm, q.currency = r.kind, r.unit, r.unit_norm, r.currency
                skip = k + 1
        out.append(q)
    return out


def _count_unit(sd, q: Num) -> tuple[str | None, str | None]:
    """The counted noun phrase as a unit: "first-team players" / "first-team player"."""
    if q.noun is None:
        return None, None
    lo = q.end + 1 if q.end < len(sd) and sd[q.end].lower_ == "of" else q.end
    toks = [t for t in sd[lo:q.noun + 1] if not (t.is_punct and t.text != "-")
            and t.pos_ not in ("DET", "ADP") and t.lower_ not in ("most", "more", "least")]
    if any(t.pos_ in ("CCONJ", "NUM") for t in toks[:-1]):
        return None, None
    if not toks:
        return None, None
    text = " ".join(t.text for t in toks).replace(" - ", "-")
    norm = " ".join(t.lemma_ for t in toks).replace(" - ", "-")
    return text, norm.lower()


def _record(sd, q: Num) -> Quantity:
    unit, norm = q.unit, q.unit_norm
    if unit is None and q.kind == "count":
        unit, norm = _count_unit(sd, q)
    s, e = sd[q.start].idx, sd[q.end - 1].idx + len(sd[q.end - 1])
    last = sd[q.end - 1].text
    if last.endswith(".") and unit and not unit.endswith(".") and unit.endswith(last[:-1]):
        e -= 1   # the full stop closes the sentence
    kind = "money" if q.kind == "currency" else q.kind
    text = sd[q.start:q.end].text[:e - s]     # Doc.text would join every token each time
    return Quantity(start=s, end=e, text=text, value=q.value, low=q.low, high=q.high,
                    qualifier=q.qualifier, change=_change(sd, q), unit=unit, unit_norm=norm,
                    kind=kind, currency=q.currency, from_value=q.from_value, scale=q.scale,
                    words=q.words, tok_start=q.start, tok_num=q.num, tok_end=q.end,
                    anchor=q.anchor, noun=q.noun)


def extract_quantities(source) -> list[Quantity]:
    """Every quantity in a text (parsed with the default English model) or a spaCy Doc."""
    if isinstance(source, str):
        source = load_model(MODELS["en"])(source)
    elif hasattr(source, "nlp") and not hasattr(source, "vocab"):
        source = source.nlp   # a sitroom Document
        if source is None:
            return []
    return scan(source)
