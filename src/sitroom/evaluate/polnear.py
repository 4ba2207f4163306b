"""PolNeAR attribution relations (brat stand-off) scored against sitroom quotes.

Gold: each attribution is a source span (absent for ``Attribution-no-source``), a cue
and one or more content spans, each possibly discontinuous. Prediction: a quote's
span is its content, its ``speaker_span`` its source. Spans are compared by overlap
after mapping clean-text offsets back to the original text; matching is one-to-one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..records import Document
from .match import Counts, assign, overlaps
from .offsets import OffsetMap
from .result import EvalResult, ErrorItem

Frags = tuple[tuple[int, int], ...]
_LINE = re.compile(r"^([TE#AR]\d+)\t(.*)$")
_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


@dataclass(frozen=True)
class Attribution:
    source: Frags | None
    cue: Frags | None
    content: Frags


def parse_fragments(text: str) -> Frags:
    """``"10 20;25 30"`` to ``((10, 20), (25, 30))``."""
    out = []
    for part in text.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


def read_ann(path: str | Path) -> list[Attribution]:
    """The attribution relations of one brat ``.ann`` file."""
    spans: dict[str, Frags] = {}
    events: list[dict[str, list[str]]] = []
    p = Path(path)
    for raw in p.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(raw)
        if not m:   # continuation of a surface text that contained a newline
            continue
        ident, rest = m.groups()
        if ident.startswith("T"):
            head = rest.split("\t", 1)[0]
            label, _, offsets = head.partition(" ")
            try:
                spans[ident] = parse_fragments(offsets)
            except ValueError as exc:
                raise InputError(str(p), f"{ident}: bad offsets {offsets!r}") from exc
        elif ident.startswith("E"):
            roles: dict[str, list[str]] = {}
            for arg in rest.split():
                role, _, ref = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append(roles)
    out = []
    for roles in events:
        content = tuple(f for ref in roles.get("Content", []) if ref in spans for f in spans[ref])
        if not content:
            continue
        src = [spans[r] for r in roles.get("Source", []) if r in spans]
        cue = [spans[r] for r in roles.get("Cue", []) if r in spans]
        out.append(Attribution(src[0] if src else None, cue[0] if cue else None, content))
    return out


@dataclass
class Article:
    name: str
    text: str
    attributions: list[Attribution]
    ann_file: str
    annotator_files: int


def read_split(folder: str | Path, limit: int | None = None) -> list[Article]:
    """Articles of a split folder holding ``text/*.txt`` and ``attributions/*.ann``.

    When several annotators labelled an article, the first file in sorted order is used.
    """
    root = Path(folder)
    tdir, adir = root / "text", root / "attributions"
    if not tdir.is_dir() or not adir.is_dir():
        raise InputError(str(root), "a PolNeAR split folder must hold text/ and attributions/")
    anns = sorted(adir.glob("*.ann"))
    out = []
    for txt in sorted(tdir.glob("*.txt")):
        mine = [a for a in anns if a.stem.rsplit("_", 1)[0] == txt.stem]
        if not mine:
            continue
        out.append(Article(txt.stem, txt.read_text(encoding="utf-8"), read_ann(mine[0]),
                           mine[0].name, len(mine)))
        if limit is not None and len(out) >= limit:
            break
    return out


def _hits(frags: Frags | None, span: tuple[int, int] | None) -> int:
    if not frags or span is None:
        return 0
    return sum(overlaps(f, span) for f in frags)


def _show(text: str, frags: Frags | None) -> str:
    if not frags:
        return "-"
    return " … ".join(text[a:b] for a, b in frags)


def score_article(art: Article, doc: Document) -> tuple[dict[str, Counts], list[ErrorItem]]:
    """Content, source and pair counts of one article."""
    omap = OffsetMap(art.text, doc.clean_text)
    preds = []
    # PolNeAR attributions are quotes, reported speech and stances (beliefs, evaluations).
    for q in tuple(doc.quotes) + tuple(getattr(doc, "stances", ())):
        content = omap.span(q.span.start, q.span.end)
        source = omap.span(q.speaker_span.start, q.speaker_span.end) if q.speaker_span else None
        preds.append((content, source, q))
    golds = art.attributions
    counts: dict[str, Counts] = {}
    errors: list[ErrorItem] = []

    def run(layer, gs, ps, weight, gdesc, pdesc):
        pairs = assign(len(gs), len(ps), lambda g, p: weight(gs[g], ps[p]))
        counts[layer] = Counts(len(pairs), len(ps) - len(pairs), len(gs) - len(pairs))
        mg, mp = {g for g, _ in pairs}, {p for _, p in pairs}
        errors.extend(ErrorItem(layer, "fn", art.name, gdesc(g)) for i, g in enumerate(gs) if i not in mg)
        errors.extend(ErrorItem(layer, "fp", art.name, pdesc(p)) for i, p in enumerate(ps) if i not in mp)

    def content_w(g, p):
        return min(1.0, _hits(g.content, p[0]) / max(1, p[0][1] - p[0][0])) if p[0] else 0.0

    def source_w(g, p):
        return 1.0 if _hits(g.source, p[1]) else 0.0

    def pair_w(g, p):
        if not _hits(g.content, p[0]):
            return 0.0
        if g.source is None:
            return 1.0 if p[1] is None else 0.0
        return 1.0 if _hits(g.source, p[1]) else 0.0

    gd = lambda g: f"{_show(art.text, g.source)}: \"{_show(art.text, g.content)}\""  # noqa: E731
    pd = lambda p: f"{p[2].speaker_text or '-'}: \"{p[2].text}\""  # noqa: E731
    run("content", golds, preds, content_w, gd, pd)
    run("source", [g for g in golds if g.source], [p for p in preds if p[1]], source_w,
        lambda g: _show(art.text, g.source), lambda p: p[2].speaker_text or "-")
    run("pair", golds, preds, pair_w, gd, pd)
    return counts, errors


def _published(name: str) -> str | None:
    m = _DATE.search(name)
    return m.group(1) if m else None


def evaluate_polnear(path: str | Path, limit: int | None = None, pipeline=None) -> EvalResult:
    """Overlap P/R/F1 for content, source and (content, source) pairs on a PolNeAR split."""
    from .runs import make_pipeline, run_texts
    arts = read_split(path, limit)
    pl = pipeline or make_pipeline()
    docs = run_texts(pl, [Document.from_text(a.text, published=_published(a.name),
                                             published_source="metadata", path=a.name)
                          for a in arts])
    total = {k: Counts() for k in ("content", "source", "pair")}
    errors: list[ErrorItem] = []
    failed = 0
    for art, doc in zip(arts, docs):
        failed += bool(doc.error)
        c, e = score_article(art, doc)
        for k, v in c.items():
            total[k] = total[k] + v
        errors.extend(e)
    multi = sum(1 for a in arts if a.annotator_files > 1)
    notes = ["a predicted quote's content matches a gold content span (any fragment) when they "
             "overlap; source likewise with speaker_span; a pair needs both (a gold attribution "
             "without a source is matched by a prediction without a speaker span); one-to-one",
             "source is scored over gold attributions that have a source and predictions that "
             "have a speaker span"]
    if multi:
        notes.append(f"{multi} article(s) have several annotators' files; the first in sorted "
                     "order is used")
    if failed:
        notes.append(f"{failed} document(s) failed in the pipeline and are scored as empty")
    layers = {k: v.to_dict() for k, v in total.items()}
    p = Path(path)
    return EvalResult(f"polnear/{p.name}", "polnear", len(arts), layers, errors, notes)
