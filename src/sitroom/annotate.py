"""The spaCy stage: sentences, entities and the parse, with offsets into the clean text.

Work stays near-linear in the text's length whatever the text holds: the parser is given
pieces of at most :data:`CHUNK` characters cut at paragraph (else line, sentence, space)
boundaries, joined back into one spaCy Doc with the same offsets; and stretches that
cannot be language (long runs without a letter or digit, such as a storm of quotation
marks, or without a space) are shown to it as spaces of the same length, so that its
tokenizer, whose cost grows with the square of a word's length, never meets them.
"""
from __future__ import annotations

import re

from .stages import register
from .records import Document, Mention
from .resources import Resources

CHUNK = 10_000          # characters per piece given to the parser
_NOISE = re.compile(r"[^\w\n]{64,}|[^\s]{200,}")
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?]\s"), re.compile(r"\s"))


def mask_noise(text: str) -> str:
    """``text`` with letterless or spaceless runs blanked (newlines kept, same length)."""
    return _NOISE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """Consecutive pieces of ``text`` (joined they give it back), each at most ``size``
    characters, cut at the strongest boundary found in the second half of a piece."""
    out, start, n = [], 0, len(text)
    while n - start > size:
        end = start + size
        cut = end
        for pattern in _CUTS:
            last = None
            for m in pattern.finditer(text, start + size // 2, end):
                last = m
            if last is not None:
                cut = last.end()
                break
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def _parse(nlp, texts: list[str]) -> list:
    """One spaCy Doc per text, parsed piece by piece."""
    from spacy.tokens import Doc
    pieces = [chunks(mask_noise(t)) for t in texts]
    flat = [p for ps in pieces for p in ps]
    parsed = iter(nlp.pipe(flat, batch_size=16))
    out = []
    for ps in pieces:
        parts = [next(parsed) for _ in ps]
        out.append(parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False))
    return out


@register("annotate", requires=("clean_text",), assigns=("nlp", "sentences", "mentions"), batched=True)
def annotate(docs: list[Document], res: Resources) -> list[dict]:
    """Parse a batch of documents (one ``nlp.pipe`` over their pieces)."""
    out = []
    for doc, sdoc in zip(docs, _parse(res.nlp, [d.clean_text for d in docs])):
        sents = tuple(doc.span(s.start_char, s.end_char) for s in sdoc.sents if s.text.strip())
        mentions = tuple(Mention(doc.span(e.start_char, e.end_char), e.text, e.label_) for e in sdoc.ents)
        out.append({"nlp": sdoc, "sentences": sents, "mentions": mentions})
    return out
