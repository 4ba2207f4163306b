"""Figures: counts of people and things, with qualifier, category, claimant, date and place.

Figures are the quantities (``quantities.py``) that count people, things or money:
the extractor takes every count and amount of money, drops what is no count (dates,
ages, names, references such as "the two presidents"), and classifies the rest from
the counted noun and the verb governing it. Word lists live in ``data/figure_terms.tsv``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...stages import register
from ...records import Document, Figure
from ...resources import Resources
from ..clauses import Clauses
from ..quotes.speaker import speaker_for, unnamed_source
from ..quotes.speaker import surface as speaker_surface
from .category import ADVERB_NOUNS, HARD_CATEGORIES, Terms, category, terms
from .numbers import lexicon
from .quantities import Quantity, scan

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_NOT_ONE = frozenset({"the", "this", "that", "no", "any", "each", "every", "which", "one"})
_DEFINITE = frozenset({"the", "these", "those", "both", "its", "their", "his", "her", "our"})
_YEAR_PREPS = frozenset({"in", "since", "by", "until", "before", "after", "during", "of", "from"})
_BAD_ENTS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})
_KINDS = frozenset({"count", "money"})
_COMPARE = frozenset({"from", "than", "against", "with", "to"})
# Prepositions that pick part of a counted group ("31 people, including six children").
_PART_OF = frozenset({"including", "among"})
_PRONOUN_SPEAKERS = frozenset({"it", "he", "she", "they", "we"})


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


def _from_quantity(q: Quantity) -> _Num | None:
    """A figure candidate: counts and money; negative amounts and zero are no figures."""
    if q.kind not in _KINDS:
        return None
    if any(v is not None and v <= 0 for v in (q.value, q.low, q.high)):
        return None
    unit = (q.currency or q.unit_norm) if q.kind == "money" else None
    return _Num(q.tok_start, q.tok_num, q.tok_end, q.anchor, q.value, q.low, q.high,
                q.qualifier, unit, q.words)


def _excluded(sd, cl: Clauses, num: _Num, noun, T: Terms) -> bool:
    """Dates, names, references and phone numbers the quantity reader kept as counts."""
    toks = sd[num.num:num.end]
    if any(t.i in cl.date_tokens for t in toks):
        return True
    first = sd[num.num]
    prev = sd[num.num - 1] if num.num else None
    if first.text.startswith("+"):
        return True
    after = sd[num.end] if num.end < len(sd) else None
    if noun is not None and _unit_word(noun):
        return True   # "five-year terms"
    if after is not None and after.tag_ == "HYPH" and noun is not None and noun.tag_ == "NN" \
            and noun.dep_ in ("compound", "amod"):
        return True   # "the 15-nation bloc", "a 7.8-magnitude quake": a description
    if prev is not None and (prev.lower_ in T.names or prev.lemma_.lower() in T.names):
        return True
    if prev is not None and prev.pos_ == "PROPN" and prev.tag_ != "NNPS" and noun is None \
            and num.unit is None:
        return True  # "France 24", "Article 5"
    if after is not None and after.tag_ == "NNP" and after.ent_type_ != "NORP" and num.unit is None:
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


def _unit_word(t) -> bool:
    """A noun naming a unit of measure or time, not a thing counted."""
    L = lexicon()
    return t.lower_ in L.units or t.lemma_.lower() in L.units

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
        if h.lower_ in ADVERB_NOUNS:
            return None, h   # "send the remaining 5,000 home"
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


def _aside(sd, x) -> bool:
    """Whether ``x`` heads a relative clause set off by a comma (the writer's, not the speaker's)."""
    return x.dep_ == "relcl" and x.left_edge.i > 0 and sd[x.left_edge.i - 1].text == ","


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
        if _aside(sd, x):
            break   # ", which left Minsk with 431 people on board,": the writer's aside
    lo, hi = cl.segment_bounds(node)
    for k in range(lo, hi):
        if sd[k].lower_ == "according" and sd[k + 1].lower_ == "to" \
                or sd[k].lower_ == "as" and sd[k + 1].lower_ == "per":
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


def extract_figures(doc: Document, cl: Clauses | None = None,
                    quantities: list[Quantity] | None = None) -> tuple[Figure, ...]:
    """All figures in a parsed document (from its quantities, read here unless given)."""
    sd = doc.nlp
    if sd is None:
        return ()
    cl = cl or Clauses(doc)
    T = terms()
    out: list[Figure] = []
    last: tuple[int, str] | None = None
    cats: dict[int, str] = {}
    for q in (quantities if quantities is not None else scan(sd)):
        num = _from_quantity(q)
        if num is None:
            continue
        noun, node = _counted(sd, cl, num)
        if _excluded(sd, cl, num, noun, T):
            continue
        if node.dep_ == "nsubj" and cl.head(node).lemma_.lower() in T.says:
            continue   # "two diplomats said": who speaks, not what is counted
        cat = category(sd, cl, T, num, noun, node)
        seg = cl.seg[num.anchor]
        if cat is None and noun is None and last is not None and last[0] == seg and num.start \
                and sd[num.start - 1].lower_ in _COMPARE:
            cat = last[1]   # "15,000 soldiers, up from around 12,000"
        if cat == "people" and node.dep_ == "pobj" and cl.head(node).lower_ in _PART_OF:
            cat = cats.get(cl.head(cl.head(node)).i, cat)   # part of a group: its category
        if cat is None:
            continue
        if sd[num.num].lower_ == "several" and cat not in HARD_CATEGORIES:
            continue   # "several" counts only deaths, arrests and the like, not mere presence
        if noun is not None:
            cats[noun.i] = cat
        if cat in ("people", "other") and num.value == 1 and num.words:
            continue   # "one passenger": an individual, not a count
        if cat == "other" and noun is not None and _is_rate(sd, noun):
            continue   # "three meals a day"
        last = (seg, cat)
        anchor = sd[num.anchor]
        own = set(range(num.start, num.end)) | ({noun.i} if noun is not None else set())
        subject, subj_chars = _subject_text(sd, cl, num, noun)
        claimant = _claimant(sd, cl, T, anchor, own)
        claimed_by = claimed_text = None
        end_tok = noun.i + 1 if noun is not None and noun.i < num.end + 5 and noun.i >= num.end else num.end
        start_c, end_c = sd[num.start].idx, sd[end_tok - 1].idx + len(sd[end_tok - 1])
        if claimant is not None and unnamed_source(claimant):
            claimant = None   # "according to reports"
        if claimant is not None and claimant.lower_ in _PRONOUN_SPEAKERS:
            # "It said ...": the quote reader knows whom the pronoun continues
            said = next((q for q in doc.quotes if q.span.start <= start_c < q.span.end
                         and (q.speaker or q.speaker_text)), None)
            if said is not None:
                claimant = None
                claimed_by, claimed_text = said.speaker, said.speaker_text
        if claimant is not None:
            a, claimant = speaker_for(claimant, cl.actor_of, cl.actor_for, doc.actors)
            claimed_by = a.id if a else None
            s0, s1 = claimant.left_edge.i, claimant.right_edge.i + 1
            if s1 - s0 > 6 or s0 < cl.segment_bounds(claimant)[0]:
                claimed_text = speaker_surface(cl.np_text(claimant))
            else:
                claimed_text = speaker_surface(sd[s0:s1].text)
        if claimed_by is None and claimant is None and not any(_aside(sd, x) for x in cl.ancestors(anchor)):
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


def _is_rate(sd, noun) -> bool:
    k = noun.i + 1
    return k + 1 < len(sd) and sd[k].lower_ in ("a", "an", "per", "each") and _unit_word(sd[k + 1])


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
