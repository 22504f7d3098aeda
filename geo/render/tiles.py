"""Basemap tiles: an xyzservices provider, checked before it can break a build or a map.

A tile provider is named (`--tiles`, or the data file's `settings.tiles`) and looked up
in xyzservices. Three kinds of names would give a broken map, so they are refused with a
message saying what to use instead, by `geo validate` as by `geo build`:

* a name xyzservices doesn't know;
* a provider that needs an API key: the key would be published in the page, for anyone
  to copy, and geo has no way to pass one anyway;
* a provider served over plain `http://`: a map is published on `https://` pages, where
  browsers block (or silently upgrade, and then often fail) such images, so the map would
  show no basemap at all.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

__all__ = ["TileError", "Tiles", "resolve"]

#: Named in messages: https, no key, well-known.
SUGGESTED = ("OpenStreetMap.Mapnik", "OpenStreetMap.France", "Esri.WorldGrayCanvas")


class TileError(ValueError):
    """These tiles cannot make a working map; `hint` says what to use instead."""

    def __init__(self, message: str, hint: str) -> None:
        self.hint = hint
        super().__init__(message)


@dataclass(frozen=True)
class Tiles:
    """A provider ready for the page: its URL template and its attribution (HTML)."""

    name: str
    url: str
    attribution: str


@cache
def _names() -> tuple[str, ...]:
    import xyzservices.providers as xyz

    return tuple(xyz.flatten())


def _alternatives(name: str) -> str:
    close = difflib.get_close_matches(name, _names(), n=3, cutoff=0.6)
    shown = ", ".join(close or SUGGESTED)
    return f"{'did you mean' if close else 'e.g.'} {shown}"


def resolve(name: str) -> Tiles:
    """The tiles of an xyzservices provider, or TileError saying why they cannot be used.

    >>> resolve("OpenStreetMap.France").url.startswith("https://")
    True
    >>> resolve("TopPlusOpen.Color")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.render.tiles.TileError: the tiles "TopPlusOpen.Color" are served over plain http: ...
    """
    import xyzservices.providers as xyz

    try:
        provider = xyz.query_name(name)
    except ValueError:
        raise TileError(f'unknown tiles "{name}"',
                        f"give an xyzservices name: {_alternatives(name)}") from None
    shown = f'"{name}"'
    if provider.requires_token():
        raise TileError(f"the tiles {shown} need an API key, which would be published in the page "
                        "for anyone to use", f"choose tiles that need none, e.g. {', '.join(SUGGESTED)}")
    if urlsplit(provider.url).scheme != "https":
        raise TileError(f"the tiles {shown} are served over plain http: browsers block them on "
                        "https pages, so the map would have no basemap",
                        f"choose tiles served over https, e.g. {', '.join(SUGGESTED)}")
    try:
        url = provider.build_url(scale_factor="{r}") if "{r}" in provider.url else provider.build_url()
    except ValueError as exc:
        raise TileError(f"the tiles {shown} cannot be used: {exc}",
                        f"choose other tiles, e.g. {', '.join(SUGGESTED)}") from None
    return Tiles(name, url, provider.html_attribution)
