"""Each page's data, computed once for the page and for its twin under ``/api/``."""
from __future__ import annotations

from typing import Any

from fastapi import HTTPException

from ..errors import SitroomError
from ..store.base import DocumentNotFound
from . import views as V
from .data import Data
from .docview import document_data
from .params import DOC_ID_RE, Paging

LATEST = 10          # happenings on the situation page
LIST_MENTIONS = 5    # reports shown with each happening of a list (all on its own page)


def not_found(what: str) -> HTTPException:
    return HTTPException(status_code=404, detail=what)


def situation(data: Data, story: str | None = None, date_from: str | None = None,
              date_to: str | None = None):
    """The cached situation; an unknown story is a 404 with the stories' names."""
    try:
        return data.situation(story, date_from, date_to)
    except SitroomError as exc:
        if story:
            raise not_found(str(exc)) from exc
        raise


def overview(data: Data, paging: Paging, story_paging: Paging | None = None, sit=None
             ) -> dict[str, Any]:
    """Situation page: counts, the latest happenings, figure series and stories (paged)."""
    sit = sit or situation(data)
    sp = story_paging or Paging(1, 20)
    latest = sorted(sit.events, key=lambda e: (e.date or e.first_reported or "", e.id),
                    reverse=True)[:LATEST]
    ranked = sorted(sit.series, key=lambda s: (-len({p.doc_id for p in s.points}), s.id))
    page = V.paged(ranked, paging.page, paging.per_page)
    page["items"] = [V.series_row(s) for s in page["items"]]
    return {"counts": V.counts(sit, data.store.counts()),
            "latest": [V.happening_row(e, sit=sit) for e in latest],
            "series": page, "stories": V.paged(V.story_rows(sit), sp.page, sp.per_page)}


def timeline(data: Data, f: dict[str, Any], paging: Paging) -> dict[str, Any]:
    sit = situation(data, f.get("story"), f.get("date_from"), f.get("date_to"))
    events = V.filter_happenings(sit, actor=f.get("actor"), country=f.get("country"),
                                 type=f.get("type"), status=f.get("status"),
                                 place=f.get("place"))
    page = V.paged(events, paging.page, paging.per_page)
    page["items"] = [_short(V.happening_row(e, mentions=True, sit=sit)) for e in page["items"]]
    return {"filters": {k: v for k, v in f.items() if v}, "happenings": page}


def _short(row: dict[str, Any]) -> dict[str, Any]:
    """A happening of a list: its first reports, and how many there are."""
    return {**row, "mentions": row["mentions"][:LIST_MENTIONS], "n_mentions": len(row["mentions"])}


def happening(data: Data, event_id: str, story: str | None = None,
              paging: Paging | None = None) -> dict[str, Any]:
    """One happening; its reports (``mentions``) paged."""
    sit = situation(data, story)
    e = next((x for x in sit.events if x.id == event_id), None)
    if e is None:
        raise not_found(f"no happening {event_id!r}; happening ids (E1, E2, …) are listed "
                        "on the timeline")
    row = V.happening_row(e, mentions=True, sit=sit)
    pg = paging or Paging(1, 50)
    return {**row, "mentions": V.paged(row["mentions"], pg.page, pg.per_page)}


def actors(data: Data, f: dict[str, Any], paging: Paging) -> dict[str, Any]:
    sit = situation(data)
    per = V.events_per_actor(sit)
    rows = sit.actors
    if f.get("kind"):
        rows = [a for a in rows if a.kind == f["kind"]]
    if f.get("country"):
        rows = [a for a in rows if (a.country or "").upper() == f["country"].upper()]
    if f.get("q"):
        q = f["q"].lower()
        rows = [a for a in rows if any(q in n.lower() for n in (a.name,) + tuple(a.aliases))]
    rows = sorted(rows, key=lambda a: (-per[a.id], -len({d for d, _ in a.members}), a.name))
    page = V.paged(rows, paging.page, paging.per_page)
    page["items"] = [V.actor_row(a, per) for a in page["items"]]
    return {"filters": {k: v for k, v in f.items() if v}, "actors": page}


def actor(data: Data, actor_id: str, sit=None) -> dict[str, Any]:
    sit = sit or situation(data)
    a = V.find_actor(sit, actor_id)
    if a is None:
        raise not_found(f"no actor {actor_id!r}; actor ids (A1, A2, …) are listed on the "
                        "actors page")
    docs = sorted({d for d, _ in a.members})
    rows: dict[str, list] = {"quotes": [], "figures": [], "actors": []}
    for d in docs:
        for layer in rows:
            rows[layer] += data.store.rows(layer, d)
    return V.actor_profile(sit, a, rows["quotes"], rows["figures"], rows["actors"])


def documents(data: Data, f: dict[str, Any], paging: Paging) -> dict[str, Any]:
    flt = dict(f)
    if f.get("story"):
        sit = situation(data, f["story"])
        flt["ids"] = list(sit.documents)
    total, rows = data.document_page(flt, paging.offset, paging.per_page)
    return {"filters": {k: v for k, v in f.items() if v},
            "documents": V.paged(rows, paging.page, paging.per_page, total)}


def resolve_doc(data: Data, doc_id: str) -> str:
    if not DOC_ID_RE.match(doc_id or ""):
        raise not_found(f"{doc_id[:40]!r} is not a document id (hexadecimal, 4 to 16 "
                        "characters)")
    try:
        return data.store.resolve_id(doc_id)
    except DocumentNotFound as exc:
        raise not_found(str(exc)) from exc


def document(data: Data, doc_id: str):
    """(Document, its data): the stored document with every layer, its copies."""
    full = resolve_doc(data, doc_id)
    doc = data.store.document(full)
    return doc, document_data(doc, data.store.copies(full))


def layer(data: Data, name: str, f: dict[str, Any], paging: Paging) -> dict[str, Any]:
    if f.get("doc_id"):
        f = dict(f, doc_id=resolve_doc(data, f["doc_id"]))
    total, rows = data.layer_page(name, f, paging.offset, paging.per_page)
    return {"filters": {k: v for k, v in f.items() if v},
            name: V.paged(rows, paging.page, paging.per_page, total)}


def series(data: Data, category: str | None, paging: Paging) -> dict[str, Any]:
    sit = situation(data)
    rows = [s for s in sit.series if not category or s.category == category]
    page = V.paged(rows, paging.page, paging.per_page)
    page["items"] = [V.series_row(s) for s in page["items"]]
    return {"series": page}


def places(data: Data, paging: Paging, unresolved_paging: Paging | None = None
           ) -> dict[str, Any]:
    sit = situation(data)
    p = V.memo(sit, "places", lambda: V.place_rows(sit, data.store.rows("places")))
    up = unresolved_paging or paging
    return {"points": V.paged(p["points"], paging.page, paging.per_page),
            "unresolved": V.paged(p["unresolved"], up.page, up.per_page)}


def network(data: Data, story: str | None, paging: Paging) -> dict[str, Any]:
    sit = situation(data, story)
    net = V.network_data(sit)
    edges = sorted(net["edges"], key=lambda e: (-len(e["events"]), e["source_name"] or "",
                                                e["target_name"] or ""))
    page = V.paged(edges, paging.page, paging.per_page)
    used = {x for e in page["items"] for x in (e["source"], e["target"])}
    return {"scale": net["scale"], "nodes": [n for n in net["nodes"] if n["id"] in used],
            "edges": page}


def stories(data: Data, paging: Paging) -> dict[str, Any]:
    return {"stories": V.paged(V.story_rows(situation(data)), paging.page, paging.per_page)}


def search(data: Data, q: str, paging: Paging) -> dict[str, Any]:
    if not q or not q.split():
        return {"q": q or "", "results": V.paged([], paging.page, paging.per_page, 0),
                "more": False}
    rows, more = data.search(q, paging.offset, paging.per_page)
    total = paging.offset + len(rows) + (1 if more else 0)
    out = V.paged(rows, paging.page, paging.per_page, total)
    return {"q": q, "results": out, "more": more}
