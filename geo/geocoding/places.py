"""The answers: :class:`Place` (one resolved place) and :class:`GeocodeResult` (one query's outcome).

The last step of the lookup pipeline, shared by the offline geocoder and the online
backend. :func:`fast_result` and :func:`point_place` build the same frozen objects as
their constructors, faster (the lookup hot path); :class:`LazySuggestions` defers the
fuzzy matching of a miss until someone reads the suggestions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["GeocodeResult", "LazySuggestions", "Place", "country_label", "department_of", "fast_result",
           "point_place"]


def department_of(insee: str) -> str:
    """The department code of an INSEE commune code: three digits overseas, two elsewhere.

    >>> department_of("59122"), department_of("97411"), department_of("2A004")
    ('59', '974', '2A')
    """
    return insee[:3] if insee.startswith("97") else insee[:2]



def country_label(name: str, code: str, *, shared: bool = False) -> str:
    """What to type to get a country back: its name, or its ISO code when the name would read
    as a place and its qualifier ("Saint Martin (French part)", "Congo, The Democratic
    Republic of the") or is `shared` with another country ("Congo").

    >>> country_label("Canada", "CA"), country_label("Saint Martin (French part)", "MF")
    ('Canada (country)', 'MF (country)')
    >>> country_label("Congo", "CG", shared=True)
    'CG (country)'
    """
    plain = not shared and not any(c in name for c in ",()")
    return f"{name if plain else code} (country)"


@dataclass(frozen=True)
class Place:
    """One resolved place with a representative point inside it."""

    name: str
    code: str
    precision: str
    lat: float
    lon: float
    context: str
    source: str
    population: int | None
    country: str
    #: Date (ISO) the place was fetched from an online service; None for shipped data.
    retrieved: str | None = None

    def __hash__(self) -> int:  # equal places have equal codes: cheaper than all 10 fields
        return hash((self.code, self.precision, self.lat, self.lon))

    def to_json(self) -> dict[str, Any]:
        """Plain dict for JSON output (all fields; ``retrieved`` only when set)."""
        out = {"name": self.name, "code": self.code, "precision": self.precision,
               "lat": self.lat, "lon": self.lon, "context": self.context,
               "source": self.source, "population": self.population,
               "country": self.country}
        if self.retrieved is not None:
            out["retrieved"] = self.retrieved
        return out

    @property
    def label(self) -> str:
        """Name with the qualifier that makes it unique, e.g. ``Saint-Denis (93)``."""
        if self.source == "nominatim":  # no INSEE code: name, first context part, country
            parts = [p for p in self.context.split(", ") if p]
            return ", ".join(dict.fromkeys([self.name, *parts[:1], *parts[-1:]]))
        if self.precision == "commune":
            dep = department_of(self.code)
            return f"{self.name} ({dep})"
        if self.precision == "department":
            return f"{self.name} (département {self.code})"
        if self.precision == "region":
            return f"{self.name} (région)"
        if self.precision == "country":
            return country_label(self.name, self.code)
        if self.precision == "city":
            return f"{self.name}, {self.context.split(', ')[-1]}"
        if self.precision == "former_region":
            return f"{self.name} (ancienne région)"
        if self.precision == "airport":
            return f"{self.name} ({self.code})"
        return self.name  # arrondissement, intercommunality, zone: names unique in France


@dataclass(frozen=True)
class GeocodeResult:
    """Outcome of one query: a place only when exactly one place matches."""

    query: str
    place: Place | None
    candidates: tuple[Place, ...] = ()
    ambiguous: bool = False
    score: float = 0.0
    notes: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = field(default=())
    #: Why the query could not be resolved when it isn't "no match" (e.g. a server error).
    error: str | None = None
    #: (INSEE code, former name) of candidates matched only by the former name of a merged
    #: commune: :meth:`error_message` words their qualifier with that name (``Évry (91)``).
    former_names: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    #: The places a query named when it named several (``Obernai et Bischwiller``): ``place``
    #: is then the smallest area that contains them all.
    parts: tuple[Place, ...] = ()
    #: What to type to get each candidate (same order), when it is not its label: filled by
    #: the geocoder, which checks that each one resolves to its candidate.
    typed: Sequence[str] = field(default=(), compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        """Stable JSON shape used by the CLI and the pipeline (null fields when unresolved)."""
        p = self.place
        return {
            "query": self.query,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "precision": p.precision if p else None,
            "name": p.name if p else None,
            "code": p.code if p else None,
            "context": p.context if p else None,
            "source": p.source if p else None,
            "score": round(self.score, 3),
            "candidates": [c.to_json() for c in self.candidates],
            "ambiguous": self.ambiguous,
            "notes": list(self.notes),
            "suggestions": list(self.suggestions),
        } | ({"retrieved": p.retrieved} if p is not None and p.retrieved else {}) | (
            {"places": [{"name": q.name, "code": q.code, "precision": q.precision}
                        for q in self.parts]} if self.parts else {})

    def error_message(self) -> str:
        """Human explanation for an unresolved query, telling the user what to type."""
        if self.place is not None:
            return ""
        if self.error:
            return self.error
        if self.ambiguous and self.candidates:
            lines = [f'"{self.query}" matches {len(self.candidates)} places; '
                     "add a qualifier to choose one:"]
            former = dict(self.former_names)
            typed = list(self.typed) if self.typed else []
            for i, c in enumerate(self.candidates[:12]):
                pop = f", pop. {c.population:,}" if c.population else ""
                context = f"{c.context}{pop}" if c.context else pop.lstrip(", ")
                label = typed[i] if i < len(typed) and typed[i] else None
                old = former.get(c.code) if c.precision == "commune" else None
                if old:  # the name typed is the old one: qualify it, say what it became
                    label = label or f"{old} ({department_of(c.code)})"
                    lines.append(f'  - "{label}"  ({old} is the former name of '
                                 f"{c.name}, a merged commune; {context})")
                else:
                    label = label or c.label
                    if c.precision == "country" and not label.startswith(c.name):
                        context = f"{c.name}{pop}"  # suggested by its code: say which it is
                    lines.append(f'  - "{label}"  ({context})')
            if len(self.candidates) > 12:
                lines.append(f"  ... and {len(self.candidates) - 12} more")
            return "\n".join(lines)
        msg = f'No place found for "{self.query}".'
        if self.suggestions:
            msg += " Did you mean: " + ", ".join(f'"{s}"' for s in self.suggestions) + "?"
        return msg + ' You can also give coordinates, e.g. "48.59, 2.19".'


def fast_result(query: str, place: Place | None, candidates: tuple[Place, ...] = (),
                ambiguous: bool = False, score: float = 0.0, notes: tuple[str, ...] = (),
                suggestions: Sequence[str] = (),
                former_names: tuple[tuple[str, str], ...] = ()) -> GeocodeResult:
    """``GeocodeResult(...)`` without the frozen-dataclass ``__init__`` (8 ``object.__setattr__``
    calls): the same object, built in a third of the time on the lookup hot path."""
    r = object.__new__(GeocodeResult)
    r.__dict__.update(query=query, place=place, candidates=candidates, ambiguous=ambiguous,
                      score=score, notes=notes, suggestions=suggestions, error=None,
                      former_names=former_names, parts=(), typed=())
    return r


class LazySuggestions(Sequence):
    """A tuple of suggestions computed on first use.

    Why: fuzzy matching costs milliseconds, far more than a lookup; a batch that
    only needs to know a place is unknown (or prints the error of the first
    one) must not pay it for every miss. Compares equal to the plain tuple.
    """

    __slots__ = ("_args", "_fn", "_items")

    def __init__(self, fn: Callable[..., Sequence[str]], *args: Any) -> None:
        self._fn: Any = fn
        self._args: Any = args
        self._items: tuple[str, ...] | None = None

    def _get(self) -> tuple[str, ...]:
        if self._items is None:
            self._items = tuple(self._fn(*self._args))
            self._fn = self._args = None
        return self._items

    def __getitem__(self, i: Any) -> Any:  # an int or a slice, as for a tuple
        return self._get()[i]

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __contains__(self, item: object) -> bool:
        return item in self._get()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, list, LazySuggestions)):
            return self._get() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._get())

    def __repr__(self) -> str:
        return repr(self._get())


def point_place(lat: float, lon: float, context: str, country: str) -> Place:
    """The ``point`` Place of a coordinate query: ``Place(...)`` without the frozen ``__init__``'s
    10 ``object.__setattr__`` calls (same object).

    >>> point_place(48.59, 2.19, "Essonne, Île-de-France, France", "FR").name
    '48.59000, 2.19000'
    """
    place = object.__new__(Place)
    place.__dict__.update(name=f"{lat:.5f}, {lon:.5f}", code="", precision="point", lat=lat,
                          lon=lon, context=context, source="coordinates", population=None,
                          country=country, retrieved=None)
    return place
