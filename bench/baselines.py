"""The two baselines of the benchmark, each run as a whole process by bench/run.py.

    python bench/baselines.py naive|explore DATA.geojson OUT.html

* naive: folium, one CircleMarker with a popup per site (area-true radius).
* explore: geopandas `GeoDataFrame.explore()` with a column per property.
"""

from __future__ import annotations

import json
import math
import sys


def amount(props: dict) -> float:
    a = props.get("amount_eur") or {}
    return max(v for v in (a.get("min"), a.get("max"), 0) if v is not None)


def naive(features: list[dict], out: str) -> None:
    import folium

    v_max = max((amount(f["properties"]) for f in features), default=1) or 1
    fmap = folium.Map(location=[46.6, 2.4], zoom_start=5, tiles="OpenStreetMap")
    for f in features:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        popup = f"<b>{p['name']}</b><br>{p.get('investor', '')}<br>{p['amount']}<br>{p['place']}"
        folium.CircleMarker([lat, lon], radius=max(2, 40 * math.sqrt(amount(p) / v_max)),
                            popup=folium.Popup(popup, max_width=300), tooltip=p["name"],
                            fill=True, weight=1).add_to(fmap)
    fmap.save(out)


def explore(features: list[dict], out: str) -> None:
    import geopandas as gpd

    rows = [{"type": "Feature", "geometry": f["geometry"],
             "properties": {"name": f["properties"]["name"],
                            "investor": f["properties"].get("investor"),
                            "amount": f["properties"]["amount"],
                            "place": f["properties"]["place"],
                            "amount_eur": amount(f["properties"])}} for f in features]
    gdf = gpd.GeoDataFrame.from_features(rows, crs="EPSG:4326")
    gdf.explore(column="amount_eur", tooltip=["name"], popup=True).save(out)


if __name__ == "__main__":
    kind, data, out = sys.argv[1:4]
    with open(data, encoding="utf-8") as fh:
        feats = [f for f in json.load(fh)["features"] if f.get("geometry")]
    {"naive": naive, "explore": explore}[kind](feats, out)
