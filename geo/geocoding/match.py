"""One tier of matches (:class:`Match`) and what every ranking step does with tiers.

Kept apart from the tier rules (:mod:`geo.geocoding.tiers`) and the rivals rules
(:mod:`geo.geocoding.rivals`), which both build and read tiers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from geo.geocoding.places import Place

__all__ = ["CommuneEntry", "Match", "distinct", "keep", "ranked"]


class Match:
    """One precedence tier of matches for a name.

    A slotted class, not a dataclass: one is built per tier of every lookup. ``kind`` says
    which rule made it (``code``, ``named``, ``country``, ``commune``, ``former``,
    ``country_code``, ``city``, ``alias``, ``mention``): the rivals rules read it.
    """

    __slots__ = ("former", "kind", "notes", "own_notes", "places", "ranked", "score")

    def __init__(self, places: Sequence[Place], score: float, notes: Sequence[str],
                 former: tuple[tuple[str, str], ...] = (),
                 ranked: Sequence[Place] | None = None, own_notes: bool = False,
                 kind: str = "code") -> None:
        self.places = places
        self.score = score
        self.notes = notes
        #: (code, former name) of communes matched by a former name only (see GeocodeResult).
        self.former = former
        #: ``places`` deduplicated and sorted as candidates (:func:`ranked`), when known.
        self.ranked = ranked
        #: Every note names one of ``places`` by its label (true of a commune name's notes).
        self.own_notes = own_notes
        self.kind = kind


#: The tiers of a commune-index name (current, former, alias; None when absent) without
#: notes, and the (kind, label) pairs needing a note: notes quote the text typed, so they
#: are worded per lookup (the tiers are shared when there are none).
CommuneEntry = tuple[tuple["Match | None", "Match | None", "Match | None"],
                     tuple[tuple[int, str], ...]]


def _population_order(p: Place) -> int:
    return -(p.population or 0)


def distinct(places: Sequence[Place]) -> list[Place]:
    """``places`` without repeats, in order.

    By identity: the places a Geocoder matches are its cached Place objects, one per
    (kind, code), so equal places are the same object (and hashing by id is several
    times cheaper than Place.__hash__).
    """
    return list({id(p): p for p in places}.values())


def ranked(places: Sequence[Place]) -> list[Place]:
    """Candidates in answer order: distinct places, most populous first (stable for ties)."""
    cands = distinct(places)
    cands.sort(key=_population_order)
    return cands


def keep(tiers: Sequence[Match], pred: Callable[[Place], bool] | None) -> list[Match]:
    """The tiers, each with only the places that satisfy a qualifier's ``pred`` (None: all).

    Tiers left empty are dropped; the others keep their kind, so the ranking that follows
    is the same as for an unqualified name (``Trappes (78)`` is the commune of that name,
    not Montigny-le-Bretonneux, whose GeoNames alternate name it also is). Notes and former
    names that concern a place left out go with it.
    """
    out: list[Match] = []
    for t in tiers:
        places = t.places
        kept = list(places) if pred is None else [p for p in places if pred(p)]
        if not kept:
            continue
        if len(kept) == len(places):
            out.append(t)
            continue
        former = tuple(f for f in t.former if any(p.code == f[0] for p in kept))
        notes = [n for n in t.notes if any(p.label in n for p in kept)
                 or "former region" in n or "ISO" in n]
        out.append(Match(tuple(kept), t.score, tuple(notes), former, None, t.own_notes, t.kind))
    return out
