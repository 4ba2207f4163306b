"""Records of the situation across documents: merged events, figure series, network, stories.

These are what the timeline, the report, the web app and the exports read. They are
built from the store by :func:`sitroom.situation.build` and are plain frozen data.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GlobalActor:
    """One real-world actor across documents."""
    id: str                          # "A12": stable within one build
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    sector: str | None
    role: str | None
    members: tuple[tuple[str, str], ...] = ()   # (doc_id, document-local actor id)


@dataclass(frozen=True)
class EventMention:
    """One report of a happening: an Event row of one document."""
    doc_id: str
    outlet: str | None
    published: str | None
    type: str
    date: str | None
    sentence: str                    # the evidence sentence
    trigger: str
    start: int                       # sentence span in the document's clean text
    end: int
    source_names: tuple[str, ...] = ()
    target_names: tuple[str, ...] = ()
    status: str | None = None        # as this report tells it: occurred | planned | denied
    place: str | None = None
    mode: str | None = None


@dataclass(frozen=True)
class MergedEvent:
    """One happening, with every report that mentions it."""
    id: str
    type: str
    mode: str | None
    source: tuple[str, ...]          # global actor ids
    target: tuple[str, ...]
    source_names: tuple[str, ...]
    target_names: tuple[str, ...]
    status: str
    date: str | None                 # best-supported date
    place: str | None
    lat: float | None
    lon: float | None
    first_reported: str | None       # earliest publication date among the mentions
    last_reported: str | None
    n_documents: int
    n_sources: int                   # independent outlets
    score: float                     # PLOVER conflict-cooperation score (-10 .. +10)
    mentions: tuple[EventMention, ...] = ()
    statuses: tuple[tuple[str, int], ...] = ()   # (status, number of mentions) as reported
    outlets: tuple[str, ...] = ()                # the independent outlets reporting it
    country: str | None = None                   # of the place


@dataclass(frozen=True)
class FigurePoint:
    date: str | None                 # the figure's own date, else its document's publication date
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    claimed_by: str | None           # name
    doc_id: str
    outlet: str | None
    published: str | None
    evidence: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class FigureSeries:
    """Figures of one category about one subject and place, over time, claims side by side."""
    id: str
    category: str
    subject: str
    place: str | None
    points: tuple[FigurePoint, ...] = ()


@dataclass(frozen=True)
class Edge:
    """Relations between two global actors: events by type and a cooperation/conflict score."""
    source: str
    target: str
    by_type: tuple[tuple[str, int], ...]   # (PLOVER type, number of merged events)
    score: float                            # mean PLOVER score of the events (-10 .. +10)
    events: tuple[str, ...] = ()            # merged event ids
    type_scores: tuple[tuple[str, float], ...] = ()   # (PLOVER type, mean score of its events)


@dataclass(frozen=True)
class Story:
    """Documents grouped by shared actors, places and text similarity."""
    id: str
    label: str
    doc_ids: tuple[str, ...]
    actors: tuple[str, ...] = ()      # most frequent actor names
    places: tuple[str, ...] = ()
    first: str | None = None
    last: str | None = None


@dataclass(frozen=True)
class MapPoint:
    name: str
    lat: float
    lon: float
    country: str | None
    n_mentions: int
    n_documents: int


@dataclass
class Situation:
    """Everything the corpus says, merged across documents."""
    actors: list[GlobalActor] = field(default_factory=list)
    events: list[MergedEvent] = field(default_factory=list)
    series: list[FigureSeries] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    places: list[MapPoint] = field(default_factory=list)
    duplicates: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kept doc id -> its copies
    copies: dict[str, tuple["Copy", ...]] = field(default_factory=dict)   # kept doc id -> copy sources
    documents: dict[str, "DocumentInfo"] = field(default_factory=dict)    # the documents built from


@dataclass(frozen=True)
class Copy:
    """Another publication of a stored document's text (a wire story republished)."""
    copy_id: str                     # content id of the copy's text (the kept id for an exact copy)
    url: str | None
    outlet: str | None
    title: str | None
    path: str | None
    published: str | None
    similarity: float                # estimated Jaccard similarity with the kept text


@dataclass(frozen=True)
class DocumentInfo:
    """A document the situation was built from, with the story it belongs to."""
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None = None
    path: str | None = None
    story: str | None = None
    copies: int = 0
