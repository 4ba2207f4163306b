"""The whole path a user takes: ingest the sample article, then query each layer as JSON."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sitroom.cli import cli


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, shared):
    seeds = sorted((shared / "seed").glob("*.txt"))
    if not seeds:
        pytest.skip("seed article not present")
    db = tmp_path_factory.mktemp("e2e") / "seed.db"
    res = CliRunner().invoke(cli, ["ingest", *map(str, seeds), "--db", str(db), "--quiet"])
    assert res.exit_code == 0, res.output
    return db


def rows(db, layer):
    res = CliRunner().invoke(cli, [layer, "--json", "--db", str(db)])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def has_name(names, surname):
    return any(surname.lower() in n.lower() for n in names)


def test_seed_events(seed_db):
    ev = rows(seed_db, "events")
    consult = [e for e in ev if e["type"] == "CONSULT" and has_name(e["source_names"], "Borrell")
               and has_name(e["target_names"], "Makei")]
    assert consult and consult[0]["date"] == "2021-11-14" and consult[0]["mode"] == "phone"
    assert any(e["type"] == "COERCE" and has_name(e["source_names"], "Poland")
               and "arrest" in e["evidence"] for e in ev)
    assert any(e["type"] == "SANCTION" and e["status"] == "planned" for e in ev)
    for e in ev:   # evidence: every event carries its document and sentence
        assert e["doc_id"] and e["evidence"] and e["sentence_start"] < e["sentence_end"]


def test_seed_figures(seed_db):
    fig = rows(seed_db, "figures")
    dead = [f for f in fig if f["category"] == "dead"]
    assert dead and dead[0]["low"] == 10 and dead[0]["qualifier"] == "at_least"
    assert "humanitarian" in (dead[0]["claimed_by_name"] or "").lower()
    cross = [f for f in fig if f["category"] == "crossings" and f["value"] == 50]
    assert cross and cross[0]["date"] == "2021-11-13" and cross[0]["place"] == "Starzyna"


def test_seed_quotes(seed_db):
    q = rows(seed_db, "quotes")
    weapons = [x for x in q if "used as weapons" in x["text"]]
    assert weapons and all("Borrell" in (x["speaker_name"] or "") for x in weapons)


def test_seed_clean_text_has_no_boilerplate(seed_db, shared):
    from sitroom.store.sqlite import SQLiteStore
    gold = json.loads(next((shared / "eval-data" / "gold").glob("*.gold.json")).read_text())
    with SQLiteStore(str(seed_db)) as store:
        [doc] = list(store.documents())
        clean = doc.clean_text
    for junk in gold["boilerplate"]:
        assert junk not in clean


def test_reingest_leaves_counts_unchanged(seed_db, shared):
    before = {k: len(rows(seed_db, k)) for k in ("events", "quotes", "figures", "actors")}
    seeds = sorted((shared / "seed").glob("*.txt"))
    res = CliRunner().invoke(cli, ["ingest", *map(str, seeds), "--db", str(seed_db), "--quiet"])
    assert res.exit_code == 0 and "1 unchanged" in res.output
    after = {k: len(rows(seed_db, k)) for k in before}
    assert before == after
