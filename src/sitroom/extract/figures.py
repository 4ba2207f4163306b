"""Figures: counts of people and things, with qualifier, category, claimant, date and place.

One pass over the tokens finds number expressions (digits, number words, vague
amounts such as "dozens"), reads the words around them (modifiers, currency,
ranges), drops what is no count (dates, ages, durations, measures, names), and
classifies the rest from the counted noun and the verb governing it. Word lists
live in ``data/figure_terms.tsv``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..pipeline import register
from ..records import Document, Figure
from ..resources import Resources, data_path
from .clauses import Clauses

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_RANGE_TOKEN = re.compile(r"^(\d[\d,]*(?:\.\d+)?)[-–](\d[\d,]*(?:\.\d+)?)$")
_SCALED_TOKEN = re.compile(r"^(\d+(?:\.\d+)?)(m|mn|bn|k)$", re.I)
_HARD_CATEGORIES = frozenset({"dead", "injured", "missing", "detained", "returned",
                              "pushbacks", "crossings"})
_NOT_ONE = frozenset({"the", "this", "that", "no", "any", "each", "every", "which", "one"})
_FEW = {"several": 3, "few": 2, "many": 2}
_TRY = frozenset({"try", "attempt", "seek", "manage", "want"})
_PARTICLES = frozenset({"back", "home", "away", "up", "through", "off"})
_DEFINITE = frozenset({"the", "these", "those", "both", "its", "their", "his", "her", "our"})
_YEAR_PREPS = frozenset({"in", "since", "by", "until", "before", "after", "during", "of", "from"})
_BAD_ENTS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})


@dataclass(frozen=True)
class Terms:
    """The word lists of ``figure_terms.tsv``, indexed for lookups."""
    nouns: dict[str, str]
    verbs: dict[str, tuple[str, str]]
    adjs: dict[str, str]
    modifiers: dict[tuple[str, ...], str]
    vague: dict[str, float]
    scales: dict[str, float]
    numbers: dict[str, float]
    currencies: dict[str, str]
    units: dict[str, str]
    names: dict[str, str]
    says: frozenset[str]


@functools.lru_cache(maxsize=1)
def terms() -> Terms:
    """Load ``figure_terms.tsv`` (once)."""
    kinds: dict[str, dict] = {}
    with open(data_path("figure_terms.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            kind, term, value, *rest = line.rstrip("\n").split("\t")
            kinds.setdefault(kind, {})[term] = (value, rest[0] if rest else "any") \
                if kind == "verb" else value

    def of(kind: str, cast=str) -> dict:
        return {k: cast(v) for k, v in kinds.get(kind, {}).items()}

    return Terms(nouns=of("noun"), verbs=kinds.get("verb", {}), adjs=of("adj"),
                 modifiers={tuple(k.split()): v for k, v in of("modifier").items()},
                 vague=of("vague", float), scales=of("scale", float), numbers=of("number", float),
                 currencies=of("currency"), units=of("unit"), names=of("name"),
                 says=frozenset(kinds.get("say", {})))


@dataclass
class _Num:
    start: int            # first token, modifiers and currency included
    num: int              # first token of the number itself
    end: int              # one past the last token of the expression
    anchor: int           # the token standing for the number in the parse
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None = None
    words: bool = False   # written in words ("ten")


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def _read(sd, i: int, T: Terms) -> tuple[float, int, bool] | None:
    """Read a number at token ``i``: (value, index after it, in words?) or None."""
    n = len(sd)
    w = sd[i].lower_
    if _DIGITS.match(w):
        val, j, words = float(w.replace(",", "")), i + 1, False
    elif w in T.numbers:
        val, j, words = T.numbers[w], i + 1, True
        if val >= 20 and val % 10 == 0 and j + 1 < n and sd[j].text == "-" \
                and T.numbers.get(sd[j + 1].lower_, 99) < 10:
            val, j = val + T.numbers[sd[j + 1].lower_], j + 2
        elif val >= 20 and j < n and T.numbers.get(sd[j].lower_, 99) < 10:
            val, j = val + T.numbers[sd[j].lower_], j + 1
    elif w in ("a", "an") and i + 1 < n and sd[i + 1].lower_ in ("hundred", "thousand", "million",
                                                                "billion", "dozen"):
        val, j, words = 1.0, i + 1, True
    else:
        return None
    total, cur = 0.0, val
    while j < n:
        s = sd[j].lower_.rstrip(".")
        if s not in T.scales or (s in ("m", "mn", "mln", "bn", "k") and words):
            break
        if s == "hundred":
            cur *= 100
            if j + 2 < n and sd[j + 1].lower_ == "and" and sd[j + 2].lower_ in T.numbers:
                cur += T.numbers[sd[j + 2].lower_]
                j += 2
        else:
            total, cur = total + cur * T.scales[s], 0.0
        j += 1
    return total + cur, j, words


_CHANGE = frozenset({"rise", "fall", "drop", "increase", "decrease", "climb", "plummet", "jump",
                     "grow", "go", "surge", "soar", "decline", "slip", "slump", "tumble", "shrink",
                     "swell", "raise", "cut", "reduce", "lower", "boost", "up", "down"})


def _is_change(prep) -> bool:
    """Whether "from A to B" under this preposition reports a change (then B is the figure)."""
    h = prep.head
    return h.lemma_.lower() in _CHANGE or h.i != prep.i and h.head.lemma_.lower() in _CHANGE


def _scale(tok, T: Terms) -> float | None:
    return T.scales.get(tok.lower_.rstrip("."))


def _match(sd, i: int, T: Terms) -> _Num | None:
    """A number expression starting at token ``i`` (vague, range, money...), without exclusions."""
    n = len(sd)
    w = sd[i].lower_
    nxt = sd[i + 1].lower_ if i + 1 < n else ""
    if w in T.vague:
        unit, end, anchor = T.vague[w], i + 1, i
        if nxt == "of" and i + 2 < n and T.vague.get(sd[i + 2].lower_, 0) > unit:
            unit, end, anchor = unit * T.vague[sd[i + 2].lower_], i + 3, i + 2
        elif w == "tens" or (w == "scores" and nxt != "of"):
            return None   # "tens" only as "tens of thousands"; "scores" only as "scores of"
        return _Num(i, i, end, anchor, None, 2 * unit, None, "vague", words=True)
    if w in _FEW and nxt in T.scales and nxt not in ("m", "mn", "mln", "bn", "k"):
        return _Num(i, i, i + 2, i + 1, None, _FEW[w] * T.scales[nxt], None, "vague", words=True)
    m = _RANGE_TOKEN.match(sd[i].text)
    if m:
        a, b = (float(g.replace(",", "")) for g in m.groups())
        return _Num(i, i, i + 1, i, None, a, b, "range") if a < b else None
    m = _SCALED_TOKEN.match(sd[i].text)
    if m and i > 0 and sd[i - 1].lower_ in T.currencies:
        v = float(m.group(1)) * T.scales[m.group(2).lower()]
        return _Num(i, i, i + 1, i, v, v, v, "exact")
    r = _read(sd, i, T)
    if r is None:
        return None
    v, j, words = r
    num = _Num(i, i, j, j - 1, v, v, v, "exact", words=words)
    # ranges: "3 to 5", "3-5", "between 3 and 5", "two or three"; "from 3 to 5" reports a change
    if j + 1 < n and sd[j].lower_ in ("to", "-", "–", "and", "or"):
        k2 = j + 1
        if k2 + 1 < n and sd[k2].lower_ in T.currencies and not sd[k2].is_alpha:
            k2 += 1   # "$200 to $4 million"
        r2 = _read(sd, k2, T)
        p_i = i - 1
        if p_i >= 0 and sd[p_i].lower_ in T.currencies and not sd[p_i].is_alpha:
            p_i -= 1   # "from $200 to ..."
        prev = sd[p_i].lower_ if p_i >= 0 else ""
        if r2 and (sd[j].lower_ != "and" or prev == "between"):
            v2, j2, _ = r2
            sc = _scale(sd[j2 - 1], T)
            if sc and not _scale(sd[j - 1], T) and v * sc <= v2:
                v *= sc  # "3 to 5 million", but not "$200 to $4 million"
            if prev == "from" and sd[j].lower_ == "to" and _is_change(sd[p_i]):
                return _Num(k2, k2, j2, j2 - 1, v2, v2, v2, "exact", words=words)
            if v < v2:
                return _Num(i, i, j2, j2 - 1, None, v, v2, "range", words=words)
    return num


def _modifiers(sd, k: int, T: Terms) -> tuple[str | None, int]:
    """The qualifier written just before token ``k`` and where it starts."""
    for size in (3, 2, 1):
        if k - size < 0:
            continue
        key = tuple(t.lower_ for t in sd[k - size:k])
        if key in T.modifiers:
            return T.modifiers[key], k - size
    return None, k


def _expression(sd, i: int, T: Terms) -> _Num | None:
    num = _match(sd, i, T)
    if num is None:
        return None
    n = len(sd)
    k = num.start
    p = sd[k - 1] if k > 0 else None
    if p is not None and p.lower_ in T.currencies and (not p.is_alpha or p.text.isupper()):
        num.unit, k = T.currencies[p.lower_], k - 1  # a symbol or code: "€25m", "EUR 5"
    if num.end < n and sd[num.end].lower_ in T.currencies and num.unit is None:
        num.unit = T.currencies[sd[num.end].lower_]
        num.end += 1
    if num.qualifier == "exact":
        q, k2 = _modifiers(sd, k, T)
        if q:
            num.qualifier, k = q, k2
            if q == "at_least":
                num.high = None
            elif q == "at_most":
                num.low = None
            elif q == "about" and num.value is None:
                num.qualifier = "vague"
    num.start = k
    return num


def _excluded(sd, cl: Clauses, num: _Num, noun, T: Terms) -> bool:
    """Dates, ages, durations, times, measures, percentages, names, phone numbers, ordinals."""
    toks = sd[num.num:num.end]
    if any(t.i in cl.date_tokens for t in toks):
        return True
    first = sd[num.num]
    prev = sd[num.num - 1] if num.num else None
    if first.lower_ in ("zero", "0") or first.text.startswith("+"):
        return True
    last = sd[num.end - 1]
    if not last.whitespace_ and num.end < len(sd) and sd[num.end].is_alpha \
            and sd[num.end].lower_ not in T.currencies and not _scale(sd[num.end], T):
        return True   # a unit glued to the number: "80km", "5G"
    j = num.end
    while j < len(sd) and sd[j].text in ("-", "–"):
        j += 1
    after = sd[j] if j < len(sd) else None
    if after is not None and (after.lower_ in T.units or after.lemma_.lower() in T.units):
        return True
    if noun is not None and (noun.lemma_.lower() in T.units or noun.lower_ in T.units):
        return True
    if prev is not None and (prev.lower_ in T.names or prev.lemma_.lower() in T.names):
        return True
    if prev is not None and prev.pos_ == "PROPN" and prev.tag_ != "NNPS" and noun is None:
        return True  # "France 24", "Article 5"
    if after is not None and after.tag_ == "NNP" and after.ent_type_ != "NORP" \
            and after.lower_ not in T.currencies:
        return True  # "737 Max", "575 Wilbraham Road"
    if noun is not None and noun.tag_ == "NNP":
        return True
    anchor = sd[num.anchor]
    h = cl.head(anchor)
    if h is not anchor and h.pos_ == "PROPN" and h.tag_ == "NNP" and h.ent_type_ not in ("", "NORP"):
        return True
    people_noun = noun is not None and (noun.lemma_.lower() in T.nouns or noun.tag_ == "NNPS")
    if anchor.ent_type_ in _BAD_ENTS and not people_noun:
        return True
    if num.value is not None and num.qualifier == "exact" and not num.words and num.unit is None:
        txt = first.text
        if len(txt) == 4 and txt.isdigit() and 1800 <= num.value <= 2100 and (
                not people_noun or prev is not None and prev.lower_ in _YEAR_PREPS):
            return True  # a year
        # phone-like runs of bare digit groups
        if after is not None and _DIGITS.match(after.text) and after.text.isdigit():
            return True
        if prev is not None and prev.text.isdigit():
            return True
    if num.words and num.value is not None and num.value < 10 and prev is not None \
            and prev.lower_ in _DEFINITE:
        return True   # "the two presidents" refers, it does not count
    if num.value == 1 and num.words and (noun is None or not people_noun
                                         or (prev is not None and prev.lower_ in _NOT_ONE)):
        return True
    if after is not None and after.lower_ in ("of", "another") and num.value == 1:
        return True
    return False


def _counted(sd, cl: Clauses, num: _Num):
    """(counted noun or None, token that carries the count in the parse)."""
    n = len(sd)
    a = sd[num.anchor]
    j = num.end
    if j < n and sd[j].lower_ == "of":
        o = cl.child(sd[j], "pobj")
        if o is None:
            for k in range(j + 1, min(n, j + 5)):
                if sd[k].pos_ in ("NOUN", "PROPN", "PRON"):
                    o = sd[k]
                    break
        return (o if o is not None and o.pos_ != "PRON" else None), a
    h = cl.head(a)
    if h is not a and num.end <= h.i <= num.end + 4 and h.pos_ in ("NOUN", "PROPN") \
            and a.dep_ in ("nummod", "quantmod", "compound", "nmod", "amod", "npadvmod"):
        return h, h
    noun, k = None, j
    while k < n and k - j < 4:
        x = sd[k]
        if x.pos_ == "NOUN" or x.tag_ == "NNPS":
            noun, k = x, k + 1
            continue
        if noun is None and (x.pos_ in ("ADJ", "PROPN") or x.tag_ in ("HYPH", "VBN")):
            k += 1
            continue
        break
    return (noun, noun) if noun is not None else (None, a)


def _particle(cl: Clauses, v) -> str | None:
    for c in cl.children(v, "prt", "advmod"):
        if c.lower_ in _PARTICLES:
            return c.lower_
    return None


def _verb_category(cl: Clauses, T: Terms, v, role: str | None) -> str | None:
    if v.lemma_.lower() in _TRY:
        x = cl.child(v, "xcomp")
        if x is not None:
            v = x
    lem = v.lemma_.lower()
    prt = _particle(cl, v)
    hit = T.verbs.get(f"{lem} {prt}") if prt else None
    hit = hit or T.verbs.get(lem)
    if v.pos_ == "NOUN":
        c = T.nouns.get(lem)
        return c if c and c != "people" else None
    if not hit:
        return None
    cat, need = hit
    if need == "any" or need == role:
        return cat
    return None


def _category(sd, cl: Clauses, T: Terms, num: _Num, noun, node) -> str | None:
    if num.unit:
        return "money"
    noun_cat = None
    if noun is not None:
        noun_cat = T.nouns.get(noun.lemma_.lower()) or T.nouns.get(noun.lower_)
        if noun_cat is None or noun_cat == "people":
            for c in noun.lefts:
                if c.dep_ == "compound" and T.nouns.get(c.lemma_.lower(), "people") != "people":
                    noun_cat = T.nouns[c.lemma_.lower()]
        for c in cl.children(noun, "amod", "acl"):   # "dead migrants", "migrants held in camps"
            cat = T.adjs.get(c.lower_)
            if cat is None:
                vcat, need = T.verbs.get(c.lemma_.lower(), (None, "agent"))
                cat = vcat if need in ("patient", "any") else None
            if cat in _HARD_CATEGORIES:
                return cat
    if num.end < len(sd) and sd[num.end].lower_ in T.adjs:
        return T.adjs[sd[num.end].lower_]
    # the verb governing the counted phrase
    x = node
    while x.dep_ in ("conj", "appos") and cl.head(x) is not x:
        x = cl.head(x)
    dep, v, role = x.dep_, cl.head(x), None
    if v is x:
        v = None
    elif dep == "pobj":
        prep = v
        v = cl.head(prep)
        role = "agent" if prep.dep_ == "agent" else "obl"
        if v is prep:
            v = None
        elif noun is None and prep.lower_ == "of" and v.lemma_.lower() in T.nouns:
            return T.nouns[v.lemma_.lower()]   # "a crowd of 5,000", "a death toll of 30"
    elif dep in ("nsubj", "csubj"):
        role = "patient" if cl.child(v, "auxpass") is not None else "agent"
    elif dep in ("nsubjpass", "dobj", "attr", "oprd", "dative"):
        role = "patient"
    else:
        v = None
    if v is not None and role in ("agent", "patient"):
        for c in [v] + cl.children(v, "acomp", "oprd", "advmod"):
            if c.lower_ in T.adjs and (c is not v or role == "agent"):   # "are missing", "found dead"
                return T.adjs[c.lower_]
    verb_cat = _verb_category(cl, T, v, role) if v is not None and role != "obl" else None
    if verb_cat in _HARD_CATEGORIES:
        return verb_cat
    if noun_cat and noun_cat != "people":
        return noun_cat
    if verb_cat:
        return verb_cat
    if noun is None and v is not None:
        # "the death toll rose to 12", "the number of arrests reached 300"
        for s in cl.children(v, "nsubj", "nsubjpass", "dobj"):   # "bringing the toll to 30"
            if s is x:
                continue
            for y in [s] + [c for c in s.lefts if c.dep_ == "compound"] + \
                     [o for p in cl.children(s, "prep") if p.lower_ == "of" for o in cl.children(p, "pobj")]:
                c = T.nouns.get(y.lemma_.lower())
                if c and c != "people":
                    return c
        return None
    if noun is None:
        return None
    if noun_cat == "people" or noun.tag_ == "NNPS":
        return "people"
    return "other"


def _claimant(sd, cl: Clauses, T: Terms, node, own: set[int]):
    """The token naming who claims a figure: the subject of a speech verb, or 'according to X'."""
    for x in cl.ancestors(node)[1:]:
        if x.pos_ == "VERB" and x.lemma_.lower() in T.says:
            s = cl.child(x, "nsubj")
            if s is None:
                ag = cl.child(x, "agent")
                s = cl.child(ag, "pobj") if ag is not None else None
            if s is not None and s.i not in own:
                return s
            break
    lo, hi = cl.segment_bounds(node)
    for k in range(lo, hi):
        if sd[k].lower_ == "according" and sd[k + 1].lower_ == "to":
            p = cl.child(sd[k + 1], "pobj")
            if p is None or p.i in own:
                p = next((y for y in sd[k + 2:hi + 1] if y.pos_ in ("NOUN", "PROPN")), None)
            return p
    return None


def _subject_text(sd, cl: Clauses, num: _Num, noun) -> tuple[str | None, tuple[int, int] | None]:
    if noun is None:
        return None, None
    lo = max(noun.left_edge.i, num.end)
    while lo < noun.i and sd[lo].lower_ in ("of", "the", "these", "those", "their"):
        lo += 1
    hi = noun.i + 1
    for p in cl.children(noun, "prep"):
        if p.lower_ == "from" and p.i == hi:
            hi = p.right_edge.i + 1
    span = sd[lo:hi]
    return span.text.strip(' ,"“”'), (span.start_char, span.end_char)


def extract_figures(doc: Document, cl: Clauses | None = None) -> tuple[Figure, ...]:
    """All figures in a parsed document."""
    sd = doc.nlp
    if sd is None:
        return ()
    cl = cl or Clauses(doc)
    T = terms()
    out: list[Figure] = []
    i, n = 0, len(sd)
    while i < n:
        t = sd[i]
        if t.is_space or t.is_punct or not (t.like_num or t.lower_ in T.vague or t.lower_ in _FEW
                                            or t.lower_ in ("a", "an") or _RANGE_TOKEN.match(t.text)):
            i += 1
            continue
        num = _expression(sd, i, T)
        if num is None:
            i += 1
            continue
        i = max(num.end, i + 1)
        noun, node = _counted(sd, cl, num)
        if _excluded(sd, cl, num, noun, T):
            continue
        cat = _category(sd, cl, T, num, noun, node)
        if cat is None:
            continue
        anchor = sd[num.anchor]
        own = set(range(num.start, num.end)) | ({noun.i} if noun is not None else set())
        subject, subj_chars = _subject_text(sd, cl, num, noun)
        claimant = _claimant(sd, cl, T, anchor, own)
        claimed_by = claimed_text = None
        if claimant is not None:
            a = cl.actor_for(claimant)
            claimed_by = a.id if a else None
            s0, s1 = claimant.left_edge.i, claimant.right_edge.i + 1
            if s1 - s0 > 6 or s0 < cl.segment_bounds(claimant)[0]:
                claimed_text = cl.np_text(claimant)
            else:
                claimed_text = sd[s0:s1].text.strip(' ,"“”')
        end_tok = noun.i + 1 if noun is not None and noun.i < num.end + 5 and noun.i >= num.end else num.end
        start_c, end_c = sd[num.start].idx, sd[end_tok - 1].idx + len(sd[end_tok - 1])
        if claimed_by is None and claimant is None:
            for q in doc.quotes:
                if q.span.start <= start_c < q.span.end and q.speaker:
                    claimed_by, claimed_text = q.speaker, q.speaker_text
                    break
        date = cl.date_for(anchor)
        place = cl.place_for(anchor, exclude=subj_chars)
        v = num.value
        out.append(Figure(
            span=doc.span(start_c, end_c), text=doc.clean_text[start_c:end_c], category=cat,
            value=_num(v) if v is not None else None,
            low=_num(num.low) if num.low is not None else None,
            high=_num(num.high) if num.high is not None else None,
            qualifier=num.qualifier, subject=subject, claimed_by=claimed_by,
            claimed_by_text=claimed_text, date=date.value if date else None,
            place=place.name if place else None, unit=num.unit))
    return tuple(_dedupe(out))


def _dedupe(figs: list[Figure]) -> list[Figure]:
    """Keep one of figures repeating each other (same category, amounts and subject, compatible
    dates): the first, unless a later one says who claims it."""
    kept: list[Figure] = []
    for f in figs:
        for k, o in enumerate(kept):
            if (o.category, o.value, o.low, o.high) == (f.category, f.value, f.low, f.high) \
                    and (o.date is None or f.date is None or o.date == f.date) \
                    and (o.subject or "").lower() == (f.subject or "").lower():
                if o.claimed_by_text is None and f.claimed_by_text is not None:
                    kept[k] = f
                break
        else:
            kept.append(f)
    return kept


@register("figures", requires=("nlp", "actors", "dates", "places"), assigns=("figures",))
def figures_stage(doc: Document, res: Resources) -> dict:
    return {"figures": extract_figures(doc)}
