"""Options shared by several subcommands, defined once (as Fiona's `fio` does)."""

from __future__ import annotations

from pathlib import Path

import click

DEFAULT_DATA = Path("data/sites.geojson")
DEFAULT_OUT = Path("output/map.html")

data_option = click.option(
    "--data", "data_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DATA,
    show_default=True, help="The sites file (a GeoJSON FeatureCollection).")
out_option = click.option(
    "--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_OUT,
    show_default=True, help="Where to write the HTML map.")
lang_option = click.option(
    "--lang", type=click.Choice(["fr", "en"]), default=None,
    help="Language of the map's labels and number formats [default: the data file's "
    "settings.lang, else fr].")
prefer_option = click.option(
    "--prefer", type=click.Choice(["populous"]), default=None,
    help="Resolve a homonym to the most populous candidate, but only when it has at least "
    "10x the population of the next one; the choice is reported.")
offline_option = click.option(
    "--offline", is_flag=True, default=None,
    help="Self-contained map: Leaflet inlined and a vector basemap drawn from shipped data; "
    "opening it makes no network request at all.")
inline_option = click.option(
    "--inline-assets", is_flag=True, default=False,
    help="Inline Leaflet's JS/CSS even with online tiles (no visitor IP sent to a CDN).")
tiles_option = click.option(
    "--tiles", default=None, help="Basemap tiles, as an xyzservices name [default: OpenStreetMap.Mapnik].")
title_option = click.option("--title", default=None, help="Map title [default: settings.title].")


def render_options(settings: dict, lang: str | None, offline: bool | None, inline_assets: bool,
                   tiles: str | None, title: str | None):
    """Combine command-line flags with the data file's settings (flags win)."""
    from geo.render import DEFAULT_TILES, RenderOptions

    return RenderOptions(
        lang=lang or settings.get("lang") or "fr",
        offline=bool(settings.get("offline")) if offline is None else offline,
        inline_assets=inline_assets,
        tiles=tiles or settings.get("tiles") or DEFAULT_TILES,
        title=title,
    )
