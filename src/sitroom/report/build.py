"""Gather the situation report's data, as a list of sections, from the merged situation."""
from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..records import FIGURE_CATEGORIES
from .svg import GREY, PALETTE, place_date, score_colour, short_number

UNATTRIBUTED = "Unattributed"
MAX_SERIES = 40            # charts drawn; more series are listed, not drawn
MAX_NODES = 32             # actors drawn in the network picture
MAX_MENTIONS = 12          # evidence sentences shown under one merged event
MAX_QUOTES = 25            # quotes shown per speaker


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


def figure_label(row: dict[str, Any], fmt=_num) -> str:
    """The short form drawn on charts: "≥10", "~2,000", "3–5", "≤40", "12"."""
    q, v, lo, hi = row.get("qualifier"), row.get("value"), row.get("low"), row.get("high")
    if q == "range" and lo is not None and hi is not None:
        return f"{fmt(lo)}–{fmt(hi)}"
    if q in ("at_least", "vague") and (v is not None or lo is not None):
        return f"≥{fmt(lo if lo is not None else v)}"
    if q == "at_most" and (v is not None or hi is not None):
        return f"≤{fmt(hi if hi is not None else v)}"
    if q == "about" and v is not None:
        return f"~{fmt(v)}"
    x = v if v is not None else lo if lo is not None else hi
    return "?" if x is None else fmt(x)


def _compact(x: float) -> str:
    return short_number(x) if abs(x) >= 100_000 else _num(x)


def short_label(row: dict[str, Any]) -> str:
    """:func:`figure_label` with large numbers shortened ("≥3.5M") so chart labels fit."""
    return figure_label(row, _compact)


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


def _date_range(values: Iterable[str | None]) -> str | None:
    days = sorted(v[:10] for v in values if v)
    if not days:
        return None
    return days[0] if days[0] == days[-1] else f"{days[0]} to {days[-1]}"


def _highlight(sentence: str, trigger: str) -> tuple[str, str, str]:
    """The sentence split around its trigger word, for marking it."""
    i = sentence.find(trigger) if trigger else -1
    if i < 0:
        return sentence, "", ""
    return sentence[:i], trigger, sentence[i + len(trigger):]


def event_view(e, outlets: dict[str, str | None]) -> dict[str, Any]:
    """One merged event as the templates show it."""
    placed = place_date(e.date, e.first_reported) if e.date else None
    mentions = []
    for m in sorted(e.mentions, key=lambda m: (m.published or "9999", m.doc_id, m.start)):
        pre, trig, post = _highlight(m.sentence, m.trigger)
        mentions.append({"doc_id": m.doc_id, "short_id": short_id(m.doc_id),
                         "outlet": m.outlet or outlets.get(m.doc_id), "published": m.published,
                         "sentence": m.sentence, "pre": pre, "trigger": trig, "post": post})
    return {
        "id": e.id, "anchor": f"event-{e.id}", "type": e.type, "mode": e.mode,
        "status": e.status, "date": e.date, "day": placed[0] if placed else None,
        "report_day": (place_date(e.first_reported, None) or (None,))[0],
        "source": names_label(e.source_names), "target": names_label(e.target_names),
        "who": (names_label(e.source_names) + " → " + names_label(e.target_names)
                if e.target_names else names_label(e.source_names)),
        "place": e.place, "first_reported": e.first_reported, "last_reported": e.last_reported,
        "n_documents": e.n_documents, "n_sources": e.n_sources, "score": e.score,
        "colour": score_colour(e.score), "outlets": list(e.outlets),
        "statuses": ", ".join(f"{n} {st}" for st, n in e.statuses) if len(e.statuses) > 1 else None,
        "mentions": mentions[:MAX_MENTIONS], "more_mentions": max(0, len(mentions) - MAX_MENTIONS),
    }


def series_view(s, outlets: dict[str, str | None]) -> dict[str, Any]:
    """One figure series: its claims (identical reports folded), claimants and disagreements."""
    folded: dict[tuple, dict[str, Any]] = {}
    claimants: list[str] = []
    for p in sorted(s.points, key=lambda p: (p.date or p.published or "9999", p.doc_id, p.start)):
        who = p.claimed_by or UNATTRIBUTED
        placed = place_date(p.date, p.published)
        key = (placed[0] if placed else None, who, p.qualifier, p.value, p.low, p.high)
        outlet = p.outlet or outlets.get(p.doc_id)
        row = folded.get(key)
        if row is None:
            if who not in claimants:
                claimants.append(who)
            row = folded[key] = {
                "date": p.date, "day": key[0], "exact_day": bool(placed and placed[1]),
                "date_text": p.date or (f"reported {p.published}" if p.published else "undated"),
                "value": p.value, "low": p.low, "high": p.high, "qualifier": p.qualifier,
                "unit": getattr(p, "unit", None), "claimant": who,
                "evidence": p.evidence, "doc_id": p.doc_id, "short_id": short_id(p.doc_id),
                "outlets": [], "doc_ids": []}
            row["label"] = figure_label(row)
            row["short"] = short_label(row)
            row["text"] = (format_figure(row) if p.qualifier != "vague"
                           else f"vague: {figure_label(row)}")
        if outlet and outlet not in row["outlets"]:
            row["outlets"].append(outlet)
        if p.doc_id not in row["doc_ids"]:
            row["doc_ids"].append(p.doc_id)
    # Attributed claimants get the palette in order of first appearance; unattributed is grey.
    named = [c for c in claimants if c != UNATTRIBUTED]
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(named)}
    colour[UNATTRIBUTED] = GREY
    order = {c: i for i, c in enumerate(named + [UNATTRIBUTED])}
    claims = list(folded.values())
    for c in claims:
        c["colour"] = colour[c["claimant"]]
        c["claimant_index"] = order[c["claimant"]]
        c["outlets_text"] = ", ".join(c["outlets"])
        c["reports"] = len(c["doc_ids"])
    by_day: dict[Any, set] = defaultdict(set)
    for c in claims:
        by_day[c["day"]].add(c["label"])
    disputed = sorted(str(d) for d, labels in by_day.items() if d and len(labels) > 1)
    cat = s.category.replace("_", " ")
    title = cat.capitalize() + (f": {s.subject}" if s.subject and s.subject != s.category else "")
    title += f" · {s.place}" if s.place else ""
    return {"id": s.id, "anchor": f"series-{s.id}", "title": title, "category": s.category,
            "subject": s.subject, "place": s.place, "claims": claims,
            "claimants": [{"name": c, "colour": colour[c]} for c in named + [UNATTRIBUTED]
                          if c in claimants],
            "n_documents": len({d for c in claims for d in c["doc_ids"]}),
            "disputed": disputed, "charted": sum(1 for c in claims if c["day"]) > 1}


def _network(sit, events_of: Counter) -> dict[str, Any]:
    by_id = {a.id: a for a in sit.actors}
    linked = Counter()
    for e in sit.edges:
        linked[e.source] += 1
        linked[e.target] += 1
    keep = sorted((a for a in linked if a in by_id),
                  key=lambda a: (-events_of[a], -linked[a], by_id[a].name))[:MAX_NODES]
    keep_set = set(keep)
    nodes = [{"id": a, "name": by_id[a].name, "kind": by_id[a].kind, "country": by_id[a].country,
              "n_events": events_of[a]} for a in keep]
    edges = []
    for e in sit.edges:
        n = sum(c for _, c in e.by_type) or len(e.events)
        row = {"source": e.source, "target": e.target, "score": e.score, "n_events": n,
               "by_type": list(e.by_type), "colour": score_colour(e.score),
               "source_name": by_id[e.source].name if e.source in by_id else e.source,
               "target_name": by_id[e.target].name if e.target in by_id else e.target}
        row["drawn"] = e.source in keep_set and e.target in keep_set
        edges.append(row)
    edges.sort(key=lambda e: (-e["n_events"], e["source_name"], e["target_name"]))
    return {"nodes": nodes, "edges": edges, "hidden_nodes": max(0, len(linked) - len(keep))}


def _places(sit) -> dict[str, Any]:
    from .geomap import split_places, views
    points = [{"name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country,
               "n_mentions": p.n_mentions, "n_documents": p.n_documents,
               "feature": getattr(p, "feature", None)} for p in sit.places]
    points.sort(key=lambda p: (-p["n_mentions"], -p["n_documents"], p["name"]))
    dots, countries, other = split_places(points)
    return {"points": points, "dots": dots, "countries": countries, "other": other,
            "views": views(dots, countries)}


def _quotes(quotes: list[dict[str, Any]], sit, skip: set[str]) -> list[dict[str, Any]]:
    """Quotes grouped by speaker (the merged actor when known); one quote repeated is one row."""
    member = {m: a.name for a in sit.actors for m in a.members}
    by_speaker: dict[str, dict[tuple, dict]] = defaultdict(dict)
    for q in quotes:
        if q["doc_id"] in skip:
            continue
        who = (member.get((q["doc_id"], q.get("speaker_id"))) or q.get("speaker_name")
               or UNATTRIBUTED)
        key = (" ".join(q["text"].lower().split()), q.get("kind"))
        row = by_speaker[who].get(key)
        if row is None:
            row = by_speaker[who][key] = {**q, "short_id": short_id(q["doc_id"]), "doc_ids": []}
        if q["doc_id"] not in row["doc_ids"]:
            row["doc_ids"].append(q["doc_id"])
    speakers = sorted(by_speaker, key=lambda s: (s == UNATTRIBUTED, -len(by_speaker[s]), s))
    return [{"speaker": s, "rows": list(by_speaker[s].values())[:MAX_QUOTES],
             "total": len(by_speaker[s])} for s in speakers]


def _situation(store):
    from ..situation import build
    return build(store)


def _note(shown: int, total: int, what: str) -> str | None:
    return f"Showing {shown} of {total} {what}." if total > shown else None


def build_report(store, *, title: str = "Situation report", now: _dt.datetime | None = None,
                 top: int = 5, max_rows: int = 500, situation=None) -> Report:
    """Everything the situation report shows: the merged situation plus the store's quotes."""
    now = now or _dt.datetime.now(_dt.timezone.utc)
    sit = situation if situation is not None else _situation(store)
    docs_list = store.document_meta()
    outlets = {d["id"]: d.get("source") for d in docs_list}
    copies = {c for cs in sit.duplicates.values() for c in cs}
    n_copies = max(len(copies), sum(len(cs) for cs in sit.copies.values()))
    events = sorted(sit.events, key=lambda e: (e.date is None, e.date or "", e.first_reported or "",
                                               e.id))
    ev_views = [event_view(e, outlets) for e in events[:max_rows]]
    events_of: Counter = Counter()
    for e in sit.events:
        for a in set(e.source) | set(e.target):
            events_of[a] += 1
    order = {c: i for i, c in enumerate(FIGURE_CATEGORIES)}
    series = sorted(sit.series, key=lambda s: (-len({p.doc_id for p in s.points}),
                                               order.get(s.category, len(order)), s.id))
    series_views = [series_view(s, outlets) for s in series[:max_rows]]
    quotes = _quotes(store.rows("quotes"), sit, copies)
    published = [d.get("published") for d in docs_list]
    kept = [d for d in docs_list if d["id"] not in copies]
    summary = {
        "documents": len(docs_list), "copies": n_copies,
        "outlets": Counter(d["source"] for d in docs_list if d.get("source")).most_common(),
        "date_range": _date_range(published), "undated": sum(1 for p in published if not p),
        "counts": {"merged events": len(sit.events),
                   "event reports": sum(len(e.mentions) for e in sit.events),
                   "figure series": len(sit.series),
                   "figure claims": sum(len(s.points) for s in sit.series),
                   "actors": len(sit.actors), "places": len(sit.places),
                   "quotes": sum(q["total"] for q in quotes), "stories": len(sit.stories)},
        "unique_documents": len(kept),
        "top": [v for v in sorted(ev_views, key=lambda v: (-v["n_sources"], -v["n_documents"],
                                                           v["date"] or "9999", v["id"]))
                if v["n_documents"] > 1][:top],
        "failures": store.counts().get("failures", 0),
    }
    actors = sorted(sit.actors, key=lambda a: (-events_of[a.id], -len({d for d, _ in a.members}),
                                               a.name))
    actor_rows = [{"name": a.name, "kind": a.kind, "country": a.country, "sector": a.sector,
                   "role": a.role, "aliases": [x for x in a.aliases if x != a.name][:4],
                   "documents": len({d for d, _ in a.members}), "events": events_of[a.id]}
                  for a in actors[:max_rows]]
    stories = [{"id": s.id, "label": s.label, "documents": len(s.doc_ids),
                "dates": " to ".join(x for x in dict.fromkeys((s.first, s.last)) if x) or None,
                "actors": list(s.actors[:6]), "places": list(s.places[:6])} for s in sit.stories]
    net = _network(sit, events_of)
    charts = [v for v in series_views if v["charted"]][:MAX_SERIES]
    drawn = {v["id"] for v in charts}
    others = [{**c, "series": v["title"], "anchor": v["anchor"]}
              for v in series_views if v["id"] not in drawn for c in v["claims"]]
    sections = [
        Section("summary", "Summary", "summary", summary),
        Section("stories", "Stories", "stories", stories),
        Section("timeline", "Timeline", "timeline", ev_views,
                note=_note(len(ev_views), len(sit.events), "merged events")),
        Section("figures", "Figures over time", "figures",
                {"charts": charts, "others": others, "n_series": len(series_views)},
                note=_note(len(series_views), len(sit.series), "series")),
        Section("network", "Actor network", "network", net,
                note=(f"The {MAX_NODES} actors with most events are drawn; every relation is "
                      "listed below." if net["hidden_nodes"] else None)),
        Section("map", "Places", "map", _places(sit)),
        Section("quotes", "Quotes by speaker", "quotes", quotes),
        Section("actors", "Actors", "actors", actor_rows,
                note=_note(len(actor_rows), len(sit.actors), "actors")),
    ]
    return Report(title=title, generated=now.isoformat(timespec="seconds"), summary=summary,
                  sections=sections)
