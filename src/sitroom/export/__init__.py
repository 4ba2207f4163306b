"""Exports for other tools: every layer as JSON lines, CSV or Parquet, and event tables
shaped like GDELT's and ACLED's (see :mod:`.gdelt` and :mod:`.acled` for their columns).

``sitroom export --format jsonl|csv|parquet [--layer L ...] [--out FILE|DIR]`` writes
layers: one layer to a file (or stdout for text formats); several layers either to a
folder, one ``LAYER.EXT`` file each, or (JSON lines only) to one stream whose rows carry
a ``layer`` field. ``--format gdelt|acled [--out FILE]`` writes one table, as CSV unless
the file name ends in ``.parquet``, ``.jsonl`` or ``.tsv``.

CSV cells that begin with = + - @ (or a tab or carriage return) are prefixed with ``'``
so that spreadsheets do not run them (:mod:`sitroom.csvsafe`).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..errors import SitroomError
from .columns import LAYER_COLUMNS, LAYERS
from .writers import TABLE_FORMATS, write_table

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "acled")
EXTENSIONS = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet", "tsv": ".tsv"}


def layer_rows(store, layer: str) -> list[dict[str, Any]]:
    """The rows of one layer of an open store, as exported."""
    if layer == "copies":
        return store.copies()
    if layer not in LAYER_COLUMNS:
        raise SitroomError(f"unknown layer {layer!r}; choose one of {', '.join(LAYERS)}")
    return store.rows(layer)


def event_table(store, fmt: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The rows and columns of the GDELT-like or ACLED-like table of an open store."""
    from ..situation import build
    sit = build(store)
    if fmt == "gdelt":
        from .gdelt import COLUMNS, gdelt_rows
        return gdelt_rows(sit, store.rows("events")), COLUMNS
    from .acled import COLUMNS, acled_rows
    return acled_rows(sit, store.rows("places")), COLUMNS


def table_format(out: str | Path | None) -> str:
    """The file format a GDELT or ACLED table is written in, from the file's extension."""
    suffix = Path(out).suffix.lower() if out else ""
    return {".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".tsv": "tsv"}.get(suffix, "csv")


def _write(rows, columns, fmt: str, out: str | Path | None) -> int:
    if out is None:
        if fmt == "parquet":
            raise SitroomError("Parquet is binary: give --out FILE")
        return write_table(rows, columns, fmt, sys.stdout)
    try:
        if fmt == "parquet":
            return write_table(rows, columns, fmt, str(out))
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return write_table(rows, columns, fmt, fh)
    except OSError as exc:
        raise SitroomError(f"cannot write {out}: {exc.strerror}; check that the folder exists "
                           "and is writable") from exc


def export(store, fmt: str, layers: tuple[str, ...] | list[str] = (),
           out: str | Path | None = None) -> dict[str, int]:
    """Export from an open store; returns the number of rows written per layer or table.

    ``layers`` (default: all) apply to jsonl, csv and parquet; see the module docstring
    for where several layers go.
    """
    if fmt not in FORMATS:
        raise SitroomError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in ("gdelt", "acled"):
        if layers:
            raise SitroomError(f"--layer does not apply to --format {fmt}: it is one table")
        rows, columns = event_table(store, fmt)
        return {fmt: _write(rows, columns, table_format(out), out)}
    chosen = list(dict.fromkeys(layers)) or list(LAYERS)
    for layer in chosen:
        if layer not in LAYER_COLUMNS:
            raise SitroomError(f"unknown layer {layer!r}; choose one of {', '.join(LAYERS)}")
    if len(chosen) == 1 and not (out and Path(out).is_dir()):
        layer = chosen[0]
        return {layer: _write(layer_rows(store, layer), LAYER_COLUMNS[layer], fmt, out)}
    if out is None:
        if fmt != "jsonl":
            raise SitroomError(f"several layers in {fmt}: give --out DIR (a file per layer) "
                               "or one --layer")
        return _tagged_jsonl(store, chosen)
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SitroomError(f"cannot make the folder {out}: {exc.strerror}") from exc
    return {layer: _write(layer_rows(store, layer), LAYER_COLUMNS[layer], fmt,
                          folder / f"{layer}{EXTENSIONS[fmt]}") for layer in chosen}


def _tagged_jsonl(store, layers: list[str]) -> dict[str, int]:
    """Several layers as one JSON-lines stream, each row with its ``layer`` first."""
    counts = {}
    for layer in layers:
        rows = [{"layer": layer, **r} for r in layer_rows(store, layer)]
        counts[layer] = write_table(rows, {"layer": "str", **LAYER_COLUMNS[layer]}, "jsonl",
                                    sys.stdout)
    return counts


__all__ = ["export", "FORMATS", "LAYERS", "LAYER_COLUMNS", "TABLE_FORMATS", "layer_rows",
           "event_table", "write_table", "table_format"]
