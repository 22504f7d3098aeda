"""Offline gazetteer: lazy access to the place data shipped under ``geo/data/``.

Why this module exists: geocoding announced investments must work without a
network and start fast (``geo geocode Cambrai`` should cost little more than the
Python start-up), so it only uses the standard library and reads compact,
pre-normalised files produced by ``scripts/build_gazetteer.py``. Nothing heavy
(shapely, geopandas, folium, pandas) is imported here.

Data lives on a :class:`Gazetteer` instance; each file is read the first time it
is needed (``functools.cached_property``), so a lookup that only concerns
French communes never pays for the world-city index.

Shipped files (see ``geo/data/PROVENANCE.md`` for sources and licences):

``communes.tsv.gz`` / ``commune_names.tsv.gz``
    every current commune of metropolitan France and the overseas departments
    (one tab-separated line each, parsed lazily) and the normalised-name index.
``france.json``
    departments, regions, former (pre-2016) regions and region aliases.
``countries.json``
    ISO 3166-1 countries with English/French names and aliases.
``cities.tsv.gz`` / ``city_names.tsv.gz`` / ``city_altnames.tsv.gz``
    GeoNames cities with >= 15,000 inhabitants outside France and indexes of
    their normalised main and alternate (Latin-script) names.
``departments.geojson``, ``regions.geojson``, ``countries.geojson``
    simplified outlines, used for point-in-polygon checks and map drawing.
"""

from __future__ import annotations

import gzip
import json
import math
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

from geo.core.text import name_key as normalize

__all__ = [
    "Commune",
    "Country",
    "Division",
    "Gazetteer",
    "OutlineIndex",
    "WorldCity",
    "near_geometry",
    "normalize",
    "point_in_geometry",
]





@dataclass(frozen=True, slots=True)
class Commune:
    """A current French commune (INSEE COG), with its representative point."""

    code: str
    name: str
    department: str
    population: int | None
    lat: float
    lon: float
    postal_codes: tuple[str, ...]
    former_names: tuple[str, ...]
    former_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Division:
    """A French department or region."""

    kind: str  # "department" | "region"
    code: str
    name: str
    region: str | None  # parent region code for a department
    population: int | None
    lat: float
    lon: float
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Country:
    """An ISO 3166-1 country with names usable for lookup."""

    alpha2: str
    alpha3: str
    numeric: str
    name: str
    name_fr: str
    population: int | None
    lat: float
    lon: float
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WorldCity:
    """A GeoNames city (>= 15,000 inhabitants) outside France."""

    geonameid: int
    name: str
    country: str
    admin1: str
    population: int | None
    lat: float
    lon: float


def _read_bytes(name: str) -> bytes:
    return resources.files("geo").joinpath("data", name).read_bytes()


def _load_json(name: str) -> Any:
    """Read a shipped file: JSON is parsed, ``.tsv(.gz)`` is returned as text."""
    raw = _read_bytes(name)
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    if ".tsv" in name:
        return raw.decode("utf-8")
    return json.loads(raw)


def _parse_index(text: str | _GzLines) -> dict[str, str]:
    if not isinstance(text, str):
        text = text.full()
    out: dict[str, str] = {}
    for line in text.split("\n"):
        key, _, val = line.partition("\t")
        out[key] = val
    return out


class _TextIndex(Mapping):
    """``_parse_index(text)`` as a mapping that only builds its dict when used a lot.

    Why: building the 40,000-key commune-name dict costs ~40 ms, ten times the whole
    rest of ``geo geocode Cambrai``; the first lookups search the text directly
    (keys are unique, one ``key<TAB>value`` line each), the dict comes after
    ``_SCANS`` lookups or on iteration.
    """

    _SCANS = 32

    def __init__(self, text: str | _GzLines, on_built: Any = None) -> None:
        self._on_built = on_built  # called with the dict, e.g. to put it in our place
        self._text: str | _GzLines | None = text
        self._dict: dict[str, str] | None = None
        self._scans = 0

    def _built(self) -> dict[str, str]:
        if self._dict is None:
            self._dict = _parse_index(self._text)  # type: ignore[arg-type]
            self._text = None
            if self._on_built is not None:
                self._on_built(self._dict)
        return self._dict

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        d = self._dict
        if d is not None:
            return d.get(key, default)
        self._scans += 1
        if self._scans > self._SCANS or "\n" in key or "\t" in key:
            return self._built().get(key, default)
        line = _find_line(self._text, key)  # type: ignore[arg-type]
        return default if line is None else line[len(key) + 1:]

    def __getitem__(self, key: str) -> str:
        val = self.get(key, _MISSING)
        if val is _MISSING:
            raise KeyError(key)
        return val

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())

    def items(self):  # type: ignore[override]
        return self._built().items()


_MISSING = object()


class _GzLines:
    """A gzipped TSV whose lines are searched while it is being decompressed.

    Why: ``geo geocode Cambrai`` needs one line of the commune table and one of the name
    index; inflating and decoding both files whole cost ~20 ms, more than the lookup.
    Rows are sorted, keys unique: a search inflates only up to its line (a miss, all).
    """

    _CHUNK = 1 << 18

    def __init__(self, raw: bytes) -> None:
        self._z: Any = zlib.decompressobj(31)  # gzip container, CRC checked at the end
        self._tail = raw
        self._buf = bytearray()

    def _more(self) -> bool:
        """Inflate one more chunk; False when the whole file is already in the buffer."""
        z = self._z
        if z is None:
            return False
        self._buf += z.decompress(self._tail, self._CHUNK)
        self._tail = z.unconsumed_tail
        if z.eof or not self._tail:  # input all read: flush() gives any output still due
            self._buf += z.flush()
            self._z = None
        return True

    def find_line(self, key: str) -> str | None:
        k = key.encode()
        buf = self._buf
        while len(buf) <= len(k) and self._more():
            pass
        if buf.startswith(k + b"\t"):
            i = 0
        else:
            pattern, start = b"\n" + k + b"\t", 0
            while True:
                i = buf.find(pattern, start)
                if i >= 0:
                    i += 1
                    break
                start = max(0, len(buf) - len(pattern))
                if not self._more():
                    return None
        while True:
            j = buf.find(b"\n", i)
            if j >= 0:
                return buf[i:j].decode()
            if not self._more():
                return buf[i:].decode()

    def full(self) -> str:
        """The whole text (inflating the rest)."""
        while self._more():
            pass
        return self._buf.decode()


def _find_line(text: str | _GzLines, key: str) -> str | None:
    """The line of ``text`` that starts with ``key`` + TAB (keys are unique), else None.

    Searched in place: no copy of the (megabytes of) text to pad it with newlines.
    """
    if not isinstance(text, str):
        return text.find_line(key)
    if text.startswith(key + "\t"):
        i = 0
    else:
        i = text.find("\n" + key + "\t") + 1
        if i == 0:
            return None
    j = text.find("\n", i)
    return text[i:] if j < 0 else text[i:j]


def _parse_commune(line: str) -> Commune:
    code, name, dep, pop, lat, lon, postal, former, old = line.split("\t")
    return Commune(code, name, dep, int(pop) if pop else None, float(lat), float(lon),
                   tuple(postal.split()), tuple(former.split("|")) if former else (),
                   tuple(old.split()))


def _parse_city(line: str) -> WorldCity:
    gid, name, cc, adm1, pop, lat, lon = line.split("\t")
    return WorldCity(int(gid), name, cc, adm1, int(pop) if pop else None, float(lat),
                     float(lon))


class LazyTable(Mapping):
    """Read-only mapping over tab-separated lines, parsing a record on first access.

    Why: a cold lookup touches a handful of communes; parsing all 35,000 rows into
    objects would dominate start-up time, and so would even splitting them into a
    dict of lines (~25 ms): the first lookups search the text for ``\ncode\t``
    (codes are unique), the dict of lines comes after ``_SCANS`` of them or on
    iteration.
    """

    _SCANS = 32

    def __init__(self, text: str | _GzLines, parse: Any) -> None:
        self._text: str | _GzLines | None = text
        self._lines: dict[str, str] | None = None
        self._scans = 0
        self._parse = parse
        self._cache: dict[str, Any] = {}

    def _index(self) -> dict[str, str]:
        if self._lines is None:
            text = self._text
            if not isinstance(text, str):
                text = text.full()  # type: ignore[union-attr]
            self._lines = {line[: line.index("\t")]: line
                           for line in text.split("\n") if line}  # type: ignore[union-attr]
            self._text = None
        return self._lines

    def _line(self, key: str) -> str | None:
        lines = self._lines
        if lines is not None:
            return lines.get(key)
        self._scans += 1
        if self._scans > self._SCANS or "\n" in key or "\t" in key:
            return self._index().get(key)
        return _find_line(self._text, key)  # type: ignore[arg-type]

    def __getitem__(self, key: str) -> Any:
        rec = self._cache.get(key)
        if rec is None:
            line = self._line(key) if isinstance(key, str) else None
            if line is None:
                raise KeyError(key)
            rec = self._cache[key] = self._parse(line)
        return rec

    def __contains__(self, key: object) -> bool:
        return key in self._cache or (isinstance(key, str) and self._line(key) is not None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())


class Gazetteer:
    """Lazy, read-only view of the shipped gazetteer files.

    Why a class and not module globals: tests and callers can hold several
    instances (or a fake one) without hidden shared state; each dataset is
    parsed once per instance on first access.
    """

    def __init__(self, loader: Any = None) -> None:
        # ``loader(name) -> parsed JSON``; injectable for tests.
        self._load = loader or _load_json

    def _lines(self, name: str) -> str | _GzLines:
        """A shipped ``.tsv.gz`` to search line by line, decompressed only as far as needed."""
        if self._load is _load_json:
            return _GzLines(_read_bytes(name))
        return self._load(name)

    # ----------------------------------------------------------------- France
    @cached_property
    def communes(self) -> LazyTable:
        """Current communes keyed by INSEE code (rows parsed on first access)."""
        return LazyTable(self._lines("communes.tsv.gz"), _parse_commune)

    @cached_property
    def commune_names(self) -> dict[str, str]:
        """Normalised name -> ``"code:kind code:kind"`` (kind 0 current, 1 former, 2 alias)."""
        return _TextIndex(self._lines("commune_names.tsv.gz"),  # type: ignore[return-value]
                          lambda d: self.__dict__.__setitem__("commune_names", d))

    @cached_property
    def _france(self) -> dict[str, Any]:
        return self._load("france.json")

    @cached_property
    def departments(self) -> dict[str, Division]:
        """Departments keyed by code ("01", "2A", "974")."""
        return {
            d["code"]: Division("department", d["code"], d["name"], d["region"],
                                d["population"], d["lat"], d["lon"], tuple(d["keys"]))
            for d in self._france["departments"]
        }

    @cached_property
    def regions(self) -> dict[str, Division]:
        """Regions keyed by INSEE code ("11", "32", "04")."""
        return {
            r["code"]: Division("region", r["code"], r["name"], None,
                                r["population"], r["lat"], r["lon"], tuple(r["keys"]))
            for r in self._france["regions"]
        }

    @property
    def former_regions(self) -> dict[str, dict[str, str]]:
        """Normalised pre-2016 region name -> {"name", "region"} (current code)."""
        return self._france["former_regions"]

    @property
    def region_aliases(self) -> dict[str, str]:
        """Normalised alias (``paca``, ``idf``, ISO ``fr idf``) -> region code."""
        return self._france["region_aliases"]

    @property
    def department_aliases(self) -> dict[str, str]:
        """Normalised alias (ISO ``fr 91``, ``fr 75c``) -> department code."""
        return self._france["department_aliases"]

    # -------------------------------------------------------------- Countries
    @cached_property
    def countries(self) -> dict[str, Country]:
        """Countries keyed by ISO alpha-2."""
        return {
            c["alpha2"]: Country(c["alpha2"], c["alpha3"], c["numeric"], c["name"],
                                 c["name_fr"], c["population"], c["lat"], c["lon"],
                                 tuple(c["keys"]))
            for c in self._load("countries.json")
        }

    # ----------------------------------------------------------------- Cities
    @cached_property
    def cities(self) -> LazyTable:
        """World cities (outside France) keyed by GeoNames id string; loaded only when needed."""
        return LazyTable(self._lines("cities.tsv.gz"), _parse_city)

    @cached_property
    def city_names(self) -> dict[str, str]:
        """Normalised main city name -> space-separated GeoNames ids."""
        return _TextIndex(self._lines("city_names.tsv.gz"),  # type: ignore[return-value]
                          lambda d: self.__dict__.__setitem__("city_names", d))

    @cached_property
    def city_altnames(self) -> dict[str, str]:
        """Normalised alternate name (exonym...) -> space-separated GeoNames ids."""
        return _TextIndex(self._lines("city_altnames.tsv.gz"),  # type: ignore[return-value]
                          lambda d: self.__dict__.__setitem__("city_altnames", d))

    # --------------------------------------------------------------- Outlines
    def outlines(self, kind: str) -> dict[str, dict[str, Any]]:
        """GeoJSON geometries keyed by code for ``department``, ``region`` or ``country``.

        Why: ``contains`` and ``reverse`` need point-in-polygon on the same
        simplified outlines that the map draws, so both agree.
        """
        return self._outlines[kind]

    @cached_property
    def _outlines(self) -> dict[str, dict[str, dict[str, Any]]]:
        return _LazyOutlines(self._load)  # type: ignore[return-value]

    def outline_index(self, kind: str) -> OutlineIndex:
        """Grid index over :meth:`outlines` of ``kind`` answering "which outline contains this point"."""
        idx = self._outline_indexes.get(kind)
        if idx is None:
            idx = self._outline_indexes[kind] = OutlineIndex(self.outlines(kind))
        return idx

    @cached_property
    def _outline_indexes(self) -> dict[str, OutlineIndex]:
        return {}


class _LazyOutlines(dict):
    """Reads each outline file the first time its kind is requested."""

    _FILES = {"department": ("departments.geojson", "code"),
              "region": ("regions.geojson", "code"),
              "country": ("countries.geojson", "iso_a2")}

    def __init__(self, load: Any) -> None:
        super().__init__()
        self._load = load

    def __missing__(self, kind: str) -> dict[str, dict[str, Any]]:
        fname, prop = self._FILES[kind]
        fc = self._load(fname)
        out: dict[str, dict[str, Any]] = {}
        for feat in fc["features"]:
            key = feat["properties"].get(prop)
            if key:
                geom = feat["geometry"]
                geom = dict(geom, bbox=_bbox(geom), parts=_parts(geom))
                out[key] = geom
        self[kind] = out
        return out


class OutlineIndex:
    """Point-in-outline lookups through a 0.1-degree grid, same answers as testing every outline.

    Why: reverse geocoding tested ~100 outlines per point (bounding boxes, then
    ray casting). Per grid cell (computed on first use) the index keeps, in the
    outlines' order, only the outlines that can contain a point of the cell:
    those whose edges cross the cell (tested point by point) and those that
    contain the whole cell (no test at all: no edge crosses it, so every point
    of the cell is on the same side as its centre).
    """

    STEP = 10  # cells per degree
    _MARGIN = 1e-7  # degrees: cells are widened so floor() rounding never misplaces a point

    def __init__(self, outlines: dict[str, dict[str, Any]]) -> None:
        self._outlines = outlines
        # (code, geometry) in the outlines' order, so the first match is the same as a scan
        self._items = list(outlines.items())
        self._cells: dict[tuple[int, int], tuple[tuple[str, dict[str, Any] | None], ...]] = {}

    def _cell(self, cx: int, cy: int) -> tuple[tuple[str, dict[str, Any] | None], ...]:
        m = self._MARGIN
        x0, x1 = cx / self.STEP - m, (cx + 1) / self.STEP + m
        y0, y1 = cy / self.STEP - m, (cy + 1) / self.STEP + m
        centre = ((cx + 0.5) / self.STEP, (cy + 0.5) / self.STEP)
        out: list[tuple[str, dict[str, Any] | None]] = []
        for code, geom in self._items:
            b = geom.get("bbox") or _bbox(geom)
            if b[2] < x0 or b[0] > x1 or b[3] < y0 or b[1] > y1:
                continue  # the cell is outside the outline's bounding box
            if _edges_cross(geom, x0, y0, x1, y1):
                out.append((code, _Banded(geom, y0, y1)))
            elif point_in_geometry(centre[0], centre[1], geom):
                out.append((code, None))
        entry = self._cells[(cx, cy)] = tuple(out)
        return entry

    def find(self, lon: float, lat: float, hint: str | None = None,
             among: Any = None) -> str | None:
        """First code (``hint`` first, then in file order) whose outline contains the point.

        ``among``: optional container of acceptable codes (others are skipped).
        """
        cx, cy = math.floor(lon * self.STEP), math.floor(lat * self.STEP)
        entries = self._cells.get((cx, cy))
        if entries is None:
            entries = self._cell(cx, cy)
        if hint is not None:
            for code, geom in entries:
                if code == hint:
                    if geom is None or geom.contains(lon, lat):
                        return hint
                    break
        for code, geom in entries:
            if code != hint and (among is None or code in among) and (
                    geom is None or geom.contains(lon, lat)):
                return code
        return None


class _Banded:
    """:func:`point_in_geometry` for points of one latitude band, with only the edges that matter.

    A horizontal ray from a point of the band can only cross edges whose latitude
    range meets the band: keeping just those (same orientation, same arithmetic)
    gives exactly the same parity, in far fewer steps.
    """

    __slots__ = ("bbox", "parts")

    def __init__(self, geom: dict[str, Any], y0: float, y1: float) -> None:
        self.bbox = geom.get("bbox") or _bbox(geom)
        parts = geom.get("parts")
        if parts is None:
            parts = [(None, poly) for poly in _rings(geom) if poly]
        self.parts = [(pb, [_band_edges(ring, y0, y1) for ring in poly]) for pb, poly in parts]

    def contains(self, lon: float, lat: float) -> bool:
        b = self.bbox
        if not (b[0] <= lon <= b[2] and b[1] <= lat <= b[3]):
            return False
        for pb, rings in self.parts:
            if (pb is None or (pb[0] <= lon <= pb[2] and pb[1] <= lat <= pb[3])) and \
                    _crossings_odd(lon, lat, rings[0]):
                if not any(_crossings_odd(lon, lat, hole) for hole in rings[1:]):
                    return True
        return False


def _band_edges(ring: list[list[float]], y0: float, y1: float) -> list[tuple[float, ...]]:
    """Edges (xi, yi, xj, yj) of ``ring``, as :func:`_in_ring` pairs them, meeting [y0, y1]."""
    out = []
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if not ((yi > y1 and yj > y1) or (yi < y0 and yj < y0)):
            out.append((xi, yi, xj, yj))
        j = i
    return out


def _crossings_odd(x: float, y: float, edges: list[tuple[float, ...]]) -> bool:
    inside = False
    for xi, yi, xj, yj in edges:
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
    return inside


def _edges_cross(geom: dict[str, Any], x0: float, y0: float, x1: float, y1: float) -> bool:
    """Does any edge (outer rings and holes) have a bounding box meeting the box? (conservative)"""
    parts = geom.get("parts")
    polys = [poly for (a, b, c, d), poly in parts if not (c < x0 or a > x1 or d < y0 or b > y1)
             ] if parts is not None else list(_rings(geom))
    for poly in polys:
        for ring in poly:
            if not ring:
                continue
            px, py = ring[-1][0], ring[-1][1]
            for pt in ring:
                x, y = pt[0], pt[1]
                if ((x if x > px else px) >= x0 and (x if x < px else px) <= x1
                        and (y if y > py else py) >= y0 and (y if y < py else py) <= y1):
                    return True
                px, py = x, y
    return False


def _rings(geom: dict[str, Any]) -> Iterator[list[list[list[float]]]]:
    """Yield polygons (lists of rings) of a Polygon/MultiPolygon."""
    if geom["type"] == "Polygon":
        yield geom["coordinates"]
    elif geom["type"] == "MultiPolygon":
        yield from geom["coordinates"]


def _bbox(geom: dict[str, Any]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for poly in _rings(geom):
        for x, y in poly[0]:
            xs.append(x)
            ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)


def _parts(geom: dict[str, Any]) -> list[tuple[tuple[float, float, float, float], list]]:
    """(bbox of the outer ring, polygon) per part: a point far from a part skips its rings."""
    out = []
    for poly in _rings(geom):
        if poly and poly[0]:
            xs = [pt[0] for pt in poly[0]]
            ys = [pt[1] for pt in poly[0]]
            out.append(((min(xs), min(ys), max(xs), max(ys)), poly))
    return out


def _in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


_KM_PER_DEGREE = 111.195
#: A bounding box smaller than this (degrees, both sides) marks a tiny country or island
#: whose simplified outline may be a mere triangle: its whole bounding box counts.
_TINY_DEGREES = 0.25


def near_geometry(lon: float, lat: float, geom: dict[str, Any], km: float) -> bool:
    """Is the point within ``km`` of the outline (any ring), or of the bounding box of a tiny one?

    Why: outlines are simplified (a few km of tolerance), so a coastal or border point can
    fall just outside its country. Local equirectangular distances: ample at 10 km.
    """
    bbox = geom.get("bbox") or _bbox(geom)
    dy = km / _KM_PER_DEGREE
    dx = dy / max(math.cos(math.radians(lat)), 0.01)
    if not (bbox[0] - dx <= lon <= bbox[2] + dx and bbox[1] - dy <= lat <= bbox[3] + dy):
        return False
    if bbox[2] - bbox[0] < _TINY_DEGREES and bbox[3] - bbox[1] < _TINY_DEGREES:
        return True
    kx = _KM_PER_DEGREE * math.cos(math.radians(lat))
    limit = km * km
    for (x0, y0, x1, y1), poly in geom.get("parts") or _parts(geom):
        if not (x0 - dx <= lon <= x1 + dx and y0 - dy <= lat <= y1 + dy):
            continue
        for ring in poly:
            for i in range(len(ring)):
                ax, ay = (ring[i - 1][0] - lon) * kx, (ring[i - 1][1] - lat) * _KM_PER_DEGREE
                bx, by = (ring[i][0] - lon) * kx, (ring[i][1] - lat) * _KM_PER_DEGREE
                ex, ey = bx - ax, by - ay
                n = ex * ex + ey * ey
                t = 0.0 if n == 0 else min(1.0, max(0.0, -(ax * ex + ay * ey) / n))
                px, py = ax + t * ex, ay + t * ey
                if px * px + py * py <= limit:
                    return True
    return False


def point_in_geometry(lon: float, lat: float, geom: dict[str, Any]) -> bool:
    """Pure-Python point-in-polygon (even-odd rule, holes honoured, bbox prefilter).

    Why pure Python: runtime must not import shapely; outlines are simplified
    so a ray-casting test over a few thousand vertices is fast enough.
    """
    bbox = geom.get("bbox") or _bbox(geom)
    if not (bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3]):
        return False
    parts = geom.get("parts")
    if parts is not None:
        for (x0, y0, x1, y1), poly in parts:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and _in_ring(lon, lat, poly[0]):
                if not any(_in_ring(lon, lat, hole) for hole in poly[1:]):
                    return True
        return False
    for poly in _rings(geom):
        if poly and _in_ring(lon, lat, poly[0]):
            if not any(_in_ring(lon, lat, hole) for hole in poly[1:]):
                return True
    return False
