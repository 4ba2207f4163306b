"""Throughput of the whole pipeline against spaCy alone, or with 1, 2, ... workers.

Repeats the demo corpus to at least ``--n`` articles, runs ``nlp.pipe`` alone and then
the full sitroom pipeline (clean, annotate, all extractors; no store), and prints
articles per second for both and their ratio. Target: ratio >= 0.75. spaCy alone is
also timed on the cleaned texts, the stricter baseline, since cleaning shortens them.

With ``--workers 1,2`` it instead ingests ``--n`` distinct synthetic reports (see
bench/synth.py) into a fresh SQLite store once per worker count (1: in this process;
N > 1: N worker processes, this process reading, deduplicating and storing) and prints
reports per second for each and the ratio to 1 worker (target for 2 workers on 2
cores: >= 1.7). The workers load their models before the clock starts; ``--repeat``
runs each count several times, alternating, and keeps the best.

    .venv/bin/python bench/throughput.py [--n 1000] [--batch-size 32]
    .venv/bin/python bench/throughput.py --workers 1,2 [--n 400] [--repeat 2]
"""
from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

from sitroom.demo import demo_paths
from sitroom.pipeline import Pipeline
from sitroom.records import Document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--workers", help="compare worker counts, e.g. 1,2")
    ap.add_argument("--repeat", type=int, default=1, help="runs per worker count (best kept)")
    args = ap.parse_args()
    if args.workers:
        compare_workers([int(w) for w in args.workers.split(",")], args.n, args.repeat)
        return

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
    print(f"ratio full/spaCy: {full_rate / spacy_rate:.2f}  (target >= 0.75)")
    print(f"ratio full/spaCy on cleaned texts: {full_rate / spacy_clean_rate:.2f}")


def ingest_rate(workers: int, n: int) -> tuple[float, float]:
    """Reports per second ingesting ``n`` synthetic reports with ``workers`` processes, and
    the CPU seconds per report of this process and its workers together."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import synth
    from proctree import cpu_between, tree_cpu

    from sitroom import api
    from sitroom.runners.local import LocalRunner
    pipeline = Pipeline()
    if workers == 1:
        pipeline.initialize()
        runner = None
    else:
        runner = LocalRunner(pipeline, workers=workers).warm()
    with tempfile.TemporaryDirectory(prefix="sitroom-throughput-") as tmp:
        docs = list(synth.reports(n))
        with api.open_store(Path(tmp) / "t.db") as store:
            t0, c0 = time.perf_counter(), tree_cpu(os.getpid())
            res = api.ingest_documents(store, docs, pipeline=pipeline, runner=runner)
            wall = time.perf_counter() - t0
            used = cpu_between(c0, tree_cpu(os.getpid()))   # before the workers end
            if runner is not None:
                runner.close()
    if res.stored != n:
        raise SystemExit(f"{workers} workers: {res.summary()}")
    return n / wall, used / n


def compare_workers(counts: list[int], n: int, repeat: int) -> None:
    one, five, _ = os.getloadavg()
    print(f"{n} synthetic reports per run; {os.cpu_count()} cores, load average {one:.1f} "
          f"(5 min {five:.1f}) before the runs")
    best: dict[int, float] = {}
    cost: dict[int, float] = {}
    for r in range(repeat):
        for w in counts:
            rate, per = ingest_rate(w, n)
            best[w] = max(best.get(w, 0.0), rate)
            cost[w] = min(cost.get(w, float("inf")), per)
            print(f"  run {r + 1}, {w} worker{'s' * (w > 1)}: {rate:6.1f} reports/s, "
                  f"{per * 1000:5.0f} ms CPU per report (load average "
                  f"{os.getloadavg()[0]:.1f})", flush=True)
    base = best.get(1)
    for w in counts:
        ratio = f", {best[w] / base:.2f}x 1 worker" if base and w != 1 else ""
        print(f"{w} worker{'s' * (w > 1)}: {best[w]:6.1f} reports/s{ratio}, "
              f"{cost[w] * 1000:.0f} ms CPU per report (all processes)")
    if base and 2 in best:
        print(f"ratio 2 workers / 1 worker: {best[2] / base:.2f}  (target >= 1.7 on 2 cores)")
        # The wall-clock ratio needs two free cores; the CPU each report costs does not
        # depend on what else the machine runs.
        print(f"CPU cost 2 workers / 1 worker: {cost[2] / cost[1]:.2f}; on two free cores "
              f"2 workers could reach at most {2 * cost[1] / cost[2]:.2f}x")


if __name__ == "__main__":
    main()
