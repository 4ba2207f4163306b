"""Throughput of the whole pipeline against spaCy alone (same model, same texts).

Repeats the demo corpus to at least ``--n`` articles, runs ``nlp.pipe`` alone and then
the full sitroom pipeline (clean, annotate, all extractors; no store), and prints
articles per second for both and their ratio. Target: ratio >= 0.60. spaCy alone is
also timed on the cleaned texts, the stricter baseline, since cleaning shortens them.

    .venv/bin/python bench/throughput.py [--n 1000] [--batch-size 32]
"""
from __future__ import annotations

import argparse
import itertools
import time

from sitroom.demo import demo_paths
from sitroom.pipeline import Pipeline
from sitroom.records import Document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in demo_paths()]
    if not texts:
        raise SystemExit("no demo corpus found")
    corpus = list(itertools.islice(itertools.cycle(texts), max(args.n, len(texts))))
    words = sum(len(t.split()) for t in corpus)

    pipeline = Pipeline(batch_size=args.batch_size).initialize()
    nlp = pipeline.resources.nlp
    # Warm up both paths (lazy tables, first-call caches) outside the timings.
    for _ in nlp.pipe(texts[:4]):
        pass
    list(pipeline.pipe(Document.from_text(t, published="2021-11-20") for t in texts[:4]))

    t0 = time.perf_counter()
    for _ in nlp.pipe(corpus, batch_size=args.batch_size):
        pass
    spacy_s = time.perf_counter() - t0

    # spaCy alone on the cleaned texts too: cleaning shortens articles, so this is the
    # stricter baseline for the cost of the extractors.
    cleaner = Pipeline(["clean"])
    cleaned = [d.clean_text for d in cleaner.pipe(Document.from_text(t) for t in texts)]
    clean_corpus = list(itertools.islice(itertools.cycle(cleaned), len(corpus)))
    t0 = time.perf_counter()
    for _ in nlp.pipe(clean_corpus, batch_size=args.batch_size):
        pass
    spacy_clean_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    failed = 0
    for doc in pipeline.pipe(Document.from_text(t, published="2021-11-20") for t in corpus):
        failed += doc.error is not None
    full_s = time.perf_counter() - t0

    n = len(corpus)
    spacy_rate, full_rate = n / spacy_s, n / full_s
    spacy_clean_rate = n / spacy_clean_s
    print(f"articles: {n} ({words / n:.0f} words each on average), batch size {args.batch_size}")
    print(f"spaCy alone ({nlp.meta['name']} {nlp.meta['version']}): {spacy_rate:8.1f} articles/s")
    print(f"spaCy alone on the cleaned texts:   {spacy_clean_rate:8.1f} articles/s")
    print(f"full pipeline:                      {full_rate:8.1f} articles/s  ({failed} failed)")
    print(f"ratio full/spaCy: {full_rate / spacy_rate:.2f}  (target >= 0.60)")
    print(f"ratio full/spaCy on cleaned texts: {full_rate / spacy_clean_rate:.2f}")


if __name__ == "__main__":
    main()
