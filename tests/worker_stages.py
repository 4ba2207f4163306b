"""Pipeline stages for the runner tests, importable by worker processes (they start fresh)."""
from __future__ import annotations

import os

from sitroom.pipeline import register


@register("refuse_marked", requires=("clean_text",), assigns=())
def refuse_marked(doc, res):
    """Fails on a text that asks for it, the way a stage fails on input it cannot handle;
    a text asking to crash ends the worker process outright."""
    if "CRASH-THE-WORKER" in doc.text:
        os._exit(3)
    if "UNPARSEABLE" in doc.text:
        raise ValueError("cannot parse this text")
    return {}
