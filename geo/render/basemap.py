"""Outlines for the page: the dashed areas of coarse places, and the offline basemap.

Both come from the TopoJSON outlines shipped in ``geo/data/basemap/`` (derived from IGN
ADMIN EXPRESS and Natural Earth by ``scripts/build_basemap.py``, see `outlines`), so a map
built with ``--offline`` needs no tile server at all. A page carries only what its view
needs: the land around its sites, the departments there, and the finer department outlines
that it decodes when the reader zooms in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.core.vocab import AREA_PRECISIONS
from geo.enrich import Site
from geo.render import i18n
from geo.render.outlines import area_geometry, geometries, pack, subset, topology

__all__ = ["DETAIL_ZOOM", "FRANCE_BOX", "area_bounds", "areas", "basemap", "view_box"]

#: France's neighbours get a label on the offline basemap.
_LABEL_COUNTRIES = ("BE", "LU", "DE", "CH", "IT", "ES", "GB", "AD")
#: Metropolitan France, Corsica included (west, south, east, north): always in the basemap.
FRANCE_BOX = (-5.2, 41.3, 9.6, 51.1)
#: From this zoom on, the offline basemap draws the finer department outlines.
DETAIL_ZOOM = 8

_STYLES = {
    "land": {"color": "#b9b4aa", "weight": 0.6, "fillColor": "#f4f1ea", "fillOpacity": 1},
    "departments": {"color": "#cfc8bb", "weight": 0.4, "fill": False},
    "regions": {"color": "#a9a193", "weight": 0.9, "fill": False},
}


def _area_sites(sites: Sequence[Site]) -> list[tuple[Site, dict[str, Any]]]:
    """Each department or region a site is known only to, once, with its outline."""
    out, seen = [], set()
    for site in sites:
        if site.precision not in AREA_PRECISIONS or not site.mapped or not site.location_code:
            continue
        key = (site.precision, site.location_code)
        if key in seen:
            continue
        seen.add(key)
        geometry = area_geometry(site.precision, site.location_code)
        if geometry is not None:
            out.append((site, geometry))
    return out


def areas(sites: Sequence[Site]) -> list[str]:
    """The outline of every department or region a site is known only to, once each: one
    packed topology (`outlines.pack`) per kind, of one object, ``areas``, whose geometries
    carry ``code``, ``kind`` and ``name``."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for site, geometry in _area_sites(sites):
        by_kind.setdefault(site.precision, []).append(
            {**geometry, "properties": {"code": site.location_code, "kind": site.precision,
                                        "name": site.location_name}})
    return [pack(subset(topology(kind), {"areas": geoms})) for kind, geoms in sorted(by_kind.items())]


def area_bounds(sites: Sequence[Site]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the outlines of `areas`, so that the first view holds
    them without the page decoding them first."""
    boxes = [g["bbox"] for _, g in _area_sites(sites)]
    if not boxes:
        return None
    return [[min(b[1] for b in boxes), min(b[0] for b in boxes)],
            [max(b[3] for b in boxes), max(b[2] for b in boxes)]]


def view_box(sites: Sequence[Site]) -> tuple[float, float, float, float]:
    """What the offline basemap covers: metropolitan France and every located site, with a
    margin of half that size on each side (at least 5°), for the reader who pans.

    >>> view_box([])
    (-12.6, 36.3, 17.0, 56.1)
    """
    xs = [FRANCE_BOX[0], FRANCE_BOX[2], *(s.lon for s in sites if s.mapped)]
    ys = [FRANCE_BOX[1], FRANCE_BOX[3], *(s.lat for s in sites if s.mapped)]
    dx = max((max(xs) - min(xs)) / 2, 5.0)
    dy = max((max(ys) - min(ys)) / 2, 5.0)
    return (round(min(xs) - dx, 3), round(min(ys) - dy, 3), round(max(xs) + dx, 3), round(max(ys) + dy, 3))


def _labels(lang: str) -> list[dict[str, Any]]:
    from geo.gazetteer import Gazetteer

    gazetteer = Gazetteer()
    labels = [{"kind": "region", "lat": r.lat, "lon": r.lon, "name": r.name}
              for code, r in sorted(gazetteer.regions.items()) if int(code) > 10]
    for code in _LABEL_COUNTRIES:
        country = gazetteer.countries.get(code)
        if country is not None:
            labels.append({"kind": "country", "lat": country.lat, "lon": country.lon,
                           "name": i18n.country_name(code, lang)})
    return labels


def basemap(lang: str, sites: Sequence[Site]) -> dict[str, Any]:
    """Vector basemap for offline maps, for the view of `sites` (`view_box`).

    ``national``: a packed topology of ``land`` (the polygons of the countries in view, as one
    geometry) and
    ``departments`` (each with its region's code ``r``), coarse, drawn from the start;
    ``detail``: the same departments, finer, that the page decodes from `DETAIL_ZOOM` on.
    The page draws land, then department borders, then region borders (the borders between
    two departments of different regions, and the coast), all as lines from one topology.
    """
    box = view_box(sites)
    # All the land in one MultiPolygon: one path for the page to lay out, not one per island.
    land = [part for g in geometries("national", "land", box)
            for part in ([g["arcs"]] if g["type"] == "Polygon" else g["arcs"])]
    national = subset(topology("national"), {
        "land": [{"type": "MultiPolygon", "arcs": land}],
        "departments": geometries("national", "departments", box)})
    detail = subset(topology("department"), {"departments": geometries("department", "department", box)})
    return {"detail": pack(detail), "detail_zoom": DETAIL_ZOOM, "labels": _labels(lang),
            "national": pack(national), "styles": _STYLES}
