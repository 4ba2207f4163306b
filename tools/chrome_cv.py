"""Chrome detection on realdev, cross-validated by file.

The bounds of chrome shapes (``sitroom.clean.chrome.Params``) are chosen on four folds
(highest boilerplate F1 whose keep precision is at least 0.99) and scored on the fifth;
folds are by file number (file i goes to fold i mod 5). Prints the per-fold table, the
pooled cross-validated scores, and the scores of the shipped defaults on all files.

    .venv/bin/python tools/chrome_cv.py [../shared/eval-data/realdev] [--lang en]
"""
from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import replace
from pathlib import Path

from sitroom.clean.chrome import DEFAULT, Params
from sitroom.clean.cleaner import clean
from sitroom.evaluate.score import score_boilerplate

GRID = {
    "label_words": (1, 2, 3),
    "name_words": (3, 5),
    "tag_words": (3, 4),
    "stamp_rest": (3, 4, 6),
    "similar": (65, 75, 85),
}


def _files(folder: Path, lang: str | None) -> list[tuple[int, str, dict, str]]:
    out = []
    for g in sorted(folder.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        if "boilerplate" not in gold and "keep" not in gold:
            continue
        if lang and gold.get("language", "en") != lang:
            continue
        text = g.with_name(g.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        out.append((int(g.name.split("_")[0]), g.name, gold, text))
    return out


def _counts(files, params: Params) -> tuple[int, int, int, int]:
    """(entries removed, entries surviving, keep lines kept, keep lines lost)."""
    tp = fn = kept = lost = 0
    for _, name, gold, text in files:
        sc = score_boilerplate(gold, text, clean(text, params=params).text, name)
        tp += sc.counts.tp
        fn += sc.counts.fn
        kept += sc.extra["keep_kept"]
        lost += sc.extra["keep_lost"]
    return tp, fn, kept, lost


def _scores(c) -> tuple[float, float, float]:
    tp, fn, kept, lost = c
    p = kept / (kept + lost) if kept + lost else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default="../shared/eval-data/realdev")
    ap.add_argument("--lang", default=None)
    args = ap.parse_args()
    files = _files(Path(args.folder), args.lang)
    combos = [replace(DEFAULT, **dict(zip(GRID, vals))) for vals in itertools.product(*GRID.values())]
    per_file = {f[1]: [_counts([f], c) for c in combos] for f in files}
    print(f"{'fold':<5} {'files':>5} {'keepP':>6} {'R':>6} {'F1':>6}  chosen")
    pooled = [0, 0, 0, 0]
    for fold in range(5):
        train = [f for f in files if f[0] % 5 != fold]
        test = [f for f in files if f[0] % 5 == fold]

        def total(fs, i):
            return tuple(sum(per_file[f[1]][i][k] for f in fs) for k in range(4))

        best = max(range(len(combos)), key=lambda i: (
            _scores(total(train, i))[0] >= 0.99, _scores(total(train, i))[2], combos[i] == DEFAULT))
        c = total(test, best)
        pooled = [a + b for a, b in zip(pooled, c)]
        p, r, f1 = _scores(c)
        chosen = {k: getattr(combos[best], k) for k in GRID}
        print(f"{fold:<5} {len(test):>5} {p:6.3f} {r:6.3f} {f1:6.3f}  {chosen}")
    p, r, f1 = _scores(pooled)
    print(f"{'CV':<5} {len(files):>5} {p:6.3f} {r:6.3f} {f1:6.3f}  (pooled over held-out folds; "
          f"removed {pooled[0]}, surviving {pooled[1]}, keep lost {pooled[3]})")
    p, r, f1 = _scores(_counts(files, DEFAULT))
    print(f"{'all':<5} {len(files):>5} {p:6.3f} {r:6.3f} {f1:6.3f}  shipped defaults on all files")


if __name__ == "__main__":
    main()
