"""Quotes and events of a text in a language without an English parse.

Quotes: text in the language's quotation marks, or a clause a speech word of the
language introduces ("a déclaré que", "poinformowała", "по словам"), with the known
actor that stands next to the speech word as speaker. Events: a sentence with an
event word of the language's lexicon, typed by the lexicon; when the lexicon offers
more than one type the multilingual sentence encoder's classifier (trained on English
PLOVER data) chooses. Source and target are the known actors of the sentence before and
after the event word.
"""
from __future__ import annotations

import re

from ..records import Actor, DateRef, Document, Event, Quote, Span
from .lexicon import Lexicon

_QUOTED = re.compile(r"«\s*([^«»]{12,}?)\s*»|„([^„“”]{12,}?)[“”]|“([^“”]{12,}?)”|\"([^\"]{12,}?)\"")
_THAT = re.compile(r"(?<!\w)(que|qu'|qu’|że|что|що|што|dass|que)(?!\w)", re.I)
_NEAR = 60


def _actor_spans(doc: Document) -> list[tuple[int, int, Actor]]:
    return sorted((s.start, s.end, a) for a in doc.actors for s in a.spans)


def _date_in(dates: tuple[DateRef, ...], start: int, end: int) -> str | None:
    for d in dates:
        if start <= d.span.start < end:
            return d.value
    return None


CUE_REACH = 40      # characters between a speech word and its speaker
MAX_SPEAKER_WORDS = 8
_CLAUSE_END = re.compile(r"[,.;:!?()«»„“”\"]|\s[-–—]\s")


def find_quotes(doc: Document, L: Lexicon) -> tuple[Quote, ...]:
    """Quoted text with a speech word next to it, and clauses a speech word introduces;
    each with its speaker: a known actor next to the speech word, else the phrase that
    stands there ("Ein Sprecher der Regierung sagte", "selon le ministère de la Santé").
    A statement whose speaker cannot be told is left out."""
    from .names import stop_words
    stop = stop_words(L.lang)
    text = doc.clean_text
    spans = _actor_spans(doc)
    out: list[Quote] = []
    taken: list[tuple[int, int]] = []
    for s in doc.sentences:
        chunk = text[s.start:s.end]
        lo, hi = max(0, s.start - 200), min(len(text), s.end + 200)
        for m in _QUOTED.finditer(text, lo, hi):
            g = next(i for i in range(1, 5) if m.group(i))
            qa, qb = m.start(g), m.end(g)
            if not (s.start <= m.start() < s.end) or any(a <= qa < b for a, b in taken):
                continue
            if len(m.group(g).split()) < 3:
                continue
            # the speech word right after the quote, else right before it
            after = [(m.end() + x, m.end() + y, v) for x, y, v in
                     L.speech.finditer(text[m.end():min(len(text), m.end() + _NEAR)])]
            before = [(m.start() - _NEAR + x, m.start() - _NEAR + y, v) for x, y, v in
                      L.speech.finditer(text[max(0, m.start() - _NEAR):m.start()])
                      if m.start() >= _NEAR]
            cue = after[0] if after else (before[-1] if before else None)
            if cue is None:
                continue
            who = _speaker(doc, spans, cue, s, stop, (qa, qb))
            if who is None:
                continue
            taken.append((qa, qb))
            out.append(_quote(doc, qa, qb, who, "direct"))
        for a, b, v in L.speech.finditer(chunk):
            ca, cb = s.start + a, s.start + b
            content = _indirect(text, s, ca, cb)
            if content is None or any(x < content[1] and content[0] < y for x, y in taken):
                continue
            who = _speaker(doc, spans, (ca, cb, v), s, stop, content)
            if who is None:
                continue
            taken.append(content)
            out.append(_quote(doc, content[0], content[1], who, "indirect"))
    return tuple(sorted(out, key=lambda q: q.span.start))


def _speaker(doc: Document, spans, cue, s: Span, stop, content: tuple[int, int]):
    """(actor or None, span of the speaker's words) for a speech word, or None."""
    ca, cb, kind = cue
    own = doc.sentence_of(Span(doc.id, ca, cb)) or s
    near = [(a, b, act) for a, b, act in spans
            if not (content[0] <= a < content[1])
            and min(own.start, s.start) <= a < max(own.end, s.end)
            and (0 <= ca - b <= CUE_REACH or 0 <= a - cb <= CUE_REACH)]
    text = doc.clean_text
    if near:
        a, b, act = min(near, key=lambda x: min(abs(ca - x[1]), abs(x[0] - cb)))
        if act.kind != "person" and kind != "source":
            # "la presidencia de Ucrania informó", "Rzeczniczka SG relacjonowała": the
            # institution is part of the speaker's description, which says who spoke
            start = max(s.start, content[1] if content[1] <= ca else s.start)
            head = text[start:ca]
            cut = [m.end() for m in _CLAUSE_END.finditer(head)]
            sp = _phrase(text, start + (cut[-1] if cut else 0), ca, stop)
            if sp is not None and sp[0] < a and b <= sp[1]:
                return None, Span(doc.id, *sp)
        return act, Span(doc.id, a, b)
    phrases = []
    if kind != "source":      # "X said": the words before the verb, in its clause
        start = max(s.start, content[1] if content[1] <= ca else s.start)
        head = text[start:ca]
        cut = [m.end() for m in _CLAUSE_END.finditer(head)]
        phrases.append((start + (cut[-1] if cut else 0), ca))
    tail = text[cb:min(len(text), cb + 120)]       # "selon X", "a déclaré X"
    m = _CLAUSE_END.search(tail)
    phrases.append((cb, cb + (m.start() if m else len(tail))))
    for a, b in phrases:
        sp = _phrase(text, a, b, stop)
        if sp is not None and not (content[0] <= sp[0] < content[1]):
            return None, Span(doc.id, *sp)
    return None


def _phrase(text: str, a: int, b: int, stop) -> tuple[int, int] | None:
    """The words from ``a`` to ``b`` without leading function words, when they read as a
    name or a description (a capital or a noun after the article, a few words)."""
    from .names import WORD, norm
    words = list(WORD.finditer(text, a, b))
    while words and norm(words[0].group(0)) in stop:
        words.pop(0)
    lead = 0
    while lead < len(words) and words[lead].group(0)[0].isupper():
        lead += 1
    if lead >= 2:         # a name ("Anna Michalska na konferencji ..."): the name
        words = words[:lead]
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return None
    if not any(w.group(0)[0].isupper() for w in words) and len(words) < 2:
        return None
    return words[0].start(), words[-1].end()


def _indirect(text: str, s: Span, ca: int, cb: int) -> tuple[int, int] | None:
    """The reported clause a speech word introduces: after "that"; after the comma of
    "according to X, ..."; or, for "..., said X" / "... - przekazała", what precedes it."""
    rest = text[cb:s.end]
    m = _THAT.match(rest.lstrip(" ,:"))
    if m:
        start = cb + (len(rest) - len(rest.lstrip(" ,:"))) + m.end()
        return _trim(text, start, s.end)
    comma = rest.find(",")
    head = text[s.start:ca].strip()
    if not head and 0 < comma < 80:        # "Selon X, ...", "Według X ..."
        return _trim(text, cb + comma + 1, s.end)
    tail = text[s.start:ca].rstrip()
    if tail.endswith((",", "-", "–", "—")) and len(tail) > 20:   # "..., a déclaré X"
        return _trim(text, s.start, s.start + len(tail) - 1)
    return None


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and not text[a].isalnum() and text[a] not in "«„“\"":
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:-–—"):
        b -= 1
    return (a, b) if len(text[a:b].split()) >= 3 else None


def _quote(doc: Document, a: int, b: int, who, kind: str) -> Quote:
    actor, sp = who
    return Quote(doc.span(a, b), doc.clean_text[a:b], actor.id if actor else None, sp,
                 doc.clean_text[sp.start:sp.end], None, kind, _date_in(doc.dates, a, b))


# ------------------------------------------------------------------------------ events

# Acts that govern another ("threatened sanctions", "called for talks", "rejected the
# accusation"): with one of them in the sentence, the other act is its content.
GOVERNING = frozenset({"THREATEN", "REQUEST", "REJECT", "ACCUSE"})


def _parties(inside, ta: int, tb: int) -> tuple[tuple, tuple]:
    """Source and target spans: the first party named before the event word acts (the
    subject leads the clause); the next other party named in the sentence undergoes it."""
    src = [(x, y, act) for x, y, act in inside if y <= ta][:1]
    ids = {p[2].id for p in src}
    tgt = [(x, y, act) for x, y, act in inside if src and x > ta and act.id not in ids][:1]
    if src and not tgt:
        tgt = [(x, y, act) for x, y, act in inside if act.id not in ids][:1]
    return tuple(src), tuple(tgt)


def find_events(doc: Document, L: Lexicon) -> tuple[Event, ...]:
    """One event per sentence with an event word of the language. When the sentence has
    words of several types, the multilingual classifier (trained on English PLOVER
    sentences) reads the sentence with its parties marked and picks among them."""
    text = doc.clean_text
    spans = _actor_spans(doc)
    rows = []
    for s in doc.sentences:
        trig = list(L.trig.finditer(text[s.start:s.end]))
        if not trig:
            continue
        if len({v for _, _, v in trig}) > 1 and any(v in GOVERNING for _, _, v in trig):
            trig = [t for t in trig if t[2] in GOVERNING]
        inside = [(x, y, act) for x, y, act in spans if s.start <= x and y <= s.end]
        rows.append((s, trig, inside))
    choose = [r for r in rows if len({v for _, _, v in r[1]}) > 1]
    picked: dict[int, tuple[int, int, str]] = {}
    if choose:
        texts = []
        for s, trig, inside in choose:
            src, tgt = _parties(inside, s.start + trig[0][0], s.start + trig[0][1])
            rel = lambda p: (p[0][0] - s.start, p[0][1] - s.start) if p else None  # noqa: E731
            from ..extract.events.classifier import relation_texts
            texts.append(relation_texts(text[s.start:s.end], rel(src), rel(tgt)))
        for r, p in zip(choose, _classify(texts)):
            if p is not None:
                def score(t, p=p):
                    return p.get("YIELD" if t[2] in ("CONCEDE", "RETREAT") else t[2], 0.0)
                picked[id(r)] = max(r[1], key=score)
    out = []
    seen = set()
    for r in rows:
        s, trig, inside = r
        a, b, typ = picked.get(id(r), trig[0])
        ta, tb = s.start + a, s.start + b
        src, tgt = _parties(inside, ta, tb)
        date = _date_in(doc.dates, s.start, s.end)
        key = (typ, tuple(p[2].id for p in src), tuple(p[2].id for p in tgt), date)
        if key in seen:
            continue      # the same act told again
        seen.add(key)
        out.append(Event(typ, None, key[1], key[2], "occurred", date, None, doc.span(ta, tb),
                         text[ta:tb], s, 0.5))
    return tuple(out)


def _classify(pairs: list[tuple[str, str]]) -> list[dict | None]:
    """PLOVER root probabilities from the multilingual embeddings of (relation text,
    sentence) pairs."""
    from ..extract.events import classifier as clf
    emb = clf.embedder()
    if emb is None:
        return [None] * len(pairs)
    lm = clf.model(clf.EMBED_MODEL_FILE)
    vecs = emb(pairs)
    return [dict(zip(lm.labels, lm.proba({}, v))) for v in vecs]
