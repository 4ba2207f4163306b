"""The situation room in a browser: the FastAPI app over one sitroom store."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import SitroomError, StoreLocked
from ..report.render import num, signed
from ..report.svg import score_colour
from .data import Data
from .worker import IngestWorker, WorkerStopped

HERE = Path(__file__).parent
MAX_BODY = 5_000_000        # bytes accepted by POST /api/documents
MAX_ITEMS = 500             # articles accepted in one request
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def url_with(request: Request, path: str | None = None, **changes: Any) -> str:
    """This page's URL (or ``path``) with query parameters changed (None removes one)."""
    params = dict(request.query_params) if path is None else {}
    for k, v in changes.items():
        if v is None or v == "":
            params.pop(k, None)
        else:
            params[k] = str(v)
    query = urlencode(params)
    return (path or request.url.path) + (f"?{query}" if query else "")


def web_url(url: str | None) -> str | None:
    """The URL when it is an http(s) address, else None (no javascript: or data: links)."""
    if not url:
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) else None


def _templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(HERE / "templates"))
    t.env.filters.update(num=num, signed=signed, colour=score_colour, web_url=web_url,
                         svg=lambda s: Markup(s) if s else "")
    t.env.globals.update(url_with=url_with, version=__version__, zip=zip)
    return t


def create_app(db: str | Path, *, write_token: str | None = None, pipeline=None,
               max_body: int = MAX_BODY, max_items: int = MAX_ITEMS) -> FastAPI:
    """The app over the store at ``db`` (which must exist). Without ``write_token`` it is
    read-only. Posted documents are processed by ``pipeline`` in the server when one is
    given, else by the default pipeline in a worker process (started on first use)."""
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.worker.close()
        app.state.data.close()

    app = FastAPI(title="sitroom", lifespan=lifespan, version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="The situation reconstructed from news reports: merged "
                              "happenings, quotes, figures, actors, places, stories, each "
                              "with the document and character span it comes from.")
    app.state.data = Data(db)
    app.state.write_token = write_token or None
    app.state.max_body = max_body
    app.state.max_items = max_items
    app.state.templates = _templates()
    app.state.pipeline = pipeline
    app.state.worker = IngestWorker()

    def error(request: Request, status: int, message: str, headers=None):
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=status, headers=headers)
        html = app.state.templates.get_template("error.html").render(
            request=request, status=status, message=message, nav=None)
        return HTMLResponse(html, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError):
        return error(request, 422, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException):
        msg = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"no page at {request.url.path[:200]}"
        return error(request, exc.status_code, msg, getattr(exc, "headers", None))

    @app.exception_handler(SitroomError)
    async def on_sitroom(request: Request, exc: SitroomError):
        status = 503 if isinstance(exc, (StoreLocked, WorkerStopped)) else 400
        return error(request, status, str(exc))

    from .api_routes import router as api_router
    from .ingest_routes import router as ingest_router
    from .page_routes import router as page_router
    app.include_router(api_router)
    app.include_router(ingest_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(SecurityHeaders)
    return app


class SecurityHeaders:
    """Adds the Content-Security-Policy and its companions to every response (plain ASGI
    middleware: no per-request task switching)."""

    def __init__(self, app):
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.headers if k not in have]
            await send(message)
        await self.app(scope, receive, send_with_headers)


def app_from_env() -> FastAPI:
    """The app for ``uvicorn sitroom.web.app:app_from_env --factory``: SITROOM_DB, and
    SITROOM_WRITE_TOKEN to accept documents."""
    return create_app(os.environ.get("SITROOM_DB", "sitroom.db"),
                      write_token=os.environ.get("SITROOM_WRITE_TOKEN"))
