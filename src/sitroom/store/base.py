"""What the SQLite and PostgreSQL stores share: batched writes with single retries, and
the reads that differ between the databases only in their SQL dialect.

A backend supplies the connection (``open``, ``_translate``, ``_write_batch``, ``search``
...) and a few hooks: ``_q`` turns a query of :mod:`.schema` into its dialect, ``_retry``
runs a write (waiting out a busy database where that is needed), ``_read_guard`` is
where read errors are turned into store errors, ``_transaction`` holds one write.
"""
from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, TypeVar

from ..errors import StoreError, StoreLocked
from ..records import Document
from . import schema as S
from .codec import build_document
from .sqlutil import _batched, _now

log = logging.getLogger(__name__)
T = TypeVar("T")

ROW_JSON = frozenset({"source_names", "target_names", "source_ids", "target_ids", "aliases",
                      "spans"})


class DocumentNotFound(StoreError):
    """No stored document has the id (or id prefix) asked for."""


@dataclass
class AddResult:
    """What a store's :meth:`~BaseStore.add` did."""
    stored: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)   # (path or id, reason)
    ids: list[str] = field(default_factory=list)                  # ids of the stored documents

    def merge(self, other: "AddResult") -> None:
        self.stored += other.stored
        self.unchanged += other.unchanged
        self.failed.extend(other.failed)
        self.ids.extend(other.ids)


class BaseStore:
    """The logic both stores share; a subclass connects and writes in its own dialect."""

    PARAM = "?"                                   # the parameter marker of the dialect
    SELECT_DOCUMENT_IDS = S.SELECT_DOCUMENT_IDS
    SELECT_DOCUMENT_META = S.SELECT_DOCUMENT_META
    path: str
    batch_size: int
    _conn: Any

    # -- hooks ------------------------------------------------------------------------
    def open(self):  # pragma: no cover - every backend defines it
        raise NotImplementedError

    def _translate(self, action: str) -> contextlib.AbstractContextManager:  # pragma: no cover
        raise NotImplementedError

    def _write_batch(self, batch: list[Document]) -> AddResult:  # pragma: no cover
        raise NotImplementedError

    def _transaction(self) -> contextlib.AbstractContextManager:  # pragma: no cover
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[tuple]) -> None:  # pragma: no cover
        raise NotImplementedError

    @staticmethod
    def _q(sql: str) -> str:
        """A query of :mod:`.schema` in this backend's dialect."""
        return sql

    def _retry(self, action: Callable[[], T]) -> T:
        """Run a write; a backend that must wait out a busy database overrides this."""
        return action()

    def _read_guard(self, action: str) -> contextlib.AbstractContextManager:
        """Where a plain read turns database errors into store errors (nowhere here)."""
        return contextlib.nullcontext()

    @staticmethod
    def _detail(exc: BaseException) -> str:
        """The error text a failure reason quotes."""
        return str(exc)

    def _all(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def _stream(self, sql: str, params: tuple = ()) -> Iterator[tuple]:
        yield from self.conn.execute(sql, params)

    def _dicts(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur]

    def _setup(self, conn: Any) -> None:  # pragma: no cover - every backend defines it
        """Settings and schema of a new connection."""
        raise NotImplementedError

    # -- connection -------------------------------------------------------------------
    def _adopt(self, conn: Any):
        """Set up a new connection and keep it; on any error it is closed again."""
        try:
            with self._translate("open"):
                self._setup(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return self

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self):
        return self.open()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def conn(self):
        if self._conn is None:
            raise StoreError(f"{self!r} is not open; call .open() or use it in a `with` block")
        return self._conn

    def meta(self, key: str) -> str | None:
        row = self.conn.execute(self._q(S.GET_META), (key,)).fetchone()
        return row[0] if row else None

    # -- writing ----------------------------------------------------------------------
    def add(self, docs: Iterable[Document], *, batch_size: int | None = None,
            retry_singly: bool = True) -> AddResult:
        """Store documents with all their layers, one transaction per batch.

        A document already stored (same id) is skipped and counted as unchanged. When a
        batch fails it is rolled back; with ``retry_singly`` its documents are then
        written one by one and those that still fail are recorded as failures,
        otherwise :class:`StoreError` is raised.
        """
        total = AddResult()
        for batch in _batched(docs, batch_size or self.batch_size):
            try:
                total.merge(self._retry(lambda: self._write_batch(batch)))
            except StoreLocked:
                raise
            except Exception as exc:
                if not retry_singly:
                    raise StoreError(f"could not store a batch of {len(batch)} documents: "
                                     f"{type(exc).__name__}: {self._detail(exc)}") from exc
                log.debug("batch failed, retrying singly: %s", exc)
                for doc in batch:
                    try:
                        total.merge(self._retry(lambda: self._write_batch([doc])))
                    except StoreLocked:
                        raise
                    except Exception as exc1:
                        where = doc.path or doc.id
                        reason = (f"could not be stored: {type(exc1).__name__}: "
                                  f"{self._detail(exc1)}")
                        self.add_failure(where, reason)
                        total.failed.append((where, reason))
        return total

    def add_failure(self, path: str | None, reason: str) -> None:
        """Record that an input could not be read or processed."""
        with self._translate("record a failure"):
            self._retry(lambda: self.conn.execute(self._q(S.INSERT_FAILURE),
                                                  (path, reason, _now())))

    # -- reading ----------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return bool(self._all(self._q(S.SELECT_EXISTING), (doc_id,)))

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one document whose id starts with ``prefix``."""
        prefix = prefix.strip().lower()
        rows = self._all(self._q(S.SELECT_PREFIX), (len(prefix), prefix)) if prefix else []
        if not rows:
            raise DocumentNotFound(f"no document with id {prefix!r}; list ids with `sitroom documents`")
        if len(rows) > 1:
            raise DocumentNotFound(f"{prefix!r} matches several documents; give more characters "
                                   "of the id")
        return rows[0][0]

    def document(self, doc_id: str) -> Document:
        """The stored document with all its layers (``doc_id`` may be a unique prefix)."""
        select = self._q(S.SELECT_DOCUMENT)
        with self._read_guard("read a document"):
            row = self.conn.execute(select, (doc_id,)).fetchone()
            if row is None:
                row = self.conn.execute(select, (self.resolve_id(doc_id),)).fetchone()
            layers = {t: self._all(self._q(S.select_layer_sql(t)), (row[0],))
                      for t in S.LAYER_TABLES}
        return build_document(row, layers)

    def documents(self) -> Iterator[Document]:
        """Every stored document with its layers, by publication date."""
        ids = [r[0] for r in self._all(self.SELECT_DOCUMENT_IDS)]
        for doc_id in ids:
            yield self.document(doc_id)

    def document_meta(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Metadata of the stored documents (no text), by publication date."""
        where = f"WHERE id = {self.PARAM}" if doc_id else ""
        with self._read_guard("read documents"):
            return self._dicts(self.SELECT_DOCUMENT_META.format(where=where),
                               (doc_id,) if doc_id else ())

    def failures(self) -> list[dict[str, Any]]:
        return [{"path": p, "reason": r, "at": a} for p, r, a in self._all(S.SELECT_FAILURES)]

    def rows(self, layer: str, doc_id: str | None = None) -> list[dict[str, Any]]:
        """JSON-ready rows of one layer, actor ids resolved to names, with evidence sentences."""
        if layer == "documents":
            return self.document_meta(doc_id)
        if layer == "failures":
            return self.failures()
        if layer not in S.ROW_QUERIES:
            raise StoreError(f"unknown layer {layer!r}; choose one of "
                             f"{', '.join(S.ROW_LAYERS + ('documents', 'failures'))}")
        with self._translate(f"read {layer}"):
            out = self._dicts(self._q(S.row_query(layer, doc_id is not None)),
                              (doc_id,) if doc_id is not None else ())
        return [decode_row(d) for d in out]

    def counts(self) -> dict[str, int]:
        """Number of rows per table: documents, each layer, failures."""
        tables = ("documents",) + S.LAYER_TABLES + ("failures",)
        with self._read_guard("count rows"):
            return {t: self._all(S.COUNT_ROWS.format(table=t))[0][0] for t in tables}

    # -- near-duplicate documents -----------------------------------------------------
    def add_signatures(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Store ``(doc_id, scheme, signature)`` rows of stored documents."""
        rows = list(rows)
        if not rows:
            return
        with self._translate("store signatures"), self._transaction():
            self._executemany(self._q(S.INSERT_SIGNATURE), rows)

    def signatures(self, scheme: str) -> Iterator[tuple[str, bytes]]:
        """``(doc_id, signature)`` of every document signed with ``scheme``."""
        with self._translate("read signatures"):
            for doc_id, sig in self._stream(self._q(S.SELECT_SIGNATURES), (scheme,)):
                yield doc_id, bytes(sig)

    def signature(self, doc_id: str, scheme: str) -> bytes | None:
        rows = self._all(self._q(S.SELECT_SIGNATURE), (doc_id, scheme))
        return bytes(rows[0][0]) if rows else None

    def unsigned(self, scheme: str) -> list[tuple[str, str]]:
        """``(doc_id, text)`` of the documents without a ``scheme`` signature."""
        with self._translate("read documents"):
            return self._all(self._q(S.SELECT_UNSIGNED), (scheme,))

    def source_of(self, doc_id: str) -> tuple[str | None, str | None] | None:
        """``(url, path)`` of a stored document, None when it is not stored."""
        rows = self._all(self._q(S.SELECT_SOURCE), (doc_id,))
        return (rows[0][0], rows[0][1]) if rows else None

    def has_copy(self, key: str) -> bool:
        return bool(self._all(self._q(S.SELECT_COPY_KEY), (key,)))

    @staticmethod
    def _copy_values(rows: Iterable[dict[str, Any]]) -> list[tuple]:
        at = _now()
        return [tuple(at if c == "added_at" else r.get(c) for c in S.COPY_COLUMNS) for r in rows]

    def copies(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """The recorded copies (of one stored document, or of all), earliest first."""
        where = f"WHERE c.doc_id = {self.PARAM}" if doc_id else ""
        with self._translate("read copies"):
            return self._dicts(S.SELECT_COPIES.format(where=where), (doc_id,) if doc_id else ())

    def texts(self) -> Iterator[tuple[str, str]]:
        """``(doc_id, clean_text)`` of every stored document, by publication date."""
        with self._translate("read texts"):
            yield from self._stream(S.SELECT_TEXTS)


def decode_row(d: dict[str, Any]) -> dict[str, Any]:
    """A layer row as the API gives it: JSON columns decoded, flags as booleans, and the
    number of mentions of an actor."""
    for k in ROW_JSON.intersection(d):
        if isinstance(d[k], str):
            d[k] = json.loads(d[k])
    for k in S.BOOL_COLUMNS.intersection(d):
        d[k] = bool(d[k])
    if "spans" in d:
        d["mentions"] = len(d["spans"])
    return d
