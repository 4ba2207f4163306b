"""The per-document pipeline: runs registered stages (:mod:`sitroom.stages`) in order.

A stage is a pure function of the document and the loaded resources. Stages run
in the order given; building a pipeline whose stage needs a layer that no earlier
stage assigns fails at once with :class:`PipelineError`. The spaCy stage is run in
batches with ``nlp.pipe``; all other stages run per document.
"""
from __future__ import annotations

import logging
from typing import Iterable, Iterator

from .budget import Clock, OverBudget, deadline
from .errors import PipelineError
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits
from .records import Document
from .resources import Resources
from .stages import BASE_LAYERS, REGISTRY, Stage, register  # noqa: F401  (the registry)

log = logging.getLogger(__name__)

BATCH_CHARS = 500_000

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
                 batch_size: int = 32, keep_nlp: bool = False, limits: Limits | None = None):
        _load_stages()
        # Characters per document and seconds per document: over either, a document fails.
        self.limits = limits or DEFAULT_LIMITS
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
            # A batch also ends at BATCH_CHARS characters: the parses of a batch are held
            # together, and a few very long documents must not add up to gigabytes.
            batch, chars = [], 0
            for d in it:
                batch.append(d)
                chars += len(d.text or "")
                if len(batch) >= size or chars >= BATCH_CHARS:
                    break
            if not batch:
                return
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> list[Document]:
        from .lang.stages import prepare, route   # the pipeline per language
        clock = Clock(self.limits.time_budget)
        for d in batch:
            if d.error is None and len(d.text) > self.limits.max_chars:
                d.error = too_long(len(d.text), self.limits.max_chars)
        prepare([d for d in batch if d.error is None])
        for stage in self.stages:
            live = [d for d in batch if d.error is None]
            if not live:
                break
            for st, group in route(stage, live):
                self._run_stage(st, group, clock)
            for d in live:
                if d.error is None and clock.over(id(d)):
                    d.error = over_budget(self.limits.time_budget, stage.name)
        if not self.keep_nlp:
            for d in batch:
                d.nlp = None
        return batch

    def _run_stage(self, st: Stage, live: list[Document], clock: Clock) -> None:
        if st.batched:
            self._run_batched(st, live, clock)
        else:
            for d in live:
                self._run_one(st, d, clock, lambda d: st.func(d, self.resources))

    def _run_batched(self, st: Stage, live: list[Document], clock: Clock) -> None:
        t0 = clock.now()
        budget = None if clock.budget is None else sum(clock.left(id(d)) for d in live)
        try:
            with deadline(budget):
                updates = st.func(live, self.resources)
        except (Exception, OverBudget) as exc:  # a batch-level failure: retry one by one
            log.debug("batched stage %s failed, retrying singly: %r", st.name, exc)
            for d in live:
                self._run_one(st, d, clock, lambda d: st.func([d], self.resources)[0])
            return
        share = (clock.now() - t0) / len(live)
        for d, u in zip(live, updates):
            clock.charge(id(d), share)
            _apply(d, st, u)

    def _run_one(self, st: Stage, d: Document, clock: Clock, call) -> None:
        t0 = clock.now()
        try:
            with deadline(clock.left(id(d))):
                update = call(d)
            _apply(d, st, update)
        except OverBudget:
            d.error = over_budget(self.limits.time_budget, st.name)
        except RecursionError:
            d.error = f"{st.name}: the text is structured too deeply to process"
        except MemoryError:
            d.error = f"{st.name}: out of memory on this document; lower --max-chars"
        except Exception as exc:
            log.debug("stage %s failed on %s", st.name, d.id, exc_info=True)
            d.error = (f"{st.name}: unexpected error ({type(exc).__name__}: "
                       f"{' '.join(str(exc).split())}); please report this as a bug, with the "
                       "document if you can share it (--debug shows the traceback)")
        clock.charge(id(d), clock.now() - t0)


def too_long(n: int, limit: int) -> str:
    return (f"{n:,} characters, more than the {limit:,} a document may have; split it into "
            "its articles (or raise --max-chars)")


def over_budget(budget: float | None, stage: str) -> str:
    return (f"took longer than the {budget:g} s a document may take (stopped in the {stage} "
            "stage); raise it with --time-budget")


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

    ``published`` (ISO date, ``YYYY-MM-DD`` optionally with a time) anchors relative
    dates; when omitted it is looked for in the text (dateline, weekday + date, dated
    embedded post). Bad input raises :class:`~sitroom.errors.InvalidArgument` (a value
    that is not what it should be) or :class:`~sitroom.errors.InputError` (text that
    cannot be processed); both are :class:`~sitroom.errors.SitroomError`.
    """
    from .errors import InputError, InvalidArgument, SitroomError
    if not isinstance(text, str):
        raise InvalidArgument(f"text must be a str, not {type(text).__name__}")
    published = check_published(published)
    for name, value in (("title", title), ("url", url), ("source", source), ("language", language)):
        if value is not None and not isinstance(value, str):
            raise InvalidArgument(f"{name} must be a str or None, not {type(value).__name__}")
    for name, value in (("text", text), ("title", title), ("url", url), ("source", source)):
        bad = _lone_surrogate(value)
        if bad is not None:
            raise InputError(None, f"the {name} holds a lone surrogate (U+{ord(value[bad]):04X}) at "
                                   f"character {bad}, which is not valid Unicode text")
    pl = pipeline or default_pipeline()
    if len(text) > pl.limits.max_chars:
        raise InputError(None, too_long(len(text), pl.limits.max_chars))
    doc = Document.from_text(text, published=published,
                             published_source="metadata" if published else None,
                             title=title, url=url, source=source, language=language or "en",
                             language_source="metadata" if language else None)
    out = pl(doc)
    if out.error:
        raise SitroomError(f"processing failed in {out.error}")
    return out


def check_published(value) -> str | None:
    """``value`` as a publication date (ISO ``YYYY-MM-DD``, optionally with a time), None
    when empty; anything else raises :class:`~sitroom.errors.InvalidArgument`."""
    import datetime as _dt

    from .errors import InvalidArgument
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        v = value.strip()
        try:
            if len(v) == 10:
                _dt.date.fromisoformat(v)
            else:
                _dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
            return v
        except ValueError:
            pass
    raise InvalidArgument(f"published={value!r} is not a date; give it as YYYY-MM-DD "
                          "(ISO 8601, a time may follow) or leave it out")


def _lone_surrogate(value: str | None) -> int | None:
    if not value:
        return None
    try:
        value.encode("utf-8")
        return None
    except UnicodeEncodeError as exc:
        return exc.start
