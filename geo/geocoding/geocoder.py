"""Offline geocoder for the place names found in investment announcements.

Why offline and strict: a map of announced investments is only honest if every
symbol sits where the announcement says. So the geocoder works from the shipped
gazetteer only (reproducible, no network), never picks one of several homonyms
silently, and explains every non-obvious decision in ``notes``.

Query forms understood (case, accents and punctuation are ignored; ``St``/``Ste``
mean ``Saint``/``Sainte``):

* commune names, current or former (communes merged since 2015 keep their old
  names and INSEE codes), and GeoNames exonyms of French cities (``Dunkirk``);
* postal codes (``59400``) and INSEE codes (``59122``); a postal code wins over an
  INSEE code made of the same digits;
* department names and codes (``Essonne``, ``91``, ``2A``, ``974``, ``FR-91``);
* region names, ISO codes (``FR-IDF``), aliases (``PACA``, ``IDF``) and pre-2016
  names (``Nord-Pas-de-Calais``: resolved to the current region, with a note);
* countries: English/French names, aliases (``UAE``, ``Royaume-Uni``), ISO
  alpha-2/alpha-3 (``AE``, ``ARE``; a 2-3 letter code typed in capitals is read as a
  country code first);
* world cities >= 15,000 inhabitants with their alternate names (``Londres``);
* qualifiers after a comma or in brackets: department code/name, region, country,
  or a kind (``commune``, ``département``, ``région``, ``pays``/``country``,
  ``ville``/``city``): ``Saint-Denis (93)``, ``Valence, Drôme``,
  ``Portland, United States``, ``Vienne (commune)``;
* coordinates ``"48.59, 2.19"`` (precision ``point``, context from :meth:`Geocoder.reverse`).

Precedence rule for an unqualified name (first matching tier wins; the other
matches are listed in ``candidates`` and named in ``notes``):

1. codes: postal/INSEE code, department code, ISO 3166-2 code, capitalised ISO
   country code;
2. an exact department or region name (current, alias or pre-2016). So
   ``Essonne`` -> department 91, ``Nord`` -> department 59, ``Vienne`` -> department
   86 even though communes (and Vienna, "Vienne" in French) share the name: add
   ``(commune)`` or a country to get those. A name that is both a department and a
   region of the same territory (``Martinique``, ``La Réunion``...) gives the
   department. Exception: ``Paris`` (and ``FR-75C``) gives the *commune* of Paris
   (75056), which has exactly the territory of department 75; a note says so;
3. a country name or alias (``France``, ``Émirats arabes unis``);
4. French communes (current names, former names, exonyms) - all homonyms together,
   so ``Saint-Denis`` or ``Valence`` are ambiguous;
5. ISO country codes typed in lower case (``ae``);
6. world cities outside France: main names first, alternate names only if no
   main name matches. A French place always wins over a foreign city unless the
   query is qualified with another country.

Homonyms are never resolved silently: several candidates give ``ambiguous=True``
and no ``place``. With ``prefer="populous"`` the most populous candidate is
picked only if it has at least 10x the population of the next one, and a note
says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from geo.core.geometry import near_geometry, point_in_geometry
from geo.core.text import name_key as normalize
from geo.gazetteer import Gazetteer

__all__ = ["GeocodeResult", "Geocoder", "Place", "parse_coordinates"]

PRECISIONS = ("commune", "department", "region", "country", "city", "point")
POPULOUS_FACTOR = 10
#: Distance (km) from a country's simplified outline still counted as inside it.
COUNTRY_MARGIN_KM = 10.0
PARIS_COMMUNE = "75056"
_COORD = re.compile(
    r"^\s*\(?\s*([-+]?\d{1,3}(?:[.,]\d+)?)\s*°?\s*([NSns])?\s*[,;/ ]\s*"
    r"([-+]?\d{1,3}(?:[.,]\d+)?)\s*°?\s*([EWOewo])?\s*\)?\s*$"
)
_DIGITS = frozenset("0123456789")
_PARENS = re.compile(r"\(([^()]*)\)")


def _is_postal(s: str) -> bool:
    """Five ASCII digits, without a regex (hot path)."""
    return len(s) == 5 and _DIGITS.issuperset(s)


def _dep_code(s: str) -> str | None:
    """A department code as typed (``1``, ``91``, ``974``, ``2a``) in canonical form, else None."""
    n = len(s)
    if 0 < n <= 3 and _DIGITS.issuperset(s):
        return s.zfill(2)
    if n == 2 and s[0] == "2" and s[1] in "ABab":
        return s.upper()
    return None


_KIND_WORDS = {
    "commune": "commune", "ville": "commune", "city": "city", "town": "city",
    "departement": "department", "department": "department", "dept": "department",
    "dep": "department", "region": "region", "pays": "country", "country": "country",
}


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """Parse ``"48.59, 2.19"`` (lat, lon) into floats.

    Why: journalists paste coordinates from a map; they must bypass name lookup.
    Accepts ``;``, ``/`` or space separators, ``N/S/E/W`` suffixes. Returns None when
    the text is not a coordinate pair, raises ValueError when it is one but out of
    range (a likely lat/lon swap or typo that must not be mapped silently).
    """
    m = _COORD.match(text)
    if not m:
        return None
    if "," in m.group(1) and "," in m.group(3):
        pass  # decimal commas: "48,59; 2,19"
    lat = float(m.group(1).replace(",", "."))
    lon = float(m.group(3).replace(",", "."))
    if m.group(2) and m.group(2).upper() == "S":
        lat = -abs(lat)
    if m.group(4) and m.group(4).upper() in ("W", "O"):
        lon = -abs(lon)
    if not -90.0 <= lat <= 90.0:
        raise ValueError(f"latitude {lat} out of range [-90, 90] in {text!r}")
    if not -180.0 <= lon <= 180.0:
        raise ValueError(f"longitude {lon} out of range [-180, 180] in {text!r}")
    return lat, lon


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
            dep = self.code[:3] if self.code.startswith("97") else self.code[:2]
            return f"{self.name} ({dep})"
        if self.precision == "department":
            return f"{self.name} (département {self.code})"
        if self.precision == "region":
            return f"{self.name} (région)"
        if self.precision == "country":
            return f"{self.name} (country)"
        if self.precision == "city":
            return f"{self.name}, {self.context.split(', ')[-1]}"
        return self.name


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
        } | ({"retrieved": p.retrieved} if p is not None and p.retrieved else {})

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
            for c in self.candidates[:12]:
                pop = f", pop. {c.population:,}" if c.population else ""
                old = former.get(c.code) if c.precision == "commune" else None
                if old:  # the name typed is the old one: qualify it, say what it became
                    dep = c.code[:3] if c.code.startswith("97") else c.code[:2]
                    lines.append(f'  - "{old} ({dep})"  ({old} is the former name of '
                                 f"{c.name}, a merged commune; {c.context}{pop})")
                else:
                    lines.append(f'  - "{c.label}"  ({c.context}{pop})')
            if len(self.candidates) > 12:
                lines.append(f"  ... and {len(self.candidates) - 12} more")
            return "\n".join(lines)
        msg = f'No place found for "{self.query}".'
        if self.suggestions:
            msg += " Did you mean: " + ", ".join(f'"{s}"' for s in self.suggestions) + "?"
        return msg + ' You can also give coordinates, e.g. "48.59, 2.19".'


def _result(query: str, place: Place | None, candidates: tuple[Place, ...] = (),
            ambiguous: bool = False, score: float = 0.0, notes: tuple[str, ...] = (),
            suggestions: Sequence[str] = (),
            former_names: tuple[tuple[str, str], ...] = ()) -> GeocodeResult:
    """``GeocodeResult(...)`` without the frozen-dataclass ``__init__`` (8 ``object.__setattr__``
    calls): the same object, built in a third of the time on the lookup hot path."""
    r = object.__new__(GeocodeResult)
    r.__dict__.update(query=query, place=place, candidates=candidates, ambiguous=ambiguous,
                      score=score, notes=notes, suggestions=suggestions, error=None,
                      former_names=former_names)
    return r


class _LazySuggestions(Sequence):
    """A tuple of suggestions computed on first use.

    Why: fuzzy matching costs milliseconds, far more than a lookup; a batch that
    only needs to know a place is unknown (or prints the error of the first
    one) must not pay it for every miss. Compares equal to the plain tuple.
    """

    __slots__ = ("_args", "_fn", "_items")

    def __init__(self, fn: Any, *args: Any) -> None:
        self._fn, self._args, self._items = fn, args, None

    def _get(self) -> tuple[str, ...]:
        if self._items is None:
            self._items = tuple(self._fn(*self._args))
            self._fn = self._args = None
        return self._items

    def __getitem__(self, i):  # type: ignore[override]
        return self._get()[i]

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self):
        return iter(self._get())

    def __contains__(self, item: object) -> bool:
        return item in self._get()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, list, _LazySuggestions)):
            return self._get() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._get())

    def __repr__(self) -> str:
        return repr(self._get())


class _Match:
    """One precedence tier of matches for a name (internal; a slotted class, not a dataclass:
    one is built per tier of every lookup)."""

    __slots__ = ("former", "notes", "own_notes", "places", "ranked", "score")

    def __init__(self, places: Sequence[Place], score: float, notes: Sequence[str],
                 former: tuple[tuple[str, str], ...] = (),
                 ranked: Sequence[Place] | None = None, own_notes: bool = False) -> None:
        self.places = places
        self.score = score
        self.notes = notes
        #: (code, former name) of communes matched by a former name only (see GeocodeResult).
        self.former = former
        #: ``places`` deduplicated and sorted as candidates (:func:`_ranked`), when known.
        self.ranked = ranked
        #: Every note names one of ``places`` by its label (true of a commune name's notes).
        self.own_notes = own_notes


#: (the tier of a commune name, without notes; [(kind, label)] needing a note): notes quote
#: the text typed, so they are worded per lookup (the tier is shared when there are none).
_CommuneEntry = tuple[_Match, tuple[tuple[int, str], ...]]


def _population_order(p: Place) -> int:
    return -(p.population or 0)


def _distinct(places: Sequence[Place]) -> list[Place]:
    """``places`` without repeats, in order.

    By identity: the places a Geocoder matches are its cached Place objects, one per
    (kind, code), so equal places are the same object (and hashing by id is several
    times cheaper than Place.__hash__).
    """
    return list({id(p): p for p in places}.values())


def _ranked(places: Sequence[Place]) -> list[Place]:
    """Candidates in answer order: distinct places, most populous first (stable for ties)."""
    cands = _distinct(places)
    cands.sort(key=_population_order)
    return cands


class _ByCode(dict):
    """``code -> value`` filled as Places are made, falling back to ``fn(code)`` when missing.

    Why: qualifier predicates run on every candidate of a qualified lookup; a plain dict
    read is several times cheaper than going through the commune table's records.
    """

    __slots__ = ("_fn",)

    def __init__(self, fn: Any) -> None:
        super().__init__()
        self._fn = fn

    def __missing__(self, code: str) -> Any:
        val = self[code] = self._fn(code)
        return val


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _one_qualifier(text: str) -> tuple[str, str] | None:
    """``Geocoder._split(text)`` for the two shapes nearly every qualified query has.

    ``"Name (qualifier)"`` -> (``"Name"``, ``"qualifier"``) and ``"Name, qualifier"`` ->
    (``"Name"``, ``"qualifier"``), exactly as :meth:`Geocoder._split` words them (a
    bracketed qualifier is not stripped); None for any other shape (use ``_split``).
    ``text`` is stripped.
    """
    if "," in text:
        if "(" in text or text.count(",") != 1:
            return None
        main, _, qual = text.partition(",")
        main, qual = main.strip(), qual.strip()
    else:
        if text[-1] != ")" or text.count("(") != 1 or text.count(")") != 1:
            return None
        main, _, qual = text[:-1].partition("(")
        main = main.strip()
        if not qual.strip():
            return None
    if not main or not qual:
        return None
    return main, qual


def _keep(tiers: Sequence[_Match], pred: Any) -> _Match | None:
    """The places of ``tiers`` that satisfy a qualifier's ``pred`` (None: all), as one tier.

    Places in tier order, without repeats; score of the best tier that kept some; the
    (code, former name) of kept communes matched by a former name; the tiers' notes
    that concern what was kept; None when nothing was kept. When one tier kept all its
    places, its candidates ranking comes along (no sort per lookup).
    """
    pool: list[Place] = []
    former: list[tuple[str, str]] = []
    notes: list[str] = []
    score = 0.0
    ranked = None
    contributing = 0
    for t in tiers:
        places = t.places
        kept = list(places) if pred is None else [p for p in places if pred(p)]
        if kept:
            contributing += 1
            if not pool:
                pool = kept if len(kept) == 1 else _distinct(kept)
            else:
                pool = _distinct(pool + kept)
            whole = len(kept) == len(places)
            ranked = t.ranked if contributing == 1 and whole else None
            score = max(score, t.score)
            if whole and t.own_notes:  # the filters below would keep every note and name
                notes += t.notes
                former += t.former
                continue
            if t.former:
                former += [f for f in t.former if any(p.code == f[0] for p in kept)]
            if t.notes:
                notes += [n for n in t.notes if any(p.label in n for p in kept)
                          or "former region" in n or "ISO" in n]
    if not pool:
        return None
    return _Match(pool, score, notes, tuple(former), ranked)


def _outside_cell_a(lat: float, lon: float, gy: int, gx: int, cos1: float) -> float:
    """A lower bound of the haversine term ``a`` from the point to any point outside its grid cell.

    Why: :meth:`Geocoder._nearest_commune` scans the point's 0.1-degree cell first; when the
    best commune there is closer than anything outside the cell can be, the 8 cells around
    need no scan (same answer: only a strictly smaller ``a`` could replace the best).
    Outside the cell, a point is either beyond one of its parallels (``a`` >= sin²(dφ/2)) or,
    within its latitude band, beyond one of its meridians (``a`` >= cos φ1 · min cos φ2 ·
    sin²(dλ/2)). Shrunk by a relative 1e-9 so float rounding can only make it smaller.
    """
    y0, y1, x0, x1 = gy / 10, (gy + 1) / 10, gx / 10, (gx + 1) / 10
    dphi = math.radians(min(lat - y0, y1 - lat))
    dlam = math.radians(min(lon - x0, x1 - lon))
    if dphi <= 0 or dlam <= 0:
        return 0.0
    cos_band = min(math.cos(math.radians(y0)), math.cos(math.radians(y1)))
    bound = min(math.sin(dphi / 2) ** 2, cos1 * cos_band * math.sin(dlam / 2) ** 2)
    return bound * (1 - 1e-9)


class Geocoder:
    """Resolve place names against the shipped gazetteer (see module docstring)."""

    def __init__(self, gazetteer: Gazetteer | None = None, prefer: str | None = None) -> None:
        if prefer not in (None, "populous"):
            raise ValueError(f"prefer must be None or 'populous', not {prefer!r}")
        self.gaz = gazetteer or Gazetteer()
        self.prefer = prefer
        self._places: dict[tuple[str, str], Place] = {}
        # Results are immutable: memoise per instance (announcements repeat place names).
        self._memo: dict[str, GeocodeResult] = {}
        # Per qualifier text: its predicate (see _qualifier).
        self._qualifiers: dict[str, tuple[Any, str | None, str]] = {}
        # Per commune-index name: places and notes to word (see _commune_entry).
        self._commune_entries: dict[str, _CommuneEntry] = {}
        # id(place) -> (place,) for the cached places (see _alone).
        self._alone_tuples: dict[int, tuple[Place]] = {}
        # Per country code: its tier (see _country_tier).
        self._country_tiers: dict[str, _Match] = {}
        # Per postal code: the tier it gives (see _code_tiers).
        self._postal_tiers: dict[str, _Match | None] = {}
        # INSEE code -> department / region of a commune, for qualifier predicates.
        self._commune_dep = _ByCode(lambda code: self.gaz.communes[code].department)
        self._commune_region = _ByCode(
            lambda code: self.gaz.departments[self._commune_dep[code]].region)

    # ------------------------------------------------------------ indexes
    def _commune_hits(self, key: str) -> list[tuple[str, int]]:
        """[(INSEE code, kind)] with kind 0 current name, 1 former name, 2 alias."""
        raw = self.gaz.commune_names.get(key)
        if not raw:
            return []
        return [(e[:-2], int(e[-1])) for e in raw.split()]

    @cached_property
    def _postal_index(self) -> dict[str, list[str]]:
        idx: dict[str, list[str]] = {}
        for c in self.gaz.communes.values():
            for pc in c.postal_codes:
                idx.setdefault(pc, []).append(c.code)
        return idx

    @cached_property
    def _former_code_index(self) -> dict[str, str]:
        return {old: c.code for c in self.gaz.communes.values() for old in c.former_codes}

    @cached_property
    def _division_index(self) -> dict[str, list[tuple[str, str, str | None]]]:
        """key -> [(kind, code, note)] for departments and regions."""
        idx: dict[str, list[tuple[str, str, str | None]]] = {}
        for d in self.gaz.departments.values():
            for k in d.keys:
                idx.setdefault(k, []).append(("department", d.code, None))
        for alias, code in self.gaz.department_aliases.items():
            idx.setdefault(alias, []).append(("department", code, None))
        for r in self.gaz.regions.values():
            for k in r.keys:
                idx.setdefault(k, []).append(("region", r.code, None))
        for alias, code in self.gaz.region_aliases.items():
            if not any(e[1] == code for e in idx.get(alias, [])):
                idx.setdefault(alias, []).append(("region", code, None))
        for key, fr in self.gaz.former_regions.items():
            cur = self.gaz.regions[fr["region"]].name
            note = (f"{fr['name']} is a former region (before 2016): resolved to {cur}")
            idx.setdefault(key, []).append(("region", fr["region"], note))
        return idx

    @cached_property
    def _country_index(self) -> dict[str, str]:
        return {k: c.alpha2 for c in self.gaz.countries.values() for k in c.keys}

    @cached_property
    def _country_codes(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for c in self.gaz.countries.values():
            out[c.alpha2.lower()] = c.alpha2
            out[c.alpha3.lower()] = c.alpha2
        return out

    @cached_property
    def _grid(self) -> dict[tuple[int, int], list[str]]:
        """0.1-degree buckets of commune points for reverse geocoding."""
        grid: dict[tuple[int, int], list[str]] = {}
        for c in self.gaz.communes.values():
            grid.setdefault((math.floor(c.lat * 10), math.floor(c.lon * 10)), []).append(c.code)
        return grid

    # ------------------------------------------------------------ places
    def commune_place(self, code: str) -> Place:
        """Place for an INSEE commune code."""
        key = ("commune", code)
        p = self._places.get(key)
        if p is None:
            c = self.gaz.communes[code]
            dep = self.gaz.departments[c.department]
            reg = self.gaz.regions[dep.region or ""]
            p = Place(c.name, c.code, "commune", c.lat, c.lon,
                      f"{dep.name}, {reg.name}, France", "insee-cog", c.population, "FR")
            self._places[key] = p
        return p

    def department_place(self, code: str) -> Place:
        """Place for a department code ("91", "2A", "974")."""
        key = ("department", code)
        p = self._places.get(key)
        if p is None:
            d = self.gaz.departments[code]
            reg = self.gaz.regions[d.region or ""]
            p = Place(d.name, d.code, "department", d.lat, d.lon, f"{reg.name}, France",
                      "insee-cog", d.population, "FR")
            self._places[key] = p
        return p

    def region_place(self, code: str) -> Place:
        """Place for an INSEE region code ("11")."""
        key = ("region", code)
        p = self._places.get(key)
        if p is None:
            r = self.gaz.regions[code]
            p = Place(r.name, r.code, "region", r.lat, r.lon, "France", "insee-cog",
                      r.population, "FR")
            self._places[key] = p
        return p

    def country_place(self, alpha2: str) -> Place:
        """Place for an ISO alpha-2 country code."""
        key = ("country", alpha2)
        p = self._places.get(key)
        if p is None:
            c = self.gaz.countries[alpha2]
            p = Place(c.name, c.alpha2, "country", c.lat, c.lon, "", "iso3166",
                      c.population, c.alpha2)
            self._places[key] = p
        return p

    def city_place(self, gid: int) -> Place:
        """Place for a GeoNames id of a world city."""
        return self._city_place(str(gid))

    def _city_place(self, gid: str) -> Place:
        """:meth:`city_place` by the id as the indexes write it (no int/str round trip)."""
        key = ("city", gid)
        p = self._places.get(key)
        if p is None:
            c = self.gaz.cities[gid]
            country = self.gaz.countries.get(c.country)
            p = Place(c.name, f"geonames:{gid}", "city", c.lat, c.lon,
                      country.name if country else c.country, "geonames", c.population,
                      c.country)
            self._places[key] = p
        return p

    def _alone(self, place: Place) -> tuple[Place]:
        """``(place,)``, one shared tuple per (canonical, cached) place.

        Why: a result keeps its candidates tuple; sharing it instead of making one per
        lookup leaves the garbage collector fewer long-lived objects to traverse (a batch
        keeps every result in the memo).
        """
        alone = self._alone_tuples.get(id(place))
        if alone is None or alone[0] is not place:
            alone = self._alone_tuples[id(place)] = (place,)
        return alone

    def _division(self, kind: str, code: str) -> Place:
        return self.department_place(code) if kind == "department" else self.region_place(code)

    # ------------------------------------------------------------ matching
    @cached_property
    def _division_tiers(self) -> dict[str, Any]:
        """Tier 2 of :meth:`_tiers` for every department/region name (not ``fr ...`` ISO keys).

        The tier itself (shared), or (places, score, notes) when a lookup must complete it:
        a None note stands for the one that quotes the text typed ("X is both a department
        and a region..."), None places for the commune of Paris. Built at once: ~300 names,
        ~120 places.
        """
        out: dict[str, Any] = {}
        for key, divs in self._division_index.items():
            if key.startswith("fr "):
                continue
            notes: list[str | None] = [n for _, _, n in divs if n]
            kinds = {k for k, _, _ in divs}
            chosen = [(k, c) for k, c, _ in divs if k == "department"] if len(kinds) > 1 else \
                [(k, c) for k, c, _ in divs]
            if len(kinds) > 1:
                notes.append(None)
            places = list(dict.fromkeys(self._division(k, c) for k, c in chosen))
            score = 0.95 if any(n for _, _, n in divs) else 1.0
            if places == [self.department_place("75")]:
                # None: the commune of Paris, made when asked for (the commune table
                # is read only as far as the rows a lookup needs).
                out[key] = (None, score, (*notes, "Paris is both a commune (75056) and a "
                                          "department (75) with the same territory: commune used"))
            elif None in notes:
                out[key] = (tuple(places), score, tuple(notes))
            else:  # nothing to word per lookup: the tier itself, shared
                out[key] = _Match(tuple(places), score, tuple(notes))
        return out

    def _tiers(self, raw: str, key: str, want_cities: bool) -> list[_Match]:
        """All matches of one name, grouped in precedence tiers (best first)."""
        tiers: list[_Match] = []
        s = raw.strip()
        fr = key.startswith("fr ")
        # 1. codes (each needs a short text or an ISO "FR-..." key: skipped for plain names)
        if fr or len(s) <= 5:
            self._code_tiers(s, key, tiers)
        # 2. departments and regions
        if not fr:
            div = self._division_tiers.get(key)
            if type(div) is _Match:
                tiers.append(div)
            elif div is not None:
                places, score, notes = div
                if places is None:
                    places = self._alone(self.commune_place(PARIS_COMMUNE))
                if None in notes:
                    notes = tuple(f"{s} is both a department and a region with the same "
                                  "territory: department used" if n is None else n for n in notes)
                tiers.append(_Match(places, score, notes))
        # 3. countries
        cc = self._country_index.get(key)
        if cc:
            tiers.append(self._country_tier(cc))
        # 4. communes
        entry = self._commune_entries.get(key)
        if entry is None and self.gaz.commune_names.get(key):
            entry = self._commune_entry(key)
        if entry is not None:
            m, named = entry
            if named:
                m = _Match(m.places, m.score, tuple(
                    f"{s} is an old name of merged commune: now {label}" if kind == 1 else
                    f"{s} is an alternate name (GeoNames) of {label}" for kind, label in named),
                    m.former, m.ranked, True)
            tiers.append(m)
        # 5. lower-case country codes
        if len(key) <= 3 and key in self._country_codes and not (s.isupper()):
            tiers.append(_Match(self._alone(self.country_place(self._country_codes[key])), 0.9,
                                (f"{s} read as an ISO country code",)))
        # 6. world cities
        if want_cities:
            city = self._city_tier(raw, key)
            if city is not None:
                tiers.append(city)
        return tiers

    def _country_tier(self, cc: str) -> _Match:
        """Tier 3 of :meth:`_tiers` for a country (no notes: one shared object per country)."""
        tier = self._country_tiers.get(cc)
        if tier is None:
            tier = self._country_tiers[cc] = _Match(self._alone(self.country_place(cc)), 1.0, ())
        return tier

    def _code_tiers(self, s: str, key: str, tiers: list[_Match]) -> None:
        """Tier 1 of :meth:`_tiers`: postal/INSEE, department, ISO 3166-2 and country codes."""
        if _is_postal(s):
            # A function of the five digits only: kept per code, like the Place objects.
            if s in self._postal_tiers:
                tier = self._postal_tiers[s]
            else:
                tier = self._postal_tiers[s] = self._postal_tier(s)
            if tier is not None:
                tiers.append(tier)
        dep_code = _dep_code(s)
        if dep_code and dep_code in self.gaz.departments:
            tiers.append(_Match(self._alone(self.department_place(dep_code)), 1.0, ()))
        if key.startswith("fr ") and key in self._division_index and key != "fr 75c":
            kind, code, _ = self._division_index[key][0]
            tiers.append(_Match(self._alone(self._division(kind, code)), 1.0, ()))
        if key == "fr 75c":
            tiers.append(_Match((self.commune_place(PARIS_COMMUNE),), 1.0, (
                "FR-75C (ISO 3166-2) is Paris: the commune 75056, same territory as "
                "department 75",)))
        if s.isalpha() and s.isupper() and len(s) in (2, 3) and s.lower() in self._country_codes:
            tiers.append(_Match(self._alone(self.country_place(self._country_codes[s.lower()])), 1.0,
                                (f"{s} read as an ISO country code",)))

    def _postal_tier(self, s: str) -> _Match | None:
        """The tier of five digits: a postal code, else an INSEE code, else a former INSEE code."""
        codes = self._postal_index.get(s)
        if codes:
            notes = [f"{s} is a postal code"]
            if s in self.gaz.communes and s not in codes:
                notes.append(f"{s} is also the INSEE code of "
                             f"{self.commune_place(s).label}; postal code preferred")
            places = tuple(self.commune_place(c) for c in codes)
            return _Match(places, 1.0, tuple(notes), (), tuple(_ranked(places)))
        if s in self.gaz.communes:
            return _Match((self.commune_place(s),), 1.0, (f"{s} is an INSEE code",))
        if s in self._former_code_index:
            new = self._former_code_index[s]
            return _Match((self.commune_place(new),), 0.95,
                          (f"{s} is a former INSEE code, now {new}",))
        return None

    def _commune_entry(self, key: str) -> _CommuneEntry:
        """(tier without notes, [(kind, label)] needing a note) of a commune-index name.

        Derived from the gazetteer only (never from a query), so kept per name like the
        per-code Place objects; notes are worded per query (they quote the text typed).
        """
        entry = self._commune_entries.get(key)
        if entry is None:
            hits = self._commune_hits(key)
            named: list[tuple[int, str]] = []
            former: list[tuple[str, str]] = []
            seen: set[str] = set()
            places: list[Place] = []
            score = 1.0
            for code, kind in hits:
                if code in seen:
                    continue
                seen.add(code)
                p = self.commune_place(code)
                places.append(p)
                if kind == 1 and not any(c == code and k == 0 for c, k in hits):
                    named.append((1, p.label))
                    olds = [n for n in self.gaz.communes[code].former_names if normalize(n) == key]
                    if olds:
                        former.append((code, olds[0]))
                    score = min(score, 0.95)
                elif kind == 2 and not any(c == code and k < 2 for c, k in hits):
                    named.append((2, p.label))
                    score = min(score, 0.9)
            if len(places) > 1:
                score = 1.0 if any(k == 0 for _, k in hits) else score
            tier = _Match(tuple(places), score, (), tuple(former), tuple(_ranked(places)), True)
            entry = self._commune_entries[key] = (tier, tuple(named))
        return entry

    def _city_tier(self, raw: str, key: str) -> _Match | None:
        """Tier 6 of :meth:`_tiers`: world cities, main names first, else alternate names."""
        ids = self.gaz.city_names.get(key)
        if ids:
            notes: tuple[str, ...] = ()
            score = 1.0
        else:
            ids = self.gaz.city_altnames.get(key)
            if not ids:
                return None
            notes = (f"{raw.strip()} is an alternate name (GeoNames)",)
            score = 0.9
        city = self._city_place
        if ids.isdigit():  # one city (the usual case)
            return _Match(self._alone(city(ids)), score, notes)
        return _Match(tuple(city(g) for g in dict.fromkeys(ids.split())), score, notes)

    def _qualifier(self, qual: str):
        """:meth:`_qualifier_filter`, kept per qualifier text (a few hundred in practice).

        The predicate depends on the qualifier and the gazetteer only, never on the
        name it qualifies, so it is part of the warm indexes, not a result cache.
        """
        hit = self._qualifiers.get(qual)
        if hit is None:
            hit = (*self._qualifier_filter(qual), normalize(qual))
            if len(self._qualifiers) < 4096:
                self._qualifiers[qual] = hit
        return hit[0], hit[1]

    def _qualifier_key(self, qual: str) -> str:
        """``normalize(qual)``, kept with the qualifier's predicate."""
        hit = self._qualifiers.get(qual)
        if hit is None:
            self._qualifier(qual)
            hit = self._qualifiers.get(qual)
            if hit is None:  # the cache is full
                return normalize(qual)
        return hit[2]

    def _qualifier_filter(self, qual: str):
        """Return a predicate on Place for one qualifier, or None if not understood."""
        key = normalize(qual)
        if key in _KIND_WORDS:
            kind = _KIND_WORDS[key]
            if kind == "commune":
                return lambda p: p.precision in ("commune", "city"), None
            return (lambda p: p.precision == kind), None
        tests = []
        s = qual.strip()
        dep = _dep_code(s)
        deps = {dep} if dep in self.gaz.departments else set()
        regs: set[str] = set()
        for kind, code, _ in self._division_index.get(key, []):
            (deps if kind == "department" else regs).add(code)
        countries = set()
        if key in self._country_index:
            countries.add(self._country_index[key])
        if s.isalpha() and len(s) in (2, 3) and s.lower() in self._country_codes:
            countries.add(self._country_codes[s.lower()])
        commune_dep, commune_region = self._commune_dep, self._commune_region
        if _is_postal(s):
            tests.append(lambda p: p.precision == "commune" and
                         s in self.gaz.communes[p.code].postal_codes)
        if deps:
            tests.append(lambda p: p.precision == "commune" and commune_dep[p.code] in deps)
        if regs:
            tests.append(lambda p: (p.precision == "commune" and commune_region[p.code] in regs)
                         or (p.precision == "department"
                             and self.gaz.departments[p.code].region in regs))
        if countries:
            tests.append(lambda p: p.country in countries and p.precision != "country")
        if not tests:
            return None, f'qualifier "{qual.strip()}" not understood: ignored'
        foreign = bool(countries - {"FR"})
        pred = tests[0] if len(tests) == 1 else (lambda p: any(t(p) for t in tests))
        return pred, ("foreign" if foreign else None)

    @staticmethod
    def _split(query: str) -> tuple[str, list[str]]:
        if "(" not in query:
            quals, rest = [], query
        else:
            quals = _PARENS.findall(query)
            rest = _PARENS.sub(",", query)
        parts = [p.strip() for p in rest.split(",")]
        parts = [p for p in parts if p]
        if not parts:
            return "", quals
        return parts[0], [q for q in parts[1:] + quals if q.strip()]

    def geocode(self, query: str) -> GeocodeResult:
        """Resolve one free-text place; see the module docstring for the rules."""
        hit = self._memo.get(query)
        if hit is not None:
            return hit
        result = self._geocode(query)
        if len(self._memo) < 65536:
            self._memo[query] = result
        return result

    def _geocode(self, query: str) -> GeocodeResult:
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
                return self._point_result(query, *coords)
        if "(" in text or "," in text:  # else _split() finds no qualifier
            one = _one_qualifier(text)
            if one is not None:  # "Name (qualifier)" or "Name, qualifier"
                main, qual = one
                main_key = normalize(main)
                # normalize() maps "(", ")" and "," to token breaks, so the key of the whole
                # text is the keys of its two parts joined (a test checks it).
                key = f"{main_key} {self._qualifier_key(qual)}".strip()
                tiers = self._tiers(text, key, want_cities=False)
                if tiers:
                    return self._finish(query, tiers[0], tiers[1:])
                return self._qualified(query, main, [qual], main_key)
            key = normalize(text)
            tiers = self._tiers(text, key, want_cities=False)
            if tiers:
                return self._finish(query, tiers[0], tiers[1:])
            main, quals = self._split(text)
            if quals:
                return self._qualified(query, main, quals)
        else:
            key = normalize(text)
            tiers = self._tiers(text, key, want_cities=False)
            if tiers:
                return self._finish(query, tiers[0], tiers[1:])
        # The French tiers matched nothing just above: only world cities can match now.
        city = self._city_tier(text, key)
        if city is not None:
            return self._finish(query, city, [])
        return _result(query, None, notes=("no match",),
                       suggestions=_LazySuggestions(self.suggest, text))

    def _qualified(self, query: str, main: str, quals: list[str],
                   key: str | None = None) -> GeocodeResult:
        notes: list[str] = []
        preds = []
        want_cities = False
        for q in quals:
            pred, info = self._qualifier(q)
            if pred is None:
                notes.append(info)
                continue
            want_cities |= info == "foreign"
            preds.append(pred)
        if key is None:
            key = normalize(main)
        pred = None if not preds else preds[0] if len(preds) == 1 else (
            lambda p: all(pr(p) for pr in preds))
        # French places first; world cities only for a foreign qualifier or as a fallback
        # (the French tiers, already filtered, then add nothing: only the cities are new).
        tiers = self._tiers(main, key, want_cities=want_cities)
        kept = _keep(tiers, pred)
        if kept is None and not want_cities:
            city = self._city_tier(main, key)
            if city is not None:
                tiers = tiers + [city]
                kept = _keep((city,), pred)
        if kept is None:
            sugg = _LazySuggestions(self.suggest, main) if not tiers else tuple(
                p.label for t in tiers for p in t.places)[:10]
            return GeocodeResult(query, None, notes=tuple(notes + [
                f'no place "{main}" matches {", ".join(quals)}']), suggestions=sugg)
        # When a department/region qualifier kept both a division and communes, prefer
        # the most specific tier (communes) only if no division name was asked for.
        if notes:
            kept.notes += notes
        return self._finish(query, kept, [])

    def _finish(self, query: str, best: _Match, others: list[_Match]) -> GeocodeResult:
        places = best.places
        if not others and len(places) == 1:  # the common case: one place, nothing shadowed
            p = places[0]
            alone = places if type(places) is tuple else self._alone(p)
            return _result(query, p, alone, False, best.score, tuple(best.notes))
        notes = list(best.notes)
        ranked = best.ranked
        cands = list(ranked) if ranked is not None else _ranked(places)
        shadowed = [p for t in others for p in t.places if p not in cands]
        if shadowed:
            shown = ", ".join(p.label for p in shadowed[:5])
            more = f" and {len(shadowed) - 5} more" if len(shadowed) > 5 else ""
            notes.append(f"also matches {shown}{more}: add a qualifier to choose it")
            all_cands = tuple(cands + [p for p in dict.fromkeys(shadowed)])
        else:
            all_cands = ranked if type(ranked) is tuple else tuple(cands)
        if len(cands) == 1:
            return _result(query, cands[0], all_cands, False, best.score, tuple(notes))
        if self.prefer == "populous":
            a, b = cands[0], cands[1]
            if (a.population or 0) >= POPULOUS_FACTOR * max(b.population or 0, 1):
                notes.append(f"--prefer populous picked {a.label} (pop. {a.population:,}) over "
                             f"{b.label} (pop. {b.population or 0:,})")
                return GeocodeResult(query, a, all_cands, False, best.score * 0.9,
                                     tuple(notes))
            notes.append(f"--prefer populous: {a.label} is not 10x more populous than "
                         f"{b.label}; still ambiguous")
        notes.append(f"{len(cands)} places match: add a qualifier such as "
                     f'"{cands[0].label}"')
        former = best.former
        if former:  # "Évry (91)" only resolves if no other candidate is in that department
            deps = [c.code[:3] if c.code.startswith("97") else c.code[:2]
                    for c in all_cands if c.precision == "commune"]
            former = tuple(f for f in former if deps.count(
                f[0][:3] if f[0].startswith("97") else f[0][:2]) == 1)
        return _result(query, None, all_cands, True, best.score, tuple(notes),
                       former_names=former)

    def _point_result(self, query: str, lat: float, lon: float) -> GeocodeResult:
        where = self.reverse(lat, lon)
        if where is None:
            context, country = "", ""
        elif where.precision == "country":
            context, country = where.name, where.country
        else:
            context = f"{where.name}, {where.context}" if where.context else where.name
            country = where.country
        place = object.__new__(Place)  # Place(...) without the frozen __init__'s 10 setattrs
        place.__dict__.update(name=f"{lat:.5f}, {lon:.5f}", code="", precision="point", lat=lat,
                              lon=lon, context=context, source="coordinates", population=None,
                              country=country, retrieved=None)
        return _result(query, place, (place,), False, 1.0, ())

    # ------------------------------------------------------------ suggestions
    @cached_property
    def _suggest_buckets(self) -> dict[str, list[tuple[str, tuple[str, str]]]]:
        buckets: dict[str, list[tuple[str, tuple[str, str]]]] = {}

        def add(key: str, ref: tuple[str, str]) -> None:
            if key:
                buckets.setdefault(key[0], []).append((key, ref))

        for key, raw in self.gaz.commune_names.items():
            for e in raw.split():
                if e.endswith(":0"):
                    add(key, ("commune", e[:-2]))
        for d in self.gaz.departments.values():
            add(d.keys[0], ("label", d.name))
        for r in self.gaz.regions.values():
            add(r.keys[0], ("label", r.name))
        for key, fr in self.gaz.former_regions.items():
            add(key, ("label", fr["name"]))
        for co in self.gaz.countries.values():
            add(normalize(co.name), ("label", co.name))
            add(normalize(co.name_fr), ("label", co.name_fr))
        for key, ids in self.gaz.city_names.items():
            add(key, ("city", ids.split()[0]))
        return buckets

    def _ref_label(self, ref: tuple[str, str]) -> str:
        kind, val = ref
        if kind == "commune":
            return self.commune_place(val).label
        if kind == "city":
            return self.city_place(int(val)).label
        return val

    def suggest(self, text: str, n: int = 5) -> list[str]:
        """Close names for an unknown query (misses only: builds its index lazily).

        Why bucketed: comparing against ~40,000 names with difflib costs ~1 s; names
        sharing the first letter and a similar length are enough for typos.
        """
        key = normalize(self._split(text)[0] or text)
        if not key:
            return []
        pool = [e for e in self._suggest_buckets.get(key[0], [])
                if abs(len(e[0]) - len(key)) <= 2]
        keys = list(dict.fromkeys(k for k, _ in pool))
        import difflib  # only for misses: not on the cold path

        best = difflib.get_close_matches(key, keys, n=n, cutoff=0.75)
        out: list[str] = []
        for b in best:
            for k, ref in pool:
                label = self._ref_label(ref) if k == b else None
                if label and label not in out:
                    out.append(label)
        return out[: n * 2]

    # ------------------------------------------------------------ reverse
    def _department_at(self, lat: float, lon: float, hint: str | None = None) -> str | None:
        """Department whose outline contains the point; ``hint`` (a likely code) is tried first."""
        return self.gaz.outline_index("department").find(lon, lat, hint)

    @cached_property
    def _grid_rings(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Cell offsets of the square rings 0..3 around a cell, in scan order."""
        return tuple(tuple((dy, dx) for dy in range(-ring, ring + 1)
                           for dx in range(-ring, ring + 1) if max(abs(dy), abs(dx)) == ring)
                     for ring in range(4))

    @cached_property
    def _grid_points(self) -> dict[tuple[int, int], tuple[tuple[str, str, float, float, float], ...]]:
        """:attr:`_grid` with, per commune, (code, department, lon, radians(lat), cos(radians(lat)))."""
        communes = self.gaz.communes
        out = {}
        for cell, codes in self._grid.items():
            rows = []
            for code in codes:
                c = communes[code]
                p = math.radians(c.lat)
                rows.append((code, c.department, c.lon, p, math.cos(p)))
            out[cell] = tuple(rows)
        return out

    def _nearest_commune(self, lat: float, lon: float, max_km: float,
                         department: str | None = None) -> tuple[str, float] | None:
        # Same arithmetic as _km(), but the haversine term ``a`` is compared first: asin and
        # sqrt are monotonic, so a point whose ``a`` is not smaller can't be closer.
        gy, gx = math.floor(lat * 10), math.floor(lon * 10)
        best: tuple[str, float] | None = None
        best_a = math.inf
        grid = self._grid_points
        p1 = math.radians(lat)
        cos1 = math.cos(p1)
        sin, radians, asin, sqrt = math.sin, math.radians, math.asin, math.sqrt
        # A commune whose latitude differs by more than dp_max has a >= sin²(dp_max/2) > best_a
        # (the first term alone): skipped without computing ``a`` (widened by 1e-9 for rounding).
        dp_max = math.inf
        for ring, offsets in enumerate(self._grid_rings):
            for dy, dx in offsets:
                rows = grid.get((gy + dy, gx + dx))
                if rows is None:
                    continue
                for code, dep, clon, p2, cos2 in rows:
                    if department and dep != department:
                        continue
                    dp = p2 - p1
                    if dp > dp_max or -dp > dp_max:
                        continue
                    a = sin(dp / 2) ** 2 + cos1 * cos2 * sin(radians(clon - lon) / 2) ** 2
                    if a < best_a:
                        d = 12742.0 * asin(min(1.0, sqrt(a)))
                        if best is None or d < best[1]:
                            best = (code, d)
                            best_a = a
                            dp_max = 2 * asin(min(1.0, sqrt(a))) * (1 + 1e-9)
            if best:
                if best[1] <= ring * 5.5:  # a ring of 0.1° is >= ~7 km wide
                    break
                if ring == 0 and best_a < _outside_cell_a(lat, lon, gy, gx, cos1):
                    break  # every commune outside the point's own cell is farther
        if best and best[1] <= max_km:
            return best
        return None

    def reverse(self, lat: float, lon: float) -> Place | None:
        """The French commune at (nearest to) the point, else the country containing it.

        Why nearest representative point: commune outlines are not shipped (size);
        restricted to the department whose outline contains the point, the nearest
        commune point is right for the vast majority of points.
        """
        # The nearest commune's department is almost always the right one: testing its
        # outline first saves most point-in-polygon tests (same result, just faster).
        near = self._nearest_commune(lat, lon, 25.0)
        near_dep = self.gaz.communes[near[0]].department if near else None
        dep = self._department_at(lat, lon, near_dep)
        if dep:
            # The nearest commune of that department is the nearest commune overall when
            # the latter is in it (same scan, fewer candidates): no second scan then.
            hit = near if near_dep == dep else self._nearest_commune(lat, lon, 25.0, dep)
            if hit:
                return self.commune_place(hit[0])
            return self.department_place(dep)
        # Coastline simplification margin: the nearest commune within 3 km (the same scan
        # as ``near``, so ``near`` already is that commune when there is one).
        if near is not None and near[1] <= 3.0:
            return self.commune_place(near[0])
        cc = self.gaz.outline_index("country").find(lon, lat, among=self.gaz.countries)
        return self.country_place(cc) if cc is not None else None

    def contains(self, place: Place, lat: float, lon: float) -> bool:
        """Is the point inside (or, for point-like places, near) ``place``?

        Why: used to validate user-supplied coordinates against the named place.
        Commune: same commune by :meth:`reverse` or within 5 km of its point;
        department/region: point in the shipped outline; country: in its outline or
        within ``COUNTRY_MARGIN_KM`` (10 km) of it, or of its bounding box for a tiny
        country (simplified outlines cut off coastal capitals such as Copenhagen or
        Beirut, and shrink Monaco or the Vatican to a few vertices), France also via
        its departments; city: within 15 km; point: within 1 km.
        """
        if place.precision == "commune":
            if _km(lat, lon, place.lat, place.lon) <= 5.0:
                return True
            rev = self.reverse(lat, lon)
            return rev is not None and rev.code == place.code
        if place.precision in ("department", "region"):
            geom = self.gaz.outlines(place.precision).get(place.code)
            return geom is not None and point_in_geometry(lon, lat, geom)
        if place.precision == "country":
            if place.code == "FR" and self._department_at(lat, lon):
                return True
            geom = self.gaz.outlines("country").get(place.code)
            if geom is not None:
                return point_in_geometry(lon, lat, geom) or near_geometry(
                    lon, lat, geom, COUNTRY_MARGIN_KM)
            return _km(lat, lon, place.lat, place.lon) <= 50.0
        if place.precision == "city":
            return _km(lat, lon, place.lat, place.lon) <= 15.0
        return _km(lat, lon, place.lat, place.lon) <= 1.0
