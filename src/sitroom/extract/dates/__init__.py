"""Dates: finds date expressions in a document and resolves them against its publication date.

:mod:`.stage` holds the patterns, their resolution and the ``dates`` stage.
"""
from .stage import dates, find_dates, post_dates

__all__ = ["dates", "find_dates", "post_dates"]
