"""The columns of every exported layer and their types.

Types are named here once (``str``, ``int``, ``float``, ``bool``, ``list[str]``,
``list[span]`` for ``[[start, end], ...]``); the Parquet writer turns them into Arrow
types and the CSV writer flattens lists. Dates stay ISO-8601 text because many are
partial (``2021-11``) or carry a time.
"""
from __future__ import annotations

STR, INT, FLOAT, BOOL, LIST, SPANS = "str", "int", "float", "bool", "list[str]", "list[span]"

_SPAN = {"doc_id": STR, "start": INT, "end": INT}

# Layer -> {column: type}, in the order the store's rows have them.
LAYER_COLUMNS: dict[str, dict[str, str]] = {
    "documents": {"id": STR, "url": STR, "source": STR, "title": STR, "published": STR,
                  "published_source": STR, "language": STR, "language_source": STR,
                  "language_note": STR, "path": STR, "error": STR,
                  "ingested_at": STR, "clean_chars": INT},
    "events": {**_SPAN, "type": STR, "mode": STR, "source_names": LIST, "target_names": LIST,
               "status": STR, "date": STR, "place": STR, "trigger": STR, "confidence": FLOAT,
               "cameo_code": STR, "source_ids": LIST, "target_ids": LIST,
               "sentence_start": INT, "sentence_end": INT, "evidence": STR},
    "quotes": {**_SPAN, "speaker_name": STR, "text": STR, "kind": STR, "cue": STR, "date": STR,
               "speaker_id": STR, "speaker_text": STR, "speaker_start": INT, "speaker_end": INT,
               "evidence": STR},
    "figures": {**_SPAN, "category": STR, "value": FLOAT, "low": FLOAT, "high": FLOAT,
                "qualifier": STR, "unit": STR, "subject": STR, "claimed_by_name": STR,
                "claimed_by_id": STR, "claimed_by_text": STR, "date": STR, "place": STR,
                "text": STR, "evidence": STR},
    "actors": {**_SPAN, "actor_id": STR, "name": STR, "aliases": LIST, "kind": STR,
               "country": STR, "sector": STR, "role": STR, "spans": SPANS, "mentions": INT},
    "places": {**_SPAN, "text": STR, "name": STR, "geonameid": INT, "lat": FLOAT, "lon": FLOAT,
               "country": STR, "admin1": STR, "feature": STR, "resolved": BOOL, "evidence": STR},
    "dates": {**_SPAN, "text": STR, "value": STR, "granularity": STR, "anchor": STR,
              "evidence": STR},
    "mentions": {**_SPAN, "text": STR, "label": STR},
    "posts": {**_SPAN, "text": STR, "author": STR, "handle": STR, "date": STR},
    "sentences": {"doc_id": STR, "idx": INT, "start": INT, "end": INT, "text": STR},
    "copies": {"doc_id": STR, "copy_id": STR, "url": STR, "source": STR, "title": STR,
               "path": STR, "published": STR, "similarity": FLOAT},
    "failures": {"path": STR, "reason": STR, "at": STR},
}
LAYERS = tuple(LAYER_COLUMNS)
