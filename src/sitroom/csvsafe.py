"""CSV that spreadsheets open safely: cells that would run as formulas are neutralised.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)`` runs when opened).
Such a cell is written with a single quote ``'`` in front, which spreadsheets show as
text; every other value is written unchanged.
"""
from __future__ import annotations

import csv
from typing import Any, Iterable, Mapping, Sequence, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` with a ``'`` in front when it is a string a spreadsheet would run as a
    formula; anything else (numbers, None, other strings) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(rows: Iterable[Mapping[str, Any] | Sequence[Any]], fieldnames: Sequence[str],
              out: TextIO) -> None:
    """Write a header and ``rows`` (dicts keyed by ``fieldnames``, or sequences in their
    order) to ``out`` as CSV, every cell through :func:`safe_cell`.

    Rows end in ``\n``; a carriage return inside a cell is written as a line break, which
    the cell's quotes then hold (a bare one would end the row for most readers)."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow([_cell(f) for f in fieldnames])
    for r in rows:
        values = [r.get(f) for f in fieldnames] if isinstance(r, Mapping) else list(r)
        w.writerow([_cell(v) for v in values])


def _cell(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value
