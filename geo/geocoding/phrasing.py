"""Press phrasing: the words around a place name, read off and recorded.

Journalists write "dans l'Essonne", "aux Pennes-Mirabeau", "site de Harnes",
"Bruyères-le-Châtel en Essonne", "près de Valenciennes (Nord)", "à Obernai et à
Bischwiller". The geocoder first looks the text up as it is (an official name can start
with "Les" or hold "en": ``Mareuil en Périgord``); only when that finds nothing does it
try the readings made here, in order, and keep the first that finds a place.

Everything here is a function of the text alone. A :class:`Reading` is a query the
resolver already understands (``Bruyères-le-Châtel (Essonne)``, ``Grand Est (région)``),
with the notes that say what was read off, and, when the phrase says so, a relation
(``near``: the site is around the place, not in it; ``towards``: north of it...), the
several places a site is given, or that an airport is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from geo.core.text import name_key
from geo.geocoding.query import split

__all__ = ["DEMONYMS", "Reading", "peel_qualifier", "readings"]

#: Adjectives of cities, as in "région lyonnaise", "agglomération lilloise" (name key of the
#: feminine and masculine forms -> the city, qualified so that it is unique).
DEMONYMS = {
    "lyonnaise": "Lyon", "lyonnais": "Lyon", "parisienne": "Paris", "parisien": "Paris",
    "lilloise": "Lille (59)", "lillois": "Lille (59)", "marseillaise": "Marseille",
    "bordelaise": "Bordeaux", "toulousaine": "Toulouse", "nantaise": "Nantes (44)",
    "grenobloise": "Grenoble", "strasbourgeoise": "Strasbourg", "rennaise": "Rennes",
    "rouennaise": "Rouen", "nicoise": "Nice", "montpellieraine": "Montpellier",
    "stephanoise": "Saint-Étienne (42)", "havraise": "Le Havre", "dunkerquoise": "Dunkerque",
    "caennaise": "Caen", "messine": "Metz", "nanceienne": "Nancy (54)",
    "clermontoise": "Clermont-Ferrand", "dijonnaise": "Dijon", "orleanaise": "Orléans (45)",
    "tourangelle": "Tours (37)", "angevine": "Angers", "brestoise": "Brest (29)",
    "toulonnaise": "Toulon", "mulhousienne": "Mulhouse", "remoise": "Reims",
    "valenciennoise": "Valenciennes (59)", "limougeaude": "Limoges", "mancelle": "Le Mans",
    "perpignanaise": "Perpignan", "avignonnaise": "Avignon", "nimoise": "Nîmes",
    "aixoise": "Aix-en-Provence", "annecienne": "Annecy", "bisontine": "Besançon",
    "amienoise": "Amiens", "paloise": "Pau",
}

_CONN = (r"(?P<c>de\s+la\s+|de\s+l'|de\s+|d'|du\s+|des\s+|aux\s+|au\s+|[àa]\s+|en\s+|"
         r"dans\s+(?:le\s+|la\s+|les\s+|l')?|sur\s+(?:le\s+|la\s+|l')?)")
_OF = r"(?P<c>de\s+la\s+|de\s+l'|de\s+|d'|du\s+|des\s+)"
#: (pattern matched at the start, what it is): a relation, a kind of place, or words that
#: only surround the name. Tried in order, again after each match.
_LEADING = [
    (r"(?:tout\s+)?pr[eè]s\s+" + _OF, "near"),
    (r"(?:[àa]\s+)?(?:proximit[ée]|c[oô]t[ée])\s+" + _OF, "near"),
    (r"(?:non\s+loin|proches?)\s+" + _OF, "near"),
    (r"(?:aux\s+|dans\s+les\s+)?(?:alentours|environs|abords|portes)\s+" + _OF, "near"),
    (r"autour\s+" + _OF, "near"),
    (r"(?:dans\s+)?(?:la\s+)?(?:proche\s+|grande\s+)?banlieue\s+" + _OF, "near"),
    (r"(?:dans\s+)?(?:l'|une\s+)?agglom[ée]ration\s+" + _OF, "near"),
    (r"(?:dans\s+)?(?:la\s+)?zone\s+m[ée]tropolitaine\s+" + _OF, "near"),
    (r"(?:dans\s+)?(?:l')?aire\s+(?:urbaine|m[ée]tropolitaine|d'attraction)\s+" + _OF, "near"),
    (r"(?:dans\s+)?(?:la\s+)?r[ée]gion\s+" + _OF, "near"),
    (r"(?:dans\s+)?(?:la\s+)?m[ée]tropole\s+" + _OF, "near"),
    (r"(?:au|dans\s+le)\s+(?:nord|sud)(?:[\s-](?:est|ouest))?\s+" + _OF, "towards"),
    (r"(?:[àa]|dans)\s+l'(?:est|ouest)\s+" + _OF, "towards"),
    (r"(?:near|close\s+to|outside|around|on\s+the\s+outskirts\s+of|greater)\s+", "near"),
    (r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of\s+", "towards"),
    (r"(?:dans\s+)?(?:la\s+)?r[ée]gion\s+", "region"),
    (r"(?:dans\s+)?(?:le\s+)?d[ée]partement\s+" + _OF + "?", "department"),
    (r"(?:dans\s+)?(?:la\s+)?(?:commune|ville)\s+" + _OF, "commune"),
    (r"(?:l')?a[ée]roport\s+" + _OF + r"?|airport\s+(?:of\s+)?", "airport"),
    (r"(?:(?:son|sa|ses|leur|leurs|un|une|le|la|les|nouvel|nouvelle|futur|future)\s+|l')*"
     r"(?:sites?|usines?|implantations?|projets?|campus|centres?|entrep[oô]ts?|plate-?formes?|"
     r"data\s*cent(?:er|re)s?|centres?\s+de\s+donn[ée]es|secteurs?|zones?(?:\s+industrielles?|"
     r"\s+d'activit[ée]s?)?|parcs?(?:\s+d'activit[ée]s)?|quartiers?|technop[oô]les?|p[oô]les?|"
     r"terrains?|friches?|giga-?factory|gigafactory|fabs?)(?:\s+industriel(?:le)?s?)?\s+"
     r"(?P<c>de\s+la\s+|de\s+l'|de\s+|d'|[àa]\s+|en\s+|dans\s+|sur\s+)?", "site"),
    (r"(?:its|their|the)\s+", "site"),
    (r"(?:in|at|based\s+in|located\s+in)\s+(?:the\s+(?:towns?|cities|city|communes?|"
     r"municipalit(?:y|ies))\s+of\s+)?", "preposition"),
    (r"(?:situ[ée]e?s?|bas[ée]e?s?|implant[ée]e?s?|install[ée]e?s?|localis[ée]e?s?)\s+", "site"),
    (r"(?P<c>aux\s+|au\s+|du\s+|des\s+)", "preposition"),
    (r"(?:[àa]|en|dans|sur|chez|vers)\s+", "preposition"),
]
#: Words after a name that say it is a site ("its Cambrai site").
_TRAILING_SITE = re.compile(r"\s+(?:site|plant|factory|facility|campus|data\s*cent(?:er|re)|"
                            r"warehouse|hub|gigafactory)s?$", re.IGNORECASE)
#: "Bruyères-le-Châtel en Essonne": a qualifier after the name.
_TRAILING_QUAL = re.compile(r"\s+(?:en|dans|in|au|aux)\s+(?:(?:le|la|les)\s+|l')?", re.IGNORECASE)
#: "dans le Nord de la France", "northern France": the country is the qualifier.
_PART_OF = re.compile(r"^(?:(?:le|la|l')\s*)?(?:nord|sud|est|ouest|centre|north|south|east|west|"
                      r"centre)(?:[\s-](?:est|ouest|east|west))?\s+(?:de\s+la\s+|de\s+l'|du\s+|"
                      r"of\s+)(.+)$|^(?:northern|southern|eastern|western|central)\s+(.+)$",
                      re.IGNORECASE)
_CONJUNCTION = re.compile(r"\s*,\s*|\s+(?:et|and|&)\s+|\s*&\s*", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:(?:le|la|les)\s+|l')", re.IGNORECASE)
#: The article a connector holds, which may belong to the name (à + les = "aux": "aux
#: Pennes-Mirabeau" is Les Pennes-Mirabeau; "secteur de La Hague" is La Hague).
_RESTORE = {"aux": "Les", "au": "Le", "du": "Le", "des": "Les", "la": "La", "le": "Le",
            "les": "Les", "l'": "L'"}


@dataclass(frozen=True)
class Reading:
    """One way to read a phrase: the query to look up and what was read off it."""

    text: str
    notes: tuple[str, ...]
    relation: str | None = None
    parts: tuple[str, ...] = ()
    airport: bool = False


@cache
def _leading() -> list[tuple[re.Pattern[str], str]]:
    """:data:`_LEADING` compiled on first use (a lookup that finds its name never needs it)."""
    return [(re.compile(p, re.IGNORECASE), what) for p, what in _LEADING]


def _peel(text: str) -> tuple[list[str], list[str], str | None, str | None]:
    """(names to try, notes, relation, kind) of a phrase: leading words read off in a loop.

    >>> _peel("aux Pennes-Mirabeau")[0]
    ['Les Pennes-Mirabeau', 'Pennes-Mirabeau']
    >>> _peel("près de Valenciennes")[2]
    'near'
    """
    notes: list[str] = []
    relation = kind = None
    article = None
    changed = True
    while changed and text:
        changed = False
        for pattern, what in _leading():
            m = pattern.match(text)
            if not m or m.end() == 0 or m.end() >= len(text):
                continue
            words = m.group(0).strip()
            text = text[m.end():].strip()
            conn = " ".join((m.groupdict().get("c") or "").lower().split())
            last = conn.split(" ")[-1] if conn else ""
            article = _RESTORE.get(last, article if not conn else None)
            if what in ("near", "towards"):
                relation = relation or what
                notes.append(f'"{words}" read as: {what} the place named')
            elif what in ("region", "department", "commune", "airport"):
                kind = kind or what
                notes.append(f'"{words}" read as: a {what}')
            else:
                notes.append(f'"{words}" read off as surrounding words')
            changed = True
            break
    text = _TRAILING_SITE.sub("", text).strip()
    names = [text]
    if article:
        names = [f"{article}{text}" if article.endswith("'") else f"{article} {text}", text]
    elif _ARTICLE.match(text):
        names = [text, _ARTICLE.sub("", text).strip()]
    return [n for n in names if n], notes, relation, kind


def peel_qualifier(text: str) -> str:
    """A qualifier without its leading words: ``dans le Nord de la France`` -> ``France``.

    >>> peel_qualifier("dans la Manche"), peel_qualifier("(dans le Nord de la France)".strip("()"))
    ('Manche', 'France')
    """
    names, _, _, _ = _peel(text.strip())
    q = names[-1] if names else text.strip()
    m = _PART_OF.match(q)
    if m:
        q = (m.group(1) or m.group(2)).strip()
        q = _ARTICLE.sub("", q).strip()
    return q


def _compose(name: str, quals: list[str], kind: str | None) -> str:
    kinds = {"region": "région", "department": "département", "commune": "commune"}
    extra = [*quals, *([kinds[kind]] if kind in kinds else [])]
    return name + "".join(f" ({q})" for q in extra)


def _trailing(name: str) -> list[tuple[str, list[str]]]:
    """(name, qualifiers) splits of "X en Y", "X dans la Y", rightmost first, after the name itself."""
    out = [(name, [])]
    for m in reversed(list(_TRAILING_QUAL.finditer(name))):
        left, right = name[:m.start()].strip(), name[m.end():].strip()
        if left and right:
            out.append((left, [peel_qualifier(right)]))
    return out


def readings(query: str, limit: int = 12) -> list[Reading]:
    """The ways to read a phrase, most literal first; the query itself is never one of them.

    >>> [r.text for r in readings("dans l'Essonne")]
    ["l'Essonne", 'Essonne']
    >>> readings("Bruyères-le-Châtel en Essonne")[0].text
    'Bruyères-le-Châtel (Essonne)'
    >>> readings("à Obernai et à Bischwiller")[0].parts
    ('Obernai', 'Bischwiller')
    """
    text = " ".join(query.replace("’", "'").split())
    out: list[Reading] = []
    several = _several(text)
    if several is not None:
        out.append(several)
    main, quals = split(text)
    quals = [q for q in (peel_qualifier(q) for q in quals) if q]
    adjective = _demonym(main)
    if adjective is not None:
        out.append(Reading(_compose(adjective[0], quals, None), adjective[1], "near"))
    names, notes, relation, kind = _peel(main)
    for name in names:
        for base, extra in _trailing(name):
            more = [f'"{q}" read as a qualifier' for q in extra]
            out.append(Reading(_compose(base, extra + quals, None if kind == "airport" else kind),
                               tuple(notes + more), relation, (), kind == "airport"))
    seen = {name_key(query)}
    unique = []
    for r in out:
        k = (name_key(r.text), r.relation, r.parts, r.airport)
        if r.parts or (k[0] and (k[0] not in seen or r.relation or r.airport)):
            seen.add(k[0])
            unique.append(r)
    return unique[:limit]


def _several(text: str) -> Reading | None:
    """"La Maxe et Richemont (Moselle)", "à Obernai et à Bischwiller": a site given several places."""
    bare, quals = split(text)
    if "," in text and "(" not in text:  # "Obernai, Bischwiller et Haguenau"
        bare, quals = text, []
    if not re.search(r"\s(?:et|and|&)\s|&", bare, re.IGNORECASE):
        return None
    parts = [p.strip() for p in _CONJUNCTION.split(bare) if p and p.strip()]
    if len(parts) < 2:
        return None
    quals = [q for q in (peel_qualifier(q) for q in quals) if q]
    named = []
    for part in parts:
        names, _, relation, kind = _peel(part)
        if relation or not names:
            return None
        named.append(_compose(names[0], quals, kind))
    return Reading(text, (f'"{text}" names {len(named)} places',), None, tuple(named))


def _demonym(text: str) -> tuple[str, tuple[str, ...]] | None:
    """"région lyonnaise" -> ("Lyon", notes): an area named after a city, around it."""
    key = name_key(text).split()
    if len(key) >= 2 and key[-1] in DEMONYMS and key[-2] in (
            "region", "agglomeration", "banlieue", "metropole", "urbaine", "metropolitaine"):
        return DEMONYMS[key[-1]], (f'"{text}" read as: the area around {DEMONYMS[key[-1]]}',)
    return None
