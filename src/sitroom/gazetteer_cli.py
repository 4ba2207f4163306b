"""``sitroom gazetteer``: load GeoNames dumps into the local index and look names up."""
from __future__ import annotations

import json

import click

from .errors import InputError, SitroomError


@click.group("gazetteer", short_help="Import GeoNames data; look place names up.")
def gazetteer_group() -> None:
    """The place-name index: the built-in one (GeoNames towns of 500+ people, countries,
    provinces, counties and districts, seas and regions) plus what you import."""


@gazetteer_group.command("import")
@click.argument("dump", type=click.Path(dir_okay=False))
@click.option("--alternate-names", "alternates", type=click.Path(dir_okay=False), metavar="FILE",
              help="A GeoNames alternateNames(V2).txt (or .zip) for names in other languages and scripts.")
@click.option("--index", "index", type=click.Path(dir_okay=False), metavar="FILE",
              help="Index to write (default: the local index sitroom opens by itself).")
@click.option("--min-population", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip populated places smaller than this.")
def import_command(dump: str, alternates: str | None, index: str | None, min_population: int) -> None:
    """Load a GeoNames dump (allCountries.txt, a country file such as PL.txt, or its .zip)."""
    from .knowledge.geonames import import_geonames
    try:
        res = import_geonames(dump, alternates, index, min_population)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot import {dump}: {exc}") from exc
    click.echo(f"imported {res.places} places and {res.names} names into {res.index}"
               + (f" ({res.skipped} small places skipped)" if res.skipped else ""))


@gazetteer_group.command("lookup")
@click.argument("name")
@click.option("--context", "context", multiple=True, metavar="CC",
              help="A country the text speaks of (ISO code; repeatable), to prefer its places.")
@click.option("--index", "index", type=click.Path(dir_okay=False), metavar="FILE",
              help="Imported index to use (default: the local one, if any).")
def lookup_command(name: str, context: tuple[str, ...], index: str | None) -> None:
    """The places called NAME, best first, as JSON lines; the chosen one is marked."""
    from .knowledge.gazetteer import Gazetteer
    try:
        gaz = Gazetteer.load(index)
    except SitroomError as exc:
        raise click.ClickException(str(exc)) from exc
    best = gaz.resolve(name, [c.upper() for c in context])
    for c in gaz.lookup(name):
        click.echo(json.dumps({"geonameid": c.geonameid, "name": c.name, "country": c.country,
                               "admin1": c.admin1, "lat": c.lat, "lon": c.lon,
                               "population": c.population, "feature": c.feature,
                               "exact": c.exact, "chosen": best is not None and c == best},
                              ensure_ascii=False))
