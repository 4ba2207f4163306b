"""Situation reports (Markdown and self-contained HTML) and terminal views of documents."""
from .build import Report, Section, build_report, format_figure, top_events
from .render import render_html, render_markdown

__all__ = ["Report", "Section", "build_report", "render_markdown", "render_html", "top_events",
           "format_figure"]
