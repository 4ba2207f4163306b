"""Places: finds the places a document names and resolves them with the gazetteer in context.

:mod:`.stage` resolves toponyms and holds the ``places`` stage; :mod:`.context` scores
candidates by the document's other places; :mod:`.toponyms` lists every mention of a
place name. The gazetteer itself is shared knowledge (:mod:`sitroom.knowledge`).
"""
from .stage import extract_places, places

__all__ = ["extract_places", "places"]
