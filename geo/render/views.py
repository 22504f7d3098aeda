"""Where a map looks first, and the insets beside it: every box written once.

The first view is the whole territory of the located sites: metropolitan France, Corsica
included, when every site is in it (a reader recognises the country's shape; a view fitted to
two sites in the north showed neither Brittany nor Corsica), else the sites and France
together, else the sites. ``settings.view`` names a view (`VIEWS`) or gives a box. Sites in
an overseas department are shown in a small inset of their own instead of stretching the
view across an ocean, and an Île-de-France inset, at its own scale, opens the crowd around
Paris when several sites fall there. The page (geo-map.js, geo-insets.js) fits the boxes
chosen here; the print mode and the reader's view share them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.enrich import Site
from geo.render.basemap import FRANCE_BOX, area_bounds
from geo.render.outlines import area_geometry

__all__ = ["FRANCE_BOX", "IDF_BOX", "OVERSEAS", "VIEWS", "Box", "plan_views", "territory"]

Box = tuple[float, float, float, float]  # west, south, east, north (degrees)

#: Île-de-France (the region's outline's bounding box).
IDF_BOX: Box = (1.446, 48.12, 3.558, 49.235)
#: The views `settings.view` can name (their names are the schema's ``view_name``).
VIEWS: dict[str, Box] = {"france": FRANCE_BOX, "idf": IDF_BOX, "europe": (-11.0, 34.5, 31.0, 61.0)}
#: The overseas departments, each an inset when the data has sites there: code -> names.
OVERSEAS: dict[str, dict[str, str]] = {
    "971": {"fr": "Guadeloupe", "en": "Guadeloupe"},
    "972": {"fr": "Martinique", "en": "Martinique"},
    "973": {"fr": "Guyane", "en": "French Guiana"},
    "974": {"fr": "La Réunion", "en": "Réunion"},
    "976": {"fr": "Mayotte", "en": "Mayotte"},
}
#: The closest a default first view may be (one site alone is shown in its region).
DEFAULT_MAX_ZOOM = 7
#: An Île-de-France inset needs at least this many located sites there.
IDF_INSET_MIN_SITES = 3
#: ... and a main view at least this many times as wide (else the view already shows them).
IDF_INSET_MIN_RATIO = 3.0


def _inside(site: Site, box: Sequence[float]) -> bool:
    return box[0] <= site.lon <= box[2] and box[1] <= site.lat <= box[3]


def _grow(box: Sequence[float], margin: float) -> Box:
    return (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)


def _leaflet(box: Sequence[float]) -> list[list[float]]:
    """[[south, west], [north, east]], as Leaflet's fitBounds takes it."""
    return [[round(box[1], 5), round(box[0], 5)], [round(box[3], 5), round(box[2], 5)]]


def _sites_box(sites: Sequence[Site]) -> Box | None:
    """The sites and the outlines of their areas."""
    if not sites:
        return None
    lons = [s.lon for s in sites]
    lats = [s.lat for s in sites]
    outlines = area_bounds(sites)
    if outlines:
        lats += [outlines[0][0], outlines[1][0]]
        lons += [outlines[0][1], outlines[1][1]]
    return (min(lons), min(lats), max(lons), max(lats))


def _contains(outer: Sequence[float], inner: Sequence[float]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def territory(sites: Sequence[Site]) -> Box:
    """The default first view: metropolitan France when every site (and area) is in it,
    France and the sites when some are, the sites alone when none is.

    >>> territory([])
    (-5.2, 41.3, 9.6, 51.15)
    """
    box = _sites_box(sites)
    if box is None or _contains(FRANCE_BOX, box):
        return FRANCE_BOX
    if any(_inside(s, FRANCE_BOX) for s in sites):
        return (min(box[0], FRANCE_BOX[0]), min(box[1], FRANCE_BOX[1]),
                max(box[2], FRANCE_BOX[2]), max(box[3], FRANCE_BOX[3]))
    return box


def _named_or_box(view: Any) -> Box | None:
    if isinstance(view, str):
        return VIEWS.get(view)
    if isinstance(view, list) and len(view) == 4:
        west, south, east, north = (float(v) for v in view)
        return (min(west, east), min(south, north), max(west, east), max(south, north))
    return None


def _overseas_insets(sites: Sequence[Site], lang: str) -> list[dict[str, Any]]:
    out = []
    for code, names in OVERSEAS.items():
        geometry = area_geometry("department", code)
        if geometry is None:  # pragma: no cover - the shipped outlines have every department
            continue
        box = _grow(geometry["bbox"], 0.05)
        if any(_inside(s, box) for s in sites):
            out.append({"key": code, "label": names[lang], "bounds": _leaflet(box), "kind": "overseas"})
    return out


def plan_views(mapped: Sequence[Site], settings: dict[str, Any], lang: str,
               canvas: bool = False) -> dict[str, Any]:
    """The first view and the insets of a map: ``{"bounds": [[s, w], [n, e]], "max_zoom",
    "insets": [...]}`` (``max_zoom``: the closest the first view may be, so that the default
    view of a single site is not a street; a view that is asked for is shown as asked).

    Each inset is ``{"key", "label", "kind": "idf"|"overseas", "bounds"}``. Insets are off
    with ``settings.insets: false`` and on big (canvas) maps, whose symbols a second map
    would draw again.
    """
    want_insets = settings.get("insets") is not False and not canvas
    insets = _overseas_insets(mapped, lang) if want_insets else []
    overseas = [_grow(area_geometry("department", i["key"])["bbox"], 0.05) for i in insets]
    main_sites = [s for s in mapped if not any(_inside(s, box) for box in overseas)]
    asked = _named_or_box(settings.get("view"))
    view = asked or territory(main_sites)
    idf_sites = sum(1 for s in main_sites if _inside(s, IDF_BOX))
    wide_enough = (view[2] - view[0]) >= IDF_INSET_MIN_RATIO * (IDF_BOX[2] - IDF_BOX[0])
    if want_insets and idf_sites >= IDF_INSET_MIN_SITES and wide_enough and _contains(view, IDF_BOX):
        insets.insert(0, {"key": "idf", "label": "Île-de-France", "bounds": _leaflet(IDF_BOX), "kind": "idf"})
    return {"bounds": _leaflet(view), "insets": insets, "max_zoom": 14 if asked else DEFAULT_MAX_ZOOM}
