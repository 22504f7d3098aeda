"""The words of the data contract, defined once.

Precisions, amount kinds and languages are read from the JSON Schema shipped in the
package (``geo/schema/sites.schema.json``, ``$defs``), so the schema that validates a
file and the code that draws it cannot disagree on them. What counts as "not disclosed"
is one pattern here, used for amounts and for places alike.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from geo.core.text import fold

__all__ = [
    "AMOUNT_KINDS",
    "AREA_PRECISIONS",
    "LANGS",
    "MAPPED_PRECISIONS",
    "POINT_PRECISIONS",
    "PRECISIONS",
    "is_undisclosed",
    "schema",
]


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the data file, shipped in the package."""
    text = resources.files("geo").joinpath("schema/sites.schema.json").read_text("utf-8")
    return json.loads(text)


def _enum(name: str) -> tuple[str, ...]:
    return tuple(schema()["$defs"][name]["enum"])


#: How precisely a place is known, finest first.
PRECISIONS: tuple[str, ...] = _enum("precision")
#: What an amount states (exact figure, range, ceiling, floor, nothing).
AMOUNT_KINDS: tuple[str, ...] = _enum("amount_kind")
#: The languages a map can be labelled in.
LANGS: tuple[str, ...] = _enum("lang")

#: Precisions drawn as a point on the map.
POINT_PRECISIONS = ("point", "commune", "city", "airport")
#: Precisions drawn as an area ("somewhere in Essonne"), never as a crisp point: a dashed
#: outline, read from ``geo/data/{precision}s.geojson`` by code.
AREA_PRECISIONS = ("department", "region", "arrondissement", "epci", "zone", "former_region")
#: Precisions that have a place on the map; the others are listed beside it.
MAPPED_PRECISIONS = POINT_PRECISIONS + AREA_PRECISIONS

assert set(MAPPED_PRECISIONS) < set(PRECISIONS), "the schema lost a precision the map draws"

#: "Not disclosed", in the words of French and English announcements. Explicit words only:
#: an empty field is a forgotten field, not a secret.
_UNDISCLOSED = re.compile(
    r"(?:(?:le\s+)?(?:montant|lieu|localisation|emplacement)\s*:?\s*|"
    r"(?:amount|location|place|site)\s*:?\s*)?"
    r"(?:non[\s-]+(?:communique|divulgue|precise|chiffre|publie|connu|disponible|revele|"
    r"annonce|specifie)e?s?|inconnue?|pas\s+communiquee?|undisclosed|"
    r"not\s+(?:disclosed|known|available|public|published|given|specified|announced)|unknown|"
    r"confidentiel(?:le)?|confidential|n\s*/\s*a|n\.?\s*a\.?|n\.?\s*c\.?|n\.?\s*d\.?|"
    r"tbd|tbc|\?+)"
    r"(?:\s+(?:amount|montant|location))?")
_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.;,!:]+$")


def is_undisclosed(text: str) -> bool:
    """Whether `text` says, in so many words, that the value was not disclosed.

    The same words count for an amount and for a place.

    >>> is_undisclosed("Non communiqué"), is_undisclosed("montant non divulgué")
    (True, True)
    >>> is_undisclosed("confidentiel"), is_undisclosed("location not disclosed")
    (True, True)
    >>> is_undisclosed(""), is_undisclosed("Cambrai")
    (False, False)
    """
    folded = _TRAILING.sub("", _SPACES.sub(" ", fold(text)).strip())
    return bool(folded) and _UNDISCLOSED.fullmatch(folded) is not None
