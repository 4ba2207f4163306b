"""Load on the web app: concurrent API clients on the loopback while documents are ingested.

Starts ``sitroom serve``'s app (uvicorn, its own process) on a copy of the demo database,
then runs ``--clients`` concurrent clients for ``--seconds`` against the JSON API (a fixed
mix of pages' data: happenings, documents, search, actors, network, ...), while one
writer keeps posting new articles to ``POST /api/documents``. Prints requests per
second, p50/p95/p99 latency, errors, and the reads' p95 while a write was in flight and
while none was (the writer pauses ``--pause`` seconds between posts) (SQLite in WAL mode: readers are not blocked by the writer).

    .venv/bin/python bench/serve.py [--clients 50] [--seconds 30] [--pause 1] [--db FILE]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

TOKEN = "bench-write-token-0123456789"
READS = ["/api/happenings?per_page=20", "/api/happenings?type=SANCTION", "/api/counts",
         "/api/documents?per_page=20", "/api/search?q=border", "/api/search?q=migrants",
         "/api/actors?per_page=20", "/api/network?per_page=20", "/api/quotes?per_page=20",
         "/api/figures?category=dead", "/api/series", "/api/places", "/api/stories",
         "/api/events?type=COERCE", "/api/happenings/E1"]
PAGES = ["/", "/timeline", "/timeline?type=COERCE", "/actors", "/actors/A1", "/documents",
         "/map", "/network", "/search?q=border", "/happenings/E1"]
REQUEST_TIMEOUT = 20.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def new_articles(seed: int, n: int) -> list[dict]:
    """Articles assembled from the demo corpus's sentences in a new order: new texts (not
    copies of stored ones) that the pipeline must process in full."""
    from sitroom.demo import demo_paths
    sentences = []
    for p in demo_paths():
        body = p.read_text(encoding="utf-8").split("\n\n", 1)[-1]
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) > 6]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        picked = rng.sample(sentences, 8)
        out.append({"title": f"Border digest {seed}-{i}", "source": f"Bench Wire {i % 5}",
                    "published": f"2021-12-{1 + i % 28:02d}",
                    "text": "\n\n".join(" ".join(picked[j:j + 2]) for j in range(0, 8, 2))})
    return out


class Conn:
    """One keep-alive HTTP/1.1 connection for GET requests: a minimal client, so that the
    load generator spends little CPU of its own and the numbers are the server's."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(ln.split(":", 1) for ln in lines[1:] if ":" in ln)
        length = int({k.lower(): v for k, v in headers.items()}.get("content-length", "0"))
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def reader(host: str, port: int, stop: float, out: list, writing: list[int]) -> None:
    conn = Conn(host, port)
    i = random.randrange(len(READS))
    try:
        while time.perf_counter() < stop:
            url = READS[i % len(READS)]
            i += 1
            during = writing[0] > 0
            t0 = time.perf_counter()
            try:
                ok = await asyncio.wait_for(conn.get(url), REQUEST_TIMEOUT) == 200
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError):
                ok = False
                conn.close()
            out.append((time.perf_counter() - t0, ok, during or writing[0] > 0))
    finally:
        conn.close()


async def writer(client: httpx.AsyncClient, stop: float, out: list, writing: list[int],
                 pause: float) -> None:
    batch = 0
    while time.perf_counter() < stop:
        await asyncio.sleep(pause)
        batch += 1
        body = "\n".join(json.dumps(a) for a in new_articles(batch, 3))
        writing[0] += 1
        t0 = time.perf_counter()
        try:
            r = await client.post("/api/documents", content=body, timeout=120,
                                  headers={"content-type": "application/x-ndjson",
                                           "authorization": f"Bearer {TOKEN}"})
            stored = r.json().get("stored", 0) if r.status_code == 200 else -1
        except httpx.HTTPError:
            stored = -1
        finally:
            writing[0] -= 1
        out.append((time.perf_counter() - t0, stored))


async def run(base: str, clients: int, seconds: float, ingest: bool = True,
              pause: float = 1.0) -> tuple[list, list, float]:
    reads: list = []
    writes: list = []
    writing = [0]
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT) as c:
        # Warm up: the server's pipeline loads on the first post, the situation on the first read.
        await c.post("/api/documents", content=json.dumps(new_articles(0, 1)[0]), timeout=300,
                     headers={"content-type": "application/json",
                              "authorization": f"Bearer {TOKEN}"})
        for url in READS:
            await c.get(url)
        t0 = time.perf_counter()
        stop = t0 + seconds
        url = httpx.URL(base)
        tasks = [reader(url.host, url.port, stop, reads, writing) for _ in range(clients)]
        if ingest:
            tasks.append(writer(c, stop, writes, writing, pause))
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 180)
        return reads, writes, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--pause", type=float, default=1.0,
                    help="seconds the writer waits between posts (default 1)")
    ap.add_argument("--pages", action="store_true",
                    help="the HTML pages too, not only the JSON API")
    ap.add_argument("--no-ingest", action="store_true", help="reads only, for comparison")
    ap.add_argument("--db", help="a sitroom database to copy (default: a fresh demo database)")
    args = ap.parse_args()
    if args.pages:
        READS.extend(PAGES)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        if args.db:
            shutil.copy(args.db, db)
        else:
            from sitroom import api
            api.demo(db, html=Path(tmp) / "r.html", md=Path(tmp) / "r.md")
        port = _free_port()
        env = dict(os.environ, SITROOM_DB=str(db), SITROOM_WRITE_TOKEN=TOKEN)
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "sitroom.web.app:app_from_env",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/api/counts", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                raise SystemExit("the server did not start")
            before = httpx.get(base + "/api/counts", timeout=30).json()["store"]["documents"]
            reads, writes, elapsed = asyncio.run(run(base, args.clients, args.seconds,
                                                       not args.no_ingest, args.pause))
            after = httpx.get(base + "/api/counts", timeout=30).json()["store"]["documents"]
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()

    lat = [t for t, _, _ in reads]
    errors = sum(1 for _, ok, _ in reads if not ok)
    busy = [t for t, _, d in reads if d]
    idle = [t for t, _, d in reads if not d]
    w_err = sum(1 for _, s in writes if s < 0)
    print(f"clients: {args.clients}, duration: {elapsed:.1f} s, loopback, one server process (posts processed in its ingest worker)")
    print(f"reads: {len(reads)} requests, {len(reads) / elapsed:.1f} requests/s, "
          f"p50 {_pct(lat, .5) * 1000:.0f} ms, p95 {_pct(lat, .95) * 1000:.0f} ms, "
          f"p99 {_pct(lat, .99) * 1000:.0f} ms, errors {errors}")
    print(f"reads while a write was in flight: {len(busy)}, p95 {_pct(busy, .95) * 1000:.0f} ms; "
          f"with none: {len(idle)}, p95 {_pct(idle, .95) * 1000:.0f} ms")
    print(f"ingest: {len(writes)} posts of 3 articles, {after - before} documents stored during "
          f"the run (+1 warm-up), p50 {_pct([t for t, _ in writes], .5):.1f} s per post, "
          f"errors {w_err}")
    if errors or w_err:
        sys.exit(1)


if __name__ == "__main__":
    main()
