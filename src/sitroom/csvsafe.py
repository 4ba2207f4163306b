"""CSV that spreadsheets open safely: cells that would run as formulas are neutralised.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)`` runs when opened).
Such a cell is written with a single quote ``'`` in front, which spreadsheets show as
text; every other value is written unchanged.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_START = FORMULA_STARTS


def safe_cell(value: Any) -> Any:
    """``value`` with a ``'`` in front when it is a string a spreadsheet would run as a
    formula; anything else (numbers, None, other strings) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: Iterable[Mapping[str, Any] | Sequence[Any]], fieldnames: Sequence[str],
              out: TextIO | str | Path) -> None:
    """Write a header and ``rows`` (dicts keyed by ``fieldnames``, or sequences in their
    order) to ``out`` (an open text file, or a path) as CSV, every cell through
    :func:`safe_cell`; ``None`` is an empty cell.

    Rows end in ``\\n``; a carriage return inside a cell is written as a line break, which
    the cell's quotes then hold (a bare one would end the row for most readers)."""
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            write_csv(rows, fieldnames, fh)
        return
    w = csv.writer(out, lineterminator="\n")
    w.writerow([_cell(f) for f in fieldnames])
    for r in rows:
        values = [r.get(f) for f in fieldnames] if isinstance(r, Mapping) else list(r)
        w.writerow(["" if v is None else _cell(v) for v in values])


def _cell(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value
