"""Each page's data as JSON-ready dicts: the API answers them, the pages render them."""
from __future__ import annotations

import dataclasses
import math
from collections import Counter, defaultdict
from typing import Any, Callable, Iterable, Sequence

from ..situation import MergedEvent, Situation
from ..situation import views as sv


def paged(items: Sequence[Any], page: int, per_page: int, total: int | None = None
          ) -> dict[str, Any]:
    """One page of a list (``items`` already cut when ``total`` is given)."""
    if total is None:
        total = len(items)
        items = items[(page - 1) * per_page: page * per_page]
    return {"total": total, "page": page, "per_page": per_page,
            "pages": max(1, math.ceil(total / per_page)), "items": list(items)}


def _fold(s: str | None) -> str:
    return " ".join((s or "").lower().split())


def filter_happenings(sit: Situation, *, actor: str | None = None, country: str | None = None,
                      type: str | None = None, status: str | None = None,
                      place: str | None = None) -> list[MergedEvent]:
    """Merged events matching every filter given: actor (global id or name), country
    (ISO code of the place or of an actor), PLOVER type, status, place name."""
    actors = {a.id: a for a in sit.actors}
    want_actor = None
    if actor:
        a_id = actor.strip()
        if a_id in actors:
            want_actor = {a_id}
        else:
            f = _fold(actor)
            want_actor = {a.id for a in sit.actors
                          if _fold(a.name) == f or any(_fold(x) == f for x in a.aliases)}
    out = []
    for e in sit.events:
        if type and e.type != type.upper():
            continue
        if status and e.status != status.lower():
            continue
        if place and _fold(e.place) != _fold(place):
            continue
        if want_actor is not None and not want_actor & (set(e.source) | set(e.target)):
            continue
        if country:
            c = country.upper()
            codes = {e.country} | {actors[g].country for g in e.source + e.target if g in actors}
            if c not in codes:
                continue
        out.append(e)
    return out


def memo(sit: Situation, key: Any, make: Callable[[], Any]) -> Any:
    """A value derived from a situation, computed once: a built situation never changes, and
    the value goes when the situation leaves the cache."""
    store = sit.__dict__.setdefault("_web_memo", {})
    if key not in store:
        store[key] = make()
    return store[key]


def happening_row(e: MergedEvent, *, mentions: bool = False, sit: Situation | None = None
                  ) -> dict[str, Any]:
    """A merged event as the CLI's JSON gives it; with ``sit``, remembered on the situation
    (which never changes once built) so that busy pages do not convert it again."""
    if sit is None:
        return sv.event_row(e, mentions=mentions)
    return memo(sit, ("event", e.id, mentions), lambda: sv.event_row(e, mentions=mentions))


def actor_row(a, events_of: Counter | None = None) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
            "sector": a.sector, "role": a.role,
            "aliases": [x for x in a.aliases if x != a.name],
            "documents": len({d for d, _ in a.members}),
            "events": (events_of or Counter())[a.id]}


def events_per_actor(sit: Situation) -> Counter:
    def count() -> Counter:
        c: Counter = Counter()
        for e in sit.events:
            for g in set(e.source) | set(e.target):
                c[g] += 1
        return c
    return memo(sit, "events_per_actor", count)


def find_actor(sit: Situation, actor_id: str):
    return next((a for a in sit.actors if a.id == actor_id), None)


def actor_profile(sit: Situation, a, quotes: Iterable[dict], figures: Iterable[dict],
                  roles: Iterable[dict]) -> dict[str, Any]:
    """One actor: identity, events as source and as target by type, quotes, figures, ties.

    ``quotes``, ``figures`` and ``roles`` are the store's quote, figure and actor rows
    (only those of the actor's documents are needed)."""
    members = set(a.members)
    as_source: dict[str, list[str]] = defaultdict(list)
    as_target: dict[str, list[str]] = defaultdict(list)
    for e in sit.events:
        if a.id in e.source:
            as_source[e.type].append(e.id)
        if a.id in e.target:
            as_target[e.type].append(e.id)
    names = {x.id: x.name for x in sit.actors}
    ties = []
    for ed in sit.edges:
        if a.id not in (ed.source, ed.target):
            continue
        other = ed.target if ed.source == a.id else ed.source
        ties.append({"actor": other, "name": names.get(other, other),
                     "direction": "to" if ed.source == a.id else "from",
                     "by_type": dict(ed.by_type), "score": ed.score, "events": list(ed.events)})
    ties.sort(key=lambda t: (-len(t["events"]), t["name"]))
    my_quotes = [q for q in quotes if (q["doc_id"], q.get("speaker_id")) in members]
    my_figures = [f for f in figures if (f["doc_id"], f.get("claimed_by_id")) in members]
    role_list = sorted({r["role"] for r in roles if (r["doc_id"], r["actor_id"]) in members
                        and r.get("role")})
    return {**actor_row(a, events_per_actor(sit)), "roles": role_list,
            "members": [list(m) for m in a.members],
            "as_source": {t: ids for t, ids in sorted(as_source.items())},
            "as_target": {t: ids for t, ids in sorted(as_target.items())},
            "quotes": my_quotes, "figures": my_figures, "ties": ties}


def series_row(s) -> dict[str, Any]:
    d = dataclasses.asdict(s)
    for p, row in zip(s.points, d["points"]):
        row["text"] = sv.point_text(p)
    return d


def place_rows(sit: Situation, place_rows_: Iterable[dict]) -> dict[str, Any]:
    """Map points with their number of happenings, and the unresolved places by name."""
    n_events = Counter(_fold(e.place) for e in sit.events if e.place)
    points = [dict(dataclasses.asdict(p), happenings=n_events[_fold(p.name)])
              for p in sit.places]
    unresolved: dict[str, dict[str, Any]] = {}
    for r in place_rows_:
        if r.get("lat") is not None and r.get("lon") is not None:
            continue
        row = unresolved.setdefault(r["name"], {"name": r["name"], "country": r.get("country"),
                                                "n_mentions": 0, "doc_ids": []})
        row["n_mentions"] += 1
        if r["doc_id"] not in row["doc_ids"]:
            row["doc_ids"].append(r["doc_id"])
    for row in unresolved.values():
        row["n_documents"] = len(row["doc_ids"])
        row["happenings"] = n_events[_fold(row["name"])]
    rest = sorted(unresolved.values(), key=lambda r: (-r["n_documents"], -r["n_mentions"],
                                                       r["name"]))
    return {"points": points, "unresolved": rest}


def network_data(sit: Situation) -> dict[str, Any]:
    return sv.network_dict(sit)


def story_rows(sit: Situation) -> list[dict[str, Any]]:
    return sv.story_rows(sit)


def counts(sit: Situation, store_counts: dict[str, int]) -> dict[str, Any]:
    return {"store": store_counts,
            "situation": {"merged_events": len(sit.events),
                          "event_reports": sum(len(e.mentions) for e in sit.events),
                          "figure_series": len(sit.series),
                          "figure_claims": sum(len(s.points) for s in sit.series),
                          "actors": len(sit.actors), "places": len(sit.places),
                          "stories": len(sit.stories), "edges": len(sit.edges),
                          "copies": sum(len(v) for v in sit.copies.values())}}
