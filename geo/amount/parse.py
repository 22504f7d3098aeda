"""Reading an amount as announced: text → `Amount`, or an error that says what to type.

See the package docstring for every decision (what "plusieurs" means, why "billion" in
French text is refused, which trailing clauses are dropped).
"""

from __future__ import annotations

import math
import re

from geo.amount.format import format_eur
from geo.amount.grammar import (
    ALTERNATIVE,
    AMBIGUOUS_CURRENCIES,
    APPROX_PREFIX,
    APPROX_SUFFIX,
    AT_LEAST,
    CURRENCY,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DATE_CLAUSE,
    DETAIL_CLAUSE,
    EURO,
    EXACT,
    FRENCH_CUE,
    LABEL_PREFIX,
    LABEL_SUFFIX,
    MULT,
    NEGATIVE,
    NOT_A_NUMBER,
    PER_YEAR,
    RANGE,
    SCALES,
    SEVERAL,
    UP_TO,
    WORDS,
)
from geo.amount.model import MAX_EUR, MIN_EUR, Amount, AmountError
from geo.core.text import fold
from geo.core.vocab import is_undisclosed

__all__ = ["MAX_TEXT", "parse_amount"]

#: Longer texts are notes, not amounts (and keep the regexes cheap).
MAX_TEXT = 300


def parse_amount(value: str | int | float) -> Amount:
    """Read an amount as announced, so the file keeps the user's words and the map its meaning.

    Pure: no rates, no dates. An amount in another currency keeps its bounds in that
    currency (`Amount.currency`); `geo.amount.fx` converts it for a given day.

    >>> a = parse_amount("près de 4 milliards d'euros")
    >>> a.kind, a.min, a.max
    ('approx', 4000000000.0, 4000000000.0)
    >>> a = parse_amount("5 milliards de dollars")
    >>> a.kind, a.min, a.currency
    ('exact', 5000000000.0, 'USD')
    """
    if isinstance(value, bool):
        raise AmountError(f"{value!r} is a yes/no value, not an amount")
    if isinstance(value, (int, float)):
        return _from_number(value)
    if not isinstance(value, str):
        raise AmountError(f"expected text or a number for the amount, not {type(value).__name__}")
    original = value.strip()
    if not original:
        raise AmountError('the amount is empty: write it as announced, or "non communiqué" '
                          "if it was not disclosed")
    if len(original) > MAX_TEXT:
        raise AmountError(f"the amount is {len(original)} characters long (at most {MAX_TEXT}): "
                          "keep only the figure and put the context in notes")
    try:
        return _parse_text(original)
    except AmountError:
        raise
    except (ValueError, ArithmeticError) as exc:  # a safety net: never a traceback for a typo
        raise AmountError(f"cannot read {_quote(original)} as an amount in euros") from exc


def _from_number(value: int | float) -> Amount:
    try:
        number = float(value)
    except OverflowError:
        raise AmountError("the number is too large to be an amount in euros") from None
    text = repr(number) if not math.isfinite(number) else str(value)
    _check(number, text)
    return Amount(number, number, "exact", text)


def _quote(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _normalize(text: str) -> str:
    """Folded (`geo.core.text.fold`), whitespace collapsed, trailing punctuation dropped."""
    text = re.sub(r"\s+", " ", fold(text)).strip()
    return re.sub(r"[\s.;,!:]+$", "", text)


def _parse_text(original: str) -> Amount:
    s = _normalize(original)
    if not s:
        raise AmountError(f"cannot read {_quote(original)} as an amount in euros")
    if is_undisclosed(s):
        return Amount(None, None, "undisclosed", original)
    s = _drop_detail(s)
    s = _one_of_two(s, original)
    s, currency = _currency(s, original)
    s, approx = _refuse(s, original)
    for read in (_several, _range, _up_to, _at_least, _exact):
        amount = read(s, original)
        if amount is not None:
            if approx and amount.kind == "exact":
                amount = Amount(amount.min, amount.max, "approx", original)
            if currency != "EUR":
                amount = Amount(amount.min, amount.max, amount.kind, original, currency)
            return amount
    if PER_YEAR.search(s):
        raise AmountError(f"{_quote(original)} looks like a yearly or monthly amount: give the "
                          "total announced and put the period in notes")
    raise AmountError(f"cannot read {_quote(original)} as an amount in euros")


def _drop_detail(s: str) -> str:
    """"10 milliards, dont 3 milliards dès 2026" is 10 milliards (the detail stays in the text)."""
    m = DETAIL_CLAUSE.fullmatch(s)
    if m and (re.search(r"[0-9]", m.group("keep")) or _has_scale(m.group("keep"))):
        return m.group("keep")
    return s


def _one_of_two(s: str, original: str) -> str:
    """"2 Md€ (2,2 Md$)": the same figure in two currencies; the one in euros is kept."""
    m = ALTERNATIVE.fullmatch(s)
    if not m:
        return s
    first, second = m.group("first").strip(" ,"), m.group("second").strip(" ,")
    currencies = [_currency_of(first), _currency_of(second)]
    if "EUR" in currencies:
        return first if currencies[0] == "EUR" else second
    raise AmountError(f"{_quote(original)} gives two figures in brackets, none of them in euros: "
                      "keep one")


def _currency_of(s: str) -> str | None:
    if EURO.search(s):
        return "EUR"
    m = CURRENCY.search(s)
    return _code(m) if m and m.lastgroup != "ambiguous" else None


def _code(m: re.Match) -> str:
    text = re.sub(r"\s+", " ", m.group())
    if m.lastgroup == "word":
        return CURRENCY_WORDS[text]
    if m.lastgroup == "symbol":
        return CURRENCY_SYMBOLS[text]
    return {"rmb": "CNY"}.get(text, text.upper())


def _currency(s: str, original: str) -> tuple[str, str]:
    """The currency of the text, and the text with its markers written as euros' (so that
    one grammar reads them all): "5 milliards de dollars" -> ("5 milliards de euros", "USD")."""
    found = list(CURRENCY.finditer(s))
    if not found:
        return s, "EUR"
    for m in found:
        if m.lastgroup == "ambiguous":
            raise AmountError(f"{_quote(original)}: {m.group()!r} names several currencies: write "
                              f"which one, e.g. {AMBIGUOUS_CURRENCIES[m.group()]}")
    codes = {_code(m) for m in found}
    if len(codes) > 1 or EURO.search(s):
        shown = ", ".join(sorted(codes | ({"EUR"} if EURO.search(s) else set())))
        raise AmountError(f"{_quote(original)} mixes currencies ({shown}): give the amount in "
                          "one currency")
    out, end = [], 0
    for m in found:
        out.append(s[end:m.start()])
        out.append("euros" if m.lastgroup == "word" else "eur" if m.lastgroup == "code" else "€")
        end = m.end()
    out.append(s[end:])
    return "".join(out), codes.pop()


def _refuse(s: str, original: str) -> tuple[str, bool]:
    """What is never an amount (NaN, a negative figure, an ambiguous "billion"), refused with
    the reason; else the text without its context, and whether it said "about"."""
    if NOT_A_NUMBER.fullmatch(s):
        raise AmountError(f"{_quote(original)} is not a finite number")
    s, approx = _strip_context(s)
    if NEGATIVE.match(s):
        raise AmountError(f"{_quote(original)} is negative: an investment amount must be "
                          "positive")
    if re.search(r"(?<![a-z])(?:billions?|trillions?)(?![a-z])", s) and FRENCH_CUE.search(s):
        raise AmountError(
            f"{_quote(original)} is ambiguous: 'billion' means 10^9 in English but 10^12 in "
            "French (and 'trillion' 10^12 or 10^18): write \"milliards\" or \"Md€\" instead")
    return s, approx


def _several(s: str, original: str) -> Amount | None:
    """"plusieurs milliards": at least 2 of the unit (20 for "dizaines", 200 for "centaines")."""
    m = SEVERAL.fullmatch(s)
    if m and (m.group("sev") or m.group("tens") or m.group("hundreds")):
        factor = 20 if m.group("tens") else 200 if m.group("hundreds") else 2
        return Amount(factor * SCALES[m.group("mult0")], None, "at_least", original)
    return None


def _range(s: str, original: str) -> Amount | None:
    for pattern in RANGE:
        m = pattern.fullmatch(s)
        if m:
            hi = _bound(m, 2, original)
            lo = _bound(m, 1, original, default_mult=m.group("mult2"))
            if lo > hi:
                raise AmountError(
                    f"{_quote(original)}: the range starts above where it ends "
                    f"({format_eur(lo)} > {format_eur(hi)}); write the smaller bound first, "
                    "with its own unit when it differs (a bare first bound takes the second's "
                    "unit: \"entre 500 millions et 1 milliard\", not \"500 à 1 milliard\")")
            return Amount(lo, hi, "exact" if lo == hi else "range", original)
    return None


def _up_to(s: str, original: str) -> Amount | None:
    for pattern in UP_TO:
        m = pattern.fullmatch(s)
        if m:
            return Amount(None, _bound(m, 0, original), "up_to", original)
    return None


def _at_least(s: str, original: str) -> Amount | None:
    for pattern in AT_LEAST:
        m = pattern.fullmatch(s)
        if m:
            return Amount(_bound(m, 0, original), None, "at_least", original)
    return None


def _exact(s: str, original: str) -> Amount | None:
    m = EXACT.fullmatch(s)
    if m:
        value = _bound(m, 0, original)
        return Amount(value, value, "exact", original)
    return None


def _strip_context(s: str) -> tuple[str, bool]:
    """Drop approximations (noting them), "montant :" labels and one trailing date clause."""
    dated = approx = False
    while True:
        before = s
        m = None if dated else DATE_CLAUSE.fullmatch(s)
        if m and (re.search(r"[0-9]", m.group("keep")) or _has_scale(m.group("keep"))):
            s, dated = m.group("keep"), True
        for pattern, is_approx in ((APPROX_PREFIX, True), (LABEL_PREFIX, False)):
            m = pattern.match(s)
            if m and m.end() < len(s):
                s, approx = s[m.end():], approx or is_approx
        for pattern, is_approx in ((APPROX_SUFFIX, True), (LABEL_SUFFIX, False)):
            m = pattern.search(s)
            if m and m.start() > 0:
                s, approx = s[:m.start()], approx or is_approx
        s = s.strip(" ,")
        if s == before:
            return s, approx


def _has_scale(text: str) -> bool:
    return re.search(rf"(?<![a-z]){MULT}", text) is not None


def _bound(m: re.Match, n: int, original: str, default_mult: str | None = None) -> float:
    raw = m.group(f"num{n}")
    mult = m.group(f"mult{n}") or default_mult
    if raw[0].isdigit():
        number = _number(raw, original)
    else:
        number = float(WORDS[re.sub(r"\s+", " ", raw)])
        if mult is None:
            raise AmountError(f"{_quote(original)}: a number in words needs a unit "
                              "(\"deux milliards\"); otherwise write it in digits")
    if m.group(f"pre{n}") and m.group(f"half{n}"):
        raise AmountError(f"{_quote(original)}: \"et demi\" appears twice")
    if m.group(f"pre{n}") or m.group(f"half{n}"):
        if not number.is_integer():
            raise AmountError(f"{_quote(original)}: \"et demi\" only follows a whole number")
        number += 0.5
    value = number * (SCALES[mult] if mult else 1.0)
    _check(value, original)
    return value


def _check(value: float, text: str) -> bool:
    """Raise unless `value` is a plausible amount; True when it is."""
    if math.isnan(value):
        raise AmountError(f"{_quote(text)} is not a number (NaN)")
    if math.isinf(value):
        raise AmountError(f"{_quote(text)} is infinite, not an amount")
    if value < 0:
        raise AmountError(f"{_quote(text)} is negative: an investment amount must be positive")
    if value == 0:
        raise AmountError(f"{_quote(text)} is zero: if the amount is unknown, write "
                          "\"non communiqué\"")
    if value < MIN_EUR:
        raise AmountError(f"{_quote(text)} is less than one euro: check the unit "
                          "(\"0,5 Md€\" is half a billion)")
    if value > MAX_EUR:
        raise AmountError(f"{_quote(text)} is more than 10^15 € — far beyond any investment: "
                          "check the unit")
    return True


def _number(raw: str, original: str) -> float:
    """Digits with thousands separators and a decimal point or comma, refusing guesses."""
    mantissa, exp = raw, ""
    em = re.fullmatch(r"(.*?)(e[+-]?[0-9]+)", raw)
    if em:
        mantissa, exp = em.group(1), em.group(2)

    def ambiguous(why: str) -> AmountError:
        return AmountError(f"{_quote(original)}: the number {raw!r} is ambiguous ({why}); "
                           "write e.g. \"1234,5\", \"1 234,5\" or \"1,234.5\"")

    spaced = re.fullmatch(r"([0-9]{1,3})((?:[ '][0-9]{3})+)([.,][0-9]+)?", mantissa)
    if spaced:
        seps = set(re.findall(r"[ ']", spaced.group(2)))
        if len(seps) > 1:
            raise ambiguous("mixed thousands separators")
        digits = spaced.group(1) + re.sub(r"[ ']", "", spaced.group(2))
        frac = spaced.group(3)
        return float(digits + ("." + frac[1:] if frac else "") + exp)
    if re.search(r"[ ']", mantissa):
        raise ambiguous("spaces must separate groups of three digits")
    commas, dots = mantissa.count(","), mantissa.count(".")
    if commas and dots:
        dec = "," if mantissa.rfind(",") > mantissa.rfind(".") else "."
        grp = "." if dec == "," else ","
        g = re.escape(grp)
        if not re.fullmatch(rf"[0-9]{{1,3}}(?:{g}[0-9]{{3}})+{re.escape(dec)}[0-9]+", mantissa):
            raise ambiguous(f"'{grp}' must group thousands and '{dec}' appear once, last")
        return float(mantissa.replace(grp, "").replace(dec, ".") + exp)
    sep = "," if commas else "." if dots else ""
    if not sep:
        return float(mantissa + exp)
    count = commas or dots
    if count > 1:
        if not re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(sep)}[0-9]{{3}})+", mantissa):
            raise ambiguous(f"'{sep}' appears {count} times but does not group thousands")
        return float(mantissa.replace(sep, "") + exp)
    whole, frac = mantissa.split(sep)
    if len(frac) == 3 and whole != "0" and not exp:
        raise ambiguous(f"a decimal {'comma' if sep == ',' else 'point'} or a thousands "
                        "separator?")
    return float(f"{whole}.{frac}{exp}")
