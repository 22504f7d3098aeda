"""Amounts back to labels a reader takes in at a glance: "20 Md€", "€30–50bn", "au moins 2 Md€"."""

from __future__ import annotations

import math

from geo.amount.model import Amount

__all__ = ["format_amount", "format_eur"]

_UNITS = {  # lang -> [(scale, unit)], largest first
    "fr": [(1e9, "Md€"), (1e6, "M€"), (1e3, "k€"), (1.0, "€")],
    "en": [(1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"), (1.0, "")],
}
_LABELS = {
    "fr": {"at_least": "au moins {}", "up_to": "jusqu'à {}",
           "undisclosed": "montant non communiqué"},
    "en": {"at_least": "at least {}", "up_to": "up to {}", "undisclosed": "amount not disclosed"},
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
    lang = _lang(lang)
    number, unit = _parts(value, lang)
    if lang == "fr":
        return f"{number} {unit}"
    if number.startswith("-"):
        return f"-€{number[1:]}{unit}"
    return f"€{number}{unit}"


def format_amount(amount: Amount, lang: str = "fr") -> str:
    """Say what was announced, no more: a range stays a range, a floor stays a floor."""
    lang = _lang(lang)
    labels = _LABELS[lang]
    kind = amount.kind
    if kind == "undisclosed" or (amount.min is None and amount.max is None):
        return labels["undisclosed"]
    if kind == "exact":
        return format_eur(amount.min if amount.min is not None else amount.max, lang)
    if kind == "at_least" or amount.max is None:
        return labels["at_least"].format(format_eur(amount.min, lang))
    if kind == "up_to" or not amount.min:
        return labels["up_to"].format(format_eur(amount.max, lang))
    (n1, u1), (n2, u2) = _parts(amount.min, lang), _parts(amount.max, lang)
    if lang == "fr":
        return f"{n1}–{n2} {u2}" if u1 == u2 else f"{n1} {u1}–{n2} {u2}"
    return f"€{n1}–{n2}{u2}" if u1 == u2 else f"€{n1}{u1}–€{n2}{u2}"
