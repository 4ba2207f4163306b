"""The anchor stage: each event, quote and figure gets its governing date and place, with how."""
from __future__ import annotations

import pytest

from sitroom.extract.anchor import anchor_document
from sitroom.records import DateRef, Document, Event, Figure, Place, Quote, Span

TEXT = ("Guards detained 45 migrants near Sokolka on Sunday. Officials counted 30 more.\n\n"
        "On Saturday, 50 people crossed near Starzyna. They were taken to a guarded centre. "
        "Another 12 were found.\n\n"
        "The minister said the border was calm. He said 20 had been fined.")


def _span(doc: Document, needle: str, nth: int = 0) -> Span:
    i = -1
    for _ in range(nth + 1):
        i = doc.clean_text.index(needle, i + 1)
    return doc.span(i, i + len(needle))


def _doc() -> Document:
    doc = Document.from_text(TEXT, published="2021-11-15")
    doc.clean_text = TEXT
    # sentences end at a full stop before a space or a line break
    sents, start = [], 0
    for i, ch in enumerate(TEXT):
        if ch == "." and (i + 1 == len(TEXT) or TEXT[i + 1] in " \n"):
            sents.append(doc.span(start, i + 1))
            start = i + 1
            while start < len(TEXT) and TEXT[start] in " \n":
                start += 1
    doc.sentences = tuple(sents)
    doc.dates = (DateRef(_span(doc, "on Sunday"), "on Sunday", "2021-11-14", "day", "published"),
                 DateRef(_span(doc, "On Saturday"), "On Saturday", "2021-11-13", "day", "published"))

    def place(name, country, feature="village"):
        s = _span(doc, name)
        return Place(s, name, name, None, None, None, country, None, feature, False, (s,))
    doc.places = (place("Sokolka", "PL"), place("Starzyna", "PL"))
    return doc


def _figure(doc, needle, date=None, place=None):
    s = _span(doc, needle)
    return Figure(s, needle, "people", 1.0, 1.0, None, "exact", None, None, None, date, place)


def test_own_dates_and_places_are_kept_with_their_basis():
    doc = _doc()
    doc.figures = (_figure(doc, "45 migrants", "2021-11-14", "Sokolka"),)
    f = anchor_document(doc)["figures"][0]
    # without a parse the clause is unknown: the expression is at least in the sentence
    assert (f.date, f.date_basis, f.place, f.place_basis) == ("2021-11-14", "sentence", "Sokolka", "sentence")


def test_undated_record_takes_its_sentence_then_its_paragraph():
    doc = _doc()
    doc.figures = (_figure(doc, "30 more"), _figure(doc, "12 were"), _figure(doc, "45 migrants"))
    same_para, later_sentence, in_sentence = anchor_document(doc)["figures"]
    assert (later_sentence.date, later_sentence.date_basis) == ("2021-11-13", "paragraph")
    assert (later_sentence.place, later_sentence.place_basis) == ("Starzyna", "paragraph")
    assert (in_sentence.date, in_sentence.date_basis) == ("2021-11-14", "sentence")
    assert (same_para.date, same_para.date_basis) == ("2021-11-14", "paragraph")


def test_nothing_is_filled_from_the_publication_date():
    doc = _doc()
    doc.figures = (_figure(doc, "20 had"),)
    f = anchor_document(doc)["figures"][0]
    assert (f.date, f.date_basis, f.place, f.place_basis) == (None, None, None, None)


def test_events_and_quotes_are_anchored_too():
    doc = _doc()
    trig = _span(doc, "crossed")
    sent = doc.sentence_of(trig)
    doc.events = (Event("MOBILIZE", None, (), (), "occurred", None, None, trig, "crossed", sent, 0.5),)
    q = _span(doc, "the border was calm")
    doc.quotes = (Quote(q, "the border was calm", None, _span(doc, "The minister"), "The minister",
                        "said", "indirect", None),)
    out = anchor_document(doc)
    e, quote = out["events"][0], out["quotes"][0]
    assert (e.date, e.date_basis, e.place, e.place_basis) == ("2021-11-13", "sentence", "Starzyna", "sentence")
    assert (quote.date, quote.date_basis) == (None, None)


def test_a_date_inside_quoted_words_does_not_date_the_speaking():
    text = 'The mayor said: "We expect more people on Friday."'
    doc = Document.from_text(text, published="2021-11-15")
    doc.clean_text = text
    doc.sentences = (doc.span(0, len(text)),)
    d = text.index("on Friday")
    doc.dates = (DateRef(doc.span(d, d + 9), "on Friday", "2021-11-19", "day", "published"),)
    q0 = text.index("We")
    doc.quotes = (Quote(doc.span(q0, len(text) - 2), text[q0:-2], None, doc.span(0, 9), "The mayor",
                        "said", "direct", None),)
    assert anchor_document(doc)["quotes"][0].date is None


@pytest.fixture(scope="module")
def processed():
    import sitroom
    text = ("Polish border guards detained 45 migrants near the village of Sokolka on Sunday, "
            "a spokeswoman said.\n\nEU trade ministers are due to convene on Monday to widen "
            "sanctions on Belarus.")
    return sitroom.process(text, published="2021-11-14")


def test_pipeline_runs_the_anchor_stage(processed):
    assert "anchor" in processed.done
    for rec in processed.events + processed.quotes + processed.figures:
        assert rec.date_basis in (None, "own", "sentence", "paragraph")
        assert (rec.date is None) == (rec.date_basis is None)
    fig = next(f for f in processed.figures if f.value == 45)
    assert fig.date == "2021-11-14" and fig.date_basis in ("own", "sentence")


def test_a_period_bound_does_not_date_an_act():
    text = "More than 900 people have been flown home since November 18."
    doc = Document.from_text(text, published="2021-11-26")
    doc.clean_text = text
    doc.sentences = (doc.span(0, len(text)),)
    s = doc.clean_text.index("since November 18")
    doc.dates = (DateRef(doc.span(s, s + 17), "since November 18", "2021-11-18", "day", "published"),)
    i = text.index("900 people")
    doc.figures = (Figure(doc.span(i, i + 10), "900 people", "returned", 900.0, 900.0, None,
                          "at_least", None, None, None, None, None),)
    f = anchor_document(doc)["figures"][0]
    assert (f.date, f.date_basis) == (None, None)
