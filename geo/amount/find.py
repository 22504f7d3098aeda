"""Amounts in running text: where an article states a sum, found with the press grammar.

`parse_amount` reads a field that holds one amount; an article holds many, among dates,
head counts and percentages. `find_amounts` finds the spans that look like sums of money
(a scale word such as "milliards"/"billion", or a currency, next to a number; "plusieurs
milliards"), widens each to the words that qualify it ("entre 30 et 50", "jusqu'à", "more
than") and reads it with `parse_amount`, so an article and a data file agree on what an
amount means. Offsets are those of the text given (folding keeps one character per
character).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.amount.grammar import _CUR, _HALF, _WORD_RE
from geo.amount.model import Amount, AmountError
from geo.amount.parse import parse_amount
from geo.core.text import fold

__all__ = ["FoundAmount", "find_amounts"]

# Scale words that make a number a sum even with no currency ("20 milliards"), and the
# short ones that need a currency beside them ("500 M€", "€2m": "500 m" is a distance).
_WORD_SCALE = (r"(?:milliards?|millions?|billions?|trillions?|md|mds|mrds?|bns?|bln|tn|"
               r"mlds?)(?![a-z])")
_SHORT_SCALE = r"(?:m|mn|mio|mln|b|k)(?![a-z])"
_FOREIGN = (r"(?:\$|£|us\$|usd(?![a-z])|(?:de\s+|d'\s*|of\s+)?(?:dollars?|livres?\s+sterling|"
            r"pounds?)(?![a-z]))")
_MONEY = rf"(?:{_CUR}|{_FOREIGN})"
_PRE = r"(?:(?:€|eur(?![a-z])|us\$|\$|£)\s*)"
# Digits in running text: thousands in groups of three, so "d'ici 2029, 10 milliards" is
# two numbers, not one; or number words, which need a scale word ("deux milliards").
_DIGITS = r"(?:[0-9]{1,3}(?:[ .,'\u00a0\u202f][0-9]{3})+(?:[.,][0-9]+)?|[0-9]+(?:[.,][0-9]+)?)"
_WORDS = rf"(?:(?:{_WORD_RE})(?![a-z]))"
# "2 millions de visiteurs" is a head count: a scale word followed by "de"/"of" and
# anything but money is not a sum ("d'investissement" is money).
_NOT_MONEY = r"(?!\s*(?:de\s+|d'\s*|of\s+)(?!investissements?|investments?)[a-z])"
_ANCHOR = (rf"(?:{_PRE}(?:{_DIGITS}|{_WORDS})(?:{_HALF})?\s*{_WORD_SCALE}(?:{_HALF})?(?:\s*{_MONEY})?"
           rf"|(?:{_DIGITS}|{_WORDS})(?:{_HALF})?\s*{_WORD_SCALE}(?:{_HALF})?(?:\s*{_MONEY}|{_NOT_MONEY})"
           rf"|{_DIGITS}\s*{_SHORT_SCALE}\s*{_MONEY}"
           rf"|{_PRE}{_DIGITS}(?:\s*{_SHORT_SCALE})?(?![a-z0-9])"
           rf"|{_DIGITS}\s*{_MONEY})")
_SEVERAL = (rf"(?:plusieurs|several|quelques|a\s+few|multiple|(?:des\s+)?dizaines\s+de|"
            rf"tens\s+of|(?:des\s+)?centaines\s+de|hundreds\s+of)\s+{_WORD_SCALE}(?:\s*{_MONEY})?")
_QUALIFIER = (r"(?:jusqu'\s*a|up\s+to|plus\s+de|more\s+than|over|au\s+moins|at\s+least|"
              r"au\s+minimum|pres\s+de|environ|about|around|nearly|almost|approximately|"
              r"quelque|some|moins\s+de|less\s+than|au\s+maximum|a\s+maximum\s+of)\s*")
_BOUND = (rf"(?:{_PRE}?(?:{_DIGITS}|{_WORDS})(?:\s*(?:{_WORD_SCALE}|{_SHORT_SCALE}))?"
          rf"(?:\s*{_MONEY})?)")
_FINDER = re.compile(
    rf"(?<![\w.,'$€£])(?:"
    rf"(?:entre|between)\s+{_BOUND}\s+(?:et|and)\s+{_ANCHOR}"
    rf"|(?:de|from)\s+{_BOUND}\s*(?:a|to|-)\s*{_ANCHOR}"
    rf"|{_BOUND}\s*(?:a|to|-)\s*{_ANCHOR}"
    rf"|(?:{_QUALIFIER})?(?:{_SEVERAL}|{_ANCHOR})"
    rf")")


@dataclass(frozen=True)
class FoundAmount:
    """One sum found in a text: where it is, its words, and what `parse_amount` made of it."""

    start: int
    end: int
    text: str
    #: The amount read; None when the parser refused it (then `error` says why).
    amount: Amount | None
    error: str | None = None


def _fold_in_place(text: str) -> str:
    """`fold`, one character for one character, so offsets in the result are offsets in `text`."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f if len(f) == 1 else (f[:1] or " "))
    return "".join(out)


def find_amounts(text: str) -> list[FoundAmount]:
    """Every sum of money stated in `text`, in order, each read by `parse_amount`.

    A sum is a number with a scale word ("20 milliards", "€1.5bn", "plusieurs milliards")
    or a currency ("15 000 000 €"); years, head counts and percentages are not. The span
    takes in what qualifies it ("entre 30 et 50 …", "jusqu'à …"). A span the parser
    refuses (another currency, a yearly figure) is kept, with the parser's reason.

    >>> [(f.text, f.amount.kind) for f in find_amounts(
    ...     "Le 9 février, 1.500 personnes : entre 30 et 50 milliards d'euros, puis €2bn.")]
    [("entre 30 et 50 milliards d'euros", 'range'), ('€2bn', 'exact')]
    >>> find_amounts("a $500 million plant")[0].amount.currency
    'USD'
    >>> "ambiguous" in find_amounts("plus de 2,500 millions d'euros")[0].error
    True

    """
    folded = _fold_in_place(text)
    found = []
    for m in _FINDER.finditer(folded):
        start, end = m.start(), m.end()
        while end > start and folded[end - 1] in " ,.;:":
            end -= 1
        span = text[start:end]
        if not re.search(r"[0-9a-z]", folded[start:end]):
            continue
        try:
            found.append(FoundAmount(start, end, span, parse_amount(span)))
        except AmountError as exc:
            found.append(FoundAmount(start, end, span, None, exc.problem))
    return found
