"""The data file read strictly: bytes → a JSON tree, or an error that says where it breaks.

`data/sites.geojson` is edited by hand and versioned in git, so reading it is strict
(every problem reported with file, line and what to do) and bounded (an absurd file is
refused before it exhausts memory). Members the tool doesn't know are kept untouched,
in their original order, for the canonical writer (`writer.py`) to write back.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.core.errors import DataError, Problem

__all__ = ["MAX_FEATURES", "MAX_FILE_BYTES", "Document", "load", "parse_bytes"]

#: Refuse absurd inputs before parsing them rather than exhausting memory.
MAX_FILE_BYTES = 200 * 1024 * 1024  # a 100,000-site file as geo writes it is ~100-150 MB
MAX_FEATURES = 100_000

@dataclass
class Document:
    """A parsed data file: the JSON tree (mutable, unknown members kept) and where it came from."""

    path: Path
    data: dict[str, Any]
    #: SHA-256 of the file's bytes as read (b"" for a new file): enough to tell whether a
    #: rewrite would change it, without keeping a second copy of a 100 MB file in memory.
    digest: bytes = b""
    warnings: list[Problem] = field(default_factory=list)

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
