"""The canonical writer as first written: build the ordered document, then indent it.

Kept as the specification that `geo.model.dumps` (fused and faster) must match byte for byte.
One change from the original: a `features` member that is not a list is now kept as it is
(the original turned an object into the list of its names). Validation refuses such files
before anything is written, so no file ever written by geo differs.
"""

from __future__ import annotations

import math
from json.encoder import encode_basestring
from typing import Any

from geo.contract.writer import (
    FEATURE_ORDER,
    PROPERTY_ORDER,
    TOOL_PROPERTIES,
    TOP_ORDER,
    round_coords,  # the rounding itself is not what this file specifies
)


def _is_json_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _ordered(obj: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    out = {k: obj[k] for k in order if k in obj}
    out.update((k, v) for k, v in obj.items() if k not in out)
    return out


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_keys(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(v) for v in value]
    return value


def canonical(data: dict[str, Any]) -> dict[str, Any]:
    """The document in canonical form: known members in a fixed order, the user's in theirs."""
    top = _ordered(data, TOP_ORDER)
    if "features" in top:  # the long list goes last, whatever the user's order
        top["features"] = top.pop("features")
    if not isinstance(top.get("features"), list):  # not a list of features: kept as it is
        return top
    features = []
    for feature in top["features"]:
        if not isinstance(feature, dict):
            features.append(feature)
            continue
        feature = _ordered(feature, FEATURE_ORDER)
        geometry = feature.get("geometry")
        if isinstance(geometry, dict) and "coordinates" in geometry:
            feature["geometry"] = _ordered(
                {**geometry, "coordinates": round_coords(geometry["coordinates"])},
                ("type", "coordinates"))
        props = feature.get("properties")
        if isinstance(props, dict):
            props = _ordered(props, PROPERTY_ORDER)
            for key in TOOL_PROPERTIES:  # the tool's own objects have sorted keys
                if isinstance(props.get(key), dict):
                    props[key] = _sorted_keys(props[key])
            feature["properties"] = props
        features.append(feature)
    top["features"] = features
    return top


def _emit(value: Any, level: int, out: list[str]) -> None:
    """json.dumps(indent=2, ensure_ascii=False) by hand, with arrays of 2–3 numbers on one line.

    Written out because json's indented encoder is pure Python and slow (it dominated an
    incremental rebuild), and because coordinates are easier to review on one line.
    ``level`` is the nesting depth of ``value``: it sets the indent of its closing bracket.
    """
    if isinstance(value, dict):
        _emit_object(value, level, out)
    elif isinstance(value, (list, tuple)):
        _emit_array(value, level, out)
    else:
        out.append(_scalar(value))


def _scalar(value: Any) -> str:
    """A string, number, boolean or null exactly as json.dumps writes it; anything else is refused.

    ``int.__repr__``/``float.__repr__`` rather than ``repr``, as json does, so a subclass with
    its own ``__repr__`` (an IntEnum) still writes a plain number. NaN and infinities are
    refused (json's ``allow_nan=False``): they are not JSON and other readers reject them.
    """
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("Out of range float values are not JSON compliant")
        return float.__repr__(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _emit_object(value: dict[Any, Any], level: int, out: list[str]) -> None:
    """One member per line, one level deeper than the braces; ``{}`` when empty.

    Keys must already be strings: json.dumps would quietly turn 1 or True into "1"/"true",
    which could make two members collide, so the writer refuses instead.
    """
    if not value:
        out.append("{}")
        return
    inner = "\n" + "  " * (level + 1)
    separator = "{" + inner
    for key, item in value.items():
        if not isinstance(key, str):
            raise TypeError(f"keys must be str, not {type(key).__name__}")
        out.append(separator)
        separator = "," + inner
        out.append(encode_basestring(key))
        out.append(": ")
        _emit(item, level + 1, out)
    out.append("\n" + "  " * level + "}")


def _emit_array(value: list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    """``[]`` when empty, a position (2–3 numbers) on one line, anything else one item per line."""
    if not value:
        out.append("[]")
    elif _is_position(value):
        _emit_inline_array(value, level, out)
    else:
        _emit_block_array(value, level, out)


def _is_position(value: list[Any] | tuple[Any, ...]) -> bool:
    """2 or 3 numbers (booleans excluded): a GeoJSON position, or anything shaped like one.

    Decided on the shape alone, wherever the array sits: a user property holding two
    numbers is written on one line too, and the fast writer must do the same.
    """
    return len(value) in (2, 3) and all(_is_json_number(v) for v in value)


def _emit_inline_array(value: list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    """``[x, y]`` on one line: a polygon's coordinates stay readable, one position per line."""
    out.append("[")
    for i, item in enumerate(value):
        if i:
            out.append(", ")
        _emit(item, level + 1, out)
    out.append("]")


def _emit_block_array(value: list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    """One item per line, one level deeper than the brackets, as json.dumps(indent=2) does."""
    inner = "\n" + "  " * (level + 1)
    separator = "[" + inner
    for item in value:
        out.append(separator)
        separator = "," + inner
        _emit(item, level + 1, out)
    out.append("\n" + "  " * level + "]")


def reference_dumps(data: dict[str, Any]) -> bytes:
    """Serialise canonically: 2-space indent, UTF-8 kept readable, short number arrays on one line."""
    out: list[str] = []
    _emit(canonical(data), 0, out)
    out.append("\n")
    return "".join(out).encode("utf-8")
