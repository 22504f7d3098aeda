"""Reverse geocoding: which place is at a point, and is a point inside a place.

Used for coordinate queries (the context of a ``point``), and to check coordinates a
user typed against the place they named. Commune outlines are not shipped (size): a
point gets the nearest commune point within the department whose outline contains it,
found through a 0.1-degree grid of commune points; departments, regions and countries
are tested against their shipped outlines (:class:`~geo.gazetteer.OutlineIndex`).
"""

from __future__ import annotations

import math
from functools import cached_property

from geo.core.geometry import EARTH_DIAMETER_KM, haversine_km, near_geometry, point_in_geometry
from geo.geocoding.indexes import Indexes
from geo.geocoding.places import Place

__all__ = ["COUNTRY_MARGIN_KM", "Reverse", "outside_cell_a"]

#: Distance (km) from a country's simplified outline still counted as inside it.
COUNTRY_MARGIN_KM = 10.0
#: Nearest commune searched this far (km) from a point.
_NEAR_KM = 25.0
#: Within this distance (km) of a commune point, a point outside every department outline
#: (the coastline is simplified) still gets that commune.
_COAST_KM = 3.0
#: contains(): the distance (km) from the place's point that counts as inside, by precision.
_WITHIN_KM = {"commune": 5.0, "country": 50.0, "city": 15.0, "airport": 5.0}
#: Precisions tested against their shipped outline (the one the map draws).
_OUTLINED = ("department", "region", "arrondissement", "epci", "zone", "former_region")
_POINT_KM = 1.0

GridRow = tuple[str, str, float, float, float]


def outside_cell_a(lat: float, lon: float, gy: int, gx: int, cos1: float) -> float:
    """A lower bound of the haversine term ``a`` from the point to any point outside its grid cell.

    Why: :meth:`Reverse.nearest_commune` scans the point's 0.1-degree cell first; when the
    best commune there is closer than anything outside the cell can be, the 8 cells around
    need no scan (same answer: only a strictly smaller ``a`` could replace the best).
    Outside the cell, a point is either beyond one of its parallels (``a`` >= sin²(dφ/2)) or,
    within its latitude band, beyond one of its meridians (``a`` >= cos φ1 · min cos φ2 ·
    sin²(dλ/2)). Shrunk by a relative 1e-9 so float rounding can only make it smaller.
    """
    y0, y1, x0, x1 = gy / 10, (gy + 1) / 10, gx / 10, (gx + 1) / 10
    dphi = math.radians(min(lat - y0, y1 - lat))
    dlam = math.radians(min(lon - x0, x1 - lon))
    if dphi <= 0 or dlam <= 0:
        return 0.0
    cos_band = min(math.cos(math.radians(y0)), math.cos(math.radians(y1)))
    bound = min(math.sin(dphi / 2) ** 2, cos1 * cos_band * math.sin(dlam / 2) ** 2)
    return bound * (1 - 1e-9)


class Reverse:
    """Reverse lookups over one set of indexes (grid and outline indexes built on first use)."""

    def __init__(self, ix: Indexes) -> None:
        self.ix = ix
        self.gaz = ix.gaz

    @cached_property
    def grid(self) -> dict[tuple[int, int], list[str]]:
        """0.1-degree buckets of commune points (INSEE codes)."""
        grid: dict[tuple[int, int], list[str]] = {}
        for c in self.gaz.communes.values():
            grid.setdefault((math.floor(c.lat * 10), math.floor(c.lon * 10)), []).append(c.code)
        return grid

    @cached_property
    def grid_rings(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Cell offsets of the square rings 0..3 around a cell, in scan order."""
        return tuple(tuple((dy, dx) for dy in range(-ring, ring + 1)
                           for dx in range(-ring, ring + 1) if max(abs(dy), abs(dx)) == ring)
                     for ring in range(4))

    @cached_property
    def grid_points(self) -> dict[tuple[int, int], tuple[GridRow, ...]]:
        """:attr:`grid` with, per commune, (code, department, lon, radians(lat), cos(radians(lat)))."""
        communes = self.gaz.communes
        out = {}
        for cell, codes in self.grid.items():
            rows = []
            for code in codes:
                c = communes[code]
                p = math.radians(c.lat)
                rows.append((code, c.department, c.lon, p, math.cos(p)))
            out[cell] = tuple(rows)
        return out

    def nearest_commune(self, lat: float, lon: float, max_km: float,
                        department: str | None = None) -> tuple[str, float] | None:
        """(INSEE code, km) of the commune point nearest to the point within ``max_km``, else None.

        The haversine of :func:`~geo.core.geometry.haversine_km`, but its term ``a`` is
        compared first: asin and sqrt are monotonic, so a point whose ``a`` is not smaller
        can't be closer. ``department``: only communes of that department.
        """
        gy, gx = math.floor(lat * 10), math.floor(lon * 10)
        best: tuple[str, float] | None = None
        best_a = math.inf
        grid = self.grid_points
        p1 = math.radians(lat)
        cos1 = math.cos(p1)
        sin, radians, asin, sqrt = math.sin, math.radians, math.asin, math.sqrt
        # A commune whose latitude differs by more than dp_max has a >= sin²(dp_max/2) > best_a
        # (the first term alone): skipped without computing ``a`` (widened by 1e-9 for rounding).
        dp_max = math.inf
        for ring, offsets in enumerate(self.grid_rings):
            for dy, dx in offsets:
                rows = grid.get((gy + dy, gx + dx))
                if rows is None:
                    continue
                for code, dep, clon, p2, cos2 in rows:
                    if department and dep != department:
                        continue
                    dp = p2 - p1
                    if dp > dp_max or -dp > dp_max:
                        continue
                    a = sin(dp / 2) ** 2 + cos1 * cos2 * sin(radians(clon - lon) / 2) ** 2
                    if a < best_a:
                        d = EARTH_DIAMETER_KM * asin(min(1.0, sqrt(a)))
                        if best is None or d < best[1]:
                            best = (code, d)
                            best_a = a
                            dp_max = 2 * asin(min(1.0, sqrt(a))) * (1 + 1e-9)
            if best:
                if best[1] <= ring * 5.5:  # a ring of 0.1° is >= ~7 km wide
                    break
                if ring == 0 and best_a < outside_cell_a(lat, lon, gy, gx, cos1):
                    break  # every commune outside the point's own cell is farther
        if best and best[1] <= max_km:
            return best
        return None

    def department_at(self, lat: float, lon: float, hint: str | None = None) -> str | None:
        """Department whose outline contains the point; ``hint`` (a likely code) is tried first."""
        return self.gaz.outline_index("department").find(lon, lat, hint)

    def reverse(self, lat: float, lon: float) -> Place | None:
        """The French commune at (nearest to) the point, else the country containing it.

        Restricted to the department whose outline contains the point, the nearest
        commune point is right for the vast majority of points; a point outside every
        department but within 3 km of a commune point (a simplified coastline) gets that
        commune; a point in a department with no commune point within 25 km gets the
        department.
        """
        # The nearest commune's department is almost always the right one: testing its
        # outline first saves most point-in-polygon tests (same result, just faster).
        ix = self.ix
        near = self.nearest_commune(lat, lon, _NEAR_KM)
        near_dep = self.gaz.communes[near[0]].department if near else None
        dep = self.department_at(lat, lon, near_dep)
        if dep:
            # The nearest commune of that department is the nearest commune overall when
            # the latter is in it (same scan, fewer candidates): no second scan then.
            hit = near if near_dep == dep else self.nearest_commune(lat, lon, _NEAR_KM, dep)
            if hit:
                return ix.commune_place(hit[0])
            return ix.department_place(dep)
        # Coastline simplification margin: the nearest commune within 3 km (the same scan
        # as ``near``, so ``near`` already is that commune when there is one).
        if near is not None and near[1] <= _COAST_KM:
            return ix.commune_place(near[0])
        cc = self.gaz.outline_index("country").find(lon, lat, among=self.gaz.countries)
        return ix.country_place(cc) if cc is not None else None

    def contains(self, place: Place, lat: float, lon: float) -> bool:
        """Is the point inside (or, for point-like places, near) ``place``?

        Commune: within 5 km of its point or the same commune by :meth:`reverse`;
        department, region and the other areas (arrondissement, intercommunality, zone,
        former region): point in the shipped outline; airport: within 5 km; country: in its outline or
        within ``COUNTRY_MARGIN_KM`` (10 km) of it, or of its bounding box for a tiny
        country (simplified outlines cut off coastal capitals such as Copenhagen or
        Beirut, and shrink Monaco or the Vatican to a few vertices), France also via
        its departments, within 50 km of its point when no outline is shipped; city:
        within 15 km; point: within 1 km.
        """
        precision = place.precision
        if precision == "commune":
            if haversine_km(lat, lon, place.lat, place.lon) <= _WITHIN_KM["commune"]:
                return True
            rev = self.reverse(lat, lon)
            return rev is not None and rev.code == place.code
        if precision in _OUTLINED:
            geom = self.gaz.outlines(precision).get(place.code)
            return geom is not None and point_in_geometry(lon, lat, geom)
        if precision == "country":
            if place.code == "FR" and self.department_at(lat, lon):
                return True
            geom = self.gaz.outlines("country").get(place.code)
            if geom is not None:
                return point_in_geometry(lon, lat, geom) or near_geometry(
                    lon, lat, geom, COUNTRY_MARGIN_KM)
        return haversine_km(lat, lon, place.lat, place.lon) <= _WITHIN_KM.get(precision, _POINT_KM)
