"""Actor knowledge: the role and group lexicons, plus an optional file of known actors.

The lexicons (``data/roles.tsv``, ``data/groups.tsv``) are part of the extractor and
always loaded. Known actors (``data/actors.toml`` by default, extended by a user file)
are optional knowledge: they add attributes (role, country, sector) that the text does
not state and let role descriptions ("the head of European diplomacy") corefer with a
named office-holder. Entries may carry ``start``/``end`` dates bounding the term.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResourceError
from .data import data_path
from .phoenix import AgentInfo, PhoenixLexicon, PhoenixRole
from .countries import normalize

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def squash(text: str) -> str:
    """Lowercase letters and digits only: "@Josep_BorrellF" -> "josepborrellf"."""
    return _NON_ALNUM.sub("", normalize(text.lstrip("@#")))


@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Normalised name for lookups: accents, case, possessive, leading "the" and dots removed."""
    t = normalize(text)
    t = re.sub(r"(?:'s|')$", "", t).replace(".", "")
    return re.sub(r"\s+", " ", t).strip()


@dataclass(frozen=True)
class KnownActor:
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "person"
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    start: str | None = None      # ISO date the role began, if bounded
    end: str | None = None        # ISO date the role ended, if it has

    def holds_on(self, date: str | None) -> bool:
        """Whether the entry's role holds on ``date`` (always, when either is unknown)."""
        if not date:
            return True
        d = date[:10]
        return (not self.start or self.start <= d) and (not self.end or d <= self.end)

    @property
    def handles(self) -> tuple[str, ...]:
        return tuple(a for a in self.aliases if a.startswith("@"))


@dataclass(frozen=True)
class RoleInfo:
    role: str
    sector: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class GroupInfo:
    name: str                     # canonical name of the collective ("migrants")
    sector: str | None
    kind: str = "group"           # group | organization
    flags: frozenset[str] = frozenset()   # gov: stands for a government; acting: only as agent


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


class ActorKB:
    """Role and group lexicons plus known actors, indexed for lookups by name and role."""

    def __init__(self, actors: tuple[KnownActor, ...] = (), roles: dict[str, RoleInfo] | None = None,
                 groups: dict[str, GroupInfo] | None = None):
        self.actors = tuple(actors)
        self.roles: dict[str, RoleInfo] = dict(roles or {})
        self.groups: dict[str, GroupInfo] = dict(groups or {})
        self._by_name: dict[str, list[KnownActor]] = {}
        self._by_squash: dict[str, list[KnownActor]] = {}
        self._by_surname: dict[str, list[KnownActor]] = {}
        for a in self.actors:
            for n in (a.name,) + a.aliases:
                if n.startswith("@"):
                    self._by_squash.setdefault(squash(n), []).append(a)
                else:
                    self._by_name.setdefault(name_key(n), []).append(a)
                    if a.kind == "person" and " " in n:
                        self._by_surname.setdefault(name_key(n).split()[-1], []).append(a)
        for a in self.actors:
            if a.role and a.kind == "person":
                self.roles.setdefault(name_key(a.role), RoleInfo(a.role, a.sector, a.country))
        self.role_words = frozenset(w for p in self.roles for w in p.split()
                                    if w not in {"of", "the", "for", "and"})
        self.group_last = frozenset(p.split()[-1] for p in self.groups)
        names = sorted({n for a in self.actors if a.kind != "person"
                        for n in (a.name,) + a.aliases if len(n) > 1 and not n.startswith("@")},
                       key=len, reverse=True)
        # Known organizations and persons are found by name even where the tagger misses them.
        self.org_pattern = _alternation(names)
        self.person_pattern = _alternation(sorted(
            {n for a in self.actors if a.kind == "person" for n in (a.name,) + a.aliases
             if " " in n and not n.startswith("@")}, key=len, reverse=True))

    @classmethod
    def load(cls, path: str | None = None, *, defaults: bool = True) -> "ActorKB":
        """The lexicons, the shipped known actors (unless ``defaults=False``) and ``path``'s."""
        roles: dict[str, RoleInfo] = {}
        for row in _read_tsv(data_path("roles.tsv")):
            row += [""] * (4 - len(row))
            roles[name_key(row[0])] = RoleInfo(row[1], row[2] or None, row[3] or None)
        groups: dict[str, GroupInfo] = {}
        for row in _read_tsv(data_path("groups.tsv")):
            row += [""] * (5 - len(row))
            groups[name_key(row[0])] = GroupInfo(row[1], row[2] or None, row[3] or "group",
                                                 frozenset(f for f in row[4].split(",") if f))
        actors: list[KnownActor] = []
        files = ([data_path("actors.toml")] if defaults else []) + ([Path(path)] if path else [])
        for f in files:
            extra_actors, extra_roles = _read_toml(f)
            actors.extend(extra_actors)
            roles.update(extra_roles)
        return cls(tuple(actors), roles, groups)

    def match(self, name: str, date: str | None = None) -> KnownActor | None:
        """The known actor with this name, alias or handle (a unique surname also matches)."""
        if not name:
            return None
        if name.startswith("@"):
            cands = self._by_squash.get(squash(name), [])
        else:
            key = name_key(name)
            cands = self._by_name.get(key) or []
            if not cands and " " not in key:
                cands = self._by_surname.get(key, [])
                if len({c.name for c in cands}) > 1:
                    cands = []
        if not cands:
            return None
        valid = [c for c in cands if c.holds_on(date)]
        return (valid or cands)[0]

    def match_role(self, phrase: str) -> RoleInfo | None:
        """Normalised role for a role phrase ("head of European diplomacy", "Interior Minister")."""
        return self.roles.get(name_key(phrase)) if phrase else None

    def find_role(self, words: list[str]) -> tuple[RoleInfo, int, int] | None:
        """The longest run ``words[i:j]`` that is a role phrase, with ``i`` and ``j``."""
        low = [name_key(w) for w in words]
        n = len(low)
        for size in range(n, 0, -1):
            for i in range(0, n - size + 1):
                info = self.roles.get(" ".join(low[i:i + size]))
                if info:
                    return info, i, i + size
        return None

    def holders(self, role: str, country: str | None, date: str | None = None) -> list[KnownActor]:
        """Known persons holding ``role`` (for ``country`` when given) on ``date``."""
        out = []
        for a in self.actors:
            if a.kind != "person" or a.role != role or not a.holds_on(date):
                continue
            if country is None or a.country in (None, country):
                out.append(a)
        return out

    def group(self, phrase: str) -> GroupInfo | None:
        return self.groups.get(name_key(phrase))

    @property
    def phoenix(self) -> PhoenixLexicon:
        """The Phoenix agent and actor lexicons (loaded once, on first use)."""
        return PhoenixLexicon.load()

    def agent(self, phrase: str) -> AgentInfo | None:
        """Sector of a role or group noun from the Phoenix agents ("riot police" -> POL)."""
        return self.phoenix.agent(phrase) if phrase else None

    def collective(self, noun: str) -> GroupInfo | None:
        """An unnamed collective for a plural noun the group lexicon lacks, from the Phoenix
        agents ("lawmakers", "rescuers", "students"): a plural person noun by its suffix, not
        plain people ("people", "passengers", "women")."""
        key = name_key(noun)
        info = self.phoenix.agents.get(key)
        if info is None or info.code in GENERIC_AGENT_CODES or not PERSON_PLURAL.search(key):
            return None
        kind = "organization" if info.sector in ("LEG", "JUD") and not noun.endswith("s") else "group"
        return GroupInfo(name_key(noun), info.sector, kind, frozenset({"phoenix"}))

    def known_role(self, name: str, date: str | None = None) -> PhoenixRole | None:
        """Country and sector of a named person or body from the Phoenix actors on ``date``."""
        return self.phoenix.actor(name, date) if name else None


# Plain people (passengers, children, patients) are no actors by their noun alone.
GENERIC_AGENT_CODES = frozenset({"PPL", "CVL", "HLH", "AGR"})
# Plural nouns of persons by their agent suffix ("protesters", "lawmakers", "activists").
PERSON_PLURAL = re.compile(r"(?:er|or|ist|ian|ant|ent|ee|man|men|ier|ive)s?$|men$")


def _alternation(names: list[str]) -> re.Pattern | None:
    """One regex matching any of ``names`` as whole words, longest first."""
    if not names:
        return None
    return re.compile(r"(?<![\w@#])(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")


def _read_toml(path: Path) -> tuple[list[KnownActor], dict[str, RoleInfo]]:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ResourceError(f"actor file {str(path)!r} does not exist; pass an existing TOML file "
                            f"or none") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"actor file {str(path)!r} is not valid TOML: {exc}") from exc
    actors = []
    for i, e in enumerate(data.get("actor", [])):
        if not e.get("name"):
            raise ResourceError(f"actor file {str(path)!r}: entry {i + 1} has no name")
        actors.append(KnownActor(
            name=e["name"], aliases=tuple(e.get("aliases", ())), kind=e.get("kind", "person"),
            country=e.get("country"), sector=e.get("sector"), role=e.get("role"),
            start=_iso(e.get("start")), end=_iso(e.get("end"))))
    roles = {}
    for e in data.get("role", []):
        info = RoleInfo(e["role"], e.get("sector"), e.get("country"))
        for p in e.get("phrases", ()):
            roles[name_key(p)] = info
    return actors, roles
