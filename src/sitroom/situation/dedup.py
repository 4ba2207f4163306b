"""Near-duplicate documents: the same story republished by several outlets is kept once.

Each document's prose (lines of at least ``MIN_LINE_WORDS`` words, so that differing
headlines, bylines and share prompts matter little) is cut into overlapping
``SHINGLE``-word shingles and summarised by a MinHash signature. Signatures are stored
with the documents, so a copy is recognised in any later ingest run; an LSH index (in a
temporary file, so that memory stays flat) finds the candidates and the estimated
Jaccard similarity decides. A copy is recorded with its
own url, outlet, path and date against the document kept, and is neither extracted nor
counted again.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..records import Document

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.8          # estimated Jaccard similarity from which a text is a copy
MIN_SHINGLES = 20        # shorter texts are too small to call near-identical
MIN_LINE_WORDS = 8

_WORD = re.compile(r"\w+")
_BASE = MinHash(num_perm=NUM_PERM, seed=1)
_PERMUTATIONS, _HASHING = _BASE.permutations, getattr(_BASE, "scheme", None)
# The stored signatures' recipe: signatures of another recipe are computed again.
SCHEME = f"minhash-{NUM_PERM}-w{SHINGLE}-{_HASHING or 'legacy'}-v1"


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """The ``k``-word shingles of a text's prose lines, lower-cased."""
    prose = [ln for ln in text.splitlines() if len(_WORD.findall(ln)) >= MIN_LINE_WORDS]
    words = _WORD.findall(" ".join(prose).casefold()) or _WORD.findall(text.casefold())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def signature(text: str) -> np.ndarray | None:
    """MinHash signature of a text, or None when it is too short to compare."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    m = _new()
    m.update_batch(list(sh))
    return m.hashvalues.astype(np.uint32)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def _new(**kwargs) -> MinHash:
    scheme = {"scheme": _HASHING} if _HASHING else {}   # datasketch >= 2 names its hashing
    return MinHash(num_perm=NUM_PERM, seed=1, permutations=_PERMUTATIONS, **scheme, **kwargs)


def copy_key(copy_id: str, url: str | None, path: str | None) -> str:
    """One copies row per copy text and place it came from (re-reading a file adds nothing)."""
    return f"{copy_id}|{url or path or ''}"


@dataclass
class Copy:
    """A document found to repeat a stored (or just read) one."""
    doc_id: str              # the document kept
    doc: Document            # the copy as read
    similarity: float

    @property
    def key(self) -> str:
        return copy_key(self.doc.id, self.doc.url, self.doc.path)

    def row(self) -> dict[str, Any]:
        from ..ingest.published import find_outlet, find_published
        d = self.doc
        # The copy is not run through the pipeline: read its outlet and date cheaply.
        source = d.source or find_outlet(d.text)
        published = d.published or find_published(d.text)[0]
        return {"doc_id": self.doc_id, "copy_id": d.id, "key": self.key,
                "url": d.url, "source": source, "title": d.title, "path": d.path,
                "published": published, "similarity": round(self.similarity, 3)}


class BandIndex:
    """MinHash LSH in a temporary SQLite file: memory stays flat however many documents
    are indexed. The signature is cut into the ``b`` bands of ``r`` values that
    datasketch's :class:`MinHashLSH` chooses for the threshold; documents sharing a band
    are candidates. Each indexed document keeps its signature (to compare candidates)
    and where it was read from."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM):
        params = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.b, self.r = params.b, params.r
        self._dir = tempfile.TemporaryDirectory(prefix="sitroom-lsh-")
        self.conn = sqlite3.connect(os.path.join(self._dir.name, "lsh.db"), isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -4000"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.executescript("""
            CREATE TABLE docs (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sig BLOB,
                               new INTEGER NOT NULL, url TEXT, path TEXT);
            CREATE TABLE bands (key INTEGER NOT NULL, n INTEGER NOT NULL);
            CREATE INDEX bands_key ON bands (key);
        """)
        self._added = 0
        self.conn.execute("BEGIN")      # written in large transactions; never needs a rollback

    def close(self) -> None:
        self.conn.close()
        self._dir.cleanup()

    def keys(self, sig: np.ndarray) -> list[int]:
        data = sig.astype("<u4").tobytes()
        step = 4 * self.r
        return [int.from_bytes(hashlib.blake2b(data[i * step:(i + 1) * step], digest_size=8,
                                               salt=i.to_bytes(8, "little")).digest(),
                               "little", signed=True) for i in range(self.b)]

    def add(self, doc_id: str, sig: np.ndarray | None, *, new: bool,
            url: str | None = None, path: str | None = None) -> None:
        """Index a document (with its signature when it has one)."""
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO docs (id, sig, new, url, path) VALUES (?, ?, ?, ?, ?)",
            (doc_id, to_bytes(sig) if sig is not None else None, int(new), url, path))
        if sig is not None and cur.rowcount:
            n = cur.lastrowid
            self.conn.executemany("INSERT INTO bands (key, n) VALUES (?, ?)",
                                  ((k, n) for k in self.keys(sig)))
        self._added += 1
        if self._added % 5000 == 0:
            self.conn.execute("COMMIT")
            self.conn.execute("BEGIN")

    def candidates(self, sig: np.ndarray) -> list[tuple[str, np.ndarray]]:
        """``(doc_id, signature)`` of the indexed documents sharing a band with ``sig``."""
        keys = self.keys(sig)
        rows = self.conn.execute(
            "SELECT id, sig FROM docs WHERE n IN (SELECT n FROM bands WHERE key IN "
            f"({', '.join('?' * len(keys))})) AND sig IS NOT NULL", keys)
        return [(i, from_bytes(data)) for i, data in rows]

    def where(self, doc_id: str) -> tuple[str | None, str | None] | None:
        """``(url, path)`` of a document indexed as new in this run, else None."""
        row = self.conn.execute("SELECT url, path FROM docs WHERE id = ? AND new = 1",
                                (doc_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def new_signatures(self) -> Iterator[tuple[str, bytes]]:
        yield from self.conn.execute("SELECT id, sig FROM docs WHERE new = 1 AND sig IS NOT NULL")


class DuplicateIndex:
    """Finds near-duplicates of stored documents and of those read in the same run.

    Nothing is read from the store until the first lookup. Call :meth:`flush` after the
    new documents are stored: it writes their signatures and the copies found.
    """

    def __init__(self, store, *, threshold: float = THRESHOLD):
        self.store = store
        self.threshold = threshold
        self._bands: BandIndex | None = None   # stored documents and this run's, on disk
        self._copies: list[Copy] = []

    def _index(self) -> BandIndex:
        if self._bands is None:
            index = BandIndex(self.threshold, NUM_PERM)
            for doc_id, data in self.store.signatures(SCHEME):
                index.add(doc_id, from_bytes(data), new=False)
            # Documents stored before signatures existed (or under another scheme).
            backfill = []
            for doc_id, text in self.store.unsigned(SCHEME):
                sig = signature(text)
                if sig is not None:
                    index.add(doc_id, sig, new=False)
                    backfill.append((doc_id, SCHEME, to_bytes(sig)))
            self.store.add_signatures(backfill)
            self._bands = index
        return self._bands

    def exact(self, doc: Document) -> bool:
        """Record ``doc``, whose text is already stored or read, as a copy when it comes
        from another place; re-reading the same file or url is not a copy."""
        where = (self._bands.where(doc.id) if self._bands else None) or \
            self.store.source_of(doc.id)
        place = doc.url or doc.path
        if where is None or place is None or place in where:
            return False
        key = copy_key(doc.id, doc.url, doc.path)
        if self.store.has_copy(key) or any(c.key == key for c in self._copies):
            return False
        self._copies.append(Copy(doc.id, doc, 1.0))
        return True

    def known_copy(self, doc: Document) -> bool:
        """Whether this copy (same text from the same place) was recorded before."""
        key = copy_key(doc.id, doc.url, doc.path)
        return self.store.has_copy(key) or any(c.key == key for c in self._copies)

    def find(self, doc: Document) -> Copy | None:
        """The copy record when ``doc`` nearly repeats a known document (it is recorded),
        else None and ``doc`` joins the index as a new document."""
        sig = signature(doc.text)
        index = self._index()
        if sig is not None:
            best: tuple[float, str] | None = None
            for cand, other in index.candidates(sig):
                sim = similarity(sig, other)
                if sim >= self.threshold and (best is None or (sim, cand) > best):
                    best = (sim, cand)
            if best is not None:
                copy = Copy(best[1], doc, best[0])
                self._copies.append(copy)
                return copy
        index.add(doc.id, sig, new=True, url=doc.url, path=doc.path)
        return None

    @property
    def pending(self) -> int:
        """Copies found and not yet written."""
        return len(self._copies)

    def flush(self, stored: Iterable[str]) -> tuple[int, list[Copy]]:
        """Write the signatures of the stored documents and the copies of stored documents.

        Returns the number of new copies recorded and the copies whose original could
        not be stored (they are not recorded; ingesting them again processes them).
        """
        stored = set(stored)
        if self._bands is not None:
            rows = ((i, SCHEME, data) for i, data in self._bands.new_signatures() if i in stored)
            while batch := list(itertools.islice(rows, 1000)):
                self.store.add_signatures(batch)
        keep, orphans = [], []
        for c in self._copies:
            if c.doc_id in stored or self.store.has(c.doc_id):
                keep.append(c.row())
            else:
                orphans.append(c)
        self._copies = []
        if self._bands is not None:
            self._bands.close()
            self._bands = None
        return self.store.add_copies(keep), orphans
