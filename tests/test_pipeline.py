"""The pipeline: stage order checks, streaming, failure isolation, never crashing."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sitroom
from sitroom.errors import PipelineError
from sitroom.pipeline import REGISTRY, Pipeline, register
from sitroom.records import Document, content_id

ARTICLE = (
    "VILNIUS, Nov 10 (Baltic Wire) - Lithuanian border guards turned back 40 migrants "
    "near the village of Medininkai on Tuesday, the interior ministry said.\n\n"
    "\"We will not let our border be used as a weapon,\" Interior Minister Agne Bilotaite "
    "told reporters in Vilnius."
)


def test_out_of_order_stages_fail_at_build_time():
    with pytest.raises(PipelineError, match="needs"):
        Pipeline(["events", "annotate"])


def test_unknown_stage_is_named():
    with pytest.raises(PipelineError, match="unknown stage 'nope'"):
        Pipeline(["clean", "nope"])


def test_construction_loads_nothing():
    pl = Pipeline()
    assert pl.resources._cache == {}
    assert pl.names == ["clean", "annotate", "dates", "places", "actors", "quotes", "figures", "events",
                        "anchor"]


def test_document_id_is_content_hash():
    a = Document.from_text("Some text.\n")
    b = Document.from_text("Some text.")
    assert a.id == b.id == content_id("Some text.")
    assert len(a.id) == 16


def test_process_fills_every_layer(pipeline):
    doc = sitroom.process(ARTICLE, published="2021-11-10", pipeline=pipeline)
    assert doc.error is None
    assert doc.done == tuple(pipeline.names)
    assert doc.sentences and doc.mentions
    # every span points inside the clean text and carries the document id
    for layer in ("mentions", "dates", "places", "quotes", "figures"):
        for rec in getattr(doc, layer):
            assert rec.span.doc_id == doc.id
            assert 0 <= rec.span.start < rec.span.end <= len(doc.clean_text)
    for ev in doc.events:
        assert ev.sentence.start <= ev.trigger.start < ev.trigger.end <= ev.sentence.end
    assert any(d.value == "2021-11-09" for d in doc.dates)


def test_a_failing_document_does_not_stop_the_batch(pipeline):
    if "explode" not in REGISTRY:
        @register("explode", requires=("clean_text",), assigns=())
        def explode(doc, res):
            if "BOOM" in doc.clean_text:
                raise ValueError("cannot handle BOOM")
            return {}
    pl = Pipeline(["clean", "explode", "annotate"], resources=pipeline.resources)
    docs = [Document.from_text(t) for t in ("First fine text.", "BOOM goes this one.", "Third one.")]
    out = list(pl.pipe(docs))
    assert [d.error is None for d in out] == [True, False, True]
    assert "explode" in out[1].error and "BOOM" in out[1].error
    assert out[2].sentences


def test_pipe_streams_lazily(pipeline):
    seen = []

    def gen():
        for i in range(5):
            seen.append(i)
            yield Document.from_text(f"Report number {i} from Warsaw.")

    it = Pipeline(batch_size=2, resources=pipeline.resources).pipe(gen())
    first = next(it)
    assert first.error is None
    assert len(seen) == 2      # only the first batch was pulled


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_process_never_crashes_on_arbitrary_text(pipeline, text):
    doc = sitroom.process(text, pipeline=pipeline)
    assert doc.error is None
    assert isinstance(doc.clean_text, str)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "Poland said it arrested dozens of migrants on Sunday.", "\"No,\" he said.", "—",
    "At least 3,000 people", "according to", "I subscribe", "- Someone (@x) November 14, 2021",
    "\n\n", "Minsk", "“", "”", "on Monday", "between 3 and", "€", "Read also:"]), max_size=12))
def test_process_never_crashes_on_news_like_fragments(pipeline, parts):
    doc = sitroom.process(" ".join(parts), published="2021-11-14", pipeline=pipeline)
    assert doc.error is None
