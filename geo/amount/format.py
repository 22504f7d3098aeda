"""Amounts back to labels a reader takes in at a glance: "20 Md€", "€30–50bn", "au moins 2 Md€"."""

from __future__ import annotations

import math

from geo.amount.model import Amount

__all__ = ["format_amount", "format_conversion", "format_eur", "format_money"]

_UNITS = {  # lang -> [(scale, unit)], largest first
    "fr": [(1e9, "Md€"), (1e6, "M€"), (1e3, "k€"), (1.0, "€")],
    "en": [(1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"), (1.0, "")],
}
_LABELS = {
    "fr": {"at_least": "au moins {}", "up_to": "jusqu'à {}", "approx": "≈ {}",
           "undisclosed": "montant non communiqué"},
    "en": {"at_least": "at least {}", "up_to": "up to {}", "approx": "≈ {}",
           "undisclosed": "amount not disclosed"},
}
#: Currencies written with a symbol ("5 Md$", "$5bn"); the others with their code.
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
_RATE_WORDS = {
    "fr": {"ECB": "au taux BCE du {date}", "parity": "à la parité fixe (1 € = {rate} {currency})",
           "fx_rate": "au taux indiqué (1 € = {rate} {currency})"},
    "en": {"ECB": "at the ECB rate of {date}", "parity": "at the fixed parity (€1 = {rate} {currency})",
           "fx_rate": "at the given rate (€1 = {rate} {currency})"},
}


def _lang(lang: str) -> str:
    code = str(lang).lower()[:2]
    if code not in _UNITS:
        raise ValueError(f"unsupported language {lang!r}: use 'fr' or 'en'")
    return code


def _parts(value: float, lang: str) -> tuple[str, str]:
    """(number, unit) rounded to 3 significant digits, the unit chosen after rounding."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value == 0 or not math.isfinite(value):
        return sign + ("0" if value == 0 else str(value)), _UNITS[lang][-1][1]
    rounded = float(f"{value:.3g}")
    scale, unit = next(((s, u) for s, u in _UNITS[lang] if rounded >= s), _UNITS[lang][-1])
    x = rounded / scale
    if x >= 1000:
        number = f"{round(x):,}"
    else:
        number = f"{x:.3g}"
        if "e" in number:  # below 1e-4 €: only ever seen in tests
            number = f"{x:.12f}".rstrip("0").rstrip(".")
    if lang == "fr":
        number = number.replace(",", " ").replace(".", ",")
    return sign + number, unit


def format_eur(value: float, lang: str = "fr") -> str:
    """A short, deterministic label a reader takes in at a glance: "20 Md€", "€6.4bn"."""
    return format_money(value, "EUR", lang)


def _unit(unit: str, currency: str, lang: str) -> str:
    """The French unit with its currency: "Md" + "$" -> "Md$", "M" + "CHF" -> "M CHF"."""
    symbol = _SYMBOLS.get(currency)
    base = unit[:-1] if unit.endswith("€") else unit
    if symbol:
        return base + symbol
    return f"{base} {currency}".strip()


def format_money(value: float, currency: str = "EUR", lang: str = "fr") -> str:
    """`format_eur` in any currency: "5 Md$", "300 M CHF"; "$5bn", "CHF 300m".

    >>> format_money(5e9, "USD"), format_money(3e8, "CHF"), format_money(5e9, "USD", "en")
    ('5 Md$', '300 M CHF', '$5bn')
    """
    lang = _lang(lang)
    number, unit = _parts(value, lang)
    if lang == "fr":
        return f"{number} {_unit(unit, currency, lang)}"
    sign = ""
    if number.startswith("-"):
        sign, number = "-", number[1:]
    symbol = _SYMBOLS.get(currency)
    return f"{sign}{symbol}{number}{unit}" if symbol else f"{sign}{currency} {number}{unit}"


def format_amount(amount: Amount, lang: str = "fr") -> str:
    """Say what was announced, no more: a range stays a range, a floor stays a floor.

    An amount not yet converted is said in its own currency ("5 Md$").

    >>> from geo.amount import parse_amount
    >>> format_amount(parse_amount("environ 600 millions")), format_amount(parse_amount("€4bn"), "en")
    ('≈ 600 M€', '€4bn')
    """
    lang = _lang(lang)
    labels = _LABELS[lang]
    kind = amount.kind
    currency = amount.currency
    if kind == "undisclosed" or (amount.min is None and amount.max is None):
        return labels["undisclosed"]
    if kind in ("exact", "approx"):
        label = format_money(amount.min if amount.min is not None else amount.max, currency, lang)
        return labels["approx"].format(label) if kind == "approx" else label
    if kind == "at_least" or amount.max is None:
        return labels["at_least"].format(format_money(amount.min, currency, lang))
    if kind == "up_to" or not amount.min:
        return labels["up_to"].format(format_money(amount.max, currency, lang))
    (n1, u1), (n2, u2) = _parts(amount.min, lang), _parts(amount.max, lang)
    if lang == "fr":
        u1, u2 = _unit(u1, currency, lang), _unit(u2, currency, lang)
        return f"{n1}–{n2} {u2}" if u1 == u2 else f"{n1} {u1}–{n2} {u2}"
    symbol = _SYMBOLS.get(currency) or currency + " "
    return f"{symbol}{n1}–{n2}{u2}" if u1 == u2 else f"{symbol}{n1}{u1}–{symbol}{n2}{u2}"


def format_conversion(amount: Amount, lang: str = "fr") -> str | None:
    """What was announced and what it makes in euros, with the rate: never a silent conversion.

    >>> from geo.amount import Amount, Conversion
    >>> usd = Conversion("USD", 5e9, 5e9, 1.1106, "2025-05-12", "ECB")
    >>> format_conversion(Amount(4.502e9, 4.502e9, "exact", "5 Md$", converted=usd))
    '5 Md$ (≈ 4,5 Md€ au taux BCE du 2025-05-12)'
    >>> format_conversion(Amount(4.502e9, 4.502e9, "exact", "5 Md$", converted=usd), "en")
    '$5bn (≈ €4.5bn at the ECB rate of 2025-05-12)'
    """
    conv = amount.converted
    if conv is None:
        return None
    lang = _lang(lang)
    announced = format_amount(Amount(conv.min, conv.max, amount.kind, amount.text, conv.currency), lang)
    euros = format_amount(Amount(amount.min, amount.max, amount.kind, amount.text), lang)
    if not euros.startswith("≈"):
        euros = "≈ " + euros
    rate = f"{conv.rate:,.6g}" if conv.rate < 1000 else f"{conv.rate:,.2f}".rstrip("0").rstrip(".")
    if lang == "fr":
        rate = rate.replace(",", "\u202f").replace(".", ",")
    how = _RATE_WORDS[lang][conv.source].format(date=conv.date or "", rate=rate,
                                                 currency=conv.currency)
    return f"{announced} ({euros} {how})"
