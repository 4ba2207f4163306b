"""Bounds on the work one input may cause, with defaults that suit news articles.

Every bound, when hit, makes that input a failure with a reason naming the bound and the
option that raises it; the rest of a batch goes on.

``max_bytes``
    bytes read from one file (or stdin); a larger file is not read at all, and nothing
    is ever read past the bound (``/dev/zero`` included).
``max_unpacked`` and ``max_ratio``
    bytes a ``.gz`` file may unpack to, and how many times its own size: a gzip bomb is
    stopped as soon as it passes either.
``max_chars``
    characters of one document. A longer text is rejected with its size rather than
    split: no news article is that long, and parts cut at arbitrary paragraphs would be
    stored as documents that nobody wrote. Split such a text into its articles first.
``time_budget``
    seconds of processing one document may take; a document over budget is a failure.

Only regular files are read (not FIFOs, devices or sockets, even behind a symlink).
"""
from __future__ import annotations

from dataclasses import dataclass

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 64 * MB
    max_unpacked: int = 256 * MB
    max_ratio: int = 100
    max_chars: int = 1_500_000
    time_budget: float = 300.0


DEFAULT = Limits()


def size(n: int) -> str:
    """A byte count for people: 1.5 MB, 300 kB, 12 bytes."""
    if n >= MB:
        return f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n} bytes"
