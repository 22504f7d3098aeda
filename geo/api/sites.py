"""The API's core: read, geocode, parse, tabulate, map, build, add (see `geo.api`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, overload

from geo.core.errors import Problem

if TYPE_CHECKING:
    import folium
    import geopandas

    from geo import pipeline
    from geo.amount import Amount
    from geo.enrich import Headline, Site, Unresolved
    from geo.geocoding import GeocodeResult

# The heavier layers (pipeline, amounts, rendering) are imported by the functions that use
# them: `geo geocode Cambrai` goes through this module and must start in about the time of
# the interpreter itself.

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
    #: With `strict=False`: the sites that did not resolve (not in this sequence), with why.
    to_check: tuple[Unresolved, ...] = ()

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
               user_agent: str | None = None, strict: bool = True) -> Sites:
    """Read, check and enrich a data file in memory; the file itself is not changed.

    Raises `DataError` listing every problem (file, feature, field, what to type). With
    `strict=False`, sites that don't resolve are left out and listed in `Sites.to_check`
    (only a file unusable as a whole raises). `prefer="populous"` and `online="nominatim"`
    are as in `geo build`.

    >>> sites = read_sites(SEED)
    >>> len(sites), sites.settings["lang"], sites.headline.amount.low
    (4, 'fr', 109000000000.0)
    """
    from geo import pipeline

    reading = pipeline.read(Path(path), geocoder=_finder(prefer, online, nominatim_url, user_agent),
                            strict=strict)
    return _as_sites(reading)


def _as_sites(reading: pipeline.Reading) -> Sites:
    return Sites(reading.path, tuple(reading.sites), reading.settings, reading.headline,
                 tuple(reading.warnings), reading.needs_saving, tuple(reading.to_check))


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
    >>> gdf[["id", "amount_kind", "amount_min_eur", "precision"]].iloc[2].to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'id': 'emirats-arabes-unis-france', 'amount_kind': 'range',
     'amount_min_eur': 30000000000.0, 'precision': 'country'}
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

    return make_page(list(sites), sites.settings, options, sites.headline, sites.to_check)


def render_map(data: PathLike = "data/sites.geojson", out: PathLike = "output/map.html", *,
               prefer: str | None = None, png: PathLike | None = None, pdf: PathLike | None = None,
               size: str | None = None, width: int | None = None, height: int | None = None,
               strict: bool = False, lock_timeout: float | None = 60.0,
               **options: Any) -> tuple[Sites, bool]:
    """Write the map page from a data file, without rewriting the data file.

    Sites not yet geocoded are geocoded in memory only. Returns the sites and whether the
    page's bytes changed (an unchanged page is not rewritten). `options` as `make_map`'s.

    Sites that don't resolve make a draft page that lists them (`Sites.to_check`), unless
    `strict`. `png` and `pdf` also capture the page in headless Chromium, in its print
    mode: no controls, the legend open beside the map, every panel whole, metropolitan
    France in view when every site is in it. The PNG is `width` × `height` CSS pixels
    (default 1200 × 800, at 1×), or a `size`: "social" (1200 × 675), "square" (1080 × 1080)
    or "print" (A4 landscape, 1123 × 794), each at 2× device scale. The PDF is vector (text
    and shapes, no bitmap), on an A4 landscape page unless a size or width and height are
    given. A panel that the image cuts off is reported in the returned sites' `warnings`.
    Raises `OptionError` for contradicting sizes and `ScreenshotError` (saying how to
    install Chromium) if the capture cannot be made. Like `build`, it waits up to
    `lock_timeout` seconds (None: for ever) for another geo command writing in the same
    folders.
    """
    from geo import pipeline

    _check_tiles(options.get("tiles"))
    frame = _frame(size, width, height) if png is not None or pdf is not None else None
    warnings: list[Problem] = []

    def capture(_reading: pipeline.Reading) -> None:
        from geo.render.screenshot import SIZES, print_pdf, screenshot

        def warner(target: PathLike) -> Callable[[str], None]:
            def warn(message: str) -> None:
                warnings.append(Problem(str(target), message, severity="warning",
                                        hint="choose a bigger --size, or --width and --height"))
            return warn

        assert frame is not None
        if png is not None:
            w, h, scale = frame
            screenshot(Path(out), Path(png), width=w, height=h, scale=scale, print_mode=True,
                       warn=warner(png))
        if pdf is not None:  # A4 unless a size was asked for
            w, h, _ = frame if (size or width or height) else SIZES["print"]
            print_pdf(Path(out), Path(pdf), width=w, height=h, print_mode=True, warn=warner(pdf))

    captures = [Path(p) for p in (png, pdf) if p is not None]
    reading, written = pipeline.render_file(
        Path(data), Path(out), geocoder=_finder(prefer, None, None, None), strict=strict,
        captures=captures, capture=capture if frame is not None else None,
        lock_timeout=lock_timeout, **options)
    sites = _as_sites(reading)
    if warnings:
        sites = replace(sites, warnings=(*sites.warnings, *warnings))
    return sites, written


def _frame(size: str | None, width: int | None, height: int | None) -> tuple[int, int, float]:
    """(width, height, device scale) of the capture: a named size, or width × height at 1×."""
    from geo.render.screenshot import SIZES

    if size is None:
        return width or 1200, height or 800, 1.0
    if size not in SIZES:
        raise OptionError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    if width is not None or height is not None:
        raise OptionError(f"--size {size} sets the image's width and height; leave out "
                          "--width and --height, or --size")
    return SIZES[size]


def embed_snippet(url: str = "map.html", title: str = "Carte des investissements annoncés", *,
                  aspect: str | float = "4:3", min_height: int | None = None,
                  auto_height: bool = False, frame_id: str | None = None) -> str:
    """The iframe snippet to paste into an article, as `geo embed` prints it.

    Fixed by default (the frame keeps `aspect`, "16:9" or width ÷ height, at every width);
    `auto_height=True` adds the script that sizes the frame from the map's own height. Each
    snippet has its own element id (from the URL, or `frame_id`), so several can share a
    page. A bad aspect or id raises ValueError saying what to type.

    >>> print(embed_snippet("https://example.org/ai.html", "AI sites", aspect="16:9"))
    ... # doctest: +NORMALIZE_WHITESPACE
    <iframe id="geo-map-ca36f33a" src="https://example.org/ai.html#geo-fit" title="AI sites"
    loading="lazy" referrerpolicy="strict-origin-when-cross-origin"
    style="display:block;width:100%;height:480px;height:revert-layer;aspect-ratio:16 / 9;border:0"></iframe>
    """
    from geo.render.embed import embed_snippet as snippet

    return snippet(url, title, aspect=aspect, min_height=min_height, auto_height=auto_height,
                   frame_id=frame_id)


def build(data: PathLike = "data/sites.geojson", out: PathLike = "output/map.html", *,
          check: bool = False, strict: bool = False, prefer: str | None = None,
          online: str | None = None, nominatim_url: str | None = None,
          user_agent: str | None = None, lock_timeout: float | None = 60.0,
          **options: Any) -> pipeline.BuildResult:
    """Geocode new sites, save the enriched data file and write the map, as `geo build`.

    Only files whose bytes change are written, atomically. Sites that don't resolve make a
    draft: the others are mapped and saved enriched, those are kept in the data file exactly
    as typed and listed on the map (`BuildResult.to_check`). With `strict=True` (or a file
    unusable as a whole) a problem raises `DataError` and leaves every file as it was. With
    `check=True` nothing is written, and the result's `stale` lists the files that are out
    of date. The result's `changes` says what changed since the data file's last version.
    `options` as `make_map`'s.

    Another geo command writing in the same folders is waited for, up to `lock_timeout`
    seconds (None: for ever); then `geo.core.files.LockTimeout` is raised and nothing is
    changed. Output paths that are not regular files (a device, a pipe, a folder) are
    refused with a `DataError`; a symbolic link is followed and its target replaced.
    """
    from geo import pipeline

    _check_tiles(options.get("tiles"))
    return pipeline.build(Path(data), Path(out), check=check, strict=strict,
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
