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

from geo.amount.find import FoundAmount, find_amounts
from geo.amount.format import format_amount, format_conversion, format_eur, format_money
from geo.amount.model import KINDS, Amount, AmountError, Conversion
from geo.amount.parse import parse_amount

__all__ = [
    "KINDS",
    "Amount",
    "AmountError",
    "FoundAmount",
    "find_amounts",
    "Conversion",
    "format_amount",
    "format_conversion",
    "format_eur",
    "format_money",
    "parse_amount",
]
