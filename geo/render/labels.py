"""Place names on the offline basemap, placed so that they never overlap, zoom by zoom.

Tiles name places; the offline basemap has none, so a reader saw shapes without Paris,
Lyon or Marseille. The page names countries, regions and towns (every prefecture and region
capital, and the large towns of ``geo/data/basemap/towns.json``), each from the zoom at
which it first fits: labels are taken in order of importance and each gets the lowest zoom
where its box (the text's estimated size, in pixels at that zoom) overlaps no label already
placed there. Two labels clear of each other at one zoom stay clear at every higher zoom (the
distance between them doubles, their sizes stay), so a label must only be clear of each more
important one at the first zoom where both show: the page shows a label from its ``z`` on
and tests nothing itself. Deterministic: same places, same zooms.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from geo.render.outlines import BASEMAP_DIR

__all__ = ["MAX_ZOOM", "MIN_ZOOM", "place_labels", "towns"]

MIN_ZOOM = 3
#: Labels that fit at no lower zoom are shown from this one on.
MAX_ZOOM = 12
#: Estimated text sizes (the page's CSS: 11 px towns and regions, 12 px capitals for countries),
#: in pixels: average advance per character, and line height.
_CHAR = {"town": 6.2, "capital": 6.9, "region": 6.2, "country": 8.6}
_HEIGHT = {"town": 13.0, "capital": 14.0, "region": 13.0, "country": 14.0}
_GAP = 3.0  # pixels kept clear around each label
#: Towns bigger than this come before region names; the others after them.
_BIG_TOWN = 200_000


@cache
def towns() -> list[list[Any]]:
    """The shipped towns: ``[code, name, lat, lon, population, rank]`` (rank 2: region
    capital, 1: prefecture, 0: another large town)."""
    text = resources.files("geo").joinpath(f"{BASEMAP_DIR}/towns.json").read_text("utf-8")
    return json.loads(text)["towns"]


def _world(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator at zoom 0 (a 256-pixel world), as Leaflet projects."""
    lat = max(min(lat, 85.0511287798), -85.0511287798)
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return 256 * (0.5 + lon / 360), 256 * (0.5 - y / (2 * math.pi))


def _box(label: dict[str, Any], zoom: int) -> tuple[float, float, float, float]:
    """The label's box in pixels at `zoom`: towns to the right of their dot, other labels
    centred on their point (geo-basemap.js draws them so)."""
    x, y = _world(label["lat"], label["lon"])
    scale = 2 ** zoom
    x, y = x * scale, y * scale
    kind = label["kind"]
    width = _CHAR[kind] * len(label["name"])
    half = _HEIGHT[kind] / 2
    if kind in ("town", "capital"):
        return (x - 4 - _GAP, y - half - _GAP, x + 6 + width + _GAP, y + half + _GAP)
    return (x - width / 2 - _GAP, y - half - _GAP, x + width / 2 + _GAP, y + half + _GAP)


def _overlaps(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(labels: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each label (``name``, ``lat``, ``lon``, ``kind``), in order of importance, with ``z``:
    the lowest zoom from which it overlaps no more important label at any zoom they share
    (two labels first shown at zooms z1 ≤ z2 must be clear of each other at z2).

    >>> paris = {"name": "Paris", "lat": 48.86, "lon": 2.34, "kind": "capital"}
    >>> nearby = {"name": "Saint-Denis", "lat": 48.94, "lon": 2.36, "kind": "town"}
    >>> [(x["name"], x["z"]) for x in place_labels([paris, nearby])]
    [('Paris', 3), ('Saint-Denis', 8)]
    """
    placed: list[tuple[int, dict[int, tuple[float, float, float, float]]]] = []
    out = []
    for label in labels:
        boxes = {z: _box(label, z) for z in range(MIN_ZOOM, MAX_ZOOM + 1)}
        zoom = next((z for z in range(MIN_ZOOM, MAX_ZOOM)
                     if not any(_overlaps(boxes[max(z, oz)], other[max(z, oz)]) for oz, other in placed)),
                    MAX_ZOOM)
        placed.append((zoom, boxes))
        out.append({**label, "z": zoom})
    return out


def ordered(countries: list[dict[str, Any]], regions: list[dict[str, Any]],
            towns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Importance: the big towns (largest first), then neighbouring countries, region names,
    and the other prefectures and towns (region capitals first, then by size)."""
    big = sorted((t for t in towns if t["population"] >= _BIG_TOWN),
                 key=lambda t: (-t["population"], t["name"]))
    rest = sorted((t for t in towns if t["population"] < _BIG_TOWN),
                  key=lambda t: (-t["rank"], -t["population"], t["name"]))
    return [*big, *countries, *regions, *rest]
