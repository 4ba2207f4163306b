"""The web app's access to the store: one read connection per worker thread, the merged
situation cached until the store changes, and paged, filtered layer rows."""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from ..situation import Situation
from ..store import SQLiteStore
from ..store import schema as S
from ..store.base import decode_row

MAX_CACHED = 8          # situations kept (the whole store, stories, date ranges)

# The columns each layer may be filtered on through the API, and the filter's name.
LAYER_FILTERS: dict[str, dict[str, str]] = {
    "events": {"doc_id": "doc_id", "type": "type", "status": "status", "mode": "mode"},
    "quotes": {"doc_id": "doc_id", "speaker": "speaker_name", "kind": "kind"},
    "figures": {"doc_id": "doc_id", "category": "category", "claimed_by": "claimed_by_name"},
    "places": {"doc_id": "doc_id", "country": "country", "feature": "feature"},
    "dates": {"doc_id": "doc_id", "granularity": "granularity"},
    "actors": {"doc_id": "doc_id", "kind": "kind", "country": "country"},
}


class Data:
    """What the routes read: thread-local store connections and the cached situation."""

    def __init__(self, db: str | Path):
        self.db = str(db)
        if not Path(self.db).exists():
            raise FileNotFoundError(self.db)
        SQLiteStore(self.db, create=False).open().close()   # a usable sitroom store, or say why
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, Situation] = OrderedDict()
        self._building: dict[tuple, threading.Lock] = {}
        self._latest: dict[str | None, Situation] = {}   # story id -> the newest built
        self.write_lock = threading.Lock()

    @property
    def store(self) -> SQLiteStore:
        """This thread's open connection (SQLite connections stay in their thread)."""
        st = getattr(self._local, "store", None)
        if st is None:
            st = SQLiteStore(self.db, create=False).open()
            self._local.store = st
        return st

    def version(self) -> tuple[int, int, int]:
        """Changes whenever documents, copies or failures are added."""
        row = self.store.conn.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT coalesce(max(id), 0) FROM copies),"
            " (SELECT coalesce(max(id), 0) FROM failures)").fetchone()
        return tuple(row)

    def situation(self, story: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, *, wait: bool = False) -> Situation:
        """The merged situation, as ``sitroom timeline`` builds it for the same options.

        A story (its id or a word of its label) is resolved first, so only real stories
        are built and cached; a date range is cut from the built situation, as the build
        itself does. An unknown story raises SitroomError."""
        full = self._built(None, wait)
        if story:
            from ..situation.assemble import _pick_story
            sit = self._built(_pick_story(full.stories, story).id, wait)
        else:
            sit = full
        if date_from or date_to:
            sit = within(sit, date_from, date_to)
        return sit

    def _built(self, story: str | None, wait: bool) -> Situation:
        """The situation of the whole store or of one story id, cached per store state.

        While another thread rebuilds it after a change, readers get the previous one at
        once instead of waiting (the writer rebuilds it before its request answers, so a
        client that posted documents sees them next); ``wait`` waits for the new one."""
        from ..situation import build
        key = (self.version(), story)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            building = self._building.setdefault(key, threading.Lock())
            stale = self._latest.get(story)
        if not wait and stale is not None and building.locked():
            return stale
        with building:          # one build per key; the others wait for it or take the old one
            with self._lock:
                if key in self._cache:
                    return self._cache[key]
            try:
                sit = build(self.store, story=story)
            finally:
                with self._lock:
                    self._building.pop(key, None)
            with self._lock:
                self._cache[key] = sit
                self._latest[story] = sit
                while len(self._cache) > MAX_CACHED:
                    self._cache.popitem(last=False)
                while len(self._latest) > MAX_CACHED:
                    self._latest.pop(next(iter(self._latest)))
        return sit

    # -- layer rows, filtered and paged in SQL -----------------------------------------
    def layer_page(self, layer: str, filters: dict[str, Any], offset: int, limit: int
                   ) -> tuple[int, list[dict[str, Any]]]:
        """(total, rows) of one layer with equality filters (API names, see LAYER_FILTERS)."""
        cols = LAYER_FILTERS[layer]
        where, args = [], []
        for name, value in filters.items():
            if value is None:
                continue
            where.append(f'"{cols[name]}" = ?')
            args.append(value)
        inner = S.row_query(layer, False)
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        conn = self.store.conn
        total = conn.execute(f"SELECT count(*) FROM ({inner}){cond}", args).fetchone()[0]
        cur = conn.execute(f"SELECT * FROM ({inner}){cond} LIMIT ? OFFSET ?", args + [limit, offset])
        names = [c[0] for c in cur.description]
        return total, [decode_row(dict(zip(names, r))) for r in cur]

    def document_page(self, filters: dict[str, Any], offset: int, limit: int
                      ) -> tuple[int, list[dict[str, Any]]]:
        """(total, rows) of document metadata; filters: source, date_from, date_to, ids."""
        where, args = [], []
        if filters.get("source"):
            where.append("source = ?")
            args.append(filters["source"])
        if filters.get("date_from"):
            where.append("substr(published, 1, 10) >= ?")
            args.append(filters["date_from"])
        if filters.get("date_to"):
            where.append("substr(published, 1, 10) <= ?")
            args.append(filters["date_to"])
        if filters.get("q"):
            where.append("instr(lower(coalesce(title, '')), ?) > 0")
            args.append(filters["q"].lower())
        ids = filters.get("ids")
        if ids is not None:
            where.append(f"id IN ({', '.join('?' for _ in ids) or 'NULL'})")
            args.extend(ids)
        cond = ("WHERE " + " AND ".join(where)) if where else ""
        inner = S.SELECT_DOCUMENT_META.format(where=cond)
        conn = self.store.conn
        total = conn.execute(f"SELECT count(*) FROM ({inner})", args).fetchone()[0]
        cur = conn.execute(f"{inner} LIMIT ? OFFSET ?", args + [limit, offset])
        names = [c[0] for c in cur.description]
        return total, [dict(zip(names, r)) for r in cur]

    def search(self, query: str, offset: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
        """One page of full-text hits and whether there are more."""
        rows = self.store.search(query, limit=offset + limit + 1)
        return rows[offset:offset + limit], len(rows) > offset + limit

    def close(self) -> None:
        st = getattr(self._local, "store", None)
        if st is not None:
            st.close()
            self._local.store = None


def within(sit: Situation, date_from: str | None, date_to: str | None) -> Situation:
    """The situation with only the happenings and figure points dated within the range
    (undated happenings by their first report), as the build does for ``--from``/``--to``."""
    import dataclasses

    from ..situation.assemble import _cut, _day, _in_range
    from ..situation.network import build_edges
    lo, hi = _day(date_from), _day(date_to)
    events = [e for e in sit.events if _in_range(e.date or e.first_reported, lo, hi)]
    series = [s2 for s2 in (_cut(s, lo, hi) for s in sit.series) if s2.points]
    return dataclasses.replace(sit, events=events, series=series, edges=build_edges(events))


_WORD = re.compile(r"\w+", re.UNICODE)


def hit_segments(text: str, query: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_a_query_word) for marking search hits."""
    words = {w.lower() for w in _WORD.findall(query) if w.upper() not in ("AND", "OR", "NOT")}
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _WORD.finditer(text):
        if m.group(0).lower() in words:
            if m.start() > pos:
                out.append((text[pos:m.start()], False))
            out.append((m.group(0), True))
            pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


