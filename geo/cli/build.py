"""`geo build`: enrich the data file and regenerate the map, in one command."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli import options as opt
from geo.cli.report import print_problems


@click.command("build")
@opt.map_options
@opt.lock_timeout_option
@opt.online_options
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if the data file or the map is out of date (for CI).")
def command(data_path: Path, out_path: Path, check: bool, **options) -> None:
    """Geocode new sites, fill in amounts and ids, and write the map.

    Sites whose place hasn't changed are not geocoded again; the data file is
    rewritten (atomically) only if its content changed, and the map only if
    its bytes changed. A failed run leaves every file as it was.
    """
    import geo

    result = geo.build(data_path, out_path, check=check, **options)
    print_problems(result.warnings)
    if check:
        if result.stale:
            for line in result.stale:
                click.echo(line, err=True)
            click.echo("run `geo build` and commit the result", err=True)
            raise SystemExit(1)
        click.echo(f"up to date: {data_path} and {out_path}")
        return
    mapped = sum(1 for s in result.sites if s.mapped)
    click.echo(f"{len(result.sites)} sites ({mapped} on the map, {len(result.sites) - mapped} "
               f"listed beside it)")
    click.echo(f"{'updated' if result.data_written else 'unchanged'}: {data_path}")
    click.echo(f"{'wrote' if result.map_written else 'unchanged'}: {out_path}")
