"""The JSON API: every page's data, filterable and paged (``/api/...``)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse

from ..records import ACTOR_KINDS, FIGURE_CATEGORIES
from . import pagedata as P
from .params import DOC_ID, Day, Paging, Text, day, event_type, paging, status



class FastJSON(JSONResponse):
    """The routes' dicts are plain JSON values already: serialised directly, without
    FastAPI's generic (and slow) encoder walking them first."""


router = APIRouter(prefix="/api", tags=["data"], default_response_class=FastJSON)
PagingDep = Annotated[Paging, Depends(paging)]
DocId = Annotated[str, Path(pattern=DOC_ID, description="A document id or a unique prefix.")]
DocFilter = Annotated[str | None, Query(pattern=DOC_ID, description="Only this document.")]
EventId = Annotated[str, Path(pattern=r"^E[0-9]{1,9}$", description="A happening id (E1, E2, …).")]
ActorId = Annotated[str, Path(pattern=r"^A[0-9]{1,9}$", description="An actor id (A1, A2, …).")]
Kind = Annotated[str | None, Query(pattern="^(" + "|".join(ACTOR_KINDS) + ")$")]
Category = Annotated[str | None, Query(pattern="^(" + "|".join(FIGURE_CATEGORIES) + ")$")]


def _data(request: Request):
    return request.app.state.data


def timeline_filters(story: Text = None, actor: Text = None, country: Text = None,
                     type: Text = None, status_: Annotated[str | None, Query(
                         alias="status", max_length=20)] = None, place: Text = None,
                     date_from: Day = None, date_to: Day = None) -> dict[str, Any]:
    """The timeline's filters, checked: story, actor, country, type, status, place, dates."""
    return {"story": story, "actor": actor, "country": country, "type": event_type(type),
            "status": status(status_), "place": place,
            "date_from": day(date_from, "date_from"), "date_to": day(date_to, "date_to")}


Filters = Annotated[dict, Depends(timeline_filters)]


@router.get("", summary="The API's endpoints, and where its OpenAPI description is")
def api_index(request: Request) -> FastJSON:
    paths = request.app.openapi()["paths"]
    return FastJSON({"openapi": "/api/openapi.json",
                     "endpoints": [{"method": m.upper(), "path": p, "summary": op.get("summary")}
                                   for p, ops in paths.items() for m, op in ops.items()]})


@router.get("/situation", summary="Counts, latest happenings, figure series (paged), stories")
def api_situation(request: Request, pg: PagingDep,
                  spage: Annotated[int, Query(ge=1, le=100_000, description="Page of the "
                                              "stories (20 a page).")] = 1) -> FastJSON:
    return FastJSON(P.overview(_data(request), pg, Paging(spage, 20)))


@router.get("/counts", summary="Rows per table and the merged situation's counts")
def api_counts(request: Request) -> FastJSON:
    data = _data(request)
    from .views import counts
    return FastJSON(counts(P.situation(data), data.store.counts()))


@router.get("/happenings", summary="Merged happenings (the timeline), filtered and paged")
def api_happenings(request: Request, pg: PagingDep, f: Filters) -> FastJSON:
    return FastJSON(P.timeline(_data(request), f, pg))


@router.get("/happenings/{event_id}", summary="One merged happening with its reports (paged)")
def api_happening(request: Request, event_id: EventId, pg: PagingDep,
                  story: Text = None) -> FastJSON:
    return FastJSON(P.happening(_data(request), event_id, story, pg))


@router.get("/documents", summary="Stored documents (metadata), filtered and paged")
def api_documents(request: Request, pg: PagingDep, source: Text = None, q: Text = None,
                  story: Text = None, date_from: Day = None, date_to: Day = None) -> FastJSON:
    f = {"source": source, "q": q, "story": story, "date_from": day(date_from, "date_from"),
         "date_to": day(date_to, "date_to")}
    return FastJSON(P.documents(_data(request), f, pg))


@router.get("/documents/{doc_id}", summary="One document: text, every layer, removed "
            "boilerplate, copies from other outlets")
def api_document(request: Request, doc_id: DocId) -> FastJSON:
    return FastJSON(P.document(_data(request), doc_id)[1])


@router.get("/events", summary="Event reports as extracted, per document")
def api_events(request: Request, pg: PagingDep, doc_id: DocFilter = None, type: Text = None,
               status_: Annotated[str | None, Query(alias="status", max_length=20)] = None,
               mode: Text = None) -> FastJSON:
    f = {"doc_id": doc_id, "type": event_type(type), "status": status(status_), "mode": mode}
    return FastJSON(P.layer(_data(request), "events", f, pg))


@router.get("/quotes", summary="Quotes, per document")
def api_quotes(request: Request, pg: PagingDep, doc_id: DocFilter = None,
               speaker: Text = None, kind: Text = None) -> FastJSON:
    return FastJSON(P.layer(_data(request), "quotes",
                   {"doc_id": doc_id, "speaker": speaker, "kind": kind}, pg))


@router.get("/figures", summary="Figures, per document")
def api_figures(request: Request, pg: PagingDep, doc_id: DocFilter = None,
                category: Category = None, claimed_by: Text = None) -> FastJSON:
    return FastJSON(P.layer(_data(request), "figures",
                   {"doc_id": doc_id, "category": category, "claimed_by": claimed_by}, pg))


@router.get("/series", summary="Figure series across documents, claims side by side")
def api_series(request: Request, pg: PagingDep, category: Category = None) -> FastJSON:
    return FastJSON(P.series(_data(request), category, pg))


@router.get("/actors", summary="Actors across documents")
def api_actors(request: Request, pg: PagingDep, q: Text = None, kind: Kind = None,
               country: Text = None) -> FastJSON:
    return FastJSON(P.actors(_data(request), {"q": q, "kind": kind, "country": country}, pg))


@router.get("/actors/{actor_id}", summary="One actor's profile")
def api_actor(request: Request, actor_id: ActorId) -> FastJSON:
    return FastJSON(P.actor(_data(request), actor_id))


@router.get("/places", summary="Places on the map and the unresolved places")
def api_places(request: Request, pg: PagingDep) -> FastJSON:
    return FastJSON(P.places(_data(request), pg))


@router.get("/network", summary="Who did what to whom: actors and relations (edges paged)")
def api_network(request: Request, pg: PagingDep, story: Text = None) -> FastJSON:
    return FastJSON(P.network(_data(request), story, pg))


@router.get("/stories", summary="Documents grouped into stories")
def api_stories(request: Request, pg: PagingDep) -> FastJSON:
    return FastJSON(P.stories(_data(request), pg))


@router.get("/search", summary="Full-text search over sentences")
def api_search(request: Request, pg: PagingDep,
               q: Annotated[str, Query(max_length=500, description="Words, or FTS5 syntax.")] = ""
               ) -> FastJSON:
    return FastJSON(P.search(_data(request), q, pg))
