"""One document in the terminal: its clean text with every extraction marked, then its facts."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..records import Document, record_to_dict
from .build import format_figure, names_label

# Drawn in this order, so later layers paint over earlier ones (quotes are the widest).
STYLES = {
    "quote": "italic blue",
    "actor": "bold cyan",
    "place": "green",
    "date": "magenta",
    "figure": "bold yellow",
    "event": "bold white on red",
}


def marks(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, layer) for every marked span of the document."""
    out: list[tuple[int, int, str]] = []
    out += [(q.span.start, q.span.end, "quote") for q in doc.quotes]
    out += [(s.start, s.end, "actor") for a in doc.actors for s in a.spans]
    out += [(p.span.start, p.span.end, "place") for p in doc.places]
    out += [(d.span.start, d.span.end, "date") for d in doc.dates]
    out += [(f.span.start, f.span.end, "figure") for f in doc.figures]
    out += [(e.trigger.start, e.trigger.end, "event") for e in doc.events]
    n = len(doc.clean_text)
    return sorted({(max(0, a), min(b, n), k) for a, b, k in out if a < b and a < n})


def plain_marked(doc: Document) -> str:
    """The clean text with each span written as ``[text|layer]``."""
    opens: dict[int, list[tuple[int, str]]] = defaultdict(list)
    closes: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for start, end, layer in marks(doc):
        opens[start].append((end, layer))
        closes[end].append((start, layer))
    text = doc.clean_text
    out = []
    for i in range(len(text) + 1):
        # Close inner spans (those opened later) before outer ones, then open outer first.
        for _start, layer in sorted(closes.get(i, ()), key=lambda x: -x[0]):
            out.append(f"|{layer}]")
        for _end in sorted(opens.get(i, ()), key=lambda x: -x[0]):
            out.append("[")
        if i < len(text):
            out.append(text[i])
    return "".join(out)


def header_lines(doc: Document) -> list[str]:
    lines = [doc.title or "(untitled)"]
    meta = [f"id {doc.id}"]
    if doc.source:
        meta.append(doc.source)
    if doc.published:
        meta.append(f"published {doc.published}"
                    + (f" ({doc.published_source})" if doc.published_source else ""))
    else:
        meta.append("publication date unknown")
    lines.append(" · ".join(meta))
    lines += [x for x in (doc.url, doc.path) if x]
    return lines


def _span(d: dict[str, Any], key: str = "span") -> str:
    s = d.get(key)
    return f"[{s[0]}–{s[1]}]" if s else ""


def fact_lines(doc: Document) -> dict[str, list[str]]:
    """One line per event, quote and figure of the document, names resolved."""
    events = []
    for e in doc.events:
        d = record_to_dict(e, doc)
        bits = [f"{e.type}" + (f"/{e.mode}" if e.mode else ""), e.status,
                f"{names_label(d['source_names'])} → {names_label(d['target_names'])}"]
        bits += [x for x in (e.date, e.place) if x]
        events.append(" · ".join(bits) + f' · "{e.trigger_text}" {_span(d, "trigger")}')
    quotes = []
    for q in doc.quotes:
        d = record_to_dict(q, doc)
        who = d["speaker_name"] or "unattributed"
        info = ", ".join(x for x in (q.kind, q.cue, q.date) if x)
        quotes.append(f"{who} ({info}): “{q.text}” {_span(d)}")
    figures = []
    for f in doc.figures:
        d = record_to_dict(f, doc)
        bits = [f"{f.category}: {format_figure(d)}"]
        if f.subject:
            bits.append(f.subject)
        if d["claimed_by_name"]:
            bits.append(f"claimed by {d['claimed_by_name']}")
        bits += [x for x in (f.date, f.place) if x]
        figures.append(" · ".join(bits) + f" {_span(d)}")
    return {"Events": events, "Quotes": quotes, "Figures": figures}


def render_plain(doc: Document) -> str:
    """The whole ``show`` view as plain text (for pipes and files)."""
    parts = header_lines(doc)
    parts.append("Legend: " + ", ".join(f"[text|{k}]" for k in STYLES))
    parts += ["", plain_marked(doc), ""]
    for title, lines in fact_lines(doc).items():
        parts.append(f"{title} ({len(lines)})")
        parts += [f"  {x}" for x in lines] or ["  none"]
    return "\n".join(parts) + "\n"


def render_rich(doc: Document, console) -> None:
    """The ``show`` view in colour on a terminal."""
    from rich.rule import Rule
    from rich.text import Text

    head = header_lines(doc)
    console.print(Text(head[0], style="bold"))
    for line in head[1:]:
        console.print(Text(line, style="dim"))
    legend = Text("Legend: ")
    for k, style in STYLES.items():
        legend.append(f" {k} ", style=style)
        legend.append(" ")
    console.print(legend)
    console.print(Rule())
    body = Text(doc.clean_text)
    for start, end, layer in sorted(marks(doc), key=lambda m: list(STYLES).index(m[2])):
        body.stylize(STYLES[layer], start, end)
    console.print(body)
    console.print(Rule())
    for title, lines in fact_lines(doc).items():
        console.print(Text(f"{title} ({len(lines)})", style="bold"))
        for line in lines or ["none"]:
            console.print(Text(f"  {line}"))
