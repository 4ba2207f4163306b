"""Rebuild the shipped relation classifier from a Zero-Shot-PLOVER PLV training file.

    python tools/train_eventclf.py --data ../shared/eval-data/zeroshot-plover/PLV_train.tsv

Fits a multinomial logistic regression (scikit-learn, needed here only) on the rows
outside the fixed held-out fifth (:func:`sitroom.extract.events.classifier.heldout`), reports
accuracy and macro-F1 on that fifth, and writes ``data/models/eventclf.npz``. With
``--embed`` a second model adds sentence embeddings (the ``embed`` extra) and is
written as ``eventclf-embed.npz``. ``--folds 5`` also reports cross-validation over
the training part; ``--all`` trains on every row (then the held-out score means nothing).
"""
from __future__ import annotations

import argparse
import sys
import time
import zlib

import numpy as np

from sitroom.extract.events.classifier import (EMBED_MODEL_FILE, MODEL_FILE, Embedder,
                                               LinearModel, _party, heldout, relation_features,
                                               relation_texts)
from sitroom.resources import MODELS, data_path, load_model

_MIN_COUNT = 2     # a feature seen in fewer training rows is dropped (smaller model, less noise)


def _rows(path: str):
    from sitroom.evaluate.plover_tsv import read_tsv
    kind, rows = read_tsv(path)
    if kind != "PLV":
        raise SystemExit(f"{path}: not a PLV file (need a gold_root column)")
    return rows


def featurize(rows, nlp) -> tuple[list[dict], list[tuple[str, str]]]:
    feats, texts = [], []
    for r, doc in zip(rows, nlp.pipe([r.sentence for r in rows], batch_size=64)):
        src, tgt = _party(doc, r.sentence, r.source), _party(doc, r.sentence, r.target)
        feats.append(relation_features(doc[:], src, tgt))
        spans = [None if x is None else (x.start_char, x.end_char) for x in (src, tgt)]
        texts.append(relation_texts(r.sentence, *spans))
    return feats, texts


def fit(feats: list[dict], y: list[str], dense: np.ndarray | None, c: float,
        dense_scale: float) -> LinearModel:
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    counts: dict[str, int] = {}
    for f in feats:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    kept = [{k: v for k, v in f.items() if counts[k] >= _MIN_COUNT} for f in feats]
    dv = DictVectorizer()
    x = dv.fit_transform(kept)
    if dense is not None:
        x = hstack([x, csr_matrix(dense * dense_scale)]).tocsr()
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(x, y)
    n = len(dv.feature_names_)
    w = clf.coef_.T
    return LinearModel(tuple(clf.classes_), {k: j for j, k in enumerate(dv.feature_names_)},
                       w[:n], clf.intercept_, w[n:] if dense is not None else None, dense_scale)


def predict(lm: LinearModel, feats: list[dict], dense: np.ndarray | None) -> list[str]:
    out = []
    for i, f in enumerate(feats):
        vec = dense[i] if dense is not None else None
        out.append(lm.labels[int(lm.scores(f, vec).argmax())])
    return out


def report(name: str, gold: list[str], pred: list[str]) -> str:
    from sitroom.evaluate.plover_tsv import ROOT_LABELS, macro_f1
    acc = sum(g == p for g, p in zip(gold, pred)) / max(len(gold), 1)
    return f"{name}: n={len(gold)} accuracy={acc:.3f} macro-F1={macro_f1(gold, pred, ROOT_LABELS):.3f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="PLV_train.tsv (Zero-Shot-PLOVER)")
    ap.add_argument("--out", default=None, help="model file (default: the shipped one)")
    ap.add_argument("--embed", action="store_true", help="also train the embedding model")
    ap.add_argument("--c", type=float, default=10.0, help="inverse regularisation strength")
    ap.add_argument("--dense-scale", type=float, default=3.0)
    ap.add_argument("--folds", type=int, default=0, help="cross-validate on the training part")
    ap.add_argument("--all", action="store_true", help="train on the held-out fifth too")
    ap.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    a = ap.parse_args(argv)
    t0 = time.time()
    rows = _rows(a.data)
    nlp = load_model(MODELS["en"])
    feats, texts = featurize(rows, nlp)
    y = [r.gold_root or "" for r in rows]
    dense = Embedder()(texts) if a.embed else None
    test = np.array([heldout(r.sentence) for r in rows])
    train = np.ones(len(rows), bool) if a.all else ~test
    idx_tr, idx_te = np.flatnonzero(train), np.flatnonzero(test)
    sub = lambda xs, ix: [xs[i] for i in ix]  # noqa: E731
    if a.folds:
        fold = np.array([zlib.crc32(r.sentence.encode("utf-8")) % a.folds for r in rows])
        gold, pred = [], []
        for k in range(a.folds):
            tr, te = idx_tr[fold[idx_tr] != k], idx_tr[fold[idx_tr] == k]
            m = fit(sub(feats, tr), sub(y, tr), None if dense is None else dense[tr], a.c, a.dense_scale)
            gold += sub(y, te)
            pred += predict(m, sub(feats, te), None if dense is None else dense[te])
        print(report(f"{a.folds}-fold cross-validation on the training part", gold, pred))
    lm = fit(sub(feats, idx_tr), sub(y, idx_tr), None if dense is None else dense[idx_tr],
             a.c, a.dense_scale)
    print(report("held-out fifth" + (" (seen in training: --all)" if a.all else ""),
                 sub(y, idx_te), predict(lm, sub(feats, idx_te),
                                         None if dense is None else dense[idx_te])))
    if not a.dry_run:
        name = EMBED_MODEL_FILE if a.embed else MODEL_FILE[1]
        out = a.out or str(data_path(MODEL_FILE[0], name))
        data_path(MODEL_FILE[0]).mkdir(parents=True, exist_ok=True)
        lm.save(out)
        print(f"wrote {out} ({len(lm.index)} features, {len(lm.labels)} labels)")
    print(f"{time.time() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
