"""Write a table (dict rows with typed columns, see :mod:`.columns`) as JSON lines, CSV or Parquet."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO, Iterable, TextIO

from ..csvsafe import safe_cell, write_csv
from ..errors import SitroomError
from .columns import BOOL, FLOAT, INT, LIST, SPANS

TABLE_FORMATS = ("jsonl", "csv", "tsv", "parquet")


def _typed(value: Any, kind: str) -> Any:
    """A value in its column's type (None stays None)."""
    if value is None:
        return None
    if kind == INT:
        return int(value)
    if kind == FLOAT:
        return float(value)
    if kind == BOOL:
        return bool(value)
    if kind == LIST:
        return [str(v) for v in value]
    if kind == SPANS:
        return [[int(a), int(b)] for a, b in value]
    return str(value)


def typed_rows(rows: Iterable[dict[str, Any]], columns: dict[str, str]) -> list[dict[str, Any]]:
    """Rows with exactly ``columns``, in their order, each value in its column's type."""
    return [{c: _typed(r.get(c), k) for c, k in columns.items()} for r in rows]


def _flat(value: Any, kind: str) -> Any:
    # CSV cells are flat: a list of names becomes "a; b", spans become JSON.
    if value is None:
        return None
    if kind == LIST:
        return "; ".join(value)
    if kind == SPANS:
        return json.dumps(value)
    if kind == BOOL:
        return "true" if value else "false"
    return value


def arrow_schema(columns: dict[str, str]):
    import pyarrow as pa
    kinds = {INT: pa.int64(), FLOAT: pa.float64(), BOOL: pa.bool_(), LIST: pa.list_(pa.string()),
             SPANS: pa.list_(pa.list_(pa.int64()))}
    return pa.schema([(c, kinds.get(k, pa.string())) for c, k in columns.items()])


def write_table(rows: Iterable[dict[str, Any]], columns: dict[str, str], fmt: str,
                out: TextIO | BinaryIO | str | Path) -> int:
    """Write ``rows`` as ``fmt`` (jsonl, csv, tsv or parquet) to ``out``; returns the row count.

    ``out`` is a text stream for jsonl and csv, a path or binary stream for parquet.
    """
    data = typed_rows(rows, columns)
    if fmt == "jsonl":
        for r in data:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt in ("csv", "tsv"):
        flat = [{c: _flat(r[c], k) for c, k in columns.items()} for r in data]
        if fmt == "csv":
            write_csv(flat, list(columns), out)
        else:
            for line in ([list(columns)] + [[r[c] for c in columns] for r in flat]):
                out.write("\t".join("" if v is None else _tsv(v) for v in line) + "\n")
    elif fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise SitroomError("Parquet needs pyarrow: pip install 'sitroom[parquet]'") from exc
        schema = arrow_schema(columns)
        table = pa.Table.from_pylist(data, schema=schema)
        pq.write_table(table, out)
    else:
        raise SitroomError(f"unknown table format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")
    return len(data)


def _tsv(value: Any) -> str:
    # Tab-separated cells hold no tabs or line breaks (as GDELT's files); formulas neutralised.
    text = str(safe_cell(value))
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
