"""The spaCy stage: sentences, entities and the parse, with offsets into the clean text."""
from __future__ import annotations

from .stages import register
from .records import Document, Mention
from .resources import Resources


@register("annotate", requires=("clean_text",), assigns=("nlp", "sentences", "mentions"), batched=True)
def annotate(docs: list[Document], res: Resources) -> list[dict]:
    """Parse a batch of documents with one ``nlp.pipe`` call."""
    nlp = res.nlp
    out = []
    for doc, sdoc in zip(docs, nlp.pipe([d.clean_text for d in docs], batch_size=max(len(docs), 1))):
        sents = tuple(doc.span(s.start_char, s.end_char) for s in sdoc.sents if s.text.strip())
        mentions = tuple(Mention(doc.span(e.start_char, e.end_char), e.text, e.label_) for e in sdoc.ents)
        out.append({"nlp": sdoc, "sentences": sents, "mentions": mentions})
    return out
