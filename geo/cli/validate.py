"""`geo validate`: check the data file without writing anything."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli import options as opt
from geo.cli.report import print_problems


@click.command("validate")
@opt.data_option
@opt.prefer_option
@opt.online_options
def command(data_path: Path, **geocoding) -> None:
    """Check the data file: JSON syntax, the data contract, amounts and places.

    Every problem is reported in one run, with file, feature and field. Nothing
    is written; exit code 1 if anything must be fixed.
    """
    import geo

    sites = geo.read_sites(data_path, **geocoding)
    print_problems(list(sites.warnings))
    state = "would be updated by geo build" if sites.needs_saving else "up to date"
    click.echo(f"ok: {len(sites)} sites in {data_path} ({state})")
