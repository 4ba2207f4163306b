"""Readers and scorers for the public benchmarks, on tiny invented files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.evaluate import runs
from sitroom.evaluate.cli import eval_command
from sitroom.evaluate.geowebnews import evaluate_geowebnews, haversine_km, read_gwn
from sitroom.evaluate.newsquant import evaluate_newsquant, figure_value, parse_value, score_sentence
from sitroom.evaluate.offsets import OffsetMap
from sitroom.evaluate.plover_tsv import (NONE, classify_document, evaluate_plover_tsv, macro_f1,
                                         read_tsv)
from sitroom.evaluate.polnear import evaluate_polnear, read_ann, read_split
from sitroom.records import Actor, Document, Event, Figure, Place, Quote, Span

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval-data"


class FakePipeline:
    def __init__(self, fill):
        self.fill = fill

    def pipe(self, docs):
        for d in docs:
            if not d.clean_text:
                d.clean_text = d.text
            self.fill(d)
            yield d


def _at(text: str, needle: str, nth: int = 0) -> Span:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return Span("d", i, i + len(needle))


# --- offsets ---------------------------------------------------------------------------

def test_offset_map_survives_dropped_and_respaced_lines():
    original = "Title line\n\nAdvert here\n\nThe  mayor said   it rained.\nEnd.\n"
    clean = "Title line\n\nThe mayor said it rained.\nEnd.\n"
    m = OffsetMap(original, clean)
    s = clean.index("rained")
    o = m.span(s, s + len("rained"))
    assert o is not None and original[o[0]:o[1]] == "rained"
    e = clean.index("End.")
    o = m.span(e, e + 4)
    assert original[o[0]:o[1]] == "End."
    assert m.point(len(clean) + 5) is None


# --- PolNeAR (brat) ------------------------------------------------------------------------

ART = ("Mayor Jo Lind said the bridge will reopen in May.\n"
       "The council, a spokesman added, has approved the money and the plan.\n"
       "It is believed the works are late.\n")


def _ann_lines(text: str) -> str:
    def at(needle, nth=0):
        s = _at(text, needle, nth)
        return f"{s.start} {s.end}"
    c1, c2 = _at(text, "The council"), _at(text, "has approved the money and the plan")
    return "\n".join([
        f"T1\tSource {at('Mayor Jo Lind')}\tMayor Jo Lind",
        f"T2\tCue {at('said')}\tsaid",
        f"T3\tContent {at('the bridge will reopen in May')}\tthe bridge will reopen in May",
        f"T4\tAttribution {at('said')}\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        f"T5\tSource {at('a spokesman')}\ta spokesman",
        f"T6\tCue {at('added')}\tadded",
        f"T7\tContent {c1.start} {c1.end};{c2.start} {c2.end}\tThe council has approved the money\n"
        "and the plan",   # a surface text with a newline continues on the next line
        f"T8\tAttribution {at('added')}\tadded",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
        f"T9\tCue {at('It is believed')}\tIt is believed",
        f"T10\tContent {at('the works are late')}\tthe works are late",
        f"T11\tAttribution-no-source {at('It is believed')}\tIt is believed",
        "E3\tAttribution-no-source:T11 Cue:T9 Content:T10",
        f"T12\tDiscuss {at('Mayor')}\tMayor",
    ]) + "\n"


def _polnear_split(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    name = "wire_2016-05-02_bridge-works"
    (tmp_path / "text" / f"{name}.txt").write_text(ART, encoding="utf-8")
    (tmp_path / "attributions" / f"{name}_aaaa.ann").write_text(_ann_lines(ART), encoding="utf-8")
    (tmp_path / "attributions" / f"{name}_bbbb.ann").write_text("", encoding="utf-8")
    return tmp_path


def test_read_ann_discontinuous_no_source_and_continuation(tmp_path):
    split = _polnear_split(tmp_path)
    atts = read_ann(next((split / "attributions").glob("*_aaaa.ann")))
    assert len(atts) == 3
    assert len(atts[1].content) == 2 and ART[slice(*atts[1].content[0])] == "The council"
    assert atts[2].source is None
    arts = read_split(split)
    assert len(arts) == 1 and arts[0].ann_file.endswith("_aaaa.ann") and arts[0].annotator_files == 2


def _fill_quotes(d: Document) -> None:
    # Cleaning dropped nothing but re-spaced nothing either; one good pair, one content
    # with the wrong source, one spurious quote.
    t = d.clean_text
    d.actors = ()
    d.quotes = (
        Quote(_at(t, "the bridge will reopen"), "the bridge will reopen", None,
              _at(t, "Jo Lind"), "Jo Lind", "said", "indirect", None),
        Quote(_at(t, "has approved the money"), "has approved the money", None,
              _at(t, "The council"), "The council", "added", "indirect", None),
        Quote(_at(t, "Mayor"), "Mayor", None, None, None, None, "direct", None),
    )


def test_polnear_scores_content_source_and_pair(tmp_path):
    split = _polnear_split(tmp_path)
    r = evaluate_polnear(split, pipeline=FakePipeline(_fill_quotes))
    assert r.documents == 1
    c, s, p = r.layers["content"], r.layers["source"], r.layers["pair"]
    assert (c["tp"], c["fp"], c["fn"]) == (2, 1, 1)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 1)
    assert (p["tp"], p["fp"], p["fn"]) == (1, 2, 2)
    assert any("first in sorted order" in n for n in r.notes)


# --- Zero-Shot-PLOVER TSV ------------------------------------------------------------------

PLV = ("\tsentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_penta\tsilver_penta\t"
       "silver_root\tgold_root\tpenta_L1\troot_L1\n"
       "0\t1\tValdora troops shelled Dorland villages.\tx\tValdora troops\tDorland villages\t4\t4\t"
       "ASSAULT\tASSAULT\t4\tASSAULT\n"
       "1\t2\tDorland thanked Valdora for \"generous\" aid.\tx\tDorland\tValdora\t1\t1\tSUPPORT\t"
       "SUPPORT\t1\tSUPPORT\n"
       "2\t3\tValdora gave ground to Dorland.\tx\tValdora\tDorland\t2\t2\tYIELD\tYIELD\t2\tYIELD\n")

AW = ("uid\tnew_split\tdataset\toriginal_split\tdoc_id\tsent_id\tsentence\tmarked_sentence\tsource\t"
      "target\ttrigger\targuments\tevent_type\tgold_binary\n"
      "7\ttrain\tace\ttrain\t1\t1\tRebels attacked the town.\tx\tAttacker:Rebels\tPlace:the town\t"
      "attacked\t{}\tConflict:Attack\t1\n"
      "8\ttrain\tace\ttrain\t1\t2\tThe two firms met.\tx\tEntity:The two firms\tEntity:firms\tmet\t{}\t"
      "Contact:Meet\t0\n")


def _actor(aid, text, needle):
    return Actor(aid, needle, (), "group", None, None, None, (_at(text, needle),))


def _fill_events(d: Document) -> None:
    t = d.clean_text
    if "shelled" in t:
        a = [_actor("a1", t, "Valdora troops"), _actor("a2", t, "Dorland villages")]
        sp = _at(t, "shelled")
        d.actors = tuple(a)
        d.events = (Event("SUPPORT", None, ("a2",), ("a1",), "occurred", None, None, sp, "x", sp, 0.9),
                    Event("ASSAULT", None, ("a1",), ("a2",), "occurred", None, None, sp, "x", sp, 0.5))
    elif "gave ground" in t:
        sp = _at(t, "gave")
        d.events = (Event("CONCEDE", None, (), (), "occurred", None, None, sp, "x", sp, 0.4),)
    elif "attacked" in t:
        sp = _at(t, "attacked")
        d.events = (Event("ASSAULT", None, (), (), "occurred", None, None, sp, "x", sp, 0.4),)


def test_plv_reader_classifier_and_metrics(tmp_path):
    f = tmp_path / "PLV_train.tsv"
    f.write_text(PLV, encoding="utf-8")
    kind, rows = read_tsv(f)
    assert kind == "PLV" and len(rows) == 3 and rows[1].sentence.endswith('"generous" aid.')
    assert rows[0].gold_root == "ASSAULT" and rows[0].gold_penta == 4
    r = evaluate_plover_tsv(f, pipeline=FakePipeline(_fill_events))
    # Row 1: the event between the marked actors wins over the more confident one.
    # Row 2: no event -> NONE (wrong). Row 3: CONCEDE counts as YIELD.
    assert r.layers["root"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert r.layers["penta"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert any("training file" in n for n in r.notes)
    assert [e.document for e in r.errors] == ["2"]
    assert evaluate_plover_tsv(f, limit=1, pipeline=FakePipeline(_fill_events)).documents == 1


def test_classify_document_falls_back_to_confidence_and_none():
    t = "Valdora troops shelled Dorland villages."
    d = Document(id="d", text=t, clean_text=t)
    _fill_events(d)
    assert classify_document(d, "Valdora troops", "Dorland villages") == "ASSAULT"
    assert classify_document(d, "nobody", "nothing") == "SUPPORT"      # most confident
    assert classify_document(Document(id="e", text="x", clean_text="x"), "a", "b") == NONE


def test_macro_f1():
    assert macro_f1(["A", "A", "B"], ["A", "A", "B"], ("A", "B", "C")) == 1.0
    assert macro_f1(["A", "B"], ["A", "NONE"], ("A", "B")) == pytest.approx(0.5)


def test_aw_reader_strips_roles_and_scores_binary(tmp_path):
    f = tmp_path / "AW_train.tsv"
    f.write_text(AW, encoding="utf-8")
    kind, rows = read_tsv(f)
    assert kind == "AW" and rows[0].source == "Rebels" and rows[0].target == "the town"
    r = evaluate_plover_tsv(f, pipeline=FakePipeline(_fill_events))
    assert r.layers["binary"]["accuracy"] == 0.5                       # NONE counts wrong
    assert r.layers["binary"]["accuracy_none_as_cooperative"] == 1.0


# --- NewsQuant ---------------------------------------------------------------------------------

NQ = [
    {"text": "At least 40 people died and 3 to 5 were hurt, costing $2 million.",
     "quantities": [{"change": ">", "value": "40.0", "unit": "people", "normalized_unit": "people"},
                    {"change": "=", "value": "3.0 - 5.0", "unit": "-", "normalized_unit": "-"},
                    {"change": "=", "value": "2000000.0", "unit": "$", "normalized_unit": "dollar"}]},
    {"text": "Nothing to count here.", "quantities": []},
]


def _fig(text, needle, value, low, high, unit=None, category="dead"):
    return Figure(_at(text, needle), needle, category, value, low, high, "exact", None, None, None,
                  None, None, unit)


def test_newsquant_values_ranges_units():
    assert parse_value("15.0-22.0") == (15.0, 22.0)
    assert parse_value("3.0 - 4.0") == (3.0, 4.0)
    assert parse_value("-5.0") == -5.0 and parse_value("1.99E-29") == pytest.approx(1.99e-29)
    t = NQ[0]["text"]
    figs = [_fig(t, "40", 40, 40, None), _fig(t, "3 to 5", None, 3, 5, category="injured"),
            _fig(t, "$2 million", 2e6, 2e6, 2e6, unit="USD", category="money"),
            _fig(t, "people", 41, None, None)]
    assert figure_value(figs[1]) == (3.0, 5.0)
    c = score_sentence(NQ[0], figs)
    assert (c["value"].tp, c["value"].fp, c["value"].fn) == (3, 1, 0)
    assert c["value_unit"].tp == 2          # "people" unit missing on ours; range and dollars agree
    assert (c["value_unit_both"].tp, c["value_unit_both"].fn) == (1, 1)


def test_newsquant_reader_and_evaluation(tmp_path):
    f = tmp_path / "NewsQuant.dev.json"
    f.write_text(json.dumps(NQ), encoding="utf-8")

    def fill(d):
        if d.text.startswith("At least"):
            d.figures = (_fig(d.text, "40", 40, 40, None),)
        else:
            d.figures = (_fig(d.text, "Nothing", 1, 1, 1),)

    r = evaluate_newsquant(f, pipeline=FakePipeline(fill))
    assert r.documents == 2
    assert (r.layers["value"]["tp"], r.layers["value"]["fp"], r.layers["value"]["fn"]) == (1, 1, 2)


# --- GeoWebNews ------------------------------------------------------------------------------

GWN_TEXT = "Floods hit Valdora and the Dorland capital. Valdoran officials met in Paris."


def _gwn_xml() -> str:
    def top(name, typ, nth=0, gid="", lat="", lon=""):
        s = _at(GWN_TEXT, name, nth)
        return (f"<toponym><extractedName>{name}</extractedName><normalisedName/><type>{typ}</type>"
                f"<modifierType/><nonLocational>No</nonLocational><start>{s.start}</start>"
                f"<end>{s.end}</end><geonamesID>{gid}</geonamesID><latitude>{lat}</latitude>"
                f"<longitude>{lon}</longitude></toponym>")
    tops = "".join([top("Valdora", "Literal", gid="11", lat="10.0", lon="20.0"),
                    top("Dorland", "Literal_Modifier", lat="30.0", lon="40.0"),
                    top("Valdoran", "Demonym"),
                    top("the Dorland capital", "Literal_Expression"),
                    top("Paris", "Literal", gid="2988507", lat="48.85", lon="2.35")])
    return (f'<?xml version="1.0" ?>\n<articles><!--test--><article file="0"><title>t</title>'
            f"<link>l</link><text>{GWN_TEXT}</text><toponyms>{tops}</toponyms></article></articles>")


def _fill_places(d: Document) -> None:
    t = d.clean_text
    d.places = (
        Place(_at(t, "Valdora"), "Valdora", "Valdora", 11, 10.5, 20.5, "VD", None, "city", True),
        Place(_at(t, "Valdoran"), "Valdoran", "Valdora", 11, 10.5, 20.5, "VD", None, "country", True),
        Place(_at(t, "Paris"), "Paris", "Paris", 4717560, 33.66, -95.55, "US", None, "city", True),
        Place(_at(t, "Floods"), "Floods", "Floods", None, None, None, None, None, "other", False),
    )


def test_gwn_reader_recognition_and_resolution(tmp_path):
    f = tmp_path / "GWN.dev.xml"
    f.write_text(_gwn_xml(), encoding="utf-8")
    arts = read_gwn(f)
    assert len(arts) == 1 and len(arts[0].toponyms) == 5
    r = evaluate_geowebnews(f, pipeline=FakePipeline(_fill_places))
    t, strict = r.layers["toponyms"], r.layers["toponyms_no_demonyms"]
    assert (t["tp"], t["fp"], t["fn"]) == (3, 1, 1)            # Dorland missed, Floods spurious
    assert (strict["tp"], strict["fp"], strict["fn"]) == (2, 1, 1)   # the demonym is ignored
    res = r.layers["resolution"]
    assert res["recognised_with_coordinates"] == 2                  # the demonym has none
    assert res["accuracy_161km"] == 0.5                              # Paris, Texas is too far
    assert res["geonameid_accuracy"] == pytest.approx(0.5)
    assert haversine_km(48.85, 2.35, 51.5, -0.12) == pytest.approx(343, abs=3)


def test_cli_formats_and_limit(tmp_path, monkeypatch):
    f = tmp_path / "GWN.dev.xml"
    f.write_text(_gwn_xml(), encoding="utf-8")
    monkeypatch.setattr(runs, "make_pipeline", lambda: FakePipeline(_fill_places))
    res = CliRunner().invoke(eval_command, [str(f), "--json", "--limit", "1"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["format"] == "geowebnews" and data["layers"]["toponyms"]["tp"] == 3
    res = CliRunner().invoke(eval_command, [str(f), "--format", "geowebnews", "--layer", "resolution",
                                            "--json"])
    assert res.exit_code == 0 and list(json.loads(res.output)["layers"]) == ["resolution"]
    res = CliRunner().invoke(eval_command, [str(f), "--show-errors"])
    assert "[toponyms fn] 0: Dorland (Literal_Modifier)" in res.output


# --- the real development files (reading only) -----------------------------------------------

def test_shared_development_sets_read_with_documented_counts():
    if not SHARED.is_dir():
        pytest.skip("shared eval-data absent")
    arts = read_split(SHARED / "polnear" / "dev")
    assert len(arts) == 84
    assert read_tsv(SHARED / "zeroshot-plover" / "PLV_train.tsv")[1].__len__() == 1050
    assert len(read_tsv(SHARED / "zeroshot-plover" / "AW_train.tsv")[1]) == 802
    nq = json.loads((SHARED / "newsquant" / "NewsQuant.dev.json").read_text(encoding="utf-8"))
    assert len(nq) == 295
    gwn = read_gwn(SHARED / "geowebnews" / "GWN.dev.xml")
    tops = [t for a in gwn for t in a.toponyms
            if t.type not in {"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"}]
    assert len(gwn) == 100 and len(tops) == 1428


def test_report_runs_present_sets_and_notes_missing(tmp_path):
    from sitroom.evaluate.report import build_report, main
    shared = tmp_path / "eval-data"
    (shared / "newsquant").mkdir(parents=True)
    (shared / "newsquant" / "NewsQuant.dev.json").write_text(json.dumps(NQ), encoding="utf-8")
    (shared / "geowebnews").mkdir()
    (shared / "geowebnews" / "GWN.dev.xml").write_text(_gwn_xml(), encoding="utf-8")

    def fill(d):
        _fill_places(d) if "Floods" in d.text else None

    text = build_report(shared, limit=1, pipeline=FakePipeline(fill))
    assert "| NewsQuant dev | documents | 1 (" in text
    # NewsQuant is scored with the quantity extractor itself, not the pipeline passed in
    assert "| NewsQuant dev | value P / R / F1 | 1.000 / 1.000 / 1.000 (tp 3, fp 0, fn 0) |" in text
    assert "| GWN dev | toponyms P / R / F1 | 0.750 / 0.750 / 0.750 (tp 3, fp 1, fn 1) |" in text
    assert "| GWN dev | resolution accuracy_161km | 0.500 (" in text
    assert "PolNeAR dev: not present" in text
    # real news with independent gold is the first set the report looks for
    assert text.index("realdev: not present") < text.index("gold: not present")
    assert main(["--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path / "r.md")]) == 2


def test_cli_rejects_unknown_layer_of_a_format_before_running(tmp_path, monkeypatch):
    f = tmp_path / "GWN.dev.xml"
    f.write_text(_gwn_xml(), encoding="utf-8")

    def boom():
        raise AssertionError("the pipeline must not be built")

    monkeypatch.setattr(runs, "make_pipeline", boom)
    res = CliRunner().invoke(eval_command, [str(f), "--layer", "events"])
    assert res.exit_code == 2 and "choose from toponyms" in res.output
