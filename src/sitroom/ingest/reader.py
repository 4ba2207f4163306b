"""Turn paths (files, folders, ``-`` for stdin) into Documents, and bad inputs into Failures."""
from __future__ import annotations

import json
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..errors import EmptyInput, InputError, UnsupportedInput
from ..limits import DEFAULT, Limits
from ..records import Document
from .bounded import display_name, gunzip, read_regular, read_stream
from .formats import (Article, FormatError, read_feed, read_html, read_json, read_jsonl)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """An input that could not be read, and why (the reason says what to do)."""
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


TEXT_EXT = frozenset({"", ".txt", ".text"})
HTML_EXT = frozenset({".html", ".htm", ".xhtml"})
JSONL_EXT = frozenset({".jsonl", ".ndjson"})
JSON_EXT = frozenset({".json"})
FEED_EXT = frozenset({".xml", ".rss", ".atom"})

# Magic numbers of common binary formats people drop into a folder of articles.
_MAGIC = (
    (b"%PDF", "a PDF file; extract its text first (for example with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document); unpack or export it as text first"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"\x7fELF", "an executable, not text"),
    (b"\xd0\xcf\x11\xe0", "an old Office document; save it as text first"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HIGH_CONTROL = re.compile(rb"[\x80-\x9f]")


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of a file, or UnsupportedInput/EmptyInput saying what is wrong and what to do."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnsupportedInput(path, f"binary file: {what}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark is unambiguous
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnsupportedInput(path, "binary file, not text; give it a text, HTML, JSON Lines or feed file") from None
    else:
        if b"\x00" in data[:8192]:
            raise UnsupportedInput(path, "binary file, not text; give it a text, HTML, JSON Lines or feed file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnsupportedInput(path, _not_utf8_reason(data)) from None
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample):
        raise UnsupportedInput(path, "binary file, not text; give it a text, HTML, JSON Lines or feed file")
    if not text.strip():
        raise EmptyInput(path, "empty file: nothing to read")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8_reason(data: bytes) -> str:
    # Windows-1252 is Latin-1 with printable characters where Latin-1 has controls.
    sample = data[:8192].decode("cp1252", errors="replace")
    printable = sum(1 for ch in sample if (ch.isprintable() and ch != "\ufffd") or ch in "\n\r\t")
    if printable < 0.95 * len(sample):
        return "binary file, not text; give it a text, HTML, JSON Lines or feed file"
    # Bytes 0x80–0x9f are control characters in Latin-1 but quotes and dashes in Windows-1252.
    if _HIGH_CONTROL.search(data):
        return ("not UTF-8 text (looks like Windows-1252); "
                "convert it with iconv -f cp1252 -t utf-8")
    return "not UTF-8 text (looks like Latin-1); convert it with iconv -f latin1 -t utf-8"


def sniff(text: str) -> str:
    """Guess the format of text whose name says nothing: feed, html, jsonl, json or text."""
    head = text.lstrip()[:2000].lower()
    if head.startswith("<?xml") or head.startswith("<rss") or head.startswith("<feed"):
        if re.search(r"<(rss|feed|rdf:rdf)\b", head):
            return "feed"
        if "<html" in head:
            return "html"
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(body|article|p)\b[^>]*>", head[:500]):
        return "html"
    if head.startswith("{"):
        first = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first)
            return "jsonl"
        except (json.JSONDecodeError, RecursionError):
            return "json" if _parses(text) else "text"
    if head.startswith("[") and _parses(text):
        return "json"
    return "text"


def _parses(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except (json.JSONDecodeError, RecursionError):
        return False


def format_of(path: str, text: str) -> str:
    """The reader to use for ``path``: by extension, else by looking at the content."""
    ext = Path(path).suffix.lower()
    if ext in HTML_EXT:
        return "html"
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in JSON_EXT:
        return "json"
    if ext in FEED_EXT:
        return "feed"
    if ext in (".txt", ".text"):
        return "text"
    return sniff(text)


_STOPWORDS = {
    "en": frozenset("the and of to in that is was for on with said by from it has have are".split()),
    "fr": frozenset("le la les des et du un une est dans pour que qui sur au avec pas par a été".split()),
    "de": frozenset("der die das und nicht mit ist von den zu sich auf des ein eine dem im".split()),
    "es": frozenset("el la los las y de que en un una por con para se del al es fue".split()),
}
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str:
    """The language whose common words are most frequent in the text (default English)."""
    counts = dict.fromkeys(_STOPWORDS, 0)
    for w in _WORD.findall(text[:4000].lower()):
        for lang, words in _STOPWORDS.items():
            if w in words:
                counts[lang] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > counts["en"] else "en"


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(s: str | None) -> str | None:
    """``s`` with lone surrogates (from escapes such as ``\\ud800`` in JSON, which no
    UTF-8 text can hold) replaced by U+FFFD, one for one so that offsets stay."""
    return _SURROGATE.sub("\ufffd", s) if s else s


def _document(art: Article, path: str) -> Document:
    text = valid_unicode(art.text)
    return Document.from_text(
        text, url=valid_unicode(art.url), source=valid_unicode(art.source),
        title=valid_unicode(art.title), published=valid_unicode(art.published),
        published_source="metadata" if art.published else None,
        language=valid_unicode(art.language) or guess_language(text),
        language_source="metadata" if art.language else None,
        path=valid_unicode(art.where) or path)


_HEADLINE_END = re.compile(r"[.!?:;,\"”’)]$")


def headline(text: str) -> str | None:
    """The first line of a plain-text article when it reads as a headline.

    A headline stands alone (a blank line follows it), is short and does not end as a
    sentence does. The line stays in the text; it is only also taken as the title.
    """
    first, sep, _ = text.partition("\n\n")
    first = first.strip()
    if not sep or "\n" in first or not (3 <= len(first.split()) <= 20):
        return None
    if _HEADLINE_END.search(first) or first.startswith((">", "-", "—", "•", "#")):
        return None
    return first


def read_text(text: str, path: str, fmt: str | None = None) -> Iterator[Document | Failure]:
    """Documents from already decoded text in the given (or sniffed) format."""
    fmt = fmt or format_of(path, text)
    if fmt == "text":
        body = text.strip("\n")
        yield _document(Article(text=body, title=headline(body)), path)
        return
    if fmt == "html":
        try:
            yield _document(read_html(text), path)
        except ValueError as exc:
            yield Failure(path, str(exc))
        return
    reader = {"jsonl": read_jsonl, "json": read_json, "feed": read_feed}[fmt]
    data = text.encode("utf-8") if fmt == "feed" else text
    for item in reader(data, path):
        if isinstance(item, FormatError):
            yield Failure(item.where, item.reason)
        else:
            yield _document(item, path)


def read_file(path: str | os.PathLike, data: bytes | None = None, *,
              limits: Limits = DEFAULT) -> Iterator[Document | Failure]:
    """Documents from one file (``data`` when its bytes were already read, as for stdin).

    Whatever the file holds, problems come out as Failures, never as exceptions.
    """
    name = path if isinstance(path, str) and data is not None else display_name(path)
    try:
        yield from _read_file(path, name, data, limits)
    except InputError as exc:
        yield Failure(name, exc.reason)
    except RecursionError:
        yield Failure(name, "nested too deeply to read (thousands of levels of brackets or tags)")
    except MemoryError:
        yield Failure(name, "too large to read in the memory available; lower --max-bytes")
    except Exception as exc:  # a bug in a reader must not end the batch
        log.debug("unexpected error reading %s", name, exc_info=True)
        yield Failure(name, f"unexpected error ({type(exc).__name__}: {exc}); please report "
                            "this as a bug, with the file if you can share it")


def _read_file(path: str | os.PathLike, name: str, data: bytes | None,
               limits: Limits) -> Iterator[Document | Failure]:
    if data is None:
        data = read_regular(path, name, limits)
    if name.lower().endswith(".gz"):
        data = gunzip(data, name, limits)
        name_for_format = name[:-3]
    else:
        name_for_format = name
    text = decode(data, name)
    fmt = format_of(name_for_format, text)
    if fmt == "feed":  # feedparser reads the encoding declaration itself
        for item in read_feed(data, name):
            yield Failure(item.where, item.reason) if isinstance(item, FormatError) else _document(item, name)
        return
    yield from read_text(text, name, fmt)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, in sorted order, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith("."):
                yield Path(root) / f


def read_paths(paths: Iterable[str], *, stdin: IO | None = None,
               limits: Limits = DEFAULT) -> Iterator[Document | Failure]:
    """Documents from files, folders (recursive) and ``-`` (stdin); bad inputs yield Failures."""
    for p in paths:
        if p == "-":
            stream = stdin if stdin is not None else sys.stdin
            try:
                data = read_stream(getattr(stream, "buffer", stream), "<stdin>", limits)
            except InputError as exc:
                yield Failure("<stdin>", exc.reason)
                continue
            yield from read_file("<stdin>", data, limits=limits)
            continue
        path = Path(p)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError):      # ValueError: a NUL character in the name
            is_dir = False
        if is_dir:
            for f in _walk(path):
                yield from read_file(f, limits=limits)
        else:
            yield from read_file(path, limits=limits)
