"""Merging event mentions into happenings: rules, cost, and quality on the demo corpus."""
from __future__ import annotations

import datetime as _dt
import importlib.util
import sys
from pathlib import Path

from sitroom.situation.merge import ActorInfo, Item, Merger, PlaceRef, merge_items
from sitroom.situation.quality import gold_merge_quality, score_pairs, store_merge_quality

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "sitroom" / "data" / "demo"

ACTORS = {
    "eu": ActorInfo("organization", "EU", sector="IGO"),
    "by": ActorInfo("country", "BY", sector="GOV"),
    "pl": ActorInfo("country", "PL", sector="GOV"),
    "guard": ActorInfo("organization", "PL", sector="POL"),
    "migrants": ActorInfo("group", None, sector="REF"),
    "merkel": ActorInfo("person", "DE", True, "GOV"),
    "putin": ActorInfo("person", "RU", True, "GOV"),
    "lukashenko": ActorInfo("person", "BY", True, "GOV"),
    "kaminski": ActorInfo("person", "PL", True, "GOV"),
    "blaszczak": ActorInfo("person", "PL", True, "GOV"),
}


def item(doc: str, pub: str, etype: str, src=(), tgt=(), date=None, status="occurred",
         mode=None, place=None, **kw) -> Item:
    return Item(doc, _dt.date.fromisoformat(pub), etype, status, date, frozenset(src),
                frozenset(tgt), mode, place, **kw)


def groups(items) -> list[list[int]]:
    return sorted(sorted(c) for c in merge_items(items, ACTORS))


def test_planned_and_done_are_one_happening():
    items = [item("a", "2021-11-14", "SANCTION", ["eu"], ["by"], "2021-11-15", "planned"),
             item("b", "2021-11-15", "SANCTION", ["eu"], ["by"], "2021-11-15"),
             item("c", "2021-11-17", "SANCTION", ["eu"], ["by"]),            # undated, after
             item("d", "2021-11-20", "SANCTION", ["eu"], ["by"], status="planned")]  # next one
    assert groups(items) == [[0, 1, 2], [3]]


def test_calls_on_different_days_stay_apart_and_mutual_acts_match_both_ways():
    items = [item("a", "2021-11-15", "CONSULT", ["merkel"], ["lukashenko"], "2021-11-15"),
             item("b", "2021-11-18", "CONSULT", ["lukashenko"], ["merkel"], "2021-11-15"),
             item("b", "2021-11-18", "CONSULT", ["merkel"], ["lukashenko"], "2021-11-17"),
             item("c", "2021-11-15", "CONSULT", ["putin"], ["merkel"], "2021-11-15")]
    assert groups(items) == [[0, 1], [2], [3]]


def test_a_day_apart_merges_unless_one_report_gives_both_days():
    one = [item("a", "2021-11-16", "COERCE", ["guard"], ["migrants"], "2021-11-14"),
           item("b", "2021-11-16", "COERCE", ["guard"], ["migrants"], "2021-11-15")]
    assert groups(one) == [[0, 1]]
    both = one + [item("b", "2021-11-16", "COERCE", ["guard"], ["migrants"], "2021-11-14")]
    assert groups(both) == [[0, 2], [1]]


def test_month_dates_and_places():
    kuznica = PlaceRef("Kuźnica", 53.51, 23.65, "PL", "village")
    bruzgi = PlaceRef("Bruzgi", 53.52, 23.70, "BY", "village")       # across the crossing
    hajnowka = PlaceRef("Hajnówka", 52.74, 23.58, "PL", "city")     # 85 km away
    items = [item("a", "2021-11-16", "ASSAULT", ["pl"], ["migrants"], "2021-11-16",
                  place=kuznica),
             item("b", "2021-11-17", "ASSAULT", ["pl"], ["migrants"], "2021-11-16",
                  place=bruzgi),
             item("c", "2021-11-17", "ASSAULT", ["pl"], ["migrants"], "2021-11-16",
                  place=hajnowka),
             item("d", "2021-11-30", "ASSAULT", ["pl"], ["migrants"], "2021-11")]
    assert groups(items) == [[0, 1, 3], [2]]


def test_actor_evidence():
    items = [
        # Different named people accusing the same country: different accusations.
        item("a", "2021-11-16", "ACCUSE", ["kaminski"], ["by"], "2021-11-16"),
        item("b", "2021-11-16", "ACCUSE", ["blaszczak"], ["by"], "2021-11-16"),
        # Undated, only a group in common: not enough to merge.
        item("c", "2021-11-10", "COERCE", [], ["migrants"]),
        item("d", "2021-11-10", "COERCE", [], ["migrants"]),
        # A country stands for its border guard on the day.
        item("e", "2021-11-20", "COERCE", ["guard"], ["migrants"], "2021-11-19", mode="arrest"),
        item("f", "2021-11-20", "COERCE", ["pl"], ["migrants"], "2021-11-19", mode="arrest"),
        # ... but a pushback is not an arrest.
        item("g", "2021-11-20", "COERCE", ["pl"], ["migrants"], "2021-11-19", mode="deport"),
    ]
    assert groups(items) == [[0], [1], [2], [3], [4, 5], [6]]


def test_ongoing_states_join_across_weeks():
    items = [item("a", "2021-11-08", "MOBILIZE", ["pl"], [], mode="troops"),
             item("b", "2021-11-10", "MOBILIZE", ["pl"], [], "2021-11-10", mode="troops"),
             item("c", "2021-11-15", "MOBILIZE", ["pl"], [], mode="troops"),
             # A done act, undated, is not looked for weeks before its report.
             item("d", "2021-11-30", "COERCE", ["guard"], ["migrants"], mode="arrest"),
             item("e", "2021-11-10", "COERCE", ["guard"], ["migrants"], "2021-11-10",
                  mode="arrest")]
    assert groups(items) == [[0, 1, 2], [3], [4]]


def test_a_standing_stance_is_placed_by_its_report_and_never_joins_a_single_act():
    items = [
        # "The EU accuses Lukashenko of ..." told weeks apart, once next to a 2020 date
        item("a", "2021-11-08", "ACCUSE", ["eu"], ["lukashenko"], "2020-08", standing=True),
        item("b", "2021-12-02", "ACCUSE", ["eu"], ["by"], standing=True),
        # "Minsk rejected the accusations" (a single act) and "Minsk says it is not to blame"
        item("a", "2021-11-08", "REJECT", ["by"], ["pl"]),
        item("c", "2021-11-10", "REJECT", ["by"], [], standing=True),
    ]
    assert groups(items) == [[0, 1], [2], [3]]


def test_ongoing_deployments_join_whatever_day_and_cameo_tells_acts_apart():
    items = [item("a", "2021-11-08", "MOBILIZE", ["pl"], [], mode="troops", cameo="154"),
             item("a", "2021-11-08", "MOBILIZE", ["pl"], [], mode="troops", cameo="152"),
             item("b", "2021-11-10", "MOBILIZE", ["pl"], [], "2021-11-10", mode="troops",
                  cameo="154"),
             item("c", "2021-11-15", "MOBILIZE", ["pl"], [], "2021-11-14", mode="troops",
                  cameo="154")]
    assert groups(items) == [[0, 2, 3], [1]]


def test_undated_mentions_of_one_document_and_month_dated_reports():
    items = [item("a", "2021-11-14", "REQUEST", ["merkel"], ["lukashenko"]),
             item("a", "2021-11-14", "REQUEST", ["merkel"], ["by"]),
             # the doc dates one call to Monday; its "this week" call is the other one
             item("b", "2021-11-18", "CONSULT", ["merkel"], ["lukashenko"], "2021-11-15"),
             item("b", "2021-11-18", "CONSULT", ["merkel"], ["lukashenko"], "2021-11"),
             item("c", "2021-11-19", "CONSULT", ["lukashenko"], ["merkel"], "2021-11-17")]
    assert groups(items) == [[0], [1], [2], [3, 4]]


def test_a_day_named_in_the_paragraph_rules_out_other_days():
    done = item("a", "2021-11-08", "COERCE", ["guard"], ["migrants"], "2021-11-07", mode="arrest")
    later = dict(mode="arrest")
    assert groups([done, item("b", "2021-11-10", "COERCE", ["guard"], ["migrants"], **later)]) \
        == [[0, 1]]
    assert groups([done, item("b", "2021-11-10", "COERCE", ["guard"], ["migrants"],
                              hint="2021-11-09", **later)]) == [[0], [1]]


def test_merge_dates_come_from_the_sentence_and_tense_from_the_trigger():
    from sitroom.situation.assemble import _date_index, _merge_date, present_tense
    dates = _date_index([{"doc_id": "d", "start": 50, "text": "since Nov. 18", "value": "2021-11-18"},
                         {"doc_id": "d", "start": 5, "text": "on Thursday", "value": "2021-11-25"}])
    row = {"doc_id": "d", "sentence_start": 40, "sentence_end": 90}
    assert _merge_date({**row, "date": "2021-11-18"}, dates) == (None, None)
    assert _merge_date({**row, "date": "2021-11-25"}, dates) == (None, "2021-11-25")
    assert _merge_date({**row, "sentence_start": 0, "date": "2021-11-25"}, dates) == \
        ("2021-11-25", None)
    assert [present_tense(t) for t in ("accuses", "is not to blame", "rejected", "denies",
                                       "imposed sanctions", "discuss")] == \
        [True, True, False, True, False, False]


def test_comparisons_grow_linearly():
    def load(name):
        spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "merge.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
        return mod
    bench = load("bench_merge")
    # A slow stream, so that even the smaller corpus spans months: windows fill up.
    items, truth, info = bench.synthesize(8000, seed=1, per_day=8)
    small, big = Merger(items[:2000], info), Merger(items, info)
    small.run()
    clusters = big.run()
    assert big.comparisons / small.comparisons < 4 * 1.5
    precision, recall = bench.pairwise(clusters, truth)
    assert precision > 0.9 and recall > 0.9


def test_score_pairs():
    s = score_pairs([("a", "h1", "E1"), ("b", "h1", "E1"), ("c", "h1", "E2"),
                     ("c", "h2", "E2")])
    assert (s.gold_pairs, s.pred_pairs, s.true_pairs) == (3, 2, 1)
    assert s.split == ["h1"] and s.mixed_events == ["E2"] and s.multi_doc_happenings == 1


def test_merging_gold_events_of_the_demo():
    from sitroom.situation.actors import resolve_actors
    score = gold_merge_quality(DEMO, resolve_actors)
    print("demo gold events:", score.summary())
    assert score.mentions > 90
    assert score.precision >= 0.85 and score.recall >= 0.9
    assert score.whole >= 11 and score.multi_doc_happenings == 12


def test_merging_extracted_events_of_the_demo(pipeline, tmp_path):
    from sitroom import api
    from sitroom.ingest import read_paths
    from sitroom.situation import build
    paths = [str(p) for p in sorted(DEMO.glob("*.txt"))]
    with api.open_store(tmp_path / "demo.db") as store:
        api.ingest_documents(store, read_paths(paths), pipeline=pipeline)
        sit = build(store)
        score = store_merge_quality(sit, store.document_meta(), DEMO)
    print("demo extracted events:", score.summary(), "split:", score.split,
          "mixed:", score.mixed_events)
    assert score.mentions >= 60
    # Every happening several articles report is one merged event, and no merged event
    # mixes two happenings.
    assert score.whole == score.multi_doc_happenings >= 8 and not score.mixed_events
    for e in sit.events:
        assert e.n_sources <= e.n_documents == len({m.doc_id for m in e.mentions})
