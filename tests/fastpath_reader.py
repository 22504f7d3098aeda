"""Reading back the columnar blob of the canvas fast path (geo/render/fastpath.py): for tests.

The page decodes the blob in geo-canvas.js; these are the same steps in Python, so that a
test can check every column against the per-site payload.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from geo.render.fastpath import COORD_FACTOR


def decode(blob: dict) -> dict:
    """The columns of a `fast_payload` blob (the inverse of the packing, not of the encoding)."""
    cols = {}
    for part in ("z", "d"):
        packed = blob[part]
        cols.update(json.loads(zlib.decompress(base64.b64decode(packed), -15))
                    if isinstance(packed, str) else packed)
    return cols


def coordinates(cols: dict) -> list[tuple[float, float]]:
    """(lat, lon) of every site, undoing the delta encoding."""
    out, lat, lon = [], 0, 0
    for dlat, dlon in zip(cols["lat"], cols["lon"], strict=True):
        lat += dlat
        lon += dlon
        out.append((lat / COORD_FACTOR, lon / COORD_FACTOR))
    return out


def site(cols: dict, i: int) -> dict:
    """Site `i` as the per-site payload shape (what geo-canvas.js builds for a popup)."""
    def col(name: str) -> Any:
        c = cols[name]
        return c["t"][c["i"][i]]

    kind, r, r2, color, area = cols["styles"][cols["style"][i]]
    code, country_label = col("country")
    amount_label, amount_text = col("amount")
    location_label, precision_label = col("loc")
    extra = col("extra") if "extra" in cols else None  # programme, badge…: as siteAt merges them
    return {**(extra or {}), "amount_label": amount_label, "amount_text": amount_text, "area_precision": area,
            "color": color, "country": code, "country_label": country_label, "date": col("date"),
            "id": cols["id"][i], "investor": col("investor"), "kind": kind,
            "location_label": location_label, "name": cols["name"][i], "notes": col("notes"),
            "precision_label": precision_label, "r": r, "r2": r2,
            "sources": col("sources") or [], "status": col("status")}


def all_sites(payload: dict) -> list[dict]:
    """Every site of a page's payload: the mapped ones read from their columns, then the others."""
    cols = decode(payload["sites"])
    return [site(cols, i) for i in range(cols["n"])] + list(payload["unlocated"])
