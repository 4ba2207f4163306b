"""The actor network: who did what to whom, with a cooperation/conflict score.

Scores follow PLOVER's conflict-cooperation scale (:mod:`sitroom.knowledge.plover`): every
event type has a base value from -10 (most hostile: ASSAULT -9, COERCE -7, SANCTION -6,
MOBILIZE -5.5, PROTEST -5, THREATEN -3.5, ACCUSE -3, REJECT -2) through 0 (REQUEST) to +10
(most cooperative: CONSULT and AGREE +2.5, CONCEDE +4.5, SUPPORT +5, RETREAT +6.5,
COOPERATE +9.5, AID +10), refined by the event's mode where the manual gives one (a
phone call +1.5, a visit +4). An edge's score is the mean over its merged events, and
each type's score the mean over that type's events, so one happening reported by ten
outlets weighs as much as one reported once.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from typing import Iterable, Mapping

from .model import Edge, GlobalActor, MergedEvent


def build_edges(events: Iterable[MergedEvent]) -> list[Edge]:
    """One directed edge per (source actor, target actor) pair that share merged events."""
    by_pair: dict[tuple[str, str], list[MergedEvent]] = defaultdict(list)
    for e in events:
        for s in e.source:
            for t in e.target:
                if s != t:
                    by_pair[(s, t)].append(e)
    out = []
    for (s, t), evs in by_pair.items():
        types = Counter(e.type for e in evs)
        type_scores = defaultdict(list)
        for e in evs:
            type_scores[e.type].append(e.score)
        out.append(Edge(
            source=s, target=t,
            by_type=tuple(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
            score=round(sum(e.score for e in evs) / len(evs), 2),
            events=tuple(e.id for e in evs),
            type_scores=tuple(sorted((k, round(sum(v) / len(v), 2))
                                     for k, v in type_scores.items()))))
    out.sort(key=lambda e: (-len(e.events), e.source, e.target))
    return out


def to_graphml(actors: Iterable[GlobalActor], edges: Iterable[Edge]) -> str:
    """The network as GraphML (nodes: actors in at least one edge; edges: event counts
    and scores)."""
    edges = list(edges)
    used = {x for e in edges for x in (e.source, e.target)}
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    keys = (("name", "node", "string"), ("kind", "node", "string"),
            ("country", "node", "string"), ("sector", "node", "string"),
            ("events", "edge", "int"), ("score", "edge", "double"),
            ("types", "edge", "string"))
    for name, where, typ in keys:
        ET.SubElement(root, "key", {"id": name, "for": where, "attr.name": name,
                                    "attr.type": typ})
    graph = ET.SubElement(root, "graph", id="actors", edgedefault="directed")

    def data(parent: ET.Element, key: str, value) -> None:
        if value is not None:
            ET.SubElement(parent, "data", key=key).text = str(value)

    for a in actors:
        if a.id not in used:
            continue
        node = ET.SubElement(graph, "node", id=a.id)
        for k in ("name", "kind", "country", "sector"):
            data(node, k, getattr(a, k))
    for n, e in enumerate(edges):
        el = ET.SubElement(graph, "edge", id=f"e{n + 1}", source=e.source, target=e.target)
        data(el, "events", len(e.events))
        data(el, "score", e.score)
        data(el, "types", " ".join(f"{t}:{c}" for t, c in e.by_type))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def names(actors: Iterable[GlobalActor]) -> Mapping[str, str]:
    return {a.id: a.name for a in actors}
