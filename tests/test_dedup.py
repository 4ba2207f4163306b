"""Near-duplicate documents: a wire story republished elsewhere is stored once, with its copies."""
from __future__ import annotations

import json

from click.testing import CliRunner

from sitroom import api
from sitroom.cli import cli
from sitroom.situation import build
from sitroom.situation.dedup import SCHEME, THRESHOLD, shingles, signature, similarity
from sitroom.store import SQLiteStore

# An invented wire story, and the same story as two other outlets ran it.
STORY = """\
RIGA, March 9 (Northern Wire) - Latvian border guards said on Tuesday they had turned back 64 people who tried to cross the frontier from Belarus overnight, the highest number in a single night this month.

The interior ministry said most of the group had been stopped in forests near the town of Kraslava, and that two guards were slightly hurt when stones were thrown at a patrol.

Latvia declared a state of emergency along its eastern border in August and has since built a temporary fence on several stretches of the frontier.

Aid organisations have criticised the government for denying access to the border zone, saying people are left without food or medical care in freezing temperatures.
"""
COPY = """\
Baltic Daily | 9 March

Border guards turn back 64 at Belarus frontier

RIGA, March 9 (Northern Wire) - Latvian border guards said on Tuesday they had turned back 64 people who tried to cross the frontier from Belarus overnight, the highest number in a single night this month.

The interior ministry said most of the group had been stopped in forests near the town of Kraslava, and that two guards were slightly hurt when stones were thrown at a patrol.

Latvia declared a state of emergency along its eastern border in August and has since built a temporary fence on several stretches of the frontier.

Aid organisations have criticised the government for denying access to the border zone, saying people are left without food or medical care in freezing temperatures.

Share this article
"""
UPDATE = """\
RIGA, March 10 (Northern Wire) - Latvia's government said on Wednesday it would send 300 soldiers to help border guards after 64 people tried to cross from Belarus in one night.

Prime Minister Ilze Ozola said the army would patrol the forests near Kraslava and Daugavpils for at least three months, and that parliament would vote on extending the state of emergency next week.

The interior ministry said most of the group had been stopped in forests near the town of Kraslava, and that two guards were slightly hurt when stones were thrown at a patrol.

Opposition lawmakers said the deployment came too late and asked the government to publish how many people had been returned to Belarus since August.
"""


def _write(folder, name: str, text: str) -> str:
    folder.mkdir(exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_signatures_tell_copies_from_updates():
    a, b, c = signature(STORY), signature(COPY), signature(UPDATE)
    assert similarity(a, b) >= THRESHOLD
    assert similarity(a, c) < 0.5
    assert signature("Too short to compare.") is None
    # Short lines (mastheads, share prompts) do not count.
    assert shingles("Baltic Daily | 9 March\n\n" + STORY + "\nShare this article\n") == \
        shingles(STORY)


def test_copy_is_recorded_not_processed(light, tmp_path):
    db = str(tmp_path / "s.db")
    first = _write(tmp_path / "in", "a-story.txt", STORY)
    record = {"url": "https://baltic-daily.example/border", "source": "Baltic Daily",
              "published": "2021-03-09", "text": COPY}
    _write(tmp_path / "in", "b-feed.jsonl", json.dumps(record) + "\n")
    res = run("ingest", str(tmp_path / "in"), "--db", db, "-q")
    assert res.exit_code == 0
    assert res.stdout == "2 read, 1 stored, 0 unchanged, 0 failed, 1 copy\n"
    assert light.seen == [first]
    with SQLiteStore(db) as store:
        assert store.counts()["documents"] == 1
        (row,) = store.copies()
        kept = store.document_meta()[0]["id"]
        assert row["doc_id"] == kept and row["url"] == record["url"]
        assert row["source"] == "Baltic Daily" and row["published"] == "2021-03-09"
        assert row["similarity"] >= THRESHOLD
        sit = build(store)
        assert sit.duplicates == {kept: (row["copy_id"],)}
        assert sit.copies[kept][0].outlet == "Baltic Daily"
        assert sit.documents[kept].copies == 1


def test_reingest_is_idempotent_and_works_across_runs(light, tmp_path):
    db = str(tmp_path / "s.db")
    _write(tmp_path / "one", "a-story.txt", STORY)
    _write(tmp_path / "two", "b-copy.txt", COPY)
    assert run("ingest", str(tmp_path / "one"), "--db", db, "-q").stdout == \
        "1 read, 1 stored, 0 unchanged, 0 failed\n"
    # A later run recognises the copy from the stored signature.
    assert run("ingest", str(tmp_path / "two"), "--db", db, "-q").stdout == \
        "1 read, 0 stored, 0 unchanged, 0 failed, 1 copy\n"
    again = run("ingest", str(tmp_path / "one"), str(tmp_path / "two"), "--db", db, "-q")
    assert again.stdout == "2 read, 0 stored, 2 unchanged, 0 failed\n"
    with SQLiteStore(db) as store:
        assert store.counts()["documents"] == 1 and len(store.copies()) == 1


def test_documents_stored_before_signatures_are_signed_on_demand(light, tmp_path):
    db = str(tmp_path / "s.db")
    _write(tmp_path / "one", "a-story.txt", STORY)
    run("ingest", str(tmp_path / "one"), "--db", db, "-q")
    with SQLiteStore(db) as store:
        store.conn.execute("DELETE FROM signatures")
    _write(tmp_path / "two", "b-copy.txt", COPY)
    assert run("ingest", str(tmp_path / "two"), "--db", db, "-q").stdout.endswith("1 copy\n")
    with SQLiteStore(db) as store:
        assert len(list(store.signatures(SCHEME))) == 1


def test_update_of_a_story_is_a_new_document(light, tmp_path):
    db = str(tmp_path / "s.db")
    _write(tmp_path / "in", "a-story.txt", STORY)
    _write(tmp_path / "in", "b-update.txt", UPDATE)
    res = run("ingest", str(tmp_path / "in"), "--db", db, "-q")
    assert res.stdout == "2 read, 2 stored, 0 unchanged, 0 failed\n"


def test_exact_copy_from_another_place_is_a_copy(light, tmp_path):
    db = str(tmp_path / "s.db")
    _write(tmp_path / "one", "a-story.txt", STORY)
    _write(tmp_path / "two", "mirror.txt", STORY)
    res = run("ingest", str(tmp_path / "one"), str(tmp_path / "two"), "--db", db, "-q")
    assert res.stdout == "2 read, 1 stored, 0 unchanged, 0 failed, 1 copy\n"
    with SQLiteStore(db) as store:
        (row,) = store.copies()
        assert row["copy_id"] == row["doc_id"] and row["similarity"] == 1.0
    assert api.copies(db)[0]["path"].endswith("mirror.txt")


def test_copy_of_a_failed_document_is_reported(light, tmp_path):
    db = str(tmp_path / "s.db")
    _write(tmp_path / "in", "a-story.txt", STORY.replace("RIGA", "FAIL RIGA"))
    _write(tmp_path / "in", "b-copy.txt", COPY)
    res = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), "--db", db, "-q"])
    assert res.exit_code == 1
    assert res.stdout == "2 read, 0 stored, 0 unchanged, 2 failed\n"
    assert "b-copy.txt: repeats" in res.stderr and "ingest it again" in res.stderr
    # Ingesting the copy again processes it on its own.
    again = run("ingest", str(tmp_path / "in" / "b-copy.txt"), "--db", db, "-q")
    assert again.stdout == "1 read, 1 stored, 0 unchanged, 0 failed\n"
