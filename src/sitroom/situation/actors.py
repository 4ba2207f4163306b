"""Cross-document actor identity: the same actor in different articles becomes one.

Countries merge by ISO code; organizations by any shared name, alias or @handle when
their countries agree; groups by name and country; persons by name compatibility
("Borrell" ~ "Josep Borrell", "J. Borrell", "Aleksandr"/"Alexander Lukashenko") with
agreeing countries, so that two people sharing a surname in different countries (or with
different given names) stay apart. Candidates are found through blocking indexes (name
tokens, surname prefix, handle, key), so the work grows about linearly with the input.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from rapidfuzz import fuzz

from ..knowledge.actorkb import name_key, squash
from ..records import Actor
from .model import GlobalActor

# Name particles are not surnames on their own and are not used as blocking keys.
PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "al", "el",
             "bin", "ibn", "abu", "du", "dos", "das", "y", "ben", "mac", "st", "jr", "sr", "ii",
             "iii"}
_VOWELISH = re.compile(r"[aeiouyhw\W\d]+")
GIVEN_MIN = 75      # given-name similarity ("aleksandr"/"alexander" 78, "andrzej"/"jan" 40)
SURNAME_MIN = 85    # surname spelling variants ("lukashenko"/"lukashenka" 90)


@dataclass
class _Cluster:
    """A global actor being assembled."""
    kind: str
    order: int
    members: list[tuple[str, str]] = field(default_factory=list)
    names: Counter = field(default_factory=Counter)        # surface -> count (canonical names)
    aliases: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)
    sectors: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    full: set[tuple[str, ...]] = field(default_factory=set)   # person name token tuples
    keys: set[str] = field(default_factory=set)               # org/group name keys
    handles: set[str] = field(default_factory=set)

    def add(self, doc_id: str, a: Actor) -> None:
        self.members.append((doc_id, a.id))
        self.names[a.name] += 1
        for al in a.aliases:
            self.aliases[al] += 1
        self.kinds[a.kind] += 1
        if a.country:
            self.countries[a.country] += 1
        if a.sector:
            self.sectors[a.sector] += 1
        if a.role:
            self.roles[a.role] += 1

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None

    @property
    def role(self) -> str | None:
        return self.roles.most_common(1)[0][0] if self.roles else None


def resolve_actors(items: Iterable[tuple[str, Actor]]) -> list[GlobalActor]:
    """Global actors from ``(doc_id, actor)`` pairs, ids "A1", "A2", ... in order of first mention."""
    return _Resolver().run(items)


def person_tokens(name: str) -> tuple[str, ...]:
    """A person name as normalised tokens: "J. Borrell" -> ("j", "borrell")."""
    return tuple(name_key(name).replace("-", " ").split())


def given_compatible(a: str, b: str) -> bool:
    """Whether two given names can be the same person's: equal, an initial, or a spelling variant."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a[0] == b[0] and fuzz.ratio(a, b) >= GIVEN_MIN


def names_compatible(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    """Whether two person names can denote one person ("borrell" ~ "josep borrell")."""
    if not x or not y:
        return False
    if x == y:
        return True
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) == 1:
        # A single name is a surname (or the family name first: "Xi" of "Xi Jinping").
        return short[0] == long_[-1] or (len(long_) == 2 and short[0] == long_[0])
    if _in_run(long_, short) or long_[:len(short)] == short:
        return True          # "von der Leyen", "Josep Borrell" of "Josep Borrell Fontelles"
    if fuzz.ratio(short[-1], long_[-1]) < (100 if short[-1][0] != long_[-1][0] else SURNAME_MIN):
        return False
    return given_compatible(short[0], long_[0])


def _in_run(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return any(big[i:i + n] == small for i in range(len(big) - n + 1)) and small[-1] == big[-1]


_SPELLING = ((re.compile(r"is(ations?|e[ds]?|ing)\b"), r"iz\1"), (re.compile(r"\bdefence\b"), "defense"),
             (re.compile(r"\bcentre\b"), "center"))


def spelling(key: str) -> str:
    """British and American spellings alike: "humanitarian organisations" = "... organizations"."""
    for rx, rep in _SPELLING:
        key = rx.sub(rep, key)
    return key


def is_description(a: Actor) -> bool:
    """Whether a person actor is named by a role description rather than a proper name."""
    name = a.name.strip()
    if not name or name.startswith("@"):
        return False
    if not name[0].isupper():
        return True
    last = name_key(name).split()[-1:]
    # "Polish Border Guard spokeswoman": a title without a name
    return bool(a.role) and (last == name_key(a.role).split()[-1:] or last[0] in _role_words())


@functools.lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    from ..knowledge.actorkb import ActorKB
    return ActorKB.load().role_words


def skeleton(word: str) -> str:
    """A spelling-tolerant key: first letter and the consonants after it, repeats collapsed.

    "lukashenko" and "lukashenka" -> "lkshnk"; "zelensky" and "zelenskyy" -> "zlnsk".
    """
    out = word[:1]
    for ch in _VOWELISH.sub("", word[1:]):
        if ch != out[-1:]:
            out += ch
    return "~" + out


def _surname_blocks(toks: tuple[str, ...]) -> list[str]:
    """Blocking keys of a person name: every non-particle token and the surname's skeleton."""
    keys = [t for t in toks if t not in PARTICLES and len(t) > 1]
    if toks:
        keys.append(skeleton(toks[-1]))
    return keys


class _Resolver:
    def __init__(self):
        self.clusters: list[_Cluster] = []
        self.by_code: dict[str, _Cluster] = {}                   # countries
        self.by_key: dict[str, list[_Cluster]] = defaultdict(list)    # orgs and groups
        self.by_block: dict[str, list[_Cluster]] = defaultdict(list)  # persons
        self.by_handle: dict[str, _Cluster] = {}

    def run(self, items: Iterable[tuple[str, Actor]]) -> list[GlobalActor]:
        items = list(items)
        order = {}
        for n, (doc_id, a) in enumerate(items):
            order.setdefault((doc_id, a.id), n)
        # Fuller names first, so a bare surname finds the person it belongs to.
        persons = [(doc_id, a) for doc_id, a in items if a.kind == "person"]
        persons.sort(key=lambda p: (-len(person_tokens(p[1].name)), order[(p[0], p[1].id)]))
        for doc_id, a in persons:
            self._add_person(doc_id, a, order[(doc_id, a.id)])
        for doc_id, a in items:
            if a.kind == "country":
                self._add_country(doc_id, a, order[(doc_id, a.id)])
            elif a.kind != "person":
                self._add_named(doc_id, a, order[(doc_id, a.id)])
        self.clusters.sort(key=lambda c: min(order[m] for m in c.members))
        return [self._freeze(c, f"A{i + 1}") for i, c in enumerate(self.clusters)]

    def _new(self, kind: str, order: int) -> _Cluster:
        c = _Cluster(kind, order)
        self.clusters.append(c)
        return c

    # -- countries ---------------------------------------------------------------------
    def _add_country(self, doc_id: str, a: Actor, order: int) -> None:
        key = a.country or "name:" + name_key(a.name)
        c = self.by_code.get(key)
        if c is None:
            c = self.by_code[key] = self._new("country", order)
        c.add(doc_id, a)

    # -- organizations and groups ------------------------------------------------------
    def _add_named(self, doc_id: str, a: Actor, order: int) -> None:
        # Aliases that are names ("EU", "Border Guard"), not descriptions ("volunteers", "the group").
        names = [a.name] if a.kind == "group" else \
            [a.name, *(n for n in a.aliases if any(ch.isupper() for ch in n))]
        keys = {spelling(name_key(n)) for n in names if n and not n.startswith("@")} - {""}
        handles = {squash(n) for n in a.aliases if n.startswith("@")}
        cands: list[_Cluster] = []
        for h in handles:
            if h in self.by_handle and self.by_handle[h].kind == a.kind:
                cands.append(self.by_handle[h])
        for k in keys:
            cands.extend(c for c in self.by_key.get(a.kind + ":" + k, ()) if c not in cands)
        c = self._pick(cands, a.country)
        if c is None:
            c = self._new(a.kind, order)
        c.add(doc_id, a)
        for k in keys:
            if k not in c.keys:
                c.keys.add(k)
                self.by_key[a.kind + ":" + k].append(c)
        for h in handles:
            self.by_handle.setdefault(h, c)

    @staticmethod
    def _pick(cands: list[_Cluster], country: str | None) -> _Cluster | None:
        """The candidate of the same country; an unplaced actor joins a sole candidate."""
        same = [c for c in cands if c.country == country]
        if same:
            return same[0]
        if country is None:
            return cands[0] if len(cands) == 1 else None
        unplaced = [c for c in cands if c.country is None]
        return unplaced[0] if len(unplaced) == 1 else None

    # -- persons -----------------------------------------------------------------------
    def _add_person(self, doc_id: str, a: Actor, order: int) -> None:
        if is_description(a):
            # "the Belarusian foreign minister": the same description of the same country only.
            key = "desc:" + name_key(a.name) + ":" + (a.country or "")
            c = self.by_code.get(key)
            if c is None:
                c = self.by_code[key] = self._new("person", order)
            c.add(doc_id, a)
            return
        toks = person_tokens(a.name)
        handles = {squash(n) for n in (a.name, *a.aliases) if n.startswith("@")}
        c = None
        for h in handles:
            if h in self.by_handle and self.by_handle[h].kind == "person":
                c = self.by_handle[h]
                break
        if c is None and toks:
            c = self._match_person(toks, a)
        if c is None:
            c = self._new("person", order)
        c.add(doc_id, a)
        if toks and toks not in c.full:
            c.full.add(toks)
            for b in _surname_blocks(toks):
                if c not in self.by_block[b]:
                    self.by_block[b].append(c)
        for h in handles:
            self.by_handle.setdefault(h, c)

    def _match_person(self, toks: tuple[str, ...], a: Actor) -> _Cluster | None:
        blocks = [toks[-1], skeleton(toks[-1])] if len(toks) > 1 else [toks[0]]
        seen: list[_Cluster] = []
        for b in blocks:
            seen.extend(c for c in self.by_block.get(b, ()) if c not in seen)
        scored = []
        for c in seen:
            if not any(names_compatible(toks, f) for f in c.full):
                continue
            exact = toks in c.full and len(toks) > 1
            ccountry = c.country
            if a.country and ccountry and a.country != ccountry and not exact:
                continue       # same surname, different country: different people
            score = (exact, a.country is not None and a.country == ccountry,
                     a.role is not None and a.role == c.role, len(c.members))
            scored.append((score, c))
        if not scored:
            return None
        scored.sort(key=lambda s: s[0], reverse=True)
        if len(toks) == 1 and len(scored) > 1 and scored[0][0][:3] == scored[1][0][:3]:
            return None        # "Duda" alone, two Dudas known and nothing to choose between them
        return scored[0][1]

    # -- output ------------------------------------------------------------------------
    @staticmethod
    def _freeze(c: _Cluster, gid: str) -> GlobalActor:
        kind = c.kinds.most_common(1)[0][0]
        if kind == "person":
            # The fullest, most frequent proper name.
            def fullness(n: str) -> tuple:
                words = [] if n.startswith("@") else [w for w in person_tokens(n) if len(w) > 1]
                return len(words) > 1, c.names[n], len(words), len(n)
            name = max(c.names, key=fullness)
        else:
            name = max(c.names, key=lambda n: (c.names[n], len(n)))
        seen = {name}
        aliases = []
        for n, _ in (c.names + c.aliases).most_common():
            if n not in seen:
                seen.add(n)
                aliases.append(n)
        sector = c.sectors.most_common(1)[0][0] if c.sectors else None
        return GlobalActor(id=gid, name=name, aliases=tuple(aliases), kind=kind,
                           country=c.country, sector=sector, role=c.role,
                           members=tuple(c.members))
