"""Lazy text tables: the shipped ``.tsv.gz`` files searched in place, dicts built only when worth it.

Why: ``geo geocode Cambrai`` needs one line of the commune table and one of the name
index. Inflating, decoding and splitting whole files into dicts would cost more than
the rest of the command, so a table first searches its (partly inflated) text for the
line it needs and builds a dict of its lines only after ``_SCANS`` lookups, or when
iterated. The answers are the same either way (``tests/test_geocode_speed.py``).

Every file is sorted by key and has unique keys, one ``key<TAB>...`` line each.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, ItemsView, Iterator, Mapping
from importlib import resources
from typing import Any

__all__ = ["GzLines", "LazyTable", "TextIndex", "find_line", "load_shipped", "parse_index",
           "read_bytes"]

_MISSING = object()


def read_bytes(name: str) -> bytes:
    """The raw bytes of a file shipped under ``geo/data/``."""
    return resources.files("geo").joinpath("data", name).read_bytes()


def load_shipped(name: str) -> Any:
    """Read a shipped file: JSON is parsed, ``.tsv(.gz)`` is returned as text."""
    raw = read_bytes(name)
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    if ".tsv" in name:
        return raw.decode("utf-8")
    return json.loads(raw)


def parse_index(text: str | GzLines) -> dict[str, str]:
    """``key -> value`` of a two-column TSV text (the whole file read)."""
    if not isinstance(text, str):
        text = text.full()
    out: dict[str, str] = {}
    for line in text.split("\n"):
        key, _, val = line.partition("\t")
        out[key] = val
    return out


class GzLines:
    """A gzipped TSV whose lines are searched while it is being decompressed.

    Why: ``geo geocode Cambrai`` needs one line of the commune table and one of the name
    index; inflating and decoding both files whole cost ~20 ms, more than the lookup.
    Rows are sorted, keys unique: a search inflates only up to its line (a miss, all).
    """

    _CHUNK = 1 << 18

    def __init__(self, raw: bytes) -> None:
        self._z: Any = zlib.decompressobj(31)  # gzip container, CRC checked at the end
        self._tail = raw
        self._buf = bytearray()

    def _more(self) -> bool:
        """Inflate one more chunk; False when the whole file is already in the buffer."""
        z = self._z
        if z is None:
            return False
        self._buf += z.decompress(self._tail, self._CHUNK)
        self._tail = z.unconsumed_tail
        if z.eof or not self._tail:  # input all read: flush() gives any output still due
            self._buf += z.flush()
            self._z = None
        return True

    def find_line(self, key: str) -> str | None:
        """The line starting with ``key`` + TAB, inflating only as far as it; None when absent."""
        k = key.encode()
        buf = self._buf
        while len(buf) <= len(k) and self._more():
            pass
        if buf.startswith(k + b"\t"):
            i = 0
        else:
            pattern, start = b"\n" + k + b"\t", 0
            while True:
                i = buf.find(pattern, start)
                if i >= 0:
                    i += 1
                    break
                start = max(0, len(buf) - len(pattern))
                if not self._more():
                    return None
        while True:
            j = buf.find(b"\n", i)
            if j >= 0:
                return buf[i:j].decode()
            if not self._more():
                return buf[i:].decode()

    def full(self) -> str:
        """The whole text (inflating the rest)."""
        while self._more():
            pass
        return self._buf.decode()


def find_line(text: str | GzLines, key: str) -> str | None:
    """The line of ``text`` that starts with ``key`` + TAB (keys are unique), else None.

    Searched in place: no copy of the (megabytes of) text to pad it with newlines.

    >>> find_line("a\\t1\\nab\\t2\\nb\\t3", "ab"), find_line("a\\t1\\nab\\t2", "b")
    ('ab\\t2', None)
    """
    if not isinstance(text, str):
        return text.find_line(key)
    if text.startswith(key + "\t"):
        i = 0
    else:
        i = text.find("\n" + key + "\t") + 1
        if i == 0:
            return None
    j = text.find("\n", i)
    return text[i:] if j < 0 else text[i:j]


class TextIndex(Mapping):
    """``parse_index(text)`` as a mapping that only builds its dict when used a lot.

    Why: building the 40,000-key commune-name dict costs ~40 ms, ten times the whole
    rest of ``geo geocode Cambrai``; the first lookups search the text directly
    (keys are unique, one ``key<TAB>value`` line each), the dict comes after
    ``_SCANS`` lookups or on iteration.
    """

    _SCANS = 32

    def __init__(self, text: str | GzLines, on_built: Callable[[dict], Any] | None = None) -> None:
        self._on_built = on_built  # called with the dict, e.g. to put it in our place
        self._text: str | GzLines | None = text
        self._dict: dict[str, str] | None = None
        self._scans = 0

    def _built(self) -> dict[str, str]:
        if self._dict is None:
            self._dict = parse_index(self._text)  # type: ignore[arg-type]
            self._text = None
            if self._on_built is not None:
                self._on_built(self._dict)
        return self._dict

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        """The value of ``key``: searched in the text for the first lookups, then in the dict."""
        d = self._dict
        if d is not None:
            return d.get(key, default)
        self._scans += 1
        if self._scans > self._SCANS or "\n" in key or "\t" in key:
            return self._built().get(key, default)
        line = find_line(self._text, key)  # type: ignore[arg-type]
        return default if line is None else line[len(key) + 1:]

    def __getitem__(self, key: str) -> str:
        val = self.get(key, _MISSING)
        if val is _MISSING:
            raise KeyError(key)
        return val

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())

    def items(self) -> ItemsView[str, str]:  # type: ignore[override]
        """Every (key, value): builds the dict (a full pass needs it anyway)."""
        return self._built().items()


class LazyTable(Mapping):
    """Read-only mapping over tab-separated lines, parsing a record on first access.

    Why: a cold lookup touches a handful of communes; parsing all 35,000 rows into
    objects would dominate start-up time, and so would even splitting them into a
    dict of lines (~25 ms): the first lookups search the text for ``\\ncode\\t``
    (codes are unique), the dict of lines comes after ``_SCANS`` of them or on
    iteration.
    """

    _SCANS = 32

    def __init__(self, text: str | GzLines, parse: Callable[[str], Any]) -> None:
        self._text: str | GzLines | None = text
        self._lines: dict[str, str] | None = None
        self._scans = 0
        self._parse = parse
        self._cache: dict[str, Any] = {}

    def _index(self) -> dict[str, str]:
        if self._lines is None:
            text = self._text
            if not isinstance(text, str):
                text = text.full()  # type: ignore[union-attr]
            self._lines = {line[: line.index("\t")]: line
                           for line in text.split("\n") if line}  # type: ignore[union-attr]
            self._text = None
        return self._lines

    def _line(self, key: str) -> str | None:
        lines = self._lines
        if lines is not None:
            return lines.get(key)
        self._scans += 1
        if self._scans > self._SCANS or "\n" in key or "\t" in key:
            return self._index().get(key)
        return find_line(self._text, key)  # type: ignore[arg-type]

    def __getitem__(self, key: str) -> Any:
        rec = self._cache.get(key)
        if rec is None:
            line = self._line(key) if isinstance(key, str) else None
            if line is None:
                raise KeyError(key)
            rec = self._cache[key] = self._parse(line)
        return rec

    def __contains__(self, key: object) -> bool:
        return key in self._cache or (isinstance(key, str) and self._line(key) is not None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())

    def column(self, i: int) -> dict[str, str]:
        """``key -> field i`` of every line, without parsing records (a whole-table pass,
        e.g. populations for ranking suggestions, at a fraction of the cost).

        >>> LazyTable("a\\t1\\tx\\nb\\t2\\ty", str.split).column(2)
        {'a': 'x', 'b': 'y'}
        """
        return {k: line.split("\t", i + 1)[i] for k, line in self._index().items()}
