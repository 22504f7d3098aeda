"""Candidate indexes: the gazetteer seen from the geocoder, and one Place object per place.

The second step of the lookup pipeline. The gazetteer ships name indexes (communes,
cities); the indexes derived here (postal codes, former INSEE codes, department and
region names, country names and codes) are built on first use from its tables, so a
lookup that needs none of them reads none.

Places are made once per (kind, code) and kept (:meth:`Indexes.commune_place`...): equal
places are then the same object, which the ranking relies on (it compares places by
identity) and which keeps the memory of a long batch flat.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from geo.gazetteer import Gazetteer
from geo.geocoding.places import Place, department_of

__all__ = ["AREA_KINDS", "ByCode", "Indexes", "OVERSEAS_ISO"]

#: Kinds of named places (``places.json``) that are areas made of member communes.
AREA_KINDS = ("epci", "arrondissement", "former_region", "zone")
#: ISO 3166-1 codes of the overseas departments and regions (they are countries in ISO too).
OVERSEAS_ISO = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "976": "YT",
                "01": "GP", "02": "MQ", "03": "GF", "04": "RE", "06": "YT"}

#: (kind, code, note) of a department or region name; the note explains a pre-2016 name.
DivisionEntry = tuple[str, str, "str | None"]


class ByCode(dict):
    """``code -> value`` filled as it is read, falling back to ``fn(code)`` when missing.

    Why: qualifier predicates run on every candidate of a qualified lookup; a plain dict
    read is several times cheaper than going through the commune table's records.

    >>> squares = ByCode(lambda code: int(code) ** 2)
    >>> squares["12"], dict(squares)
    (144, {'12': 144})
    """

    __slots__ = ("_fn",)

    def __init__(self, fn: Callable[[str], Any]) -> None:
        super().__init__()
        self._fn = fn

    def __missing__(self, code: str) -> Any:
        val = self[code] = self._fn(code)
        return val


class Indexes:
    """The derived indexes over one gazetteer and its cached Place objects."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._places: dict[tuple[str, str], Place] = {}
        # id(place) -> (place,) for the cached places (see alone).
        self._alone_tuples: dict[int, tuple[Place]] = {}
        #: INSEE code -> department / region of a commune, for qualifier predicates.
        self.commune_dep = ByCode(lambda code: gaz.communes[code].department)
        self.commune_region = ByCode(lambda code: gaz.departments[self.commune_dep[code]].region)

    # ------------------------------------------------------------ indexes
    def commune_hits(self, key: str) -> list[tuple[str, int]]:
        """[(INSEE code, kind)] of a name key, kind 0 current name, 1 former name, 2 alias."""
        raw = self.gaz.commune_names.get(key)
        if not raw:
            return []
        return [(e[:-2], int(e[-1])) for e in raw.split()]

    def named_hits(self, key: str) -> list[tuple[str, str]]:
        """[(kind, code)] of the named places (and airports) known by a name key."""
        raw = self.gaz.place_names.get(key)
        if not raw:
            return []
        return [tuple(e.split(":", 1)) for e in raw.split()]  # type: ignore[misc]

    @cached_property
    def arrondissement_postal(self) -> dict[str, str]:
        """Postal code -> municipal arrondissement (75013 -> 75113)."""
        return {pc: code for code, r in self.gaz.places["arrondissement"].items()
                for pc in r["postal"]}

    @cached_property
    def postal(self) -> dict[str, list[str]]:
        """Postal code -> INSEE codes of the communes it serves (in table order)."""
        idx: dict[str, list[str]] = {}
        for c in self.gaz.communes.values():
            for pc in c.postal_codes:
                idx.setdefault(pc, []).append(c.code)
        return idx

    @cached_property
    def former_codes(self) -> dict[str, str]:
        """Former INSEE code (of a merged commune) -> current INSEE code."""
        return {old: c.code for c in self.gaz.communes.values() for old in c.former_codes}

    @cached_property
    def divisions(self) -> dict[str, list[DivisionEntry]]:
        """Name key -> [(kind, code, note)] for departments and regions (names, aliases,
        ISO ``fr ...`` keys, pre-2016 region names with the note that says so)."""
        gaz = self.gaz
        idx: dict[str, list[DivisionEntry]] = {}
        for d in gaz.departments.values():
            for k in d.keys:
                idx.setdefault(k, []).append(("department", d.code, None))
        for alias, code in gaz.department_aliases.items():
            idx.setdefault(alias, []).append(("department", code, None))
        for r in gaz.regions.values():
            for k in r.keys:
                idx.setdefault(k, []).append(("region", r.code, None))
        for alias, code in gaz.region_aliases.items():
            if not any(e[1] == code for e in idx.get(alias, [])):
                idx.setdefault(alias, []).append(("region", code, None))
        for key, fr in gaz.former_regions.items():
            cur = gaz.regions[fr["region"]].name
            note = f"{fr['name']} is a former region (before 2016): resolved to {cur}"
            idx.setdefault(key, []).append(("region", fr["region"], note))
        return idx

    @cached_property
    def countries(self) -> dict[str, str]:
        """Name key (English, French, aliases) -> ISO alpha-2 code."""
        return {k: c.alpha2 for c in self.gaz.countries.values() for k in c.keys}

    @cached_property
    def country_homonyms(self) -> dict[str, list[str]]:
        """Name key shared by several countries ("congo") -> their ISO alpha-2 codes."""
        out: dict[str, list[str]] = {}
        for c in self.gaz.countries.values():
            for k in c.shared:
                out.setdefault(k, []).append(c.alpha2)
        return out

    @cached_property
    def country_codes(self) -> dict[str, str]:
        """Lower-case ISO alpha-2 or alpha-3 code -> ISO alpha-2 code."""
        out: dict[str, str] = {}
        for c in self.gaz.countries.values():
            out[c.alpha2.lower()] = c.alpha2
            out[c.alpha3.lower()] = c.alpha2
        return out

    # ------------------------------------------------------------ places
    def commune_place(self, code: str) -> Place:
        """Place for an INSEE commune code."""
        key = ("commune", code)
        p = self._places.get(key)
        if p is None:
            c = self.gaz.communes[code]
            dep = self.gaz.departments[c.department]
            reg = self.gaz.regions[dep.region or ""]
            p = Place(c.name, c.code, "commune", c.lat, c.lon,
                      f"{dep.name}, {reg.name}, France", "insee-cog", c.population, "FR")
            self._places[key] = p
        return p

    def department_place(self, code: str) -> Place:
        """Place for a department code ("91", "2A", "974")."""
        key = ("department", code)
        p = self._places.get(key)
        if p is None:
            d = self.gaz.departments[code]
            reg = self.gaz.regions[d.region or ""]
            p = Place(d.name, d.code, "department", d.lat, d.lon, f"{reg.name}, France",
                      "insee-cog", d.population, "FR")
            self._places[key] = p
        return p

    def region_place(self, code: str) -> Place:
        """Place for an INSEE region code ("11")."""
        key = ("region", code)
        p = self._places.get(key)
        if p is None:
            r = self.gaz.regions[code]
            p = Place(r.name, r.code, "region", r.lat, r.lon, "France", "insee-cog",
                      r.population, "FR")
            self._places[key] = p
        return p

    def named_place(self, kind: str, code: str) -> Place:
        """Place of a ``(kind, code)`` of the named-place index (or any other kind of place)."""
        if kind in AREA_KINDS:
            return self.area_place(kind, code)
        if kind == "airport":
            return self.airport_place(code)
        if kind == "commune":
            return self.commune_place(code)
        if kind == "country":
            return self.country_place(code)
        return self.division_place(kind, code)

    def area_place(self, kind: str, code: str) -> Place:
        """Place of an intercommunality, municipal arrondissement, former region or zone."""
        key = (kind, code)
        p = self._places.get(key)
        if p is None:
            r = self.gaz.places[kind][code]
            p = Place(r["name"], code, kind, r["lat"], r["lon"], self._area_context(kind, r),
                      "insee-cog" if kind != "zone" else "geo-zones", r["population"], "FR")
            self._places[key] = p
        return p

    def _area_context(self, kind: str, r: dict) -> str:
        """Where an area is: its commune (arrondissement), department and region when it has one."""
        gaz = self.gaz
        if kind == "former_region":
            return f"{gaz.regions[r['region']].name} (since 2016), France"
        deps = sorted({department_of(c) for c in r.get("members", [r["code"]])})
        regions = sorted({gaz.departments[d].region or "" for d in deps})
        parts = []
        if kind == "arrondissement":
            parts.append(gaz.communes[r["commune"]].name)
        if len(deps) == 1:
            parts.append(gaz.departments[deps[0]].name)
        if len(regions) == 1:
            parts.append(gaz.regions[regions[0]].name)
        return ", ".join(dict.fromkeys([*parts, "France"]))

    def airport_place(self, iata: str) -> Place:
        """Place of an airport by IATA code."""
        key = ("airport", iata)
        p = self._places.get(key)
        if p is None:
            a = self.gaz.airports[iata]
            country = self.gaz.countries.get(a.country)
            where = ", ".join(x for x in (a.city, country.name if country else a.country) if x)
            p = Place(a.name, iata, "airport", a.lat, a.lon, where, "airportsdata", None,
                      a.country)
            self._places[key] = p
        return p

    def division_place(self, kind: str, code: str) -> Place:
        """Place of a ``department`` or ``region`` code (a :attr:`divisions` entry)."""
        return self.department_place(code) if kind == "department" else self.region_place(code)

    def country_place(self, alpha2: str) -> Place:
        """Place for an ISO alpha-2 country code."""
        key = ("country", alpha2)
        p = self._places.get(key)
        if p is None:
            c = self.gaz.countries[alpha2]
            p = Place(c.name, c.alpha2, "country", c.lat, c.lon, "", "iso3166",
                      c.population, c.alpha2)
            self._places[key] = p
        return p

    def city_place(self, gid: str) -> Place:
        """Place for a world city by its GeoNames id as the indexes write it (a digit string)."""
        key = ("city", gid)
        p = self._places.get(key)
        if p is None:
            c = self.gaz.cities[gid]
            country = self.gaz.countries.get(c.country)
            p = Place(c.name, f"geonames:{gid}", "city", c.lat, c.lon,
                      country.name if country else c.country, "geonames", c.population,
                      c.country)
            self._places[key] = p
        return p

    def alone(self, place: Place) -> tuple[Place]:
        """``(place,)``, one shared tuple per (canonical, cached) place.

        Why: a result keeps its candidates tuple; sharing it instead of making one per
        lookup leaves the garbage collector fewer long-lived objects to traverse (a batch
        keeps every result in the memo).
        """
        alone = self._alone_tuples.get(id(place))
        if alone is None or alone[0] is not place:
            alone = self._alone_tuples[id(place)] = (place,)
        return alone
