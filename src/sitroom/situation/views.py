"""JSON-ready rows and plain-text listings of a situation, for the command line and exports."""
from __future__ import annotations

import dataclasses
from typing import Any

from .model import FigurePoint, FigureSeries, MergedEvent, Situation


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def point_text(p: FigurePoint) -> str:
    """A figure's value as a reader would say it: "at least 10", "about 2,000", "3–5"."""
    q, v, lo, hi = p.qualifier, p.value, p.low, p.high
    if q == "range" and lo is not None and hi is not None:
        return f"{_num(lo)}–{_num(hi)}"
    if q == "at_least" and (v is not None or lo is not None):
        return f"at least {_num(v if v is not None else lo)}"
    if q == "at_most" and (v is not None or hi is not None):
        return f"at most {_num(v if v is not None else hi)}"
    if q == "about" and v is not None:
        return f"about {_num(v)}"
    if v is not None:
        return _num(v)
    return f"{_num(lo)}+" if lo is not None else "some"


def event_row(e: MergedEvent, *, mentions: bool = True) -> dict[str, Any]:
    """A merged event as JSON-ready values (its mentions included unless asked not to)."""
    d = dataclasses.asdict(e)
    for k in ("source", "target", "source_names", "target_names", "outlets"):
        d[k] = list(d[k])
    d["statuses"] = dict(e.statuses)
    if mentions:
        d["mentions"] = [dict(dataclasses.asdict(m), source_names=list(m.source_names),
                              target_names=list(m.target_names)) for m in e.mentions]
    else:
        del d["mentions"]
    return d


def timeline_rows(sit: Situation) -> list[dict[str, Any]]:
    return [event_row(e) for e in sit.events]


def series_rows(sit: Situation) -> list[dict[str, Any]]:
    out = []
    for s in sit.series:
        d = dataclasses.asdict(s)
        for p, row in zip(s.points, d["points"]):
            row["text"] = point_text(p)
        out.append(d)
    return out


def series_point_rows(sit: Situation) -> list[dict[str, Any]]:
    """One flat row per point (for CSV and JSON lines)."""
    return [{"series": s.id, "category": s.category, "subject": s.subject, "place": s.place,
             **dataclasses.asdict(p), "text": point_text(p)}
            for s in sit.series for p in s.points]


def network_dict(sit: Situation) -> dict[str, Any]:
    used = {x for e in sit.edges for x in (e.source, e.target)}
    names = {a.id: a.name for a in sit.actors}
    nodes = [{"id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
              "sector": a.sector, "role": a.role} for a in sit.actors if a.id in used]
    edges = [{"source": e.source, "target": e.target, "source_name": names.get(e.source),
              "target_name": names.get(e.target), "events": list(e.events),
              "by_type": dict(e.by_type), "type_scores": dict(e.type_scores), "score": e.score}
             for e in sit.edges]
    return {"scale": "PLOVER conflict-cooperation, -10 (hostile) .. +10 (cooperative)",
            "nodes": nodes, "edges": edges}


def story_rows(sit: Situation) -> list[dict[str, Any]]:
    return [dict(dataclasses.asdict(s), doc_ids=list(s.doc_ids), actors=list(s.actors),
                 places=list(s.places)) for s in sit.stories]


def _names(names) -> str:
    return ", ".join(names) if names else "—"


def timeline_text(sit: Situation) -> str:
    lines = []
    for e in sit.events:
        when = e.date or (f"reported {e.first_reported}" if e.first_reported else "undated")
        status = "" if e.status == "occurred" else f" [{e.status}]"
        where = f" at {e.place}" if e.place else ""
        src = f"{e.n_documents} document{'s' if e.n_documents != 1 else ''}, " \
              f"{e.n_sources} source{'s' if e.n_sources != 1 else ''}"
        mode = f"/{e.mode}" if e.mode else ""
        lines.append(f"{e.id}  {when:<22} {e.type}{mode}{status}  {_names(e.source_names)} → "
                     f"{_names(e.target_names)}{where}  ({src}; score {e.score:+g})")
        for m in e.mentions[:3]:
            lines.append(f"      {m.published or '?'} {m.outlet or m.doc_id[:8]}: "
                         f"{' '.join(m.sentence.split())[:160]}")
        if len(e.mentions) > 3:
            lines.append(f"      … {len(e.mentions) - 3} more")
    return "\n".join(lines) + ("\n" if lines else "no events\n")


def series_text(series: list[FigureSeries]) -> str:
    lines = []
    for s in series:
        where = f" ({s.place})" if s.place else ""
        lines.append(f"{s.id}  {s.category.replace('_', ' ')}: {s.subject}{where}")
        for p in s.points:
            who = p.claimed_by or "unattributed"
            lines.append(f"      {p.date or '?':<10} {point_text(p):<16} {who}"
                         f" — {p.outlet or p.doc_id[:8]}")
    return "\n".join(lines) + ("\n" if lines else "no figures\n")


def network_text(sit: Situation) -> str:
    names = {a.id: a.name for a in sit.actors}
    lines = []
    for e in sit.edges:
        types = ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in e.by_type)
        lines.append(f"{names.get(e.source, e.source)} → {names.get(e.target, e.target)}: "
                     f"{types}  (score {e.score:+g})")
    return "\n".join(lines) + ("\n" if lines else "no relations\n")


def stories_text(sit: Situation) -> str:
    lines = []
    for s in sit.stories:
        span = s.first if s.first == s.last else f"{s.first} to {s.last}"
        lines.append(f"{s.id}  {s.label}  ({len(s.doc_ids)} document"
                     f"{'s' if len(s.doc_ids) != 1 else ''}, {span or 'undated'})")
        for d in s.doc_ids:
            info = sit.documents.get(d)
            if info:
                lines.append(f"      {info.published or '?':<10} {d[:8]} "
                             f"{info.outlet or ''}{': ' if info.outlet else ''}{info.title or ''}")
    return "\n".join(lines) + ("\n" if lines else "no stories\n")
