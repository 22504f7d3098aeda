#!/usr/bin/env python3
"""Build the page's outlines as TopoJSON (``geo/data/basemap/``) from the gazetteer's GeoJSON.

The gazetteer keeps its own outline files (``geo/data/*.geojson``) for point-in-polygon:
this script only derives lighter copies for drawing, with the reference TopoJSON tools
(npm ``topojson-server`` and ``topojson-simplify``, pinned in ``package.json``; run
``npm ci`` first). Each file is a topology: a border shared by two shapes is stored once,
simplified once (Visvalingam) and quantised. Two zoom bands:

* ``national.json``: what the offline basemap shows from the start (zoom ≤ 7): land (Natural
  Earth 1:50m countries, one geometry per polygon so that a page keeps only those in its
  view) and the French departments, coarsely simplified, each with its region's code (the
  page draws region borders as the department borders between two regions).
* ``<kind>.json`` (``department.json``, ``region.json``…): finer outlines, one topology per
  kind of area a site can be known to (``geo.render.outlines.OUTLINE_KINDS``; one each, as
  two kinds' borders coincide only in part and would cut each other's arcs into pieces):
  the offline basemap decodes the departments when the reader zooms in (zoom ≥ 8), and
  every map takes the dashed outline of a department- or region-precision site from them.

Every geometry carries its bounding box (degrees), so that a page takes only what it needs.
``manifest.json`` records the parameters, counts and checksums (checked by a test).
The generated files are committed: neither CI nor users need Node.

    npm ci && python scripts/build_basemap.py
"""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.render.outlines import BASEMAP_DIR, OUTLINE_KINDS, outline_file  # noqa: E402

DATA = ROOT / "geo" / "data"
OUT = ROOT / "geo" / BASEMAP_DIR
NODE_SCRIPT = Path(__file__).with_name("basemap_topology.mjs")

#: Visvalingam weights (square degrees) and quantisation of each band. At zoom 7 a pixel is
#: ~0.011° of longitude: the national band keeps triangles above ~4 px² there; the fine band,
#: ten times finer, holds up to zoom 9–10. Islands smaller than 4 weights are dropped.
NATIONAL = {"min_weight": 5e-4, "min_ring": 2e-3, "quantization": 100_000}
FINE = {"min_weight": 5e-5, "min_ring": 2e-4, "quantization": 100_000}
#: Areas smaller than a department (arrondissements, intercommunalities, zones) are read at
#: city zooms: ten times finer again, so that a 12 km² arrondissement keeps its shape.
SMALL = {"min_weight": 5e-6, "min_ring": 2e-5, "quantization": 100_000}
#: The arrondissements of Marseille's centre are a few km² each: finer still.
TINY = {"min_weight": 5e-7, "min_ring": 2e-6, "quantization": 100_000}
BANDS = {"arrondissement": TINY, "epci": SMALL, "zone": SMALL}


def read(name: str) -> dict:
    return json.loads((DATA / name).read_text("utf-8"))


def polygons(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def feature(id_: str, properties: dict, geometry: dict) -> dict:
    return {"type": "Feature", "id": id_, "properties": properties, "geometry": geometry}


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def topology(objects: dict[str, dict], params: dict) -> dict:
    job = json.dumps({"objects": objects, **params}).encode("utf-8")
    proc = subprocess.run(["node", str(NODE_SCRIPT)], input=job, capture_output=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"error: node {NODE_SCRIPT.name} failed (did you run `npm ci`?):\n"
                 f"{proc.stderr.decode()[-2000:]}")
    return json.loads(proc.stdout)


def _arc_points(topo: dict) -> list[list[tuple[float, float]]]:
    """Every arc in degrees (undoing the delta encoding and the quantisation)."""
    (kx, ky), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * kx + tx, y * ky + ty))
        out.append(points)
    return out


def _arc_indexes(arcs: list) -> list[int]:
    flat: list[int] = []
    for item in arcs:
        if isinstance(item, list):
            flat.extend(_arc_indexes(item))
        else:
            flat.append(item if item >= 0 else ~item)
    return flat


def add_bboxes(topo: dict) -> dict:
    """A bounding box (degrees, 3 decimals, widened outwards) on every geometry; drop the
    geometries that simplification emptied."""
    points = _arc_points(topo)
    for obj in topo["objects"].values():
        kept = []
        for geom in obj["geometries"]:
            if not geom.get("arcs"):
                continue
            xs, ys = [], []
            for i in _arc_indexes(geom["arcs"]):
                xs.extend(p[0] for p in points[i])
                ys.extend(p[1] for p in points[i])
            geom["bbox"] = [_floor(min(xs)), _floor(min(ys)), _ceil(max(xs)), _ceil(max(ys))]
            kept.append(geom)
        obj["geometries"] = kept
    topo.pop("bbox", None)
    return topo


def _floor(v: float) -> float:
    return round(math.floor(v * 1000) / 1000, 3)


def _ceil(v: float) -> float:
    return round(math.ceil(v * 1000) / 1000, 3)


def national(regions: dict[str, str]) -> dict:
    land = [feature(f["properties"]["iso_a2"], {}, {"type": "Polygon", "coordinates": poly})
            for f in read("countries.geojson")["features"] for poly in polygons(f["geometry"])
            if f["properties"].get("iso_a2")]
    departments = [feature(code, {"r": regions[code]}, f["geometry"])
                   for f in read("departments.geojson")["features"]
                   for code in [str(f["properties"]["code"])]]
    return add_bboxes(topology({"land": collection(land), "departments": collection(departments)},
                               NATIONAL))


def outlines(kind: str, regions: dict[str, str]) -> dict:
    features = []
    for f in read(outline_file(kind))["features"]:
        code = str(f["properties"]["code"])
        props = {"r": regions[code]} if kind == "department" else {}
        features.append(feature(code, props, f["geometry"]))
    return add_bboxes(topology({kind: collection(features)}, BANDS.get(kind, FINE)))


def dump(value: dict) -> bytes:
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode("utf-8") + b"\n"


def main() -> int:
    france = read("france.json")
    regions = {d["code"]: d["region"] for d in france["departments"]}
    OUT.mkdir(parents=True, exist_ok=True)
    files = {"national.json": (national(regions), NATIONAL, ["countries.geojson", "departments.geojson"])}
    for kind in OUTLINE_KINDS:
        files[f"{kind}.json"] = (outlines(kind, regions), BANDS.get(kind, FINE), [outline_file(kind)])
    manifest: dict = {"generator": "scripts/build_basemap.py", "tools": _tools(), "files": {}}
    for name, (topo, params, sources) in files.items():
        payload = dump(topo)
        (OUT / name).write_bytes(payload)
        manifest["files"][name] = {
            "bytes": len(payload), "sha256": hashlib.sha256(payload).hexdigest(), **params,
            "objects": {k: len(v["geometries"]) for k, v in sorted(topo["objects"].items())},
            "sources": [*sources, "france.json"]}
        print(f"wrote {OUT.relative_to(ROOT)}/{name}: {len(payload):,} bytes, "
              f"{manifest['files'][name]['objects']}")
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    (OUT / "PROVENANCE.md").write_text(PROVENANCE.format(**manifest["tools"], national=NATIONAL, fine=FINE,
                                                         kinds=", ".join(OUTLINE_KINDS)), "utf-8")
    return 0


PROVENANCE = """# Provenance of the page's outlines (`geo/data/basemap/`)

Generated by `scripts/build_basemap.py` (run `npm ci` first); `manifest.json` lists each
file's bytes, sha256, objects and parameters (checked by `tests/test_basemap_data.py`).

* **Sources**: the gazetteer's own outline files in `geo/data/` (see its PROVENANCE.md):
  `countries.geojson` (Natural Earth 1:50m, public domain), `departments.geojson`,
  `regions.geojson` (unions of IGN ADMIN EXPRESS-COG commune outlines, Licence Ouverte 2.0),
  and the department-to-region table of `france.json` (INSEE COG, Licence Ouverte 2.0).
  Attribution: "Source: IGN, INSEE - Licence Ouverte 2.0"; "Made with Natural Earth".
* **Tools** (npm, pinned in `package.json` / `package-lock.json`, ISC licence):
  topojson-server {topojson-server} (topology: each shared border stored once),
  topojson-simplify {topojson-simplify} (Visvalingam weights; small islands dropped),
  topojson-client {topojson-client} (quantisation; the same version decodes the page).
* **national.json**: land (one geometry per polygon of each country) and departments
  (with their region's code `r`), min weight {national[min_weight]} square degrees, islands
  under {national[min_ring]} dropped, quantised to {national[quantization]} steps.
* **One file per kind of area** ({kinds}): min weight {fine[min_weight]}, islands under
  {fine[min_ring]} dropped, quantised to {fine[quantization]} steps.
* Every geometry carries its bounding box in degrees, so that a page keeps only those in
  its view (`geo/render/outlines.py`).
"""


def _tools() -> dict[str, str]:
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))["packages"]
    return {name: lock[f"node_modules/{name}"]["version"]
            for name in ("topojson-server", "topojson-simplify", "topojson-client")}


if __name__ == "__main__":
    raise SystemExit(main())
