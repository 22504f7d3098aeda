"""`geo render`: the map (and optionally a PNG) from the data file, which is left untouched."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli import options as opt
from geo.cli.report import print_problems


@click.command("render")
@opt.map_options
@opt.lock_timeout_option
@click.option("--png", "png_path", type=click.Path(readable=False, path_type=Path), default=None,
              metavar="FILE",
              help="Also save a PNG image of the map (needs Chromium), e.g. output/map.png.")
@click.option("--width", type=click.IntRange(320, 4000), default=1200, show_default=True,
              help="PNG width in CSS pixels.")
@click.option("--height", type=click.IntRange(240, 4000), default=800, show_default=True,
              help="PNG height in CSS pixels.")
def command(data_path: Path, out_path: Path, png_path: Path | None, width: int, height: int,
            **options) -> None:
    """Render the map without rewriting the data file.

    Sites that still need geocoding are geocoded in memory only (run `geo
    build` to save them). With --png, a screenshot is taken in headless
    Chromium; tiles are never fetched for it, so use --offline for a basemap.
    """
    import geo
    from geo.render.screenshot import ScreenshotError

    try:
        sites, written = geo.render_map(data_path, out_path, png=png_path, width=width, height=height,
                                    **options)
    except ScreenshotError as exc:
        raise click.ClickException(str(exc)) from None
    print_problems(list(sites.warnings))
    click.echo(f"{'wrote' if written else 'unchanged'}: {out_path}")
    if png_path is not None:
        click.echo(f"wrote: {png_path}")
