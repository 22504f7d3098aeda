"""JSON read strictly: no duplicate keys, bounded nesting, numbers that can be written back.

Python's `json` keeps the last of two equal keys without a word: a second `"features"`
silently replaced a file's sites with an empty list. Here a duplicate key at any level is
an error that says where it is; nesting is bounded so that a pathological file gets a
message instead of a `RecursionError` later on; NaN, Infinity and numbers too large for a
float are refused. The fast path is json's C parser with one small hook per object: on the
100,000-site benchmark file, 0.94 s instead of 0.71 s with the number hooks alone (+0.23 s,
about 2 % of a build); the slow walks below run only to word an error.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import sys
import threading
from collections.abc import Iterator
from json.decoder import scanstring
from typing import Any

__all__ = ["MAX_DEPTH", "Duplicate", "NumberError", "TooDeep", "count_features", "find_duplicate",
           "loads"]

#: How deep objects and arrays may nest (a sites file needs 6 levels).
MAX_DEPTH = 100

_WS = re.compile(r"[ \t\n\r]*")


class NumberError(ValueError):
    """A JSON number Python can read but JSON (and the map) can't carry: NaN, Infinity, 1e999."""

    def __init__(self, literal: str, message: str) -> None:
        self.literal = literal
        super().__init__(message)


class Duplicate(ValueError):
    """An object has the same key twice."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"the key {json.dumps(key, ensure_ascii=False)} appears twice in the same "
                         "object")


class TooDeep(ValueError):
    """Objects and arrays nest deeper than MAX_DEPTH."""


def _reject_constant(name: str) -> Any:
    raise NumberError(name, f"{name} is not allowed in JSON (use a number or a text amount)")


def _parse_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e999 parses as inf, which could never be written back
        raise NumberError(literal, f"the number {literal[:40]} is too large to be stored")
    return value


def _parse_int(literal: str) -> int:
    if len(literal) > 1000:  # Python refuses to convert > 4300 digits; say so plainly
        raise NumberError(literal[:40], f"a number with {len(literal)} digits is too long")
    return int(literal)


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object hook: a dict, unless a key comes twice."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise Duplicate(key)
            seen.add(key)
    return obj


_DECODER = json.JSONDecoder(object_pairs_hook=_unique, parse_float=_parse_float,
                            parse_int=_parse_int, parse_constant=_reject_constant)


def _headroom() -> int:
    """How many more calls fit before a RecursionError (measured: what the interpreter counts
    includes C calls in progress, not only the Python frames one could walk)."""
    room = 0

    def down() -> None:
        nonlocal room
        room += 1
        down()

    try:
        down()
    except RecursionError:
        pass
    return room


@contextlib.contextmanager
def _nesting_limit(levels: int) -> Iterator[bool]:
    """Let json's C parser nest at most about `levels` deep; yields whether it is bounded.

    Up to Python 3.11 the parser counts its nesting against the interpreter's recursion
    limit, so the limit is lowered while it runs (only in a single-threaded process: the
    limit is shared by every thread). Elsewhere the parsed tree is walked afterwards
    (`_within`): about 0.4 s at 100,000 sites.
    """
    if sys.version_info >= (3, 12) or threading.active_count() > 1:
        yield False
        return
    old = sys.getrecursionlimit()
    new = old - _headroom() + levels + 1  # `levels` of objects parse, one more does not
    if new >= old:
        yield False
        return
    sys.setrecursionlimit(new)
    try:
        yield True
    finally:
        sys.setrecursionlimit(old)


def loads(text: str) -> Any:
    """Parse `text` strictly; raises json.JSONDecodeError, Duplicate, NumberError or TooDeep.

    >>> loads('{"a": [1, 2.5, {"b": null}]}')
    {'a': [1, 2.5, {'b': None}]}
    >>> loads('{"a": 1, "b": {"c": 2, "c": 3}}')
    Traceback (most recent call last):
    ...
    geo.contract.strict.Duplicate: the key "c" appears twice in the same object
    >>> loads("[" * 150 + "]" * 150)
    Traceback (most recent call last):
    ...
    geo.contract.strict.TooDeep: nested more than 100 levels deep
    """
    try:
        with _nesting_limit(MAX_DEPTH) as bounded:
            data = _DECODER.decode(text)
    except RecursionError:
        raise TooDeep(f"nested more than {MAX_DEPTH} levels deep") from None
    if not bounded and not _within(data, MAX_DEPTH):
        raise TooDeep(f"nested more than {MAX_DEPTH} levels deep")
    return data


def _within(data: Any, levels: int) -> bool:
    """Whether objects and arrays nest at most `levels` deep: the same answer as the bounded
    parser's, walked afterwards where the parser could not be bounded (threads, 3.12+)."""
    level, depth = [data] if isinstance(data, (dict, list)) else [], 1
    while level:
        if depth > levels:
            return False
        level = [child for node in level for child in (node.values() if isinstance(node, dict)
                                                       else node) if isinstance(child, (dict, list))]
        depth += 1
    return True


# --- slow walks, to word an error ---------------------------------------------------------------


def _ws(text: str, i: int) -> int:
    return _WS.match(text, i).end()


def _members(text: str, i: int) -> Iterator[tuple[str | int, int, int]]:
    """(key or index, where the key or element starts, where its value starts) for each member
    of the object or array at `text[i]`; the caller moves `i` past each value by sending
    the end of that value."""
    opening = text[i]
    closing = "}" if opening == "{" else "]"
    i = _ws(text, i + 1)
    if text[i] == closing:
        return
    index = 0
    while True:
        if opening == "{":
            key, j = scanstring(text, i + 1)
            value = _ws(text, _ws(text, j) + 1)  # past the colon
            end = yield key, i, value
        else:
            end = yield index, i, i
        index += 1
        i = _ws(text, end)
        if text[i] == closing:
            return
        i = _ws(text, i + 1)  # past the comma


def find_duplicate(text: str) -> tuple[list[str | int], int] | None:
    """Where the first duplicate key of `text` is: (its path of keys and indexes, its offset).

    Only called once `loads` has raised Duplicate: each value is parsed again with json's
    C parser, and only the one that holds the duplicate is walked into.
    """
    scan = _DECODER.scan_once

    def walk(i: int, path: list[str | int]) -> tuple[list[str | int], int] | None:
        if text[i] not in "{[":
            return None
        seen: set[str | int] = set()
        members = _members(text, i)
        try:
            key, at, value = next(members)
            while True:
                if key in seen and text[i] == "{":
                    return [*path, key], at
                seen.add(key)
                try:
                    _, end = scan(text, value)
                except Duplicate:
                    return walk(value, [*path, key])
                key, at, value = members.send(end)
        except StopIteration:
            return None

    try:
        with _nesting_limit(MAX_DEPTH):
            return walk(_ws(text, 0), [])
    except (ValueError, IndexError, RecursionError):
        return None


def count_features(raw: bytes, limit: int) -> int | None:
    """How many features the top-level "features" array has, counted only up to `limit` + 1.

    Reads a growing prefix of the file (never the whole of a huge one) and parses one
    feature at a time, each dropped once counted, so that refusing a file of millions of
    `{}` costs little. None when it cannot tell without reading much more.
    """
    scan = _DECODER.scan_once
    size = 1 << 20
    while True:
        cut = min(len(raw), size)
        while 0 < cut < len(raw) and raw[cut] & 0xC0 == 0x80:  # not inside a UTF-8 character
            cut -= 1
        text = raw[:cut].decode("utf-8", "replace")
        counted, complete = _count_in(text, scan, limit)
        if counted > limit or complete or cut == len(raw):
            return counted if counted > limit or complete else None
        if size >= 4 << 20:  # parsing more to count would cost what the count is there to avoid
            return None
        size *= 4


def _count_in(text: str, scan: Any, limit: int) -> tuple[int, bool]:
    """(features counted, whether the whole array was seen) in this prefix of the file."""
    counted = 0
    try:
        start = _ws(text, 0)
        if text[start] != "{":
            return 0, True
        members = _members(text, start)
        key, _, value = next(members)
        while True:
            if key == "features" and text[value] == "[":
                elements = _members(text, value)
                try:
                    _, _, element = next(elements)
                    while True:
                        _, end = scan(text, element)
                        counted += 1
                        if counted > limit:
                            return counted, False
                        _, _, element = elements.send(end)
                except StopIteration:
                    return counted, True
            _, end = scan(text, value)
            key, _, value = members.send(end)
    except StopIteration:
        return counted, True
    except (ValueError, IndexError, RecursionError):
        return counted, False
