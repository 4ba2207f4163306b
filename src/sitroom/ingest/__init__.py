"""Readers that turn files, folders, JSON Lines, feeds and stdin into Documents."""
from .published import find_outlet, find_published, normalize_date, read_meta_line, scan_head
from .reader import Failure, decode, guess_language, read_file, read_paths, read_text, sniff

__all__ = ["read_paths", "read_file", "read_text", "Failure", "find_published", "find_outlet",
           "read_meta_line", "scan_head", "normalize_date", "decode", "sniff", "guess_language"]
