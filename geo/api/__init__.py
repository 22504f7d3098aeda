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

from typing import Any

from geo.api.newsroom import ImportReport, diff_sites, export_sites, extract, import_sites, init_map
from geo.api.sites import (
    OptionError,
    Sites,
    add_site,
    build,
    embed_snippet,
    geocode,
    make_map,
    parse_amount,
    read_sites,
    render_map,
    to_geodataframe,
)
from geo.core.errors import DataError, Problem

__all__ = [
    "DataError",
    "ImportReport",
    "OptionError",
    "Problem",
    "Site",
    "Sites",
    "add_site",
    "build",
    "embed_snippet",
    "extract",
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


def __getattr__(name: str) -> Any:
    """`Site` on first use: importing the enrichment layer costs `geo geocode` its cold start."""
    if name == "Site":
        from geo.enrich import Site

        return Site
    raise AttributeError(f"module 'geo.api' has no attribute {name!r}")
