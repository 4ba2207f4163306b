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
import logging
from typing import Any, Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import SchemaTooNew, StoreError, StoreLocked
from ..records import Document
from . import pgschema as P
from . import schema as S
from .base import AddResult, BaseStore
from .codec import document_row, layer_rows
from .sqlutil import _batched, _now

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


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class PostgresStore(BaseStore):
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
        return self._adopt(conn)

    def _setup(self, conn) -> None:
        conn.execute(f"SET lock_timeout = {max(1, int(self.timeout * 1000))}")
        if self.schema:
            self._use_schema(conn)
        self._migrate(conn)

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

    # -- backend hooks of BaseStore ----------------------------------------------------
    PARAM = "%s"
    SELECT_DOCUMENT_IDS = P.SELECT_DOCUMENT_IDS
    SELECT_DOCUMENT_META = P.SELECT_DOCUMENT_META
    _q = staticmethod(P.pg)
    _detail = staticmethod(_first_line)

    def _read_guard(self, action: str):
        return self._translate(action)

    def _transaction(self):
        return self.conn.transaction()

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(sql, rows)

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

    # -- reading ----------------------------------------------------------------------
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
    def add_copies(self, rows: Iterable[dict[str, Any]]) -> int:
        """Record copies of stored documents (dicts with the copies columns); returns how
        many were new."""
        values = self._copy_values(rows)
        new = 0
        if not values:
            return 0
        with self._translate("record copies"), self._transaction():
            with self.conn.cursor() as cur:
                for v in values:
                    cur.execute(P.INSERT_COPY, v)
                    new += max(cur.rowcount, 0)
        return new

