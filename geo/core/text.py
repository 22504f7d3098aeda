"""Text folding: the one rule by which geo compares what people type.

A journalist types ``ILE DE FRANCE``, ``Île-de-France`` or ``St-Denis``; an amount comes
as ``6,4 milliards d’euros`` with a curly apostrophe and a narrow no-break space. Every
comparison in geo goes through :func:`fold` (case and accents) and, for place names,
:func:`name_key` (punctuation and abbreviations as well), so that a word that means the
same thing in two places of the code is folded the same way.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "name_key", "slugify"]

# Ligatures and look-alike letters that NFKD does not decompose, and the apostrophes
# people paste from word processors.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l",
                            "ı": "i", "þ": "th", "ð": "d", "’": "'", "ʼ": "'", "‘": "'",
                            "´": "'", "`": "'", "′": "'"})
# Ligatures are rare: a search (fast) decides whether the per-character translate (slow on
# non-ASCII text, ~0.1 us a character) is needed at all.
_HAS_LIGATURE = re.compile("[" + "".join(map(chr, _LIGATURES)) + "]")
# What NFKD leaves of French accents: the combining diacritics block, deleted in one step.
_DIACRITICS = re.compile("[\u0300-\u036f]+")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"), "-")

# name_key: ASCII punctuation -> space with str.translate (fast path); other marks, rare.
_ASCII_PUNCT = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum()})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Abbreviations a journalist types; expanded token by token after folding.
_TOKEN_EXPANSIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_EXPANDABLE = frozenset(_TOKEN_EXPANSIONS)


def fold(text: str) -> str:
    """Lower case, accents removed, ligatures and typographic apostrophes and dashes made plain.

    Letters of other scripts are kept as they are; spacing and punctuation are untouched
    (:func:`name_key` removes them for place names).

    >>> fold("Île-de-France")
    'ile-de-france'
    >>> fold("6,4 milliards d’euros – Œuvre")
    "6,4 milliards d'euros - oeuvre"
    """
    text = text.casefold()
    if text.isascii():
        return text
    if _HAS_LIGATURE.search(text):
        text = text.translate(_LIGATURES)
    text = _DIACRITICS.sub("", unicodedata.normalize("NFKD", text)).translate(_DASHES)
    if not text.isascii():  # rare: marks outside the common block
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text


def name_key(text: str) -> str:
    """The lookup key of a place name: :func:`fold`, then punctuation to single spaces and
    ``st``/``ste`` expanded to ``saint``/``sainte``.

    Every gazetteer index is keyed on this form, so each way of typing a name is one
    dictionary lookup.

    >>> name_key("ST-DENIS (93)")
    'saint denis 93'
    >>> name_key("  Île-de-France ")
    'ile de france'
    """
    text = fold(text)
    if not text.isascii():  # other scripts: only Latin letters and digits make a key
        text = _NON_ALNUM.sub(" ", text)
    tokens = text.translate(_ASCII_PUNCT).split()
    if not tokens:
        return ""
    if _EXPANDABLE.intersection(tokens):
        tokens = [_TOKEN_EXPANSIONS.get(tok, tok) for tok in tokens]
    return " ".join(tokens)


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII, lowercase, dash-separated: ids that survive URLs, CSS selectors and shells.

    >>> slugify("Brookfield — Cambrai (Nord)")
    'brookfield-cambrai-nord'
    >>> slugify("你好")
    'site'
    """
    text = fold(text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:max_length].rstrip("-") or "site"
