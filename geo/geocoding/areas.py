"""Containment: which place lies within which, the wider area around a place, the smallest
area around several.

Why one module: the same rule decides that Singapore the city is no rival of Singapore the
country (one lies within the other), that "près de Valenciennes" means the
intercommunality around Valenciennes, and that "Obernai et Bischwiller" is somewhere in
Bas-Rhin. Everything is decided from codes and member lists (INSEE codes, the members of
intercommunalities and zones, the departments of former regions), never from outlines:
exact, and cheap enough for the ranking step.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from geo.geocoding.indexes import OVERSEAS_ISO, Indexes
from geo.geocoding.places import Place, department_of

__all__ = ["NEAR", "TOWARDS", "Areas"]

#: Relations a phrase can state between a site and the place it names.
NEAR = "near"  # près de, agglomération de, zone métropolitaine de, région lyonnaise...
TOWARDS = "towards"  # au nord de, à l'est de...
#: Precisions a relation can widen a place to, smallest first.
_WIDER = {NEAR: ("epci", "department", "region", "country"),
          TOWARDS: ("department", "region", "country")}


class Areas:
    """Containment over one set of indexes. ``reverse`` places an airport in its commune."""

    def __init__(self, ix: Indexes, reverse: Callable[[float, float], Place | None]) -> None:
        self.ix = ix
        self.gaz = ix.gaz
        self._reverse = reverse

    @cached_property
    def commune_epcis(self) -> dict[str, list[str]]:
        """INSEE code -> the intercommunalities it belongs to, smallest first (an EPT of Grand
        Paris before the Métropole du Grand Paris)."""
        epcis = self.gaz.places["epci"]
        out: dict[str, list[str]] = {}
        for code, r in sorted(epcis.items(), key=lambda kv: (len(kv[1]["members"]), kv[0])):
            for member in r["members"]:
                out.setdefault(member, []).append(code)
        return out

    def _members(self, p: Place) -> list[str]:
        if p.precision in ("epci", "zone"):
            return self.gaz.places[p.precision][p.code]["members"]
        return []

    def departments(self, p: Place) -> set[str]:
        """The departments a place lies in (empty when unknown or outside France)."""
        prec = p.precision
        if prec in ("commune", "arrondissement"):
            return {department_of(p.code)}
        if prec == "department":
            return {p.code}
        if prec in ("epci", "zone"):
            return {department_of(c) for c in self._members(p)}
        if prec == "former_region":
            return set(self.gaz.places["former_region"][p.code]["departments"])
        if prec == "region":
            return {d.code for d in self.gaz.departments.values() if d.region == p.code}
        if prec == "airport" and p.country in ("FR", *OVERSEAS_ISO.values()):
            at = self._reverse(p.lat, p.lon)
            return self.departments(at) if at is not None and at.precision == "commune" else set()
        return set()

    def regions(self, p: Place) -> set[str]:
        """The regions a place lies in."""
        if p.precision == "region":
            return {p.code}
        if p.precision == "former_region":
            return {self.gaz.places["former_region"][p.code]["region"]}
        return {self.gaz.departments[d].region or "" for d in self.departments(p)}

    def within(self, inner: Place, outer: Place) -> bool:
        """Does ``inner`` lie (wholly) within ``outer``? A place is not within itself."""
        if inner is outer:
            return False
        prec = outer.precision
        if prec == "country":
            if inner.precision == "country":
                return False
            if inner.country == outer.code and inner.precision != "point":
                return True
            deps = self.departments(inner) or self.regions(inner)
            return bool(deps) and all(OVERSEAS_ISO.get(d) == outer.code for d in deps)
        if prec == "region":
            return inner.precision != "region" and self.regions(inner) == {outer.code}
        if prec in ("department", "former_region"):
            deps = self.departments(inner)
            wanted = {outer.code} if prec == "department" else self.departments(outer)
            return inner.precision not in ("region", "former_region") and bool(deps) and \
                deps <= wanted and inner.code != outer.code
        if prec in ("epci", "zone"):
            members = set(self._members(outer))
            if inner.precision in ("commune", "arrondissement"):
                commune = self._commune_of(inner)
                return inner.code in members or commune in members
            return inner.precision in ("epci", "zone") and set(self._members(inner)) <= members
        if prec == "commune":
            return inner.precision == "arrondissement" and self._commune_of(inner) == outer.code
        return False

    def _commune_of(self, p: Place) -> str:
        if p.precision == "arrondissement":
            return self.gaz.places["arrondissement"][p.code]["commune"]
        return p.code

    def ancestors(self, p: Place) -> list[Place]:
        """The places that contain ``p``, smallest first (commune, intercommunalities,
        department, region, country)."""
        ix = self.ix
        out: list[Place] = []
        prec = p.precision
        if prec == "airport":
            at = self._reverse(p.lat, p.lon) if p.country == "FR" else None
            if at is not None and at.precision == "commune":
                return [at, *self.ancestors(at)]
            return [ix.country_place(p.country)] if p.country in self.gaz.countries else []
        if prec in ("city", "point"):
            return [ix.country_place(p.country)] if p.country in self.gaz.countries else []
        if prec in ("commune", "arrondissement"):
            commune = self._commune_of(p)
            if commune != p.code:
                out.append(ix.commune_place(commune))
            out += [ix.area_place("epci", e) for e in self.commune_epcis.get(commune, ())]
        deps = self.departments(p) if prec not in ("department", "region", "country") else set()
        if len(deps) == 1 and prec != "former_region":
            out.append(ix.department_place(next(iter(deps))))
        regions = self.regions(p) if prec not in ("region", "country") else set()
        if len(regions) == 1:
            out.append(ix.region_place(next(iter(regions))))
        if prec != "country" and p.country == "FR":
            out.append(ix.country_place("FR"))
        return out

    def wider(self, p: Place, relation: str) -> Place | None:
        """The area a relation ("near", "towards") widens ``p`` to, or None (a country)."""
        wanted = _WIDER[relation]
        return next((a for a in self.ancestors(p) if a.precision in wanted), None)

    def common(self, places: list[Place]) -> Place | None:
        """The smallest place containing every one of ``places`` (one of them, possibly)."""
        first = places[0]
        for cand in [first, *self.ancestors(first)]:
            if all(q is cand or self.within(q, cand) for q in places):
                return cand
        return None
