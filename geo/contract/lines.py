"""Where a feature starts in the file, so that every problem can name its line."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from geo.contract.document import MAX_FILE_BYTES
from geo.core.errors import Problem

__all__ = ["feature_lines", "with_lines"]

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

