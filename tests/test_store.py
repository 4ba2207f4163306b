"""The store on both backends (SQLite and PostgreSQL): schema, idempotent batched writes,
exact round trips, rows, search, export."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.errors import SchemaTooNew, StoreError, StoreLocked
from sitroom.records import (Actor, DateRef, Document, Event, Figure, Mention, Place, Post, Quote,
                             Removed)
from sitroom.store import (SCHEMA_VERSION, DocumentNotFound, PostgresStore, SQLiteStore, export,
                           open_store, pgschema, schema, store_for)

# An invented wire story; offsets below are found in it, never typed by hand.
ARTICLE = (
    "VILNIUS, March 3 (Wire) - Lithuanian Interior Minister Agne Kaleda said on Tuesday that "
    "border guards had stopped 140 migrants near the village of Medininkai. "
    "\"We will not let anyone use people as a weapon,\" Kaleda told reporters. "
    "The European Union is preparing new sanctions against Belarus, an EU official said. "
    "At least 7 people have died in the forests since August, according to aid groups."
)


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.index(needle, after)
    return i, i + len(needle)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
            out.append((start, i + 1))
            start = i + 2
    return out


def plain_document(text: str, path: str | None = None) -> Document:
    """A document with only its text split into sentences."""
    doc = Document.from_text(text, path=path)
    doc.clean_text = text
    doc.sentences = tuple(doc.span(a, b) for a, b in _sentences(text))
    return doc


def sample_document(text: str = ARTICLE, *, published: str | None = "2022-03-03",
                    source: str | None = "Wire", path: str | None = "wire-1.txt") -> Document:
    """A document with every layer filled, as the pipeline would leave it."""
    doc = Document.from_text(text, published=published, published_source="dateline",
                             source=source, title="Lithuania stops migrants at border",
                             url="https://example.org/wire-1", path=path)
    doc.clean_text = text
    doc.removed = (Removed("subscribe", "Subscribe to our newsletter", 12),)
    doc.credits = ("(Reporting by A. Writer)",)
    doc.done = ("clean", "annotate", "dates", "places", "actors", "quotes", "figures", "events")
    s = doc.span
    doc.sentences = tuple(s(a, b) for a, b in _sentences(text))
    kal = _find(text, "Agne Kaleda")
    kal2 = _find(text, "Kaleda", kal[1])
    eu = _find(text, "The European Union")
    by = _find(text, "Belarus")
    aid = _find(text, "aid groups")
    med = _find(text, "Medininkai")
    tue = _find(text, "on Tuesday")
    aug = _find(text, "August")
    doc.mentions = (Mention(s(*kal), "Agne Kaleda", "PERSON"), Mention(s(*med), "Medininkai", "GPE"),
                    Mention(s(*by), "Belarus", "GPE"))
    doc.dates = (DateRef(s(*tue), "on Tuesday", "2022-03-01", "day", "published"),
                 DateRef(s(*aug), "August", "2021-08", "month", "published"))
    doc.places = (Place(s(*med), "Medininkai", "Medininkai", 597231, 54.5402, 25.6486, "LT", "65",
                        "village", True),
                  Place(s(*by), "Belarus", "Belarus", None, None, None, "BY", None, "country", False))
    doc.actors = (
        Actor("a1", "Agne Kaleda", ("Kaleda",), "person", "LT", "GOV", "interior minister",
              (s(*kal), s(*kal2))),
        Actor("a2", "European Union", ("EU",), "organization", "EU", "IGO", None, (s(*eu),)),
        Actor("a3", "Belarus", (), "country", "BY", "GOV", None, (s(*by),)),
        Actor("a4", "aid groups", (), "group", None, "NGO", None, (s(*aid),)),
    )
    q = _find(text, "We will not let anyone use people as a weapon,")
    doc.quotes = (Quote(s(*q), text[q[0]:q[1]], "a1", s(*kal2), "Kaleda", "told", "direct",
                        "2022-03-01"),)
    f1 = _find(text, "140 migrants")
    f2 = _find(text, "At least 7 people")
    doc.figures = (
        Figure(s(*f1), "140 migrants", "detained", 140.0, 140.0, 140.0, "exact", "migrants", "a1",
               "Agne Kaleda", "2022-03-01", "Medininkai"),
        Figure(s(*f2), "At least 7 people", "dead", 7.0, 7.0, None, "at_least", "people", "a4",
               "aid groups", None, None),
    )
    trig = _find(text, "sanctions")
    sent = next(x for x in doc.sentences if x.start <= trig[0] < x.end)
    stop = _find(text, "stopped")
    sent2 = next(x for x in doc.sentences if x.start <= stop[0] < x.end)
    doc.events = (
        Event("SANCTION", None, ("a2",), ("a3",), "planned", None, None, s(*trig), "sanctions",
              sent, 0.8, "163"),
        Event("COERCE", "detain", ("a1",), (), "occurred", "2022-03-01", "Medininkai", s(*stop),
              "stopped", sent2, 0.7),
    )
    doc.posts = (Post(s(*q), text[q[0]:q[1]], "Agne Kaleda", "akaleda", "2022-03-01"),)
    return doc


class Backend:
    """Where one test keeps its store: an SQLite file, or a PostgreSQL schema of its own."""

    def __init__(self, name: str, location: str, admin=None):
        self.name, self.location, self.admin = name, location, admin
        self.migrations = schema if name == "sqlite" else pgschema

    def make(self, **kwargs):
        return store_for(self.location, **kwargs)

    def exists(self) -> bool:
        if self.name == "sqlite":
            from pathlib import Path
            return Path(self.location).exists()
        name = self.location.rsplit("schema=", 1)[1]
        return self.admin.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                                  (name,)).fetchone() is not None

    def columns(self, st_, table: str) -> list[str]:
        if self.name == "sqlite":
            return [r[1] for r in st_.conn.execute(f"PRAGMA table_info({table})")]
        return [r[0] for r in st_.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = %s ORDER BY ordinal_position", (table,))]


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    if request.param == "sqlite":
        return Backend("sqlite", str(tmp_path / "t.db"))
    return Backend("postgresql", request.getfixturevalue("pg_url"),
                   request.getfixturevalue("pg_admin"))


@pytest.fixture
def store(backend):
    with backend.make() as st_:
        yield st_


def _in_transaction(st_) -> bool:
    return st_.conn.in_transaction if isinstance(st_, SQLiteStore) else st_.in_transaction


def test_constructor_does_no_io(backend):
    s = backend.make()
    assert not backend.exists()
    with pytest.raises(StoreError, match="not open"):
        s.counts()


def test_backend_is_chosen_from_the_db_value(tmp_path):
    assert isinstance(store_for(tmp_path / "a.db"), SQLiteStore)
    assert isinstance(store_for("postgresql://u@h/db"), PostgresStore)
    assert isinstance(store_for("postgres://u@h/db?schema=s"), PostgresStore)
    pg = store_for("postgresql://u:secret@h:5433/db?schema=news&sslmode=disable")
    assert pg.schema == "news" and "secret" not in pg.path and "secret" not in repr(pg)
    with open_store(tmp_path / "b.db") as s:
        assert s.counts()["documents"] == 0


def test_schema_version(store):
    assert store.schema_version == SCHEMA_VERSION == len(schema.MIGRATIONS) == len(pgschema.MIGRATIONS)
    assert store.meta("schema_version") == str(SCHEMA_VERSION)
    assert store.meta("created_at")


def test_sqlite_pragmas(tmp_path):
    with SQLiteStore(tmp_path / "p.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_round_trip_is_exact(store):
    doc = sample_document()
    res = store.add([doc])
    assert (res.stored, res.unchanged, res.ids) == (1, 0, [doc.id])
    back = store.document(doc.id)
    assert back == doc
    assert store.document(doc.id[:6]) == doc


def test_add_is_idempotent(store):
    docs = [sample_document(), sample_document(ARTICLE + " More follows.", path="wire-2.txt")]
    first = store.add(docs)
    counts = store.counts()
    second = store.add(docs)
    assert (first.stored, first.unchanged) == (2, 0)
    assert (second.stored, second.unchanged) == (0, 2)
    assert store.counts() == counts
    assert counts["documents"] == 2 and counts["events"] == 4
    assert counts["sentences"] == len(docs[0].sentences) + len(docs[1].sentences) == 9


def test_same_document_twice_in_one_batch(store):
    res = store.add([sample_document(), sample_document()])
    assert (res.stored, res.unchanged) == (1, 1)


class Unserialisable:
    pass


def _bad_document() -> Document:
    doc = sample_document(ARTICLE + " A bad one.", path="bad.txt")
    # json cannot encode this alias, so writing the document fails midway through.
    doc.actors = doc.actors[:1] + (Actor("a9", "Broken", (Unserialisable(),), "group", None,
                                         None, None),)
    return doc


def test_failed_batch_rolls_back(store):
    good1 = sample_document(ARTICLE + " One.", path="1.txt")
    good2 = sample_document(ARTICLE + " Two.", path="2.txt")
    good3 = sample_document(ARTICLE + " Three.", path="3.txt")
    with pytest.raises(StoreError, match="could not store a batch"):
        store.add([good1, good3, good2, _bad_document()], batch_size=2, retry_singly=False)
    # The first batch committed; the second (good2 written, then the bad one) left nothing.
    assert store.has(good1.id) and store.has(good3.id) and not store.has(good2.id)
    assert store.counts()["documents"] == 2
    assert store.counts()["sentences"] == len(good1.sentences) + len(good3.sentences)
    assert not _in_transaction(store)
    assert store.add([good2]).stored == 1


def test_failed_batch_is_retried_document_by_document(store):
    good = sample_document(ARTICLE + " One.", path="1.txt")
    res = store.add([good, _bad_document()], batch_size=10)
    assert res.stored == 1 and store.has(good.id)
    assert [p for p, _ in res.failed] == ["bad.txt"]
    assert "could not be stored" in store.failures()[0]["reason"]
    assert store.counts()["failures"] == 1


def test_rows_resolve_names_and_evidence(store):
    doc = sample_document()
    store.add([doc])
    events = store.rows("events")
    sanction = next(e for e in events if e["type"] == "SANCTION")
    assert sanction["source_names"] == ["European Union"]
    assert sanction["target_names"] == ["Belarus"]
    assert sanction["evidence"] == ("The European Union is preparing new sanctions against "
                                    "Belarus, an EU official said.")
    assert doc.clean_text[sanction["start"]:sanction["end"]] == "sanctions"
    assert sanction["trigger"] == "sanctions" and sanction["status"] == "planned"
    quote = store.rows("quotes")[0]
    assert quote["speaker_name"] == "Agne Kaleda" and quote["cue"] == "told"
    figs = {f["category"]: f for f in store.rows("figures")}
    assert figs["dead"]["claimed_by_name"] == "aid groups"
    assert figs["dead"]["evidence"].startswith("At least 7 people have died")
    assert figs["detained"]["place"] == "Medininkai"
    actors = store.rows("actors")
    assert actors[0]["name"] == "Agne Kaleda" and actors[0]["aliases"] == ["Kaleda"]
    assert actors[0]["mentions"] == 2
    places = store.rows("places", doc_id=doc.id)
    assert places[0]["resolved"] is True and places[1]["resolved"] is False
    assert [d["value"] for d in store.rows("dates")] == ["2022-03-01", "2021-08"]
    json.dumps([store.rows(layer) for layer in ("events", "quotes", "figures", "actors",
                                                "places", "dates", "documents")])


def test_evidence_offsets_with_wide_characters(store):
    # Offsets count code points; SQLite's substr must agree even past emoji and accents.
    prefix = "Zürich 🇨🇭 — Résumé. "
    doc = sample_document(prefix + ARTICLE, path="wide.txt")
    store.add([doc])
    for e in store.rows("events"):
        assert e["evidence"] == doc.clean_text[e["sentence_start"]:e["sentence_end"]]
        assert doc.clean_text[e["start"]:e["end"]] == e["trigger"]
    for f in store.rows("figures"):
        assert f["text"] in f["evidence"]


def test_unknown_layer(store):
    with pytest.raises(StoreError, match="unknown layer 'people'"):
        store.rows("people")


def test_full_text_search(store):
    doc = sample_document()
    store.add([doc, plain_document("Talks on grain exports resumed in Ankara on Monday.",
                                   path="other.txt")])
    hits = store.search("sanctions")
    assert len(hits) == 1 and hits[0]["doc_id"] == doc.id
    assert doc.clean_text[hits[0]["start"]:hits[0]["end"]] == hits[0]["text"]
    assert "[sanctions]" in hits[0]["snippet"]
    assert {h["doc_id"] for h in store.search("Kaleda")} == {doc.id}
    assert store.search("grain AND Ankara")[0]["text"].startswith("Talks on grain")
    # Not valid FTS5 syntax: searched as plain words instead of failing.
    assert store.search('sanctions (against "Belarus!')[0]["doc_id"] == doc.id
    assert store.search("E.U.") == []
    assert store.search("   ") == []
    assert [h["doc_id"] for h in store.search("grain OR sanctions", limit=5)].count(doc.id) == 1
    assert store.search("grain NOT Ankara") == []
    assert store.search('"preparing new sanctions"')[0]["doc_id"] == doc.id


def test_resolve_prefix_errors(store):
    store.add([sample_document()])
    with pytest.raises(DocumentNotFound, match="no document"):
        store.document("zzzz")


def test_migrations_apply_in_order_and_roll_back(backend, monkeypatch):
    doc = sample_document()
    with backend.make() as s:
        s.add([doc])
    mod = backend.migrations
    current = list(mod.MIGRATIONS)
    n = len(current)
    broken = current + ["ALTER TABLE documents ADD COLUMN topic TEXT;\nSELECT nope FROM nowhere;"]
    monkeypatch.setattr(mod, "MIGRATIONS", broken)
    monkeypatch.setattr(mod, "SCHEMA_VERSION", n + 1, raising=False)
    with pytest.raises(StoreError, match="nowhere"):
        backend.make().open()
    monkeypatch.setattr(mod, "MIGRATIONS", current)
    monkeypatch.setattr(mod, "SCHEMA_VERSION", n, raising=False)
    with backend.make() as s:   # the failed migration left the schema as it was
        assert "topic" not in backend.columns(s, "documents") and s.schema_version == n
    monkeypatch.setattr(mod, "SCHEMA_VERSION", n + 1, raising=False)
    monkeypatch.setattr(mod, "MIGRATIONS", current + [
        "ALTER TABLE documents ADD COLUMN topic TEXT;\nCREATE INDEX documents_topic ON documents(topic);"])
    with backend.make() as s:
        assert s.schema_version == n + 1 and s.meta("schema_version") == str(n + 1)
        assert "topic" in backend.columns(s, "documents")
        assert s.document(doc.id) == doc


def test_schema_too_new(backend):
    if backend.name == "sqlite":
        conn = sqlite3.connect(backend.location)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.close()
    else:
        with backend.make() as s:
            s.conn.execute("UPDATE meta SET value = %s WHERE key = 'schema_version'",
                           (str(SCHEMA_VERSION + 1),))
    with pytest.raises(SchemaTooNew, match="newer sitroom.*upgrade"):
        backend.make().open()


def test_not_a_sitroom_database(backend, tmp_path):
    if backend.name == "sqlite":
        conn = sqlite3.connect(backend.location)
        conn.execute("CREATE TABLE x (y)")
        conn.close()
        with pytest.raises(StoreError, match="not a sitroom one"):
            backend.make().open()
        junk = tmp_path / "junk.db"
        junk.write_bytes(b"this is certainly not sqlite" * 100)
        with pytest.raises(StoreError, match="not a usable sitroom database"):
            SQLiteStore(junk).open()
    else:
        name = backend.location.rsplit("schema=", 1)[1]
        backend.admin.execute(f'CREATE SCHEMA "{name}"')
        backend.admin.execute(f'CREATE TABLE "{name}".x (y integer)')
        with pytest.raises(StoreError, match="tables that are not sitroom's"):
            backend.make().open()
        assert backend.admin.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s",
            (name,)).fetchone()[0] == 1


def test_missing_database_without_create(backend):
    with pytest.raises(StoreError, match=r"sitroom ingest PATH\.\.\. --db"):
        backend.make(create=False).open()
    assert not backend.exists()


def test_locked_database(backend):
    s = backend.make(timeout=0.05).open()
    if backend.name == "sqlite":
        other = sqlite3.connect(backend.location, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        release = lambda: (other.execute("ROLLBACK"), other.close())  # noqa: E731
    else:
        import psycopg
        other = psycopg.connect(s._dsn)
        other.execute(f'LOCK TABLE "{s.schema}".documents IN ACCESS EXCLUSIVE MODE')
        release = lambda: (other.rollback(), other.close())  # noqa: E731
    try:
        with pytest.raises(StoreLocked, match="locked by another.*wait"):
            s.add([sample_document()])
    finally:
        release()
    assert s.add([sample_document()]).stored == 1
    s.close()


def test_postgres_refuses_nul_text_clearly(pg_url):
    good = sample_document(ARTICLE + " Fine.", path="good.txt")
    bad = plain_document("A broken \x00 file.", path="nul.txt")
    with PostgresStore(pg_url) as s:
        res = s.add([good, bad])
        assert res.stored == 1 and s.has(good.id)
        assert res.failed[0][0] == "nul.txt" and "NUL character" in res.failed[0][1]
        assert s.failures()[0]["path"] == "nul.txt"


def test_same_tables_and_columns_on_both_backends(tmp_path, pg_url):
    with SQLiteStore(tmp_path / "s.db") as lite, PostgresStore(pg_url) as pg:
        names = {r[0] for r in lite.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sentences_fts%'")}
        pg_names = {r[0] for r in pg.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
        assert names == pg_names
        kinds = {"INTEGER": {"integer", "bigint"}, "REAL": {"double precision"},
                 "TEXT": {"text"}, "BLOB": {"bytea"}}
        for table in sorted(names):
            lite_cols = [(r[1], r[2]) for r in lite.conn.execute(f"PRAGMA table_info({table})")]
            pg_cols = [r for r in pg.conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE "
                "table_schema = current_schema() AND table_name = %s AND column_name <> 'tsv' "
                "ORDER BY ordinal_position", (table,))]
            assert [c for c, _ in lite_cols] == [c for c, _ in pg_cols], table
            for (col, lt), (_, pt) in zip(lite_cols, pg_cols):
                assert pt in kinds[lt], (table, col, lt, pt)


def test_websearch_translation():
    q = pgschema.websearch_query
    assert q("grain AND Ankara") == "grain Ankara"
    assert q("grain NOT Ankara") == "grain -Ankara"
    assert q('"phone call" OR visit') == '"phone call" OR visit'
    assert q('sanctions (against "Belarus!') == 'sanctions (against "Belarus!'


def test_export_formats(store):
    store.add([sample_document()])
    rows = json.loads(export(store, "events", "json"))
    assert [r["type"] for r in rows] == ["COERCE", "SANCTION"]
    lines = export(store, "events", "jsonl").splitlines()
    assert [json.loads(x)["type"] for x in lines] == ["COERCE", "SANCTION"]
    table = list(csv.DictReader(io.StringIO(export(store, "events", "csv"))))
    assert table[1]["source_names"] == "European Union"
    assert table[0]["target_names"] == "" and table[0]["place"] == "Medininkai"
    with pytest.raises(ValueError, match="unknown format"):
        export(store, "events", "xml")


# No NUL: PostgreSQL text cannot hold it (see test_postgres_refuses_nul_text_clearly).
_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_text = st.text(_chars, min_size=1, max_size=80)
_opt = st.none() | st.text(_chars, max_size=12)
_num = st.none() | st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def _documents(draw):
    text = draw(_text)
    n = len(text)
    doc = Document.from_text(text, published=draw(_opt), title=draw(_opt), source=draw(_opt),
                             url=draw(_opt), path=draw(_opt), language=draw(st.sampled_from(["en", "fr"])))
    doc.clean_text = text

    def span():
        a = draw(st.integers(0, n))
        return doc.span(a, draw(st.integers(a, n)))

    doc.removed = tuple(Removed(draw(st.sampled_from(["badge", "share"])), draw(_text), draw(st.integers(0, 99)))
                        for _ in range(draw(st.integers(0, 2))))
    doc.credits = tuple(draw(st.lists(_text, max_size=2)))
    doc.sentences = tuple(span() for _ in range(draw(st.integers(0, 3))))
    doc.mentions = tuple(Mention(span(), draw(_text), "ORG") for _ in range(draw(st.integers(0, 2))))
    doc.places = tuple(Place(span(), draw(_text), draw(_text), draw(st.none() | st.integers(1, 10**7)),
                             draw(_num), draw(_num), draw(_opt), draw(_opt), "city", draw(st.booleans()))
                       for _ in range(draw(st.integers(0, 2))))
    doc.actors = tuple(Actor(f"a{i}", draw(_text), tuple(draw(st.lists(_text, max_size=2))),
                             "person", draw(_opt), draw(_opt), draw(_opt),
                             tuple(span() for _ in range(draw(st.integers(0, 2)))))
                       for i in range(draw(st.integers(0, 2))))
    ids = [a.id for a in doc.actors] + ["a99"]
    doc.figures = tuple(Figure(span(), draw(_text), "other", draw(_num), draw(_num), draw(_num),
                               "exact", draw(_opt), draw(st.none() | st.sampled_from(ids)), draw(_opt),
                               draw(_opt), draw(_opt), draw(_opt))
                        for _ in range(draw(st.integers(0, 2))))
    doc.quotes = tuple(Quote(span(), draw(_text), draw(st.none() | st.sampled_from(ids)),
                             draw(st.none() | st.just(span())), draw(_opt), draw(_opt), "direct", draw(_opt))
                       for _ in range(draw(st.integers(0, 2))))
    doc.events = tuple(Event("AID", draw(_opt), tuple(draw(st.lists(st.sampled_from(ids), max_size=2))),
                             tuple(draw(st.lists(st.sampled_from(ids), max_size=2))), "occurred",
                             draw(_opt), draw(_opt), span(), draw(_text), span(),
                             draw(st.floats(0, 1)), draw(_opt))
                       for _ in range(draw(st.integers(0, 2))))
    return doc


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(doc=_documents())
def test_round_trip_property(store, doc):
    store.conn.execute("DELETE FROM documents")   # every layer goes with its document
    assert store.add([doc]).stored == 1
    assert store.document(doc.id) == doc


def test_streams_allow_other_queries_meanwhile(store):
    docs = [sample_document(ARTICLE + f" Part {i}.", path=f"p{i}.txt") for i in range(5)]
    store.add(docs)
    seen = []
    for doc_id, text in store.texts():        # the store answers while a stream is open
        assert store.has(doc_id) and store.document(doc_id).clean_text == text
        seen.append(doc_id)
    assert sorted(seen) == sorted(d.id for d in docs)
    store.add_signatures([(d.id, "test", d.id.encode()) for d in docs])
    for doc_id, sig in store.signatures("test"):
        assert sig == doc_id.encode() and store.signature(doc_id, "test") == sig
