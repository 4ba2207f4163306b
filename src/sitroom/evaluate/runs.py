"""Shared run helpers of the evaluation readers: build the pipeline, run it over documents."""
from __future__ import annotations

from typing import Iterable, Iterator, Protocol

from ..errors import PipelineError
from ..records import Document


class Piper(Protocol):
    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]: ...


def make_pipeline() -> Piper:
    """The full default pipeline, models loaded."""
    from ..pipeline import Pipeline
    try:
        return Pipeline().initialize()
    except ImportError as exc:   # a stage module is missing from this installation
        raise PipelineError(f"the pipeline cannot be built ({exc}); reinstall sitroom") from exc


def run_texts(pipeline: Piper, docs: list[Document]) -> list[Document]:
    """Process documents in batches; a document that failed keeps its ``error``, no layers."""
    return list(pipeline.pipe(docs))
