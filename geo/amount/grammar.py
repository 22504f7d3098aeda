"""The grammar of amounts as the press writes them: the regular expressions, built once.

Every pattern works on folded text (`geo.core.text.fold`: lower case, no accents, plain
apostrophes and dashes) with whitespace collapsed.
"""

from __future__ import annotations

import re

_DE = r"d(?:e(?![a-z])\s*|'\s*)"  # "de " or the elided "d'"
_CUR = r"(?:€|eur(?:os?)?(?![a-z])|d'\s*euros?(?![a-z])|de\s+euros?(?![a-z])|of\s+euros?(?![a-z]))"

SCALES = {
    "trillion": 1e12, "trillions": 1e12, "tn": 1e12, "trn": 1e12,
    "milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9, "mrd": 1e9, "mrds": 1e9,
    "mld": 1e9, "mlds": 1e9, "billion": 1e9, "billions": 1e9, "bn": 1e9, "bns": 1e9,
    "bln": 1e9, "b": 1e9,
    "million": 1e6, "millions": 1e6, "mio": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "mille": 1e3, "millier": 1e3, "milliers": 1e3, "thousand": 1e3, "thousands": 1e3, "k": 1e3,
}
# Longest first, so "milliards" is never read as "m" + garbage.
MULT = (r"(?:" + "|".join(sorted(map(re.escape, SCALES), key=lambda s: (-len(s), s)))
         + r")(?:(?![a-z])|(?=eur))")

WORDS = {
    "un": 1, "une": 1, "one": 1, "a": 1, "an": 1, "deux": 2, "two": 2, "trois": 3, "three": 3,
    "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8,
    "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10, "onze": 11, "eleven": 11,
    "douze": 12, "twelve": 12, "quinze": 15, "fifteen": 15, "vingt": 20, "twenty": 20,
    "trente": 30, "thirty": 30, "quarante": 40, "forty": 40, "cinquante": 50, "fifty": 50,
    "cent": 100, "hundred": 100, "a hundred": 100, "one hundred": 100,
}
_WORD_RE = "|".join(sorted((w.replace(" ", r"\s+") for w in WORDS), key=lambda s: (-len(s), s)))
_NUM = rf"(?:[0-9](?:[0-9 ,.']*[0-9])?(?:e[+-]?[0-9]+)?|(?:{_WORD_RE})(?![a-z]))"
_HALF = r"\s+(?:et\s+demie?|and\s+a\s+half)"


def _qty(n: int) -> str:
    return (rf"(?:{_CUR}\s*)?(?P<num{n}>{_NUM})(?P<pre{n}>{_HALF})?\s*"
            rf"(?:(?P<mult{n}>{MULT})(?P<half{n}>{_HALF})?)?\s*(?:{_CUR})?")


_Q, _Q1, _Q2 = _qty(0), _qty(1), _qty(2)

RANGE = [
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
UP_TO = [
    re.compile(rf"(?:{_UP_TO_WORDS})\s*{_Q}"),
    re.compile(rf"{_Q}\s*(?:au\s+plus|at\s+most|au\s+maximum|maximum|max|ou\s+moins|or\s+less)"),
]
AT_LEAST = [
    re.compile(rf"(?:{_AT_LEAST_WORDS})\s*{_Q}"),
    re.compile(rf"{_Q}\s*(?:\+|au\s+moins|at\s+least|au\s+minimum|minimum|ou\s+plus|or\s+more|"
               rf"et\s+plus|and\s+more|and\s+up)"),
]
EXACT = re.compile(_Q)
SEVERAL = re.compile(
    rf"(?:(?P<sev>plusieurs|several|quelques|a\s+few|multiple|des|some)\s+)?"
    rf"(?:(?P<tens>dizaines|tens)\s*(?:{_DE}|of\s+)|(?P<hundreds>centaines|hundreds)\s*(?:{_DE}|of\s+))?"
    rf"(?P<mult0>{MULT})\s*(?:{_CUR})?")

FOREIGN = re.compile(
    r"[$£¥₹₩₽₺₪₦฿]|(?<![a-z])(?:usd|us\s*dollars?|dollars?|gbp|pounds?|sterling|livres?|"
    r"chf|francs?|jpy|yens?|cny|rmb|yuans?|renminbi|cad|aud|nzd|sek|nok|dkk|pln|czk|huf|"
    r"aed|dirhams?|riyals?|sar|qar|inr|roupies?|rupees?|krw|brl|reais|rubles?|roubles?|rub|"
    r"hkd|sgd|btc|bitcoins?)(?![a-z])")
NOT_A_NUMBER = re.compile(r"[+-]?\s*(?:nan|inf|infinity|infini)(?:\s*(?:€|eur|euros?))?")
NEGATIVE = re.compile(rf"(?:{_CUR}\s*)?-\s*(?:{_CUR}\s*)?[0-9]|moins\s+[0-9]|minus\s+[0-9]")
PER_YEAR = re.compile(r"(?:par|per|a|/)\s*(?:an|annee|year|yr|annum|mois|month)(?![a-z])|"
                       r"annuels?|yearly|annually|mensuels?|monthly")

_YEAR = r"(?:19|20)[0-9]{2}"
_SPAN = (r"(?:[0-9]{1,2}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|two|three|four|five|"
         r"six|seven|eight|nine|ten)")
DATE_CLAUSE = re.compile(
    rf"(?P<keep>.*?[^\s,(])(?:(?:\s*,\s*|\s+)(?:"
    rf"(?:d'\s*ici(?:\s+(?:a|la\s+fin\s+de|fin))?|by(?:\s+the\s+end\s+of)?|en|in|"
    rf"jusqu'\s*en|until|through|a\s+l'\s*horizon|horizon|pour|for|avant|before|"
    rf"entre|between|from|de|sur\s+la\s+periode|over\s+the\s+period|over|sur)\s+"
    rf"{_YEAR}(?:\s*(?:-|a|to|et|and)\s*{_YEAR})?"
    rf"|(?:sur|over|en|in|within)\s+(?:les\s+|the\s+next\s+|the\s+)?{_SPAN}\s+"
    rf"(?:prochaines\s+)?(?:ans|annees|years)(?:\s+a\s+venir)?"
    rf")|\s*,?\s*\(\s*{_YEAR}(?:\s*-\s*{_YEAR})?\s*\))")
APPROX_PREFIX = re.compile(
    rf"(?:environ|env\.|about|around|approximately|approx\.?|roughly|nearly|almost|"
    rf"pres\s+{_DE}|presque|quelque(?!s)|circa|ca\.|c\.|~|≈|autour\s+{_DE}|"
    rf"de\s+l'\s*ordre\s+{_DE}|on\s+the\s+order\s+of|in\s+the\s+region\s+of|"
    rf"some(?=\s*(?:€|eur|[0-9]))|(?:le\s+)?montant(?:\s+total)?\s*(?::|{_DE})?|"
    rf"(?:total\s+)?amount\s*(?::|of)?|total\s*:?|soit|estime\s+a|estimated\s+at)\s*")
APPROX_SUFFIX = re.compile(r"\s+(?:environ|approximativement|approx\.?|or\s+so|au\s+total|"
                            r"in\s+total|en\s+tout|total)$")
FRENCH_CUE = re.compile(
    r"(?<![a-z])(?:d'|de|des|entre|et|jusqu|plus|moins|au|environ|plusieurs|quelques|pres|"
    r"milliards?|millions?|dizaines|centaines|sur|ici)(?![a-z])|[0-9],[0-9]{1,2}(?![0-9])|"
    r"[0-9]\s*(?:billions|trillions)")
