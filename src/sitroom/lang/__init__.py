"""Reports in languages other than English: detection and the pipeline per language
(see ``docs/languages.md``)."""
from .detect import detect, language_of
from .stages import support

__all__ = ["detect", "language_of", "support"]
