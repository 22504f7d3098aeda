"""`geo render`: the map (and optionally a PNG) from the data file, which is left untouched."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli import options as opt
from geo.cli.report import print_problems


@click.command("render")
@opt.map_options
@click.option("--png", "png_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also save a PNG image of the map (needs Chromium), e.g. output/map.png.")
@click.option("--width", type=click.IntRange(320, 4000), default=1200, show_default=True,
              help="PNG width in CSS pixels.")
@click.option("--height", type=click.IntRange(240, 4000), default=800, show_default=True,
              help="PNG height in CSS pixels.")
def command(data_path: Path, out_path: Path, lang: str | None, offline: bool | None,
            inline_assets: bool, tiles: str | None, title: str | None, prefer: str | None,
            png_path: Path | None, width: int, height: int) -> None:
    """Render the map without rewriting the data file.

    Sites that still need geocoding are geocoded in memory only (run `geo
    build` to save them). With --png, a screenshot is taken in headless
    Chromium; tiles are never fetched for it, so use --offline for a basemap.
    """
    from geo import pipeline
    from geo.core.files import write_all

    prepared = pipeline.prepare(data_path, prefer=prefer)
    print_problems(prepared.warnings)
    settings, sites, headline = prepared.doc.settings, prepared.sites, prepared.headline
    options = opt.render_options(settings, lang, offline, inline_assets, tiles, title)
    del prepared  # the parsed file is no longer needed: free it before building the page
    page = pipeline.render_page(sites, settings, options, headline)
    written = write_all([(out_path, page)])
    click.echo(f"{'wrote' if written else 'unchanged'}: {out_path}")
    if png_path is not None:
        from geo.render.screenshot import ScreenshotError, screenshot

        try:
            screenshot(out_path, png_path, width=width, height=height)
        except ScreenshotError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"wrote: {png_path}")
