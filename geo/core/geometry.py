"""Plane and sphere geometry for places: great-circle distances and point-in-polygon tests.

Pure Python on purpose: `geo geocode` must start in about the time of the interpreter
itself, and shapely (with numpy) would cost more than the whole lookup. The outlines
shipped with geo are simplified, so these loops run over a few thousand vertices at most.
"""

from __future__ import annotations

import math

__all__ = ["EARTH_DIAMETER_KM", "haversine_km"]

EARTH_DIAMETER_KM = 12742.0


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
