"""sitroom: reconstruct the situation that news reports describe, with evidence.

>>> import sitroom
>>> doc = sitroom.process(text, published="2021-11-14")
>>> doc.events, doc.quotes, doc.figures, doc.actors, doc.places, doc.dates
"""
from .errors import SitroomError
from .pipeline import Pipeline, process
from .records import (Actor, DateRef, Document, Event, Figure, Mention, Place, Post, Quote,
                      Removed, Span)
from .resources import Resources

__version__ = "0.1.0"
__all__ = ["process", "Pipeline", "Resources", "Document", "Span", "Mention", "DateRef",
           "Place", "Actor", "Quote", "Figure", "Event", "Post", "Removed", "SitroomError"]
