"""Shared fixtures: the loaded pipeline (once per session) and the location of ../shared."""
from __future__ import annotations

import itertools
import os
import re
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def load_tool(name: str):
    """A build script of the repo's ``tools/`` folder, loaded as a module."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(f"tools_{name}", REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def shared() -> Path:
    """The third-party data folder beside the repo; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared: Path) -> str:
    files = sorted((shared / "seed").glob("*.txt"))
    if not files:
        pytest.skip("seed article not present")
    return files[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pipeline():
    from sitroom.pipeline import default_pipeline
    return default_pipeline()


@pytest.fixture(scope="session")
def seed_doc(seed_text, pipeline):
    from sitroom import process
    return process(seed_text, published="2021-11-14", pipeline=pipeline)


class LightPipeline:
    """Stands in for the pipeline where a test is about ingest and storage, not extraction:
    no cleaning, sentences split at end punctuation, "FAIL" in a text makes it fail."""

    def __init__(self, *args, **kwargs):
        self.seen: list[str] = []

    def pipe(self, docs, batch_size=None):
        for doc in docs:
            self.seen.append(doc.path)
            doc.clean_text = doc.text.strip()
            doc.sentences = tuple(doc.span(m.start(), m.end())
                                  for m in re.finditer(r"[^.!?]+[.!?]", doc.clean_text))
            if "FAIL" in doc.text:
                doc.error = "events: ValueError: cannot parse"
            yield doc


@pytest.fixture
def light(monkeypatch):
    """Every Pipeline built during the test is one LightPipeline, returned to the test."""
    pl = LightPipeline()
    monkeypatch.setattr("sitroom.pipeline.Pipeline", lambda *a, **k: pl)
    return pl


def make_doc(text: str, actors=(), dates=(), places=()):
    """A parsed document whose actor, date and place layers are given by hand.

    actors: (name, kind, [surface, ...][, country, sector]), the name doubling as the
    actor's id; dates: (surface, value); places: (surface, country).
    """
    from sitroom.annotate import annotate
    from sitroom.records import Actor, DateRef, Document, Place
    from sitroom.resources import Resources
    doc = Document.from_text(text, published="2021-11-14")
    doc.clean_text = text
    for k, v in annotate([doc], Resources())[0].items():
        setattr(doc, k, v)

    def spans(surface):
        return tuple(doc.span(m.start(), m.end())
                     for m in re.finditer(r"\b%s\b" % re.escape(surface), text))

    doc.actors = tuple(Actor(a[0], a[0], (), a[1], *(tuple(a[3:5]) + (None, None))[:2], None,
                             tuple(s for sf in a[2] for s in spans(sf)))
                       for a in actors)
    doc.dates = tuple(DateRef(s, surface, value, "day", "published")
                      for surface, value in dates for s in spans(surface))
    doc.places = tuple(Place(s, surface, surface, None, None, None, country, None, "village", True)
                       for surface, country in places for s in spans(surface))
    return doc


# PostgreSQL for the store's tests: the server CI starts (trust auth, database `test`),
# or the one SITROOM_TEST_PG names. Each test gets a schema of its own, with a name unique
# to this run, dropped afterwards, so that parallel runs do not collide.
PG_URL = os.environ.get("SITROOM_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_admin():
    """A connection to the test server; tests needing PostgreSQL skip when it does not answer."""
    psycopg = pytest.importorskip("psycopg")
    try:
        conn = psycopg.connect(PG_URL, connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL does not answer at {PG_URL}: {str(exc).strip()}")
    conn.execute("SET lock_timeout = '20s'")
    yield conn
    conn.close()


_PG_RUN = f"sitroom_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
_pg_counter = itertools.count()


@pytest.fixture
def pg_url(pg_admin):
    """The URL of a fresh, empty PostgreSQL schema (created by the store when it opens)."""
    name = f"{_PG_RUN}_{next(_pg_counter)}"
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}schema={name}"
    pg_admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
