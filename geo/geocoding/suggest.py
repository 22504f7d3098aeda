"""Suggestions for unknown names: "Did you mean Cambrai (59)?" for ``Cambray``.

Only misses need them, and :class:`~geo.geocoding.places.LazySuggestions` computes them
only when read, so neither these indexes nor rapidfuzz is on the lookup path (rapidfuzz is
imported on the first miss whose suggestions are read).

Two sources, in this order:

1. places named *inside* the text: "usine Acme de Cambrai-Nord" holds Cambrai;
2. close names, ranked by :func:`rapidfuzz.fuzz.ratio` on the name key and on a rough
   sound key (``y``/``i``, doubled letters, silent endings), plus
   :data:`POPULATION_WEIGHT` points per tenfold population: a journalist more often
   misspells a city of 30,000 than a village of 300 (``Cambray`` is Cambrai before
   Chambray).
"""

from __future__ import annotations

import math
import re
from functools import cached_property

from geo.core.text import name_key
from geo.geocoding.indexes import Indexes
from geo.geocoding.places import country_label
from geo.geocoding.query import split

__all__ = ["POPULATION_WEIGHT", "Suggester", "sound_key"]

#: Points of similarity (out of 100) one tenfold of population is worth.
POPULATION_WEIGHT = 5.0
#: Below this similarity (out of 100), a name is not suggested.
_CUTOFF = 72.0
#: From this similarity on, a close name comes before the places named inside the text.
_STRONG = 88.0
_DOUBLED = re.compile(r"(\w)\1+")
_SILENT_END = re.compile(r"(?<=\w\w)[estxdz]\b")

#: (name key, kind, value): kind "commune" (INSEE code), "city" (GeoNames id) or "label".
_Ref = tuple[str, str]


def sound_key(key: str) -> str:
    """A rough French sound of a name key: ``cambray`` and ``cambrai`` sound the same.

    >>> sound_key("cambray") == sound_key("cambrai"), sound_key("marseilles")
    (True, 'marseile')
    """
    key = key.replace("y", "i").replace("ph", "f").replace("ck", "k").replace("qu", "k")
    key = _DOUBLED.sub(r"\1", key)
    return _SILENT_END.sub("", key)


class Suggester:
    """Close names of places, and the places named inside a longer text."""

    def __init__(self, ix: Indexes) -> None:
        self.ix = ix

    @cached_property
    def choices(self) -> tuple[list[str], list[list[_Ref]], list[float]]:
        """(name keys, the places of each, the weight of each) for communes
        (current names), departments, regions, former regions, intercommunalities, zones,
        arrondissements, countries and world cities."""
        gaz = self.ix.gaz
        refs: dict[str, list[_Ref]] = {}
        pops: dict[str, int] = {}

        def add(key: str, ref: _Ref, pop: int | None) -> None:
            if key:
                refs.setdefault(key, []).append(ref)
                pops[key] = max(pops.get(key, 0), pop or 0)

        commune_pops = gaz.communes.column(3)  # no Commune objects: ~35,000 of them
        for key, raw in gaz.commune_names.items():
            for e in raw.split():
                if e.endswith(":0"):
                    add(key, ("commune", e[:-2]), int(commune_pops[e[:-2]] or 0))
        for d in (*gaz.departments.values(), *gaz.regions.values()):
            add(d.keys[0], ("label", self.ix.division_place(d.kind, d.code).label), d.population)
        for kind in ("former_region", "epci", "zone", "arrondissement"):
            for code, r in gaz.places[kind].items():
                add(name_key(r["name"]), ("label", self.ix.area_place(kind, code).label),
                    r["population"])
        owners: dict[str, set[str]] = {}  # a name's key -> the countries it may mean
        for co in gaz.countries.values():
            for key in co.keys:
                owners.setdefault(key, set()).add(co.alpha2)
        for co in gaz.countries.values():
            for name in (co.name, co.name_fr):
                shared = owners.get(name_key(name)) != {co.alpha2}  # "Congo" is two countries
                add(name_key(name), ("label", country_label(name, co.alpha2, shared=shared)), co.population)
        for r in gaz.places["informal"].values():
            add(name_key(r["name"]), ("label", r["name"]), None)
        city_pops = gaz.cities.column(4)
        for key, ids in gaz.city_names.items():
            gid = ids.split()[0]
            add(key, ("city", gid), int(city_pops[gid] or 0))
        keys = list(refs)
        return (keys, [refs[k] for k in keys],
                [POPULATION_WEIGHT * math.log10(1 + pops[k]) for k in keys])

    def _label(self, ref: _Ref) -> str:
        kind, val = ref
        if kind == "commune":
            return self.ix.commune_place(val).label
        if kind == "city":
            return self.ix.city_place(str(int(val))).label
        return val

    def inside(self, key: str) -> list[str]:
        """Labels of the places whose whole name appears in ``key`` among other words,
        longest names first ("usine de cambrai nord" holds Cambrai)."""
        gaz = self.ix.gaz
        words = key.split()
        out: list[str] = []
        for size in range(len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                sub = " ".join(words[i:i + size])
                if len(sub) < 4:
                    continue
                for kind, code in self.ix.named_hits(sub):
                    out.append(self.ix.named_place(kind, code).label)
                if sub in self.ix.divisions:
                    kind, code, _ = self.ix.divisions[sub][0]
                    out.append(self.ix.division_place(kind, code).label)
                raw = gaz.commune_names.get(sub) or ""
                out += [self.ix.commune_place(e[:-2]).label for e in raw.split() if e.endswith(":0")]
                if sub in self.ix.countries:
                    out.append(self.ix.country_place(self.ix.countries[sub]).label)
        return list(dict.fromkeys(out))

    def suggest(self, text: str, n: int = 5) -> list[str]:
        """Up to ``2 n`` labels: places named inside the text, then close names by score."""
        main = split(text)[0] or text
        key = name_key(main)
        if not key:
            return []
        from rapidfuzz import fuzz, process  # only for misses: not on the cold path

        keys, refs, weights = self.choices
        sound = sound_key(key)
        scored: dict[int, float] = {}
        for _, score, i in process.extract(key, keys, scorer=fuzz.ratio, limit=200,
                                           score_cutoff=_CUTOFF - 15):
            score = max(score, fuzz.ratio(sound, sound_key(keys[i])))
            if score >= _CUTOFF:
                scored[i] = score
        best = sorted(scored, key=lambda i: (-(scored[i] + weights[i]), keys[i]))
        # A close name first when there is a very close one; then the places named inside
        # the text; then the other close names.
        out = [self._label(r) for i in best[:n] if scored[i] >= _STRONG for r in refs[i]]
        out = list(dict.fromkeys(out + self.inside(key)[:n]))
        for i in best:
            for ref in refs[i]:
                label = self._label(ref)
                if label not in out:
                    out.append(label)
            if len(out) >= n * 2:
                break
        return out[: n * 2]
