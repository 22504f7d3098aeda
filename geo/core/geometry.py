"""Plane and sphere geometry for places: great-circle distances and point-in-polygon tests.

Pure Python on purpose: `geo geocode` must start in about the time of the interpreter
itself, and shapely (with numpy) would cost more than the whole lookup. The outlines
shipped with geo are simplified, so these loops run over a few thousand vertices at most.

Geometries are GeoJSON ``Polygon``/``MultiPolygon`` dicts, optionally carrying two
precomputed keys that every function here honours when present: ``bbox`` (see
:func:`bbox`) and ``parts`` (see :func:`parts`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "EARTH_DIAMETER_KM",
    "band_edges",
    "bbox",
    "crossings_odd",
    "edges_cross",
    "haversine_km",
    "in_ring",
    "near_geometry",
    "parts",
    "point_in_geometry",
    "rings",
]

EARTH_DIAMETER_KM = 12742.0
_KM_PER_DEGREE = 111.195
#: A bounding box smaller than this (degrees, both sides) marks a tiny country or island
#: whose simplified outline may be a mere triangle: its whole bounding box counts.
_TINY_DEGREES = 0.25

Ring = list[list[float]]
#: (xi, yi, xj, yj): an edge of a ring from vertex i back to the vertex before it.
Edge = tuple[float, float, float, float]
BBox = tuple[float, float, float, float]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points in degrees.

    >>> round(haversine_km(48.8566, 2.3522, 50.1760, 3.2350))  # Paris to Cambrai
    160
    >>> haversine_km(45.0, 5.0, 45.0, 5.0)
    0.0
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return EARTH_DIAMETER_KM * math.asin(min(1.0, math.sqrt(a)))


# ----------------------------------------------------------------- ray casting
def crossings_odd(x: float, y: float, edges: Iterable[Edge]) -> bool:
    """Does a horizontal ray from (x, y) towards +x cross an odd number of ``edges``?

    The one ray-casting rule of geo (even-odd): :func:`in_ring` feeds it the edges of a
    ring that meet the point's latitude, the outline index those that meet a latitude
    band of its grid (both from :func:`band_edges`), so both give the same parity with
    the same arithmetic.

    >>> square = [(0.0, 0.0, 0.0, 1.0), (1.0, 0.0, 0.0, 0.0), (1.0, 1.0, 1.0, 0.0), (0.0, 1.0, 1.0, 1.0)]
    >>> crossings_odd(0.5, 0.5, square), crossings_odd(1.5, 0.5, square)
    (True, False)
    """
    inside = False
    for xi, yi, xj, yj in edges:
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
    return inside


def in_ring(x: float, y: float, ring: Ring) -> bool:
    """Is (x, y) inside the closed ring (a GeoJSON linear ring of [x, y] vertices)?

    :func:`crossings_odd` over the edges of the zero-height band at ``y``: the only
    edges a horizontal ray from the point can cross (and a cheaper filter than testing
    every edge in the loop).

    >>> in_ring(0.5, 0.5, [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]])
    True
    >>> in_ring(2, 0.5, [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]])
    False
    """
    return crossings_odd(x, y, band_edges(ring, y, y))


def band_edges(ring: Ring, y0: float, y1: float) -> list[Edge]:
    """The edges (vertex i, vertex i - 1) of ``ring`` whose latitude range meets [y0, y1].

    Why: a horizontal ray from a point of the band can only cross these, so testing
    only them gives the same parity in far fewer steps.

    >>> band_edges([[0, 0], [1, 0], [1, 1], [0, 1]], 0.4, 0.6)
    [(0, 0, 0, 1), (1, 1, 1, 0)]
    """
    out = []
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if not ((yi > y1 and yj > y1) or (yi < y0 and yj < y0)):
            out.append((xi, yi, xj, yj))
        j = i
    return out


# ----------------------------------------------------------------- polygons
def rings(geom: dict[str, Any]) -> Iterator[list[Ring]]:
    """Yield the polygons (lists of rings, outer ring first) of a Polygon/MultiPolygon."""
    if geom["type"] == "Polygon":
        yield geom["coordinates"]
    elif geom["type"] == "MultiPolygon":
        yield from geom["coordinates"]


def bbox(geom: dict[str, Any]) -> BBox:
    """(min x, min y, max x, max y) of the outer rings; all zeros for an empty geometry.

    >>> bbox({"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 1], [0, 0]]]})
    (0, 0, 2, 1)
    """
    xs: list[float] = []
    ys: list[float] = []
    for poly in rings(geom):
        for x, y in poly[0]:
            xs.append(x)
            ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)


def parts(geom: dict[str, Any]) -> list[tuple[BBox, list[Ring]]]:
    """(bbox of the outer ring, polygon) per part: a point far from a part skips its rings."""
    out = []
    for poly in rings(geom):
        if poly and poly[0]:
            xs = [pt[0] for pt in poly[0]]
            ys = [pt[1] for pt in poly[0]]
            out.append(((min(xs), min(ys), max(xs), max(ys)), poly))
    return out


def edges_cross(geom: dict[str, Any], x0: float, y0: float, x1: float, y1: float) -> bool:
    """Does any edge (outer rings and holes) have a bounding box meeting the box? (conservative)

    Why: a box that no edge meets lies wholly inside or wholly outside the outline, so
    one test of its centre answers for every point of it.
    """
    geom_parts = geom.get("parts")
    polys = [poly for (a, b, c, d), poly in geom_parts
             if not (c < x0 or a > x1 or d < y0 or b > y1)
             ] if geom_parts is not None else list(rings(geom))
    for poly in polys:
        for ring in poly:
            if not ring:
                continue
            px, py = ring[-1][0], ring[-1][1]
            for pt in ring:
                x, y = pt[0], pt[1]
                if ((x if x > px else px) >= x0 and (x if x < px else px) <= x1
                        and (y if y > py else py) >= y0 and (y if y < py else py) <= y1):
                    return True
                px, py = x, y
    return False


def point_in_geometry(lon: float, lat: float, geom: dict[str, Any]) -> bool:
    """Pure-Python point-in-polygon (even-odd rule, holes honoured, bbox prefilter).

    Why pure Python: runtime must not import shapely; outlines are simplified
    so a ray-casting test over a few thousand vertices is fast enough.

    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
    ...                                              [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]}
    >>> point_in_geometry(3, 3, square), point_in_geometry(1.5, 1.5, square)  # the hole is out
    (True, False)
    """
    b = geom.get("bbox") or bbox(geom)
    if not (b[0] <= lon <= b[2] and b[1] <= lat <= b[3]):
        return False
    geom_parts = geom.get("parts")
    if geom_parts is not None:
        for (x0, y0, x1, y1), poly in geom_parts:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and in_ring(lon, lat, poly[0]):
                if not any(in_ring(lon, lat, hole) for hole in poly[1:]):
                    return True
        return False
    for poly in rings(geom):
        if poly and in_ring(lon, lat, poly[0]):
            if not any(in_ring(lon, lat, hole) for hole in poly[1:]):
                return True
    return False


def near_geometry(lon: float, lat: float, geom: dict[str, Any], km: float) -> bool:
    """Is the point within ``km`` of the outline (any ring), or of the bounding box of a tiny one?

    Why: outlines are simplified (a few km of tolerance), so a coastal or border point can
    fall just outside its country. Local equirectangular distances: ample at 10 km.

    >>> island = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    >>> near_geometry(1.05, 0.5, island, 10.0), near_geometry(1.5, 0.5, island, 10.0)
    (True, False)
    """
    b = geom.get("bbox") or bbox(geom)
    dy = km / _KM_PER_DEGREE
    dx = dy / max(math.cos(math.radians(lat)), 0.01)
    if not (b[0] - dx <= lon <= b[2] + dx and b[1] - dy <= lat <= b[3] + dy):
        return False
    if b[2] - b[0] < _TINY_DEGREES and b[3] - b[1] < _TINY_DEGREES:
        return True
    kx = _KM_PER_DEGREE * math.cos(math.radians(lat))
    limit = km * km
    for (x0, y0, x1, y1), poly in geom.get("parts") or parts(geom):
        if not (x0 - dx <= lon <= x1 + dx and y0 - dy <= lat <= y1 + dy):
            continue
        for ring in poly:
            if _ring_within(ring, lon, lat, kx, limit):
                return True
    return False


def _ring_within(ring: Ring, lon: float, lat: float, kx: float, limit: float) -> bool:
    """Is any edge of ``ring`` within sqrt(``limit``) km of the point (local plane, kx km/degree)?"""
    for i in range(len(ring)):
        ax, ay = (ring[i - 1][0] - lon) * kx, (ring[i - 1][1] - lat) * _KM_PER_DEGREE
        bx, by = (ring[i][0] - lon) * kx, (ring[i][1] - lat) * _KM_PER_DEGREE
        ex, ey = bx - ax, by - ay
        n = ex * ex + ey * ey
        t = 0.0 if n == 0 else min(1.0, max(0.0, -(ax * ex + ay * ey) / n))
        px, py = ax + t * ex, ay + t * ey
        if px * px + py * py <= limit:
            return True
    return False
