"""Quantities: values, scales, units, ranges, changes, qualifiers, and what is no quantity."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.evaluate.newsquant import evaluate_newsquant, quantity_value, score_sentence
from sitroom.extract.figures.quantities import Quantity, extract_quantities


def qs(text: str) -> list[Quantity]:
    return extract_quantities(text)


def one(text: str, **want) -> Quantity:
    hits = [q for q in qs(text) if all(getattr(q, k) == v for k, v in want.items())]
    assert len(hits) == 1, (want, qs(text))
    return hits[0]


def values(text: str) -> list:
    return [quantity_value(q) for q in qs(text)]


def test_scales_in_words_symbols_and_suffixes():
    assert one("The agency counted 4 hundred million visitors.").value == 400_000_000
    assert one("Exports reached two thousand tonnes.").value == 2000
    assert one("Half a million people fled the valley.").value == 500_000
    assert one("The talks lasted two and a half years.").value == 2.5
    m = one("The port authority spent £8.1bn on new cranes.")
    assert (m.value, m.currency, m.kind) == (8_100_000_000, "GBP", "money")
    m = one("The club paid €25m for the striker.")
    assert (m.value, m.currency) == (25_000_000, "EUR")
    assert one("Some 1.5m people live in the region.").value == 1_500_000
    d = one("The deficit widened to $-50.8bn in April.")
    assert d.value == -50_800_000_000 and d.currency == "USD"


def test_units_glued_or_written_out():
    got = {(q.value, q.unit_norm, q.kind) for q in qs(
        "The coupe reaches 87 mph (140 km/h), has a 6.1-inch screen and a 640bhp engine "
        "and sits on a 32m2 plot.")}
    assert got == {(87, "mile per hour", "speed"), (140, "kilometre per hour", "speed"),
                   (6.1, "inch", "length"), (640, "brake horsepower", "power"),
                   (32, "square metre", "area")}
    p = one("Turnout was 47.6 per cent.")
    assert (p.value, p.unit_norm, p.kind) == (47.6, "percentage", "percent")
    r = one("Petrol averaged $2.11 per gallon last year.")
    assert r.unit_norm == "dollar per gallon"


def test_counted_nouns_are_the_unit_of_counts():
    q = one("The firm employs 13,000 skilled workers in the region.")
    assert (q.value, q.kind, q.unit, q.unit_norm) == (13000, "count", "skilled workers", "skilled worker")


def test_ranges_share_scale_and_unit():
    assert values("Speeds of 15-22 miles per hour were measured.") == [(15, 22)]
    assert values("Prices are expected to rise between 5% and 6%.") == [(5, 6)]
    assert values("Claims ranged from $200 to $4 million.") == [(200, 4_000_000)]
    assert values("Villas cost $1 million to $1.25 million.") == [(1_000_000, 1_250_000)]
    assert values("There were 1 to 2 thousand people.") == [(1000, 2000)]
    assert values("It took three or four years.") == [(3, 4)]
    r = one("Revenue will be $89 to $93 billion.")
    assert (r.low, r.high, r.qualifier) == (89e9, 93e9, "range")


def test_changes_and_their_direction():
    c = one("Growth is forecast to slow from 4.8 to 4.7 percent.")
    assert (c.from_value, c.value, c.unit_norm) == (4.8, 4.7, "percentage")
    assert quantity_value(c) == (4.8, 4.7)
    # words between the two ends
    c = one("Mileage rose from 20 miles per gallon in 2008 to 29 mpg.")
    assert (c.from_value, c.value) == (20, 29)
    got = [(q.value, q.change) for q in qs("Acme rose 8.15% to 3.65 while Zeta fell 0.94% and "
                                           "the index was up 19 cents.")]
    assert got == [(8.15, "up"), (3.65, "="), (0.94, "down"), (19, "up")]
    assert one("Futures traded +0.3% before the bell.").change == "up"


def test_qualifiers():
    got = [(q.value, q.low, q.high, q.qualifier, q.change) for q in qs(
        "It has more than 1,000 customers, a grant worth up to $8 million and about 300 songs.")]
    assert got == [(1000, 1000, None, "at_least", ">"), (8e6, None, 8e6, "at_most", "<"),
                   (300, 300, 300, "about", "~")]


def test_vague_amounts_fractions_and_ratios():
    d = one("Dozens of people were injured.")
    assert (d.value, d.low, d.high, d.scale, d.qualifier) == (None, 24, None, 12, "vague")
    assert quantity_value(d) == (12, 120)
    assert values("Tens of thousands of students marched.") == [(10_000, 100_000)]
    money = one("The repairs cost tens of millions of dollars.")
    assert money.kind == "money" and quantity_value(money) == (10_000_000, 100_000_000)
    assert one("Nearly two-thirds of voters backed the plan.").value == pytest.approx(2 / 3)
    assert one("One out of three households owns a car.").value == pytest.approx(1 / 3)
    assert one("A third of the budget went on defence.").kind == "fraction"


def test_things_that_are_no_quantities():
    text = ("The deal was signed on September 8 and takes effect March 29, 2020. In 2019 the "
            "club scored in the 96th minute at 10.45pm, and again at 5:00 AM. The new iPhone 11 "
            "and the 737 Max were grounded under Article 5 after a 2-0 defeat; for each one "
            "they lose, the bottom three are relegated.")
    assert qs(text) == []


def test_one_counts_only_before_a_noun():
    assert [q.value for q in qs("He has one solution, one of the best on offer.")] == [1, 1]
    assert qs("They add a user for each one they lose.") == []


def test_spans_cover_qualifier_symbol_and_unit():
    text = "The fund raised more than US $1.1 million last week."
    q = one(text)
    assert text[q.start:q.end] == q.text == "more than US $1.1 million"


def test_newsquant_scoring_of_quantities(tmp_path):
    items = [{"text": "Shares rose 3% to $12.50, and dozens of traders left.",
              "quantities": [{"value": "3", "unit": "%", "normalized_unit": "percentage", "change": "up"},
                             {"value": "12.5", "unit": "$", "normalized_unit": "dollar", "change": "="},
                             {"value": "12-120", "unit": "traders", "normalized_unit": "trader",
                              "change": "="}]},
             {"text": "The meeting ended on Friday.", "quantities": []}]
    c = score_sentence(items[0], qs(items[0]["text"]))
    assert (c["value"].tp, c["value"].fp, c["value"].fn) == (3, 0, 0)
    assert c["value_unit"].tp == 3 and c["value_change"].tp == 3
    f = tmp_path / "NewsQuant.dev.json"
    f.write_text(json.dumps(items), encoding="utf-8")
    r = evaluate_newsquant(f)
    assert r.documents == 2
    assert (r.layers["value"]["tp"], r.layers["value"]["fp"], r.layers["value"]["fn"]) == (3, 0, 0)


_PIECES = ["$", "US", "€", "5", "1,200", "3.5", "-", "–", "to", "from", "and", "between", "m", "bn",
           "%", "per", "cent", "a", "half", "thirds", "two", "hundred", "dozens", "of", "people",
           "km/h", "more", "than", "up", "rose", "minus", "PS2.7m", "10:30", "1/16", "~25",
           "Article", "iPhone", "May", ",", ".", "\n\n", "year-old", "one", "out"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25))
def test_never_crashes_and_spans_are_in_the_text(pieces):
    text = " ".join(pieces)
    for q in extract_quantities(text):
        assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text
        assert q.qualifier in {"exact", "at_least", "at_most", "about", "range", "vague"}
        assert q.change in {"=", "~", ">", "<", "up", "down"}
