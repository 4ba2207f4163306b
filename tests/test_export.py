"""Exports: every layer as JSON lines, CSV and Parquet, and the GDELT-like and ACLED-like
event tables, read back with pyarrow and csv from the demo corpus; spreadsheet-safe CSV."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from sitroom import api
from sitroom.cli import cli
from sitroom.csvsafe import safe_cell, write_csv
from sitroom.export import FORMATS, LAYER_COLUMNS, LAYERS, export, layer_rows
from sitroom.export import acled, gdelt
from sitroom.records import Document
from sitroom.store import SQLiteStore

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, pipeline):
    from sitroom.demo import demo_paths
    from sitroom.ingest import read_paths
    db = tmp_path_factory.mktemp("export") / "demo.db"
    with SQLiteStore(db) as store:
        res = api.ingest_documents(store, read_paths([str(p) for p in demo_paths()]),
                                   pipeline=pipeline)
    assert res.stored >= 10 and not res.failed
    return db


@pytest.fixture(scope="module")
def demo_store(demo_db):
    with SQLiteStore(demo_db) as store:
        yield store


@pytest.fixture(scope="module")
def situation(demo_store):
    from sitroom.situation import build
    return build(demo_store)


# -- spreadsheet-safe CSV -----------------------------------------------------------------
@pytest.mark.parametrize("text", ["=SUM(A1:A3)", "+31 20 555", "-2+3", "@cmd", "\tindent",
                                  "\rreturn"])
def test_safe_cell_neutralises_formula_starts(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Warsaw", "", "a=b", "'quoted", 3, -4.5, None, True, ["=x"]])
def test_safe_cell_leaves_other_values(value):
    assert safe_cell(value) == value


def test_write_csv_rows_and_paths(tmp_path):
    buf = io.StringIO()
    write_csv([{"name": "=HYPERLINK(\"http://x\")", "n": -3}, {"name": "Minsk", "n": None}],
              ["name", "n"], buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows == [{"name": "'=HYPERLINK(\"http://x\")", "n": "-3"}, {"name": "Minsk", "n": ""}]
    path = tmp_path / "t.csv"
    write_csv([("@home", 1)], ["who", "n"], path)
    assert list(csv.reader(path.open(encoding="utf-8"))) == [["who", "n"], ["'@home", "1"]]


def test_layer_csv_neutralises_cells(tmp_path):
    doc = Document.from_text("Talks resumed in Ankara on Monday.", title="=cmd|' /C calc'!A0",
                             source="+Wire", path="odd.txt")
    doc.clean_text = doc.text
    with SQLiteStore(tmp_path / "odd.db") as store:
        store.add([doc])
        export(store, "csv", ["documents"], tmp_path / "docs.csv")
    row = next(csv.DictReader((tmp_path / "docs.csv").open(encoding="utf-8")))
    assert row["title"] == "'=cmd|' /C calc'!A0" and row["source"] == "'+Wire"


# -- layers ---------------------------------------------------------------------------------
def test_declared_columns_are_the_store_columns(demo_store):
    for layer in LAYERS:
        rows = layer_rows(demo_store, layer)
        for r in rows[:3]:
            assert list(r) == list(LAYER_COLUMNS[layer]), layer


def test_parquet_of_every_layer_has_types_and_rows(demo_store, tmp_path):
    counts = export(demo_store, "parquet", out=tmp_path / "pq")
    stored = demo_store.counts()
    assert set(counts) == set(LAYERS)
    for layer in ("events", "quotes", "figures", "actors", "places", "dates", "sentences"):
        assert counts[layer] == stored[layer] > 0
    tables = {layer: pq.read_table(tmp_path / "pq" / f"{layer}.parquet") for layer in LAYERS}
    for layer, table in tables.items():
        assert table.column_names == list(LAYER_COLUMNS[layer])
        assert table.num_rows == counts[layer]
    ev = tables["events"]
    assert ev.schema.field("start").type == pa.int64()
    assert ev.schema.field("confidence").type == pa.float64()
    assert ev.schema.field("source_names").type == pa.list_(pa.string())
    assert tables["places"].schema.field("resolved").type == pa.bool_()
    assert tables["places"].schema.field("lat").type == pa.float64()
    assert tables["actors"].schema.field("spans").type == pa.list_(pa.list_(pa.int64()))
    assert tables["figures"].schema.field("value").type == pa.float64()
    assert tables["dates"].schema.field("value").type == pa.string()
    # Values are the store's, record by record.
    assert ev.to_pylist() == [{k: r[k] for k in LAYER_COLUMNS["events"]}
                              for r in demo_store.rows("events")]
    sanction = next(r for r in ev.to_pylist() if r["type"] == "SANCTION"
                    and "European Union" in r["source_names"])
    text = demo_store.document(sanction["doc_id"]).clean_text
    assert text[sanction["start"]:sanction["end"]] == sanction["trigger"]


def test_csv_and_jsonl_of_one_layer(demo_store, tmp_path):
    export(demo_store, "csv", ["figures"], tmp_path / "figures.csv")
    export(demo_store, "jsonl", ["figures"], tmp_path / "figures.jsonl")
    stored = demo_store.rows("figures")
    table = list(csv.DictReader((tmp_path / "figures.csv").open(encoding="utf-8")))
    assert list(table[0]) == list(LAYER_COLUMNS["figures"])
    assert len(table) == len(stored)
    lines = [json.loads(x) for x in (tmp_path / "figures.jsonl").read_text().splitlines()]
    assert lines == stored
    dead = [r for r in table if r["category"] == "dead"]
    assert dead and all(float(r["value"]) > 0 for r in dead if r["value"])
    assert {r["evidence"] for r in dead} <= {r["evidence"] for r in stored}


def test_cli_export_layers(demo_db, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["export", "--format", "jsonl", "--layer", "events", "--layer",
                              "places", "--db", str(demo_db)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert {r["layer"] for r in rows} == {"events", "places"}
    assert all(set(r) == {"layer", *LAYER_COLUMNS[r["layer"]]} for r in rows)
    res = runner.invoke(cli, ["export", "--format", "csv", "--layer", "actors", "--db", str(demo_db)])
    assert res.exit_code == 0
    assert next(csv.reader(io.StringIO(res.stdout))) == list(LAYER_COLUMNS["actors"])
    res = runner.invoke(cli, ["export", "--format", "parquet", "--db", str(demo_db)])
    assert res.exit_code == 2 and "give --out" in res.output
    res = runner.invoke(cli, ["export", "--format", "gdelt", "--layer", "events", "--db", str(demo_db)])
    assert res.exit_code == 2 and "does not apply" in res.output
    res = runner.invoke(cli, ["export", "--format", "csv", "--out", str(tmp_path / "all"),
                              "--db", str(demo_db)])
    assert res.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == sorted(f"{x}.csv" for x in LAYERS)
    assert set(FORMATS) == {"jsonl", "csv", "parquet", "gdelt", "acled"}


# -- GDELT-like table -----------------------------------------------------------------------
def test_gdelt_table(demo_db, situation, tmp_path):
    out = tmp_path / "events.parquet"
    res = CliRunner().invoke(cli, ["export", "--format", "gdelt", "--out", str(out),
                                   "--db", str(demo_db)])
    assert res.exit_code == 0, res.output
    table = pq.read_table(out)
    assert table.column_names == list(gdelt.COLUMNS)
    assert table.schema.field("Day").type == pa.int64()
    assert table.schema.field("GoldsteinScale").type == pa.float64()
    assert table.schema.field("SourceURLs").type == pa.list_(pa.string())
    rows = table.to_pylist()
    assert [r["GlobalEventID"] for r in rows] == [e.id for e in situation.events]
    # The EU's sanctions on Belarus of 15 November, merged from several outlets.
    e = next(e for e in situation.events if e.type == "SANCTION" and e.date == "2021-11-15"
             and "European Union" in e.source_names and "Belarus" in e.target_names)
    r = next(r for r in rows if r["GlobalEventID"] == e.id)
    assert (r["Day"], r["MonthYear"], r["Year"]) == (20211115, 202111, 2021)
    assert r["Actor1Name"] == e.source_names[0] and "Belarus" in r["Actor2Names"]
    assert "BLR" in r["Actor2CountryCodes"]
    assert r["NumArticles"] == e.n_documents >= 2 and r["NumMentions"] == len(e.mentions)
    assert r["NumSources"] == e.n_sources >= 2
    assert r["GoldsteinScale"] == e.score < 0 and r["PloverType"] == "SANCTION"
    codes = {x["cameo_code"] for x in situation_event_rows(demo_db, e)}
    assert r["EventCode"] in codes and r["EventRootCode"] == r["EventCode"][:2]
    assert len(r["SourceURLs"]) == r["NumArticles"] and r["SOURCEURL"] == r["SourceURLs"][0]
    # Places carry GDELT's FIPS country code, ISO code and coordinates.
    placed = [r for r in rows if r["ActionGeo_ISO"] == "PL" and r["ActionGeo_Lat"] is not None]
    assert placed and all(r["ActionGeo_CountryCode"] == "PL" for r in placed)
    by = [r for r in rows if r["ActionGeo_ISO"] == "BY"]
    assert by and all(r["ActionGeo_CountryCode"] == "BO" for r in by)


def situation_event_rows(db, event):
    """The stored event rows behind a merged event's mentions."""
    keys = {(m.doc_id, m.start, m.end, m.trigger) for m in event.mentions}
    return [r for r in api.query("events", db)
            if (r["doc_id"], r["sentence_start"], r["sentence_end"], r["trigger"]) in keys]


def test_gdelt_csv_and_tsv(demo_store, situation, tmp_path):
    export(demo_store, "gdelt", out=tmp_path / "g.csv")
    export(demo_store, "gdelt", out=tmp_path / "g.tsv")
    table = list(csv.DictReader((tmp_path / "g.csv").open(encoding="utf-8")))
    assert list(table[0]) == list(gdelt.COLUMNS) and len(table) == len(situation.events)
    tsv = list(csv.DictReader((tmp_path / "g.tsv").open(encoding="utf-8"), delimiter="\t",
                              quoting=csv.QUOTE_NONE))
    assert [r["GlobalEventID"] for r in tsv] == [r["GlobalEventID"] for r in table]
    assert [r["Evidence"] for r in tsv] == [r["Evidence"] for r in table]


def test_date_parts():
    assert gdelt.date_parts("2021-11-15") == (20211115, 202111, 2021)
    assert gdelt.date_parts("2021-11") == (None, 202111, 2021)
    assert gdelt.date_parts("2021") == (None, None, 2021)
    assert gdelt.date_parts(None) == (None, None, None)


# -- ACLED-like table -----------------------------------------------------------------------
def test_acled_mapping():
    t = acled.acled_type
    assert t("ASSAULT", "aerial") == ("Explosions/Remote violence", "Air/drone strike")
    assert t("ASSAULT", None, ["MIL"], ["REB"]) == ("Battles", "Armed clash")
    assert t("ASSAULT", "firearms", ["MIL"], ["CVL"]) == ("Violence against civilians", "Attack")
    assert t("ASSAULT", "primitive", ["CVL"], ["MIL"]) == ("Riots", "Mob violence")
    assert t("PROTEST", "demo") == ("Protests", "Peaceful protest")
    assert t("PROTEST", "riot") == ("Riots", "Violent demonstration")
    assert t("COERCE", "arrest") == ("Strategic developments", "Arrests")
    assert t("COERCE", "curfew") == ("Strategic developments", "Other")
    assert t("AGREE", None) == ("Strategic developments", "Agreement")
    for verbal in ("CONSULT", "ACCUSE", "THREATEN", "AID", "SANCTION", "REQUEST"):
        assert t(verbal, None) is None
    assert acled.event_day("2021-11-15", "2021-11-16") == ("2021-11-15", 1)
    assert acled.event_day(None, "2021-11-16T08:00") == ("2021-11-16", 2)
    assert acled.event_day("2021-11", "2021-11-20") == ("2021-11-20", 3)
    assert acled.event_day("2021-09", "2021-11-20") == ("2021-09-01", 3)


def test_acled_table_from_the_demo(demo_store, situation, tmp_path):
    export(demo_store, "acled", out=tmp_path / "acled.csv")
    table = list(csv.DictReader((tmp_path / "acled.csv").open(encoding="utf-8")))
    assert table and list(table[0]) == list(acled.COLUMNS)
    events = {e.id: e for e in situation.events}
    for r in table:
        e = events[r["event_id_cnty"]]
        assert e.status == "occurred" and r["status"] == "occurred"
        assert (r["event_type"], r["sub_event_type"]) == acled.acled_type(
            e.type, e.mode, *[[a.sector for a in situation.actors if a.id in side]
                              for side in (e.source, e.target)])
        assert r["notes"] == e.mentions[0].sentence
        assert r["event_date"][:4] == r["year"] and int(r["fatalities"]) >= 0
    arrests = [r for r in table if r["sub_event_type"] == "Arrests"]
    assert arrests and all(r["actor2"] for r in arrests)
    located = [r for r in arrests if r["country"] == "Poland"]
    assert located and all(r["iso"] == "616" for r in located)
    placed = [r for r in located if r["latitude"]]
    assert placed and all(r["geo_precision"] == "1" and r["admin1"] for r in placed)
    # Statements and diplomacy are not ACLED events; planned acts are left out.
    assert not {r["plover_type"] for r in table} & {"CONSULT", "ACCUSE", "REQUEST", "AID"}
    taken = {r["event_id_cnty"] for r in table}
    assert all(e.status == "occurred" for e in situation.events if e.id in taken)
    # Parquet with types.
    export(demo_store, "acled", out=tmp_path / "acled.parquet")
    pt = pq.read_table(tmp_path / "acled.parquet")
    assert pt.column_names == list(acled.COLUMNS) and pt.num_rows == len(table)
    assert pt.schema.field("fatalities").type == pa.int64()
    assert pt.schema.field("latitude").type == pa.float64()


ATTACK = ("Gunmen kill four soldiers at army post\n\n"
          "BAMAKO, March 4 (Sahel Desk) - Armed rebels attacked an army post on Monday and "
          "killed four soldiers, the defence ministry said.\n\n"
          "Residents said the fighters arrived on motorbikes before dawn. The ministry said "
          "troops had pushed the rebels back.\n")


def test_acled_fatalities_come_from_the_dead_figures(pipeline, tmp_path):
    from sitroom import process
    from sitroom.situation import build
    doc = process(ATTACK, published="2024-03-05", pipeline=pipeline)
    with SQLiteStore(tmp_path / "attack.db") as store:
        store.add([doc])
        dead = [f for f in store.rows("figures") if f["category"] == "dead"]
        assert [(f["value"], f["claimed_by_name"]) for f in dead] == [(4.0, "defence ministry")]
        rows = acled.acled_rows(build(store), store.rows("places"))
    attack = next(r for r in rows if r["plover_type"] == "ASSAULT")
    assert (attack["event_type"], attack["sub_event_type"]) == ("Battles", "Armed clash")
    assert attack["fatalities"] == 4 and attack["fatalities_claimed_by"] == "defence ministry"
    assert attack["event_date"] == "2024-03-04" and attack["time_precision"] == 1
    assert "killed four soldiers" in attack["notes"] and attack["source"] == "Sahel Desk"
    others = [r for r in rows if r is not attack]
    assert all(r["fatalities"] == 0 and r["fatalities_claimed_by"] is None for r in others)
