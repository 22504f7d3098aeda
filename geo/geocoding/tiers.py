"""Ranking: the precedence tiers of a name, and the rule that turns the best tier into an answer.

The third step of the lookup pipeline. A name can match several kinds of place
(``Vienne`` is a department, a commune and, in French, Vienna); each rule below gives
one tier of matches, and :meth:`Tiers.collect` lists them best first:

1. codes: postal/INSEE code, department code, ISO 3166-2 code, capitalised ISO country
   code (:meth:`Tiers.codes`);
2. an exact department or region name, current, alias or pre-2016
   (:meth:`Tiers.division`);
3. a country name or alias (:meth:`Tiers.country`);
4. French communes, current names, former names and exonyms, all homonyms together
   (:meth:`Tiers.commune`);
5. ISO country codes typed in lower case (:meth:`Tiers.country_code`);
6. world cities, main names first, else alternate names (:meth:`Tiers.city`).

:meth:`Tiers.finish` answers from the first tier: one place, or the ambiguous list of
candidates (most populous first) with the other tiers named in a note, and the
``prefer="populous"`` rule. :func:`keep` applies a qualifier to tiers.

Tiers that depend on the gazetteer only (never on the text typed) are built once and
shared between lookups; notes that quote the text typed are worded per lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from geo.core.text import name_key
from geo.geocoding.indexes import Indexes
from geo.geocoding.places import GeocodeResult, Place, department_of, fast_result
from geo.geocoding.query import dep_code, is_postal

__all__ = ["PARIS_COMMUNE", "POPULOUS_FACTOR", "Match", "Tiers", "distinct", "keep", "ranked"]

#: ``prefer="populous"`` picks the first candidate only if it has this many times the
#: population of the second.
POPULOUS_FACTOR = 10
PARIS_COMMUNE = "75056"
_PARIS_NOTE = ("Paris is both a commune (75056) and a department (75) with the same "
               "territory: commune used")


class Match:
    """One precedence tier of matches for a name.

    A slotted class, not a dataclass: one is built per tier of every lookup.
    """

    __slots__ = ("former", "notes", "own_notes", "places", "ranked", "score")

    def __init__(self, places: Sequence[Place], score: float, notes: Sequence[str],
                 former: tuple[tuple[str, str], ...] = (),
                 ranked: Sequence[Place] | None = None, own_notes: bool = False) -> None:
        self.places = places
        self.score = score
        self.notes = notes
        #: (code, former name) of communes matched by a former name only (see GeocodeResult).
        self.former = former
        #: ``places`` deduplicated and sorted as candidates (:func:`ranked`), when known.
        self.ranked = ranked
        #: Every note names one of ``places`` by its label (true of a commune name's notes).
        self.own_notes = own_notes


#: (the tier of a commune name, without notes; [(kind, label)] needing a note): notes quote
#: the text typed, so they are worded per lookup (the tier is shared when there are none).
CommuneEntry = tuple[Match, tuple[tuple[int, str], ...]]


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


def keep(tiers: Sequence[Match], pred: Callable[[Place], bool] | None) -> Match | None:
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
    rank = None
    contributing = 0
    for t in tiers:
        places = t.places
        kept = list(places) if pred is None else [p for p in places if pred(p)]
        if not kept:
            continue
        contributing += 1
        pool = (kept if len(kept) == 1 else distinct(kept)) if not pool else distinct(pool + kept)
        whole = len(kept) == len(places)
        rank = t.ranked if contributing == 1 and whole else None
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
    return Match(pool, score, notes, tuple(former), rank)


class Tiers:
    """The tier rules over one set of :class:`~geo.geocoding.indexes.Indexes`, with their caches."""

    def __init__(self, ix: Indexes, prefer: str | None = None) -> None:
        self.ix = ix
        self.gaz = ix.gaz
        #: None, or "populous" (see :meth:`finish`).
        self.prefer = prefer
        # Per commune-index name: places and notes to word (see commune_entry).
        self._commune_entries: dict[str, CommuneEntry] = {}
        # Per country code: its tier (see country).
        self._country_tiers: dict[str, Match] = {}
        # Per postal code: the tier it gives (see postal).
        self._postal_tiers: dict[str, Match | None] = {}

    def collect(self, raw: str, key: str, want_cities: bool) -> list[Match]:
        """All matches of one name (``key`` is its :func:`~geo.core.text.name_key`), best tier first.

        World cities only when ``want_cities`` (a French place always wins over a foreign
        city, so the caller asks for them only when nothing French matched, or for a
        foreign qualifier).
        """
        tiers: list[Match] = []
        s = raw.strip()
        fr = key.startswith("fr ")
        if fr or len(s) <= 5:  # codes need a short text or an ISO "FR-..." key
            self.codes(s, key, tiers)
        # The rules of tiers 2, 4 and 5 are called only when they have something to add or
        # to word: most lookups take the shared tiers straight from the tables (hot path).
        if not fr:
            div = self.division_table.get(key)
            if div is not None:
                tiers.append(div if type(div) is Match else self.division(s, key))
        ix = self.ix
        cc = ix.countries.get(key)
        if cc:
            tiers.append(self.country(cc))
        entry = self._commune_entries.get(key)
        if entry is not None and not entry[1]:
            tiers.append(entry[0])
        elif entry is not None or self.gaz.commune_names.get(key):
            tiers.append(self.commune(s, key))  # type: ignore[arg-type]  # a known name: a tier
        if len(key) <= 3 and key in ix.country_codes:
            code = self.country_code(s, key)
            if code is not None:
                tiers.append(code)
        if want_cities:
            city = self.city(raw, key)
            if city is not None:
                tiers.append(city)
        return tiers

    # ------------------------------------------------------------ 1. codes
    def codes(self, s: str, key: str, tiers: list[Match]) -> None:
        """Tier 1, appended to ``tiers``: postal/INSEE, department, ISO 3166-2 and country codes."""
        ix = self.ix
        if is_postal(s):
            # A function of the five digits only: kept per code, like the Place objects.
            if s in self._postal_tiers:
                tier = self._postal_tiers[s]
            else:
                tier = self._postal_tiers[s] = self.postal(s)
            if tier is not None:
                tiers.append(tier)
        dep = dep_code(s)
        if dep and dep in self.gaz.departments:
            tiers.append(Match(ix.alone(ix.department_place(dep)), 1.0, ()))
        if key.startswith("fr ") and key in ix.divisions and key != "fr 75c":
            kind, code, _ = ix.divisions[key][0]
            tiers.append(Match(ix.alone(ix.division_place(kind, code)), 1.0, ()))
        if key == "fr 75c":
            tiers.append(Match((ix.commune_place(PARIS_COMMUNE),), 1.0, (
                "FR-75C (ISO 3166-2) is Paris: the commune 75056, same territory as "
                "department 75",)))
        if s.isalpha() and s.isupper() and len(s) in (2, 3) and s.lower() in ix.country_codes:
            tiers.append(Match(ix.alone(ix.country_place(ix.country_codes[s.lower()])), 1.0,
                               (f"{s} read as an ISO country code",)))

    def postal(self, s: str) -> Match | None:
        """The tier of five digits: a postal code, else an INSEE code, else a former INSEE code.

        A postal code wins over an INSEE code made of the same digits (a note says so).
        """
        ix = self.ix
        communes = self.gaz.communes
        codes = ix.postal.get(s)
        if codes:
            notes = [f"{s} is a postal code"]
            if s in communes and s not in codes:
                notes.append(f"{s} is also the INSEE code of "
                             f"{ix.commune_place(s).label}; postal code preferred")
            places = tuple(ix.commune_place(c) for c in codes)
            return Match(places, 1.0, tuple(notes), (), tuple(ranked(places)))
        if s in communes:
            return Match((ix.commune_place(s),), 1.0, (f"{s} is an INSEE code",))
        if s in ix.former_codes:
            new = ix.former_codes[s]
            return Match((ix.commune_place(new),), 0.95,
                         (f"{s} is a former INSEE code, now {new}",))
        return None

    # ------------------------------------------------------------ 2. departments and regions
    @cached_property
    def division_table(self) -> dict[str, Any]:
        """Tier 2 for every department/region name (not ``fr ...`` ISO keys).

        The tier itself (shared), or (places, score, notes) when a lookup must complete it:
        a None note stands for the one that quotes the text typed ("X is both a department
        and a region..."), None places for the commune of Paris. A name that is both a
        department and a region of the same territory gives the department. Built at once:
        ~300 names, ~120 places.
        """
        ix = self.ix
        out: dict[str, Any] = {}
        for key, divs in ix.divisions.items():
            if key.startswith("fr "):
                continue
            notes: list[str | None] = [n for _, _, n in divs if n]
            kinds = {k for k, _, _ in divs}
            chosen = [(k, c) for k, c, _ in divs if k == "department" or len(kinds) == 1]
            if len(kinds) > 1:
                notes.append(None)
            places = list(dict.fromkeys(ix.division_place(k, c) for k, c in chosen))
            score = 0.95 if any(n for _, _, n in divs) else 1.0
            if places == [ix.department_place("75")]:
                # None: the commune of Paris, made when asked for (the commune table
                # is read only as far as the rows a lookup needs).
                out[key] = (None, score, (*notes, _PARIS_NOTE))
            elif None in notes:
                out[key] = (tuple(places), score, tuple(notes))
            else:  # nothing to word per lookup: the tier itself, shared
                out[key] = Match(tuple(places), score, tuple(notes))
        return out

    def division(self, s: str, key: str) -> Match | None:
        """Tier 2: the department or region of that exact name (``Paris``: the commune 75056)."""
        div = self.division_table.get(key)
        if div is None or type(div) is Match:
            return div
        places, score, notes = div
        if places is None:
            places = self.ix.alone(self.ix.commune_place(PARIS_COMMUNE))
        if None in notes:
            notes = tuple(f"{s} is both a department and a region with the same "
                          "territory: department used" if n is None else n for n in notes)
        return Match(places, score, notes)

    # ------------------------------------------------------------ 3. countries
    def country(self, cc: str) -> Match:
        """Tier 3 for the country of ISO code ``cc`` (no notes: one shared object per country)."""
        tier = self._country_tiers.get(cc)
        if tier is None:
            tier = self._country_tiers[cc] = Match(self.ix.alone(self.ix.country_place(cc)), 1.0, ())
        return tier

    # ------------------------------------------------------------ 4. communes
    def commune(self, s: str, key: str) -> Match | None:
        """Tier 4: every commune of that current name, former name or exonym (homonyms together)."""
        entry = self._commune_entries.get(key) or self.commune_entry(key)
        if entry is None:
            return None
        m, named = entry
        if named:
            m = Match(m.places, m.score, tuple(
                f"{s} is an old name of merged commune: now {label}" if kind == 1 else
                f"{s} is an alternate name (GeoNames) of {label}" for kind, label in named),
                m.former, m.ranked, True)
        return m

    def commune_entry(self, key: str) -> CommuneEntry | None:
        """(tier without notes, [(kind, label)] needing a note) of a commune-index name, else None.

        Derived from the gazetteer only (never from a query), so kept per name like the
        per-code Place objects; notes are worded per query (they quote the text typed).
        A former name scores 0.95, an alias 0.9, unless a homonym has it as current name.
        """
        entry = self._commune_entries.get(key)
        if entry is not None:
            return entry
        ix = self.ix
        hits = ix.commune_hits(key)
        if not hits:
            return None
        named: list[tuple[int, str]] = []
        former: list[tuple[str, str]] = []
        seen: set[str] = set()
        places: list[Place] = []
        score = 1.0
        for code, kind in hits:
            if code in seen:
                continue
            seen.add(code)
            p = ix.commune_place(code)
            places.append(p)
            if kind == 1 and not any(c == code and k == 0 for c, k in hits):
                named.append((1, p.label))
                olds = [n for n in self.gaz.communes[code].former_names if name_key(n) == key]
                if olds:
                    former.append((code, olds[0]))
                score = min(score, 0.95)
            elif kind == 2 and not any(c == code and k < 2 for c, k in hits):
                named.append((2, p.label))
                score = min(score, 0.9)
        if len(places) > 1:
            score = 1.0 if any(k == 0 for _, k in hits) else score
        tier = Match(tuple(places), score, (), tuple(former), tuple(ranked(places)), True)
        entry = self._commune_entries[key] = (tier, tuple(named))
        return entry

    # ------------------------------------------------------------ 5. lower-case country codes
    def country_code(self, s: str, key: str) -> Match | None:
        """Tier 5: an ISO alpha-2/alpha-3 code not typed in capitals (``ae``), with a note."""
        codes = self.ix.country_codes
        if len(key) > 3 or key not in codes or s.isupper():
            return None
        return Match(self.ix.alone(self.ix.country_place(codes[key])), 0.9,
                     (f"{s} read as an ISO country code",))

    # ------------------------------------------------------------ 6. world cities
    def city(self, raw: str, key: str) -> Match | None:
        """Tier 6: world cities outside France, main names first, else alternate names."""
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
        city = self.ix.city_place
        if ids.isdigit():  # one city (the usual case)
            return Match(self.ix.alone(city(ids)), score, notes)
        return Match(tuple(city(g) for g in dict.fromkeys(ids.split())), score, notes)

    # ------------------------------------------------------------ the answer
    def finish(self, query: str, best: Match, others: Sequence[Match]) -> GeocodeResult:
        """The answer from the best tier; the places of ``others`` are named in a note.

        One place: resolved. Several: ambiguous, candidates most populous first, unless
        ``prefer="populous"`` and the first has :data:`POPULOUS_FACTOR` times the
        population of the second (a note says so either way).
        """
        places = best.places
        if not others and len(places) == 1:  # the common case: one place, nothing shadowed
            p = places[0]
            alone = places if type(places) is tuple else self.ix.alone(p)
            return fast_result(query, p, alone, False, best.score, tuple(best.notes))
        notes = list(best.notes)
        rank = best.ranked
        cands = list(rank) if rank is not None else ranked(places)
        shadowed = [p for t in others for p in t.places if p not in cands]
        if shadowed:
            shown = ", ".join(p.label for p in shadowed[:5])
            more = f" and {len(shadowed) - 5} more" if len(shadowed) > 5 else ""
            notes.append(f"also matches {shown}{more}: add a qualifier to choose it")
            all_cands = tuple(cands + list(dict.fromkeys(shadowed)))
        else:
            all_cands = rank if type(rank) is tuple else tuple(cands)
        if len(cands) == 1:
            return fast_result(query, cands[0], all_cands, False, best.score, tuple(notes))
        if self.prefer == "populous":
            a, b = cands[0], cands[1]
            if (a.population or 0) >= POPULOUS_FACTOR * max(b.population or 0, 1):
                notes.append(f"--prefer populous picked {a.label} (pop. {a.population:,}) over "
                             f"{b.label} (pop. {b.population or 0:,})")
                return GeocodeResult(query, a, all_cands, False, best.score * 0.9, tuple(notes))
            notes.append(f"--prefer populous: {a.label} is not 10x more populous than "
                         f"{b.label}; still ambiguous")
        notes.append(f"{len(cands)} places match: add a qualifier such as "
                     f'"{cands[0].label}"')
        former = best.former
        return fast_result(query, None, all_cands, True, best.score, tuple(notes),
                           former_names=_resolvable_former(former, all_cands) if former else ())


def _resolvable_former(former: tuple[tuple[str, str], ...],
                       cands: Sequence[Place]) -> tuple[tuple[str, str], ...]:
    """The (code, former name) pairs whose qualifier would resolve: "Évry (91)" only resolves
    if no other candidate is in that department."""
    deps = [department_of(c.code) for c in cands if c.precision == "commune"]
    return tuple(f for f in former if deps.count(department_of(f[0])) == 1)

