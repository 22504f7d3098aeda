"""An announced amount: its bounds in euros, what kind of statement it was, the words used."""

from __future__ import annotations

import math
from dataclasses import dataclass

from geo.core.vocab import AMOUNT_KINDS

__all__ = ["KINDS", "MAX_EUR", "MIN_EUR", "Amount", "AmountError"]

#: The kinds of statement (from the data contract's schema).
KINDS = AMOUNT_KINDS

#: Below one euro or above this, the unit is almost certainly wrong.
MIN_EUR = 1.0
MAX_EUR = 1e15

_EXAMPLES = (
    'accepted forms, e.g. "20 milliards d\'euros", "6,4 Md€", "entre 30 et 50 milliards", '
    '"jusqu\'à 10 Md€", "plus de 5 Md€", "plusieurs milliards", "€1.5bn", "450 M€", '
    '"15 000 000 €", or "non communiqué" when the amount was not disclosed'
)


class AmountError(ValueError):
    """The amount cannot be read; the message says why and shows forms that work.

    A ValueError so that callers that only care "is it usable?" need nothing new.
    """

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"{problem}; {_EXAMPLES}")


@dataclass(frozen=True)
class Amount:
    """An announced amount in euros, with what kind of statement it was."""

    min: float | None
    max: float | None
    kind: str
    text: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise AmountError(f"unknown amount kind {self.kind!r} (expected one of {KINDS})")

    def to_json(self) -> dict:
        """Sorted keys and integral numbers as ints, so rebuilt files diff cleanly."""
        return {"kind": self.kind, "max": _json_number(self.max), "min": _json_number(self.min),
                "text": self.text}

    @classmethod
    def from_json(cls, d: dict) -> Amount:
        """Read back `to_json`, refusing hand edits that would draw a wrong symbol."""
        if not isinstance(d, dict):
            raise AmountError(f"amount_eur must be an object, not {type(d).__name__}")
        kind = d.get("kind")
        if kind not in KINDS:
            raise AmountError(f"amount_eur.kind is {kind!r}, expected one of {', '.join(KINDS)}")
        text = d.get("text", "")
        if not isinstance(text, str):
            raise AmountError(f"amount_eur.text must be text, not {type(text).__name__}")
        lo, hi = _json_bound(d, "min"), _json_bound(d, "max")
        expected = {
            "exact": lo is not None and hi is not None and lo == hi,
            "range": lo is not None and hi is not None and lo <= hi,
            "up_to": lo is None and hi is not None,
            "at_least": lo is not None and hi is None,
            "undisclosed": lo is None and hi is None,
        }
        if not expected[kind]:
            raise AmountError(f"amount_eur has kind {kind!r} but min={lo!r}, max={hi!r}: "
                              "exact needs min == max, range min <= max, up_to only max, "
                              "at_least only min, undisclosed neither")
        return cls(lo, hi, kind, text)

    @property
    def low(self) -> float | None:
        """The solid symbol: the smallest amount the announcement commits to (up_to: its cap)."""
        if self.kind == "up_to":
            return self.max
        return self.min

    @property
    def high(self) -> float | None:
        """The outer bound; None when the announcement sets no ceiling."""
        if self.kind == "at_least":
            return None
        return self.max

    @property
    def sort_key(self) -> float:
        """Largest known bound, so big symbols are drawn first and never hide small ones."""
        low, high = self.min, self.max  # no generator: called for every site of a big map
        if low is None:
            return 0.0 if high is None else high
        return low if high is None or low > high else high


def _json_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _json_bound(d: dict, key: str) -> float | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AmountError(f"amount_eur.{key} must be a number or null, not {value!r}")
    try:
        value = float(value)
    except OverflowError:
        raise AmountError(f"amount_eur.{key} is too large") from None
    if not math.isfinite(value) or value <= 0:
        raise AmountError(f"amount_eur.{key} must be a positive finite number, not {value!r}")
    return value
