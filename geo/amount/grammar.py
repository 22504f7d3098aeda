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
                   rf"depassant(?:\s+les)?|excedant(?:\s+les)?|exceeding|surpassing|topping|"
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

#: Currencies as the press writes them (folded text) -> ISO 4217 code. A bare "dollars" is
#: the US dollar, "livres" the pound sterling, "¥" the yen; words that name several
#: currencies ("francs", "couronnes", "dirhams", "riyals") are in `AMBIGUOUS_CURRENCIES`.
CURRENCY_WORDS: dict[str, str] = {
    "dollars americains": "USD", "dollar americain": "USD", "dollars us": "USD",
    "us dollars": "USD", "us dollar": "USD", "dollars": "USD", "dollar": "USD",
    "dollars canadiens": "CAD", "dollar canadien": "CAD", "canadian dollars": "CAD",
    "dollars australiens": "AUD", "australian dollars": "AUD",
    "dollars de hong kong": "HKD", "hong kong dollars": "HKD",
    "dollars de singapour": "SGD", "singapore dollars": "SGD",
    "dollars neo-zelandais": "NZD", "new zealand dollars": "NZD",
    "livres sterling": "GBP", "livre sterling": "GBP", "livres": "GBP", "livre": "GBP",
    "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP", "sterling": "GBP",
    "livres turques": "TRY", "turkish lira": "TRY", "lires turques": "TRY",
    "francs suisses": "CHF", "franc suisse": "CHF", "swiss francs": "CHF",
    "francs cfa": "XOF", "franc cfa": "XOF", "fcfa": "XOF", "f cfa": "XOF",
    "cfa francs": "XOF", "francs cfp": "XPF", "cfp francs": "XPF",
    "yens": "JPY", "yen": "JPY", "yuans": "CNY", "yuan": "CNY", "renminbi": "CNY",
    "roupies": "INR", "roupie": "INR", "rupees": "INR", "rupee": "INR",
    "wons": "KRW", "won": "KRW", "reais": "BRL", "real bresilien": "BRL", "reals": "BRL",
    "couronnes suedoises": "SEK", "swedish kronor": "SEK",
    "couronnes norvegiennes": "NOK", "norwegian kroner": "NOK",
    "couronnes danoises": "DKK", "danish kroner": "DKK",
    "couronnes tcheques": "CZK", "czech koruna": "CZK",
    "zlotys": "PLN", "zloty": "PLN", "forints": "HUF", "forint": "HUF",
    "rands": "ZAR", "rand": "ZAR", "roubles": "RUB", "rouble": "RUB", "rubles": "RUB",
    "ruble": "RUB", "shekels": "ILS", "shekel": "ILS",
    "dirhams emiratis": "AED", "uae dirhams": "AED", "dirhams marocains": "MAD",
    "moroccan dirhams": "MAD", "riyals saoudiens": "SAR", "saudi riyals": "SAR",
    "riyals qataris": "QAR", "qatari riyals": "QAR",
}
CURRENCY_CODES = (
    "usd", "gbp", "chf", "jpy", "cny", "rmb", "cad", "aud", "nzd", "hkd", "sgd", "sek", "nok",
    "dkk", "pln", "czk", "huf", "ron", "bgn", "isk", "try", "inr", "krw", "brl", "mxn", "zar",
    "ils", "thb", "myr", "idr", "php", "rub", "aed", "sar", "qar", "mad", "xof", "xaf", "kmf",
    "xpf", "cve", "bam", "btc")
#: Symbols, longest first in the pattern ("us$" before "$").
CURRENCY_SYMBOLS: dict[str, str] = {
    "us$": "USD", "u.s.$": "USD", "c$": "CAD", "ca$": "CAD", "a$": "AUD", "au$": "AUD",
    "hk$": "HKD", "s$": "SGD", "nz$": "NZD", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR",
    "₩": "KRW", "₽": "RUB", "₺": "TRY", "₪": "ILS", "₦": "NGN", "฿": "THB", "r$": "BRL",
}
AMBIGUOUS_CURRENCIES: dict[str, str] = {
    "francs": "CHF (francs suisses), XOF/XAF (francs CFA) or XPF (francs CFP)",
    "franc": "CHF (franc suisse), XOF/XAF (franc CFA) or XPF (franc CFP)",
    "couronnes": "SEK, NOK, DKK or CZK", "kronor": "SEK", "kroner": "NOK or DKK",
    "dirhams": "AED (dirhams émiratis) or MAD (dirhams marocains)",
    "riyals": "SAR (riyals saoudiens) or QAR (riyals qataris)",
}
_WORDS_RE = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in CURRENCY_WORDS),
                            key=lambda w: (-len(w), w)))
_PREFIXED = sorted((s for s in CURRENCY_SYMBOLS if s[0].isalpha()), key=lambda w: (-len(w), w))
_BARE = sorted((s for s in CURRENCY_SYMBOLS if not s[0].isalpha()), key=lambda w: (-len(w), w))
# "us$" and "c$" start a word; "$" and "£" may follow a unit ("5 Md$", "3 M£").
_SYMBOLS_RE = (rf"(?<![a-z])(?:{'|'.join(map(re.escape, _PREFIXED))})|"
               rf"(?:{'|'.join(map(re.escape, _BARE))})")
#: A currency other than the euro: a word (then "de"/"of" before it is kept), a code, or a symbol.
CURRENCY = re.compile(
    rf"(?P<word>(?<![a-z])(?:{_WORDS_RE})(?![a-z]))|"
    rf"(?P<code>(?<![a-z])(?:{'|'.join(CURRENCY_CODES)})(?![a-z]))|"
    rf"(?P<symbol>{_SYMBOLS_RE})|"
    rf"(?P<ambiguous>(?<![a-z])(?:{'|'.join(sorted(AMBIGUOUS_CURRENCIES, key=len, reverse=True))})(?![a-z]))")
EURO = re.compile(r"€|(?<![a-z])eur(?:os?)?(?![a-z])")
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
#: Words that make a figure approximate ("environ 600 millions": kind `approx`).
APPROX_PREFIX = re.compile(
    rf"(?:environ|env\.|about|around|approximately|approx\.?|roughly|nearly|almost|"
    rf"pres\s+{_DE}|presque|quelque(?!s)|circa|ca\.|c\.|~|≈|autour\s+{_DE}|"
    rf"un\s+peu\s+(?:moins|plus)\s+{_DE}|a\s+peu\s+pres|grosso\s+modo|"
    rf"just\s+(?:under|over|below|above)|slightly\s+(?:less|more)\s+than|"
    rf"a\s+little\s+(?:under|over|less\s+than|more\s+than)|"
    rf"de\s+l'\s*ordre\s+{_DE}|on\s+the\s+order\s+of|in\s+the\s+region\s+of|"
    rf"some(?=\s*(?:€|eur|[0-9]|(?:{_WORD_RE})(?![a-z])))|estimee?s?\s+a|estimated\s+at|"
    rf"an\s+estimated)\s*")
APPROX_SUFFIX = re.compile(r"\s+(?:environ|approximativement|approx\.?|or\s+so|a\s+peu\s+pres)$")
#: Labels around a figure that say nothing about it ("montant : 5 Md€", "5 Md€ au total").
LABEL_PREFIX = re.compile(
    rf"(?:(?:le\s+)?montant(?:\s+total)?\s*(?::|{_DE})?|(?:total\s+)?amount\s*(?::|of)?|"
    rf"total\s*:?|soit)\s*")
LABEL_SUFFIX = re.compile(r"\s+(?:au\s+total|in\s+total|en\s+tout|total)$")
#: "10 milliards, dont 3 milliards dès 2026": the figure is the first one; the rest stays in
#: the amount's text.
DETAIL_CLAUSE = re.compile(
    r"(?P<keep>.*?[^\s,;(:-])\s*(?:[,;:(]|\s-|\s—)?\s*"
    r"(?<![a-z])(?:dont|of\s+which|including|incl\.|y\s+compris)(?![a-z])\s*.*")
#: "2 Md€ (2,2 Md$)": a figure followed by the same figure in another currency.
ALTERNATIVE = re.compile(r"(?P<first>[^()]*[0-9][^()]*?)\s*\((?P<second>[^()]*[0-9][^()]*)\)")
FRENCH_CUE = re.compile(
    r"(?<![a-z])(?:d'|de|des|entre|et|jusqu|plus|moins|au|environ|plusieurs|quelques|pres|"
    r"milliards?|millions?|dizaines|centaines|sur|ici)(?![a-z])|[0-9],[0-9]{1,2}(?![0-9])|"
    r"[0-9]\s*(?:billions|trillions)")
