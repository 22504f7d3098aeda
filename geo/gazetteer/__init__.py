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
``places.json`` / ``place_names.tsv``
    named places beyond communes: intercommunalities (EPCI, EPT) with their member
    communes, the municipal arrondissements of Paris, Lyon and Marseille, the regions
    before 2016, the zones table (technopoles, business districts, ports) and informal
    names; and the index of their names (also airports by name, ``#code`` and ``~city``).
``airports.tsv.gz``
    airports with an IATA code (airportsdata), one line each.
``epcis.geojson``, ``arrondissements.geojson``, ``former_regions.geojson``, ``zones.geojson``
    their outlines, drawn like the departments'.

Layout: this module holds the record types (:class:`Commune`, :class:`Division`,
:class:`Country`, :class:`WorldCity`, each with its row parser) and the
:class:`Gazetteer` facade; :mod:`geo.gazetteer.tables` the lazy text tables that search
the shipped files in place; :mod:`geo.gazetteer.outlines` the outlines and their grid
index. Names are keyed by :func:`geo.core.text.name_key`, geometry comes from
:mod:`geo.core.geometry`; nothing else of geo is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from geo.gazetteer.tables import GzLines, LazyTable, TextIndex, load_shipped, read_bytes

if TYPE_CHECKING:  # imported on first use: name lookups never need outlines
    from geo.gazetteer.outlines import OutlineIndex

__all__ = [
    "Airport",
    "Commune",
    "Country",
    "Division",
    "Gazetteer",
    "LazyTable",
    "WorldCity",
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
    #: Names it shares with another country ("congo"): never its own, always ambiguous.
    shared: tuple[str, ...] = ()


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


@dataclass(frozen=True, slots=True)
class Airport:
    """An airport with an IATA code (airportsdata)."""

    iata: str
    icao: str
    name: str
    city: str
    country: str
    lat: float
    lon: float


def parse_airport(line: str) -> Airport:
    """An ``airports.tsv.gz`` row: IATA, ICAO, name, city, country, lat, lon."""
    iata, icao, name, city, cc, lat, lon = line.split("\t")
    return Airport(iata, icao, name, city, cc, float(lat), float(lon))


def parse_commune(line: str) -> Commune:
    """A ``communes.tsv.gz`` row: code, name, department, population, lat, lon, postal codes,
    former names (``|``-separated), former codes."""
    code, name, dep, pop, lat, lon, postal, former, old = line.split("\t")
    return Commune(code, name, dep, int(pop) if pop else None, float(lat), float(lon),
                   tuple(postal.split()), tuple(former.split("|")) if former else (),
                   tuple(old.split()))


def parse_city(line: str) -> WorldCity:
    """A ``cities.tsv.gz`` row: GeoNames id, name, country, admin1, population, lat, lon."""
    gid, name, cc, adm1, pop, lat, lon = line.split("\t")
    return WorldCity(int(gid), name, cc, adm1, int(pop) if pop else None, float(lat),
                     float(lon))


class Gazetteer:
    """Lazy, read-only view of the shipped gazetteer files.

    Why a class and not module globals: tests and callers can hold several
    instances (or a fake one) without hidden shared state; each dataset is
    parsed once per instance on first access.
    """

    def __init__(self, loader: Any = None) -> None:
        # ``loader(name) -> parsed JSON``; injectable for tests.
        self._load = loader or load_shipped

    def _lines(self, name: str) -> str | GzLines:
        """A shipped ``.tsv.gz`` to search line by line, decompressed only as far as needed."""
        if self._load is load_shipped:
            return GzLines(read_bytes(name))
        return self._load(name)

    # ----------------------------------------------------------------- France
    @cached_property
    def communes(self) -> LazyTable:
        """Current communes keyed by INSEE code (rows parsed on first access)."""
        return LazyTable(self._lines("communes.tsv.gz"), parse_commune)

    @cached_property
    def commune_names(self) -> dict[str, str]:
        """Normalised name -> ``"code:kind code:kind"`` (kind 0 current, 1 former, 2 alias)."""
        return TextIndex(self._lines("commune_names.tsv.gz"),  # type: ignore[return-value]
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

    @property
    def world_rivals(self) -> dict[str, str]:
        """Name key of a French place (or a country) -> GeoNames ids of the world cities of a
        million inhabitants or more known by the same name (``cologne`` -> Köln)."""
        return self._france.get("world_rivals", {})

    # ----------------------------------------------------------- named places
    @cached_property
    def places(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Named places by kind (``epci``, ``arrondissement``, ``former_region``, ``zone``,
        ``informal``) and code: name, population, point, members (see PROVENANCE.md)."""
        return {kind: {r["code"]: r for r in rows}
                for kind, rows in self._load("places.json").items()}

    @cached_property
    def place_names(self) -> dict[str, str]:
        """Name key -> ``"kind:code kind:code"`` of named places and airports (``#cdg`` for a
        code, ``~nantes`` for the airports of a city)."""
        return TextIndex(self._load("place_names.tsv"),  # type: ignore[return-value]
                         lambda d: self.__dict__.__setitem__("place_names", d))

    @cached_property
    def airports(self) -> LazyTable:
        """Airports keyed by IATA code (rows parsed on first access)."""
        return LazyTable(self._lines("airports.tsv.gz"), parse_airport)

    # -------------------------------------------------------------- Countries
    @cached_property
    def countries(self) -> dict[str, Country]:
        """Countries keyed by ISO alpha-2."""
        return {
            c["alpha2"]: Country(c["alpha2"], c["alpha3"], c["numeric"], c["name"],
                                 c["name_fr"], c["population"], c["lat"], c["lon"],
                                 tuple(c["keys"]), tuple(c.get("shared", ())))
            for c in self._load("countries.json")
        }

    # ----------------------------------------------------------------- Cities
    @cached_property
    def cities(self) -> LazyTable:
        """World cities (outside France) keyed by GeoNames id string; loaded only when needed."""
        return LazyTable(self._lines("cities.tsv.gz"), parse_city)

    @cached_property
    def city_names(self) -> dict[str, str]:
        """Normalised main city name -> space-separated GeoNames ids."""
        return TextIndex(self._lines("city_names.tsv.gz"),  # type: ignore[return-value]
                          lambda d: self.__dict__.__setitem__("city_names", d))

    @cached_property
    def city_altnames(self) -> dict[str, str]:
        """Normalised alternate name (exonym...) -> space-separated GeoNames ids."""
        return TextIndex(self._lines("city_altnames.tsv.gz"),  # type: ignore[return-value]
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
        from geo.gazetteer.outlines import LazyOutlines

        return LazyOutlines(self._load)  # type: ignore[return-value]

    def outline_index(self, kind: str) -> OutlineIndex:
        """Grid index over :meth:`outlines` of ``kind`` answering "which outline contains this point"."""
        idx = self._outline_indexes.get(kind)
        if idx is None:
            from geo.gazetteer.outlines import OutlineIndex

            idx = self._outline_indexes[kind] = OutlineIndex(self.outlines(kind))
        return idx

    @cached_property
    def _outline_indexes(self) -> dict[str, OutlineIndex]:
        return {}
