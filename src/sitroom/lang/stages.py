"""The pipeline per language: which stages a document in a language other than English
runs, and how its language is decided.

* English: the registered stages, unchanged.
* French: the French parser (``fr_core_news_md``) for sentences and named persons, then
  the rule stages below with the French word lists.
* A language with word lists (``data/lang/<code>.tsv``: Polish, Russian, Ukrainian,
  Belarusian, German, Spanish): spaCy's rule-based sentencizer for the language, then
  dates (dateparser), places and actors (the multilingual name index), figures, quotes
  and events (:mod:`.extract`, :mod:`.speech`).
* Any other language: sentences, the clean text and story grouping only; the document
  carries a note that its facts were not extracted. No English model reads it.
"""
from __future__ import annotations

import functools
import logging

from ..records import Document, Mention
from ..resources import Resources, load_model
from ..stages import Stage
from . import extract, speech
from .detect import language_of
from .lexicon import has_lexicon, lexicon

log = logging.getLogger(__name__)

PARSER_MODELS = {"fr": "fr_core_news_md"}
NOT_EXTRACTED = ("facts not extracted: sitroom has no resources for the language {lang!r}; "
                 "the document keeps its metadata and clean text and joins stories")


def support(lang: str) -> str:
    """``en`` (the English pipeline), ``parsed`` (a parser model and word lists),
    ``rules`` (word lists only) or ``none``."""
    if lang == "en":
        return "en"
    if not has_lexicon(lang):
        return "none"
    return "parsed" if lang in PARSER_MODELS else "rules"


def prepare(batch: list[Document]) -> None:
    """Decide each document's language (metadata kept, else detected) and note when its
    facts cannot be extracted."""
    for d in batch:
        if d.language_source is None or (d.language_source == "detected" and not d.done):
            try:
                d.language, d.language_source = language_of(d)
            except Exception as exc:   # no detector: the language given stands
                log.debug("language detection failed on %s: %s", d.id, exc)
                d.language_source = d.language_source or "default"
        d.language_note = NOT_EXTRACTED.format(lang=d.language) if support(d.language) == "none" else None


@functools.lru_cache(maxsize=16)
def sentencizer(lang: str):
    import spacy
    try:
        nlp = spacy.blank(lang)
    except Exception:   # a language spaCy has no tokenizer for
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def annotate(docs: list[Document], res: Resources) -> list[dict]:
    out = []
    for doc in docs:
        lang = doc.language
        model = PARSER_MODELS.get(lang)
        nlp = load_model(model) if model else sentencizer(lang)
        sdoc = nlp(doc.clean_text)
        sents = [(s.start_char, s.end_char) for s in sdoc.sents if s.text.strip()]
        if not model:
            sents = join_fragments(doc.clean_text, sents)
        sents = tuple(doc.span(a, b) for a, b in sents)
        mentions = tuple(Mention(doc.span(e.start_char, e.end_char), e.text, e.label_)
                         for e in sdoc.ents)
        out.append({"nlp": sdoc, "sentences": sents, "mentions": mentions})
    return out


def join_fragments(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo the rule-based splitter's cuts after abbreviations ("ok. 60", "m.in. na"):
    a sentence that starts with a digit or a lowercase letter, on the same line, continues
    the one before."""
    out: list[list[int]] = []
    for a, b in sents:
        head = text[a:b].lstrip()
        if out and head and (head[0].isdigit() or head[0].islower()) \
                and "\n" not in text[out[-1][1]:a] and "\n" not in text[out[-1][0]:out[-1][1]].rstrip()[-1:]:
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _lex(doc: Document):
    return lexicon(doc.language) if support(doc.language) != "none" else None


def dates(doc: Document, res: Resources) -> dict:
    return {"dates": extract.find_dates(doc, doc.language) if _lex(doc) else ()}


def places(doc: Document, res: Resources) -> dict:
    if not _lex(doc):
        return {"places": ()}
    return {"places": extract.find_places(doc, doc.language, res.gazetteer, res.actor_kb)}


def actors(doc: Document, res: Resources) -> dict:
    if not _lex(doc):
        return {"actors": ()}
    people = [(m.span.start, m.span.end) for m in doc.mentions
              if m.label in ("PER", "PERSON") and len(m.text.split()) >= 2]
    return {"actors": extract.find_actors(doc, doc.language, res.actor_kb, res.gazetteer, people,
                                          _lex(doc))}


def quotes(doc: Document, res: Resources) -> dict:
    L = _lex(doc)
    return {"quotes": speech.find_quotes(doc, L) if L else (), "stances": ()}


def figures(doc: Document, res: Resources) -> dict:
    L = _lex(doc)
    return {"figures": extract.find_figures(doc, L) if L else ()}


def events(doc: Document, res: Resources) -> dict:
    L = _lex(doc)
    return {"events": speech.find_events(doc, L) if L else ()}


def anchor(doc: Document, res: Resources) -> dict:
    return {}


_OWN = {"annotate": (annotate, True), "dates": (dates, False), "places": (places, False),
        "actors": (actors, False), "quotes": (quotes, False), "figures": (figures, False),
        "events": (events, False), "anchor": (anchor, False)}


def route(st: Stage, docs: list[Document]) -> list[tuple[Stage, list[Document]]]:
    """The stage each group of documents runs: English documents the registered stage,
    the others this module's version of it (the same layers)."""
    own = _OWN.get(st.name)
    if own is None:
        return [(st, docs)]
    english = [d for d in docs if support(d.language) == "en"]
    other = [d for d in docs if support(d.language) != "en"]
    out = []
    if english:
        out.append((st, english))
    if other:
        out.append((Stage(st.name, st.requires, st.assigns, own[0], own[1]), other))
    return out
