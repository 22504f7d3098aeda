"""`geo init`: start a new map in an empty folder."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--title", default=None, help="The map's title [default: a generic one, to change].")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Language of the map and of the example site.")
def command(folder: Path, title: str | None, lang: str) -> None:
    """Start a new map in FOLDER (default: here).

    Writes data/sites.geojson (settings and one example site to replace), a
    .gitignore and a short README; then `geo add …` or `geo import FILE`, and
    `geo build`. Never overwrites a file: if any of them exists, nothing is
    written.
    """
    import geo

    for path in geo.init_map(folder, title=title, lang=lang):
        click.echo(f"wrote: {path}")
    where = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(f"next: {where}geo add --name … --place … --amount …  (or geo import FILE), then geo build")
