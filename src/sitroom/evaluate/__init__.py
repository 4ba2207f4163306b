"""Evaluation: the sitroom-gold/1 format, public benchmark readers, matching and scores."""
from .gold import GoldDoc, load_gold, read_gold_folder, validate
from .match import Counts, assign
from .names import NameMatcher, normalise_name
from .result import ErrorItem, EvalResult, format_text
from .runner import evaluate_gold, evaluate_path
from .score import Scoreboard, score_document

__all__ = ["GoldDoc", "load_gold", "read_gold_folder", "validate", "Counts", "assign",
           "NameMatcher", "normalise_name", "ErrorItem", "EvalResult", "format_text",
           "evaluate_gold", "evaluate_path", "Scoreboard", "score_document"]
