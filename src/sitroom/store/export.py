"""Export rows of a layer as JSON (a list), JSON lines or CSV."""
from __future__ import annotations

import io
import json
from typing import Any, Iterable, TextIO

from ..csvsafe import write_csv

FORMATS = ("json", "jsonl", "csv")


def _cell(value: Any) -> Any:
    # CSV cells are flat: lists of names become "a; b", anything nested becomes JSON.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
            return "; ".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> None:
    """Write dict rows to ``out`` as ``json``, ``jsonl`` or ``csv``."""
    if fmt == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        rows = list(rows)
        columns: dict[str, None] = {}
        for r in rows:
            columns.update(dict.fromkeys(r))
        write_csv(({k: _cell(v) for k, v in r.items()} for r in rows), list(columns), out)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def export(store, layer: str, fmt: str = "json", doc_id: str | None = None) -> str:
    """One layer of the store (optionally of one document) as text in format ``fmt``."""
    buf = io.StringIO()
    write_rows(store.rows(layer, doc_id), fmt, buf)
    return buf.getvalue()
