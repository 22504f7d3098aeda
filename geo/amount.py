"""Amounts in euros as journalists write them, and back again for a map label.

Announcements never come as clean numbers: "entre 30 et 50 milliards d'euros",
"plusieurs milliards", "up to €10bn", "non communiqué". A map that quietly drew
every one of them as a single number would lie, so an `Amount` keeps the *kind*
of statement (exact, range, up to, at least, undisclosed) next to its bounds and
the user's original text, and the renderer draws each kind differently.

Decisions (so that nobody has to rediscover them):

* **Euros only.** Any other currency marker ($, £, ¥, USD, dollars, livres…) is
  an error telling the user to convert and keep the original in `notes`: a
  silent exchange rate would be a number nobody announced. A text with no
  currency at all ("20 milliards") is taken to be in euros.
* **Approximations are kept as exact.** "environ", "about", "près de",
  "nearly", "~", "≈"… are dropped: the announced figure *is* the figure, and
  the original wording survives in `text`. "près de" (just under) is treated
  the same way.
* **"plusieurs" / "several" / "quelques" / "a few" / "des" N means at least
  2 N**; "dizaines de" / "tens of" N means at least 20 N; "centaines de" /
  "hundreds of" N at least 200 N. Plural is the only thing those words promise.
* **"plus de" / "more than" / "over" are `at_least`**, "moins de" / "less than"
  are `up_to`: the strict/non-strict difference is invisible on a map.
* **"billion" is 10⁹ and "trillion" 10¹² (English).** In French a *billion* is
  10¹² and a *trillion* 10¹⁸, so those words in a French-looking text (French
  words, a decimal comma, "30 billions") are rejected as ambiguous rather than
  guessed: an error costs a minute, a 1000× error costs a correction.
  The abbreviations bn/Md/Mds/Mrd (10⁹) and tn (10¹²) are never ambiguous.
* **Ambiguous digit groups are rejected**: "1,234" or "2.500" could be a
  decimal or thousands; "1.234,5.6" is nonsense. A leading zero ("0,250"), or
  several groups ("2,500,000"), or both separators ("1.234,5") decide it.
  Spaces, U+00A0, U+202F and apostrophes are thousands separators ("15 000 000").
* **Trailing text is ignored only when it is clearly a date clause**:
  "d'ici 2029", "by 2030", "en 2025", "sur 5 ans", "(2025-2030)"… Anything
  else left over is an error that quotes it. A yearly amount ("par an",
  "per year") is rejected: the map shows totals, not rates.
* **Sanity bounds:** less than 1 € or more than 10¹⁵ € (ten times world GDP) is
  rejected as a likely unit mistake; zero and negative amounts too — an
  unknown amount is written "non communiqué".
* **A range whose two bounds are equal is exact**; min > max is an error
  (never silently swapped: it often means a unit went missing).
* **In a range, the unit of the second bound applies to a bare first bound**
  ("30 à 50 Md€"); it is never carried forward ("5 Md€ à 7" is 5 Md€ to 7 €,
  hence an error).
* **Formatting** rounds to 3 significant digits without trailing zeros and
  always uses a plain space in French ("20 Md€", "6,4 Md€", "1 200 Md€",
  "750 k€", "30–50 Md€", "500 M€–1,2 Md€", "au moins 2 Md€",
  "jusqu'à 10 Md€", "montant non communiqué"); English is "€20bn", "€6.4bn",
  "€1.2tn", "€750k", "€30–50bn", "€500m–€1.2bn", "at least €2bn",
  "up to €10bn", "amount not disclosed". Every formatted amount parses back
  to the same kind and bounds. French has no common unit above the milliard,
  so 1.2 × 10¹² is "1 200 Md€". Two range bounds that round to the same label
  print as such ("30–30 Md€") rather than hide that they differ.
* **Undisclosed** is any of "non communiqué/divulgué/précisé/chiffré…",
  "montant non communiqué", "inconnu", "undisclosed", "not disclosed",
  "unknown", "confidentiel", "n/a", "n.c.", "n.d.", "?" — explicit words only:
  an empty string is an error, because a forgotten field is not a secret.
* **Numbers** (int/float, not bool) are exact euros and keep `str(value)` as
  text. Number words go up to the common ones ("un", "deux"… "cent", "a",
  "one"… "a hundred") and need a unit ("deux milliards"); "et demi" /
  "and a half" add one half ("un milliard et demi", "two and a half billion").
  A leading "+" is not read as "plus de" (it may mean "an extra").
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "KINDS",
    "Amount",
    "AmountError",
    "format_amount",
    "format_eur",
    "parse_amount",
]

KINDS = ("exact", "range", "up_to", "at_least", "undisclosed")

#: Below one euro or above this, the unit is almost certainly wrong.
MIN_EUR = 1.0
MAX_EUR = 1e15
#: Longer texts are notes, not amounts (and keep the regexes cheap).
MAX_TEXT = 300

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


# --- parsing ------------------------------------------------------------------------------------

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u00b4`\u2032"), "'")

_DE = r"d(?:e(?![a-z])\s*|'\s*)"  # "de " or the elided "d'"
_CUR = r"(?:€|eur(?:os?)?(?![a-z])|d'\s*euros?(?![a-z])|de\s+euros?(?![a-z])|of\s+euros?(?![a-z]))"

_SCALES = {
    "trillion": 1e12, "trillions": 1e12, "tn": 1e12, "trn": 1e12,
    "milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9, "mrd": 1e9, "mrds": 1e9,
    "mld": 1e9, "mlds": 1e9, "billion": 1e9, "billions": 1e9, "bn": 1e9, "bns": 1e9,
    "bln": 1e9, "b": 1e9,
    "million": 1e6, "millions": 1e6, "mio": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "mille": 1e3, "millier": 1e3, "milliers": 1e3, "thousand": 1e3, "thousands": 1e3, "k": 1e3,
}
# Longest first, so "milliards" is never read as "m" + garbage.
_MULT = (r"(?:" + "|".join(sorted(map(re.escape, _SCALES), key=lambda s: (-len(s), s)))
         + r")(?:(?![a-z])|(?=eur))")

_WORDS = {
    "un": 1, "une": 1, "one": 1, "a": 1, "an": 1, "deux": 2, "two": 2, "trois": 3, "three": 3,
    "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8,
    "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10, "onze": 11, "eleven": 11,
    "douze": 12, "twelve": 12, "quinze": 15, "fifteen": 15, "vingt": 20, "twenty": 20,
    "trente": 30, "thirty": 30, "quarante": 40, "forty": 40, "cinquante": 50, "fifty": 50,
    "cent": 100, "hundred": 100, "a hundred": 100, "one hundred": 100,
}
_WORD_RE = "|".join(sorted((w.replace(" ", r"\s+") for w in _WORDS), key=lambda s: (-len(s), s)))
_NUM = rf"(?:[0-9](?:[0-9 ,.']*[0-9])?(?:e[+-]?[0-9]+)?|(?:{_WORD_RE})(?![a-z]))"
_HALF = r"\s+(?:et\s+demie?|and\s+a\s+half)"


def _qty(n: int) -> str:
    return (rf"(?:{_CUR}\s*)?(?P<num{n}>{_NUM})(?P<pre{n}>{_HALF})?\s*"
            rf"(?:(?P<mult{n}>{_MULT})(?P<half{n}>{_HALF})?)?\s*(?:{_CUR})?")


_Q, _Q1, _Q2 = _qty(0), _qty(1), _qty(2)

_RANGE = [
    re.compile(rf"(?:entre|between)\s+{_Q1}(?:\s+(?:et|and)\s+|\s*[-&]\s*){_Q2}"),
    re.compile(rf"(?:de|from)\s+{_Q1}(?:\s+(?:a|to|jusqu'\s*a)\s+|\s*-\s*){_Q2}"),
    re.compile(rf"{_Q1}(?:\s+(?:a|to)\s+|\s*-\s*){_Q2}"),
]
_UP_TO_WORDS = (rf"jusqu'\s*a|up\s+to|au\s+plus|au\s+maximum|at\s+most|a\s+maximum\s+of|"
                rf"maximum(?:\s+{_DE})?|max\.?|<=|≤|<|moins\s+{_DE}|less\s+than|under|below|"
                rf"not\s+more\s+than|no\s+more\s+than|pas\s+plus\s+{_DE}")
_AT_LEAST_WORDS = (rf"plus\s+{_DE}|au\s+moins|more\s+than|at\s+least|over|in\s+excess\s+of|"
                   rf"upwards\s+of|au\s+minimum|minimum(?:\s+{_DE})?|a\s+minimum\s+of|min\.?|"
                   rf">=|≥|>|\+\s*{_DE}|superieure?s?\s+a|above|no\s+less\s+than|"
                   rf"not\s+less\s+than|pas\s+moins\s+{_DE}|au[- ]dela\s+{_DE}|beyond")
_UP_TO = [
    re.compile(rf"(?:{_UP_TO_WORDS})\s*{_Q}"),
    re.compile(rf"{_Q}\s*(?:au\s+plus|at\s+most|au\s+maximum|maximum|max|ou\s+moins|or\s+less)"),
]
_AT_LEAST = [
    re.compile(rf"(?:{_AT_LEAST_WORDS})\s*{_Q}"),
    re.compile(rf"{_Q}\s*(?:\+|au\s+moins|at\s+least|au\s+minimum|minimum|ou\s+plus|or\s+more|"
               rf"et\s+plus|and\s+more|and\s+up)"),
]
_EXACT = re.compile(_Q)
_SEVERAL = re.compile(
    rf"(?:(?P<sev>plusieurs|several|quelques|a\s+few|multiple|des|some)\s+)?"
    rf"(?:(?P<tens>dizaines|tens)\s*(?:{_DE}|of\s+)|(?P<hundreds>centaines|hundreds)\s*(?:{_DE}|of\s+))?"
    rf"(?P<mult0>{_MULT})\s*(?:{_CUR})?")

_UNDISCLOSED = re.compile(
    r"(?:(?:le\s+)?montant\s*:?\s*|amount\s*:?\s*)?"
    r"(?:non[\s-]+(?:communique|divulgue|precise|chiffre|publie|connu|disponible|revele|"
    r"annonce|specifie)e?s?|inconnue?|pas\s+communique|undisclosed|"
    r"not\s+(?:disclosed|known|available|public|published|given|specified|announced)|unknown|"
    r"confidentiel(?:le)?|confidential|n\s*/\s*a|n\.?\s*a\.?|n\.?\s*c\.?|n\.?\s*d\.?|"
    r"tbd|tbc|\?+)"
    r"(?:\s+(?:amount|montant))?")

_FOREIGN = re.compile(
    r"[$£¥₹₩₽₺₪₦฿]|(?<![a-z])(?:usd|us\s*dollars?|dollars?|gbp|pounds?|sterling|livres?|"
    r"chf|francs?|jpy|yens?|cny|rmb|yuans?|renminbi|cad|aud|nzd|sek|nok|dkk|pln|czk|huf|"
    r"aed|dirhams?|riyals?|sar|qar|inr|roupies?|rupees?|krw|brl|reais|rubles?|roubles?|rub|"
    r"hkd|sgd|btc|bitcoins?)(?![a-z])")
_NOT_A_NUMBER = re.compile(r"[+-]?\s*(?:nan|inf|infinity|infini)(?:\s*(?:€|eur|euros?))?")
_NEGATIVE = re.compile(rf"(?:{_CUR}\s*)?-\s*(?:{_CUR}\s*)?[0-9]|moins\s+[0-9]|minus\s+[0-9]")
_PER_YEAR = re.compile(r"(?:par|per|a|/)\s*(?:an|annee|year|yr|annum|mois|month)(?![a-z])|"
                       r"annuels?|yearly|annually|mensuels?|monthly")

_YEAR = r"(?:19|20)[0-9]{2}"
_SPAN = (r"(?:[0-9]{1,2}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|two|three|four|five|"
         r"six|seven|eight|nine|ten)")
_DATE_CLAUSE = re.compile(
    rf"(?P<keep>.*?[^\s,(])(?:(?:\s*,\s*|\s+)(?:"
    rf"(?:d'\s*ici(?:\s+(?:a|la\s+fin\s+de|fin))?|by(?:\s+the\s+end\s+of)?|en|in|"
    rf"jusqu'\s*en|until|through|a\s+l'\s*horizon|horizon|pour|for|avant|before|"
    rf"entre|between|from|de|sur\s+la\s+periode|over\s+the\s+period|over|sur)\s+"
    rf"{_YEAR}(?:\s*(?:-|a|to|et|and)\s*{_YEAR})?"
    rf"|(?:sur|over|en|in|within)\s+(?:les\s+|the\s+next\s+|the\s+)?{_SPAN}\s+"
    rf"(?:prochaines\s+)?(?:ans|annees|years)(?:\s+a\s+venir)?"
    rf")|\s*,?\s*\(\s*{_YEAR}(?:\s*-\s*{_YEAR})?\s*\))")
_APPROX_PREFIX = re.compile(
    rf"(?:environ|env\.|about|around|approximately|approx\.?|roughly|nearly|almost|"
    rf"pres\s+{_DE}|presque|quelque(?!s)|circa|ca\.|c\.|~|≈|autour\s+{_DE}|"
    rf"de\s+l'\s*ordre\s+{_DE}|on\s+the\s+order\s+of|in\s+the\s+region\s+of|"
    rf"some(?=\s*(?:€|eur|[0-9]))|(?:le\s+)?montant(?:\s+total)?\s*(?::|{_DE})?|"
    rf"(?:total\s+)?amount\s*(?::|of)?|total\s*:?|soit|estime\s+a|estimated\s+at)\s*")
_APPROX_SUFFIX = re.compile(r"\s+(?:environ|approximativement|approx\.?|or\s+so|au\s+total|"
                            r"in\s+total|en\s+tout|total)$")
_FRENCH_CUE = re.compile(
    r"(?<![a-z])(?:d'|de|des|entre|et|jusqu|plus|moins|au|environ|plusieurs|quelques|pres|"
    r"milliards?|millions?|dizaines|centaines|sur|ici)(?![a-z])|[0-9],[0-9]{1,2}(?![0-9])|"
    r"[0-9]\s*(?:billions|trillions)")


def parse_amount(value: str | int | float) -> Amount:
    """Read an amount as announced, so the file keeps the user's words and the map its meaning."""
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
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    text = "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")
    text = re.sub(r"\s+", " ", text.lower()).strip()
    return re.sub(r"[\s.;,!:]+$", "", text)


def _parse_text(original: str) -> Amount:
    s = _normalize(original)
    if not s:
        raise AmountError(f"cannot read {_quote(original)} as an amount in euros")
    if _UNDISCLOSED.fullmatch(s):
        return Amount(None, None, "undisclosed", original)
    foreign = _FOREIGN.search(s)
    if foreign:
        raise AmountError(
            f"{_quote(original)} is not in euros ({foreign.group(0)!r}): only euros are "
            "supported — convert the amount to euros and keep the original figure in notes")
    if _NOT_A_NUMBER.fullmatch(s):
        raise AmountError(f"{_quote(original)} is not a finite number of euros")
    s = _strip_context(s)
    if _NEGATIVE.match(s):
        raise AmountError(f"{_quote(original)} is negative: an investment amount must be "
                          "positive")
    if re.search(r"(?<![a-z])(?:billions?|trillions?)(?![a-z])", s) and _FRENCH_CUE.search(s):
        raise AmountError(
            f"{_quote(original)} is ambiguous: 'billion' means 10^9 in English but 10^12 in "
            "French (and 'trillion' 10^12 or 10^18): write \"milliards\" or \"Md€\" instead")

    m = _SEVERAL.fullmatch(s)
    if m and (m.group("sev") or m.group("tens") or m.group("hundreds")):
        factor = 20 if m.group("tens") else 200 if m.group("hundreds") else 2
        low = factor * _SCALES[m.group("mult0")]
        return Amount(low, None, "at_least", original)
    for pattern in _RANGE:
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
            if lo == hi:
                return Amount(lo, hi, "exact", original)
            return Amount(lo, hi, "range", original)
    for pattern in _UP_TO:
        m = pattern.fullmatch(s)
        if m:
            return Amount(None, _bound(m, 0, original), "up_to", original)
    for pattern in _AT_LEAST:
        m = pattern.fullmatch(s)
        if m:
            return Amount(_bound(m, 0, original), None, "at_least", original)
    m = _EXACT.fullmatch(s)
    if m:
        value = _bound(m, 0, original)
        return Amount(value, value, "exact", original)
    if _PER_YEAR.search(s):
        raise AmountError(f"{_quote(original)} looks like a yearly or monthly amount: give the "
                          "total announced and put the period in notes")
    raise AmountError(f"cannot read {_quote(original)} as an amount in euros")


def _strip_context(s: str) -> str:
    """Drop approximations, "montant :" labels and one trailing date clause, nothing else."""
    dated = False
    while True:
        before = s
        m = None if dated else _DATE_CLAUSE.fullmatch(s)
        if m and (re.search(r"[0-9]", m.group("keep")) or _has_scale(m.group("keep"))):
            s, dated = m.group("keep"), True
        m = _APPROX_PREFIX.match(s)
        if m and m.end() < len(s):
            s = s[m.end():]
        m = _APPROX_SUFFIX.search(s)
        if m and m.start() > 0:
            s = s[:m.start()]
        s = s.strip(" ,")
        if s == before:
            return s


def _has_scale(text: str) -> bool:
    return re.search(rf"(?<![a-z]){_MULT}", text) is not None


def _bound(m: re.Match, n: int, original: str, default_mult: str | None = None) -> float:
    raw = m.group(f"num{n}")
    mult = m.group(f"mult{n}") or default_mult
    if raw[0].isdigit():
        number = _number(raw, original)
    else:
        number = float(_WORDS[re.sub(r"\s+", " ", raw)])
        if mult is None:
            raise AmountError(f"{_quote(original)}: a number in words needs a unit "
                              "(\"deux milliards\"); otherwise write it in digits")
    if m.group(f"pre{n}") and m.group(f"half{n}"):
        raise AmountError(f"{_quote(original)}: \"et demi\" appears twice")
    if m.group(f"pre{n}") or m.group(f"half{n}"):
        if not number.is_integer():
            raise AmountError(f"{_quote(original)}: \"et demi\" only follows a whole number")
        number += 0.5
    value = number * (_SCALES[mult] if mult else 1.0)
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


# --- formatting ---------------------------------------------------------------------------------

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
