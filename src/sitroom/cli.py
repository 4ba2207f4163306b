"""The ``sitroom`` command: thin verbs over :mod:`sitroom.api`."""
from __future__ import annotations

import contextlib
import functools
import importlib
import sys
from typing import Any, Iterator

import click

from . import __version__, api
from .clierrors import run_guarded
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import MB, Limits
from .store.export import write_rows


# Commands from optional parts of the package, imported only when used (evaluation pulls
# in scipy, which would slow every other command's start).
LAZY_COMMANDS = {"eval": ("sitroom.evaluate.cli", "eval_command"),
                 "gazetteer": ("sitroom.gazetteer_cli", "gazetteer_group"),
                 "serve": ("sitroom.web.cli", "serve_command")}


class Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [n for n in LAZY_COMMANDS if self._lazy(n) is not None]
        return sorted(set(super().list_commands(ctx)) | set(lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self._lazy(name)

    def _lazy(self, name: str) -> click.Command | None:
        if name not in LAZY_COMMANDS:
            return None
        module, attr = LAZY_COMMANDS[name]
        try:  # optional: a copy of sitroom without it still has every other command
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            return None

    def invoke(self, ctx: click.Context) -> Any:
        # Every error becomes one line on stderr and an exit code (see sitroom.clierrors).
        return run_guarded(lambda: super(Group, self).invoke(ctx), ctx)


def db_option(default: str = api.DEFAULT_DB):
    return click.option("--db", "db", default=default, show_default=True, metavar="FILE|URL",
                        help="SQLite database file, or a PostgreSQL URL "
                             "(postgresql://user@host/db, ?schema=NAME for a schema of its own).")


def format_options(func):
    """--json (default) | --csv | --nl, passed on as one ``fmt`` parameter."""
    @functools.wraps(func)
    def wrapper(*args: Any, json_: bool, csv_: bool, nl_: bool, **kwargs: Any) -> Any:
        chosen = [f for f, on in (("json", json_), ("csv", csv_), ("jsonl", nl_)) if on]
        if len(chosen) > 1:
            raise click.UsageError("choose one of --json, --csv, --nl")
        return func(*args, fmt=chosen[0] if chosen else "json", **kwargs)

    for flag, help_ in (("nl", "JSON lines, one row per line."), ("csv", "CSV with a header row."),
                        ("json", "A JSON list (the default).")):
        wrapper = click.option(f"--{flag}", f"{flag}_", is_flag=True, help=help_)(wrapper)
    return wrapper


def _stdout():
    return sys.stdout


@contextlib.contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Any]:
    """A rich progress counter on stderr, only when stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    with Progress(SpinnerColumn(), TextColumn("{task.description}"),
                  TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n: bar.advance(task, n)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitroom")
@click.option("--debug", is_flag=True,
              help="Show tracebacks of unexpected errors (for a bug report).")
def cli(debug: bool) -> None:
    """Reconstruct the situation that news reports describe: events, quotes, figures,
    actors, places and dates, each with its evidence.

    Exit codes: 0 done (every input stored), 1 some inputs failed (each is named on
    stderr), 2 the command could not run (bad option, database unusable)."""


def _report_ingest(res: api.IngestResult) -> None:
    for path, reason in res.failed:
        click.echo(f"{path}: {reason}", err=True)
    for path in res.undated:
        click.echo(f"publication date unknown: {path} — relative dates left unresolved", err=True)
    click.echo(res.summary())


def limit_options(func):
    """--max-bytes, --max-unpacked, --max-chars, --time-budget: passed on as ``limits``."""
    d = DEFAULT_LIMITS

    @functools.wraps(func)
    def wrapper(*args: Any, max_bytes: int, max_unpacked: int, max_chars: int,
                time_budget: float, **kwargs: Any) -> Any:
        limits = Limits(max_bytes=max_bytes * MB, max_unpacked=max_unpacked * MB,
                        max_ratio=d.max_ratio, max_chars=max_chars, time_budget=time_budget)
        return func(*args, limits=limits, **kwargs)

    for opt in (
            click.option("--time-budget", type=click.FloatRange(0, min_open=True),
                         default=d.time_budget, show_default=True, metavar="SECONDS",
                         help="Seconds one document may take; over it, it fails."),
            click.option("--max-chars", type=click.IntRange(1), default=d.max_chars,
                         show_default=True, metavar="N",
                         help="Characters one document may have; a longer one fails."),
            click.option("--max-unpacked", type=click.IntRange(1), default=d.max_unpacked // MB,
                         show_default=True, metavar="MB",
                         help=f"Megabytes a .gz file may unpack to (and at most "
                              f"{d.max_ratio} times its size)."),
            click.option("--max-bytes", type=click.IntRange(1), default=d.max_bytes // MB,
                         show_default=True, metavar="MB",
                         help="Megabytes read from one file; a larger file fails.")):
        wrapper = opt(wrapper)
    return wrapper


@cli.command(short_help="Read, extract and store documents.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option()
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
@click.option("--workers", type=click.IntRange(1), metavar="N",
              help="Worker processes running the pipeline  [default: one per core].")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Run the pipeline on a Dask cluster: a scheduler (tcp://HOST:PORT) or "
                   "'local' (a LocalCluster of --workers processes).")
@limit_options
def ingest(paths: tuple[str, ...], db: str, quiet: bool, workers: int | None,
           dask: str | None, limits: Limits) -> None:
    """Read files, folders or - (stdin), extract everything and store it.

    Only regular files are read. An input that cannot be read or processed (bad
    encoding, broken archive, over a bound below) is named on stderr with the reason and
    recorded; the others are stored. Exit code 1 when any input failed."""
    stdin = sys.stdin if "-" in paths else None
    with _progress(not quiet, "ingesting") as tick:
        res = api.ingest(paths, db, stdin=stdin, progress=tick, workers=workers, dask=dask,
                         limits=limits)
    _report_ingest(res)
    if res.failed:
        sys.exit(1)


def _layer_command(layer: str, help_: str) -> None:
    @cli.command(layer, help=help_ + " JSON by default; --csv or --nl for CSV or JSON lines.",
                 short_help=f"Extracted {layer}, with doc ids and spans.")
    @format_options
    @db_option()
    @click.option("--doc", "doc_id", metavar="ID", help="Only this document (id or unique prefix).")
    @click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
                  hidden=layer != "events",
                  help="Only events with at least this confidence (a stricter cut than the default).")
    def command(fmt: str, db: str, doc_id: str | None, min_confidence: float | None) -> None:
        rows = api.query(layer, db, doc_id=doc_id)
        if min_confidence is not None:
            rows = [r for r in rows if float(r.get("confidence", 1.0)) >= min_confidence]
        write_rows(rows, fmt, _stdout())


for _layer, _help in (
        ("events", "Events: type, mode, source and target names, status, date, place, evidence."),
        ("quotes", "Quotes: speaker, text, kind, cue verb, date."),
        ("actors", "Actors per document: name, aliases, kind, country, sector, role."),
        ("places", "Places: name, coordinates, country, feature."),
        ("dates", "Dates: text, resolved value, granularity, anchor.")):
    _layer_command(_layer, _help)


@cli.command("figures", short_help="Extracted figures, with doc ids and spans; --series.")
@format_options
@db_option()
@click.option("--doc", "doc_id", metavar="ID", help="Only this document (id or unique prefix).")
@click.option("--series", is_flag=True,
              help="Figure series across documents (as text; --json, --csv or --nl for data).")
@click.pass_context
def figures(ctx: click.Context, fmt: str, db: str, doc_id: str | None, series: bool) -> None:
    """Figures: category, value, bounds, qualifier, subject, claimed by, evidence. JSON by
    default; --csv or --nl for CSV or JSON lines. With --series, the figures of one category
    about one subject and place as a series over time, every claim side by side."""
    if not series:
        write_rows(api.query("figures", db, doc_id=doc_id), fmt, _stdout())
        return
    from .situation import views
    if doc_id:
        raise click.UsageError("--series covers all documents; leave out --doc")
    sit = api.situation(db)
    if not _format_given(ctx):
        _stdout().write(views.series_text(sit.series))
    elif fmt == "json":
        _write_json(views.series_rows(sit))
    else:
        write_rows(views.series_point_rows(sit), fmt, _stdout())


def _format_given(ctx: click.Context) -> bool:
    """Whether --json, --csv or --nl was on the command line (the text view is the default)."""
    return any(ctx.get_parameter_source(p) == click.core.ParameterSource.COMMANDLINE
               for p in ("json_", "csv_", "nl_"))


def _write_json(data: Any) -> None:
    import json
    out = _stdout()
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _date_options(func):
    func = click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Up to this date.")(func)
    return click.option("--from", "date_from", metavar="YYYY-MM-DD", help="From this date.")(func)


@cli.command(short_help="Merged events in date order, each with its reports.")
@click.option("--story", metavar="S", help="Only this story (its id, or a word of its label).")
@_date_options
@click.option("--json", "json_", is_flag=True, help="JSON instead of text.")
@db_option()
def timeline(story: str | None, date_from: str | None, date_to: str | None, json_: bool,
             db: str) -> None:
    """The timeline: each happening once, with its date, actors, place, the number of
    documents and independent sources reporting it, and their evidence sentences."""
    from .situation import views
    sit = api.situation(db, story=story, date_from=date_from, date_to=date_to)
    if json_:
        _write_json(views.timeline_rows(sit))
    else:
        _stdout().write(views.timeline_text(sit))


@cli.command(short_help="Who did what to whom: the actor network.")
@click.option("--json", "json_", is_flag=True, help="JSON: nodes and edges.")
@click.option("--graphml", is_flag=True, help="GraphML, for Gephi, yEd or networkx.")
@click.option("--story", metavar="S", help="Only this story (its id, or a word of its label).")
@db_option()
def network(json_: bool, graphml: bool, story: str | None, db: str) -> None:
    """Relations between actors: merged events by type, with a cooperation/conflict score
    on PLOVER's scale from -10 (hostile) to +10 (cooperative)."""
    from .situation import views
    from .situation.network import to_graphml
    if json_ and graphml:
        raise click.UsageError("choose one of --json, --graphml")
    sit = api.situation(db, story=story)
    if json_:
        _write_json(views.network_dict(sit))
    elif graphml:
        _stdout().write(to_graphml(sit.actors, sit.edges))
    else:
        _stdout().write(views.network_text(sit))


@cli.command(short_help="Documents grouped into stories.")
@click.option("--json", "json_", is_flag=True, help="JSON instead of text.")
@click.option("--embed", is_flag=True,
              help="Compare texts with multilingual sentence embeddings.")
@db_option()
def stories(json_: bool, embed: bool, db: str) -> None:
    """Stories: documents grouped by shared actors, places and text similarity."""
    from .situation import views
    sit = api.situation(db, embed=embed)
    if json_:
        _write_json(views.story_rows(sit))
    else:
        _stdout().write(views.stories_text(sit))


@cli.command("documents", short_help="Stored documents and their metadata.")
@format_options
@db_option()
def documents_cmd(fmt: str, db: str) -> None:
    """Stored documents: id, title, outlet, publication date, path."""
    write_rows(api.documents(db), fmt, _stdout())


@cli.command(short_help="A document with its extractions marked.")
@click.argument("doc_id", metavar="DOC_ID")
@db_option()
def show(doc_id: str, db: str) -> None:
    """Show a document's clean text with its extractions marked, then its facts."""
    from rich.console import Console

    from .report.terminal import render_plain, render_rich
    doc = api.document(doc_id, db)
    out = _stdout()
    console = Console(file=out)
    if console.is_terminal:
        render_rich(doc, console)
    else:
        out.write(render_plain(doc))


@cli.command(short_help="Full-text search over sentences.")
@click.argument("query")
@format_options
@db_option()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1), help="Most hits.")
def search(query: str, fmt: str, db: str, limit: int) -> None:
    """Full-text search over sentences (FTS5 syntax allowed: AND, OR, "a phrase").

    A query that is not valid FTS5 syntax is searched as plain words, and stderr says so."""
    rows = api.search(query, db, limit=limit)
    if getattr(rows, "as_words", False):
        click.echo(f"note: {query!r} is not valid search syntax ({rows.syntax_error}); "
                   "searched for its words instead", err=True)
    write_rows(rows, fmt, _stdout())


@cli.command("export", short_help="Layers as JSON lines, CSV or Parquet; GDELT- or ACLED-like tables.")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "acled"]),
              help="jsonl, csv or parquet for layers; gdelt or acled for an event table.")
@click.option("--layer", "layers", multiple=True, metavar="LAYER",
              help="A layer to export (repeatable; default: all).")
@click.option("--out", metavar="FILE|DIR", help="Where to write (default: stdout).")
@db_option()
def export_cmd(fmt: str, layers: tuple[str, ...], out: str | None, db: str) -> None:
    """Export every layer (or those given with --layer) as JSON lines, CSV or Parquet: one
    layer to --out FILE or stdout, several to --out DIR as LAYER.EXT files (or, as JSON
    lines, to stdout with a "layer" field). --format gdelt writes one row per merged
    happening in GDELT's shape, --format acled the happenings ACLED's categories cover in
    ACLED's shape: CSV, or Parquet, JSON lines or TSV when --out ends in .parquet,
    .jsonl or .tsv."""
    counts = api.export(fmt, db, layers=layers, out=out)
    if out:
        click.echo("wrote " + ", ".join(f"{n} {k}" for k, n in counts.items()) + f" to {out}",
                   err=True)


@cli.command(short_help="Write a situation report.")
@click.option("--html", "html", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the HTML report here.")
@click.option("--md", "md", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the Markdown report here.")
@db_option()
@click.option("--title", default="Situation report", show_default=True)
def report(html: str | None, md: str | None, db: str, title: str) -> None:
    """Write a situation report (Markdown on stdout when no file is given)."""
    rep = api.report(db, html=html, md=md, title=title)
    if not html and not md:
        from .report import render_markdown
        _stdout().write(render_markdown(rep))
    else:
        click.echo("wrote " + ", ".join(x for x in (html, md) if x), err=True)


@cli.command(short_help="Ingest the demo corpus and write reports.")
@db_option("demo.db")
@click.option("--html", default="demo-report.html", show_default=True,
              type=click.Path(dir_okay=False), metavar="FILE")
@click.option("--md", default="demo-report.md", show_default=True,
              type=click.Path(dir_okay=False), metavar="FILE")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
def demo(db: str, html: str, md: str, quiet: bool) -> None:
    """Ingest the bundled demo corpus into a fresh database and write both reports."""
    with _progress(not quiet, "demo") as tick:
        res = api.demo(db, html=html, md=md, progress=tick)
    _report_ingest(res.ingest)
    c = res.counts
    click.echo("stored: " + ", ".join(f"{c[k]} {k}" for k in ("documents",) + api.DATA_LAYERS))
    click.echo("most reported events:")
    if not res.top_events:
        click.echo("  none")
    for i, e in enumerate(res.top_events, 1):
        docs = f"{e['documents']} document" + ("" if e["documents"] == 1 else "s")
        date = f" on {e['date']}" if e["date"] else ""
        click.echo(f"  {i}. {e['type']} {e['source']} → {e['target']}{date} ({e['status']}; {docs})")
    click.echo(f"wrote {res.db}, {res.html}, {res.md}")


def main() -> None:
    """Entry point of the ``sitroom`` script."""
    cli(prog_name="sitroom")
