"""Local worker processes: ``sitroom ingest --workers N``.

Each worker is a fresh interpreter (``spawn``, or ``forkserver``), given the pipeline
once when it starts; it loads the models then and keeps them for every chunk it runs.
The parent reads, deduplicates and stores; the workers only run the pipeline.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..records import Document
from .base import ChunkRunner, process_chunk

# Documents a worker runs before it is replaced by a fresh one (its memory grows with
# every new word it sees); renewing takes a few seconds of model loading.
RECYCLE_AFTER = 2000

_PIPELINE: Any = None
_INIT_ERROR: BaseException | None = None
_LIMITS: Any = None


def _init_worker(pipeline: Any, threads: int) -> None:
    """Build the worker's pipeline once; a loading error is raised by its first chunk."""
    global _PIPELINE, _INIT_ERROR, _LIMITS
    # The workers share the cores: numerical libraries get the worker's share of threads
    # (by default each would start one thread per core).
    try:
        from threadpoolctl import threadpool_limits
        _LIMITS = threadpool_limits(limits=threads)
    except ImportError:
        pass
    _PIPELINE = pipeline
    init = getattr(pipeline, "initialize", None)
    try:
        if init is not None:
            init()
    except BaseException as exc:   # kept to be raised in the parent as it is
        _INIT_ERROR = exc


def _run_chunk(docs: list[Document]) -> list[Document]:
    if _INIT_ERROR is not None:
        raise _INIT_ERROR
    return process_chunk(_PIPELINE, docs)


def _ready(wait: float) -> int:
    if _INIT_ERROR is not None:
        raise _INIT_ERROR
    time.sleep(wait)
    return os.getpid()


class LocalRunner(ChunkRunner):
    """The pipeline in ``workers`` local processes."""

    def __init__(self, pipeline: Any, *, workers: int, chunk_size: int | None = None,
                 window: int | None = None, inline_upto: int | None = None,
                 recycle_after: int = RECYCLE_AFTER, start_method: str = "spawn"):
        super().__init__(pipeline, workers=workers, chunk_size=chunk_size, window=window,
                         inline_upto=0)
        self.inline_upto = self.chunk_size * workers if inline_upto is None else inline_upto
        self.recycle_after = recycle_after
        self.start_method = start_method
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> "LocalRunner":
        if self._pool is None:
            ctx = multiprocessing.get_context(self.start_method)
            from .base import default_workers
            threads = max(1, default_workers() // self.workers)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                             initargs=(self.pipeline, threads))
        return self

    def warm(self, timeout: float = 600.0) -> "LocalRunner":
        """Start every worker and wait until each has loaded its pipeline."""
        self.start()
        pids: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(pids) < self.workers and time.monotonic() < deadline:
            futures = [self._pool.submit(_ready, 0.2) for _ in range(self.workers)]
            pids.update(f.result() for f in futures)
        return self

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _submit(self, chunk: list[Document]) -> Future:
        self.start()
        return self._pool.submit(_run_chunk, chunk)

    def _result(self, future: Future) -> list[Document]:
        return future.result()

    def _lost(self, exc: BaseException) -> bool:
        return isinstance(exc, BrokenProcessPool)

    def _recover(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self.start()

    def _renew(self) -> None:
        self.close()     # the old workers end before the new ones load: memory stays flat
        self.start()
