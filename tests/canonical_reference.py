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
    """
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("Out of range float values are not JSON compliant")
        out.append(float.__repr__(value))
    elif isinstance(value, dict):
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
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
        elif len(value) in (2, 3) and all(_is_json_number(v) for v in value):
            out.append("[")
            for i, item in enumerate(value):
                if i:
                    out.append(", ")
                _emit(item, level + 1, out)
            out.append("]")
        else:
            inner = "\n" + "  " * (level + 1)
            separator = "[" + inner
            for item in value:
                out.append(separator)
                separator = "," + inner
                _emit(item, level + 1, out)
            out.append("\n" + "  " * level + "]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def reference_dumps(data: dict[str, Any]) -> bytes:
    """Serialise canonically: 2-space indent, UTF-8 kept readable, short number arrays on one line."""
    out: list[str] = []
    _emit(canonical(data), 0, out)
    out.append("\n")
    return "".join(out).encode("utf-8")
