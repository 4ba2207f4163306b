"""Hostile inputs: every bad file is one failure row with its reason, the batch goes on."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitroom.errors import InputError
from sitroom.ingest import read_paths
from sitroom.ingest.bounded import display_name, gunzip, read_regular, read_stream
from sitroom.ingest.formats import flatten, read_html
from sitroom.ingest.reader import Failure, read_file
from sitroom.limits import MB, Limits
from sitroom.records import Document
from sitroom.store import SQLiteStore

GOOD = ("WARSAW, Nov 8 (Wire) - Polish border guards said on Monday that several hundred "
        "migrants had gathered near the village of Kuznica, and that soldiers were sent to "
        "the crossing.\n",
        "VILNIUS, Nov 10 (Wire) - Lithuania declared a state of emergency along its border "
        "with Belarus on Wednesday, the interior minister told reporters in Vilnius.\n",
        "BRUSSELS, Nov 15 (Wire) - European Union foreign ministers agreed on Monday to widen "
        "sanctions against Belarus over the crisis on its border, diplomats said.\n")
PARA = ("<p>Polish border guards said on Tuesday that hundreds of migrants had tried to cross "
        "the frontier overnight near the village of Kuznica, and that soldiers turned them "
        "back before dawn.</p><p>The interior minister said the situation remained tense and "
        "that more troops would be sent to the region during the week.</p>")
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>Feed</title><item><title>Item</title>
<description>&lol3;</description></item></channel></rss>
"""


def hostile_folder(root: Path) -> dict[str, str]:
    """A folder mixing three good articles with each kind of bad input; returns the bad
    file names with a word their reason must hold."""
    root.mkdir()
    (root / "good-1.txt").write_text(GOOD[0], encoding="utf-8")
    (root / "good-2.jsonl").write_text(
        '{"text": "%s", "title": "Emergency"}\n' % GOOD[1].strip(), encoding="utf-8")
    # A good article under a file name that is not UTF-8.
    with open(os.path.join(os.fsencode(root), b"caf\xe9.txt"), "wb") as f:
        f.write(GOOD[2].encode("utf-8"))
    (root / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    (root / "surrogate.jsonl").write_text(
        '{"text": "Poland said \\ud800 migrants crossed the border near Kuznica on Monday, '
        'officials in Warsaw reported."}\n', encoding="utf-8")
    (root / "broken.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"garbage" * 20)
    (root / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (40 * MB), 9))
    os.mkfifo(root / "pipe.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "laughs.xml").write_text(LAUGHS, encoding="utf-8")
    (root / "nested.html").write_text(
        "<html><body>" + "<div>" * 10_000 + PARA + "</div>" * 10_000 + "</body></html>",
        encoding="utf-8")
    return {"broken.gz": "gzip", "bomb.txt.gz": "gzip bomb", "pipe.txt": "FIFO",
            "zero.txt": "device", "laughs.xml": "entities", "deep.jsonl:1": "nested too deeply"}


def test_hostile_folder_through_the_command(tmp_path):
    folder = tmp_path / "inbox"
    bad = hostile_folder(folder)
    db = tmp_path / "h.db"
    res = subprocess.run([str(Path(sys.executable).with_name("sitroom")), "ingest", str(folder), "--db",
                          str(db), "--quiet"], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert res.stdout.strip() == "11 read, 5 stored, 0 unchanged, 6 failed"
    failures = [ln for ln in res.stderr.splitlines() if not ln.startswith("publication date")]
    assert len(failures) == len(bad)
    for name, word in bad.items():
        line = next(ln for ln in failures if ln.startswith(f"{folder / name}: "))
        assert word in line
    with SQLiteStore(db, create=False) as store:
        paths = {Path(d["path"]).name for d in store.document_meta()}
        assert len(store.failures()) == len(bad)
    assert paths == {"good-1.txt", "good-2.jsonl:1", "caf\\xe9.txt", "surrogate.jsonl:1",
                     "nested.html"}


def test_unexpected_errors_name_the_input_and_the_batch_goes_on(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD[0], encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body>" + PARA + "</body></html>", encoding="utf-8")
    (tmp_path / "c.txt").write_text(GOOD[1], encoding="utf-8")

    def broken(*a, **k):
        raise KeyError("a reader bug")
    monkeypatch.setattr("sitroom.ingest.reader.read_html", broken)
    items = list(read_paths([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Document", "Failure", "Document"]
    assert "b.html" in items[1].path and "bug" in items[1].reason and "KeyError" in items[1].reason


def test_surrogates_in_json_become_replacement_characters():
    data = '{"text": "Kyiv said \\udc80 forty trucks crossed at dawn.", "title": "T\\ud83d"}\n'
    [doc] = list(read_file("x.jsonl", data.encode()))
    assert isinstance(doc, Document)
    assert doc.text == "Kyiv said \ufffd forty trucks crossed at dawn." and doc.title == "T\ufffd"


def test_only_regular_files_are_read(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dev").symlink_to("/dev/null")
    for name, kind in (("fifo", "FIFO"), ("dev", "device")):
        with pytest.raises(InputError, match=kind):
            read_regular(tmp_path / name, name, Limits())


def test_size_bounds(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 300_000)
    with pytest.raises(InputError, match="1.4 MB, more than the 1.0 MB.*--max-bytes"):
        read_regular(big, "big.txt", Limits(max_bytes=MB))
    import io
    with pytest.raises(InputError, match="--max-bytes"):
        read_stream(io.BytesIO(b"x" * (MB + 1)), "<stdin>", Limits(max_bytes=MB))
    packed = gzip.compress(b"Tallinn and Riga said so. " * 200_000)
    with pytest.raises(InputError, match="more than the 1.0 MB a .gz file may unpack to"):
        gunzip(packed, "a.gz", Limits(max_unpacked=MB, max_ratio=10_000))
    with pytest.raises(InputError, match="100 times its size"):
        gunzip(packed, "a.gz", Limits())
    assert gunzip(gzip.compress(b"short text"), "a.gz", Limits()) == b"short text"


def test_file_names_that_are_not_utf8_are_shown_escaped(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"r\xe9sum\xe9.txt")
    assert display_name(os.fsdecode(raw)).endswith("r\\xe9sum\\xe9.txt")
    assert display_name("plain/é.txt") == "plain/é.txt"


def test_pages_nested_thousands_deep_are_read():
    page = "<html><body>" + "<div>" * 10_000 + PARA + "</div>" * 10_000 + "</body></html>"
    assert "<div>" * 101 not in flatten(page) and "Kuznica" in flatten(page)
    assert read_html(page).text.startswith("Polish border guards said on Tuesday")
    assert flatten("<div><p>same</p></div>") == "<div><p>same</p></div>"


def test_feed_entities_are_refused():
    [item] = list(read_file("feed.xml", LAUGHS.encode()))
    assert isinstance(item, Failure) and "entities" in item.reason


def test_bounds_are_options_of_the_command(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from sitroom import pipeline as P
    from sitroom.cli import cli
    real = P.Pipeline
    monkeypatch.setattr(P, "Pipeline", lambda *a, **k: real(stages=("clean",), **k))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "short.txt").write_text(GOOD[0], encoding="utf-8")
    (inbox / "long.txt").write_text(GOOD[1] * 20, encoding="utf-8")
    (inbox / "big.txt").write_bytes(b"Riga said so. " * 100_000)
    res = CliRunner().invoke(cli, ["ingest", str(inbox), "--db", str(tmp_path / "b.db"),
                                   "-q", "--max-chars", "1000", "--max-bytes", "1"])
    assert res.exit_code == 1
    errs = sorted(ln for ln in res.stderr.splitlines() if not ln.startswith("publication"))
    assert errs[0].startswith(f"{inbox / 'big.txt'}: 1.3 MB, more than the 1.0 MB")
    assert errs[1].startswith(f"{inbox / 'long.txt'}: 3,159 characters, more than the 1,000")
    assert res.stdout.strip() == "3 read, 1 stored, 0 unchanged, 2 failed"
