"""Ranking: the precedence tiers of a name, and the rule that turns them into an answer.

The third step of the lookup pipeline. A name can match several kinds of place
(``Vienne`` is a department, a commune and, in French, Vienna); each rule below gives
one tier of matches, and :meth:`Tiers.collect` lists them by trust, best first:

1. codes: postal/INSEE code, department code, ISO 3166-2 code, capitalised ISO country
   code (:meth:`Tiers.codes`);
2. named areas: an exact department or region name, current or alias (:meth:`Tiers.division`),
   and the names of intercommunalities, municipal arrondissements, former regions, zones,
   airports and informal areas (:meth:`Tiers.named`);
3. a country name or alias (:meth:`Tiers.country`);
4. an airport's IATA/ICAO code typed in capitals (:meth:`Tiers.airport_code`);
5. French communes by current name, all homonyms together (:meth:`Tiers.commune`), then
   by former name (:meth:`Tiers.former`);
6. ISO country codes typed in lower case (:meth:`Tiers.country_code`);
7. world cities by main name, then alternate names of communes and world cities alike
   (:meth:`Tiers.cities`, :meth:`Tiers.alias`).

:meth:`Tiers.finish` answers from the best tier. A place of a later tier joins the
candidates when :func:`geo.geocoding.rivals.is_rival` says a journalist may mean it (the
million, former-name and dominance rules); the others are named in a note. One
candidate: resolved; several: ambiguous (most populous first), with the
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
from geo.geocoding.match import CommuneEntry, Match, distinct, keep, ranked
from geo.geocoding.places import GeocodeResult, Place, department_of, fast_result
from geo.geocoding.query import dep_code, is_postal
from geo.geocoding.rivals import is_rival

__all__ = ["PARIS_COMMUNE", "POPULOUS_FACTOR", "Match", "Tiers", "distinct", "keep", "ranked"]

#: ``prefer="populous"`` picks the first candidate only if it has this many times the
#: population of the second.
POPULOUS_FACTOR = 10
PARIS_COMMUNE = "75056"
_PARIS_NOTE = ("Paris is both a commune (75056) and a department (75) with the same "
               "territory: commune used")
#: Cities whose postal codes are those of their municipal arrondissements.
_ARRONDISSEMENT_CITIES = frozenset({"75056", "69123", "13055"})


class Tiers:
    """The tier rules over one set of :class:`~geo.geocoding.indexes.Indexes`, with their caches.

    ``within`` (inner, outer) -> bool is the containment rule the rivals rules use (see
    :class:`geo.geocoding.areas.Areas`); without it no place is within another.
    """

    def __init__(self, ix: Indexes, prefer: str | None = None,
                 within: Callable[[Place, Place], bool] | None = None) -> None:
        self.ix = ix
        self.gaz = ix.gaz
        #: None, or "populous" (see :meth:`finish`).
        self.prefer = prefer
        self.within = within or (lambda inner, outer: False)
        # Per commune-index name: tiers and notes to word (see commune_entry).
        self._commune_entries: dict[str, CommuneEntry | None] = {}
        # Per country code: its tier (see country).
        self._country_tiers: dict[str, Match] = {}
        # Per postal code: the tier it gives (see postal).
        self._postal_tiers: dict[str, Match | None] = {}
        # Per name key: the named tier (see named), None when there is none.
        self._named: dict[str, Match | None] = {}
        # Per name key: the whole list of tiers, when it depends on the key only (no code,
        # no note quoting the text typed, no world city asked for): see collect.
        self._collected: dict[str, list[Match]] = {}
        self._rivals: dict[str, str] | None = None

    def collect(self, raw: str, key: str, want_cities: bool) -> list[Match]:
        """All matches of one name (``key`` is its :func:`~geo.core.text.name_key`), best tier first.

        World cities by main and alternate name when ``want_cities``, or when nothing French
        matched by an official name; otherwise only the world cities of a million
        inhabitants known by that name (the million rule's rivals, a short shipped list).
        The list returned may be shared between lookups: do not change it.
        """
        if not want_cities:
            hit = self._collected.get(key)
            if hit is not None:
                return hit
        tiers: list[Match] = []
        s = raw.strip()
        fr = key.startswith("fr ")
        if fr or len(s) <= 5:  # codes need a short text or an ISO "FR-..." key
            self.codes(s, key, tiers)
        # The rules are called only when they have something to add or to word: most
        # lookups take the shared tiers straight from the tables (hot path).
        if not fr:
            self._areas(s, key, tiers)
        ix = self.ix
        cc = ix.countries.get(key)
        if cc:
            tiers.append(self.country(cc))
        elif key in ix.country_homonyms:  # "Congo": both, never one of them silently
            places = tuple(ix.country_place(c) for c in ix.country_homonyms[key])
            tiers.append(Match(places, 1.0, (), kind="country"))
        if 3 <= len(s) <= 4 and s.isupper() and s.isalpha():
            code = self.airport_code(s)
            if code is not None:
                tiers.append(code)
        entry = self._commune_entries.get(key, False)
        if entry is False:
            entry = self.commune_entry(key)
        if entry is not None:
            tiers += self._worded(s, entry) if entry[1] else [t for t in entry[0] if t is not None]
        if len(key) <= 3 and key in ix.country_codes:
            code = self.country_code(s, key)
            if code is not None:
                tiers.append(code)
        worded = self._world(raw, key, tiers, want_cities)
        # Shared per key when nothing above depended on the text as typed (its case, its
        # accents or its words in a note): most names, and what a batch repeats.
        if not (want_cities or worded or fr or len(s) <= 5 or (entry is not None and entry[1])
                or type(self.division_table.get(key, tiers)) is tuple) and \
                len(self._collected) < 65536:
            self._collected[key] = tiers
        return tiers

    def _areas(self, s: str, key: str, tiers: list[Match]) -> None:
        """Tier 2, appended to ``tiers``: departments and regions, then the other named areas."""
        div = self.division_table.get(key)
        if div is not None:
            tiers.append(div if type(div) is Match else self.division(s, key))
        named = self._named.get(key, False)
        if named is False:
            named = self.named(key)
        if named is not None:
            tiers.append(named)

    def _world(self, raw: str, key: str, tiers: list[Match], want_cities: bool) -> bool:
        """Tier 7, appended to ``tiers``: world cities, all of them or only the million rule's.

        True when the cities were looked up by the text typed (their notes quote it).
        """
        if not tiers and not want_cities:
            return False
        official = any(t.kind != "alias" and t.kind != "country_code" for t in tiers)
        if want_cities or not official:
            tiers += self.cities(raw, key)
            if not official:  # a world city's main name is trusted more than an alternate name
                tiers.sort(key=lambda t: t.kind == "alias")
            return True
        rivals = self._rivals
        if rivals is None:
            rivals = self._rivals = self.gaz.world_rivals
        if key in rivals:
            city = self.ix.city_place
            tiers.append(Match(tuple(city(g) for g in rivals[key].split()), 0.9, (), kind="alias"))
        return False

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

        A postal code wins over an INSEE code made of the same digits (a note says so). The
        postal code of a municipal arrondissement (75013) is that arrondissement, as is its
        INSEE code (75113).
        """
        ix = self.ix
        communes = self.gaz.communes
        codes = ix.postal.get(s)
        if codes:
            notes = [f"{s} is a postal code"]
            if len(codes) == 1 and codes[0] in _ARRONDISSEMENT_CITIES and \
                    s in ix.arrondissement_postal:
                arr = ix.area_place("arrondissement", ix.arrondissement_postal[s])
                return Match((arr,), 1.0, (f"{s} is the postal code of {arr.name}",))
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
        if s[:2] in ("75", "69", "13") and s in self.gaz.places["arrondissement"]:
            arr = ix.area_place("arrondissement", s)
            return Match((arr,), 1.0, (f"{s} is the INSEE code of {arr.name}",))
        return None

    # ------------------------------------------------------------ 2. named areas
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
                out[key] = Match(tuple(places), score, tuple(notes), kind="named")
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
        return Match(places, score, notes, kind="named")

    def named(self, key: str) -> Match | None:
        """Tier 2: intercommunalities, arrondissements, former regions, zones, airports and
        informal areas of that name (kept per key: the tier never quotes the text typed).

        A former region gets a note (its current region); an informal name (Côte d'Azur)
        gives the places to choose from, as an ambiguous tier of their own.
        """
        hits = self.ix.named_hits(key) if key and key[0] not in "#~" else []
        tier = None
        if hits:
            places: list[Place] = []
            notes: list[str] = []
            for kind, code in hits:
                if kind == "informal":
                    rec = self.gaz.places["informal"][code]
                    cands = [self.ix.named_place(k, c) for k, c in rec["candidates"]]
                    places += cands
                    notes.append(f"{rec['name']} is {rec['why']}: choose one of "
                                 + ", ".join(c.label for c in cands))
                    continue
                place = self.ix.named_place(kind, code)
                places.append(place)
                if kind == "former_region":
                    notes.append(f"{place.name} is a former region (before 2016), now part of "
                                 f"{self.gaz.regions[self.gaz.places[kind][code]['region']].name}")
            places = distinct(places)
            tier = Match(tuple(places), 1.0, tuple(notes), (), tuple(ranked(places)),
                         kind="named")
        if len(self._named) < 65536:
            self._named[key] = tier
        return tier

    # ------------------------------------------------------------ 3. countries
    def country(self, cc: str) -> Match:
        """Tier 3 for the country of ISO code ``cc`` (no notes: one shared object per country)."""
        tier = self._country_tiers.get(cc)
        if tier is None:
            tier = self._country_tiers[cc] = Match(self.ix.alone(self.ix.country_place(cc)), 1.0,
                                                   (), kind="country")
        return tier

    # ------------------------------------------------------------ 4. airport codes
    def airport_code(self, s: str) -> Match | None:
        """Tier 4: an IATA (3 letters) or ICAO (4 letters) code typed in capitals (``CDG``).

        After names: ``IDF`` is the region, ``MEL`` the Métropole européenne de Lille, even
        though both are also IATA codes of airports (a note says so).
        """
        hits = self.ix.named_hits(f"#{s.lower()}")
        if not hits:
            return None
        places = tuple(distinct([self.ix.airport_place(code) for _, code in hits]))
        return Match(places, 1.0, tuple(f"{s} read as the code of {p.label}" for p in places))

    # ------------------------------------------------------------ 5. communes
    def commune(self, s: str, key: str) -> Match | None:
        """Tier 5: every commune whose current name this is (homonyms together)."""
        return self._commune_tier(s, key, 0)

    def former(self, s: str, key: str) -> Match | None:
        """Tier 5b: every commune that had this name before a merger (noted)."""
        return self._commune_tier(s, key, 1)

    def alias(self, s: str, key: str) -> Match | None:
        """Tier 7 (French part): every commune whose GeoNames alternate name this is (noted)."""
        return self._commune_tier(s, key, 2)

    def _commune_tier(self, s: str, key: str, kind: int) -> Match | None:
        entry = self._commune_entries.get(key, False)
        if entry is False:
            entry = self.commune_entry(key)
        if entry is None or entry[0][kind] is None:
            return None
        return self._worded(s, entry)[[t for t in entry[0] if t is not None].index(entry[0][kind])]

    def _worded(self, s: str, entry: CommuneEntry) -> list[Match]:
        """The tiers of a commune entry, with the notes that quote the text typed."""
        labels = dict(entry[1])
        out = []
        for kind, t in enumerate(entry[0]):
            if t is None:
                continue
            if kind and kind in labels:
                word = ("is an old name of merged commune: now" if kind == 1 else
                        "is an alternate name (GeoNames) of")
                t = Match(t.places, t.score, tuple(f"{s} {word} {p.label}" for p in t.places),
                          t.former, t.ranked, True, t.kind)
            out.append(t)
        return out

    def commune_entry(self, key: str) -> CommuneEntry | None:
        """The tiers (current, former, alias names) of a commune-index name, else None.

        Derived from the gazetteer only (never from a query), so kept per name like the
        per-code Place objects; notes are worded per query (they quote the text typed). A
        commune is in the tier of the most trusted way it has that name; a former name
        scores 0.95, an alias 0.9.
        """
        ix = self.ix
        hits = ix.commune_hits(key)
        if not hits:
            self._commune_entries[key] = None
            return None
        best: dict[str, int] = {}
        for code, kind in hits:
            best[code] = min(kind, best.get(code, 2))
        groups: list[list[Place]] = [[], [], []]
        for code, kind in best.items():
            groups[kind].append(ix.commune_place(code))
        former = []
        for p in groups[1]:
            olds = [n for n in self.gaz.communes[p.code].former_names if name_key(n) == key]
            if olds:
                former.append((p.code, olds[0]))
        tiers = tuple(
            Match(tuple(g), (1.0, 0.95, 0.9)[k], (), tuple(former) if k == 1 else (),
                  tuple(ranked(g)), True, ("commune", "former", "alias")[k]) if g else None
            for k, g in enumerate(groups))
        named = tuple((k, p.label) for k in (1, 2) for p in groups[k][:1])
        entry: CommuneEntry = (tiers, named)  # type: ignore[assignment]
        self._commune_entries[key] = entry
        return entry

    # ------------------------------------------------------------ 6. lower-case country codes
    def country_code(self, s: str, key: str) -> Match | None:
        """Tier 6: an ISO alpha-2/alpha-3 code not typed in capitals (``ae``), with a note."""
        codes = self.ix.country_codes
        if len(key) > 3 or key not in codes or s.isupper():
            return None
        return Match(self.ix.alone(self.ix.country_place(codes[key])), 0.9,
                     (f"{s} read as an ISO country code",), kind="country_code")

    # ------------------------------------------------------------ 7. world cities
    def cities(self, raw: str, key: str) -> list[Match]:
        """Tier 7: world cities outside France by main name, then by alternate name."""
        out = []
        city = self.ix.city_place
        ids = self.gaz.city_names.get(key)
        if ids:
            out.append(Match(self.ix.alone(city(ids)) if ids.isdigit() else
                             tuple(city(g) for g in dict.fromkeys(ids.split())), 1.0, (),
                             kind="city"))
        alt = self.gaz.city_altnames.get(key)
        if alt:
            places = tuple(city(g) for g in dict.fromkeys(alt.split()))
            out.append(Match(places, 0.9, (f"{raw.strip()} is an alternate name (GeoNames)",),
                             kind="alias"))
        return out

    def city(self, raw: str, key: str) -> Match | None:
        """The first tier of :meth:`cities` (main names, else alternate names), or None."""
        found = self.cities(raw, key)
        return found[0] if found else None

    # ------------------------------------------------------------ the answer
    def finish(self, query: str, best: Match, others: Sequence[Match]) -> GeocodeResult:
        """The answer from the best tier, with its rivals; the other places are named in a note.

        One candidate: resolved. Several: ambiguous, most populous first, unless
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
        rivals: list[Place] = []
        shadowed: list[Place] = []
        seen = {id(p) for p in cands}
        for t in others:
            fresh = [p for p in t.places if id(p) not in seen]
            seen.update(id(p) for p in fresh)
            joined = [p for p in fresh if is_rival(best, t.kind, p, self.within)]
            if joined and t.kind in ("commune", "former"):  # homonyms stay together
                joined = [p for p in fresh if not any(
                    self.within(p, b) or self.within(b, p) for b in places)]
            rivals += joined
            shadowed += [p for p in fresh if p not in joined]
            notes += [n for n in t.notes if any(p.label in n for p in joined)]
        if rivals:
            cands = ranked(cands + rivals)
            rank = None
        if shadowed:
            shown = ", ".join(p.label for p in shadowed[:5])
            more = f" and {len(shadowed) - 5} more" if len(shadowed) > 5 else ""
            notes.append(f"also matches {shown}{more}: add a qualifier to choose it")
            all_cands = tuple(cands + shadowed)
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
        former = best.former + tuple(f for t in others for f in t.former)
        return fast_result(query, None, all_cands, True, best.score, tuple(notes),
                           former_names=_resolvable_former(former, cands) if former else ())


def _resolvable_former(former: tuple[tuple[str, str], ...],
                       cands: Sequence[Place]) -> tuple[tuple[str, str], ...]:
    """The (code, former name) pairs whose qualifier would resolve: "Évry (91)" only resolves
    if no other candidate is in that department."""
    deps = [department_of(c.code) for c in cands if c.precision == "commune"]
    return tuple(f for f in former if deps.count(department_of(f[0])) == 1)
