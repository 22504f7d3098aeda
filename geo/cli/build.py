"""`geo build`: enrich the data file and regenerate the map, in one command."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli import options as opt
from geo.cli.report import print_changes, print_problems

DRAFT = ("the map was written as a DRAFT without these sites, and they were kept in the data "
         "file exactly as typed (--strict writes nothing instead).")


@click.command("build")
@opt.map_options
@opt.lock_timeout_option
@opt.online_options
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if the data file or the map is out of date, or if "
              "some sites are still to check (for CI).")
@opt.strict_option
def command(data_path: Path, out_path: Path, check: bool, strict: bool, **options) -> None:
    """Geocode new sites, fill in amounts and ids, and write the map.

    Sites whose place hasn't changed are not geocoded again; the data file is
    rewritten (atomically) only if its content changed, and the map only if
    its bytes changed. Sites that don't resolve (an unknown place, an
    unreadable amount) make a draft: every other site is mapped and saved, those
    are kept exactly as typed and listed on the map "to check", and the exit
    code is 1. A failed run (--strict, or a file that is not a sites file)
    leaves every file as it was. Prints what changed since the data file's last
    version (git's HEAD when the file is committed).
    """
    import geo

    result = geo.build(data_path, out_path, check=check, strict=strict, **options)
    print_problems(result.warnings, draft=None if check else DRAFT)
    if check:
        if result.stale:
            for line in result.stale:
                click.echo(line, err=True)
            click.echo("run `geo build` and commit the result", err=True)
        if result.to_check:
            click.echo(f"{len(result.to_check)} site(s) still to check: the map is a draft", err=True)
        if result.stale or result.to_check:
            raise SystemExit(1)
        click.echo(f"up to date: {data_path} and {out_path}")
        return
    print_changes(result.changes)
    mapped = sum(1 for s in result.sites if s.mapped)
    click.echo(f"{len(result.sites)} sites ({mapped} on the map, {len(result.sites) - mapped} "
               f"listed beside it" + (f", {len(result.to_check)} to check" if result.to_check else "")
               + ")")
    click.echo(f"{'updated' if result.data_written else 'unchanged'}: {data_path}")
    click.echo(f"{'wrote' if result.map_written else 'unchanged'}: {out_path}"
               + (" (DRAFT)" if result.to_check else ""))
    if result.to_check:
        raise SystemExit(1)
