"""Near-duplicate documents: the same story republished by several outlets is kept once.

Each document's prose (lines of at least ``MIN_LINE_WORDS`` words, so that differing
headlines, bylines and share prompts matter little) is cut into overlapping
``SHINGLE``-word shingles and summarised by a MinHash signature. Signatures are stored
with the documents, so a copy is recognised in any later ingest run; an LSH index finds
the candidates and the estimated Jaccard similarity decides. A copy is recorded with its
own url, outlet, path and date against the document kept, and is neither extracted nor
counted again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

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


def _minhash(sig: np.ndarray) -> MinHash:
    return _new(hashvalues=sig)


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


class DuplicateIndex:
    """Finds near-duplicates of stored documents and of those read in the same run.

    Nothing is read from the store until the first lookup. Call :meth:`flush` after the
    new documents are stored: it writes their signatures and the copies found.
    """

    def __init__(self, store, *, threshold: float = THRESHOLD):
        self.store = store
        self.threshold = threshold
        self._lsh: MinHashLSH | None = None
        self._sigs: dict[str, np.ndarray] = {}     # signatures of this run's documents
        self._where: dict[str, tuple[str | None, str | None]] = {}   # this run: id -> (url, path)
        self._copies: list[Copy] = []

    def _index(self) -> MinHashLSH:
        if self._lsh is None:
            lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)
            with lsh.insertion_session() as session:
                for doc_id, data in self.store.signatures(SCHEME):
                    session.insert(doc_id, _minhash(from_bytes(data)), check_duplication=False)
                # Documents stored before signatures existed (or under another scheme).
                backfill = []
                for doc_id, text in self.store.unsigned(SCHEME):
                    sig = signature(text)
                    if sig is not None:
                        session.insert(doc_id, _minhash(sig), check_duplication=False)
                        backfill.append((doc_id, SCHEME, to_bytes(sig)))
            self.store.add_signatures(backfill)
            self._lsh = lsh
        return self._lsh

    def _signature_of(self, doc_id: str) -> np.ndarray | None:
        if doc_id in self._sigs:
            return self._sigs[doc_id]
        data = self.store.signature(doc_id, SCHEME)
        return from_bytes(data) if data is not None else None

    def exact(self, doc: Document) -> bool:
        """Record ``doc``, whose text is already stored or read, as a copy when it comes
        from another place; re-reading the same file or url is not a copy."""
        where = self._where.get(doc.id) or self.store.source_of(doc.id)
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
        if sig is not None:
            lsh = self._index()
            best: tuple[float, str] | None = None
            for cand in lsh.query(_minhash(sig)):
                other = self._signature_of(cand)
                if other is None:
                    continue
                sim = similarity(sig, other)
                if sim >= self.threshold and (best is None or (sim, cand) > best):
                    best = (sim, cand)
            if best is not None:
                copy = Copy(best[1], doc, best[0])
                self._copies.append(copy)
                return copy
            lsh.insert(doc.id, _minhash(sig), check_duplication=False)
            self._sigs[doc.id] = sig
        self._where[doc.id] = (doc.url, doc.path)
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
        self.store.add_signatures((i, SCHEME, to_bytes(self._sigs[i]))
                                  for i in stored if i in self._sigs)
        keep, orphans = [], []
        for c in self._copies:
            if c.doc_id in stored or self.store.has(c.doc_id):
                keep.append(c.row())
            else:
                orphans.append(c)
        self._copies = []
        return self.store.add_copies(keep), orphans
