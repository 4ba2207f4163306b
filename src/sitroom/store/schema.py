"""The store's SQL: schema migrations, insert column lists and the row queries.

All SQL lives here so that another backend (PostgreSQL) can be written against the
same statements. Migration ``i`` (0-based) takes the schema to version ``i + 1``;
append new scripts, never edit old ones.
"""
from __future__ import annotations

MIGRATIONS: list[str] = [
    # version 1: the initial schema
    """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT
    );
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,              -- content hash of the raw text
        url TEXT, source TEXT, title TEXT,
        published TEXT, published_source TEXT,
        language TEXT NOT NULL DEFAULT 'en',
        path TEXT,
        text TEXT NOT NULL,
        clean_text TEXT NOT NULL DEFAULT '',
        removed TEXT NOT NULL DEFAULT '[]',   -- JSON list of {kind, text, line}
        credits TEXT NOT NULL DEFAULT '[]',   -- JSON list of strings
        done TEXT NOT NULL DEFAULT '[]',      -- JSON list of stage names
        error TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE TABLE posts (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, author TEXT, handle TEXT, date TEXT,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (doc_id, idx)
    );
    CREATE INDEX sentences_span ON sentences(doc_id, start);
    CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences', content_rowid='id');
    CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TABLE mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, label TEXT NOT NULL,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE TABLE dates (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, value TEXT NOT NULL, granularity TEXT NOT NULL, anchor TEXT NOT NULL,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE TABLE places (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, name TEXT NOT NULL, geonameid INTEGER, lat REAL, lon REAL,
        country TEXT, admin1 TEXT, feature TEXT NOT NULL, resolved INTEGER NOT NULL,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX places_name ON places(name);
    CREATE TABLE actors (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER, "end" INTEGER,     -- the first mention, when there is one
        actor_id TEXT NOT NULL,           -- document-local id ("a1")
        name TEXT NOT NULL, aliases TEXT NOT NULL DEFAULT '[]',
        kind TEXT NOT NULL, country TEXT, sector TEXT, role TEXT,
        spans TEXT NOT NULL DEFAULT '[]', -- JSON list of [start, end]
        PRIMARY KEY (doc_id, idx),
        UNIQUE (doc_id, actor_id)
    );
    CREATE INDEX actors_name ON actors(name);
    CREATE TABLE quotes (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker TEXT, speaker_name TEXT,  -- actor id and its canonical name
        speaker_start INTEGER, speaker_end INTEGER, speaker_text TEXT,
        cue TEXT, kind TEXT NOT NULL, date TEXT,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX quotes_speaker ON quotes(speaker_name);
    CREATE TABLE figures (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, category TEXT NOT NULL,
        value REAL, low REAL, high REAL, qualifier TEXT NOT NULL,
        subject TEXT, claimed_by TEXT, claimed_by_name TEXT, claimed_by_text TEXT,
        date TEXT, place TEXT, unit TEXT,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX figures_category ON figures(category);
    CREATE TABLE events (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,   -- the trigger
        type TEXT NOT NULL, mode TEXT,
        source TEXT NOT NULL DEFAULT '[]', target TEXT NOT NULL DEFAULT '[]',  -- JSON actor ids
        source_names TEXT NOT NULL DEFAULT '[]', target_names TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL, date TEXT, place TEXT,
        trigger_text TEXT NOT NULL,
        sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
        confidence REAL NOT NULL, cameo_code TEXT,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX events_type ON events(type);
    CREATE INDEX events_date ON events(date);
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        path TEXT, reason TEXT NOT NULL, at TEXT NOT NULL
    );
    """,
    # version 2: near-duplicate documents: MinHash signatures and the copies of stored documents
    """
    CREATE TABLE signatures (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        scheme TEXT NOT NULL,             -- how the signature was computed
        signature BLOB NOT NULL
    );
    CREATE TABLE copies (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,  -- the stored document
        copy_id TEXT NOT NULL,            -- content id of the copy's own text
        key TEXT NOT NULL UNIQUE,         -- copy_id and where it came from: one row per source
        url TEXT, source TEXT, title TEXT, path TEXT, published TEXT,
        similarity REAL NOT NULL,         -- estimated Jaccard similarity of the texts
        added_at TEXT NOT NULL
    );
    CREATE INDEX copies_doc ON copies(doc_id);
    """,
    # version 3: how each event, quote and figure got its date and place; a quote's place
    """
    ALTER TABLE quotes ADD COLUMN place TEXT;
    ALTER TABLE quotes ADD COLUMN date_basis TEXT;
    ALTER TABLE quotes ADD COLUMN place_basis TEXT;
    ALTER TABLE figures ADD COLUMN date_basis TEXT;
    ALTER TABLE figures ADD COLUMN place_basis TEXT;
    ALTER TABLE events ADD COLUMN date_basis TEXT;
    ALTER TABLE events ADD COLUMN place_basis TEXT;
    """,
    # version 4: where a document's language came from, and the note for an unread language
    """
    ALTER TABLE documents ADD COLUMN language_source TEXT;
    ALTER TABLE documents ADD COLUMN language_note TEXT;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# Columns written per table, in order; the store fills them from the records.
DOCUMENT_COLUMNS = ("id", "url", "source", "title", "published", "published_source", "language",
                    "language_source", "language_note", "path", "text", "clean_text", "removed", "credits", "done", "error",
                    "ingested_at")
LAYER_COLUMNS: dict[str, tuple[str, ...]] = {
    "posts": ("doc_id", "idx", "start", "end", "text", "author", "handle", "date"),
    "sentences": ("doc_id", "idx", "start", "end", "text"),
    "mentions": ("doc_id", "idx", "start", "end", "text", "label"),
    "dates": ("doc_id", "idx", "start", "end", "text", "value", "granularity", "anchor"),
    "places": ("doc_id", "idx", "start", "end", "text", "name", "geonameid", "lat", "lon",
               "country", "admin1", "feature", "resolved"),
    "actors": ("doc_id", "idx", "start", "end", "actor_id", "name", "aliases", "kind", "country",
               "sector", "role", "spans"),
    "quotes": ("doc_id", "idx", "start", "end", "text", "speaker", "speaker_name",
               "speaker_start", "speaker_end", "speaker_text", "cue", "kind", "date",
               "place", "date_basis", "place_basis"),
    "figures": ("doc_id", "idx", "start", "end", "text", "category", "value", "low", "high",
                "qualifier", "subject", "claimed_by", "claimed_by_name", "claimed_by_text",
                "date", "place", "unit", "date_basis", "place_basis"),
    "events": ("doc_id", "idx", "start", "end", "type", "mode", "source", "target",
               "source_names", "target_names", "status", "date", "place", "trigger_text",
               "sentence_start", "sentence_end", "confidence", "cameo_code", "date_basis",
               "place_basis"),
}
# Layer tables in the order a document's rows are written and read.
LAYER_TABLES = tuple(LAYER_COLUMNS)
# Columns holding JSON text, decoded on the way out.
JSON_COLUMNS = frozenset({"removed", "credits", "done", "aliases", "spans", "source", "target",
                          "source_names", "target_names"})


def _q(col: str) -> str:
    # "end" is a keyword in SQL.
    return f'"{col}"'


def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    cols = ", ".join(_q(c) for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({marks})"


def select_layer_sql(table: str) -> str:
    """All rows of one layer table for one document, in document order."""
    cols = ", ".join(_q(c) for c in LAYER_COLUMNS[table])
    return f"SELECT {cols} FROM {table} WHERE doc_id = ? ORDER BY idx"


SELECT_DOCUMENT = ("SELECT " + ", ".join(_q(c) for c in DOCUMENT_COLUMNS)
                   + " FROM documents WHERE id = ?")
SELECT_DOCUMENT_IDS = "SELECT id FROM documents ORDER BY published, id"
SELECT_DOCUMENT_META = """
    SELECT id, url, source, title, published, published_source, language, language_source,
           language_note, path, error,
           ingested_at, length(clean_text) AS clean_chars
    FROM documents {where} ORDER BY published, id
"""
SELECT_EXISTING = "SELECT 1 FROM documents WHERE id = ?"
SELECT_PREFIX = "SELECT id FROM documents WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 2"
COUNT_ROWS = "SELECT count(*) FROM {table}"
INSERT_FAILURE = "INSERT INTO failures (path, reason, at) VALUES (?, ?, ?)"
SELECT_FAILURES = "SELECT path, reason, at FROM failures ORDER BY id"
GET_META = "SELECT value FROM meta WHERE key = ?"
SET_META = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"

# The sentence containing a span's start: the evidence shown with a fact.
_EVIDENCE = """(SELECT s.text FROM sentences s
                WHERE s.doc_id = t.doc_id AND s.start <= t.start AND t.start < s."end"
                ORDER BY s.start DESC LIMIT 1)"""

# JSON-ready rows per layer, names resolved, with evidence; ``{where}`` filters by document.
ROW_QUERIES: dict[str, str] = {
    "events": """
        SELECT t.doc_id, t.start, t."end", t.type, t.mode, t.source_names, t.target_names,
               t.status, t.date, t.place, t.trigger_text AS trigger,
               t.confidence, t.cameo_code, t.source AS source_ids, t.target AS target_ids,
               t.sentence_start, t.sentence_end,
               substr(d.clean_text, t.sentence_start + 1, t.sentence_end - t.sentence_start)
                   AS evidence
        FROM events t JOIN documents d ON d.id = t.doc_id {where}
        ORDER BY t.date IS NULL, t.date, t.doc_id, t.idx""",
    "quotes": """
        SELECT t.doc_id, t.start, t."end", coalesce(t.speaker_name, t.speaker_text) AS speaker_name,
               t.text, t.kind, t.cue, t.date, t.speaker AS speaker_id, t.speaker_text,
               t.speaker_start, t.speaker_end, coalesce({evidence}, t.text) AS evidence
        FROM quotes t {where} ORDER BY t.doc_id, t.idx""",
    "figures": """
        SELECT t.doc_id, t.start, t."end", t.category, t.value, t.low, t.high, t.qualifier,
               t.unit, t.subject, coalesce(t.claimed_by_name, t.claimed_by_text) AS claimed_by_name,
               t.claimed_by AS claimed_by_id, t.claimed_by_text, t.date, t.place, t.text,
               coalesce({evidence}, t.text) AS evidence
        FROM figures t {where} ORDER BY t.category, t.doc_id, t.idx""",
    "actors": """
        SELECT t.doc_id, t.start, t."end", t.actor_id, t.name, t.aliases, t.kind, t.country,
               t.sector, t.role, t.spans
        FROM actors t {where} ORDER BY t.doc_id, t.idx""",
    "places": """
        SELECT t.doc_id, t.start, t."end", t.text, t.name, t.geonameid, t.lat, t.lon, t.country,
               t.admin1, t.feature, t.resolved, coalesce({evidence}, t.text) AS evidence
        FROM places t {where} ORDER BY t.doc_id, t.idx""",
    "dates": """
        SELECT t.doc_id, t.start, t."end", t.text, t.value, t.granularity, t.anchor,
               coalesce({evidence}, t.text) AS evidence
        FROM dates t {where} ORDER BY t.doc_id, t.idx""",
    "mentions": """
        SELECT t.doc_id, t.start, t."end", t.text, t.label
        FROM mentions t {where} ORDER BY t.doc_id, t.idx""",
    "posts": """
        SELECT t.doc_id, t.start, t."end", t.text, t.author, t.handle, t.date
        FROM posts t {where} ORDER BY t.doc_id, t.idx""",
    "sentences": """
        SELECT t.doc_id, t.idx, t.start, t."end", t.text
        FROM sentences t {where} ORDER BY t.doc_id, t.idx""",
}
ROW_LAYERS = tuple(ROW_QUERIES)
BOOL_COLUMNS = frozenset({"resolved"})


def row_query(layer: str, by_doc: bool) -> str:
    where = "WHERE t.doc_id = ?" if by_doc else ""
    return ROW_QUERIES[layer].format(where=where, evidence=_EVIDENCE)


SEARCH = """
    SELECT s.doc_id, s.idx, s.start, s."end", s.text,
           snippet(sentences_fts, 0, '[', ']', '…', 12) AS snippet,
           d.title, d.source, d.published
    FROM sentences_fts f
    JOIN sentences s ON s.id = f.rowid
    JOIN documents d ON d.id = s.doc_id
    WHERE sentences_fts MATCH ?
    ORDER BY f.rank
    LIMIT ?
"""

# Near-duplicate documents.
COPY_COLUMNS = ("doc_id", "copy_id", "key", "url", "source", "title", "path", "published",
                "similarity", "added_at")
INSERT_COPY = ("INSERT OR IGNORE INTO copies (" + ", ".join(COPY_COLUMNS) + ") VALUES ("
               + ", ".join("?" for _ in COPY_COLUMNS) + ")")
SELECT_COPIES = """
    SELECT c.doc_id, c.copy_id, c.url, c.source, c.title, c.path, c.published, c.similarity
    FROM copies c {where} ORDER BY c.doc_id, c.published IS NULL, c.published, c.id"""
SELECT_COPY_KEY = "SELECT doc_id FROM copies WHERE key = ?"
INSERT_SIGNATURE = ("INSERT INTO signatures (doc_id, scheme, signature) VALUES (?, ?, ?) "
                    "ON CONFLICT(doc_id) DO UPDATE SET scheme = excluded.scheme, "
                    "signature = excluded.signature")
SELECT_SIGNATURES = "SELECT doc_id, signature FROM signatures WHERE scheme = ?"
SELECT_SIGNATURE = "SELECT signature FROM signatures WHERE doc_id = ? AND scheme = ?"
SELECT_UNSIGNED = """
    SELECT d.id, d.text FROM documents d
    WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.doc_id = d.id AND s.scheme = ?)"""
SELECT_SOURCE = "SELECT url, path FROM documents WHERE id = ?"
SELECT_TEXTS = "SELECT id, clean_text FROM documents ORDER BY published IS NULL, published, id"
