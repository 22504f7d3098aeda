"""geo from Python: the functions behind every `geo` command, for notebooks and scripts.

Everything the command line does is one call here (the CLI only parses flags and
prints), and everything returns plain values: `Site` records, a pandas-ready
GeoDataFrame, a real `folium.Map` you can add layers to.

>>> import geo
>>> geo.parse_amount("entre 30 et 50 milliards d'euros").kind
'range'
>>> geo.geocode("Cambrai (Nord)").place.code
'59122'
>>> sites = geo.read_sites(SEED)
>>> [(s.name, s.precision) for s in sites][:2]  # doctest: +NORMALIZE_WHITESPACE
[('Data center géant de Mistral AI', 'department'),
 ('Data center de Brookfield à Cambrai', 'commune')]

(`SEED` is the repository's `data/sites.geojson` in these examples.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, overload

from geo.core.errors import DataError, Problem

if TYPE_CHECKING:
    import folium
    import geopandas

    from geo import pipeline
    from geo.amount import Amount
    from geo.enrich import Headline, Site
    from geo.geocoding import GeocodeResult

# The heavier layers (pipeline, amounts, rendering) are imported by the functions that use
# them: `geo geocode Cambrai` goes through this module and must start in about the time of
# the interpreter itself.

__all__ = [
    "DataError",
    "OptionError",
    "Problem",
    "Site",
    "Sites",
    "add_site",
    "build",
    "geocode",
    "make_map",
    "parse_amount",
    "read_sites",
    "render_map",
    "to_geodataframe",
]

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Sites(Sequence["Site"]):
    """The sites of a data file, enriched (amounts parsed, places geocoded), in file order.

    A sequence of `Site`; it also carries what the file says about the whole map.
    """

    path: Path
    sites: tuple[Site, ...]
    #: The file's `settings` (title, lang, scale…), as written.
    settings: dict[str, Any] = field(default_factory=dict)
    #: The headline total the sites are compared with, if the file gives one.
    headline: Headline | None = None
    #: Warnings found on the way (nothing that stops a build).
    warnings: tuple[Problem, ...] = ()
    #: Whether `geo build` would rewrite the data file (new ids, amounts or places to save).
    needs_saving: bool = False

    @overload
    def __getitem__(self, index: int) -> Site: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Site]: ...
    def __getitem__(self, index):  # noqa: E301 - overloads above
        return self.sites[index]

    def __len__(self) -> int:
        return len(self.sites)

    def __iter__(self) -> Iterator[Site]:
        return iter(self.sites)


class OptionError(ValueError):
    """Options that contradict each other or cannot work (a usage error, not a data error)."""


def _finder(prefer: str | None, online: str | None, nominatim_url: str | None,
            user_agent: str | None) -> pipeline.GeocoderFactory:
    """The geocoder the options ask for: offline (default), or offline then Nominatim."""
    from geo import pipeline

    if prefer not in (None, "populous"):
        raise OptionError(f"prefer must be 'populous' or None, not {prefer!r}")
    if online is None:
        given = [name for name, value in (("--nominatim-url", nominatim_url),
                                          ("--user-agent", user_agent)) if value is not None]
        if given:
            raise OptionError(f"{' and '.join(given)} only apply with --online nominatim; add it "
                              "to ask Nominatim, or leave them out to stay offline")
        return pipeline.offline_geocoder(prefer)
    from geo.geocoding.online import OnlineConfigError, online_factory

    try:
        return online_factory(online, url=nominatim_url, user_agent=user_agent, prefer=prefer)
    except OnlineConfigError as exc:
        raise OptionError(str(exc)) from None


def read_sites(path: PathLike = "data/sites.geojson", *, prefer: str | None = None,
               online: str | None = None, nominatim_url: str | None = None,
               user_agent: str | None = None) -> Sites:
    """Read, check and enrich a data file in memory; the file itself is not changed.

    Raises `DataError` listing every problem (file, feature, field, what to type).
    `prefer="populous"` and `online="nominatim"` are as in `geo build`.

    >>> sites = read_sites(SEED)
    >>> len(sites), sites.settings["lang"], sites.headline.amount.low
    (4, 'fr', 109000000000.0)
    """
    from geo import pipeline

    reading = pipeline.read(Path(path), geocoder=_finder(prefer, online, nominatim_url, user_agent))
    return _as_sites(reading)


def _as_sites(reading: pipeline.Reading) -> Sites:
    return Sites(reading.path, tuple(reading.sites), reading.settings, reading.headline,
                 tuple(reading.warnings), reading.needs_saving)


def _check_tiles(tiles: str | None) -> None:
    """Tiles named by the caller (`--tiles`) are checked before any work: a usage error."""
    if tiles is None:
        return
    from geo.render.tiles import TileError, resolve

    try:
        resolve(tiles)
    except TileError as exc:
        raise OptionError(f"{exc}; {exc.hint}") from None


def geocode(text: str, *, prefer: str | None = None, online: str | None = None,
            nominatim_url: str | None = None, user_agent: str | None = None) -> GeocodeResult:
    """Resolve a place as `geo build` would, from the shipped gazetteer (offline by default).

    The result has a `place` only when exactly one place matches; otherwise its
    `candidates` and `error_message()` say what to type.

    >>> geocode("Essonne").place.precision
    'department'
    >>> print(geocode("Saint-Denis").error_message().splitlines()[0])
    "Saint-Denis" matches 5 places; add a qualifier to choose one:
    """
    if online is None and nominatim_url is None and user_agent is None:
        return _offline(prefer).geocode(text)
    return _finder(prefer, online, nominatim_url, user_agent)().geocode(text)


@cache
def _offline(prefer: str | None) -> Any:
    """One offline geocoder per `prefer`, kept: a notebook geocodes many places in turn."""
    from geo.geocoding import Geocoder

    return Geocoder(prefer=prefer)


def parse_amount(text: str | int | float) -> Amount:
    """Read an amount as the press writes it (French or English), keeping what kind it is.

    >>> a = parse_amount("plusieurs milliards d'euros")
    >>> a.kind, a.min, a.max
    ('at_least', 2000000000.0, None)
    >>> parse_amount("€1.5bn").min
    1500000000.0
    """
    from geo.amount import parse_amount as parse

    return parse(text)


def _sites(sites_or_path: Sites | PathLike, **read: Any) -> Sites:
    return sites_or_path if isinstance(sites_or_path, Sites) else read_sites(sites_or_path, **read)


def to_geodataframe(sites_or_path: Sites | PathLike = "data/sites.geojson") -> geopandas.GeoDataFrame:
    """The sites as a GeoDataFrame (EPSG:4326), one row each, with the parsed amounts.

    Columns: the typed fields, `amount_kind`, `amount_min_eur`, `amount_max_eur`, the
    location (`precision`, `location_name`, `location_code`, `location_context`) and a
    Point `geometry`. Only sites placed on the map have a geometry: a site known only to
    the country, or not at all, has none (its `precision` says so). geopandas is imported
    only here.

    >>> gdf = to_geodataframe(SEED)
    >>> gdf[["id", "amount_kind", "amount_min_eur", "precision"]].iloc[1].to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'id': 'brookfield-asset-management-cambrai-nord', 'amount_kind': 'exact',
     'amount_min_eur': 20000000000.0, 'precision': 'commune'}
    >>> gdf.crs.to_epsg(), gdf.geometry.iloc[1].geom_type
    (4326, 'Point')
    """
    import geopandas
    from shapely.geometry import Point

    rows = []
    for s in _sites(sites_or_path):
        rows.append({
            "id": s.id, "name": s.name, "investor": s.investor, "investor_country": s.investor_country,
            "place": s.place, "amount": s.amount.text, "amount_kind": s.amount.kind,
            "amount_min_eur": s.amount.min, "amount_max_eur": s.amount.max,
            "precision": s.precision, "location_name": s.location_name,
            "location_code": s.location_code, "location_context": s.context,
            "date": s.date, "status": s.status, "notes": s.notes,
            "source_url": next((src.get("url") for src in s.sources if src.get("url")), None),
            "geometry": Point(s.lon, s.lat) if s.mapped else None,
        })
    columns = ["id", "name", "investor", "investor_country", "place", "amount", "amount_kind",
               "amount_min_eur", "amount_max_eur", "precision", "location_name", "location_code",
               "location_context", "date", "status", "notes", "source_url", "geometry"]
    frame = geopandas.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
    for column in ("amount_min_eur", "amount_max_eur"):
        frame[column] = frame[column].astype("float64")
    return frame


def make_map(sites_or_path: Sites | PathLike = "data/sites.geojson", *, lang: str | None = None,
             offline: bool | None = None, inline_assets: bool = False, tiles: str | None = None,
             title: str | None = None) -> folium.Map:
    """The map as a real `folium.Map`, in geo's page: add layers to it, show it in Jupyter.

    `.save(path)` writes the same page as `geo render` (same options, same bytes).
    Options not given come from the file's settings, as on the command line.

    >>> m = make_map(SEED, offline=True)
    >>> type(m).__mro__[1].__module__, m.get_name()
    ('folium.folium', 'map_geo')
    >>> "geo-data" in m.get_root().render()
    True
    """
    from geo.render.options import RenderOptions

    _check_tiles(tiles)
    sites = _sites(sites_or_path)
    options = RenderOptions.resolve(sites.settings, lang=lang, offline=offline,
                                    inline_assets=inline_assets, tiles=tiles, title=title)
    from geo.render.page import make_page

    return make_page(list(sites), sites.settings, options, sites.headline)


def render_map(data: PathLike = "data/sites.geojson", out: PathLike = "output/map.html", *,
               prefer: str | None = None, png: PathLike | None = None, width: int = 1200,
               height: int = 800, lock_timeout: float | None = 60.0,
               **options: Any) -> tuple[Sites, bool]:
    """Write the map page from a data file, without rewriting the data file.

    Sites not yet geocoded are geocoded in memory only. Returns the sites and whether the
    page's bytes changed (an unchanged page is not rewritten). `options` as `make_map`'s.
    With `png`, also a screenshot of the page (width × height CSS pixels) taken in
    headless Chromium (raises `ScreenshotError` saying how to install it if it is missing).
    Like `build`, it waits up to `lock_timeout` seconds (None: for ever) for another geo
    command writing in the same folders.
    """
    from geo import pipeline

    _check_tiles(options.get("tiles"))
    reading, written = pipeline.render_file(
        Path(data), Path(out), geocoder=_finder(prefer, None, None, None),
        png=None if png is None else Path(png), width=width, height=height,
        lock_timeout=lock_timeout, **options)
    return _as_sites(reading), written


def build(data: PathLike = "data/sites.geojson", out: PathLike = "output/map.html", *,
          check: bool = False, prefer: str | None = None, online: str | None = None,
          nominatim_url: str | None = None, user_agent: str | None = None,
          lock_timeout: float | None = 60.0, **options: Any) -> pipeline.BuildResult:
    """Geocode new sites, save the enriched data file and write the map, as `geo build`.

    Only files whose bytes change are written, atomically; a failed run (a `DataError`)
    leaves every file as it was. With `check=True` nothing is written, and the result's
    `stale` lists the files that are out of date. `options` as `make_map`'s.

    Another geo command writing in the same folders is waited for, up to `lock_timeout`
    seconds (None: for ever); then `geo.core.files.LockTimeout` is raised and nothing is
    changed. Output paths that are not regular files (a device, a pipe, a folder) are
    refused with a `DataError`; a symbolic link is followed and its target replaced.
    """
    from geo import pipeline

    _check_tiles(options.get("tiles"))
    return pipeline.build(Path(data), Path(out), check=check,
                          geocoder=_finder(prefer, online, nominatim_url, user_agent),
                          lock_timeout=lock_timeout, **options)


def add_site(data: PathLike = "data/sites.geojson", *, name: str, place: str,
             amount: str | int | float, prefer: str | None = None, online: str | None = None,
             nominatim_url: str | None = None, user_agent: str | None = None,
             lock_timeout: float | None = 60.0, **fields: Any) -> tuple[Site, list[Problem]]:
    """Append one site to the data file, geocoded, if everything checks out (as `geo add`).

    `fields` are the optional ones of `geo.contract.new_feature` (investor,
    investor_country, date, status, notes, source_url, source_title). Returns the new
    site and any warnings; raises `DataError` and writes nothing if anything is wrong.
    The file is read and written with its folder's lock held (waited for up to
    `lock_timeout` seconds), so that parallel adds and builds all keep their sites.
    """
    from geo import pipeline
    from geo.contract import new_feature

    feature = new_feature(name, place, amount, **fields)
    return pipeline.add_feature(Path(data), feature,
                                geocoder=_finder(prefer, online, nominatim_url, user_agent),
                                lock_timeout=lock_timeout)
