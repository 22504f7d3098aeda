"""Validation: the data contract, checked with every problem reported in one run.

The JSON Schema (shipped in the package) catches the shape, with jsonschema's precise
messages for the features the fast pre-checks (`checks.py`) could not clear; the checks
here catch what a schema can't say clearly: duplicate ids, coordinates that are not
numbers or are probably swapped, links the map will drop, sites with nowhere to go.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from geo.contract.checks import MISSING, is_json_number, plainly_valid, plainly_valid_settings
from geo.contract.document import MAX_FEATURES, Document
from geo.core.errors import DataError, Problem
from geo.core.urls import safe_url
from geo.core.vocab import schema

__all__ = ["raise_for", "validate"]


def feature_id(feature: Any) -> str | None:
    """The feature's id as text, if it has one."""
    if isinstance(feature, dict) and isinstance(feature.get("id"), (str, int)) \
            and not isinstance(feature.get("id"), bool):
        return str(feature["id"])
    return None


def feature_name(feature: Any) -> str | None:
    """The feature's `name`, if it has a usable one (for messages)."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    name = props.get("name") if isinstance(props, dict) else None
    return name.strip() or None if isinstance(name, str) else None


def validate(doc: Document) -> list[Problem]:
    """Check the document against the contract; returns every problem found (errors and warnings).

    >>> from pathlib import Path
    >>> doc = Document(Path("sites.geojson"), {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "geometry": None, "properties": {"name": "Usine", "amount": 5}}]})
    >>> for problem in validate(doc):
    ...     print(problem)
    sites.geojson, feature 1 ("Usine"), field "place": no place and no geometry: the site cannot be located
        → give a place ("Cambrai (Nord)", "Essonne", "France") or coordinates ("48.59, 2.19")
    """
    file = str(doc.path)
    data = doc.data
    problems: list[Problem] = list(doc.warnings)
    whole = _collection_problem(file, data)
    if whole is not None:
        return problems + [whole]
    features = data["features"]
    problems += _schema_problems(file, data, features)
    problems += _feature_problems(file, features)
    return problems


def _collection_problem(file: str, data: Any) -> Problem | None:
    """What makes the file as a whole unusable, if anything."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        got = data.get("type") if isinstance(data, dict) else type(data).__name__
        return Problem(file, f"expected a GeoJSON FeatureCollection, got {got!r}", field="type",
                       hint='the file must look like {"type": "FeatureCollection", "features": [...]}')
    features = data.get("features")
    if not isinstance(features, list):
        return Problem(file, "the FeatureCollection has no \"features\" list", field="features",
                       hint='add "features": []')
    if len(features) > MAX_FEATURES:
        return Problem(file, f"{len(features):,} features; the limit is {MAX_FEATURES:,}",
                       field="features", hint="split the data into several maps")
    return None


def _schema_problems(file: str, data: dict, features: list) -> list[Problem]:
    """jsonschema's findings, for the features the pre-checks could not clear (and settings).

    When everything is plainly valid, jsonschema is not even imported.
    """
    suspects = [i for i, f in enumerate(features) if not plainly_valid(f)]
    if not suspects and plainly_valid_settings(data.get("settings", MISSING)):
        return []
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    checked = {**data, "features": [features[i] for i in suspects]}
    errors = sorted(validator.iter_errors(checked), key=lambda e: [str(p) for p in e.absolute_path])
    problems, seen = [], set()
    for error in errors:
        problem = _schema_problem(file, error, suspects, features)
        key = (problem.index, problem.field)
        if key not in seen:  # one message per field: the first is the most specific
            seen.add(key)
            problems.append(problem)
    return problems


def _schema_problem(file: str, error: Any, suspects: list[int], features: list) -> Problem:
    path = list(error.absolute_path)
    index = None
    if len(path) > 1 and path[0] == "features" and isinstance(path[1], int):
        index = suspects[path[1]]
        rest = path[2:]
        if rest[:1] == ["properties"] and (len(rest) > 1 or error.validator == "required"):
            rest = rest[1:]  # "properties" itself is named only when it is what's wrong
        fieldname = ".".join(str(p) for p in rest) or None
    else:
        fieldname = ".".join(str(p) for p in path) or None
    if error.validator == "required":  # jsonschema points at the parent; name the missing field
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        if missing:
            fieldname = ".".join(p for p in (fieldname, missing[0]) if p)
    feature = features[index] if index is not None else None
    return Problem(file, _schema_message(error), index=index, feature_id=feature_id(feature),
                   name=feature_name(feature), field=fieldname, hint=_schema_hint(error, fieldname))


def _feature_problems(file: str, features: list) -> list[Problem]:
    """Duplicate ids, geometry, links and locatability, feature by feature."""
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    for index, feature in enumerate(features):
        if not isinstance(feature, dict):
            continue
        fid, name = feature_id(feature), feature_name(feature)
        if fid is not None:
            if fid in ids:
                problems.append(Problem(
                    file, f"duplicate id {fid!r} (also used by feature {ids[fid] + 1})", index=index,
                    feature_id=fid, name=name, field="id",
                    hint="ids must be unique: rename one, or delete it and let geo build assign a new one"))
            else:
                ids[fid] = index
        props = feature.get("properties")
        if not isinstance(props, dict):
            continue
        found = _check_geometry(file, index, fid, feature.get("geometry"), props)
        found += _check_sources(file, index, fid, props)
        place = props.get("place")
        if (place is None or isinstance(place, str) and not place.strip()) \
                and not _has_point(feature.get("geometry")):
            blank = isinstance(place, str) and place != ""
            found.append(Problem(file, "the place is only spaces: the site cannot be located" if blank
                                 else "no place and no geometry: the site cannot be located",
                                 index=index, feature_id=fid, field="place",
                                 hint='give a place ("Cambrai (Nord)", "Essonne", "France") or '
                                 'coordinates ("48.59, 2.19")'))
        problems += [p if p.name else _named(p, name) for p in found]
    return problems


def _named(problem: Problem, name: str | None) -> Problem:
    import dataclasses

    return dataclasses.replace(problem, name=name) if name else problem


def raise_for(problems: list[Problem]) -> None:
    """Raise DataError if any problem is an error; warnings alone pass."""
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)


def _check_sources(file: str, index: int, fid: str | None, props: dict) -> list[Problem]:
    """Links the map will drop (anything but http/https) are reported, never silently lost."""
    sources = props.get("sources")
    if not isinstance(sources, list):
        return []
    problems = []
    for i, source in enumerate(sources):
        url = source.get("url") if isinstance(source, dict) else None
        if not isinstance(url, str) or not url.strip() or safe_url(url) is not None:
            continue
        shown = url if len(url) <= 80 else url[:77] + "..."
        problems.append(Problem(
            file, f"the link {shown!r} is not an http:// or https:// address: it will not be "
            "shown on the map", index=index, feature_id=fid, field=f"sources[{i}].url",
            hint="give the full web address of the source, starting with https://",
            severity="warning"))
    return problems



def _has_point(geometry: Any) -> bool:
    return isinstance(geometry, dict) and geometry.get("type") == "Point"


def _check_geometry(file: str, index: int, fid: str | None, geometry: Any,
                    props: dict) -> list[Problem]:
    if geometry is None:
        return []
    if not isinstance(geometry, dict):
        return []  # reported by the schema
    kind = geometry.get("type")
    if kind != "Point":
        return [Problem(file, f"geometry type {kind!r} is not supported; a site is a Point",
                        index=index, feature_id=fid, field="geometry",
                        hint="use a Point, or set geometry to null and give a place")]
    where = "geometry.coordinates"
    hint = ('write [longitude, latitude] as two numbers, e.g. [2.19, 48.59]; or set geometry to '
            'null and give a place')
    if "coordinates" not in geometry:
        return [Problem(file, "a Point needs coordinates: the site cannot be located", index=index,
                        feature_id=fid, field=where, hint=hint)]
    coords = geometry["coordinates"]
    if not isinstance(coords, list):
        return []  # reported by the schema
    shown = json.dumps(coords, ensure_ascii=False)
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    if len(coords) not in (2, 3):
        return [Problem(file, f"a Point has two coordinates [longitude, latitude], not {shown}",
                        index=index, feature_id=fid, field=where, hint=hint)]
    if not all(is_json_number(c) for c in coords):
        return [Problem(file, f"coordinates must be numbers, not {shown}", index=index,
                        feature_id=fid, field=where,
                        hint="write them as numbers, without quotes: " + hint.removeprefix("write "))]
    lon, lat = coords[0], coords[1]
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return [Problem(file, "coordinates must be finite numbers", index=index, feature_id=fid,
                        field="geometry.coordinates")]
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        hint = "GeoJSON is [longitude, latitude]"
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            hint += f": did you mean [{lat}, {lon}]?"
        return [Problem(file, f"coordinates out of range: longitude {lon}, latitude {lat}",
                        index=index, feature_id=fid, field="geometry.coordinates", hint=hint)]
    return []


def _schema_message(error: Any) -> str:
    validator = error.validator
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        return f"missing required field {name!r}"
    if validator == "type":
        expected = error.validator_value
        if isinstance(expected, list):
            expected = " or ".join(expected)
        return f"expected {expected}, got {json.dumps(error.instance, ensure_ascii=False)[:60]}"
    if validator == "minLength":
        return "must not be empty"
    if validator == "maxLength" and isinstance(error.instance, str):
        return (f"too long: {len(error.instance):,} characters; the limit is "
                f"{error.validator_value:,}")
    if validator in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bound = {"minimum": "at least", "exclusiveMinimum": "more than",
                 "maximum": "at most", "exclusiveMaximum": "less than"}[validator]
        return f"{json.dumps(error.instance)[:60]} is out of range: it must be {bound} " \
               f"{error.validator_value:g}"
    if validator == "const" or validator == "enum":
        return f"{json.dumps(error.instance, ensure_ascii=False)[:60]} is not allowed here: " \
               f"expected {json.dumps(error.validator_value, ensure_ascii=False)}"
    if validator == "pattern":
        return f"{json.dumps(error.instance, ensure_ascii=False)[:60]} has the wrong format"
    return error.message[:200]


def _schema_hint(error: Any, fieldname: str | None) -> str | None:
    if error.validator == "required":
        if "'properties'" in error.message:
            return 'every feature needs "properties": {"name": ..., "place": ..., "amount": ...}'
        if "'amount'" in error.message:
            return 'give the amount as announced, e.g. "20 milliards d\'euros" or "non communiqué"'
        if "'name'" in error.message:
            return 'give the site a name, e.g. "Data center"'
    if fieldname == "investor_country":
        return 'use an ISO 3166 alpha-2 code in capitals, e.g. "FR", "AE", "GB"'
    if fieldname and fieldname.startswith("settings.colors"):
        return 'pin a colour per category as "#RRGGBB", e.g. "colors": {"FR": "#0072B2"}'
    if fieldname and fieldname.startswith("settings.view"):
        return ('name a view ("france", "idf", "europe") or give a box [west, south, east, north], '
                'e.g. "view": [-5.2, 41.3, 9.6, 51.15]')
    if fieldname and fieldname.startswith("sources"):
        return 'sources is a list like [{"url": "https://…", "title": "…", "publisher": "…"}]'
    if error.validator == "maxLength":
        return "shorten it (longer text can go in notes, up to 10,000 characters)"
    if fieldname == "settings.scale.v_max":
        return ("the amount in euros drawn with the largest circle (r_max), e.g. 50000000000; "
                "or leave it out to use the largest amount on the map")
    return None
