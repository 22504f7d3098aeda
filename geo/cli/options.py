"""Options shared by several subcommands, defined once (as Fiona's `fio` does)."""

from __future__ import annotations

from pathlib import Path

import click

DEFAULT_DATA = Path("data/sites.geojson")
DEFAULT_OUT = Path("output/map.html")

# Paths are not checked here: a folder, an unreadable file or a device is refused by the
# library with a data error (exit 1) that says what it is and what to give instead.
data_option = click.option(
    "--data", "data_path", type=click.Path(readable=False, path_type=Path), default=DEFAULT_DATA,
    metavar="FILE",
    show_default=True, help="The sites file (a GeoJSON FeatureCollection).")
out_option = click.option(
    "--out", "out_path", type=click.Path(readable=False, path_type=Path), default=DEFAULT_OUT,
    metavar="FILE",
    show_default=True, help="Where to write the HTML map (a regular file or a new path; a "
    "symbolic link is followed).")
lock_timeout_option = click.option(
    "--lock-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
    envvar="GEO_LOCK_TIMEOUT", show_envvar=True, metavar="SECONDS",
    help="How long to wait for another geo command writing in the same folders before giving "
    "up (exit 1, nothing changed).")
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
strict_option = click.option(
    "--strict", is_flag=True, default=False,
    help="All or nothing: if any site does not resolve, write nothing and exit 1 (instead of "
    "a draft map that lists the sites to check).")


def map_options(command):
    """The options that shape the page, shared by `geo build` and `geo render`."""
    for option in reversed((data_option, out_option, lang_option, offline_option, inline_option,
                            tiles_option, title_option, prefer_option)):
        command = option(command)
    return command


def online_options(func):
    """``--online nominatim``, ``--nominatim-url`` and ``--user-agent``, for every command that geocodes.

    Strictly opt-in: without ``--online`` nothing is ever requested, and the
    other two options are refused rather than silently ignored.
    """
    func = click.option(
        "--user-agent", default=None, metavar="TEXT",
        help="User agent sent to Nominatim, naming you or your newsroom (its usage policy asks "
        "for one) [default: geo-investment-map/VERSION]. Only with --online.")(func)
    func = click.option(
        "--nominatim-url", default=None, metavar="URL",
        help="Nominatim server to ask, e.g. http://127.0.0.1:8080 for your own "
        "[default: https://nominatim.openstreetmap.org]. Only with --online.")(func)
    func = click.option(
        "--online", type=click.Choice(["nominatim"]), default=None,
        help="Ask a Nominatim server (OpenStreetMap) for places the shipped gazetteer doesn't "
        "know at all (never for ambiguous ones); the answer and its date are saved in the data "
        "file, so later builds stay offline. Off by default: nothing is requested without "
        "it.")(func)
    return func
