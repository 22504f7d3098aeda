"""`geo render`: the map (and optionally a PNG or a PDF) from the data file, which is left untouched."""

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
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also print the map to a vector PDF (needs Chromium), A4 landscape unless "
              "--size, --width or --height say otherwise.")
@click.option("--size", type=click.Choice(["social", "square", "print"]), default=None,
              help="Image size: social (1200x675), square (1080x1080) or print (A4 landscape, "
              "1123x794), in CSS pixels at 2x device scale.")
@click.option("--width", type=click.IntRange(320, 4000), default=None,
              help="Image width in CSS pixels, at 1x [default: 1200].")
@click.option("--height", type=click.IntRange(240, 4000), default=None,
              help="Image height in CSS pixels, at 1x [default: 800].")
@opt.strict_option
def command(data_path: Path, out_path: Path, png_path: Path | None, pdf_path: Path | None,
            size: str | None, width: int | None, height: int | None, **options) -> None:
    """Render the map without rewriting the data file.

    Sites that still need geocoding are geocoded in memory only (run `geo
    build` to save them); sites that don't resolve make a draft that lists them
    (exit code 1). With --png or --pdf, the page is captured in headless
    Chromium in its print mode: no zoom buttons, the legend open beside the
    map, every panel whole, metropolitan France in view when every site is in
    it. Tiles are never fetched for it, so use --offline for a basemap.
    """
    import geo
    from geo.render.screenshot import ScreenshotError

    try:
        sites, written = geo.render_map(data_path, out_path, png=png_path, pdf=pdf_path, size=size,
                                        width=width, height=height, **options)
    except ScreenshotError as exc:
        raise click.ClickException(str(exc)) from None
    print_problems(list(sites.warnings), draft="the map was written as a DRAFT without these sites.")
    click.echo(f"{'wrote' if written else 'unchanged'}: {out_path}" + (" (DRAFT)" if sites.to_check else ""))
    for path in (png_path, pdf_path):
        if path is not None:
            click.echo(f"wrote: {path}")
    if sites.to_check:
        raise SystemExit(1)
