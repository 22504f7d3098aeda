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
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

__all__ = [
    "Commune",
    "Country",
    "Division",
    "Gazetteer",
    "WorldCity",
    "normalize",
    "point_in_geometry",
]

_PUNCT = re.compile(r"[^0-9a-z]+")
# Abbreviations a journalist types; expanded token by token after normalisation.
_TOKEN_EXPANSIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l",
                            "ı": "i", "þ": "th", "ð": "d", "’": "'", "ʼ": "'"})

_EXPANDABLE = frozenset(_TOKEN_EXPANSIONS)
# Fast path of normalize(): ASCII punctuation -> space, and the combining diacritics block
# (U+0300-U+036F, what NFKD leaves of French accents) deleted, both with str.translate.
_ASCII_PUNCT = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum()
                              or not chr(i).isascii()})
_DIACRITICS = dict.fromkeys(range(0x300, 0x370))


def normalize(text: str) -> str:
    """Return the lookup key of a place name.

    Why: users type ``ILE DE FRANCE``, ``Ile-de-France`` or ``St-Denis``; the
    indexes are keyed on one canonical form so every variant is a single dict
    lookup. Lower-case, accents stripped, ligatures expanded, punctuation turned
    into single spaces, and ``st``/``ste`` expanded to ``saint``/``sainte``.
    """
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_LIGATURES)).translate(_DIACRITICS)
        if not text.isascii():  # rare: other scripts or marks; the general (slower) path
            text = "".join(ch for ch in text if not unicodedata.combining(ch))
            text = _PUNCT.sub(" ", text)
    tokens = text.translate(_ASCII_PUNCT).split()
    if not tokens:
        return ""
    if _EXPANDABLE.intersection(tokens):
        tokens = [_TOKEN_EXPANSIONS.get(tok, tok) for tok in tokens]
    return " ".join(tokens)


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


def _parse_index(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.split("\n"):
        key, _, val = line.partition("\t")
        out[key] = val
    return out


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
    objects would dominate start-up time.
    """

    def __init__(self, text: str, parse: Any) -> None:
        self._lines = {line[: line.index("\t")]: line for line in text.split("\n") if line}
        self._parse = parse
        self._cache: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        rec = self._cache.get(key)
        if rec is None:
            rec = self._cache[key] = self._parse(self._lines[key])
        return rec

    def __contains__(self, key: object) -> bool:
        return key in self._lines

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)


class Gazetteer:
    """Lazy, read-only view of the shipped gazetteer files.

    Why a class and not module globals: tests and callers can hold several
    instances (or a fake one) without hidden shared state; each dataset is
    parsed once per instance on first access.
    """

    def __init__(self, loader: Any = None) -> None:
        # ``loader(name) -> parsed JSON``; injectable for tests.
        self._load = loader or _load_json

    # ----------------------------------------------------------------- France
    @cached_property
    def communes(self) -> LazyTable:
        """Current communes keyed by INSEE code (rows parsed on first access)."""
        return LazyTable(self._load("communes.tsv.gz"), _parse_commune)

    @cached_property
    def commune_names(self) -> dict[str, str]:
        """Normalised name -> ``"code:kind code:kind"`` (kind 0 current, 1 former, 2 alias)."""
        return _parse_index(self._load("commune_names.tsv.gz"))

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
        return LazyTable(self._load("cities.tsv.gz"), _parse_city)

    @cached_property
    def city_names(self) -> dict[str, str]:
        """Normalised main city name -> space-separated GeoNames ids."""
        return _parse_index(self._load("city_names.tsv.gz"))

    @cached_property
    def city_altnames(self) -> dict[str, str]:
        """Normalised alternate name (exonym...) -> space-separated GeoNames ids."""
        return _parse_index(self._load("city_altnames.tsv.gz"))

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
