"""The server-rendered pages: each renders the same data its ``/api/`` twin answers."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..report import charts, geomap, network
from ..report.build import _network, _places, series_view
from . import docview
from . import pagedata as P
from .api_routes import ActorId, DocId, EventId, Filters, Kind, PagingDep
from .data import hit_segments
from .views import events_per_actor, memo
from .params import SHORT, Day, Paging, Text, day

router = APIRouter(include_in_schema=False)
MAX_CHOICES = 100        # stories offered in the timeline's story filter
Page = HTMLResponse


def render(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, ctx)


def _outlets(sit) -> dict[str, str | None]:
    return {i: d.outlet for i, d in sit.documents.items()}


@router.get("/favicon.ico")
def favicon() -> Response:
    """No icon (browsers ask for one even for the JSON answers)."""
    return Response(status_code=204)


@router.get("/", response_class=Page)
def situation_page(request: Request, pg: PagingDep,
                   spage: Annotated[int, Query(ge=1, le=100_000)] = 1):
    data = request.app.state.data
    sit = P.situation(data)       # one situation for the whole page, even while one is rebuilt
    d = P.overview(data, Paging(pg.page, min(pg.per_page, 12)), Paging(spage, 20), sit)
    outlets = _outlets(sit)
    by_id = {s.id: s for s in sit.series}

    def chart(series_id: str) -> dict[str, Any]:
        v = series_view(by_id[series_id], outlets)
        return {"view": v, "svg": charts.series_chart(v) if v["charted"] else None}
    charts_ = [memo(sit, ("chart", row["id"]), lambda i=row["id"]: chart(i))
               for row in d["series"]["items"]]
    return render(request, "situation.html", d=d, charts=charts_, nav="situation")


@router.get("/timeline", response_class=Page)
def timeline_page(request: Request, pg: PagingDep, f: Filters):
    data = request.app.state.data
    d = P.timeline(data, f, pg)
    sit = P.situation(data)
    stories = sit.stories[:MAX_CHOICES]
    if f.get("story") and all(s.id != f["story"] for s in stories):
        stories += [s for s in sit.stories if s.id == f["story"]]
    return render(request, "timeline.html", d=d, f=f, stories=stories,
                  types=sorted({e.type for e in sit.events}), nav="timeline")


@router.get("/happenings/{event_id}", response_class=Page)
def happening_page(request: Request, event_id: EventId, pg: PagingDep, story: Text = None):
    d = P.happening(request.app.state.data, event_id, story, pg)
    return render(request, "happening.html", e=d, story=story, nav="timeline")


@router.get("/actors", response_class=Page)
def actors_page(request: Request, pg: PagingDep, q: Text = None, kind: Kind = None,
                country: Text = None):
    d = P.actors(request.app.state.data, {"q": q, "kind": kind, "country": country}, pg)
    return render(request, "actors.html", d=d, nav="actors")


@router.get("/actors/{actor_id}", response_class=Page)
def actor_page(request: Request, actor_id: ActorId):
    data = request.app.state.data
    sit = P.situation(data)
    d = P.actor(data, actor_id, sit)
    events = {e.id: e for e in sit.events}
    return render(request, "actor.html", a=d, events=events, nav="actors")


@router.get("/documents", response_class=Page)
def documents_page(request: Request, pg: PagingDep, source: Text = None, q: Text = None,
                   story: Text = None, date_from: Day = None, date_to: Day = None):
    f = {"source": source, "q": q, "story": story, "date_from": day(date_from, "date_from"),
         "date_to": day(date_to, "date_to")}
    d = P.documents(request.app.state.data, f, pg)
    return render(request, "documents.html", d=d, nav="documents")


@router.get("/documents/{doc_id}", response_class=Page)
def document_page(request: Request, doc_id: DocId,
                  at: Annotated[str | None, Query(pattern=r"^[0-9]{1,9}-[0-9]{1,9}$")] = None):
    doc, d = P.document(request.app.state.data, doc_id)
    focus = tuple(int(x) for x in at.split("-")) if at else None
    recs = docview.records(doc)
    segs = docview.segments(doc.clean_text, recs, focus)
    return render(request, "document.html", doc=d, records=recs, segments=segs,
                  legend=docview.legend(recs), nav="documents")


@router.get("/map", response_class=Page)
def map_page(request: Request, pg: PagingDep,
             upage: Annotated[int, Query(ge=1, le=100_000)] = 1):
    data = request.app.state.data
    d = P.places(data, pg, Paging(upage, pg.per_page))
    sit = P.situation(data)
    maps = memo(sit, "maps", lambda: _maps(sit))
    return render(request, "map.html", d=d, maps=maps, nav="map")


def _maps(sit) -> list[dict[str, str]]:
    """The overview map and, when the places crowd a small area, a detail map (SVG)."""
    drawn = _places(sit)
    maps = []
    vs = drawn["views"]
    for i, (label, view, size) in enumerate(vs):
        inset = vs[1][1] if i == 0 and len(vs) > 1 else None
        maps.append({"label": label, "svg": geomap.map_svg(
            view, drawn["dots"], drawn["countries"], uid=f"map{i + 1}", width=size[0],
            height=size[1], title=f"{label} map of the places reported", inset=inset)})
    return maps


def _network_svg(sit) -> tuple[str | None, int]:
    net = _network(sit, events_per_actor(sit))
    svg = network.network_svg(net["nodes"], [e for e in net["edges"] if e["drawn"]]) \
        if net["nodes"] else None
    return svg, net["hidden_nodes"]


@router.get("/network", response_class=Page)
def network_page(request: Request, pg: PagingDep, story: Text = None):
    data = request.app.state.data
    d = P.network(data, story, pg)
    sit = P.situation(data, story)
    svg, hidden = memo(sit, "network-svg", lambda: _network_svg(sit))
    return render(request, "network.html", d=d, svg=svg, scale=charts.legend_scale(),
                  hidden=hidden, story=story, nav="network")


@router.get("/search", response_class=Page)
def search_page(request: Request, pg: PagingDep,
                q: Annotated[str, Query(max_length=SHORT)] = ""):
    d = P.search(request.app.state.data, q, pg)
    for r in d["results"]["items"]:
        r["pieces"] = hit_segments(r["text"], q)
    return render(request, "search.html", d=d, nav="search")
