"""geo: announced investments → a versioned GeoJSON file → an honest proportional-symbol map.

The public API (see `geo.api`, and the README's "Use from Python"):

* `read_sites(path)` → the enriched sites of a data file;
* `geocode(text)` and `parse_amount(text)` → one place, one amount, as `geo build` reads them;
* `to_geodataframe(sites_or_path)` → a GeoDataFrame with the parsed amounts;
* `make_map(sites_or_path, **options)` → a `folium.Map` in geo's page;
* `build(...)`, `render_map(...)`, `add_site(...)`, `import_sites(...)`, `export_sites(...)`,
  `diff_sites(...)`, `init_map(...)`, `extract(...)`, `embed_snippet(...)` → what the `geo`
  commands do.

They are imported on first use, so that `import geo` (and `geo geocode`) stays fast.
"""

from __future__ import annotations

from typing import Any

from geo.core.version import __version__

__all__ = [
    "DataError",
    "ImportReport",
    "OptionError",
    "Problem",
    "Site",
    "Sites",
    "__version__",
    "add_site",
    "build",
    "embed_snippet",
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
    if name in __all__:
        from geo import api

        return getattr(api, name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
