"""Outlines for the page, as TopoJSON: where they come from, and the part a page needs.

`scripts/build_basemap.py` derives topologies from the gazetteer's outline files
(``geo/data/*.geojson``, which the geocoder keeps for point-in-polygon) and ships them in
``geo/data/basemap/``: ``national.json`` (land and departments for the first view) and one
finer topology per kind of area (``department.json``, ``region.json``…). A page carries
only the geometries it uses, with only their arcs (`subset`), deflated (`pack`);
topojson-client decodes them in the page.

A new kind of area plugs in with its outline file: `outline_file` names it, the build script
makes ``<kind>.json`` from it for every kind in `OUTLINE_KINDS`, and `area_geometry` finds
it there.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from geo.core.vocab import AREA_PRECISIONS

__all__ = ["BASEMAP_DIR", "OUTLINE_KINDS", "area_geometry", "geometries", "outline_file", "pack",
           "subset", "topology"]

BASEMAP_DIR = "data/basemap"
#: The kinds of area a site can be known to: each has an outline file and a topology.
OUTLINE_KINDS: tuple[str, ...] = AREA_PRECISIONS

Box = Sequence[float]  # west, south, east, north (degrees)


def outline_file(kind: str) -> str:
    """The gazetteer's GeoJSON file of one kind of area, under ``geo/data``; its features carry
    the area's code in ``properties.code``.

    >>> outline_file("department")
    'departments.geojson'
    """
    return f"{kind}s.geojson"


@cache
def topology(name: str) -> dict[str, Any]:
    """One of the shipped topologies (``"national"``, or a kind of area), parsed once."""
    path = resources.files("geo").joinpath(f"{BASEMAP_DIR}/{name}.json")
    if not path.is_file():
        raise FileNotFoundError(f"no outlines geo/{BASEMAP_DIR}/{name}.json: for a new kind of area, "
                                f"add geo/data/{outline_file(name)} and run "
                                "`npm ci && python scripts/build_basemap.py`")
    return json.loads(path.read_text("utf-8"))


@cache
def _by_code(kind: str) -> dict[str, dict[str, Any]]:
    return {str(g["id"]): g for g in topology(kind)["objects"][kind]["geometries"]}


def area_geometry(kind: str, code: str) -> dict[str, Any] | None:
    """The outline of one area (a geometry of the topology ``<kind>.json``, with its ``bbox``),
    or None."""
    return _by_code(kind).get(code)


def intersects(bbox: Box, box: Box) -> bool:
    return not (bbox[2] < box[0] or bbox[0] > box[2] or bbox[3] < box[1] or bbox[1] > box[3])


def geometries(name: str, obj: str, box: Box) -> list[dict[str, Any]]:
    """The geometries of one object of a shipped topology that fall in `box`."""
    return [g for g in topology(name)["objects"][obj]["geometries"] if intersects(g["bbox"], box)]


def subset(topo: dict[str, Any], objects: dict[str, Iterable[dict[str, Any]]]) -> dict[str, Any]:
    """A topology of only `objects` (name -> geometries of `topo`), with only their arcs.

    Arcs are renumbered in order of first use; a geometry keeps its type, its arcs and its
    ``properties`` (no id, no bbox: the page does not need them).

    >>> topo = {"type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 0]},
    ...         "arcs": [[[0, 0], [1, 0]], [[5, 5], [1, 1]], [[1, 0], [0, 1], [-1, -1]]],
    ...         "objects": {}}
    >>> subset(topo, {"a": [{"type": "Polygon", "arcs": [[2, ~0]], "id": "x"}]})["arcs"]
    [[[1, 0], [0, 1], [-1, -1]], [[0, 0], [1, 0]]]
    """
    used: dict[int, int] = {}

    def remap(arcs: list) -> list:
        out: list = []
        for item in arcs:
            if isinstance(item, list):
                out.append(remap(item))
                continue
            index = item if item >= 0 else ~item
            new = used.setdefault(index, len(used))
            out.append(new if item >= 0 else ~new)
        return out

    out_objects = {}
    for name, geoms in objects.items():
        items = []
        for g in geoms:
            item: dict[str, Any] = {"type": g["type"], "arcs": remap(g["arcs"])}
            if g.get("properties"):
                item["properties"] = g["properties"]
            items.append(item)
        out_objects[name] = {"type": "GeometryCollection", "geometries": items}
    arcs: list = [None] * len(used)
    for index, new in used.items():
        arcs[new] = topo["arcs"][index]
    return {"type": "Topology", "transform": topo["transform"], "arcs": arcs, "objects": out_objects}


def pack(value: Any, level: int = 9) -> str:
    """JSON, raw-deflated, in base64: what the page inflates with ``DecompressionStream``.

    Outlines and site columns are text of few distinct characters: deflate takes them to
    about a third, base64 gives back a third of that.
    """
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                     allow_nan=False).encode("utf-8")
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate: "deflate-raw" in the page
    return base64.b64encode(packer.compress(raw) + packer.flush()).decode("ascii")
