"""`geo geocode`: resolve one place offline, as `geo build` would."""

from __future__ import annotations

import json

import click

from geo.cli import options as opt


@click.command("geocode")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (for scripts).")
@opt.prefer_option
@opt.online_options
def command(query: str, as_json: bool, **geocoding) -> None:
    """Resolve QUERY (a commune, department, region, country, world city,
    postal code or "lat, lon") from the shipped gazetteer, offline. With
    --online nominatim, a place the gazetteer doesn't know at all is asked of
    Nominatim (ambiguous ones never are).

    Exit code 0 when the query resolves to exactly one place, 1 otherwise (the
    candidates or suggestions are listed).
    """
    from geo.api import geocode

    result = geocode(query, **geocoding)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, sort_keys=True))
    elif result.place is not None:
        place = result.place
        click.echo(f"{place.name} [{place.precision} {place.code}] {place.context}")
        fetched = f", retrieved {place.retrieved}" if place.retrieved else ""
        click.echo(f"  {place.lat:.5f}, {place.lon:.5f}  (source: {place.source}{fetched})")
        for note in result.notes:
            click.echo(f"  note: {note}")
    else:
        click.echo(result.error_message(), err=True)
    if result.place is None:
        raise SystemExit(1)
