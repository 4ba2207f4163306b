"""``sitroom serve``: the web app over a store."""
from __future__ import annotations

import os
from pathlib import Path

import click

from ..api import DEFAULT_DB

DEMO_DB = "demo.db"


def default_db() -> str:
    """sitroom.db when it exists, else the demo database when `make demo` made one."""
    if not Path(DEFAULT_DB).exists() and Path(DEMO_DB).exists():
        return DEMO_DB
    return DEFAULT_DB


@click.command("serve", short_help="The situation room in a browser, and a JSON API.")
@click.option("--db", "db", default=None, metavar="FILE", type=click.Path(dir_okay=False),
              help=f"SQLite database file [default: {DEFAULT_DB}, or {DEMO_DB} when only "
                   "it exists].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@click.option("--write-token", envvar="SITROOM_WRITE_TOKEN", metavar="TOKEN", default=None,
              help="Accept POST /api/documents from clients sending this token "
                   "(also SITROOM_WRITE_TOKEN); read-only without it.")
def serve_command(db: str | None, host: str, port: int, write_token: str | None) -> None:
    """Serve the pages (situation, timeline, actors, documents, map, network, search) and
    the JSON API under /api/ (OpenAPI at /api/openapi.json)."""
    try:
        import uvicorn

        from .app import create_app
    except ImportError as exc:
        raise click.ClickException(f"the web app needs its extra packages ({exc.name} is "
                                   "missing): pip install 'sitroom[web]'") from exc
    db = db or default_db()
    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}; run `make demo` or `sitroom ingest "
                                   f"PATH... --db {db}` first, or pass --db")
    if write_token is not None and len(write_token) < 12:
        raise click.ClickException("--write-token is too short; use at least 12 characters")
    app = create_app(db, write_token=write_token)
    mode = "accepting documents with the write token" if write_token else "read-only"
    click.echo(f"sitroom: serving {db} on http://{host}:{port}/ ({mode}); Ctrl-C stops",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("SITROOM_LOG", "warning"))
