"""Geocoding: place names as the press writes them → places, offline and never guessed.

Why offline and strict: a map of announced investments is only honest if every
symbol sits where the announcement says. So the geocoder works from the shipped
gazetteer only (reproducible, no network), never picks one of several homonyms
silently, and explains every non-obvious decision in ``notes``.

Query forms understood (case, accents and punctuation are ignored; ``St``/``Ste``
mean ``Saint``/``Sainte``):

* commune names, current or former (communes merged since 2015 keep their old
  names and INSEE codes), and GeoNames exonyms of French cities (``Dunkirk``);
* municipal arrondissements (``Paris 13e``, ``13e arrondissement de Paris``, ``75013``),
  intercommunalities (``Métropole de Lyon``, ``MEL``), named zones (``Sophia Antipolis``,
  ``La Défense``), airports (``Roissy-CDG``, ``CDG``, ``LFPG``, ``aéroport de Nantes``);
* postal codes (``59400``) and INSEE codes (``59122``); a postal code wins over an
  INSEE code made of the same digits;
* department names and codes (``Essonne``, ``91``, ``2A``, ``974``, ``FR-91``);
* region names, ISO codes (``FR-IDF``), aliases (``PACA``, ``IDF``) and the regions
  before 2016 (``Alsace``: a place of its own, the union of its departments);
* countries: English/French names, aliases (``UAE``, ``Royaume-Uni``), ISO
  alpha-2/alpha-3 (``AE``, ``ARE``; a 2-3 letter code typed in capitals is read as a
  country code first);
* world cities >= 15,000 inhabitants with their alternate names (``Londres``);
* qualifiers after a comma or in brackets: department code/name, region, country,
  an INSEE or postal code, or a kind (``commune``, ``département``, ``région``,
  ``pays``/``country``, ``ville``/``city``): ``Saint-Denis (93)``, ``Valence, Drôme``,
  ``Trappes (78621)``, ``Vienne (commune)``;
* press phrasing, read only when the text as typed matches nothing
  (:mod:`~geo.geocoding.phrasing`): ``dans l'Essonne``, ``aux Pennes-Mirabeau``,
  ``site de Harnes``, ``Bruyères-le-Châtel en Essonne``; relative places (``près de
  Valenciennes``: the intercommunality around it, never a point at it) and several
  places for one site (``à Obernai et à Bischwiller``: the smallest area around them);
* coordinates ``"48.59, 2.19"`` (precision ``point``, context from :meth:`Geocoder.reverse`).

Precedence: the matches of a name are ranked in tiers by trust (codes, named areas,
countries, airport codes, communes by current then former name, lower-case country
codes, world cities, GeoNames alternate names: :mod:`~geo.geocoding.tiers`); the best
tier answers, and a place of a later tier that a journalist may mean joins the candidates
(:mod:`~geo.geocoding.rivals`: the million, former-name and dominance rules,
containment, accents typed). The README ("Place names: how a query is resolved") states
the rules and the documented precedence cases.

Homonyms are never resolved silently: several candidates give ``ambiguous=True``
and no ``place``. With ``prefer="populous"`` the most populous candidate is
picked only if it has at least 10x the population of the next one, and a note
says so.

How it is built (a pipeline of small steps, in the manner of addok):
:mod:`~geo.geocoding.query` (parsing) → :mod:`~geo.geocoding.indexes` (candidates) →
:mod:`~geo.geocoding.tiers`, :mod:`~geo.geocoding.rivals` and
:mod:`~geo.geocoding.qualifiers` (ranking) → :mod:`~geo.geocoding.places` (the result),
run by :mod:`~geo.geocoding.resolve`, which reads misses again with
:mod:`~geo.geocoding.phrasing` and widens or joins places with
:mod:`~geo.geocoding.areas`; :mod:`~geo.geocoding.reverse` and
:mod:`~geo.geocoding.suggest` serve coordinates and misses; :class:`Geocoder` wires them
together. :mod:`~geo.geocoding.online` adds the opt-in Nominatim backend; both satisfy
:class:`PlaceFinder`.
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
