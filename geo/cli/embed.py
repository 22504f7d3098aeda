"""`geo embed`: a ready-to-paste, responsive iframe snippet for a CMS."""

from __future__ import annotations

import click


@click.command("embed")
@click.option("--url", default="map.html", show_default=True,
              help="Where the map will be published (absolute URL or path).")
@click.option("--title", default="Carte des investissements annoncés", show_default=True,
              help="The iframe's title, read by screen readers.")
@click.option("--aspect", default="4:3", show_default=True, help="Width:height ratio, e.g. 16:9.")
@click.option("--min-height", type=click.IntRange(200, 3000), default=480, show_default=True,
              help="Minimum height in pixels.")
@click.option("--auto-height/--fixed", default=False, show_default=True,
              help="Add a tiny script that sizes the iframe from the map's height message.")
def command(url: str, title: str, aspect: str, min_height: int, auto_height: bool) -> None:
    """Print an iframe snippet to paste into an article."""
    from geo.render.embed import embed_snippet

    try:
        snippet = embed_snippet(url, title, aspect=aspect, min_height=min_height, auto_height=auto_height)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--aspect") from None
    click.echo(snippet)
