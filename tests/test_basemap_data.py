"""The page's TopoJSON outlines (geo/data/basemap/): complete, faithful, and cut to the page."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

import pytest
from shapely.geometry import MultiPolygon, Polygon, shape

from geo.render.basemap import view_box
from geo.render.outlines import (
    BASEMAP_DIR,
    OUTLINE_KINDS,
    area_geometry,
    geometries,
    outline_file,
    subset,
    topology,
)

DIR = resources.files("geo").joinpath(BASEMAP_DIR)


def decode(topo: dict, geometry: dict) -> MultiPolygon:
    """A TopoJSON (Multi)Polygon of `topo` as a shapely shape, in degrees (independent of the
    page's topojson-client: the same steps, written from the specification)."""
    (kx, ky), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]

    def arc(i: int) -> list[tuple[float, float]]:
        x = y = 0
        points = []
        for dx, dy in topo["arcs"][i if i >= 0 else ~i]:
            x += dx
            y += dy
            points.append((x * kx + tx, y * ky + ty))
        return points if i >= 0 else points[::-1]

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for i in indexes:
            part = arc(i)
            points.extend(part[1:] if points else part)
        return points

    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    rings = [[ring(r) for r in p] for p in polygons]
    # a sliver that quantisation flattened (under 4 points) has no area to draw
    return MultiPolygon([Polygon(p[0], [r for r in p[1:] if len(r) >= 4]) for p in rings if len(p[0]) >= 4])


def test_manifest_matches_files() -> None:
    manifest = json.loads(DIR.joinpath("manifest.json").read_text())
    assert set(manifest["files"]) == {"national.json", *(f"{k}.json" for k in OUTLINE_KINDS)}
    for name, meta in manifest["files"].items():
        payload = DIR.joinpath(name).read_bytes()
        assert hashlib.sha256(payload).hexdigest() == meta["sha256"], name
        assert meta["objects"] == {k: len(v["geometries"]) for k, v in json.loads(payload)["objects"].items()}


@pytest.mark.parametrize("kind", OUTLINE_KINDS)
def test_every_area_the_geocoder_knows_has_an_outline_close_to_its_own(kind: str) -> None:
    """Same codes as the gazetteer's outline file of the kind, and the same shapes within what
    the zoom band allows: a site's dashed area is the place the geocoder found."""
    source = json.loads(resources.files("geo").joinpath(f"data/{outline_file(kind)}").read_text("utf-8"))
    reference = {str(f["properties"]["code"]): f["geometry"] for f in source["features"]}
    topo = topology(kind)
    codes = {str(g["id"]) for g in topo["objects"][kind]["geometries"]}
    assert codes == set(reference)
    for code, geom in reference.items():
        ours = decode(topo, area_geometry(kind, code)).buffer(0)
        theirs = shape({"type": geom["type"], "coordinates": geom["coordinates"]}).buffer(0)
        assert abs(ours.area - theirs.area) <= 0.03 * theirs.area, (kind, code)
        assert ours.symmetric_difference(theirs).area <= 0.06 * theirs.area, (kind, code)


def test_subset_keeps_the_shapes_and_only_their_arcs() -> None:
    topo = topology("department")
    essonne, paris = area_geometry("department", "91"), area_geometry("department", "75")
    small = subset(topo, {"areas": [essonne, paris]})
    assert len(small["arcs"]) < len(topo["arcs"]) / 10
    for original, kept in zip((essonne, paris), small["objects"]["areas"]["geometries"], strict=True):
        assert decode(small, kept).equals(decode(topo, original))


def test_national_band_holds_the_land_in_view_only() -> None:
    box = view_box([])
    land = {g["id"] for g in geometries("national", "land", box)}
    assert {"FR", "BE", "DE", "CH", "IT", "ES", "GB"} <= land
    assert not {"US", "RU", "JP", "BR"} & land  # no far-away country because of its bounding box
    assert len(topology("national")["objects"]["departments"]["geometries"]) == 101
