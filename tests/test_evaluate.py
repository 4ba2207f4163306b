"""Matching rules, per-layer scores, gold validation and the eval command."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.errors import GoldFormatError
from sitroom.evaluate import runs
from sitroom.evaluate.cli import eval_command
from sitroom.evaluate.gold import load_gold, validate
from sitroom.evaluate.match import assign, dates_close, texts_match, token_f1
from sitroom.evaluate.names import NameMatcher, normalise_name
from sitroom.evaluate.score import Scoreboard, score_boilerplate, score_document
from sitroom.records import Actor, DateRef, Document, Event, Figure, Place, Quote, Span

SHARED = Path(__file__).resolve().parents[2] / "shared"

ARTICLE = (
    "Ministers met in Valdora on Tuesday.\n\n"
    "Foreign Minister Anna Kovač said the talks with Dorland were \"a step towards peace\".\n\n"
    "Dorland's army detained at least 12 protesters, the rights group Open Door said.\n\n"
    "Sign up for our newsletter\n"
)


def _gold(**layers) -> dict:
    g = {"format": "sitroom-gold/1", "document": "a.txt", "published": "2023-03-08", "language": "en",
         "actors": [{"names": ["Anna Kovač", "Kovač"], "kind": "person"},
                    {"names": ["Dorland", "Dorland government"], "kind": "country"},
                    {"names": ["Open Door"], "kind": "organization"}]}
    g.update(layers)
    return g


def _span(text: str, needle: str, doc_id: str = "d") -> Span:
    i = text.index(needle)
    return Span(doc_id, i, i + len(needle))


def _doc(clean: str = ARTICLE, **layers) -> Document:
    doc = Document(id="d", text=ARTICLE, clean_text=clean, published="2023-03-08")
    starts = [0] + [i + 2 for i in range(len(clean)) if clean.startswith("\n\n", i)]
    doc.sentences = tuple(Span("d", s, (clean.find("\n\n", s) if clean.find("\n\n", s) >= 0 else len(clean)))
                          for s in starts)
    for k, v in layers.items():
        setattr(doc, k, tuple(v))
    return doc


def _actor(aid: str, name: str, kind: str, aliases=(), needle=None) -> Actor:
    spans = (_span(ARTICLE, needle or name),) if (needle or name) in ARTICLE else ()
    return Actor(aid, name, tuple(aliases), kind, None, None, None, spans)


def _event(type_, source=("a1",), target=("a2",), date="2023-03-07", conf=0.9) -> Event:
    sp = _span(ARTICLE, "detained at least 12 protesters")
    return Event(type_, None, tuple(source), tuple(target), "occurred", date, None, sp, "detained",
                 sp, conf)


ACTORS = [_actor("a1", "Anna Kovač", "person", aliases=("Kovač",)),
          _actor("a2", "Dorland", "country"),
          _actor("a3", "Open Door", "organization")]


# --- names -----------------------------------------------------------------------------

def test_normalise_name_case_accents_possessive_punctuation_and_the():
    assert normalise_name("The U.N.'s") == "un"
    assert normalise_name("  Anna  KOVAČ ") == "anna kovac"
    assert normalise_name("the European Union") == normalise_name("European Union")
    assert normalise_name("Theodore") == "theodore"


def test_surname_matches_person_but_not_lowercase_role_or_non_person():
    m = NameMatcher(["Anna Kovač", "Belarusian president"])
    assert m.matches(["Anna Kovač"], ["Kovac"])
    assert m.matches(["ANNA KOVAČ"], ["the anna kovac"])
    assert not m.matches(["Belarusian president"], ["the president"])
    assert not m.matches(["European Union"], ["Union"])           # not a person's list
    assert not m.matches(["Anna Kovač"], ["Anna"])                 # first name is not a surname


def test_list_is_a_persons_when_one_name_is_a_gold_person():
    m = NameMatcher.from_gold(_gold())
    assert m.matches(["Anna Kovač", "Dorland"], ["Kovač"])
    assert not m.matches(["Dorland government"], ["government"])


# --- primitives ----------------------------------------------------------------------------

def test_assignment_is_optimal_and_one_to_one():
    # gold 0 fits both predictions, gold 1 only prediction 0: greedy would pair (0, 0).
    ok = {(0, 0), (0, 1), (1, 0)}
    assert assign(2, 2, lambda g, p: 1.0 if (g, p) in ok else 0.0) == [(0, 1), (1, 0)]
    assert assign(1, 2, lambda g, p: 1.0) in ([(0, 0)], [(0, 1)])


def test_assignment_without_scipy(monkeypatch):
    import sitroom.evaluate.match as match
    monkeypatch.setattr(match, "_lsa", None)
    ok = {(0, 0), (0, 1), (1, 0)}
    assert match.assign(2, 2, lambda g, p: 1.0 if (g, p) in ok else 0.0) == [(0, 1), (1, 0)]


def test_dates_close_day_month_and_year():
    assert dates_close("2023-03-07", "2023-03-08")
    assert not dates_close("2023-03-07", "2023-03-09")
    assert dates_close("2023-03", "2023-03-31")
    assert dates_close("2023-03", "2023-04-01")      # the day after the month
    assert not dates_close("2022-03-07", "2023-03-07")
    assert dates_close(None, "2023-03-07")


def test_quote_text_rule():
    assert texts_match("a step towards peace", "a step towards peace and quiet")   # containment
    assert texts_match("the talks were a step towards peace", "talks were a step to peace")
    assert token_f1("a b c d", "a b x y") == pytest.approx(0.5)
    assert not texts_match("a step towards peace", "the weather was fine")
    assert not texts_match("peace", "peacekeepers arrived")   # whole words only


# --- layers ----------------------------------------------------------------------------

def _perfect():
    gold = _gold(
        events=[{"type": "COERCE", "source": ["Dorland"], "target": ["protesters"],
                 "date": "2023-03-07"}],
        quotes=[{"speaker": ["Anna Kovač"], "text": "a step towards peace"}],
        figures=[{"category": "detained", "value": 12, "low": 12, "high": None,
                  "claimed_by": ["Open Door"]}],
        places=[{"names": ["Valdora"], "country": "VD"}],
        dates=[{"text": "on Tuesday", "value": "2023-03-07"}],
    )
    gold["actors"].append({"names": ["protesters"], "kind": "group"})
    actors = ACTORS + [_actor("a4", "protesters", "group")]
    ev = _event("COERCE", ("a2",), ("a4",))
    q = Quote(_span(ARTICLE, "a step towards peace"), "a step towards peace", "a1",
              _span(ARTICLE, "Anna Kovač"), "Anna Kovač", "said", "direct", None)
    f = Figure(_span(ARTICLE, "at least 12 protesters"), "at least 12 protesters", "detained",
               12, 12, None, "at_least", "protesters", "a3", "Open Door", None, None)
    pl = Place(_span(ARTICLE, "Valdora"), "Valdora", "Valdora", 1, 1.0, 2.0, "VD", None, "city", True)
    d = DateRef(_span(ARTICLE, "Tuesday"), "Tuesday", "2023-03-07", "day", "published")
    return gold, _doc(actors=actors, events=[ev], quotes=[q], figures=[f], places=[pl], dates=[d])


def test_perfect_prediction_scores_one_everywhere():
    gold, doc = _perfect()
    board = Scoreboard()
    board.add(score_document(gold, doc))
    layers = board.layers()
    for layer in ("actors", "events", "events_type_only", "quotes", "figures", "places", "dates"):
        assert layers[layer]["f1"] == 1.0, layer
    assert layers["figures_attribution"]["accuracy"] == 1.0
    assert "boilerplate" not in layers


def test_empty_prediction_has_zero_recall():
    gold, _ = _perfect()
    board = Scoreboard()
    board.add(score_document(gold, _doc()))
    for layer in ("actors", "events", "quotes", "figures", "places", "dates"):
        m = board.layers()[layer]
        assert (m["tp"], m["fp"], m["recall"], m["f1"]) == (0, 0, 0.0, 0.0)
        assert m["fn"] == len(gold[layer])


def test_empty_gold_layer_makes_every_prediction_a_false_positive():
    gold, doc = _perfect()
    gold["events"] = []
    m = score_document(gold, doc).layers["events"].counts
    assert (m.tp, m.fp, m.fn) == (0, 1, 0)


def test_wrong_target_or_wrong_year_is_a_miss_but_type_only_counts():
    gold = _gold(events=[{"type": "COERCE", "source": ["Dorland"], "target": ["Anna Kovač"],
                          "date": "2023-03-07"}])
    wrong_target = _doc(actors=ACTORS, events=[_event("COERCE", ("a2",), ("a3",))])
    s = score_document(gold, wrong_target).layers
    assert s["events"].counts.tp == 0 and s["events_type_only"].counts.tp == 1
    wrong_year = _doc(actors=ACTORS, events=[_event("COERCE", ("a2",), ("a1",), date="2022-03-07")])
    s = score_document(gold, wrong_year).layers
    assert s["events"].counts.tp == 0 and s["events_type_only"].counts.tp == 0
    right = _doc(actors=ACTORS, events=[_event("COERCE", ("a2",), ("a1",), date="2023-03-08")])
    assert score_document(gold, right).layers["events"].counts.tp == 1


def test_event_surname_and_null_target():
    gold = _gold(events=[{"type": "ACCUSE", "source": ["Anna Kovač", "Valdora"], "target": None}])
    kov = _actor("a9", "Minister Kovač", "person")   # predicted under another full name
    doc = _doc(actors=[kov], events=[_event("ACCUSE", ("a9",), (), date=None)])
    assert score_document(gold, doc).layers["events"].counts.tp == 1


def test_two_predictions_cannot_both_match_one_gold():
    gold = _gold(events=[{"type": "COERCE", "source": ["Dorland"], "target": ["Anna Kovač"]}])
    doc = _doc(actors=ACTORS, events=[_event("COERCE", ("a2",), ("a1",)),
                                      _event("COERCE", ("a2",), ("a1",))])
    c = score_document(gold, doc).layers["events"].counts
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)


def test_actor_layer_uses_all_names():
    gold = _gold()
    doc = _doc(actors=[_actor("a1", "Foreign Minister", "person", aliases=("Kovac",)),
                       _actor("a2", "the Dorland government", "country"),
                       _actor("a5", "Valdora", "country")])
    c = score_document(gold, doc).layers["actors"].counts
    assert (c.tp, c.fp, c.fn) == (2, 1, 1)


def test_quote_speaker_must_match_and_falls_back_to_speaker_text():
    gold = _gold(quotes=[{"speaker": ["Anna Kovač"], "text": "a step towards peace"}])
    sp = _span(ARTICLE, "a step towards peace")
    no_actor = Quote(sp, "the talks were a step towards peace", None, None, "Kovač", "said", "direct", None)
    assert score_document(gold, _doc(quotes=[no_actor])).layers["quotes"].counts.tp == 1
    other = Quote(sp, "a step towards peace", "a2", None, None, "said", "direct", None)
    assert score_document(gold, _doc(actors=ACTORS, quotes=[other])).layers["quotes"].counts.tp == 0


def _fig(value, low, high, category="detained", by=None, by_text=None):
    return Figure(_span(ARTICLE, "at least 12"), "at least 12", category, value, low, high,
                  "at_least", None, by, by_text, None, None)


def test_figure_value_rule_and_bounds_rule():
    exact = _gold(figures=[{"category": "detained", "value": 12, "low": 12, "high": None}])
    assert score_document(exact, _doc(figures=[_fig(12.0, None, None)])).layers["figures"].counts.tp == 1
    assert score_document(exact, _doc(figures=[_fig(13.0, 12, None)])).layers["figures"].counts.tp == 0
    assert score_document(exact, _doc(figures=[_fig(12.0, 12, None, "dead")])).layers["figures"].counts.tp == 0
    vague = _gold(figures=[{"category": "detained", "value": None, "low": 24, "high": None}])
    assert score_document(vague, _doc(figures=[_fig(None, 24, None)])).layers["figures"].counts.tp == 1
    assert score_document(vague, _doc(figures=[_fig(None, 24, 36)])).layers["figures"].counts.tp == 0


def test_figure_attribution_accuracy():
    gold = _gold(figures=[
        {"category": "detained", "value": 12, "claimed_by": ["Open Door"]},
        {"category": "dead", "value": 3, "claimed_by": []},
        {"category": "injured", "value": 5, "claimed_by": ["Dorland"]}])
    doc = _doc(actors=ACTORS, figures=[
        _fig(12.0, 12, None, by=None, by_text="the Open Door group"),   # wrong name
        _fig(3.0, 3, 3, "dead"),                                         # empty == empty
        _fig(5.0, 5, 5, "injured", by="a2")])
    s = score_document(gold, doc)
    assert s.layers["figures"].counts.tp == 3
    assert s.attribution == (2, 3)


def test_places_need_name_and_country():
    gold = _gold(places=[{"names": ["Valdora"], "country": "VD"}])
    ok = Place(_span(ARTICLE, "Valdora"), "Valdora", "Valdora City", 1, None, None, "VD", None, "city", True)
    bad = Place(_span(ARTICLE, "Valdora"), "Valdora", "Valdora", 2, None, None, "US", None, "city", True)
    assert score_document(gold, _doc(places=[ok])).layers["places"].counts.tp == 1
    assert score_document(gold, _doc(places=[bad])).layers["places"].counts.tp == 0


def test_dates_overlap_in_text_and_value():
    gold = _gold(dates=[{"text": "on Tuesday", "value": "2023-03-07"}])
    on_tue = DateRef(_span(ARTICLE, "Tuesday"), "Tuesday", "2023-03-07", "day", "published")
    assert score_document(gold, _doc(dates=[on_tue])).layers["dates"].counts.tp == 1
    wrong_value = DateRef(on_tue.span, "Tuesday", "2023-03-14", "day", "published")
    assert score_document(gold, _doc(dates=[wrong_value])).layers["dates"].counts.tp == 0
    elsewhere = DateRef(_span(ARTICLE, "Ministers"), "Ministers", "2023-03-07", "day", "published")
    assert score_document(gold, _doc(dates=[elsewhere])).layers["dates"].counts.tp == 0
    # Not verbatim in the text: a shared word other than a function word decides.
    gold2 = _gold(dates=[{"text": "last Tuesday", "value": "2023-03-07"}])
    assert score_document(gold2, _doc(dates=[on_tue])).layers["dates"].counts.tp == 1
    gold3 = _gold(dates=[{"text": "on the day", "value": "2023-03-07"}])
    on = DateRef(_span(ARTICLE, "on Tuesday"), "on", "2023-03-07", "day", "published")
    assert score_document(gold3, _doc(dates=[on])).layers["dates"].counts.tp == 0


def test_boilerplate_precision_is_keep_and_recall_is_removal():
    original = ("Ministers met on Tuesday.\nSign up for our newsletter\nI agree\n"
                "Share this: Ministers met again. Read more\n")
    gold = {"boilerplate": ["Sign up for our newsletter", "I agree", "Read more"],
            "keep": ["Ministers met on Tuesday.", "Ministers met again."]}
    # "I agree" survives only as part of a longer line: short whole-line entries need equality.
    clean = "Ministers met on Tuesday.\nThey said I agree.\nShare this: Ministers met again. Read more\n"
    s = score_boilerplate(gold, original, clean, "x")
    assert (s.counts.tp, s.counts.fn, s.counts.fp) == (2, 1, 0)     # "Read more" fragment survived
    board = Scoreboard()
    board.add(score_document({"format": "sitroom-gold/1", **gold},
                             Document(id="x", text=original, clean_text="Ministers met again.\n")))
    m = board.layers()["boilerplate"]
    assert (m["removed"], m["survived"], m["keep_kept"], m["keep_lost"]) == (3, 0, 1, 1)
    assert m["precision"] == 0.5 and m["recall"] == 1.0
    long_entry = {"boilerplate": ["Sign up for our newsletter"]}
    s = score_boilerplate(long_entry, original, "Please Sign up for our newsletter today\n", "x")
    assert s.counts.fn == 1


def test_layer_selection_and_show_errors_evidence():
    gold, doc = _perfect()
    s = score_document(gold, _doc(), layers=["events"])
    assert set(s.layers) == {"events", "events_type_only"}
    miss = s.layers["events"].errors[0]
    assert miss.kind == "fn" and "COERCE" in miss.item
    actor_miss = score_document(gold, _doc()).layers["actors"].errors[0]
    assert actor_miss.evidence.startswith("Foreign Minister Anna Kovač said")
    fp = score_document(_gold(events=[]), doc).layers["events"].errors[0]
    assert fp.kind == "fp" and fp.evidence == "detained at least 12 protesters"


# --- gold files ---------------------------------------------------------------------------

def test_validate_rejects_bad_fields_naming_file_and_field():
    with pytest.raises(GoldFormatError, match=r"g\.json: events\[0\]\.type"):
        validate(_gold(events=[{"type": "FIGHT", "source": ["x"]}]), "g.json")
    with pytest.raises(GoldFormatError, match=r"figures\[0\]\.value"):
        validate(_gold(figures=[{"category": "dead", "value": "ten"}]), "g.json")
    with pytest.raises(GoldFormatError, match=r"dates\[0\]\.value"):
        validate(_gold(dates=[{"text": "Monday", "value": "14/11/2021"}]), "g.json")
    with pytest.raises(GoldFormatError, match="format"):
        validate({"format": "other/2", "document": "a.txt"}, "g.json")
    with pytest.raises(GoldFormatError, match=r"actors\[0\]\.names"):
        validate(_gold(actors=[{"names": [], "kind": "person"}]), "g.json")


def test_load_gold_reports_missing_article_and_bad_json(tmp_path):
    (tmp_path / "a.gold.json").write_text(json.dumps(_gold()), encoding="utf-8")
    with pytest.raises(GoldFormatError, match="document"):
        load_gold(tmp_path / "a.gold.json")
    (tmp_path / "b.gold.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="invalid JSON"):
        load_gold(tmp_path / "b.gold.json")


def test_shared_gold_is_valid_and_scores_uncleaned_text():
    folder = SHARED / "eval-data" / "gold"
    if not folder.is_dir():
        pytest.skip("shared eval-data absent")
    for f in folder.glob("*.gold.json"):
        g = load_gold(f)
        assert g.layers() == ["boilerplate", "actors", "events", "quotes", "figures", "places", "dates"]
        s = score_boilerplate(g.gold, g.text, g.text, g.name)   # nothing cleaned
        assert s.counts.tp == 0 and s.counts.fp == 0


# --- the command ----------------------------------------------------------------------------

class FakePipeline:
    """Stands in for the pipeline: fills the layers of each document from a function."""

    def __init__(self, fill):
        self.fill = fill

    def pipe(self, docs):
        for d in docs:
            self.fill(d)
            yield d


def _write_gold_folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    gold, _ = _perfect()
    gold["boilerplate"] = ["Sign up for our newsletter"]
    gold["keep"] = ["Ministers met in Valdora on Tuesday."]
    (tmp_path / "a.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def _fill_perfect(d: Document) -> None:
    _, ref = _perfect()
    for k in ("actors", "events", "quotes", "figures", "places", "dates", "sentences"):
        setattr(d, k, getattr(ref, k))
    d.clean_text = ARTICLE.replace("Sign up for our newsletter\n", "")


def test_eval_command_json_is_one_object(tmp_path, monkeypatch):
    folder = _write_gold_folder(tmp_path)
    monkeypatch.setattr(runs, "make_pipeline", lambda: FakePipeline(_fill_perfect))
    res = CliRunner().invoke(eval_command, [str(folder), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["documents"] == 1 and data["dataset"] == folder.name
    assert data["layers"]["events"]["f1"] == 1.0
    assert data["layers"]["boilerplate"]["recall"] == 1.0
    assert data["layers"]["figures_attribution"]["accuracy"] == 1.0


def test_eval_command_table_layers_and_errors(tmp_path, monkeypatch):
    folder = _write_gold_folder(tmp_path)
    monkeypatch.setattr(runs, "make_pipeline",
                        lambda: FakePipeline(lambda d: setattr(d, "clean_text", d.text)))
    res = CliRunner().invoke(eval_command, [str(folder), "--layer", "events", "--layer", "figures",
                                            "--show-errors"])
    assert res.exit_code == 0, res.output
    assert "events_type_only" in res.output and "figures_attribution" in res.output
    assert "quotes" not in res.output.split("errors")[0]
    assert "[events fn] a: COERCE Dorland -> protesters (2023-03-07)" in res.output
    bad = CliRunner().invoke(eval_command, [str(folder), "--layer", "nonsense"])
    assert bad.exit_code == 2 and "unknown layer" in bad.output


def test_eval_command_reports_malformed_gold(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(json.dumps(_gold(events=[{"type": "X"}])), encoding="utf-8")
    monkeypatch.setattr(runs, "make_pipeline", lambda: FakePipeline(lambda d: None))
    res = CliRunner().invoke(eval_command, [str(tmp_path)])
    assert res.exit_code == 1 and "events[0].type" in res.output
