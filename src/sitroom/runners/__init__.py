"""Running the pipeline beyond one process: local worker processes or a Dask cluster.

A runner maps the pipeline over a stream of documents and yields the processed
documents in input order, as :meth:`sitroom.pipeline.Pipeline.pipe` does, so the one
store writer, the progress count, the failure rows and the near-duplicate index of
:func:`sitroom.api.ingest_documents` work the same whichever runner does the work.

Documents travel in chunks; at most ``window`` chunks are out at a time, so a corpus
of any size is streamed with bounded memory. Each worker builds the pipeline once.
"""
from __future__ import annotations

from typing import Any

from .base import ChunkRunner, default_workers, process_chunk

__all__ = ["ChunkRunner", "process_chunk", "default_workers", "make_runner"]


def make_runner(pipeline: Any, *, workers: int | None = None, dask: str | None = None,
                chunk_size: int | None = None) -> ChunkRunner | None:
    """The runner for ``--workers`` / ``--dask``, or None to run in this process.

    ``dask`` is a scheduler address (``tcp://host:port``) or ``local`` for a LocalCluster
    of ``workers`` processes (the number of cores when not given).
    """
    if workers is not None and workers < 1:
        from ..errors import SitroomError
        raise SitroomError(f"--workers must be 1 or more, not {workers}")
    if dask:
        from .dask import DaskRunner
        return DaskRunner(pipeline, dask, workers=workers, chunk_size=chunk_size)
    workers = default_workers() if workers is None else workers
    if workers == 1:
        return None
    from .local import LocalRunner
    return LocalRunner(pipeline, workers=workers, chunk_size=chunk_size)
