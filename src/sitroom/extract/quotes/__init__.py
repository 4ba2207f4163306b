"""Quotes: finds who said what, as direct quotes and reported speech, and non-speech stances.

:mod:`.stage` finds direct quotes and their speakers (the ``quotes`` stage);
:mod:`.reported` reads reported speech; :mod:`.cues` is the cue lexicon and
:mod:`.marks` finds quotation marks.
"""
from .stage import extract_attributions, extract_quotes, quotes_stage

__all__ = ["extract_attributions", "extract_quotes", "quotes_stage"]
