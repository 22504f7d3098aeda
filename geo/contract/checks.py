"""Fast, conservative pre-checks: features that plainly satisfy the schema skip jsonschema.

jsonschema costs ~0.3 ms a feature (30 s at 100,000 sites), and importing it ~90 ms of a
four-site build. These checks answer True only when a feature certainly satisfies the
schema; False means "let jsonschema look and word the error", never "invalid". A
property test (tests/test_validate_fast.py) keeps them no looser than the schema, and
the vocabularies (precisions, kinds, languages) come from the schema itself.
Written as plain loops: they run once per feature, 100,000 times on big maps.
"""

from __future__ import annotations

import re
from typing import Any

from geo.core.vocab import AMOUNT_KINDS, LANGS, PRECISIONS, VIEW_NAMES

__all__ = ["MISSING", "plainly_valid", "plainly_valid_settings"]

#: What `dict.get` returns for an absent member (None is a value: JSON null).
MISSING: Any = object()

_PRECISIONS = frozenset(PRECISIONS)
_KINDS = frozenset(AMOUNT_KINDS)
_TEXT_LIMITS = {"investor": 500, "place": 500, "date": 50, "status": 200, "notes": 10000}
_SOURCE_LIMITS = {"url": 2000, "title": 1000, "publisher": 500, "date": 50}
_SETTINGS_TEXT = {"title": 500, "subtitle": 1000, "credit": 1000, "date": 50}
_COUNTRY = re.compile(r"^[A-Z]{2}$")  # the schema's pattern, with its search() semantics
_HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")  # settings.colors: same
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_RATE_SOURCES = ("ECB", "parity", "fx_rate")


def is_json_number(value: Any) -> bool:
    """A JSON number: int or float, but not bool (which Python counts as an int)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _texts_ok(mapping: dict, limits: dict[str, int]) -> bool:
    """Each of `limits`' keys is absent from `mapping` or a string no longer than its limit."""
    for key, limit in limits.items():
        value = mapping.get(key, MISSING)
        if value is not MISSING and not (isinstance(value, str) and len(value) <= limit):
            return False
    return True


def _sources_ok(sources: Any) -> bool:
    if sources is MISSING:
        return True
    if not isinstance(sources, list):
        return False
    for source in sources:
        if not isinstance(source, dict) or not _texts_ok(source, _SOURCE_LIMITS):
            return False
    return True


def _amount_eur_ok(amount: Any) -> bool:
    if amount is MISSING:
        return True
    if not isinstance(amount, dict):  # null is not an object: the schema says so
        return False
    for key in ("min", "max"):
        value = amount.get(key)  # absent and null are both fine
        if value is not None and not is_json_number(value):
            return False
    kind = amount.get("kind", MISSING)
    if kind is not MISSING and not (isinstance(kind, str) and kind in _KINDS):
        return False
    text = amount.get("text", MISSING)
    if not (text is MISSING or isinstance(text, str)):
        return False
    return _conversion_ok(amount.get("converted_from", MISSING))


def _conversion_ok(conv: Any) -> bool:
    """`amount_eur.converted_from`, written by geo for an amount in another currency."""
    if conv is MISSING:
        return True
    if type(conv) is not dict:
        return False
    currency, rate = conv.get("currency"), conv.get("rate")
    if not (isinstance(currency, str) and _CURRENCY.search(currency)):
        return False
    if not (is_json_number(rate) and rate > 0) or conv.get("source") not in _RATE_SOURCES:
        return False
    for key in ("min", "max"):
        if conv.get(key) is not None and not is_json_number(conv.get(key)):
            return False
    return all(isinstance(conv.get(k, ""), str) for k in ("rate_date", "for_date"))


def _location_ok(location: Any) -> bool:
    if location is MISSING:
        return True
    if not isinstance(location, dict):
        return False
    precision = location.get("precision", "point")
    if not (isinstance(precision, str) and precision in _PRECISIONS):
        return False
    for key in ("name", "context", "source", "note"):
        value = location.get(key, MISSING)
        if value is not MISSING and not isinstance(value, str):
            return False
    for key in ("code", "query"):
        value = location.get(key)
        if value is not None and not isinstance(value, str):
            return False
    return True


def _properties_ok(props: Any) -> bool:
    if not isinstance(props, dict):
        return False
    name = props.get("name")
    if not (isinstance(name, str) and 1 <= len(name) <= 500):
        return False
    amount_text = props.get("amount", MISSING)
    if not (isinstance(amount_text, str) or is_json_number(amount_text)):
        return False
    if not _texts_ok(props, _TEXT_LIMITS):
        return False
    country = props.get("investor_country", MISSING)
    if country is not MISSING and not (isinstance(country, str) and _COUNTRY.search(country)):
        return False
    part_of = props.get("part_of", MISSING)
    if part_of is not MISSING and not (isinstance(part_of, str) and 1 <= len(part_of) <= 500):
        return False
    rate = props.get("fx_rate", MISSING)
    if rate is not MISSING and not (is_json_number(rate) or (isinstance(rate, str) and len(rate) <= 100)):
        return False
    return (_sources_ok(props.get("sources", MISSING))
            and _amount_eur_ok(props.get("amount_eur", MISSING))
            and _location_ok(props.get("location", MISSING)))


def plainly_valid(feature: Any) -> bool:
    """True only when `feature` certainly satisfies the schema (False: ask jsonschema).

    >>> plainly_valid({"type": "Feature", "geometry": None,
    ...                "properties": {"name": "Data center", "amount": "1 Md€"}})
    True
    >>> plainly_valid({"type": "Feature", "properties": {"name": ""}})
    False
    """
    if type(feature) is not dict or feature.get("type") != "Feature":
        return False
    fid = feature.get("id", MISSING)
    if fid is not MISSING and not (isinstance(fid, str) or
                                   (isinstance(fid, int) and not isinstance(fid, bool))):
        return False
    geometry = feature.get("geometry")
    if geometry is not None and not (isinstance(geometry, dict) and isinstance(geometry.get("type"), str)
                                     and isinstance(geometry.get("coordinates", []), list)):
        return False
    return _properties_ok(feature.get("properties"))


def _headline_ok(headline: Any) -> bool:
    if headline is MISSING:
        return True
    if type(headline) is not dict or "amount" not in headline:
        return False
    amount = headline["amount"]
    if not (isinstance(amount, str) or is_json_number(amount)):
        return False
    if "label" in headline and not (isinstance(headline["label"], str) and len(headline["label"]) <= 500):
        return False
    source = headline.get("source", MISSING)
    return source is MISSING or (type(source) is dict and _texts_ok(source, _SOURCE_LIMITS))


def _scale_ok(scale: Any) -> bool:
    if scale is MISSING:
        return True
    if type(scale) is not dict:
        return False
    if "v_max" in scale and not (is_json_number(scale["v_max"]) and scale["v_max"] >= 1):
        return False
    if "r_max" in scale and not (is_json_number(scale["r_max"]) and 0 < scale["r_max"] <= 200):
        return False
    return "flannery" not in scale or isinstance(scale["flannery"], bool)


def _colors_ok(colors: Any) -> bool:
    if colors is MISSING:
        return True
    if type(colors) is not dict:
        return False
    for color in colors.values():
        if not (isinstance(color, str) and len(color) == 7 and _HEX_COLOR.search(color)):
            return False
    return True


def _view_ok(view: Any) -> bool:
    """A named view, or [west, south, east, north] within the schema's ranges."""
    if view is MISSING:
        return True
    if isinstance(view, str):
        return view in VIEW_NAMES
    if type(view) is not list or len(view) != 4:
        return False
    for i, value in enumerate(view):
        limit = 180 if i % 2 == 0 else 85
        if not (is_json_number(value) and -limit <= value <= limit):
            return False
    return True


def plainly_valid_settings(settings: Any) -> bool:
    """`plainly_valid` for the top-level ``settings`` (absent: `MISSING`); same contract.

    >>> plainly_valid_settings({"lang": "fr", "scale": {"v_max": 5e10}})
    True
    >>> plainly_valid_settings({"lang": "de"})
    False
    """
    if settings is MISSING:
        return True
    if type(settings) is not dict or not _texts_ok(settings, _SETTINGS_TEXT):
        return False
    if "lang" in settings and not (isinstance(settings["lang"], str) and settings["lang"] in LANGS):
        return False
    for key in ("color_by", "tiles"):
        if key in settings and not isinstance(settings[key], str):
            return False
    for key in ("offline", "insets", "totals"):
        if key in settings and not isinstance(settings[key], bool):
            return False
    since = settings.get("highlight_since", MISSING)
    if since is not MISSING and not (isinstance(since, str) and len(since) <= 50):
        return False
    return (_headline_ok(settings.get("headline_total", MISSING))
            and _scale_ok(settings.get("scale", MISSING))
            and _colors_ok(settings.get("colors", MISSING))
            and _view_ok(settings.get("view", MISSING)))
