"""Extractors, one layer per module: dates, places, actors, quotes, figures, events."""
