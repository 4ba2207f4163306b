"""The sitroom command line, through click's CliRunner, with exact output checks."""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom import api
from sitroom.cli import cli
from sitroom.records import Document
from sitroom.store import SQLiteStore
from test_store import ARTICLE, sample_document

GOOD_1 = ("WARSAW, Feb 2 (Wire) - Polish police detained 12 people on Sunday after a protest "
          "outside the parliament turned violent, a police spokesman said.\n")
GOOD_2 = ("RIGA, Feb 3 (Wire) - Latvia and Estonia agreed on Monday to share radar data along "
          "their eastern borders, the two defence ministers said in a joint statement.\n")


@pytest.fixture
def full_pipeline(monkeypatch):
    """The real pipeline, shared across tests; skipped while its stages are not all installed."""
    try:
        from sitroom.pipeline import default_pipeline
        pl = default_pipeline()
    except ImportError as exc:
        pytest.skip(f"pipeline stages not available: {exc}")
    monkeypatch.setattr("sitroom.pipeline.Pipeline", lambda *a, **k: pl)
    return pl


@pytest.fixture
def bad_folder(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD_1, encoding="utf-8")
    (folder / "b-good.txt").write_text(GOOD_2, encoding="utf-8")
    (folder / "c-image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "d-empty.txt").write_text("", encoding="utf-8")
    (folder / "e-latin1.txt").write_bytes("Les ministres se réunissent à Bruxelles.".encode("latin-1"))
    return folder


@pytest.fixture(params=["sqlite", "postgresql"])
def filled_db(request, tmp_path) -> str:
    """Two stored documents, in an SQLite file or a PostgreSQL schema (the --db value)."""
    from sitroom.store import store_for
    db = (str(tmp_path / "filled.db") if request.param == "sqlite"
          else request.getfixturevalue("pg_url"))
    with store_for(db) as store:
        store.add([sample_document(),
                   sample_document(ARTICLE + " More follows.", source="Other Wire",
                                   path="wire-2.txt", published="2022-03-04")])
    return db


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_ingest_bad_inputs_are_named_and_good_ones_stored(light, bad_folder, tmp_path):
    db = str(tmp_path / "s.db")
    res = run("ingest", str(bad_folder), "--db", db, "--quiet")
    assert res.exit_code == 1
    assert res.stdout == "5 read, 2 stored, 0 unchanged, 3 failed\n"
    errs = res.stderr.splitlines()
    failed = [line.split(": ", 1)[0] for line in errs if not line.startswith("publication")]
    assert failed == [str(bad_folder / n) for n in ("c-image.png", "d-empty.txt", "e-latin1.txt")]
    assert "PNG" in errs[0] and "empty" in errs[1] and "Latin-1" in errs[2]
    with SQLiteStore(db) as store:
        assert store.counts()["documents"] == 2
        assert {Path(d["path"]).name for d in store.document_meta()} == {"a-good.txt", "b-good.txt"}
        assert len(store.failures()) == 3


def test_ingest_twice_leaves_counts_unchanged(light, bad_folder, tmp_path):
    db = str(tmp_path / "s.db")
    run("ingest", str(bad_folder), "--db", db, "-q")
    with SQLiteStore(db) as store:
        before = {k: v for k, v in store.counts().items() if k != "failures"}
    res = run("ingest", str(bad_folder), "--db", db, "-q")
    assert res.stdout == "5 read, 0 stored, 2 unchanged, 3 failed\n"
    with SQLiteStore(db) as store:
        assert {k: v for k, v in store.counts().items() if k != "failures"} == before


def test_ingest_good_folder_exits_zero_and_reports_undated(light, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.txt").write_text(GOOD_1, encoding="utf-8")
    (tmp_path / "in" / "undated.txt").write_text("Talks resumed in Geneva. Nobody said when.\n",
                                                 encoding="utf-8")
    res = run("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "s.db"))
    assert res.exit_code == 0, res.output
    assert res.stdout == "2 read, 2 stored, 0 unchanged, 0 failed\n"
    undated = str(tmp_path / "in" / "undated.txt")
    assert (f"publication date unknown: {undated} — relative dates left unresolved"
            in res.stderr.splitlines())


def test_ingest_pipeline_failure_is_a_row(light, tmp_path):
    (tmp_path / "x.txt").write_text("WARSAW, Feb 2 (Wire) - FAIL here.\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    res = run("ingest", str(tmp_path / "x.txt"), "--db", db)
    assert res.exit_code == 1
    assert res.stderr == f"{tmp_path / 'x.txt'}: events: ValueError: cannot parse\n"
    assert api.counts(db)["documents"] == 0 and api.counts(db)["failures"] == 1


def test_ingest_stdin(light, tmp_path):
    db = str(tmp_path / "s.db")
    res = run("ingest", "-", "--db", db, input=GOOD_2)
    assert res.exit_code == 0 and res.stdout == "1 read, 1 stored, 0 unchanged, 0 failed\n"
    assert api.documents(db)[0]["path"] == "<stdin>"


def test_ingest_with_real_pipeline(full_pipeline, bad_folder, tmp_path):
    db = str(tmp_path / "s.db")
    res = run("ingest", str(bad_folder), "--db", db, "-q")
    assert res.exit_code == 1
    assert res.stdout == "5 read, 2 stored, 0 unchanged, 3 failed\n"
    with SQLiteStore(db) as store:
        assert store.counts()["sentences"] >= 2
        detained = [f for f in store.rows("figures") if f["category"] == "detained"]
        assert detained and detained[0]["value"] == 12


def test_layer_commands_default_json(filled_db):
    res = run("quotes", "--db", filled_db)
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    assert len(rows) == 2
    assert rows[0] == {
        "doc_id": sample_document().id, "start": 160, "end": 206, "speaker_name": "Agne Kaleda",
        "text": "We will not let anyone use people as a weapon,", "kind": "direct", "cue": "told",
        "date": "2022-03-01", "speaker_id": "a1", "speaker_text": "Kaleda", "speaker_start": 208,
        "speaker_end": 214,
        "evidence": "\"We will not let anyone use people as a weapon,\" Kaleda told reporters.",
    }


def test_layer_commands_csv_and_nl(filled_db):
    res = run("events", "--csv", "--db", filled_db)
    table = list(csv.DictReader(io.StringIO(res.stdout)))
    assert res.stdout.splitlines()[0] == (
        "doc_id,start,end,type,mode,source_names,target_names,status,date,place,trigger,"
        "confidence,cameo_code,source_ids,target_ids,sentence_start,sentence_end,evidence")
    assert [(r["type"], r["source_names"], r["target_names"], r["status"]) for r in table] == [
        ("COERCE", "Agne Kaleda", "", "occurred"), ("COERCE", "Agne Kaleda", "", "occurred"),
        ("SANCTION", "European Union", "Belarus", "planned"),
        ("SANCTION", "European Union", "Belarus", "planned")]
    res = run("figures", "--nl", "--db", filled_db, "--doc", sample_document().id[:5])
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [(f["category"], f["value"], f["claimed_by_name"]) for f in lines] == [
        ("dead", 7.0, "aid groups"), ("detained", 140.0, "Agne Kaleda")]
    for layer in ("actors", "places", "dates"):
        assert run(layer, "--db", filled_db).exit_code == 0
    res = CliRunner().invoke(cli, ["events", "--csv", "--nl", "--db", filled_db])
    assert res.exit_code == 2 and "choose one of --json, --csv, --nl" in res.output


def test_events_min_confidence_keeps_only_surer_events(filled_db):
    res = run("events", "--csv", "--db", filled_db, "--min-confidence", "0.75")
    table = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [(r["type"], r["confidence"]) for r in table] == [("SANCTION", "0.8"), ("SANCTION", "0.8")]
    assert len(list(csv.DictReader(io.StringIO(run("events", "--csv", "--db", filled_db).stdout)))) == 4
    res = CliRunner().invoke(cli, ["events", "--db", filled_db, "--min-confidence", "2"])
    assert res.exit_code == 2


def test_show_plain(filled_db):
    res = run("show", sample_document().id[:6], "--db", filled_db)
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0] == "Lithuania stops migrants at border"
    assert lines[1] == f"id {sample_document().id} · Wire · published 2022-03-03 (dateline)"
    assert "[text|actor]" in lines[4]
    body = lines[6]
    assert "Interior Minister [Agne Kaleda|actor] said [on Tuesday|date]" in body
    assert "had [stopped|event] [140 migrants|figure] near the village of [Medininkai|place]" in body
    assert "against [[Belarus|actor]|place]" in body
    assert lines[8:] == [
        "Events (2)",
        '  SANCTION · planned · European Union → Belarus · "sanctions" [267–276]',
        '  COERCE/detain · occurred · Agne Kaleda → — · 2022-03-01 · Medininkai · "stopped" [106–113]',
        "Quotes (1)",
        "  Agne Kaleda (direct, told, 2022-03-01): “We will not let anyone use people as a weapon,” [160–206]",
        "Figures (2)",
        "  detained: 140 · migrants · claimed by Agne Kaleda · 2022-03-01 · Medininkai [114–126]",
        "  dead: at least 7 · people · claimed by aid groups [315–332]",
    ]


def test_show_unknown_id(filled_db):
    res = CliRunner().invoke(cli, ["show", "zz", "--db", filled_db])
    assert res.exit_code == 2
    assert res.stderr == "Error: no document with id 'zz'; list ids with `sitroom documents`\n"
    res = CliRunner().invoke(cli, ["show", "", "--db", filled_db])
    assert res.exit_code == 2


def test_search(filled_db):
    res = run("search", "sanctions", "--db", filled_db)
    hits = json.loads(res.stdout)
    assert [h["doc_id"] for h in hits] and all("[sanctions]" in h["snippet"] for h in hits)
    assert {h["source"] for h in hits} == {"Wire", "Other Wire"}
    assert json.loads(run("search", "grain", "--db", filled_db).stdout) == []


def test_report_to_stdout_and_files(filled_db, tmp_path):
    res = run("report", "--db", filled_db)
    assert res.exit_code == 0
    for title in ("## Summary", "## Stories", "## Timeline", "## Figures over time",
                  "## Actor network", "## Places", "## Quotes by speaker", "## Actors"):
        assert f"\n{title}\n" in res.stdout
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    res = run("report", "--db", filled_db, "--html", str(html), "--md", str(md))
    assert res.exit_code == 0 and res.stderr == f"wrote {html}, {md}\n"
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "| ≥7 | aid groups |" in md.read_text(encoding="utf-8")


def test_missing_database_is_one_clear_line(tmp_path):
    res = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("Error: no database at ")
    assert not (tmp_path / "none.db").exists()


def test_newer_schema_exit_2(tmp_path):
    db = tmp_path / "new.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    res = CliRunner().invoke(cli, ["actors", "--db", str(db)])
    assert res.exit_code == 2 and "newer sitroom" in res.stderr


def test_demo_refuses_to_overwrite_foreign_file(tmp_path):
    other = tmp_path / "precious.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE mine (x)")
    conn.commit()
    conn.close()
    res = CliRunner().invoke(cli, ["demo", "--db", str(other), "-q"])
    assert res.exit_code == 2 and "not a sitroom database" in res.stderr
    assert other.exists()


def test_demo(full_pipeline, tmp_path):
    db, html, md = tmp_path / "demo.db", tmp_path / "demo.html", tmp_path / "demo.md"
    args = ["demo", "--db", str(db), "--html", str(html), "--md", str(md), "-q"]
    first = run(*args)
    assert first.exit_code == 0, first.output
    out = first.stdout.splitlines()
    n = len(api.documents(str(db)))
    assert out[0] == f"{n} read, {n} stored, 0 unchanged, 0 failed"
    assert out[1].startswith(f"stored: {n} documents, ")
    assert out[2] == "most reported events:"
    assert re.fullmatch(r"  1\. [A-Z]+ .+ → .+ \(\w+; \d+ documents?\)", out[3])
    assert out[-1] == f"wrote {db}, {html}, {md}"
    assert html.stat().st_size > 5000 and md.stat().st_size > 1000
    # A second run starts from a fresh database rather than finding everything unchanged.
    again = run(*args)
    assert again.stdout.splitlines()[0] == out[0]


def test_eval_command_registered_when_available():
    try:
        from sitroom.evaluate.cli import eval_command
    except ImportError:
        pytest.skip("evaluation is not installed")
    import click
    ctx = click.Context(cli)
    assert cli.get_command(ctx, "eval") is eval_command
    assert "eval" in cli.list_commands(ctx)


def test_version_and_help():
    assert run("--version").stdout.startswith("sitroom, version ")
    help_ = run("--help").stdout
    for cmd in ("ingest", "events", "quotes", "figures", "actors", "places", "dates", "show",
                "report", "demo", "search", "documents", "export"):
        assert re.search(rf"^  {cmd}\b", help_, re.M), cmd


def test_library_functions_match_cli(filled_db):
    assert api.query("events", filled_db) == json.loads(run("events", "--db", filled_db).stdout)
    doc = api.document(sample_document().id[:4], filled_db)
    assert isinstance(doc, Document) and doc == sample_document()
