"""Figure series: figures of one category about one subject and place, over time.

A series keeps every claim: two sources giving different numbers on the same day are
two points side by side, never averaged. Subjects are normalised to their head noun
and generic words for people ("migrants", "people", "refugees", "persons") are one
subject, so "at least 8 people" and "at least 11 migrants" dead form one death toll;
specific groups ("children", "soldiers", "Iraqis") keep their own series.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Callable, Iterable, Mapping

from ..knowledge.countries import country_name
from .mentions import date_range
from .model import FigurePoint, FigureSeries

# Generic nouns for a crowd of people: one subject.
PEOPLE = frozenset({"people", "person", "persons", "individual", "migrant", "refugee",
                    "asylum seeker", "seeker", "foreigner", "civilian", "resident", "victim",
                    "family", "man", "woman", "body", "life", "death", "casualty", "fatality",
                    "crowd", "group", "human", "adult", "detainee", "arrest", "detention"})
SYNONYMS = {"troop": "soldier", "serviceman": "soldier", "servicemen": "soldier",
            "officer": "officer", "policeman": "officer", "guard": "officer", "kid": "child",
            "attempt": "crossing", "attempted crossing": "crossing", "entry": "crossing",
            "pushback": "pushback", "euro": "money"}
# Categories whose figures count people when no subject is given.
HUMAN_CATEGORIES = frozenset({"dead", "injured", "missing", "detained", "people", "returned",
                              "pushbacks", "crossings"})
_HEAD_STOP = re.compile(r"\s+(?:from|of|on|in|at|near|along|to|who|that|which|across|into|"
                        r"inside|outside|for|with|by|under|since|during|per)\b.*$", re.I)
_LEAD = re.compile(r"^(?:more|additional|further|other|some|new|about|around|nearly|almost|"
                   r"over|least|the|a|an)\s+", re.I)
_IRREGULAR = {"people": "people", "children": "child", "men": "man", "women": "woman",
              "police": "officer", "lives": "life", "families": "family", "bodies": "body",
              "casualties": "casualty", "fatalities": "fatality", "personnel": "soldier"}


def singular(word: str) -> str:
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def subject_key(category: str, subject: str | None, unit: str | None = None) -> str:
    """The normalised subject a figure counts: "migrants from Belarus" -> "people"."""
    if category == "money":
        return unit or "money"
    text = _HEAD_STOP.sub("", (subject or "").strip())
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", text)]
    while words and _LEAD.match(words[0] + " "):
        words = words[1:]
    if not words:
        return "people" if category in HUMAN_CATEGORIES else category
    head = singular(words[-1])
    two = (singular(words[-2]) + " " + head) if len(words) > 1 else head
    for cand in (two, head):
        if cand in SYNONYMS:
            head = SYNONYMS[cand]
            break
    if head in PEOPLE:
        return "people"
    if category == "crossings" and head in {"crossing", "people"}:
        return "crossing"
    return head


def build_series(rows: Iterable[dict[str, Any]], docs: Mapping[str, dict[str, Any]],
                 speaker: Mapping[tuple[str, str], str],
                 place_country: Callable[[str, str], str | None]) -> list[FigureSeries]:
    """Series from figure rows (``store.rows("figures")``).

    ``speaker`` maps (doc_id, local actor id) to the global actor's name;
    ``place_country(doc_id, place name)`` gives the place's country, so that figures about
    places in different countries form different series.
    """
    groups: dict[tuple, list[FigurePoint]] = defaultdict(list)
    places: dict[tuple, Counter] = defaultdict(Counter)
    for r in rows:
        doc = docs.get(r["doc_id"], {})
        published = (doc.get("published") or "")[:10] or None
        claimed = None
        if r.get("claimed_by_id"):
            claimed = speaker.get((r["doc_id"], r["claimed_by_id"]))
        claimed = claimed or r.get("claimed_by_name") or r.get("claimed_by_text")
        date = r.get("date")
        rng = date_range(date)
        if published and (rng is None or (rng[2] != "day" and
                                          rng[0].isoformat() <= published <= rng[1].isoformat())):
            date = published      # a month or year that holds the report: the report's day
        point = FigurePoint(
            date=date, value=r.get("value"), low=r.get("low"),
            high=r.get("high"), qualifier=r.get("qualifier") or "exact", claimed_by=claimed,
            doc_id=r["doc_id"], outlet=doc.get("source"), published=published,
            evidence=r.get("evidence") or r.get("text") or "", start=r.get("start") or 0,
            end=r.get("end") or 0)
        subject = subject_key(r["category"], r.get("subject"), r.get("unit"))
        country = place_country(r["doc_id"], r["place"]) if r.get("place") else None
        key = (r["category"], subject, country)
        groups[key].append(point)
        if r.get("place"):
            places[key][r["place"]] += 1
    # A figure without a place joins the main series of its category and subject.
    unplaced = {k: v for k, v in groups.items() if k[2] is None}
    for (cat, subj, _), points in unplaced.items():
        placed = [k for k in groups if k[:2] == (cat, subj) and k[2] is not None]
        if placed:
            main = max(placed, key=lambda k: (len(groups[k]), k[2]))
            groups[main].extend(points)
            del groups[(cat, subj, None)]
    out = []
    for key, points in groups.items():
        cat, subj, _ = key
        # One point per claim: the same number from the same document is said once.
        seen, uniq = set(), []
        for p in sorted(points, key=lambda p: (p.date or "9999", p.published or "", p.doc_id,
                                              p.start)):
            k = (p.doc_id, p.value, p.low, p.high, p.qualifier, p.date)
            if k not in seen:
                seen.add(k)
                uniq.append(p)
        place = None
        if len(places[key]) == 1:
            place = next(iter(places[key]))
        elif places[key]:
            place = country_name(key[2]) if key[2] else places[key].most_common(1)[0][0]
        out.append(FigureSeries(id="", category=cat, subject=subj, place=place,
                                points=tuple(uniq)))
    out.sort(key=lambda s: (-len({p.doc_id for p in s.points}), -len(s.points), s.category,
                            s.subject, s.place or ""))
    return [FigureSeries(id=f"F{i + 1}", category=s.category, subject=s.subject, place=s.place,
                         points=s.points) for i, s in enumerate(out)]


def same_day_claims(series: FigureSeries) -> list[tuple[str | None, tuple[FigurePoint, ...]]]:
    """The series' points grouped by date: conflicting claims of a day side by side."""
    by: dict[str | None, list[FigurePoint]] = defaultdict(list)
    for p in series.points:
        by[p.date].append(p)
    return [(d, tuple(ps)) for d, ps in by.items()]
