"""``POST /api/documents``: a client sends text, HTML or JSON Lines; the documents are
processed and stored at once, behind the write token."""
from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from ..errors import InputError, SitroomError
from ..ingest.reader import Failure, decode, read_text
from ..records import Document
from .worker import store_items

router = APIRouter(prefix="/api", tags=["ingest"])

FORMATS = {"text/plain": "text", "text/html": "html", "application/xhtml+xml": "html",
           "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
           "application/x-jsonlines": "jsonl", "application/json": "json"}
WHERE = "api"         # the path recorded for documents sent through the API

_BODY = {"description": "The article(s): plain text, an HTML page, JSON Lines (one article "
                        "object per line: text or html, title, url, source, published) or a "
                        "JSON object / list of them.",
         "required": True,
         "content": {t: {"schema": {"type": "string"}} for t in
                     ("text/plain", "text/html", "application/x-ndjson")}
         | {"application/json": {"schema": {"type": "object"}}}}


def check_token(request: Request) -> None:
    """401/403 unless the request carries the write token (compared in constant time)."""
    token: str | None = request.app.state.write_token
    if not token:
        raise HTTPException(403, "this server is read-only; start it with --write-token "
                                 "(or SITROOM_WRITE_TOKEN) to accept documents")
    auth = request.headers.get("authorization", "")
    given = auth[7:] if auth[:7].lower() == "bearer " else request.headers.get("x-sitroom-token", "")
    if not hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8")):
        raise HTTPException(401, "missing or wrong write token; send it as "
                                 "'Authorization: Bearer TOKEN'",
                            headers={"WWW-Authenticate": "Bearer"})


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is larger than the limit of {limit:,} bytes; "
                                 "send fewer articles per request")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the body is larger than the limit of {limit:,} bytes; "
                                     "send fewer articles per request")
        chunks.append(chunk)
    return b"".join(chunks)


def media_format(content_type: str) -> str:
    base = content_type.split(";")[0].strip().lower()
    if base not in FORMATS:
        raise HTTPException(415, f"content type {base or '(none)'!r} is not accepted; send "
                                 "text/plain, text/html, application/x-ndjson (JSON Lines) "
                                 "or application/json")
    return FORMATS[base]


def _meta(doc: Document, meta: dict[str, str | None]) -> Document:
    for k, v in meta.items():
        if v:
            setattr(doc, k, v)
    if meta.get("published"):
        doc.published_source = "metadata"
    return doc


def ingest_items(app, items: list[Document | Failure]) -> dict[str, Any]:
    """Process and store the read items; one result per item, in order."""
    data = app.state.data
    with data.write_lock:
        if app.state.pipeline is not None:      # a pipeline given to the app: run it here
            res, copy_of = store_items(data.db, items, app.state.pipeline)
        else:
            res, copy_of = app.state.worker.run(data.db, items)
    if res.stored or res.copies:
        data.situation(wait=True)      # the pages show the new reports once this answers
    stored = set(res.ids)
    failed = {}
    for where, reason in res.failed:
        failed.setdefault(where, reason)
    out = []
    for i, it in enumerate(items, start=1):
        if isinstance(it, Failure):
            out.append({"item": i, "status": "failed", "where": it.path, "reason": it.reason})
            continue
        where = it.path or it.url or it.id
        if it.id in stored:
            out.append({"item": i, "status": "stored", "id": it.id, "title": it.title})
        elif where in failed:
            out.append({"item": i, "status": "failed", "id": it.id, "where": where,
                        "reason": failed[where]})
        elif it.id in copy_of:
            out.append({"item": i, "status": "copy", "id": it.id, "title": it.title,
                        "copy_of": copy_of[it.id],
                        "reason": "the same text as a stored document: recorded as its copy"})
        else:
            out.append({"item": i, "status": "unchanged", "id": it.id, "title": it.title,
                        "reason": "already stored"})
    return {"read": res.read, "stored": res.stored, "unchanged": res.unchanged,
            "failed": len(res.failed), "copies": res.copies, "ids": res.ids, "items": out}


@router.post("/documents", summary="Ingest articles (text, HTML, JSON Lines); needs the write "
             "token", openapi_extra={"requestBody": _BODY}, status_code=200)
async def post_documents(request: Request,
                         title: Annotated[str | None, Query(max_length=1000)] = None,
                         source: Annotated[str | None, Query(max_length=300)] = None,
                         url: Annotated[str | None, Query(max_length=2000)] = None,
                         published: Annotated[str | None, Query(max_length=40)] = None) -> dict:
    """Answers with the stored documents' ids and, per item, stored / unchanged / failed
    with the reason. ``title``, ``source``, ``url`` and ``published`` set the metadata of a
    text or HTML body."""
    check_token(request)
    fmt = media_format(request.headers.get("content-type", ""))
    body = await read_body(request, request.app.state.max_body)
    if not body.strip():
        raise HTTPException(400, "the body is empty; send the article text")
    try:
        text = decode(body, WHERE)
    except InputError as exc:
        raise HTTPException(400, exc.reason) from exc
    from ..ingest import normalize_date
    meta = {"title": title, "source": source, "url": url,
            "published": normalize_date(published) if published else None}
    if published and not meta["published"]:
        raise HTTPException(422, f"published: {published!r} is not a date; give YYYY-MM-DD")
    try:
        items = [_meta(x, meta) if isinstance(x, Document) and fmt in ("text", "html") else x
                 for x in read_text(text, WHERE, fmt)]
    except SitroomError as exc:
        raise HTTPException(400, str(exc)) from exc
    if not items:
        raise HTTPException(400, "no article found in the body")
    if len(items) > request.app.state.max_items:
        raise HTTPException(413, f"{len(items)} articles in one request; send at most "
                                 f"{request.app.state.max_items}")
    return await run_in_threadpool(ingest_items, request.app, items)
