"""Rebuild ``data/cues.tsv``, the attribution cue lexicon, from an annotated attribution corpus.

The corpus is a folder in the PolNeAR layout (``text/*.txt`` and brat ``attributions/*.ann``
with ``Cue`` spans), normally the PolNeAR train split. Each verb, noun and adjective of
the texts is counted by lemma, part of speech and the shape of its complement
(``clause``, ``object``, ``prep:<word>``, ``bare``), together with how often it lies in an
annotated cue; words inside an annotated content are left out, since attributions
nested in another's content are not annotated. The lexicon keeps only words and counts, never text of the corpus:

    python tools/build_cues.py ../shared/eval-data/polnear/train
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from sitroom.extract.quotes.cues import complement
from sitroom.resources import MODELS, data_path, load_model

HEADER = ("# Attribution cue lexicon, rebuilt by `python tools/build_cues.py <split>`.\n"
          "# lemma\tpos\tcontext\tcue\ttotal\tsubject_source\tsubject_content: how often the word,\n"
          "# with this complement shape, is the cue of an annotated attribution, out of all its\n"
          "# occurrences; and how often, as a cue, its subject is the source or part of the content\n"
          "# (\"X seems to ...\", \"it appears that ...\").\n")
CONTENT_POS = {"VERB", "NOUN", "ADJ"}


def read_spans(ann: Path, label: str) -> list[tuple[int, int]]:
    """Character spans of the ``label`` annotations (``Cue``, ``Content``) of one brat file."""
    out = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].startswith("T") or not parts[1].startswith(label + " "):
            continue
        for frag in parts[1][len(label) + 1:].split(";"):
            a, b = frag.split()
            out.append((int(a), int(b)))
    return out


def count(folder: Path, limit: int | None = None) -> tuple[Counter, Counter, Counter, Counter]:
    """(lemma, pos, context) -> occurrences; -> occurrences inside a cue span; -> cues whose
    subject lies in the source; -> cues whose subject lies in the content ("X seems to")."""
    nlp = load_model(MODELS["en"])
    anns = sorted((folder / "attributions").glob("*.ann"))
    pairs = []
    for txt in sorted((folder / "text").glob("*.txt")):
        mine = [a for a in anns if a.stem.rsplit("_", 1)[0] == txt.stem]
        if mine:
            pairs.append((txt, mine[0]))
    if limit:
        pairs = pairs[:limit]
    total, cue, subj_src, subj_content = Counter(), Counter(), Counter(), Counter()
    texts = (t.read_text(encoding="utf-8") for t, _ in pairs)
    for (txt, ann), doc in zip(pairs, nlp.pipe(texts, batch_size=16, disable=["ner"])):
        marks = bytearray(len(doc.text) + 1)
        for a, b in read_spans(ann, "Content"):
            marks[a:b] = b"\x02" * (b - a)
        for a, b in read_spans(ann, "Source"):
            marks[a:b] = b"\x03" * (b - a)
        for a, b in read_spans(ann, "Cue"):
            marks[a:b] = b"\x01" * (b - a)
        for t in doc:
            # Attributions nested in another's content are not annotated: not counted either.
            if t.pos_ not in CONTENT_POS or marks[t.idx] == 2:
                continue
            key = (t.lemma_.lower(), t.pos_, complement(t))
            total[key] += 1
            if marks[t.idx] == 1:
                cue[key] += 1
                subj = next((c for c in t.children if c.dep_ in ("nsubj", "expl")), None)
                if subj is not None and marks[subj.idx] == 3:
                    subj_src[key] += 1
                elif subj is not None and (marks[subj.idx] == 2 or subj.dep_ == "expl"
                                           or marks[subj.idx] == 0 and subj.lower_ == "it"):
                    subj_content[key] += 1
    return total, cue, subj_src, subj_content


def write(counts: tuple[Counter, Counter, Counter, Counter], path: Path, min_cue: int = 2) -> int:
    total, cue, subj_src, subj_content = counts
    rows = sorted((k for k in cue if cue[k] >= min_cue), key=lambda k: (k[0], k[1], k[2]))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for k in rows:
            fh.write("\t".join(map(str, (*k, cue[k], total[k], subj_src[k], subj_content[k]))) + "\n")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", help="folder with text/ and attributions/ (e.g. PolNeAR train)")
    ap.add_argument("--out", default=str(data_path("cues.tsv")))
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--min-cue", type=int, default=2, help="keep entries seen as a cue this often")
    args = ap.parse_args(argv)
    folder = Path(args.split)
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        print(f"{folder} must hold text/ and attributions/", file=sys.stderr)
        return 2
    n = write(count(folder, args.limit), Path(args.out), args.min_cue)
    print(f"wrote {n} entries to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
