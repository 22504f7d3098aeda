"""Not every amount is a site: totals, funds, foundations, shares and spending with no place.

An article about sites also states national totals ("109 milliards d'euros"), funds
("Bpifrance … jusqu'à 10 milliards d'euros dans l'IA"), foundations ("une fondation dotée
de 400 millions d'euros"), the share of an amount already counted ("dont", "part of",
"sur ces 43 millions") and spending with no place. Drawing any of them as a site would
count money twice or put it where nobody said; so each gets a reason and goes to
`not_sites`, listed, never dropped.
"""

from __future__ import annotations

import re

from geo.core.text import fold
from geo.extract.link import Reading

__all__ = ["REASONS", "classify", "relate"]

#: kind -> the reason given to the reader.
REASONS = {
    "refused": "the amount cannot be read as euros ({error})",
    "part": "part of another amount ({whole}): counted there, not twice",
    "total": "a total of several investments, not one site",
    "official": "a total announced by the government, not one site",
    "fund": "a fund or an investment budget, not a site",
    "foundation": "a foundation's endowment, not a site",
    "raise": "money raised by the company, not spent on a site",
    "no_place": "no place given: spending not tied to a site",
    "no_investor": "no investor named",
}

_CONTAINS_AFTER = re.compile(
    r"^[^.;,]{0,45}?,\s*(?:(?:dont|of\s+which|including|among\s+which|parmi\s+lesquel\w*)\s+(?:une\s+grande\s+"
    r"partie|une\s+partie|la\s+plupart|la\s+majorite|l'essentiel|most|much|the\s+bulk|a\s+large\s+(?:part|"
    r"share)|part)\b|(?:much|most|the\s+bulk|a\s+large\s+part|part)\s+of\s+(?:it|which|them)\b)")
_TOTAL_AFTER = re.compile(r"^[^.;]{0,30}\b(?:au\s+total|in\s+total|en\s+tout|overall|combined|cumules?)\b")
_PART_OF_BEFORE = re.compile(r"(?:part\s+of|fait\s+partie\s+d[eu]|partie\s+d[eu]|s'inscrit\s+dans|"
                             r"dans\s+le\s+cadre\s+d[eu]|within|out\s+of|au\s+sein\s+d[eu]|"
                             r"from\s+(?:a|its|the))\s+(?:(?:l'|le|la|les|ces|ce|cette|the|this|these|a|an|"
                             r"its|son|sa|ses|un|une)\s+)?(?:[\w-]+\s+){0,3}$")
_TOTAL_BEFORE = re.compile(r"(?:au\s+total|montant\s+(?:global|total)|total\s+(?:de|of)|in\s+total|"
                           r"soit\s+un\s+total|un\s+total|a\s+total|total\s+(?:at|to|a)|pour\s+un\s+montant\s+global|"
                           r"cumul\w*|en\s+tout|overall|combined|together|ensemble)\s*(?:de\s+|d'|of\s+)?"
                           r"(?:[\w-]+\s+){0,2}$")
_COUNT_NEAR = re.compile(r"\b[0-9]+\s+(?:projets|projects|investissements|investments|annonces|"
                         r"announcements|dossiers|entreprises|companies|sites)\b|\b(?:plusieurs|several|"
                         r"les|the)\s+(?:projets|projects)\b")
_REPEAT_BEFORE = re.compile(r"\b(?:sur|de|of|out\s+of|from)\s+(?:ces|ce|cette|les|the|these|this)\s+$")
_FOUNDATION = re.compile(r"\b(?:fondation|foundation|dotation|endowment|dotee?s?\s+de|endowed\s+with)\b")
_FUND_BEFORE = re.compile(r"\b(?:fonds|fund|enveloppe)\s+(?:\w+\s+){0,3}(?:de|d'|of|dote\w*\s+de)?\s*$")
_FUND_AFTER = re.compile(r"^[\s-]*(?:\w+\s+){0,2}(?:fonds|fund|investment\s+fund|venture)\b")
_SECTOR_AFTER = re.compile(r"^[^.;]{0,40}\b(?:dans|in|into)\s+(?:l'ia|l'intelligence\s+artificielle|"
                           r"ai\b|artificial\s+intelligence|les\s+start-?ups|start-?ups|le\s+secteur|"
                           r"the\s+sector|des\s+entreprises|companies|la\s+tech|tech\b|le\s+domaine)")
_RAISE_BEFORE = re.compile(r"\b(?:lever|leve|levee|raise[sd]?|raising|collect\w*)\b[^.;]{0,25}$")


def relate(readings: list[Reading], sentences: list) -> None:
    """Mark shares: an amount after "dont"/"of which" is part of the amount before it; an
    amount after "part of the"/"dans le cadre de" is the whole of another; "sur ces X" repeats X."""
    by_sentence: dict[int, list[Reading]] = {}
    for r in readings:
        by_sentence.setdefault(r.amount.sentence, []).append(r)
    for rs in by_sentence.values():
        rs.sort(key=lambda r: r.amount.start)
        for a, b in zip(rs, rs[1:], strict=False):
            text = sentences[a.amount.sentence].text
            offset = sentences[a.amount.sentence].start
            between = fold(text[a.amount.end - offset:b.amount.start - offset])
            if re.match(r"^[\s,;:(]*(?:dont|of\s+which|including|among\s+which|soit|notamment)\b",
                        between):
                b.part_of = a
                a.parts.append(b)
                a.notes.append(f"includes {b.amount.text}")


def classify(reading: Reading, sentence_text: str, sentence_start: int, clause: str = "") -> None:
    """Set `reading.not_site` to (kind, reason) when the amount is not a site (`clause`: the
    words between the amounts before and after it in the sentence)."""
    a = reading.amount
    found = a.result
    rel_start, rel_end = a.start - sentence_start, a.end - sentence_start
    before = fold(sentence_text[max(0, rel_start - 60):rel_start])
    after = fold(sentence_text[rel_end:rel_end + 60])
    folded = fold(sentence_text)
    if found.amount is None:
        reading.not_site = ("refused", REASONS["refused"].format(error=found.error))
        return
    if reading.part_of is not None and (reading.part_of.not_site is None or not reading.places):
        reading.not_site = ("part", REASONS["part"].format(whole=reading.part_of.amount.text))
        return
    if _FOUNDATION.search(fold(clause)):
        reading.not_site = ("foundation", REASONS["foundation"])
        return
    if _FUND_BEFORE.search(before) or _FUND_AFTER.search(after):
        reading.not_site = ("fund", REASONS["fund"])
        return
    if _RAISE_BEFORE.search(before):
        reading.not_site = ("raise", REASONS["raise"])
        return
    if reading.parts or _CONTAINS_AFTER.search(after) or _TOTAL_AFTER.search(after) \
            or _TOTAL_BEFORE.search(before) or _PART_OF_BEFORE.search(before) \
            or (_COUNT_NEAR.search(folded) and not reading.investor):
        reading.not_site = ("total", REASONS["total"])
        return
    if reading.official and (reading.investor is None or reading.investor.role == "person"):
        reading.not_site = ("official", REASONS["official"])
        return
    if not reading.places:
        if _SECTOR_AFTER.search(after):
            reading.not_site = ("fund", REASONS["fund"])
        else:
            reading.not_site = ("no_place", REASONS["no_place"])
        return
    if reading.investor is None:
        reading.notes.append("no investor named in the text: fill it in")
        reading.doubts.append(0.3)


def is_repeat(reading: Reading, sentence_text: str, sentence_start: int) -> bool:
    """ "sur ces 43 millions": the amount repeats one read before (it is not a new one)."""
    rel = reading.amount.start - sentence_start
    return bool(_REPEAT_BEFORE.search(fold(sentence_text[max(0, rel - 20):rel])))
