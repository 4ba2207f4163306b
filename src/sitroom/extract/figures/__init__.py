"""Figures: finds counts of people, things and money, with qualifier, category and claimant.

:mod:`.numbers` reads number expressions, :mod:`.quantities` attaches their units and
:mod:`.stage` keeps the figures that count something (the ``figures`` stage).
"""
from .stage import extract_figures, figures_stage

__all__ = ["extract_figures", "figures_stage"]
