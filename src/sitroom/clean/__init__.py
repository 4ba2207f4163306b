"""Cleaning: boilerplate, credits and embedded social posts."""
from .boilerplate import classify, is_credit
from .cleaner import Cleaned, clean

__all__ = ["clean", "Cleaned", "classify", "is_credit"]
