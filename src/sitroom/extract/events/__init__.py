"""Events: finds who did what to whom, typed with PLOVER, with status, mode, source and target.

:mod:`.triggers` finds trigger frames from the lexicon, :mod:`.frames` reads each frame
(assertion, status, mode), :mod:`.roles` finds its source and target, :mod:`.idioms`
reads set phrases, :mod:`.classifier` types relations the lexicon misses and
:mod:`.links` links and merges events across the document; :mod:`.stage` runs them
(the ``events`` stage).
"""
from .stage import events_stage, extract_events

__all__ = ["events_stage", "extract_events"]
