"""Posted documents are processed in a worker process of their own, so that extraction
(spaCy, the extractors) never holds the web server's interpreter while it answers readers."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..errors import SitroomError
from ..records import Document

_pipeline = None      # the worker process's pipeline, loaded once when it starts


def store_items(db: str, items: list, pipeline) -> tuple[Any, dict[str, str]]:
    """Process and store the read items into the store at ``db``: the ingest result, and
    for each item recorded as a copy of a stored document, that document's id."""
    from ..api import ingest_documents
    from ..store import SQLiteStore
    # the server's store exists already: never create one here, but do write to it
    with SQLiteStore(db, create=False, read_only=False) as store:
        res = ingest_documents(store, iter(items), pipeline=pipeline)
        copy_of = {}
        for it in items:
            if isinstance(it, Document):
                row = store.conn.execute("SELECT doc_id FROM copies WHERE copy_id = ? "
                                         "ORDER BY id DESC LIMIT 1", (it.id,)).fetchone()
                if row:
                    copy_of[it.id] = row[0]
    return res, copy_of


def _start() -> None:
    global _pipeline
    from ..pipeline import default_pipeline
    _pipeline = default_pipeline()


def _store_in_worker(db: str, items: list) -> tuple[Any, dict[str, str]]:
    return store_items(db, items, _pipeline)


class WorkerStopped(SitroomError):
    """The worker process died while processing a request's documents."""


class IngestWorker:
    """One worker process with the default pipeline, started on first use."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def run(self, db: str, items: list) -> tuple[Any, dict[str, str]]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start)
        try:
            return self._pool.submit(_store_in_worker, db, items).result()
        except BrokenProcessPool as exc:
            self._pool = None       # a new worker starts with the next request
            raise WorkerStopped("the ingest worker stopped (out of memory?) before storing "
                                "these documents; send them again") from exc

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
