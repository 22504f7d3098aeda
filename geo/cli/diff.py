"""`geo diff`: what changed between two versions of a data file."""

from __future__ import annotations

import json
import sys

import click

from geo.cli.report import print_changes


@click.command("diff")
@click.argument("old")
@click.argument("new", default="data/sites.geojson")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (for scripts).")
def command(old: str, new: str, as_json: bool) -> None:
    """Show the sites added, removed, and whose amount or place changed, from OLD to NEW.

    OLD and NEW are data files; either may be "-" for standard input, e.g.
    `git show HEAD~1:data/sites.geojson | geo diff - data/sites.geojson`.
    A site is the same in both when it has the same id (else the same name,
    investor and place).
    """
    import geo

    if old == "-" and new == "-":
        raise click.UsageError("only one of OLD and NEW can be read from standard input")
    stdin = sys.stdin.buffer.read() if "-" in (old, new) else None
    changes = geo.diff_sites(stdin if old == "-" else old, stdin if new == "-" else new)
    changes.since = "OLD" if old == "-" else old
    if as_json:
        click.echo(json.dumps(changes.to_json(), ensure_ascii=False, indent=2, sort_keys=True))
        return
    print_changes(changes, limit=10_000)
