"""Evaluate every development set present under the shared eval-data and write one table.

Usage: ``python -m sitroom.evaluate.report --shared ../shared/eval-data --out eval-report.md``
"""
from __future__ import annotations

import argparse
import datetime as _dt
import sys
import time
from pathlib import Path

from .result import EvalResult
from ..demo import demo_dir

# (label, path under the shared folder, format, remark)
DATASETS = (
    # real published articles with independent gold: the set that matters most, first
    ("realdev", "realdev", "gold", "real news from many outlets, annotated independently"),
    ("gold", "gold", "gold", "sitroom-gold/1 worked example(s)"),
    # our own demo corpus, shipped with the package (an absolute path ignores `shared`)
    ("demo", str(demo_dir()), "gold", "sitroom's demo corpus, 10 articles written for it"),
    ("PolNeAR dev", "polnear/dev", "polnear", "attribution relations vs quotes"),
    ("PLV_train", "zeroshot-plover/PLV_train.tsv", "plover-tsv", "Zero-Shot-PLOVER, 15 root classes"),
    ("AW_train", "zeroshot-plover/AW_train.tsv", "plover-tsv", "ACE/WikiEvents, conflict or not"),
    ("NewsQuant dev", "newsquant/NewsQuant.dev.json", "newsquant", "even-indexed half"),
    ("GWN dev", "geowebnews/GWN.dev.xml", "geowebnews", "first 100 articles"),
)


def rows_of(label: str, result: EvalResult) -> list[tuple[str, str, str]]:
    """Table rows (dataset, metric, value) for one result."""
    rows = []
    for layer, m in result.layers.items():
        if {"tp", "fp", "fn", "f1"} <= m.keys():
            rows.append((label, f"{layer} P / R / F1",
                         f"{m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f} "
                         f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"))
        else:
            floats = [(k, v) for k, v in m.items() if isinstance(v, float)]
            ints = ", ".join(f"{k} {v}" for k, v in m.items()
                             if isinstance(v, int) and not isinstance(v, bool))
            for i, (k, v) in enumerate(floats):
                rows.append((label, f"{layer} {k}", f"{v:.3f}" + (f" ({ints})" if ints and i == 0 else "")))
    return rows


def build_report(shared: Path, limit: int | None = None, pipeline=None) -> str:
    """Run every dataset present and return the Markdown report."""
    from .runner import evaluate_path
    from .runs import make_pipeline
    pl = pipeline
    table: list[tuple[str, str, str]] = []
    notes: list[str] = []
    for label, rel, fmt, remark in DATASETS:
        path = shared / rel
        if not path.exists():
            notes.append(f"{label}: not present at {path}; skipped")
            continue
        if pl is None:
            pl = make_pipeline()
        t0 = time.perf_counter()
        try:
            # NewsQuant and PLV build the pipelines they score with (the parse kept, the
            # relation classifier on), exactly as `sitroom eval` does; the spaCy model is
            # cached, so this costs no second load.
            own = fmt in ("newsquant", "plover-tsv")
            result = evaluate_path(path, fmt, None, limit, None if own else pl)
        except Exception as exc:  # one broken set must not hide the others
            table.append((label, "error", f"{type(exc).__name__}: {exc}"))
            continue
        secs = time.perf_counter() - t0
        table.append((label, "documents", f"{result.documents} ({secs:.1f} s)"))
        table.extend(rows_of(label, result))
        notes.append(f"{label} ({remark}): " + "; ".join(result.notes))
    lines = ["# sitroom evaluation", "",
             f"Generated {_dt.date.today().isoformat()}"
             + (f", first {limit} documents or rows of each set" if limit else "") + ".", "",
             "| dataset | metric | value |", "|---|---|---|"]
    lines += [f"| {d} | {m} | {v} |" for d, m, v in table]
    lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sitroom.evaluate.report", description=__doc__)
    ap.add_argument("--shared", required=True, help="the shared eval-data folder")
    ap.add_argument("--out", default="eval-report.md", help="Markdown file to write")
    ap.add_argument("--limit", type=int, default=None, help="first N documents or rows per set")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not shared.is_dir():
        print(f"error: {shared} is not a folder; pass --shared PATH/TO/eval-data", file=sys.stderr)
        return 2
    text = build_report(shared, args.limit)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
