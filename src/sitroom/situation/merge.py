"""Merge event mentions from many documents into one cluster per real-world happening.

Two mentions report the same happening when they have the same PLOVER type and no
conflicting modes, compatible actors, places and dates. Actors are global actor ids; per
side (source, target; either way round for mutual acts such as a phone call) a shared
person or organisation is strong evidence, a shared country (or a country and one of its
state bodies: "Poland" and "Polish Border Guard") good, a shared group ("migrants") or
only the same country weak; different named people are a contradiction. Places are
compatible when they have the same name, lie within ``NEAR_KM`` or one is the other's
country. Dates:

- day dates within one day of the cluster's best date (not chaining: the comparison is
  with the best-supported date, and a document that gives both days keeps them apart);
- a month or year date that contains the cluster's date;
- an undated mention, by its publication date: a planned act happens after the report
  (up to ``PLAN_WINDOW`` days later; a planned act is never the one already reported as
  done on the day of publication), a done act shortly before it (``PAST_WINDOW``), and an
  ongoing state (a deployment, a standing accusation) around it (``ONGOING_WINDOW``).
  Undated mentions need stronger actor evidence than dated ones: a shared named actor
  or country.

Ongoing states are told again and again, and the date a report gives them is often the
date of one step (more troops sent) or of a background fact: a deployment joins within
``ONGOING_WINDOW`` days whatever day its reports give, and a standing stance told in the
present tense ("the EU accuses Minsk of ...") is placed by its report's date alone. A
standing stance and a single act of the same kind ("Minsk rejected the accusations") are
never one happening, nor are two acts that CAMEO tells apart (troops stationed, units put
on alert). A report that gives only a month keeps out of a happening its own document
dates to a day, when another one fits.

Candidates are found through an inverted index keyed by (type, actor or country, week of
the date), so each mention is compared with a bounded number of clusters and the cost
grows about linearly with the number of mentions.
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .mentions import (NEAR_KM, SYMMETRIC_TYPES, _UNKNOWN, ActorInfo, Item, PlaceRef,  # noqa: F401
                       date_range, fold, ongoing, places_compatible, same_act)

PAST_WINDOW = 3        # days before publication an undated, done act is looked for
PLAN_WINDOW = 31       # days after publication a planned act is looked for
ONGOING_WINDOW = 45    # days either side for ongoing states
SAME_CYCLE = 2         # undated reports of one act appear within this many days
BUCKET_DAYS = 7
STRONG = 2             # side score of a shared country; a person or organisation is 3
SOFT, HARD = -1, -2     # side scores of actors that share nothing / of different people
STATE_SECTORS = frozenset({"GOV", "MIL", "POL", "LEG", "JUD"})


def _bucket(d: _dt.date) -> int:
    return d.toordinal() // BUCKET_DAYS


def _buckets(lo: _dt.date, hi: _dt.date) -> range:
    return range(_bucket(lo), _bucket(hi) + 1)


@dataclass
class _Side:
    """The actors on one side of a mention or cluster, with their derived sets."""
    gids: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)     # named persons
    countries: set[str] = field(default_factory=set)   # countries of the actors
    nations: set[str] = field(default_factory=set)     # countries named as actors
    organs: set[str] = field(default_factory=set)      # countries of state bodies
    services: set[tuple] = field(default_factory=set)  # (country, sector) of state bodies

    def add(self, gids: Iterable[str], info) -> None:
        for g in gids:
            if g in self.gids:
                continue
            self.gids.add(g)
            i = info(g)
            if i.named_person:
                self.persons.add(g)
            if i.country:
                self.countries.add(i.country)
                if i.kind == "country":
                    self.nations.add(i.country)
                elif i.kind in ("organization", "group") and i.sector in STATE_SECTORS:
                    self.organs.add(i.country)
                    self.services.add((i.country, i.sector))


@dataclass
class _Cluster:
    type: str
    members: list[int] = field(default_factory=list)
    days: Counter = field(default_factory=Counter)            # day date -> mentions
    lo: _dt.date | None = None                                # coarse range, when no day
    hi: _dt.date | None = None
    source: "_Side" = field(default_factory=lambda: _Side())
    target: "_Side" = field(default_factory=lambda: _Side())
    places: list[PlaceRef] = field(default_factory=list)
    doc_days: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    published: list[_dt.date] = field(default_factory=list)
    modes: set[str] = field(default_factory=set)
    cameos: set[str] = field(default_factory=set)
    ongoing: bool = False

    @property
    def core(self) -> _dt.date | None:
        if not self.days:
            return None
        return max(self.days, key=lambda d: (self.days[d], -d.toordinal()))


class Merger:
    """Incremental clustering of event mentions with a blocking index."""

    def __init__(self, items: Sequence[Item], actors: Mapping[str, ActorInfo]):
        self.items = items
        self.actors = actors
        self.clusters: list[_Cluster] = []
        self.index: dict[tuple, set[int]] = defaultdict(set)
        self.comparisons = 0
        self.swapped: set[int] = set()    # mutual acts joined with source and target swapped
        self._profiles: dict[frozenset[str], _Side] = {}
        self._strength = {g: 3 if i.specific else 2 if i.kind == "country" else 1
                          for g, i in actors.items()}
        self._strength = defaultdict(lambda: 1, self._strength)

    # -- keys ------------------------------------------------------------------------
    def _keys(self, gids: Iterable[str], place: PlaceRef | None) -> set[str]:
        keys = set()
        for g in gids:
            keys.add("g:" + g)
            info = self.actors.get(g)
            if info and info.country:
                keys.add("c:" + info.country)
        if place is not None:
            keys.add("p:" + fold(place.name))
        return keys

    def _info(self, g: str) -> ActorInfo:
        return self.actors.get(g) or _UNKNOWN

    def _profile(self, gids: frozenset[str]) -> "_Side":
        """What the comparisons need of a set of actors, computed once per distinct set."""
        prof = self._profiles.get(gids)
        if prof is None:
            prof = self._profiles[gids] = _Side()
            prof.add(gids, self._info)
        return prof

    # -- compatibility ---------------------------------------------------------------
    def _side(self, a: "_Side", b: "_Side") -> int:
        """3 a shared person or organisation, 2 a shared country (or a country and a state
        body of it, or two bodies of one service of one country: "border guards" and "the
        Polish Border Guard"), 1 a shared group or only the actors' countries, 0 unknown,
        SOFT (-1) nothing shared, HARD (-2) different named people."""
        if not a.gids or not b.gids:
            return 0
        if a.persons and b.persons and a.persons.isdisjoint(b.persons):
            return HARD
        shared = a.gids & b.gids
        if shared:
            return max(self._strength[g] for g in shared)
        if not a.organs.isdisjoint(b.nations) or not b.organs.isdisjoint(a.nations) \
                or not a.services.isdisjoint(b.services):
            return 2    # a country stands for its government, army, police
        if not a.countries.isdisjoint(b.countries):
            return 1
        return SOFT

    def _actor_score(self, it: Item, c: _Cluster, strong: bool,
                     same_day: bool = False) -> tuple[int, bool]:
        """Best actor score of the mention against the cluster, and whether it was swapped.

        With ``strong``, a side must share a named actor or a country (a shared group such
        as "migrants", or actors of one country, are not enough). On the same day, a side
        that shares nothing is forgiven when the other shares a person or organisation:
        reports name different parts of a many-sided act (sanctions on a country, on its
        airline, on travel agencies).
        """
        best, swapped = -1, False
        orientations = [(it.source, it.target, False)]
        if it.type in SYMMETRIC_TYPES:
            orientations.append((it.target, it.source, True))
        for src, tgt, sw in orientations:
            s = self._side(self._profile(src), c.source)
            t = self._side(self._profile(tgt), c.target)
            if min(s, t) == SOFT and same_day and max(s, t) == 3:
                s, t = max(s, t), 0
            if s < 0 or t < 0 or (strong and max(s, t) < STRONG):
                continue
            if s + t > best:
                best, swapped = s + t, sw
        return best, swapped

    def _place_ok(self, it: Item, c: _Cluster) -> bool:
        if it.place is None or not c.places:
            return True
        return any(places_compatible(it.place, p) for p in c.places)

    def _window(self, it: Item) -> tuple[_dt.date, _dt.date] | None:
        """Days an undated mention's happening may fall on."""
        pub = it.published
        if pub is None:
            return None
        one = _dt.timedelta(days=1)
        if ongoing(it):
            return pub - ONGOING_WINDOW * one, pub + ONGOING_WINDOW * one
        if it.status == "planned":
            return pub + one, pub + PLAN_WINDOW * one
        return pub - PAST_WINDOW * one, pub

    @staticmethod
    def _ongoing_gap(lo: _dt.date, hi: _dt.date, c: _Cluster) -> float | None:
        """Days between a dated report of an ongoing state and the cluster's reports."""
        refs = list(c.days) + list(c.published) + [d for d in (c.lo, c.hi) if d is not None]
        gaps = [max((lo - d).days, (d - hi).days, 0) for d in refs]
        gap = min(gaps) if gaps else None
        return float(gap) if gap is not None and gap <= ONGOING_WINDOW else None

    def _date_distance(self, it: Item, rng, c: _Cluster) -> float | None:
        """How far the mention's date is from the cluster's, or None when incompatible."""
        core = c.core
        if rng is not None and c.ongoing:
            return self._ongoing_gap(rng[0], rng[1], c)
        if rng is not None:
            lo, hi, gran = rng
            if gran == "day":
                if core is not None:
                    gap = abs((lo - core).days)
                    if gap == 0:
                        return 0.0
                    # A document that dates this happening differently tells two apart.
                    own = c.doc_days.get(it.doc_id, ())
                    if gap == 1 and not any(d is not None and d != lo for d in own):
                        return 1.0
                    return None
                return 0.5 if c.lo <= lo <= c.hi else None
            if core is not None:
                return 0.5 if lo <= core <= hi else None
            return 1.0 if lo <= c.hi and c.lo <= hi else None
        # Undated mention.
        win = self._window(it)
        if win is None:
            return None
        wlo, whi = win
        anchor = it.published
        if core is not None:
            hint = date_range(it.hint) if it.status == "occurred" and not c.ongoing else None
            if hint is not None and hint[2] == "day" and abs((hint[0] - core).days) > 1:
                return None   # the paragraph names another day
            return abs((core - anchor).days) if wlo <= core <= whi else None
        if c.lo is not None:
            return 0.5 * (c.hi - c.lo).days if c.lo <= whi and wlo <= c.hi else None
        # An undated cluster: reports of the same news cycle, or of the same ongoing state.
        span = ONGOING_WINDOW if ongoing(it) else SAME_CYCLE
        gaps = [abs((p - anchor).days) for p in c.published]
        gap = min(gaps) if gaps else None
        return gap if gap is not None and gap <= span else None

    # -- clustering ------------------------------------------------------------------
    def _lookup(self, it: Item, rng) -> set[int]:
        keys = self._keys(it.source | it.target, it.place)
        if rng is not None:
            pad = _dt.timedelta(days=ONGOING_WINDOW if ongoing(it) else 1)
            lo, hi = rng[0] - pad, rng[1] + pad
        else:
            win = self._window(it)
            if win is None:
                return set()
            lo, hi = win
            if it.status == "planned":
                lo = min(lo, it.published)     # undated planned clusters of the same day
            span = ONGOING_WINDOW if ongoing(it) else SAME_CYCLE
            lo = min(lo, it.published - _dt.timedelta(days=span))
            hi = max(hi, it.published + _dt.timedelta(days=span))
        found: set[int] = set()
        for k in keys:
            for b in _buckets(lo, hi):
                found |= self.index.get((it.type, k, b), set())
        return found

    def _register(self, ci: int, it: Item, rng) -> None:
        c = self.clusters[ci]
        keys = self._keys(it.source | it.target, it.place)
        if rng is not None:
            lo, hi, _ = rng
            bks = _buckets(lo, hi)
        elif it.published is not None:
            bks = _buckets(it.published, it.published)
        else:
            bks = range(0)
        for k in keys:
            for b in bks:
                self.index[(c.type, k, b)].add(ci)

    def _add(self, ci: int, n: int, it: Item, rng, swapped: bool) -> None:
        c = self.clusters[ci]
        c.members.append(n)
        if it.cameo:
            c.cameos.add(it.cameo)
        src, tgt = (it.target, it.source) if swapped else (it.source, it.target)
        c.source.add(src, self._info)
        c.target.add(tgt, self._info)
        if it.mode:
            c.modes.add(it.mode)
        if it.place is not None and all(p.name != it.place.name for p in c.places):
            c.places.append(it.place)
        if it.published is not None:
            if it.published not in c.published:
                c.published.append(it.published)
        if rng is not None:
            lo, hi, gran = rng
            if gran == "day":
                c.days[lo] += 1
                c.doc_days[it.doc_id].add(lo)
            elif c.lo is None:
                c.lo, c.hi = lo, hi
            elif max(c.lo, lo) <= min(c.hi, hi):
                c.lo, c.hi = max(c.lo, lo), min(c.hi, hi)   # the narrower range both allow
        else:
            c.doc_days[it.doc_id].add(None)
        self._register(ci, it, rng)

    def run(self) -> list[list[int]]:
        """Clusters as lists of indices into the items, in order of creation."""
        # A standing stance is placed by its report: the date in its sentence is background.
        ranges = [None if it.standing and ongoing(it) else date_range(it.date)
                  for it in self.items]

        def order(n: int) -> tuple:
            it, rng = self.items[n], ranges[n]
            pub = it.published.toordinal() if it.published else 10 ** 7
            if rng is not None:
                # Reports of the act done first: they define it, and plans join them.
                group = 0 if rng[2] == "day" else 1
                return (group, rng[0].toordinal(), it.status != "occurred", pub, it.doc_id)
            return (2 if it.status == "planned" else 3, pub, 0, 0, it.doc_id)

        for n in sorted(range(len(self.items)), key=order):
            it, rng = self.items[n], ranges[n]
            best = None
            state = ongoing(it)
            if it.source or it.target or (it.place is not None and rng and rng[2] == "day"):
                need = 1 if rng is not None and not state else STRONG
                for ci in self._lookup(it, rng):
                    c = self.clusters[ci]
                    self.comparisons += 1
                    if it.mode and c.modes and it.mode not in c.modes:
                        continue      # an arrest and a pushback are different acts
                    if c.ongoing != state or it.cameo and c.cameos and \
                            not any(same_act(it.cameo, x) for x in c.cameos):
                        continue      # a standing stance is no single act; CAMEO tells acts apart
                    if rng is None and None in c.doc_days.get(it.doc_id, ()):
                        continue      # two undated mentions its own document keeps apart
                    dist = self._date_distance(it, rng, c)
                    if dist is None or not self._place_ok(it, c):
                        continue
                    same_day = rng is not None and rng[2] == "day" and c.core == rng[0]
                    score, swapped = self._actor_score(it, c, rng is None or state, same_day)
                    if not (it.source or it.target):
                        # No actors: only the same day at a compatible named place.
                        if not (c.places and same_day):
                            continue
                        score = need
                    if score < need:
                        continue
                    # a month-dated report keeps out of what its own document dates to a day
                    told = rng is not None and rng[2] != "day" and \
                        any(d is not None for d in c.doc_days.get(it.doc_id, ()))
                    key = (told, -score, dist, -len(c.members), ci)
                    if best is None or key < best[0]:
                        best = (key, ci, swapped)
            if best is None:
                self.clusters.append(_Cluster(it.type, ongoing=state))
                self._add(len(self.clusters) - 1, n, it, rng, False)
            else:
                self._add(best[1], n, it, rng, best[2])
                if best[2]:
                    self.swapped.add(n)
        return [c.members for c in self.clusters]


def merge_items(items: Sequence[Item], actors: Mapping[str, ActorInfo]) -> list[list[int]]:
    """Group event mentions by happening; returns lists of indices into ``items``."""
    return Merger(items, actors).run()
