"""Who puts the money, and where: each amount linked to an investor and to its places.

The rules, in the order they are tried (each choice leaves a note):

* **Investor.** The agent of a passive ("réalisé par l'entreprise britannique Fluidstack",
  "by Brookfield"); else the subject of the verb that governs the amount (the French
  dependency parse; in English, the first organisation before the amount); a pronoun or a
  generic subject ("Elle", "L'entreprise", "The company") stands for the organisation named
  in the sentences just before. A person ("le président Emmanuel Macron"), a news source
  ("a appris l'AFP") or an event ("Sommet de l'IA") is never an investor. A country can be
  one when it is the subject ("Les Emirats arabes unis … construire").
* **Places.** The places of the amount's clause (between the amounts before and after it)
  that are sites: a landmark ("au sud-est de Mulhouse") or a head office ("basée dans
  l'Essonne") is not. The finest precision wins ("en France pour construire … à Cambrai" →
  Cambrai); several places of that precision are one site in several places. A reference
  ("dans le pays", "dans le département", "y", "there") is the place named before: for the
  country, the country the article is about, never the investor's.
* **Neighbouring sentences.** An amount whose sentence names no place inherits the place of
  the sentence just before in the same paragraph, if that one has a site and no amount.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from geo.core.text import fold
from geo.extract.candidates import Mention

__all__ = ["Reading", "clause", "host_country", "link"]

#: Finest first: a site named at a commune and "in" a zone, a metropolis or a region is at the commune.
_PRECISION_RANK = {"point": 0, "airport": 0, "commune": 1, "city": 1, "arrondissement": 1, "epci": 2,
                   "zone": 2, "department": 3, "former_region": 4, "region": 4, "country": 5}
_AGENT_BEFORE = re.compile(r"(?:\bpar|\bby|\bfrom|\bde\s+la\s+part\s+d[eu]?)\s+(?:(?:l'|le\s+|la\s+|les\s+|"
                           r"the\s+|un\s+|une\s+|a\s+|an\s+|its\s+)?(?:[\w'-]+\s+){0,4})?$")
_GENERIC_SUBJECT = re.compile(
    r"^\W*(?:(?:il|elle|ils|elles|it|they|celle-ci|celui-ci)\b|(?:l'|le\s+|la\s+|les\s+|the\s+|this\s+|"
    r"ce\s+|cette\s+)(?:\w+\s+){0,2}?(?:entreprise|societe|groupe|group|firme|firm|company|start-?up|"
    r"geant|giant|fabricant|constructeur|industriel|specialiste|operateur|operator|investisseur|"
    r"investor|fonds|fund|maker|manufacturer|developer|developpeur|americain|allemand|canadien|"
    r"britannique|suedois|chinois|japonais|coreen|francais|emirati|taiwanais|espagnol|italien|"
    r"swedish|american|german|british|canadian|french|chinese|japanese|laboratoire|chimiste)\b)")
_OFFICIAL = re.compile(r"\b(?:president(?:e)?(?:\s+de\s+la\s+republique)?|chef\s+de\s+l'etat|gouvernement|"
                       r"elysee|ministre|premier\s+ministre|government|prime\s+minister|"
                       r"the\s+president|le\s+president|la\s+presidente|l'etat|executif)\b")
_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:(?:et|and)\s+)?|(?:et|and|ou|or|&)\s+)(?:[\w'-]+\s+){0,4}(?:l')?$")
_SITE_ANAPHOR = re.compile(r"\b(?:the|this|ce|cette|le|la|l')\s*(?:site|plant|factory|facility|project|"
                           r"projet|"
                           r"usine|data\s*cent(?:er|re)|campus|installation|centre)\b")


@dataclass
class Reading:
    """An amount with what the article says goes with it."""

    amount: Mention
    investor: Mention | None = None
    places: list[Mention] = field(default_factory=list)
    #: Sentence indexes the reading was made from (the amount's first).
    sentences: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Reasons the confidence is lowered, with their weight.
    doubts: list[float] = field(default_factory=list)
    #: The place a reference stands for ("dans le pays" → France): (mention, GeocodeResult).
    referred: Any = None
    official: bool = False
    #: Set by `classify`: why it is not a site (None: a site).
    not_site: tuple[str, str] | None = None
    part_of: Reading | None = None
    #: Amounts said to be part of this one ("dont 43 millions").
    parts: list[Reading] = field(default_factory=list)


def host_country(mentions: list[Mention], geocode: Any, investors: set[str]) -> Any:
    """The country the article is about: the one its places are in (a GeocodeResult).

    Counted over every resolved place that is not a head office and not an investor;
    France when the article names none.
    """
    counts: Counter = Counter()
    for m in mentions:
        if m.kind == "place" and m.result is not None and m.result.place is not None \
                and m.role != "hq" and fold(m.text) not in investors:
            counts[m.result.place.country or m.result.place.code] += 1
    code = counts.most_common(1)[0][0] if counts else "FR"
    return geocode(code)


def link(amount: Mention, sentence_mentions: dict[int, list[Mention]], sentences: list[Any],
         host: Any) -> Reading:
    """Read who invests the amount and where (see the module docstring)."""
    s = amount.sentence
    here = sentence_mentions.get(s, [])
    reading = Reading(amount, sentences=[s])
    _investor(reading, here, sentence_mentions, sentences)
    _places(reading, here, sentence_mentions, sentences, host)
    sentence_text = fold(sentences[s].text)
    reading.official = bool(_OFFICIAL.search(sentence_text))
    return reading


# --------------------------------------------------------------------------- investor
def _candidates(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind == "org" and m.role == ""]


def _investor(reading: Reading, here: list[Mention], by_sentence: dict[int, list[Mention]],
              sentences: list[Any]) -> None:
    amount = reading.amount
    sentence = sentences[amount.sentence]
    text = sentence.text
    orgs = _candidates(here)
    for org in orgs:  # the agent of a passive: "réalisé par l'entreprise britannique Fluidstack"
        before = fold(text[max(0, org.start - sentence.start - 45):org.start - sentence.start])
        if _AGENT_BEFORE.search(before) and not re.search(r"\b(?:soutenue?s?|backed|financee?s?)\s+par",
                                                          before):
            reading.investor = org
            return
    subject = _parsed_subject(amount, sentence, orgs)
    if subject is not None:
        reading.investor = subject
        return
    head = fold(text[:(orgs[0].start - sentence.start) if orgs else len(text)])
    before_amount = [o for o in orgs if o.start < amount.start]
    generic = _GENERIC_SUBJECT.search(fold(text)) and (not before_amount or _GENERIC_SUBJECT.search(head))
    if before_amount and not generic:
        reading.investor = before_amount[0]
        if len(before_amount) > 1:
            reading.doubts.append(0.1)
        return
    country = _country_subject(here, sentence)
    if country is not None and not generic:
        reading.investor = country
        return
    speaker = any(m.kind == "org" and m.role == "person" and m.start < amount.start for m in here) \
        or _OFFICIAL.search(fold(text[:amount.start - sentence.start]))
    antecedent = None if speaker and not generic else _antecedent(amount.sentence, by_sentence, sentences)
    if antecedent is not None and (generic or not orgs):
        reading.investor = antecedent
        reading.sentences.append(antecedent.sentence)
        opening = re.match(r"\W*(\S+(?:\s+\S+)?)", text).group(1)
        said = f"{opening!r} → " if generic else ""
        reading.notes.append(f"investor read from the sentence before ({said}{antecedent.text})")
        reading.doubts.append(0.1)
        return
    if orgs:
        reading.investor = orgs[0]
        reading.doubts.append(0.2)
        reading.notes.append(f"investor is the organisation nearest to the amount ({orgs[0].text})")


def _parsed_subject(amount: Mention, sentence: Any, orgs: list[Mention]) -> Mention | None:
    """The organisation that is the subject of the verb governing the amount (French parse)."""
    span = sentence.span
    doc = span.doc
    if not doc.has_annotation("DEP"):
        return None
    offset = span.start_char - (sentence.start - 0)
    char = amount.start + offset
    token = next((t for t in span if t.idx >= char), None)
    seen = 0
    while token is not None and seen < 8:
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubj:pass", "expl:subj"):
                return _org_at(child, orgs, offset)
        if token.head is token:
            break
        token = token.head
        seen += 1
    return None


def _org_at(token: Any, orgs: list[Mention], offset: int) -> Mention | None:
    lo = min(t.idx for t in token.subtree) - offset
    hi = max(t.idx + len(t.text) for t in token.subtree) - offset
    inside = [o for o in orgs if o.start >= lo and o.end <= hi]
    return inside[0] if inside else None


def _country_subject(here: list[Mention], sentence: Any) -> Mention | None:
    """A country that opens the sentence as its subject ("Les Emirats arabes unis ne sont pas…")."""
    for m in here:
        if m.kind == "place" and m.result is not None and m.result.place is not None \
                and m.result.place.precision == "country":
            lead = fold(sentence.text[:m.start - sentence.start]).strip()
            if lead in ("", "les", "le", "la", "l'", "the") and "Hexagone" not in m.text:
                return m
            return None
    return None


def _antecedent(s: int, by_sentence: dict[int, list[Mention]], sentences: list[Any]) -> Mention | None:
    """The organisation a pronoun stands for: the subject-like one of the sentences just before."""
    for back in (1, 2, 3):
        i = s - back
        if i < 0 or sentences[i].block < sentences[s].block - 1:
            break
        orgs = _candidates(by_sentence.get(i, []))
        if orgs:
            return orgs[0]
        country = _country_subject(by_sentence.get(i, []), sentences[i])
        if country is not None:
            return country
    return None


# --------------------------------------------------------------------------- places
def clause(amount: Mention, here: list[Mention], sentence: Any) -> tuple[int, int]:
    amounts = [m for m in here if m.kind == "amount"]
    before = [m for m in amounts if m.end <= amount.start]
    after = [m for m in amounts if m.start >= amount.end]
    lo = before[-1].end if before else sentence.start
    hi = after[0].start if after else sentence.end
    return lo, hi


def _rank(m: Mention) -> int:
    place = m.result.place if m.result is not None else None
    return _PRECISION_RANK.get(place.precision, 1) if place is not None else 1


def _places(reading: Reading, here: list[Mention], by_sentence: dict[int, list[Mention]],
            sentences: list[Any], host: Any) -> None:
    amount = reading.amount
    sentence = sentences[amount.sentence]
    lo, hi = clause(amount, here, sentence)
    investor = reading.investor
    in_clause = [m for m in here if m.kind == "place" and lo <= m.start < hi and m is not investor]
    _side_notes(reading, in_clause)
    sites = [m for m in in_clause if m.role == "site"]
    if sites:
        _choose(reading, sites, sentence)
        return
    refs = [m for m in in_clause if m.role.startswith("refers:")]
    if refs and _refer(reading, refs[0], by_sentence, sentences, host):
        return
    prev = amount.sentence - 1
    if prev >= 0 and (sentences[prev].block == sentence.block or _SITE_ANAPHOR.search(fold(sentence.text))):
        earlier = by_sentence.get(prev, [])
        if not any(m.kind == "amount" for m in earlier):
            sites = [m for m in earlier if m.kind == "place" and m.role == "site"]
            if sites:
                _side_notes(reading, earlier)
                _choose(reading, sites, sentences[prev])
                reading.sentences.append(prev)
                reading.notes.append("place read from the sentence before")
                reading.doubts.append(0.1)


def _side_notes(reading: Reading, places: list[Mention]) -> None:
    """Say which places were set aside, and why."""
    for m in places:
        if m.kind == "place" and m.role == "landmark":
            reading.notes.append(f"place mentioned as a landmark, not a site: {m.text}")
        elif m.kind == "place" and m.role == "hq":
            reading.notes.append(f"head office, not a site: {m.text}")


def _choose(reading: Reading, sites: list[Mention], sentence: Any) -> None:
    best = min(_rank(m) for m in sites)
    finest = []
    for m in sites:  # one mention per place ("l'Hexagone" … "en France": the one nearest the amount)
        if _rank(m) == best:
            same = [f for f in finest if _code(f) == _code(m)]
            if not same:
                finest.append(m)
            elif _distance(m, reading.amount) < _distance(same[0], reading.amount):
                finest[finest.index(same[0])] = m
    first = min(finest, key=lambda m: _distance(m, reading.amount))
    at = finest.index(first)
    chosen = [first]
    for m in finest[at + 1:]:  # a list: "à Obernai et à Bischwiller", "Haguenau, Steinbourg, Biesheim"
        glue = sentence.text[chosen[-1].end - sentence.start:m.start - sentence.start]
        if not _LIST_GLUE.match(fold(glue)):
            break
        chosen.append(m)
    for m in reversed(finest[:at]):
        glue = sentence.text[m.end - sentence.start:chosen[0].start - sentence.start]
        if not _LIST_GLUE.match(fold(glue)):
            break
        chosen.insert(0, m)
    reading.places = chosen
    for m in chosen:
        reading.notes.extend(m.notes)
    coarser = [m for m in sites if _rank(m) > best]
    if coarser and best <= 1:  # communes and finer
        reading.notes.append(f"the finest place named is kept ({', '.join(m.text for m in chosen)}); "
                             f"also named: {', '.join(m.text for m in coarser)}")
    if len(chosen) > 1:
        reading.notes.append(f"amount shared by {len(chosen)} places: "
                             f"{', '.join(m.text for m in chosen)}")
        reading.doubts.append(0.05)
    if len(finest) > len(chosen):
        others = [m.text for m in finest if m not in chosen]
        reading.notes.append(f"other places in the sentence, not read as this site: {', '.join(others)}")
        reading.doubts.append(0.1)


def _distance(m: Mention, amount: Mention) -> int:
    """Characters between a place and the amount (a place after the amount counts a little nearer:
    the press writes "investir 20 Md€ … à Cambrai")."""
    return amount.start - m.end + 20 if m.end <= amount.start else m.start - amount.end


def _code(m: Mention) -> str | None:
    place = m.result.place if m.result is not None else None
    return place.code if place is not None else m.query


def _refer(reading: Reading, ref: Mention, by_sentence: dict[int, list[Mention]],
           sentences: list[Any], host: Any) -> bool:
    precision = ref.role.split(":", 1)[1]
    if precision == "country":
        if host is None or host.place is None:
            return False
        ref.result, ref.query = host, host.place.name
        reading.places = [ref]
        investor = reading.investor
        if investor is not None and investor.kind == "place":
            reading.notes.append(f"{ref.text!r} read as {host.place.name}, the country the article is "
                                 f"about, not the investor's country ({investor.text})")
        else:
            reading.notes.append(f"{ref.text!r} read as {host.place.name}, the country the article is "
                                 "about")
        reading.doubts.append(0.05)
        return True
    wanted = {"department": ("department",), "region": ("region",), "commune": ("commune", "city"),
              "any": tuple(_PRECISION_RANK)}[precision]
    for back in range(0, 3):
        i = ref.sentence - back
        if i < 0:
            break
        for m in reversed(by_sentence.get(i, [])):
            if m.kind == "place" and m.result is not None and m.start < ref.start \
                    and m.role in ("site", "hq") and (m.result.ambiguous or (
                        m.result.place and m.result.place.precision in wanted)):
                ref.result, ref.query = m.result, m.query
                reading.places = [ref]
                if i != ref.sentence:
                    reading.sentences.append(i)
                reading.notes.append(f"{ref.text.strip()!r} read as {m.text}, named just before"
                                     + (" (where the company is based)" if m.role == "hq" else ""))
                reading.doubts.append(0.1)
                return True
    return False
