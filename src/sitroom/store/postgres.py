"""The PostgreSQL store: the same tables, writes and queries as the SQLite store, via psycopg 3.

``--db postgresql://user@host:port/dbname`` selects it. A ``schema=NAME`` parameter in
the URL (``postgresql://user@host/db?schema=sitroom``) keeps sitroom's tables in their
own PostgreSQL schema, created when missing; without it they go where the server's
``search_path`` puts them (normally ``public``). Several processes may write at once:
a document already stored by another writer is counted as unchanged.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import logging
from typing import Any, Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import SchemaTooNew, StoreError, StoreLocked
from ..records import Document
from . import pgschema as P
from . import schema as S
from .codec import build_document, document_row, layer_rows
from .sqlite import ROW_JSON, AddResult, DocumentNotFound, _batched, _now

log = logging.getLogger(__name__)
_CURSORS = itertools.count()

URL_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(URL_SCHEMES)


def split_url(url: str) -> tuple[str, str | None]:
    """``(libpq URL, schema)``: the ``schema`` parameter is sitroom's, not libpq's."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in params if k == "schema"), None)
    rest = urlencode([(k, v) for k, v in params if k != "schema"])
    return urlunsplit(parts._replace(query=rest)), (schema or None)


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresStore:
    """Documents and their layers in a PostgreSQL database (see the module docstring).

    Creating the object does no I/O; :meth:`open` (or ``with``) connects and brings the
    schema up to date. ``create=False`` refuses a database without sitroom's tables.
    ``timeout`` (seconds) is how long a write waits for another writer's lock.
    """

    def __init__(self, url: str, *, timeout: float = 5.0, create: bool = True,
                 batch_size: int = 50):
        if not is_postgres_url(url):
            raise StoreError(f"{url!r} is not a PostgreSQL URL; give postgresql://user@host/db")
        self.url = url
        self.path = display_url(url)       # what messages call the database
        self._dsn, self.schema = split_url(url)
        self.timeout = timeout
        self.create = create
        self.batch_size = batch_size
        self._conn = None

    def __repr__(self) -> str:
        return f"PostgresStore({self.path!r})"

    # -- connection -------------------------------------------------------------------
    def open(self) -> "PostgresStore":
        """Connect, choose the schema and create or migrate the tables."""
        if self._conn is not None:
            return self
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a declared dependency
            raise StoreError("a postgresql:// database needs psycopg: "
                             "pip install 'sitroom[postgres]'") from exc
        try:
            conn = psycopg.connect(self._dsn, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self.path}: {_first_line(exc)}; check that the "
                             "server runs, and the user, host and database in the URL") from exc
        try:
            with self._translate("open"):
                conn.execute(f"SET lock_timeout = {max(1, int(self.timeout * 1000))}")
                if self.schema:
                    self._use_schema(conn)
                self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return self

    def _use_schema(self, conn) -> None:
        from psycopg import sql
        name = sql.Identifier(self.schema)
        exists = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                              (self.schema,)).fetchone()
        if not exists:
            if not self.create:
                raise StoreError(self._missing())
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(name))
        conn.execute(sql.SQL("SET search_path TO {}").format(name))

    def _missing(self) -> str:
        return (f"no sitroom data in {self.path}; run `sitroom ingest PATH... --db {self.path}` "
                "first, or pass --db with another database")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> "PostgresStore":
        return self.open()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def conn(self):
        if self._conn is None:
            raise StoreError(f"{self!r} is not open; call .open() or use it in a `with` block")
        return self._conn

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus
        return self.conn.info.transaction_status != TransactionStatus.IDLE

    @contextlib.contextmanager
    def _translate(self, action: str) -> Iterator[None]:
        # Turn psycopg errors into store errors that say what to do.
        import psycopg
        from psycopg import errors as E
        try:
            yield
        except (E.LockNotAvailable, E.DeadlockDetected) as exc:
            raise StoreLocked(
                f"{self.path} is locked by another session (while trying to {action}); wait "
                "for the other sitroom command to finish, or use another --db") from exc
        except psycopg.OperationalError as exc:
            raise StoreError(f"lost the connection to {self.path} while trying to {action}: "
                             f"{_first_line(exc)}") from exc
        except psycopg.Error as exc:
            raise StoreError(f"database error while trying to {action} in {self.path}: "
                             f"{_first_line(exc)}") from exc

    def _version(self, conn) -> int:
        if not conn.execute(P.TABLE_EXISTS, ("meta",)).fetchone()[0]:
            return 0
        row = conn.execute(P.pg(S.GET_META), ("schema_version",)).fetchone()
        return int(row[0]) if row and row[0] else 0

    def _migrate(self, conn) -> None:
        target = len(P.MIGRATIONS)
        version = self._version(conn)
        if version > target:
            raise SchemaTooNew(
                f"{self.path} was written by a newer sitroom (schema {version}; this version reads "
                f"up to {target}); upgrade sitroom (`pip install -U sitroom`) or use another --db")
        if version == target:
            return
        if version == 0 and not self.create:
            raise StoreError(self._missing())
        with conn.transaction():
            # One migrator at a time per schema; re-read the version under the lock.
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('sitroom:' || "
                         "coalesce(current_schema(), '')))")
            version = self._version(conn)
            if version == 0 and conn.execute(P.SCHEMA_TABLES).fetchone()[0]:
                raise StoreError(f"{self.path} holds tables that are not sitroom's; pass --db "
                                 "with another database, or add ?schema=NAME to the URL")
            for v in range(version, target):
                conn.execute(P.MIGRATIONS[v])
            set_meta = P.pg(S.SET_META)
            conn.execute(set_meta, ("schema_version", str(target)))
            if version == 0:
                conn.execute(set_meta, ("created_at", _now()))
            conn.execute(set_meta, ("migrated_at", _now()))

    @property
    def schema_version(self) -> int:
        return self._version(self.conn)

    def meta(self, key: str) -> str | None:
        row = self.conn.execute(P.pg(S.GET_META), (key,)).fetchone()
        return row[0] if row else None

    def _all(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def _stream(self, sql: str, params: tuple = ()) -> Iterator[tuple]:
        """Rows fetched in chunks from a server-side cursor: a large table is never all in
        memory, and other queries may run while it is read."""
        name = f"sitroom_{next(_CURSORS)}"
        with self.conn.cursor(name=name, withhold=True) as cur:
            cur.itersize = 500
            cur.execute(sql, params)
            yield from cur

    def _dicts(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        cols = [c.name for c in cur.description]
        return [dict(zip(cols, r)) for r in cur]

    # -- writing ----------------------------------------------------------------------
    def add(self, docs: Iterable[Document], *, batch_size: int | None = None,
            retry_singly: bool = True) -> AddResult:
        """Store documents with all their layers, one transaction per batch (as
        :meth:`SQLiteStore.add`: stored once, failed batches retried one by one)."""
        total = AddResult()
        for batch in _batched(docs, batch_size or self.batch_size):
            try:
                total.merge(self._write_batch(batch))
            except StoreLocked:
                raise
            except Exception as exc:
                if not retry_singly:
                    raise StoreError(f"could not store a batch of {len(batch)} documents: "
                                     f"{type(exc).__name__}: {_first_line(exc)}") from exc
                log.debug("batch failed, retrying singly: %s", exc)
                for doc in batch:
                    try:
                        total.merge(self._write_batch([doc]))
                    except StoreLocked:
                        raise
                    except Exception as exc1:
                        where = doc.path or doc.id
                        reason = f"could not be stored: {type(exc1).__name__}: {_first_line(exc1)}"
                        self.add_failure(where, reason)
                        total.failed.append((where, reason))
        return total

    def _write_batch(self, batch: list[Document]) -> AddResult:
        # Documents are inserted in id order, so that two sessions writing overlapping
        # batches take their locks in the same order and cannot deadlock.
        from psycopg import errors as E
        res = AddResult()
        at = _now()
        conn = self.conn
        stored: set[str] = set()
        ordered = sorted({d.id: d for d in batch}.values(), key=lambda d: d.id)
        for doc in ordered:
            if "\x00" in doc.text:
                raise StoreError("the text holds a NUL character, which PostgreSQL cannot "
                                 "store; remove it from the file")
        try:
            with conn.transaction(), conn.cursor() as cur:
                # One statement for the documents rows; those already stored (before, or
                # by another writer meanwhile) come back missing from RETURNING.
                for part in _batched(ordered, 1000):
                    cur.execute(P.insert_documents_sql(len(part)),
                                [v for d in part for v in document_row(d, at)])
                    stored.update(r[0] for r in cur.fetchall())
                layers: dict[str, list[tuple]] = {t: [] for t in S.LAYER_TABLES}
                for doc in ordered:
                    if doc.id in stored:
                        for table, rows in layer_rows(doc).items():
                            layers[table].extend(rows)
                for table, rows in layers.items():
                    if rows:
                        cur.executemany(P.pg(S.insert_sql(table, S.LAYER_COLUMNS[table])), rows)
        except (E.LockNotAvailable, E.DeadlockDetected):
            with self._translate("write"):
                raise
        for doc in batch:
            if doc.id in stored:
                stored.discard(doc.id)
                res.stored += 1
                res.ids.append(doc.id)
            else:
                res.unchanged += 1
        return res

    def add_failure(self, path: str | None, reason: str) -> None:
        """Record that an input could not be read or processed."""
        with self._translate("record a failure"):
            self.conn.execute(P.pg(S.INSERT_FAILURE), (path, reason, _now()))

    # -- reading ----------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return bool(self._all(P.pg(S.SELECT_EXISTING), (doc_id,)))

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one document whose id starts with ``prefix``."""
        prefix = prefix.strip().lower()
        rows = self._all(P.pg(S.SELECT_PREFIX), (len(prefix), prefix)) if prefix else []
        if not rows:
            raise DocumentNotFound(f"no document with id {prefix!r}; list ids with `sitroom documents`")
        if len(rows) > 1:
            raise DocumentNotFound(f"{prefix!r} matches several documents; give more characters "
                                   "of the id")
        return rows[0][0]

    def document(self, doc_id: str) -> Document:
        """The stored document with all its layers (``doc_id`` may be a unique prefix)."""
        select = P.pg(S.SELECT_DOCUMENT)
        with self._translate("read a document"):
            row = self.conn.execute(select, (doc_id,)).fetchone()
            if row is None:
                row = self.conn.execute(select, (self.resolve_id(doc_id),)).fetchone()
            layers = {t: self._all(P.pg(S.select_layer_sql(t)), (row[0],)) for t in S.LAYER_TABLES}
        return build_document(row, layers)

    def documents(self) -> Iterator[Document]:
        """Every stored document with its layers, by publication date."""
        ids = [r[0] for r in self._all(P.SELECT_DOCUMENT_IDS)]
        for doc_id in ids:
            yield self.document(doc_id)

    def document_meta(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Metadata of the stored documents (no text), by publication date."""
        where = "WHERE id = %s" if doc_id else ""
        with self._translate("read documents"):
            return self._dicts(P.SELECT_DOCUMENT_META.format(where=where),
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
            out = self._dicts(P.pg(S.row_query(layer, doc_id is not None)),
                              (doc_id,) if doc_id is not None else ())
        for d in out:
            for k in ROW_JSON.intersection(d):
                d[k] = json.loads(d[k])
            for k in S.BOOL_COLUMNS.intersection(d):
                d[k] = bool(d[k])
            if "spans" in d:
                d["mentions"] = len(d["spans"])
        return out

    def counts(self) -> dict[str, int]:
        """Number of rows per table: documents, each layer, failures."""
        tables = ("documents",) + S.LAYER_TABLES + ("failures",)
        with self._translate("count rows"):
            return {t: self._all(S.COUNT_ROWS.format(table=t))[0][0] for t in tables}

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Sentences matching a full-text query, best first, with their documents and spans.

        The query may use the FTS5 words AND, OR and NOT and "quoted phrases", as with the
        SQLite store; anything else is searched as plain words.
        """
        if not query.split():
            return []
        with self._translate("search"):
            return self._dicts(P.SEARCH, (P.websearch_query(query), limit))

    # -- near-duplicate documents -----------------------------------------------------
    def add_signatures(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Store ``(doc_id, scheme, signature)`` rows of stored documents."""
        rows = list(rows)
        if not rows:
            return
        with self._translate("store signatures"), self.conn.transaction():
            with self.conn.cursor() as cur:
                cur.executemany(P.pg(S.INSERT_SIGNATURE), rows)

    def signatures(self, scheme: str) -> Iterator[tuple[str, bytes]]:
        """``(doc_id, signature)`` of every document signed with ``scheme``."""
        with self._translate("read signatures"):
            for doc_id, sig in self._stream(P.pg(S.SELECT_SIGNATURES), (scheme,)):
                yield doc_id, bytes(sig)

    def signature(self, doc_id: str, scheme: str) -> bytes | None:
        rows = self._all(P.pg(S.SELECT_SIGNATURE), (doc_id, scheme))
        return bytes(rows[0][0]) if rows else None

    def unsigned(self, scheme: str) -> list[tuple[str, str]]:
        """``(doc_id, text)`` of the documents without a ``scheme`` signature."""
        with self._translate("read documents"):
            return self._all(P.pg(S.SELECT_UNSIGNED), (scheme,))

    def source_of(self, doc_id: str) -> tuple[str | None, str | None] | None:
        """``(url, path)`` of a stored document, None when it is not stored."""
        rows = self._all(P.pg(S.SELECT_SOURCE), (doc_id,))
        return (rows[0][0], rows[0][1]) if rows else None

    def has_copy(self, key: str) -> bool:
        return bool(self._all(P.pg(S.SELECT_COPY_KEY), (key,)))

    def add_copies(self, rows: Iterable[dict[str, Any]]) -> int:
        """Record copies of stored documents (dicts with the copies columns); returns how
        many were new."""
        at = _now()
        values = [tuple(at if c == "added_at" else r.get(c) for c in S.COPY_COLUMNS) for r in rows]
        new = 0
        if not values:
            return 0
        with self._translate("record copies"), self.conn.transaction():
            with self.conn.cursor() as cur:
                for v in values:
                    cur.execute(P.INSERT_COPY, v)
                    new += max(cur.rowcount, 0)
        return new

    def copies(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """The recorded copies (of one stored document, or of all), earliest first."""
        where = "WHERE c.doc_id = %s" if doc_id else ""
        with self._translate("read copies"):
            return self._dicts(S.SELECT_COPIES.format(where=where), (doc_id,) if doc_id else ())

    def texts(self) -> Iterator[tuple[str, str]]:
        """``(doc_id, clean_text)`` of every stored document, by publication date."""
        with self._translate("read texts"):
            yield from self._stream(S.SELECT_TEXTS)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
