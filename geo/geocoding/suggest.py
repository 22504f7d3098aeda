"""Suggestions for unknown names: "Did you mean Cambrai (59)?" for ``Cambrau``.

Only misses need them, and :class:`~geo.geocoding.places.LazySuggestions` computes them
only when read, so neither this index nor difflib is on the lookup path.
"""

from __future__ import annotations

from functools import cached_property

from geo.core.text import name_key
from geo.geocoding.indexes import Indexes
from geo.geocoding.query import split

__all__ = ["Suggester"]

#: (name key, (kind, value)): kind "commune" (INSEE code), "city" (GeoNames id) or "label".
_Entry = tuple[str, tuple[str, str]]


class Suggester:
    """Close names of places, from first-letter buckets of every name key."""

    def __init__(self, ix: Indexes) -> None:
        self.ix = ix

    @cached_property
    def buckets(self) -> dict[str, list[_Entry]]:
        """First letter of a key -> [(key, reference)] for communes (current names),
        departments, regions (current and former), countries and world cities."""
        gaz = self.ix.gaz
        buckets: dict[str, list[_Entry]] = {}

        def add(key: str, ref: tuple[str, str]) -> None:
            if key:
                buckets.setdefault(key[0], []).append((key, ref))

        for key, raw in gaz.commune_names.items():
            for e in raw.split():
                if e.endswith(":0"):
                    add(key, ("commune", e[:-2]))
        for d in gaz.departments.values():
            add(d.keys[0], ("label", d.name))
        for r in gaz.regions.values():
            add(r.keys[0], ("label", r.name))
        for key, fr in gaz.former_regions.items():
            add(key, ("label", fr["name"]))
        for co in gaz.countries.values():
            add(name_key(co.name), ("label", co.name))
            add(name_key(co.name_fr), ("label", co.name_fr))
        for key, ids in gaz.city_names.items():
            add(key, ("city", ids.split()[0]))
        return buckets

    def _label(self, ref: tuple[str, str]) -> str:
        kind, val = ref
        if kind == "commune":
            return self.ix.commune_place(val).label
        if kind == "city":
            return self.ix.city_place(str(int(val))).label
        return val

    def suggest(self, text: str, n: int = 5) -> list[str]:
        """Up to ``2 n`` labels of places whose names are close to the name in ``text``.

        Why bucketed: comparing against ~40,000 names with difflib costs ~1 s; names
        sharing the first letter and a similar length (± 2) are enough for typos.
        """
        key = name_key(split(text)[0] or text)
        if not key:
            return []
        pool = [e for e in self.buckets.get(key[0], []) if abs(len(e[0]) - len(key)) <= 2]
        keys = list(dict.fromkeys(k for k, _ in pool))
        import difflib  # only for misses: not on the cold path

        best = difflib.get_close_matches(key, keys, n=n, cutoff=0.75)
        out: list[str] = []
        for b in best:
            for k, ref in pool:
                label = self._label(ref) if k == b else None
                if label and label not in out:
                    out.append(label)
        return out[: n * 2]
