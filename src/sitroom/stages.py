"""The stage registry: each stage declares the layers it needs and the layers it adds.

Stage modules register themselves here with :func:`register`; the pipeline
(:mod:`sitroom.pipeline`) imports the stage packages and runs what they registered.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .records import Document
from .resources import Resources

# Layers every Document has from ingest.
BASE_LAYERS = frozenset({"text", "published", "source", "title", "url"})


@dataclass(frozen=True)
class Stage:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    func: Callable[[Document, Resources], dict] | None = None   # returns {layer: value}
    batched: bool = False


REGISTRY: dict[str, Stage] = {}


def register(name: str, requires: tuple[str, ...], assigns: tuple[str, ...], batched: bool = False):
    """Decorator: register ``func(doc, res) -> {layer: value}`` as a pipeline stage."""
    def deco(func):
        REGISTRY[name] = Stage(name, tuple(requires), tuple(assigns), func, batched)
        return func
    return deco
