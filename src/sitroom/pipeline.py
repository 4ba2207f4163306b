"""The per-document pipeline: runs registered stages (:mod:`sitroom.stages`) in order.

A stage is a pure function of the document and the loaded resources. Stages run
in the order given; building a pipeline whose stage needs a layer that no earlier
stage assigns fails at once with :class:`PipelineError`. The spaCy stage is run in
batches with ``nlp.pipe``; all other stages run per document.
"""
from __future__ import annotations

import itertools
import logging
from typing import Iterable, Iterator

from .errors import PipelineError
from .records import Document
from .resources import Resources
from .stages import BASE_LAYERS, REGISTRY, Stage, register  # noqa: F401  (the registry)

log = logging.getLogger(__name__)

DEFAULT_STAGES = ("clean", "annotate", "dates", "places", "actors", "quotes", "figures", "events",
                  "anchor")


def _load_stages() -> None:
    # Importing the stage packages registers their stages.
    from . import annotate  # noqa: F401
    from .clean import stage as _clean  # noqa: F401
    from .extract import actors, anchor, dates, events, figures, places, quotes  # noqa: F401


class Pipeline:
    """An ordered list of stages over shared resources.

    Construction validates the order and does no I/O; :meth:`initialize` loads the
    models (it is also called lazily by :meth:`pipe`).
    """

    def __init__(self, stages: Iterable[str] = DEFAULT_STAGES, resources: Resources | None = None,
                 batch_size: int = 32, keep_nlp: bool = False):
        _load_stages()
        self.resources = resources or Resources()
        self.batch_size = batch_size
        # The spaCy Doc is dropped after a batch unless asked for: memory stays flat.
        self.keep_nlp = keep_nlp
        self.stages: list[Stage] = []
        have = set(BASE_LAYERS)
        for name in stages:
            if name not in REGISTRY:
                raise PipelineError(f"unknown stage {name!r}; known stages: {', '.join(sorted(REGISTRY))}")
            st = REGISTRY[name]
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise PipelineError(
                    f"stage {name!r} needs {', '.join(missing)}, which no earlier stage assigns; "
                    f"put the stages that assign them before {name!r}")
            have.update(st.assigns)
            self.stages.append(st)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def initialize(self) -> "Pipeline":
        """Load every resource the stages will need."""
        names = set(self.names)
        if "annotate" in names:
            self.resources.nlp
        if names & {"places", "actors", "figures", "events"}:
            self.resources.gazetteer
        if "actors" in names:
            self.resources.actor_kb
        return self

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document], batch_size: int | None = None) -> Iterator[Document]:
        """Process documents lazily, in batches; a document that fails carries ``error``."""
        size = batch_size or self.batch_size
        it = iter(docs)
        while True:
            batch = list(itertools.islice(it, size))
            if not batch:
                return
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> list[Document]:
        from .lang.stages import prepare, route   # the pipeline per language
        prepare(batch)
        for stage in self.stages:
            live = [d for d in batch if d.error is None]
            if not live:
                break
            for st, group in route(stage, live):
                self._run_stage(st, group)
        if not self.keep_nlp:
            for d in batch:
                d.nlp = None
        return batch

    def _run_stage(self, st: Stage, live: list[Document]) -> None:
        if st.batched:
            try:
                updates = st.func(live, self.resources)
            except Exception as exc:  # a batch-level failure: retry one by one
                log.debug("batched stage %s failed, retrying singly: %s", st.name, exc)
                updates = []
                for d in live:
                    try:
                        updates.extend(st.func([d], self.resources))
                    except Exception as exc1:
                        d.error = f"{st.name}: {type(exc1).__name__}: {exc1}"
                        updates.append(None)
                live_ok = [(d, u) for d, u in zip(live, updates) if u is not None]
            else:
                live_ok = list(zip(live, updates))
            for d, u in live_ok:
                _apply(d, st, u)
        else:
            for d in live:
                try:
                    _apply(d, st, st.func(d, self.resources))
                except Exception as exc:
                    log.debug("stage %s failed on %s", st.name, d.id, exc_info=True)
                    d.error = f"{st.name}: {type(exc).__name__}: {exc}"


def _apply(doc: Document, st: Stage, update: dict) -> None:
    for key, value in (update or {}).items():
        setattr(doc, key, value)
    doc.done = doc.done + (st.name,)


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _default
    if _default is None:
        _default = Pipeline().initialize()
    return _default


def process(text: str, published: str | None = None, *, title: str | None = None,
            url: str | None = None, source: str | None = None, language: str | None = None,
            pipeline: Pipeline | None = None) -> Document:
    """Run the whole pipeline on one text and return the document with all its layers.

    ``published`` (ISO date) anchors relative dates; when omitted it is looked for in
    the text (dateline, weekday + date, dated embedded post).
    """
    doc = Document.from_text(text, published=published,
                             published_source="metadata" if published else None,
                             title=title, url=url, source=source, language=language or "en",
                             language_source="metadata" if language else None)
    pl = pipeline or default_pipeline()
    out = pl(doc)
    if out.error:
        from .errors import SitroomError
        raise SitroomError(f"processing failed in {out.error}")
    return out

