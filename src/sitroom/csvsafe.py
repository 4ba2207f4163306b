"""CSV that is safe to open in a spreadsheet.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be
read as a formula by spreadsheet programs (CSV injection). :func:`safe_cell` puts a
single quote in front of such strings, which spreadsheets show as plain text; other
values are returned unchanged.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is a string a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: Iterable[Mapping[str, Any] | Sequence[Any]], fieldnames: Sequence[str],
              out: TextIO | str | Path) -> None:
    """Write ``rows`` (dicts keyed by ``fieldnames``, or sequences in their order) as CSV with
    a header row to ``out`` (an open text file, or a path), every cell made safe.
    ``None`` is an empty cell."""
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            write_csv(rows, fieldnames, fh)
        return
    w = csv.writer(out, lineterminator="\n")
    w.writerow([safe_cell(f) for f in fieldnames])
    for r in rows:
        values = [r.get(f) for f in fieldnames] if isinstance(r, Mapping) else list(r)
        w.writerow(["" if v is None else safe_cell(v) for v in values])
