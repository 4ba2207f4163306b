"""Small helpers of the SQLite store: statements, batches, lock errors, search hits."""
from __future__ import annotations

import datetime as _dt
import itertools
import sqlite3
from typing import Any, Iterable, Iterator


class SearchHits(list):
    """Rows of a search; ``syntax_error`` says why the query was searched as plain words."""
    syntax_error: str | None = None

    @property
    def as_words(self) -> bool:
        return self.syntax_error is not None


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _is_locked(exc: BaseException) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in str(exc)


def _statements(script: str) -> Iterator[str]:
    """Split a script into complete statements (trigger bodies stay whole)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip() and not buf.strip().startswith("--"):
        yield buf.strip()


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
