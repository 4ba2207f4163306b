"""The SQLite store: documents and every extracted layer, with full-text search over sentences."""
from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
import urllib.parse
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import SchemaTooNew, StoreError, StoreLocked
from ..records import Document
from . import schema as S
from .base import ROW_JSON, AddResult, BaseStore, DocumentNotFound  # noqa: F401 (re-exported)
from .codec import document_row, layer_rows
from .sqlutil import SearchHits, _is_locked, _now, _statements

log = logging.getLogger(__name__)

class SQLiteStore(BaseStore):
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
        return self._adopt(conn)

    def _setup(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL"))
        conn.execute("PRAGMA synchronous = NORMAL")
        self._retry(lambda: self._migrate(conn))

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

    @contextlib.contextmanager
    def _transaction(self, conn: sqlite3.Connection | None = None) -> Iterator[None]:
        """One write transaction (taking the write lock at once), rolled back on any error."""
        conn = conn if conn is not None else self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        self.conn.executemany(sql, rows)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > S.SCHEMA_VERSION:
            raise SchemaTooNew(self._too_new(version))
        if version == S.SCHEMA_VERSION:
            return
        with self._transaction(conn):
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

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- writing ----------------------------------------------------------------------
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

    # -- reading ----------------------------------------------------------------------
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
    def add_copies(self, rows: Iterable[dict[str, Any]]) -> int:
        """Record copies of stored documents (dicts with the copies columns); returns how
        many were new."""
        values = self._copy_values(rows)
        if not values:
            return 0
        with self._translate("record copies"), self._transaction():
            before = self.conn.total_changes
            self.conn.executemany(S.INSERT_COPY, values)
            new = self.conn.total_changes - before
        return new
