"""Geocoding: place names as the press writes them → places, offline and never guessed.

Why offline and strict: a map of announced investments is only honest if every
symbol sits where the announcement says. So the geocoder works from the shipped
gazetteer only (reproducible, no network), never picks one of several homonyms
silently, and explains every non-obvious decision in ``notes``.

Query forms understood (case, accents and punctuation are ignored; ``St``/``Ste``
mean ``Saint``/``Sainte``):

* commune names, current or former (communes merged since 2015 keep their old
  names and INSEE codes), and GeoNames exonyms of French cities (``Dunkirk``);
* postal codes (``59400``) and INSEE codes (``59122``); a postal code wins over an
  INSEE code made of the same digits;
* department names and codes (``Essonne``, ``91``, ``2A``, ``974``, ``FR-91``);
* region names, ISO codes (``FR-IDF``), aliases (``PACA``, ``IDF``) and pre-2016
  names (``Nord-Pas-de-Calais``: resolved to the current region, with a note);
* countries: English/French names, aliases (``UAE``, ``Royaume-Uni``), ISO
  alpha-2/alpha-3 (``AE``, ``ARE``; a 2-3 letter code typed in capitals is read as a
  country code first);
* world cities >= 15,000 inhabitants with their alternate names (``Londres``);
* qualifiers after a comma or in brackets: department code/name, region, country,
  or a kind (``commune``, ``département``, ``région``, ``pays``/``country``,
  ``ville``/``city``): ``Saint-Denis (93)``, ``Valence, Drôme``,
  ``Portland, United States``, ``Vienne (commune)``;
* coordinates ``"48.59, 2.19"`` (precision ``point``, context from :meth:`Geocoder.reverse`).

Precedence rule for an unqualified name (first matching tier wins; the other
matches are listed in ``candidates`` and named in ``notes``):

1. codes: postal/INSEE code, department code, ISO 3166-2 code, capitalised ISO
   country code;
2. an exact department or region name (current, alias or pre-2016). So
   ``Essonne`` -> department 91, ``Nord`` -> department 59, ``Vienne`` -> department
   86 even though communes (and Vienna, "Vienne" in French) share the name: add
   ``(commune)`` or a country to get those. A name that is both a department and a
   region of the same territory (``Martinique``, ``La Réunion``...) gives the
   department. Exception: ``Paris`` (and ``FR-75C``) gives the *commune* of Paris
   (75056), which has exactly the territory of department 75; a note says so;
3. a country name or alias (``France``, ``Émirats arabes unis``);
4. French communes (current names, former names, exonyms) - all homonyms together,
   so ``Saint-Denis`` or ``Valence`` are ambiguous;
5. ISO country codes typed in lower case (``ae``);
6. world cities outside France: main names first, alternate names only if no
   main name matches. A French place always wins over a foreign city unless the
   query is qualified with another country.

Homonyms are never resolved silently: several candidates give ``ambiguous=True``
and no ``place``. With ``prefer="populous"`` the most populous candidate is
picked only if it has at least 10x the population of the next one, and a note
says so.

How it is built (a pipeline of small steps, in the manner of addok):
:mod:`~geo.geocoding.query` (parsing) → :mod:`~geo.geocoding.indexes` (candidates) →
:mod:`~geo.geocoding.tiers` and :mod:`~geo.geocoding.qualifiers` (ranking) →
:mod:`~geo.geocoding.places` (the result), run by :mod:`~geo.geocoding.resolve`;
:mod:`~geo.geocoding.reverse` and :mod:`~geo.geocoding.suggest` serve coordinates and
misses; :class:`Geocoder` wires them together. :mod:`~geo.geocoding.online` adds the
opt-in Nominatim backend; both satisfy :class:`PlaceFinder`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from geo.geocoding.geocoder import Geocoder
from geo.geocoding.places import GeocodeResult, Place
from geo.geocoding.query import parse_coordinates

__all__ = ["GeocodeResult", "Geocoder", "Place", "PlaceFinder", "parse_coordinates"]


@runtime_checkable
class PlaceFinder(Protocol):
    """What the pipeline needs of a geocoder: the offline :class:`Geocoder` and the online
    :class:`~geo.geocoding.online.NominatimGeocoder` both provide it.

    Why a protocol: ``geo build`` takes either without knowing which; a test checks
    that both satisfy it structurally.
    """

    def geocode(self, query: str) -> GeocodeResult:
        """One free-text place: a place when exactly one matches, else why not."""
        ...

    def reverse(self, lat: float, lon: float) -> Place | None:
        """The place at a point (the commune, else the country), None when unknown."""
        ...

    def contains(self, place: Place, lat: float, lon: float) -> bool:
        """Is the point inside (or near, for point-like places) ``place``?"""
        ...
