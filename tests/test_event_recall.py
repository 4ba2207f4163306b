"""Events beyond the curated lexicon: derived CAMEO verbs, bare event nouns, the fitted
confidence and its cut, the CAMEO lexicon builder, and event errors grouped by cause."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_doc
from sitroom.evaluate.result import EvalResult, ErrorItem, format_text
from sitroom.extract.events.cameo import cameo_lexicon
from sitroom.extract.events.confidence import default_cut
from sitroom.extract.events.stage import event_candidates, extract_events

ROOT = Path(__file__).resolve().parents[1]
PETRARCH = ROOT.parent / "shared" / "kb" / "petrarch2"
RUSSIA = ("Russia", "country", ["Russia", "Moscow"])
UKRAINE = ("Ukraine", "country", ["Ukraine", "Kyiv"])
EU = ("EU", "organization", ["European Union", "EU"])
BELARUS = ("Belarus", "country", ["Belarus", "Minsk"])
AZERBAIJAN = ("Azerbaijan", "country", ["Azerbaijan"])
ARMENIA = ("Armenia", "country", ["Armenia"])
GEORGIA = ("Georgia", "country", ["Georgia", "Tbilisi"])
ETHIOPIA = ("Ethiopia", "country", ["Ethiopia"])
ERITREA = ("Eritrea", "country", ["Eritrea"])


def test_a_verb_only_the_cameo_lexicon_knows_is_an_event():
    doc = make_doc("Russian troops occupied Ukraine on Thursday.",
                   actors=[("troops", "group", ["Russian troops"], "RU", "MIL"), UKRAINE],
                   dates=[("on Thursday", "2022-02-24")])
    got = [(e.type, e.source, e.target, e.date) for e, _ in event_candidates(doc)]
    assert ("COERCE", ("troops",), ("Ukraine",), "2022-02-24") in got


def test_cameo_object_rules_decide_the_sense():
    verbs, _ = cameo_lexicon()
    freeze = {cond: typ for cond, _, typ, _ in verbs["freeze"]}
    assert freeze["obj=aid"] == "SANCTION" and freeze["obj=asset"] == "COERCE"
    assert "COERCE" in {typ for _, _, typ, _ in verbs["occupy"]}


def test_a_possessed_event_noun_takes_its_possessor_as_source():
    doc = make_doc("Tallinn welcomed the EU's sanctions against Minsk and deplored Russia's "
                   "invasion of Ukraine.",
                   actors=[RUSSIA, UKRAINE, EU, BELARUS])
    got = {(e.type, e.source, e.target) for e, _ in event_candidates(doc)}
    assert ("ASSAULT", ("Russia",), ("Ukraine",)) in got
    assert ("SANCTION", ("EU",), ("Belarus",)) in got


def test_a_by_agent_gives_the_source_of_a_bare_noun():
    doc = make_doc("Farmers in the valley described drone strikes on their orchards by Georgia.",
                   actors=[GEORGIA, ("farmers", "group", ["Farmers"])])
    got = {(e.type, e.source) for e, _ in event_candidates(doc)}
    assert ("ASSAULT", ("Georgia",)) in got


def test_an_event_noun_with_no_agent_is_no_event():
    doc = make_doc("The sanctions were discussed at length.", actors=[EU])
    assert extract_events(doc) == ()


def test_a_meeting_of_a_body_needs_no_second_party():
    doc = make_doc("The alliance moved only after a meeting of NATO defence ministers in Brussels.",
                   actors=[("ministers", "group", ["NATO defence ministers"], "NATO", "GOV")])
    got = {(e.type, e.source) for e, _ in event_candidates(doc)}
    assert ("CONSULT", ("ministers",)) in got


def test_min_confidence_cuts_uncurated_events_only():
    doc = make_doc("Russian troops occupied Ukraine. Armenia accused Azerbaijan of shelling villages.",
                   actors=[("troops", "group", ["Russian troops"], "RU", "MIL"), UKRAINE, ARMENIA,
                           AZERBAIJAN])
    everything = extract_events(doc, min_confidence=0.0)
    strict = extract_events(doc, min_confidence=1.0)
    assert ("ACCUSE", ("Armenia",), ("Azerbaijan",)) in {(e.type, e.source, e.target) for e in strict}
    assert len(strict) < len(everything)
    assert all(0.0 <= e.confidence <= 1.0 for e in everything)
    assert 0.0 < default_cut() < 1.0


def test_event_errors_are_grouped_by_cause():
    res = EvalResult("set", "gold", 1, {}, [
        ErrorItem("events", "fn", "a", "ASSAULT X -> Y", "X shelled Y", "no candidate"),
        ErrorItem("events", "fn", "a", "ACCUSE X -> Y", "X accused Y", "wrong target"),
        ErrorItem("events", "fn", "b", "AID X -> Y", "X sent aid", "no candidate"),
        ErrorItem("actors", "fn", "a", "Y (country)")])
    text = format_text(res, show_errors=True)
    assert "fn  no candidate       2" in text
    assert "event errors, fn wrong target (1):" in text
    assert "errors (1):" in text   # the actor error stays in the plain list


@pytest.mark.skipif(not (ROOT.parent / "shared" / "eval-data" / "gold").exists(),
                    reason="the sample article's gold is not present")
def test_show_errors_labels_every_event_error_of_the_sample_article():
    from sitroom.evaluate.runner import evaluate_gold
    res = evaluate_gold(ROOT.parent / "shared" / "eval-data" / "gold", layers=["events"])
    ev = [e for e in res.errors if e.layer == "events"]
    assert all(e.cause in ("no candidate", "wrong type", "wrong source", "wrong target",
                           "wrong date", "no gold event", "mismatch") for e in ev)


@pytest.mark.skipif(not (PETRARCH / "CAMEO.2.0.txt").exists(), reason="PETRARCH2 dictionaries absent")
def test_the_cameo_lexicon_rebuilds_to_the_shipped_file(tmp_path):
    out = tmp_path / "cameo.tsv"
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_cameo_lexicon.py"), str(PETRARCH),
                    "--out", str(out)], check=True, capture_output=True)
    shipped = ROOT / "src" / "sitroom" / "data" / "cameo_verbs.tsv"
    assert out.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    assert "MIT" in out.read_text(encoding="utf-8").splitlines()[1]


@pytest.fixture(scope="module")
def pipeline():
    from sitroom.pipeline import Pipeline
    return Pipeline().initialize()


def test_we_in_a_direct_quote_is_its_speaker(pipeline):
    from sitroom.records import Document
    doc = Document.from_text('"We urge Belarus to free the jailed reporters," Finnish Foreign '
                             'Minister Pekka Haavisto told a news conference in Helsinki on Monday.',
                             published="2021-11-22", language="en")
    (doc,) = pipeline.pipe([doc])
    got = {(e.type, tuple(doc.actor(i).name for i in e.source),
            tuple(doc.actor(i).name for i in e.target)) for e in doc.events}
    assert ("REQUEST", ("Pekka Haavisto",), ("Belarus",)) in got


def test_the_government_of_a_leader_is_that_leader(pipeline):
    from sitroom.records import Document
    doc = Document.from_text("Latvia and Estonia accuse the government of Russian President "
                             "Vladimir Putin of using gas supplies as a weapon.",
                             published="2022-01-12", language="en")
    (doc,) = pipeline.pipe([doc])
    got = {(e.type, tuple(doc.actor(i).name for i in e.target)) for e in doc.events}
    assert ("ACCUSE", ("Vladimir Putin",)) in got


def test_an_attack_on_a_place_targets_its_state():
    from sitroom.records import Place
    doc = make_doc("Russian forces launched an attack on the Kharkiv region on Tuesday.",
                   actors=[("forces", "group", ["Russian forces"], "RU", "MIL"),
                           ("Ukraine", "country", ["Ukraine"], "UA", "GOV")])
    i = doc.clean_text.index("Kharkiv")
    doc.places = (Place(doc.span(i, i + 7), "Kharkiv", "Kharkiv", None, None, None, "UA", None,
                        "region", True),)
    got = {(e.type, e.source, e.target) for e, _ in event_candidates(doc)}
    assert ("ASSAULT", ("forces",), ("Ukraine",)) in got


def test_fighting_between_two_sides_runs_from_the_first_to_the_second():
    doc = make_doc("Fierce fighting between Ethiopia and Eritrea erupted on May 6.",
                   actors=[ETHIOPIA, ERITREA], dates=[("on May 6", "1998-05-06")])
    got = {(e.type, e.source, e.target, e.date) for e, _ in event_candidates(doc)}
    assert ("ASSAULT", ("Ethiopia",), ("Eritrea",), "1998-05-06") in got
