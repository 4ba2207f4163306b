"""Figures: counts of people and things, with qualifier, category, claimant, date and place.

Figures are the quantities (``quantities.py``) that count people, things or money:
the extractor takes every count and amount of money, drops what is no count (dates,
ages, names, references such as "the two presidents"), and classifies the rest from
the counted noun and the verb governing it. Word lists live in ``data/figure_terms.tsv``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...stages import register
from ...records import Document, Figure
from ...resources import Resources
from ..clauses import Clauses
from ..quotes.speaker import speaker_for
from ..quotes.speaker import surface as speaker_surface
from .numbers import lexicon, read_terms
from .quantities import Quantity, scan

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_HARD_CATEGORIES = frozenset({"dead", "injured", "missing", "detained", "returned",
                              "pushbacks", "crossings"})
_NOT_ONE = frozenset({"the", "this", "that", "no", "any", "each", "every", "which", "one"})
_TRY = frozenset({"try", "attempt", "seek", "manage", "want"})
_PARTICLES = frozenset({"back", "home", "away", "up", "through", "off", "in", "across"})
_ADVERB_NOUNS = frozenset({"home", "back", "away"})
_DEFINITE = frozenset({"the", "these", "those", "both", "its", "their", "his", "her", "our"})
_YEAR_PREPS = frozenset({"in", "since", "by", "until", "before", "after", "during", "of", "from"})
_BAD_ENTS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})
_KINDS = frozenset({"count", "money"})
# Nouns for a group whose members are counted: "a group of 50 people broke through" is a crossing.
_COLLECTIVE = frozenset({"group", "crowd", "band", "batch", "total", "contingent", "convoy", "wave",
                         "column", "party", "handful", "bunch", "gang", "busload", "boatload"})
# Prepositions that make people counted for something, not present somewhere ("aid for 500 families").
_NOT_PRESENT = frozenset({"for", "on", "against", "toward", "towards", "about"})
# Categories a people count takes from the vehicle or place it is in ("a repatriation flight with 431 people").
_CONTEXT_CATEGORIES = frozenset({"returned", "detained"})
_WAY = frozenset({"through", "across", "into", "over", "past", "onto"})
_COMPARE = frozenset({"from", "than", "against", "with", "to"})
# Counted nouns that name things when they modify another noun ("two life rafts").
_THING_COMPOUNDS = frozenset({"life", "return"})
# Prepositions that pick part of a counted group ("31 people, including six children").
_PART_OF = frozenset({"including", "among"})
_PRONOUN_SPEAKERS = frozenset({"it", "he", "she", "they", "we"})


@dataclass(frozen=True)
class Terms:
    """The word lists of ``figure_terms.tsv``, indexed for lookups."""
    nouns: dict[str, str]
    verbs: dict[str, tuple[str, str]]
    adjs: dict[str, str]
    names: dict[str, str]
    says: frozenset[str]


@functools.lru_cache(maxsize=1)
def terms() -> Terms:
    """Load ``figure_terms.tsv`` (once)."""
    rows = read_terms("figure_terms.tsv")
    return Terms(nouns={r[0]: r[1] for r in rows.get("noun", [])},
                 verbs={r[0]: (r[1], r[2] if len(r) > 2 else "any") for r in rows.get("verb", [])},
                 adjs={r[0]: r[1] for r in rows.get("adj", [])},
                 names={r[0]: r[1] for r in rows.get("name", [])},
                 says=frozenset(r[0] for r in rows.get("say", [])))


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
        if h.lower_ in _ADVERB_NOUNS:
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


def _particle(cl: Clauses, v, T: Terms) -> str | None:
    """The particle completing a phrasal verb: "push back", "send home", "break through"."""
    lem = v.lemma_.lower()
    for c in cl.children(v, "prt", "advmod", "prep", "dobj"):
        if c.lower_ in _PARTICLES and (c.dep_ in ("prt", "advmod") or f"{lem} {c.lower_}" in T.verbs):
            return c.lower_   # the parser reads "through" as a preposition, "home" as an object
    return None


def _verb_category(cl: Clauses, T: Terms, v, role: str | None) -> str | None:
    if v.lemma_.lower() in _TRY:
        x = cl.child(v, "xcomp")
        if x is not None:
            v = x
    lem = v.lemma_.lower()
    prt = _particle(cl, v, T)
    hit = T.verbs.get(f"{lem} {prt}") if prt else None
    hit = hit or _verb_phrase(cl, T, v, lem) or T.verbs.get(lem)
    if v.pos_ == "NOUN":
        c = T.nouns.get(lem)
        return c if c and c != "people" else None
    if not hit:
        way = next((o for o in cl.children(v, "dobj") if o.lower_ == "way"), None)
        if way is not None and role == "agent" and any(
                c.lower_ in _WAY for c in cl.children(v, "prep", "advmod", "prt") + cl.children(way, "prep", "advmod")):
            return "crossings"   # "forced their way through the fence"
        return None
    cat, need = hit
    if need == "any" or need == role:
        return cat
    return None


def _verb_phrase(cl: Clauses, T: Terms, v, lem: str) -> tuple[str, str] | None:
    """A verb read with its object or prepositional object: "lost their lives", "taken into
    custody", "taken to hospital", "shot dead"."""
    for c in cl.children(v, "dobj", "oprd", "acomp", "advmod", "ccomp", "xcomp"):
        hit = T.verbs.get(f"{lem} {c.lemma_.lower()}") or T.verbs.get(f"{lem} {c.lower_}")
        if hit:
            return hit
    for p in cl.children(v, "prep"):
        for o in cl.children(p, "pobj"):
            hit = T.verbs.get(f"{lem} {p.lower_} {o.lemma_.lower()}")
            if hit:
                return hit
    return None


def _adj_category(T: Terms, c) -> str | None:
    """The category of a state adjective; "dead or missing" is missing, not yet known dead."""
    cat = T.adjs.get(c.lower_)
    if cat == "dead" and any(T.adjs.get(x.lower_) == "missing" for x in c.conjuncts):
        return "missing"
    return cat


def _category(sd, cl: Clauses, T: Terms, num: _Num, noun, node) -> str | None:
    if num.unit:
        return "money"
    noun_cat = None
    if noun is not None:
        noun_cat = T.nouns.get(noun.lemma_.lower()) or T.nouns.get(noun.lower_)
        if noun_cat is None or noun_cat == "people":
            for c in noun.lefts:
                if c.dep_ == "compound" and c.lemma_.lower() not in _THING_COMPOUNDS \
                        and T.nouns.get(c.lemma_.lower(), "people") != "people":
                    noun_cat = T.nouns[c.lemma_.lower()]
        for c in cl.children(noun, "amod", "acl", "relcl"):   # "dead migrants", "migrants held in camps"
            cat = _adj_category(T, c)
            if cat is None and c.dep_ == "relcl":   # "600 people who were arrested"
                role = "patient" if cl.child(c, "auxpass") is not None else "agent"
                cat = _verb_category(cl, T, c, role)
            elif cat is None:
                vcat, need = T.verbs.get(c.lemma_.lower(), (None, "agent"))
                cat = vcat if need in ("patient", "any") else None
            if cat in _HARD_CATEGORIES:
                return cat
        # "the deaths of six people", "the return of 230 soldiers"
        if node.dep_ == "pobj" and cl.head(node).lower_ == "of":
            h = cl.head(cl.head(node))
            hs = [h]
            if h.lower_ in _ADVERB_NOUNS:   # "the return home of 230 soldiers"
                hs = [cl.head(h)] + cl.children(h, "compound")
            for y in hs:
                c = T.nouns.get(y.lemma_.lower()) if y.pos_ == "NOUN" else None
                if c in _HARD_CATEGORIES:
                    return c
    if num.end < len(sd) and sd[num.end].lower_ in T.adjs:
        return T.adjs[sd[num.end].lower_]
    # the verb governing the counted phrase, through "a group of"
    x = node
    while x.dep_ == "pobj" and cl.head(x).lower_ == "of" \
            and cl.head(cl.head(x)).lemma_.lower() in _COLLECTIVE:
        x = cl.head(cl.head(x))
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
                return _adj_category(T, c)
    verb_cat = _verb_category(cl, T, v, role) if v is not None and role != "obl" else None
    if verb_cat in _HARD_CATEGORIES:
        return verb_cat
    if noun_cat and noun_cat != "people":
        return noun_cat
    if verb_cat:
        return verb_cat
    if noun is None and v is not None and v.dep_ == "acl" and role == "obl":
        c = _verb_category(cl, T, v, "patient")   # "the number flown home since May to 850"
        if c in _HARD_CATEGORIES:
            return c
    if noun is None and v is not None:
        # "the death toll rose to 12", "the number of arrests reached 300"
        # "bringing the toll to 30"; a subject that acts ("police estimated the crowd at
        # 138,000") is no count
        for s in cl.children(v, "nsubjpass", "dobj") + cl.children(v, "nsubj"):
            if s is x:
                continue
            for y in [s] + [c for c in s.lefts if c.dep_ == "compound"] + \
                     [o for p in cl.children(s, "prep") if p.lower_ == "of" for o in cl.children(p, "pobj")]:
                c = T.nouns.get(y.lemma_.lower())
                if c and (c != "people" or s.dep_ == "dobj") and not (
                        s.dep_ == "nsubj" and c == "security_personnel"):
                    return c
            for a in cl.children(s, "acl"):   # "the number flown home"
                c = _verb_category(cl, T, a, "patient")
                if c in _HARD_CATEGORIES:
                    return c
        return None
    if noun is None:
        return None
    if noun_cat == "people" or noun.tag_ == "NNPS":
        ctx = _context_category(cl, T, node) or (_next_verb_category(sd, cl, T, noun)
                                                 if v is None or node.dep_ == "appos" else None)
        if ctx:
            return ctx
        if x.dep_ == "pobj" and cl.head(x).lower_ in _NOT_PRESENT:
            return "other"   # "sanctions on 17 people", "a corridor for 2,000 migrants"
        return "people"
    return "other"


def _next_verb_category(sd, cl: Clauses, T: Terms, noun) -> str | None:
    """Where the parse loses the count's verb ("According to data of the ministry, 31 people,
    including six children, have been injured" read as an apposition), the first verb after
    the count in its segment, when that verb has no subject of its own."""
    lo, hi = cl.segment_bounds(noun)
    depth = 0
    for k in range(noun.i + 1, min(hi + 1, noun.i + 16)):
        t = sd[k]
        if t.text in ",(":
            depth += 1 if t.text == "(" or depth == 0 else -1
            continue
        if t.text == ")":
            depth = max(0, depth - 1)
            continue
        if depth or t.pos_ != "VERB":
            continue
        if cl.child(t, "nsubj", "nsubjpass") is not None:
            return None
        role = "patient" if cl.child(t, "auxpass") is not None else "agent"
        for c in [t] + cl.children(t, "acomp", "oprd"):
            if c is not t and c.lower_ in T.adjs:
                return _adj_category(T, c)
        c = _verb_category(cl, T, t, role)
        return c if c in _HARD_CATEGORIES else None
    return None


def _context_category(cl: Clauses, T: Terms, node) -> str | None:
    """The category a people count takes from what carries or holds it: "a repatriation flight
    (which left) with 431 people on board"."""
    for a in cl.ancestors(node)[1:]:
        cands = [a] if a.pos_ in ("NOUN", "PROPN") else cl.children(a, "nsubj", "nsubjpass")
        for c in cands:
            for y in [c] + cl.children(c, "compound", "amod"):
                cat = T.nouns.get(y.lemma_.lower())
                if cat in _CONTEXT_CATEGORIES:
                    return cat
    return None


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
        cat = _category(sd, cl, T, num, noun, node)
        seg = cl.seg[num.anchor]
        if cat is None and noun is None and last is not None and last[0] == seg and num.start \
                and sd[num.start - 1].lower_ in _COMPARE:
            cat = last[1]   # "15,000 soldiers, up from around 12,000"
        if cat == "people" and node.dep_ == "pobj" and cl.head(node).lower_ in _PART_OF:
            cat = cats.get(cl.head(cl.head(node)).i, cat)   # part of a group: its category
        if cat is None:
            continue
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
