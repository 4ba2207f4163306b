"""Gather the situation report's data from the store, as a list of sections."""
from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..records import FIGURE_CATEGORIES

UNATTRIBUTED = "Unattributed"


@dataclass
class Section:
    """One part of the report; ``kind`` names the template macro that renders it."""
    id: str
    title: str
    kind: str
    data: Any
    note: str | None = None


@dataclass
class Report:
    title: str
    generated: str
    summary: dict[str, Any]
    sections: list[Section] = field(default_factory=list)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


def short_id(doc_id: str) -> str:
    return doc_id[:8]


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def format_figure(row: dict[str, Any]) -> str:
    """A figure's value as a reader would say it: "at least 10", "about 2,000", "3–5"."""
    q, v, lo, hi = row.get("qualifier"), row.get("value"), row.get("low"), row.get("high")
    unit = f" {row['unit']}" if row.get("unit") else ""
    if q == "range" and lo is not None and hi is not None:
        return f"{_num(lo)}–{_num(hi)}{unit}"
    if q == "at_least" and (v is not None or lo is not None):
        return f"at least {_num(v if v is not None else lo)}{unit}"
    if q == "at_most" and (v is not None or hi is not None):
        return f"at most {_num(v if v is not None else hi)}{unit}"
    if q == "about" and v is not None:
        return f"about {_num(v)}{unit}"
    if v is not None:
        return f"{_num(v)}{unit}"
    text = row.get("text") or "?"
    return f"{text} (≥ {_num(lo)})" if lo is not None else text


def names_label(names: Iterable[str] | None) -> str:
    names = [n for n in (names or []) if n]
    return ", ".join(names) if names else "—"


def event_key(row: dict[str, Any]) -> tuple:
    """Event mentions with the same key are taken to report the same event."""
    return (row["type"], tuple(row.get("source_names") or ()), tuple(row.get("target_names") or ()),
            row.get("date"))


def top_events(events: list[dict[str, Any]], docs: dict[str, dict[str, Any]] | None = None,
               n: int = 5, evidence: int = 3) -> list[dict[str, Any]]:
    """The ``n`` events reported by most documents (mentions grouped by :func:`event_key`)."""
    docs = docs or {}
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        groups[event_key(e)].append(e)
    out = []
    for (etype, src, tgt, date), rows in groups.items():
        doc_ids = list(dict.fromkeys(r["doc_id"] for r in rows))
        seen: set[str] = set()
        ev = []
        for r in rows:
            if r["doc_id"] in seen or len(ev) >= evidence:
                continue
            seen.add(r["doc_id"])
            meta = docs.get(r["doc_id"], {})
            ev.append({"doc_id": r["doc_id"], "short_id": short_id(r["doc_id"]),
                       "text": r.get("evidence") or r.get("trigger"),
                       "outlet": meta.get("source") or meta.get("title")})
        outlets = sorted({docs.get(d, {}).get("source") or "" for d in doc_ids} - {""})
        out.append({
            "type": etype, "source_names": list(src), "target_names": list(tgt), "date": date,
            "source": names_label(src), "target": names_label(tgt),
            "modes": sorted({r["mode"] for r in rows if r.get("mode")}),
            "statuses": dict(Counter(r["status"] for r in rows).most_common()),
            "status": Counter(r["status"] for r in rows).most_common(1)[0][0],
            "documents": len(doc_ids), "mentions": len(rows), "doc_ids": doc_ids,
            "outlets": outlets, "evidence": ev,
        })
    out.sort(key=lambda g: (-g["documents"], -g["mentions"], g["date"] or "9999", g["type"],
                            g["source"], g["target"]))
    return out[:n]


def _summary(docs: list[dict[str, Any]], counts: dict[str, int]) -> dict[str, Any]:
    dated = sorted(d["published"] for d in docs if d.get("published"))
    outlets = Counter(d["source"] for d in docs if d.get("source"))
    layers = ("events", "quotes", "figures", "actors", "places", "dates")
    return {
        "documents": len(docs),
        "outlets": outlets.most_common(),
        "date_from": dated[0][:10] if dated else None,
        "date_to": dated[-1][:10] if dated else None,
        "date_range": (None if not dated else dated[0][:10] if dated[0][:10] == dated[-1][:10]
                       else f"{dated[0][:10]} to {dated[-1][:10]}"),
        "undated": len(docs) - len(dated),
        "counts": {k: counts.get(k, 0) for k in layers},
        "failures": counts.get("failures", 0),
    }


def _timeline(events: list[dict[str, Any]], docs: dict[str, dict], limit: int) -> list[dict]:
    rows = sorted(events, key=lambda e: (e.get("date") is None, e.get("date") or "", e["doc_id"],
                                         e["start"]))
    out = []
    for e in rows[:limit]:
        meta = docs.get(e["doc_id"], {})
        out.append({**e, "source": names_label(e.get("source_names")),
                    "target": names_label(e.get("target_names")),
                    "short_id": short_id(e["doc_id"]), "outlet": meta.get("source")})
    return out


def _figures(figures: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    by_cat: dict[str, list[dict]] = defaultdict(list)
    for f in figures:
        by_cat[f["category"]].append({**f, "value_text": format_figure(f),
                                      "short_id": short_id(f["doc_id"])})
    order = {c: i for i, c in enumerate(FIGURE_CATEGORIES)}
    cats = sorted(by_cat, key=lambda c: (order.get(c, len(order)), c))
    return [{"category": c, "label": c.replace("_", " ").capitalize(),
             "rows": sorted(by_cat[c], key=lambda f: (f.get("date") or "9999", f["doc_id"],
                                                       f["start"]))[:limit],
             "total": len(by_cat[c])} for c in cats]


def _quotes(quotes: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    by_speaker: dict[str, list[dict]] = defaultdict(list)
    for q in quotes:
        by_speaker[q.get("speaker_name") or UNATTRIBUTED].append(
            {**q, "short_id": short_id(q["doc_id"])})
    speakers = sorted(by_speaker, key=lambda s: (s == UNATTRIBUTED, -len(by_speaker[s]), s))
    return [{"speaker": s, "rows": by_speaker[s][:limit], "total": len(by_speaker[s])}
            for s in speakers]


def _most(values: Iterable[Any]) -> Any:
    c = Counter(v for v in values if v)
    return c.most_common(1)[0][0] if c else None


def _actors(actors: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    by_name: dict[str, list[dict]] = defaultdict(list)
    for a in actors:
        by_name[a["name"]].append(a)
    out = [{"name": name, "kind": _most(r["kind"] for r in rows),
            "country": _most(r["country"] for r in rows), "sector": _most(r["sector"] for r in rows),
            "role": _most(r["role"] for r in rows),
            "documents": len({r["doc_id"] for r in rows}),
            "mentions": sum(r.get("mentions") or 0 for r in rows)}
           for name, rows in by_name.items()]
    out.sort(key=lambda a: (-a["documents"], -a["mentions"], a["name"]))
    return out[:limit]


def _places(places: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for p in places:
        by_key[(p["name"], p.get("country"))].append(p)
    out = []
    for (name, country), rows in by_key.items():
        geo = next((r for r in rows if r.get("lat") is not None), None)
        out.append({"name": name, "country": country,
                    "lat": geo["lat"] if geo else None, "lon": geo["lon"] if geo else None,
                    "feature": _most(r.get("feature") for r in rows),
                    "resolved": any(r.get("resolved") for r in rows),
                    "documents": len({r["doc_id"] for r in rows}), "mentions": len(rows)})
    out.sort(key=lambda p: (-p["documents"], -p["mentions"], p["name"]))
    return out[:limit]


def _note(shown: int, total: int, what: str) -> str | None:
    return f"Showing {shown} of {total} {what}." if total > shown else None


def build_report(store, *, title: str = "Situation report", now: _dt.datetime | None = None,
                 top: int = 10, max_rows: int = 500) -> Report:
    """Everything the situation report shows, read from an open store."""
    now = now or _dt.datetime.now(_dt.timezone.utc)
    docs_list = store.document_meta()
    docs = {d["id"]: d for d in docs_list}
    counts = store.counts()
    events = store.rows("events")
    figures = store.rows("figures")
    quotes = store.rows("quotes")
    actors = _actors(store.rows("actors"), 10 ** 9)
    places = _places(store.rows("places"), 10 ** 9)
    summary = _summary(docs_list, counts)
    figs = _figures(figures, max_rows)
    quotes_by = _quotes(quotes, max_rows)
    sections = [
        Section("summary", "Corpus", "summary", summary),
        Section("top-events", "Most reported events", "top_events", top_events(events, docs, top),
                note="Event mentions grouped by type, source, target and date; ranked by the "
                     "number of documents reporting them."),
        Section("timeline", "Timeline of events", "timeline", _timeline(events, docs, max_rows),
                note=_note(min(len(events), max_rows), len(events), "events")),
        Section("figures", "Figures", "figures", figs),
        Section("quotes", "Quotes by speaker", "quotes", quotes_by),
        Section("actors", "Actors", "actors", actors[:max_rows],
                note=_note(min(len(actors), max_rows), len(actors), "actors")),
        Section("places", "Places", "places", places[:max_rows],
                note=_note(min(len(places), max_rows), len(places), "places")),
    ]
    return Report(title=title, generated=now.isoformat(timespec="seconds"), summary=summary,
                  sections=sections)
