"""Format readers: plain text, HTML pages, JSON Lines articles and RSS/Atom feeds."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterator

from .published import normalize_date

_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                         "blockquote", "pre", "table", "tr", "section", "article", "header",
                         "footer", "figure", "figcaption", "dd", "dt", "hr"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head"})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n\s*\n\s*")


@dataclass
class Article:
    """What a format reader found: the text and its metadata, before becoming a Document."""
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    where: str | None = None     # "path:line" for JSON Lines, the entry link for feeds


class FormatError(ValueError):
    """A record of a multi-record file cannot be read; carries where."""

    def __init__(self, where: str, reason: str):
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


def tidy(text: str) -> str:
    """Normalise spaces inside lines and collapse runs of blank lines to one."""
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


MAX_DEPTH = 100     # levels of nested elements kept; deeper wrappers are dropped
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr", "!doctype"})


def flatten(html: str, max_depth: int = MAX_DEPTH) -> str:
    """``html`` without the tags nested deeper than ``max_depth`` (their text is kept).

    Parsers give up on (or recurse through) pages wrapped in thousands of elements; the
    article inside such wrappers reads the same without them.
    """
    out: list[str] = []
    depth, pos = 0, 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _VOID or m.group(3):
            continue
        drop = depth >= max_depth if not m.group(1) else depth > max_depth
        depth = depth + 1 if not m.group(1) else max(depth - 1, 0)
        if drop:
            out.append(html[pos:m.start()])
            pos = m.end()
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)


def html_fragment_to_text(html: str) -> str:
    """Text of an HTML fragment (a feed summary, a JSON field), blocks as paragraphs."""
    if "<" not in html:
        return tidy(_unescape(html))
    import lxml.html
    from lxml import etree
    html = flatten(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return tidy(_unescape(re.sub(r"<[^>]+>", " ", html)))
    out: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS:
            if el.tail:
                out.append(el.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            out.append("\n\n")
        if tag == "br":
            out.append("\n")
        if el.text and tag:
            out.append(el.text)
        for child in el:
            walk(child)
        if block:
            out.append("\n\n")
        if el.tail:
            out.append(el.tail)

    walk(root)
    # A single line break inside a paragraph is a visual break, a blank line a new paragraph.
    return tidy("".join(out))


def _unescape(s: str) -> str:
    import html as _html
    return _html.unescape(s)


def read_html(data: str, url: str | None = None) -> Article:
    """Main text and metadata (title, date, outlet, language) of a web page."""
    import trafilatura
    data = flatten(data)
    ex = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                     include_tables=False)
    text = getattr(ex, "text", None) if ex is not None else None
    if not text:
        raise ValueError("no article text found in the HTML page; is it an article page?")
    lines = [ln.strip() for ln in text.split("\n")]
    title = (ex.title or "").strip() or None
    # The headline is metadata; as a first line it would glue onto the first sentence.
    if title and lines and lines[0].strip() == title:
        lines = lines[1:]
    m = _HTML_LANG.search(data[:5000])
    language = (ex.language or (m.group(1) if m else None) or "").lower()[:2] or None
    return Article(text="\n\n".join(ln for ln in lines if ln), title=title,
                   url=ex.url or url, source=ex.sitename or None,
                   published=normalize_date(ex.date), language=language)


_TEXT_KEYS = ("text", "content", "body")
_HTML_KEYS = ("html", "raw_html")
_DATE_KEYS = ("published", "date", "published_at", "pubdate", "datetime")
_SOURCE_KEYS = ("source", "outlet", "sitename", "publisher")


def article_from_record(rec: Any, where: str) -> Article:
    """An Article from one JSON object holding ``text`` or ``html`` and optional metadata."""
    if not isinstance(rec, dict):
        raise FormatError(where, f"expected a JSON object, got {type(rec).__name__}")
    url = _str(rec.get("url") or rec.get("link"))
    text = next((rec[k] for k in _TEXT_KEYS if isinstance(rec.get(k), str) and rec[k].strip()), None)
    art: Article
    if text is not None:
        # A text field holding markup is converted, not kept with its tags.
        body = html_fragment_to_text(text) if re.search(r"</?(p|div|br|span|a)\b", text) else tidy(text)
        art = Article(text=body)
    else:
        html = next((rec[k] for k in _HTML_KEYS if isinstance(rec.get(k), str) and rec[k].strip()), None)
        if html is None:
            raise FormatError(where, "no 'text' or 'html' field with content")
        try:
            art = read_html(html, url=url)
        except ValueError as exc:
            raise FormatError(where, str(exc)) from None
    if not art.text.strip():
        raise FormatError(where, "the article text is empty")
    art.url = url or art.url
    art.title = _str(rec.get("title")) or art.title
    art.source = next((_str(rec[k]) for k in _SOURCE_KEYS if _str(rec.get(k))), None) or art.source
    raw_date = next((rec[k] for k in _DATE_KEYS if rec.get(k)), None)
    if raw_date is not None:
        art.published = normalize_date(raw_date)
    art.language = (_str(rec.get("language") or rec.get("lang")) or art.language or "")[:2].lower() or None
    art.where = where
    return art


def _str(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, dict):  # {"name": "Outlet"} style fields
        v = v.get("name") or v.get("title")
        if v is None:
            return None
    return str(v).strip() or None


def read_jsonl(data: str, path: str) -> Iterator[Article | FormatError]:
    """One Article per non-empty line; a line that cannot be read is a FormatError."""
    for n, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield FormatError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield FormatError(where, TOO_DEEP)
            continue
        yield _article(rec, where)


def read_json(data: str, path: str) -> Iterator[Article | FormatError]:
    """A JSON file holding one article object or a list of them."""
    try:
        obj = json.loads(data)
    except json.JSONDecodeError as exc:
        yield FormatError(f"{path}:{exc.lineno}", f"malformed JSON ({exc.msg})")
        return
    except RecursionError:
        yield FormatError(path, TOO_DEEP)
        return
    records = obj if isinstance(obj, list) else [obj]
    for i, rec in enumerate(records, start=1):
        yield _article(rec, f"{path}[{i}]" if isinstance(obj, list) else path)


TOO_DEEP = "nested too deeply to read (thousands of levels of brackets or tags)"


def _article(rec: Any, where: str) -> Article | FormatError:
    """The record's Article, or the FormatError saying why it has none."""
    try:
        return article_from_record(rec, where)
    except FormatError as exc:
        return exc
    except RecursionError:
        return FormatError(where, TOO_DEEP)


def read_feed(data: bytes | str, path: str) -> Iterator[Article | FormatError]:
    """One Article per RSS/Atom entry: title, link, date, feed title as outlet, text."""
    import feedparser
    head = data[:1 << 16]
    if (b"<!ENTITY" if isinstance(head, bytes) else "<!ENTITY") in head:
        yield FormatError(path, "the feed declares XML entities (<!ENTITY ...>), which are not "
                                "expanded (they can multiply a small file a billion times); "
                                "RSS and Atom feeds do not need them")
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = "no entries found in the feed"
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            reason = f"not a readable RSS/Atom feed ({parsed.bozo_exception})"
        yield FormatError(path, reason)
        return
    feed_title = _str(parsed.feed.get("title"))
    feed_lang = _str(parsed.feed.get("language"))
    for i, e in enumerate(parsed.entries, start=1):
        where = f"{path}[{i}]"
        html = ""
        if e.get("content"):
            html = max((c.get("value", "") for c in e.content), key=len)
        html = html or e.get("summary", "") or e.get("description", "")
        text = html_fragment_to_text(html) if html else ""
        if not text:
            yield FormatError(where, "the feed entry has no text")
            continue
        date = None
        for key in ("published_parsed", "updated_parsed", "created_parsed"):
            if e.get(key):
                date = normalize_date(e[key])
                break
        if date is None:
            date = normalize_date(e.get("published") or e.get("updated"))
        title = e.get("title")
        yield Article(text=text, title=html_fragment_to_text(title) if title else None,
                      url=_str(e.get("link")), source=feed_title, published=date,
                      language=(feed_lang or "")[:2].lower() or None, where=where)
