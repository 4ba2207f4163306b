"""Streaming at scale: ingest 100,000 synthetic reports with worker processes into SQLite.

Generates the reports lazily (bench/synth.py: demo-corpus paragraphs recombined, people
renamed, numbers and dates varied), ingests them with ``--workers`` processes into a
fresh SQLite store, and prints the throughput and the peak memory (resident set of the
whole process tree: this process and its workers) at 10%, 50% and 100% of the corpus
(10k, 50k and 100k by default). Memory must stay flat: peak at 100k <= 1.3 x peak at
10k. Then it builds the situation (merged events, figure series, stories) from the
store and prints its time. ``--docs N`` for a shorter run.

    .venv/bin/python bench/scale.py [--docs 100000] [--workers 2] [--db FILE]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import synth   # noqa: E402
from proctree import rss, tree_rss   # noqa: E402

from sitroom import api   # noqa: E402
from sitroom.pipeline import Pipeline   # noqa: E402
from sitroom.runners.local import RECYCLE_AFTER, LocalRunner   # noqa: E402

MB = 1024 * 1024


class PeakMemory(threading.Thread):
    """Samples the process tree's resident set and keeps the highest value seen."""

    def __init__(self, interval: float = 0.25):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak = 0
        self._stop_flag = threading.Event()

    def run(self) -> None:
        while not self._stop_flag.is_set():
            self.sample()
            self._stop_flag.wait(self.interval)

    def sample(self) -> int:
        now = tree_rss(os.getpid())
        self.peak = max(self.peak, now)
        return now

    def stop(self) -> None:
        self._stop_flag.set()
        self.join()


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000, help="reports to ingest (100000)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--db", help="SQLite file (default: a temporary one, removed after)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--recycle-after", type=int, default=RECYCLE_AFTER,
                    help=f"documents per worker before it is renewed (default {RECYCLE_AFTER})")
    args = ap.parse_args(argv)
    n = args.docs
    marks = sorted({max(1, n // 10), max(1, n // 2), n})

    tmp = None
    if args.db:
        db = Path(args.db)
        if db.exists():
            raise SystemExit(f"{db} exists; give a new file")
    else:
        tmp = tempfile.TemporaryDirectory(prefix="sitroom-scale-")
        db = Path(tmp.name) / "scale.db"
    print(f"{n} synthetic reports, {args.workers} workers (renewed after "
          f"{args.recycle_after} reports each), store {db}; {_load()}")

    mem = PeakMemory()
    mem.start()
    t0 = time.perf_counter()
    runner = LocalRunner(Pipeline(), workers=args.workers,
                         recycle_after=args.recycle_after).warm()
    print(f"workers ready in {time.perf_counter() - t0:.1f} s, "
          f"{mem.sample() / MB:.0f} MB resident in all")

    rows = []
    state = {"done": 0, "next": 0, "t": time.perf_counter(), "last_n": 0}
    start = state["t"]

    def tick(k: int) -> None:
        state["done"] += k
        while state["next"] < len(marks) and state["done"] >= marks[state["next"]]:
            now = time.perf_counter()
            done = state["done"]
            seg = (done - state["last_n"]) / max(now - state["t"], 1e-9)
            mem.sample()
            rows.append((done, now - start, done / (now - start), seg, mem.peak))
            main_mb = rss(os.getpid()) / MB
            print(f"{done:>8} reports: {now - start:8.1f} s, {done / (now - start):6.1f} reports/s "
                  f"overall, {seg:6.1f} reports/s since the last mark, peak memory "
                  f"{mem.peak / MB:6.0f} MB (now: this process {main_mb:.0f} MB, workers "
                  f"{(tree_rss(os.getpid()) / MB - main_mb):.0f} MB); {_load()}", flush=True)
            state.update(t=now, last_n=done, next=state["next"] + 1)

    with api.open_store(db) as store, runner:
        res = api.ingest_documents(store, synth.reports(n, seed=args.seed), runner=runner,
                                   progress=tick)
    print(f"ingest: {res.summary()}")
    mem.stop()
    first, last = rows[0][4], rows[-1][4]
    ratio = last / first
    print(f"peak memory at {rows[-1][0]} / at {rows[0][0]} reports: {ratio:.2f} (target <= 1.3)")

    mem = PeakMemory()
    mem.start()
    t0, c0 = time.perf_counter(), time.process_time()
    with api.open_store(db, create=False) as store:
        from sitroom.situation import build
        sit = build(store)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    mem.stop()
    print(f"situation: {len(sit.events)} merged events, {len(sit.series)} figure series, "
          f"{len(sit.stories)} stories in {wall:.1f} s ({cpu:.1f} s CPU), peak memory "
          f"{mem.peak / MB:.0f} MB")
    if tmp is not None:
        tmp.cleanup()
    return 0 if ratio <= 1.3 and not res.failed else 1


if __name__ == "__main__":
    sys.exit(main())
