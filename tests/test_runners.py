"""Worker processes and Dask: the same stored records as one process, failures as rows."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sitroom import api
from sitroom.demo import demo_paths
from sitroom.errors import SitroomError
from sitroom.ingest import read_paths
from sitroom.pipeline import Pipeline
from sitroom.resources import Resources
from sitroom.runners import make_runner
from sitroom.runners.local import LocalRunner

SKIP_TABLES = ("meta", "sqlite_sequence")


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table of a store, without the times of writing."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")
            if r[0] not in SKIP_TABLES]
        out = {}
        for t in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")
                    if not (r[1].endswith("_at") or r[1] == "at")]
            out[t] = conn.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY rowid").fetchall()
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """The demo corpus, one article again from another place (an exact copy), one
    republished under another headline (a near-duplicate), and a file that cannot be read."""
    root = tmp_path_factory.mktemp("corpus")
    paths = [str(p) for p in demo_paths()]
    (root / "elsewhere").mkdir()
    first = Path(paths[0])
    shutil.copy(first, root / "elsewhere" / first.name)
    lines = Path(paths[3]).read_text(encoding="utf-8").splitlines()
    (root / "reprint.txt").write_text("\n".join(["Reprinted: " + lines[0]] + lines[1:]) + "\n",
                                      encoding="utf-8")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    return paths + [str(root / "elsewhere" / first.name), str(root / "reprint.txt"),
                    str(root / "broken.pdf")]


@pytest.fixture(scope="module")
def plain_db(corpus, tmp_path_factory, pipeline) -> tuple[Path, api.IngestResult]:
    db = tmp_path_factory.mktemp("plain") / "plain.db"
    with api.open_store(db) as store:
        res = api.ingest_documents(store, read_paths(corpus), pipeline=pipeline)
    return db, res


def test_two_workers_store_the_same_records_as_one(corpus, plain_db, tmp_path):
    plain, plain_res = plain_db
    assert plain_res.copies == 2 and len(plain_res.failed) == 1
    db = tmp_path / "workers.db"
    ticks = []
    with api.open_store(db) as store, \
            LocalRunner(Pipeline(), workers=2, chunk_size=3, inline_upto=0,
                        recycle_after=3) as runner:   # the workers are renewed on the way
        res = api.ingest_documents(store, read_paths(corpus), runner=runner, progress=ticks.append)
        # Idempotent: a second run through the same workers stores nothing new.
        again = api.ingest_documents(store, read_paths(corpus[:-1]), runner=runner)
    assert runner.renewals >= 1
    assert (again.stored, again.unchanged, again.failed) == (0, len(corpus) - 1, [])
    assert res.summary() == plain_res.summary()
    assert sum(ticks) == len(corpus)
    assert res.ids == plain_res.ids
    want, got = dump(plain), dump(db)
    assert want.keys() == got.keys()
    for table in want:
        assert got[table] == want[table], table
    assert len(got["events"]) > 50 and len(got["copies"]) == 2


def _texts(tmp_path: Path, texts: dict[str, str]) -> list[str]:
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / n) for n in texts]


def test_a_failing_document_in_a_worker_is_a_failure_row(tmp_path):
    import worker_stages  # noqa: F401  (registers the stage)
    texts = {f"ok{i}.txt": f"Report {i}: the council met on Monday and talked for {i} hours.\n"
             for i in range(7)}
    texts["bad.txt"] = "This report is UNPARSEABLE by the stage that reads it.\n"
    texts["crash.txt"] = "This report says CRASH-THE-WORKER and its worker ends.\n"
    texts["later.txt"] = "A later report: the council met again on Friday.\n"
    paths = _texts(tmp_path, texts)
    with api.open_store(tmp_path / "s.db") as store, \
            LocalRunner(Pipeline(["clean", "refuse_marked"]), workers=2, chunk_size=2,
                        inline_upto=0) as runner:
        res = api.ingest_documents(store, read_paths(paths), runner=runner)
        failures = {Path(f["path"]).name: f["reason"] for f in store.failures()}
        stored = {Path(d["path"]).name for d in store.document_meta()}
    assert res.stored == 8 and len(res.failed) == 2
    assert stored == set(texts) - {"bad.txt", "crash.txt"}
    assert failures["bad.txt"].startswith("refuse_marked: ")
    assert "ValueError: cannot parse this text" in failures["bad.txt"]
    assert failures["crash.txt"].startswith("worker lost while processing it")


def test_a_model_that_cannot_load_stops_the_run_with_its_reason(tmp_path):
    texts = {f"r{i}.txt": f"Report {i} about the border.\n" for i in range(3)}
    paths = _texts(tmp_path, texts)
    pl = Pipeline(["clean", "annotate"], resources=Resources(model="no_such_spacy_model"))
    with api.open_store(tmp_path / "s.db") as store, LocalRunner(pl, workers=2, inline_upto=0) as runner, \
            pytest.raises(SitroomError, match="no_such_spacy_model"):
        api.ingest_documents(store, read_paths(paths), runner=runner)


def test_a_small_input_runs_in_this_process(light, tmp_path):
    paths = _texts(tmp_path, {"a.txt": "One short report.\n", "b.txt": "Another report.\n"})
    with api.open_store(tmp_path / "s.db") as store:
        res = api.ingest_documents(store, read_paths(paths), workers=2)
    assert res.stored == 2 and sorted(light.seen) == sorted(paths)


def test_workers_must_be_positive():
    with pytest.raises(SitroomError, match="--workers"):
        make_runner(Pipeline(), workers=0)


def test_dask_local_cluster_stores_the_same_records(corpus, plain_db, tmp_path):
    pytest.importorskip("distributed")
    from sitroom.runners.dask import DaskRunner
    plain, plain_res = plain_db
    db = tmp_path / "dask.db"
    with api.open_store(db) as store, DaskRunner(Pipeline(), "local", workers=2, chunk_size=3) as runner:
        res = api.ingest_documents(store, read_paths(corpus), runner=runner)
    assert res.summary() == plain_res.summary()
    want, got = dump(plain), dump(db)
    for table in want:
        assert got[table] == want[table], table


def test_cli_ingest_takes_workers(light, tmp_path):
    from click.testing import CliRunner

    from sitroom.cli import cli
    paths = _texts(tmp_path, {"a.txt": "One short report.\n", "b.txt": "Another report.\n"})
    db = str(tmp_path / "s.db")
    res = CliRunner().invoke(cli, ["ingest", *paths, "--db", db, "--workers", "2", "-q"])
    assert res.exit_code == 0, res.output
    assert res.output.strip().endswith("2 read, 2 stored, 0 unchanged, 0 failed")
    bad = CliRunner().invoke(cli, ["ingest", *paths, "--db", db, "--workers", "0"])
    assert bad.exit_code == 2 and "--workers" in bad.output
