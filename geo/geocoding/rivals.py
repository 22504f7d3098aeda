"""Ambiguity across tiers: when a match of a less trusted tier must stand beside the best one.

The tiers (:mod:`geo.geocoding.tiers`) rank the ways a name can match by trust: codes, then
named areas (departments, regions, intercommunalities...), countries, current commune names,
former commune names, world cities' main names, then alternate names (GeoNames). The best
tier answers, but a place of a later tier that a journalist may well mean is a *rival*: it
joins the candidates, and the name is refused as ambiguous instead of resolved silently.
Each rule below is one small function, documented in the README:

* :func:`is_rival` -- who rivals whom:

  - nothing rivals a code, and a code or a lower-case country code rivals nothing;
  - a place within the best one, or containing it, is no rival (Singapore the city and the
    country; Doubs the commune, in Doubs the department);
  - the **million rule**: a world city of :data:`MILLION` inhabitants or more rivals any
    French place of the same name (Le Caire, Cologne, Montréal, Lagos), and a French place
    that large rivals a foreign city's main name; against another world city's main name,
    it must also have :data:`DOMINANCE` times its population (Pékin is Beijing's French
    name and Pekin, Illinois' main name);
  - a GeoNames alternate name of a French commune rivals nothing else (Saint-Étienne is the
    commune of that name, not Saint-Étienne-du-Rouvray);
  - the **former-name rule**: a commune matched by its former name rivals the communes of
    that current name only when it is more populous than all of them (Évry stays
    ambiguous; Laval is Laval, Mayenne);
  - the **dominance rule**: otherwise (a commune against a department, a country against a
    commune...), a place rivals the best tier unless the best tier has at least
    :data:`DOMINANCE` times its population (Bretagne is the region; Vienne, Mayenne and
    Grenade are ambiguous).

* :func:`prefer_exact_spelling` -- a name typed with accents that match some places exactly
  (Loiré) keeps those and leaves the places that match only once accents are folded away
  (the department Loire) as mere mentions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from geo.core.text import name_key
from geo.geocoding.match import Match
from geo.geocoding.places import Place

__all__ = ["DOMINANCE", "MILLION", "OFFICIAL", "is_rival", "prefer_exact_spelling", "spelling_key"]

#: A world city (or French place) this populous is never replaced silently by a namesake.
MILLION = 1_000_000
#: A better tier wins alone over an official name of another kind only with this many times
#: its population.
DOMINANCE = 100
#: Tiers of official names (as opposed to codes and GeoNames alternate names).
OFFICIAL = frozenset({"named", "country", "commune", "former"})

Within = Callable[[Place, Place], bool]


def _pop(p: Place) -> int:
    return p.population or 0


def is_rival(best: Match, kind: str, place: Place, within: Within) -> bool:
    """Whether ``place``, matched by a later tier of ``kind``, joins the best tier's candidates.

    >>> def town(name, pop, prec="commune", cc="FR"):
    ...     return Place(name, name, prec, 0.0, 0.0, "", "test", pop, cc)
    >>> never = lambda inner, outer: False
    >>> commune = Match((town("Le Caire", 80),), 1.0, (), kind="commune")
    >>> is_rival(commune, "alias", town("Cairo", 9_606_916, "city", "EG"), never)
    True
    >>> department = Match((town("Bretagne", 3_400_000, "region"),), 1.0, (), kind="named")
    >>> is_rival(department, "commune", town("Bretagne", 300), never)
    False
    """
    if best.kind == "code" or kind in ("code", "country_code", "mention"):
        return False
    best_places = best.places
    top = max((_pop(b) for b in best_places), default=0)
    if place.precision == "city":  # a world city, by its main or an alternate name
        if best.kind == "city":  # against another's main name: only if it dwarfs it (Pékin)
            joins = _pop(place) >= MILLION and _pop(place) >= DOMINANCE * top
        else:
            joins = _pop(place) >= MILLION
    elif best.kind == "city":  # a French place against a foreign city's main name
        joins = _pop(place) >= MILLION
    elif kind == "alias":  # a GeoNames alternate name of a French commune
        joins = False
    elif kind == "former" and best.kind == "commune":
        joins = _pop(place) > top
    else:
        joins = top < DOMINANCE * _pop(place)
    # containment last: the rules above are cheaper and usually decide
    return joins and not any(within(place, b) or within(b, place) for b in best_places)


def spelling_key(text: str) -> str:
    """:func:`~geo.core.text.name_key` with the accents kept: ``Loiré`` and ``Loire`` differ.

    >>> spelling_key("LOIRÉ"), spelling_key("Loire")
    ('loiré', 'loire')
    """
    text = unicodedata.normalize("NFC", text.casefold().replace("’", "'"))
    out = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(name_key(w) if w.isascii() else w for w in out.split())


def prefer_exact_spelling(typed: str, tiers: Sequence[Match],
                          spellings: Callable[[Place], Sequence[str]]) -> list[Match]:
    """``tiers`` without the official-name places whose spelling differs from ``typed`` in
    its accents, when ``typed`` has accents and some place is spelled exactly so.

    ``spellings(place)`` gives the :func:`spelling_key` of every name a place is known by
    (official and former). The
    places left out are kept in a tier of their own at the end (kind ``mention``), so the
    answer still names them. Nothing changes for a name typed without accents, since
    journalists drop them.
    """
    if typed.isascii():
        return list(tiers)
    want = spelling_key(typed)

    def spelled(t: Match) -> bool:  # official names, and world cities (main names)
        return t.kind in OFFICIAL or (t.kind in ("city", "alias") and bool(t.places)
                                      and t.places[0].precision == "city")

    exact = {id(p) for t in tiers if spelled(t) for p in t.places if want in spellings(p)}
    if not any(id(p) in exact for t in tiers if t.kind in OFFICIAL for p in t.places):
        return list(tiers)
    kept: list[Match] = []
    dropped: list[Place] = []
    for t in tiers:
        if not spelled(t):
            kept.append(t)
            continue
        good = [p for p in t.places if id(p) in exact]
        dropped += [p for p in t.places if id(p) not in exact]
        if good:
            kept.append(t if len(good) == len(t.places) else
                        Match(tuple(good), t.score, t.notes, t.former, None, t.own_notes, t.kind))
    if dropped:
        kept.append(Match(tuple(dropped), 0.5, (), kind="mention"))
    return kept
