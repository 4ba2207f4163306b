"""Situation reports: the data gathered from the store and its Markdown and HTML renderings."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from sitroom.records import Figure
from sitroom.report import build_report, format_figure, render_html, render_markdown, top_events
from sitroom.report.render import md_cell
from sitroom.store import SQLiteStore
from test_store import ARTICLE, sample_document

SECTIONS = ["summary", "top-events", "timeline", "figures", "quotes", "actors", "places"]
NOW = dt.datetime(2022, 3, 5, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def store():
    with SQLiteStore(":memory:") as s:
        a = sample_document()
        b = sample_document(ARTICLE + " Talks continue.", source="Other Wire", path="b.txt",
                            published="2022-03-04")
        # A third outlet reports the sanctions only, with a figure whose evidence has markup in it.
        text = "Brussels <b>|</b> The European Union is preparing new sanctions against Belarus."
        c = sample_document(ARTICLE, source="Third Post", path="c.txt", published="2022-03-02")
        c = dataclasses.replace(c, id="c" * 16)
        c.text = c.clean_text = text + " " + ARTICLE
        shift = len(text) + 1
        c.sentences = ((c.span(0, len(text)),)
                       + tuple(c.span(x.start + shift, x.end + shift) for x in a.sentences))
        c.events = tuple(dataclasses.replace(
            e, trigger=c.span(e.trigger.start + shift, e.trigger.end + shift),
            sentence=c.span(e.sentence.start + shift, e.sentence.end + shift))
            for e in a.events if e.type == "SANCTION")
        c.figures = (Figure(c.span(0, 8), "Brussels", "money", 2500000.0, None, None, "about",
                            None, None, None, None, "Brussels", "EUR"),)
        c.actors = tuple(dataclasses.replace(x, spans=tuple(c.span(y.start + shift, y.end + shift)
                                                            for y in x.spans))
                         for x in a.actors if x.id in ("a2", "a3"))
        c.quotes = c.places = c.dates = c.mentions = c.posts = ()
        s.add([a, b, c])
        yield s


def test_sections_are_a_list_in_order(store):
    rep = build_report(store, now=NOW)
    assert [s.id for s in rep.sections] == SECTIONS
    assert rep.generated == "2022-03-05T12:00:00+00:00"
    assert rep.section("figures").kind == "figures" and rep.section("nope") is None


def test_summary(store):
    s = build_report(store, now=NOW).summary
    assert s["documents"] == 3
    assert dict(s["outlets"]) == {"Wire": 1, "Other Wire": 1, "Third Post": 1}
    assert (s["date_from"], s["date_to"], s["date_range"]) == (
        "2022-03-02", "2022-03-04", "2022-03-02 to 2022-03-04")
    assert s["counts"] == {"events": 5, "quotes": 2, "figures": 5, "actors": 10, "places": 4,
                           "dates": 4}


def test_top_events_count_distinct_documents(store):
    top = build_report(store, now=NOW).section("top-events").data
    assert [(e["type"], e["source"], e["target"], e["documents"]) for e in top] == [
        ("SANCTION", "European Union", "Belarus", 3), ("COERCE", "Agne Kaleda", "—", 2)]
    assert top[0]["outlets"] == ["Other Wire", "Third Post", "Wire"]
    assert top[0]["status"] == "planned" and len(top[0]["evidence"]) == 3


def test_top_events_groups_by_type_names_and_date():
    base = {"mode": None, "status": "occurred", "evidence": "x", "trigger": "t"}
    rows = [dict(base, doc_id=d, type=t, source_names=s, target_names=["B"], date=day)
            for d, t, s, day in [("d1", "AID", ["A"], "2022-01-01"), ("d1", "AID", ["A"], "2022-01-01"),
                                 ("d2", "AID", ["A"], "2022-01-01"), ("d3", "AID", ["A"], "2022-01-02"),
                                 ("d3", "AID", ["C"], "2022-01-01"), ("d4", "AID", ["C"], "2022-01-01"),
                                 ("d5", "AID", ["C"], "2022-01-01")]]
    top = top_events(rows, n=5)
    assert [(e["source"], e["date"], e["documents"], e["mentions"]) for e in top] == [
        ("C", "2022-01-01", 3, 3), ("A", "2022-01-01", 2, 3), ("A", "2022-01-02", 1, 1)]
    assert len(top_events(rows, n=1)) == 1


def test_figure_formatting():
    assert format_figure({"qualifier": "at_least", "value": 10.0, "low": 10.0, "high": None}) == "at least 10"
    assert format_figure({"qualifier": "about", "value": 2000.0, "low": None, "high": None}) == "about 2,000"
    assert format_figure({"qualifier": "range", "value": None, "low": 3.0, "high": 5.0}) == "3–5"
    assert format_figure({"qualifier": "at_most", "value": None, "low": None, "high": 40.0}) == "at most 40"
    assert format_figure({"qualifier": "exact", "value": 1.5, "low": 1.5, "high": 1.5,
                          "unit": "EUR"}) == "1.5 EUR"
    assert format_figure({"qualifier": "vague", "value": None, "low": 24.0, "high": None,
                          "text": "dozens"}) == "dozens (≥ 24)"


def test_markdown_has_every_section(store):
    md = render_markdown(build_report(store, now=NOW))
    assert md.startswith("# Situation report\n\n_Generated 2022-03-05T12:00:00+00:00 by sitroom "
                         "from 3 documents._\n")
    titles = re.findall(r"^## (.+)$", md, re.M)
    assert titles == ["Corpus", "Most reported events", "Timeline of events", "Figures",
                      "Quotes by speaker", "Actors", "Places"]
    assert "### 1. SANCTION: European Union → Belarus\n\nReported by **3** documents" in md
    assert "| about 2,500,000 EUR | — | — | — | Brussels |" in md
    assert "| Agne Kaleda | person | LT | GOV | interior minister | 2 |" in md
    assert "| Medininkai | LT | 54.5402 | 25.6486 | 2 |" in md
    assert "### Agne Kaleda (2)" in md
    # Table cells are escaped, so the pipe in the evidence does not split the row.
    row = next(line for line in md.splitlines() if line.startswith("| about 2,500,000"))
    assert row.count(" | ") == 6
    assert "\n\n\n" not in md


def test_html_is_self_contained_and_escaped(store):
    html = render_html(build_report(store, now=NOW))
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<style>" in html
    assert not re.search(r"<script|<link|<img|src=|url\(|@import", html)
    for sid in SECTIONS:
        assert f'<section id="{sid}"' in html
        assert f'href="#{sid}"' in html
    assert "&lt;b&gt;|&lt;/b&gt;" in html and "<b>|</b>" not in html
    assert "<td class=\"num nowrap\">about 2,500,000 EUR</td>" in html


def test_empty_store_renders(tmp_path):
    with SQLiteStore(tmp_path / "e.db") as s:
        rep = build_report(s, now=NOW)
    md = render_markdown(rep)
    assert md.count("_None found._") == 6
    assert "| Published | unknown |" in md
    assert render_html(rep).count('class="empty"') == 6


def test_long_sections_are_capped(store):
    rep = build_report(store, now=NOW, max_rows=2, top=1)
    assert len(rep.section("timeline").data) == 2
    assert rep.section("timeline").note == "Showing 2 of 5 events."
    assert len(rep.section("top-events").data) == 1
    assert "_Showing 2 of 5 events._" in render_markdown(rep)


def test_md_cell():
    assert md_cell(None) == "—"
    assert md_cell("a | b\nc") == "a \\| b c"
    assert md_cell("*bold*") == "\\*bold\\*"


def test_undated_events_last_in_timeline(store):
    rows = build_report(store, now=NOW).section("timeline").data
    dates = [r["date"] for r in rows]
    assert dates == sorted(d for d in dates if d) + [None] * dates.count(None)
    assert isinstance(rows[0], dict) and rows[0]["short_id"] == rows[0]["doc_id"][:8]

