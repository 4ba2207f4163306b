"""The embedded demo corpus: short reports on the Belarus–EU border crisis, written for sitroom."""
from __future__ import annotations

from pathlib import Path

from .knowledge.data import data_path


def demo_dir() -> Path:
    return data_path("demo")


def demo_paths() -> list[Path]:
    """The demo articles (``.txt``), in date order; each has a ``.gold.json`` beside it."""
    return sorted(demo_dir().glob("*.txt"))
