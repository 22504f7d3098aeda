"""The lookup pipeline: query parsing → candidate tiers → ranking → result.

:meth:`Resolver.resolve` is the whole of one lookup, uncached (the facade,
:class:`geo.geocoding.Geocoder`, memoises it). Each step is a module of its own:
:mod:`~geo.geocoding.query` reads the text, :mod:`~geo.geocoding.tiers` (over
:mod:`~geo.geocoding.indexes`) lists the matches in precedence tiers and answers from
the best one, :mod:`~geo.geocoding.qualifiers` narrows them, and
:mod:`~geo.geocoding.places` holds the answer.
"""

from __future__ import annotations

from collections.abc import Callable

from geo.core.text import name_key
from geo.geocoding.places import GeocodeResult, LazySuggestions, Place, fast_result, point_place
from geo.geocoding.qualifiers import Predicate, Qualifiers
from geo.geocoding.query import one_qualifier, parse_coordinates, split
from geo.geocoding.tiers import Tiers, keep

__all__ = ["Resolver"]


class Resolver:
    """One lookup from text to :class:`~geo.geocoding.places.GeocodeResult`.

    ``reverse`` gives the context of a coordinate query, ``suggest`` the close names of a
    miss (called only when its suggestions are read).
    """

    def __init__(self, tiers: Tiers, qualifiers: Qualifiers,
                 reverse: Callable[[float, float], Place | None],
                 suggest: Callable[[str], list[str]]) -> None:
        self.tiers = tiers
        self.qualifiers = qualifiers
        self._reverse = reverse
        self._suggest = suggest

    def resolve(self, query: str) -> GeocodeResult:
        """Resolve one free-text place (see :mod:`geo.geocoding` for the rules)."""
        text = (query or "").strip()
        if not text:
            return GeocodeResult(query, None, notes=("empty query",))
        c0 = text[0]
        if c0 in "(+-" or c0.isdigit():  # a coordinate pair starts so (\d: any Unicode digit)
            try:
                coords = parse_coordinates(text)
            except ValueError as exc:
                return GeocodeResult(query, None, notes=(str(exc),))
            if coords:
                return self.point(query, *coords)
        collect, finish = self.tiers.collect, self.tiers.finish
        if "(" in text or "," in text:  # else split() finds no qualifier
            one = one_qualifier(text)
            if one is not None:  # "Name (qualifier)" or "Name, qualifier"
                main, qual = one
                main_key = name_key(main)
                # name_key() maps "(", ")" and "," to token breaks, so the key of the whole
                # text is the keys of its two parts joined (a test checks it).
                key = f"{main_key} {self.qualifiers.key(qual)}".strip()
                tiers = collect(text, key, want_cities=False)
                if tiers:
                    return finish(query, tiers[0], tiers[1:])
                return self.qualified(query, main, [qual], main_key)
            key = name_key(text)
            tiers = collect(text, key, want_cities=False)
            if tiers:
                return finish(query, tiers[0], tiers[1:])
            main, quals = split(text)
            if quals:
                return self.qualified(query, main, quals)
        else:
            key = name_key(text)
            tiers = collect(text, key, want_cities=False)
            if tiers:
                return finish(query, tiers[0], tiers[1:])
        # The French tiers matched nothing just above: only world cities can match now.
        city = self.tiers.city(text, key)
        if city is not None:
            return finish(query, city, [])
        return fast_result(query, None, notes=("no match",),
                           suggestions=LazySuggestions(self._suggest, text))

    def qualified(self, query: str, main: str, quals: list[str],
                  key: str | None = None) -> GeocodeResult:
        """The matches of ``main`` that satisfy every understood qualifier.

        French places first; world cities only for a foreign qualifier, or when no French
        place satisfies the qualifiers. Qualifiers not understood are ignored, with a note.
        """
        notes: list[str] = []
        preds: list[Predicate] = []
        want_cities = False
        for q in quals:
            pred, info = self.qualifiers.predicate(q)
            if pred is None:
                notes.append(info)  # type: ignore[arg-type]  # the "not understood" note
                continue
            want_cities |= info == "foreign"
            preds.append(pred)
        if key is None:
            key = name_key(main)
        pred = None if not preds else preds[0] if len(preds) == 1 else (
            lambda p: all(pr(p) for pr in preds))
        # French places first; world cities only for a foreign qualifier or as a fallback
        # (the French tiers, already filtered, then add nothing: only the cities are new).
        tiers = self.tiers.collect(main, key, want_cities=want_cities)
        kept = keep(tiers, pred)
        if kept is None and not want_cities:
            city = self.tiers.city(main, key)
            if city is not None:
                tiers = tiers + [city]
                kept = keep((city,), pred)
        if kept is None:
            sugg = LazySuggestions(self._suggest, main) if not tiers else tuple(
                p.label for t in tiers for p in t.places)[:10]
            return GeocodeResult(query, None, notes=tuple(notes + [
                f'no place "{main}" matches {", ".join(quals)}']), suggestions=sugg)
        if notes:
            kept.notes += notes
        return self.tiers.finish(query, kept, [])

    def point(self, query: str, lat: float, lon: float) -> GeocodeResult:
        """A coordinate query: the point itself, with the place around it as context."""
        where = self._reverse(lat, lon)
        if where is None:
            context, country = "", ""
        elif where.precision == "country":
            context, country = where.name, where.country
        else:
            context = f"{where.name}, {where.context}" if where.context else where.name
            country = where.country
        place = point_place(lat, lon, context, country)
        return fast_result(query, place, (place,), False, 1.0, ())
