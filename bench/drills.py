"""Hostile-input drills: how long and how much memory the worst inputs cost.

Each drill runs in its own process so that its peak memory is its own, and prints
seconds and peak resident memory (MB) against the targets:

* a 1 MB article (non-repeating news prose): under 30 s and under 1 GB; 250 kB and
  500 kB are timed too, to show the cost grows near-linearly;
* quote storms: 20,000 / 40,000 / 200,000 ``"`` characters, and 200,000 ``". "``
  (target: 200,000 quote characters under 10 s);
* cleaning a text with embedded posts of 0.5, 1, 2 and 4 MB (echo removal was quadratic);
* reading bounds: a 1 MB gzip bomb, a symlink to /dev/zero, a FIFO;
* a folder of every kind of bad file beside good ones through ``sitroom ingest``;
* two ingests into one new database at once, and an ingest killed (SIGKILL) several
  times mid-way, each time checked and resumed.

    .venv/bin/python bench/drills.py [--quick] [--only NAME ...]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITROOM = str(Path(sys.executable).with_name("sitroom"))


def article(size: int, seed: int = 1) -> str:
    """Non-repeating news prose of ``size`` characters built from the demo corpus's
    sentences in shuffled order, each paragraph numbered and its figures varied."""
    from sitroom.demo import demo_paths
    sents = [s for p in demo_paths() for s in re.split(r"(?<=[.!?])\s+", p.read_text("utf-8"))
             if len(s) > 30]
    rnd = random.Random(seed)
    paras, n = [], 0
    while n < size:
        body = " ".join(re.sub(r"\d", lambda m: str(rnd.randint(0, 9)), rnd.choice(sents))
                        for _ in range(rnd.randint(2, 5)))
        paras.append(f"In update {len(paras) + 1}, {body}")
        n += len(paras[-1]) + 2
    return "\n\n".join(paras)[:size]


def posts_text(size: int) -> str:
    """Article prose with an embedded post (text and signature) every few paragraphs."""
    base = article(size, seed=2).split("\n\n")
    out = []
    for i, p in enumerate(base):
        out.append(p)
        if i % 4 == 3:
            out.append(f"The border will stay closed until further notice, number {i}.\n"
                       f"— Ministry (@ministry{i % 50}) November {1 + i % 28}, 2021")
    return "\n\n".join(out)[:size]


# -- child side: one measurement per process -------------------------------------------
def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child(kind: str, n: int) -> dict:
    if kind == "clean":
        from sitroom.clean.cleaner import clean
        text = posts_text(n)
        t0, c0 = time.perf_counter(), _cpu()
        clean(text)
        return {"seconds": time.perf_counter() - t0, "cpu": _cpu() - c0, "peak_mb": _peak_mb()}
    from sitroom.pipeline import default_pipeline, process
    pl = default_pipeline()
    process("Warm-up text. Officials in Riga said so on Monday.", published="2021-11-14",
            pipeline=pl)
    text = {"article": lambda: article(n),
            "quotes": lambda: "The minister said " + '"' * n + " and left.",
            "dotquotes": lambda: "Officials said " + '". ' * n}[kind]()
    base = _peak_mb()
    t0, c0 = time.perf_counter(), _cpu()
    doc = process(text, published="2021-11-14", pipeline=pl)
    return {"seconds": time.perf_counter() - t0, "cpu": _cpu() - c0, "peak_mb": _peak_mb(),
            "base_mb": base,
            "quotes": len(doc.quotes), "events": len(doc.events)}


def measure(kind: str, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(n)],
                         capture_output=True, text=True)
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def row(label: str, res: dict, target: str = "") -> None:
    if "error" in res:
        print(f"  {label:<38} ERROR {res['error']}")
        return
    extra = "".join(f"  {k}={v}" for k, v in res.items() if k in ("quotes", "events"))
    cpu = f" ({res['cpu']:.1f} s CPU)" if "cpu" in res else ""
    print(f"  {label:<30} {res['seconds']:7.1f} s{cpu:<16} {res['peak_mb']:6.0f} MB peak{extra}"
          f"{'  (' + target + ')' if target else ''}", flush=True)


# -- drills ------------------------------------------------------------------------------
def drill_article(quick: bool) -> None:
    print("Long articles through the whole pipeline (process):")
    sizes = (100_000, 250_000) if quick else (250_000, 500_000, 1_000_000)
    prev = None
    for n in sizes:
        res = measure("article", n)
        target = "target < 30 s, < 1024 MB" if n == 1_000_000 else ""
        if prev and "error" not in res and "error" not in prev[1]:
            target += f"{'; ' if target else ''}x{res['cpu'] / prev[1]['cpu']:.1f} CPU time " \
                      f"for x{n / prev[0]:.0f} size"
        row(f"{n / 1e6:.2f} MB article", res, target)
        prev = (n, res)


def drill_quotes(quick: bool) -> None:
    print("Quote storms through the whole pipeline:")
    for kind, n in (("quotes", 20_000), ("quotes", 40_000), ("quotes", 200_000),
                    ("dotquotes", 20_000 if quick else 200_000)):
        what = '"' if kind == "quotes" else '". '
        row(f"{n:,} x {what!r}", measure(kind, n),
            "target < 10 s" if n == 200_000 else "")


def drill_clean(quick: bool) -> None:
    print("Cleaning text with embedded posts (echo removal):")
    sizes = (500_000, 1_000_000) if quick else (500_000, 1_000_000, 2_000_000, 4_000_000)
    for n in sizes:
        row(f"{n / 1e6:.1f} MB", measure("clean", n))


def _timed(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return time.perf_counter() - t0, res


# Runs a command and reports its peak memory alone (a parent's own children add up).
PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
        "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, "
        "file=sys.stderr); sys.exit(r.returncode)")


def _peak_of(stderr: str) -> tuple[str, int]:
    lines = stderr.strip().splitlines()
    peak = int(lines[-1].split()[1]) if lines and lines[-1].startswith("PEAK") else -1
    return "\n".join(ln for ln in lines if not ln.startswith("PEAK")), peak


def drill_reading(quick: bool) -> None:
    print("Reading bounds (sitroom ingest of one input):")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        bomb = tmp / "bomb.txt.gz"
        with gzip.open(bomb, "wb", compresslevel=9) as f:   # 1 GB of "a", written in steps
            block = b"a" * (1 << 20)
            for _ in range(1024):
                f.write(block)
        (tmp / "zero.txt").symlink_to("/dev/zero")
        os.mkfifo(tmp / "fifo.txt")
        for name in ("bomb.txt.gz", "zero.txt", "fifo.txt"):
            secs, res = _timed([sys.executable, "-c", PEAK, SITROOM, "ingest", str(tmp / name),
                                "--db", str(tmp / "r.db"), "-q"], timeout=300)
            err, peak = _peak_of(res.stderr)
            reason = err.splitlines()[0] if err else ""
            print(f"  {name:<14} ({(tmp / name).lstat().st_size / 1024:.0f} kB on disk): exit "
                  f"{res.returncode} in {secs:.1f} s, {peak} MB peak: "
                  f"{reason.split(': ', 1)[-1]}", flush=True)


def drill_folder(quick: bool) -> None:
    print("A folder of hostile inputs beside good ones (sitroom ingest):")
    sys.path.insert(0, str(REPO / "tests"))
    from test_hostile_inputs import hostile_folder
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "inbox"
        bad = hostile_folder(folder)
        secs, res = _timed([sys.executable, "-c", PEAK, SITROOM, "ingest", str(folder), "--db",
                            str(Path(tmp) / "h.db"), "-q"], timeout=900)
        err, peak = _peak_of(res.stderr)
        print(f"  exit {res.returncode} in {secs:.1f} s, {peak} MB peak: {res.stdout.strip()}; "
              f"{len(bad)} bad inputs expected; traceback: {'Traceback' in err}")
        for line in err.splitlines():
            print("   ", line[:150])


CHILD_INGEST = """
import sys, time
sys.path.insert(0, {tests!r})
from conftest import LightPipeline
from sitroom import api

class Slow(LightPipeline):
    def pipe(self, docs, batch_size=None):
        for doc in super().pipe(docs, batch_size):
            time.sleep({pause})
            yield doc

res = api.ingest([sys.argv[1]], sys.argv[2], pipeline=Slow(), batch_size=int(sys.argv[3]))
print(res.summary())
"""


def _ingest_child(folder: Path, db: Path, pause: float, batch: int) -> subprocess.Popen:
    code = CHILD_INGEST.format(tests=str(REPO / "tests"), pause=pause)
    return subprocess.Popen([sys.executable, "-c", code, str(folder), str(db), str(batch)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def drill_writers(quick: bool) -> None:
    sys.path.insert(0, str(REPO / "tests"))
    from test_writers import articles
    n = 100 if quick else 400
    kills = 3 if quick else 10
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        a, b = articles(tmp / "a", n, "a"), articles(tmp / "b", n, "b")
        db = tmp / "two.db"
        t0 = time.perf_counter()
        procs = [_ingest_child(a, db, 0.0, 5), _ingest_child(b, db, 0.0, 5)]
        outs = [p.communicate()[0].strip() for p in procs]
        print(f"Two ingests of {n} documents each into one new database: "
              f"{time.perf_counter() - t0:.1f} s; {outs}; stored {_count(db)} of {2 * n}")
        db = tmp / "kill.db"
        print(f"An ingest of {n} documents killed {kills} times (SIGKILL), checked, resumed:")
        for k in range(kills):
            proc = _ingest_child(a, db, 0.01, 3)
            goal = _count(db) + max(3, n // (kills + 2))
            while _count(db) < goal and proc.poll() is None:
                time.sleep(0.02)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            with sqlite3.connect(db) as conn:
                ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
                conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
            print(f"  kill {k + 1}: {_count(db)} stored, integrity {ok}, full-text index ok")
        proc = _ingest_child(a, db, 0.0, 5)
        out = proc.communicate()[0].strip()
        with sqlite3.connect(db) as conn:
            dup = conn.execute("SELECT count(*) - count(DISTINCT path) FROM documents").fetchone()[0]
        print(f"  resumed: {out}; {_count(db)} of {n} stored, {dup} duplicates")


DRILLS = {"article": drill_article, "quotes": drill_quotes, "clean": drill_clean,
          "reading": drill_reading, "folder": drill_folder, "writers": drill_writers}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a few minutes)")
    ap.add_argument("--only", nargs="+", choices=sorted(DRILLS), help="run only these drills")
    args = ap.parse_args()
    for name in args.only or DRILLS:
        DRILLS[name](args.quick)


if __name__ == "__main__":
    main()
