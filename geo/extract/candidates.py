"""What a sentence names: organisations, places and amounts, each checked by geo's own parts.

Candidates come from spaCy's entities (the French model's ORG/LOC/MISC/PER, the gazetteer
ruler in both languages) and from capitalised spans (English has no statistical model; the
French model misses or mislabels young companies, "Fluidstack" as a person). A span is a
place only if the geocoder knows it (`Geocoder().geocode`, its public facade), and an amount
only if `parse_amount` reads it (`geo.amount.find_amounts`). Words around a place say what
it is to the story: a site, a landmark ("au sud-est de Mulhouse"), a head office ("basée
dans l'Essonne"), or a reference to a place named before ("dans le pays", "there").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from geo.amount import find_amounts
from geo.core.text import fold
from geo.extract.nlp import Sentence

__all__ = ["Mention", "amounts_in", "orgs_and_places"]


@dataclass
class Mention:
    """A span of the article that may be an investor, a place or an amount."""

    kind: str  # "org" | "place" | "amount"
    start: int
    end: int
    text: str
    sentence: int
    #: place: "site", "landmark", "hq", or "refers:<precision>" for "dans le pays"…;
    #: org: "", "person", "source", "event".
    role: str = ""
    #: place: the GeocodeResult; amount: the FoundAmount.
    result: Any = None
    #: The geocoder query (a place with its qualifier: "Cambrai (Nord)").
    query: str = ""
    notes: list[str] = field(default_factory=list)


# --- words around a span (matched on folded text) -----------------------------------------
_LANDMARK_BEFORE = re.compile(
    r"(?:(?:au|a l'|a)\s*(?:nord|sud|est|ouest)(?:[- ](?:est|ouest))?\s+(?:de|d')\s*|"
    r"(?:pres|proximite|non loin|aux portes|a l'ecart|a deux pas|environs?|banlieue|peripherie)"
    r"\s+(?:de\s+|d'\s*|du\s+|des\s+)(?:(?:la\s+|le\s+|l'\s*)?[\w-]+\s+){0,3}?(?:de\s+|d'\s*|du\s+)?|(?:kilometres|km|minutes)\s+(?:au\s+\w+(?:-\w+)?\s+)?(?:de|d')\s*|"
    r"(?:near|outside|close\s+to|next\s+to|(?:north|south|east|west)(?:[- ]?(?:east|west))?\s+of|"
    r"(?:drive|miles|km|kilometres|kilometers|minutes)\s+(?:\w+\s+)?from|outskirts\s+of|"
    r"suburbs?\s+of)\s+(?:the\s+)?)$")
_HQ_BEFORE = re.compile(
    r"(?:basee?s?|installee?s?|implantee?s?\s+depuis|siege(?:\s+social)?|headquartered|based|"
    r"headquarters|originaire|fondee?s?)\s+(?:a|en|au|aux|dans|in|at)\s+(?:l'\s*|le\s+|la\s+|les\s+)?$")
_HQ_AFTER = re.compile(r"^-based\b|^\s*-\s*based\b")
_PREP_BEFORE = re.compile(r"(?:\b(?:a|au|aux|en|dans|de|du|des|sur|vers|in|at|near|to|into|across|"
                          r"from|of)\s+(?:l'\s*|le\s+|la\s+|les\s+|the\s+)?|\bl'\s*|\bd'\s*)$")
_SOURCE_BEFORE = re.compile(r"(?:selon|d'apres|according\s+to|a\s+appris|told|rapporte|reports?|"
                            r"confirmant\s+une\s+information\s+d[eu]|cite\s+par|quoted\s+by|"
                            r"source\s*:)\s+(?:l'\s*|le\s+|la\s+|les\s+|the\s+)?$")
_TITLE_BEFORE = re.compile(r"(?<![a-z])(?:president(?:e)?(?:\s+de\s+la\s+republique)?|ministre(?:\s+\w+)?|"
                           r"pdg|directeur|directrice|fondateur|fondatrice|dirigeant|minister|"
                           r"ceo|founder|chairman|chief\s+executive|head|mr\.?|mrs\.?|ms\.?|"
                           r"m\.|mme|maire|mayor)\s*(?:,\s*)?$")
_TITLE_AFTER = re.compile(r"^\s*,?\s*(?:(?:le|la|son|sa|its|the)\s+)?(?:pdg|ceo|fondateur|fondatrice|"
                          r"co-?fondateur|founder|co-?founder|president|directeur|directrice|"
                          r"chairman|chief|head|ministre|minister|maire|mayor)\b")
_EVENT_WORDS = re.compile(r"(?:sommet|summit|salon|forum|conference|congres|festival|jeux|"
                          r"choose\s+france|vivatech|expo)\b")
_EVENT_BEFORE = re.compile(r"(?:sommet|summit|salon|forum|edition|conference|initiative\s+du)\s*$")
_NOT_NAMES = frozenset(fold(w) for w in (
    "lundi mardi mercredi jeudi vendredi samedi dimanche janvier février avril mai juin "
    "juillet août septembre octobre novembre décembre monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october "
    "november december ia ai l la le les un une des ce cette il elle ils elles nous on the a an "
    "it its this these they we i en au aux dans pour sur avec selon mais et ou or but and "
    "premier première objectif pareillement face outre enfin ainsi alors aussi déjà parmi "
    "lors after before after also however meanwhile").split())
_NATIONALITIES = frozenset(fold(w) for w in (
    "american americain americaine british britannique canadian canadien canadienne french "
    "francais francaise german allemand allemande swedish suedois suedoise spanish espagnol "
    "espagnole italian italien italienne chinese chinois chinoise japanese japonais japonaise "
    "korean coreen coreenne taiwanese taiwanais taiwanaise dutch neerlandais belgian belge swiss "
    "suisse emirati emiratie indian indien indienne european europeen europeenne us uk eu state "
    "global").split())
_ORG_WORDS = re.compile(r"\b(?:ai|group|groupe|management|capital|partners|energy|energies|sa|sas|"
                        r"inc|ltd|plc|gmbh|ag|nv|realty|buses|systems|technologies|digital|cloud|"
                        r"data|holding|bank|banque|fund|fonds|industries|motors|labs?|asset)\b")

# "dans le pays", "in the country", "dans le département"…: a place named before.
_REFERS = [
    (re.compile(r"\b(?:dans|a travers)\s+(?:le|tout\s+le)\s+pays\b|\bsur\s+le\s+territoire\s+"
                r"(?:national|francais)?|\bin\s+the\s+country\b|\bacross\s+the\s+country\b"),
     "country"),
    (re.compile(r"\bdans\s+(?:le|ce)\s+departement\b|\bin\s+the\s+department\b"), "department"),
    (re.compile(r"\bdans\s+(?:la|cette)\s+region\b|\bin\s+the\s+region\b"), "region"),
    (re.compile(r"\b(?:dans\s+(?:la|cette)\s+(?:commune|ville)|in\s+the\s+town|in\s+the\s+city)\b"),
     "commune"),
    (re.compile(r"\b(?:sur\s+(?:le\s+)?place|sur\s+(?:ce|le\s+meme)\s+site|on\s+the\s+site|"
                r"(?<![a-z])there(?![a-z])|(?<![\w'])y(?!\s+compris)(?=\s+[a-z]))"), "any"),
]
_ARTICLE = re.compile(r"^(?:l['’]\s*|le\s+|la\s+|les\s+|the\s+)", re.I)
_LIST_NEXT = re.compile(r"^\s*(?:,|et|and|ou|or|&)\s*(?:(?:et|and)\s+)?(?:a|au|aux|en|in|at)?\s*$")
_LEADING = frozenset("a à au aux en dans sur par pour in at by on from of to le la les l the d de du des "
                     "un une".split())
_AREA_AFTER = re.compile(r"^(?:'s\b|’s\b|\s+(?:region|area|metropolitan|basin|metro|urban\s+area|"
                         r"agglomeration)\b)")
_VENUE_BEFORE = re.compile(r"(?:sommet|summit|salon|forum|conference|congres|choose\s+france|vivatech)"
                           r"[^.;,]{0,40}\b(?:a|in|at|de|du)\s+$")
_BETWEEN_BEFORE = re.compile(r"\b(?:entre|between)\s+(?:[\w-]+\s+(?:et|and)\s+)?$")


def _before(text: str, start: int, width: int = 60) -> str:
    return fold(text[max(0, start - width):start])


def _after(text: str, end: int, width: int = 40) -> str:
    return fold(text[end:end + width])


def amounts_in(sentence: Sentence) -> list[Mention]:
    """The sums of money of a sentence, read by geo's amount grammar."""
    out = []
    for found in find_amounts(sentence.text):
        out.append(Mention("amount", sentence.start + found.start, sentence.start + found.end,
                           found.text, sentence.index, result=found))
    return out


def _spans(sentence: Sentence) -> list[tuple[int, int, str]]:
    """(start, end, label) of entity and capitalised spans, as token indexes of the sentence."""
    span = sentence.span
    out: list[tuple[int, int, str]] = []
    taken = set()
    for ent in span.ents:
        if ent.label_ in ("LOC", "GPE", "ORG", "MISC", "PER", "PERSON", "FAC", "NORP"):
            label = "GAZ" if ent.ent_id_ == "gazetteer" else ent.label_
            out.append((ent.start - span.start, ent.end - span.start, label))
            taken.update(range(ent.start, ent.end))
    tokens = list(span)
    i = 0
    while i < len(tokens):
        if tokens[i].i in taken or not _capitalised(tokens[i].text):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].i not in taken:
            t = tokens[j].text
            joined = t in ("&", "-") and j + 1 < len(tokens) and _capitalised(tokens[j + 1].text)
            if _capitalised(t) or joined:
                j += 1
            elif t.lower() in ("de", "du", "des", "of", "sur", "en", "la", "le") and j + 1 < len(tokens) \
                    and _capitalised(tokens[j + 1].text) and tokens[j + 1].i not in taken:
                j += 1
            else:
                break
        out.append((i, j, "CAP"))
        i = j
    return out


def _capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (len(word) > 1 and word[0].isdigit() and any(
        c.isupper() for c in word))) and any(c.isalpha() for c in word)


def orgs_and_places(sentence: Sentence, text: str, geocode: Any,
                    capitalised_elsewhere: set[str]) -> list[Mention]:
    """The organisations and places a sentence names, each with its role in the story."""
    span = sentence.span
    tokens = list(span)
    out: list[Mention] = []
    last_place: Mention | None = None
    for i, j, label in _spans(sentence):
        while i < j - 1 and fold(tokens[i].text).rstrip("'’") in _LEADING:
            i += 1
        if label == "CAP" and j - i == 1 and fold(tokens[i].text).rstrip("'’") in _LEADING:
            continue
        while j > i and not any(c.isalnum() for c in tokens[j - 1].text):
            j -= 1
        if i >= j:
            continue
        start = sentence.start + tokens[i].idx - span.start_char
        end = sentence.start + tokens[j - 1].idx - span.start_char + len(tokens[j - 1].text)
        words = text[start:end]
        key = fold(words)
        if key in _NOT_NAMES or len(key) < 2 or not any(c.isalpha() for c in key):
            continue
        if key in _NATIONALITIES:
            continue
        listed = last_place is not None and bool(_LIST_NEXT.match(fold(text[last_place.end:start])))
        mention = _place(words, start, end, sentence.index, text, geocode, label, listed)
        unknown_place = label in ("LOC", "GPE") and (geocode(_ARTICLE.sub("", words)).place is not None
                                                     or _PREP_BEFORE.search(_before(text, start, 25)))
        if mention is None and (label == "GAZ" or unknown_place):
            continue
        if mention is not None and mention.kind == "place" and mention.role != "nationality":
            last_place = mention
        if mention is not None and mention.role == "nationality":
            continue
        if mention is None and label != "CAP" and not words[:1].isupper() \
                and not _TITLE_BEFORE.search(fold(words.split()[0]) + " "):
            k = next((t for t in range(i, j) if _capitalised(tokens[t].text)), None)
            if k is None:
                continue
            start = sentence.start + tokens[k].idx - span.start_char
            words, i = text[start:end], k
        if mention is None:
            first_word = all(fold(t.text).rstrip("'’") in _LEADING or not t.text.isalpha()
                             for t in tokens[:i])
            if label == "CAP" and first_word and j - i == 1 and not _inner_capital(words) \
                    and not _name_like(tokens[i], words, capitalised_elsewhere, text):
                continue
            mention = Mention("org", start, end, words, sentence.index, role=_org_role(words, start, end,
                                                                                      text, label))
        out.append(mention)
    out.extend(_references(sentence))
    return _qualified(_without_overlaps(out), text, geocode)


_QUALIFIER_GLUE = re.compile(r"^\s*,\s*(?:dans|en|in)\s+(?:le\s+|la\s+|l'\s*|les\s+|the\s+)?$")


def _qualified(mentions: list[Mention], text: str, geocode: Any) -> list[Mention]:
    """"Valence, dans la Drôme": an ambiguous place qualified by the department or region
    named right after it, as the geocoder would read "Valence (Drôme)" (never a guess: the
    text says which one)."""
    out: list[Mention] = []
    skip = None
    for a, b in zip(mentions, [*mentions[1:], None], strict=False):
        if a is skip:
            continue
        if b is not None and a.kind == b.kind == "place" and a.result is not None and a.result.ambiguous \
                and b.result is not None and b.result.place is not None \
                and b.result.place.precision in ("department", "region") \
                and _QUALIFIER_GLUE.match(fold(text[a.end:b.start])):
            result = geocode(f"{a.query} ({b.query})")
            if result.place is not None:
                a.result, a.query = result, f"{a.query} ({b.query})"
                a.notes.append(f"qualified by {b.text!r}, named right after it")
                skip = b
        out.append(a)
    return out


def _name_like(token: Any, word: str, capitalised_elsewhere: set[str], text: str) -> bool:
    """Whether a capitalised word opening a sentence is a name ("Amazon confirmed…") rather
    than a common word ("Premier", "Objectif"): tagged a proper noun by the French model,
    capitalised inside another sentence, or (English, no tagger) never written in lower case."""
    if token.pos_:
        return token.pos_ == "PROPN" or word in capitalised_elsewhere
    if word in capitalised_elsewhere:
        return True
    return re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", text) is None


def _inner_capital(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word)


def _org_role(words: str, start: int, end: int, text: str, label: str) -> str:
    before, after = _before(text, start, 40), _after(text, end, 30)
    if _SOURCE_BEFORE.search(before):
        return "source"
    if _EVENT_WORDS.search(fold(words)) or _EVENT_BEFORE.search(before) \
            or _EVENT_WORDS.match(fold(words + text[end:end + 8])):
        return "event"
    if _TITLE_BEFORE.search(before) or _TITLE_AFTER.search(after) \
            or _TITLE_BEFORE.search(fold(words.split()[0]) + " "):
        return "person"
    if label in ("PER", "PERSON") and len(words.split()) >= 2 and not _ORG_WORDS.search(fold(words)):
        return "person"
    return ""


def _place(words: str, start: int, end: int, sentence: int, text: str, geocode: Any,
           label: str, listed: bool = False) -> Mention | None:
    """A place mention if the geocoder knows `words` and the words around make it a place."""
    query = _ARTICLE.sub("", words).strip()
    qualifier = re.match(r"\s*\(([^()]{1,40})\)", text[end:end + 45])
    before = _before(text, start)
    result = None
    if qualifier:
        result = geocode(f"{query} ({qualifier.group(1)})")
        if result.place is not None or result.ambiguous:
            query, end = f"{query} ({qualifier.group(1)})", end + qualifier.end()
        else:
            result = None
    if result is None:
        result = geocode(query)
    if result.place is None and not result.ambiguous:  # "au Péage-de-Roussillon": Le Péage-…
        article = {"au": "Le", "aux": "Les"}.get(before.rstrip().rsplit(" ", 1)[-1])
        if article is None:
            return None
        qualified = f"{article} {query}" + (f" ({qualifier.group(1)})" if qualifier else "")
        result = geocode(qualified)
        if result.place is None and qualifier:
            result = geocode(f"{article} {query}")
        else:
            end = end + (qualifier.end() if qualifier else 0)
        if result.place is None:
            return None
        query = f"{article} {query}" + (f" ({qualifier.group(1)})" if qualifier and result.place else "")
    place = result.place
    located = (label == "GAZ" or listed or qualifier is not None or bool(_PREP_BEFORE.search(before[-25:]))
               or (label in ("LOC", "GPE") and place is not None
                   and place.precision in ("country", "region", "department")))
    if not located:
        if place is not None and place.precision == "country" and not (len(query) == 3 and query.isupper()):
            return Mention("place", start, end, text[start:end], sentence, role="nationality", result=result,
                           query=query)
        return None
    role = "site"
    folded_after = fold(text[end:end + 30])
    if _AREA_AFTER.match(folded_after) or fold(text[max(0, start - 7):end]).endswith("choose france"):
        role = "area"
    elif _VENUE_BEFORE.search(before) or _BETWEEN_BEFORE.search(before):
        role = "venue"
    elif _LANDMARK_BEFORE.search(before):
        role = "landmark"
    elif _HQ_BEFORE.search(before) or _HQ_AFTER.search(text[end:end + 8]):
        role = "hq"
    return Mention("place", start, end, text[start:end], sentence, role=role, result=result, query=query)


def _references(sentence: Sentence) -> list[Mention]:
    folded = fold(sentence.text)
    out = []
    for pattern, precision in _REFERS:
        for m in pattern.finditer(folded):
            out.append(Mention("place", sentence.start + m.start(), sentence.start + m.end(),
                               sentence.text[m.start():m.end()], sentence.index,
                               role=f"refers:{precision}"))
    return out


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out

