"""The canonical writer: the data file as geo writes it back, byte for byte.

`data/sites.geojson` is versioned in git, so geo writes it the same way every time:
the tool's members in a fixed order (the user's follow in theirs), `amount_eur` and
`location` sorted, coordinates rounded to 6 decimals, arrays of 2–3 numbers on one line,
2-space indentation and a trailing newline. `git diff` then shows real changes only.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from geo.contract.document import MAX_FILE_BYTES

__all__ = ["COORD_DECIMALS", "FEATURE_ORDER", "PROPERTY_ORDER", "TOOL_PROPERTIES", "TOP_ORDER",
           "Written", "dump", "dumps", "member_order", "round_coords", "serialise"]

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


def member_order(obj: dict[str, Any], order: tuple[str, ...], last: str | None = None) -> list[str]:
    """The tool's names first, in its order, then the user's in theirs (`last` at the very end)."""
    names = [k for k in order if k in obj]
    if len(names) != len(obj):
        known = set(order)
        names += [k for k in obj if k not in known and k != last]
        if last is not None and last in obj:
            names.append(last)
    return names


def round_coords(coords: Any) -> Any:
    if isinstance(coords, list):
        return [round_coords(c) for c in coords]
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

    >>> print(dumps({"features": [], "type": "FeatureCollection"}).decode(), end="")
    {
      "type": "FeatureCollection",
      "features": []
    }
    """
    out: list[bytes] = []
    _Writer(out.append).document(data)
    return b"".join(out)


def dump(data: dict[str, Any], write: Callable[[bytes], Any]) -> None:
    """`dumps`, handed to `write` in pieces of a few hundred kilobytes as it is made.

    A 100,000-site file is ~80 MB as text: written (or hashed) piece by piece, it is never
    held whole in memory, nor are the millions of small strings it is made of.

    >>> pieces = []
    >>> dump({"type": "FeatureCollection", "features": []}, pieces.append)
    >>> b"".join(pieces) == dumps({"type": "FeatureCollection", "features": []})
    True
    """
    _Writer(write).document(data)


#: Pieces of text gathered before they are handed on (a few hundred kilobytes).
_FLUSH_PIECES = 4096


class _Writer:
    """One serialisation: the output pieces, and the texts it reuses.

    Every `geo build` runs this over the whole file, to write it or to see that nothing
    changed, so it is written for speed: ordering is fused into the writing (no reordered
    copy of the document), member names are encoded once per run, and the common members
    (text, null, integers) are written in one step. json's own indented encoder is pure
    Python and slower. tests/canonical_reference.py is the plain specification it must
    match byte for byte.
    """

    __slots__ = ("append", "frames", "name_texts", "out", "write")

    def __init__(self, write: Callable[[bytes], Any]) -> None:
        self.out: list[str] = []
        self.append = self.out.append
        self.write = write
        self.name_texts: dict[str, str] = {}
        #: Per nesting level: what opens, separates and closes the members of a container.
        self.frames: list[tuple[str, str, str]] = []

    def document(self, data: dict[str, Any]) -> None:
        self.members(data, member_order(data, TOP_ORDER, last="features"), 0, False, self.top_member)
        self.append("\n")
        self.flush()

    def flush(self) -> None:
        """Hand on what is written so far (called between features)."""
        if self.out:
            self.write("".join(self.out).encode("utf-8"))
            self.out.clear()

    def name_text(self, name: Any) -> str:
        if not isinstance(name, str):
            raise TypeError(f"keys must be str, not {type(name).__name__}")
        text = self.name_texts[name] = encode_basestring(name) + ": "
        return text

    def frame(self, level: int) -> tuple[str, str, str]:
        frames = self.frames
        while len(frames) <= level:
            depth = len(frames)
            inner = "\n" + "  " * (depth + 1)
            frames.append((inner, "," + inner, "\n" + "  " * depth))
        return frames[level]

    def value(self, item: Any, level: int, sort: bool) -> None:
        text = _scalar(item)
        if text is not None:
            self.append(text)
        elif isinstance(item, dict):
            self.members(item, sorted(item) if sort else list(item), level, sort)
        elif isinstance(item, (list, tuple)):
            self.array(item, level, sort)
        else:
            raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")

    def array(self, items: list | tuple, level: int, sort: bool, write: Any = None) -> None:
        append = self.append
        if not items:
            append("[]")
            return
        if len(items) in (2, 3) and all(
                isinstance(i, (int, float)) and not isinstance(i, bool) for i in items):
            append("[" + ", ".join([_scalar(i) for i in items]) + "]")
            return
        first, inner, close = self.frames[level] if level < len(self.frames) else self.frame(level)
        write = write or self.value
        separator = "[" + first
        for item in items:
            append(separator)
            separator = inner
            write(item, level + 1, sort)
        append(close + "]")

    def members(self, obj: dict, names: list[str], level: int, sort: bool, special: Any = None) -> None:
        append = self.append
        if not names:
            append("{}")
            return
        first, inner, close = self.frames[level] if level < len(self.frames) else self.frame(level)
        name_texts = self.name_texts
        separator = "{" + first
        for name in names:
            item = obj[name]
            head = separator + (name_texts.get(name) or self.name_text(name))
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
                    self.value(item, level + 1, sort)
        append(close + "}")

    def property_member(self, name: str, item: Any, level: int) -> bool:
        if name in TOOL_PROPERTIES and isinstance(item, dict):
            self.members(item, sorted(item), level, True)
            return True
        return False

    def feature_member(self, name: str, item: Any, level: int) -> bool:
        if not isinstance(item, dict):
            return False
        if name == "geometry" and "coordinates" in item:
            geometry = {**item, "coordinates": round_coords(item["coordinates"])}
            self.members(geometry, member_order(geometry, ("type", "coordinates")), level, False)
            return True
        if name == "properties":
            self.members(item, member_order(item, PROPERTY_ORDER), level, False, self.property_member)
            return True
        return False

    def feature(self, item: Any, level: int, sort: bool) -> None:
        if isinstance(item, dict):
            self.members(item, member_order(item, FEATURE_ORDER), level, False, self.feature_member)
        else:
            self.value(item, level, sort)
        if len(self.out) >= _FLUSH_PIECES:
            self.flush()

    def top_member(self, name: str, item: Any, level: int) -> bool:
        if name == "features" and isinstance(item, list):
            self.array(item, level, False, write=self.feature)
            return True
        return False


@dataclass(frozen=True)
class Written:
    """The data file as geo writes it: its hash and size, and with `keep` its bytes in pieces."""

    digest: bytes
    size: int
    pieces: list[bytes] | None = None


def serialise(data: dict[str, Any], *, keep: bool = False) -> Written:
    """The canonical data file, hashed piece by piece; with `keep`, the pieces are kept too
    (about a megabyte each: never one big string, never the millions of small ones it is
    made of). Past the size limit they are no longer kept, only counted: the caller
    refuses the file with its full size (``geo.contract.too_big_to_write``)."""
    sha, size = hashlib.sha256(), 0
    pieces: list[bytes] | None = [] if keep else None

    def write(piece: bytes) -> None:
        nonlocal size, pieces
        sha.update(piece)
        size += len(piece)
        if pieces is not None and size > MAX_FILE_BYTES:
            pieces = None
        if pieces is not None:
            pieces.append(piece)

    dump(data, write)
    return Written(sha.digest(), size, pieces)
