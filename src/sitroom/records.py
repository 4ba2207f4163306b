"""Typed records for every layer of a document, each carrying its evidence span.

All extracted facts are frozen dataclasses. A :class:`Span` points into the
document's *clean* text by character offsets, so any fact can be shown with the
sentence it came from. Actors are referenced from quotes, figures and events by
their document-local id (``"a3"``); :meth:`Document.actor` resolves it.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterable

SCHEMA_VERSION = 1

ACTOR_KINDS = ("person", "organization", "country", "group")
SECTORS = ("GOV", "MIL", "POL", "LEG", "JUD", "IGO", "NGO", "MED", "BUS", "CVL",
           "REF", "OPP", "REB", "OTH")
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
               "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
               "MOBILIZE", "COERCE", "ASSAULT")
EVENT_STATUSES = ("occurred", "planned", "denied")
QUOTE_KINDS = ("direct", "indirect", "post")
FIGURE_CATEGORIES = ("dead", "injured", "missing", "detained", "crossings", "people",
                     "returned", "pushbacks", "security_personnel", "money", "votes",
                     "other")
QUALIFIERS = ("exact", "at_least", "at_most", "about", "range", "vague")


def content_id(text: str) -> str:
    """Stable document id: the first 16 hex digits of the SHA-256 of the text."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of the clean text of document ``doc_id``."""
    doc_id: str
    start: int
    end: int

    def text(self, doc: "Document") -> str:
        return doc.clean_text[self.start:self.end]


@dataclass(frozen=True)
class Removed:
    """A piece of the extracted text that cleaning removed, kept for audit."""
    kind: str            # subscribe | newsletter | badge | crosslink | share | credit | post-echo
                         # | post-signature | dateline-meta | other; page chrome by shape:
                         # stamp | byline | caption | label | menu | link | promo | related
                         # | repeat | tail
    text: str
    line: int            # line number in the pre-cleaning text


@dataclass(frozen=True)
class Post:
    """An embedded social-media post, kept once."""
    span: Span           # the post's text in the clean text
    text: str
    author: str | None
    handle: str | None   # without the @
    date: str | None     # ISO date


@dataclass(frozen=True)
class Mention:
    span: Span
    text: str
    label: str


@dataclass(frozen=True)
class DateRef:
    span: Span
    text: str
    value: str           # YYYY-MM-DD, YYYY-MM or YYYY
    granularity: str     # day | month | year
    anchor: str          # absolute | published | <what it was resolved against>


@dataclass(frozen=True)
class Place:
    span: Span
    text: str
    name: str            # canonical gazetteer name, or the text when unresolved
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166 alpha-2
    admin1: str | None
    feature: str         # country | city | village | region | crossing | other
    resolved: bool
    spans: tuple[Span, ...] = ()   # every mention of this place in the document, the first included


@dataclass(frozen=True)
class Actor:
    id: str              # document-local id, "a1", "a2", ...
    name: str            # canonical name
    aliases: tuple[str, ...]
    kind: str            # person | organization | country | group
    country: str | None  # ISO-2, or EU / UN / NATO
    sector: str | None
    role: str | None
    spans: tuple[Span, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,) + tuple(a for a in self.aliases if a != self.name)


@dataclass(frozen=True)
class Quote:
    span: Span           # the quoted content
    text: str
    speaker: str | None  # actor id
    speaker_span: Span | None
    speaker_text: str | None
    cue: str | None
    kind: str            # direct | indirect
    date: str | None
    place: str | None = None         # the place governing the statement, if any
    date_basis: str | None = None    # how the date was decided: own | sentence | paragraph | document
    place_basis: str | None = None   # how the place was decided: own | sentence | paragraph | document


@dataclass(frozen=True)
class Figure:
    span: Span
    text: str
    category: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    subject: str | None
    claimed_by: str | None       # actor id
    claimed_by_text: str | None
    date: str | None
    place: str | None
    unit: str | None = None      # currency for money
    date_basis: str | None = None    # own | sentence | paragraph | document
    place_basis: str | None = None   # own | sentence | paragraph | document


@dataclass(frozen=True)
class Event:
    type: str
    mode: str | None
    source: tuple[str, ...]      # actor ids
    target: tuple[str, ...]      # actor ids
    status: str
    date: str | None
    place: str | None
    trigger: Span
    trigger_text: str
    sentence: Span
    confidence: float
    cameo_code: str | None = None
    date_basis: str | None = None    # own | sentence | paragraph | document
    place_basis: str | None = None   # own | sentence | paragraph | document


LAYERS = ("mentions", "dates", "places", "actors", "quotes", "figures", "events")


@dataclass
class Document:
    """One article flowing through the pipeline; each stage fills its own layer."""
    id: str
    text: str                            # raw text as read (HTML already converted)
    url: str | None = None
    source: str | None = None            # outlet
    title: str | None = None
    published: str | None = None         # ISO date
    published_source: str | None = None  # metadata | dateline | text | filename | post | None
    language: str = "en"
    path: str | None = None
    clean_text: str = ""
    # Where the language came from: metadata | detected (None until known); and, for a
    # language the pipeline cannot read, the note that its facts were not extracted.
    language_source: str | None = None
    language_note: str | None = None
    removed: tuple[Removed, ...] = ()
    credits: tuple[str, ...] = ()
    posts: tuple[Post, ...] = ()
    sentences: tuple[Span, ...] = ()
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateRef, ...] = ()
    places: tuple[Place, ...] = ()
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    done: tuple[str, ...] = ()            # names of the stages that ran
    error: str | None = None              # why processing failed, if it did
    nlp: Any = field(default=None, repr=False, compare=False)  # spaCy Doc, transient
    # Attributions that are not speech: beliefs, intentions, evaluations, findings
    # ("X believes ...", "X criticized Y", "a poll shows ..."); Quote records of kind "stance".
    stances: tuple[Quote, ...] = ()

    @classmethod
    def from_text(cls, text: str, **meta: Any) -> "Document":
        return cls(id=content_id(text), text=text, **meta)

    def span(self, start: int, end: int) -> Span:
        return Span(self.id, start, end)

    def actor(self, actor_id: str | None) -> Actor | None:
        if actor_id is None:
            return None
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    def sentence_of(self, span: Span) -> Span | None:
        """The sentence containing the start of ``span``."""
        for s in self.sentences:
            if s.start <= span.start < s.end:
                return s
        return None

    def published_date(self) -> _dt.date | None:
        if not self.published:
            return None
        try:
            return _dt.date.fromisoformat(self.published[:10])
        except ValueError:
            return None

    def to_dict(self, *, text: bool = True) -> dict[str, Any]:
        """A JSON-ready dict of the document and all its layers (actor ids resolved to names)."""
        out: dict[str, Any] = {
            "id": self.id, "url": self.url, "source": self.source, "title": self.title,
            "published": self.published, "published_source": self.published_source,
            "language": self.language, "language_source": self.language_source,
            "language_note": self.language_note, "path": self.path,
            "removed": [dataclasses.asdict(r) for r in self.removed],
            "credits": list(self.credits),
            "posts": [record_to_dict(p) for p in self.posts],
        }
        if text:
            out["text"] = self.text
            out["clean_text"] = self.clean_text
        for layer in LAYERS:
            out[layer] = [record_to_dict(r, self) for r in getattr(self, layer)]
        return out


def record_to_dict(rec: Any, doc: Document | None = None) -> dict[str, Any]:
    """Flatten a record to JSON-ready values; spans become ``[start, end]``.

    With ``doc`` given, actor ids are accompanied by the actor's canonical name and
    the evidence sentence is added.
    """
    d: dict[str, Any] = {}
    for f in dataclasses.fields(rec):
        v = getattr(rec, f.name)
        if isinstance(v, Span):
            d[f.name] = [v.start, v.end]
        elif isinstance(v, tuple) and v and isinstance(v[0], Span):
            d[f.name] = [[s.start, s.end] for s in v]
        elif isinstance(v, tuple):
            d[f.name] = list(v)
        else:
            d[f.name] = v
    if doc is not None:
        d["doc_id"] = doc.id
        if isinstance(rec, Event):
            d["source_names"] = _names(doc, rec.source)
            d["target_names"] = _names(doc, rec.target)
            d["evidence"] = doc.clean_text[rec.sentence.start:rec.sentence.end]
        elif isinstance(rec, Quote):
            a = doc.actor(rec.speaker)
            d["speaker_name"] = a.name if a else rec.speaker_text
        elif isinstance(rec, Figure):
            a = doc.actor(rec.claimed_by)
            d["claimed_by_name"] = a.name if a else rec.claimed_by_text
            s = doc.sentence_of(rec.span)
            d["evidence"] = doc.clean_text[s.start:s.end] if s else rec.text
    return d


def _names(doc: Document, ids: Iterable[str]) -> list[str]:
    out = []
    for i in ids:
        a = doc.actor(i)
        out.append(a.name if a else i)
    return out
