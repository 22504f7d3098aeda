"""The data file read strictly: bytes → a JSON tree, or an error that says where it breaks.

`data/sites.geojson` is edited by hand and versioned in git, so reading it is strict
(every problem reported with file, line and what to do) and bounded (an absurd file is
refused before it exhausts memory). Members the tool doesn't know are kept untouched,
in their original order, for the canonical writer (`writer.py`) to write back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.contract import strict
from geo.core.errors import DataError, Problem

__all__ = ["MAX_BRACKETS", "MAX_FEATURES", "MAX_FILE_BYTES", "Document", "check_source", "load",
           "parse_bytes", "too_big_to_write"]

#: Refuse absurd inputs before parsing them rather than exhausting memory. The limit holds
#: for what geo writes too: a file it would write bigger than this is refused, not written.
MAX_FILE_BYTES = 200 * 1024 * 1024  # a 100,000-site file as geo writes it is ~80-150 MB
MAX_FEATURES = 100_000
#: Objects and arrays in all (counted as `{` and `[` before parsing): ~10 a site is typical.
MAX_BRACKETS = 20 * MAX_FEATURES

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
        return self.same_digest(hashlib.sha256(data).digest())

    def same_digest(self, digest: bytes) -> bool:
        """Whether bytes of SHA-256 `digest` are exactly the file this document was read from."""
        return bool(self.digest) and digest == self.digest

    @property
    def settings(self) -> dict[str, Any]:
        settings = self.data.get("settings") if isinstance(self.data, dict) else None
        return settings if isinstance(settings, dict) else {}


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


_SPLIT = ("split the data into several files, one map each (geo refuses bigger files rather "
          "than run out of memory)")


def _too_big(file: str, size: int, *, grew: bool = False) -> DataError:
    said = (f"the file grew past the limit ({_size(MAX_FILE_BYTES)}) while it was read" if grew
            else f"the file is {_size(size)}; the limit is {_size(MAX_FILE_BYTES)}")
    return DataError([Problem(file, said, hint=_SPLIT)])


def too_big_to_write(file: str, size: int) -> DataError:
    """The data file as geo would write it could not be read back: refuse before writing it."""
    return DataError([Problem(
        file, f"the data file as geo writes it (indented, with amounts and places filled in) "
        f"would be {_size(size)}, over the {_size(MAX_FILE_BYTES)} geo reads; nothing was written",
        hint=_SPLIT)])


def _json_hint(msg: str) -> str:
    if "Expecting property name" in msg or "Expecting value" in msg:
        return "look for a trailing comma before } or ], or a missing value"
    if "Unterminated string" in msg or "Expecting ',' delimiter" in msg:
        return "the file may be truncated, or a comma or quote is missing just before this point"
    if "Extra data" in msg:
        return "there is text after the end of the JSON document (two documents pasted together?)"
    return "fix the JSON syntax at this position (a JSON linter or your editor will point at it)"


_RESAVE = "re-save the file as UTF-8 (in most editors: Save As…, then Encoding: UTF-8)"


def _encoding_problem(file: str, raw: bytes) -> Problem | None:
    """UTF-16 and UTF-32 files (with or without a byte-order mark) named for what they are."""
    head = raw[:4]
    if head in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        found = "UTF-32 (it starts with a UTF-32 byte-order mark)"
    elif head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        found = "UTF-16 (it starts with a UTF-16 byte-order mark)"
    elif len(head) == 4 and b"\x00\x00\x00" in (head[:3], head[1:]):
        found = "UTF-32 (every character takes four bytes)"
    elif len(head) >= 2 and (head[0] == 0 or head[1] == 0):
        found = "UTF-16 (every character takes two bytes)"
    else:
        return None
    return Problem(file, f"the file is {found}, not UTF-8", line=1, hint=_RESAVE)


def _not_utf8(file: str, raw: bytes, exc: UnicodeDecodeError) -> DataError:
    line = raw[: exc.start].count(b"\n") + 1
    if b"\x00" in raw[: 1 << 20]:
        hint = "this does not look like a text file (it holds NUL bytes); give the GeoJSON file"
    else:
        hint = _RESAVE.replace("UTF-8 (", "UTF-8: it looks like Latin-1/Windows-1252 (", 1)
    return DataError([Problem(file, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at "
                              f"offset {exc.start})", line=line, hint=hint)])


def _too_many(file: str, raw: bytes) -> DataError | None:
    """Files whose parsed form would be out of all proportion, refused before parsing.

    A JSON object takes ~70 bytes of memory for its 2 characters: 200 MB of `{},` would
    need ~5 GB. Counting brackets costs ~0.1 s for 200 MB and is an upper bound on the
    objects and arrays (a site needs about 10); only past `MAX_BRACKETS` are the features
    themselves counted, one at a time from the start of the file.
    """
    brackets = raw.count(b"{") + raw.count(b"[")
    if brackets <= MAX_BRACKETS:
        return None
    features = strict.count_features(raw, MAX_FEATURES)
    if features is not None and features > MAX_FEATURES:
        return DataError([Problem(file, f"more than {MAX_FEATURES:,} features; the limit is "
                                  f"{MAX_FEATURES:,}", field="features", hint=_SPLIT)])
    return DataError([Problem(
        file, f"the file holds more than {MAX_BRACKETS:,} objects and arrays ({{…}} and […]); "
        f"geo reads at most {MAX_FEATURES:,} sites of about 10 each", hint=_SPLIT)])


def _parse_error(file: str, text: str, exc: Exception) -> DataError:
    """The JSON error, with the line where it is and what to do."""
    if isinstance(exc, json.JSONDecodeError):
        return DataError([Problem(file, f"invalid JSON: {exc.msg} (line {exc.lineno}, column "
                                  f"{exc.colno})", line=exc.lineno, hint=_json_hint(exc.msg))])
    if isinstance(exc, strict.NumberError):
        at = text.find(exc.literal)
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        return DataError([Problem(file, f"invalid JSON: {exc}", line=line,
                                  hint="write a finite number, or the amount as text "
                                  "(\"20 milliards d'euros\", \"non communiqué\")")])
    if isinstance(exc, strict.Duplicate):
        return _duplicate_error(file, text, exc)
    if isinstance(exc, strict.TooDeep):
        return DataError([Problem(file, f"the JSON is {exc}, more than any sites file needs",
                                  hint="a sites file nests 6 levels: look for a value that "
                                  "was pasted inside itself")])
    return DataError([Problem(file, f"invalid JSON: {exc}")])


def _duplicate_error(file: str, text: str, exc: strict.Duplicate) -> DataError:
    found = strict.find_duplicate(text)
    hint = ("keep one of the two: JSON readers keep only the last one, so everything under the "
            "first would be lost")
    if found is None:
        return DataError([Problem(file, f"invalid JSON: {exc}", field=exc.key, hint=hint)])
    path, offset = found
    line = text.count("\n", 0, offset) + 1
    message = f"invalid JSON: {exc} (line {line})"
    if len(path) > 2 and path[0] == "features" and isinstance(path[1], int):
        rest = [str(p) for p in path[2:]]
        if rest[0] == "properties" and len(rest) > 1:
            rest = rest[1:]
        return DataError([Problem(file, message, index=path[1], field=".".join(rest), line=line,
                                  name=_name_at(text, path[1]), hint=hint)])
    return DataError([Problem(file, message, field=".".join(str(p) for p in path), line=line,
                              hint=hint)])


def _name_at(text: str, index: int) -> str | None:
    """The `name` of feature `index` (from 0), read without minding duplicate keys."""
    with contextlib.suppress(Exception):
        data = json.loads(text)
        name = data["features"][index]["properties"]["name"]
        return name.strip() or None if isinstance(name, str) else None
    return None


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
    encoding = _encoding_problem(file, raw)
    if encoding is not None:
        raise DataError([encoding])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        warnings.append(Problem(file, "the file starts with a byte-order mark (BOM); it was ignored "
                                "and will not be written back", severity="warning"))
    too_many = _too_many(file, raw)
    if too_many is not None:
        raise too_many
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(file, raw, exc) from None
    digest = hashlib.sha256(raw).digest()
    del raw
    try:
        data = strict.loads(text)
    except (ValueError, RecursionError) as exc:  # json's errors are ValueErrors
        raise _parse_error(file, text, exc) from None
    del text
    return Document(path=path, data=data, digest=digest, warnings=warnings)


def _not_a_file(file: str, mode: int) -> DataError | None:
    """Anything but a regular file, refused by what it is (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return DataError([Problem(file, "this is a folder, not a GeoJSON file",
                                  hint="give the path of the sites file, e.g. data/sites.geojson")])
    kind = ("a character device" if stat.S_ISCHR(mode) else "a block device" if stat.S_ISBLK(mode)
            else "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")
    return DataError([Problem(file, f"this is {kind}, not a GeoJSON file",
                              hint="give the path of the sites file with --data PATH")])


def _read(path: Path) -> bytes:
    """The file's bytes, if it is a regular file within the size limit.

    The size is checked before reading, and the read is bounded too (the file may grow in
    between): a huge file never gets into memory. Devices (/dev/zero), pipes and folders
    are refused by what they are, before anything is read (a pipe is not even opened:
    that would wait for a writer).
    """
    file = str(path)
    refused = _not_a_file(file, os.stat(path).st_mode)
    if refused is not None:
        raise refused
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        refused = _not_a_file(file, info.st_mode)  # replaced in between
        if refused is not None:
            raise refused
        if info.st_size > MAX_FILE_BYTES:
            raise _too_big(file, info.st_size)
        # As many bytes as the file has (asking for more would reserve that much memory),
        # then whatever it grew by since, up to the limit.
        raw = handle.read(info.st_size + 1)
        if len(raw) > info.st_size:
            raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(file, len(raw), grew=True)
    return raw


def _unreadable(file: str, exc: OSError) -> DataError:
    if isinstance(exc, FileNotFoundError):
        return DataError([Problem(file, "file not found",
                                  hint="run geo in the project folder (it reads "
                                  "./data/sites.geojson) or pass --data PATH")])
    if isinstance(exc, PermissionError):
        return DataError([Problem(file, "permission denied while reading the file",
                                  hint="make the file readable (chmod u+r), or run geo as its "
                                  "owner")])
    # A loop of symbolic links, a path through a file, an I/O error…
    return DataError([Problem(file, f"cannot read the file: {exc.strerror or exc}",
                              hint="check the path given with --data")])


def check_source(path: Path) -> None:
    """Refuse at once a data path that is not a regular file (or cannot be looked at): a
    command that will write it back says so before it locks or reads anything."""
    try:
        refused = _not_a_file(str(path), os.stat(path).st_mode)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _unreadable(str(path), exc) from None
    if refused is not None:
        raise refused


def _bytes_of(path: Path) -> bytes:
    try:
        return _read(path)
    except OSError as exc:
        raise _unreadable(str(path), exc) from None


def load(path: Path) -> Document:
    """Read and parse a data file; structural checks are `validate`'s job."""
    path = Path(path)
    return parse_bytes(_bytes_of(path), path)  # no reference to the bytes kept here
