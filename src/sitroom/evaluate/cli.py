"""The ``sitroom eval`` command."""
from __future__ import annotations

import click

from ..errors import SitroomError
from . import runner
from .result import format_text


@click.command("eval")
@click.argument("path", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--layer", "layers", multiple=True, metavar="LAYER",
              help="Score only this layer (repeatable), e.g. events, quotes, content, root.")
@click.option("--show-errors", is_flag=True, help="List every miss and false positive with its evidence.")
@click.option("--format", "fmt", type=click.Choice(runner.FORMATS), default=None,
              help="Format of PATH (default: guessed from its layout and extension).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Evaluate only the first N documents (or rows).")
def eval_command(path: str, as_json: bool, layers: tuple[str, ...], show_errors: bool,
                 fmt: str | None, limit: int | None) -> None:
    """Score the pipeline against gold annotations or a public benchmark at PATH."""
    try:
        result = runner.evaluate_path(path, fmt, layers or None, limit)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    except SitroomError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(result.to_json(errors=show_errors))
    else:
        click.echo(format_text(result, show_errors), nl=False)
