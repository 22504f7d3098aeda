"""Geocoding: place names as the press writes them → places, offline and never guessed."""

from geo.geocoding.geocoder import Geocoder, GeocodeResult, Place, parse_coordinates

__all__ = ["GeocodeResult", "Geocoder", "Place", "parse_coordinates"]
