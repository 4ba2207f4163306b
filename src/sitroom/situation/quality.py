"""Merge quality against gold annotations whose events carry a ``happening`` id.

Pairwise scores: a pair of event mentions is positive in the gold when both tell the same
happening, and predicted positive when both are in the same merged event; precision and
recall are taken over those pairs. Two entry points: :func:`store_merge_quality` maps the
merged events built from a store (the extracted mentions) to gold events by document,
type and evidence overlap (a mention whose sentence tells two happenings equally well is
left out); :func:`gold_merge_quality` merges the gold events themselves,
which measures merging apart from extraction.
"""
from __future__ import annotations

import datetime as _dt
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..records import Actor
from .mentions import STANCE_TYPES, ActorInfo, Item, PlaceRef, fold
from .merge import merge_items

_WORD = re.compile(r"\w+")


@dataclass
class MergeScore:
    """Pairwise precision and recall of merging, with the happening-level targets."""
    mentions: int = 0                 # mentions scored (mapped to a gold happening)
    gold_pairs: int = 0
    pred_pairs: int = 0
    true_pairs: int = 0
    multi_doc_happenings: int = 0     # happenings with scored mentions in 2+ documents
    whole: int = 0                    # ... of which all mentions are in one merged event
    mixed_events: list[str] = field(default_factory=list)   # merged events mixing happenings
    split: list[str] = field(default_factory=list)          # multi-document happenings split

    @property
    def precision(self) -> float:
        return self.true_pairs / self.pred_pairs if self.pred_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0

    def summary(self) -> str:
        return (f"{self.mentions} mentions; pairs: precision {self.precision:.3f} "
                f"({self.true_pairs}/{self.pred_pairs}), recall {self.recall:.3f} "
                f"({self.true_pairs}/{self.gold_pairs}); multi-document happenings merged "
                f"whole: {self.whole}/{self.multi_doc_happenings}; merged events mixing "
                f"happenings: {len(self.mixed_events)}")


def score_pairs(labels: Sequence[tuple[str, str, str]]) -> MergeScore:
    """Score ``(doc_id, gold happening, predicted cluster)`` triples, one per mention."""
    out = MergeScore(mentions=len(labels))
    for (_, g1, p1), (_, g2, p2) in itertools.combinations(labels, 2):
        same_g, same_p = g1 == g2, p1 == p2
        out.gold_pairs += same_g
        out.pred_pairs += same_p
        out.true_pairs += same_g and same_p
    by_gold: dict[str, list[tuple[str, str]]] = defaultdict(list)
    by_pred: dict[str, set[str]] = defaultdict(set)
    for d, g, p in labels:
        by_gold[g].append((d, p))
        by_pred[p].add(g)
    for g, rows in sorted(by_gold.items()):
        if len({d for d, _ in rows}) > 1:
            out.multi_doc_happenings += 1
            if len({p for _, p in rows}) == 1:
                out.whole += 1
            else:
                out.split.append(g)
    out.mixed_events = sorted(p for p, gs in by_pred.items() if len(gs) > 1)
    return out


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(fold(text)))


def _gold_files(gold_dir: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for f in sorted(Path(gold_dir).glob("*.gold.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        out[g.get("document") or f.name.replace(".gold.json", ".txt")] = g
    return out


def store_merge_quality(situation, documents: Iterable[dict[str, Any]],
                        gold_dir: str | Path) -> MergeScore:
    """Merge quality of a built situation's events on the extracted mentions that map to
    a gold event (same document, same type, the gold evidence within the sentence)."""
    gold = _gold_files(Path(gold_dir))
    by_doc = {}
    for d in documents:
        name = Path(d.get("path") or "").name
        if name in gold:
            by_doc[d["id"]] = gold[name]
    labels = []
    for e in situation.events:
        for m in e.mentions:
            g = by_doc.get(m.doc_id)
            if g is None:
                continue
            sent = _tokens(m.sentence)
            found: dict[tuple, set[str]] = {}
            for ge in g.get("events") or ():
                if ge.get("type") != m.type or not ge.get("happening"):
                    continue
                ev = _tokens(ge.get("evidence") or "")
                cov = len(ev & sent) / len(ev) if ev else 0.0
                if cov >= 0.5:
                    # One sentence can tell two happenings: the date tells which is meant.
                    key = (cov, bool(m.date) and ge.get("date") == m.date)
                    found.setdefault(key, set()).add(ge["happening"])
            if found:
                best = found[max(found)]
                if len(best) == 1:         # still two candidates: the mention is ambiguous
                    labels.append((m.doc_id, next(iter(best)), e.id))
    return score_pairs(labels)


def _names_match(names: Iterable[str], actor_names: Iterable[str]) -> bool:
    want = {fold(n) for n in names if n}
    return any(fold(n) in want for n in actor_names)


def gold_items(gold_dir: str | Path, resolve_actors) -> tuple[list[Item], list[str],
                                                              dict[str, ActorInfo]]:
    """The gold events of a folder as merge items, their happenings, and actor info.

    Gold actors become actors of their file; ``resolve_actors`` gives them global ids;
    an event's source and target names are the file's actors carrying those names.
    """
    files = _gold_files(Path(gold_dir))
    pairs, local = [], {}
    for doc, g in files.items():
        for n, a in enumerate(g.get("actors") or ()):
            names = a.get("names") or []
            if not names:
                continue
            actor = Actor(id=f"a{n + 1}", name=names[0], aliases=tuple(names[1:]),
                          kind=a.get("kind") or "organization", country=a.get("country"),
                          sector=a.get("sector"), role=a.get("role"))
            pairs.append((doc, actor))
            local.setdefault(doc, []).append(actor)
    actors = resolve_actors(pairs)
    from .assemble import actor_info
    gid = {m: a.id for a in actors for m in a.members}
    info = {a.id: actor_info(a) for a in actors}
    items, happenings = [], []
    for doc, g in files.items():
        pub = _dt.date.fromisoformat(g["published"][:10]) if g.get("published") else None
        places = {}
        for p in g.get("places") or ():
            ref = PlaceRef((p.get("names") or ["?"])[0], p.get("lat"), p.get("lon"),
                           p.get("country"), None)
            for n in p.get("names") or ():
                places[fold(n)] = ref

        def ids(names):
            # The first name of a gold list is the preferred one: the actor an extractor
            # should name; the others are accepted variants (often the actor's country).
            for n in names or ():
                found = frozenset(gid[(doc, a.id)] for a in local.get(doc, ())
                                  if (doc, a.id) in gid and _names_match([n], a.names))
                if found:
                    return found
            return frozenset()
        for e in g.get("events") or ():
            if not e.get("happening"):
                continue
            place = e.get("place")
            # The gold leaves standing stances ("the EU accuses Minsk of ...") undated.
            items.append(Item(doc_id=doc, published=pub, type=e["type"], status=e["status"],
                              date=e.get("date"), source=ids(e.get("source")),
                              target=ids(e.get("target")), mode=e.get("mode"),
                              place=(places.get(fold(place)) or PlaceRef(place)) if place else None,
                              standing=e["type"] in STANCE_TYPES and not e.get("date")))
            happenings.append(e["happening"])
    return items, happenings, info


def gold_merge_quality(gold_dir: str | Path, resolve_actors) -> MergeScore:
    """Merge the gold events of a folder and score the result against their happenings."""
    items, happenings, info = gold_items(gold_dir, resolve_actors)
    clusters = merge_items(items, info)
    cluster_of = {n: f"C{i}" for i, members in enumerate(clusters) for n in members}
    return score_pairs([(it.doc_id, h, cluster_of[n])
                        for n, (it, h) in enumerate(zip(items, happenings))])
