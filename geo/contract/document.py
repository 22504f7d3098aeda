"""The data file: reading it strictly, checking it against the contract, writing it canonically.

`data/sites.geojson` is edited by hand and versioned in git, so this module is
strict on the way in (every problem reported with file, feature and field) and
boring on the way out (stable key order, 6-decimal coordinates, a trailing
newline), so that `git diff` only ever shows real changes. Members the tool
doesn't know are carried through untouched, in their original order.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from geo.core.errors import DataError, Problem

#: Refuse absurd inputs before parsing them rather than exhausting memory.
MAX_FILE_BYTES = 200 * 1024 * 1024  # a 100,000-site file as geo writes it is ~100-150 MB
MAX_FEATURES = 100_000

#: Properties in the order the tool writes them; anything else follows in the user's order.
PROPERTY_ORDER = (
    "name",
    "investor",
    "investor_country",
    "place",
    "amount",
    "amount_eur",
    "location",
    "date",
    "status",
    "sources",
    "notes",
)
#: Properties the tool computes; the user's input lives in `amount` and `place`.
TOOL_PROPERTIES = ("amount_eur", "location")
FEATURE_ORDER = ("type", "id", "geometry", "properties")
TOP_ORDER = ("type", "settings")

COORD_DECIMALS = 6


@dataclass
class Document:
    """A parsed data file: the JSON tree (mutable, unknown members kept) and where it came from."""

    path: Path
    data: dict[str, Any]
    #: SHA-256 of the file's bytes as read (b"" for a new file): enough to tell whether a
    #: rewrite would change it, without keeping a second copy of a 100 MB file in memory.
    digest: bytes = b""
    warnings: list[Problem] = field(default_factory=list)
    #: Amounts parsed by enrich, by feature index, so later stages don't parse them again.
    amounts: dict[int, Any] = field(default_factory=dict)

    @property
    def features(self) -> list[dict[str, Any]]:
        return self.data["features"]

    def same_bytes(self, data: bytes) -> bool:
        """Whether `data` is exactly the file this document was read from."""
        return bool(self.digest) and hashlib.sha256(data).digest() == self.digest

    @property
    def settings(self) -> dict[str, Any]:
        settings = self.data.get("settings") if isinstance(self.data, dict) else None
        return settings if isinstance(settings, dict) else {}


class _NumberError(ValueError):
    """A JSON number Python can read but JSON (and the map) can't carry: NaN, Infinity, 1e999."""

    def __init__(self, literal: str, message: str) -> None:
        self.literal = literal
        super().__init__(message)


def _reject_constant(name: str) -> Any:
    raise _NumberError(name, f"{name} is not allowed in JSON (use a number or a text amount)")


def _parse_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e999 parses as inf, which could never be written back
        raise _NumberError(literal, f"the number {literal[:40]} is too large to be stored")
    return value


def _parse_int(literal: str) -> int:
    if len(literal) > 1000:  # Python refuses to convert > 4300 digits; say so plainly
        raise _NumberError(literal[:40], f"a number with {len(literal)} digits is too long")
    return int(literal)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _too_big(file: str, size: int) -> DataError:
    return DataError([Problem(file, f"the file is {_size(size)}; the limit is {_size(MAX_FILE_BYTES)}",
                              hint="split the data into several files, one map each "
                              "(geo refuses bigger files rather than run out of memory)")])


def _json_hint(msg: str) -> str:
    if "Expecting property name" in msg or "Expecting value" in msg:
        return "look for a trailing comma before } or ], or a missing value"
    if "Unterminated string" in msg or "Expecting ',' delimiter" in msg:
        return "the file may be truncated, or a comma or quote is missing just before this point"
    if "Extra data" in msg:
        return "there is text after the end of the JSON document (two documents pasted together?)"
    return "fix the JSON syntax at this position (a JSON linter or your editor will point at it)"


def parse_bytes(raw: bytes, path: Path) -> Document:
    """Parse the file's bytes into a Document, or raise DataError saying exactly where it breaks.

    The bytes are let go as soon as they are decoded (only their digest is kept), so that a
    big file is in memory once as text, then once as a tree, never three times.
    """
    file = str(path)
    warnings: list[Problem] = []
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(file, len(raw))
    if not raw.strip():
        raise DataError([Problem(file, "the file is empty",
                                 hint='start from {"type": "FeatureCollection", "features": []}')])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        warnings.append(Problem(file, "the file starts with a byte-order mark (BOM); it was ignored "
                                "and will not be written back", severity="warning"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(file, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at "
                                 f"offset {exc.start})", line=line,
                                 hint="re-save the file as UTF-8 (it looks like Latin-1/Windows-1252)")]
                        ) from None
    digest = hashlib.sha256(raw).digest()
    del raw
    try:
        data = json.loads(text, parse_constant=_reject_constant, parse_float=_parse_float,
                          parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(file, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                                 line=exc.lineno, hint=_json_hint(exc.msg))]) from None
    except _NumberError as exc:
        at = text.find(exc.literal)
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        raise DataError([Problem(file, f"invalid JSON: {exc}", line=line,
                                 hint="write a finite number, or the amount as text "
                                 "(\"20 milliards d'euros\", \"non communiqué\")")]) from None
    except ValueError as exc:
        raise DataError([Problem(file, f"invalid JSON: {exc}")]) from None
    except RecursionError:
        raise DataError([Problem(file, "the JSON is nested too deeply to be a sites file")]) from None
    del text
    return Document(path=path, data=data, digest=digest, warnings=warnings)


def load(path: Path) -> Document:
    """Read and parse a data file; structural checks are `validate`'s job."""
    path = Path(path)
    try:
        # The size is checked before reading, and the read is bounded too (the file may grow
        # in between): a huge file never gets into memory.
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_big(str(path), size)
        with path.open("rb") as handle:
            return parse_bytes(handle.read(MAX_FILE_BYTES + 1), path)  # no second reference kept
    except FileNotFoundError:
        raise DataError([Problem(str(path), "file not found",
                                 hint="run geo in the project folder (it reads ./data/sites.geojson) "
                                 "or pass --data PATH")]) from None
    except IsADirectoryError:
        raise DataError([Problem(str(path), "this is a folder, not a GeoJSON file")]) from None
    except PermissionError:
        raise DataError([Problem(str(path), "permission denied while reading the file")]) from None


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the data contract, shipped in the package."""
    text = resources.files("geo").joinpath("schema/sites.schema.json").read_text("utf-8")
    return json.loads(text)


def _feature_id(feature: Any) -> str | None:
    if isinstance(feature, dict) and isinstance(feature.get("id"), (str, int)):
        return str(feature["id"])
    return None


def validate(doc: Document) -> list[Problem]:
    """Check the document against the contract; returns every problem found (errors and warnings).

    The JSON Schema catches the shape; the checks here catch what a schema
    can't say clearly (duplicates, numbers that aren't finite, coordinates
    that are probably swapped).
    """
    file = str(doc.path)
    data = doc.data
    problems: list[Problem] = list(doc.warnings)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        got = data.get("type") if isinstance(data, dict) else type(data).__name__
        return problems + [Problem(file, f"expected a GeoJSON FeatureCollection, got {got!r}",
                                   field="type",
                                   hint='the file must look like {"type": "FeatureCollection", '
                                   '"features": [...]}')]
    features = data.get("features")
    if not isinstance(features, list):
        return problems + [Problem(file, "the FeatureCollection has no \"features\" list",
                                   field="features", hint='add "features": []')]
    if len(features) > MAX_FEATURES:
        return problems + [Problem(file, f"{len(features)} features; the limit is {MAX_FEATURES}",
                                   field="features", hint="split the data into several maps")]

    # jsonschema costs ~0.3 ms a feature (30 s at 100k): features that plainly satisfy the
    # schema skip it, and the rest get its full, precise error messages. When everything is
    # plainly valid, jsonschema is not even imported (~90 ms of a 4-site build).
    suspects = [i for i, f in enumerate(features) if not _plainly_valid(f)]
    errors: list[Any] = []
    if suspects or not _plainly_valid_settings(data.get("settings", _MISSING)):
        import jsonschema

        validator = jsonschema.Draft202012Validator(schema())
        checked = {**data, "features": [features[i] for i in suspects]}
        errors = sorted(validator.iter_errors(checked), key=lambda e: [str(p) for p in e.absolute_path])
    seen_schema: set[tuple] = set()
    for error in errors:
        path = list(error.absolute_path)
        if len(path) > 1 and path[0] == "features" and isinstance(path[1], int):
            path[1] = suspects[path[1]]
        index = path[1] if len(path) > 1 and path[0] == "features" and isinstance(path[1], int) else None
        if index is not None:
            rest = path[2:]
            if rest[:1] == ["properties"] and (len(rest) > 1 or error.validator == "required"):
                rest = rest[1:]  # "properties" itself is named only when it is what's wrong
            fieldname = ".".join(str(p) for p in rest) or None
            fid = _feature_id(features[index])
        else:
            fieldname = ".".join(str(p) for p in path) or None
            fid = None
        if error.validator == "required":  # jsonschema points at the parent; name the missing field
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            if missing:
                fieldname = ".".join(p for p in (fieldname, missing[0]) if p)
        key = (index, fieldname)
        if key in seen_schema:
            continue
        seen_schema.add(key)
        problems.append(Problem(file, _schema_message(error), index=index, feature_id=fid,
                                field=fieldname, hint=_schema_hint(error, fieldname)))

    ids: dict[str, int] = {}
    for index, feature in enumerate(features):
        if not isinstance(feature, dict):
            continue
        fid = _feature_id(feature)
        if fid is not None:
            if fid in ids:
                problems.append(Problem(file, f"duplicate id {fid!r} (also used by feature #{ids[fid]})",
                                        index=index, feature_id=fid, field="id",
                                        hint="ids must be unique: rename one, or delete it and let "
                                        "geo build assign a new one"))
            else:
                ids[fid] = index
        props = feature.get("properties")
        if not isinstance(props, dict):
            continue
        problems.extend(_check_geometry(file, index, fid, feature.get("geometry"), props))
        problems.extend(_check_sources(file, index, fid, props))
        if props.get("place") in (None, "") and not _has_point(feature.get("geometry")):
            problems.append(Problem(file, "no place and no geometry: the site cannot be located",
                                    index=index, feature_id=fid, field="place",
                                    hint='give a place ("Cambrai (Nord)", "Essonne", "France") or '
                                    'coordinates ("48.59, 2.19")'))
    return problems


def _check_sources(file: str, index: int, fid: str | None, props: dict) -> list[Problem]:
    """Links the map will drop (anything but http/https) are reported, never silently lost."""
    sources = props.get("sources")
    if not isinstance(sources, list):
        return []
    from geo.core.urls import safe_url  # the one rule, shared with the page

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


_PRECISIONS = frozenset(("point", "commune", "department", "region", "country", "city", "undisclosed"))
_KINDS = frozenset(("exact", "range", "up_to", "at_least", "undisclosed"))
_TEXT_LIMITS = {"investor": 500, "place": 500, "date": 50, "status": 200, "notes": 10000}
_SOURCE_LIMITS = {"url": 2000, "title": 1000, "publisher": 500, "date": 50}
_COUNTRY = re.compile(r"^[A-Z]{2}$")  # the schema's pattern, with its search() semantics


_MISSING = object()


def _texts_ok(mapping: dict, limits: dict[str, int]) -> bool:
    """Each of `limits`' keys is absent from `mapping` or a string no longer than its limit."""
    for key, limit in limits.items():
        value = mapping.get(key, _MISSING)
        if value is not _MISSING and not (isinstance(value, str) and len(value) <= limit):
            return False
    return True


def _plainly_valid(feature: Any) -> bool:
    """A fast, conservative check: True only when the feature certainly satisfies the schema.

    False means "let jsonschema look", never "invalid"; a property test keeps the two in step.
    Written as plain loops (no generators): it runs once per feature, 100,000 times on big maps.
    """
    if type(feature) is not dict or feature.get("type") != "Feature":
        return False
    fid = feature.get("id", _MISSING)
    if fid is not _MISSING and not (isinstance(fid, str) or
                                    (isinstance(fid, int) and not isinstance(fid, bool))):
        return False
    geometry = feature.get("geometry")
    if geometry is not None and not (isinstance(geometry, dict) and isinstance(geometry.get("type"), str)
                                     and isinstance(geometry.get("coordinates", []), list)):
        return False
    props = feature.get("properties")
    if not isinstance(props, dict):
        return False
    name = props.get("name")
    if not (isinstance(name, str) and 1 <= len(name) <= 500):
        return False
    amount_text = props.get("amount", _MISSING)
    if not (isinstance(amount_text, str) or _is_json_number(amount_text)):
        return False
    if not _texts_ok(props, _TEXT_LIMITS):
        return False
    country = props.get("investor_country", _MISSING)
    if country is not _MISSING and not (isinstance(country, str) and _COUNTRY.search(country)):
        return False
    sources = props.get("sources", _MISSING)
    if sources is not _MISSING:
        if not isinstance(sources, list):
            return False
        for source in sources:
            if not isinstance(source, dict):
                return False
            if not _texts_ok(source, _SOURCE_LIMITS):
                return False
    amount = props.get("amount_eur", _MISSING)  # null is not an object: the schema says so
    if amount is not _MISSING:
        if not isinstance(amount, dict):
            return False
        for key in ("min", "max"):
            value = amount.get(key)  # absent and null are both fine
            if value is not None and not (isinstance(value, (int, float)) and not isinstance(value, bool)):
                return False
        kind = amount.get("kind", _MISSING)
        if kind is not _MISSING and not (isinstance(kind, str) and kind in _KINDS):
            return False
        text = amount.get("text", _MISSING)
        if text is not _MISSING and not isinstance(text, str):
            return False
    location = props.get("location", _MISSING)
    if location is not _MISSING:
        if not isinstance(location, dict):
            return False
        precision = location.get("precision", "point")
        if not (isinstance(precision, str) and precision in _PRECISIONS):
            return False
        for key in ("name", "context", "source", "note"):
            value = location.get(key, _MISSING)
            if value is not _MISSING and not isinstance(value, str):
                return False
        for key in ("code", "query"):
            value = location.get(key)
            if value is not None and not isinstance(value, str):
                return False
    return True


_SETTINGS_TEXT = {"title": 500, "subtitle": 1000, "credit": 1000, "date": 50}


def _is_json_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _plainly_valid_settings(settings: Any) -> bool:
    """`_plainly_valid` for the top-level ``settings`` (absent: `_MISSING`); same contract."""
    if settings is _MISSING:
        return True
    if type(settings) is not dict:
        return False
    if not _texts_ok(settings, _SETTINGS_TEXT):
        return False
    if "lang" in settings and not (isinstance(settings["lang"], str) and settings["lang"] in ("fr", "en")):
        return False
    for key in ("color_by", "tiles"):
        if key in settings and not isinstance(settings[key], str):
            return False
    if "offline" in settings and not isinstance(settings["offline"], bool):
        return False
    headline = settings.get("headline_total", _MISSING)
    if headline is not _MISSING:
        if type(headline) is not dict or "amount" not in headline:
            return False
        amount = headline["amount"]
        if not (isinstance(amount, str) or _is_json_number(amount)):
            return False
        if "label" in headline and not (isinstance(headline["label"], str) and len(headline["label"]) <= 500):
            return False
        source = headline.get("source", _MISSING)
        if source is not _MISSING:
            if type(source) is not dict:
                return False
            if not _texts_ok(source, _SOURCE_LIMITS):
                return False
    scale = settings.get("scale", _MISSING)
    if scale is not _MISSING:
        if type(scale) is not dict:
            return False
        if "v_max" in scale and not (_is_json_number(scale["v_max"]) and scale["v_max"] > 0):
            return False
        if "r_max" in scale and not (_is_json_number(scale["r_max"]) and 0 < scale["r_max"] <= 200):
            return False
        if "flannery" in scale and not isinstance(scale["flannery"], bool):
            return False
    return True


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
    coords = geometry.get("coordinates")
    if not (isinstance(coords, list) and len(coords) in (2, 3)):
        return []  # reported by the schema
    for c in coords:
        if not isinstance(c, (int, float)) or isinstance(c, bool):
            return []  # reported by the schema
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
    if fieldname and fieldname.startswith("sources"):
        return 'sources is a list like [{"url": "https://…", "title": "…", "publisher": "…"}]'
    return None


_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:]')


def feature_lines(text: str, features: list[Any]) -> dict[int, int]:
    """{feature index: 1-based line of its opening brace}, found in one linear scan of `text`.

    Only the document's top-level "features" array is followed; when the scan and the
    parsed `features` disagree (they shouldn't), no line is given rather than a wrong one.
    """
    starts: list[int] = []
    depth, key, in_features, features_depth = 0, None, False, -1
    previous_string = None
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            previous_string = token
            continue
        if token == ":":
            if depth == 1:
                key = previous_string
        elif token in "[{":
            depth += 1
            if token == "[" and depth == 2 and key == '"features"' and not in_features:
                in_features, features_depth = True, 2
            elif token == "{" and in_features and depth == features_depth + 1:
                starts.append(match.start())
        else:
            if in_features and depth == features_depth:
                in_features, features_depth = False, -2  # only the first "features" array
            depth -= 1
        previous_string = None
    dict_indices = [i for i, f in enumerate(features) if isinstance(f, dict)]
    if len(starts) != len(dict_indices):
        return {}
    lines: dict[int, int] = {}
    line, position = 1, 0
    for index, start in zip(dict_indices, starts, strict=True):
        line += text.count("\n", position, start)
        position = start
        lines[index] = line
    return lines


def with_lines(problems: list[Problem]) -> list[Problem]:
    """The same problems, with the line of their feature in the file as it is now (when known)."""
    import dataclasses

    wanted = {p.file for p in problems if p.index is not None and p.line is None}
    found: dict[str, dict[int, int]] = {}
    for file in wanted:
        try:
            path = Path(file)
            if path.stat().st_size > MAX_FILE_BYTES:
                continue
            text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
            data = json.loads(text)
            features = data.get("features") if isinstance(data, dict) else None
            if isinstance(features, list):
                found[file] = feature_lines(text, features)
        except (OSError, ValueError, RecursionError):
            continue
    out = []
    for p in problems:
        line = found.get(p.file, {}).get(p.index) if p.index is not None and p.line is None else None
        out.append(dataclasses.replace(p, line=line) if line else p)
    return out


def raise_for(problems: list[Problem]) -> None:
    """Raise DataError if any problem is an error; warnings alone pass."""
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)


# --- identifiers -------------------------------------------------------------------------


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII, lowercase, dash-separated: stable ids that survive URLs, CSS and shells."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:max_length].rstrip("-") or "site"


def assign_ids(features: list[dict[str, Any]]) -> int:
    """Give every feature without an id a unique slug; returns how many were assigned.

    Existing ids are never changed: they are what links an article to a site.
    """
    taken = {str(f["id"]) for f in features if isinstance(f, dict) and f.get("id") is not None}
    assigned = 0
    for feature in features:
        if feature.get("id") is not None:
            continue
        props = feature.get("properties") or {}
        parts = [props.get("investor"), props.get("place") or props.get("name")]
        base = slugify(" ".join(str(p) for p in parts if p)) if any(parts) else "site"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        feature["id"] = candidate
        assigned += 1
    return assigned


# --- canonical writing -------------------------------------------------------------------


def _member_order(obj: dict[str, Any], order: tuple[str, ...], last: str | None = None) -> list[str]:
    """The tool's names first, in its order, then the user's in theirs (`last` at the very end)."""
    names = [k for k in order if k in obj]
    if len(names) != len(obj):
        known = set(order)
        names += [k for k in obj if k not in known and k != last]
        if last is not None and last in obj:
            names.append(last)
    return names


def _round_coords(coords: Any) -> Any:
    if isinstance(coords, list):
        return [_round_coords(c) for c in coords]
    if isinstance(coords, float):
        rounded = round(coords, COORD_DECIMALS)
        return int(rounded) if rounded.is_integer() and abs(rounded) < 1e15 else rounded
    return coords


def _scalar(value: Any) -> str | None:
    """A JSON scalar's text as json.dumps writes it, or None for containers."""
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
    return None


def dumps(data: dict[str, Any]) -> bytes:
    """Serialise canonically: json.dumps(indent=2, ensure_ascii=False), with the tool's members
    in a fixed order (the user's follow in theirs), `amount_eur` and `location` sorted,
    coordinates rounded to 6 decimals, and arrays of 2–3 numbers on one line.

    Every `geo build` runs this over the whole file, to write it or to see that nothing changed,
    so it is written for speed: ordering is fused into the writing (no reordered copy of the
    document), member names are encoded once per run, and the common members (text, null,
    integers) are written in one step. json's own indented encoder is pure Python and slower.
    """
    out: list[str] = []
    append = out.append
    name_texts: dict[str, str] = {}
    frames: list[tuple[str, str, str]] = []

    def name_text(name: Any) -> str:
        if not isinstance(name, str):
            raise TypeError(f"keys must be str, not {type(name).__name__}")
        text = name_texts[name] = encode_basestring(name) + ": "
        return text

    def frame(level: int) -> tuple[str, str, str]:
        """What opens, separates and closes the members of a container at `level`."""
        while len(frames) <= level:
            depth = len(frames)
            inner = "\n" + "  " * (depth + 1)
            frames.append((inner, "," + inner, "\n" + "  " * depth))
        return frames[level]

    def value(item: Any, level: int, sort: bool) -> None:
        text = _scalar(item)
        if text is not None:
            append(text)
        elif isinstance(item, dict):
            members(item, sorted(item) if sort else list(item), level, sort)
        elif isinstance(item, (list, tuple)):
            array(item, level, sort)
        else:
            raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")

    def array(items: list | tuple, level: int, sort: bool, write=value) -> None:
        if not items:
            append("[]")
            return
        if len(items) in (2, 3) and all(
                isinstance(i, (int, float)) and not isinstance(i, bool) for i in items):
            append("[" + ", ".join([_scalar(i) for i in items]) + "]")
            return
        first, inner, close = frames[level] if level < len(frames) else frame(level)
        separator = "[" + first
        for item in items:
            append(separator)
            separator = inner
            write(item, level + 1, sort)
        append(close + "]")

    def members(obj: dict, names: list[str], level: int, sort: bool, special=None) -> None:
        if not names:
            append("{}")
            return
        first, inner, close = frames[level] if level < len(frames) else frame(level)
        separator = "{" + first
        for name in names:
            item = obj[name]
            head = separator + (name_texts.get(name) or name_text(name))
            separator = inner
            kind = type(item)
            if kind is str:
                append(head + encode_basestring(item))
            elif item is None:
                append(head + "null")
            elif kind is int:
                append(head + int.__repr__(item))
            else:
                append(head)
                if special is None or not special(name, item, level + 1):
                    value(item, level + 1, sort)
        append(close + "}")

    def property_member(name: str, item: Any, level: int) -> bool:
        if name in TOOL_PROPERTIES and isinstance(item, dict):
            members(item, sorted(item), level, True)
            return True
        return False

    def feature_member(name: str, item: Any, level: int) -> bool:
        if not isinstance(item, dict):
            return False
        if name == "geometry" and "coordinates" in item:
            geometry = {**item, "coordinates": _round_coords(item["coordinates"])}
            members(geometry, _member_order(geometry, ("type", "coordinates")), level, False)
            return True
        if name == "properties":
            members(item, _member_order(item, PROPERTY_ORDER), level, False, property_member)
            return True
        return False

    def feature(item: Any, level: int, sort: bool) -> None:
        if isinstance(item, dict):
            members(item, _member_order(item, FEATURE_ORDER), level, False, feature_member)
        else:
            value(item, level, sort)

    def top_member(name: str, item: Any, level: int) -> bool:
        if name == "features" and isinstance(item, list):
            array(item, level, False, write=feature)
            return True
        return False

    members(data, _member_order(data, TOP_ORDER, last="features"), 0, False, top_member)
    append("\n")
    return "".join(out).encode("utf-8")
