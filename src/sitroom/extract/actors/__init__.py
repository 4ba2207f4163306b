"""Actors: finds the persons, organizations, countries and groups of a document, with every mention.

:mod:`.stage` runs the steps in order (the ``actors`` stage); :mod:`.countries`,
:mod:`.persons`, :mod:`.orgs` and :mod:`.collectives` are the steps by kind of actor.
"""
from .stage import actors_stage, extract_actors

__all__ = ["actors_stage", "extract_actors"]
