"""Writers in separate processes: two at once both store everything; a killed ingest
leaves a sound database that the next ingest completes."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sitroom.store import SQLiteStore

TESTS = Path(__file__).resolve().parent
CITIES = ("Warsaw", "Vilnius", "Riga", "Minsk", "Tallinn", "Brussels", "Berlin", "Kyiv")

# A child process that ingests a folder with the light stand-in pipeline, one document a
# batch, pausing a little per document so that the parent can kill it mid-way.
CHILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from conftest import LightPipeline
    from sitroom import api

    class Slow(LightPipeline):
        def pipe(self, docs, batch_size=None):
            for doc in super().pipe(docs, batch_size):
                time.sleep({pause})
                yield doc

    res = api.ingest([sys.argv[1]], sys.argv[2], pipeline=Slow(), batch_size=1)
    print(res.summary())
    sys.exit(1 if res.failed else 0)
""")


def articles(folder: Path, n: int, tag: str) -> Path:
    folder.mkdir()
    for i in range(n):
        city = CITIES[i % len(CITIES)]
        (folder / f"{tag}-{i:03d}.txt").write_text(
            f"{city.upper()}, Nov {1 + i % 28} - Officials in {city} said on Monday that "
            f"convoy {tag}-{i} had reached the border crossing with {i + 3} trucks of aid. "
            f"The ministry said a further {2 * i + 5} trucks would follow.\n", encoding="utf-8")
    return folder


def child(folder: Path, db: Path, pause: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD.format(tests=str(TESTS), pause=pause),
                             str(folder), str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_two_ingests_into_one_new_database_both_store_everything(tmp_path):
    db = tmp_path / "two.db"
    a, b = articles(tmp_path / "a", 25, "a"), articles(tmp_path / "b", 25, "b")
    procs = [child(a, db, 0.0), child(b, db, 0.0)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert out.strip() == "25 read, 25 stored, 0 unchanged, 0 failed"
    assert count(db) == 50


def test_a_killed_ingest_leaves_a_sound_database_and_resumes(tmp_path):
    folder = articles(tmp_path / "in", 40, "k")
    db = tmp_path / "k.db"
    proc = child(folder, db, 0.05)
    deadline = time.monotonic() + 120
    while count(db) < 8 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    stored = count(db)
    assert 8 <= stored < 40
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
    proc = child(folder, db, 0.0)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert out.strip() == f"40 read, {40 - stored} stored, {stored} unchanged, 0 failed"
    with SQLiteStore(db, create=False) as store:
        counts = store.counts()
        paths = [d["path"] for d in store.document_meta()]
    assert counts["documents"] == 40 and len(set(paths)) == 40
    clean = tmp_path / "clean.db"
    proc = child(folder, clean, 0.0)
    proc.communicate(timeout=300)
    with SQLiteStore(clean, create=False) as store:
        assert store.counts() == counts
