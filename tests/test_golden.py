"""Golden test: the whole demo corpus scored against its gold files.

The floors are the scores the pipeline reaches today, less a small margin; a change that
lowers a layer below its floor fails here and must be justified by raising another.
"""
from __future__ import annotations

import pytest

from sitroom.demo import demo_dir
from sitroom.evaluate.runner import evaluate_gold

FLOORS = {  # layer: minimum F1 over the 10 demo articles
    "boilerplate": 0.98,
    "actors": 0.92,
    "quotes": 0.95,
    "figures": 0.92,
    "places": 0.92,
    "dates": 0.90,
    "events": 0.80,
    "events_type_only": 0.85,
}

# The quality targets on the sample article's gold file (../shared/eval-data/gold).
SEED_TARGETS = {"actors": 0.90, "quotes": 0.85, "events": 0.60, "events_type_only": 0.80,
                "figures": 0.90, "dates": 0.90, "places": 0.90, "boilerplate": 0.95}


@pytest.fixture(scope="module")
def demo_scores(pipeline):
    return evaluate_gold(demo_dir(), pipeline=pipeline)


def test_every_demo_article_is_scored(demo_scores):
    assert demo_scores.documents == 10


@pytest.mark.parametrize("layer", sorted(FLOORS))
def test_layer_meets_its_floor(demo_scores, layer):
    f1 = demo_scores.layers[layer]["f1"]
    assert f1 >= FLOORS[layer], f"{layer}: F1 {f1:.3f} fell below {FLOORS[layer]}"


def test_figure_attribution(demo_scores):
    assert demo_scores.layers["figures_attribution"]["accuracy"] >= 0.95


@pytest.fixture(scope="module")
def seed_scores(pipeline, shared):
    return evaluate_gold(shared / "eval-data" / "gold", pipeline=pipeline)


@pytest.mark.parametrize("layer", sorted(SEED_TARGETS))
def test_seed_meets_its_target(seed_scores, layer):
    f1 = seed_scores.layers[layer]["f1"]
    assert f1 >= SEED_TARGETS[layer], f"{layer}: F1 {f1:.3f} is below {SEED_TARGETS[layer]}"
    assert seed_scores.layers["figures_attribution"]["accuracy"] >= 0.85
