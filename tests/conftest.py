"""Shared fixtures: the loaded pipeline (once per session) and the location of ../shared."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The third-party data folder beside the repo; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared: Path) -> str:
    files = sorted((shared / "seed").glob("*.txt"))
    if not files:
        pytest.skip("seed article not present")
    return files[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pipeline():
    from sitroom.pipeline import default_pipeline
    return default_pipeline()


@pytest.fixture(scope="session")
def seed_doc(seed_text, pipeline):
    from sitroom import process
    return process(seed_text, published="2021-11-14", pipeline=pipeline)
