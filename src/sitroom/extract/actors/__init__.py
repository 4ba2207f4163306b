"""Actors: finds the persons, organizations, countries and groups of a document, with every mention.

:mod:`.stage` runs the steps in order (the ``actors`` stage); :mod:`.countries`,
:mod:`.persons`, :mod:`.orgs` and :mod:`.collectives` are the steps by kind of actor; :mod:`.participation` keeps the actors
that take part in what is reported, :mod:`.merging` joins one actor's several names, and
:func:`resolve_span` (:mod:`.resolve`) tells which actor a span of text stands for.
"""
from .resolve import resolve_name, resolve_span
from .stage import actors_stage, extract_actors

__all__ = ["actors_stage", "extract_actors", "resolve_name", "resolve_span"]
