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
def command(data_path: Path, prefer: str | None, online: str | None, nominatim_url: str | None,
            user_agent: str | None) -> None:
    """Check the data file: JSON syntax, the data contract, amounts and places.

    Every problem is reported in one run, with file, feature and field. Nothing
    is written; exit code 1 if anything must be fixed.
    """
    from geo import pipeline

    geocoder = opt.online_factory(online, nominatim_url, user_agent, prefer)
    prepared = pipeline.prepare(data_path, prefer=prefer, online=geocoder)
    print_problems(prepared.warnings)
    state = "would be updated by geo build" if prepared.data_changed else "up to date"
    click.echo(f"ok: {len(prepared.sites)} sites in {data_path} ({state})")
