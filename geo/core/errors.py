"""Problems found in a data file, collected rather than raised one by one.

A journalist fixing a file on deadline wants every problem in one run, each one
pointing at the file, the feature and the field, with what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a data file."""

    file: str
    message: str
    index: int | None = None
    feature_id: str | None = None
    field: str | None = None
    line: int | None = None
    hint: str | None = None
    severity: str = "error"  # "error" | "warning"

    def where(self) -> str:
        parts = [self.file + (f":{self.line}" if self.line else "")]
        if self.index is not None:
            feature = f"feature #{self.index}"
            if self.feature_id:
                feature += f" (id {self.feature_id!r})"
            parts.append(feature)
        elif self.feature_id:
            parts.append(f"feature {self.feature_id!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
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
            "severity": self.severity,
        }


class DataError(Exception):
    """The data cannot be used as it is; `problems` says every reason at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = [p for p in problems if p.severity == "error"] or list(problems)
        self.warnings = [p for p in problems if p.severity != "error"]
        super().__init__("\n".join(str(p) for p in self.problems))
