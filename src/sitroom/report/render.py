"""Render a report as Markdown or as one self-contained HTML file (Jinja2 templates)."""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import charts, geomap, network
from .build import Report, format_figure, names_label
from .svg import score_label

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: one line, special characters escaped."""
    if value is None or value == "":
        return "—"
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_text(value: Any) -> str:
    """Running Markdown text with the characters that would start markup escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value or "").split()))


def num(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}"


@functools.lru_cache(maxsize=2)
def _env(kind: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=(kind == "html"),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(md=md_cell, mdtext=md_text, num=num, figure=format_figure,
                       names=names_label, score=score_label, signed=signed)
    if kind == "html":
        # The drawings are built as SVG markup by Python (every text in them escaped there).
        env.globals.update(
            series_chart=lambda view: Markup(charts.series_chart(view)),
            timeline_strip=lambda events: Markup(charts.timeline_strip(events)),
            score_scale=lambda: Markup(charts.legend_scale()),
            network_svg=lambda data: Markup(network.network_svg(
                data["nodes"], [e for e in data["edges"] if e["drawn"]])),
            map_svg=lambda view, data, uid, width, height, title, inset=None: Markup(
                geomap.map_svg(view, data["dots"], data["countries"], uid=uid, width=width,
                               height=height, title=title, inset=inset)),
        )
    return env


def render_markdown(report: Report) -> str:
    """The report as Markdown."""
    text = _env("md").get_template("report.md.j2").render(report=report)
    # Collapse the blank runs that template control blocks leave behind.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_html(report: Report) -> str:
    """The report as one HTML page with inline CSS and no external assets."""
    return _env("html").get_template("report.html.j2").render(report=report)
