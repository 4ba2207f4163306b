"""The demo corpus ingested into SQLite and into PostgreSQL gives the same records, layer by
layer, the same documents, search hits and situation."""
from __future__ import annotations

import pytest

from sitroom import api
from sitroom.store import PostgresStore, SQLiteStore, schema

# Columns that record when a row was written, not what it says.
CLOCK = {"ingested_at", "at", "added_at"}


def _strip(rows):
    return [{k: v for k, v in r.items() if k not in CLOCK} for r in rows]


@pytest.fixture(scope="module")
def demo_paths():
    from sitroom.demo import demo_paths
    return [str(p) for p in demo_paths()]


@pytest.fixture
def both(tmp_path, pg_url, pipeline, demo_paths):
    from sitroom.ingest import read_paths
    lite = SQLiteStore(tmp_path / "demo.db").open()
    pg = PostgresStore(pg_url).open()
    results = [api.ingest_documents(s, read_paths(demo_paths), pipeline=pipeline)
               for s in (lite, pg)]
    yield lite, pg, results
    lite.close()
    pg.close()


def test_demo_corpus_gives_the_same_records_on_both_backends(both, demo_paths):
    lite, pg, (r_lite, r_pg) = both
    assert r_lite.stored == r_pg.stored == len(demo_paths) > 0
    assert (r_lite.failed, r_lite.unchanged, r_lite.ids) == (r_pg.failed, r_pg.unchanged, r_pg.ids)
    counts = lite.counts()
    assert counts == pg.counts()
    assert counts["events"] > 0 and counts["figures"] > 0 and counts["sentences"] > 0
    for layer in schema.ROW_LAYERS + ("documents", "failures"):
        a, b = _strip(lite.rows(layer)), _strip(pg.rows(layer))
        assert len(a) == len(b), layer
        for n, (ra, rb) in enumerate(zip(a, b)):
            assert ra == rb, (layer, n)
    for doc_id in r_lite.ids:
        assert lite.document(doc_id) == pg.document(doc_id)
        assert lite.rows("events", doc_id) == pg.rows("events", doc_id)
    assert _strip(lite.copies()) == _strip(pg.copies())
    from sitroom.situation.dedup import SCHEME
    signed = sorted(lite.signatures(SCHEME))
    assert len(signed) == counts["documents"] and signed == sorted(pg.signatures(SCHEME))
    assert list(lite.texts()) == list(pg.texts())


def test_demo_corpus_search_and_situation_agree(both):
    from sitroom.situation import build, views
    lite, pg, _ = both
    for query in ("sanctions", "border guards", "Belavia OR Lukashenko", '"water cannon"'):
        hits_lite = {(h["doc_id"], h["idx"]) for h in lite.search(query, limit=100)}
        hits_pg = {(h["doc_id"], h["idx"]) for h in pg.search(query, limit=100)}
        assert hits_lite == hits_pg and hits_lite, query
    s_lite, s_pg = build(lite), build(pg)
    assert views.timeline_rows(s_lite) == views.timeline_rows(s_pg)
    assert views.series_rows(s_lite) == views.series_rows(s_pg)
    assert views.network_dict(s_lite) == views.network_dict(s_pg)
    assert views.story_rows(s_lite) == views.story_rows(s_pg)
    from sitroom.export import event_table, layer_rows
    for table in ("gdelt", "acled"):
        rows, _ = event_table(lite, table)
        assert rows and rows == event_table(pg, table)[0], table
    assert _strip(layer_rows(lite, "actors")) == _strip(layer_rows(pg, "actors"))


def test_ingest_into_postgres_is_idempotent(both, pipeline, demo_paths):
    from sitroom.ingest import read_paths
    _, pg, (_, first) = both
    counts = pg.counts()
    again = api.ingest_documents(pg, read_paths(demo_paths), pipeline=pipeline)
    assert (again.stored, again.unchanged, again.failed) == (0, len(demo_paths), [])
    assert pg.counts() == counts and first.stored == counts["documents"]


def test_every_command_reads_postgres_as_sqlite(tmp_path, pg_url):
    """Each reading command prints the same from an SQLite file and a postgresql:// URL."""
    import json

    from click.testing import CliRunner

    from sitroom.cli import cli
    from sitroom.store import store_for
    from test_store import ARTICLE, sample_document
    docs = [sample_document(),
            sample_document(ARTICLE + " More follows.", source="Other Wire", path="wire-2.txt",
                            published="2022-03-04")]
    lite = str(tmp_path / "c.db")
    for db in (lite, pg_url):
        with store_for(db) as s:
            s.add(docs)
    out_dir = tmp_path / "out"
    commands = [["events"], ["quotes", "--csv"], ["figures", "--nl"], ["actors"], ["places"],
                ["dates"], ["figures", "--series", "--json"], ["timeline", "--json"],
                ["network", "--json"], ["network", "--graphml"], ["stories", "--json"],
                ["show", docs[0].id[:6]],
                ["export", "--format", "jsonl", "--layer", "events", "--layer", "figures"],
                ["export", "--format", "gdelt"], ["export", "--format", "acled"]]
    runner = CliRunner()
    for args in commands:
        a = runner.invoke(cli, args + ["--db", lite])
        b = runner.invoke(cli, args + ["--db", pg_url])
        assert a.exit_code == b.exit_code == 0, (args, a.output, b.output)
        assert a.stdout == b.stdout and a.stdout.strip(), args
    # Search ranks differ (BM25 in SQLite, ts_rank in PostgreSQL); the hits are the same.
    hits = [{(h["doc_id"], h["idx"], h["text"]) for h in json.loads(runner.invoke(
        cli, ["search", "sanctions OR migrants", "--db", db]).stdout)} for db in (lite, pg_url)]
    assert hits[0] == hits[1] and len(hits[0]) == 4
    docs_a = json.loads(runner.invoke(cli, ["documents", "--db", lite]).stdout)
    docs_b = json.loads(runner.invoke(cli, ["documents", "--db", pg_url]).stdout)
    assert _strip(docs_a) == _strip(docs_b) and len(docs_a) == 2
    res = runner.invoke(cli, ["export", "--format", "parquet", "--out", str(out_dir),
                              "--db", pg_url])
    assert res.exit_code == 0 and (out_dir / "events.parquet").exists()


def test_concurrent_postgres_writers_store_each_document_once(pg_url):
    """Two sessions ingesting the same documents at once: each is stored once, the rest
    counted as unchanged."""
    import threading

    from test_store import ARTICLE, sample_document
    docs = [sample_document(ARTICLE + f" Update {i}.", path=f"w{i}.txt") for i in range(12)]
    PostgresStore(pg_url).open().close()     # the schema exists before the race
    results = []

    def write(order):
        with PostgresStore(pg_url, timeout=30) as s:
            results.append(s.add(order, batch_size=3))

    threads = [threading.Thread(target=write, args=(docs,)),
               threading.Thread(target=write, args=(docs[::-1],))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.stored for r in results) == 12 and sum(r.unchanged for r in results) == 12
    assert not any(r.failed for r in results)
    with PostgresStore(pg_url) as s:
        assert s.counts()["documents"] == 12
        assert s.counts()["events"] == 24
        assert all(s.document(d.id) == d for d in docs)


def test_demo_into_postgres_keeps_what_is_stored(light, pg_url, tmp_path):
    from click.testing import CliRunner

    from sitroom.cli import cli
    from sitroom.demo import demo_paths
    n = len(demo_paths())
    args = ["demo", "--db", pg_url, "--html", str(tmp_path / "d.html"), "--md",
            str(tmp_path / "d.md"), "-q"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[0] == f"{n} read, {n} stored, 0 unchanged, 0 failed"
    assert first.stdout.splitlines()[-1] == f"wrote {pg_url}, {tmp_path / 'd.html'}, {tmp_path / 'd.md'}"
    again = CliRunner().invoke(cli, args)
    assert again.stdout.splitlines()[0] == f"{n} read, 0 stored, {n} unchanged, 0 failed"
    with PostgresStore(pg_url) as s:
        assert s.counts()["documents"] == n
