"""Qualifiers: what ``(93)``, ``, Drôme`` or ``(commune)`` after a name keeps of its matches.

Part of the ranking step. A qualifier never matches on its own: it is read as a
predicate on places (a department code or name, a region, a country, a postal code,
or a kind word), and :func:`geo.geocoding.tiers.keep` keeps the matches of the name
that satisfy it. A qualifier the geocoder does not understand is ignored, with a note.
"""

from __future__ import annotations

from collections.abc import Callable

from geo.core.text import name_key
from geo.geocoding.indexes import Indexes
from geo.geocoding.places import Place, department_of
from geo.geocoding.query import KIND_WORDS, dep_code, is_postal

__all__ = ["Predicate", "Qualifiers"]

#: Precisions a department or region qualifier keeps when all their members lie in it.
_IN_DEPARTMENT = ("arrondissement", "epci", "zone")


def _members(gaz: object, p: Place) -> list[str]:
    """INSEE codes of an area's members (an arrondissement is its own member)."""
    if p.precision == "arrondissement":
        return [p.code]
    return gaz.places[p.precision][p.code]["members"]  # type: ignore[attr-defined]

Predicate = Callable[[Place], bool]
#: At most this many qualifier texts are kept (a few hundred in practice).
_MAX_KEPT = 4096


class Qualifiers:
    """Predicates of qualifier texts over one set of indexes, kept per text.

    The predicate depends on the qualifier and the gazetteer only, never on the name it
    qualifies, so it is part of the warm indexes, not a result cache.
    """

    def __init__(self, ix: Indexes) -> None:
        self.ix = ix
        self._kept: dict[str, tuple[Predicate | None, str | None, str]] = {}
        #: Qualifiers understood once the words around them were read off (kept for notes).
        self.peeled: dict[str, str] = {}

    def predicate(self, qual: str) -> tuple[Predicate | None, str | None]:
        """(predicate, info) of a qualifier: info is ``"foreign"`` for a country other than
        France; (None, note) when the qualifier is not understood."""
        hit = self._kept.get(qual)
        if hit is None:
            hit = (*self.build(qual), name_key(qual))
            if len(self._kept) < _MAX_KEPT:
                self._kept[qual] = hit
        return hit[0], hit[1]

    def key(self, qual: str) -> str:
        """``name_key(qual)``, kept with the qualifier's predicate."""
        hit = self._kept.get(qual)
        if hit is None:
            self.predicate(qual)
            hit = self._kept.get(qual)
            if hit is None:  # no room left
                return name_key(qual)
        return hit[2]

    def _kind_and_name(self, qual: str, key: str) -> tuple[Predicate, str | None] | None:
        """"département 86", "région Bretagne" (as the labels of divisions say): that kind
        of place, of that code or name; None for any other qualifier."""
        head, _, rest = key.partition(" ")
        if not rest or KIND_WORDS.get(head) not in ("department", "region"):
            return None
        inner, info = self.build(qual.strip().split(None, 1)[1])
        if inner is None:
            return None
        kind_word = KIND_WORDS[head]
        return (lambda p: p.precision == kind_word and (
            p.code == dep_code(rest) or inner(p) or name_key(p.name) == rest)), info

    def build(self, qual: str) -> tuple[Predicate | None, str | None]:
        """The predicate of one qualifier (uncached; see :meth:`predicate`).

        A kind word keeps that kind (``commune``/``ville`` also keep world cities);
        otherwise a place is kept if it satisfies any reading of the text: postal code,
        department (code or name), region, country (name or ISO code).
        """
        key = name_key(qual)
        kinded = self._kind_and_name(qual, key)
        if kinded is not None:
            return kinded
        kind = KIND_WORDS.get(key)
        if kind == "town":  # a French commune or a world city
            return (lambda p: p.precision in ("commune", "city")), None
        if kind is not None:
            return (lambda p: p.precision == kind), None
        ix = self.ix
        gaz = ix.gaz
        s = qual.strip()
        dep = dep_code(s)
        deps = {dep} if dep in gaz.departments else set()
        regs: set[str] = set()
        for div_kind, code, _ in ix.divisions.get(key, []):
            (deps if div_kind == "department" else regs).add(code)
        countries = set()
        if key in ix.countries:
            countries.add(ix.countries[key])
        if s.isalpha() and len(s) in (2, 3) and s.lower() in ix.country_codes:
            countries.add(ix.country_codes[s.lower()])
        commune_dep, commune_region = ix.commune_dep, ix.commune_region
        tests: list[Predicate] = []
        if is_postal(s):  # a postal code, or the INSEE code itself ("Trappes (78621)")
            tests.append(lambda p: p.code == s or (p.precision == "commune" and
                                                   s in gaz.communes[p.code].postal_codes))
        if s.isalpha() and s.isupper() and len(s) in (3, 4):  # an airport's code
            tests.append(lambda p: p.precision == "airport" and p.code == s)
        if deps:
            tests.append(lambda p: (p.precision == "commune" and commune_dep[p.code] in deps)
                         or (p.precision in _IN_DEPARTMENT and
                             {department_of(c) for c in _members(gaz, p)} <= deps))
        if regs:
            tests.append(lambda p: (p.precision == "commune" and commune_region[p.code] in regs)
                         or (p.precision == "department" and gaz.departments[p.code].region in regs)
                         or (p.precision in _IN_DEPARTMENT and {
                             gaz.departments[department_of(c)].region for c in _members(gaz, p)}
                             <= regs))
        if countries:
            tests.append(lambda p: p.country in countries and p.precision != "country")
        if not tests:
            from geo.geocoding.phrasing import peel_qualifier  # rare: words around a qualifier

            peeled = peel_qualifier(s)
            if peeled and peeled != s:  # "dans le Nord de la France" -> "France"
                if len(self.peeled) < _MAX_KEPT:
                    self.peeled[qual] = peeled
                return self.build(peeled)
            return None, f'qualifier "{s}" not understood: ignored'
        foreign = bool(countries - {"FR"})
        pred = tests[0] if len(tests) == 1 else (lambda p: any(t(p) for t in tests))
        return pred, ("foreign" if foreign else None)
