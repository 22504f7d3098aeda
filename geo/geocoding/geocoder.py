"""The offline geocoder: a small facade over the lookup pipeline (see :mod:`geo.geocoding`)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from geo.gazetteer import Gazetteer
from geo.geocoding.areas import Areas
from geo.geocoding.indexes import Indexes
from geo.geocoding.places import GeocodeResult, Place
from geo.geocoding.qualifiers import Qualifiers
from geo.geocoding.resolve import Resolver
from geo.geocoding.tiers import Tiers

if TYPE_CHECKING:
    from geo.geocoding.reverse import Reverse
    from geo.geocoding.suggest import Suggester

__all__ = ["Geocoder"]

#: Results kept per geocoder (announcements repeat place names).
_MEMO_SIZE = 65536


class Geocoder:
    """Resolve place names against the shipped gazetteer, offline, never guessing a homonym.

    Why a class: it holds the indexes, Place objects and results it has built, so a
    batch pays for each only once; several instances (or one over a fake gazetteer in
    tests) share nothing. ``prefer="populous"`` resolves homonyms when one has 10x the
    population of the next.

    >>> geo = Geocoder()
    >>> r = geo.geocode("Cambrai (Nord)")
    >>> r.place.label, r.place.precision, r.place.context
    ('Cambrai (59)', 'commune', 'Nord, Hauts-de-France, France')
    >>> geo.geocode("Saint-Denis").ambiguous
    True
    """

    def __init__(self, gazetteer: Gazetteer | None = None, prefer: str | None = None) -> None:
        if prefer not in (None, "populous"):
            raise ValueError(f"prefer must be None or 'populous', not {prefer!r}")
        self.gaz = gazetteer or Gazetteer()
        self._ix = Indexes(self.gaz)
        self._areas = Areas(self._ix, self.reverse)
        self._tiers = Tiers(self._ix, prefer, self._areas.within)
        self._resolver = Resolver(self._tiers, Qualifiers(self._ix), self.reverse, self.suggest,
                                  self._areas)
        # Results are immutable: memoised per instance.
        self._memo: dict[str, GeocodeResult] = {}

    @property
    def prefer(self) -> str | None:
        """None (homonyms stay ambiguous) or ``"populous"``."""
        return self._tiers.prefer

    def geocode(self, query: str) -> GeocodeResult:
        """Resolve one free-text place; see :mod:`geo.geocoding` for the forms and the rules."""
        hit = self._memo.get(query)
        if hit is not None:
            return hit
        result = self._resolver.resolve(query)
        if len(self._memo) < _MEMO_SIZE:
            self._memo[query] = result
        return result

    def cache_clear(self) -> None:
        """Forget the memoised results (indexes and Place objects stay): for timing lookups."""
        self._memo.clear()

    # ------------------------------------------------------------ reverse and suggestions
    # Imported on first use: a name lookup needs neither module.
    @cached_property
    def _reverse(self) -> Reverse:
        from geo.geocoding.reverse import Reverse

        return Reverse(self._ix)

    @cached_property
    def _suggester(self) -> Suggester:
        from geo.geocoding.suggest import Suggester

        return Suggester(self._ix)

    def reverse(self, lat: float, lon: float) -> Place | None:
        """The French commune at (nearest to) the point, else the country containing it.

        Why: a coordinate query gets its context from it, and coordinates a user typed are
        checked against the place named (see :meth:`contains`).

        >>> Geocoder().reverse(50.176, 3.235).label
        'Cambrai (59)'
        """
        return self._reverse.reverse(lat, lon)

    def contains(self, place: Place, lat: float, lon: float) -> bool:
        """Is the point inside (or, for point-like places, near) ``place``?

        Why: validates user-supplied coordinates against the named place; the rules per
        precision are in :meth:`geo.geocoding.reverse.Reverse.contains`.
        """
        return self._reverse.contains(place, lat, lon)

    def suggest(self, text: str, n: int = 5) -> list[str]:
        """Close names for an unknown query (misses only: builds its index lazily).

        >>> Geocoder().suggest("Cambrau")[0]
        'Cambrai (59)'
        """
        return self._suggester.suggest(text, n)

    # ------------------------------------------------------------ places by code
    def commune_place(self, code: str) -> Place:
        """Place for an INSEE commune code ("59122")."""
        return self._ix.commune_place(code)

    def department_place(self, code: str) -> Place:
        """Place for a department code ("91", "2A", "974")."""
        return self._ix.department_place(code)

    def region_place(self, code: str) -> Place:
        """Place for an INSEE region code ("11")."""
        return self._ix.region_place(code)

    def country_place(self, alpha2: str) -> Place:
        """Place for an ISO alpha-2 country code."""
        return self._ix.country_place(alpha2)

    def city_place(self, gid: int) -> Place:
        """Place for a GeoNames id of a world city."""
        return self._ix.city_place(str(gid))
