"""Files shipped inside the package's data folder."""
from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).parent.parent / "data"


def data_path(*parts: str) -> Path:
    """A file shipped inside the package's data folder."""
    return DATA_DIR.joinpath(*parts)
