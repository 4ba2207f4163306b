"""The embedded demo corpus: every article has a well-formed sitroom-gold/1 file that agrees with its text."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from sitroom.records import (ACTOR_KINDS, EVENT_STATUSES, EVENT_TYPES, FIGURE_CATEGORIES,
                             QUALIFIERS, SECTORS)

DEMO = Path(__file__).resolve().parents[1] / "src" / "sitroom" / "data" / "demo"
TEXTS = sorted(DEMO.glob("*.txt"))
GOLDS = sorted(DEMO.glob("*.gold.json"))

FIRST_DAY, LAST_DAY = "2021-11-08", "2021-12-02"
NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)+$")
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ACTOR_COUNTRY = re.compile(r"^(?:[A-Z]{2}|EU|UN|NATO)$")
PLACE_COUNTRY = re.compile(r"^[A-Z]{2}$")
HAPPENING = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
ROOT_KEYS = {"format", "document", "published", "language", "boilerplate", "keep", "actors",
             "events", "quotes", "figures", "places", "dates"}


def _squash(s: str) -> str:
    """Collapse whitespace so a span that wraps across a line still counts as verbatim."""
    return re.sub(r"\s+", " ", s).strip()


def _load(gold_path: Path) -> tuple[dict, str]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (DEMO / gold["document"]).read_text(encoding="utf-8")
    return gold, text


def _actor_names(gold: dict) -> set[str]:
    return {n.lower() for a in gold["actors"] for n in a["names"]}


@pytest.fixture(params=GOLDS, ids=lambda p: p.name[: -len(".gold.json")])
def pair(request) -> tuple[Path, dict, str]:
    gold, text = _load(request.param)
    return request.param, gold, text


def test_corpus_is_present_and_paired():
    assert len(TEXTS) >= 10
    stems = {p.stem for p in TEXTS}
    gold_stems = {p.name[: -len(".gold.json")] for p in GOLDS}
    assert stems == gold_stems, f"unpaired files: {sorted(stems ^ gold_stems)}"
    assert (DEMO / "README.md").is_file()


def test_demo_paths_lists_the_corpus_in_date_order():
    from sitroom.demo import demo_paths
    paths = demo_paths()
    assert [p.name for p in paths] == [p.name for p in TEXTS]
    assert [p.name[:10] for p in paths] == sorted(p.name[:10] for p in paths)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_text_is_plain_paragraphs(path: Path):
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert b"\r" not in raw and "\t" not in text
    assert not text.startswith("\ufeff")
    assert "\n\n" in text and "\n\n\n" not in text
    m = NAME.match(path.stem)
    assert m, f"{path.name} is not YYYY-MM-DD-outlet-slug.txt"


def test_root_fields(pair):
    path, gold, text = pair
    assert gold["format"] == "sitroom-gold/1"
    assert gold["document"] == path.name[: -len(".gold.json")] + ".txt"
    assert gold["language"] == "en"
    assert set(gold) <= ROOT_KEYS, f"unknown keys {set(gold) - ROOT_KEYS}"
    assert ROOT_KEYS - {"format"} <= set(gold), "every layer is annotated in the demo corpus"
    published = gold["published"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", published)
    assert FIRST_DAY <= published <= LAST_DAY
    assert path.name.startswith(published), "the file name starts with the publication date"


def test_project_validator_accepts_file(pair):
    from sitroom.evaluate.gold import load_gold
    path, gold, _ = pair
    assert load_gold(path).gold == gold


def test_body_length(pair):
    _, gold, text = pair
    boiler = {b.strip() for b in gold["boilerplate"]}
    body = [line for line in text.splitlines() if line.strip() and line.strip() not in boiler]
    words = sum(len(line.split()) for line in body)
    assert 250 <= words <= 500, words


def test_boilerplate_and_keep_lines_occur(pair):
    _, gold, text = pair
    lines = {line.strip() for line in text.splitlines()}
    assert gold["boilerplate"] and gold["keep"]
    for entry in gold["boilerplate"]:
        assert entry.strip() in lines, f"boilerplate entry is not a whole line: {entry!r}"
    for entry in gold["keep"]:
        assert entry in text, f"keep line not in text: {entry!r}"
        assert entry not in gold["boilerplate"]


def test_actors(pair):
    _, gold, text = pair
    low = text.lower()
    seen: set[str] = set()
    for a in gold["actors"]:
        assert a["names"] and all(isinstance(n, str) and n.strip() for n in a["names"])
        assert a["kind"] in ACTOR_KINDS
        assert a["sector"] in SECTORS, a
        assert a["country"] is None or ACTOR_COUNTRY.match(a["country"]), a
        assert any(n.lower() in low for n in a["names"]), f"no name of {a['names']} in text"
        first = a["names"][0].lower()
        assert first not in seen, f"two actors share the name {first!r}"
        seen.add(first)


def test_events(pair):
    _, gold, text = pair
    flat = _squash(text)
    names = _actor_names(gold)
    assert gold["events"]
    for e in gold["events"]:
        assert e["type"] in EVENT_TYPES
        assert e["status"] in EVENT_STATUSES
        assert _squash(e["evidence"]) in flat, f"evidence not verbatim: {e['evidence']!r}"
        assert e["date"] is None or ISO.match(e["date"])
        assert isinstance(e["happening"], str) and HAPPENING.match(e["happening"]), e["happening"]
        assert e["source"] and any(n.lower() in names for n in e["source"]), e["source"]
        if e["target"]:
            assert any(n.lower() in names for n in e["target"]), e["target"]


def test_quotes(pair):
    _, gold, text = pair
    flat = _squash(text)
    names = _actor_names(gold)
    kinds = {q["kind"] for q in gold["quotes"]}
    assert kinds <= {"direct", "indirect"}
    for q in gold["quotes"]:
        assert _squash(q["text"]) in flat, f"quote text not verbatim: {q['text']!r}"
        assert any(n.lower() in names for n in q["speaker"]), q["speaker"]
        assert q["date"] is None or ISO.match(q["date"])


def test_figures(pair):
    _, gold, text = pair
    flat = _squash(text)
    names = _actor_names(gold)
    for f in gold["figures"]:
        assert f["category"] in FIGURE_CATEGORIES
        assert f["qualifier"] in QUALIFIERS
        assert _squash(f["evidence"]) in flat, f"evidence not verbatim: {f['evidence']!r}"
        assert f["subject"]
        v, lo, hi, q = f["value"], f["low"], f["high"], f["qualifier"]
        if q in ("exact", "about"):
            assert v == lo == hi and v is not None, f
        elif q == "at_least":
            assert lo is not None and hi is None and v == lo, f
        elif q == "range":
            assert v is None and lo is not None and hi is not None and lo < hi, f
        elif q == "vague":
            assert v is None and lo is not None, f
        assert isinstance(f["claimed_by"], list)
        if f["claimed_by"]:
            assert any(n.lower() in names for n in f["claimed_by"]), f["claimed_by"]
        assert f["date"] is None or ISO.match(f["date"])


def test_places_and_event_places(pair):
    _, gold, text = pair
    low = text.lower()
    place_names = {n.lower() for p in gold["places"] for n in p["names"]}
    for p in gold["places"]:
        assert PLACE_COUNTRY.match(p["country"]), p
        assert any(n.lower() in low for n in p["names"]), p["names"]
        assert (p["lat"] is None) == (p["lon"] is None)
        if p["lat"] is not None:
            assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180
    for item in gold["events"] + gold["figures"]:
        if item["place"]:
            assert item["place"].lower() in place_names, item["place"]


def test_dates(pair):
    _, gold, text = pair
    assert gold["dates"]
    for d in gold["dates"]:
        assert d["text"] in text, f"date text not in article: {d['text']!r}"
        assert ISO.match(d["value"]), d


def test_corpus_shares_happenings_across_articles():
    """The cross-document merge needs the same happening told by several outlets."""
    docs_by_happening: dict[str, set[str]] = defaultdict(set)
    for path in GOLDS:
        gold, _ = _load(path)
        for e in gold["events"]:
            docs_by_happening[e["happening"]].add(path.name)
    shared = {h: d for h, d in docs_by_happening.items() if len(d) >= 2}
    assert len(shared) >= 8, sorted(shared)
    assert max(len(d) for d in shared.values()) >= 3


def test_corpus_covers_figure_categories_and_qualifiers():
    cats, quals = set(), set()
    for path in GOLDS:
        gold, _ = _load(path)
        cats |= {f["category"] for f in gold["figures"]}
        quals |= {f["qualifier"] for f in gold["figures"]}
    assert {"dead", "detained", "crossings", "people", "returned", "pushbacks",
            "security_personnel", "money"} <= cats
    assert {"exact", "at_least", "about", "range", "vague"} <= quals
