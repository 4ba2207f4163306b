"""The situation across documents: merged events, figure series, actor network, stories."""
from .model import (Copy, DocumentInfo, Edge, EventMention, FigurePoint, FigureSeries,
                    GlobalActor, MapPoint, MergedEvent, Situation, Story)


def build(store, story=None, date_from=None, date_to=None, **kwargs) -> Situation:
    """The situation across the documents of an open store; see :func:`.assemble.build`."""
    from .assemble import build as _build
    return _build(store, story=story, date_from=date_from, date_to=date_to, **kwargs)


__all__ = ["build", "Situation", "GlobalActor", "EventMention", "MergedEvent", "FigurePoint",
           "FigureSeries", "Edge", "Story", "MapPoint", "Copy", "DocumentInfo"]
