"""Event mentions as merging compares them: their actors, places and dates, and which agree.

An :class:`Item` is one event mention reduced to what :mod:`.merge` compares; the
functions here say whether two dates, places or CAMEO codes can be one happening's.
"""
from __future__ import annotations

import datetime as _dt
import math
import unicodedata
from dataclasses import dataclass

NEAR_KM = 50.0         # places closer than this are compatible

# Acts that describe a lasting state rather than a moment: they are reported again and
# again, with or without a date.
ONGOING_TYPES = frozenset({"MOBILIZE"})
ONGOING_MODES = frozenset({("COERCE", "restrict"), ("COERCE", "curfew"),
                           ("COERCE", "martial-law"), ("SANCTION", "withdraw")})
# Stances that are ongoing when told in the present tense ("accuses", "denies").
STANCE_TYPES = frozenset({"ACCUSE", "REJECT", "SUPPORT"})
# Mutual acts: "A spoke with B" and "B spoke with A" are the same call.
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


@dataclass(frozen=True)
class PlaceRef:
    """Where an event happened, as far as its document resolved it."""
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    feature: str | None = None


@dataclass(frozen=True)
class ActorInfo:
    kind: str
    country: str | None
    named_person: bool = False     # a person with a proper name, not a description
    sector: str | None = None

    @property
    def specific(self) -> bool:
        """A person or an organisation: sharing one is strong evidence (a country or a
        group such as "migrants" is shared by many happenings)."""
        return self.kind in ("person", "organization")


@dataclass(frozen=True)
class Item:
    """One event mention, reduced to what merging compares."""
    doc_id: str
    published: _dt.date | None
    type: str
    status: str
    date: str | None
    source: frozenset[str] = frozenset()     # global actor ids
    target: frozenset[str] = frozenset()
    mode: str | None = None
    place: PlaceRef | None = None
    cameo: str | None = None
    standing: bool = False      # a stance told in the present tense ("the EU accuses ...")
    hint: str | None = None     # a day named near an undated report: rules out other days


_UNKNOWN = ActorInfo("group", None)


def date_range(value: str | None) -> tuple[_dt.date, _dt.date, str] | None:
    """First and last day of an ISO date, month or year, with its granularity."""
    if not value:
        return None
    try:
        if len(value) >= 10:
            d = _dt.date.fromisoformat(value[:10])
            return d, d, "day"
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            first = _dt.date(y, m, 1)
            nxt = _dt.date(y + (m == 12), m % 12 + 1, 1)
            return first, nxt - _dt.timedelta(days=1), "month"
        if len(value) == 4:
            y = int(value)
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31), "year"
    except ValueError:
        return None
    return None


def is_ongoing(etype: str, mode: str | None, standing: bool = False) -> bool:
    return etype in ONGOING_TYPES or (etype, mode) in ONGOING_MODES or \
        (standing and etype in STANCE_TYPES)


def ongoing(it: Item) -> bool:
    return is_ongoing(it.type, it.mode, it.standing)


def same_act(a: str | None, b: str | None) -> bool:
    """CAMEO codes of one act: equal, unknown, or one the root of its type ("040" a
    meeting, "041" a phone call); "154" troops deployed and "152" alert raised differ."""
    return not a or not b or a == b or a.endswith("0") and len(a) == 3 \
        or b.endswith("0") and len(b) == 3


def fold(name: str) -> str:
    """Lower case without accents, for comparing place names."""
    s = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in s if not unicodedata.combining(ch)).strip()


def km(a: PlaceRef, b: PlaceRef) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def places_compatible(a: PlaceRef, b: PlaceRef) -> bool:
    """Same name, within ``NEAR_KM``, or a country and a place inside it."""
    if fold(a.name) == fold(b.name):
        return True
    d = km(a, b)
    if d is not None and d <= NEAR_KM:
        return True
    for x, y in ((a, b), (b, a)):
        if x.feature == "country" and x.country and x.country == y.country:
            return True
    return False
