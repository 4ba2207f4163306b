"""The ``clean`` pipeline stage."""
from __future__ import annotations

from ..ingest.published import find_outlet, find_published
from ..stages import register
from ..records import Document
from ..resources import Resources
from .cleaner import clean


@register("clean", requires=("text",),
          assigns=("clean_text", "removed", "credits", "posts", "published", "published_source",
                   "source"))
def clean_stage(doc: Document, res: Resources) -> dict:
    """Clean the document's text; date it and name its outlet from the text when no
    metadata did."""
    out = clean(doc.text, doc.id)
    # The publication lines cleaning took out still tell the date and the outlet.
    meta = [r.text for r in out.removed if r.kind in ("dateline-meta", "stamp", "byline")] + list(out.credits)
    published, how = doc.published, doc.published_source
    if not published:
        # Stamps in the page's first half date the article; later ones may date other articles.
        stamps = [r for r in out.removed if r.kind in ("stamp", "dateline-meta", "credit", "byline")]
        half = (doc.text.count("\n") + 2) / 2
        stamps = [r for r in stamps if r.line <= half] or stamps
        published, how = find_published(
            out.text, posts=out.post_dates, meta=meta, path=doc.path, language=doc.language or "en",
            stamp_lines=[r.text for r in stamps],
            captions=[r.text for r in out.removed if r.kind == "caption"])
    elif not how:
        how = "metadata"
    source = doc.source if doc.source else find_outlet(out.text, meta=meta)
    return {"clean_text": out.text, "removed": out.removed, "credits": out.credits,
            "posts": out.posts, "published": published, "published_source": how,
            "source": source}
