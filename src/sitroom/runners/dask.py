"""A Dask cluster: ``sitroom ingest --dask tcp://HOST:PORT`` or ``--dask local``.

Chunks of documents are submitted as futures, at most ``window`` at a time, and their
results are taken back in input order by the one store writer. A worker plugin builds
the pipeline once on every worker (also on workers that join later); the tasks reuse it.
Workers need sitroom installed, and one thread each (``dask worker --nthreads 1``):
the pipeline is pure Python and does not gain from threads.
"""
from __future__ import annotations

import logging
import threading
import uuid
from typing import Any

from ..errors import SitroomError
from ..records import Document
from .base import ChunkRunner, process_chunk

log = logging.getLogger(__name__)

_PIPELINES: dict[str, Any] = {}     # token -> initialised pipeline, per worker process
_BUILD = threading.Lock()
_RUN = threading.Lock()


def _pipeline(token: str, pipeline: Any) -> Any:
    with _BUILD:
        if token not in _PIPELINES:
            init = getattr(pipeline, "initialize", None)
            if init is not None:
                init()
            _PIPELINES[token] = pipeline
        return _PIPELINES[token]


def _run_chunk(token: str, pipeline: Any, docs: list[Document]) -> list[Document]:
    pl = _pipeline(token, pipeline)
    with _RUN:   # one chunk at a time per process, however many threads the worker has
        return process_chunk(pl, docs)


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        """Builds the pipeline when a worker starts (or when the plugin is registered)."""

        def __init__(self, token: str, pipeline: Any):
            self.token = token
            self.pipeline = pipeline
            self.name = f"sitroom-pipeline-{token}"

        def setup(self, worker: Any) -> None:
            _pipeline(self.token, self.pipeline)

        def teardown(self, worker: Any) -> None:
            _PIPELINES.pop(self.token, None)

    return PipelinePlugin


class DaskRunner(ChunkRunner):
    """The pipeline on the workers of a Dask cluster."""

    def __init__(self, pipeline: Any, address: str, *, workers: int | None = None,
                 chunk_size: int | None = None, window: int | None = None,
                 timeout: float = 30.0):
        super().__init__(pipeline, workers=workers or 0, chunk_size=chunk_size, window=window)
        self.address = address
        self.timeout = timeout
        self.token = uuid.uuid4().hex
        self._client = None
        self._cluster = None
        self._plugin = None

    def start(self) -> "DaskRunner":
        if self._client is not None:
            return self
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise SitroomError("--dask needs dask.distributed: pip install 'sitroom[dask]'") from exc
        if self.address == "local":
            from .base import default_workers
            n = self.workers or default_workers()
            self._cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                         dashboard_address=None, memory_limit=0)
            self._client = Client(self._cluster)
        else:
            try:
                self._client = Client(self.address, timeout=self.timeout)
            except (OSError, TimeoutError) as exc:
                raise SitroomError(f"cannot reach the Dask scheduler at {self.address} ({exc}); "
                                   "start one with `dask scheduler` and give its address, "
                                   "or use --dask local") from exc
        try:
            n_workers = len(self._client.scheduler_info().get("workers", {}))
            if self.workers == 0:
                self.workers = max(1, n_workers)
            if self.window < 3 * self.workers:
                self.window = 3 * self.workers
            self._plugin = _plugin_class()(self.token, self.pipeline)
            self._client.register_plugin(self._plugin)
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            if self._plugin is not None:
                try:
                    client.unregister_worker_plugin(self._plugin.name)
                except Exception as exc:   # the cluster may be gone already
                    log.debug("could not unregister the pipeline plugin: %s", exc)
            client.close()
        if cluster is not None:
            cluster.close()
        self._plugin = None

    def _submit(self, chunk: list[Document]) -> Any:
        return self._client.submit(_run_chunk, self.token, self.pipeline, chunk, pure=False)

    def _result(self, future: Any) -> list[Document]:
        return future.result()
