"""Merge cost: cluster synthetic event mentions at 10k, 30k and 100k and print the times.

The synthetic stream models a news feed: happenings occur at a steady rate over time,
each reported 1-6 times within days of it (some reports undated, some announcing it in
advance as planned, some naming the actor's country instead of the actor, some leaving
out the target). A larger corpus is a longer stream, so the number of mentions per
week and actor stays the same, as in a growing archive. The first N mentions in
publication order are merged; the time ratio 100k/10k should stay under 15 (linear
would be 10). Pairwise precision and recall against the true happenings are printed too.

    python bench/merge.py [--n 100000] [--sizes 10000,30000,100000] [--seed 0]
"""
from __future__ import annotations

import argparse
import datetime as _dt
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sitroom.knowledge.plover import MODES, TYPE_SCORES   # noqa: E402
from sitroom.situation.merge import ActorInfo, Item, Merger, PlaceRef   # noqa: E402

START = _dt.date(2020, 1, 1)
HAPPENINGS_PER_DAY = 120


def synthesize(n: int, seed: int = 0, per_day: int = HAPPENINGS_PER_DAY):
    """``n`` mentions, their true happening ids, and the actors' info."""
    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(60)]
    info: dict[str, ActorInfo] = {}
    country_actor = {}
    for c in countries:
        gid = f"country:{c}"
        info[gid] = ActorInfo("country", c)
        country_actor[c] = gid
    pool = []
    for i in range(3000):
        kind = rng.choices(["person", "organization", "group"], [0.45, 0.4, 0.15])[0]
        country = rng.choice(countries) if kind != "group" or rng.random() < 0.5 else None
        gid = f"a{i}"
        info[gid] = ActorInfo(kind, country, kind == "person",
                              rng.choice(["GOV", "MIL", "POL", "NGO", None]))
        pool.append(gid)
    places = [PlaceRef(f"place{i}", rng.uniform(-60, 60), rng.uniform(-170, 170),
                       rng.choice(countries), "city") for i in range(800)]
    types = list(TYPE_SCORES)
    items, truth = [], []
    h = 0
    while len(items) < n:
        day = START + _dt.timedelta(days=h // per_day)
        etype = rng.choice(types)
        mode = rng.choice(sorted(MODES[etype])) if etype in MODES and rng.random() < 0.5 else None
        src, tgt = rng.choice(pool), rng.choice(pool)
        place = rng.choice(places) if rng.random() < 0.4 else None
        for j in range(rng.choice([1, 1, 2, 2, 3, 4, 6])):
            planned = rng.random() < 0.1
            pub = day - _dt.timedelta(days=rng.randint(1, 5)) if planned else \
                day + _dt.timedelta(days=rng.randint(0, 3))
            r = rng.random()
            date = day.isoformat() if r < 0.6 else day.isoformat()[:7] if r < 0.7 else None
            s = src
            if rng.random() < 0.2 and info[src].country:
                s = country_actor[info[src].country]
            t = frozenset() if rng.random() < 0.15 else frozenset({tgt})
            items.append(Item(doc_id=f"d{h}-{j}", published=pub, type=etype,
                              status="planned" if planned else "occurred", date=date,
                              source=frozenset({s}), target=t,
                              mode=mode if rng.random() < 0.8 else None,
                              place=place if rng.random() < 0.7 else None))
            truth.append(h)
        h += 1
    order = sorted(range(len(items)), key=lambda i: (items[i].published, i))
    return [items[i] for i in order[:n]], [truth[i] for i in order[:n]], info


def pairwise(clusters: list[list[int]], truth: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall, counted through the contingency table."""
    def pairs(counts) -> int:
        return sum(c * (c - 1) // 2 for c in counts)
    cell = Counter()
    for ci, members in enumerate(clusters):
        for m in members:
            cell[(ci, truth[m])] += 1
    both = pairs(cell.values())
    pred = pairs(len(m) for m in clusters)
    gold = pairs(Counter(truth).values())
    return (both / pred if pred else 1.0), (both / gold if gold else 1.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    items, truth, info = synthesize(max(args.n, *sizes), args.seed)
    times = {}
    for size in sizes:
        merger = Merger(items[:size], info)
        t0, c0 = time.perf_counter(), time.process_time()
        clusters = merger.run()
        wall = time.perf_counter() - t0
        # CPU time: on a shared machine wall time also counts the other processes' turns.
        times[size] = time.process_time() - c0
        p, r = pairwise(clusters, truth[:size])
        print(f"{size:>7} mentions: {times[size]:6.2f} s CPU ({wall:.2f} s wall), "
              f"{merger.comparisons / size:.1f} "
              f"comparisons per mention, {len(clusters)} merged events "
              f"({len(set(truth[:size]))} true), pairwise precision {p:.3f} recall {r:.3f}")
    lo, hi = min(sizes), max(sizes)
    ratio = times[hi] / times[lo]
    print(f"time ratio {hi // 1000}k/{lo // 1000}k: {ratio:.1f} (size ratio {hi / lo:g}; "
          f"target < 15)")
    return 0 if ratio < 1.5 * hi / lo else 1


if __name__ == "__main__":
    sys.exit(main())
