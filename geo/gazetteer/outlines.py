"""Outlines of departments, regions and countries, and a grid index answering "which one contains this point".

Why an index: reverse geocoding tested ~100 outlines per point (bounding boxes, then
ray casting). The geometry itself (:mod:`geo.core.geometry`) is pure; this module only
reads the shipped GeoJSON files and decides, per grid cell, which outlines need a test.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container
from typing import Any

from geo.core.geometry import band_edges, bbox, crossings_odd, edges_cross, parts, point_in_geometry, rings

__all__ = ["LazyOutlines", "OutlineIndex"]


class LazyOutlines(dict):
    """``kind -> {code: geometry}``, reading each outline file the first time its kind is requested.

    Each geometry gets its ``bbox`` and ``parts`` (see :mod:`geo.core.geometry`) once, here.
    """

    _FILES = {"department": ("departments.geojson", "code"),
              "region": ("regions.geojson", "code"),
              "country": ("countries.geojson", "iso_a2"),
              "epci": ("epcis.geojson", "code"),
              "arrondissement": ("arrondissements.geojson", "code"),
              "former_region": ("former_regions.geojson", "code"),
              "zone": ("zones.geojson", "code")}

    def __init__(self, load: Callable[[str], Any]) -> None:
        super().__init__()
        self._load = load

    def __missing__(self, kind: str) -> dict[str, dict[str, Any]]:
        fname, prop = self._FILES[kind]
        fc = self._load(fname)
        out: dict[str, dict[str, Any]] = {}
        for feat in fc["features"]:
            key = feat["properties"].get(prop)
            if key:
                geom = feat["geometry"]
                geom = dict(geom, bbox=bbox(geom), parts=parts(geom))
                out[key] = geom
        self[kind] = out
        return out


class OutlineIndex:
    """Point-in-outline lookups through a 0.1-degree grid, same answers as testing every outline.

    Per grid cell (computed on first use) the index keeps, in the outlines' order, only
    the outlines that can contain a point of the cell: those whose edges cross the cell
    (tested point by point, on the edges of the cell's latitude band only) and those that
    contain the whole cell (no test at all: no edge crosses it, so every point of the
    cell is on the same side as its centre).
    """

    STEP = 10  # cells per degree
    _MARGIN = 1e-7  # degrees: cells are widened so floor() rounding never misplaces a point

    def __init__(self, outlines: dict[str, dict[str, Any]]) -> None:
        self._outlines = outlines
        # (code, geometry) in the outlines' order, so the first match is the same as a scan
        self._items = list(outlines.items())
        self._cells: dict[tuple[int, int], tuple[tuple[str, _Banded | None], ...]] = {}

    def _cell(self, cx: int, cy: int) -> tuple[tuple[str, _Banded | None], ...]:
        m = self._MARGIN
        x0, x1 = cx / self.STEP - m, (cx + 1) / self.STEP + m
        y0, y1 = cy / self.STEP - m, (cy + 1) / self.STEP + m
        centre = ((cx + 0.5) / self.STEP, (cy + 0.5) / self.STEP)
        out: list[tuple[str, _Banded | None]] = []
        for code, geom in self._items:
            b = geom.get("bbox") or bbox(geom)
            if b[2] < x0 or b[0] > x1 or b[3] < y0 or b[1] > y1:
                continue  # the cell is outside the outline's bounding box
            if edges_cross(geom, x0, y0, x1, y1):
                out.append((code, _Banded(geom, y0, y1)))
            elif point_in_geometry(centre[0], centre[1], geom):
                out.append((code, None))
        entry = self._cells[(cx, cy)] = tuple(out)
        return entry

    def find(self, lon: float, lat: float, hint: str | None = None,
             among: Container[str] | None = None) -> str | None:
        """First code (``hint`` first, then in file order) whose outline contains the point.

        ``among``: optional container of acceptable codes (others are skipped).
        """
        cx, cy = math.floor(lon * self.STEP), math.floor(lat * self.STEP)
        entries = self._cells.get((cx, cy))
        if entries is None:
            entries = self._cell(cx, cy)
        if hint is not None:
            for code, geom in entries:
                if code == hint:
                    if geom is None or geom.contains(lon, lat):
                        return hint
                    break
        for code, geom in entries:
            if code != hint and (among is None or code in among) and (
                    geom is None or geom.contains(lon, lat)):
                return code
        return None


class _Banded:
    """:func:`~geo.core.geometry.point_in_geometry` for points of one latitude band.

    Only the edges that meet the band are kept (:func:`~geo.core.geometry.band_edges`):
    the same orientation and arithmetic (:func:`~geo.core.geometry.crossings_odd`) give
    exactly the same parity, in far fewer steps.
    """

    __slots__ = ("bbox", "parts")

    def __init__(self, geom: dict[str, Any], y0: float, y1: float) -> None:
        self.bbox = geom.get("bbox") or bbox(geom)
        geom_parts = geom.get("parts")
        if geom_parts is None:
            geom_parts = [(None, poly) for poly in rings(geom) if poly]
        self.parts = [(pb, [band_edges(ring, y0, y1) for ring in poly]) for pb, poly in geom_parts]

    def contains(self, lon: float, lat: float) -> bool:
        """Is the point (which must lie in the band) inside the outline? Holes honoured."""
        b = self.bbox
        if not (b[0] <= lon <= b[2] and b[1] <= lat <= b[3]):
            return False
        for pb, edges in self.parts:
            if (pb is None or (pb[0] <= lon <= pb[2] and pb[1] <= lat <= pb[3])) and \
                    crossings_odd(lon, lat, edges[0]):
                if not any(crossings_odd(lon, lat, hole) for hole in edges[1:]):
                    return True
        return False
