"""The lookup pipeline: query parsing → candidate tiers → ranking → result, then phrasing.

:meth:`Resolver.resolve` is the whole of one lookup, uncached (the facade,
:class:`geo.geocoding.Geocoder`, memoises it). Each step is a module of its own:
:mod:`~geo.geocoding.query` reads the text, :mod:`~geo.geocoding.tiers` (over
:mod:`~geo.geocoding.indexes`) lists the matches in precedence tiers and answers from
the best one with its rivals (:mod:`~geo.geocoding.rivals`), :mod:`~geo.geocoding.qualifiers`
narrows them, and :mod:`~geo.geocoding.places` holds the answer. A text that matches
nothing as typed is read again by :mod:`~geo.geocoding.phrasing` (prepositions, site words,
relations, several places), and :mod:`~geo.geocoding.areas` widens or joins the places found.
"""

from __future__ import annotations

from collections.abc import Callable

from geo.core.text import name_key
from geo.geocoding.areas import Areas
from geo.geocoding.places import (
    GeocodeResult,
    LazySuggestions,
    Place,
    country_label,
    fast_result,
    point_place,
)
from geo.geocoding.qualifiers import Predicate, Qualifiers
from geo.geocoding.query import one_qualifier, parse_coordinates, split
from geo.geocoding.rivals import prefer_exact_spelling, spelling_key
from geo.geocoding.tiers import Match, Tiers, keep

__all__ = ["Resolver"]

#: Words for the areas a relation widens a place to.
_AREA_WORDS = {"epci": "intercommunality", "department": "department", "region": "region",
               "country": "country"}


class Resolver:
    """One lookup from text to :class:`~geo.geocoding.places.GeocodeResult`.

    ``reverse`` gives the context of a coordinate query, ``suggest`` the close names of a
    miss (called only when its suggestions are read).
    """

    def __init__(self, tiers: Tiers, qualifiers: Qualifiers,
                 reverse: Callable[[float, float], Place | None],
                 suggest: Callable[[str], list[str]], areas: Areas) -> None:
        self.tiers = tiers
        self.qualifiers = qualifiers
        self.areas = areas
        self._reverse = reverse
        self._suggest = suggest
        self._spelled: dict[int, tuple[Place, frozenset[str]]] = {}

    def resolve(self, query: str) -> GeocodeResult:
        """Resolve one free-text place (see :mod:`geo.geocoding` for the rules)."""
        result = self.lookup(query)
        if result.place is None and not result.ambiguous and result.error is None \
                and (query or "").strip():
            phrased = self.rephrase(query)
            if phrased is not None:
                result = phrased
        elif result.notes and "not understood" in result.notes[-1]:
            # "Lille, Roubaix et Tourcoing": a qualifier that is not one may be phrasing
            phrased = self.rephrase(query)
            if phrased is not None:
                result = phrased
        if result.ambiguous and result.candidates:
            result.__dict__["typed"] = LazySuggestions(self.typed_labels, result)
        return result

    def lookup(self, query: str) -> GeocodeResult:
        """The text as typed: coordinates, a name, or a name with qualifiers."""
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
        collect = self.tiers.collect
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
                    return self.finish(query, text, tiers)
                return self.qualified(query, main, [qual], main_key)
            key = name_key(text)
            tiers = collect(text, key, want_cities=False)
            if tiers:
                return self.finish(query, text, tiers)
            main, quals = split(text)
            if quals:
                return self.qualified(query, main, quals)
        else:
            key = name_key(text)
            tiers = collect(text, key, want_cities=False)
            if tiers:
                return self.finish(query, text, tiers)
        # The French tiers matched nothing just above: only world cities can match now.
        cities = self.tiers.cities(text, key)
        if cities:
            return self.finish(query, text, cities)
        return fast_result(query, None, notes=("no match",),
                           suggestions=LazySuggestions(self._suggest, text))

    def finish(self, query: str, typed: str, tiers: list[Match]) -> GeocodeResult:
        """The answer from tiers: an accented spelling first keeps the places spelled so."""
        if len(tiers) > 1 and not typed.isascii():
            tiers = prefer_exact_spelling(typed, tiers, self._spellings)
        return self.tiers.finish(query, tiers[0], tiers[1:])

    def _spellings(self, p: Place) -> frozenset[str]:
        """The spelling keys of the names a place is known by, accents and all (for
        :func:`prefer_exact_spelling`; kept per place, like the Place objects)."""
        hit = self._spelled.get(id(p))
        if hit is None or hit[0] is not p:
            names = [p.name]
            if p.precision == "commune":
                names += list(self.tiers.gaz.communes[p.code].former_names)
            elif p.precision == "country":
                names.append(self.tiers.gaz.countries[p.code].name_fr)
            hit = self._spelled[id(p)] = (p, frozenset(spelling_key(n) for n in names))
        return hit[1]

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
            if q in self.qualifiers.peeled:
                notes.append(f'qualifier "{q.strip()}" read as "{self.qualifiers.peeled[q]}"')
            want_cities |= info == "foreign"
            preds.append(pred)
        if key is None:
            key = name_key(main)
        pred = None if not preds else preds[0] if len(preds) == 1 else (
            lambda p: all(pr(p) for pr in preds))
        # French places first; world cities only for a foreign qualifier or as a fallback.
        tiers = self.tiers.collect(main, key, want_cities=want_cities)
        kept = keep(tiers, pred)
        if not kept and not want_cities:
            cities = self.tiers.cities(main, key)
            if cities:
                tiers = tiers + cities
                kept = keep(cities, pred)
        if not kept:
            sugg = LazySuggestions(self._suggest, main) if not tiers else tuple(
                p.label for t in tiers for p in t.places)[:10]
            return GeocodeResult(query, None, notes=tuple(notes + [
                f'no place "{main}" matches {", ".join(quals)}']), suggestions=sugg)
        result = self.finish(query, main, kept)
        if notes:
            result.__dict__["notes"] = result.notes + tuple(notes)
        return result

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

    # ------------------------------------------------------------ phrasing
    def rephrase(self, query: str) -> GeocodeResult | None:
        """The first reading of the phrase (:func:`~geo.geocoding.phrasing.readings`) that
        finds a place, or several; None when none does."""
        from geo.geocoding.phrasing import readings

        for reading in readings(query):
            if reading.parts:
                result = self.several(query, reading.parts, reading.notes)
            elif reading.airport:
                result = self.airports(query, reading.text, reading.notes)
            else:
                found = self.lookup(reading.text)
                if found.place is None and not found.ambiguous:
                    continue
                if reading.relation:
                    result = self.relative(query, found, reading.relation, reading.notes)
                else:
                    result = _renamed(found, query, reading.notes)
            if result is not None:
                return result
        return None

    def relative(self, query: str, found: GeocodeResult, relation: str,
                 notes: tuple[str, ...]) -> GeocodeResult:
        """"près de X": the wider area around X (never a point at X), with a note."""
        place = found.place
        if place is None:  # X itself is ambiguous: say which X, then the area around it
            return _renamed(found, query, notes)
        area = self.areas.wider(place, relation)
        if area is None:
            return GeocodeResult(query, None, notes=notes, error=(
                f'"{query}": no area is known around {place.label}; give the place itself, '
                "or coordinates"))
        what = _AREA_WORDS.get(area.precision, area.precision)
        note = (f"{query!r} places the site {relation} {place.label}, not in it: resolved to "
                f"the {what} around it, {area.label}")
        return fast_result(query, area, (area, place), False, found.score * 0.9,
                           (*notes, note))

    def several(self, query: str, parts: tuple[str, ...],
                notes: tuple[str, ...]) -> GeocodeResult | None:
        """Several places for one site: the smallest area that contains them all.

        An area as large as a country, or larger, is an error that asks for one feature
        per place (a point in the middle of France would say nothing true).
        """
        places: list[Place] = []
        for part in parts:
            found = self.resolve(part)
            if found.place is None:
                if found.ambiguous:
                    return _renamed(found, query, (
                        *notes, f'"{part}" (one of the places named) matches several places'))
                return None
            places.append(found.place)
        labels = ", ".join(p.label for p in places)
        area = self.areas.common(places)
        if area is None or area.precision in ("country", "city", "point", "airport"):
            return GeocodeResult(query, None, notes=notes, error=(
                f'"{query}" names {len(places)} places ({labels}) that are not in one region: '
                "make one feature per place (each with its own amount, or a share of it)"))
        note = f"several places ({labels}): resolved to the smallest area containing them all"
        result = fast_result(query, area, (area, *places), False, 0.9, (*notes, note))
        result.__dict__["parts"] = tuple(places)
        return result

    def airports(self, query: str, text: str, notes: tuple[str, ...]) -> GeocodeResult | None:
        """"aéroport de Nantes": the airports of that name or city."""
        main, quals = split(text)
        key = name_key(main)
        ix = self.tiers.ix
        hits = [h for h in ix.named_hits(key) if h[0] == "airport"] + ix.named_hits(f"~{key}")
        if not hits:
            return None
        places = list({id(p): p for p in (ix.airport_place(c) for _, c in hits)}.values())
        result = self.tiers.finish(query, Match(tuple(places), 1.0, notes, kind="named"), [])
        return result

    def typed_labels(self, result: GeocodeResult) -> list[str]:
        """What to type to get each candidate of an ambiguous result: its label when that
        resolves to it, else the label with its INSEE code (``Trappes (78621)``)."""
        former = dict(result.former_names)
        out = []
        for c in result.candidates[:12]:
            forms = [c.label]
            if c.precision == "commune":
                if c.code in former:
                    forms.insert(0, f"{former[c.code]} ({c.label.rsplit('(', 1)[-1]}")
                forms.append(f"{c.name} ({c.code})")
            elif c.precision == "country":  # "Congo": two countries by that name
                forms.append(country_label(c.name, c.code, shared=True))
            elif c.precision == "city":  # the country's code, else the coordinates
                forms += [f"{c.name} ({c.country})", f"{c.lat:.4f}, {c.lon:.4f}"]
            chosen = next((f for f in forms if self.lookup(f).place is c), forms[-1])
            out.append(chosen)
        return out


def _renamed(found: GeocodeResult, query: str, notes: tuple[str, ...]) -> GeocodeResult:
    """``found`` as the answer to ``query``, with the notes of how the phrase was read first."""
    r = fast_result(query, found.place, found.candidates, found.ambiguous, found.score * 0.95,
                    (*notes, *found.notes), found.suggestions, found.former_names)
    r.__dict__["parts"] = found.parts
    return r
