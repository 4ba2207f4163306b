"""The Phoenix agent and actor lexicons (derived from Open Event Data's PETRARCH2 dictionaries, MIT).

- agents: role and group nouns -> sector ("riot police" -> POL, "lawmakers" -> LEG,
  "protesters" -> OPP), singular and plural;
- actors: named persons and bodies -> country and sector, each role with its dates
  ("paul kagame" -> RW GOV from 2000-03-24).

The files are ``data/phoenix_agents.tsv`` and ``data/phoenix_actors.tsv.gz``, made by
``tools/build_phoenix_lexicon.py``. They date from about 2015: what a text says about a
person's current role comes first; these fill what it leaves out.
"""
from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass

from .data import data_path


@dataclass(frozen=True)
class AgentInfo:
    phrase: str
    sector: str
    code: str          # the Phoenix agent code ("COP", "OPPEDU")


@dataclass(frozen=True)
class PhoenixRole:
    country: str | None    # ISO-2, or UN / EU / NATO / IGO / NGO
    sector: str | None
    start: str | None
    end: str | None

    def holds_on(self, date: str | None) -> bool:
        if not date:
            return self.end is None
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


def _key(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("-", " - ").split()).replace(" - ", "-")


class PhoenixLexicon:
    """Lookups in the derived Phoenix agent and actor files."""

    def __init__(self, agents: dict[str, AgentInfo], actors: dict[str, tuple[PhoenixRole, ...]]):
        self.agents = agents
        self.actors = actors

    @classmethod
    @functools.lru_cache(maxsize=1)
    def load(cls) -> "PhoenixLexicon":
        agents: dict[str, AgentInfo] = {}
        with open(data_path("phoenix_agents.tsv"), encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                phrase, sector, code = line.rstrip("\n").split("\t")[:3]
                agents[phrase] = AgentInfo(phrase, sector, code)
        actors: dict[str, tuple[PhoenixRole, ...]] = {}
        with gzip.open(data_path("phoenix_actors.tsv.gz"), "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or "\t" not in line:
                    continue
                name, roles = line.rstrip("\n").split("\t", 1)
                parsed = []
                for r in roles.split(";"):
                    c, s, a, b = (r.split(":") + ["", "", "", ""])[:4]
                    parsed.append(PhoenixRole(c or None, s or None, a or None, b or None))
                actors[name] = actors.get(name, ()) + tuple(parsed)
        return cls(agents, actors)

    def agent(self, phrase: str) -> AgentInfo | None:
        """The sector of a role or group noun phrase: the whole phrase, else its last
        two words, else its head word ("Kenyan riot police" -> "riot police")."""
        words = _key(phrase).split()
        for n in (len(words), 2, 1):
            if 0 < n <= len(words):
                info = self.agents.get(" ".join(words[-n:]))
                if info is not None:
                    return info
        return None

    def actor(self, name: str, date: str | None = None) -> PhoenixRole | None:
        """The role of a named person or body on ``date`` (the role held then, else the
        latest open one, else any with a country)."""
        roles = self.actors.get(_key(name))
        if not roles:
            return None
        dated = [r for r in roles if r.holds_on(date)] if date else []
        if dated:
            return max(dated, key=lambda r: r.start or "")
        open_ = [r for r in roles if r.end is None and r.country]
        pool = open_ or [r for r in roles if r.country] or list(roles)
        return max(pool, key=lambda r: (r.start or "", r.sector is not None))
