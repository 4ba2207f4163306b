"""Fuzzing the readers and process(): whatever the input holds, the result is documents
and failures (readers) or a document or a SitroomError (process), never another error."""
from __future__ import annotations

import gzip
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sitroom
from sitroom.errors import SitroomError
from sitroom.ingest.reader import Failure, read_file
from sitroom.records import Document

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Any character at all, lone surrogates and NULs included.
ANY_CHAR = st.characters(codec=None, categories=None)
WORDS = st.sampled_from(["Warsaw", "said", "on", "Monday", "\x00", "\ud800", "\udfff", '"',
                         "«", "''", "(@x)", "\n", "\n\n", "<div>", "</p>", "&amp;", "]", "{", " "])
HOSTILE_TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=200),
    st.lists(WORDS, max_size=80).map(" ".join),
    st.integers(1, 5000).map(lambda n: "[" * n + "]" * n),            # deep nesting
    st.integers(1, 3000).map(lambda n: "<div>" * n + "Minsk said so." + "</div>" * n),
    st.integers(10_000, 200_000).map(lambda n: "x" * n),              # a huge line
    st.integers(1, 20_000).map(lambda n: '". ' * n),
)


def _check(items):
    for item in items:
        assert isinstance(item, (Document, Failure))
        if isinstance(item, Document):
            item.text.encode("utf-8")            # storable text
            (item.path or "").encode("utf-8")
        else:
            assert item.reason and "\n" not in item.reason


def _encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")


@FUZZ
@given(text=HOSTILE_TEXT, ext=st.sampled_from(["txt", "html", "jsonl", "json", "xml", "bin"]))
def test_readers_never_raise_on_text(text, ext):
    _check(read_file(f"in.{ext}", _encode(text)))


@FUZZ
@given(text=HOSTILE_TEXT, depth=st.integers(0, 3000), key=st.sampled_from(["text", "html", "title"]))
def test_readers_never_raise_on_json_records(text, depth, key):
    value = json.dumps(text)                      # escapes surrogates as \\udXXX
    record = '{"%s": %s, "extra": %s}' % (key, value, "[" * depth + "]" * depth)
    _check(read_file("in.jsonl", record.encode("utf-8") + b"\n" + record.encode("utf-8")))
    _check(read_file("in.json", ("[" + record + "]").encode("utf-8")))


@FUZZ
@given(text=HOSTILE_TEXT, cut=st.integers(0, 400))
def test_readers_never_raise_on_gzip(text, cut):
    packed = gzip.compress(_encode(text))
    _check(read_file("in.txt.gz", packed))
    _check(read_file("in.txt.gz", packed[:cut]))
    _check(read_file("in.gz", b"\x1f\x8b" + _encode(text)[:cut]))


@FUZZ
@given(text=HOSTILE_TEXT)
def test_feeds_never_raise(text):
    title = text[:300]
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><item>'
            '<title>%s</title><description>%s</description></item></channel></rss>')
    _check(read_file("in.xml", _encode(feed % (title, title, text))))


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(ANY_CHAR, max_size=300), st.lists(WORDS, max_size=60).map(" ".join),
                      st.integers(1, 20_000).map(lambda n: '"' * n)),
       published=st.one_of(st.none(), st.just("2021-11-14"), st.text(ANY_CHAR, max_size=12)))
def test_process_returns_a_document_or_raises_a_sitroom_error(pipeline, text, published):
    try:
        doc = sitroom.process(text, published=published, pipeline=pipeline)
    except SitroomError:
        return
    for q in doc.quotes:
        assert doc.clean_text[q.span.start:q.span.end]
