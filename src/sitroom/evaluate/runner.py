"""Run the pipeline over an evaluation set and score it; one entry point per format."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from ..errors import GoldFormatError, InputError
from ..records import Document
from . import runs
from .gold import GOLD_LAYERS, SUFFIX, GoldDoc, read_gold_folder
from .result import EvalResult
from .runs import Piper, make_pipeline  # noqa: F401  (re-exported)
from .score import Scoreboard, score_document

FORMATS = ("gold", "polnear", "plover-tsv", "newsquant", "geowebnews")
# The metric groups each public format reports (what --layer can select).
FORMAT_LAYERS = {
    "polnear": ("content", "source", "pair"),
    "plover-tsv": ("root", "root_heldout", "penta", "binary", "coverage"),
    "newsquant": ("value", "value_unit", "value_change", "value_unit_both"),
    "geowebnews": ("toponyms", "toponyms_no_demonyms", "resolution"),
}


def gold_document(g: GoldDoc) -> Document:
    """The Document the pipeline sees for a gold article (published date and language set)."""
    published = g.gold.get("published")
    return Document.from_text(g.text, published=published,
                              published_source="metadata" if published else None,
                              language=g.gold.get("language") or "en",
                              language_source="metadata" if g.gold.get("language") else None,
                              path=str(g.path))


def evaluate_gold(path: str | Path, layers: Iterable[str] | None = None, limit: int | None = None,
                  pipeline: Piper | None = None) -> EvalResult:
    """Score the pipeline on a folder (or one file) of sitroom-gold/1 annotations."""
    want = set(layers) if layers else None
    if want:
        unknown = want - set(GOLD_LAYERS)
        if unknown:
            raise ValueError(f"unknown layer(s) {', '.join(sorted(unknown))}; "
                             f"choose from {', '.join(GOLD_LAYERS)}")
    golds = read_gold_folder(path, limit)
    pl = pipeline or runs.make_pipeline()
    docs = runs.run_texts(pl, [gold_document(g) for g in golds])
    board = Scoreboard()
    per_language: dict[str, Scoreboard] = {}
    notes = []
    for g, doc in zip(golds, docs):
        if doc.error:
            notes.append(f"{g.name}: processing failed ({doc.error}); scored as empty")
        scored = score_document(g.gold, doc, g.text, want, g.name)
        board.add(scored)
        per_language.setdefault(g.gold.get("language") or "en", Scoreboard()).add(scored)
    p = Path(path)
    dataset = p.name if p.is_dir() else golds[0].name
    if "boilerplate" in board.counts:
        notes.append("boilerplate: tp = entries removed, fn = entries surviving, fp = keep lines "
                     "lost; precision = share of keep lines kept, recall = share of entries removed")
    if "dates" in board.counts:
        notes.append("dates: gold date texts are located in the cleaned text; a further mention "
                     "of a matched gold expression (same text, same value) is a repeat, not a "
                     "false positive")
    by_language = ({lang: {"documents": b.documents, "layers": b.layers()}
                    for lang, b in sorted(per_language.items())}
                   if set(per_language) - {"en"} else {})
    return EvalResult(dataset, "gold", board.documents, board.layers(), board.errors, notes,
                      by_language)


def detect_format(path: str | Path) -> str:
    """Guess the format of an evaluation path from its layout and extension."""
    p = Path(path)
    if p.is_dir():
        if any(f.name.endswith(SUFFIX) for f in p.iterdir()):
            return "gold"
        if (p / "text").is_dir() and (p / "attributions").is_dir():
            return "polnear"
        raise InputError(str(p), "no *.gold.json files and no text/ + attributions/ folders; "
                         "pass --format")
    name = p.name.lower()
    if name.endswith(SUFFIX):
        return "gold"
    if name.endswith(".tsv"):
        return "plover-tsv"
    if name.endswith(".xml"):
        return "geowebnews"
    if name.endswith(".json"):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(str(p), f"not readable JSON: {exc}") from exc
        if isinstance(data, dict) and data.get("format", "").startswith("sitroom-gold"):
            return "gold"
        return "newsquant"
    raise InputError(str(p), "cannot tell the format from the name; pass --format")


def evaluate_path(path: str | Path, fmt: str | None = None, layers: Iterable[str] | None = None,
                  limit: int | None = None, pipeline: Piper | None = None) -> EvalResult:
    """Evaluate ``path`` in the given (or detected) format."""
    fmt = fmt or detect_format(path)
    if fmt == "gold":
        return evaluate_gold(path, layers, limit, pipeline)
    if fmt == "polnear":
        from .polnear import evaluate_polnear as run
    elif fmt == "plover-tsv":
        from .plover_tsv import evaluate_plover_tsv as run
    elif fmt == "newsquant":
        from .newsquant import evaluate_newsquant as run
    elif fmt == "geowebnews":
        from .geowebnews import evaluate_geowebnews as run
    else:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if layers:
        known = FORMAT_LAYERS[fmt]
        unknown = [x for x in layers if x not in known]
        if unknown:
            raise ValueError(f"unknown layer(s) {', '.join(unknown)} for {fmt}; "
                             f"choose from {', '.join(known)}")
    result = run(path, limit=limit, pipeline=pipeline)
    return result.only(set(layers) if layers else None)


__all__ = ["FORMATS", "make_pipeline", "evaluate_gold", "evaluate_path", "detect_format",
           "gold_document", "GoldFormatError"]
