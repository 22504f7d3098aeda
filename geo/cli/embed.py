"""`geo embed`: a ready-to-paste, responsive iframe snippet for a CMS."""

from __future__ import annotations

import click


@click.command("embed")
@click.option("--url", default="map.html", show_default=True,
              help="Where the map will be published (absolute URL or path).")
@click.option("--title", default="Carte des investissements annoncés", show_default=True,
              help="The iframe's title, read by screen readers.")
@click.option("--aspect", default="4:3", show_default=True,
              help="Width:height ratio of a fixed frame, e.g. 16:9 (between 1:10 and 10:1).")
@click.option("--min-height", type=click.IntRange(200, 3000), default=None,
              help="Minimum height in pixels [default: none for a fixed frame, which keeps its "
              "ratio; 480 for --auto-height].")
@click.option("--auto-height/--fixed", default=False, show_default=True,
              help="Add a tiny script that sizes the iframe from the map's height message.")
@click.option("--id", "frame_id", default=None, metavar="ID",
              help="The iframe's element id [default: geo-map- and a hash of the URL]. Give each "
              "snippet its own when a page embeds the same URL twice.")
def command(url: str, title: str, aspect: str, min_height: int | None, auto_height: bool,
            frame_id: str | None) -> None:
    """Print an iframe snippet to paste into an article.

    Several snippets can go on one page: each iframe has its own id, and each
    --auto-height script resizes its own iframe only.
    """
    import geo

    try:
        snippet = geo.embed_snippet(url, title, aspect=aspect, min_height=min_height,
                                    auto_height=auto_height, frame_id=frame_id)
    except ValueError as exc:
        hint = "--id" if str(exc).startswith("expected an id") else "--aspect"
        raise click.BadParameter(str(exc), param_hint=hint) from None
    click.echo(snippet)
