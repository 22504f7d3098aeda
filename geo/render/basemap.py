"""Outlines for the page: the dashed areas of coarse places, and the offline basemap.

Both come from the simplified outlines shipped in ``geo/data/`` (IGN ADMIN EXPRESS,
Natural Earth), so a map built with ``--offline`` needs no tile server at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from geo.core.vocab import AREA_PRECISIONS
from geo.enrich import Site
from geo.render import i18n

__all__ = ["areas", "basemap"]

#: France's neighbours get a label on the offline basemap.
_LABEL_COUNTRIES = ("BE", "LU", "DE", "CH", "IT", "ES", "GB", "AD")


def _read(name: str) -> dict[str, Any]:
    return json.loads(resources.files("geo").joinpath(f"data/{name}.geojson").read_text("utf-8"))


@cache
def _outlines(kind: str) -> dict[str, dict]:
    """Simplified department/region outlines shipped with the package, by code."""
    return {str(f["properties"]["code"]): f for f in _read(f"{kind}s")["features"]}


def areas(sites: Sequence[Site]) -> dict[str, Any]:
    """The outline of every department or region a site is known only to, once each."""
    features, seen = [], set()
    for site in sites:
        if site.precision not in AREA_PRECISIONS or not site.mapped or not site.location_code:
            continue
        key = (site.precision, site.location_code)
        if key in seen:
            continue
        seen.add(key)
        outline = _outlines(site.precision).get(site.location_code)
        if outline is not None:
            features.append({"type": "Feature", "geometry": outline["geometry"],
                             "properties": {"code": site.location_code, "kind": site.precision,
                                            "name": site.location_name}})
    return {"type": "FeatureCollection", "features": features}


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


def basemap(lang: str) -> dict[str, Any]:
    """Vector basemap for offline maps: land, then French departments and regions, and labels."""
    return {"labels": _labels(lang), "layers": [
        {"data": _read("countries"), "name": "countries",
         "style": {"color": "#b9b4aa", "weight": 0.6, "fillColor": "#f4f1ea", "fillOpacity": 1}},
        {"data": _read("departments"), "name": "departments",
         "style": {"color": "#cfc8bb", "weight": 0.4, "fill": False}},
        {"data": _read("regions"), "name": "regions",
         "style": {"color": "#a9a193", "weight": 0.9, "fill": False}},
    ]}
