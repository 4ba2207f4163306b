"""The SQLite store: documents and every extracted layer, with full-text search over sentences."""
from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import SchemaTooNew, StoreError, StoreLocked
from ..records import Document
from . import schema as S
from .codec import build_document, document_row, layer_rows
from .sqlutil import SearchHits, _batched, _is_locked, _now, _statements

log = logging.getLogger(__name__)

ROW_JSON = frozenset({"source_names", "target_names", "source_ids", "target_ids", "aliases",
                      "spans"})


class DocumentNotFound(StoreError):
    """No stored document has the id (or id prefix) asked for."""


@dataclass
class AddResult:
    """What :meth:`SQLiteStore.add` did."""
    stored: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)   # (path or id, reason)
    ids: list[str] = field(default_factory=list)                  # ids of the stored documents

    def merge(self, other: "AddResult") -> None:
        self.stored += other.stored
        self.unchanged += other.unchanged
        self.failed.extend(other.failed)
        self.ids.extend(other.ids)


class SQLiteStore:
    """Documents and their layers in one SQLite file (``":memory:"`` for a throwaway store).

    Creating the object does no I/O; :meth:`open` (or ``with``) connects and brings the
    schema up to date. ``create=False`` refuses to create a missing file.
    """

    def __init__(self, path: str | Path = ":memory:", *, timeout: float = 60.0, create: bool = True,
                 batch_size: int = 50, read_only: bool | None = None):
        self.path = str(path)
        self.timeout = timeout
        self.create = create
        # A store opened only to read (the default when it may not create the file) never
        # writes to it: no schema into an empty file, no journal mode change, and a file
        # the user may not write can still be read.
        self.read_only = (not create) if read_only is None else read_only
        self.batch_size = batch_size
        self._conn: sqlite3.Connection | None = None

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    # -- connection -------------------------------------------------------------------
    def open(self) -> "SQLiteStore":
        """Connect, set the pragmas and create or migrate the schema."""
        if self._conn is not None:
            return self
        if self.path != ":memory:" and not Path(self.path).exists() and not self.create:
            raise StoreError(f"no database at {self.path}; run `sitroom ingest PATH... --db "
                             f"{self.path}` first, or pass --db with an existing file")
        if self.read_only and self.path != ":memory:":
            conn = self._open_read_only()
            if conn is not None:
                self._conn = conn
                return self
        try:
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}; check that its folder exists "
                             "and is writable") from exc
        try:
            with self._translate("open"):
                conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
                conn.execute("PRAGMA foreign_keys = ON")
                self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL"))
                conn.execute("PRAGMA synchronous = NORMAL")
                self._retry(lambda: self._migrate(conn))
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return self

    def _open_read_only(self) -> sqlite3.Connection | None:
        """A read-only connection to a current sitroom database; None when the schema is
        older and must first be brought up to date (which writes)."""
        uri = "file:" + urllib.parse.quote(str(Path(self.path).resolve()))
        conn = None
        for query in ("?mode=rw", "?mode=ro", "?mode=ro&immutable=1"):
            # Opened for writing when allowed (query_only below stops any write), so that
            # SQLite tidies its journal files on closing; a file (or folder) that may not
            # be written cannot hold the WAL index, and is then read as an unchanging file.
            try:
                conn = sqlite3.connect(uri + query, uri=True, timeout=self.timeout,
                                       isolation_level=None)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                break
            except sqlite3.Error as exc:
                if conn is not None:
                    conn.close()
                conn, last = None, exc
                if "readonly" not in str(exc) and "unable to open" not in str(exc):
                    with self._translate("open"):
                        raise
        if conn is None:
            raise StoreError(f"cannot open {self.path} to read it ({last}); check that the "
                             "file is readable") from last
        if version > S.SCHEMA_VERSION:
            conn.close()
            raise SchemaTooNew(self._too_new(version))
        if version == 0:
            conn.close()
            if tables:
                raise StoreError(f"{self.path} is an SQLite database but not a sitroom one; "
                                 "pass --db with another file")
            raise StoreError(f"{self.path} is empty, not a sitroom database; run `sitroom "
                             f"ingest PATH... --db {self.path}` first, or pass --db with "
                             "another file")
        if version < S.SCHEMA_VERSION:
            conn.close()
            return None
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        conn.execute("PRAGMA query_only = ON")
        return conn

    def _too_new(self, version: int) -> str:
        return (f"{self.path} was written by a newer sitroom (schema {version}; this version "
                f"reads up to {S.SCHEMA_VERSION}); upgrade sitroom (`pip install -U sitroom`) "
                "or use another --db")

    def _retry(self, action):
        """Run ``action``; while another process holds the database, wait and try again
        (up to the store's timeout)."""
        give_up = time.monotonic() + self.timeout
        pause = 0.05
        while True:
            try:
                return action()
            except (sqlite3.OperationalError, StoreLocked) as exc:
                if not _is_locked(exc) or time.monotonic() + pause > give_up:
                    raise
                log.debug("database busy, retrying: %s", exc)
                time.sleep(pause)
                pause = min(pause * 2, 1.0)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> "SQLiteStore":
        return self.open()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"{self!r} is not open; call .open() or use it in a `with` block")
        return self._conn

    @contextlib.contextmanager
    def _translate(self, action: str) -> Iterator[None]:
        # Turn sqlite3 errors into store errors that say what to do.
        try:
            yield
        except sqlite3.Error as exc:
            if _is_locked(exc):
                raise StoreLocked(
                    f"{self.path} is locked by another process (while trying to {action}); "
                    "wait for the other sitroom command to finish, or use another --db") from exc
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise StoreError(f"{self.path} is not a usable sitroom database ({exc}); "
                                 "pass --db with another file") from exc
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise StoreError(f"{self.path} is read-only and this command writes to it "
                                 f"(while trying to {action}); pass --db with a file you may "
                                 "write, or make it writable") from exc
            raise StoreError(f"database error while trying to {action} in {self.path}: {exc}") from exc

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > S.SCHEMA_VERSION:
            raise SchemaTooNew(self._too_new(version))
        if version == S.SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise StoreError(f"{self.path} is an SQLite database but not a sitroom one; "
                                 "pass --db with another file")
            for v in range(version, S.SCHEMA_VERSION):
                for stmt in _statements(S.MIGRATIONS[v]):
                    conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {S.SCHEMA_VERSION}")
            conn.execute(S.SET_META, ("schema_version", str(S.SCHEMA_VERSION)))
            if version == 0:
                conn.execute(S.SET_META, ("created_at", _now()))
            conn.execute(S.SET_META, ("migrated_at", _now()))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def meta(self, key: str) -> str | None:
        row = self.conn.execute(S.GET_META, (key,)).fetchone()
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
                                     f"{type(exc).__name__}: {exc}") from exc
                log.debug("batch failed, retrying singly: %s", exc)
                for doc in batch:
                    try:
                        total.merge(self._retry(lambda: self._write_batch([doc])))
                    except StoreLocked:
                        raise
                    except Exception as exc1:
                        where = doc.path or doc.id
                        reason = f"could not be stored: {type(exc1).__name__}: {exc1}"
                        self.add_failure(where, reason)
                        total.failed.append((where, reason))
        return total

    def _write_batch(self, batch: list[Document]) -> AddResult:
        res = AddResult()
        conn = self.conn
        at = _now()
        with self._translate("write"):
            conn.execute("BEGIN IMMEDIATE")
        try:
            seen: set[str] = set()
            for doc in batch:
                if doc.id in seen or conn.execute(S.SELECT_EXISTING, (doc.id,)).fetchone():
                    res.unchanged += 1
                    continue
                seen.add(doc.id)
                conn.execute(S.insert_sql("documents", S.DOCUMENT_COLUMNS), document_row(doc, at))
                for table, rows in layer_rows(doc).items():
                    if rows:
                        conn.executemany(S.insert_sql(table, S.LAYER_COLUMNS[table]), rows)
                res.stored += 1
                res.ids.append(doc.id)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and _is_locked(exc):
                with self._translate("write"):
                    raise
            raise
        return res

    def add_failure(self, path: str | None, reason: str) -> None:
        """Record that an input could not be read or processed."""
        with self._translate("record a failure"):
            self._retry(lambda: self.conn.execute(S.INSERT_FAILURE, (path, reason, _now())))

    # -- reading ----------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return self.conn.execute(S.SELECT_EXISTING, (doc_id,)).fetchone() is not None

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one document whose id starts with ``prefix``."""
        prefix = prefix.strip().lower()
        rows = self.conn.execute(S.SELECT_PREFIX, (len(prefix), prefix)).fetchall() if prefix else []
        if not rows:
            raise DocumentNotFound(f"no document with id {prefix!r}; list ids with `sitroom documents`")
        if len(rows) > 1:
            raise DocumentNotFound(f"{prefix!r} matches several documents; give more characters "
                                   "of the id")
        return rows[0][0]

    def document(self, doc_id: str) -> Document:
        """The stored document with all its layers (``doc_id`` may be a unique prefix)."""
        conn = self.conn
        row = conn.execute(S.SELECT_DOCUMENT, (doc_id,)).fetchone()
        if row is None:
            row = conn.execute(S.SELECT_DOCUMENT, (self.resolve_id(doc_id),)).fetchone()
        layers = {t: conn.execute(S.select_layer_sql(t), (row[0],)).fetchall()
                  for t in S.LAYER_TABLES}
        return build_document(row, layers)

    def documents(self) -> Iterator[Document]:
        """Every stored document with its layers, by publication date."""
        ids = [r[0] for r in self.conn.execute(S.SELECT_DOCUMENT_IDS)]
        for doc_id in ids:
            yield self.document(doc_id)

    def document_meta(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Metadata of the stored documents (no text), by publication date."""
        where = "WHERE id = ?" if doc_id else ""
        cur = self.conn.execute(S.SELECT_DOCUMENT_META.format(where=where),
                                (doc_id,) if doc_id else ())
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur]

    def failures(self) -> list[dict[str, Any]]:
        cur = self.conn.execute(S.SELECT_FAILURES)
        return [{"path": p, "reason": r, "at": a} for p, r, a in cur]

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
            cur = self.conn.execute(S.row_query(layer, doc_id is not None),
                                    (doc_id,) if doc_id is not None else ())
            cols = [c[0] for c in cur.description]
            out = []
            for r in cur:
                d = dict(zip(cols, r))
                for k in ROW_JSON.intersection(d):
                    d[k] = json.loads(d[k])
                for k in S.BOOL_COLUMNS.intersection(d):
                    d[k] = bool(d[k])
                if "spans" in d:
                    d["mentions"] = len(d["spans"])
                out.append(d)
        return out

    def counts(self) -> dict[str, int]:
        """Number of rows per table: documents, each layer, failures."""
        tables = ("documents",) + S.LAYER_TABLES + ("failures",)
        return {t: self.conn.execute(S.COUNT_ROWS.format(table=t)).fetchone()[0] for t in tables}

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Sentences matching a full-text query, best first, with their documents and spans.

        The query may use FTS5 syntax (``migrants AND border``, ``"phone call"``); text
        that is not valid syntax is searched as plain words.
        """
        words = query.split()
        if not words:
            return SearchHits()
        syntax_error = None
        with self._translate("search"):
            try:
                cur = self.conn.execute(S.SEARCH, (query, limit))
                rows = cur.fetchall()
            except sqlite3.OperationalError as exc:
                if _is_locked(exc) or "malformed" in str(exc) or "not a database" in str(exc):
                    raise
                syntax_error = str(exc)
                plain = " ".join('"' + w.replace('"', '""') + '"' for w in words)
                cur = self.conn.execute(S.SEARCH, (plain, limit))
                rows = cur.fetchall()
        cols = [c[0] for c in cur.description]
        hits = SearchHits(dict(zip(cols, r)) for r in rows)
        hits.syntax_error = syntax_error
        return hits

    # -- near-duplicate documents -----------------------------------------------------
    def add_signatures(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Store ``(doc_id, scheme, signature)`` rows of stored documents."""
        rows = list(rows)
        if not rows:
            return
        with self._translate("store signatures"):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self.conn.executemany(S.INSERT_SIGNATURE, rows)
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def signatures(self, scheme: str) -> Iterator[tuple[str, bytes]]:
        """``(doc_id, signature)`` of every document signed with ``scheme``."""
        with self._translate("read signatures"):
            yield from self.conn.execute(S.SELECT_SIGNATURES, (scheme,))

    def signature(self, doc_id: str, scheme: str) -> bytes | None:
        row = self.conn.execute(S.SELECT_SIGNATURE, (doc_id, scheme)).fetchone()
        return row[0] if row else None

    def unsigned(self, scheme: str) -> list[tuple[str, str]]:
        """``(doc_id, text)`` of the documents without a ``scheme`` signature."""
        with self._translate("read documents"):
            return self.conn.execute(S.SELECT_UNSIGNED, (scheme,)).fetchall()

    def source_of(self, doc_id: str) -> tuple[str | None, str | None] | None:
        """``(url, path)`` of a stored document, None when it is not stored."""
        row = self.conn.execute(S.SELECT_SOURCE, (doc_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def has_copy(self, key: str) -> bool:
        return self.conn.execute(S.SELECT_COPY_KEY, (key,)).fetchone() is not None

    def add_copies(self, rows: Iterable[dict[str, Any]]) -> int:
        """Record copies of stored documents (dicts with the copies columns); returns how
        many were new."""
        at = _now()
        values = [tuple(at if c == "added_at" else r.get(c) for c in S.COPY_COLUMNS) for r in rows]
        if not values:
            return 0
        with self._translate("record copies"):
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                before = conn.total_changes
                conn.executemany(S.INSERT_COPY, values)
                new = conn.total_changes - before
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        return new

    def copies(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """The recorded copies (of one stored document, or of all), earliest first."""
        where = "WHERE c.doc_id = ?" if doc_id else ""
        with self._translate("read copies"):
            cur = self.conn.execute(S.SELECT_COPIES.format(where=where), (doc_id,) if doc_id else ())
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, r)) for r in cur]

    def texts(self) -> Iterator[tuple[str, str]]:
        """``(doc_id, clean_text)`` of every stored document, by publication date."""
        with self._translate("read texts"):
            yield from self.conn.execute(S.SELECT_TEXTS)
