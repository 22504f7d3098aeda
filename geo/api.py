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
    from geo.diff import Changes
    from geo.enrich import Headline, Site, Unresolved
    from geo.geocoding import GeocodeResult
    from geo.merge import MergeReport

# The heavier layers (pipeline, amounts, rendering) are imported by the functions that use
# them: `geo geocode Cambrai` goes through this module and must start in about the time of
# the interpreter itself.

__all__ = [
    "DataError",
    "ImportReport",
    "OptionError",
    "Problem",
    "Site",
    "Sites",
    "add_site",
    "build",
    "diff_sites",
    "export_sites",
    "geocode",
    "import_sites",
    "init_map",
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
    (5, 'fr', 109000000000.0)
    """
    from geo import pipeline

    prepared = pipeline.prepare(Path(path), geocoder=_finder(prefer, online, nominatim_url, user_agent),
                                strict=strict)
    return Sites(Path(path), tuple(prepared.sites), dict(prepared.doc.settings), prepared.headline,
                 tuple(prepared.warnings), prepared.data_changed, tuple(prepared.to_check))


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

    sites = _sites(sites_or_path)
    options = RenderOptions.resolve(sites.settings, lang=lang, offline=offline,
                                    inline_assets=inline_assets, tiles=tiles, title=title)
    from geo.render.page import make_page

    return make_page(list(sites), sites.settings, options, sites.headline, sites.to_check)


def render_map(data: PathLike = "data/sites.geojson", out: PathLike = "output/map.html", *,
           prefer: str | None = None, png: PathLike | None = None, width: int = 1200,
           height: int = 800, strict: bool = False, **options: Any) -> tuple[Sites, bool]:
    """Write the map page from a data file, without rewriting the data file.

    Sites not yet geocoded are geocoded in memory only. Returns the sites and whether the
    page's bytes changed (an unchanged page is not rewritten). `options` as `make_map`'s.
    Sites that don't resolve make a draft page that lists them (`Sites.to_check`), unless
    `strict`. With `png`, also a screenshot of the page (width × height CSS pixels) taken in
    headless Chromium (raises `ScreenshotError` saying how to install it if it is missing).
    """
    from geo import pipeline
    from geo.core.files import write_all
    from geo.render.options import RenderOptions

    sites = read_sites(data, prefer=prefer, strict=strict)
    resolved = RenderOptions.resolve(sites.settings, **options)
    page = pipeline.render_page(list(sites), sites.settings, resolved, sites.headline,
                                list(sites.to_check))
    written = bool(write_all([(Path(out), page)]))
    if png is not None:
        from geo.render.screenshot import screenshot

        screenshot(Path(out), Path(png), width=width, height=height)
    return sites, written


def build(data: PathLike = "data/sites.geojson", out: PathLike = "output/map.html", *,
          check: bool = False, strict: bool = False, prefer: str | None = None,
          online: str | None = None, nominatim_url: str | None = None,
          user_agent: str | None = None, **options: Any) -> pipeline.BuildResult:
    """Geocode new sites, save the enriched data file and write the map, as `geo build`.

    Only files whose bytes change are written, atomically. Sites that don't resolve make a
    draft: the others are mapped and saved enriched, those are kept in the data file exactly
    as typed and listed on the map (`BuildResult.to_check`). With `strict=True` (or a file
    unusable as a whole) a problem raises `DataError` and leaves every file as it was. With
    `check=True` nothing is written, and the result's `stale` lists the files that are out
    of date. The result's `changes` says what changed since the data file's last version.
    `options` as `make_map`'s.
    """
    from geo import pipeline

    return pipeline.build(Path(data), Path(out), check=check, strict=strict,
                          geocoder=_finder(prefer, online, nominatim_url, user_agent), **options)


def add_site(data: PathLike = "data/sites.geojson", *, name: str, place: str,
             amount: str | int | float, prefer: str | None = None, online: str | None = None,
             nominatim_url: str | None = None, user_agent: str | None = None,
             **fields: Any) -> tuple[Site, list[Problem]]:
    """Append one site to the data file, geocoded, if everything checks out (as `geo add`).

    `fields` are the optional ones of `geo.contract.new_feature` (investor,
    investor_country, date, status, notes, source_url, source_title). Returns the new
    site and any warnings; raises `DataError` and writes nothing if anything is wrong.
    """
    from geo import pipeline
    from geo.contract import new_feature

    feature = new_feature(name, place, amount, **fields)
    return pipeline.add_feature(Path(data), feature,
                                geocoder=_finder(prefer, online, nominatim_url, user_agent))


@dataclass
class ImportReport:
    """What `import_sites` did: how the file was read, what each column became, the merge."""

    source: Path
    #: "CSV, UTF-8, delimiter ';'" / "XLSX, sheet 'Feuil1'".
    read_as: str
    rows: int
    #: Header -> field (or the property it was kept as, or None when skipped).
    columns: dict[str, str | None]
    #: Headers nothing matched: their values were kept as properties of the same name.
    unmatched: list[str]
    #: Headers skipped (computed by geo, or `--map COLUMN=ignore`).
    skipped: list[str]
    merge: MergeReport
    data_path: Path
    data_written: bool
    #: Sites that don't resolve yet (a draft map lists them), with what to type.
    to_check: tuple[Unresolved, ...]
    warnings: tuple[Problem, ...]
    notes: tuple[str, ...] = ()


def import_sites(source: PathLike, data: PathLike = "data/sites.geojson", *,
                 mapping: dict[str, str] | None = None, sheet: str | None = None,
                 prefer: str | None = None, online: str | None = None,
                 nominatim_url: str | None = None, user_agent: str | None = None) -> ImportReport:
    """Merge the rows of a spreadsheet (CSV, XLSX, ODS) into the data file, as `geo import`.

    Headers are matched in French and English (nom/name, lieu/place, montant/amount,
    source/url…); `mapping` ({"Ville": "place", "Commentaire": "ignore"}) overrides them;
    unmatched columns are kept as properties. Rows are merged without duplicates (by `id`
    when there is an id column, else by name, investor and place) and the data file is
    saved enriched, atomically, under the folder's lock. A table that cannot be read, or two
    rows describing one site, raise `DataError` and change nothing.
    """
    from geo import pipeline, sheets

    source = Path(source)
    try:
        table = sheets.read_table(source, sheet=sheet)
        columns = sheets.match_columns(table.header, mapping)
    except (sheets.SheetError, ValueError) as exc:
        raise DataError([Problem(str(source), str(exc))]) from None
    if "name" not in columns.targets and "id" not in columns.targets:
        raise DataError([Problem(str(source), "no column gives the sites' names",
                                 hint="name one column \"nom\" or \"name\", or say which it is: "
                                 "--map 'COLUMN=name'")])
    rows = sheets.row_features(table, columns)
    result = pipeline.import_features(Path(data), [f for _, f in rows], [f"row {n}" for n, _ in rows],
                                      geocoder=_finder(prefer, online, nominatim_url, user_agent),
                                      source=str(source))
    described = {h: (t[len("property:"):] if t and t.startswith("property:") else t)
                 for h, t in zip(table.header, columns.targets, strict=True) if h}
    return ImportReport(source, table.describe(), len(rows), described, columns.unmatched,
                        columns.skipped, result.report, result.data_path, result.data_written,
                        tuple(result.to_check), tuple(result.warnings), tuple(columns.warnings))


def export_sites(data: PathLike = "data/sites.geojson", out: PathLike | None = None, *,
                 to: str = "csv", prefer: str | None = None) -> tuple[Path, bool, Sites]:
    """Write the enriched sites as CSV, XLSX, GPKG, GeoJSONSeq, GeoParquet or KML (as `geo export`).

    `out` defaults to output/sites.<ext>. Returns the path, whether its bytes changed, and
    the sites (with those still to check). The data file is not changed.
    """
    from geo import pipeline
    from geo.export import FORMATS

    if to not in FORMATS:
        raise OptionError(f"unknown export format {to!r}: use one of {', '.join(FORMATS)}")
    out_path = Path(out) if out is not None else Path("output") / f"sites.{FORMATS[to][0]}"
    prepared, written = pipeline.export(Path(data), out_path, to,
                                        geocoder=_finder(prefer, None, None, None))
    sites = Sites(Path(data), tuple(prepared.sites), dict(prepared.doc.settings), prepared.headline,
                  tuple(prepared.warnings), prepared.data_changed, tuple(prepared.to_check))
    return out_path, written, sites


def diff_sites(old: PathLike | bytes, new: PathLike | bytes = "data/sites.geojson") -> Changes:
    """What changed between two versions of a data file (paths, or their bytes), as `geo diff`.

    >>> before = open(SEED, "rb").read().replace(b'"10 milliards', b'"12 milliards')
    >>> diff_sites(before, SEED).summary()
    '0 added, 0 removed, 1 amount changed, 0 places changed'
    """
    from geo import diff

    def version(value: PathLike | bytes, label: str) -> diff.Snapshot:
        if isinstance(value, bytes):
            return diff.read_version(value, label)
        return diff.read_version(Path(value).read_bytes(), str(value))

    old_version = version(old, "OLD")
    return diff.compare(old_version, version(new, "NEW"))


def init_map(folder: PathLike = ".", *, title: str | None = None, lang: str = "fr") -> list[Path]:
    """Start a new map in `folder`: data/sites.geojson (settings and one example site), a
    .gitignore and a README. Refuses (DataError, nothing written) if any of them exists."""
    from geo.core.files import write_all
    from geo.starter import starter_files

    if lang not in ("fr", "en"):
        raise OptionError(f"lang must be 'fr' or 'en', not {lang!r}")
    files = starter_files(Path(folder), title=title, lang=lang)
    existing = [path for path, _ in files if path.exists()]
    if existing:
        raise DataError([Problem(str(p), "already exists: geo init never overwrites a file",
                                 hint="start the map in an empty folder (geo init FOLDER), or "
                                 "move this file away") for p in existing])
    write_all(files, skip_unchanged=False)
    return [path for path, _ in files]
