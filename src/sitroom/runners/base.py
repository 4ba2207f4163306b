"""The ordered, windowed map of the pipeline over chunks that every runner shares."""
from __future__ import annotations

import itertools
import os
import logging
from collections import deque
from typing import Any, Iterable, Iterator

from ..errors import SitroomError
from ..records import Document

log = logging.getLogger(__name__)

DEFAULT_CHUNK = 16


def process_chunk(pipeline: Any, docs: list[Document]) -> list[Document]:
    """Run ``pipeline`` over one chunk in a worker; every document comes back, a failed one
    with ``error`` set, and without its spaCy Doc (which is not sent between processes)."""
    try:
        out = list(pipeline.pipe(docs))
    except SitroomError:
        raise
    except Exception:   # a failure outside the stages: run the documents one at a time
        out = []
        for doc in docs:
            try:
                out.extend(pipeline.pipe([doc]))
            except SitroomError:
                raise
            except Exception as exc:
                doc.error = f"{type(exc).__name__}: {exc}"
                out.append(doc)
    for doc in out:
        doc.nlp = None
    return out


def chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class ChunkRunner:
    """Maps the pipeline over chunks of documents on workers, results in input order.

    Subclasses submit a chunk (:meth:`_submit`), wait for its result (:meth:`_result`)
    and start over when their workers are lost (:meth:`_recover`). A chunk that fails
    as a whole is run again one document at a time; a document that still fails comes
    back with ``error`` set, so it becomes a failure row and the ingest goes on. A
    :class:`SitroomError` (a missing model, say) stops the run: it would fail every
    document alike.
    """

    def __init__(self, pipeline: Any, *, workers: int, chunk_size: int | None = None,
                 window: int | None = None, inline_upto: int = 0):
        self.pipeline = pipeline
        self.workers = workers
        self.chunk_size = chunk_size or DEFAULT_CHUNK
        self.window = window or 3 * workers
        # An input of at most this many documents is run in this process: starting
        # workers (each loading the models) would take longer than the work.
        self.inline_upto = inline_upto
        # Workers are renewed after this many documents each (0: never), where they keep
        # what they learn from the texts (spaCy's string store and caches grow with every
        # new word or number), so that memory stays flat over any number of documents.
        self.recycle_after = 0
        self.renewals = 0
        self._since_start = 0
        self._pending: deque[list[Any]] = deque()     # [chunk, future] in input order

    # -- to implement -----------------------------------------------------------------
    def start(self) -> "ChunkRunner":
        return self

    def close(self) -> None:
        pass

    def _submit(self, chunk: list[Document]) -> Any:
        raise NotImplementedError

    def _result(self, future: Any) -> list[Document]:
        raise NotImplementedError

    def _lost(self, exc: BaseException) -> bool:
        """Whether ``exc`` means the workers are gone (then :meth:`_recover` is called)."""
        return False

    def _recover(self) -> None:
        pass

    def _renew(self) -> None:
        """Replace the workers by fresh ones (nothing is pending)."""

    # -- the map ----------------------------------------------------------------------
    def __enter__(self) -> "ChunkRunner":
        return self      # workers start with the first chunk that needs them

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def pipe(self, docs: Iterable[Document], batch_size: int | None = None) -> Iterator[Document]:
        """Processed documents in input order (``batch_size``: documents per chunk)."""
        it = iter(docs)
        head = list(itertools.islice(it, self.inline_upto + 1))
        if len(head) <= self.inline_upto:
            yield from self.pipeline.pipe(head)
            return
        self.start()
        try:
            for chunk in chunks(itertools.chain(head, it), batch_size or self.chunk_size):
                if self.recycle_after and self._since_start >= self.recycle_after * self.workers:
                    while self._pending:      # finish what the workers have, then renew them
                        yield from self._collect()
                    self._renew()
                    self.renewals += 1
                    self._since_start = 0
                self._since_start += len(chunk)
                self._pending.append([chunk, self._submit(chunk)])
                if len(self._pending) >= self.window:
                    yield from self._collect()
            while self._pending:
                yield from self._collect()
        finally:
            self._cancel()

    def _collect(self) -> list[Document]:
        chunk, future = self._pending[0]
        try:
            out = self._result(future)
        except SitroomError:
            raise
        except Exception as exc:
            log.debug("a chunk of %d documents failed: %s", len(chunk), exc)
            self._pending.popleft()
            if not self._lost(exc):
                return self._singly(chunk)
            # The workers are gone. The chunk is run again one document at a time on fresh
            # workers, before the other pending chunks go back to them: a chunk that kills
            # its worker again must not take an innocent document's run down with it.
            self._recover()
            try:
                return self._singly(chunk, resubmit=False)
            finally:
                self._resubmit()
        self._pending.popleft()
        return out

    def _singly(self, chunk: list[Document], resubmit: bool = True) -> list[Document]:
        out = []
        lost = False
        for doc in chunk:
            try:
                out.extend(self._result(self._submit([doc])))
            except SitroomError:
                raise
            except Exception as exc:
                if self._lost(exc):
                    lost = True
                    self._recover()
                    doc.error = f"worker lost while processing it: {type(exc).__name__}: {exc}"
                else:
                    doc.error = f"{type(exc).__name__}: {exc}"
                out.append(doc)
        if lost and resubmit:
            self._resubmit()     # the pending chunks were on the workers that were lost
        return out

    def _resubmit(self) -> None:
        for entry in self._pending:
            entry[1] = self._submit(entry[0])

    def _cancel(self) -> None:
        while self._pending:
            _, future = self._pending.popleft()
            cancel = getattr(future, "cancel", None)
            if cancel is not None:
                cancel()


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:   # not Linux
        return max(1, os.cpu_count() or 1)
