"""Read and validate sitroom-gold/1 annotation files and the articles they annotate."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from ..records import ACTOR_KINDS, EVENT_STATUSES, EVENT_TYPES, FIGURE_CATEGORIES, QUALIFIERS

FORMAT = "sitroom-gold/1"
SUFFIX = ".gold.json"
GOLD_LAYERS = ("boilerplate", "actors", "events", "quotes", "figures", "places", "dates")
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class GoldDoc:
    """A validated gold file with the text of its article."""
    path: Path
    gold: dict
    text: str

    @property
    def name(self) -> str:
        return self.path.name[: -len(SUFFIX)] if self.path.name.endswith(SUFFIX) else self.path.stem

    def layers(self) -> list[str]:
        """The layers this file annotates (present, even when empty)."""
        out = []
        for layer in GOLD_LAYERS:
            if layer == "boilerplate":
                if "boilerplate" in self.gold or "keep" in self.gold:
                    out.append(layer)
            elif layer in self.gold:
                out.append(layer)
        return out


class _Checker:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, reason: str) -> GoldFormatError:
        return GoldFormatError(f"{self.path}: {where}: {reason}")

    def str_(self, obj: dict, key: str, where: str, *, required: bool = False,
             choices: tuple[str, ...] | None = None, iso: bool = False) -> None:
        v = obj.get(key)
        if v is None:
            if required:
                raise self.fail(f"{where}.{key}", "is required")
            return
        if not isinstance(v, str) or (required and not v.strip()):
            raise self.fail(f"{where}.{key}", f"must be a non-empty string, not {v!r}")
        if choices and v not in choices:
            raise self.fail(f"{where}.{key}", f"{v!r} is not one of {', '.join(choices)}")
        if iso and not _ISO.match(v):
            raise self.fail(f"{where}.{key}", f"{v!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")

    def names(self, obj: dict, key: str, where: str, *, required: bool, nullable: bool = False,
              allow_empty: bool = True) -> None:
        v = obj.get(key)
        if v is None:
            if required and not nullable:
                raise self.fail(f"{where}.{key}", "is required (a list of names)")
            return
        if not isinstance(v, list) or not all(isinstance(n, str) and n.strip() for n in v):
            raise self.fail(f"{where}.{key}", f"must be a list of non-empty strings, not {v!r}")
        if not v and not allow_empty:
            raise self.fail(f"{where}.{key}", "must name at least one surface form")

    def number(self, obj: dict, key: str, where: str) -> None:
        v = obj.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise self.fail(f"{where}.{key}", f"must be a number or null, not {v!r}")

    def items(self, gold: dict, layer: str) -> list[dict]:
        items = gold[layer]
        if not isinstance(items, list):
            raise self.fail(layer, f"must be a list, not {type(items).__name__}")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.fail(f"{layer}[{i}]", f"must be an object, not {item!r}")
        return items


def validate(gold: Any, path: str | Path = "<gold>") -> dict:
    """Check a parsed gold object; raise :class:`GoldFormatError` naming the file and field."""
    c = _Checker(Path(path))
    if not isinstance(gold, dict):
        raise c.fail("<root>", "must be a JSON object")
    if gold.get("format") != FORMAT:
        raise c.fail("format", f"must be {FORMAT!r}, not {gold.get('format')!r}")
    c.str_(gold, "document", "<root>", required=True)
    c.str_(gold, "published", "<root>", iso=True)
    c.str_(gold, "language", "<root>")
    for key in ("boilerplate", "keep"):
        if key in gold:
            v = gold[key]
            if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
                raise c.fail(key, "must be a list of non-empty strings")
    if "actors" in gold:
        for i, a in enumerate(c.items(gold, "actors")):
            w = f"actors[{i}]"
            c.names(a, "names", w, required=True, allow_empty=False)
            c.str_(a, "kind", w, required=True, choices=ACTOR_KINDS)
            for k in ("country", "sector", "role"):
                c.str_(a, k, w)
    if "events" in gold:
        for i, e in enumerate(c.items(gold, "events")):
            w = f"events[{i}]"
            c.str_(e, "type", w, required=True, choices=EVENT_TYPES)
            c.names(e, "source", w, required=True, nullable=True)
            c.names(e, "target", w, required=False, nullable=True)
            c.str_(e, "date", w, iso=True)
            c.str_(e, "status", w, choices=EVENT_STATUSES)
            for k in ("mode", "place", "evidence"):
                c.str_(e, k, w)
    if "quotes" in gold:
        for i, q in enumerate(c.items(gold, "quotes")):
            w = f"quotes[{i}]"
            c.names(q, "speaker", w, required=True, nullable=True)
            c.str_(q, "text", w, required=True)
            c.str_(q, "kind", w, choices=("direct", "indirect", "post"))
            c.str_(q, "date", w, iso=True)
    if "figures" in gold:
        for i, f in enumerate(c.items(gold, "figures")):
            w = f"figures[{i}]"
            c.str_(f, "category", w, required=True, choices=FIGURE_CATEGORIES)
            for k in ("value", "low", "high"):
                c.number(f, k, w)
            c.str_(f, "qualifier", w, choices=QUALIFIERS)
            c.names(f, "claimed_by", w, required=False, nullable=True)
            c.str_(f, "date", w, iso=True)
            for k in ("subject", "place", "evidence"):
                c.str_(f, k, w)
    if "places" in gold:
        for i, p in enumerate(c.items(gold, "places")):
            w = f"places[{i}]"
            c.names(p, "names", w, required=True, allow_empty=False)
            c.str_(p, "country", w)
            c.number(p, "lat", w)
            c.number(p, "lon", w)
    if "dates" in gold:
        for i, d in enumerate(c.items(gold, "dates")):
            w = f"dates[{i}]"
            c.str_(d, "text", w, required=True)
            c.str_(d, "value", w, required=True, iso=True)
    return gold


def load_gold(path: str | Path) -> GoldDoc:
    """Read one ``NAME.gold.json`` and the article text it names (relative to the file)."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{p}: cannot be read: {exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise GoldFormatError(f"{p}: <json>: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    gold = validate(data, p)
    txt = p.parent / gold["document"]
    try:
        text = txt.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise GoldFormatError(f"{p}: document: the article {txt} does not exist; "
                              "put the text next to the gold file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{p}: document: cannot read {txt}: {exc}") from exc
    return GoldDoc(p, gold, text)


def gold_files(path: str | Path) -> list[Path]:
    """The gold files at ``path`` (a file, or a folder searched non-recursively), sorted."""
    p = Path(path)
    if p.is_file():
        return [p]
    return sorted(f for f in p.iterdir() if f.name.endswith(SUFFIX))


def read_gold_folder(path: str | Path, limit: int | None = None) -> list[GoldDoc]:
    """Load every gold file at ``path`` (the first ``limit`` in name order)."""
    files = gold_files(path)
    if not files:
        raise GoldFormatError(f"{path}: no *{SUFFIX} files found")
    if limit is not None:
        files = files[:limit]
    return [load_gold(f) for f in files]
