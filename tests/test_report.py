"""Situation reports: sections built from the merged situation, Markdown and self-contained HTML."""
from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import re
import struct

import pytest

from sitroom.report import build_report, format_figure, render_html, render_markdown, top_events
from sitroom.report import charts, geomap, network, outlines
from sitroom.report.build import figure_label, series_view, short_label
from sitroom.report.render import md_cell
from sitroom.report.svg import day_ticks, place_date, score_colour, value_ticks
from sitroom.situation.model import (Edge, EventMention, FigurePoint, FigureSeries, GlobalActor,
                                     MapPoint, MergedEvent, Situation, Story)
from sitroom.store import SQLiteStore
from test_store import ARTICLE, sample_document

SECTIONS = ["summary", "stories", "timeline", "figures", "network", "map", "quotes", "actors"]
NOW = dt.datetime(2022, 3, 5, 12, 0, tzinfo=dt.timezone.utc)


def _mention(doc, outlet, published, etype, sentence, trigger, date=None):
    return EventMention(doc, outlet, published, etype, date, sentence, trigger, 0, len(sentence))


def _event(eid, etype, src, tgt, date, score, mentions, names=None):
    docs = {m.doc_id for m in mentions}
    outlets = tuple(sorted({m.outlet for m in mentions if m.outlet}))
    pubs = sorted(m.published for m in mentions if m.published)
    return MergedEvent(eid, etype, None, src, tgt, names[0] if names else (), names[1] if names else (),
                       "occurred", date, None, None, None, pubs[0] if pubs else None,
                       pubs[-1] if pubs else None, len(docs), len(outlets) or len(docs), score,
                       tuple(mentions), outlets=outlets)


def _point(date, value, who, doc, outlet="Wire", q="exact", low=None, high=None, published=None):
    return FigurePoint(date, value, low, high, q, who, doc, outlet, published or date,
                       f"{who} said the figure was {value}.")


def make_situation(doc_a: str = "a" * 16, doc_b: str = "b" * 16) -> Situation:
    """An invented crisis: two ministers, a border, a disputed death toll."""
    actors = [
        GlobalActor("A1", "Agne Kaleda", ("Kaleda",), "person", "LT", "GOV", "interior minister",
                    ((doc_a, "a1"), (doc_b, "a1"))),
        GlobalActor("A2", "European Union", ("EU",), "organization", None, "IGO", None,
                    ((doc_a, "a2"),)),
        GlobalActor("A3", "Belarus", (), "country", "BY", "GOV", None, ((doc_a, "a3"),)),
        GlobalActor("A4", "Border Watch", (), "organization", "LT", "NGO", None, ()),
    ]
    s1 = "The European Union is preparing new sanctions against Belarus, an EU official said."
    s2 = "EU ministers readied fresh sanctions on Belarus on Thursday."
    s3 = "Kaleda met Border Watch volunteers near Medininkai."
    events = [
        _event("E1", "SANCTION", ("A2",), ("A3",), "2022-03-03", -6.0,
               [_mention(doc_a, "Wire", "2022-03-03", "SANCTION", s1, "sanctions"),
                _mention(doc_b, "Other Wire", "2022-03-04", "SANCTION", s2, "sanctions")],
               (("European Union",), ("Belarus",))),
        _event("E2", "CONSULT", ("A1",), ("A4",), None, 1.5,
               [_mention(doc_a, "Wire", "2022-03-03", "CONSULT", s3, "met")],
               (("Agne Kaleda",), ("Border Watch",))),
        _event("E3", "CONSULT", ("A1",), ("A4",), "2022-03-01", 1.5,
               [_mention(doc_b, "Other Wire", "2022-03-04", "CONSULT", s3, "met")],
               (("Agne Kaleda",), ())),
    ]
    dead = FigureSeries("S1", "dead", "migrants", "Medininkai", (
        _point("2022-03-01", 7.0, "aid groups", doc_a, q="at_least", low=7.0),
        _point("2022-03-01", 3.0, "Agne Kaleda", doc_a),
        _point("2022-03-01", 3.0, "Agne Kaleda", doc_b, outlet="Other Wire"),
        _point("2022-03-03", 9.0, "aid groups", doc_b, outlet="Other Wire", q="about"),
        _point("2022-03", None, None, doc_b, q="range", low=10.0, high=12.0,
               published="2022-03-04"),
    ))
    money = FigureSeries("S2", "money", "money", None, (
        _point("2022-03-02", 2_500_000.0, "European Union", doc_a),))
    edges = [Edge("A2", "A3", (("SANCTION", 1),), -6.0, ("E1",)),
             Edge("A1", "A4", (("CONSULT", 2),), 1.5, ("E2", "E3"))]
    places = [MapPoint("Medininkai", 54.54, 25.65, "LT", 3, 2),
              MapPoint("Vilnius", 54.69, 25.28, "LT", 2, 2),
              MapPoint("Lithuania", 54.69, 25.28, "LT", 4, 2),
              MapPoint("Europe", 48.69, 9.14, None, 1, 1)]
    stories = [Story("T1", "Lithuania, Belarus", (doc_a, doc_b), ("Agne Kaleda",), ("Medininkai",),
                     "2022-03-03", "2022-03-04")]
    return Situation(actors=actors, events=events, series=[dead, money], edges=edges,
                     stories=stories, places=places)


@pytest.fixture
def store():
    with SQLiteStore(":memory:") as s:
        a = sample_document()
        b = sample_document(ARTICLE + " Talks continue.", source="Other Wire", path="b.txt",
                            published="2022-03-04")
        s.add([a, b])
        yield s


@pytest.fixture
def report(store):
    ids = [d["id"] for d in store.document_meta()]
    return build_report(store, now=NOW, situation=make_situation(*sorted(ids)))


def test_sections_in_order(report):
    assert [s.id for s in report.sections] == SECTIONS
    assert report.generated == "2022-03-05T12:00:00+00:00"
    assert report.section("figures").kind == "figures" and report.section("nope") is None


def test_summary_counts_the_merged_situation(report):
    s = report.summary
    assert s["documents"] == 2 and s["date_range"] == "2022-03-03 to 2022-03-04"
    assert s["counts"]["merged events"] == 3 and s["counts"]["event reports"] == 4
    assert s["counts"]["figure series"] == 2 and s["counts"]["figure claims"] == 6
    # Only happenings reported by more than one document are "reported most often".
    assert [e["id"] for e in s["top"]] == ["E1"]


def test_timeline_sorted_with_evidence(report):
    rows = report.section("timeline").data
    assert [r["id"] for r in rows] == ["E3", "E1", "E2"]          # dated first, undated last
    e1 = rows[1]
    assert e1["who"] == "European Union → Belarus" and rows[0]["who"] == "Agne Kaleda"
    assert [m["outlet"] for m in e1["mentions"]] == ["Wire", "Other Wire"]
    assert e1["mentions"][0]["trigger"] == "sanctions"
    assert e1["mentions"][0]["pre"].endswith("preparing new ")
    assert rows[2]["day"] is None and str(rows[2]["report_day"]) == "2022-03-03"


def test_series_keeps_conflicting_claims_side_by_side(report):
    figs = report.section("figures").data
    assert [v["id"] for v in figs["charts"]] == ["S1"]          # a lone claim is not charted
    assert [c["series"] for c in figs["others"]] == ["Money"]
    v = figs["charts"][0]
    day = [c for c in v["claims"] if str(c["day"]) == "2022-03-01"]
    assert sorted((c["claimant"], c["label"]) for c in day) == [("Agne Kaleda", "3"),
                                                                ("aid groups", "≥7")]
    kaleda = next(c for c in day if c["claimant"] == "Agne Kaleda")
    assert kaleda["reports"] == 2 and kaleda["outlets"] == ["Wire", "Other Wire"]
    assert v["disputed"] == ["2022-03-01"]
    # A month-only date is drawn on its report's publication day, inside that month.
    rng = next(c for c in v["claims"] if c["qualifier"] == "range")
    assert str(rng["day"]) == "2022-03-04" and rng["label"] == "10–12"
    assert rng["claimant"] == "Unattributed"
    assert len({c["colour"] for c in v["claims"]}) == 3


def test_series_chart_draws_every_claim_with_its_qualifier(report):
    v = report.section("figures").data["charts"][0]
    svg = charts.series_chart(v)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    labels = re.findall(r'class="val"[^>]*>([^<]+)<', svg)
    assert sorted(labels) == sorted(["≥7", "3", "~9", "10–12"])
    assert svg.count("<circle") == 2          # exact (filled) and about (hollow)
    assert "stroke-dasharray" in svg          # the "at least" whisker
    # The two claims of one day stand apart, not on top of each other (nor averaged).
    titles = re.findall(r"<g><title>([^<]+)</title>(<[^>]+>)", svg)
    assert len(titles) == 4
    assert "5" not in labels                  # (7 + 3) / 2 is drawn nowhere


def test_timeline_strip_keeps_old_background_aside(report):
    rows = report.section("timeline").data
    svg = charts.timeline_strip(rows)
    assert svg.count("<circle") == 3 and ">earlier<" not in svg
    assert svg.count('fill="#fff"') == 1                   # the undated one, drawn hollow
    old = dict(rows[0], id="E0", anchor="event-E0", date="2016", day=dt.date(2016, 1, 1))
    svg = charts.timeline_strip([old] + rows)
    assert svg.count("<circle") == 4 and ">earlier<" in svg
    assert "2016" not in re.sub(r"<title>.*?</title>", "", svg)   # the axis spans 2022 only
    # Every mark links to its happening in the list below.
    assert set(re.findall(r'href="#(event-E\d)"', svg)) == {"event-E0", "event-E1", "event-E2",
                                                             "event-E3"}


def test_figure_labels():
    assert figure_label({"qualifier": "at_least", "value": 10.0, "low": 10.0}) == "≥10"
    assert figure_label({"qualifier": "about", "value": 2000.0}) == "~2,000"
    assert figure_label({"qualifier": "at_most", "high": 40.0}) == "≤40"
    assert short_label({"qualifier": "exact", "value": 3_500_000.0}) == "3.5M"
    assert format_figure({"qualifier": "at_least", "value": 10.0, "low": 10.0, "high": None}) == "at least 10"
    assert format_figure({"qualifier": "about", "value": 2000.0, "low": None, "high": None}) == "about 2,000"
    assert format_figure({"qualifier": "range", "value": None, "low": 3.0, "high": 5.0}) == "3–5"
    assert format_figure({"qualifier": "exact", "value": 1.5, "low": 1.5, "high": 1.5,
                          "unit": "EUR"}) == "1.5 EUR"
    assert format_figure({"qualifier": "vague", "value": None, "low": 24.0, "high": None,
                          "text": "dozens"}) == "dozens (≥ 24)"


def test_series_view_without_dates_is_not_charted():
    s = FigureSeries("S9", "people", "people", None,
                     (FigurePoint(None, 5.0, None, None, "exact", None, "d" * 16, None, None, "x"),
                      FigurePoint(None, 6.0, None, None, "exact", None, "e" * 16, None, None, "y")))
    v = series_view(s, {})
    assert not v["charted"] and charts.series_chart(v) == ""


def test_scales_and_dates():
    assert score_colour(-10).lower() == "#b22234" and score_colour(10).lower() == "#2166ac"
    assert score_colour(0) == "#969daa" and score_colour(None) != score_colour(-10)
    assert value_ticks(13) == [0, 5, 10, 15]
    assert place_date("2022-03", "2022-03-04") == (dt.date(2022, 3, 4), False)
    assert place_date("2022-03", "2022-05-01") == (dt.date(2022, 3, 1), False)
    assert place_date("2022-03-02", None) == (dt.date(2022, 3, 2), True)
    assert place_date(None, None) is None
    ticks = day_ticks(dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert ticks[0] == dt.date(2022, 1, 1) and all(t.day == 1 for t in ticks)


def test_network_layout_is_deterministic_and_bounded():
    nodes = ["A", "B", "C", "D", "E"]
    edges = [("A", "B", 3), ("B", "C", 1), ("D", "E", 1)]
    one, two = network.layout(nodes, edges), network.layout(nodes, edges)
    assert one == two
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in one.values())
    dist = lambda a, b: ((one[a][0] - one[b][0]) ** 2 + (one[a][1] - one[b][1]) ** 2) ** .5
    assert dist("A", "B") < dist("A", "E")     # linked actors end up closer than strangers


def test_network_picture(report):
    data = report.section("network").data
    assert {n["name"]: n["n_events"] for n in data["nodes"]} == {
        "Agne Kaleda": 2, "Border Watch": 2, "European Union": 1, "Belarus": 1}
    svg = network.network_svg(data["nodes"], [e for e in data["edges"] if e["drawn"]])
    radii = [float(r) for r in re.findall(r'<circle[^>]* r="([\d.]+)"', svg)]
    assert len(radii) == 4 and max(radii) > min(radii)
    strokes = re.findall(r'<path d="M[^"]+" fill="none" stroke="(#[0-9a-f]{6})"', svg)
    assert sorted(strokes) == sorted([score_colour(-6.0), score_colour(1.5)])
    assert "Border Watch" in svg and "European Union → Belarus: SANCTION ×1" in svg
    # Events both ways between two actors: two arcs, not one line hiding the other.
    both = data["edges"] + [dict(data["edges"][0], source="A3", target="A2", score=4.0)]
    svg = network.network_svg(data["nodes"], both)
    assert len(re.findall(r'd="M[^"]*Q', svg)) == 2 and score_colour(4.0) in svg


def test_map_shades_countries_and_fits_the_dots(report):
    d = report.section("map").data
    assert [p["name"] for p in d["dots"]] == ["Medininkai", "Vilnius"]
    assert [p["name"] for p in d["countries"]] == ["Lithuania"]
    assert [p["name"] for p in d["other"]] == ["Europe"]
    (label, view, size), = d["views"]
    assert all(view.contains(p["lon"], p["lat"]) for p in d["dots"])
    assert view.lat1 - view.lat0 < 10          # zoomed to the points, not the world
    svg = geomap.map_svg(view, d["dots"], d["countries"], width=size[0], height=size[1])
    assert svg.count("<circle") == 2 and "Lithuania: 4 mention(s)" in svg
    assert ">Medininkai</text>" in svg or ">Vilnius</text>" in svg


def test_map_detail_view_when_dots_crowd():
    far = [{"name": n, "lat": la, "lon": lo, "country": "XX", "n_mentions": 1, "n_documents": 1}
           for n, la, lo in [("A", 53.0, 23.0), ("B", 53.2, 23.4), ("C", 52.9, 23.6),
                             ("D", 53.4, 23.1), ("E", 30.0, 45.0)]]
    v = geomap.views(far, [])
    assert [x[0] for x in v] == ["Overview", "Detail"]
    assert v[1][1].span() < v[0][1].span() / 3


def test_outlines_shipped_and_named():
    countries = outlines.load()
    assert len(countries) > 200
    pl = outlines.country_named("Poland", "PL")
    assert pl is not None and 14 < pl.bbox[0] < 15 and 54 < pl.bbox[3] < 55
    assert outlines.country_named("the United States").iso == "US"
    assert outlines.country_named("Poland", "DE") is None and outlines.country_named("Europe") is None


def _shapefile(rings):
    """A minimal polygon shapefile and its dbf, for the outline builder."""
    parts, pts = [], []
    for r in rings:
        parts.append(len(pts))
        pts += r
    body = struct.pack("<i4d2i", 5, 0, 0, 0, 0, len(parts), len(pts))
    body += struct.pack(f"<{len(parts)}i", *parts) + b"".join(struct.pack("<2d", *p) for p in pts)
    shp = b"\0" * 100 + struct.pack(">ii", 1, len(body) // 2) + body
    fields = [("NAME", 20), ("ISO_A2", 4)]
    header = struct.pack("<4xIHH20x", 1, 32 + 32 * len(fields) + 1, 1 + sum(n for _, n in fields))
    for name, size in fields:
        header += name.encode().ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([size]) + b"\0" * 15
    dbf = header + b"\r" + b" " + b"Squareland".ljust(20) + b"SQ".ljust(4)
    return shp, dbf


def test_outline_builder_round_trip(tmp_path):
    square = [(10.0, 50.0), (10.0, 52.0), (10.7, 52.0), (10.71, 52.0), (12.0, 52.0), (12.0, 50.0),
              (10.0, 50.0)]
    shp, dbf = _shapefile([square])
    (tmp_path / "c.shp").write_bytes(shp)
    (tmp_path / "c.dbf").write_bytes(dbf)
    out = tmp_path / "c.json.gz"
    assert outlines.generate(tmp_path / "c.shp", out) == 1
    data = json.loads(gzip.decompress(out.read_bytes()))
    (c,) = data["countries"]
    assert c["name"] == "Squareland" and c["iso"] == "SQ"
    ring = outlines._decode(c["rings"][0])
    assert ring[0] == (10.0, 50.0) and (12.0, 52.0) in ring
    assert len(ring) == 5                      # the collinear points are simplified away
    assert "public domain" in data["licence"]


def test_markdown_has_every_section(report):
    md = render_markdown(report)
    assert md.startswith("# Situation report\n\n_Generated 2022-03-05T12:00:00+00:00 by sitroom "
                         "from 2 documents._\n")
    assert re.findall(r"^## (.+)$", md, re.M) == [
        "Summary", "Stories", "Timeline", "Figures over time", "Actor network", "Places",
        "Quotes by speaker", "Actors"]
    assert "- **2022-03-03 · SANCTION** European Union → Belarus — occurred; 2 documents" in md
    assert "  - “EU ministers readied fresh sanctions on Belarus on Thursday.” — _Other Wire_" in md
    # Charts become tables: both claims of 1 March, each with its claimant.
    assert "| 2022-03-01 | ≥7 | aid groups | Wire |" in md
    assert "| 2022-03-01 | 3 | Agne Kaleda | Wire, Other Wire |" in md
    assert "| European Union | Belarus | SANCTION ×1 | -6.0 |" in md
    assert "| Medininkai | LT | 54.54 | 25.65 | 3 | 2 |" in md
    assert "### Agne Kaleda (1)" in md           # the quote, by its merged speaker
    assert "\n\n\n" not in md


def test_html_is_self_contained_and_escaped(store):
    ids = sorted(d["id"] for d in store.document_meta())
    sit = make_situation(*ids)
    bad = dataclasses.replace(sit.series[1], points=(dataclasses.replace(
        sit.series[1].points[0], evidence="Brussels <b>|</b> & more"),))
    sit.series[1] = bad
    html = render_html(build_report(store, now=NOW, situation=sit))
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<style>" in html
    # Nothing is fetched: no external script, stylesheet, image, font or frame.
    assert not re.search(r"<script[^>]+src|<link|<img|<iframe|url\((?!#)|@import|https?://", html)
    assert html.count("<script>") == 1
    for sid in SECTIONS:
        assert f'<section id="{sid}"' in html and f'href="#{sid}"' in html
    assert "Brussels &lt;b&gt;|&lt;/b&gt; &amp; more" in html and "<b>|</b>" not in html
    assert html.count('<details class="event"') == 3
    assert '<mark>sanctions</mark>' in html
    assert html.count('<svg class="chart"') == 1 and html.count('<svg class="network"') == 1
    assert html.count('<svg class="map"') == 1 and html.count('<svg class="strip"') == 1


def test_empty_store_renders(tmp_path):
    with SQLiteStore(tmp_path / "e.db") as s:
        rep = build_report(s, now=NOW)
    md = render_markdown(rep)
    assert md.count("_None found._") == 5
    assert "_No place with known coordinates._" in md
    assert "| Published | unknown |" in md
    html = render_html(rep)
    assert html.count('class="empty"') == 7 and "<svg" not in html


def test_long_sections_are_capped(store):
    ids = sorted(d["id"] for d in store.document_meta())
    rep = build_report(store, now=NOW, max_rows=2, situation=make_situation(*ids))
    assert len(rep.section("timeline").data) == 2
    assert rep.section("timeline").note == "Showing 2 of 3 merged events."
    assert "_Showing 2 of 3 merged events._" in render_markdown(rep)


def test_md_cell():
    assert md_cell(None) == "—"
    assert md_cell("a | b\nc") == "a \\| b c"
    assert md_cell("*bold*") == "\\*bold\\*"


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


def test_report_from_the_store_uses_the_situation_builder(store):
    rep = build_report(store, now=NOW)
    assert rep.summary["documents"] == 2
    assert rep.summary["counts"]["merged events"] >= 1
    assert "SANCTION" in render_markdown(rep)
