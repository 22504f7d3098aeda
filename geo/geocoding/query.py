"""Query parsing: what the text typed says before any index is consulted.

The first step of the lookup pipeline. Everything here is a function of the text
alone (no gazetteer): coordinate pairs, the name and its qualifiers
(``Saint-Denis (93)``, ``Valence, Drôme``), and the shapes of codes (postal code,
department code) and kind words (``commune``, ``pays``...).
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["KIND_WORDS", "dep_code", "is_postal", "one_qualifier", "parse_coordinates", "split"]

_COORD = (r"^\s*\(?\s*([-+]?\d{1,3}(?:[.,]\d+)?)\s*°?\s*([NSns])?\s*[,;/ ]\s*"
          r"([-+]?\d{1,3}(?:[.,]\d+)?)\s*°?\s*([EWOewo])?\s*\)?\s*$")
_DIGITS = frozenset("0123456789")
_PARENS = re.compile(r"\(([^()]*)\)")

#: Qualifier words naming a kind of place (keys in :func:`geo.core.text.name_key` form).
KIND_WORDS = {
    "commune": "commune", "ville": "town", "city": "city", "town": "town",
    "departement": "department", "department": "department", "dept": "department",
    "dep": "department", "region": "region", "pays": "country", "country": "country",
    "ancienne region": "former_region", "former region": "former_region",
    "intercommunalite": "epci", "epci": "epci", "metropole": "epci",
    "arrondissement": "arrondissement", "aeroport": "airport", "airport": "airport",
    "zone": "zone", "technopole": "zone", "port": "zone",
}


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """Parse ``"48.59, 2.19"`` (lat, lon) into floats.

    Why: journalists paste coordinates from a map; they must bypass name lookup.
    Accepts ``;``, ``/`` or space separators, decimal commas, ``N/S/E/W`` (``O`` for
    ouest) suffixes. Returns None when the text is not a coordinate pair, raises
    ValueError when it is one but out of range (a likely lat/lon swap or typo that
    must not be mapped silently).

    >>> parse_coordinates("48.59, 2.19")
    (48.59, 2.19)
    >>> parse_coordinates("48,59; 2,19")
    (48.59, 2.19)
    >>> parse_coordinates("33.9 S 18.4 E")
    (-33.9, 18.4)
    >>> parse_coordinates("Cambrai") is None
    True
    >>> parse_coordinates("148.59, 2.19")
    Traceback (most recent call last):
    ...
    ValueError: latitude 148.59 out of range [-90, 90] in '148.59, 2.19'
    """
    m = _coord_pattern().match(text)
    if not m:
        return None
    lat = float(m.group(1).replace(",", "."))
    lon = float(m.group(3).replace(",", "."))
    if m.group(2) and m.group(2).upper() == "S":
        lat = -abs(lat)
    if m.group(4) and m.group(4).upper() in ("W", "O"):
        lon = -abs(lon)
    if not -90.0 <= lat <= 90.0:
        raise ValueError(f"latitude {lat} out of range [-90, 90] in {text!r}")
    if not -180.0 <= lon <= 180.0:
        raise ValueError(f"longitude {lon} out of range [-180, 180] in {text!r}")
    return lat, lon


@cache
def _coord_pattern() -> re.Pattern[str]:
    """:data:`_COORD` compiled on first use: compiling costs ~1 ms of ``geo geocode Cambrai``."""
    return re.compile(_COORD)


def is_postal(s: str) -> bool:
    """Five ASCII digits (a postal or INSEE code's shape), without a regex: it is on the hot path.

    >>> is_postal("59400"), is_postal("5940"), is_postal("５９４００")
    (True, False, False)
    """
    return len(s) == 5 and _DIGITS.issuperset(s)


def dep_code(s: str) -> str | None:
    """A department code as typed (``1``, ``91``, ``974``, ``2a``) in canonical form, else None.

    Why: journalists drop the leading zero and type Corsica's codes in lower case.

    >>> dep_code("1"), dep_code("974"), dep_code("2a"), dep_code("2C")
    ('01', '974', '2A', None)
    """
    n = len(s)
    if 0 < n <= 3 and _DIGITS.issuperset(s):
        return s.zfill(2)
    if n == 2 and s[0] == "2" and s[1] in "ABab":
        return s.upper()
    return None


def split(query: str) -> tuple[str, list[str]]:
    """The name and its qualifiers: text after commas, then text in brackets.

    Why: a qualifier narrows the homonyms of a name (``Saint-Denis (93)``) and never
    matches on its own.

    >>> split("Saint-Denis (93)")
    ('Saint-Denis', ['93'])
    >>> split("Paris, Texas (city)")
    ('Paris', ['Texas', 'city'])
    >>> split(" , ")
    ('', [])
    """
    if "(" not in query:
        quals, rest = [], query
    else:
        quals = _PARENS.findall(query)
        rest = _PARENS.sub(",", query)
    parts = [p.strip() for p in rest.split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return "", quals
    return parts[0], [q for q in parts[1:] + quals if q.strip()]


def one_qualifier(text: str) -> tuple[str, str] | None:
    """:func:`split` for the two shapes nearly every qualified query has, without regexes.

    ``"Name (qualifier)"`` -> (``"Name"``, ``"qualifier"``) and ``"Name, qualifier"`` ->
    (``"Name"``, ``"qualifier"``), exactly as :func:`split` words them (a bracketed
    qualifier is not stripped); None for any other shape (use :func:`split`).
    ``text`` is stripped and not empty.

    >>> one_qualifier("Cambrai (Nord)"), one_qualifier("Valence, Drôme")
    (('Cambrai', 'Nord'), ('Valence', 'Drôme'))
    >>> one_qualifier("Paris, Texas (city)") is None
    True
    """
    if "," in text:
        if "(" in text or text.count(",") != 1:
            return None
        main, _, qual = text.partition(",")
        main, qual = main.strip(), qual.strip()
    else:
        if text[-1] != ")" or text.count("(") != 1 or text.count(")") != 1:
            return None
        main, _, qual = text[:-1].partition("(")
        main = main.strip()
        if not qual.strip():
            return None
    if not main or not qual:
        return None
    return main, qual
