"""Places named in a document, resolved with the gazetteer in the document's context.

Toponyms come from spaCy's GPE/LOC/FAC entities, from ORG/PERSON entities that are
plainly a country or capital (small models mislabel "Minsk" or "Belarus"), and from
patterns such as "the Belarusian village of X", "near X", "the X border crossing".
A demonym before "village/town of" or a country or state after a comma ("Gainesville,
Va.") is a hint the gazetteer must agree with; other names prefer the countries and
divisions the document talks about (:mod:`.context`), and a name means one place
throughout a document. A toponym the gazetteer cannot place is kept unresolved, with
the country of its hint or of its nearest context. Each distinct place is reported
once, at its first mention, with all its mention spans.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from ...stages import register
from ..common import SpanSet
from ...records import Document, Place, Span
from ...resources import Resources
from ...knowledge import countries as C
from ...knowledge.candidates import WELL_KNOWN_POPULATION, Candidate, _tier
from ...knowledge.gazetteer import Gazetteer
from ...knowledge.spelling import normalize, spelling_key
from .regions import country_from_company, located_in, not_a_place, sentence_of, world_region
from .context import (REGIONS, STATE_ABBREVIATIONS, appos_country, appos_division,
                      countries_of_places, country_of_name, divisions_named)

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Organisations and blocs that spaCy often labels GPE but that are not places.
_NOT_PLACES = {"eu", "e.u.", "european union", "nato", "un", "u.n.", "united nations", "osce",
               "asean", "african union", "arab league", "g7", "g20", "west", "the west"}
# Capitals used for an international body seated there ("Brussels wants ...").
_SEAT_OF = {"brussels": ("EU", "BE")}

_NAME = r"(?P<name>[A-Z][\w'’]+(?:[ -](?:de |del |di |da |du |la |al-|el-)?[A-Z][\w'’]+){0,3})"
_DEM = r"(?P<dem>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_SETTLEMENT = r"(?P<kind>village|town|city|hamlet|settlement|region|district|province|municipality|camp|port)"
_PATTERNS = [re.compile(p) for p in (
    # the (Belarusian) (border) village of X / the Polish border town X
    r"\b(?:" + _DEM + r"\s+)?(?:border\s+|frontier\s+|coastal\s+|eastern\s+|western\s+|northern\s+|"
    r"southern\s+)?" + _SETTLEMENT + r"\s+(?:of\s+)?" + _NAME,
    # near X / outside X / on the outskirts of X
    r"\b(?P<kind>near|outside|outskirts of)\s+(?:the\s+)?" + _NAME[:-1]
    + r"(?: of [A-Z][\w'’]+(?: [A-Z][\w'’]+)?)?)",   # "near the University of Peradeniya"
    # the X border crossing / the X-Y crossing / X checkpoint
    r"\b" + _NAME + r"\s+(?P<kind>(?:border\s+)?crossing|checkpoint|crossing point)",
    # in X / from X / to X: kept only when the gazetteer knows X well (see _WEAK)
    r"\b(?P<kind>in|at|from|to)\s+" + _NAME + r"(?![\w-])",
)]
_WEAK = {"in", "at", "from", "to"}
_LIST_NEXT = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)([A-Z][\w'’]+(?:\s[A-Z][\w'’]+)?)(?![\w-])")
# Words before a one-word name that make it a place if the gazetteer knows it well.
_WEAK_BEFORE = _WEAK | {"for", "via", "into", "toward", "towards"}
# Lowercase words that show an entity to be several names run together.
_JOINERS = {"for", "to", "from", "and", "in", "via"}
_CAP_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
# A wire dateline opening a paragraph: "WARSAW, Nov 26 (Agency) -", "COLUMBUS, Ohio (AP) —",
# "VILNIUS/WARSAW —": the place (or places) in capitals, perhaps its state or country.
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<names>[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+){0,3})"
    r"(?:,[ \t]*(?P<region>[A-Z][A-Za-z.]*(?:[ \t][A-Z][A-Za-z.]*)?))?"
    r"(?:,[ \t]*(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2,8})(?:,?[ \t]+\d{4})?)?"
    r"[ \t]*(?:\([^()\n]{2,40}\))?[ \t]*(?:[-–—]|\ufffd)")
# Generic words after a place's name that gazetteers leave out ("Benue State").
_GENERIC_TAIL = re.compile(r"\s+(?:[Ss]tate|[Cc]ity|[Pp]rovince|[Rr]egion|[Gg]overnorate|[Oo]blast|"
                           r"[Vv]oivodeship|[Dd]istrict)$")
# "Hrodna, Belarus", "Gainesville, Va.", "Walker County (Ga.)"
# Words up to a full stop, or one dotted abbreviation ("Va.", "D.C.").
_APPOSITION = re.compile(r"(?:,\s+|\s+\()((?:the\s+)?(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}(?![\w.])"
                         r"|[A-Z][\w.]*\.))")
# A town this small found only after "in"/"to" is more likely a namesake of some word.
_WEAK_MIN_POPULATION = 15_000
_CALENDAR = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
             "January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December", "The", "A", "An"}
_FEATURE_OF_KIND = {"village": "village", "hamlet": "village", "settlement": "village",
                    "town": "city", "city": "city", "port": "city", "crossing": "crossing",
                    "checkpoint": "crossing", "region": "region", "district": "region",
                    "province": "region"}


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    label: str           # spaCy label, or PATTERN
    hint: str | None = None
    kind: str | None = None
    paired: bool = False   # one side of an "X-Y crossing"
    appos: str | None = None   # the name after a comma: "Kuznica, Poland", "Paris, Texas"


_LEAD = re.compile(r"[#@]|the\s+")   # "The Hague" keeps its article
_TRAIL = re.compile(r"(?:'s|’s|'|’)?[\s.,;:]*$")
# "U.S.", "D.C.", "Calif.": the final dot belongs to the abbreviation.
_ABBREV_END = re.compile(r"(?:\b[A-Z]\.[A-Z]|\b[A-Z][a-z]{1,4})\.$")


def _strip(text: str, start: int) -> tuple[str, int, int]:
    """Drop a leading "the" or "#", a trailing possessive and punctuation from an entity text."""
    lead = _LEAD.match(text)
    i = lead.end() if lead else 0
    j = _TRAIL.search(text, i).start()
    if j < len(text) and text[j] == "." and _ABBREV_END.search(text, i, j + 1) \
            and (" " not in text[i:j] or text[j - 2] == "."):
        j += 1
    return text[i:j], start + i, start + j


def _mentions(doc: Document) -> list[_Mention]:
    text = doc.clean_text
    sdoc = doc.nlp
    # A post's date spans the whole post; only written date expressions hide a name.
    dates = [(d.span.start, d.span.end) for d in doc.dates if d.anchor != "post"]
    found: list[_Mention] = []
    for ent in (sdoc.ents if sdoc is not None else ()):
        name, s, e = _strip(ent.text, ent.start_char)
        if not name or not name[0].isupper():
            continue
        head, sep, tail = name.partition(", ")
        tail_code = country_of_name(tail) if sep else None
        if tail_code and ent.label_ in _PLACE_LABELS | {"ORG", "PERSON"}:
            # "Hrodna, Belarus" as one entity: the town, placed by the country after it
            found.append(_Mention(s, s + len(head), head, "GPE", tail_code))
            found.append(_Mention(e - len(tail), e, tail, "GPE"))
        elif ent.label_ in _PLACE_LABELS:
            if _numbered_name(ent) or _after_person(ent):
                continue
            found.append(_Mention(s, e, name, ent.label_))
        elif ent.label_ in ("ORG", "PERSON") and (country_of_name(name) or C.capital_code(name)):
            found.append(_Mention(s, e, name, "GPE"))
        elif ent.label_ in ("ORG", "PERSON") and len(ent) == 1 and _followed_by_country(text, e):
            found.append(_Mention(s, e, name, "GPE", kind="appos"))   # "Hrodna, Belarus, ..."
        elif ent.label_ in ("ORG", "PERSON") and any(t.lower_ in _JOINERS for t in ent[1:-1]):
            # "Minsk for Erbil" taken as one name: its capitalised parts may be places
            for part in _CAP_RUN.finditer(ent.text):
                p0 = ent.start_char + part.start()
                found.append(_Mention(p0, p0 + len(part.group()), part.group(), "PATTERN", None, "in"))
        elif ent.label_ in ("ORG", "PERSON", "NORP") and len(ent) == 1 and ent.start > 0 \
                and _preposition_before(sdoc, ent.start) and not C.demonym_code(name):
            # "from Lida", "for Erbil": a one-word name after a place preposition, if the
            # gazetteer knows it well (see _WEAK)
            found.append(_Mention(s, e, name, "PATTERN", None, "in"))
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            dem = m.groupdict().get("dem")
            hint = C.demonym_code(dem) if dem else None
            kind = m.group("kind").split()[-1]
            s0 = m.start("name")
            if kind in _WEAK and sdoc is not None:   # "in Kybartai, Medininkai and Pabrade"
                found.extend(_list_goes_on(text, sdoc, m.end("name")))
            if kind in _WEAK and (sdoc is None or _inside_entity(sdoc, s0, m.end("name"))):
                continue
            # "the Kuznica-Bruzgi crossing" names two places
            parts = m.group("name").split("-") if kind in ("crossing", "checkpoint") else [m.group("name")]
            for part in parts:
                found.append(_Mention(s0, s0 + len(part), part, "PATTERN",
                                      None if hint == "EU" else hint, kind, len(parts) > 1))
                s0 += len(part) + 1
    found.extend(_unlabelled_countries(sdoc))
    found.extend(_datelines(text))
    # One mention per span: a pattern lends its hint and kind to the entity it covers.
    found.sort(key=lambda m: (m.start, -(m.end - m.start), m.label == "PATTERN"))
    merged: list[_Mention] = []
    in_date = SpanSet(dates).overlaps
    for m in found:
        if in_date(m.start, m.end):
            continue
        if m.text.lower() in _NOT_PLACES or C.country_code(m.text) == "EU" or not_a_place(m.text):
            continue
        if C.demonym_code(m.text) and not country_of_name(m.text):
            continue
        if merged and m.start < merged[-1].end:
            prev = merged[-1]
            prev.hint = prev.hint or m.hint
            prev.kind = prev.kind or m.kind
            continue
        merged.append(m)
    for m in merged:
        after = _APPOSITION.match(text, m.end)
        if after:
            m.appos = after.group(1)
    return [m for m in merged if m.label != "PATTERN" or _plausible_pattern(m)]


def _datelines(text: str) -> list[_Mention]:
    """Places of wire datelines, each with the country its state or country name gives."""
    out: list[_Mention] = []
    for m in _DATELINE.finditer(text):
        names = m.group("names")
        if sum(c.isalpha() for c in names) < 3 or names.isupper() is False:
            continue
        region = m.group("region")
        hint = None
        if region:
            hint = country_of_name(region) or ("US" if region.lower() in STATE_ABBREVIATIONS else None)
        pos = m.start("names")
        for part in names.split("/"):
            if len(part) >= 3:
                out.append(_Mention(pos, pos + len(part), part, "GPE", hint, "dateline"))
            pos += len(part) + 1
        if region:
            abbrev = "US" if region.lower() in STATE_ABBREVIATIONS else None
            out.append(_Mention(m.start("region"), m.end("region"), region, "GPE", abbrev, "dateline"))
    return out


def _after_person(ent) -> bool:
    """"Ursula von der | Leyen": a place-labelled word closing a person's name."""
    doc = ent.doc
    prev = doc[ent.start - 1] if ent.start > 0 else None
    return prev is not None and prev.ent_type_ == "PERSON" and not prev.whitespace_ == "" and \
        prev.i == ent.start - 1 and len(ent) == 1 and not prev.is_punct


def _preposition_before(sdoc, i: int) -> bool:
    """A place preposition before token ``i``, perhaps with "the" between ("in the X area")."""
    prev = sdoc[i - 1]
    if prev.lower_ == "the" and i > 1:
        prev = sdoc[i - 2]
    return prev.lower_ in _WEAK_BEFORE


def _followed_by_country(text: str, end: int) -> bool:
    after = _APPOSITION.match(text, end)
    return bool(after and country_of_name(after.group(1)))


def _inside_entity(sdoc, start: int, end: int) -> bool:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return span is None or any(t.ent_type_ for t in span)


def _list_goes_on(text: str, sdoc, pos: int) -> list[_Mention]:
    """The names continuing a list after "in X": ", Y, Z and W"."""
    out = []
    while True:
        nxt = _LIST_NEXT.match(text, pos)
        if nxt is None or _inside_larger_entity(sdoc, nxt.start(1), nxt.end(1)):
            return out
        out.append(_Mention(nxt.start(1), nxt.end(1), nxt.group(1), "PATTERN", None, "inlist"))
        pos = nxt.end(1)


def _inside_larger_entity(sdoc, start: int, end: int) -> bool:
    """Whether the name is part of a longer entity (whatever label the model gave the name
    itself: small models call list members persons or organisations)."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return True
    return any(e.start_char < start or e.end_char > end for e in sdoc.ents
               if e.start_char < end and start < e.end_char)


def _unlabelled_countries(sdoc) -> list[_Mention]:
    """Country names the model left outside every entity ("Belarus denied ...")."""
    out: list[_Mention] = []
    if sdoc is None:
        return out
    i, n = 0, len(sdoc)
    while i < n:
        tok = sdoc[i]
        if tok.ent_type_ or not (tok.is_title or tok.is_upper) or not tok.is_alpha:
            i += 1
            continue
        # the longest run of up to four tokens outside entities that names a country
        for j in range(min(n, i + 4), i, -1):
            span = sdoc[i:j]
            if any(t.ent_type_ for t in span) or not span[-1].is_alpha:
                continue
            if country_of_name(span.text):
                out.append(_Mention(span.start_char, span.end_char, span.text, "GPE"))
                i = j - 1
                break
        i += 1
    return out


def _numbered_name(ent) -> bool:
    """A place name followed by a number that counts nothing ("France 24", "Channel 4")."""
    doc = ent.doc
    if ent.end >= len(doc):
        return False
    num = doc[ent.end]
    if not num.like_num or not num.text.isdigit() or num.idx != ent.end_char + 1:
        return False
    # "Belarus 50 migrants" would count people; "France 24 application" names a channel.
    nxt = doc[num.i + 1] if num.i + 1 < len(doc) else None
    return not (nxt is not None and nxt.tag_ in ("NNS", "NNPS"))


def _plausible_pattern(m: _Mention) -> bool:
    # "near X" catches "near Monday" or "near EU"; a month, weekday or known non-place is no place.
    first = m.text.split()[0].rstrip(".")
    return first not in _CALENDAR and m.text.lower() not in _NOT_PLACES


def _sentence_index(doc: Document) -> list[int]:
    return [s.start for s in doc.sentences]


def _countries_by_sentence(doc: Document, mentions: list[_Mention], starts: list[int]) -> dict[int, Counter]:
    """Countries each sentence speaks of: country names, capitals and demonyms."""
    out: dict[int, Counter] = {}
    for m in mentions:
        code = country_of_name(m.text) or C.capital_code(m.text) or m.hint
        if code and code != "EU":
            out.setdefault(sentence_of(starts, m.start), Counter())[code] += 1
    for ent in (doc.nlp.ents if doc.nlp is not None else ()):
        if ent.label_ == "NORP":
            code = C.demonym_code(_strip(ent.text, ent.start_char)[0])
            if code and code != "EU":
                out.setdefault(sentence_of(starts, ent.start_char), Counter())[code] += 1
    return out


def _nearby_country(by_sent: dict[int, Counter], i: int, salience: Counter | None = None,
                    window: int = 2) -> str | None:
    """The country the sentence (or, failing that, one just before it) clearly speaks of;
    between countries as frequent there, the one the whole document speaks of most."""
    for j in range(i, max(-1, i - window - 1), -1):
        counts = by_sent.get(j)
        if not counts:
            continue
        top = counts.most_common()
        best = [c for c, n in top if n == top[0][1]]
        if len(best) == 1:
            return best[0]
        if salience:
            ranked = sorted(best, key=lambda c: -salience[c])
            if salience[ranked[0]] > salience[ranked[1]]:
                return ranked[0]
        return None   # two countries as salient as each other: do not guess
    return None


def _is_subject(doc: Document, m: _Mention) -> bool:
    if doc.nlp is None:
        return False
    span = doc.nlp.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


def _feature(c: Candidate, kind: str | None) -> str:
    if c.feature == "country":
        return "country"
    if c.feature in ("continent", "admin1", "admin2", "region"):
        return "region"
    return _FEATURE_OF_KIND.get(kind or "", "city")


def extract_places(doc: Document, gaz: Gazetteer) -> tuple[Place, ...]:
    """One :class:`Place` per distinct place named in the document."""
    mentions = _mentions(doc)
    starts = _sentence_index(doc)
    by_sent = _countries_by_sentence(doc, mentions, starts)
    salience: Counter = Counter()
    for counts in by_sent.values():
        salience.update(counts)
    # How much the document speaks of each country: its own words, then its places.
    context: dict[str, float] = dict(salience.most_common())
    for cc, n in countries_of_places(mentions, gaz, bool(context)).items():
        context.setdefault(cc, n)
    named = {country_of_name(m.text) for m in mentions} | _demonym_codes(doc)

    bodies = _doc_bodies(doc)
    persons = _person_names(doc)
    divisions = divisions_named(mentions, gaz, context)
    places: dict[object, Place] = {}
    spans: dict[object, list[Span]] = {}
    own_divs: dict[int, frozenset[tuple[str, str]]] = {}
    across: set[object] = set()   # unresolved far sides of a crossing
    for m in mentions:
        if m.hint is None and m.appos and not country_of_name(m.text):   # "Syria, Iraq" is a list
            m.hint = appos_country(m.appos, gaz)
            div = appos_division(m.appos, gaz, context)
            if div is not None:
                m.hint, own_divs[id(m)] = div[0], frozenset({div})
    # One place per name in a document: what a mention with a hint ("Parkland, Florida")
    # resolves to, later bare mentions ("the Parkland students") mean too.
    settled: dict[str, Candidate] = {}
    for m in mentions:
        if m.hint and not country_of_name(m.text):
            c = gaz.resolve(m.text, context, m.hint, own_divs.get(id(m), divisions))
            if c is not None:
                settled.setdefault(normalize(m.text), c)
    for m in mentions:
        norm = normalize(m.text)
        seat = _SEAT_OF.get(norm)
        if seat and seat[0] in bodies and seat[1] not in named and _is_subject(doc, m):
            continue   # the body seated there, acting: an actor, not a location
        code = country_of_name(m.text)
        divs = own_divs.get(id(m), divisions)
        cand = None
        if not code and m.hint is None and norm in settled:
            cand = settled[norm]
        elif code and (not m.hint or m.hint == code):
            # "England", "Scotland": a part of the country with a place of its own
            cand = gaz.country_part(m.text, code) or gaz.country(code)
        if cand is None and norm in STATE_ABBREVIATIONS:
            cand = gaz.division("US", STATE_ABBREVIATIONS[norm])
        if cand is None and not code and norm not in REGIONS:
            cand = gaz.resolve(m.text, context, m.hint, divs)
            bare = _GENERIC_TAIL.sub("", m.text)
            if cand is None and bare != m.text:
                # "Benue State", "Birmingham City": the place the name is built on
                cand = gaz.resolve(bare, context, m.hint, divs)
            # spaCy's LOC is a non-political area (region, river, range): a small town
            # of that name is a namesake, not the referent.
            if cand is not None and m.label == "LOC" and cand.feature == "city" \
                    and cand.population < WELL_KNOWN_POPULATION and m.kind not in _FEATURE_OF_KIND:
                cand = None   # ("the Kuznica crossing" still names the village's crossing)
            if cand is not None and m.kind not in _WEAK:
                settled.setdefault(norm, cand)
        if m.kind == "appos" and cand is None:
            continue   # a person or body described by its country, not a place
        if m.kind is None and norm in persons and (cand is None or _tier(cand) > 2):
            continue   # "Borrell" after "Josep Borrell": a person the model took for a place
        if m.kind == "inlist" and (cand is None or cand.country not in context):
            continue   # a list goes on with places the gazetteer puts in the story's countries
        if m.kind in _WEAK and (cand is None or (cand.feature == "city" and (
                cand.population < _WEAK_MIN_POPULATION or cand.country not in context))
                and cand.population < WELL_KNOWN_POPULATION
                and (cand.country, cand.admin1) not in divs):   # "in LaFayette" of a Ga. story
            continue
        if world_region(norm, cand) or norm in REGIONS and not located_in(doc.clean_text, m.start):
            continue   # a continent, or a region named as an origin ("migrants from the Middle East")
        span = doc.span(m.start, m.end)
        if cand is not None:
            key: object = cand.key
            place = Place(span, m.text, cand.name, cand.geonameid, cand.lat, cand.lon, cand.country,
                          cand.admin1, _feature(cand, m.kind), True)
        else:
            country = code or m.hint
            # The far side of a crossing lies across the border: the context country is
            # most likely the wrong one.
            if country is None and m.label != "LOC" and norm not in REGIONS and not m.paired:
                country = _nearby_country(by_sent, sentence_of(starts, m.start), salience)
            feature = _FEATURE_OF_KIND.get(m.kind or "") or (
                "region" if m.label == "LOC" or norm in REGIONS else "other")
            if code:
                feature = "country"
            # Spelling variants of one unresolved name are one place ("Bruzgi", "Brouzgi").
            key = (spelling_key(m.text) or norm, country)
            if m.paired:
                across.add(key)
            place = Place(span, m.text, m.text, None, None, None, country, None, feature, False)
        if key not in places:
            places[key] = place
            spans[key] = []
        spans[key].append(span)
    out = [_with_spans(p, spans[k]) for k, p in places.items()]
    return tuple(country_from_company(out, starts, across))


def _with_spans(p: Place, spans: list[Span]) -> Place:
    return dataclasses.replace(p, spans=tuple(spans))


def _person_names(doc: Document) -> set[str]:
    """Normalised names of the persons the model found, and their surnames."""
    out: set[str] = set()
    for ent in (doc.nlp.ents if doc.nlp is not None else ()):
        if ent.label_ == "PERSON" and len(ent) > 1:
            out.add(normalize(ent.text))
            out.add(normalize(_strip(ent[-1].text, 0)[0]))
    return out


def _demonym_codes(doc: Document) -> set[str]:
    return {C.demonym_code(_strip(e.text, e.start_char)[0]) for e in
            (doc.nlp.ents if doc.nlp is not None else ()) if e.label_ == "NORP"}


def _doc_bodies(doc: Document) -> set[str]:
    """International bodies the document names (EU, ...), via its ORG entities."""
    out = set()
    for ent in (doc.nlp.ents if doc.nlp is not None else ()):
        if ent.label_ in ("ORG", "GPE", "NORP"):
            if C.country_code(_strip(ent.text, ent.start_char)[0]) == "EU":
                out.add("EU")
    return out


@register("places", requires=("nlp", "dates"), assigns=("places",))
def places(doc: Document, res: Resources) -> dict:
    """Find and resolve the places the document names."""
    return {"places": extract_places(doc, res.gazetteer)}

