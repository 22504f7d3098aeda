"""Problems found in a data file, collected rather than raised one by one.

A journalist fixing a file on deadline wants every problem in one run, each one
pointing at the file, the feature and the field, with what to type instead. Features
are numbered from 1, as a person counts them, and named by their `name`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

__all__ = ["DataError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a data file.

    >>> print(Problem("data/sites.geojson", "no place found", index=4, name="Nowhere",
    ...               line=40, field="place", hint='give a place, e.g. "Cambrai (Nord)"'))
    data/sites.geojson, feature 5 ("Nowhere", line 40), field "place": no place found
        → give a place, e.g. "Cambrai (Nord)"
    """

    file: str
    message: str
    #: The feature's position in the file, from 0 (shown from 1).
    index: int | None = None
    feature_id: str | None = None
    field: str | None = None
    line: int | None = None
    hint: str | None = None
    severity: str = "error"  # "error" | "warning"
    #: The feature's `name`, so that a person can find it without counting.
    name: str | None = None

    @property
    def number(self) -> int | None:
        """The feature's number as a person counts, from 1."""
        return None if self.index is None else self.index + 1

    def where(self) -> str:
        """File, feature (number, name, id, line) and field, as a person looks for them."""
        if self.index is None:  # the file as a whole: a JSON syntax error has a line
            parts = [self.file + (f":{self.line}" if self.line else "")]
            if self.feature_id:
                parts.append(f"feature {_quoted(self.feature_id)}")
            if self.field:
                parts.append(f"field {_quoted(self.field)}")
            return ", ".join(parts)
        parts = [self.file]
        about = []
        if self.name:
            about.append(_quoted(self.name))
        if self.feature_id and self.feature_id != self.name:
            about.append(f"id {_quoted(self.feature_id)}")
        if self.line:
            about.append(f"line {self.line}")
        parts.append(f"feature {self.number}" + (f" ({', '.join(about)})" if about else ""))
        if self.field:
            parts.append(f"field {_quoted(self.field)}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where()}: {self.message}"
        if self.hint:
            text += f"\n    → {self.hint}"
        return text

    def to_json(self) -> dict:
        return {
            "feature_id": self.feature_id,
            "field": self.field,
            "file": self.file,
            "hint": self.hint,
            "index": self.index,
            "line": self.line,
            "message": self.message,
            "name": self.name,
            "number": self.number,
            "severity": self.severity,
        }


def _quoted(text: str) -> str:
    """A name as it reads in a message: in double quotes, shortened if long."""
    text = text if len(text) <= 60 else text[:57] + "…"
    return json.dumps(text, ensure_ascii=False)


class DataError(Exception):
    """The data cannot be used as it is; `problems` says every reason at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = [p for p in problems if p.severity == "error"] or list(problems)
        self.warnings = [p for p in problems if p.severity != "error"]
        super().__init__("\n".join(str(p) for p in self.problems))
