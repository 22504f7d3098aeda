"""`geo add`: append a site to the data file from the command line, then enrich it."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli import options as opt
from geo.cli.report import print_problems


@click.command("add")
@opt.data_option
@click.option("--name", required=True, help='Site name, e.g. "Data center".')
@click.option("--place", required=True,
              help='Where: "Cambrai (Nord)", "Essonne", "France", or "48.59, 2.19".')
@click.option("--amount", required=True,
              help="As announced: \"20 milliards d'euros\", \"€1.5bn\", \"non communiqué\".")
@click.option("--investor", default=None, help="Who invests.")
@click.option("--country", "investor_country", default=None,
              help="Investor's country, ISO alpha-2 (FR, CA, AE, GB).")
@click.option("--date", default=None,
              help="Announcement date, e.g. 2025-02-09 (an amount in another currency is converted "
              "at the ECB rate of that day).")
@click.option("--fx-rate", default=None,
              help='The exchange rate to use instead of the ECB\'s, e.g. "1 EUR = 1.12 USD".')
@click.option("--part-of", default=None, help="The id of the programme this site is part of.")
@click.option("--status", default=None, help="e.g. announced, under construction.")
@click.option("--notes", default=None, help="Anything a reader should know.")
@click.option("--source-url", default=None, help="Link to the source (http/https).")
@click.option("--source-title", default=None, help="Title of the source.")
@opt.prefer_option
@opt.online_options
@opt.lock_timeout_option
def command(data_path: Path, **fields) -> None:
    """Add one site and save the data file, geocoded, if everything checks out.

    The new site is validated, its amount parsed and its place geocoded before
    anything is written; run `geo build` afterwards to regenerate the map.
    """
    import geo

    site, warnings = geo.add_site(data_path, **fields)
    print_problems(warnings)
    click.echo(f"added {site.id}: {site.name} ({site.location_name}, {site.precision}) "
               f"to {data_path}; run `geo build` to update the map")
