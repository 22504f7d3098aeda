"""An announced amount: its bounds in euros, what kind of statement it was, the words used."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from geo.core.vocab import AMOUNT_KINDS

__all__ = ["KINDS", "MAX_EUR", "MIN_EUR", "Amount", "AmountError", "Conversion"]

#: The kinds of statement (from the data contract's schema).
KINDS = AMOUNT_KINDS

#: Below one euro or above this, the unit is almost certainly wrong.
MIN_EUR = 1.0
MAX_EUR = 1e15

_EXAMPLES = (
    'accepted forms, e.g. "20 milliards d\'euros", "6,4 Md€", "entre 30 et 50 milliards", '
    '"jusqu\'à 10 Md€", "plus de 5 Md€", "environ 600 millions", "plusieurs milliards", '
    '"€1.5bn", "450 M€", "15 000 000 €", "5 milliards de dollars" (converted at the ECB rate '
    'of the site\'s date), "10 Md€, dont 3 Md€ en 2026", or "non communiqué" when the amount '
    'was not disclosed'
)
_CODE = re.compile(r"[A-Z]{3}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: How a conversion's rate was obtained.
RATE_SOURCES = ("ECB", "parity", "fx_rate")


class AmountError(ValueError):
    """The amount cannot be read; the message says why and shows forms that work.

    A ValueError so that callers that only care "is it usable?" need nothing new.
    """

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"{problem}; {_EXAMPLES}")


@dataclass(frozen=True)
class Conversion:
    """How an amount announced in another currency became euros: never silently.

    `rate` is in units of `currency` for one euro, as the European Central Bank quotes it
    (1 EUR = 1.1106 USD); `date` is the day of that rate (the ECB publishes none on
    weekends and holidays: the last one published before the announcement applies).
    """

    currency: str
    min: float | None
    max: float | None
    rate: float
    date: str | None
    source: str
    #: The announcement's date the rate was looked up for (the stored rate is reused while
    #: it and the amount stay the same, so that rebuilds need no exchange-rate table).
    for_date: str | None = None

    def to_json(self) -> dict:
        out = {"currency": self.currency, "max": _json_number(self.max),
               "min": _json_number(self.min), "rate": _json_number(self.rate),
               "source": self.source}
        if self.date:
            out["rate_date"] = self.date
        if self.for_date:
            out["for_date"] = self.for_date
        return out

    @classmethod
    def from_json(cls, d: Any) -> Conversion:
        if not isinstance(d, dict):
            raise AmountError("amount_eur.converted_from must be an object")
        currency, source = d.get("currency"), d.get("source")
        if not (isinstance(currency, str) and _CODE.fullmatch(currency)) or currency == "EUR":
            raise AmountError(f"amount_eur.converted_from.currency is {currency!r}: expected an "
                              "ISO 4217 code other than EUR, e.g. \"USD\"")
        if source not in RATE_SOURCES:
            raise AmountError(f"amount_eur.converted_from.source is {source!r}, expected one of "
                              f"{', '.join(RATE_SOURCES)}")
        rate = _json_bound(d, "rate", "amount_eur.converted_from")
        if rate is None:
            raise AmountError("amount_eur.converted_from.rate is missing")
        dates = []
        for key in ("rate_date", "for_date"):
            value = d.get(key)
            if value is not None and not (isinstance(value, str) and _DAY.fullmatch(value)):
                raise AmountError(f"amount_eur.converted_from.{key} must be a date (YYYY-MM-DD)")
            dates.append(value)
        return cls(currency, _json_bound(d, "min", "amount_eur.converted_from"),
                   _json_bound(d, "max", "amount_eur.converted_from"), rate, dates[0], source,
                   dates[1])


@dataclass(frozen=True)
class Amount:
    """An announced amount, with what kind of statement it was.

    Bounds are in `currency`: the parser reads "5 milliards de dollars" as 5e9 USD, and the
    enrichment stage converts it (`geo.amount.fx`) into euros, keeping how in `converted`.
    Everything drawn on a map is in euros.
    """

    min: float | None
    max: float | None
    kind: str
    text: str
    #: ISO 4217 code of the bounds.
    currency: str = "EUR"
    #: For euros converted from another currency: the announced figures, the rate, its date.
    converted: Conversion | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise AmountError(f"unknown amount kind {self.kind!r} (expected one of {KINDS})")

    def __repr__(self) -> str:
        """The dataclass's repr, without the currency and conversion when there are none."""
        extra = ""
        if self.currency != "EUR":
            extra += f", currency={self.currency!r}"
        if self.converted is not None:
            extra += f", converted={self.converted!r}"
        return (f"Amount(min={self.min!r}, max={self.max!r}, kind={self.kind!r}, "
                f"text={self.text!r}{extra})")

    @property
    def in_euros(self) -> bool:
        """Whether the bounds are euros (announced so, or converted)."""
        return self.currency == "EUR"

    def to_json(self) -> dict:
        """Sorted keys and integral numbers as ints, so rebuilt files diff cleanly."""
        if not self.in_euros:
            raise AmountError(f"{self.text!r} is in {self.currency}: convert it to euros first")
        out = {"kind": self.kind, "max": _json_number(self.max), "min": _json_number(self.min),
               "text": self.text}
        if self.converted is not None:
            out["converted_from"] = self.converted.to_json()
        return out

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
            "approx": lo is not None and hi is not None and lo == hi,
            "range": lo is not None and hi is not None and lo <= hi,
            "up_to": lo is None and hi is not None,
            "at_least": lo is not None and hi is None,
            "undisclosed": lo is None and hi is None,
        }
        if not expected[kind]:
            raise AmountError(f"amount_eur has kind {kind!r} but min={lo!r}, max={hi!r}: "
                              "exact and approx need min == max, range min <= max, up_to only "
                              "max, at_least only min, undisclosed neither")
        converted = d.get("converted_from")
        return cls(lo, hi, kind, text, "EUR",
                   None if converted is None else Conversion.from_json(converted))

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


def _json_bound(d: dict, key: str, where: str = "amount_eur") -> float | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AmountError(f"{where}.{key} must be a number or null, not {value!r}")
    try:
        value = float(value)
    except OverflowError:
        raise AmountError(f"{where}.{key} is too large") from None
    if not math.isfinite(value) or value <= 0:
        raise AmountError(f"{where}.{key} must be a positive finite number, not {value!r}")
    return value
