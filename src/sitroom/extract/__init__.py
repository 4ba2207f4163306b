"""Extractors, one package per layer: dates, places, actors, quotes, figures, events.

Each layer package registers its pipeline stage when imported; :mod:`.anchor` anchors
events, quotes and figures in time and space once all layers are found. What several
layers share lives in :mod:`.clauses` (clause structure of the parse) and
:mod:`.common` (which actor, date or place lies at a span).
"""
